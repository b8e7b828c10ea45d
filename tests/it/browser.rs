//! The pages in a real Chromium (tests/browser/pages.mjs): a journey with JavaScript off on a
//! phone, the keyboard, and axe-core's WCAG 2.1 AA rules. Mail goes to a real SMTP server, whose
//! messages the journey opens as a person opens theirs; MitID is a real OpenID provider
//! (tests/oidc). Needs Node.js, `npm ci` in tests/browser and tests/oidc, Debian's chromium and
//! aiosmtpd; without them the test says loudly that it was
//! skipped, and with `MEDSPIL_REQUIRE_BROWSER=1` (set in .ci/run) it fails instead.

use crate::support::{Engine, MailServer, OidcProvider, TestApp, free_port};
use medspil::platform::oidc::Setting;
use serde_json::json;
use std::path::Path;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_are_accessible_and_work_without_javascript() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser");
    let chromium = std::env::var("CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let missing = [
        (!dir.join("node_modules/playwright-core").exists()).then_some("npm ci in tests/browser"),
        (!Path::new(&chromium).exists()).then_some("chromium"),
    ];
    let missing: Vec<&str> = missing.into_iter().flatten().collect();
    if !missing.is_empty() {
        let required = std::env::var("MEDSPIL_REQUIRE_BROWSER").is_ok_and(|v| v == "1");
        assert!(
            !required,
            "MEDSPIL_REQUIRE_BROWSER=1 but missing: {missing:?}"
        );
        eprintln!("\n!!! SKIPPED browser test: missing {missing:?} !!!\n");
        return;
    }
    let Some(mail) = MailServer::start().await else {
        return;
    };
    let smtp = mail.url();
    let port = free_port();
    let app = TestApp::start_configured(Engine::Sqlite, |c| {
        c.smtp_url = Some(smtp);
        c.mail_poll_ms = 50;
        c.oidc = [
            format!("mitid.issuer=http://127.0.0.1:{port}"),
            "mitid.label=MitID".into(),
            "mitid.client_id=medspil".into(),
            "mitid.client_secret=secret-medspil".into(),
        ]
        .iter()
        .map(|s| Setting::parse(s).unwrap())
        .collect();
    })
    .await
    .expect("server starts");
    medspil::demo::load(&app.db).await.expect("demo data loads");
    let citizen = |name: &str| json!({"claims": {"name": name, "birthdate": "1986-05-01"}});
    let accounts = json!({"jeppe": citizen("Jeppe Spure Nielsen"), "nanna": citizen("Nanna Nybo")});
    let clients = [("medspil", app.url("/login/callback/mitid"))];
    let Some(_provider) = OidcProvider::start(port, &clients, accounts).await else {
        return;
    };
    let base = app.url("");
    let mailbox = mail.dir().to_path_buf();
    let output = tokio::task::spawn_blocking(move || {
        std::process::Command::new("node")
            .arg("pages.mjs")
            .arg(base)
            .arg(mailbox)
            .current_dir(dir)
            .output()
    })
    .await
    .unwrap()
    .expect("node runs");
    let report = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.status.success(), "{report}");
    eprintln!("{report}");
}
