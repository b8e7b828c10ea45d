//! Moderation: anyone reports content; a moderator hides it with a reason its author is told,
//! the author asks once for a review, and the moderator restores it; every act is audited.

use crate::on_both_engines;
use crate::support::{id_of, logged_in};
use crate::tips::{JAEGERGAARDSGADE, count, phone_photo, report, tip_id};
use serde_json::Value;

on_both_engines! {
    async fn a_moderator_hides_an_abusive_offer_and_its_author_sees_why(app) {
        let offer = id_of(&app, "SELECT id FROM offers WHERE title = 'Besøgsven to eftermiddage om ugen'").await;
        let page = format!("/offers/{offer}");
        let report = format!("/report/offer/{offer}");
        let anonymous = app.browser();
        assert!(anonymous.get(&page).await.body.contains(&format!("href=\"{report}\"")));
        let empty = anonymous.submit(&report, &report, &[("details", "")]).await;
        assert_eq!(empty.status, 422);
        assert!(empty.body.contains("id=\"reason-error\""));
        let other = anonymous.submit(&report, &report, &[("reason", "other"), ("details", "")]).await;
        assert!(other.status == 422 && other.body.contains("id=\"details-error\""), "other says what");
        let sent = anonymous.submit(&report, &report, &[("reason", "personal_data"), ("details", "Der står et telefonnummer.")]).await;
        assert_eq!(sent.status, 200);
        assert!(sent.body.contains("Tak for din anmeldelse"));
        let jeppe = logged_in(&app, "jeppe@example.dk").await;
        assert_eq!(jeppe.submit(&report, &report, &[("reason", "abusive")]).await.status, 200);

        let liselotte = logged_in(&app, "liselotte@example.dk").await;
        assert_eq!(liselotte.get("/moderation").await.status, 403, "only moderators");
        let admin = logged_in(&app, "admin@medspil.dk").await;
        admin.submit("/admin/roles", "/admin/roles", &[("email", "brian@aarhus.dk"), ("role", "moderator"), ("reason", "Moderator for Aarhus Vest")]).await;
        let brian = logged_in(&app, "brian@aarhus.dk").await;
        let queue = brian.get("/moderation").await;
        assert!(queue.body.contains("Besøgsven to eftermiddage om ugen") && queue.body.contains("2 anmeldelser"), "{}", queue.body);
        assert!(queue.body.contains("Der står et telefonnummer."));

        let hide = format!("/moderation/offer/{offer}/hide");
        let no_reason = brian.submit("/moderation", &hide, &[("reason", "")]).await;
        assert_eq!(no_reason.status, 422);
        let hidden = brian.submit("/moderation", &hide, &[("reason", "Tilbuddet viser en andens telefonnummer")]).await;
        assert_eq!(hidden.location.as_deref(), Some("/moderation"));
        assert_eq!(brian.submit("/moderation", &hide, &[("reason", "Igen")]).await.status, 409, "hidden once");
        assert!(brian.get("/moderation").await.body.contains("Intet venter"), "the reports are settled");

        let gone = app.browser().get(&page).await;
        assert_eq!(gone.status, 410);
        assert!(gone.body.contains("En moderator har skjult") && !gone.body.contains("100 % til stede"));
        assert!(!app.browser().get("/offers").await.body.contains("Besøgsven to eftermiddage om ugen"));
        let api = reqwest::get(app.url(&format!("/api/v1/offers/{offer}"))).await.unwrap();
        assert_eq!(api.status(), 404);

        let own = liselotte.get(&page).await;
        assert_eq!(own.status, 200);
        assert!(own.body.contains("Tilbuddet viser en andens telefonnummer"), "the author sees why");
        app.notices_told().await;
        assert!(liselotte.get("/inbox").await.body.contains("En moderator har skjult »Besøgsven to eftermiddage om ugen«: Tilbuddet viser en andens telefonnummer"));
        let review = format!("/moderation/offer/{offer}/review");
        let asked = liselotte.submit(&page, &review, &[("message", "Nummeret er mit eget, men jeg har fjernet det.")]).await;
        assert_eq!(asked.status, 303);
        assert_eq!(liselotte.post(&review, &[("csrf", &liselotte.get(&page).await.csrf()), ("message", "Igen")]).await.status, 409, "a review is asked once");
        assert!(liselotte.get(&page).await.body.contains("Du har bedt om en ny vurdering"));

        let queue = brian.get("/moderation").await;
        assert!(queue.body.contains("Nummeret er mit eget"));
        let restore = format!("/moderation/offer/{offer}/restore");
        assert_eq!(brian.submit("/moderation", &restore, &[("restore_reason", "Nummeret er fjernet")]).await.location.as_deref(), Some("/moderation"));
        assert_eq!(app.browser().get(&page).await.status, 200, "shown again, as it was");

        let log = admin.get("/admin/audit").await.body;
        assert!(log.contains("Indhold skjult: Besøgsven to eftermiddage om ugen") && log.contains("Tilbuddet viser en andens telefonnummer"));
        assert!(log.contains("Indhold vist igen") && log.contains("Kæden holder"), "{log}");
    }
}

