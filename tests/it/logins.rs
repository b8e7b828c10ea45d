//! Logging in through a real OpenID provider (the certified `oidc-provider` from npm, on
//! loopback): MitID through a broker for citizens, the municipality's single sign-on for
//! employees; linking logins to accounts; and answers that are forged, replayed or wrong.

use crate::support::{Browser, Engine, OidcProvider, Page, TestApp, free_port};
use medspil::platform::auth::{Assurance, Step};
use medspil::platform::db;
use medspil::platform::oidc::Setting;
use serde_json::{Value, json};

const PASSWORD: &str = "medspil-demo";

/// Who may log in at the provider; Karsten's groups as given.
fn accounts(karsten_groups: &[&str]) -> Value {
    let citizen = |name: &str, born: &str| json!({"claims": {"name": name, "birthdate": born}, "acr": "urn:mitid:substantial"});
    let misbehaving = |how: &str| json!({"claims": {"name": "Mallory"}, "token": how});
    json!({
        "jeppe-mitid": citizen("Jeppe Spure Nielsen", "1986-05-01"),
        "child-mitid": citizen("Lille Lise", "2014-01-01"),
        "sofie-mitid": citizen("Sofie Lund", "1994-09-12"),
        "mallory-mitid": citizen("Mallory Malle", "1990-02-02"),
        "tampered": misbehaving("tampered"),
        "expired": misbehaving("expired"),
        "other-audience": misbehaving("other_audience"),
        "other-nonce": misbehaving("other_nonce"),
        "birgitte-sso": {"claims": {
            "name": "Birgitte Holm", "email": "birgitte@aarhus.dk",
            "groups": ["natur-og-vej", "alle-ansatte"],
        }},
        "karsten-sso": {"claims": {
            "name": "Karsten Krog", "email": "karsten@aarhus.dk", "groups": karsten_groups,
        }},
    })
}

/// A server with the demo data, MitID (through a broker) and Aarhus Kommune's single sign-on
/// configured as a municipality would, both served by one real provider. Handling cases and
/// accepting for an organisation need substantial assurance.
async fn app_with_provider(engine: Engine) -> Option<(TestApp, OidcProvider)> {
    let port = free_port();
    let issuer = format!("http://127.0.0.1:{port}");
    let settings = [
        format!("mitid.issuer={issuer}"),
        "mitid.label=MitID".into(),
        "mitid.client_id=medspil-mitid".into(),
        "mitid.client_secret=secret-medspil-mitid".into(),
        "mitid.acr_levels=urn:mitid:low=low;urn:mitid:substantial=substantial".into(),
        "mitid.acr_values=urn:mitid:substantial".into(),
        format!("aarhus.issuer={issuer}"),
        "aarhus.label=Aarhus Kommune".into(),
        "aarhus.client_id=medspil-aarhus".into(),
        "aarhus.client_secret=secret-medspil-aarhus".into(),
        "aarhus.audience=employees".into(),
        "aarhus.email_domains=aarhus.dk".into(),
        "aarhus.assurance=substantial".into(),
        "aarhus.scopes=openid profile email groups".into(),
        "aarhus.group_roles=natur-og-vej=Natur og Vej:employee;tmm-sager=Teknik og Miljø:employee"
            .into(),
    ];
    let app = TestApp::start_configured(engine, |c| {
        c.oidc = settings
            .iter()
            .map(|s| Setting::parse(s).unwrap())
            .collect();
        c.require_assurance = vec![
            (Step::HandleCase, Assurance::Substantial),
            (Step::AcceptForOrganisation, Assurance::Substantial),
        ];
    })
    .await?;
    medspil::demo::load(&app.db).await.expect("demo data loads");
    let clients = [
        ("medspil-mitid", app.url("/login/callback/mitid")),
        ("medspil-aarhus", app.url("/login/callback/aarhus")),
    ];
    let provider = OidcProvider::start(port, &clients, accounts(&["tmm-sager"])).await?;
    Some((app, provider))
}

