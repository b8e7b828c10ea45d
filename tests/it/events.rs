//! Events: the Hyg & Byg day from planning to check-in and calendars, and fairness under load —
//! places, waiting lists and limited items handed out in the order the server accepted them.

use crate::on_both_engines;
use crate::support::{Browser, TestApp, logged_in, people_with_tokens, read_calendar};
use medspil::platform::db;
use std::sync::Arc;

const PASSWORD: &str = "medspil-demo";

async fn scalar(app: &TestApp, sql: &str, id: i64) -> i64 {
    db::query_scalar(sql.to_string())
        .bind(id)
        .fetch_one(app.db.pool())
        .await
        .expect("query")
}

async fn neighbour(app: &TestApp, name: &str, email: &str) -> Browser {
    let b = app.browser();
    assert_eq!(b.register(name, email).await.status, 303);
    b
}

/// Orders one of the item from the event's page.
async fn order(b: &Browser, event_path: &str, item: i64, address: &str) -> crate::support::Page {
    b.submit(
        event_path,
        &format!("/items/{item}/orders"),
        &[("address", address), ("quantity", "1")],
    )
    .await
}

/// Submits the event form: starts, ends and capacity as typed.
async fn plan(
    b: &Browser,
    new: &str,
    organiser: i64,
    initiative: i64,
    [starts, ends, capacity]: [&str; 3],
) -> crate::support::Page {
    let (organiser, initiative) = (organiser.to_string(), initiative.to_string());
    b.submit(
        new,
        "/events",
        &[
            ("organiser", organiser.as_str()),
            ("initiative", initiative.as_str()),
            ("title", "Hyg & Byg 2"),
            ("place", "Plænen på Ingerslevs Boulevard"),
            ("starts", starts),
            ("ends", ends),
            ("capacity", capacity),
        ],
    )
    .await
}

