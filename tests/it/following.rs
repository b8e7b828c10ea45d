//! Following and notifications, with e-mail through a real SMTP server (aiosmtpd).

use crate::support::{Engine, TestApp, app_with_mail};
use medspil::following::model::{Notice, NotificationKind};
use medspil::following::notify;
use medspil::following::store::{self, Audience};
use medspil::platform::db;

const PASSWORD: &str = "medspil-demo";

async fn scalar(app: &TestApp, sql: &str) -> i64 {
    db::query_scalar(sql.to_string())
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

/// Liselotte follows Frederiksbjerg Spirer; a new need reaches her inbox and her mailbox, with a
/// link that unsubscribes her in one step; after that, the inbox still fills but no mail comes.
async fn a_follower_is_told_by_inbox_and_email(engine: Engine) {
    let Some((app, mail)) = app_with_mail(engine).await else {
        return;
    };
    let initiative = scalar(
        &app,
        "SELECT id FROM initiatives WHERE title LIKE 'Frederiksbjerg Spirer%'",
    )
    .await;
    let path = format!("/initiatives/{initiative}");

    let her = app.browser();
    her.login("liselotte@example.dk", PASSWORD).await;
    let page = her.get(&path).await;
    assert!(page.body.contains("Følg initiativet"));
    let followed = her
        .submit(
            &path,
            "/follows",
            &[
                ("kind", "initiative"),
                ("target", &initiative.to_string()),
                ("label", "Frederiksbjerg Spirer"),
                ("back", &path),
            ],
        )
        .await;
    assert_eq!(followed.status, 303);
    assert_eq!(followed.location.as_deref(), Some(path.as_str()));
    assert!(
        her.get(&path)
            .await
            .body
            .contains("Stop med at følge initiativet")
    );

    let jeppe = app.browser();
    jeppe.login("jeppe@example.dk", PASSWORD).await;
    let new = format!("/initiatives/{initiative}/needs/new");
    let action = format!("/initiatives/{initiative}/needs");
    let added = jeppe
        .submit(
            &new,
            &action,
            &[("kind", "materials"), ("title", "Skruer og vinkelbeslag")],
        )
        .await;
    assert_eq!(added.status, 303, "{}", added.body);

    let got = mail.wait_for(1).await;
    assert_eq!(got.len(), 1, "one mail, to the one follower: {got:?}");
    let m = &got[0];
    assert_eq!(m["to"][0], "liselotte@example.dk");
    assert_eq!(
        m["subject"],
        "Medspil: Nyt behov hos Frederiksbjerg Spirer: grønne mødesteder mellem husene: Skruer og vinkelbeslag"
    );
    let link = added.location.unwrap();
    assert!(
        m["body"]
            .as_str()
            .unwrap()
            .contains(&format!("http://medspil.test{link}")),
        "{m}"
    );
    let unsubscribe = m["list_unsubscribe"]
        .as_str()
        .unwrap()
        .trim_matches(['<', '>'])
        .to_string();
    assert!(
        unsubscribe.starts_with("http://medspil.test/unsubscribe/"),
        "{unsubscribe}"
    );
    assert_eq!(m["list_unsubscribe_post"], "List-Unsubscribe=One-Click");

    let inbox = her.get("/inbox").await;
    assert!(inbox.body.contains("Nyt behov hos Frederiksbjerg Spirer"));
    assert!(inbox.body.contains("Ulæst"));

    // One click in the mail program: a POST to the link, without a session or form token.
    let one_click = reqwest::Client::new()
        .post(app.url(unsubscribe.trim_start_matches("http://medspil.test")))
        .form(&[("List-Unsubscribe", "One-Click")])
        .send()
        .await
        .unwrap();
    assert_eq!(one_click.status(), 200);
    let mode: String = db::query_scalar("SELECT email_mode FROM notification_settings s JOIN users u ON u.id = s.user_id WHERE u.email = 'liselotte@example.dk'")
        .fetch_one(app.db.pool()).await.unwrap();
    assert_eq!(mode, "off");

    let again = jeppe
        .submit(
            &new,
            &action,
            &[("kind", "materials"), ("title", "Maling til kasserne")],
        )
        .await;
    assert_eq!(again.status, 303);
    app.notices_told().await;
    assert!(
        her.get("/inbox").await.body.contains("Maling til kasserne"),
        "the inbox still fills"
    );
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    assert_eq!(mail.messages().len(), 1, "no mail after unsubscribing");
    // Jeppe, who acted, is not told about his own change.
    assert_eq!(scalar(&app, "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id WHERE u.email = 'jeppe@example.dk'").await, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_follower_is_told_by_inbox_and_email_sqlite() {
    a_follower_is_told_by_inbox_and_email(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_follower_is_told_by_inbox_and_email_postgres() {
    a_follower_is_told_by_inbox_and_email(Engine::Postgres).await;
}

fn notice(n: usize) -> Notice {
    Notice {
        kind: NotificationKind::NeedAdded,
        title: format!("Behov nummer {n}"),
        context: "Frederiksbjerg Spirer".into(),
        detail: String::new(),
        link: format!("/needs/{n}"),
    }
}

/// Two nodes share the outbox: every mail is sent exactly once.
async fn two_nodes_send_each_mail_once(engine: Engine) {
    let Some((app, mail)) = app_with_mail(engine).await else {
        return;
    };
    let url = mail.url();
    let _second = app
        .second_node_configured(|c| {
            c.smtp_url = Some(url);
            c.mail_poll_ms = 10;
        })
        .await;
    let users: Vec<i64> = db::query_scalar("SELECT id FROM users ORDER BY id")
        .fetch_all(app.db.pool())
        .await
        .unwrap();
    let audience = Audience {
        targets: Vec::new(),
        users: users.clone(),
        except_user: None,
        persons: Vec::new(),
    };
    for n in 0..6 {
        notify::tell(&app.db, "test", &audience, &notice(n)).await;
    }
    let expected = users.len() * 6;
    let got = mail.wait_for(expected).await;
    tokio::time::sleep(std::time::Duration::from_millis(700)).await;
    let got_later = mail.messages();
    assert_eq!(got_later.len(), expected, "no duplicates arrive later");
    let mut ids: Vec<String> = got
        .iter()
        .map(|m| m["message_id"].as_str().unwrap().to_string())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), expected, "every message once");
    assert_eq!(
        scalar(
            &app,
            "SELECT COUNT(*) FROM mail_outbox WHERE sent_at IS NULL"
        )
        .await,
        0
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_send_each_mail_once_sqlite() {
    two_nodes_send_each_mail_once(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_nodes_send_each_mail_once_postgres() {
    two_nodes_send_each_mail_once(Engine::Postgres).await;
}

/// Someone who chose a daily digest gets one mail with everything, once a day.
async fn a_daily_digest_collects_the_day(engine: Engine) {
    let Some((app, mail)) = app_with_mail(engine).await else {
        return;
    };
    let sofie = app.browser();
    sofie.login("sofie@example.dk", PASSWORD).await;
    let set = sofie
        .submit("/following", "/following/email", &[("email_mode", "daily")])
        .await;
    assert_eq!(set.status, 303);
    let user = scalar(
        &app,
        "SELECT id FROM users WHERE email = 'sofie@example.dk'",
    )
    .await;
    let audience = Audience {
        targets: Vec::new(),
        users: vec![user],
        except_user: None,
        persons: Vec::new(),
    };
    for n in 0..3 {
        notify::tell(&app.db, "test", &audience, &notice(n)).await;
    }
    app.notices_told().await;
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    assert!(mail.messages().is_empty(), "nothing is sent at once");
    assert_eq!(
        store::enqueue_digests(&app.db, "2026-11-27").await.unwrap(),
        1
    );
    assert_eq!(
        store::enqueue_digests(&app.db, "2026-11-27").await.unwrap(),
        0,
        "once a day"
    );
    let got = mail.wait_for(1).await;
    assert_eq!(
        got[0]["subject"],
        "Medspil: 3 nye beskeder / 3 new notifications"
    );
    let body = got[0]["body"].as_str().unwrap();
    assert!(
        body.contains("Behov nummer 0") && body.contains("Behov nummer 2"),
        "{body}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_daily_digest_collects_the_day_sqlite() {
    a_daily_digest_collects_the_day(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_daily_digest_collects_the_day_postgres() {
    a_daily_digest_collects_the_day(Engine::Postgres).await;
}

/// When the SMTP server cannot be reached, the mail stays in the outbox with the error and is
/// tried again later.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unreachable_smtp_server_leaves_the_mail_to_be_retried() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let app = TestApp::start_configured(Engine::Sqlite, |c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{closed}"));
        c.mail_poll_ms = 50;
    })
    .await
    .unwrap();
    medspil::demo::load(&app.db).await.unwrap();
    let audience = Audience {
        targets: Vec::new(),
        users: vec![1],
        except_user: None,
        persons: Vec::new(),
    };
    notify::tell(&app.db, "test", &audience, &notice(1)).await;
    app.notices_told().await;
    for _ in 0..100 {
        if scalar(&app, "SELECT attempts FROM mail_outbox").await > 0 {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    let (attempts, error, sent, later): (i64, String, Option<i64>, i64) = db::query_as(
        "SELECT attempts, last_error, sent_at, CASE WHEN send_after > created_at THEN 1 ELSE 0 END FROM mail_outbox",
    )
    .fetch_one(app.db.pool())
    .await
    .unwrap();
    assert_eq!(attempts, 1);
    assert!(!error.is_empty());
    assert_eq!(sent, None);
    assert_eq!(later, 1, "tried again after a pause");
}

crate::on_both_engines! {
    /// The same through the JSON API: follow a theme, hear of a new need, read, unfollow.
    async fn following_through_the_api(app) {
        let c = reqwest::Client::new();
        let her = crate::support::api_token(&app, "liselotte@example.dk", PASSWORD).await;
        let jeppe = crate::support::api_token(&app, "jeppe@example.dk", PASSWORD).await;
        let follow = c.post(app.url("/api/v1/me/follows")).bearer_auth(&her)
            .json(&serde_json::json!({"kind": "theme", "target": "green_streets", "label": "Grønne byrum"})).send().await.unwrap();
        assert_eq!(follow.status(), 204);
        let bad = c.post(app.url("/api/v1/me/follows")).bearer_auth(&her)
            .json(&serde_json::json!({"kind": "theme", "target": "no_such_theme"})).send().await.unwrap();
        assert_eq!(bad.status(), 422);
        let list: serde_json::Value = c.get(app.url("/api/v1/me/follows")).bearer_auth(&her).send().await.unwrap().json().await.unwrap();
        assert_eq!(list, serde_json::json!([{"kind": "theme", "target": "green_streets", "label": "Grønne byrum"}]));
        let set = c.put(app.url("/api/v1/me/notification-settings")).bearer_auth(&her)
            .json(&serde_json::json!({"email_mode": "daily"})).send().await.unwrap();
        assert_eq!(set.status(), 200);

        app.notices_told().await;
        let mails_before = scalar(&app, "SELECT COUNT(*) FROM mail_outbox").await;
        let initiative = scalar(&app, "SELECT id FROM initiatives WHERE title LIKE 'Hans Broges Gade%'").await;
        let need = c.post(app.url(&format!("/api/v1/initiatives/{initiative}/needs"))).bearer_auth(&jeppe)
            .json(&serde_json::json!({"kind": "hands", "title": "Vanding i ferien"})).send().await.unwrap();
        assert_eq!(need.status(), 403, "Jeppe does not edit Sofie's initiative");
        let sofie = crate::support::api_token(&app, "sofie@example.dk", PASSWORD).await;
        let need = c.post(app.url(&format!("/api/v1/initiatives/{initiative}/needs"))).bearer_auth(&sofie)
            .json(&serde_json::json!({"kind": "hands", "title": "Vanding i ferien"})).send().await.unwrap();
        assert_eq!(need.status(), 201);

        app.notices_told().await;
        let inbox: serde_json::Value = c.get(app.url("/api/v1/me/notifications")).bearer_auth(&her).header("accept-language", "en")
            .send().await.unwrap().json().await.unwrap();
        assert_eq!(inbox[0]["text"], "New need at Hans Broges Gade begrønnes af borgerne: Vanding i ferien", "{inbox}");
        assert_eq!(inbox[0]["read"], false);
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM mail_outbox").await, mails_before, "a daily reader gets no mail at once");
        assert_eq!(c.post(app.url("/api/v1/me/notifications/read")).bearer_auth(&her).send().await.unwrap().status(), 204);
        let inbox: serde_json::Value = c.get(app.url("/api/v1/me/notifications")).bearer_auth(&her).send().await.unwrap().json().await.unwrap();
        assert_eq!(inbox[0]["read"], true);

        let gone = c.delete(app.url("/api/v1/me/follows?kind=theme&target=green_streets")).bearer_auth(&her).send().await.unwrap();
        assert_eq!(gone.status(), 204);
        let list: serde_json::Value = c.get(app.url("/api/v1/me/follows")).bearer_auth(&her).send().await.unwrap().json().await.unwrap();
        assert_eq!(list, serde_json::json!([]));
    }
}

crate::on_both_engines! {
    /// A new need at an initiative ten thousand people follow costs Jeppe's request what it
    /// costs when nobody follows: the request keeps one notice, and the worker tells every
    /// follower after the response, each of them once.
    async fn ten_thousand_followers_are_told_after_the_response(app) {
        let initiative = scalar(&app, "SELECT id FROM initiatives WHERE title LIKE 'Frederiksbjerg Spirer%'").await;
        let jeppe = crate::support::logged_in(&app, "jeppe@example.dk").await;
        let route = "/initiatives/{id}/needs";
        let add_need = |title: &'static str| {
            let jeppe = &jeppe;
            async move {
                let added = jeppe
                    .submit(&format!("/initiatives/{initiative}/needs/new"), &format!("/initiatives/{initiative}/needs"), &[("kind", "hands"), ("title", title)])
                    .await;
                assert_eq!(added.status, 303, "{}", added.body);
            }
        };
        let before = crate::support::statements_run(&app, "POST", route).await;
        add_need("Hænder til plantedagen").await;
        let with_few = crate::support::statements_run(&app, "POST", route).await - before;

        for sql in [
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10000) \
             INSERT INTO actors (kind, name, created_at, updated_at) SELECT 'person', 'Følger ' || i, 0, 0 FROM n".to_string(),
            "INSERT INTO users (email, password_hash, person_id, created_at, email_confirmed_at) \
             SELECT 'f' || id || '@folger.example', 'x', id, 0, 0 FROM actors WHERE name LIKE 'Følger %'".to_string(),
            format!("INSERT INTO follows (user_id, target_kind, target, label, created_at) \
             SELECT id, 'initiative', '{initiative}', 'Frederiksbjerg Spirer', 0 FROM users WHERE email LIKE '%@folger.example'"),
        ] {
            db::query(sql).execute(app.db.pool()).await.unwrap();
        }
        let before = crate::support::statements_run(&app, "POST", route).await;
        add_need("Jord til højbedene").await;
        let with_many = crate::support::statements_run(&app, "POST", route).await - before;
        assert_eq!(with_many, with_few, "the request does not grow with its audience");

        app.notices_told().await;
        let told = "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
                    WHERE u.email LIKE '%@folger.example' AND n.title = 'Jord til højbedene'";
        assert_eq!(scalar(&app, told).await, 10_000, "every follower is told once");
        let users = "SELECT COUNT(DISTINCT n.user_id) FROM notifications n JOIN users u ON u.id = n.user_id \
                     WHERE u.email LIKE '%@folger.example' AND n.title = 'Jord til højbedene'";
        assert_eq!(scalar(&app, users).await, 10_000);
        assert_eq!(
            scalar(&app, "SELECT COUNT(*) FROM mail_outbox WHERE to_address LIKE '%@folger.example'").await,
            10_000,
            "and mailed at once, as they chose by default"
        );
        let jeppe_told = "SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
                          WHERE u.email = 'jeppe@example.dk' AND n.title = 'Jord til højbedene'";
        assert_eq!(scalar(&app, jeppe_told).await, 0, "not the one who acted");
    }
}

crate::on_both_engines! {
    /// A node that stopped half-way through telling a notice, after its first batch, loses no
    /// one and tells no one twice: when its claim runs out, a worker goes on after the last
    /// person it told.
    async fn a_notice_left_half_told_is_finished_once(app) {
        let users: Vec<i64> = db::query_scalar("SELECT id FROM users ORDER BY id LIMIT 3")
            .fetch_all(app.db.pool())
            .await
            .unwrap();
        let audience = serde_json::json!({"targets": [], "users": users, "persons": [], "except_user": null}).to_string();
        // What the stopped node did: it told the first person, and its claim has run out.
        db::query("INSERT INTO notifications (user_id, kind, title, link, created_at) VALUES ($1, 'need_added', 'Halvt fortalt', '/', 0)")
            .bind(users[0])
            .execute(app.db.pool())
            .await
            .unwrap();
        db::query(
            "INSERT INTO notice_fanouts (what, kind, title, context, detail, link, audience, created_at, claimed_by, claimed_until, told_through) \
             VALUES ('need_added', 'need_added', 'Halvt fortalt', '', '', '/', $1, 0, 'a stopped node', 1, $2)",
        )
        .bind(audience)
        .bind(users[0])
        .execute(app.db.pool())
        .await
        .unwrap();

        app.notices_told().await;
        let told: Vec<(i64, i64)> = db::query_as(
            "SELECT user_id, COUNT(*) FROM notifications WHERE title = 'Halvt fortalt' GROUP BY user_id ORDER BY user_id",
        )
        .fetch_all(app.db.pool())
        .await
        .unwrap();
        assert_eq!(told, users.iter().map(|&u| (u, 1)).collect::<Vec<_>>(), "each of the three once");
    }
}

crate::on_both_engines! {
    /// A notice no worker can read is not tried for ever: after its last attempt it is set
    /// aside for an operator, and the other notices are told as usual.
    async fn a_notice_that_cannot_be_told_is_set_aside(app) {
        db::query(
            "INSERT INTO notice_fanouts (what, kind, title, context, detail, link, audience, created_at, attempts) \
             VALUES ('need_added', 'need_added', 'Ulæselig', '', '', '/', 'not json', 0, 4)",
        )
        .execute(app.db.pool())
        .await
        .unwrap();
        let user = scalar(&app, "SELECT MIN(id) FROM users").await;
        let audience = Audience { targets: Vec::new(), users: vec![user], except_user: None, persons: Vec::new() };
        notify::tell(&app.db, "test", &audience, &notice(7)).await;
        let mut set_aside = 0;
        for _ in 0..300 {
            set_aside = scalar(&app, "SELECT COUNT(*) FROM notice_fanouts WHERE failed_at IS NOT NULL AND attempts = 5").await;
            if set_aside == 1 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert_eq!(set_aside, 1, "set aside after its fifth failed attempt");
        for _ in 0..300 {
            if scalar(&app, "SELECT COUNT(*) FROM notice_fanouts WHERE failed_at IS NULL").await == 0 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        }
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM notifications WHERE title = 'Ulæselig'").await, 0);
        assert_eq!(scalar(&app, "SELECT COUNT(*) FROM notifications WHERE title = 'Behov nummer 7'").await, 1, "the next notice is told");
    }
}
