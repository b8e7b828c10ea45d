//! Test support: start Medspil on a fresh database, and a browser-like HTTP client.

use medspil::platform::config::Config;
use medspil::platform::db::{self, Db};
use std::net::SocketAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use tokio::sync::oneshot;

mod browser;
mod load;
mod mail;
mod oidc;
pub use browser::{Browser, Page};
pub use load::{TipLoad, medspil};
pub use mail::{MailServer, app_with_mail};
pub use oidc::{OidcProvider, free_port};

/// Waits until a server the tests started (`what`) listens on `port`; why not, when it exits or
/// does not start listening within ten seconds (and then it is stopped).
pub async fn listening(
    child: &mut std::process::Child,
    port: u16,
    what: &str,
) -> Result<(), String> {
    for _ in 0..200 {
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_ok()
        {
            return Ok(());
        }
        if let Ok(Some(status)) = child.try_wait() {
            return Err(format!("{what} exited with {status}"));
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let _ = child.kill();
    Err(format!("{what} did not start listening"))
}

pub const PG_ADMIN_URL: &str = "postgres://postgres@127.0.0.1:5432/test";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// A running server on a fresh database, stopped (and its database removed) when dropped.
pub struct TestApp {
    pub addr: SocketAddr,
    pub db: Db,
    database_url: String,
    stop: Option<oneshot::Sender<()>>,
    _dir: Option<tempfile::TempDir>,
    schema: Option<String>,
}

static COUNTER: AtomicU64 = AtomicU64::new(0);

fn unique_name() -> String {
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    format!(
        "t_{}_{}_{}",
        std::process::id(),
        n,
        medspil::platform::time::now()
    )
}

/// Whether PostgreSQL tests must run: `MEDSPIL_REQUIRE_PG=1` turns a missing server into a
/// failure instead of a skip.
fn pg_required() -> bool {
    std::env::var("MEDSPIL_REQUIRE_PG").is_ok_and(|v| v == "1")
}

impl TestApp {
    /// Starts a server with the demo data loaded, or `None` when PostgreSQL is unreachable and
    /// not required (the skip is announced loudly).
    pub async fn with_demo(engine: Engine) -> Option<TestApp> {
        let app = TestApp::start(engine).await?;
        medspil::demo::load(&app.db).await.expect("demo data loads");
        Some(app)
    }

    pub async fn start(engine: Engine) -> Option<TestApp> {
        TestApp::start_configured(engine, |_| {}).await
    }

    /// Starts a server whose configuration `configure` may change first.
    pub async fn start_configured(
        engine: Engine,
        configure: impl FnOnce(&mut Config),
    ) -> Option<TestApp> {
        let (url, dir, schema) = match engine {
            Engine::Sqlite => {
                let dir = tempfile::tempdir().expect("temp dir");
                let url = format!("sqlite://{}", dir.path().join("medspil.db").display());
                (url, Some(dir), None)
            }
            Engine::Postgres => {
                let schema = unique_name();
                match create_schema(&schema).await {
                    Ok(()) => {}
                    Err(e) if !pg_required() => {
                        eprintln!(
                            "\n!!! SKIPPED: PostgreSQL at {PG_ADMIN_URL} is unreachable ({e}); set MEDSPIL_REQUIRE_PG=1 to fail instead !!!\n"
                        );
                        return None;
                    }
                    Err(e) => {
                        panic!("PostgreSQL is required (MEDSPIL_REQUIRE_PG=1) but unreachable: {e}")
                    }
                }
                let url = format!("{PG_ADMIN_URL}?options=-c%20search_path%3D{schema}");
                (url, None, Some(schema))
            }
        };
        let (addr, db, stop) = spawn_server(&url, configure).await;
        Some(TestApp {
            addr,
            db,
            database_url: url,
            stop: Some(stop),
            _dir: dir,
            schema,
        })
    }

    /// Another `medspil serve` on the same database, as a second node behind a load balancer.
    pub async fn second_node(&self) -> TestApp {
        self.second_node_configured(|_| {}).await
    }

    pub async fn second_node_configured(&self, configure: impl FnOnce(&mut Config)) -> TestApp {
        let (addr, db, stop) = spawn_server(&self.database_url, configure).await;
        TestApp {
            addr,
            db,
            database_url: self.database_url.clone(),
            stop: Some(stop),
            _dir: None,
            schema: None,
        }
    }

    /// The database this server runs on, for the `medspil` command run beside it.
    pub fn database_url(&self) -> &str {
        &self.database_url
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Waits until every notice kept so far has been told (the worker tells them after the
    /// response), as someone opening their inbox a moment later would find them.
    pub async fn notices_told(&self) {
        for _ in 0..3000 {
            let waiting: i64 = db::query_scalar("SELECT COUNT(*) FROM notice_fanouts")
                .fetch_one(self.db.pool())
                .await
                .expect("notices waiting");
            if waiting == 0 {
                return;
            }
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
        }
        panic!("notices were still waiting to be told after 30 s");
    }

    /// A separate `medspil serve` process on the same database: the real binary, as a node of
    /// its own behind a load balancer. Killed when dropped.
    pub async fn serve_process(&self) -> ServeProcess {
        self.serve_process_with(&[], &[("MEDSPIL_LOG", "warn")])
            .await
    }

    /// A `medspil serve` process with these extra flags and environment; what it logs is kept
    /// (see [`ServeProcess::logs`]).
    pub async fn serve_process_with(&self, args: &[&str], env: &[(&str, &str)]) -> ServeProcess {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let log = tempfile::NamedTempFile::new().expect("log file");
        let child = std::process::Command::new(env!("CARGO_BIN_EXE_medspil"))
            .args(["--database-url", &self.database_url])
            .args(["--addr", &format!("127.0.0.1:{port}")])
            .args(["--page-cache-ms", "0"])
            .args(args)
            .args(["serve", "--no-demo"])
            .envs(env.iter().copied())
            .stdout(std::process::Stdio::null())
            .stderr(log.reopen().expect("log file opens"))
            .spawn()
            .expect("medspil serve starts");
        let node = ServeProcess {
            child,
            base: format!("http://127.0.0.1:{port}"),
            log,
        };
        for _ in 0..200 {
            if let Ok(r) = reqwest::get(format!("{}/readyz", node.base)).await
                && r.status() == 200
            {
                return node;
            }
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        panic!("medspil serve at {} did not become ready", node.base);
    }

    /// A client that keeps cookies, like a browser with JavaScript turned off.
    pub fn browser(&self) -> Browser {
        self.browser_with(reqwest::header::HeaderMap::new())
    }

    /// A browser that sends these headers with every request (e.g. a proxy's X-Forwarded-For).
    pub fn browser_with(&self, headers: reqwest::header::HeaderMap) -> Browser {
        Browser {
            client: reqwest::Client::builder()
                .default_headers(headers)
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("client"),
            base: format!("http://{}", self.addr),
            db: self.db.clone(),
        }
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(schema) = self.schema.take() {
            // Best effort, on a thread of its own since Drop cannot await.
            let _ = std::thread::spawn(move || {
                let rt = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime");
                rt.block_on(async {
                    if let Ok(db) = Db::connect(PG_ADMIN_URL, Some(1)).await {
                        let _ = db::query(format!("DROP SCHEMA IF EXISTS {schema} CASCADE"))
                            .execute(db.pool())
                            .await;
                    }
                });
            })
            .join();
        }
    }
}

async fn spawn_server(
    url: &str,
    configure: impl FnOnce(&mut Config),
) -> (SocketAddr, Db, oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let mut config = Config::new(addr, url);
    config.db_max_connections = Some(8);
    configure(&mut config);
    let db = medspil::open_database(&config)
        .await
        .expect("database opens and migrates");
    let (stop, stopped) = oneshot::channel::<()>();
    let server_db = db.clone();
    tokio::spawn(async move {
        medspil::serve(server_db, config, listener, async {
            let _ = stopped.await;
        })
        .await
        .expect("server runs");
    });
    (addr, db, stop)
}

async fn create_schema(schema: &str) -> Result<(), db::Error> {
    let db = tokio::time::timeout(
        std::time::Duration::from_secs(5),
        Db::connect(PG_ADMIN_URL, Some(1)),
    )
    .await
    .map_err(|_| db::Error::PoolTimedOut)??;
    db::query(format!("CREATE SCHEMA {schema}"))
        .execute(db.pool())
        .await?;
    db.close().await;
    Ok(())
}

/// A `medspil serve` child process; see [`TestApp::serve_process`].
pub struct ServeProcess {
    child: std::process::Child,
    pub base: String,
    log: tempfile::NamedTempFile,
}

impl ServeProcess {
    /// The resident memory of the process now, in kB (`VmRSS`).
    pub fn resident_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .expect("the process is running");
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .expect("VmRSS in /proc")
    }

    /// What the process has logged so far, a line each.
    pub fn logs(&self) -> Vec<String> {
        std::fs::read_to_string(self.log.path())
            .expect("log readable")
            .lines()
            .map(String::from)
            .collect()
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Reads an iCalendar file with the `icalendar` package from PyPI, as a calendar app would;
/// `None` (announced) when it is missing and not required.
pub fn read_calendar(ics: &str) -> Option<serde_json::Value> {
    read_with_python("calendar", "icalendar", "MEDSPIL_REQUIRE_ICALENDAR", ics)
}

/// Reads a metrics scrape with Prometheus' own Python client (`prometheus-client` from PyPI),
/// as a scraper would; `None` (announced) when it is missing and not required.
pub fn read_metrics(text: &str) -> Option<serde_json::Value> {
    read_with_python(
        "metrics",
        "prometheus_client",
        "MEDSPIL_REQUIRE_METRICS",
        text,
    )
}

/// Runs `tests/{folder}/read.py` on `input` and reads the JSON it prints. `module` is the
/// package it needs: missing, the test is skipped loudly, or fails when `require` is set to 1.
fn read_with_python(
    folder: &str,
    module: &str,
    require: &str,
    input: &str,
) -> Option<serde_json::Value> {
    use std::io::Write;
    let mut child = std::process::Command::new("python3")
        .arg(format!(
            "{}/tests/{folder}/read.py",
            env!("CARGO_MANIFEST_DIR")
        ))
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("python3 runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if stderr.contains(&format!("No module named '{module}'")) {
        if std::env::var(require).is_ok_and(|v| v == "1") {
            panic!("{module} is required ({require}=1) but missing");
        }
        eprintln!("\n!!! SKIPPED: pip install -r tests/{folder}/requirements.txt !!!\n");
        return None;
    }
    assert!(
        out.status.success(),
        "{module} could not read it: {stderr}\n{input}"
    );
    Some(serde_json::from_slice(&out.stdout).unwrap())
}

/// `n` people with logins and API tokens, made directly in the database (registering through
/// the pages would spend most of a test hashing passwords). Returns (person id, token).
pub async fn people_with_tokens(app: &TestApp, n: usize) -> Vec<(i64, String)> {
    let t = medspil::platform::time::now();
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        let person: i64 = db::query_scalar(
            "INSERT INTO actors (kind, name, sort_name, created_at, updated_at) VALUES ('person', $1, $1, $2, $2) RETURNING id",
        )
        .bind(format!("Nabo {i:03}"))
        .bind(t)
        .fetch_one(app.db.pool())
        .await
        .expect("person");
        let user: i64 = db::query_scalar(
            "INSERT INTO users (email, password_hash, person_id, created_at, email_confirmed_at) VALUES ($1, 'no login', $2, $3, $3) RETURNING id",
        )
        .bind(format!("nabo{i}@example.dk"))
        .bind(person)
        .bind(t)
        .fetch_one(app.db.pool())
        .await
        .expect("user");
        let token = medspil::platform::auth::create_session(
            &app.db,
            user,
            "api",
            "",
            medspil::platform::auth::Assurance::Password,
        )
        .await
        .expect("token");
        out.push((person, token));
    }
    out
}

/// A JSON API client with a bearer token.
pub async fn api_token(app: &TestApp, email: &str, password: &str) -> String {
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/tokens"))
        .json(&serde_json::json!({"email": email, "password": password}))
        .send()
        .await
        .expect("token request");
    assert_eq!(r.status(), 201, "token for {email}");
    let body: serde_json::Value = r.json().await.expect("json");
    body["token"].as_str().expect("token").to_string()
}

/// Defines a test that runs once on SQLite and once on PostgreSQL, each on a fresh database.
#[macro_export]
macro_rules! on_both_engines {
    ($(#[$meta:meta])* async fn $name:ident($app:ident) $body:block) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            $(#[$meta])*
            async fn run($app: $crate::support::TestApp) $body

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                run($crate::support::TestApp::with_demo($crate::support::Engine::Sqlite).await.expect("sqlite starts")).await
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::support::TestApp::with_demo($crate::support::Engine::Postgres).await {
                    run(app).await
                }
            }
        }
    };
}

/// How many database statements the server has run for requests to `route` (as the router
/// names it, e.g. `/initiatives/{id}/needs`) with `method`, by its own count in the metrics.
pub async fn statements_run(app: &TestApp, method: &str, route: &str) -> f64 {
    let text = reqwest::get(app.url("/metrics"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let method = format!("method=\"{method}\"");
    let route = format!("route=\"{route}\"");
    text.lines()
        .filter(|l| l.starts_with("medspil_db_statements_total{"))
        .filter(|l| l.contains(&method) && l.contains(&route))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum()
}

/// The password of every demo login.
pub const DEMO_PASSWORD: &str = "medspil-demo";

/// The one value a query finds in the demo data.
pub async fn value_of<T: db::Decode>(app: &TestApp, sql: &str) -> T {
    db::query_scalar(sql.to_string())
        .fetch_one(app.db.pool())
        .await
        .expect("demo row")
}

/// The one number a query finds in the demo data.
pub async fn id_of(app: &TestApp, sql: &str) -> i64 {
    value_of(app, sql).await
}

/// A browser logged in as a demo person.
pub async fn logged_in(app: &TestApp, email: &str) -> Browser {
    let b = app.browser();
    assert_eq!(b.login(email, DEMO_PASSWORD).await.status, 303);
    b
}

/// Sends `body` to `path` (with `token`, when given) and reads the answer: its status and JSON.
pub async fn send(
    app: &TestApp,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: serde_json::Value,
) -> (u16, serde_json::Value) {
    let api = reqwest::Client::new();
    let mut request = api
        .request(method.parse().unwrap(), app.url(path))
        .json(&body);
    if let Some(token) = token {
        request = request.bearer_auth(token);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (
        status,
        response.json().await.unwrap_or(serde_json::Value::Null),
    )
}
