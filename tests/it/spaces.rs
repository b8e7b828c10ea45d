//! Spaces and bookings: finding a space, booking it at once or after approval, bad slots, and
//! no overlap between confirmed bookings whatever the timing of requests and decisions.

use crate::on_both_engines;
use crate::support::{TestApp, api_token, logged_in, people_with_tokens};
use medspil::platform::db;
use serde_json::{Value, json};
use std::sync::Arc;

const PASSWORD: &str = "medspil-demo";

async fn space_id(app: &TestApp, name: &str) -> i64 {
    db::query_scalar("SELECT id FROM spaces WHERE name = $1")
        .bind(name)
        .fetch_one(app.db.pool())
        .await
        .expect("demo space")
}

/// Books the space on `page` for `booker` from the page's form.
async fn book(
    b: &crate::support::Browser,
    page: &str,
    booker: &str,
    starts: &str,
    ends: &str,
) -> crate::support::Page {
    b.submit(
        page,
        &format!("{page}/bookings"),
        &[
            ("booker", booker),
            ("purpose", "Planlægningsmøde"),
            ("attendees", "12"),
            ("starts", starts),
            ("ends", ends),
        ],
    )
    .await
}

on_both_engines! {
    /// Jeppe finds the room by what he needs, books it at once, is told clearly when a slot is
    /// closed, in the past or taken; asks for the empty shop for the Spirer, is declined with a
    /// reason, asks again and is confirmed; the room's owner blocks a period; he moves a booking.
    async fn booking_a_space_from_search_to_confirmation(app) {
        let room = space_id(&app, "Mødelokalet i Aktivitetshuset på Frederiksbjerg").await;
        let shop = space_id(&app, "Den tomme butik i Jægergårdsgade").await;
        let found = app.browser().get("/spaces?feature=hearing_loop&feature=step_free&capacity=20&date=6.1.2031").await;
        assert!(found.body.contains("Mødelokalet i Aktivitetshuset"), "{}", found.body);
        assert!(!found.body.contains("Den tomme butik"), "no hearing loop in the shop");
        let saturday = app.browser().get("/spaces?capacity=20&date=2031-01-05").await;
        assert!(!saturday.body.contains("Mødelokalet i Aktivitetshuset"), "the room is closed on Sundays");

        let jeppe = logged_in(&app, "jeppe@example.dk").await;
        let me = db::query_scalar::<i64>("SELECT person_id FROM users WHERE email = 'jeppe@example.dk'").fetch_one(app.db.pool()).await.unwrap().to_string();
        let page = format!("/spaces/{room}");
        let closed = book(&jeppe, &page, &me, "2031-01-04T18:00", "2031-01-04T20:00").await;
        assert_eq!(closed.status, 422, "Saturday evening");
        assert!(closed.body.contains("Stedet er lukket på det tidspunkt") && closed.body.contains("id=\"starts-error\""), "{}", closed.body);
        assert!(closed.body.contains("value=\"Planlægningsmøde\""), "the form keeps what was typed");
        let backwards = book(&jeppe, &page, &me, "2031-01-06T20:00", "2031-01-06T18:00").await;
        assert_eq!(backwards.status, 422);
        assert!(backwards.body.contains("Slutningen skal ligge efter starten"));
        let past = book(&jeppe, &page, &me, "2020-01-06T18:00", "2020-01-06T20:00").await;
        assert_eq!(past.status, 422);
        // A booking can only be tied to an initiative its booker helps lead.
        let folkets = db::query_scalar::<i64>("SELECT MIN(id) FROM initiatives WHERE title LIKE 'Folkets Møde%'").fetch_one(app.db.pool()).await.unwrap().to_string();
        let foreign = jeppe.submit(&page, &format!("{page}/bookings"), &[("booker", me.as_str()), ("initiative", folkets.as_str()), ("purpose", "Møde"), ("starts", "2031-01-06T08:00"), ("ends", "2031-01-06T09:00")]).await;
        assert_eq!(foreign.status, 422);
        assert!(foreign.body.contains("initiativer, du er med til at lede"), "{}", foreign.body);
                let made = book(&jeppe, &page, &me, "2031-01-06T18:00", "2031-01-06T20:00").await;
        assert_eq!(made.status, 303, "{}", made.body);
        let booking = made.location.unwrap();
        assert!(jeppe.get(&booking).await.body.contains("Bekræftet"));
        let clash = book(&jeppe, &page, &me, "2031-01-06T19:00", "2031-01-06T21:00").await;
        assert_eq!(clash.status, 409);
        assert!(clash.body.contains("Tiden er allerede booket"));
        assert_eq!(book(&jeppe, &page, &me, "2031-01-06T20:00", "2031-01-06T21:00").await.status, 303, "touching is not overlapping");

        // The room's calendar shows the booking at Copenhagen time.
        let ics = app.browser().get(&format!("{page}/calendar.ics")).await.body;
        if let Some(cal) = crate::support::read_calendar(&ics) {
            let first = &cal["events"][0];
            assert_eq!(first["start"], "2031-01-06T18:00:00+01:00", "{cal}");
            assert_eq!(first["start_zone"], "Europe/Copenhagen");
            assert_eq!(first["end"], "2031-01-06T20:00:00+01:00");
        }

        // Birgitte leads Teknik og Miljø, which lends the shop.
        let spirer = db::query_scalar::<i64>("SELECT id FROM actors WHERE name = 'Frederiksbjerg Spirer'").fetch_one(app.db.pool()).await.unwrap().to_string();
        let shop_page = format!("/spaces/{shop}");
        let ask = jeppe.submit(&shop_page, &format!("{shop_page}/bookings"), &[("booker", spirer.as_str()), ("purpose", "Værksted til blomsterkasser"), ("starts", "2027-02-03T10:00"), ("ends", "2027-02-03T16:00")]).await;
        assert_eq!(ask.status, 303, "{}", ask.body);
        let request = ask.location.unwrap();
        assert!(jeppe.get(&request).await.body.contains("Afventer svar"));
        let birgitte = logged_in(&app, "birgitte@aarhus.dk").await;
        assert!(birgitte.get(&shop_page).await.body.contains("Værksted til blomsterkasser"), "the owner sees the request");
        let no_reason = birgitte.submit(&request, &format!("{request}/decision"), &[("decision", "decline")]).await;
        assert_eq!(no_reason.status, 422);
        assert!(no_reason.body.contains("id=\"reason-error\""));
        let declined = birgitte.submit(&request, &format!("{request}/decision"), &[("decision", "decline"), ("reason", "Der males den dag")]).await;
        assert_eq!(declined.status, 303);
        let seen = jeppe.get(&request).await.body;
        assert!(seen.contains("Afslået: Der males den dag"), "{seen}");
        let again = jeppe.submit(&shop_page, &format!("{shop_page}/bookings"), &[("booker", spirer.as_str()), ("purpose", "Værksted til blomsterkasser"), ("starts", "2027-02-04T10:00"), ("ends", "2027-02-04T16:00")]).await;
        let request = again.location.unwrap();
        assert_eq!(birgitte.submit(&request, &format!("{request}/decision"), &[("decision", "confirm")]).await.status, 303);
        assert!(jeppe.get(&request).await.body.contains("Bekræftet"));
        assert_eq!(jeppe.submit(&request, &format!("{request}/decision"), &[("decision", "confirm")]).await.status, 403, "only the owner decides");

        // Birgitte does not run the room; Lene, at Aktivitet og Frivillighed, does: she blocks a
        // period, and no booking crosses it.
        assert_eq!(birgitte.get(&format!("{page}/blocks")).await.status, 403);
        let lene = logged_in(&app, "lene@aarhus.dk").await;
        let blocked = lene.submit(&format!("{page}/blocks"), &format!("{page}/blocks"), &[("starts", "2031-01-08T08:00"), ("ends", "2031-01-08T22:00"), ("reason", "Maler")]).await;
        assert_eq!(blocked.status, 303);
        let over_booking = lene.submit(&format!("{page}/blocks"), &format!("{page}/blocks"), &[("starts", "2031-01-06T08:00"), ("ends", "2031-01-06T22:00")]).await;
        assert_eq!(over_booking.status, 409, "a period with confirmed bookings cannot be closed");
                let across = book(&jeppe, &page, &me, "2031-01-08T10:00", "2031-01-08T12:00").await;
        assert_eq!(across.status, 409);
        assert!(across.body.contains("Stedet er lukket i den periode"));

        // Moving the first booking onto the second is refused; to a free slot it works.
        let onto = jeppe.submit(&booking, &format!("{booking}/time"), &[("starts", "2031-01-06T20:30"), ("ends", "2031-01-06T21:30")]).await;
        assert_eq!(onto.status, 409);
        let moved = jeppe.submit(&booking, &format!("{booking}/time"), &[("starts", "2031-01-07T18:00"), ("ends", "2031-01-07T20:00")]).await;
        assert_eq!(moved.status, 303);
        let cancelled = jeppe.submit(&format!("{booking}/cancel"), &format!("{booking}/cancel"), &[]).await;
        assert_eq!(cancelled.status, 303);
        assert!(jeppe.get(&booking).await.body.contains("Aflyst"));
    }
}

