//! A real OpenID provider for the login tests: the certified `oidc-provider` from npm, run by
//! tests/oidc/provider.mjs on loopback.

use super::{Browser, Page};

/// A running provider, stopped when dropped.
pub struct OidcProvider {
    pub port: u16,
    child: std::process::Child,
    config: tempfile::NamedTempFile,
    clients: Vec<serde_json::Value>,
}

fn required() -> bool {
    std::env::var("MEDSPIL_REQUIRE_OIDC").is_ok_and(|v| v == "1")
}

/// A port nothing listens on yet, for a provider the server must be told of before it starts.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port()
}

impl OidcProvider {
    /// Starts a provider on `port` with one client per `(client_id, redirect_uri)` (the secret
    /// is `secret-<client_id>`) and the `accounts` one may log in as (see provider.mjs), or
    /// `None` (announced loudly) when Node.js or the npm package is missing and not required.
    pub async fn start(
        port: u16,
        clients: &[(&str, String)],
        accounts: serde_json::Value,
    ) -> Option<OidcProvider> {
        let clients: Vec<serde_json::Value> = clients
            .iter()
            .map(|(id, redirect)| {
                serde_json::json!({
                    "client_id": id,
                    "client_secret": format!("secret-{id}"),
                    "redirect_uris": [redirect],
                })
            })
            .collect();
        let config = tempfile::NamedTempFile::new().expect("temp file");
        let json = serde_json::json!({"port": port, "clients": clients, "accounts": accounts});
        std::fs::write(config.path(), json.to_string()).expect("config written");
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/oidc/provider.mjs");
        let started = std::process::Command::new("node")
            .arg(script)
            .arg(config.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn();
        let mut child = match started {
            Ok(child) => child,
            Err(e) => return OidcProvider::missing(&e.to_string()),
        };
        match super::listening(&mut child, port, "provider.mjs").await {
            Ok(()) => Some(OidcProvider {
                port,
                child,
                config,
                clients,
            }),
            Err(why) => OidcProvider::missing(&why),
        }
    }

    fn missing(why: &str) -> Option<OidcProvider> {
        if required() {
            panic!(
                "an OpenID provider is required (MEDSPIL_REQUIRE_OIDC=1) but could not start: {why}"
            );
        }
        eprintln!("\n!!! SKIPPED: no OpenID provider ({why}); npm ci --prefix tests/oidc !!!\n");
        None
    }

    /// Changes who may log in, and with what claims, from the next login on (as when an
    /// administrator takes someone out of a group).
    pub fn set_accounts(&self, accounts: serde_json::Value) {
        let json =
            serde_json::json!({"port": self.port, "clients": self.clients, "accounts": accounts});
        std::fs::write(self.config.path(), json.to_string()).expect("config written");
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Browser {
    /// Starts a login at `start` (a path of Medspil's that sends the browser to the provider),
    /// logs in at the provider as `account` (unless the provider remembers the browser), and
    /// returns the address the provider sends the
    /// browser back to (Medspil's callback, not yet followed).
    pub async fn through_provider(&self, start: Page, account: &str) -> String {
        assert_eq!(start.status, 303, "{}", start.body);
        let mut to = start.location.expect("sent to the provider");
        // To the provider's login page, unless the browser is logged in there already.
        loop {
            if to.starts_with(&self.base) {
                return to[self.base.len()..].to_string();
            }
            let r = self.client.get(&to).send().await.expect("provider");
            let status = r.status().as_u16();
            let next = r
                .headers()
                .get("location")
                .map(|l| l.to_str().unwrap().to_string());
            match next {
                Some(next) => to = absolute(&to, &next),
                None => {
                    let body = r.text().await.unwrap();
                    assert_eq!(status, 200, "the provider's login page: {body}");
                    break;
                }
            }
        }
        // Logged in there, back through its redirects to Medspil.
        let mut r = self
            .client
            .post(&to)
            .form(&[("account", account)])
            .send()
            .await
            .expect("provider login");
        loop {
            let next = r
                .headers()
                .get("location")
                .map(|l| absolute(&to, l.to_str().unwrap()));
            let Some(next) = next else {
                panic!(
                    "the provider did not send the browser back: {}",
                    r.text().await.unwrap()
                );
            };
            if next.starts_with(&self.base) {
                return next[self.base.len()..].to_string();
            }
            to = next;
            r = self.client.get(&to).send().await.expect("provider");
        }
    }

    /// Logs in through the provider as `account`, from `start`, and follows the way back.
    pub async fn log_in_through(&self, start: &str, account: &str) -> Page {
        let started = self.get(start).await;
        let back = self.through_provider(started, account).await;
        self.get(&back).await
    }
}

fn absolute(from: &str, location: &str) -> String {
    if location.starts_with("http") {
        return location.to_string();
    }
    let origin_end = from[8..].find('/').map_or(from.len(), |i| i + 8);
    format!("{}{location}", &from[..origin_end])
}
