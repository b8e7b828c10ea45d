//! The JSON API and its OpenAPI document.

use crate::on_both_engines;
use crate::support::*;
use medspil::platform::db;
use serde_json::{Value, json};

async fn send(req: reqwest::RequestBuilder) -> (u16, Value) {
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

fn new_initiative() -> Value {
    json!({
        "title": "Grønne gårde",
        "purpose": "Flere træer i gårdene",
        "theme": "green_streets",
        "stage": "co_creation",
        "commitment": "non_binding",
        "leadership_mode": "facilitating",
        "value_goals": ["quality"],
        "latitude": 56.15,
        "longitude": 10.2
    })
}

on_both_engines! {
    async fn api_clients_create_search_and_update_initiatives(app) {
        let token = api_token(&app, "jeppe@example.dk", medspil::demo::PASSWORD).await;
        let c = reqwest::Client::new();
        let (status, created) = send(c.post(app.url("/api/v1/initiatives")).bearer_auth(&token).json(&new_initiative())).await;
        assert_eq!(status, 201, "{created}");
        let id = created["id"].as_i64().unwrap();
        assert_eq!(created["status"], "idea");
        assert_eq!(created["next_statuses"], json!(["mobilising", "paused", "concluded"]));

        let (_, list) = send(c.get(app.url("/api/v1/initiatives?q=gr%C3%B8n&theme=green_streets"))).await;
        assert!(list["items"].as_array().unwrap().iter().any(|i| i["id"] == id));

        let (status, updated) = send(c.patch(app.url(&format!("/api/v1/initiatives/{id}"))).bearer_auth(&token)
            .json(&json!({"title": "Grønnere gårde", "version": 1, "status": "mobilising"}))).await;
        assert_eq!(status, 200, "{updated}");
        assert_eq!(updated["title"], "Grønnere gårde");
        assert_eq!(updated["status"], "mobilising");
        let (status, stale) = send(c.patch(app.url(&format!("/api/v1/initiatives/{id}"))).bearer_auth(&token)
            .json(&json!({"title": "Forældet", "version": 1}))).await;
        assert_eq!(status, 409);
        assert_eq!(stale["error"]["code"], "stale_version");
        let (status, jump) = send(c.patch(app.url(&format!("/api/v1/initiatives/{id}"))).bearer_auth(&token)
            .json(&json!({"status": "concluded", "title": "x"}))).await;
        assert_eq!(status, 200, "mobilising → concluded is allowed: {jump}");
    }
}

on_both_engines! {
    async fn api_refuses_bad_input_with_one_error_format_and_loses_nothing(app) {
        let token = api_token(&app, "jeppe@example.dk", medspil::demo::PASSWORD).await;
        let c = reqwest::Client::new();
        let url = app.url("/api/v1/initiatives");
        let (status, _) = send(c.post(&url).json(&new_initiative())).await;
        assert_eq!(status, 401, "writing needs a token");
        let malformed = [
            c.post(&url).bearer_auth(&token).header("content-type", "application/json").body("{not json"),
            c.post(&url).bearer_auth(&token).json(&json!({"title": "x"})),
            c.post(&url).bearer_auth(&token).json(&json!({"theme": "unknown"})),
            c.post(&url).bearer_auth(&token).body("title=x"),
            c.get(app.url("/api/v1/initiatives?per_page=0")),
            c.get(app.url("/api/v1/initiatives?page=abc")),
            c.get(app.url("/api/v1/initiatives/not-a-number")),
        ];
        for req in malformed {
            let (status, body) = send(req).await;
            assert!((400..500).contains(&status), "{status} {body}");
            assert!(body["error"]["code"].is_string() && body["error"]["message"].is_string(), "{body}");
        }
        let mut invalid = new_initiative();
        invalid["title"] = json!("   ");
        invalid["latitude"] = json!(120.0);
        let (status, body) = send(c.post(&url).bearer_auth(&token).header("accept-language", "en").json(&invalid)).await;
        assert_eq!(status, 422);
        assert_eq!(body["error"]["fields"]["title"], "Required.");
        assert!(body["error"]["fields"]["latitude"].as_str().unwrap().contains("between -90 and 90"));
        let before: i64 = db::query_scalar("SELECT COUNT(*) FROM initiatives").fetch_one(app.db.pool()).await.unwrap();
        let (status, _) = send(c.patch(app.url("/api/v1/initiatives/1")).bearer_auth(&token).json(&json!({"title": ""}))).await;
        assert_eq!(status, 422);
        let (_, still) = send(c.get(app.url("/api/v1/initiatives/1"))).await;
        assert!(still["title"].as_str().unwrap().starts_with("Frederiksbjerg Spirer"), "a failed edit loses nothing");
        let after: i64 = db::query_scalar("SELECT COUNT(*) FROM initiatives").fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(before, after);
    }
}

on_both_engines! {
    async fn api_permissions_follow_the_same_rules_as_the_pages(app) {
        let lene = api_token(&app, "lene@aarhus.dk", medspil::demo::PASSWORD).await;
        let c = reqwest::Client::new();
        let (status, _) = send(c.patch(app.url("/api/v1/initiatives/1")).bearer_auth(&lene).json(&json!({"title": "Overtaget"}))).await;
        assert_eq!(status, 403, "an employee of another unit may not edit a citizen initiative");
        let mut body = new_initiative();
        let department: i64 = db::query_scalar("SELECT id FROM actors WHERE name = 'Teknik og Miljø'").fetch_one(app.db.pool()).await.unwrap();
        body["started_by_id"] = json!(department);
        let (status, _) = send(c.post(app.url("/api/v1/initiatives")).bearer_auth(&lene).json(&body)).await;
        assert_eq!(status, 403, "only for actors one acts for");
        let (status, _) = send(c.post(app.url("/api/v1/actors")).bearer_auth(&lene).json(&json!({"kind": "municipal_unit", "name": "Ny enhed"}))).await;
        assert_eq!(status, 403, "only platform admins create municipal units");
        let (status, org) = send(c.post(app.url("/api/v1/actors")).bearer_auth(&lene).json(&json!({"kind": "association", "name": "Strikkeklubben"}))).await;
        assert_eq!(status, 201);
        assert_eq!(org["members"][0]["role"], "admin");
    }
}

on_both_engines! {
    async fn the_openapi_document_describes_the_routes_that_exist(app) {
        let (status, doc) = send(reqwest::Client::new().get(app.url("/api/v1/openapi.json"))).await;
        assert_eq!(status, 200);
        assert!(doc["openapi"].as_str().unwrap().starts_with("3."));
        let paths = doc["paths"].as_object().unwrap();
        for (path, methods) in [
            ("/api/v1/initiatives", &["get", "post"][..]),
            ("/api/v1/initiatives/{id}", &["get", "patch"]),
            ("/api/v1/actors", &["get", "post"]),
            ("/api/v1/actors/{id}", &["get", "patch"]),
            ("/api/v1/tokens", &["post"]),
        ] {
            for m in methods {
                assert!(paths[path][m].is_object(), "{m} {path}");
            }
            // Each documented path answers (not 404/405) when called as documented.
            let concrete = path.replace("{id}", "1");
            let r = reqwest::Client::new().get(app.url(&concrete)).send().await.unwrap();
            assert!(methods.contains(&"get") == (r.status() == 200), "{path}: {}", r.status());
        }
        let themes = &doc["components"]["schemas"]["Theme"]["enum"];
        assert!(themes.as_array().unwrap().contains(&json!("green_streets")));
        // Every refusal's code is listed for clients to match on, each once.
        let codes = doc["components"]["schemas"]["ApiErrorBody"]["properties"]["code"]["enum"].as_array().unwrap();
        for code in ["already_signed_up", "household_limit", "sold_out", "pool_exhausted", "stale_version", "validation_failed"] {
            assert_eq!(codes.iter().filter(|c| **c == json!(code)).count(), 1, "{code} in {codes:?}");
        }
    }
}

on_both_engines! {
    async fn places_with_and_without_coordinates_are_stored_alike(app) {
        // Statements are cached per connection; a first insert without coordinates must not
        // make a later one with coordinates fail.
        let token = api_token(&app, "jeppe@example.dk", medspil::demo::PASSWORD).await;
        let c = reqwest::Client::new();
        for with_place in [false, false, false, false, true, true, true, true, false, true] {
            let mut body = new_initiative();
            if !with_place {
                body.as_object_mut().unwrap().remove("latitude");
                body.as_object_mut().unwrap().remove("longitude");
            }
            let (status, created) = send(c.post(app.url("/api/v1/initiatives")).bearer_auth(&token).json(&body)).await;
            assert_eq!(status, 201, "{created}");
            assert_eq!(created["coordinates"].is_object(), with_place);
            if with_place {
                assert_eq!(created["coordinates"]["latitude"], 56.15);
            }
        }
    }
}
