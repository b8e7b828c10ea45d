//! Experience surveys: Brian asks the people who walk with Frivillig Følgeven how it was; each
//! answers on a phone through a personal link, once, anonymously; results appear only when at
//! least five have answered, and the free texts only for the initiative's leaders.

use crate::on_both_engines;
use crate::support::{Browser, api_token, id_of, logged_in};
use medspil::platform::db;
use serde_json::{Value, json};

/// The personal link to the survey of that title in a person's inbox.
async fn link_in_inbox(person: &Browser, title: &str) -> String {
    let inbox = person.get("/inbox").await.body;
    let told = inbox.find(title).unwrap_or_else(|| panic!("{inbox}"));
    let start = inbox[..told]
        .rfind("/surveys/answer/")
        .unwrap_or_else(|| panic!("{inbox}"));
    inbox[start..].split('"').next().unwrap().to_string()
}

/// What the evaluation page says of one survey.
fn survey_part(page: &str, title: &str) -> String {
    let start = page
        .find(&format!("<h3>{title}</h3>"))
        .unwrap_or_else(|| panic!("{page}"));
    page[start..]
        .split("</article>")
        .next()
        .unwrap()
        .to_string()
}

/// Experienced quality in an evaluation from the API, and how many answered.
fn surveyed_quality(e: &Value) -> (f64, f64) {
    let x = e["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["measure"] == "experienced_quality")
        .unwrap_or_else(|| panic!("{e}"));
    (
        x["value"].as_f64().unwrap(),
        x["respondents"].as_f64().unwrap(),
    )
}

const TITLE: &str = "Efter sommerens ture";

fn answers<'a>(scale: &'a str, choice: &'a str, text: &'a str) -> [(&'static str, &'a str); 3] {
    [
        ("answer_1", scale),
        ("answer_2", choice),
        ("answer_3", text),
    ]
}

