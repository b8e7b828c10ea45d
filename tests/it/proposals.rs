//! Backing initiatives where they are born: the municipality offers and proposes, the owner
//! answers; an initiative invites, the invited answer; a department anchors only what it
//! accepts. Every proposal stays in the initiative's history, and only one answer counts.

use crate::on_both_engines;
use crate::support::{api_token, id_of, logged_in};
use serde_json::{Value, json};

async fn initiative(app: &crate::support::TestApp, title: &str) -> i64 {
    id_of(
        app,
        &format!("SELECT id FROM initiatives WHERE title LIKE '{title}%'"),
    )
    .await
}

async fn actor(app: &crate::support::TestApp, name: &str) -> i64 {
    id_of(app, &format!("SELECT id FROM actors WHERE name = '{name}'")).await
}

on_both_engines! {
    async fn brian_backs_what_already_happens_through_an_offer_the_owner_accepts(app) {
        let cbh = actor(&app, "Center for bostøtte i eget hjem").await;
        let id = initiative(&app, "Besøgsvenner i plejeboligerne").await;
        let path = format!("/initiatives/{id}");

        // His centre's overview suggests the association's initiative before he starts his own.
        let brian = logged_in(&app, "brian@aarhus.dk").await;
        let overview = brian.get(&format!("/overview?scope=unit-{cbh}")).await.body;
        assert!(overview.contains(&format!("href=\"/initiatives/{id}\"")), "{overview}");

        let page = brian.get(&path).await.body;
        assert!(page.contains("Tilbyd støtte eller stil et forslag"), "{page}");
        // Sent without saying what, and with an amount that is no number, it comes back as typed.
        let vague = [("kind", "offer"), ("actor", &cbh.to_string()), ("role", "contributor"), ("ask", "staff"),
            ("amount", "tyve"), ("message", "Vi kender beboerne")];
        let back = brian.submit(&path, &format!("{path}/proposals"), &vague).await;
        assert_eq!(back.status, 422);
        assert!(back.body.contains("id=\"propose-what-error\"") && back.body.contains("id=\"propose-amount-error\""), "{}", back.body);
        assert!(back.body.contains(">Vi kender beboerne</textarea>") && back.body.contains("value=\"tyve\""), "the input is kept");
        assert!(back.body.contains("<option value=\"staff\" selected>"));
        let offer = [("kind", "offer"), ("actor", &cbh.to_string()), ("role", "contributor"), ("ask", "staff"),
            ("what", "To medarbejdere til besøgsrunden"), ("amount", "20"), ("message", "Vi kender beboerne")];
        let made = brian.submit(&path, &format!("{path}/proposals"), &offer).await;
        assert_eq!(made.status, 303, "{}", made.body);
        let again = brian.submit(&path, &format!("{path}/proposals"), &offer).await;
        assert_eq!(again.status, 409, "the same offer waits once");
        assert!(again.body.contains("id=\"propose-proposal-error\"") && again.body.contains("Det samme forslag venter allerede på svar"),
            "said above the form, as typed");
        let joined = format!("SELECT COUNT(*) FROM initiative_participants WHERE initiative_id = {id} AND actor_id = {cbh}");
        assert_eq!(id_of(&app, &joined).await, 0, "an offer is not a participation until the owner says yes");

        // Only the owner answers: not Brian, not the department's leader, not a platform admin.
        let proposal = id_of(&app, &format!("SELECT id FROM proposals WHERE initiative_id = {id} AND kind = 'offer'")).await;
        let answer = format!("/proposals/{proposal}/answer");
        assert_eq!(brian.submit(&path, &answer, &[("answer", "accept")]).await.status, 403);
        let admin = logged_in(&app, "admin@medspil.dk").await;
        assert_eq!(admin.submit(&path, &answer, &[("answer", "accept")]).await.status, 403);

        let hanne = logged_in(&app, "formand@socialfrivillig.dk").await;
        app.notices_told().await;
        let inbox = hanne.get("/proposals").await.body;
        assert!(inbox.contains("Tilbud om støtte") && inbox.contains("Center for bostøtte i eget hjem"), "{inbox}");
        let accepted = hanne.submit(&path, &answer, &[("answer", "accept"), ("reason", "Velkommen, vi mødes i marts")]).await;
        assert_eq!(accepted.status, 303, "{}", accepted.body);
        assert_eq!(hanne.submit(&path, &answer, &[("answer", "decline")]).await.status, 409, "answered once");

        // Accepted, the centre takes part in the role it offered, and what it gives is pledged.
        let role: String = medspil::platform::db::query_scalar(format!(
            "SELECT role FROM initiative_participants WHERE initiative_id = {id} AND actor_id = {cbh}"))
            .fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(role, "contributor");
        let pledged = id_of(&app, &format!(
            "SELECT CAST(COALESCE(SUM(p.amount), 0) AS BIGINT) FROM pledges p JOIN needs n ON n.id = p.need_id \
             WHERE n.initiative_id = {id} AND p.actor_id = {cbh} AND p.status = 'accepted' AND n.kind = 'hands'")).await;
        assert_eq!(pledged, 20);
        let page = hanne.get(&path).await.body;
        assert!(page.contains("Accepteret") && page.contains("Velkommen, vi mødes i marts"), "the answer stays visible");
        assert!(page.contains("To medarbejdere til besøgsrunden"), "the need it became");

        // Brian hears the answer.
        app.notices_told().await;
        let c = reqwest::Client::new();
        let token = api_token(&app, "brian@aarhus.dk", "medspil-demo").await;
        let heard: Value = c.get(app.url("/api/v1/me/notifications")).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert!(heard.to_string().contains("proposal_answered"), "{heard}");
    }
}