on_both_engines! {
    /// Jeppe's Hyg & Byg day end to end: planned with a programme and flower boxes at 200 kr.,
    /// one per stairwell; neighbours sign up, a full event puts the next on the waiting list, a
    /// second box for a stairwell is refused, a cancellation moves the first waiting up and tells
    /// her; Jeppe checks people in and hands out boxes; calendars read in a real parser.
    async fn the_hyg_and_byg_day_runs_end_to_end(app) {
        let initiative = scalar(&app, "SELECT MIN(id) FROM initiatives WHERE title LIKE 'Frederiksbjerg Spirer%' AND $1 = $1", 0).await;
        let spirer = scalar(&app, "SELECT id FROM actors WHERE name = 'Frederiksbjerg Spirer' AND $1 = $1", 0).await;
        let jeppe = logged_in(&app, "jeppe@example.dk").await;
        let new = format!("/events/new?initiative={initiative}");
        let before = scalar(&app, "SELECT COUNT(*) FROM events WHERE $1 = $1", 0).await;
        let bad = plan(&jeppe, &new, spirer, initiative, ["2.6.2030 18.00", "2.6.2030 10.00", "0"]).await;
        assert_eq!(bad.status, 422);
        assert!(bad.body.contains("id=\"ends-error\"") && bad.body.contains("Slutningen skal ligge efter starten"), "{}", bad.body);
        assert!(bad.body.contains("id=\"capacity-error\""));
        assert!(bad.body.contains("value=\"Hyg &#38; Byg 2\""), "the form keeps what was typed");
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM events WHERE $1 = $1", 0).await, before, "nothing stored");

        let made = plan(&jeppe, &new, spirer, initiative, ["2030-06-02T10:00", "2030-06-02T23:00", "2"]).await;
        assert_eq!(made.status, 303, "{}", made.body);
        let event_path = made.location.unwrap();
        let event: i64 = event_path.rsplit('/').next().unwrap().parse().unwrap();

        let outside = jeppe.submit(&format!("{event_path}/programme"), &format!("{event_path}/programme"), &[("title", "Morgenmad"), ("starts", "2030-06-02T08:00")]).await;
        assert_eq!(outside.status, 422);
        assert!(outside.body.contains("Skal ligge inden for arrangementets tid"));
        let party = jeppe.submit(&format!("{event_path}/programme"), &format!("{event_path}/programme"), &[("title", "Fest på plænen"), ("starts", "2030-06-02T18:00"), ("ends", "2030-06-02T23:00")]).await;
        assert_eq!(party.status, 303);
        let boxes = jeppe.submit(&format!("{event_path}/items"), &format!("{event_path}/items"), &[("name", "Blomsterkasse"), ("price", "200 kr."), ("stock", "2"), ("household_limit", "1")]).await;
        assert_eq!(boxes.status, 303, "{}", boxes.body);
        let item = scalar(&app, "SELECT id FROM event_items WHERE event_id = $1", event).await;

        let page = app.browser().get(&event_path).await;
        assert!(page.body.contains("Fest på plænen") && page.body.contains("200 kr.") && page.body.contains("Højst 1 pr. opgang"), "{}", page.body);
        assert!(page.body.contains("2 af 2 pladser ledige"));

        let anna = neighbour(&app, "Anna Nabo", "anna@example.dk").await;
        let bo = neighbour(&app, "Bo Nabo", "bo@example.dk").await;
        let cecilie = neighbour(&app, "Cecilie Nabo", "cecilie@example.dk").await;
        for b in [&anna, &bo, &cecilie] {
            let r = b.submit(&event_path, &format!("{event_path}/signups"), &[]).await;
            assert_eq!(r.status, 303);
        }
        let twice = anna.submit(&event_path, &format!("{event_path}/signups"), &[]).await;
        assert_eq!(twice.status, 409);
        assert!(twice.body.contains("Du er allerede tilmeldt"));
        let waiting = cecilie.get(&event_path).await;
        assert!(waiting.body.contains("Du er nummer 1 på ventelisten"), "{}", waiting.body);

        assert_eq!(order(&anna, &event_path, item, "Ingerslevs Boulevard 12, 2. tv, 8000 Aarhus C").await.status, 303);
        let same_stairwell = order(&cecilie, &event_path, item, "ingerslevs boulevard 12, 4. th, 8000 Aarhus C").await;
        assert_eq!(same_stairwell.status, 409);
        assert!(same_stairwell.body.contains("Din opgang har allerede fået sin andel") && same_stairwell.body.contains("id=\"address-error\""), "{}", same_stairwell.body);
        assert!(same_stairwell.body.contains("value=\"ingerslevs boulevard 12, 4. th, 8000 Aarhus C\""), "the address is kept");
        let unknown = order(&cecilie, &event_path, item, "Ingerslevs Boulevard 999, 8000 Aarhus C").await;
        assert_eq!(unknown.status, 422);
        assert!(unknown.body.contains("Vi kender ikke den adresse"));
        // The stairwell cannot be walked around: another postcode is another address the register
        // does not know, and nothing may follow the town.
        for (walk_around, says) in [("Ingerslevs Boulevard 12, 8001 Aarhus C", "Vi kender ikke den adresse"),
            ("Ingerslevs Boulevard 12, 8000 Aarhus C 9999", "Skriv adressen med gade")] {
            let r = order(&cecilie, &event_path, item, walk_around).await;
            assert_eq!(r.status, 422, "{walk_around}");
            assert!(r.body.contains(says), "{walk_around}: {}", r.body);
        }
        // The household is the official access address.
        let household: String = crate::support::value_of(&app, "SELECT household FROM item_orders WHERE address LIKE 'Ingerslevs Boulevard 12,%'").await;
        let official: String = crate::support::value_of(&app, "SELECT id FROM addresses WHERE street = 'Ingerslevs Boulevard' AND house_number = '12'").await;
        assert_eq!(household, official);
        let unreadable = order(&cecilie, &event_path, item, "Ingerslevs Boulevard").await;
        assert_eq!(unreadable.status, 422);
        assert!(unreadable.body.contains("Skriv adressen med gade, husnummer og postnummer"));
        // Anywhere in the register: the city hall's address, spelled as the register spells it.
        assert_eq!(order(&bo, &event_path, item, "rådhuspladsen 2, st., 8000").await.status, 303);
        let printed: String = crate::support::value_of(&app, "SELECT address FROM item_orders WHERE household = (SELECT id FROM addresses WHERE street = 'Rådhuspladsen' AND house_number = '2')").await;
        assert_eq!(printed, "Rådhuspladsen 2, st., 8000 Aarhus C");
        let sold_out = order(&cecilie, &event_path, item, "Bruunsgade 7, 1. th, 8000 Aarhus C").await;
        assert_eq!(sold_out.status, 409);
        assert!(sold_out.body.contains("Udsolgt"));
        assert_eq!(scalar(&app, "SELECT remaining FROM event_items WHERE id = $1", item).await, 0);

        // Capacity below the places already given is refused, with the number.
        let edit = jeppe.get(&format!("{event_path}/edit")).await;
        let version = edit.body.split("name=\"version\" value=\"").nth(1).unwrap().split('"').next().unwrap().to_string();
        let lower = jeppe.submit(&format!("{event_path}/edit"), &format!("{event_path}/edit"), &[
            ("title", "Hyg & Byg 2"), ("starts", "2030-06-02T10:00"), ("ends", "2030-06-02T23:00"), ("capacity", "1"), ("version", &version),
        ]).await;
        assert_eq!(lower.status, 422);
        assert!(lower.body.contains("2 har allerede en plads"), "{}", lower.body);

        // Anna cancels (after a confirmation page); Cecilie moves up and is told.
        let anna_signup = scalar(&app, "SELECT s.id FROM event_signups s JOIN actors a ON a.id = s.person_id WHERE a.name = 'Anna Nabo' AND s.event_id = $1", event).await;
        let confirm = anna.get(&format!("/signups/{anna_signup}/cancel")).await;
        assert!(confirm.body.contains("Din plads går videre til den første på ventelisten"));
        let cancelled = anna.submit(&format!("/signups/{anna_signup}/cancel"), &format!("/signups/{anna_signup}/cancel"), &[]).await;
        assert_eq!(cancelled.status, 303);
        assert!(cecilie.get(&event_path).await.body.contains("Du er tilmeldt og har en plads"));
        app.notices_told().await;
        assert!(cecilie.get("/inbox").await.body.contains("Du har fået en plads: Hyg &#38; Byg 2"));
        assert_eq!(scalar(&app, "SELECT confirmed_count FROM events WHERE id = $1", event).await, 2);

        // Others cannot see someone's order or sign-up, nor use the organiser's tools.
        let anna_order_id = scalar(&app, "SELECT o.id FROM item_orders o JOIN actors a ON a.id = o.person_id WHERE a.name = 'Anna Nabo' AND o.item_id = $1", item).await;
        assert_eq!(bo.get(&format!("/orders/{anna_order_id}/cancel")).await.status, 403);
        assert_eq!(bo.get(&format!("/signups/{anna_signup}/cancel")).await.status, 403);
        assert_eq!(bo.get(&format!("{event_path}/checkin")).await.status, 403);
        let cecilie_signup = scalar(&app, "SELECT s.id FROM event_signups s JOIN actors a ON a.id = s.person_id WHERE a.name = 'Cecilie Nabo' AND s.event_id = $1", event).await;
        assert_eq!(bo.submit(&event_path, &format!("/signups/{cecilie_signup}/checkin"), &[("arrived", "1")]).await.status, 403);

        // Check-in: the list, attendance, hand-out with payment, CSV.
        let list = jeppe.get(&format!("{event_path}/checkin")).await;
        let (people, handout) = list.body.split_once("id=\"handout-h\"").unwrap();
        assert!(people.contains("Bo Nabo") && people.contains("Cecilie Nabo") && !people.contains("Anna Nabo"), "{}", list.body);
        assert!(handout.contains("Anna Nabo") && handout.contains("200 kr."), "{}", list.body);
        assert_eq!(jeppe.submit(&format!("{event_path}/checkin"), &format!("/signups/{cecilie_signup}/checkin"), &[("arrived", "1")]).await.status, 303);
        let anna_order = scalar(&app, "SELECT o.id FROM item_orders o JOIN actors a ON a.id = o.person_id WHERE a.name = 'Anna Nabo' AND o.item_id = $1", item).await;
        assert_eq!(jeppe.submit(&format!("{event_path}/checkin"), &format!("/orders/{anna_order}/handout"), &[("paid", "200")]).await.status, 303);
        assert_eq!(scalar(&app, "SELECT paid_ore FROM item_orders WHERE id = $1", anna_order).await, 20_000);
        let csv = jeppe.client.get(app.url(&format!("{event_path}/checkin.csv"))).send().await.unwrap();
        assert_eq!(csv.headers()["content-type"], "text/csv; charset=utf-8");
        let csv = csv.text().await.unwrap();
        let cecilie_row = csv.lines().find(|l| l.contains("Cecilie Nabo")).expect("Cecilie in the CSV");
        assert!(cecilie_row.starts_with("Tilmelding,") && cecilie_row.contains("Tilmeldt") && cecilie_row.contains("kl."), "{csv}");
        let anna_row = csv.lines().find(|l| l.contains("Anna Nabo")).expect("Anna's order in the CSV");
        assert!(anna_row.contains("Udleveret") && anna_row.contains("\"Ingerslevs Boulevard 12, 2. tv, 8000 Aarhus C\""), "{csv}");

        // Calendars: the event with its programme, and Cecilie's own feed.
        let ics = app.browser().get(&format!("{event_path}/calendar.ics")).await.body;
        if let Some(cal) = read_calendar(&ics) {
            let events = cal["events"].as_array().unwrap();
            assert_eq!(events.len(), 2, "{cal}");
            assert_eq!(events[0]["summary"], "Hyg & Byg 2");
            assert_eq!(events[0]["start"], "2030-06-02T10:00:00+02:00");
            assert_eq!(events[0]["start_zone"], "Europe/Copenhagen");
            assert_eq!(events[0]["start_utc"], "2030-06-02T08:00:00+00:00");
            assert_eq!(events[0]["location"], "Plænen på Ingerslevs Boulevard");
            assert_eq!(events[1]["summary"], "Hyg & Byg 2: Fest på plænen");
            assert_eq!(events[1]["end"], "2030-06-02T23:00:00+02:00");
        }
        let mine = cecilie.get("/calendar").await.body;
        let feed = mine.split("value=\"").find(|v| v.contains("/medspil.ics")).unwrap().split('"').next().unwrap().to_string();
        let feed_path = feed.split_once("/calendar/").map(|(_, rest)| format!("/calendar/{rest}")).unwrap();
        let personal = app.browser().get(&feed_path).await;
        assert_eq!(personal.status, 200);
        if let Some(cal) = read_calendar(&personal.body) {
            assert!(cal["events"].as_array().unwrap().iter().any(|e| e["summary"] == "Hyg & Byg 2"), "{cal}");
        }
        // A new secret address retires the old one.
        cecilie.submit("/calendar", "/calendar", &[]).await;
        assert_eq!(app.browser().get(&feed_path).await.status, 404);
    }
}

