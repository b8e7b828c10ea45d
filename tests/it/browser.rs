//! The pages in a real Chromium (tests/browser/pages.mjs): a journey with JavaScript off on a
//! phone, the keyboard, and axe-core's WCAG 2.1 AA rules. Mail goes to a real SMTP server, whose
//! messages the journey opens as a person opens theirs. Needs Node.js, `npm ci` in
//! tests/browser, Debian's chromium and aiosmtpd; without them the test says loudly that it was
//! skipped, and with `MEDSPIL_REQUIRE_BROWSER=1` (set in .ci/run) it fails instead.

use crate::support::{Engine, MailServer, TestApp};
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
    let app = TestApp::start_configured(Engine::Sqlite, |c| {
        c.smtp_url = Some(smtp);
        c.mail_poll_ms = 50;
    })
    .await
    .expect("server starts");
    medspil::demo::load(&app.db).await.expect("demo data loads");
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