/// Sends one request per token at once, spread over the nodes; returns (status, body) in order.
async fn all_at_once(requests: Vec<(String, String, reqwest::Method, Value)>) -> Vec<(u16, Value)> {
    let client = Arc::new(reqwest::Client::new());
    let mut tasks = Vec::new();
    for (url, token, method, body) in requests {
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let r = client
                .request(method, url)
                .bearer_auth(token)
                .json(&body)
                .send()
                .await
                .expect("answered");
            (
                r.status().as_u16(),
                r.json::<Value>().await.unwrap_or_default(),
            )
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

fn overlap(a: (i64, i64), b: (i64, i64)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

async fn confirmed_slots(app: &TestApp, space: i64) -> Vec<(i64, i64)> {
    db::query_as("SELECT starts_at, ends_at FROM bookings WHERE space_id = $1 AND status = 'confirmed' ORDER BY starts_at")
        .bind(space)
        .fetch_all(app.db.pool())
        .await
        .unwrap()
}

on_both_engines! {
    /// 100 requests at once for overlapping slots of one lot, through two nodes: the confirmed
    /// bookings never overlap, and every refused request overlaps one of them. Then ten
    /// requests for one slot of a space that needs approval, all approved at once: one wins.
    async fn overlapping_requests_never_double_book(app) {
        let second = app.second_node().await;
        let nodes = [app.url(""), second.url("")];
        let owner = api_token(&app, "birgitte@aarhus.dk", PASSWORD).await;
        let lot = reqwest::Client::new().post(app.url("/api/v1/spaces")).bearer_auth(&owner)
            .json(&json!({"kind": "lot", "name": "Grunden på havnen", "bookable_by": ["person", "association"]}))
            .send().await.unwrap();
        assert_eq!(lot.status(), 201);
        let lot = lot.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        let base = medspil::platform::time::parse_moment("2031-03-03T08:00").unwrap();
        let people = people_with_tokens(&app, 100).await;
        let slots: Vec<(i64, i64)> = (0..100).map(|i| (base + i * 20 * 60, base + i * 20 * 60 + 2 * 3600)).collect();
        let requests = people.iter().zip(&slots).enumerate().map(|(i, ((_, token), (s, e)))| (
            format!("{}/api/v1/spaces/{lot}/bookings", nodes[i % 2]),
            token.clone(),
            reqwest::Method::POST,
            json!({"purpose": "Loppemarked", "starts_at": medspil::platform::time::rfc3339(*s), "ends_at": medspil::platform::time::rfc3339(*e)}),
        )).collect();
        let answers = all_at_once(requests).await;
        assert!(answers.iter().all(|(status, _)| *status == 201 || *status == 409), "{answers:?}");
        let confirmed = confirmed_slots(&app, lot).await;
        assert_eq!(confirmed.len(), answers.iter().filter(|a| a.0 == 201).count());
        for pair in confirmed.windows(2) {
            assert!(!overlap(pair[0], pair[1]), "confirmed bookings overlap: {pair:?}");
        }
        for (slot, (status, _)) in slots.iter().zip(&answers) {
            if *status == 409 {
                assert!(confirmed.iter().any(|c| overlap(*c, *slot)), "{slot:?} was refused though nothing was in its way");
            }
        }

        let shop = space_id(&app, "Den tomme butik i Jægergårdsgade").await;
        let asked = all_at_once(people[..10].iter().map(|(_, token)| (
            app.url(&format!("/api/v1/spaces/{shop}/bookings")),
            token.clone(),
            reqwest::Method::POST,
            json!({"purpose": "Udstilling", "starts_at": "2027-01-05T10:00", "ends_at": "2027-01-05T12:00"}),
        )).collect()).await;
        assert!(asked.iter().all(|(status, b)| *status == 201 && b["status"] == "requested"), "{asked:?}");
        let decisions = all_at_once(asked.iter().enumerate().map(|(i, (_, b))| (
            format!("{}/api/v1/bookings/{}/decision", nodes[i % 2], b["id"]),
            owner.clone(),
            reqwest::Method::POST,
            json!({"confirm": true}),
        )).collect()).await;
        assert_eq!(decisions.iter().filter(|d| d.0 == 200).count(), 1, "{decisions:?}");
        assert_eq!(decisions.iter().filter(|d| d.0 == 409).count(), 9, "{decisions:?}");
        assert_eq!(confirmed_slots(&app, shop).await.len(), 1);
    }
}
