//! What an operator sees: request ids in the logs, the access line, metrics for Prometheus, and
//! a panic that becomes the error page instead of a dropped connection.

use crate::on_both_engines;
use crate::support::*;
use medspil::platform::db;

#[tokio::test]
async fn a_request_keeps_its_id_in_the_answer_and_in_every_log_line_it_causes() {
    let app = TestApp::start(Engine::Sqlite).await.unwrap();
    let node = app
        .serve_process_with(
            &["--log-format", "json"],
            &[("MEDSPIL_LOG", "medspil=debug")],
        )
        .await;
    let client = reqwest::Client::new();
    // A path the router matches but whose id is not a number: rejected before any handler,
    // which logs why at debug level, inside the request.
    let rejected = client
        .get(format!("{}/initiatives/abc", node.base))
        .header("x-request-id", "trace-me-42")
        .send()
        .await
        .unwrap();
    assert_eq!(rejected.status(), 400);
    assert_eq!(rejected.headers()["x-request-id"], "trace-me-42");

    let made = client.get(format!("{}/", node.base)).send().await.unwrap();
    let other = client.get(format!("{}/", node.base)).send().await.unwrap();
    let id = made.headers()["x-request-id"].to_str().unwrap().to_string();
    assert_eq!(id.len(), 16, "a new id is made: {id}");
    assert_ne!(id, other.headers()["x-request-id"].to_str().unwrap());
    let unfit = client
        .get(format!("{}/", node.base))
        .header("x-request-id", "a\tb")
        .send()
        .await
        .unwrap();
    assert_eq!(
        unfit.headers()["x-request-id"].len(),
        16,
        "an unfit id is replaced"
    );

    let mut lines: Vec<serde_json::Value> = Vec::new();
    for _ in 0..50 {
        lines = node
            .logs()
            .iter()
            .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
            .filter(|l| l["span"]["request_id"] == "trace-me-42")
            .collect();
        if lines.iter().any(|l| l["fields"]["message"] == "answered") {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    let messages: Vec<&str> = lines
        .iter()
        .filter_map(|l| l["fields"]["message"].as_str())
        .collect();
    assert!(
        messages.contains(&"request rejected") && messages.contains(&"answered"),
        "both the rejection and the access line carry the id: {lines:?}"
    );
    let access = lines
        .iter()
        .find(|l| l["fields"]["message"] == "answered")
        .unwrap();
    assert_eq!(access["fields"]["status"], 400);
    assert!(access["fields"]["latency_ms"].as_f64().is_some());
    assert_eq!(access["span"]["method"], "GET");
    assert_eq!(access["span"]["route"], "/initiatives/{id}");
    assert!(
        !node.logs().iter().any(|l| l.contains("/initiatives/abc")),
        "the route is logged, not the path as typed"
    );
}

on_both_engines! {
    async fn metrics_answer_in_prometheus_text_format_by_route_and_status(app) {
        let b = app.browser();
        b.get("/initiatives").await;
        b.get("/initiatives").await;
        assert_eq!(b.get("/initiatives/999999").await.status, 404);

        let scrape = reqwest::get(app.url("/metrics")).await.unwrap();
        assert_eq!(scrape.status(), 200);
        assert!(scrape.headers()["content-type"].to_str().unwrap().starts_with("application/openmetrics-text"));
        let text = scrape.text().await.unwrap();
        assert!(text.ends_with("# EOF\n"), "{text}");
        let Some(families) = read_metrics(&text) else { return };

        let requests = &families["medspil_http_requests"];
        assert_eq!(requests["type"], "counter");
        let count = |route: &str, status: &str| -> f64 {
            requests["samples"].as_array().unwrap().iter()
                .filter(|s| s["labels"]["route"] == route && s["labels"]["status"] == status && s["labels"]["method"] == "GET")
                .map(|s| s["value"].as_f64().unwrap())
                .sum()
        };
        assert_eq!(count("/initiatives", "200"), 2.0);
        assert_eq!(count("/initiatives/{id}", "404"), 1.0);

        let latency = &families["medspil_http_request_duration_seconds"];
        assert_eq!(latency["type"], "histogram");
        let all = latency["samples"].as_array().unwrap().iter().find(|s| {
            s["name"] == "medspil_http_request_duration_seconds_bucket"
                && s["labels"]["route"] == "/initiatives" && s["labels"]["le"] == "+Inf"
        });
        assert_eq!(all.unwrap()["value"], 2.0);

        let pool = &families["medspil_db_pool_connections"]["samples"];
        assert!(pool.as_array().unwrap().iter().any(|s| s["labels"]["state"] == "idle"));
        assert!(families["medspil_db_pool_max_connections"]["samples"][0]["value"].as_f64().unwrap() >= 1.0);
        assert!(families["medspil_mail_outbox_waiting"]["samples"][0]["value"].as_f64().is_some());
        assert!(families["medspil_mail_outbox_oldest_age_seconds"]["samples"][0]["value"].as_f64().is_some());
    }
}

on_both_engines! {
    async fn the_outbox_depth_counts_mail_waiting_to_be_sent_and_the_oldest_age(app) {
        let before: i64 = db::query_scalar("SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL")
            .fetch_one(app.db.pool()).await.unwrap();
        let t = medspil::platform::time::now();
        for (key, age, sent) in [("test:old", 600, None), ("test:new", 5, None), ("test:sent", 900, Some(t))] {
            db::query("INSERT INTO mail_outbox (dedupe_key, to_address, subject, body, created_at, send_after, sent_at) VALUES ($1, 'a@example.dk', 's', 'b', $2, $2, $3)")
                .bind(key).bind(t - age).bind(sent)
                .execute(app.db.pool()).await.unwrap();
        }
        let text = reqwest::get(app.url("/metrics")).await.unwrap().text().await.unwrap();
        let Some(families) = read_metrics(&text) else { return };
        let value = |name: &str| families[name]["samples"][0]["value"].as_f64().unwrap();
        assert_eq!(value("medspil_mail_outbox_waiting"), (before + 2) as f64);
        let age = value("medspil_mail_outbox_oldest_age_seconds");
        assert!((600.0..900.0).contains(&age), "the oldest unsent mail: {age}");
    }
}

#[tokio::test]
async fn metrics_are_only_for_a_scraper_on_this_machine_or_with_the_token() {
    let open = TestApp::start_configured(Engine::Sqlite, |c| c.behind_proxy = true)
        .await
        .unwrap();
    let through_proxy = reqwest::Client::new()
        .get(open.url("/metrics"))
        .header("x-forwarded-for", "203.0.113.7")
        .send()
        .await
        .unwrap();
    assert_eq!(through_proxy.status(), 403, "a visitor through the proxy");

    let guarded = TestApp::start_configured(Engine::Sqlite, |c| {
        c.metrics_token = Some("s3cret-scrape".into())
    })
    .await
    .unwrap();
    let client = reqwest::Client::new();
    let without = client.get(guarded.url("/metrics")).send().await.unwrap();
    assert_eq!(without.status(), 403);
    let wrong = client
        .get(guarded.url("/metrics"))
        .bearer_auth("guess")
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 403);
    let with = client
        .get(guarded.url("/metrics"))
        .bearer_auth("s3cret-scrape")
        .send()
        .await
        .unwrap();
    assert_eq!(with.status(), 200);
}

async fn boom() -> &'static str {
    panic!("a bug")
}

