//! The platform: health, security headers, CSRF, languages, errors.

use crate::on_both_engines;
use crate::support::*;
use medspil::platform::db;

on_both_engines! {
    async fn health_and_readiness_answer(app) {
        let b = app.browser();
        assert_eq!(b.get("/healthz").await.body, "ok");
        let ready = b.get("/readyz").await;
        assert_eq!((ready.status, ready.body.as_str()), (200, "ready"));
    }
}

on_both_engines! {
    async fn pages_carry_security_headers(app) {
        let r = reqwest::get(app.url("/")).await.unwrap();
        let h = r.headers();
        assert!(h["content-security-policy"].to_str().unwrap().contains("default-src 'self'"));
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["x-frame-options"], "DENY");
        let cookie = h["set-cookie"].to_str().unwrap();
        assert!(cookie.starts_with("medspil_csrf=") && cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
    }
}

on_both_engines! {
    async fn a_form_without_its_csrf_token_is_refused_and_changes_nothing(app) {
        let b = app.browser();
        b.get("/register").await;
        let forged = b.post("/register", &[("name", "Mallory"), ("email", "m@example.org"), ("password", "en lang adgangskode")]).await;
        assert_eq!(forged.status, 403);
        assert!(forged.body.contains("Formularen var udløbet"), "explains in Danish");
        let wrong = b.post("/register", &[("csrf", &"0".repeat(64)), ("name", "Mallory"), ("email", "m@example.org"), ("password", "en lang adgangskode")]).await;
        assert_eq!(wrong.status, 403);
        let n: i64 = db::query_scalar("SELECT COUNT(*) FROM users WHERE email = 'm@example.org'").fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(n, 0);
    }
}

on_both_engines! {
    async fn language_follows_the_browser_and_the_switch(app) {
        let english = reqwest::Client::new().get(app.url("/initiatives")).header("accept-language", "en-GB,en;q=0.9").send().await.unwrap();
        let body = english.text().await.unwrap();
        assert!(body.contains("<html lang=\"en\">") && body.contains("Initiatives"));

        let b = app.browser();
        assert!(b.get("/initiatives").await.body.contains("<html lang=\"da\">"));
        let switched = b.get("/lang/en?back=/initiatives").await;
        assert_eq!((switched.status, switched.location.as_deref()), (303, Some("/initiatives")));
        assert!(b.get("/initiatives").await.body.contains("<html lang=\"en\">"));
        let outside = b.get("/lang/da?back=//evil.example").await;
        assert_eq!(outside.location.as_deref(), Some("/"), "never redirects off-site");
    }
}

on_both_engines! {
    async fn unknown_pages_and_records_get_a_clear_404(app) {
        let b = app.browser();
        let page = b.get("/initiatives/999999").await;
        assert_eq!(page.status, 404);
        assert!(page.body.contains("findes ikke"));
        let bad_id = b.get("/initiatives/abc").await;
        assert_eq!(bad_id.status, 400);
        let api = reqwest::get(app.url("/api/v1/initiatives/999999")).await.unwrap();
        assert_eq!(api.status(), 404);
        let body: serde_json::Value = api.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_found");
    }
}

