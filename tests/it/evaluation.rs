//! Evaluation: Frivillig Følgeven's indicators (set by Brian in the demo, from the library and
//! of the centre's own); Medspil counts what it records (Liselotte's
//! hours) without anyone typing it in again; Brian adds more; the same through the JSON API.

use crate::on_both_engines;
use crate::support::{TestApp, api_token, id_of, logged_in};
use medspil::platform::db;
use serde_json::{Value, json};

const PASSWORD: &str = "medspil-demo";

/// Liselotte's five hours for the visiting friends, pledged, accepted and given today.
async fn liselotte_gives_five_hours(app: &TestApp) {
    let need = id_of(
        app,
        "SELECT id FROM needs WHERE title = 'Besøgsvenner og følgevenner'",
    )
    .await;
    let offer = id_of(
        app,
        "SELECT id FROM offers WHERE title = 'Besøgsven to eftermiddage om ugen'",
    )
    .await;
    let person = id_of(
        app,
        "SELECT person_id FROM users WHERE email = 'liselotte@example.dk'",
    )
    .await;
    let (need_page, person, offer) = (
        format!("/needs/{need}"),
        person.to_string(),
        offer.to_string(),
    );
    let her = logged_in(app, "liselotte@example.dk").await;
    let form = [
        ("actor", person.as_str()),
        ("offer", offer.as_str()),
        ("amount", "6"),
        ("message", ""),
    ];
    assert_eq!(
        her.submit(&need_page, &format!("/needs/{need}/pledges"), &form)
            .await
            .status,
        303
    );
    let pledge: i64 =
        db::query_scalar("SELECT id FROM pledges WHERE need_id = $1 ORDER BY id DESC")
            .bind(need)
            .fetch_one(app.db.pool())
            .await
            .unwrap();
    let brian = logged_in(app, "brian@aarhus.dk").await;
    let accepted = brian
        .submit(
            &need_page,
            &format!("/pledges/{pledge}/decision"),
            &[("decision", "accept")],
        )
        .await;
    assert_eq!(accepted.status, 303);
    for hours in ["2", "3"] {
        let given = brian
            .submit(
                &need_page,
                &format!("/pledges/{pledge}/contributions"),
                &[("amount", hours), ("given_on", ""), ("note", "")],
            )
            .await;
        assert_eq!(given.status, 303, "{}", given.body);
    }
}

