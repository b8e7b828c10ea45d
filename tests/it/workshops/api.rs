//! Workshops through the JSON API and as events: a host plans a workshop people sign up for,
//! a phone app joins the session, adds ideas and gives dots, and the facilitators group, merge,
//! split and type in paper ideas, with the same rules and refusals as the pages.

use crate::on_both_engines;
use crate::support::{DEMO_PASSWORD, api_token, id_of, logged_in, send, value_of};
use serde_json::{Value, json};

on_both_engines! {
    async fn a_workshop_people_sign_up_for_is_an_event_with_places(app) {
        let karen = logged_in(&app, "formand@frederiksbjerg-faellesraad.dk").await;
        let council = id_of(&app, "SELECT id FROM actors WHERE name = 'Frederiksbjerg og Langenæs Fællesråd'").await.to_string();
        let plan = |capacity, starts, ends| {
            let form = [("host", council.as_str()), ("title", "Skolevejen"), ("purpose", "Sikre skoleveje."),
                ("questions", "Hvor er det farligt?"), ("starts", starts), ("ends", ends), ("capacity", capacity)];
            let karen = &karen;
            async move { karen.submit("/workshops/new", "/workshops", &form).await }
        };
        // Places are a whole number, and sign-ups are for a workshop to come; both said next to the field.
        let bad = plan("mange", "2030-03-04T18:00", "2030-03-04T20:00").await;
        assert_eq!(bad.status, 422);
        assert!(bad.body.contains("id=\"capacity-error\"") && bad.body.contains("value=\"mange\""), "{}", bad.body);
        let past = plan("20", "2020-03-04T18:00", "2020-03-04T20:00").await;
        assert_eq!(past.status, 422);
        assert!(past.body.contains("id=\"starts-error\""), "{}", past.body);

        let made = plan("1", "2030-03-04T18:00", "2030-03-04T20:00").await;
        assert_eq!(made.status, 303, "{}", made.body);
        let page = made.location.unwrap();
        let id: i64 = page.trim_start_matches("/workshops/").parse().unwrap();
        let event: i64 = value_of(&app, &format!("SELECT event_id FROM workshops WHERE id = {id}")).await;
        // The event is the workshop's: its title and time, organised by the host, with the places.
        let (title, organiser, capacity): (String, i64, i64) = (
            value_of(&app, &format!("SELECT title FROM events WHERE id = {event}")).await,
            value_of(&app, &format!("SELECT organiser_id FROM events WHERE id = {event}")).await,
            value_of(&app, &format!("SELECT capacity FROM events WHERE id = {event}")).await,
        );
        assert_eq!((title.as_str(), organiser.to_string(), capacity), ("Skolevejen", council.clone(), 1));
        let report = karen.get(&page).await.body;
        assert!(report.contains(&format!("href=\"/events/{event}#signup\"")) && report.contains("1 af 1 plads ledig"), "{report}");
        let event_page = karen.get(&format!("/events/{event}")).await.body;
        assert!(event_page.contains(&format!("href=\"/workshops/{id}\"")), "{event_page}");

        // Sofie takes the place, Jeppe waits: the event's rules, as for any event.
        for who in ["sofie@example.dk", "jeppe@example.dk"] {
            let resident = logged_in(&app, who).await;
            let signed = resident.submit(&format!("/events/{event}"), &format!("/events/{event}/signups"), &[]).await;
            assert_eq!(signed.status, 303, "{}", signed.body);
        }
        for (status, n) in [("confirmed", 1), ("waiting", 1)] {
            let counted: i64 = value_of(&app, &format!("SELECT COUNT(*) FROM event_signups WHERE event_id = {event} AND status = '{status}'")).await;
            assert_eq!(counted, n, "{status}");
        }
        assert!(karen.get(&page).await.body.contains("Alle pladser er taget – 1 på venteliste"), "the report says the places are gone");

        // Without places, no event.
        let open = plan("", "2030-04-04T18:00", "2030-04-04T20:00").await;
        let open_id = open.location.unwrap().trim_start_matches("/workshops/").to_string();
        let none: Option<i64> = value_of(&app, &format!("SELECT event_id FROM workshops WHERE id = {open_id}")).await;
        assert_eq!(none, None);
    }
}

