//! People's data rights: the privacy page, downloading everything held about oneself, and
//! erasing an account without breaking what others rely on.

use crate::on_both_engines;
use crate::support::{DEMO_PASSWORD, TestApp, api_token, id_of, logged_in};
use medspil::platform::db;
use std::io::Read;

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    db::query_scalar(sql.to_string())
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

on_both_engines! {
    /// Liselotte downloads her data, then deletes her account: her pledge still counts on the
    /// initiative, but her name is gone, and nothing of hers logs in any more.
    async fn liselotte_downloads_her_data_and_then_deletes_her_account(app) {
        let privacy = app.browser().get("/privatliv").await.body;
        assert!(privacy.contains("databeskyttelse@aarhus.dk") && privacy.contains("logget ind i 1095 dage"), "{privacy}");
        let her = logged_in(&app, "liselotte@example.dk").await;
        let need = id_of(&app, "SELECT id FROM needs WHERE title = 'Besøgsvenner og følgevenner'").await;
        let offer = id_of(&app, "SELECT id FROM offers WHERE title = 'Besøgsven to eftermiddage om ugen'").await;
        let person = id_of(&app, "SELECT person_id FROM users WHERE email = 'liselotte@example.dk'").await;
        let (person_s, offer_s) = (person.to_string(), offer.to_string());
        let pledge = [("actor", person_s.as_str()), ("offer", offer_s.as_str()), ("amount", "6"), ("message", "Tirsdage passer bedst.")];
        let need_page = format!("/needs/{need}");
        assert_eq!(her.submit(&need_page, &format!("{need_page}/pledges"), &pledge).await.status, 303);
        let initiative = id_of(&app, &format!("SELECT initiative_id FROM needs WHERE id = {need}")).await;
        let pledged = format!("SELECT COALESCE(CAST(SUM(amount) AS BIGINT), 0) FROM pledges WHERE need_id = {need} AND status <> 'withdrawn'");
        let pledged_before = scalar(&app, &pledged).await;
        assert!(her.get(&format!("/initiatives/{initiative}")).await.body.contains("Liselotte"));

        let data = her.get("/account/data").await;
        assert!(data.body.contains("Hent mine data") && data.body.contains("Slet min konto"));
        let wrong = her.submit("/account/data", "/account/export", &[("export_password", "ikke min kode")]).await;
        assert_eq!(wrong.status, 422);
        assert!(wrong.body.contains("id=\"export_password-error\""));
        let csrf = her.get("/account/data").await.csrf();
        let zip = her.client.post(app.url("/account/export")).form(&[("csrf", csrf.as_str()), ("export_password", DEMO_PASSWORD)]).send().await.unwrap();
        assert_eq!(zip.headers()["content-type"], "application/zip");
        assert_eq!(zip.headers()["cache-control"], "private, no-store");
        let bytes = zip.bytes().await.unwrap();
        let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).expect("a zip");
        let mut json = String::new();
        archive.by_name("medspil.json").unwrap().read_to_string(&mut json).unwrap();
        let doc: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(doc["account"][0]["email"], "liselotte@example.dk");
        assert_eq!(doc["person"][0]["name"], "Liselotte");
        assert_eq!(doc["pledges"][0]["message"], "Tirsdage passer bedst.");
        assert!(doc["offers"].as_array().unwrap().iter().any(|o| o["title"] == "Besøgsven to eftermiddage om ugen"));
        assert!(!doc["memberships"].as_array().unwrap().is_empty());
        // What an association's register keeps about her, what for, and who looked.
        assert_eq!(doc["register_entries"][0]["association"], "Social Frivilligforening Aarhus", "{doc}");
        assert!(doc["register_values"].as_array().unwrap().iter()
            .any(|v| v["value"] == "20 30 40 50" && v["purpose"] == "Koordinere de frivilliges aktiviteter"), "{doc}");
        assert!(doc["register_looks"].is_array());
        let mut csv = String::new();
        archive.by_name("pledges.csv").unwrap().read_to_string(&mut csv).unwrap();
        assert!(csv.contains("Tirsdage passer bedst."));

        let refused = her.submit("/account/data", "/account/delete", &[("delete_password", "forkert forkert")]).await;
        assert_eq!(refused.status, 422);
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM users WHERE email = 'liselotte@example.dk'").await, 1, "nothing erased");
        let deleted = her.submit("/account/data", "/account/delete", &[("delete_password", DEMO_PASSWORD)]).await;
        assert_eq!(deleted.location.as_deref(), Some("/account/deleted"));
        assert!(her.get("/account/deleted").await.body.contains("Din konto er slettet"));
        assert_eq!(her.get("/account").await.status, 303, "logged out");
        assert_eq!(app.browser().login("liselotte@example.dk", DEMO_PASSWORD).await.status, 422);

        assert_eq!(scalar(&app, &pledged).await, pledged_before, "her pledge still counts");
        let page = app.browser().get(&format!("/initiatives/{initiative}")).await;
        assert_eq!(page.status, 200);
        assert!(!page.body.contains("Liselotte") && page.body.contains("Tidligere deltager"), "her name is gone");
        assert_eq!(app.browser().get(&format!("/actors/{person}")).await.status, 200, "a page that showed her still works");
        for sql in [
            "SELECT COUNT(*) FROM users WHERE email LIKE '%liselotte%'".to_string(),
            "SELECT COUNT(*) FROM actors WHERE name LIKE '%Liselotte%'".to_string(),
            format!("SELECT COUNT(*) FROM memberships WHERE person_id = {person}"),
            format!("SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.person_id = {person}"),
            format!("SELECT COUNT(*) FROM actor_terms WHERE doc_id = {person}"),
            // The association's register keeps its entry, but no longer as her account's.
            format!("SELECT COUNT(*) FROM register_entries e JOIN users u ON u.id = e.user_id WHERE u.person_id = {person}"),
            "SELECT COUNT(*) FROM audit_log WHERE by_name LIKE '%Liselotte%'".to_string(),
        ] {
            assert_eq!(scalar(&app, &sql).await, 0, "{sql}");
        }
        // Her download and her deletion are in the audit log by her account's number alone.
        let acts = "SELECT COUNT(*) FROM audit_log a JOIN users u ON a.subject = 'user:' || CAST(u.id AS TEXT) \
             WHERE u.person_id = {person} AND a.act IN ('data_exported', 'account_erased')";
        assert_eq!(scalar(&app, &acts.replace("{person}", &person.to_string())).await, 2);
        let log = crate::support::logged_in(&app, "admin@medspil.dk").await.get("/admin/audit").await.body;
        assert!(log.contains("Konto slettet") && log.contains("Kontohaveren (konto"), "{log}");
        assert!(log.contains("Kæden holder"), "the chain verifies");
    }
}