on_both_engines! {
    async fn the_department_proposes_and_the_citizens_decide(app) {
        let id = initiative(&app, "Frederiksbjerg Spirer").await;
        let mtm = actor(&app, "Teknik og Miljø").await;
        let path = format!("/initiatives/{id}");
        let birgitte = logged_in(&app, "birgitte@aarhus.dk").await;
        let page = birgitte.get(&path).await.body;
        assert!(!page.contains("Skift status"), "the department does not steer what citizens own");
        assert_eq!(birgitte.submit(&path, &format!("{path}/status"), &[("to", "paused")]).await.status, 403);
        assert_eq!(birgitte.get(&format!("{path}/edit")).await.status, 403);

        // She proposes a pause instead; Jeppe declines, saying why, and nothing changes.
        let m = mtm.to_string();
        let pause = birgitte.submit(&path, &format!("{path}/proposals"),
            &[("kind", "status_change"), ("actor", &m), ("status_to", "paused"), ("message", "Vinterpause?")]).await;
        assert_eq!(pause.status, 303, "{}", pause.body);
        let scale = birgitte.submit(&path, &format!("{path}/proposals"),
            &[("kind", "take_over"), ("actor", &m), ("message", "Vi vil drive det i hele byen")]).await;
        assert_eq!(scale.status, 303);
        let jeppe = logged_in(&app, "jeppe@example.dk").await;
        let proposal = |kind: &'static str| {
            let sql = format!("SELECT id FROM proposals WHERE initiative_id = {id} AND kind = '{kind}'");
            let app = &app;
            async move { id_of(app, &sql).await }
        };
        let declined = jeppe.submit(&path, &format!("/proposals/{}/answer", proposal("status_change").await),
            &[("answer", "decline"), ("reason", "Kasserne skal passes hele året")]).await;
        assert_eq!(declined.status, 303);
        let declined = jeppe.submit(&path, &format!("/proposals/{}/answer", proposal("take_over").await),
            &[("answer", "decline"), ("reason", "Det forbliver borgernes")]).await;
        assert_eq!(declined.status, 303);
        let c = reqwest::Client::new();
        let api: Value = c.get(app.url(&format!("/api/v1/initiatives/{id}"))).send().await.unwrap().json().await.unwrap();
        assert_ne!(api["status"], "paused");
        assert_eq!(api["ownership_history"].as_array().unwrap().len(), 1, "the owner did not change");
        let history: Value = c.get(app.url(&format!("/api/v1/initiatives/{id}/proposals"))).send().await.unwrap().json().await.unwrap();
        let states: Vec<(&str, &str)> = history.as_array().unwrap().iter()
            .map(|p| (p["kind"].as_str().unwrap(), p["state"].as_str().unwrap())).collect();
        assert!(states.contains(&("take_over", "declined")) && states.contains(&("status_change", "declined")), "{states:?}");

        // Made a coordinator by an invitation the department accepts, it may steer alongside.
        let invited = jeppe.submit(&path, &format!("{path}/proposals"),
            &[("kind", "invitation"), ("actor", &m), ("role", "coordinator"), ("message", "Vær med til at styre")]).await;
        assert_eq!(invited.status, 303, "{}", invited.body);
        let invitation = proposal("invitation").await;
        assert_eq!(jeppe.submit(&path, &format!("/proposals/{invitation}/answer"), &[("answer", "accept")]).await.status, 403,
            "the invited answer, not the one who invites");
        assert_eq!(birgitte.submit(&path, &format!("/proposals/{invitation}/answer"), &[("answer", "accept")]).await.status, 303);
        assert!(birgitte.get(&path).await.body.contains("Skift status"));

        // When Jeppe gives the initiative to the association, what waited for him is withdrawn.
        let scale_up = proposal("scale_up").await;
        let spirer = actor(&app, "Frederiksbjerg Spirer").await;
        let moved = jeppe.submit(&path, &format!("{path}/owner"), &[("to", &spirer.to_string()), ("confirm", "yes")]).await;
        assert_eq!(moved.status, 303);
        let p: Value = c.get(app.url(&format!("/api/v1/initiatives/{id}/proposals"))).send().await.unwrap().json().await.unwrap();
        let state = p.as_array().unwrap().iter().find(|x| x["id"] == scale_up).unwrap()["state"].clone();
        assert_eq!(state, "withdrawn");
    }
}