/// Fires one sign-up per person at once, spread over the nodes, through the API; returns the
/// responses as (person, status, body).
async fn sign_up_all(
    nodes: &[String],
    event: i64,
    people: Vec<(i64, String)>,
) -> Vec<(i64, u16, serde_json::Value)> {
    let client = Arc::new(reqwest::Client::new());
    let mut tasks = Vec::new();
    for (i, (person, token)) in people.into_iter().enumerate() {
        let url = format!("{}/api/v1/events/{event}/signups", nodes[i % nodes.len()]);
        let client = client.clone();
        tasks.push(tokio::spawn(async move {
            let r = client
                .post(url)
                .bearer_auth(token)
                .send()
                .await
                .expect("sign-up answered");
            let status = r.status().as_u16();
            (person, status, r.json().await.unwrap_or_default())
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}

/// An event with `capacity` places, planned through the API by Jeppe.
async fn event_with_places(app: &TestApp, capacity: i64) -> i64 {
    let token = crate::support::api_token(app, "jeppe@example.dk", PASSWORD).await;
    let r = reqwest::Client::new()
        .post(app.url("/api/v1/events"))
        .bearer_auth(token)
        .json(&serde_json::json!({"title": "Hyg & Byg", "starts_at": "2030-06-02T10:00", "ends_at": "2030-06-02T23:00", "capacity": capacity}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap()
}

/// 500 sign-ups at once for 50 places: exactly 50 places, 450 waiting in acceptance order, no
/// one twice, no one lost — whatever the nodes.
async fn five_hundred_for_fifty(app: &TestApp, nodes: &[String]) {
    let event = event_with_places(app, 50).await;
    let people = people_with_tokens(app, 500).await;
    let answers = sign_up_all(nodes, event, people).await;
    assert!(
        answers.iter().all(|(_, status, _)| *status == 201),
        "{:?}",
        answers.iter().find(|a| a.1 != 201)
    );
    let mut orders: Vec<i64> = answers
        .iter()
        .map(|(_, _, b)| b["accepted_order"].as_i64().unwrap())
        .collect();
    orders.sort();
    assert_eq!(
        orders,
        (1..=500).collect::<Vec<_>>(),
        "each accepted once, in one sequence"
    );
    for (_, _, b) in &answers {
        let order = b["accepted_order"].as_i64().unwrap();
        if order <= 50 {
            assert_eq!(b["status"], "confirmed", "{b}");
        } else {
            assert_eq!(b["status"], "waiting", "{b}");
            assert_eq!(b["waiting_position"].as_i64().unwrap(), order - 50, "{b}");
        }
    }
    let stored = |status: &'static str| async move {
        db::query_scalar::<i64>("SELECT COUNT(DISTINCT person_id) FROM event_signups WHERE event_id = $1 AND status = $2")
            .bind(event)
            .bind(status)
            .fetch_one(app.db.pool())
            .await
            .unwrap()
    };
    assert_eq!(stored("confirmed").await, 50);
    assert_eq!(stored("waiting").await, 450);
    assert_eq!(
        scalar(
            app,
            "SELECT confirmed_count FROM events WHERE id = $1",
            event
        )
        .await,
        50
    );
    assert_eq!(
        scalar(
            app,
            "SELECT COUNT(*) FROM event_signups WHERE event_id = $1",
            event
        )
        .await,
        500
    );

    // The first with a place cancels: exactly the first waiting moves up.
    let first = answers.iter().find(|a| a.2["accepted_order"] == 1).unwrap();
    let next = answers
        .iter()
        .find(|a| a.2["accepted_order"] == 51)
        .unwrap();
    let first_token = db::query_scalar::<i64>(
        "SELECT id FROM event_signups WHERE event_id = $1 AND accepted_order = 1",
    )
    .bind(event)
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    let jeppe = crate::support::api_token(app, "jeppe@example.dk", PASSWORD).await;
    let r = reqwest::Client::new()
        .delete(app.url(&format!("/api/v1/signups/{first_token}")))
        .bearer_auth(&jeppe)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204, "{first:?}");
    let status: String = db::query_scalar("SELECT status FROM event_signups WHERE event_id = $1 AND person_id = $2 AND status <> 'cancelled'").bind(event).bind(next.0).fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(status, "confirmed");
    assert_eq!(
        scalar(
            app,
            "SELECT confirmed_count FROM events WHERE id = $1",
            event
        )
        .await,
        50
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_sign_ups_for_fifty_places_on_sqlite() {
    let app = TestApp::with_demo(crate::support::Engine::Sqlite)
        .await
        .unwrap();
    five_hundred_for_fifty(&app, &[app.url("")]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_sign_ups_for_fifty_places_on_postgres_with_two_serve_processes() {
    let Some(app) = TestApp::with_demo(crate::support::Engine::Postgres).await else {
        return;
    };
    let (a, b) = (app.serve_process().await, app.serve_process().await);
    five_hundred_for_fifty(&app, &[a.base.clone(), b.base.clone()]).await;
}

on_both_engines! {
    /// 200 orders at once for 40 flower boxes, one per stairwell, from 120 stairwells: no
    /// stairwell gets two, the stock never goes below zero, every order is answered.
    async fn two_hundred_orders_for_forty_boxes_one_per_stairwell(app) {
        let event = event_with_places(&app, 500).await;
        let jeppe = crate::support::api_token(&app, "jeppe@example.dk", PASSWORD).await;
        let client = Arc::new(reqwest::Client::new());
        let r = client.post(app.url(&format!("/api/v1/events/{event}/items"))).bearer_auth(&jeppe)
            .json(&serde_json::json!({"name": "Blomsterkasse", "price_ore": 20000, "stock": 40, "household_limit": 1}))
            .send().await.unwrap();
        assert_eq!(r.status(), 201);
        let item = r.json::<serde_json::Value>().await.unwrap()["id"].as_i64().unwrap();
        let streets = ["Ingerslevs Boulevard", "Jægergårdsgade", "Hans Broges Gade"];
        let mut tasks = Vec::new();
        for (i, (_, token)) in people_with_tokens(&app, 200).await.into_iter().enumerate() {
            let stairwell = i % 120;
            let address = format!("{} {}, {}. tv, 8000 Aarhus C", streets[stairwell % 3], stairwell / 3 + 1, i / 120 + 1);
            let (client, url) = (client.clone(), app.url(&format!("/api/v1/items/{item}/orders")));
            tasks.push(tokio::spawn(async move {
                let r = client.post(url).bearer_auth(token).json(&serde_json::json!({"address": address})).send().await.unwrap();
                (r.status().as_u16(), r.json::<serde_json::Value>().await.unwrap())
            }));
        }
        let mut answers = Vec::new();
        for t in tasks {
            answers.push(t.await.unwrap());
        }
        assert_eq!(answers.iter().filter(|a| a.0 == 201).count(), 40, "{answers:?}");
        assert_eq!(answers.iter().filter(|a| a.0 == 409).count(), 160, "every other order refused, none lost");
        let per_stairwell: Vec<i64> = db::query_scalar("SELECT COUNT(*) FROM item_orders WHERE item_id = $1 AND status = 'reserved' GROUP BY household")
            .bind(item).fetch_all(app.db.pool()).await.unwrap();
        assert_eq!(per_stairwell.len(), 40);
        assert!(per_stairwell.iter().all(|n| *n == 1), "no stairwell gets two");
        assert_eq!(scalar(&app, "SELECT remaining FROM event_items WHERE id = $1", item).await, 0);
        let mut accepted: Vec<i64> = answers.iter().filter(|a| a.0 == 201).map(|a| a.1["accepted_order"].as_i64().unwrap()).collect();
        accepted.sort();
        accepted.dedup();
        assert_eq!(accepted.len(), 40, "each order has its own place in the queue");
    }
}

on_both_engines! {
    /// Bad input through the API: clear messages by field, nothing stored half-way.
    async fn the_api_refuses_bad_plans_and_orders(app) {
        let client = reqwest::Client::new();
        let token = crate::support::api_token(&app, "jeppe@example.dk", PASSWORD).await;
        let before = scalar(&app, "SELECT COUNT(*) FROM events WHERE $1 = $1", 0).await;
        let r = client.post(app.url("/api/v1/events")).bearer_auth(&token).header("accept-language", "en")
            .json(&serde_json::json!({"title": "Hyg", "starts_at": "2030-06-02T18:00", "ends_at": "2030-06-02T10:00", "cancel_until": "2030-06-03T10:00"}))
            .send().await.unwrap();
        assert_eq!(r.status(), 422);
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["error"]["fields"]["ends_at"], "The end must be after the start.", "{body}");
        assert!(body["error"]["fields"]["cancel_until"].is_string(), "{body}");
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM events WHERE $1 = $1", 0).await, before);

        let event = event_with_places(&app, 1).await;
        let r = client.post(app.url(&format!("/api/v1/events/{event}/items"))).bearer_auth(&token)
            .json(&serde_json::json!({"name": "Kasse", "stock": 0})).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let sofie = crate::support::api_token(&app, "sofie@example.dk", PASSWORD).await;
        let r = client.post(app.url(&format!("/api/v1/events/{event}/items"))).bearer_auth(&sofie)
            .json(&serde_json::json!({"name": "Kasse", "stock": 3})).send().await.unwrap();
        assert_eq!(r.status(), 403, "only the organiser offers items");
        let r = client.post(app.url(&format!("/api/v1/events/{event}/signups"))).bearer_auth(&sofie).send().await.unwrap();
        assert_eq!(r.status(), 201);
        let r = client.post(app.url(&format!("/api/v1/events/{event}/signups"))).bearer_auth(&sofie)
            .header("accept-language", "en").send().await.unwrap();
        assert_eq!(r.status(), 409);
        let twice: serde_json::Value = r.json().await.unwrap();
        assert_eq!(twice["error"]["code"], "already_signed_up", "{twice}");
        assert_eq!(twice["error"]["message"], "You are already signed up.", "{twice}");
        let r = client.get(app.url(&format!("/api/v1/events/{event}/signups"))).bearer_auth(&sofie).send().await.unwrap();
        assert_eq!(r.status(), 403, "the list of participants is the organiser's");
        let r = client.get(app.url(&format!("/api/v1/events/{event}/signups"))).bearer_auth(&token).send().await.unwrap();
        assert_eq!(r.json::<serde_json::Value>().await.unwrap()[0]["person_name"], "Sofie Lund");

        // Places can't be removed while people hold them; an event without places takes no sign-ups.
        let event_now: serde_json::Value = client.get(app.url(&format!("/api/v1/events/{event}"))).send().await.unwrap().json().await.unwrap();
        let r = client.put(app.url(&format!("/api/v1/events/{event}"))).bearer_auth(&token)
            .json(&serde_json::json!({"title": "Hyg & Byg", "starts_at": "2030-06-02T10:00", "ends_at": "2030-06-02T23:00", "version": event_now["version"]}))
            .send().await.unwrap();
        assert_eq!(r.status(), 422);
        assert!(r.json::<serde_json::Value>().await.unwrap()["error"]["fields"]["capacity"].is_string());
        let open_to_all = client.post(app.url("/api/v1/events")).bearer_auth(&token)
            .json(&serde_json::json!({"title": "Fest på plænen", "starts_at": "2030-06-02T18:00", "ends_at": "2030-06-02T23:00"}))
            .send().await.unwrap().json::<serde_json::Value>().await.unwrap();
        let r = client.post(app.url(&format!("/api/v1/events/{}/signups", open_to_all["id"]))).bearer_auth(&sofie).send().await.unwrap();
        assert_eq!(r.status(), 409);
        assert_eq!(r.json::<serde_json::Value>().await.unwrap()["error"]["code"], "no_signup_needed", "another refusal, another code");

        // Cancelling the event tells those signed up.
        let r = client.post(app.url(&format!("/api/v1/events/{event}/cancellation"))).bearer_auth(&token).send().await.unwrap();
        assert_eq!(r.status(), 200);
        app.notices_told().await;
        let inbox: serde_json::Value = client.get(app.url("/api/v1/me/notifications")).bearer_auth(&sofie).send().await.unwrap().json().await.unwrap();
        assert!(inbox.as_array().unwrap().iter().any(|n| n["text"] == "Aflyst: Hyg & Byg"), "{inbox}");
        let r = client.post(app.url(&format!("/api/v1/events/{event}/signups"))).bearer_auth(&sofie).send().await.unwrap();
        assert_eq!(r.status(), 409, "a cancelled event takes no sign-ups");
        assert_eq!(r.json::<serde_json::Value>().await.unwrap()["error"]["code"], "event_cancelled");
    }
}

on_both_engines! {
    /// A plant sale with at most two per person: a person's share holds at any address, and a
    /// neighbour at the same address has their own.
    async fn an_item_limited_per_person_holds_at_any_address(app) {
        let event = event_with_places(&app, 50).await;
        let jeppe = crate::support::api_token(&app, "jeppe@example.dk", PASSWORD).await;
        let client = reqwest::Client::new();
        let r = client.post(app.url(&format!("/api/v1/events/{event}/items"))).bearer_auth(&jeppe)
            .json(&serde_json::json!({"name": "Stauder", "stock": 40, "person_limit": 2}))
            .send().await.unwrap();
        assert_eq!(r.status(), 201);
        let item: serde_json::Value = r.json().await.unwrap();
        assert_eq!(item["person_limit"], 2);
        let orders = app.url(&format!("/api/v1/items/{}/orders", item["id"]));
        let people = people_with_tokens(&app, 2).await;
        let order = |token: &str, address: &str, quantity: i64| {
            client.post(&orders).bearer_auth(token).json(&serde_json::json!({"address": address, "quantity": quantity})).send()
        };
        let (anna, bo) = (&people[0].1, &people[1].1);
        assert_eq!(order(anna, "Bruunsgade 7, 8000 Aarhus C", 2).await.unwrap().status(), 201);
        let elsewhere = order(anna, "Søndergade 3, 8000 Aarhus C", 1).await.unwrap();
        assert_eq!(elsewhere.status(), 409);
        let refused: serde_json::Value = elsewhere.json().await.unwrap();
        assert_eq!(refused["error"]["code"], "person_limit", "{refused}");
        assert_eq!(order(bo, "Bruunsgade 7, 8000 Aarhus C", 2).await.unwrap().status(), 201, "no limit per household");
        let page = app.browser().get(&format!("/events/{event}")).await.body;
        assert!(page.contains("Højst 2 pr. person"), "{page}");
    }
}
