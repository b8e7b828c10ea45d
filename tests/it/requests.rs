//! The front door: a citizen group asks for plants, a street permit and a grant, and follows
//! each case to a decision; a pool's budget is never overdrawn, however many decisions at once.

use crate::on_both_engines;
use crate::support::{api_token, id_of, logged_in, people_with_tokens};
use medspil::platform::db;
use serde_json::{Value, json};
use std::sync::Arc;

const PASSWORD: &str = "medspil-demo";

on_both_engines! {
    /// Jeppe asks on the Spirer's behalf; Birgitte's unit handles the cases: a question and an
    /// answer, a partial grant with its reason, plants counted as the unit's contribution. The
    /// pool shows what is left and how long decisions take.
    async fn a_citizen_group_follows_its_requests_to_decisions(app) {
        let initiative = id_of(&app, "SELECT MIN(id) FROM initiatives WHERE title LIKE 'Frederiksbjerg Spirer%'").await.to_string();
        let spirer = id_of(&app, "SELECT id FROM actors WHERE name = 'Frederiksbjerg Spirer'").await.to_string();
        let mtm = id_of(&app, "SELECT id FROM actors WHERE name = 'Teknik og Miljø'").await.to_string();
        let pool = id_of(&app, "SELECT id FROM pools WHERE name = 'Puljen til grønne fællesskaber'").await;
        let pool_s = pool.to_string();
        let jeppe = logged_in(&app, "jeppe@example.dk").await;
        let new = format!("/requests/new?initiative={initiative}");
        let ask = |fields: Vec<(&'static str, String)>| {
            let mut all = vec![("initiative", initiative.clone()), ("applicant", spirer.clone()), ("description", "Til Hyg & Byg".to_string()), ("needed_on", "2030-06-02".to_string())];
            all.extend(fields);
            all
        };
        let send = |fields: Vec<(&'static str, String)>| {
            let (jeppe, new) = (&jeppe, new.clone());
            async move {
                let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
                jeppe.submit(&new, "/requests", &pairs).await
            }
        };
        let no_place = send(ask(vec![("kind", "permit".into()), ("title", "Tilladelse til gaden".into()), ("unit", mtm.clone())])).await;
        assert_eq!(no_place.status, 422);
        assert!(no_place.body.contains("id=\"place-error\""), "{}", no_place.body);
        let permit = send(ask(vec![("kind", "permit".into()), ("title", "Tilladelse til gaden".into()), ("unit", mtm.clone()), ("place", "Ingerslevs Boulevard 10-30".into())])).await;
        assert_eq!(permit.status, 303, "{}", permit.body);
        let too_little_own = send(ask(vec![("kind", "grant".into()), ("title", "Tilskud til kasser".into()), ("pool", pool_s.clone()), ("amount", "40.000".into()), ("project_cost", "45.000".into())])).await;
        assert_eq!(too_little_own.status, 422);
        assert!(too_little_own.body.contains("mindst 25 % egenfinansiering, så I kan højst søge 33.750 kr."), "{}", too_little_own.body);
        let grant = send(ask(vec![("kind", "grant".into()), ("title", "Tilskud til kasser".into()), ("pool", pool_s.clone()), ("amount", "30.000".into()), ("project_cost", "45.000".into())])).await;
        assert_eq!(grant.status, 303, "{}", grant.body);
        let grant = grant.location.unwrap();
        assert!(jeppe.get(&grant).await.body.contains("Modtaget"));

        // A budget goes with the application; only PDFs, images, Office files and text are taken.
        let upload = |bytes: &'static [u8], csrf: String| {
            let form = reqwest::multipart::Form::new().part("document", reqwest::multipart::Part::bytes(bytes).file_name("budget.pdf"));
            jeppe.client.post(app.url(&format!("{grant}/documents?csrf={csrf}"))).multipart(form).send()
        };
        let csrf = jeppe.get(&grant).await.csrf();
        let refused = upload(b"MZ\x90\x00 not a document", csrf.clone()).await.unwrap();
        assert_eq!(refused.status(), 303);
        let back = refused.headers()["location"].to_str().unwrap().to_string();
        assert!(back.ends_with("?document=type#documents"), "{back}");
        let explained = jeppe.get(back.split('#').next().unwrap()).await;
        assert_eq!(explained.status, 422);
        assert!(explained.body.contains("id=\"document-error\"") && explained.body.contains("Filen er ikke en PDF"));
        assert_eq!(upload(b"%PDF-1.7 budget", "0".repeat(64)).await.unwrap().status(), 403, "the token is checked");
        assert_eq!(upload(b"%PDF-1.7 budget", csrf).await.unwrap().status(), 303);
        let doc = id_of(&app, "SELECT MIN(id) FROM request_documents").await;
        assert!(jeppe.get(&grant).await.body.contains("budget.pdf"));

        // Birgitte's queue holds the cases, oldest first, with their age.
        let birgitte = logged_in(&app, "birgitte@aarhus.dk").await;
        let queue = birgitte.get("/requests").await.body;
        let plants_at = queue.find("Planter og jord til Frederiksbjergkasserne").expect("the demo request is queued");
        assert!(plants_at < queue.find("Tilskud til kasser").unwrap(), "oldest first");
        assert!(queue.contains("0 dage"));
        assert_eq!(logged_in(&app, "sofie@example.dk").await.get(&grant).await.status, 403, "a case is the applicant's and the unit's");
        assert_eq!(logged_in(&app, "sofie@example.dk").await.get(&format!("{grant}/documents/{doc}")).await.status, 403);
        let download = birgitte.client.get(app.url(&format!("{grant}/documents/{doc}"))).send().await.unwrap();
        assert_eq!(download.headers()["content-type"], "application/pdf");
        assert!(download.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
        assert_eq!(download.bytes().await.unwrap().as_ref(), b"%PDF-1.7 budget");

        // A question waits for the applicant; the answer goes back.
        assert_eq!(birgitte.submit(&grant, &format!("{grant}/messages"), &[("message", "Hvor mange kasser bliver det?")]).await.status, 303);
        let seen = jeppe.get(&grant).await.body;
        assert!(seen.contains("Venter på svar fra ansøger") && seen.contains("Hvor mange kasser bliver det?"), "{seen}");
        assert_eq!(jeppe.submit(&grant, &format!("{grant}/messages"), &[("message", "40 kasser, én pr. opgang.")]).await.status, 303);
        assert!(birgitte.get(&grant).await.body.contains("Under behandling"));

        // A partial grant needs a reason and less than asked.
        let no_reason = birgitte.submit(&grant, &format!("{grant}/decision"), &[("outcome", "partly_granted"), ("granted", "20.000")]).await;
        assert_eq!(no_reason.status, 422);
        assert!(no_reason.body.contains("id=\"reason-error\""));
        let decided = birgitte.submit(&grant, &format!("{grant}/decision"), &[("outcome", "partly_granted"), ("granted", "20.000"), ("reason", "Puljen dækker materialer, ikke festen")]).await;
        assert_eq!(decided.status, 303, "{}", decided.body);
        let seen = jeppe.get(&grant).await.body;
        assert!(seen.contains("Delvist bevilget: 20.000 kr. – Puljen dækker materialer, ikke festen"), "{seen}");
        app.notices_told().await;
        let inbox = jeppe.get("/inbox").await.body;
        assert!(inbox.contains("Teknik og Miljø har et spørgsmål til din henvendelse: Tilskud til kasser"), "{inbox}");
        assert!(inbox.contains("Teknik og Miljø har afgjort din henvendelse: Tilskud til kasser"), "{inbox}");
        let pool_page = app.browser().get(&format!("/pools/{pool}")).await.body;
        assert!(pool_page.contains("480.000 kr. tilbage af 500.000 kr."), "{pool_page}");
        assert!(pool_page.contains("median af 1 afgørelse)"), "{pool_page}");

        // The plants are given and counted as Teknik og Miljø's contribution to the initiative,
        // beside the 40 perennials it gave before.
        let plants = id_of(&app, "SELECT id FROM requests WHERE title = 'Planter og jord til Frederiksbjergkasserne'").await;
        let plants = format!("/requests/{plants}");
        let given = birgitte.submit(&plants, &format!("{plants}/decision"), &[("outcome", "granted"), ("given", "40"), ("given_unit", "items")]).await;
        assert_eq!(given.status, 303, "{}", given.body);
        assert_eq!(birgitte.submit(&plants, &format!("{plants}/decision"), &[("outcome", "declined"), ("reason", "Nej")]).await.status, 409, "decided once");
        let page = app.browser().get(&format!("/initiatives/{initiative}")).await.body;
        assert!(page.contains("80 stk.") && page.contains("20000 kr."), "{page}");
        // Who gave what: the municipality's unit by name, with the permit it granted, as the
        // associations and the shop.
        let givers = page.split("<ul class=\"givers\">").nth(1).unwrap_or_else(|| panic!("{page}")).split("</ul>").next().unwrap();
        assert!(givers.starts_with("<li><strong>Kommunen:</strong> <a href=\"/actors/") && givers.contains(">Teknik og Miljø</a> (80 stk., 20000 kr., en tilladelse)"), "{givers}");
        assert!(givers.contains("<li><strong>Foreninger og virksomheder:</strong> <a href=\"/actors/"), "{givers}");
        assert!(givers.contains(">Butik Højkant</a> (6 timer)") && givers.contains(">Frederiksbjerg og Langenæs Fællesråd</a> (8 timer)"), "{givers}");
        let api: serde_json::Value = reqwest::get(app.url(&format!("/api/v1/initiatives/{initiative}"))).await.unwrap().json().await.unwrap();
        let given = api["given"].as_array().unwrap().iter()
            .find(|g| g["giver"]["name"] == "Teknik og Miljø" && g["unit"] == "items").unwrap_or_else(|| panic!("{api}"));
        assert_eq!((given["arena"].clone(), given["amount"].clone()), (serde_json::json!("municipality"), serde_json::json!(80)));
        assert_eq!(birgitte.submit(&plants, &format!("{plants}/close"), &[]).await.status, 303);
        assert!(jeppe.get(&plants).await.body.contains("Afsluttet"));
    }
}

