//! Input read strictly at the edge: what a page or an API client sends is either read as meant
//! or refused with the reason, never quietly turned into something else.

use crate::on_both_engines;
use crate::support::*;
use medspil::demo::PASSWORD;
use medspil::platform::db;

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    db::query_scalar(sql)
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

on_both_engines! {
    async fn a_title_keeps_to_one_line_and_a_moment_to_its_clock(app) {
        let b = logged_in(&app, "jeppe@example.dk").await;
        let person = id_of(&app, "SELECT person_id FROM users WHERE email = 'jeppe@example.dk'").await.to_string();
        let before = count(&app, "SELECT COUNT(*) FROM events").await;
        let page = b.submit("/events/new", "/events", &[
            ("organiser", person.as_str()),
            ("title", "Hyg & Byg\nog mere"),
            ("starts", "2030-10-01T10:00garbage"),
            ("ends", "2030-10-01T16:00"),
        ]).await;
        assert_eq!(page.status, 422);
        assert!(page.body.contains("Skal stå på én linje."), "the title's line break is named");
        assert!(page.body.contains("Skriv dato og klokkeslæt som 2.6.2027 10.00."), "the garbage after the clock is named");
        assert!(page.body.contains("2030-10-01T10:00garbage"), "the form comes back as typed");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM events").await, before);

        let token = api_token(&app, "jeppe@example.dk", PASSWORD).await;
        let r = reqwest::Client::new().post(app.url("/api/v1/events")).bearer_auth(&token).header("accept-language", "en")
            .json(&serde_json::json!({"title": "Hyg", "starts_at": "01/09/2030 10:00", "ends_at": "2030-09-01T12:00"}))
            .send().await.unwrap();
        assert_eq!(r.status(), 422, "a day-first date is not guessed at");
        let body: serde_json::Value = r.json().await.unwrap();
        assert!(body["error"]["fields"]["starts_at"].as_str().unwrap().contains("RFC 3339"), "{body}");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM events").await, before);
    }
}

on_both_engines! {
    async fn a_form_that_is_not_utf8_is_refused_not_garbled(app) {
        let b = logged_in(&app, "jeppe@example.dk").await;
        let csrf = b.get("/initiatives/new").await.csrf();
        let before = count(&app, "SELECT COUNT(*) FROM initiatives").await;
        // "Grønne" in Latin-1, as an old client might send it.
        let body = format!("csrf={csrf}&title=Gr%F8nne+g%E5rde&purpose=x&theme=green_streets&started_by=person");
        let r = b.client.post(app.url("/initiatives")).header("content-type", "application/x-www-form-urlencoded")
            .body(body).send().await.unwrap();
        assert_eq!(r.status(), 400);
        assert!(r.text().await.unwrap().contains("ikke skrevet i UTF-8"));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM initiatives").await, before);
        let search = b.get("/initiatives?q=Gr%F8nne").await;
        assert_eq!(search.status, 400, "nor a query string");

        // A field a form has once, sent twice, is not guessed at either.
        let twice = format!("csrf={csrf}&title=A&title=B&purpose=x&theme=green_streets&started_by=person");
        let r = b.client.post(app.url("/initiatives")).header("content-type", "application/x-www-form-urlencoded")
            .body(twice).send().await.unwrap();
        assert_eq!(r.status(), 400);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM initiatives").await, before);
    }
}

on_both_engines! {
    async fn marks_that_turn_text_around_are_removed(app) {
        let token = api_token(&app, "jeppe@example.dk", PASSWORD).await;
        let r = reqwest::Client::new().post(app.url("/api/v1/events")).bearer_auth(&token)
            .json(&serde_json::json!({"title": "Hyg & Byg", "description": "Vi m\u{f8}des ved \u{202E}nelp\u{e6}\u{202C} kl. 10",
                "starts_at": "2030-09-01T10:00", "ends_at": "2030-09-01T12:00"}))
            .send().await.unwrap();
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
        let stored: String = db::query_scalar("SELECT description FROM events ORDER BY id DESC LIMIT 1")
            .fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(stored, "Vi mødes ved nelpæ kl. 10");
    }
}

on_both_engines! {
    async fn a_bbox_that_is_not_four_numbers_is_refused(app) {
        let c = reqwest::Client::new();
        for bad in ["a,b,c,d", "10.1,56.1,10.3", "10.3,56.1,10.1,56.2"] {
            let r = c.get(app.url(&format!("/tips.geojson?bbox={bad}"))).header("accept-language", "en").send().await.unwrap();
            assert_eq!(r.status(), 400, "{bad}");
            assert!(r.text().await.unwrap().contains("west,south,east,north"), "{bad}");
        }
        let fine = c.get(app.url("/tips.geojson?bbox=10.1,56.1,10.3,56.2")).send().await.unwrap();
        assert_eq!(fine.status(), 200);
    }
}

on_both_engines! {
    async fn a_json_body_that_does_not_parse_is_answered_in_the_requests_language(app) {
        let token = api_token(&app, "jeppe@example.dk", PASSWORD).await;
        let r = reqwest::Client::new().post(app.url("/api/v1/initiatives")).bearer_auth(&token)
            .header("content-type", "application/json").header("accept-language", "da").body("{not json")
            .send().await.unwrap();
        assert_eq!(r.status(), 400);
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "bad_request");
        assert!(body["error"]["message"].as_str().unwrap().starts_with("Forespørgslen kunne ikke forstås."), "{body}");
    }
}

on_both_engines! {
    async fn a_control_character_in_a_filter_matches_nothing_instead_of_failing(app) {
        let c = reqwest::Client::new();
        for path in ["/api/v1/tips?category=hul%00ler", "/tips.geojson?category=%00"] {
            let r = c.get(app.url(path)).send().await.unwrap();
            assert_eq!(r.status(), 200, "{path}");
        }
        // Nor does a tip reported in a category with one: there is no such category.
        let token = api_token(&app, "jeppe@example.dk", PASSWORD).await;
        let r = c.post(app.url("/api/v1/tips")).bearer_auth(&token).json(&serde_json::json!({
            "category": "hul\u{0}ler", "description": "Hul i vejen", "latitude": 56.15, "longitude": 10.2,
        })).send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.json::<serde_json::Value>().await.unwrap()["error"]["fields"]["category"].is_string());
    }
}
