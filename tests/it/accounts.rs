//! An account's whole life: registering with a confirmed address, logging in and out, a
//! forgotten password, changing the address and the password, sessions, and what a session
//! allows.

use crate::on_both_engines;
use crate::support::{Browser, DEMO_PASSWORD, TestApp, logged_in};
use medspil::platform::db;

async fn count(app: &TestApp, sql: &str, bind: &str) -> i64 {
    db::query_scalar(sql.to_string())
        .bind(bind.to_string())
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

/// How many mails to `address` wait in the outbox with `words` in them.
async fn mails_to(app: &TestApp, address: &str, words: &str) -> i64 {
    let bodies: Vec<String> =
        db::query_scalar("SELECT subject || ' ' || body FROM mail_outbox WHERE to_address = $1")
            .bind(address)
            .fetch_all(app.db.pool())
            .await
            .unwrap();
    bodies.iter().filter(|b| b.contains(words)).count() as i64
}

on_both_engines! {
    async fn a_person_registers_confirms_the_address_and_logs_in_again(app) {
        let b = app.browser();
        let registered = b.register("Liselotte Test", "Liselotte@Example.org ").await;
        assert_eq!(registered.status, 303, "{}", registered.body);
        let profile = b.get(registered.location.as_deref().unwrap()).await;
        assert!(profile.body.contains("Liselotte Test") && profile.body.contains("Log ud"));
        let account = b.get("/account").await;
        assert!(account.body.contains("liselotte@example.org") && account.body.contains("Bekræftet"));

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

        let used = b.link_mailed_to("liselotte@example.org", "/account/confirm/").await;
        assert_eq!(app.browser().get(&used).await.status, 410, "a confirmation link works once");
    }
}

on_both_engines! {
    /// The form explains its problems, but never tells whether an address has an account: the
    /// answer is the same, and the owner is mailed instead.
    async fn registration_answers_the_same_whether_or_not_the_address_has_an_account(app) {
        let b = app.browser();
        let page = b.submit("/register", "/register", &[("name", "Jens"), ("email", "ikke-en-adresse"), ("password", "kort")]).await;
        assert_eq!(page.status, 422);
        assert!(page.body.contains("Skriv en gyldig e-mailadresse"));
        assert!(page.body.contains("mindst 10 tegn"));
        assert!(page.body.contains("value=\"Jens\"") && page.body.contains("value=\"ikke-en-adresse\""));
        assert!(page.body.contains("aria-invalid=\"true\" ") || page.body.contains("aria-invalid=\"true\">"));
        assert!(page.body.contains("id=\"email-error\""), "error tied to its field");

        let form = |email: &'static str| [("name", "Anden"), ("email", email), ("password", "en lang adgangskode")];
        let new = app.browser().submit("/register", "/register", &form("ny@example.org")).await;
        let taken = app.browser().submit("/register", "/register", &form("jeppe@example.dk")).await;
        assert_eq!((new.status, new.location.as_deref()), (303, Some("/register/sent")));
        assert_eq!((taken.status, taken.location.as_deref()), (303, Some("/register/sent")));
        assert!(b.get("/register/sent").await.body.contains("Tjek din e-mail"));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM users WHERE email = $1", "jeppe@example.dk").await, 1);
        assert_eq!(mails_to(&app, "jeppe@example.dk", "allerede en konto").await, 1, "the owner is told");
        assert_eq!(mails_to(&app, "ny@example.org", "/account/confirm/").await, 1);
    }
}

on_both_engines! {
    /// Until the address is confirmed, nothing is mailed to it; the person may log in, and
    /// their account page offers the confirmation again.
    async fn an_unconfirmed_address_is_sent_nothing_but_its_confirmation(app) {
        let b = app.browser();
        b.submit("/register", "/register", &[("name", "Ubekræftet"), ("email", "ny@example.org"), ("password", "en lang adgangskode")]).await;
        assert_eq!(b.login("ny@example.org", "en lang adgangskode").await.status, 303);
        let account = b.get("/account").await;
        assert!(account.body.contains("Ikke bekræftet"), "{}", account.body);
        let resent = b.submit("/account", "/account/confirmation", &[]).await;
        assert_eq!(resent.location.as_deref(), Some("/account?done=confirmation"));
        assert_eq!(mails_to(&app, "ny@example.org", "/account/confirm/").await, 2);
        let initiative: i64 = db::query_scalar("SELECT id FROM initiatives WHERE title LIKE 'Frederiksbjerg Spirer%'")
            .fetch_one(app.db.pool()).await.unwrap();
        let path = format!("/initiatives/{initiative}");
        let target = initiative.to_string();
        let followed = b.submit(&path, "/follows", &[("kind", "initiative"), ("target", &target), ("back", &path)]).await;
        assert_eq!(followed.status, 303);
        let jeppe = logged_in(&app, "jeppe@example.dk").await;
        let need = [("kind", "materials"), ("title", "Skruer og vinkelbeslag")];
        jeppe.submit(&format!("{path}/needs/new"), &format!("{path}/needs"), &need).await;
        app.notices_told().await;
        assert!(b.get("/inbox").await.body.contains("Skruer og vinkelbeslag"), "the inbox tells");
        assert_eq!(mails_to(&app, "ny@example.org", "Skruer").await, 0, "but no mail goes to an unconfirmed address");
        let before = count(&app, "SELECT COUNT(*) FROM mail_outbox WHERE to_address = $1", "ny@example.org").await;
        b.submit("/account", "/account/confirmation", &[]).await;
        b.submit("/account", "/account/confirmation", &[]).await;
        assert_eq!(
            count(&app, "SELECT COUNT(*) FROM mail_outbox WHERE to_address = $1", "ny@example.org").await,
            before + 1,
            "a few confirmations an hour, not a flood"
        );
    }
}

on_both_engines! {
    /// Anna has forgotten her password: the link in the mail sets a new one once, ends every
    /// other session, and logs her in; nobody learns from the form whether an address has an
    /// account, and nobody can flood an address with links.
    async fn a_forgotten_password_is_reset_from_the_mailed_link_once(app) {
        let anna = app.browser();
        anna.register("Anna", "anna@example.org").await;
        let elsewhere = app.browser();
        assert_eq!(elsewhere.login("anna@example.org", "en lang adgangskode").await.status, 303);
        anna.submit("/", "/logout", &[]).await;

        let login = anna.get("/login").await;
        assert!(login.body.contains("href=\"/password/forgot\""));
        let asked = anna.submit("/password/forgot", "/password/forgot", &[("email", "Anna@example.org")]).await;
        let unknown = anna.submit("/password/forgot", "/password/forgot", &[("email", "ingen@example.org")]).await;
        assert_eq!(asked.location, unknown.location, "the same answer either way");
        assert_eq!(asked.location.as_deref(), Some("/password/sent"));
        assert_eq!(count(&app, "SELECT COUNT(*) FROM mail_outbox WHERE to_address = $1", "ingen@example.org").await, 0);

        let link = anna.link_mailed_to("anna@example.org", "/password/reset/").await;
        assert!(anna.get(&link).await.body.contains("Vælg ny adgangskode"));
        let short = anna.submit(&link, &link, &[("password", "kort")]).await;
        assert_eq!(short.status, 422);
        assert!(short.body.contains("mindst 10 tegn") && short.body.contains("id=\"password-error\""));
        let reset = anna.submit(&link, &link, &[("password", "et nyt og langt kodeord")]).await;
        assert_eq!(reset.location.as_deref(), Some("/account?done=password"));
        assert!(anna.get("/account?done=password").await.body.contains("Din adgangskode er skiftet"));
        assert_eq!(elsewhere.get("/account").await.status, 303, "every other session has ended");
        assert_eq!(anna.get(&link).await.status, 410, "a reset link works once");
        let audited = count(&app, "SELECT COUNT(*) FROM audit_log WHERE act = $1", "password_reset").await;
        assert_eq!(audited, 1, "the reset is in the audit log");
        let late = app.browser();
        let csrf = late.get("/login").await.csrf();
        let again = late.post(&link, &[("csrf", &csrf), ("password", "et tredje langt kodeord")]).await;
        assert_eq!(again.status, 410);
        assert!(again.body.contains("Linket virker ikke længere"));
        assert_eq!(app.browser().login("anna@example.org", "en lang adgangskode").await.status, 422);
        assert_eq!(app.browser().login("anna@example.org", "et nyt og langt kodeord").await.status, 303);
        assert_eq!(mails_to(&app, "anna@example.org", "Adgangskoden til din konto er skiftet").await, 1);

        for _ in 0..4 {
            anna.submit("/password/forgot", "/password/forgot", &[("email", "anna@example.org")]).await;
        }
        assert_eq!(
            mails_to(&app, "anna@example.org", "/password/reset/").await,
            3,
            "an address is sent at most three links an hour"
        );
    }
}

/// A browser that comes from `ip`, behind the configured proxy.
fn from(app: &TestApp, ip: &str) -> Browser {
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-forwarded-for", ip.parse().unwrap());
    app.browser_with(headers)
}

/// A stranger guessing Jeppe's password is slowed down more with every failure, but never
/// locks Jeppe out of the browser he uses; Jeppe is told.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stranger_guessing_a_password_cannot_lock_its_owner_out() {
    for engine in [
        crate::support::Engine::Sqlite,
        crate::support::Engine::Postgres,
    ] {
        let Some(app) = TestApp::start_configured(engine, |c| c.behind_proxy = true).await else {
            continue;
        };
        medspil::demo::load(&app.db).await.unwrap();
        let jeppe = from(&app, "198.51.100.4");
        assert_eq!(
            jeppe.login("jeppe@example.dk", DEMO_PASSWORD).await.status,
            303
        );
        jeppe.submit("/", "/logout", &[]).await;

        let stranger = from(&app, "203.0.113.7");
        let mut statuses = Vec::new();
        for _ in 0..7 {
            statuses.push(
                stranger
                    .login("jeppe@example.dk", "gæt gæt gæt")
                    .await
                    .status,
            );
        }
        assert_eq!(statuses, [422, 422, 422, 422, 422, 429, 429], "{engine:?}");
        let waiting = stranger
            .client
            .post(app.url("/login"))
            .form(&[
                ("email", "jeppe@example.dk"),
                ("password", DEMO_PASSWORD),
                ("csrf", &stranger.get("/login").await.csrf()),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(
            waiting.status(),
            429,
            "even the right password waits, from a strange browser"
        );
        assert!(waiting.headers().contains_key("retry-after"));
        assert!(
            waiting
                .text()
                .await
                .unwrap()
                .contains("For mange forsøg. Prøv igen om")
        );

        let back = jeppe.login("jeppe@example.dk", DEMO_PASSWORD).await;
        assert_eq!(
            back.status, 303,
            "Jeppe's own browser is not held back ({engine:?})"
        );
        assert_eq!(
            mails_to(&app, "jeppe@example.dk", "forkert adgangskode").await,
            1,
            "Jeppe is told once"
        );

        let api = reqwest::Client::new()
            .post(app.url("/api/v1/tokens"))
            .header("x-forwarded-for", "203.0.113.7")
            .json(&serde_json::json!({"email": "jeppe@example.dk", "password": DEMO_PASSWORD}))
            .send()
            .await
            .unwrap();
        assert_eq!(api.status(), 429, "the API waits as the login form does");
    }
}

on_both_engines! {
    /// A new password or address ends the account's other sessions; the list of sessions shows
    /// where it is logged in, and they can be ended from there.
    async fn changing_the_password_or_address_ends_the_other_sessions(app) {
        let here = logged_in(&app, "liselotte@example.dk").await;
        let phone = logged_in(&app, "liselotte@example.dk").await;
        let account = here.get("/account").await;
        assert!(account.body.contains("denne browser"), "{}", account.body);

        let wrong = here.submit("/account", "/account/password", &[("current_password", "ikke min kode"), ("password", "et nyt og langt kodeord")]).await;
        assert_eq!(wrong.status, 422);
        assert!(wrong.body.contains("id=\"current_password-error\"") && wrong.body.contains("Adgangskoden er forkert"));
        let changed = here.submit("/account", "/account/password", &[("current_password", DEMO_PASSWORD), ("password", "et nyt og langt kodeord")]).await;
        assert_eq!(changed.location.as_deref(), Some("/account?done=password"));
        assert_eq!(phone.get("/account").await.status, 303, "the phone is logged out");
        assert_eq!(here.get("/account").await.status, 200, "this browser stays");

        let phone = app.browser();
        assert_eq!(phone.login("liselotte@example.dk", "et nyt og langt kodeord").await.status, 303);
        let same = here.submit("/account", "/account/email", &[("email", "liselotte@example.dk"), ("email_password", "et nyt og langt kodeord")]).await;
        assert!(same.status == 422 && same.body.contains("allerede din adresse"));
        let asked = here.submit("/account", "/account/email", &[("email", "Liselotte@Ny.dk"), ("email_password", "et nyt og langt kodeord")]).await;
        assert_eq!(asked.location.as_deref(), Some("/account?done=email"));
        assert_eq!(mails_to(&app, "liselotte@example.dk", "skifte din kontos e-mailadresse").await, 1, "the old address is told");
        let link = here.link_mailed_to("liselotte@ny.dk", "/account/confirm/").await;
        let confirmed = here.submit(&link, &link, &[]).await;
        assert_eq!(confirmed.location.as_deref(), Some("/account?done=confirmed"));
        assert!(here.get("/account").await.body.contains("liselotte@ny.dk"));
        assert_eq!(phone.get("/account").await.status, 303, "a new address ends the other sessions too");
        assert_eq!(app.browser().login("liselotte@ny.dk", "et nyt og langt kodeord").await.status, 303);

        let phone = app.browser();
        phone.login("liselotte@ny.dk", "et nyt og langt kodeord").await;
        here.submit("/account", "/account/sessions/others", &[]).await;
        assert_eq!(phone.get("/account").await.status, 303);
        let gone = here.submit("/account", "/account/sessions/all", &[]).await;
        assert_eq!(gone.location.as_deref(), Some("/login"));
        assert_eq!(here.get("/account").await.status, 303);
        let left: i64 = db::query_scalar("SELECT COUNT(*) FROM sessions s JOIN users u ON u.id = s.user_id WHERE u.email = 'liselotte@ny.dk'")
            .fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(left, 0, "logging out everywhere ends every session");
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
    /// A form's token belongs to the session it was made in; what a logged-in person sees is
    /// kept by no cache.
    async fn forms_are_tied_to_the_session_and_personal_pages_are_not_cached(app) {
        let jeppe = logged_in(&app, "jeppe@example.dk").await;
        let token = jeppe.get("/account").await.csrf();
        let anonymous_token = app.browser().get("/login").await.csrf();
        assert_ne!(token, anonymous_token);
        let other = logged_in(&app, "liselotte@example.dk").await;
        let foreign = other.post("/account/sessions/others", &[("csrf", &token)]).await;
        assert_eq!(foreign.status, 403, "another session's token is refused");
        let own = jeppe.post("/account/sessions/others", &[("csrf", &token)]).await;
        assert_eq!(own.status, 303);

        for path in ["/inbox", "/requests", "/account", "/calendar"] {
            let r = jeppe.client.get(app.url(path)).send().await.unwrap();
            let cache = r.headers().get("cache-control").map(|v| v.to_str().unwrap().to_string());
            assert_eq!(cache.as_deref(), Some("private, no-store"), "{path}");
        }
        let stylesheet = jeppe.client.get(app.url("/static/medspil.css")).send().await.unwrap();
        assert!(stylesheet.headers()["cache-control"].to_str().unwrap().contains("public"));
    }
}

on_both_engines! {
    /// Someone who registers an address before its owner does not keep the account: the owner's
    /// confirmation sets the owner's password and ends every session; an address change asked
    /// for before the password changed no longer works.
    async fn whoever_registers_an_address_first_does_not_keep_it(app) {
        let squatter = app.browser();
        let form = |password: &'static str| [("name", "Ejer"), ("email", "ejer@example.org"), ("password", password)];
        squatter.submit("/register", "/register", &form("squatterens kodeord")).await;
        assert_eq!(squatter.login("ejer@example.org", "squatterens kodeord").await.status, 303);

        let owner = app.browser();
        owner.submit("/register", "/register", &form("ejerens eget kodeord")).await;
        let link = owner.link_mailed_to("ejer@example.org", "/account/confirm/").await;
        let confirmed = owner.submit(&link, &link, &[]).await;
        assert!(confirmed.location.as_deref().is_some_and(|l| l.starts_with("/actors/")), "{confirmed:?}", confirmed = confirmed.status);
        assert_eq!(squatter.get("/account").await.status, 303, "the squatter's session has ended");
        assert_eq!(app.browser().login("ejer@example.org", "squatterens kodeord").await.status, 422);
        assert_eq!(app.browser().login("ejer@example.org", "ejerens eget kodeord").await.status, 303);

        let thief = logged_in_as(&app, "ejer@example.org", "ejerens eget kodeord").await;
        thief.submit("/account", "/account/email", &[("email", "tyv@example.org"), ("email_password", "ejerens eget kodeord")]).await;
        let change = thief.link_mailed_to("tyv@example.org", "/account/confirm/").await;
        owner.submit("/account", "/account/password", &[("current_password", "ejerens eget kodeord"), ("password", "et helt nyt kodeord")]).await;
        assert_eq!(thief.get(&change).await.status, 410, "a new password ends the pending address change");
        assert_eq!(app.browser().get(&change).await.status, 410);
    }
}

async fn logged_in_as(app: &TestApp, email: &str, password: &str) -> Browser {
    let b = app.browser();
    assert_eq!(b.login(email, password).await.status, 303);
    b
}

on_both_engines! {
    /// Guesses sent at the same moment are each counted before the password is checked, so
    /// no more of them are checked than one at a time would be.
    async fn simultaneous_guesses_are_counted_before_they_are_checked(app) {
        let stranger = app.browser();
        let csrf = stranger.get("/login").await.csrf();
        let guess = [("csrf", csrf.as_str()), ("email", "jeppe@example.dk"), ("password", "gæt gæt gæt"), ("next", "/")];
        let attempts = (0..12).map(|_| stranger.post("/login", &guess));
        let statuses: Vec<u16> = futures_util::future::join_all(attempts).await.iter().map(|p| p.status).collect();
        let checked = statuses.iter().filter(|s| **s == 422).count();
        assert!(checked <= 5, "at most the five free guesses are checked: {statuses:?}");
        assert!(statuses.iter().all(|s| *s == 422 || *s == 429), "{statuses:?}");
    }
}