on_both_engines! {
    /// 30 grants of 5,000 kr. decided at once through two nodes from a pool of 100,000 kr.:
    /// exactly 20 are granted, the rest are refused with what is left, the pool is not overdrawn.
    async fn a_pool_is_never_overdrawn(app) {
        let second = app.second_node().await;
        let nodes = [app.url(""), second.url("")];
        let client = Arc::new(reqwest::Client::new());
        let owner = api_token(&app, "birgitte@aarhus.dk", PASSWORD).await;
        let mtm = id_of(&app, "SELECT id FROM actors WHERE name = 'Teknik og Miljø'").await;
        let r = client.post(app.url("/api/v1/pools")).bearer_auth(&owner)
            .json(&json!({"unit_id": mtm, "name": "Lille pulje", "budget_ore": 10_000_000, "max_grant_ore": 500_000}))
            .send().await.unwrap();
        assert_eq!(r.status(), 201);
        let pool = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        let mut ids = Vec::new();
        for (_, token) in people_with_tokens(&app, 30).await {
            let r = client.post(app.url("/api/v1/requests")).bearer_auth(&token)
                .json(&json!({"kind": "grant", "pool_id": pool, "title": "Gårdfest", "description": "Borde og telte", "amount_ore": 500_000}))
                .send().await.unwrap();
            assert_eq!(r.status(), 201);
            ids.push(r.json::<Value>().await.unwrap()["id"].as_i64().unwrap());
        }
        let mut tasks = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            let (client, owner) = (client.clone(), owner.clone());
            let url = format!("{}/api/v1/requests/{id}/decision", nodes[i % 2]);
            tasks.push(tokio::spawn(async move {
                let r = client.post(url).bearer_auth(owner).json(&json!({"outcome": "granted"})).send().await.unwrap();
                (r.status().as_u16(), r.json::<Value>().await.unwrap())
            }));
        }
        let mut answers = Vec::new();
        for t in tasks {
            answers.push(t.await.unwrap());
        }
        assert_eq!(answers.iter().filter(|a| a.0 == 200).count(), 20, "{answers:?}");
        let refused: Vec<&Value> = answers.iter().filter(|a| a.0 == 409).map(|a| &a.1).collect();
        assert_eq!(refused.len(), 10, "{answers:?}");
        assert!(refused.iter().all(|b| b["error"]["message"] == "Der er kun 0 kr. tilbage i puljen. Bevil mindre, eller afslå."), "{refused:?}");
        assert!(refused.iter().all(|b| b["error"]["code"] == "pool_exhausted"), "{refused:?}");
        let p: Value = client.get(app.url(&format!("/api/v1/pools/{pool}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(p["granted_ore"], 10_000_000);
        assert_eq!(p["remaining_ore"], 0);
        let decided: i64 = db::query_scalar("SELECT COUNT(*) FROM requests WHERE pool_id = $1 AND status = 'decided'").bind(pool).fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(decided, 20, "a refused decision leaves the case open");

        // Nobody decides their own case, even when they handle the pool.
        let r = client.post(app.url("/api/v1/requests")).bearer_auth(&owner)
            .json(&json!({"kind": "help", "unit_id": mtm, "title": "Borde", "description": "Til gårdfesten"}))
            .send().await.unwrap();
        let own = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        let r = client.post(app.url(&format!("/api/v1/requests/{own}/decision"))).bearer_auth(&owner).json(&json!({"outcome": "granted"})).send().await.unwrap();
        assert_eq!(r.status(), 403);
    }
}