on_both_engines! {
    async fn facilitators_and_phones_work_a_session_through_the_api(app) {
        let karen = api_token(&app, "formand@frederiksbjerg-faellesraad.dk", DEMO_PASSWORD).await;
        let sofie = api_token(&app, "sofie@example.dk", DEMO_PASSWORD).await;
        let (karen, sofie) = (Some(karen.as_str()), Some(sofie.as_str()));
        let council = id_of(&app, "SELECT id FROM actors WHERE name = 'Frederiksbjerg og Langenæs Fællesråd'").await;
        let plan = json!({"host_id": council, "title": "Trafik", "purpose": "Roligere gader.",
            "starts_at": "2030-03-04T18:00", "ends_at": "2030-03-04T20:00", "questions": ["Hvor?", "Hvad?"],
            "dots": 2, "capacity": 30});
        // Only for an organisation one acts for; times are checked as on the page, by their API names.
        let (status, refused) = send(&app, "POST", "/api/v1/workshops", sofie, plan.clone()).await;
        assert_eq!(status, 422);
        assert!(refused["error"]["fields"]["host"].is_string(), "{refused}");
        let mut backwards = plan.clone();
        backwards["ends_at"] = json!("2030-03-04T17:00");
        let (status, refused) = send(&app, "POST", "/api/v1/workshops", karen, backwards).await;
        assert_eq!(status, 422);
        assert!(refused["error"]["fields"]["ends_at"].is_string(), "{refused}");
        let (status, w) = send(&app, "POST", "/api/v1/workshops", karen, plan).await;
        assert_eq!(status, 201, "{w}");
        let (id, code) = (w["id"].as_i64().unwrap(), w["code"].as_str().unwrap().to_string());
        assert!(w["event_id"].is_i64() && w["state"] == "planned", "{w}");
        let (q1, q2) = (w["questions"][0]["id"].as_i64().unwrap(), w["questions"][1]["id"].as_i64().unwrap());
        // The code is the facilitators': the public report has none.
        let (_, public) = send(&app, "GET", &format!("/api/v1/workshops/{id}"), None, Value::Null).await;
        assert!(public["code"].is_null() && public["title"] == "Trafik", "{public}");

        // Only facilitators open it, from the state they saw.
        let session = format!("/api/v1/workshops/{id}/session");
        assert_eq!(send(&app, "POST", &session, sofie, json!({"from": "planned", "to": "open"})).await.0, 403);
        let (status, opened) = send(&app, "POST", &session, karen, json!({"from": "planned", "to": "open"})).await;
        assert_eq!((status, opened["state"].as_str()), (200, Some("open")), "{opened}");
        let (status, stale) = send(&app, "POST", &session, karen, json!({"from": "planned", "to": "open"})).await;
        assert_eq!((status, stale["error"]["code"].as_str()), (409, Some("workshop_state_changed")));

        // A phone without an account joins under a secret; without it, it has not joined.
        let sessions = format!("/api/v1/sessions/{}", code.to_lowercase());
        assert_eq!(send(&app, "POST", "/api/v1/sessions/NOPE42/participants", None, json!({})).await.1["error"]["code"], "workshop_code_unknown");
        let (status, mads) = send(&app, "POST", &format!("{sessions}/participants"), None, json!({"name": "Mads", "email": "mads@example.dk"})).await;
        assert_eq!(status, 201, "{mads}");
        let secret = mads["secret"].as_str().unwrap();
        let ideas = format!("{sessions}/ideas");
        let (status, not_joined) = send(&app, "POST", &ideas, None, json!({"question_id": q1, "text": "Bump"})).await;
        assert_eq!((status, not_joined["error"]["code"].as_str()), (409, Some("workshop_not_joined")));
        let (status, empty) = send(&app, "POST", &ideas, None, json!({"participant": secret, "question_id": q1, "text": " "})).await;
        assert_eq!(status, 422);
        assert!(empty["error"]["fields"]["text"].is_string(), "{empty}");
        let (status, elsewhere) = send(&app, "POST", &ideas, None, json!({"participant": secret, "question_id": 999_999, "text": "Bump"})).await;
        assert_eq!(status, 422);
        assert!(elsewhere["error"]["fields"]["question_id"].is_string(), "{elsewhere}");
        let (status, bump) = send(&app, "POST", &ideas, None, json!({"participant": secret, "question_id": q1, "text": "Vejbump ved skolen"})).await;
        assert_eq!((status, bump["author_name"].as_str(), bump["origin"].as_str()), (201, Some("Mads"), Some("phone")), "{bump}");
        let (_, trees) = send(&app, "POST", &ideas, None, json!({"participant": secret, "question_id": q2, "text": "Træer", "anonymous": true})).await;
        assert_eq!(trees["author_name"], "", "{trees}");
        // Sofie joins as herself, without a secret.
        let (status, joined) = send(&app, "POST", &format!("{sessions}/participants"), sofie, json!({"name": "Sofie"})).await;
        assert_eq!((status, joined["secret"].is_null()), (201, true), "{joined}");
        let (bump, trees) = (bump["id"].as_i64().unwrap(), trees["id"].as_i64().unwrap());

        // Two dots each: one an idea, and no more than two.
        let dots = format!("{sessions}/dots");
        let (status, dotted) = send(&app, "POST", &dots, None, json!({"participant": secret, "idea_id": bump})).await;
        assert_eq!((status, dotted["dots"].as_i64()), (200, Some(1)), "{dotted}");
        assert_eq!(send(&app, "POST", &dots, None, json!({"participant": secret, "idea_id": bump})).await.1["error"]["code"], "already_dotted");
        assert_eq!(send(&app, "POST", &dots, None, json!({"participant": secret, "idea_id": trees})).await.0, 200);
        let paper_idea = |text: &str| json!({"question_id": q1, "text": text, "author_name": "Butik Højkant"});
        let (_, paper) = send(&app, "POST", &format!("/api/v1/workshops/{id}/ideas"), karen, paper_idea("Varebiler på fortovet")).await;
        let paper = paper["id"].as_i64().unwrap();
        assert_eq!(send(&app, "POST", &dots, None, json!({"participant": secret, "idea_id": paper})).await.1["error"]["code"], "no_dots_left");

        // Paper ideas, themes, merges and splits are the facilitators'.
        assert_eq!(send(&app, "POST", &format!("/api/v1/workshops/{id}/ideas"), sofie, paper_idea("x")).await.0, 403);
        let (_, themed) = send(&app, "POST", &format!("/api/v1/workshops/{id}/themes"), karen, json!({"name": "Skoleveje"})).await;
        let theme = themed["themes"][0]["id"].as_i64().unwrap();
        let (status, placed) = send(&app, "PUT", &format!("/api/v1/ideas/{bump}/theme"), karen, json!({"theme_id": theme})).await;
        assert_eq!((status, placed["theme_id"].as_i64()), (200, Some(theme)), "{placed}");
        assert_eq!(send(&app, "POST", &format!("/api/v1/workshops/{id}/merges"), sofie, json!({"idea_ids": [bump, trees], "text": "x"})).await.0, 403);
        let (status, merged) = send(&app, "POST", &format!("/api/v1/workshops/{id}/merges"), karen,
            json!({"idea_ids": [bump, trees], "text": "Vejbump og træer ved skolen"})).await;
        assert_eq!(status, 201, "{merged}");
        assert_eq!((merged["merged_from"].clone(), merged["dots"].as_i64()), (json!([bump, trees]), Some(2)), "{merged}");
        // A merged idea takes no dots: its dots are the idea it became's.
        assert_eq!(send(&app, "POST", &dots, sofie, json!({"idea_id": bump})).await.1["error"]["code"], "idea_not_dottable");
        let split = format!("/api/v1/ideas/{paper}/split");
        let (status, one) = send(&app, "POST", &split, karen, json!({"parts": ["Varebiler", " "]})).await;
        assert_eq!(status, 422);
        assert!(one["error"]["fields"]["parts"].is_string(), "{one}");
        let (status, parts) = send(&app, "POST", &split, karen, json!({"parts": ["Varebiler om morgenen", "Varebiler om aftenen"]})).await;
        assert_eq!(status, 201, "{parts}");
        assert!(parts.as_array().unwrap().iter().all(|p| p["split_from"] == paper && p["author_name"] == "Butik Højkant"), "{parts}");
        assert_eq!(send(&app, "POST", &split, karen, json!({"parts": ["a", "b"]})).await.1["error"]["code"], "idea_split_refused");
    }
}