on_both_engines! {
    async fn anchoring_waits_for_the_department_and_one_answer_counts(app) {
        let mtm = actor(&app, "Teknik og Miljø").await;
        let c = reqwest::Client::new();
        let sofie = api_token(&app, "sofie@example.dk", "medspil-demo").await;
        let body = json!({"title": "Bænke på Bruuns Bro", "purpose": "Steder at sidde", "theme": "green_streets",
            "stage": "co_creation", "commitment": "non_binding", "leadership_mode": "facilitating", "department_id": mtm});
        let made: Value = c.post(app.url("/api/v1/initiatives")).bearer_auth(&sofie).json(&body).send().await.unwrap().json().await.unwrap();
        assert!(made["department_id"].is_null(), "not anchored until the department accepts: {made}");
        let id = made["id"].as_i64().unwrap();
        let asked: Value = c.get(app.url(&format!("/api/v1/initiatives/{id}/proposals"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(asked[0]["kind"], "anchoring");
        assert_eq!(asked[0]["to"]["id"], mtm);
        assert_eq!(asked[0]["state"], "open");
        let proposal = asked[0]["id"].as_i64().unwrap();

        // Sofie cannot answer for the department; Birgitte answers twice at the same moment.
        let answer = app.url(&format!("/api/v1/proposals/{proposal}/answer"));
        let r = c.post(&answer).bearer_auth(&sofie).json(&json!({"accept": true})).send().await.unwrap();
        assert_eq!(r.status(), 403);
        let birgitte = api_token(&app, "birgitte@aarhus.dk", "medspil-demo").await;
        let tries = (0..4).map(|i| {
            let (c, answer, token) = (c.clone(), answer.clone(), birgitte.clone());
            tokio::spawn(async move {
                c.post(&answer).bearer_auth(&token).json(&json!({"accept": i % 2 == 0})).send().await.unwrap()
            })
        });
        let mut codes = Vec::new();
        let mut bodies = Vec::new();
        for t in tries {
            let r = t.await.unwrap();
            codes.push(r.status().as_u16());
            bodies.push(r.json::<Value>().await.unwrap());
        }
        codes.sort();
        assert_eq!(codes, [200, 409, 409, 409], "{bodies:?}");
        assert!(bodies.iter().filter(|b| b.get("error").is_some()).all(|b| b["error"]["code"] == "proposal_already_answered"), "{bodies:?}");
        let won = bodies.iter().find(|b| b.get("state").is_some()).unwrap();
        let anchored: Value = c.get(app.url(&format!("/api/v1/initiatives/{id}"))).send().await.unwrap().json().await.unwrap();
        if won["state"] == "accepted" {
            assert_eq!(anchored["department_id"], mtm);
        } else {
            assert!(anchored["department_id"].is_null());
        }

        // A permit comes from the municipality, as a case in the unit's queue.
        let spirer = initiative(&app, "Frederiksbjerg Spirer").await;
        let jeppe = api_token(&app, "jeppe@example.dk", "medspil-demo").await;
        let fr = actor(&app, "Frederiksbjerg og Langenæs Fællesråd").await;
        let wrong = json!({"kind": "invitation", "actor_id": fr, "role": "partner", "ask": "permit", "what": "Brug af plænen"});
        let r = c.post(app.url(&format!("/api/v1/initiatives/{spirer}/proposals"))).bearer_auth(&jeppe).json(&wrong).send().await.unwrap();
        assert_eq!(r.status(), 409);
        assert_eq!(r.json::<Value>().await.unwrap()["error"]["code"], "permit_only_from_a_municipal_unit");
        let karen = id_of(&app, "SELECT id FROM actors WHERE name = 'Karen Friis'").await;
        let person = json!({"kind": "invitation", "actor_id": karen, "role": "partner"});
        let r = c.post(app.url(&format!("/api/v1/initiatives/{spirer}/proposals"))).bearer_auth(&jeppe).json(&person).send().await.unwrap();
        assert_eq!(r.json::<Value>().await.unwrap()["error"]["code"], "proposal_needs_an_organisation", "a citizen joins herself");
        let nv = actor(&app, "Natur og Vej").await;
        let ask = json!({"kind": "invitation", "actor_id": nv, "role": "supporter", "ask": "permit", "what": "Borde på plænen 2. juni"});
        let r = c.post(app.url(&format!("/api/v1/initiatives/{spirer}/proposals"))).bearer_auth(&jeppe).json(&ask).send().await.unwrap();
        assert_eq!(r.status(), 201);
        let invitation = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        let peter = api_token(&app, "peter@aarhus.dk", "medspil-demo").await;
        let r = c.post(app.url(&format!("/api/v1/proposals/{invitation}/answer"))).bearer_auth(&peter)
            .json(&json!({"accept": true, "reason": "Vi behandler det som en sag"})).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let case = id_of(&app, &format!(
            "SELECT COUNT(*) FROM requests WHERE kind = 'permit' AND unit_id = {nv} AND initiative_id = {spirer} \
             AND title = 'Borde på plænen 2. juni' AND status = 'received'")).await;
        assert_eq!(case, 1, "the accepted ask waits in the unit's queue");
    }
}
