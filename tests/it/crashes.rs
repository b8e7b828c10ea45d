//! A node killed under a write load loses nothing it acknowledged: the `medspil` server is run as
//! its own process, tips are posted to it from several clients at once, it is killed with
//! SIGKILL mid-load and started again on the same database, and every tip it answered 201 for is
//! there. On SQLite that is the durability settings' promise (WAL, `synchronous=normal`: a
//! commit is in the WAL before it is acknowledged); on PostgreSQL, the database's.

use crate::support::{DEMO_PASSWORD, Engine, TestApp, TipLoad, api_token};
use medspil::platform::db::{self, Db};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

/// `medspil serve` on `database_url`, on a free port; its address once it is ready.
async fn serve(database_url: &str) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_medspil"))
        .args([
            "--addr",
            "127.0.0.1:0",
            "--database-url",
            database_url,
            "serve",
            "--no-demo",
        ])
        .env("MEDSPIL_LOG", "warn")
        .stdout(Stdio::piped())
        .spawn()
        .expect("medspil starts");
    // Read to the end, so that the server never writes into a closed pipe.
    let lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let (said, heard) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            if let Some(base) = line.strip_prefix("Medspil is running on ") {
                let _ = said.send(base.to_string());
            }
        }
    });
    let base = tokio::task::spawn_blocking(move || heard.recv())
        .await
        .unwrap();
    if let Ok(base) = base {
        for _ in 0..200 {
            if reqwest::get(format!("{base}/readyz"))
                .await
                .is_ok_and(|r| r.status() == 200)
            {
                return (child, base);
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    panic!("the server never became ready");
}

async fn killed_under_load_keeps_every_acknowledged_write(engine: Engine) {
    let Some(app) = TestApp::with_demo(engine).await else {
        return;
    };
    let token = api_token(&app, "sofie@example.dk", DEMO_PASSWORD).await;
    let (mut node, base) = serve(app.database_url()).await;
    let load = TipLoad::start(&base, &token);
    tokio::time::sleep(std::time::Duration::from_millis(1500)).await;
    node.kill().expect("SIGKILL");
    node.wait().unwrap();
    let acknowledged: Vec<i64> = load.finish().await.into_iter().map(|(id, _)| id).collect();
    assert!(
        acknowledged.len() >= 10,
        "the load ran: {}",
        acknowledged.len()
    );

    // Started again on the same database, it has every tip it acknowledged.
    let (mut again, base) = serve(app.database_url()).await;
    let db = Db::connect(app.database_url(), None).await.unwrap();
    let ids: Vec<i64> = db::query_scalar("SELECT id FROM tips")
        .fetch_all(db.pool())
        .await
        .unwrap();
    let lost: Vec<&i64> = acknowledged.iter().filter(|id| !ids.contains(id)).collect();
    assert!(
        lost.is_empty(),
        "acknowledged, then lost when the node was killed: {lost:?}"
    );
    let last = acknowledged.iter().max().unwrap();
    let r = reqwest::get(format!("{base}/api/v1/tips/{last}"))
        .await
        .unwrap();
    assert_eq!(r.status(), 200, "the restarted node serves it");
    again.kill().unwrap();
    again.wait().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_sqlite_node_keeps_every_acknowledged_write() {
    killed_under_load_keeps_every_acknowledged_write(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_killed_postgresql_node_keeps_every_acknowledged_write() {
    killed_under_load_keeps_every_acknowledged_write(Engine::Postgres).await;
}

#[test]
fn the_durability_of_an_embedded_database_is_chosen_in_its_url() {
    let dir = tempfile::tempdir().unwrap();
    let at = |options: &str| {
        format!(
            "sqlite://{}?{options}",
            dir.path().join("medspil.db").display()
        )
    };
    let migrate = |url: String| {
        let run = Command::new(env!("CARGO_BIN_EXE_medspil"))
            .args(["--database-url", &url, "migrate"])
            .output()
            .unwrap();
        (
            run.status.success(),
            String::from_utf8_lossy(&run.stderr).into_owned(),
        )
    };
    assert!(migrate(at("synchronous=full")).0);
    let (ok, said) = migrate(at("synchronous=sometimes"));
    assert!(!ok && said.contains("use normal or full"), "{said}");
}
