//! Needs, offers, matching and the way from "count me in" to a counted contribution, through
//! the web pages with JavaScript off, on the demo data.

use crate::on_both_engines;
use crate::support::TestApp;
use medspil::platform::db;

const PASSWORD: &str = "medspil-demo";

async fn id_of(app: &TestApp, sql: &str, title: &str) -> i64 {
    db::query_scalar(sql.to_string())
        .bind(title)
        .fetch_one(app.db.pool())
        .await
        .unwrap_or_else(|e| panic!("{title}: {e}"))
}

async fn need_id(app: &TestApp, title: &str) -> i64 {
    id_of(app, "SELECT id FROM needs WHERE title = $1", title).await
}

async fn offer_id(app: &TestApp, title: &str) -> i64 {
    id_of(app, "SELECT id FROM offers WHERE title = $1", title).await
}

async fn person_id(app: &TestApp, email: &str) -> i64 {
    id_of(app, "SELECT person_id FROM users WHERE email = $1", email).await
}

on_both_engines! {
    /// Liselotte's journey: she sees where she can help and why, counts herself in, the centre
    /// accepts, and her hours are counted for the initiative and for her.
    async fn liselotte_offers_her_time_is_accepted_and_her_hours_are_counted(app) {
        let need = need_id(&app, "Besøgsvenner og følgevenner").await;
        let offer = offer_id(&app, "Besøgsven to eftermiddage om ugen").await;
        let liselotte = person_id(&app, "liselotte@example.dk").await;

        let her = app.browser();
        her.login("liselotte@example.dk", PASSWORD).await;
        let help = her.get("/help").await;
        assert_eq!(help.status, 200);
        let first = help.body.find("Besøgsvenner og følgevenner").expect("the visiting friends are suggested");
        let other = help.body.find("Frivillige i varmestuen").expect("the warm room too");
        assert!(first < other, "the best fit comes first");
        assert!(help.body.contains("Fælles færdigheder: besøgsven, samtale"), "and why");
        assert!(help.body.contains("Tider der passer: tirsdag, torsdag, eftermiddag"));
        assert!(help.body.contains("Betingelse: Jeg bruger el-kørestol"), "her condition travels with the offer");

        // The need's page ranks her offer first among those that fit.
        let page = her.get(&format!("/needs/{need}")).await;
        assert!(page.body.contains("Besøgsven to eftermiddage om ugen"));

        let form = [("actor", liselotte.to_string()), ("offer", offer.to_string()), ("amount", "6".into()), ("message", "Tirsdage passer bedst.".into())];
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let pledged = her.submit(&format!("/needs/{need}"), &format!("/needs/{need}/pledges"), &form).await;
        assert_eq!(pledged.status, 303, "{}", pledged.body);
        let again = her.submit(&format!("/needs/{need}"), &format!("/needs/{need}/pledges"), &form).await;
        assert_eq!(again.status, 422);
        assert!(again.body.contains("Du er allerede meldt til dette behov."));

        let pledge: i64 = db::query_scalar("SELECT id FROM pledges WHERE need_id = $1 AND actor_id = $2")
            .bind(need).bind(liselotte).fetch_one(app.db.pool()).await.unwrap();
        // She cannot accept her own pledge: the initiative does.
        let own = her.submit(&format!("/needs/{need}"), &format!("/pledges/{pledge}/decision"), &[("decision", "accept")]).await;
        assert_eq!(own.status, 403);

        let centre = app.browser();
        centre.login("brian@aarhus.dk", PASSWORD).await;
        let accepted = centre.submit(&format!("/needs/{need}"), &format!("/pledges/{pledge}/decision"), &[("decision", "accept")]).await;
        assert_eq!(accepted.status, 303, "{}", accepted.body);
        let status: String = db::query_scalar("SELECT status FROM needs WHERE id = $1").bind(need).fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(status, "partly_met");

        let today = medspil::platform::time::today().to_string();
        for (hours, day) in [("2", today.as_str()), ("3", "")] {
            let given = centre.submit(&format!("/needs/{need}"), &format!("/pledges/{pledge}/contributions"), &[("amount", hours), ("given_on", day), ("note", "")]).await;
            assert_eq!(given.status, 303, "{}", given.body);
        }
        let facts: Vec<(String, i64)> = db::query_as("SELECT unit, amount FROM contributions WHERE pledge_id = $1 ORDER BY id")
            .bind(pledge).fetch_all(app.db.pool()).await.unwrap();
        assert_eq!(facts, vec![("hours".to_string(), 2), ("hours".to_string(), 3)]);

        let initiative: i64 = db::query_scalar("SELECT initiative_id FROM needs WHERE id = $1").bind(need).fetch_one(app.db.pool()).await.unwrap();
        let page = app.browser().get(&format!("/initiatives/{initiative}")).await;
        assert!(page.body.contains("Givet indtil nu:</strong> 5 timer"), "counted for the initiative");
        let profile = app.browser().get(&format!("/actors/{liselotte}")).await;
        assert!(profile.body.contains("Givet:</strong> 5 timer"), "and for her");
        assert!(profile.body.contains("Besøgsven to eftermiddage om ugen"), "her offer is on her profile");
        let mine = her.get("/help").await;
        assert!(mine.body.contains("Givet: 5 timer"), "she sees it too");
    }
}