on_both_engines! {
    async fn participants_answer_on_their_phones_and_results_show_only_for_five(app) {
        let id = id_of(&app, "SELECT id FROM initiatives WHERE title = 'Frivillig Følgeven'").await;
        let (new, evaluation) = (format!("/initiatives/{id}/surveys/new"), format!("/initiatives/{id}/evaluation"));
        // The five citizens who walk with a følgeven in the demo, and Liselotte.
        let mut citizens = Vec::new();
        for who in ["inger", "poul", "kirsten", "bent", "aase"] {
            citizens.push(logged_in(&app, &format!("{who}@example.dk")).await);
        }
        let jeppe = logged_in(&app, "jeppe@example.dk").await;
        assert_eq!(jeppe.get(&new).await.status, 403, "only the initiative's leaders send surveys");
        let brian = logged_in(&app, "brian@aarhus.dk").await;
        let refused = brian.submit(&new, &new, &[("title", ""), ("audience", "participants"), ("kind_1", "scale"),
            ("prompt_1", "Hvor tilfreds er du?"), ("kind_2", "choice"), ("prompt_2", "Kommer du mere ud?"), ("choices_2", "Ja")]).await;
        assert_eq!(refused.status, 422);
        for field in ["title", "choices_2"] {
            assert!(refused.body.contains(&format!("id=\"{field}-error\"")), "{field}: {}", refused.body);
        }
        assert!(refused.body.contains("value=\"Kommer du mere ud?\""), "what was typed is kept");
        let sent = brian.submit(&new, &new, &[("title", "Efter sommerens ture"), ("audience", "participants"), ("event", ""),
            ("kind_1", "scale"), ("prompt_1", "Hvor tilfreds er du med din følgeven?"),
            ("kind_2", "choice"), ("prompt_2", "Kommer du mere ud end før?"), ("choices_2", "Ja\nNej\nVed ikke"),
            ("kind_3", "text"), ("prompt_3", "Hvad kan vi gøre bedre?")]).await;
        assert_eq!(sent.status, 303, "{}", sent.body);
        let survey = id_of(&app, "SELECT id FROM surveys WHERE title = 'Efter sommerens ture'").await;
        let asked: i64 = db::query_scalar("SELECT COUNT(*) FROM survey_invitations WHERE survey_id = $1")
            .bind(survey).fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(asked, 6, "Liselotte and the five, each with a link of their own");
        app.notices_told().await;

        // Four answer, each on a phone without logging in: too few to show.
        let phone = app.browser();
        for (n, scale) in [(1, "5"), (2, "4"), (3, "4"), (4, "3")] {
            let link = link_in_inbox(&citizens[n - 1], TITLE).await;
            let form = phone.get(&link).await;
            assert!(form.status == 200 && form.body.contains("Hvor tilfreds er du med din følgeven?"), "{}", form.body);
            let done = phone.submit(&link, &link, &answers(scale, "0", &format!("Svar fra nummer {n}"))).await;
            assert_eq!(done.status, 200, "{}", done.body);
            assert!(done.body.contains("Tak for dine svar"));
        }
        let page = survey_part(&brian.get(&evaluation).await.body, TITLE);
        assert!(page.contains("4 af 6 har svaret") && page.contains("Resultaterne vises, når mindst 5 har svaret"), "{page}");
        assert!(!page.contains("Gennemsnit") && !page.contains("Svar fra nummer"), "nothing of four answers is shown");
        let table = app.browser().get(&format!("{evaluation}.csv")).await.body;
        assert!(!table.contains(TITLE), "nor in the CSV: {table}");
        let api = app.url(&format!("/api/v1/initiatives/{id}/evaluation"));
        let c = reqwest::Client::new();
        let e: Value = c.get(&api).send().await.unwrap().json().await.unwrap();
        assert_eq!((e["surveys"][0]["answered"].clone(), e["surveys"][0]["shown"].clone()), (json!(4), json!(false)));
        assert_eq!(e["surveys"][0]["questions"][0]["counts"], json!([]), "nor in the API");
        // Experienced quality counts whole surveys five or more answered: the demo's, not this one.
        let (quality, respondents) = surveyed_quality(&e);
        assert_eq!(respondents, 5.0, "{e}");

        // The fifth: a wrong value is explained by its question; then the answer is kept once.
        let fifth = link_in_inbox(&citizens[4], TITLE).await;
        let wrong = phone.submit(&fifth, &fifth, &answers("7", "", "")).await;
        assert_eq!(wrong.status, 422);
        assert!(wrong.body.contains("id=\"answer_1-error\""), "{}", wrong.body);
        assert_eq!(phone.submit(&fifth, &fifth, &answers("4", "1", "")).await.status, 200);
        let again = phone.post(&fifth, &[("csrf", &phone.get("/login").await.csrf()), ("answer_1", "1")]).await;
        assert_eq!(again.status, 409, "one answer per link");
        assert_eq!(phone.get(&fifth).await.status, 409);

        // The same link sent twice at once is kept once.
        let hers = link_in_inbox(&logged_in(&app, "liselotte@example.dk").await, TITLE).await;
        let csrf = phone.get(&hers).await.csrf();
        let form = [("csrf", csrf.as_str()), ("answer_1", "5")];
        let (a, b) = tokio::join!(phone.post(&hers, &form), phone.post(&hers, &form));
        let mut statuses = [a.status, b.status];
        statuses.sort();
        assert_eq!(statuses, [200, 409]);
        let kept: i64 = db::query_scalar("SELECT COUNT(*) FROM survey_responses WHERE survey_id = $1")
            .bind(survey).fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(kept, 6);

        let page = survey_part(&brian.get(&evaluation).await.body, TITLE);
        assert!(page.contains("6 af 6 har svaret") && page.contains("Gennemsnit 4,2 på en skala 1–5"), "{page}");
        assert!(page.contains("<th scope=\"row\">Ja</th><td>4</td>"), "{page}");
        assert!(page.contains("Svar fra nummer 2"), "the leaders read the free texts");
        let public = survey_part(&app.browser().get(&evaluation).await.body, TITLE);
        assert!(public.contains("Gennemsnit 4,2") && !public.contains("Svar fra nummer 2"), "others do not");
        let e: Value = c.get(&api).send().await.unwrap().json().await.unwrap();
        let q = &e["surveys"][0]["questions"];
        assert_eq!(q[0]["counts"], json!([0, 0, 1, 3, 2]));
        assert_eq!(q[2]["counts"], json!([4]), "how many wrote, never what: {e}");
        assert!(!e.to_string().contains("Svar fra nummer"));
        // Now this survey counts too, with all six: 5, 4, 4, 3, 4 and 5.
        let expected = (quality * respondents + 25.0) / (respondents + 6.0);
        let (now, counted) = surveyed_quality(&e);
        assert_eq!(counted, respondents + 6.0);
        assert!((now - expected).abs() < 1e-9, "{now} against {expected}");
        let quality_row = brian.get(&evaluation).await.body;
        let shown = format!("{:.1}", (expected * 10.0).round() / 10.0).replace('.', ",");
        assert!(quality_row.contains(&format!("Fra spørgeskemaerne: {shown} på en skala 1–5 ({} svar på spørgeskemaer sendt i perioden)", counted)),
            "{quality_row}");
        let table = app.browser().get(&format!("{evaluation}.csv")).await.body;
        assert!(table.contains("Spørgeskemasvar,,Efter sommerens ture: Hvor tilfreds er du med din følgeven?,5 – i høj grad,,,,,2"), "{table}");
        assert!(table.contains("Efter sommerens ture: Kommer du mere ud end før?,Ja,,,,,4"));
        assert!(!table.contains("Svar fra nummer"), "never the free texts");

        // Through the API: the leaders only, a survey that can be answered, to someone.
        let send = app.url(&format!("/api/v1/initiatives/{id}/surveys"));
        let survey = |audience: &str| json!({"title": "Efter turen", "audience": audience, "event_id": null,
            "questions": [{"kind": "scale", "prompt": "Hvordan var det?"}]});
        let token = api_token(&app, "brian@aarhus.dk", "medspil-demo").await;
        let theirs = api_token(&app, "jeppe@example.dk", "medspil-demo").await;
        assert_eq!(c.post(&send).bearer_auth(&theirs).json(&survey("participants")).send().await.unwrap().status(), 403);
        let nobody = c.post(&send).bearer_auth(&token).json(&survey("contributors")).send().await.unwrap();
        assert_eq!(nobody.status(), 409);
        assert_eq!(nobody.json::<Value>().await.unwrap()["error"]["code"], "survey_no_audience");
        let mut long = survey("participants");
        long["questions"] = json!(vec![json!({"kind": "text", "prompt": "Mere?"}); 2]);
        assert_eq!(c.post(&send).bearer_auth(&token).json(&long).send().await.unwrap().status(), 422);
        assert_eq!(c.post(&send).bearer_auth(&token).json(&survey("participants")).send().await.unwrap().status(), 201);

        // After a booking: whoever booked, once the booking has been used, and only then: a
        // person for herself, or one who booked for an organisation.
        let book = |email: &'static str, booker: &'static str, starts: i64| db::query(format!(
            "INSERT INTO bookings (space_id, booker_id, initiative_id, purpose, starts_at, ends_at, status, created_by, created_at, updated_at) \
             SELECT (SELECT MIN(id) FROM spaces), {booker}, $1, 'Kaffe med følgevennerne', $2, $3, 'confirmed', u.id, $2, $2 \
             FROM users u WHERE u.email = '{email}'"))
            .bind(id).bind(starts).bind(starts + 7_200);
        let (herself, centre) = ("u.person_id", "(SELECT id FROM actors WHERE name = 'Center for bostøtte i eget hjem')");
        let tomorrow = medspil::platform::time::now() + 86_400;
        book("liselotte@example.dk", herself, tomorrow).execute(app.db.pool()).await.unwrap();
        let unused = c.post(&send).bearer_auth(&token).json(&survey("booked")).send().await.unwrap();
        assert_eq!(unused.status(), 409, "a booking not yet used asks nobody");
        let last_month = tomorrow - 30 * 86_400;
        book("liselotte@example.dk", herself, last_month).execute(app.db.pool()).await.unwrap();
        book("brian@aarhus.dk", centre, last_month).execute(app.db.pool()).await.unwrap();
        let after = c.post(&send).bearer_auth(&token).json(&survey("booked")).send().await.unwrap();
        assert_eq!(after.status(), 201);
        let asked: i64 = db::query_scalar("SELECT COUNT(*) FROM survey_invitations WHERE survey_id = $1")
            .bind(after.json::<Value>().await.unwrap()["id"].as_i64().unwrap()).fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(asked, 2, "Liselotte, and Brian, who booked for the centre");
    }
}
