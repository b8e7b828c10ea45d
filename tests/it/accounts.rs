//! Registering, logging in and out, and what a session allows.

use crate::on_both_engines;
use medspil::platform::db;

on_both_engines! {
    async fn a_person_registers_logs_out_and_logs_in_again(app) {
        let b = app.browser();
        let registered = b.register("Liselotte Test", "Liselotte@Example.org ").await;
        assert_eq!(registered.status, 303, "{}", registered.body);
        let profile = b.get(registered.location.as_deref().unwrap()).await;
        assert!(profile.body.contains("Liselotte Test") && profile.body.contains("Log ud"));

        let logout = b.submit("/", "/logout", &[]).await;
        assert_eq!(logout.status, 303);
        assert!(b.get("/").await.body.contains("Log ind"));

        let wrong = b.login("liselotte@example.org", "forkert kode!!").await;
        assert_eq!(wrong.status, 422);
        assert!(wrong.body.contains("E-mail eller adgangskode er forkert"));
        assert!(wrong.body.contains("value=\"liselotte@example.org\""), "keeps the typed address");
        let ok = b.login("LISELOTTE@example.org", "en lang adgangskode").await;
        assert_eq!(ok.status, 303);
        assert!(b.get("/").await.body.contains("Liselotte Test"));
    }
}

on_both_engines! {
    async fn registration_explains_each_problem_and_keeps_the_input(app) {
        let b = app.browser();
        let page = b.submit("/register", "/register", &[("name", "Jens"), ("email", "ikke-en-adresse"), ("password", "kort")]).await;
        assert_eq!(page.status, 422);
        assert!(page.body.contains("Skriv en gyldig e-mailadresse"));
        assert!(page.body.contains("mindst 10 tegn"));
        assert!(page.body.contains("value=\"Jens\"") && page.body.contains("value=\"ikke-en-adresse\""));
        assert!(page.body.contains("aria-invalid=\"true\" ") || page.body.contains("aria-invalid=\"true\">"));
        assert!(page.body.contains("id=\"email-error\""), "error tied to its field");

        b.register("Første", "samme@example.org").await;
        let other = app.browser();
        let taken = other.register("Anden", "samme@example.org").await;
        assert_eq!(taken.status, 422);
        assert!(taken.body.contains("findes allerede en konto"));
    }
}

on_both_engines! {
    async fn passwords_are_stored_as_argon2id_and_sessions_in_the_database(app) {
        let b = app.browser();
        b.register("Hash Test", "hash@example.org").await;
        let hash: String = db::query_scalar("SELECT password_hash FROM users WHERE email = 'hash@example.org'").fetch_one(app.db.pool()).await.unwrap();
        assert!(hash.starts_with("$argon2id$"), "{hash}");
        let sessions: i64 = db::query_scalar("SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'hash@example.org'")
            .fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(sessions, 1);
        b.submit("/", "/logout", &[]).await;
        let sessions: i64 = db::query_scalar("SELECT COUNT(*) FROM sessions").fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(sessions, 0, "logging out ends the session everywhere");
    }
}

on_both_engines! {
    async fn repeated_failed_logins_are_throttled(app) {
        let b = app.browser();
        for _ in 0..10 {
            assert_eq!(b.login("jeppe@example.dk", "forkert forkert").await.status, 422);
        }
        let blocked = b.login("jeppe@example.dk", medspil::demo::PASSWORD).await;
        assert_eq!(blocked.status, 429, "even the right password waits");
        assert!(blocked.body.contains("For mange forsøg"));
    }
}