on_both_engines! {
    /// A flood of reports from one client is refused after ten an hour.
    async fn a_report_flood_is_refused(app) {
        let offer = id_of(&app, "SELECT id FROM offers WHERE title = 'Besøgsven to eftermiddage om ugen'").await;
        let report = format!("/report/offer/{offer}");
        let b = app.browser();
        for _ in 0..10 {
            assert_eq!(b.submit(&report, &report, &[("reason", "spam")]).await.status, 200);
        }
        let flood = b.submit(&report, &report, &[("reason", "spam")]).await;
        assert_eq!(flood.status, 429);
        assert!(flood.body.contains("For mange forsøg"));
        assert_eq!(app.browser().get("/report/offer/999999").await.status, 404);
    }
}

on_both_engines! {
    /// A need is reported and hidden like an offer: it leaves the initiative's page, the list of
    /// needs, the matches and the API, nobody pledges to it, and the initiative's people see why;
    /// restored, it is back as it was.
    async fn a_hidden_need_leaves_every_list_until_restored(app) {
        let title = "Planter og jord til kasserne";
        let need = id_of(&app, &format!("SELECT id FROM needs WHERE title = '{title}'")).await;
        let initiative = id_of(&app, &format!("SELECT initiative_id FROM needs WHERE id = {need}")).await;
        let page = format!("/needs/{need}");
        let report = format!("/report/need/{need}");
        let liselotte = logged_in(&app, "liselotte@example.dk").await;
        assert!(liselotte.get(&page).await.body.contains(&format!("href=\"{report}\"")));
        assert!(liselotte.get("/help").await.body.contains(title), "listed before");
        let sent = liselotte.submit(&report, &report, &[("reason", "spam")]).await;
        assert_eq!(sent.status, 200);

        let admin = logged_in(&app, "admin@medspil.dk").await;
        let queue = admin.get("/moderation").await;
        assert!(queue.body.contains(title), "{}", queue.body);
        let hide = format!("/moderation/need/{need}/hide");
        let hidden = admin.submit("/moderation", &hide, &[("reason", "Reklame for en planteskole")]).await;
        assert_eq!(hidden.location.as_deref(), Some("/moderation"));

        let anonymous = app.browser();
        assert_eq!(anonymous.get(&page).await.status, 410);
        let initiative_page = anonymous.get(&format!("/initiatives/{initiative}")).await.body;
        assert!(!initiative_page.contains(title), "gone from the initiative's page");
        assert!(!liselotte.get("/help").await.body.contains(title), "gone from the list of needs");
        let api = reqwest::get(app.url(&format!("/api/v1/needs/{need}"))).await.unwrap();
        assert_eq!(api.status(), 404);
        let listed: serde_json::Value = reqwest::get(app.url("/api/v1/needs?per_page=100")).await.unwrap().json().await.unwrap();
        assert!(!listed.to_string().contains(title));
        let person = id_of(&app, "SELECT person_id FROM users WHERE email = 'liselotte@example.dk'").await.to_string();
        let pledge = liselotte.post(&format!("{page}/pledges"), &[("csrf", &liselotte.get("/").await.csrf()), ("actor", &person), ("quantity", "1")]).await;
        assert_eq!(pledge.status, 410, "nobody pledges to a hidden need");

        let jeppe = logged_in(&app, "jeppe@example.dk").await;
        let own = jeppe.get(&page).await;
        assert_eq!(own.status, 200);
        assert!(own.body.contains("Reklame for en planteskole"), "the initiative's people see why");

        let restore = format!("/moderation/need/{need}/restore");
        admin.submit("/moderation", &restore, &[("restore_reason", "Fejl")]).await;
        assert_eq!(anonymous.get(&page).await.status, 200);
        assert!(liselotte.get("/help").await.body.contains(title), "listed again");
    }
}