async fn scalar(app: &TestApp, sql: &str, bind: &str) -> i64 {
    db::query_scalar(sql.to_string())
        .bind(bind.to_string())
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

async fn user_id(app: &TestApp, email: &str) -> i64 {
    scalar(app, "SELECT id FROM users WHERE email = $1", email).await
}

/// The path of the first form on the page whose action starts with `prefix`.
fn form_action(page: &Page, prefix: &str) -> String {
    let marker = format!("action=\"{prefix}");
    let start = page.body.find(&marker).expect("the form is on the page") + "action=\"".len();
    let end = start + page.body[start..].find('"').unwrap();
    page.body[start..end].to_string()
}

/// Jeppe logs in with MitID for the first time, proves with his password that the old account
/// is his, and from then on MitID alone logs him in to it, verified, at substantial assurance;
/// nothing but the broker's subject, his verified name and that he is over 15 is kept.
async fn jeppe_links_mitid_to_his_password_account(engine: Engine) {
    let Some((app, _provider)) = app_with_provider(engine).await else {
        return;
    };
    let login_page = app.browser().get("/login").await;
    assert!(
        login_page.body.contains("Log ind med MitID"),
        "{}",
        login_page.body
    );

    let b = app.browser();
    let back = b
        .log_in_through("/login/with/mitid?next=/account", "jeppe-mitid")
        .await;
    assert_eq!(
        back.location.as_deref(),
        Some("/login/welcome"),
        "{}",
        back.body
    );
    let welcome = b.get("/login/welcome").await;
    assert!(
        welcome.body.contains("Jeppe Spure Nielsen"),
        "{}",
        welcome.body
    );
    let wrong = [
        ("login_email", "jeppe@example.dk"),
        ("login_password", "forkert forkert"),
    ];
    let refused = b
        .submit("/login/welcome", "/login/welcome/link", &wrong)
        .await;
    assert_eq!(refused.status, 422);
    let right = [
        ("login_email", "jeppe@example.dk"),
        ("login_password", PASSWORD),
    ];
    let linked = b
        .submit("/login/welcome", "/login/welcome/link", &right)
        .await;
    assert_eq!(
        linked.location.as_deref(),
        Some("/account"),
        "{}",
        linked.body
    );
    let account = b.get("/account").await;
    assert!(account.body.contains("jeppe@example.dk"));
    assert!(
        account.body.contains("Verificeret · Jeppe Spure Nielsen"),
        "{}",
        account.body
    );

    let jeppe = user_id(&app, "jeppe@example.dk").await;
    let row = db::query(
        "SELECT subject, verified_name, at_least_15, assurance FROM logins WHERE user_id = $1",
    )
    .bind(jeppe)
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(row.try_get::<String, _>("subject").unwrap(), "jeppe-mitid");
    assert_eq!(
        row.try_get::<Option<i64>, _>("at_least_15").unwrap(),
        Some(1)
    );
    assert_eq!(
        row.try_get::<String, _>("assurance").unwrap(),
        "substantial"
    );

    // Another day, another browser: MitID alone.
    let again = app.browser();
    let back = again
        .log_in_through("/login/with/mitid?next=/account", "jeppe-mitid")
        .await;
    assert_eq!(back.location.as_deref(), Some("/account"), "{}", back.body);
    assert!(
        again
            .get("/account")
            .await
            .body
            .contains("jeppe@example.dk")
    );
    let strength = scalar(
        &app,
        "SELECT COUNT(*) FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = $1) AND assurance = 'substantial'",
        "jeppe@example.dk",
    )
    .await;
    assert_eq!(
        strength, 2,
        "both MitID sessions are of substantial assurance"
    );
    // His password still works, and so he may take MitID away again.
    assert_eq!(
        app.browser()
            .login("jeppe@example.dk", PASSWORD)
            .await
            .status,
        303
    );
    let account = again.get("/account").await;
    let unlink = form_action(&account, "/account/logins/");
    let unlinked = again.submit("/account", &unlink, &[]).await;
    assert_eq!(
        unlinked.location.as_deref(),
        Some("/account?done=login_unlinked")
    );
    let left = scalar(
        &app,
        "SELECT COUNT(*) FROM logins WHERE provider = $1",
        "mitid",
    )
    .await;
    assert_eq!(left, 0);
    let acts = "SELECT COUNT(*) FROM audit_log WHERE act = $1";
    assert_eq!(
        scalar(&app, acts, "login_linked").await,
        1,
        "linking is audited once"
    );
    assert_eq!(scalar(&app, acts, "login_unlinked").await, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jeppe_links_mitid_to_his_password_account_sqlite() {
    jeppe_links_mitid_to_his_password_account(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn jeppe_links_mitid_to_his_password_account_postgres() {
    jeppe_links_mitid_to_his_password_account(Engine::Postgres).await;
}

/// Logged in with his password, Jeppe links MitID from his account page, and the session is
/// as strong as MitID from then on; nobody else can link the same MitID to their account.
async fn a_login_is_linked_from_the_account_page_once(engine: Engine) {
    let Some((app, _provider)) = app_with_provider(engine).await else {
        return;
    };
    let jeppe = app.browser();
    assert_eq!(jeppe.login("jeppe@example.dk", PASSWORD).await.status, 303);
    let start = jeppe
        .submit(
            "/account",
            "/account/logins",
            &[("provider", "mitid"), ("link_password", PASSWORD)],
        )
        .await;
    let back = jeppe.through_provider(start, "jeppe-mitid").await;
    let linked = jeppe.get(&back).await;
    assert_eq!(
        linked.location.as_deref(),
        Some("/account?done=login_linked"),
        "{}",
        linked.body
    );
    let strong = scalar(
        &app,
        "SELECT COUNT(*) FROM sessions WHERE user_id = (SELECT id FROM users WHERE email = $1) AND assurance = 'substantial'",
        "jeppe@example.dk",
    )
    .await;
    assert_eq!(
        strong, 1,
        "the session that linked MitID is as strong as MitID"
    );

    let hanne = app.browser();
    assert_eq!(
        hanne
            .login("formand@socialfrivillig.dk", PASSWORD)
            .await
            .status,
        303
    );
    let start = hanne
        .submit(
            "/account",
            "/account/logins",
            &[("provider", "mitid"), ("link_password", PASSWORD)],
        )
        .await;
    let back = hanne.through_provider(start, "jeppe-mitid").await;
    let refused = hanne.get(&back).await;
    assert_eq!(refused.status, 403);
    assert!(
        refused.body.contains("hører allerede til en anden konto"),
        "{}",
        refused.body
    );
    let owner = scalar(
        &app,
        "SELECT user_id FROM logins WHERE subject = $1",
        "jeppe-mitid",
    )
    .await;
    assert_eq!(owner, user_id(&app, "jeppe@example.dk").await);

    // A second MitID on the same account is refused; the first stays. (A new browser, which
    // the provider does not know yet, so that someone else can log in there.)
    let link = |password: &'static str| [("provider", "mitid"), ("link_password", password)];
    let jeppe = app.browser();
    assert_eq!(jeppe.login("jeppe@example.dk", PASSWORD).await.status, 303);
    let start = jeppe
        .submit("/account", "/account/logins", &link(PASSWORD))
        .await;
    let back = jeppe.through_provider(start, "mallory-mitid").await;
    let refused = jeppe.get(&back).await;
    assert_eq!(refused.status, 403);
    assert!(
        refused.body.contains("allerede et login fra den tjeneste"),
        "{}",
        refused.body
    );
    let mallorys = scalar(
        &app,
        "SELECT COUNT(*) FROM logins WHERE subject = $1",
        "mallory-mitid",
    )
    .await;
    assert_eq!(mallorys, 0);
    // Linking needs the password again, so a borrowed session cannot slip a login in.
    let unproven = jeppe
        .submit("/account", "/account/logins", &link("gæt gæt gæt"))
        .await;
    assert_eq!(unproven.status, 422);
    assert!(
        unproven.body.contains("link_password-error"),
        "{}",
        unproven.body
    );

    // Sofie's request to the municipality shows her verified once she has linked MitID.
    let sofie = app.browser();
    assert_eq!(sofie.login("sofie@example.dk", PASSWORD).await.status, 303);
    let verified = "identitet verificeret med MitID";
    assert!(!sofie.get("/requests/7").await.body.contains(verified));
    let start = sofie
        .submit("/account", "/account/logins", &link(PASSWORD))
        .await;
    let back = sofie.through_provider(start, "sofie-mitid").await;
    sofie.get(&back).await;
    let request = sofie.get("/requests/7").await;
    assert!(request.body.contains(verified), "{}", request.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_is_linked_from_the_account_page_once_sqlite() {
    a_login_is_linked_from_the_account_page_once(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_login_is_linked_from_the_account_page_once_postgres() {
    a_login_is_linked_from_the_account_page_once(Engine::Postgres).await;
}

/// A handler whose municipality requires a strong login for cases cannot take one after a
/// password login; through the employee login she can. Birgitte's work login finds her account
/// by her work address and gives her the role her group names; Karsten, new, gets an account,
/// and loses his role at the first login after leaving his group. Each change is audited.
async fn employees_get_their_roles_from_their_groups(engine: Engine) {
    let Some((app, provider)) = app_with_provider(engine).await else {
        return;
    };
    let by_password = app.browser();
    assert_eq!(
        by_password
            .login("birgitte@aarhus.dk", PASSWORD)
            .await
            .status,
        303
    );
    let refused = by_password
        .submit("/requests/1", "/requests/1/take", &[])
        .await;
    assert_eq!(refused.status, 403);
    assert!(
        refused.body.contains("Betydelig sikring"),
        "{}",
        refused.body
    );

    let birgitte = app.browser();
    let back = birgitte
        .log_in_through("/login/with/aarhus?next=/", "birgitte-sso")
        .await;
    assert_eq!(back.location.as_deref(), Some("/"), "{}", back.body);
    let taken = birgitte
        .submit("/requests/1", "/requests/1/take", &[])
        .await;
    assert_eq!(taken.status, 303, "{}", taken.body);
    let her_logins = scalar(
        &app,
        "SELECT COUNT(*) FROM logins WHERE user_id = (SELECT id FROM users WHERE email = $1)",
        "birgitte@aarhus.dk",
    )
    .await;
    assert_eq!(her_logins, 1, "the work login joined her existing account");
    let in_natur_og_vej = "SELECT COUNT(*) FROM memberships m JOIN users u ON u.person_id = m.person_id \
         JOIN actors a ON a.id = m.organisation_id \
         WHERE u.email = $1 AND a.name = 'Natur og Vej' AND m.role = 'employee' AND m.granted_by = 'aarhus'";
    assert_eq!(scalar(&app, in_natur_og_vej, "birgitte@aarhus.dk").await, 1);

    let karsten = app.browser();
    karsten
        .log_in_through("/login/with/aarhus?next=/", "karsten-sso")
        .await;
    assert_eq!(
        karsten.get("/requests/2").await.status,
        200,
        "he handles Teknik og Miljø's cases"
    );
    provider.set_accounts(accounts(&[]));
    let later = app.browser();
    later
        .log_in_through("/login/with/aarhus?next=/", "karsten-sso")
        .await;
    let gone = later.get("/requests/2").await.status;
    assert!(
        gone == 404 || gone == 403,
        "left the group, lost the role: {gone}"
    );
    let karstens = "SELECT COUNT(*) FROM memberships m JOIN users u ON u.person_id = m.person_id WHERE u.email = $1";
    assert_eq!(scalar(&app, karstens, "karsten@aarhus.dk").await, 0);

    let admin = app.browser();
    admin.login("admin@medspil.dk", PASSWORD).await;
    let audit = admin.get("/admin/audit").await;
    assert_eq!(audit.status, 200);
    let acts = "SELECT COUNT(*) FROM audit_log WHERE act = $1";
    assert_eq!(
        scalar(&app, acts, "membership_from_group").await,
        3,
        "two given, one taken"
    );
    assert!(audit.body.contains("Rolle i enhed fra gruppe ved login"));
    assert!(audit.body.contains("employee → -"), "{}", audit.body);
    assert!(
        audit.body.contains("Kæden holder"),
        "the chain verifies: {}",
        audit.body
    );

    // Birgitte takes her work login off her account: the role it gave goes with it.
    let account = birgitte.get("/account").await;
    let unlink = form_action(&account, "/account/logins/");
    let unlinked = birgitte.submit("/account", &unlink, &[]).await;
    assert_eq!(unlinked.status, 303);
    assert_eq!(scalar(&app, in_natur_og_vej, "birgitte@aarhus.dk").await, 0);
    assert_eq!(scalar(&app, acts, "membership_from_group").await, 4);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn employees_get_their_roles_from_their_groups_sqlite() {
    employees_get_their_roles_from_their_groups(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn employees_get_their_roles_from_their_groups_postgres() {
    employees_get_their_roles_from_their_groups(Engine::Postgres).await;
}

async fn logged_in(b: &Browser) -> bool {
    b.get("/account").await.status == 200
}

/// An answer with a wrong `state`, one replayed, one carried to another browser, and ID tokens
/// that are tampered with, expired, meant for another client or another login: all refused,
/// nobody logged in. Nor is anyone under 15.
async fn forged_or_replayed_answers_are_refused(engine: Engine) {
    let Some((app, _provider)) = app_with_provider(engine).await else {
        return;
    };
    let b = app.browser();
    let started = b.get("/login/with/mitid").await;
    let back = b.through_provider(started, "jeppe-mitid").await;
    let state_at = back.find("state=").expect("the answer has a state") + "state=".len();
    let forged = format!("{}{}", &back[..state_at], "0".repeat(64));
    assert_eq!(b.get(&forged).await.status, 400);
    assert_eq!(
        b.get(&back).await.status,
        400,
        "the login under way was used up"
    );
    assert!(!logged_in(&b).await);

    let victim = app.browser();
    let started = b.get("/login/with/mitid").await;
    let back = b.through_provider(started, "jeppe-mitid").await;
    assert_eq!(
        victim.get(&back).await.status,
        400,
        "an answer works only in its own browser"
    );
    assert!(!logged_in(&victim).await);
    assert_eq!(
        b.get(&back).await.location.as_deref(),
        Some("/login/welcome")
    );
    assert_eq!(b.get(&back).await.status, 400, "and only once");

    for account in ["tampered", "expired", "other-audience", "other-nonce"] {
        let b = app.browser();
        let answer = b.log_in_through("/login/with/mitid", account).await;
        assert_eq!(answer.status, 400, "{account}: {}", answer.body);
        assert!(
            answer.body.contains("Vi kunne ikke bekræfte svaret"),
            "{account}"
        );
        assert!(!logged_in(&b).await, "{account}");
    }
    let child = app.browser();
    let answer = child
        .log_in_through("/login/with/mitid", "child-mitid")
        .await;
    assert_eq!(answer.status, 403);
    assert!(answer.body.contains("fyldt 15 år"), "{}", answer.body);
    assert_eq!(
        scalar(&app, "SELECT COUNT(*) FROM logins WHERE provider <> $1", "").await,
        0
    );
    assert_eq!(app.browser().get("/login/with/nemid").await.status, 404);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_or_replayed_answers_are_refused_sqlite() {
    forged_or_replayed_answers_are_refused(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn forged_or_replayed_answers_are_refused_postgres() {
    forged_or_replayed_answers_are_refused(Engine::Postgres).await;
}

/// Mallory registers Nanna's address before Nanna does and links her own MitID to it; when
/// Nanna registers and confirms the address from her mail, Mallory's MitID no longer opens it.
async fn a_squatters_login_goes_when_the_owner_confirms(engine: Engine) {
    let Some((app, _provider)) = app_with_provider(engine).await else {
        return;
    };
    let address = "nanna@example.org";
    let mallory = app.browser();
    let form = [
        ("name", "Nanna"),
        ("email", address),
        ("password", "mallorys kodeord"),
    ];
    mallory.submit("/register", "/register", &form).await;
    assert_eq!(mallory.login(address, "mallorys kodeord").await.status, 303);
    let start = mallory
        .submit(
            "/account",
            "/account/logins",
            &[("provider", "mitid"), ("link_password", "mallorys kodeord")],
        )
        .await;
    let back = mallory.through_provider(start, "mallory-mitid").await;
    assert_eq!(
        mallory.get(&back).await.location.as_deref(),
        Some("/account?done=login_linked")
    );

    let nanna = app.browser();
    nanna.register("Nanna", address).await;
    assert!(nanna.get("/account").await.body.contains(address));
    let left = scalar(
        &app,
        "SELECT COUNT(*) FROM logins WHERE subject = $1",
        "mallory-mitid",
    )
    .await;
    assert_eq!(left, 0, "the squatter's login went with the squat");
    let again = app.browser();
    let answer = again
        .log_in_through("/login/with/mitid?next=/account", "mallory-mitid")
        .await;
    assert_eq!(
        answer.location.as_deref(),
        Some("/login/welcome"),
        "MitID no longer opens it"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_squatters_login_goes_when_the_owner_confirms_sqlite() {
    a_squatters_login_goes_when_the_owner_confirms(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_squatters_login_goes_when_the_owner_confirms_postgres() {
    a_squatters_login_goes_when_the_owner_confirms(Engine::Postgres).await;
}

/// An account made by the work login has no password: its one login cannot be taken away.
async fn the_last_way_in_stays(engine: Engine) {
    let Some((app, _provider)) = app_with_provider(engine).await else {
        return;
    };
    let karsten = app.browser();
    karsten
        .log_in_through("/login/with/aarhus?next=/", "karsten-sso")
        .await;
    let account = karsten.get("/account").await;
    assert!(
        account.body.contains("Vælg en adgangskode"),
        "{}",
        account.body
    );
    let unlink = form_action(&account, "/account/logins/");
    let refused = karsten.submit("/account", &unlink, &[]).await;
    assert_eq!(refused.status, 409);
    assert!(
        refused.body.contains("eneste måde at logge ind på"),
        "{}",
        refused.body
    );
    let left = scalar(
        &app,
        "SELECT COUNT(*) FROM logins WHERE subject = $1",
        "karsten-sso",
    )
    .await;
    assert_eq!(left, 1);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_last_way_in_stays_sqlite() {
    the_last_way_in_stays(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_last_way_in_stays_postgres() {
    the_last_way_in_stays(Engine::Postgres).await;
}