on_both_engines! {
    async fn an_offer_with_conditions_is_made_and_bad_input_is_explained_by_the_fields(app) {
        let b = app.browser();
        let me = b.register("Karen Test", "karen@example.org").await.location.unwrap();
        let me = me.trim_start_matches("/actors/");
        let mut form = vec![
            ("actor", me), ("kind", "hands"), ("title", "Kan køre folk til aftaler"), ("description", ""),
            ("skills", "kørsel, kørekort"), ("quantity", "mange"), ("weekdays", "monday"), ("weekdays", "someday"),
            ("from_date", "2027-03-02"), ("to_date", "1.3.2027"), ("neighbourhood", "Viby"),
            ("latitude", ""), ("longitude", ""), ("radius_km", "5"), ("conditions", "Bilen har ikke plads til kørestol."),
        ];
        let page = b.submit("/offers/new", "/offers", &form).await;
        assert_eq!(page.status, 422);
        for field in ["quantity", "weekdays", "to_date", "radius_km"] {
            assert!(page.body.contains(&format!("id=\"{field}-error\"")), "{field} explained");
        }
        assert!(page.body.contains("Bilen har ikke plads til kørestol."), "input kept");
        assert!(page.body.contains("value=\"monday\" checked"), "ticks kept");
        let n: i64 = db::query_scalar("SELECT COUNT(*) FROM offers WHERE title = 'Kan køre folk til aftaler'").fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(n, 0, "nothing stored half-way");

        for (k, v) in form.iter_mut() {
            match *k {
                "quantity" => *v = "4",
                "weekdays" => *v = "monday",
                "to_date" => *v = "31.5.2027",
                "latitude" => *v = "56,1300",
                "longitude" => *v = "10,1600",
                _ => {}
            }
        }
        let made = b.submit("/offers/new", "/offers", &form).await;
        assert_eq!(made.status, 303, "{}", made.body);
        let shown = b.get(made.location.as_deref().unwrap()).await;
        assert!(shown.body.contains("Bilen har ikke plads til kørestol."));
        assert!(shown.body.contains("mandag · 2. marts 2027 – 31. maj 2027"));
        assert!(shown.body.contains("inden for 5 km"));

        // A failed edit never loses the offer.
        let edit_path = format!("{}/edit", made.location.unwrap());
        let broken = b.submit(&edit_path, &edit_path, &[("kind", "hands"), ("title", ""), ("version", "1")]).await;
        assert_eq!(broken.status, 422);
        let n: i64 = db::query_scalar("SELECT COUNT(*) FROM offers WHERE title = 'Kan køre folk til aftaler'").fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(n, 1);
    }
}

