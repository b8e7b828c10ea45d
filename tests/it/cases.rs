//! Cases: Besøgshunde, concluded, and Hans Broges Gade, being evaluated, are cases whose leaders
//! wrote what they learned; the catalogue finds them by the words of that learning; a citizen
//! starting something similar is shown them before saving.

use crate::on_both_engines;
use crate::support::{api_token, id_of, logged_in};
use serde_json::{Value, json};

on_both_engines! {
    async fn a_concluded_initiative_is_a_case_found_by_what_it_learned(app) {
        let dogs = id_of(&app, "SELECT id FROM initiatives WHERE title = 'Besøgshunde'").await;
        let food = id_of(&app, "SELECT id FROM initiatives WHERE title = 'Madklub'").await;
        let visitor = app.browser();
        let catalogue = visitor.get("/cases").await.body;
        assert!(catalogue.contains(&format!("href=\"/cases/{dogs}\"")) && catalogue.contains("Hans Broges Gade"), "{catalogue}");
        assert!(!catalogue.contains("Madklub"), "an active initiative is not a case yet");
        // Found by an inflected word of what its leaders learned ("hunden" → "hund").
        let found = visitor.get("/cases?q=hundene").await.body;
        assert!(found.contains(&format!("href=\"/cases/{dogs}\"")) && !found.contains("Hans Broges"), "{found}");
        assert!(visitor.get("/cases?q=cykelsmed").await.body.contains("Ingen initiativer med erfaringer passer"));

        let case = visitor.get(&format!("/cases/{dogs}")).await;
        assert_eq!(case.status, 200);
        assert!(case.body.contains("Hunden åbner døren") && case.body.contains("Vores råd til andre"), "{}", case.body);
        assert!(case.body.contains("Afsluttet") && case.body.contains("Center for bostøtte i eget hjem"));
        // What it achieved, with figures from both parties over the whole of its life.
        assert!(case.body.contains("Borgere med fast besøgshund") && case.body.contains("13 borgere"), "{}", case.body);
        assert!(case.body.contains("4,4 på en skala 1–5") && case.body.contains("Social Frivilligforening Aarhus"), "{}", case.body);
        assert!(!case.body.contains("Skriv, hvad I lærte"), "only its leaders write");
        assert_eq!(visitor.get(&format!("/cases/{food}")).await.status, 404);

        // Brian adds to it; an empty note is explained, and only the leaders may write.
        let path = format!("/cases/{dogs}");
        let write = format!("/initiatives/{dogs}/learning");
        let brian = logged_in(&app, "brian@aarhus.dk").await;
        let empty = brian.submit(&path, &write, &[("worked", " "), ("themes", "loneliness")]).await;
        assert_eq!(empty.status, 422);
        assert!(empty.body.contains("id=\"worked-error\""), "{}", empty.body);
        let note = [("advice", "Hold fast i den samme ugedag."), ("themes", "loneliness")];
        assert_eq!(brian.submit(&path, &write, &note).await.status, 303);
        assert!(visitor.get(&path).await.body.contains("Hold fast i den samme ugedag."));
        let jeppe = logged_in(&app, "jeppe@example.dk").await;
        assert_eq!(jeppe.submit(&path, &write, &note).await.status, 403);

        // The same through the API: not before the initiative is evaluated.
        let c = reqwest::Client::new();
        let token = api_token(&app, "brian@aarhus.dk", "medspil-demo").await;
        let early = c.post(app.url(&format!("/api/v1/initiatives/{food}/learning"))).bearer_auth(&token)
            .json(&json!({"worked": "Fællesskab om maden.", "themes": ["loneliness"]})).send().await.unwrap();
        assert_eq!(early.status(), 409);
        assert_eq!(early.json::<Value>().await.unwrap()["error"]["code"], "learning_too_early");
        let early_page = brian.submit(&path, &format!("/initiatives/{food}/learning"), &note).await;
        assert_eq!(early_page.status, 409, "nor from a page");
        assert!(early_page.body.contains("Erfaringer skrives, når initiativet er under evaluering"), "{}", early_page.body);
        let e: Value = c.get(app.url(&format!("/api/v1/initiatives/{dogs}/evaluation"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(e["learning"][1]["advice"], "Hold fast i den samme ugedag.", "{e}");

        // Someone starting something similar sees the case before saving.
        let me = jeppe.get("/initiatives/new").await;
        assert_eq!(me.status, 200);
        let jeppe_id = id_of(&app, "SELECT person_id FROM users WHERE email = 'jeppe@example.dk'").await.to_string();
        let form = [("title", "Besøgshunde i Viby"), ("purpose", "Hunde på besøg hos ældre, der bor alene i Viby."),
            ("description", ""), ("theme", "loneliness"), ("started_by", jeppe_id.as_str()), ("expectations", ""), ("address", ""),
            ("neighbourhood", "Viby"), ("latitude", ""), ("longitude", ""), ("stage", "co_creation"), ("commitment", "non_binding"),
            ("value_goals", "quality"), ("leadership_mode", "facilitating"), ("department", "")];
        let shown = jeppe.submit("/initiatives/new", "/initiatives", &form).await;
        assert_eq!(shown.status, 200, "{}", shown.body);
        assert!(shown.body.contains("Erfaringer fra lignende initiativer") && shown.body.contains(&format!("href=\"/cases/{dogs}\"")), "{}", shown.body);
    }
}