on_both_engines! {
    /// Through the API: the export and the erasure need a login from the last quarter of an
    /// hour, or (to erase) the password; the last administrator cannot leave.
    async fn the_api_exports_and_erases_only_after_a_fresh_login(app) {
        let client = reqwest::Client::new();
        let token = api_token(&app, "sofie@example.dk", DEMO_PASSWORD).await;
        let export = client.get(app.url("/api/v1/me/export")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(export.status(), 200);
        let doc: serde_json::Value = export.json().await.unwrap();
        assert_eq!(doc["account"][0]["email"], "sofie@example.dk");
        assert!(!doc["pledges"].as_array().unwrap().is_empty(), "Sofie's pledge to Hyg & Byg");

        db::query("UPDATE sessions SET created_at = created_at - 3600").execute(app.db.pool()).await.unwrap();
        let stale = client.get(app.url("/api/v1/me/export")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(stale.status(), 409);
        let body: serde_json::Value = stale.json().await.unwrap();
        assert_eq!(body["error"]["code"], "login_again");
        let no_password = client.delete(app.url("/api/v1/me")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(no_password.status(), 409);
        let wrong = client.delete(app.url("/api/v1/me")).bearer_auth(&token).json(&serde_json::json!({"password": "forkert forkert"})).send().await.unwrap();
        assert_eq!(wrong.status(), 422);
        let erased = client.delete(app.url("/api/v1/me")).bearer_auth(&token).json(&serde_json::json!({"password": DEMO_PASSWORD})).send().await.unwrap();
        assert_eq!(erased.status(), 204);
        let after = client.get(app.url("/api/v1/me/follows")).bearer_auth(&token).send().await.unwrap();
        assert_eq!(after.status(), 401, "every token of the account stops working");

        let admin = api_token(&app, "admin@medspil.dk", DEMO_PASSWORD).await;
        let last = client.delete(app.url("/api/v1/me")).bearer_auth(&admin).send().await.unwrap();
        assert_eq!(last.status(), 409);
        let body: serde_json::Value = last.json().await.unwrap();
        assert_eq!(body["error"]["code"], "last_admin");
    }
}

on_both_engines! {
    /// An account unused for the configured time is warned, then erased 30 days later unless its
    /// owner logs in; an anonymous reporter's e-mail goes some time after the tip is closed.
    async fn unused_accounts_are_warned_then_erased_and_reporters_forgotten(app) {
        use medspil::privacy::retention::{Policy, sweep};
        let policy = Policy { erase_inactive_after_days: 1095, tip_reporter_days: 90, workshop_email_days: 365 };
        let day = 24 * 3600;
        let long_ago = medspil::platform::time::now() - 1096 * day;
        db::query("UPDATE users SET last_active_at = $1 WHERE email IN ('poul@example.dk', 'inger@example.dk')")
            .bind(long_ago).execute(app.db.pool()).await.unwrap();
        let first = sweep(&app.db, policy).await.unwrap();
        assert_eq!((first.warned, first.erased), (2, 0), "warned first");
        let warnings = scalar(&app, "SELECT COUNT(*) FROM mail_outbox WHERE to_address = 'poul@example.dk' AND body LIKE '%log ind inden for 30 dage%'").await;
        assert_eq!(warnings, 1);
        let again = sweep(&app.db, policy).await.unwrap();
        assert_eq!((again.warned, again.erased), (0, 0), "once");

        assert_eq!(logged_in(&app, "inger@example.dk").await.get("/account").await.status, 200);
        db::query("UPDATE users SET inactivity_warned_at = inactivity_warned_at - $1 WHERE email IN ('poul@example.dk', 'inger@example.dk')")
            .bind(31 * day).execute(app.db.pool()).await.unwrap();
        let poul = id_of(&app, "SELECT person_id FROM users WHERE email = 'poul@example.dk'").await;
        let later = sweep(&app.db, policy).await.unwrap();
        assert_eq!(later.erased, 1, "Poul did not come back; Inger logged in");
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM users WHERE email = 'inger@example.dk'").await, 1);
        assert_eq!(scalar(&app, &format!("SELECT COUNT(*) FROM actors WHERE id = {poul} AND name = 'Tidligere deltager'")).await, 1);

        let tip = id_of(&app, "SELECT MIN(id) FROM tips").await;
        db::query("UPDATE tips SET reporter_email = 'anonym@example.org', status = 'closed', closed_at = $1 WHERE id = $2")
            .bind(medspil::platform::time::now() - 91 * day).bind(tip).execute(app.db.pool()).await.unwrap();
        assert!(sweep(&app.db, policy).await.unwrap().tip_reporters >= 1);
        assert_eq!(scalar(&app, &format!("SELECT COUNT(*) FROM tips WHERE id = {tip} AND reporter_email = ''")).await, 1);

        // The addresses a workshop's participants gave without an account go a year after it.
        let given = "SELECT COUNT(*) FROM workshop_participants WHERE email IS NOT NULL";
        db::query("UPDATE workshop_participants SET email = 'mads@example.dk', forget_token = 'glem' \
            WHERE id = (SELECT MIN(id) FROM workshop_participants WHERE user_id IS NULL)").execute(app.db.pool()).await.unwrap();
        let before = scalar(&app, given).await;
        assert!(before > 0);
        assert_eq!(sweep(&app.db, policy).await.unwrap().workshop_addresses, 0, "kept while they may hear of their ideas");
        db::query("UPDATE workshops SET ends_at = $1").bind(medspil::platform::time::now() - 366 * day).execute(app.db.pool()).await.unwrap();
        assert_eq!(sweep(&app.db, policy).await.unwrap().workshop_addresses as i64, before);
        assert_eq!(scalar(&app, given).await, 0);
        assert!(app.browser().get("/privatliv").await.body.contains("workshop uden konto, 365 dage efter workshoppen"));
    }
}