on_both_engines! {
    /// An initiative reported and hidden leaves the list, the search, its people's profiles,
    /// the map and the API; its owner still sees it with the reason; restored, it is back.
    async fn a_hidden_initiative_leaves_the_lists_until_restored(app) {
        let title = "Hans Broges Gade begrønnes af borgerne";
        let id = id_of(&app, &format!("SELECT id FROM initiatives WHERE title = '{title}'")).await;
        let owner = id_of(&app, &format!("SELECT owner_id FROM initiatives WHERE id = {id}")).await;
        let page = format!("/initiatives/{id}");
        let lists = ["/initiatives", "/initiatives?q=begr%C3%B8nnes", &format!("/actors/{owner}")];
        let anonymous = app.browser();
        for list in lists {
            assert!(anonymous.get(list).await.body.contains(title), "listed before on {list}");
        }
        let report = format!("/report/initiative/{id}");
        assert!(anonymous.get(&page).await.body.contains(&format!("href=\"{report}\"")));
        assert_eq!(anonymous.submit(&report, &report, &[("reason", "abusive")]).await.status, 200);
        let admin = logged_in(&app, "admin@medspil.dk").await;
        let hide = format!("/moderation/initiative/{id}/hide");
        let hidden = admin.submit("/moderation", &hide, &[("reason", "Krænkende billedtekst")]).await;
        assert_eq!(hidden.location.as_deref(), Some("/moderation"));

        let later = app.browser();
        assert_eq!(later.get(&page).await.status, 410);
        for list in lists {
            assert!(!later.get(list).await.body.contains(title), "gone from {list}");
        }
        let api = reqwest::get(app.url(&format!("/api/v1/initiatives/{id}"))).await.unwrap();
        assert_eq!(api.status(), 404);
        let sofie = logged_in(&app, "sofie@example.dk").await;
        let own = sofie.get(&page).await;
        assert_eq!(own.status, 200, "its people still see it");
        assert!(own.body.contains("Krænkende billedtekst"));

        let restore = format!("/moderation/initiative/{id}/restore");
        admin.submit("/moderation", &restore, &[("restore_reason", "Teksten er rettet")]).await;
        let after = app.browser();
        assert_eq!(after.get(&page).await.status, 200);
        assert!(after.get("/initiatives").await.body.contains(title));
    }
}

on_both_engines! {
    /// A tip reported and hidden leaves the public map and list, its GeoJSON, the API and
    /// Open311; the unit handling it still has it in its queue and sees why, and so does
    /// its reporter.
    async fn a_hidden_tip_leaves_the_public_but_not_its_unit(app) {
        let what = "Bænken ved kirken er knækket i ryglænet.";
        let id = id_of(&app, &format!("SELECT id FROM tips WHERE description = '{what}'")).await;
        let page = format!("/tips/{id}");
        let report = format!("/report/tip/{id}");
        let anonymous = app.browser();
        let link = format!("/tips/{id}\"");
        assert!(anonymous.get("/tips").await.body.contains(&link), "listed before");
        assert!(anonymous.get("/tips.geojson").await.body.contains(&format!("/tips/{id}")));
        let open311 = || async {
            reqwest::get(app.url("/open311/v2/requests.json")).await.unwrap().text().await.unwrap()
        };
        assert!(open311().await.contains("Bænken ved kirken"), "listed by Open311 before");
        assert!(anonymous.get(&page).await.body.contains(&format!("href=\"{report}\"")));
        assert_eq!(anonymous.submit(&report, &report, &[("reason", "abusive"), ("details", "Et navn i teksten")]).await.status, 200);
        let admin = logged_in(&app, "admin@medspil.dk").await;
        let hide = format!("/moderation/tip/{id}/hide");
        let hidden = admin.submit("/moderation", &hide, &[("reason", "Nævner en navngiven nabo")]).await;
        assert_eq!(hidden.location.as_deref(), Some("/moderation"));

        let later = app.browser();
        assert_eq!(later.get(&page).await.status, 410);
        assert!(!later.get("/tips").await.body.contains(&link));
        assert!(!later.get("/tips.geojson").await.body.contains(&format!("/tips/{id}")));
        for path in [format!("/api/v1/tips/{id}"), format!("/open311/v2/requests/{id}.json")] {
            let r = reqwest::get(app.url(&path)).await.unwrap();
            assert_eq!(r.status(), 404, "{path}");
        }
        assert!(!open311().await.contains("Bænken ved kirken"));

        let peter = logged_in(&app, "peter@aarhus.dk").await;
        let handled = peter.get(&page).await;
        assert_eq!(handled.status, 200, "the unit still handles it");
        assert!(handled.body.contains("Nævner en navngiven nabo"));
        assert!(peter.get("/tips/queue").await.body.contains(&link), "and has it in its queue");
        let sofie = logged_in(&app, "sofie@example.dk").await;
        assert_eq!(sofie.get(&page).await.status, 200, "its reporter sees why");
    }
}