on_both_engines! {
    /// Only the initiative's editors add needs and decide; a pledge is made only for actors the
    /// user may act for.
    async fn people_act_only_where_they_may(app) {
        let need = need_id(&app, "Hænder til Hyg & Byg").await;
        let initiative: i64 = db::query_scalar("SELECT initiative_id FROM needs WHERE id = $1").bind(need).fetch_one(app.db.pool()).await.unwrap();
        let spirer = id_of(&app, "SELECT id FROM actors WHERE name = $1", "Frederiksbjerg Spirer").await.to_string();

        let sofie = app.browser();
        sofie.login("sofie@example.dk", PASSWORD).await;
        assert_eq!(sofie.get(&format!("/initiatives/{initiative}/needs/new")).await.status, 403);
        let as_spirer = sofie.submit(&format!("/needs/{need}"), &format!("/needs/{need}/pledges"), &[("actor", &spirer)]).await;
        assert_eq!(as_spirer.status, 422, "she does not act for the association");
        assert!(as_spirer.body.contains("id=\"actor-error\""));
        let forged = sofie.submit(&format!("/needs/{need}"), &format!("/initiatives/{initiative}/needs"), &[("kind", "unicorns")]).await;
        assert_eq!(forged.status, 403, "who may add a need is decided before what was sent");

        let anonymous = app.browser();
        let page = anonymous.get(&format!("/needs/{need}")).await;
        assert!(page.body.contains("Log ind for at melde dig"));

        // Jeppe (admin of the association that coordinates) adds a need; its form refuses nonsense.
        let jeppe = app.browser();
        jeppe.login("jeppe@example.dk", PASSWORD).await;
        let new = format!("/initiatives/{initiative}/needs/new");
        let bad = jeppe.submit(&new, &format!("/initiatives/{initiative}/needs"), &[("kind", "unicorns"), ("title", "Musik til festen"), ("quantity", "0")]).await;
        assert_eq!(bad.status, 422);
        assert!(bad.body.contains("id=\"kind-error\"") && bad.body.contains("id=\"quantity-error\""));
        let good = jeppe.submit(&new, &format!("/initiatives/{initiative}/needs"), &[("kind", "skills"), ("title", "Musik til festen"), ("skills", "musik, guitar"), ("from_date", "2027-06-02"), ("to_date", "2027-06-02")]).await;
        assert_eq!(good.status, 303, "{}", good.body);
        let page = jeppe.get(&format!("/initiatives/{initiative}")).await;
        assert!(page.body.contains("Musik til festen"));
    }
}

on_both_engines! {
    /// Twenty presses of "count me in" at once leave one pledge, whatever the timing.
    async fn one_live_pledge_per_actor_under_concurrency(app) {
        let need = need_id(&app, "Planter og jord til kasserne").await;
        let sofie_id = person_id(&app, "sofie@example.dk").await.to_string();
        let sofie = app.browser();
        sofie.login("sofie@example.dk", PASSWORD).await;
        let csrf = sofie.get(&format!("/needs/{need}")).await.csrf();
        let sofie = std::sync::Arc::new(sofie);
        let mut tasks = Vec::new();
        for _ in 0..20 {
            let (b, csrf, actor) = (sofie.clone(), csrf.clone(), sofie_id.clone());
            tasks.push(tokio::spawn(async move {
                b.post(&format!("/needs/{need}/pledges"), &[("csrf", csrf.as_str()), ("actor", actor.as_str())]).await.status
            }));
        }
        let mut statuses = Vec::new();
        for t in tasks {
            statuses.push(t.await.unwrap());
        }
        assert_eq!(statuses.iter().filter(|s| **s == 303).count(), 1, "{statuses:?}");
        assert!(statuses.iter().all(|s| *s == 303 || *s == 422), "{statuses:?}");
        let n: i64 = db::query_scalar("SELECT COUNT(*) FROM pledges WHERE need_id = $1").bind(need).fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(n, 1);
    }
}