#[tokio::test]
async fn migrations_run_twice_without_harm() {
    let app = TestApp::start(Engine::Sqlite).await.unwrap();
    assert!(
        app.db.migrate().await.unwrap().is_empty(),
        "nothing left to apply"
    );
    if let Some(pg) = TestApp::start(Engine::Postgres).await {
        assert!(pg.db.migrate().await.unwrap().is_empty());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_visitors_may_see_a_page_a_moment_old_but_people_see_their_own_changes() {
    let app = TestApp::start_configured(Engine::Sqlite, |c| c.page_cache_ms = 400)
        .await
        .unwrap();
    medspil::demo::load(&app.db).await.unwrap();
    let token = api_token(&app, "jeppe@example.dk", medspil::demo::PASSWORD).await;
    let search = app.url("/api/v1/initiatives?q=strikkeklub");
    let count = |body: serde_json::Value| body["items"].as_array().unwrap().len();
    let anonymous = || async { count(reqwest::get(&search).await.unwrap().json().await.unwrap()) };
    assert_eq!(anonymous().await, 0);

    let c = reqwest::Client::new();
    let created = c
        .post(app.url("/api/v1/initiatives"))
        .bearer_auth(&token)
        .json(&serde_json::json!({"title": "Strikkeklub", "purpose": "Vi strikker sammen", "theme": "culture",
            "stage": "co_creation", "commitment": "non_binding", "leadership_mode": "facilitating"}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    let own: serde_json::Value = c
        .get(&search)
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(count(own), 1, "the author sees it at once");
    assert_eq!(
        anonymous().await,
        0,
        "an anonymous visitor may get the page from a moment ago"
    );
    tokio::time::sleep(std::time::Duration::from_millis(450)).await;
    assert_eq!(
        anonymous().await,
        1,
        "and sees it once the moment has passed"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn over_https_cookies_are_secure_and_host_bound() {
    let app = TestApp::start_configured(Engine::Sqlite, |c| {
        c.public_url = Some("https://medspil.example".into())
    })
    .await
    .unwrap();
    let r = reqwest::get(app.url("/")).await.unwrap();
    let cookie = r.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cookie.starts_with("__Host-medspil_csrf=")
            && cookie.contains("; Secure")
            && cookie.contains("Path=/"),
        "{cookie}"
    );
    assert!(
        r.headers()["strict-transport-security"]
            .to_str()
            .unwrap()
            .contains("max-age=")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_input_gets_a_clear_answer_never_a_500() {
    for engine in [Engine::Sqlite, Engine::Postgres] {
        let Some(app) = TestApp::with_demo(engine).await else {
            continue;
        };
        let b = app.browser();
        for path in [
            "/initiatives?neighbourhood=%00&q=gr%C3%B8n%00",
            "/initiatives?page=461168601842738792",
            "/api/v1/initiatives?q=%00",
            "/actors?q=%00&page=99999999999",
            "/lang/en?back=/%09/evil.example",
        ] {
            let page = b.get(path).await;
            assert!(page.status < 500, "{engine:?} {path}: {}", page.status);
        }
        let deep = b.get("/lang/en?back=/%09/evil.example").await;
        assert_eq!(deep.location.as_deref(), Some("/"));
        let api = reqwest::get(app.url("/api/v1/initiatives?page=461168601842738792"))
            .await
            .unwrap();
        assert_eq!(api.status(), 400);
        let nul_login = b.login("jeppe@example.dk\u{0}", "x").await;
        assert_eq!(nul_login.status, 422, "{engine:?}");
        b.register("Nul", "nul@example.org").await;
        let me: i64 =
            db::query_scalar("SELECT person_id FROM users WHERE email = 'nul@example.org'")
                .fetch_one(app.db.pool())
                .await
                .unwrap();
        let form = b
            .submit(
                "/initiatives/new",
                "/initiatives",
                &[
                    ("title", "Nul\u{0}byte"),
                    ("purpose", "x"),
                    ("theme", "culture"),
                    ("started_by", &me.to_string()),
                    ("stage", "co_creation"),
                    ("commitment", "non_binding"),
                    ("leadership_mode", "facilitating"),
                ],
            )
            .await;
        assert_eq!(form.status, 422, "{engine:?}");
        assert!(
            form.body.contains("invisible control characters"),
            "the switch chose English"
        );
    }
}

on_both_engines! {
    async fn two_nodes_on_one_database_share_sessions_and_data(app) {
        let other = app.second_node().await;
        // Log in on the first node, then continue on the second with the same cookies.
        let b = app.browser();
        b.login("jeppe@example.dk", medspil::demo::PASSWORD).await;
        let on_second = b.client.get(other.url("/initiatives/new")).send().await.unwrap();
        assert_eq!(on_second.status(), 200, "the session made on one node is valid on the other");
        let csrf_page = on_second.text().await.unwrap();
        let marker = "name=\"csrf\" value=\"";
        let start = csrf_page.find(marker).unwrap() + marker.len();
        let csrf = &csrf_page[start..start + 64];
        let me: i64 = db::query_scalar("SELECT person_id FROM users WHERE email = 'jeppe@example.dk'").fetch_one(app.db.pool()).await.unwrap();
        let created = b
            .client
            .post(other.url("/initiatives"))
            .form(&[("csrf", csrf), ("title", "Kvittering fra node to"), ("purpose", "Ses på node et"), ("theme", "culture"),
                ("started_by", &me.to_string()), ("stage", "co_creation"), ("commitment", "non_binding"), ("leadership_mode", "facilitating")])
            .send()
            .await
            .unwrap();
        assert_eq!(created.status(), 303);
        let path = created.headers()["location"].to_str().unwrap().to_string();
        assert!(b.get(&path).await.body.contains("Kvittering fra node to"), "the first node serves what the second stored");
    }
}

/// A request's statements on PostgreSQL share one connection, so those it awaits together go
/// out together; it gives the connection back before it begins a transaction, so requests
/// waiting for one cannot hold every connection between them (here: a pool of one).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_requests_statements_share_one_postgresql_connection() {
    let Some(app) = TestApp::start(Engine::Postgres).await else {
        return;
    };
    let db = db::Db::connect(app.database_url(), Some(1)).await.unwrap();
    let backend = |db: db::Db| async move {
        db::query_scalar::<i64>("SELECT CAST(pg_backend_pid() AS BIGINT)")
            .fetch_one(db.pool())
            .await
    };
    let started = std::time::Instant::now();
    db::in_one_snapshot(async {
        let (a, b) = tokio::try_join!(backend(db.clone()), backend(db.clone())).unwrap();
        assert_eq!(a, b, "statements awaited together run on one connection");
        let mut tx = db
            .begin()
            .await
            .expect("the request's connection was given back");
        let in_tx: i64 = db::query_scalar("SELECT CAST(pg_backend_pid() AS BIGINT)")
            .fetch_one(&mut *tx)
            .await
            .unwrap();
        assert_eq!(
            in_tx, a,
            "the pool's one connection, given back and taken again"
        );
        tx.commit().await.unwrap();
        assert_eq!(backend(db.clone()).await.unwrap(), a);
    })
    .await;
    assert!(
        started.elapsed() < std::time::Duration::from_secs(5),
        "nothing waited for the pool"
    );
}

/// A request's reads on SQLite share one read transaction: they see one state of the database
/// while another request writes, and a write of its own ends it, so it reads what it wrote.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_requests_reads_see_one_state_and_its_own_writes() {
    let app = TestApp::start(Engine::Sqlite).await.unwrap();
    let db = app.db.clone();
    let count = |db: db::Db| async move {
        db::query_scalar::<i64>("SELECT COUNT(*) FROM rate_events")
            .fetch_one(db.pool())
            .await
            .unwrap()
    };
    let insert = |db: db::Db| async move {
        db::query("INSERT INTO rate_events (bucket, at) VALUES ('snapshot', 0)")
            .execute(db.pool())
            .await
            .unwrap();
    };
    db::in_one_snapshot(async {
        assert_eq!(count(db.clone()).await, 0);
        // Another request writes meanwhile.
        tokio::spawn(insert(db.clone())).await.unwrap();
        assert_eq!(
            count(db.clone()).await,
            0,
            "one state for the whole request"
        );
        insert(db.clone()).await;
        assert_eq!(
            count(db.clone()).await,
            2,
            "its own write ends the snapshot"
        );
    })
    .await;
    assert_eq!(count(db.clone()).await, 2);
}
