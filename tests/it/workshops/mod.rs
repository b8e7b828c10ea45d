//! Workshops: the fællesråd plans a workshop on traffic with Natur og Vej, residents add ideas
//! on their phones without an account, a facilitator types in paper post-its, and every idea
//! gets a fate with a reason that the public report shows.

mod api;

use crate::on_both_engines;
use crate::support::{Browser, TestApp, id_of, logged_in, value_of};

/// Karen plans the workshop for the fællesråd with Natur og Vej; returns its id and code.
async fn planned(app: &TestApp, karen: &Browser) -> (i64, String) {
    let council = id_of(
        app,
        "SELECT id FROM actors WHERE name = 'Frederiksbjerg og Langenæs Fællesråd'",
    )
    .await
    .to_string();
    let roads = id_of(app, "SELECT id FROM actors WHERE name = 'Natur og Vej'")
        .await
        .to_string();
    let plan = [
        ("host", council.as_str()),
        ("co_hosts", roads.as_str()),
        ("title", "Trafik i Frederiksbjerg"),
        ("purpose", "Roligere gader, som beboerne selv foreslår."),
        (
            "questions",
            "Hvor kører bilerne for stærkt?\r\n\r\nHvad ville gøre gaderne tryggere?",
        ),
        ("agenda", "18.00 Velkomst\n18.15 Idéer"),
        ("place", "Frederiksbjerg Skole"),
        ("starts", "2027-03-04T18:00"),
        ("ends", "2027-03-04T20:30"),
        ("dots", "3"),
        ("fate_within_days", "60"),
    ];
    let made = karen.submit("/workshops/new", "/workshops", &plan).await;
    assert_eq!(made.status, 303, "{}", made.body);
    let id: i64 = made
        .location
        .unwrap()
        .trim_start_matches("/workshops/")
        .parse()
        .unwrap();
    let code = value_of(app, &format!("SELECT code FROM workshops WHERE id = {id}")).await;
    (id, code)
}