on_both_engines! {
    async fn leaders_set_indicators_and_medspil_counts_what_it_records(app) {
        let id = id_of(&app, "SELECT id FROM initiatives WHERE title = 'Frivillig Følgeven'").await;
        liselotte_gives_five_hours(&app).await;
        let path = format!("/initiatives/{id}/evaluation");
        let add = format!("/initiatives/{id}/indicators");
        let brian = logged_in(&app, "brian@aarhus.dk").await;
        let page = brian.get(&path).await;
        assert_eq!(page.status, 200);
        let body = &page.body;
        assert!(body.contains("4,1 på en skala 1–5 (1. juli 2026–30. september 2026, Social Frivilligforening Aarhus)"),
            "experienced quality as the association last measured it: {body}");
        // Drawn over time on the server, each chart beside a table of its figures.
        assert!(body.contains("<figure class=\"chart\"") && body.contains("<polyline class=\"series\""), "a chart");
        assert!(body.contains("Oplevet kvalitet: målingerne</caption>"));
        assert!(body.contains("<th scope=\"row\">1. april 2026–30. juni 2026</th><td>3,9 på en skala 1–5</td>"), "{body}");
        assert!(body.contains("5 timer <span class=\"hint\">(talt af Medspil)</span>"), "Liselotte's 5 hours: {body}");
        assert!(body.contains("500 timer den 31. december 2027"), "the target as written in Danish");

        // From the library, for quality; and one of the centre's own, for empowerment.
        let people = [("goal", "quality"), ("measure", "participants"), ("method", ""), ("baseline_value", "0"), ("baseline_on", "2026-01-01"),
            ("target_value", "1.000"), ("target_on", "31.12.2027")];
        assert_eq!(brian.submit(&path, &add, &people).await.status, 303);
        let own = [("goal", "empowerment"), ("measure", ""), ("name", "Ture gennemført"), ("unit", "ture"),
            ("method", "Koordinatoren tæller hver måned.")];
        assert_eq!(brian.submit(&path, &add, &own).await.status, 303);

        // Refused with the reason beside each field, and what was typed kept: a goal the
        // initiative does not have, an own indicator without a unit, a value without its date.
        let wrong = [("goal", "democracy"), ("measure", ""), ("name", "Glæde"), ("unit", ""), ("method", "Vi spørger."),
            ("baseline_value", "12,5"), ("baseline_on", "")];
        let refused = brian.submit(&path, &add, &wrong).await;
        assert_eq!(refused.status, 422);
        for field in ["goal", "unit", "baseline_on"] {
            assert!(refused.body.contains(&format!("id=\"{field}-error\"")), "{field}: {}", refused.body);
        }
        assert!(refused.body.contains("value=\"Glæde\"") && refused.body.contains("value=\"12,5\""));

        let page = brian.get(&path).await.body;
        assert!(page.contains("Deltagere"), "a library indicator is named in the reader's language");
        assert!(page.contains("1.000 personer den 31. december 2027"), "{page}");
        assert!(page.contains("Ture gennemført"));
        assert!(page.contains("<th scope=\"row\">Borgere</th><td>5</td>"), "Liselotte's hours are the citizens'");
        assert!(page.contains("<th scope=\"row\">Foreninger og virksomheder</th><td>0</td>"));
        let indicators: i64 = db::query_scalar("SELECT COUNT(*) FROM indicators WHERE initiative_id = $1")
            .bind(id).fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(indicators, 6, "the demo's four and two more; nothing of the refused one");

        // Anyone reads the evaluation; only the initiative's leaders set indicators.
        let jeppe = logged_in(&app, "jeppe@example.dk").await;
        let read = jeppe.get(&path).await;
        assert!(read.status == 200 && !read.body.contains("Tilføj en indikator"));
        assert_eq!(jeppe.submit(&path, &add, &people).await.status, 403);

        // The API gives the same, in the language asked for, over any period.
        let c = reqwest::Client::new();
        let url = app.url(&format!("/api/v1/initiatives/{id}/evaluation"));
        let e: Value = c.get(&url).header("accept-language", "en").send().await.unwrap().json().await.unwrap();
        let of = |e: &Value, measure: &str| e["indicators"].as_array().unwrap().iter().find(|x| x["measure"] == measure).cloned().unwrap();
        let hours = of(&e, "hours");
        assert_eq!((hours["name"].clone(), hours["value"].clone()), (json!("Hours contributed"), json!(5.0)));
        assert_eq!(hours["target"], json!({"value": 500.0, "on": "2027-12-31"}));
        assert_eq!(of(&e, "participants")["value"], 8.0, "the centre, which started it, the association, Liselotte and the five citizens who walk with a følgeven");
        let quality = of(&e, "experienced_quality");
        assert_eq!((quality["counted"].clone(), quality["respondents"].clone()), (json!(false), json!(5)),
            "measured by the partners, and told by the five who answered the demo's survey");
        assert!(quality["value"].as_f64().is_some_and(|v| (1.0..=5.0).contains(&v)), "{quality}");
        assert_eq!(of(&e, "citizen_share")["value"], 100.0, "all the hours so far are a citizen's");
        let given = e["given"].as_array().unwrap();
        assert!(given.contains(&json!({"arena": "citizens", "unit": "hours", "amount": 5})), "{given:?}");
        let page = app.browser().get(&format!("/initiatives/{id}")).await.body;
        assert!(page.contains("<li><strong>Borgere:</strong> 1 borger (5 timer)</li>"), "citizens counted, not named: {page}");
        assert!(!page.contains("Borgere:</strong> <a"), "{page}");
        let api: Value = c.get(app.url(&format!("/api/v1/initiatives/{id}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(api["given"], json!([{"arena": "citizens", "giver": null, "citizens": 1, "unit": "hours", "amount": 5}]), "{api}");
        // Frederiksbjerg Spirer: the shop's and the fællesråd's hours looking after the boxes.
        let spirer = id_of(&app, "SELECT id FROM initiatives WHERE title LIKE 'Frederiksbjerg Spirer%'").await;
        let s: Value = c.get(app.url(&format!("/api/v1/initiatives/{spirer}/evaluation"))).send().await.unwrap().json().await.unwrap();
        assert!(s["given"].as_array().unwrap().contains(&json!({"arena": "organisations", "unit": "hours", "amount": 14})), "{s}");
        let before: Value = c.get(format!("{url}?from=2020-01-01&to=2020-12-31")).send().await.unwrap().json().await.unwrap();
        assert_eq!(of(&before, "hours")["value"], 0.0, "nothing was given in 2020");
        assert_eq!(c.get(format!("{url}?from=someday")).send().await.unwrap().status(), 400);

        let token = api_token(&app, "brian@aarhus.dk", PASSWORD).await;
        let api_add = app.url(&format!("/api/v1/initiatives/{id}/indicators"));
        let r = c.post(&api_add).bearer_auth(&token)
            .json(&json!({"value_goal": "quality", "measure": "attendance", "target": {"value": 40, "on": "2027-06-30"}}))
            .send().await.unwrap();
        assert_eq!(r.status(), 201);
        let made: Value = r.json().await.unwrap();
        assert_eq!((made["counted"].clone(), made["value"].clone()), (json!(true), json!(0.0)));
        let r = c.post(&api_add).bearer_auth(&token).json(&json!({"value_goal": "quality", "name": "Ture", "unit": "ture"})).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let body: Value = r.json().await.unwrap();
        assert!(body["error"]["fields"]["method"].is_string(), "{body}");
        let theirs = api_token(&app, "jeppe@example.dk", PASSWORD).await;
        let r = c.post(&api_add).bearer_auth(&theirs).json(&json!({"value_goal": "quality", "measure": "hours"})).send().await.unwrap();
        assert_eq!(r.status(), 403);
    }
}

on_both_engines! {
    /// The association measures what Medspil cannot count (experienced quality), once it is a
    /// party to the initiative, in its own name and with a source; nothing it adds replaces
    /// another figure, and nobody vouches for a party they do not speak for.
    async fn every_party_adds_measurements_with_their_source(app) {
        let id = id_of(&app, "SELECT id FROM initiatives WHERE title = 'Frivillig Følgeven'").await;
        let social = id_of(&app, "SELECT id FROM actors WHERE name = 'Social Frivilligforening Aarhus'").await;
        let quality = id_of(&app, "SELECT id FROM indicators WHERE measure = 'experienced_quality' AND initiative_id = (SELECT id FROM initiatives WHERE title = 'Frivillig Følgeven')").await;
        let hours = id_of(&app, "SELECT id FROM indicators WHERE measure = 'hours' AND initiative_id = (SELECT id FROM initiatives WHERE title = 'Frivillig Følgeven')").await;
        let path = format!("/initiatives/{id}/evaluation");
        let add = format!("/initiatives/{id}/measurements");
        let (social, quality) = (social.to_string(), quality.to_string());
        let measured = [("indicator", quality.as_str()), ("measured_value", "4,1"), ("measured_from", "2026-09-01"),
            ("measured_to", "30.11.2026"), ("measured_method", "Tre spørgsmål efter hver tur, 46 svar."),
            ("source", "https://socialfrivillig.dk/foelgeven-efteraar-2026.pdf"), ("vouched_by", social.as_str())];

        let jeppe = logged_in(&app, "jeppe@example.dk").await;
        assert!(!jeppe.get(&path).await.body.contains("Tilføj en måling"), "not a party");
        let his = measured.map(|(k, v)| if k == "vouched_by" { (k, "1") } else { (k, v) });
        assert_eq!(jeppe.submit(&path, &add, &his).await.status, 403);
        let hanne = logged_in(&app, "formand@socialfrivillig.dk").await;
        assert!(hanne.get(&path).await.body.contains("Tilføj en måling"), "the association is a party");

        let unsourced: Vec<(&str, &str)> = measured.iter().map(|&(k, v)| if k == "source" { (k, "rapporten.pdf") } else { (k, v) }).collect();
        let refused = hanne.submit(&path, &add, &unsourced).await;
        assert_eq!(refused.status, 422);
        assert!(refused.body.contains("id=\"source-error\"") && refused.body.contains("value=\"4,1\""), "{}", refused.body);
        assert_eq!(hanne.submit(&path, &add, &measured).await.status, 303);

        let page = app.browser().get(&format!("{path}?from=2026-01-01")).await.body;
        assert!(page.contains("4,1 på en skala 1–5 (1. september 2026–30. november 2026, Social Frivilligforening Aarhus)"), "{page}");
        assert!(page.contains("https://socialfrivillig.dk/foelgeven-efteraar-2026.pdf") && page.contains("Tre spørgsmål efter hver tur, 46 svar."));
        let table = app.browser().get(&format!("{path}.csv?from=2026-01-01")).await;
        assert_eq!(table.status, 200);
        assert!(table.body.starts_with("\u{feff}Type,Værdimål,Indikator,Enhed,"), "{}", table.body);
        assert!(table.body.contains("Måling,Kvalitet,Oplevet kvalitet,på en skala 1–5,,,,,\"4,1\",2026-09-01,2026-11-30,"), "{}", table.body);
        assert!(table.body.contains("Indikator,Kvalitet,Timer bidraget,timer,0,2026-01-01,500,2027-12-31,0,2026-01-01,"), "{}", table.body);

        // A document may be the source instead of a link: kept with the measurement and offered
        // to every reader as a download. A program is not a document.
        let action = app.url(&format!("{add}?csrf={}", hanne.get(&path).await.csrf()));
        let upload = |bytes: &'static [u8], name: &'static str| {
            let fields = measured.iter().filter(|(k, _)| *k != "source");
            let form = fields.fold(reqwest::multipart::Form::new(), |form, &(k, v)| {
                form.text(k.to_string(), if k == "measured_value" { "4,3" } else { v }.to_string())
            });
            form.part("document", reqwest::multipart::Part::bytes(bytes).file_name(name))
        };
        let his = app.url(&format!("{add}?csrf={}", jeppe.get(&path).await.csrf()));
        let r = jeppe.client.post(&his).multipart(upload(b"%PDF-1.7", "hans.pdf")).send().await.unwrap();
        assert_eq!(r.status(), 403, "not a party: refused before the upload is read");
        let tokenless = hanne.client.post(app.url(&add)).multipart(upload(b"%PDF-1.7", "rapport.pdf")).send().await.unwrap();
        assert_eq!(tokenless.status(), 403, "a file form carries its token in its address");
        let program = hanne.client.post(&action).multipart(upload(b"MZ\x90\x00\x03", "rapport.exe")).send().await.unwrap();
        assert_eq!(program.status(), 422);
        let body = program.text().await.unwrap();
        assert!(body.contains("id=\"document-error\"") && body.contains("value=\"4,3\""), "{body}");
        let report: &[u8] = b"%PDF-1.7 Evaluering af Frivillig Foelgeven";
        let sent = hanne.client.post(&action).multipart(upload(report, "Evaluering efterår 2026.pdf")).send().await.unwrap();
        assert_eq!(sent.status(), 303);
        let page = app.browser().get(&path).await.body;
        let name = page.find(">Evaluering efterår 2026.pdf</a>").unwrap_or_else(|| panic!("{page}"));
        let href = page[..name].rsplit("href=\"").next().unwrap().split('"').next().unwrap().to_string();
        let got = reqwest::get(app.url(&href)).await.unwrap();
        assert_eq!(got.status(), 200);
        assert!(got.headers()["content-disposition"].to_str().unwrap().starts_with("attachment"));
        assert_eq!(got.headers()["content-type"], "application/pdf");
        assert_eq!(&got.bytes().await.unwrap()[..], report);
        let e: serde_json::Value = reqwest::get(app.url(&format!("/api/v1/initiatives/{id}/evaluation"))).await.unwrap().json().await.unwrap();
        assert!(e.to_string().contains(&format!("\"document\":\"{href}\"")), "{e}");
        let elsewhere = href.replacen(&format!("/initiatives/{id}/"), "/initiatives/1/", 1);
        assert_eq!(reqwest::get(app.url(&elsewhere)).await.unwrap().status(), 404, "only under its own initiative");

        // Through the API: Brian speaks for the centre, not for the association; and Medspil
        // counts the hours itself.
        let c = reqwest::Client::new();
        let token = api_token(&app, "brian@aarhus.dk", PASSWORD).await;
        let centre = id_of(&app, "SELECT id FROM actors WHERE name = 'Center for bostøtte i eget hjem'").await;
        let body = |vouched_by: &str| json!({"value": 3.9, "from": "2026-10-01", "to": "2026-10-31", "source": "https://aarhus.dk/cbh/maaling", "vouched_by": vouched_by.parse::<i64>().unwrap()});
        let url = |indicator: &str| app.url(&format!("/api/v1/initiatives/{id}/indicators/{indicator}/measurements"));
        let r = c.post(url(&quality)).bearer_auth(&token).json(&body(&social)).send().await.unwrap();
        assert_eq!(r.status(), 422);
        let answer: Value = r.json().await.unwrap();
        assert!(answer["error"]["fields"]["vouched_by"].is_string(), "{answer}");
        let r = c.post(url(&hours.to_string())).bearer_auth(&token).json(&body(&centre.to_string())).send().await.unwrap();
        assert_eq!(r.status(), 409);
        assert_eq!(r.json::<Value>().await.unwrap()["error"]["code"], "indicator_counted");
        let r = c.post(url(&quality)).bearer_auth(&token).json(&body(&centre.to_string())).send().await.unwrap();
        assert_eq!(r.status(), 201);

        let e: Value = c.get(app.url(&format!("/api/v1/initiatives/{id}/evaluation"))).send().await.unwrap().json().await.unwrap();
        let quality = e["indicators"].as_array().unwrap().iter().find(|x| x["measure"] == "experienced_quality").unwrap();
        let figures: Vec<(f64, &str)> = quality["measurements"].as_array().unwrap().iter()
            .filter(|m| m["from"].as_str().unwrap() >= "2026-09-01")
            .map(|m| (m["value"].as_f64().unwrap(), m["vouched_by_name"].as_str().unwrap())).collect();
        let kept = vec![(3.9, "Center for bostøtte i eget hjem"), (4.1, "Social Frivilligforening Aarhus"), (4.3, "Social Frivilligforening Aarhus")];
        assert_eq!(figures, kept, "each kept, by period");
    }
}

on_both_engines! {
    /// Nothing is overwritten: a correction supersedes a measurement and both stay, and two
    /// corrections of one measurement at once leave exactly one; a party's question stays with
    /// the measurement; a partner's key adds only to its own initiative, in its party's name,
    /// and nothing more once revoked.
    async fn corrections_questions_and_partner_keys(app) {
        let id = id_of(&app, "SELECT id FROM initiatives WHERE title = 'Frivillig Følgeven'").await;
        let other = id_of(&app, "SELECT id FROM initiatives WHERE title <> 'Frivillig Følgeven' ORDER BY id").await;
        let centre = id_of(&app, "SELECT id FROM actors WHERE name = 'Center for bostøtte i eget hjem'").await;
        let quality = id_of(&app, "SELECT id FROM indicators WHERE measure = 'experienced_quality' AND initiative_id = (SELECT id FROM initiatives WHERE title = 'Frivillig Følgeven')").await;
        let own = id_of(&app, "SELECT id FROM indicators WHERE measure IS NULL AND initiative_id = (SELECT id FROM initiatives WHERE title = 'Frivillig Følgeven')").await;
        let c = reqwest::Client::new();
        let token = api_token(&app, "brian@aarhus.dk", PASSWORD).await;
        let url = |initiative: i64, indicator: i64| app.url(&format!("/api/v1/initiatives/{initiative}/indicators/{indicator}/measurements"));
        let figure = |value: f64, supersedes: Option<i64>| json!({"value": value, "from": "2026-10-01", "to": "2026-10-31",
            "source": "https://aarhus.dk/cbh/maaling", "vouched_by": centre, "supersedes": supersedes});
        let r = c.post(url(id, quality)).bearer_auth(&token).json(&figure(3.9, None)).send().await.unwrap();
        assert_eq!(r.status(), 201);
        let first = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();

        // Two corrections of the same figure at the same moment: one lands, one is refused.
        let correct = |value| c.post(url(id, quality)).bearer_auth(&token).json(&figure(value, Some(first))).send();
        let (a, b) = tokio::join!(correct(4.0), correct(4.2));
        let mut statuses = [a.unwrap().status().as_u16(), b.unwrap().status().as_u16()];
        statuses.sort();
        assert_eq!(statuses, [201, 409]);
        let r = c.post(url(id, quality)).bearer_auth(&token).json(&figure(4.3, Some(first))).send().await.unwrap();
        assert_eq!(r.json::<Value>().await.unwrap()["error"]["code"], "measurement_superseded");
        let r = c.post(url(id, own)).bearer_auth(&token).json(&figure(12.0, Some(first))).send().await.unwrap();
        assert_eq!(r.status(), 422, "a correction is of the same indicator");
        let kept: i64 = db::query_scalar("SELECT COUNT(*) FROM measurements WHERE indicator_id = $1 AND vouched_by = $2")
            .bind(quality).bind(centre).fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(kept, 2, "the figure and its one correction, both kept");
        // However the two requests above happened to interleave, the database holds the line: a
        // second correction written past the rules is refused by it.
        let past_the_rules = db::query(
            "INSERT INTO measurements (indicator_id, value, period_from, period_to, method, source, vouched_by, recorded_by, recorded_at, supersedes) \
             SELECT indicator_id, 1.0, period_from, period_to, '', source, vouched_by, recorded_by, recorded_at, supersedes FROM measurements WHERE supersedes = $1")
            .bind(first).execute(app.db.pool()).await;
        assert!(past_the_rules.is_err_and(|e| e.is_unique_violation()), "a measurement is superseded once");

        let path = format!("/initiatives/{id}/evaluation");
        let page = app.browser().get(&format!("{path}?from=2026-01-01")).await.body;
        assert!(page.contains("<del>3,9 på en skala 1–5</del>") && page.contains("Erstattet af en rettelse"), "{page}");
        assert!(page.contains("Retter en tidligere måling"));
        assert!(!page.contains("3,9 på en skala 1–5 (1. oktober"), "the superseded figure no longer counts as the latest");

        // Brian, for the centre, questions the correction; the question stays, for every reader.
        let brian = logged_in(&app, "brian@aarhus.dk").await;
        let correction: i64 = db::query_scalar("SELECT id FROM measurements WHERE supersedes = $1")
            .bind(first).fetch_one(app.db.pool()).await.unwrap();
        let (correction_id, centre_id) = (correction.to_string(), centre.to_string());
        let ask = format!("/initiatives/{id}/questions");
        let question = [("question_measurement", correction_id.as_str()), ("asked_by", centre_id.as_str()),
            ("question", "Hvor mange svarede i oktober?")];
        let empty = brian.submit(&path, &ask, &[question[0], question[1], ("question", " ")]).await;
        assert_eq!(empty.status, 422);
        assert!(empty.body.contains("id=\"question-error\""), "{}", empty.body);
        assert_eq!(brian.submit(&path, &ask, &question).await.status, 303);
        let jeppe = logged_in(&app, "jeppe@example.dk").await;
        assert_eq!(jeppe.submit(&path, &ask, &question).await.status, 403, "not a party");
        let page = app.browser().get(&path).await.body;
        assert!(page.contains("Spørgsmål fra Center for bostøtte i eget hjem") && page.contains("Hvor mange svarede i oktober?"));

        // A key for the centre's own system, made on the page and shown once.
        let made = brian.submit(&path, &format!("/initiatives/{id}/measurement-keys"),
            &[("key_label", "Omsorgssystemet"), ("key_party", centre_id.as_str())]).await;
        assert_eq!(made.status, 200, "{}", made.body);
        let key = made.body.split("<code id=\"key\" class=\"secret\">").nth(1).and_then(|rest| rest.split('<').next()).unwrap().to_string();
        assert!(key.starts_with("mk_"), "{key}");
        let r = c.post(url(id, quality)).bearer_auth(&key).json(&figure(4.4, None)).send().await.unwrap();
        assert_eq!(r.status(), 201);
        assert_eq!(r.json::<Value>().await.unwrap()["via_key"], "Omsorgssystemet");
        let social = id_of(&app, "SELECT id FROM actors WHERE name = 'Social Frivilligforening Aarhus'").await;
        let theirs = json!({"value": 4.4, "from": "2026-10-01", "to": "2026-10-31", "source": "https://x.dk/y", "vouched_by": social});
        assert_eq!(c.post(url(id, quality)).bearer_auth(&key).json(&theirs).send().await.unwrap().status(), 422, "only its own party");
        assert_eq!(c.post(url(other, quality)).bearer_auth(&key).json(&figure(4.4, None)).send().await.unwrap().status(), 403,
            "only its own initiative");
        let elsewhere = c.post(app.url(&format!("/api/v1/initiatives/{id}/indicators"))).bearer_auth(&key)
            .json(&json!({"value_goal": "quality", "measure": "hours"})).send().await.unwrap();
        assert_eq!(elsewhere.status(), 401, "a key is no user's token");

        // Revoked after a confirmation, by those who speak for its party: it adds nothing more.
        let key_id = id_of(&app, "SELECT id FROM measurement_keys WHERE label = 'Omsorgssystemet'").await;
        let revoke = format!("/initiatives/{id}/measurement-keys/{key_id}/revoke");
        assert_eq!(jeppe.get(&revoke).await.status, 403);
        let confirm = brian.get(&revoke).await;
        assert!(confirm.status == 200 && confirm.body.contains("Tilbagekald nøglen »Omsorgssystemet«"), "{}", confirm.body);
        assert_eq!(brian.submit(&revoke, &revoke, &[]).await.status, 303);
        assert_eq!(c.post(url(id, quality)).bearer_auth(&key).json(&figure(4.5, None)).send().await.unwrap().status(), 401);
    }
}
