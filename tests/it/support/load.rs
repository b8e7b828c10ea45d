//! A write load from outside: clients posting tips to a server at once, and the `medspil`
//! command run beside it, for the tests of backups and of nodes that die.

use serde_json::json;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;
use tokio::sync::Mutex;

/// Four clients posting tips to the server at `base` until told to stop or until it stops
/// answering; the id of every tip it acknowledged (201), and when.
pub struct TipLoad {
    stop: Arc<AtomicBool>,
    acknowledged: Arc<Mutex<Vec<(i64, Instant)>>>,
    writers: Vec<tokio::task::JoinHandle<()>>,
}

impl TipLoad {
    pub fn start(base: &str, token: &str) -> TipLoad {
        let stop = Arc::new(AtomicBool::new(false));
        let acknowledged: Arc<Mutex<Vec<(i64, Instant)>>> = Arc::default();
        let writers = (0..4)
            .map(|w| {
                let (url, token) = (format!("{base}/api/v1/tips"), token.to_string());
                let (stop, acknowledged) = (stop.clone(), acknowledged.clone());
                tokio::spawn(async move {
                    let client = reqwest::Client::new();
                    for n in 0.. {
                        if stop.load(Ordering::Relaxed) {
                            return;
                        }
                        let body = json!({"category": "huller", "address": "Bruunsgade 12, 8000 Aarhus C",
                            "description": format!("Hul {w}-{n}"), "answers": {"surface": "road"}});
                        let sent = client.post(&url).bearer_auth(&token).json(&body).send().await;
                        // A server that is gone acknowledges nothing more.
                        let Ok(r) = sent else { return };
                        if r.status() != 201 {
                            return;
                        }
                        let Ok(tip) = r.json::<serde_json::Value>().await else { return };
                        let id = tip["id"].as_i64().expect("a tip's id");
                        acknowledged.lock().await.push((id, Instant::now()));
                    }
                })
            })
            .collect();
        TipLoad {
            stop,
            acknowledged,
            writers,
        }
    }

    /// Stops the clients (or waits for them to find the server gone): what was acknowledged.
    pub async fn finish(self) -> Vec<(i64, Instant)> {
        self.stop.store(true, Ordering::Relaxed);
        for w in self.writers {
            w.await.expect("a client ran");
        }
        self.acknowledged.lock().await.clone()
    }
}

/// Runs the `medspil` command on `database_url`: whether it succeeded, and what it printed.
pub fn medspil(database_url: &str, args: &[&str]) -> (bool, String) {
    let run = std::process::Command::new(env!("CARGO_BIN_EXE_medspil"))
        .arg("--database-url")
        .arg(database_url)
        .args(args)
        .env("MEDSPIL_LOG", "warn")
        .output()
        .expect("medspil runs");
    let said = String::from_utf8_lossy(&run.stdout) + String::from_utf8_lossy(&run.stderr);
    (run.status.success(), said.into_owned())
}