on_both_engines! {
    /// The same way from need to counted contribution through the JSON API.
    async fn the_api_matches_pledges_and_counts(app) {
        let client = reqwest::Client::new();
        let her = crate::support::api_token(&app, "liselotte@example.dk", PASSWORD).await;
        let centre = crate::support::api_token(&app, "brian@aarhus.dk", PASSWORD).await;
        let need = need_id(&app, "Besøgsvenner og følgevenner").await;
        let offer = offer_id(&app, "Besøgsven to eftermiddage om ugen").await;

        let near: serde_json::Value = client
            .get(app.url("/api/v1/needs/near?latitude=56.1527&longitude=10.2039&radius_km=3&kind=hands&skills=bes%C3%B8gsven"))
            .header("accept-language", "en")
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(near[0]["need"]["id"], need, "{near}");
        assert!(near[0]["reasons"].as_array().unwrap().iter().any(|r| r == "Skills in common: besøgsven"), "{near}");
        let matches: serde_json::Value = client.get(app.url(&format!("/api/v1/needs/{need}/matches"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(matches[0]["offer"]["id"], offer, "{matches}");

        let pledge = |token: &str, body: serde_json::Value| client.post(app.url(&format!("/api/v1/needs/{need}/pledges"))).bearer_auth(token).json(&body).send();
        let made = pledge(&her, serde_json::json!({"offer_id": offer, "amount": 6})).await.unwrap();
        assert_eq!(made.status(), 201);
        let made: serde_json::Value = made.json().await.unwrap();
        assert_eq!(made["status"], "pledged");
        assert_eq!(pledge(&her, serde_json::json!({})).await.unwrap().status(), 409, "one live pledge per actor");
        let id = made["id"].as_i64().unwrap();

        let decide = |token: &str| client.post(app.url(&format!("/api/v1/pledges/{id}/decision"))).bearer_auth(token).json(&serde_json::json!({"decision": "accept"})).send();
        assert_eq!(decide(&her).await.unwrap().status(), 403);
        assert_eq!(decide(&centre).await.unwrap().status(), 200);
        let future = client.post(app.url(&format!("/api/v1/pledges/{id}/contributions"))).bearer_auth(&centre)
            .json(&serde_json::json!({"amount": 2, "given_on": "2099-01-01"})).send().await.unwrap();
        assert_eq!(future.status(), 422);
        let given: serde_json::Value = client.post(app.url(&format!("/api/v1/pledges/{id}/contributions"))).bearer_auth(&centre)
            .json(&serde_json::json!({"amount": 2})).send().await.unwrap().json().await.unwrap();
        assert_eq!(given["status"], "fulfilled");
        assert_eq!(given["given"], 2);
        assert_eq!(given["unit"], "hours");

        // Facts evaluation can trust: not before the pledge, and no more than pledged unless
        // someone confirms it, after which it stays marked.
        let contribute = |body: serde_json::Value| client.post(app.url(&format!("/api/v1/pledges/{id}/contributions"))).bearer_auth(&centre).json(&body).send();
        let yesterday = medspil::platform::time::today().yesterday().unwrap().to_string();
        let early: serde_json::Value = contribute(serde_json::json!({"amount": 1, "given_on": yesterday})).await.unwrap().json().await.unwrap();
        assert!(early["error"]["fields"]["given_on"].is_string(), "given before it was pledged: {early}");
        let million = contribute(serde_json::json!({"amount": 1_000_000})).await.unwrap();
        assert_eq!(million.status(), 409);
        assert_eq!(million.json::<serde_json::Value>().await.unwrap()["error"]["code"], "beyond_pledge");
        let five = contribute(serde_json::json!({"amount": 5})).await.unwrap();
        assert_eq!(five.status(), 409, "2 given and 5 more is beyond the 6 pledged");
        let confirmed: serde_json::Value = contribute(serde_json::json!({"amount": 5, "beyond_pledge": true})).await.unwrap().json().await.unwrap();
        assert_eq!((confirmed["given"].clone(), confirmed["given_beyond_pledge"].clone()), (serde_json::json!(7), serde_json::json!(true)));
        let page = crate::support::logged_in(&app, "brian@aarhus.dk").await.get(&format!("/needs/{need}")).await.body;
        assert!(page.contains("Givet: 7 timer <strong class=\"tag\">mere end lovet</strong>"), "{page}");

        let detail: serde_json::Value = client.get(app.url(&format!("/api/v1/needs/{need}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(detail["status"], "partly_met");
        assert_eq!(detail["pledges"][0]["actor_name"], "Liselotte");
        assert_eq!(detail["pledges"][0]["message"], "", "messages are not public");

        let nonsense = client.put(app.url(&format!("/api/v1/needs/{need}"))).bearer_auth(&her)
            .json(&serde_json::json!({"kind": "hands", "title": "", "quantity": 0})).send().await.unwrap();
        assert_eq!(nonsense.status(), 403, "who may change a need is decided before what was sent");

        let set = |token: &str, status: &str| client.post(app.url(&format!("/api/v1/needs/{need}/status"))).bearer_auth(token).json(&serde_json::json!({"status": status})).send();
        assert_eq!(set(&her, "met").await.unwrap().status(), 403);
        let met: serde_json::Value = set(&centre, "met").await.unwrap().json().await.unwrap();
        assert_eq!(met["status"], "met");

        let initiative = met["initiative_id"].as_i64().unwrap();
        let call: serde_json::Value = client.post(app.url(&format!("/api/v1/initiatives/{initiative}/calls"))).bearer_auth(&centre)
            .json(&serde_json::json!({"title": "Flere besøgsvenner"})).send().await.unwrap().json().await.unwrap();
        let closed: serde_json::Value = client.post(app.url(&format!("/api/v1/calls/{}/closure", call["id"]))).bearer_auth(&centre)
            .send().await.unwrap().json().await.unwrap();
        assert!(closed["closed_at"].is_string(), "{closed}");

        let bad = client.post(app.url("/api/v1/offers")).bearer_auth(&her)
            .json(&serde_json::json!({"kind": "hands", "title": "Lektiehjælp", "when": {"from_date": "2027-05-01", "to_date": "2027-04-01"}, "radius_m": 2000}))
            .send().await.unwrap();
        assert_eq!(bad.status(), 422);
        let bad: serde_json::Value = bad.json().await.unwrap();
        assert!(bad["error"]["fields"]["to_date"].is_string() && bad["error"]["fields"]["radius_km"].is_string(), "{bad}");
    }
}

on_both_engines! {
    /// An initiative sends out a call for help made of its open needs: a page to share, a feed,
    /// and word to its followers.
    async fn a_call_for_help_gathers_the_open_needs(app) {
        let initiative = id_of(&app, "SELECT id FROM initiatives WHERE title = $1", "Frederiksbjerg Spirer: grønne mødesteder mellem husene").await;
        let her = app.browser();
        her.login("liselotte@example.dk", PASSWORD).await;
        let path = format!("/initiatives/{initiative}");
        her.submit(&path, "/follows", &[("kind", "initiative"), ("target", &initiative.to_string()), ("back", &path)]).await;

        let jeppe = app.browser();
        jeppe.login("jeppe@example.dk", PASSWORD).await;
        let new = format!("/initiatives/{initiative}/calls/new");
        let action = format!("/initiatives/{initiative}/calls");
        let empty = jeppe.submit(&new, &action, &[("title", " "), ("message", "Kom og byg med!")]).await;
        assert_eq!(empty.status, 422);
        assert!(empty.body.contains("id=\"title-error\"") && empty.body.contains("Kom og byg med!"));
        let made = jeppe.submit(&new, &action, &[("title", "Vi bygger blomsterkasser – byg med!"), ("message", "Alle kan være med & ingen erfaring kræves.")]).await;
        assert_eq!(made.status, 303, "{}", made.body);
        let call = made.location.unwrap();

        let page = app.browser().get(&call).await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Hænder til Hyg &#38; Byg") || page.body.contains("Hænder til Hyg &amp; Byg"), "the open needs are on the call");
        assert!(page.body.contains(&format!("{}{call}", app.url(""))), "a link to share");

        let feed = reqwest::get(app.url("/calls.atom")).await.unwrap();
        assert_eq!(feed.headers()["content-type"], "application/atom+xml; charset=utf-8");
        let feed = feed.text().await.unwrap();
        assert!(feed.contains("<title>Vi bygger blomsterkasser – byg med!</title>"));
        assert!(feed.contains("Alle kan være med &amp; ingen erfaring kræves."), "escaped");

        app.notices_told().await;
        assert!(her.get("/inbox").await.body.contains("Opråb fra Frederiksbjerg Spirer"), "followers are told");

        let closed = jeppe.submit(&call, &format!("{call}/close"), &[]).await;
        assert_eq!(closed.status, 303);
        assert!(!reqwest::get(app.url("/calls.atom")).await.unwrap().text().await.unwrap().contains("blomsterkasser"));
    }
}

on_both_engines! {
    /// Five pledges of 2 hours to a need of 10 hours, accepted at the same moment: the need is
    /// met, whatever the timing (the need's row is locked while its status is worked out).
    async fn simultaneous_acceptances_leave_the_need_met(app) {
        use medspil::mobilisation::model::PledgeStatus;
        use medspil::mobilisation::store::{self, NewPledge};
        let need = need_id(&app, "Hænder til Hyg & Byg").await;
        db::query("UPDATE needs SET quantity = 14 WHERE id = $1").bind(need).execute(app.db.pool()).await.unwrap();
        // Sofie's demo pledge of 4 hours is there already; five more people pledge 2 each.
        db::query("UPDATE pledges SET status = 'accepted' WHERE need_id = $1").bind(need).execute(app.db.pool()).await.unwrap();
        let people: Vec<(i64, i64)> = db::query_as("SELECT person_id, id FROM users WHERE email <> 'sofie@example.dk' ORDER BY id LIMIT 5")
            .fetch_all(app.db.pool()).await.unwrap();
        let mut pledges = Vec::new();
        for (person, user) in &people {
            let p = NewPledge { need_id: need, actor_id: *person, offer_id: None, amount: Some(2), message: "", user_id: *user };
            pledges.push(store::pledge_to(&app.db, &p).await.unwrap().unwrap());
        }
        let mut tasks = Vec::new();
        for id in pledges {
            let db = app.db.clone();
            tasks.push(tokio::spawn(async move {
                store::move_pledge(&db, id, &[PledgeStatus::Pledged], PledgeStatus::Accepted, Some(("", 1))).await.unwrap()
            }));
        }
        for t in tasks {
            assert!(t.await.unwrap());
        }
        let status: String = db::query_scalar("SELECT status FROM needs WHERE id = $1").bind(need).fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(status, "met", "4 + 5 × 2 = 14 hours");
    }
}