on_both_engines! {
    async fn every_idea_from_phone_or_paper_reaches_a_fate_the_report_shows(app) {
        let karen = logged_in(&app, "formand@frederiksbjerg-faellesraad.dk").await;
        // A plan without questions is explained next to the field, as typed.
        let empty = karen.submit("/workshops/new", "/workshops", &[("title", "Uden spørgsmål"), ("purpose", "x"),
            ("questions", " \n "), ("starts", "2027-03-04T18:00"), ("ends", "2027-03-04T20:00")]).await;
        assert_eq!(empty.status, 422);
        assert!(empty.body.contains("id=\"questions-error\"") && empty.body.contains("value=\"Uden spørgsmål\""), "{}", empty.body);
        let (id, code) = planned(&app, &karen).await;
        let report = format!("/workshops/{id}");

        // Before it opens, a phone is told so; the code can be typed as people do.
        let phone = app.browser();
        let typed = format!("/w?code={}-{}", code[..3].to_lowercase(), &code[3..]);
        assert_eq!(phone.get(&typed).await.location.as_deref(), Some(format!("/w/{code}").as_str()));
        assert!(phone.get(&format!("/w/{code}")).await.body.contains("tager ikke imod idéer"));
        let open = karen.submit(&report, &format!("/workshops/{id}/session"), &[("from", "planned"), ("to", "open")]).await;
        assert_eq!(open.status, 303);

        // Mads joins without an account and adds an idea to each question, one anonymously.
        let q1 = id_of(&app, &format!("SELECT id FROM workshop_questions WHERE workshop_id = {id} AND position = 0")).await.to_string();
        let q2 = id_of(&app, &format!("SELECT id FROM workshop_questions WHERE workshop_id = {id} AND position = 1")).await.to_string();
        let session = format!("/w/{code}");
        let joined = phone.submit(&session, &format!("{session}/join"), &[("name", "Mads"), ("email", "mads@example.dk")]).await;
        assert_eq!(joined.status, 303, "{}", joined.body);
        let ideas = format!("{session}/ideas");
        let none = phone.submit(&session, &ideas, &[("question", q1.as_str()), ("text", "  ")]).await;
        assert_eq!(none.status, 422);
        assert!(none.body.contains("id=\"text-error\""));
        for (q, text, anonymous) in [(&q1, "Vejbump på Hans Broges Gade", ""), (&q2, "Legegade om søndagen", "1")] {
            let added = phone.submit(&session, &ideas, &[("question", q.as_str()), ("text", text), ("anonymous", anonymous)]).await;
            assert_eq!(added.status, 303, "{}", added.body);
        }
        let phone_page = phone.get(&session).await;
        let phone_csrf = phone_page.csrf();
        let mine = phone_page.body;
        assert!(mine.contains("Du deltager som Mads") && mine.contains("Legegade om søndagen"), "{mine}");
        // A browser that has not joined is asked to join first.
        let stranger = app.browser();
        let csrf = stranger.get(&session).await.csrf();
        let unjoined = stranger.post(&ideas, &[("csrf", &csrf), ("question", &q1), ("text", "Hej")]).await;
        assert_eq!(unjoined.location.as_deref(), Some(session.as_str()));

        // Peter of Natur og Vej, a co-host, types in Bodil's post-it; a plain member may not.
        let peter = logged_in(&app, "peter@aarhus.dk").await;
        let paper = [("question", q2.as_str()), ("text", "Flere cykelstativer ved skolen"), ("author_name", "Bodil"), ("origin", "paper")];
        assert_eq!(peter.submit(&report, &format!("/workshops/{id}/ideas"), &paper).await.status, 303);
        let sofie = logged_in(&app, "sofie@example.dk").await;
        assert!(!sofie.get(&report).await.body.contains("Tast en idé ind fra papir"), "a plain member is no facilitator");
        let paper_by_member = sofie.submit(&report, &format!("/workshops/{id}/ideas"), &paper).await;
        assert_eq!(paper_by_member.status, 403);

        // The public report: every idea with its author and origin; the code only for hosts.
        let visitor = app.browser();
        let public = visitor.get(&report).await.body;
        assert!(public.contains("Vejbump på Hans Broges Gade") && public.contains("Mads") && public.contains("Anonym"), "{public}");
        assert!(public.contains("Bodil") && public.contains("Post-it på papir") && public.contains("3 idéer, 0 med en afgørelse"), "{public}");
        assert!(!public.contains(&code) && karen.get(&report).await.body.contains(&code));

        // Fates: a reason and someone answerable always; adopted links where it went.
        let bump = id_of(&app, "SELECT id FROM ideas WHERE text = 'Vejbump på Hans Broges Gade'").await;
        let racks = id_of(&app, "SELECT id FROM ideas WHERE text = 'Flere cykelstativer ved skolen'").await;
        let street = id_of(&app, "SELECT id FROM ideas WHERE text = 'Legegade om søndagen'").await;
        let fate = |idea: i64| (format!("/ideas/{idea}"), format!("/ideas/{idea}/fate"));
        let (page, action) = fate(racks);
        let bare = karen.submit(&page, &action, &[("from", ""), ("fate", "declined"), ("reason", " "), ("responsible", "Karen Friis")]).await;
        assert_eq!(bare.status, 422);
        assert!(bare.body.contains("id=\"reason-error\""), "{}", bare.body);
        let declined = [("from", ""), ("fate", "declined"), ("reason", "Skolen har lige fået 40 nye pladser."), ("responsible", "Karen Friis")];
        assert_eq!(karen.submit(&page, &action, &declined).await.status, 303);
        let again = karen.submit(&page, &action, &declined).await;
        assert_eq!(again.status, 409, "a declined idea keeps its fate");
        let (page, action) = fate(street);
        let past = karen.submit(&page, &action, &[("from", ""), ("fate", "parked"), ("parked_until", "2020-01-01"),
            ("reason", "Afventer budget."), ("responsible", "Karen Friis")]).await;
        assert_eq!(past.status, 422);
        assert!(past.body.contains("id=\"parked_until-error\""));
        let parked = [("from", ""), ("fate", "parked"), ("parked_until", "2030-01-15"), ("reason", "Afventer trafikplanen for 2030."), ("responsible", "Peter")];
        assert_eq!(peter.submit(&page, &action, &parked).await.status, 303);
        // Decided from a page that still showed no fate: somebody was first.
        let late = karen.submit(&page, &action, &[("from", ""), ("fate", "declined"), ("reason", "Nej."), ("responsible", "Karen")]).await;
        assert_eq!(late.status, 409);
        assert!(late.body.contains("En anden har lige besluttet"), "{}", late.body);
        let initiative = id_of(&app, "SELECT id FROM initiatives WHERE title = 'Hans Broges Gade begrønnes af borgerne'").await.to_string();
        let (page, action) = fate(bump);
        let adopted = [("from", ""), ("fate", "adopted"), ("adopted_as", "initiative"), ("adopted_id", initiative.as_str()),
            ("reason", "Spirerne tager det med i Hyg & Byg."), ("responsible", "Jeppe")];
        assert_eq!(karen.submit(&page, &action, &adopted).await.status, 303);
        assert_eq!(sofie.submit(&format!("/ideas/{bump}"), &format!("/ideas/{street}/fate"), &declined).await.status, 403);

        let public = visitor.get(&report).await.body;
        assert!(public.contains("3 idéer, 3 med en afgørelse") && public.contains(&format!("href=\"/initiatives/{initiative}\"")), "{public}");
        assert!(public.contains("Skolen har lige fået 40 nye pladser.") && public.contains("ansvarlig: Karen Friis") && public.contains("til 15. januar 2030"), "{public}");
        let csv = visitor.get(&format!("/workshops/{id}/ideas.csv")).await.body;
        assert!(csv.contains("Nummer,Spørgsmål,Idé") && csv.contains("Bodil,Post-it på papir") && csv.contains("2030-01-15"), "{csv}");

        let mads_mails = || value_of::<i64>(&app, "SELECT COUNT(*) FROM mail_outbox WHERE to_address = 'mads@example.dk'");
        assert_eq!(mads_mails().await, 2, "one mail for each of his two ideas' fates");
        // The same through the API: the report with each idea's fate, and a decision.
        let api = reqwest::Client::new();
        let report_json: serde_json::Value = api.get(app.url(&format!("/api/v1/workshops/{id}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(report_json["ideas"].as_array().unwrap().len(), 3, "{report_json}");
        assert!(report_json["code"].is_null(), "the session's code is not public");
        let declined_json = report_json["ideas"].as_array().unwrap().iter().find(|i| i["id"] == racks).unwrap();
        assert_eq!(declined_json["fate"]["fate"], "declined");
        assert_eq!(declined_json["fate"]["reason"], "Skolen har lige fået 40 nye pladser.");
        let karen_token = crate::support::api_token(&app, "formand@frederiksbjerg-faellesraad.dk", crate::support::DEMO_PASSWORD).await;
        let stale = api.post(app.url(&format!("/api/v1/ideas/{street}/fate"))).bearer_auth(&karen_token)
            .json(&serde_json::json!({"from": null, "fate": "declined", "reason": "Nej.", "responsible": "Karen"})).send().await.unwrap();
        assert_eq!(stale.status(), 409);
        assert_eq!(stale.json::<serde_json::Value>().await.unwrap()["error"]["code"], "idea_fate_changed");
        let moved = api.post(app.url(&format!("/api/v1/ideas/{street}/fate"))).bearer_auth(&karen_token)
            .json(&serde_json::json!({"from": "parked", "fate": "parked", "parked_until": "2031-05-01", "reason": "Trafikplanen er udskudt.", "responsible": "Karen Friis"}))
            .send().await.unwrap();
        assert_eq!(moved.status(), 200);
        assert_eq!(moved.json::<serde_json::Value>().await.unwrap()["fate"]["parked_until"], "2031-05-01");
        // When its day comes, the workshop's planner and whoever parked it are reminded, once.
        medspil::platform::db::query("UPDATE ideas SET parked_until = '2020-01-01' WHERE id = $1")
            .bind(street).execute(app.db.pool()).await.unwrap();
        assert_eq!(medspil::workshops::notices::parked_due(&app.db).await.unwrap(), 1);
        assert_eq!(medspil::workshops::notices::parked_due(&app.db).await.unwrap(), 0, "once");
        app.notices_told().await;
        let reminded = value_of::<i64>(&app, &format!("SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
            WHERE u.email = 'formand@frederiksbjerg-faellesraad.dk' AND n.kind = 'idea_parked_due' AND n.link = '/ideas/{street}'")).await;
        assert_eq!(reminded, 1);
        assert!(karen.get("/inbox").await.body.contains("En parkeret idé fra Trafik i Frederiksbjerg skal tages op igen"));

        // Authors hear of their ideas' fates: Mads by the address he gave, with a link that
        // forgets it; Jeppe, who joined with his account, in his inbox. Both hear again when the
        // initiative their idea became takes its next step.
        let jeppe = logged_in(&app, "jeppe@example.dk").await;
        jeppe.submit(&session, &format!("{session}/join"), &[("name", "Jeppe")]).await;
        assert_eq!(jeppe.submit(&session, &ideas, &[("question", &q2), ("text", "Skilte om legende børn")]).await.status, 303);
        let signs = id_of(&app, "SELECT id FROM ideas WHERE text = 'Skilte om legende børn'").await;
        let (page, action) = fate(signs);
        assert_eq!(karen.submit(&page, &action, &adopted).await.status, 303);
        let c = reqwest::Client::new();
        let token = crate::support::api_token(&app, "sofie@example.dk", crate::support::DEMO_PASSWORD).await;
        let url = app.url(&format!("/api/v1/initiatives/{initiative}"));
        let before: serde_json::Value = c.get(&url).send().await.unwrap().json().await.unwrap();
        let step = serde_json::json!({"version": before["version"], "status": before["next_statuses"][0]});
        assert_eq!(c.patch(&url).bearer_auth(&token).json(&step).send().await.unwrap().status(), 200);
        app.notices_told().await;
        assert_eq!(mads_mails().await, 4, "one more for the decision through the API, and one when the initiative moved");
        let (subject, forget): (String, String) = medspil::platform::db::query_as(
            "SELECT subject, unsubscribe_path FROM mail_outbox WHERE to_address = 'mads@example.dk' ORDER BY id LIMIT 1")
            .fetch_one(app.db.pool()).await.unwrap();
        assert!(subject.contains("Afgørelse om en idé fra Trafik i Frederiksbjerg"), "{subject}");
        let jeppe_heard = value_of::<i64>(&app, "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
            WHERE u.email = 'jeppe@example.dk' AND (n.kind = 'idea_decided' OR (n.kind = 'status_changed' AND n.title LIKE 'Hans Broges%'))").await;
        assert_eq!(jeppe_heard, 2, "his idea's fate and the initiative's step");
        assert!(jeppe.get("/inbox").await.body.contains("Afgørelse om en idé"));
        assert_eq!(app.browser().post(&forget, &[]).await.status, 200);
        let forgotten = value_of::<i64>(&app, "SELECT COUNT(*) FROM workshop_participants WHERE email = 'mads@example.dk'").await;
        assert_eq!(forgotten, 0);

        // Closed, the session takes no more ideas from phones.
        let close = karen.submit(&report, &format!("/workshops/{id}/session"), &[("from", "open"), ("to", "closed")]).await;
        assert_eq!(close.status, 303);
        let late_idea = phone.post(&ideas, &[("csrf", &phone_csrf), ("question", &q1), ("text", "For sent")]).await;
        assert_eq!(late_idea.status, 409);
        assert!(late_idea.body.contains("tager ikke imod idéer"), "{}", late_idea.body);
    }
}

on_both_engines! {
    async fn a_session_refuses_floods_unknown_codes_and_strangers(app) {
        let karen = logged_in(&app, "formand@frederiksbjerg-faellesraad.dk").await;
        let (id, code) = planned(&app, &karen).await;
        let report = format!("/workshops/{id}");
        let stranger = logged_in(&app, "jeppe@example.dk").await;
        let refused = stranger.submit(&report, &format!("/workshops/{id}/session"), &[("from", "planned"), ("to", "open")]).await;
        assert_eq!(refused.status, 403);
        karen.submit(&report, &format!("/workshops/{id}/session"), &[("from", "planned"), ("to", "open")]).await;
        let stale = karen.submit(&report, &format!("/workshops/{id}/session"), &[("from", "planned"), ("to", "open")]).await;
        assert_eq!(stale.status, 409);

        let unknown = app.browser().get("/w/ZZZZZZ").await;
        assert_eq!(unknown.status, 404);
        assert!(unknown.body.contains("Ingen workshop har den kode"), "{}", unknown.body);

        // One phone adding idea after idea is held back; nothing it added is lost.
        let phone = app.browser();
        let session = format!("/w/{code}");
        phone.submit(&session, &format!("{session}/join"), &[("name", "")]).await;
        let q = id_of(&app, &format!("SELECT id FROM workshop_questions WHERE workshop_id = {id} AND position = 0")).await.to_string();
        let csrf = phone.get(&session).await.csrf();
        for n in 0..30 {
            let text = format!("Idé nummer {n}");
            let added = phone.post(&format!("{session}/ideas"), &[("csrf", &csrf), ("question", &q), ("text", &text)]).await;
            assert_eq!(added.status, 303, "{n}: {}", added.body);
        }
        let flood = phone.post(&format!("{session}/ideas"), &[("csrf", &csrf), ("question", &q), ("text", "En til")]).await;
        assert_eq!(flood.status, 409);
        assert!(flood.body.contains("mange idéer på kort tid"), "{}", flood.body);
        let kept = id_of(&app, &format!("SELECT COUNT(*) FROM ideas WHERE workshop_id = {id} AND author_name = ''")).await;
        assert_eq!(kept, 30);
        // One of them is reported and hidden: it leaves the report and the API, and its page is
        // gone for everyone but the workshop's hosts and the moderators.
        let spam = id_of(&app, &format!("SELECT id FROM ideas WHERE workshop_id = {id} AND text = 'Idé nummer 7'")).await;
        let reported = format!("/report/idea/{spam}");
        assert!(app.browser().get(&format!("/ideas/{spam}")).await.body.contains(&format!("href=\"{reported}\"")));
        assert_eq!(app.browser().submit(&reported, &reported, &[("reason", "spam"), ("details", "")]).await.status, 200);
        let admin = logged_in(&app, "admin@medspil.dk").await;
        let hidden = admin.submit("/moderation", &format!("/moderation/idea/{spam}/hide"), &[("reason", "Gentaget mange gange")]).await;
        assert_eq!(hidden.location.as_deref(), Some("/moderation"));
        assert!(!app.browser().get(&report).await.body.contains("Idé nummer 7<"));
        assert_eq!(app.browser().get(&format!("/ideas/{spam}")).await.status, 410);
        assert_eq!(reqwest::get(app.url(&format!("/api/v1/ideas/{spam}"))).await.unwrap().status(), 404);
        assert!(karen.get(&format!("/ideas/{spam}")).await.body.contains("Gentaget mange gange"), "a host sees why");
        // A question of another workshop is not this one's.
        let (other, _) = planned(&app, &karen).await;
        let foreign = id_of(&app, &format!("SELECT id FROM workshop_questions WHERE workshop_id = {other} AND position = 0")).await.to_string();
        let paper = karen.submit(&report, &format!("/workshops/{id}/ideas"), &[("question", &foreign), ("text", "Forkert sted"), ("origin", "paper")]).await;
        assert_eq!(paper.status, 422);
        assert!(paper.body.contains("id=\"question-error\""), "{}", paper.body);
        let own = karen.submit(&report, &format!("/workshops/{other}/ideas"), &[("question", &foreign), ("text", "Rigtigt sted"), ("origin", "facilitator")]).await;
        assert_eq!(own.status, 303);

        // Liselotte joins with her account, under her own name; erasing the account leaves
        // her idea in the workshop, anonymous.
        let liselotte = logged_in(&app, "liselotte@example.dk").await;
        assert!(liselotte.get(&session).await.body.contains("value=\"Liselotte\""), "her name is offered");
        liselotte.submit(&session, &format!("{session}/join"), &[("name", "Liselotte")]).await;
        let hers = liselotte.submit(&session, &format!("{session}/ideas"), &[("question", &q), ("text", "Ramper ved fortovskanterne")]).await;
        assert_eq!(hers.status, 303, "{}", hers.body);
        let idea = id_of(&app, "SELECT id FROM ideas WHERE text = 'Ramper ved fortovskanterne'").await;
        assert!(app.browser().get(&format!("/ideas/{idea}")).await.body.contains("<dd>Liselotte</dd>"));
        // Her idea is part of her data as she downloads it.
        let csrf = liselotte.get("/account/data").await.csrf();
        let zip = liselotte.client.post(app.url("/account/export"))
            .form(&[("csrf", csrf.as_str()), ("export_password", crate::support::DEMO_PASSWORD)]).send().await.unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.bytes().await.unwrap().to_vec())).expect("a zip");
        let mut json = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("medspil.json").unwrap(), &mut json).unwrap();
        let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(doc["ideas"][0]["text"], "Ramper ved fortovskanterne", "{doc}");
        assert_eq!(doc["workshop_participations"][0]["name"], "Liselotte");
        let deleted = liselotte.submit("/account/data", "/account/delete", &[("delete_password", crate::support::DEMO_PASSWORD)]).await;
        assert_eq!(deleted.location.as_deref(), Some("/account/deleted"));
        let after = app.browser().get(&format!("/ideas/{idea}")).await.body;
        assert!(after.contains("<dd>Anonym</dd>") && !after.contains("Liselotte"), "{after}");

        // English, with plurals; the hidden idea is not counted.
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("accept-language", "en".parse().unwrap());
        let english = app.browser_with(headers).get("/workshops").await.body;
        assert!(english.contains("30 ideas") && english.contains("1 idea<"), "{english}");
    }
}

on_both_engines! {
    async fn ideas_are_grouped_merged_and_prioritised_with_their_authors_kept(app) {
        let karen = logged_in(&app, "formand@frederiksbjerg-faellesraad.dk").await;
        let (id, code) = planned(&app, &karen).await;
        let report = format!("/workshops/{id}");
        give_each_dots(&app, id, 2).await;
        karen.submit(&report, &format!("/workshops/{id}/session"), &[("from", "planned"), ("to", "open")]).await;
        let session = format!("/w/{code}");
        let q = id_of(&app, &format!("SELECT id FROM workshop_questions WHERE workshop_id = {id} AND position = 0")).await.to_string();
        let mads = app.browser();
        mads.submit(&session, &format!("{session}/join"), &[("name", "Mads"), ("email", "mads@example.dk")]).await;
        let jeppe = logged_in(&app, "jeppe@example.dk").await;
        jeppe.submit(&session, &format!("{session}/join"), &[("name", "Jeppe")]).await;
        for (who, text) in [(&mads, "Vejbump ved skolen"), (&jeppe, "Bump ved skolen"), (&mads, "Flere træer")] {
            assert_eq!(who.submit(&session, &format!("{session}/ideas"), &[("question", &q), ("text", text)]).await.status, 303);
        }
        let idea = |text: &str| format!("SELECT id FROM ideas WHERE workshop_id = {id} AND text = '{text}'");
        let (a, b, c) = (id_of(&app, &idea("Vejbump ved skolen")).await, id_of(&app, &idea("Bump ved skolen")).await,
            id_of(&app, &idea("Flere træer")).await);

        // Dots: one an idea, two each.
        async fn dot(who: &Browser, session: &str, idea: i64) -> crate::support::Page {
            who.submit(session, &format!("{session}/dots"), &[("idea", &idea.to_string())]).await
        }
        assert_eq!(dot(&mads, &session, c).await.status, 303);
        let twice = dot(&mads, &session, c).await;
        assert_eq!(twice.status, 409);
        assert!(twice.body.contains("allerede givet den idé en prik"), "{}", twice.body);
        assert_eq!(dot(&jeppe, &session, a).await.status, 303);
        assert_eq!(dot(&jeppe, &session, b).await.status, 303);
        let spent = dot(&jeppe, &session, c).await;
        assert_eq!(spent.status, 409);
        assert!(spent.body.contains("brugt alle dine prikker"), "{}", spent.body);

        // Simultaneous dots from one phone never pass its number.
        let sofie = logged_in(&app, "sofie@example.dk").await;
        sofie.submit(&session, &format!("{session}/join"), &[("name", "Sofie")]).await;
        let csrf = sofie.get(&session).await.csrf();
        let path = format!("{session}/dots");
        let (sa, sb, sc) = (a.to_string(), b.to_string(), c.to_string());
        let forms = [sa.as_str(), sb.as_str(), sc.as_str()].map(|i| [("csrf", csrf.as_str()), ("idea", i)]);
        let (x, y, z) = tokio::join!(sofie.post(&path, &forms[0]), sofie.post(&path, &forms[1]), sofie.post(&path, &forms[2]));
        let statuses = [x.status, y.status, z.status];
        assert_eq!(statuses.iter().filter(|s| **s == 303).count(), 2, "{statuses:?}");
        let given = id_of(&app, &format!("SELECT COUNT(*) FROM idea_dots d JOIN workshop_participants p ON p.id = d.participant_id WHERE p.name = 'Sofie' AND p.workshop_id = {id}")).await;
        assert_eq!(given, 2);

        // Themes group them on the report.
        let csrf = karen.get(&report).await.csrf();
        assert_eq!(karen.post(&format!("/workshops/{id}/themes"), &[("csrf", &csrf), ("theme_name", "Skoleveje")]).await.status, 303);
        let blank = karen.post(&format!("/workshops/{id}/themes"), &[("csrf", &csrf), ("theme_name", " ")]).await;
        assert_eq!(blank.status, 422);
        let theme = id_of(&app, &format!("SELECT id FROM workshop_themes WHERE workshop_id = {id}")).await.to_string();
        for i in [a, b] {
            assert_eq!(karen.post(&format!("/ideas/{i}/theme"), &[("csrf", &csrf), ("theme", &theme)]).await.status, 303);
        }
        let page = app.browser().get(&report).await.body;
        let (themed, unthemed) = (page.find("<h3>Skoleveje</h3>").unwrap(), page.find("<h3>Uden tema</h3>").unwrap());
        let (at_a, at_c) = (page.find("Vejbump ved skolen").unwrap(), page.find("Flere træer").unwrap());
        assert!(themed < at_a && at_a < unthemed && unthemed < at_c, "{page}");

        // Liselotte follows Mads's idea from its page.
        let liselotte = logged_in(&app, "liselotte@example.dk").await;
        let idea_a = liselotte.get(&format!("/ideas/{a}")).await;
        assert!(idea_a.body.contains("Følg idéen"), "{}", idea_a.body);
        let follow = [("csrf", idea_a.csrf()), ("kind", "idea".into()), ("target", sa.clone()), ("label", "Vejbump ved skolen".into()),
            ("back", format!("/ideas/{a}"))];
        let follow: Vec<(&str, &str)> = follow.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(liselotte.post("/follows", &follow).await.status, 303);
        assert!(liselotte.get(&format!("/ideas/{a}")).await.body.contains("Følg ikke længere idéen"));

        // Merged, the two stay under the new idea with their authors, and their dots count.
        let merged = karen.post(&format!("/workshops/{id}/merge"), &[("csrf", &csrf), ("ideas", &sa), ("ideas", &sb),
            ("merged_text", "Vejbump ved skolen på Dalgas Avenue")]).await;
        assert_eq!(merged.status, 303, "{}", merged.body);
        let m = merged.location.unwrap();
        let merged_page = app.browser().get(&m).await.body;
        let dots = id_of(&app, &format!("SELECT COUNT(*) FROM idea_dots WHERE idea_id IN ({a}, {b})")).await;
        assert!(merged_page.contains("Vejbump ved skolen") && merged_page.contains("— Mads") && merged_page.contains("— Jeppe")
            && merged_page.contains(&format!("<p>{dots} prikker</p>")) && merged_page.contains("<dd>Mads, Jeppe</dd>"), "{merged_page}");
        assert!(app.browser().get(&format!("/ideas/{a}")).await.body.contains(&format!("href=\"{m}\"")));
        let again = karen.post(&format!("/workshops/{id}/merge"), &[("csrf", &csrf), ("ideas", &sa), ("ideas", &c.to_string()), ("merged_text", "Igen")]).await;
        assert_eq!(again.status, 409, "an idea is merged once");
        let (other, _) = planned(&app, &karen).await;
        let foreign = karen.post(&format!("/workshops/{other}/merge"), &[("csrf", &csrf), ("ideas", &c.to_string()), ("ideas", &sb), ("merged_text", "x")]).await;
        assert_eq!(foreign.status, 409, "ideas of another workshop");
        let page = app.browser().get(&report).await.body;
        assert!(page.contains("2 idéer, 0 med en afgørelse") && page.contains("Samlet af (2)"), "{page}");

        // The merged idea's fate reaches the authors of the ideas it came from, those who gave
        // them dots, and those who follow them.
        let before = id_of(&app, "SELECT COUNT(*) FROM mail_outbox WHERE to_address = 'mads@example.dk'").await;
        let decided = karen.submit(&m, &format!("{m}/fate"), &[("from", ""), ("fate", "adopted"), ("adopted_as", "plan"),
            ("reason", "Med i trafikplanen."), ("responsible", "Karen Friis")]).await;
        assert_eq!(decided.status, 303, "{}", decided.body);
        app.notices_told().await;
        assert_eq!(id_of(&app, "SELECT COUNT(*) FROM mail_outbox WHERE to_address = 'mads@example.dk'").await, before + 1);
        for who in ["jeppe@example.dk", "sofie@example.dk", "liselotte@example.dk"] {
            let heard = id_of(&app, &format!("SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
                WHERE u.email = '{who}' AND n.kind = 'idea_decided' AND n.link = '{m}'")).await;
            assert_eq!(heard, 1, "{who}");
        }
    }
}

/// Karen's workshop, open, where Mads joined with his address and added an idea to the first
/// question: the workshop, its session's path, Mads's phone and the idea.
async fn open_with_an_idea_of_mads(
    app: &TestApp,
    karen: &Browser,
    text: &str,
) -> (i64, String, Browser, i64) {
    let (id, code) = planned(app, karen).await;
    let opened = karen
        .submit(
            &format!("/workshops/{id}"),
            &format!("/workshops/{id}/session"),
            &[("from", "planned"), ("to", "open")],
        )
        .await;
    assert_eq!(opened.status, 303);
    let session = format!("/w/{code}");
    let mads = app.browser();
    mads.submit(
        &session,
        &format!("{session}/join"),
        &[("name", "Mads"), ("email", "mads@example.dk")],
    )
    .await;
    let first =
        format!("SELECT id FROM workshop_questions WHERE workshop_id = {id} AND position = 0");
    let q = id_of(app, &first).await.to_string();
    let added = mads
        .submit(
            &session,
            &format!("{session}/ideas"),
            &[("question", &q), ("text", text)],
        )
        .await;
    assert_eq!(added.status, 303, "{}", added.body);
    let idea = id_of(
        app,
        &format!("SELECT id FROM ideas WHERE workshop_id = {id} AND text = '{text}'"),
    )
    .await;
    (id, session, mads, idea)
}

/// Sets the number of dots each participant of a workshop has.
async fn give_each_dots(app: &TestApp, workshop: i64, dots: i64) {
    medspil::platform::db::query("UPDATE workshops SET dots = $1 WHERE id = $2")
        .bind(dots)
        .bind(workshop)
        .execute(app.db.pool())
        .await
        .unwrap();
}

on_both_engines! {
    async fn an_idea_becomes_an_initiative_and_ideas_are_found_by_danish_search(app) {
        let karen = logged_in(&app, "formand@frederiksbjerg-faellesraad.dk").await;
        let text = "Fartdæmpende bump ved børnehaven i Bodenhoffs Plads";
        let (id, _, _, idea) = open_with_an_idea_of_mads(&app, &karen, text).await;

        // Found in other forms of its words, on the page and through the API.
        let found = app.browser().get("/workshops?q=b%C3%B8rnehaverne").await.body;
        assert!(found.contains(&format!("href=\"/ideas/{idea}\"")) && found.contains("Trafik i Frederiksbjerg"), "{found}");
        let none = app.browser().get("/workshops?q=og+i").await.body;
        assert!(none.contains("Ingen idéer matcher"), "stop words alone find nothing: {none}");
        let api: serde_json::Value = reqwest::get(app.url("/api/v1/ideas?q=fartd%C3%A6mpende")).await.unwrap().json().await.unwrap();
        assert!(api.as_array().unwrap().iter().any(|i| i["id"] == idea && i["workshop_id"] == id), "{api}");

        // Karen starts an initiative from it: the form starts from its words, asks why, and the
        // initiative becomes the idea's fate in the same step.
        let new = format!("/initiatives/new?idea={idea}");
        let form = karen.get(&new).await.body;
        assert!(form.contains(&format!("name=\"idea\" value=\"{idea}\"")) && form.contains(&format!("value=\"{text}\"")), "{form}");
        let council = id_of(&app, "SELECT id FROM actors WHERE name = 'Frederiksbjerg og Langenæs Fællesråd'").await.to_string();
        let mut fields = vec![("title", text), ("purpose", "Roligere trafik ved børnehaven."), ("theme", "green_streets"),
            ("stage", "co_creation"), ("commitment", "non_binding"), ("leadership_mode", "facilitating"),
            ("started_by", council.as_str()), ("confirm_new", "yes"), ("idea", ""), ("idea_reason", " ")];
        let idea_field = idea.to_string();
        fields[8].1 = &idea_field;
        let no_reason = karen.submit(&new, "/initiatives", &fields).await;
        assert_eq!(no_reason.status, 422);
        assert!(no_reason.body.contains("id=\"idea_reason-error\""), "{}", no_reason.body);
        fields[9].1 = "Fællesrådet tager det op med børnehaven og Natur og Vej.";
        let sofie = logged_in(&app, "sofie@example.dk").await;
        assert_eq!(sofie.get(&new).await.status, 403, "only the workshop's facilitators decide");
        let posted = |who: &'static str| {
            let fields = fields.clone();
            let app = &app;
            async move {
                let browser = logged_in(app, who).await;
                let csrf = browser.get("/initiatives/new").await.csrf();
                let mut form = vec![("csrf", csrf.as_str())];
                form.extend(fields.iter().copied());
                browser.post("/initiatives", &form).await
            }
        };
        assert_eq!(posted("sofie@example.dk").await.status, 403);
        let started = karen.submit(&new, "/initiatives", &fields).await;
        assert_eq!(started.status, 303, "{}", started.body);
        let initiative = started.location.unwrap();
        let page = app.browser().get(&format!("/ideas/{idea}")).await.body;
        assert!(page.contains(&format!("href=\"{initiative}\"")) && page.contains("Fællesrådet tager det op med børnehaven")
            && page.contains("Karen"), "{page}");
        app.notices_told().await;
        let heard = id_of(&app, "SELECT COUNT(*) FROM mail_outbox WHERE to_address = 'mads@example.dk'").await;
        assert_eq!(heard, 1, "the author hears that his idea became an initiative");

        // Taken up once: a second initiative from it is refused, and the form says why.
        assert_eq!(karen.get(&new).await.status, 409, "decided, it starts nothing more");
        let again = posted("formand@frederiksbjerg-faellesraad.dk").await;
        assert_eq!(again.status, 409);
        assert!(again.body.contains("id=\"adopts\"") && !again.body.contains("name=\"idea\""), "{}", again.body);
        let initiatives = id_of(&app, &format!("SELECT COUNT(*) FROM initiatives WHERE title = '{text}'")).await;
        assert_eq!(initiatives, 1, "nothing half-made is left behind");
    }
}

on_both_engines! {
    async fn an_idea_split_into_parts_keeps_its_author_and_each_part_gets_a_fate(app) {
        let karen = logged_in(&app, "formand@frederiksbjerg-faellesraad.dk").await;
        let both = "Vejbump på Dalgas Avenue og en skolepatrulje ved Frederiksbjerg Skole";
        let (id, session, mads, idea) = open_with_an_idea_of_mads(&app, &karen, both).await;
        let report = format!("/workshops/{id}");
        assert_eq!(mads.submit(&session, &format!("{session}/dots"), &[("idea", &idea.to_string())]).await.status, 303);

        // One line is no split; the form comes back as typed.
        let page = format!("/ideas/{idea}");
        let split = format!("/ideas/{idea}/split");
        let one = karen.submit(&page, &split, &[("parts", "Kun vejbump")]).await;
        assert_eq!(one.status, 422);
        assert!(one.body.contains("id=\"parts-error\"") && one.body.contains("Kun vejbump</textarea>"), "{}", one.body);
        let sofie = logged_in(&app, "sofie@example.dk").await;
        assert_eq!(sofie.submit(&page, &split, &[("parts", "a\nb")]).await.status, 403, "only facilitators split");
        let done = karen.submit(&page, &split, &[("parts", "Vejbump på Dalgas Avenue\r\n\r\nSkolepatrulje ved Frederiksbjerg Skole")]).await;
        assert_eq!(done.status, 303, "{}", done.body);
        let again = karen.submit(&page, &split, &[("parts", "a\nb")]).await;
        assert_eq!(again.status, 409, "an idea splits once");

        // The idea stays with its author, names its parts, and has no fate of its own; each part
        // names it and carries its author and dot.
        let parts: Vec<i64> = medspil::platform::db::query_scalar(format!("SELECT id FROM ideas WHERE split_from = {idea} ORDER BY id"))
            .fetch_all(app.db.pool()).await.unwrap();
        assert_eq!(parts.len(), 2);
        let original = app.browser().get(&page).await.body;
        assert!(original.contains("<dd>Mads</dd>") && original.contains(&format!("href=\"/ideas/{}\"", parts[1])), "{original}");
        let fate = karen.submit(&page, &format!("{page}/fate"), &[("from", ""), ("fate", "declined"), ("reason", "Nej."), ("responsible", "Karen")]).await;
        assert_eq!(fate.status, 409);
        // Mads's dot on the idea is his dot on each part: he cannot give them another.
        let dots = format!("{session}/dots");
        assert_eq!(mads.submit(&session, &dots, &[("idea", &parts[0].to_string())]).await.status, 409);
        let gone = mads.submit(&session, &dots, &[("idea", &idea.to_string())]).await;
        assert_eq!(gone.status, 409);
        let part = app.browser().get(&format!("/ideas/{}", parts[0])).await.body;
        assert!(part.contains("<dd>Mads</dd>") && part.contains(&format!("href=\"/ideas/{idea}\"")) && part.contains("<p>1 prik</p>"), "{part}");
        let public = app.browser().get(&report).await.body;
        assert!(public.contains("2 idéer, 0 med en afgørelse") && public.contains("Skolepatrulje ved Frederiksbjerg Skole"), "{public}");
        let api: serde_json::Value = reqwest::get(app.url(&format!("/api/v1/ideas/{idea}"))).await.unwrap().json().await.unwrap();
        assert_eq!(api["split_into"], serde_json::json!(parts), "{api}");

        // Mads hears of each part's fate, by the address he gave.
        let decided = karen.submit(&format!("/ideas/{}", parts[1]), &format!("/ideas/{}/fate", parts[1]), &[("from", ""), ("fate", "declined"),
            ("reason", "Skolen har allerede en skolepatrulje."), ("responsible", "Karen Friis")]).await;
        assert_eq!(decided.status, 303, "{}", decided.body);
        app.notices_told().await;
        assert_eq!(id_of(&app, "SELECT COUNT(*) FROM mail_outbox WHERE to_address = 'mads@example.dk'").await, 1);

        // Long after the workshop, the undecided part is overdue: on the report for its hosts,
        // and on the overview of Natur og Vej, which hosted it, and of the whole city.
        medspil::platform::db::query("UPDATE workshops SET starts_at = 1600000000, ends_at = 1600007200 WHERE id = $1")
            .bind(id).execute(app.db.pool()).await.unwrap();
        assert!(karen.get(&report).await.body.contains("1 idé venter på en afgørelse ud over fristen"), "only the part without a fate");
        let roads = id_of(&app, "SELECT id FROM actors WHERE name = 'Natur og Vej'").await;
        let peter = logged_in(&app, "peter@aarhus.dk").await;
        let overview = peter.get(&format!("/overview?scope=unit-{roads}")).await.body;
        assert!(overview.contains("1 idé fra en workshop venter på en afgørelse")
            && overview.contains(&format!("href=\"/ideas/{}\"", parts[0])), "{overview}");
        let city: serde_json::Value = reqwest::get(app.url("/api/v1/overview")).await.unwrap().json().await.unwrap();
        assert!(city["oldest_overdue_ideas"].as_array().unwrap().iter().any(|i| i["idea_id"] == parts[0]), "{city}");
    }
}