#[tokio::test]
async fn a_panic_becomes_the_error_page_and_the_server_goes_on() {
    use axum::routing::get;
    let app = TestApp::start(Engine::Sqlite).await.unwrap();
    let config = medspil::platform::config::Config::new(app.addr, app.database_url());
    let state = medspil::platform::web::AppState::new(app.db.clone(), config);
    let routes = axum::Router::new()
        .route("/boom", get(boom))
        .route("/api/v1/boom", get(boom))
        .route("/fine", get(|| async { "fine" }));
    let router = medspil::with_platform_layers(routes, state);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        axum::serve(
            listener,
            router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
        )
        .await
    });

    let page = reqwest::get(format!("{base}/boom")).await.unwrap();
    assert_eq!(page.status(), 500);
    assert!(page.headers().contains_key("x-request-id"));
    let body = page.text().await.unwrap();
    assert!(body.contains("Der skete en fejl hos os"), "{body}");
    assert!(!body.contains("a bug"), "the panic's text stays in the log");

    let api = reqwest::get(format!("{base}/api/v1/boom")).await.unwrap();
    assert_eq!(api.status(), 500);
    let error: serde_json::Value = api.json().await.unwrap();
    assert_eq!(error["error"]["code"], "internal");

    let after = reqwest::get(format!("{base}/fine")).await.unwrap();
    assert_eq!(after.text().await.unwrap(), "fine");
}
