//! Debate across initiatives: Sofie opens a debate on the theme of green streets, which its
//! followers hear of; Jeppe and Karen reply, one quoting the other, with a link; Sofie concludes
//! it with an outcome and a day to review it, and its followers hear that too.

use crate::on_both_engines;
use crate::support::{id_of, logged_in, value_of};

on_both_engines! {
    async fn a_debate_on_a_theme_ends_with_a_recorded_outcome(app) {
        let sofie = logged_in(&app, "sofie@example.dk").await;
        let jeppe = logged_in(&app, "jeppe@example.dk").await;
        let karen = logged_in(&app, "formand@frederiksbjerg-faellesraad.dk").await;
        // Karen follows the theme: she hears of a new debate on it.
        let csrf = karen.get("/debate").await.csrf();
        karen.post("/follows", &[("csrf", &csrf), ("kind", "theme"), ("target", "green_streets"), ("label", ""), ("back", "/")]).await;

        let new = "/debate/new?kind=theme&key=green_streets";
        let empty = sofie.submit(new, "/debate", &[("kind", "theme"), ("theme", "green_streets"), ("title", "Bump eller blomster?"), ("body", " ")]).await;
        assert_eq!(empty.status, 422);
        assert!(empty.body.contains("id=\"body-error\"") && empty.body.contains("value=\"Bump eller blomster?\""), "{}", empty.body);
        let started = sofie.submit(new, "/debate", &[("kind", "theme"), ("theme", "green_streets"), ("title", "Bump eller blomster?"),
            ("body", "Hvad sænker farten bedst på Frederiksbjerg?\nSe https://aarhus.dk/trafik.")]).await;
        assert_eq!(started.status, 303, "{}", started.body);
        let path = started.location.unwrap();
        let id: i64 = path.trim_start_matches("/debate/").parse().unwrap();
        let page = app.browser().get(&path).await.body;
        assert!(page.contains("<a href=\"https://aarhus.dk/trafik\" rel=\"nofollow ugc\">https://aarhus.dk/trafik</a>."), "{page}");
        assert!(app.browser().get("/debate?kind=theme&key=green_streets").await.body.contains(&format!("href=\"/debate/{id}\"")));

        // Replies, one quoting the other; markup stays text.
        let posts = format!("/debate/{id}/posts");
        let first = jeppe.submit(&path, &posts, &[("body", "Blomsterkasser! <script>alert(1)</script>")]).await;
        assert_eq!(first.status, 303);
        let jeppes = id_of(&app, &format!("SELECT id FROM debate_posts WHERE thread_id = {id}")).await.to_string();
        let quoting = format!("{path}?quote={jeppes}");
        assert!(karen.get(&quoting).await.body.contains("Jeppe Spure Nielsen skrev:"));
        let second = karen.submit(&quoting, &posts, &[("body", "Enig, og fællesrådet hjælper med at passe dem."), ("quote_of", &jeppes)]).await;
        assert_eq!(second.status, 303);
        let page = app.browser().get(&path).await.body;
        assert!(page.contains("&#60;script&#62;") && !page.contains("<script>alert"), "{page}");
        assert!(page.contains("<blockquote><p class=\"meta\">Jeppe Spure Nielsen skrev:</p>") && page.contains("2 svar"), "{page}");
        // A quote from another debate is refused next to the field.
        let other = sofie.submit(new, "/debate", &[("kind", "theme"), ("theme", "green_streets"), ("title", "Anden debat"), ("body", "x")]).await;
        let other_path = other.location.unwrap();
        let foreign = jeppe.submit(&other_path, &format!("{other_path}/posts"), &[("body", "Citat"), ("quote_of", &jeppes)]).await;
        assert_eq!(foreign.status, 422);

        // Only its starter (or the initiative's editors, moderators) concludes it.
        let conclude = format!("/debate/{id}/conclude");
        let outcome = [("outcome", "Vi prøver blomsterkasser på Ingerslevs Boulevard i et år."), ("concluded_by", "Fællesrådet og Frederiksbjerg Spirer"), ("review_on", "2030-06-01")];
        assert_eq!(jeppe.submit(&path, &conclude, &outcome).await.status, 403);
        let bare = sofie.submit(&path, &conclude, &[("outcome", ""), ("concluded_by", ""), ("review_on", "2020-01-01")]).await;
        assert_eq!(bare.status, 422);
        assert!(bare.body.contains("id=\"outcome-error\"") && bare.body.contains("id=\"review_on-error\""), "{}", bare.body);
        assert_eq!(sofie.submit(&path, &conclude, &outcome).await.status, 303);
        let page = app.browser().get(&path).await.body;
        assert!(page.contains("Vi prøver blomsterkasser") && page.contains("Konkluderet af Fællesrådet og Frederiksbjerg Spirer")
            && page.contains("Ses på igen 1. juni 2030"), "{page}");
        let late = jeppe.submit(&path, &posts, &[("body", "For sent?")]).await;
        assert_eq!(late.status, 409);
        assert!(late.body.contains("Debatten er afsluttet"), "{}", late.body);

        // The same through the API.
        let api = reqwest::Client::new();
        let listed: serde_json::Value = api.get(app.url("/api/v1/debate?subject_kind=theme&subject=green_streets")).send().await.unwrap().json().await.unwrap();
        let found = listed.as_array().unwrap().iter().find(|t| t["id"] == id).expect("listed");
        assert_eq!(found["outcome"]["concluded_by"], "Fællesrådet og Frederiksbjerg Spirer");
        assert_eq!(found["outcome"]["review_on"], "2030-06-01");
        let thread: serde_json::Value = api.get(app.url(&format!("/api/v1/debate/{id}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(thread["posts"].as_array().unwrap().len(), 2, "{thread}");
        assert_eq!(thread["posts"][1]["quote_of"].to_string(), jeppes);
        assert_eq!(thread["subject_kind"], "theme");
        assert_eq!(api.get(app.url("/api/v1/debate?subject_kind=tip&subject=1")).send().await.unwrap().status(), 400);

        // Written through the API too: a debate on a neighbourhood, a reply, and its outcome.
        let sofie_token = crate::support::api_token(&app, "sofie@example.dk", crate::support::DEMO_PASSWORD).await;
        let jeppe_token = crate::support::api_token(&app, "jeppe@example.dk", crate::support::DEMO_PASSWORD).await;
        let unknown = api.post(app.url("/api/v1/debate")).bearer_auth(&sofie_token)
            .json(&serde_json::json!({"subject_kind": "tip", "subject": "1", "title": "x", "body": "y"})).send().await.unwrap();
        assert_eq!(unknown.status(), 422);
        let made = api.post(app.url("/api/v1/debate")).bearer_auth(&sofie_token)
            .json(&serde_json::json!({"subject_kind": "neighbourhood", "subject": "Frederiksbjerg", "title": "Julemarked på torvet?", "body": "Skal vi?"}))
            .send().await.unwrap();
        assert_eq!(made.status(), 201);
        let made: serde_json::Value = made.json().await.unwrap();
        let api_thread = made["id"].as_i64().unwrap();
        let posts_url = app.url(&format!("/api/v1/debate/{api_thread}/posts"));
        let replied = api.post(&posts_url).bearer_auth(&jeppe_token).json(&serde_json::json!({"body": "Ja, med gløgg."})).send().await.unwrap();
        assert_eq!(replied.status(), 201);
        let conclude_url = app.url(&format!("/api/v1/debate/{api_thread}/conclude"));
        let outcome = serde_json::json!({"outcome": "Fællesrådet holder julemarked 12. december.", "concluded_by": "Sofie"});
        assert_eq!(api.post(&conclude_url).bearer_auth(&jeppe_token).json(&outcome).send().await.unwrap().status(), 403);
        let concluded: serde_json::Value = api.post(&conclude_url).bearer_auth(&sofie_token).json(&outcome).send().await.unwrap().json().await.unwrap();
        assert_eq!(concluded["posts"].as_array().unwrap().len(), 1, "{concluded}");
        assert_eq!(concluded["outcome"]["concluded_by"], "Sofie");
        let closed = api.post(&posts_url).bearer_auth(&jeppe_token).json(&serde_json::json!({"body": "For sent"})).send().await.unwrap();
        assert_eq!(closed.status(), 409);
        assert_eq!(closed.json::<serde_json::Value>().await.unwrap()["error"]["code"], "thread_closed");
        let heading = app.browser().get("/debate?kind=neighbourhood&key=Frederiksbjerg").await.body;
        assert!(heading.contains("Debat om Frederiksbjerg") && heading.contains("Julemarked på torvet?"), "named as written: {heading}");
        assert!(heading.contains("name=\"kind\" value=\"neighbourhood\""), "a search here stays here");
        let within = app.browser().get("/debate?kind=neighbourhood&key=Frederiksbjerg&q=julemarkedet").await.body;
        assert!(within.contains(&format!("href=\"/debate/{api_thread}\"")) && !within.contains(&format!("href=\"/debate/{id}\"")), "{within}");

        // Danish search finds the debate by its title, its opening post and its outcome, in
        // other forms of the words; stop words alone find nothing.
        for (q, finds) in [("blomsterne", true), ("farten", true), ("boulevarden", true), ("cykelparkering", false), ("og i", false)] {
            let listed = app.browser().get(&format!("/debate?kind=theme&key=&q={}", medspil::platform::web::url_encode(q))).await.body;
            assert_eq!(listed.contains(&format!("href=\"/debate/{id}\"")), finds, "{q}: {listed}");
        }
        let found: serde_json::Value = api.get(app.url("/api/v1/debate?q=bumpene")).send().await.unwrap().json().await.unwrap();
        assert_eq!(found[0]["id"], id, "the best match first: {found}");

        // Jeppe's posts are part of his data as he downloads it.
        let csrf = jeppe.get("/account/data").await.csrf();
        let zip = jeppe.client.post(app.url("/account/export"))
            .form(&[("csrf", csrf.as_str()), ("export_password", crate::support::DEMO_PASSWORD)]).send().await.unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip.bytes().await.unwrap().to_vec())).expect("a zip");
        let mut posts_csv = String::new();
        std::io::Read::read_to_string(&mut archive.by_name("debate_posts.csv").unwrap(), &mut posts_csv).unwrap();
        assert!(posts_csv.contains("Blomsterkasser! <script>"), "{posts_csv}");

        // Who heard what: Karen of the new debate (she follows the theme); Jeppe, who wrote in
        // it, of Karen's reply and of the outcome.
        app.notices_told().await;
        let heard = |who: &str, kind: &str| format!("SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
             WHERE u.email = '{who}' AND n.kind = '{kind}' AND n.link = '/debate/{id}'");
        assert_eq!(value_of::<i64>(&app, &heard("formand@frederiksbjerg-faellesraad.dk", "thread_started")).await, 1);
        assert_eq!(value_of::<i64>(&app, &heard("jeppe@example.dk", "thread_replied")).await, 1);
        assert_eq!(value_of::<i64>(&app, &heard("jeppe@example.dk", "thread_concluded")).await, 1);
        assert_eq!(value_of::<i64>(&app, &heard("sofie@example.dk", "thread_concluded")).await, 0, "not the one who concluded it");
    }
}

on_both_engines! {
    async fn an_initiatives_debate_is_concluded_by_its_leaders(app) {
        let spirer = id_of(&app, "SELECT id FROM initiatives WHERE title = 'Frederiksbjerg Spirer: grønne mødesteder mellem husene'").await;
        let sofie = logged_in(&app, "sofie@example.dk").await;
        let new = format!("/debate/new?kind=initiative&key={spirer}");
        assert!(sofie.get(&new).await.body.contains("Debatten handler om initiativet Frederiksbjerg Spirer"));
        let spirer_s = spirer.to_string();
        let started = sofie.submit(&new, "/debate", &[("initiative", spirer_s.as_str()), ("title", "Hvor skal kasserne stå?"), ("body", "Forslag?")]).await;
        assert_eq!(started.status, 303, "{}", started.body);
        let path = started.location.unwrap();
        assert!(app.browser().get(&format!("/initiatives/{spirer}")).await.body.contains(&format!("/debate?kind=initiative&amp;key={spirer}")));
        let listed = app.browser().get(&format!("/debate?kind=initiative&key={spirer}")).await.body;
        assert!(listed.contains("Hvor skal kasserne stå?"), "{listed}");
        // Jeppe leads the initiative: he may conclude Sofie's thread about it.
        let jeppe = logged_in(&app, "jeppe@example.dk").await;
        let done = jeppe.submit(&path, &format!("{path}/conclude"), &[("outcome", "Ved opgangene."), ("concluded_by", "Spirerne")]).await;
        assert_eq!(done.status, 303);
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert("accept-language", "en".parse().unwrap());
        let english = app.browser_with(headers).get(&path).await.body;
        assert!(english.contains("Concluded by Spirerne") && english.contains("0 replies"), "{english}");
    }
}

on_both_engines! {
    async fn hidden_posts_and_threads_leave_the_debate_but_not_their_authors(app) {
        let thread = id_of(&app, "SELECT id FROM debate_threads WHERE title LIKE 'Blomsterkasser%'").await;
        let post = id_of(&app, &format!("SELECT p.id FROM debate_posts p JOIN users u ON u.id = p.written_by \
            WHERE u.email = 'formand@frederiksbjerg-faellesraad.dk' AND p.thread_id = {thread}")).await;
        let path = format!("/debate/{thread}");
        let report = format!("/report/post/{post}");
        let visitor = app.browser();
        assert!(visitor.get(&path).await.body.contains(&format!("href=\"{report}\"")));
        let sent = visitor.submit(&report, &report, &[("reason", "abusive"), ("details", "")]).await;
        assert_eq!(sent.status, 200);
        assert_eq!(visitor.get(&format!("/debate/posts/{post}")).await.location, Some(format!("/debate/{thread}#post-{post}")));

        let admin = logged_in(&app, "admin@medspil.dk").await;
        let hidden = admin.submit("/moderation", &format!("/moderation/post/{post}/hide"), &[("reason", "Bryder tonen i debatten")]).await;
        assert_eq!(hidden.location.as_deref(), Some("/moderation"));
        let words = "Fællesrådet hjælper gerne";
        let page = visitor.get(&path).await.body;
        assert!(!page.contains(words) && page.contains("Blomsterkasser!"), "{page}");
        let karen = logged_in(&app, "formand@frederiksbjerg-faellesraad.dk").await;
        let hers = karen.get(&path).await.body;
        assert!(hers.contains(words) && hers.contains(&format!("id=\"hidden-post-{post}\"")) && hers.contains("Bryder tonen i debatten"), "{hers}");
        let api: serde_json::Value = reqwest::get(app.url(&format!("/api/v1/debate/{thread}"))).await.unwrap().json().await.unwrap();
        assert_eq!(api["posts"].as_array().unwrap().len(), 2, "{api}");

        // A hidden thread is gone for everyone but the one who started it and the moderators.
        admin.submit("/moderation", &format!("/moderation/thread/{thread}/hide"), &[("reason", "Dobbeltoprettet")]).await;
        assert_eq!(visitor.get(&path).await.status, 410);
        assert!(!visitor.get("/debate").await.body.contains(&format!("href=\"{path}\"")));
        assert_eq!(reqwest::get(app.url(&format!("/api/v1/debate/{thread}"))).await.unwrap().status(), 404);
        let sofie = logged_in(&app, "sofie@example.dk").await;
        assert_eq!(sofie.get(&path).await.status, 200);
    }
}