on_both_engines! {
    /// A learning note on a case is reported and hidden: it leaves the case page and the
    /// evaluation's API; the initiative's leaders still see it with the reason.
    async fn a_hidden_learning_note_leaves_the_case(app) {
        let note = id_of(&app, "SELECT id FROM learning_notes WHERE worked LIKE 'Plantedagen samlede gaden%'").await;
        let initiative = id_of(&app, &format!("SELECT initiative_id FROM learning_notes WHERE id = {note}")).await;
        let case = format!("/cases/{initiative}");
        let words = "Plantedagen samlede gaden";
        let report = format!("/report/learning_note/{note}");
        let anonymous = app.browser();
        let before = anonymous.get(&case).await.body;
        assert!(before.contains(words) && before.contains(&format!("href=\"{report}\"")));
        let evaluation = app.url(&format!("/api/v1/initiatives/{initiative}/evaluation"));
        let api = || async { reqwest::get(evaluation.clone()).await.unwrap().text().await.unwrap() };
        assert!(api().await.contains(words), "in the API before");
        assert_eq!(anonymous.submit(&report, &report, &[("reason", "misleading")]).await.status, 200);
        assert_eq!(anonymous.get(&format!("/learning-notes/{note}")).await.location, Some(format!("{case}#note-{note}")));
        let admin = logged_in(&app, "admin@medspil.dk").await;
        let hide = format!("/moderation/learning_note/{note}/hide");
        assert_eq!(admin.submit("/moderation", &hide, &[("reason", "Nævner en borger ved navn")]).await.status, 303);

        assert!(!app.browser().get(&case).await.body.contains(words), "gone from the case");
        assert!(!api().await.contains(words), "and from the API");
        let sofie = logged_in(&app, "sofie@example.dk").await;
        let own = sofie.get(&case).await.body;
        assert!(own.contains(words) && own.contains("Nævner en borger ved navn"), "its leaders see why");
    }
}

on_both_engines! {
    /// A photo reported and hidden leaves the tip's public page, the API and Open311, and its
    /// address answers 410; the tip stays, and the unit handling it still sees the photo, kept
    /// by no cache.
    async fn a_hidden_photo_leaves_its_tip_in_public(app) {
        let anna = app.browser();
        let r = report(&anna, &app, "huller", JAEGERGAARDSGADE, "Hul med en bil i baggrunden.",
            vec![phone_photo()], &[("answer-surface", "road")]).await;
        assert_eq!(r.status(), 303);
        let id = tip_id(r.headers()["location"].to_str().unwrap());
        let photo = count(&app, &format!("SELECT MIN(id) FROM tip_photos WHERE tip_id = {id}")).await;
        let page = format!("/tips/{id}");
        let file = format!("/tips/{id}/photos/{photo}");
        let report_photo = format!("/report/photo/{photo}");
        let public = app.browser().get(&page).await.body;
        assert!(public.contains(&file) && public.contains(&report_photo));
        let reported = anna.submit(&report_photo, &report_photo, &[("reason", "personal_data"), ("details", "Nummerpladen kan læses")]).await;
        assert_eq!(reported.status, 200);
        assert_eq!(anna.get(&format!("/tips/photos/{photo}")).await.location, Some(format!("/tips/{id}#photos")));

        let admin = logged_in(&app, "admin@medspil.dk").await;
        let hide = format!("/moderation/photo/{photo}/hide");
        assert_eq!(admin.submit("/moderation", &hide, &[("reason", "Nummerpladen kan læses")]).await.status, 303);

        let public = app.browser().get(&page).await;
        assert_eq!(public.status, 200, "the tip stays");
        assert!(!public.body.contains(&file), "without the photo");
        assert_eq!(app.browser().get(&file).await.status, 410);
        let api: Value = reqwest::get(app.url(&format!("/api/v1/tips/{id}"))).await.unwrap().json().await.unwrap();
        assert!(!api.to_string().contains(&format!("/photos/{photo}")), "{api}");
        let open311 = reqwest::get(app.url(&format!("/open311/v2/requests/{id}.json"))).await.unwrap().text().await.unwrap();
        assert!(!open311.contains(&format!("/photos/{photo}")), "{open311}");

        let birgitte = logged_in(&app, "birgitte@aarhus.dk").await;
        assert!(birgitte.get(&page).await.body.contains(&file), "the unit still sees it");
        let seen = birgitte.client.get(app.url(&file)).send().await.unwrap();
        assert_eq!(seen.status(), 200);
        assert_eq!(seen.headers()["cache-control"], "private, no-store");
    }
}
