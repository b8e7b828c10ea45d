//! A real SMTP server for the tests that send mail.

/// A real SMTP server (aiosmtpd from PyPI, with the handler in tests/mail/capture.py) that
/// keeps every message it receives; stopped when dropped.
pub struct MailServer {
    pub port: u16,
    dir: tempfile::TempDir,
    child: std::process::Child,
}

fn smtp_required() -> bool {
    std::env::var("MEDSPIL_REQUIRE_SMTP").is_ok_and(|v| v == "1")
}

impl MailServer {
    /// Starts one, or `None` (announced loudly) when aiosmtpd is missing and not required.
    pub async fn start() -> Option<MailServer> {
        let dir = tempfile::tempdir().expect("temp dir");
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let started = std::process::Command::new("python3")
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "capture.Capture",
            ])
            .arg(dir.path())
            .env(
                "PYTHONPATH",
                concat!(env!("CARGO_MANIFEST_DIR"), "/tests/mail"),
            )
            .stdout(std::process::Stdio::null())
            .spawn();
        let mut child = match started {
            Ok(child) => child,
            Err(e) => return MailServer::missing(&e.to_string()),
        };
        match super::listening(&mut child, port, "aiosmtpd").await {
            Ok(()) => Some(MailServer { port, dir, child }),
            Err(why) => MailServer::missing(&why),
        }
    }

    fn missing(why: &str) -> Option<MailServer> {
        if smtp_required() {
            panic!(
                "an SMTP server is required (MEDSPIL_REQUIRE_SMTP=1) but could not start: {why}"
            );
        }
        eprintln!(
            "\n!!! SKIPPED: no SMTP server ({why}); pip install -r tests/mail/requirements.txt !!!\n"
        );
        None
    }

    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Where each message received is kept as a JSON file (tests/mail/capture.py).
    pub fn dir(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// Every message received so far.
    pub fn messages(&self) -> Vec<serde_json::Value> {
        let mut out = Vec::new();
        for entry in std::fs::read_dir(self.dir.path())
            .expect("mail dir")
            .flatten()
        {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "json") {
                let text = std::fs::read_to_string(&path).expect("message");
                out.push(serde_json::from_str(&text).expect("message JSON"));
            }
        }
        out
    }

    /// Waits until at least `n` messages have arrived (at most 15 s), then returns them all.
    pub async fn wait_for(&self, n: usize) -> Vec<serde_json::Value> {
        for _ in 0..300 {
            let got = self.messages();
            if got.len() >= n {
                return got;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        let got = self.messages();
        panic!("expected {n} messages, got {}: {got:?}", got.len());
    }
}

impl Drop for MailServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A server with the demo data that sends its mail to a fresh SMTP server.
pub async fn app_with_mail(engine: super::Engine) -> Option<(super::TestApp, MailServer)> {
    let mail = MailServer::start().await?;
    let url = mail.url();
    let app = super::TestApp::start_configured(engine, |c| {
        c.smtp_url = Some(url);
        c.mail_poll_ms = 50;
        c.public_url = Some("http://medspil.test".into());
        // Digests only when a test asks for them.
        c.digest_hour = 24;
    })
    .await?;
    medspil::demo::load(&app.db).await.expect("demo data loads");
    Some((app, mail))
}
