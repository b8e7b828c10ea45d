//! A list costs as many database statements with thirty items on it as with three: each list
//! asks for its items' details at once, not once per item. Counted by the server itself
//! (`medspil_db_statements_total` in the metrics).

use crate::on_both_engines;
use crate::support::*;
use medspil::platform::db::{self, Engine};

/// Pages and API lists, each with the table whose rows it lists. The initiatives' API list asks
/// for a page that holds them all, so that it surely shows more once its rows are copied.
const LISTS: &[(&str, &str)] = &[
    ("/initiatives", "initiatives"),
    ("/actors", "actors"),
    ("/calls", "calls"),
    ("/events", "events"),
    ("/help", "needs"),
    ("/offers", "offers"),
    ("/pools", "pools"),
    ("/spaces", "spaces"),
    ("/tips", "tips"),
    ("/overview", "initiatives"),
    // One theme's, so that the first page is not full before the rows are copied.
    ("/overview/initiatives?theme=green_streets", "initiatives"),
    ("/api/v1/initiatives?per_page=100", "initiatives"),
    ("/api/v1/actors", "actors"),
    ("/api/v1/calls", "calls"),
    ("/api/v1/events", "events"),
    ("/api/v1/needs", "needs"),
    ("/api/v1/offers", "offers"),
    ("/api/v1/pools", "pools"),
    ("/api/v1/spaces", "spaces"),
    ("/api/v1/tips", "tips"),
    ("/api/v1/overview", "initiatives"),
    ("/workshops", "workshops"),
    ("/debate", "debate_threads"),
    ("/api/v1/workshops", "workshops"),
    ("/api/v1/debate", "debate_threads"),
];

on_both_engines! {
    async fn a_list_runs_as_many_statements_for_many_items_as_for_few(app) {
        // Logged in, so no page comes from the anonymous micro-cache.
        let b = logged_in(&app, "liselotte@example.dk").await;
        let token = api_token(&app, "liselotte@example.dk", DEMO_PASSWORD).await;
        let before = measure(&app, &b, &token).await;
        let mut tables: Vec<&str> = LISTS.iter().map(|(_, t)| *t).collect();
        tables.sort();
        tables.dedup();
        for table in tables {
            copy_rows(&app, table, 4).await;
        }
        let after = measure(&app, &b, &token).await;
        for ((path, (statements, length)), (_, (statements_after, length_after))) in before.iter().zip(&after) {
            assert!(length_after > length, "{path} shows more after its rows were copied");
            assert_eq!(statements_after, statements, "{path}: statements with few and with many items");
        }
    }
}

/// Each list's statements for one request, and the length of its answer.
async fn measure(app: &TestApp, b: &Browser, token: &str) -> Vec<(String, (f64, usize))> {
    let client = reqwest::Client::new();
    let mut out = Vec::new();
    for (path, _) in LISTS {
        let route = path.split('?').next().unwrap_or(path).trim_end_matches('/');
        let before = statements_run(app, "GET", route).await;
        let body = if path.starts_with("/api/") {
            let r = client
                .get(app.url(path))
                .bearer_auth(token)
                .send()
                .await
                .unwrap();
            assert_eq!(r.status(), 200, "{path}");
            r.text().await.unwrap()
        } else {
            let page = b.get(path).await;
            assert_eq!(page.status, 200, "{path}");
            page.body
        };
        let ran = statements_run(app, "GET", route).await - before;
        assert!(ran >= 1.0, "{path} is counted");
        out.push((path.to_string(), (ran, body.len())));
    }
    out
}

/// Adds `times` copies of every row of `table` (all columns but the id; a unique token or name
/// made unique again), so its lists have more to show.
async fn copy_rows(app: &TestApp, table: &str, times: usize) {
    let columns_sql = match app.db.engine() {
        Engine::Sqlite => format!("SELECT name FROM pragma_table_info('{table}') ORDER BY cid"),
        Engine::Postgres => format!(
            "SELECT CAST(column_name AS TEXT) FROM information_schema.columns \
             WHERE table_name = '{table}' AND table_schema = current_schema() ORDER BY ordinal_position"
        ),
    };
    let columns: Vec<String> = db::query_scalar(columns_sql)
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    let columns: Vec<&String> = columns.iter().filter(|c| *c != "id").collect();
    let list = columns
        .iter()
        .map(|c| c.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let last: i64 = db::query_scalar(format!("SELECT MAX(id) FROM {table}"))
        .fetch_one(app.db.pool())
        .await
        .unwrap();
    for n in 0..times {
        let values = columns
            .iter()
            .map(|c| match c.as_str() {
                "token" => format!("token || '-{n}-' || id"),
                "name_key" => format!("name_key || '-{n}-' || id"),
                "code" if table == "workshops" => format!("code || '-{n}-' || id"),
                // An event is one workshop's: the copies are workshops without sign-ups.
                "event_id" if table == "workshops" => "NULL".to_string(),
                other => other.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", ");
        let original = format!("SELECT {values} FROM {table} WHERE id <= {last}");
        db::query(format!(
            "INSERT INTO {table} ({list}) {original} ORDER BY id"
        ))
        .execute(app.db.pool())
        .await
        .unwrap_or_else(|e| panic!("copying {table}: {e}"));
    }
}
