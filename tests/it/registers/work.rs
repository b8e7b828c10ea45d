//! The chair works with the register: she mails the visiting friends in the association's name
//! (the mail reaches only active people in the group; for the newsletter only those whose
//! consent stands) and takes out the day's list with only the fields the purpose allows. Both
//! are in the log; nobody outside the board does either.

use crate::on_both_engines;
use crate::support::{Engine, app_with_mail, id_of, logged_in, value_of};

async fn the_board_mails_a_group_and_takes_out_a_days_list(engine: Engine) {
    let Some((app, mail)) = app_with_mail(engine).await else {
        return;
    };
    let social = id_of(
        &app,
        "SELECT id FROM actors WHERE name = 'Social Frivilligforening Aarhus'",
    )
    .await;
    let register = format!("/actors/{social}/register");
    let mailings = format!("{register}/mailings");
    let hanne = logged_in(&app, "formand@socialfrivillig.dk").await;
    let purpose = |name: &str| {
        format!(
            "SELECT id FROM register_purposes WHERE association_id = {social} AND name = '{name}'"
        )
    };
    let coordination = id_of(&app, &purpose("Koordinere de frivilliges aktiviteter"))
        .await
        .to_string();
    let newsletter = id_of(&app, &purpose("Nyhedsbrev til frivillige"))
        .await
        .to_string();
    let certificates = id_of(
        &app,
        &purpose("Indhente børneattest for frivillige med børn"),
    )
    .await
    .to_string();
    let visits = id_of(&app, &format!("SELECT id FROM register_activities WHERE association_id = {social} AND name = 'Besøgsven'")).await.to_string();

    let aimless = hanne
        .submit(
            &register,
            &mailings,
            &[
                ("activity", visits.as_str()),
                ("subject", "Møde torsdag"),
                ("body", "Vi ses."),
            ],
        )
        .await;
    assert_eq!(aimless.status, 422);
    assert!(
        aimless.body.contains("id=\"mail_purpose-error\"")
            && aimless.body.contains("value=\"Møde torsdag\""),
        "{}",
        aimless.body
    );
    let sent = hanne
        .submit(
            &register,
            &mailings,
            &[
                ("activity", visits.as_str()),
                ("mail_purpose", coordination.as_str()),
                ("subject", "Besøgsvennemøde torsdag"),
                ("body", "Vi ses kl. 17 i Frivillighuset."),
            ],
        )
        .await;
    assert_eq!(sent.status, 303, "{}", sent.body);
    // The visiting friends with an address: Liselotte, Aase and Fatima, not Jens.
    let got = mail.wait_for(3).await;
    let mut to: Vec<String> = got
        .iter()
        .map(|m| m["to"][0].as_str().unwrap().to_string())
        .collect();
    to.sort();
    assert_eq!(
        to,
        [
            "aase.holm@example.dk",
            "fatima.hassan@example.dk",
            "liselotte@example.dk"
        ]
    );
    let one = &got[0];
    assert!(
        one["from_header"]
            .as_str()
            .unwrap()
            .contains("Social Frivilligforening Aarhus"),
        "{one}"
    );
    assert_eq!(
        one["reply_to"], "formand@socialfrivillig.dk",
        "replies go to the chair"
    );
    let body = one["body"].as_str().unwrap();
    assert!(
        body.contains("Vi ses kl. 17")
            && body.contains("http://medspil.test/account/register")
            && body.contains("Koordinere de frivilliges aktiviteter"),
        "{body}"
    );

    // The newsletter goes to those whose consent stands: Jens withdrew his.
    let news = hanne
        .submit(
            &register,
            &mailings,
            &[
                ("activity", ""),
                ("mail_purpose", newsletter.as_str()),
                ("subject", "Nyhedsbrev december"),
                ("body", "Julefrokost den 18."),
            ],
        )
        .await;
    assert_eq!(news.status, 303, "{}", news.body);
    let got = mail.wait_for(6).await;
    let news_to: Vec<&str> = got
        .iter()
        .filter(|m| m["subject"] == "Nyhedsbrev december")
        .map(|m| m["to"][0].as_str().unwrap())
        .collect();
    assert_eq!(news_to.len(), 3, "{news_to:?}");
    assert!(!news_to.contains(&"jens.ravn@example.dk"));
    let page = hanne.get(&register).await.body;
    assert!(
        page.contains(
            "Besøgsvennemøde torsdag · Besøgsven · Koordinere de frivilliges aktiviteter"
        ) && page.contains("Nyhedsbrev december · Alle aktive"),
        "{page}"
    );

    // The day's list: names and the purpose's fields only.
    let list = |activity: &str, purpose: &str| {
        format!("{register}/list?list_activity={activity}&list_purpose={purpose}")
    };
    let day = hanne.get(&list(&visits, &coordination)).await;
    assert_eq!(day.status, 200);
    let lines: Vec<&str> = day.body.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(
        lines[0], "Navn,Telefon,Pårørende at kontakte,Sprog",
        "{}",
        day.body
    );
    assert!(
        day.body.contains("Liselotte,20 30 40 50")
            && !day.body.contains("example.dk")
            && !day.body.contains("Jens Ravn"),
        "{}",
        day.body
    );
    let names_only = hanne.get(&list(&visits, &certificates)).await.body;
    assert!(
        names_only.contains("Liselotte\r\n") && !names_only.contains("20 30 40 50"),
        "{names_only}"
    );
    let unchosen = hanne.get(&list("", &coordination)).await;
    assert_eq!(unchosen.status, 422);
    assert!(
        unchosen.body.contains("id=\"list_activity-error\""),
        "{}",
        unchosen.body
    );

    // Nobody outside the board does either; the board sees both in the log.
    let brian = logged_in(&app, "brian@aarhus.dk").await;
    assert_eq!(brian.get(&list(&visits, &coordination)).await.status, 403);
    assert_eq!(
        brian
            .submit(
                "/",
                &mailings,
                &[
                    ("mail_purpose", coordination.as_str()),
                    ("subject", "x"),
                    ("body", "x")
                ]
            )
            .await
            .status,
        403
    );
    let log = hanne.get(&register).await.body;
    assert!(
        log.contains("Sendte en e-mail til en gruppe")
            && log.contains("Hentede listen til en aktivitet"),
        "{log}"
    );
    let mailed: i64 = value_of(
        &app,
        "SELECT COUNT(*) FROM mail_outbox WHERE from_name = 'Social Frivilligforening Aarhus'",
    )
    .await;
    assert_eq!(mailed, 6, "brian's attempt sent nothing");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_board_mails_a_group_and_takes_out_a_days_list_sqlite() {
    the_board_mails_a_group_and_takes_out_a_days_list(Engine::Sqlite).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_board_mails_a_group_and_takes_out_a_days_list_postgres() {
    the_board_mails_a_group_and_takes_out_a_days_list(Engine::Postgres).await;
}

on_both_engines! {
    async fn nothing_in_a_register_shows_elsewhere_and_deleting_it_takes_everything(app) {
        // Bent Mikkelsen is only in the register: no search, overview or open data shows him,
        // not even to the platform's administrator.
        let admin = logged_in(&app, "admin@medspil.dk").await;
        for path in ["/actors?q=Mikkelsen", "/initiatives?q=Mikkelsen", "/overview", "/api/v1/overview",
            "/api/v1/actors?q=Mikkelsen", "/overview/csv/typology?scope=city"] {
            let page = admin.get(path).await;
            assert!(!page.body.contains("Bent Mikkelsen") && !page.body.contains("26 19 78 22"), "{path}: {}", page.body);
        }

        let social = id_of(&app, "SELECT id FROM actors WHERE name = 'Social Frivilligforening Aarhus'").await;
        let register = format!("/actors/{social}/register");
        let delete = format!("{register}/delete");
        let brian = logged_in(&app, "brian@aarhus.dk").await;
        for outsider in [&brian, &admin] {
            assert_eq!(outsider.get(&delete).await.status, 403);
            assert_eq!(outsider.submit("/", &delete, &[("confirm", "1")]).await.status, 403);
        }
        let hanne = logged_in(&app, "formand@socialfrivillig.dk").await;
        assert!(hanne.get(&register).await.body.contains(&format!("href=\"{delete}\"")));
        let asked = hanne.get(&delete).await.body;
        assert!(asked.contains("40 personer") && asked.contains("kan ikke gøres om"), "{asked}");
        // A mail to the group waits in the outbox (this server sends no mail); it goes with the register.
        let coordination = id_of(&app, &format!("SELECT id FROM register_purposes WHERE association_id = {social} AND name = 'Koordinere de frivilliges aktiviteter'")).await.to_string();
        let mailed = hanne.submit(&register, &format!("{register}/mailings"), &[("mail_purpose", coordination.as_str()), ("subject", "Møde"), ("body", "Vi ses.")]).await;
        assert_eq!(mailed.status, 303, "{}", mailed.body);
        let waiting = format!("SELECT COUNT(*) FROM mail_outbox WHERE dedupe_key LIKE 'register-mailing:{social}:%'");
        assert_eq!(value_of::<i64>(&app, &waiting).await, 4);
        let unconfirmed = hanne.submit(&delete, &delete, &[]).await;
        assert_eq!(unconfirmed.status, 422);
        assert!(unconfirmed.body.contains("id=\"confirm-error\""), "{}", unconfirmed.body);
        let deleted = hanne.submit(&delete, &delete, &[("confirm", "1")]).await;
        assert_eq!(deleted.location.as_deref(), Some(format!("/actors/{social}").as_str()), "{}", deleted.body);
        for table in ["register_entries", "register_purposes", "register_fields", "register_activities", "register_grants",
            "register_access_log", "register_erasures", "register_requests", "register_mailings"] {
            let left: i64 = value_of(&app, &format!("SELECT COUNT(*) FROM {table} WHERE association_id = {social}")).await;
            assert_eq!(left, 0, "{table}");
        }
        for table in ["register_values", "register_roles", "register_consents"] {
            let left: i64 = value_of(&app, &format!("SELECT COUNT(*) FROM {table}")).await;
            assert_eq!(left, 0, "{table}");
        }
        assert_eq!(value_of::<i64>(&app, &waiting).await, 0, "its mails are out of the outbox");
        let audited: String = value_of(&app, "SELECT detail FROM audit_log WHERE act = 'register_deleted'").await;
        assert_eq!(audited, "40", "the audit log keeps who deleted it and how many it held");
        let liselotte = logged_in(&app, "liselotte@example.dk").await;
        assert!(liselotte.get("/account/register").await.body.contains("Ingen forening har dig"));
        assert!(hanne.get(&register).await.body.contains("Der er ingen personer i registret endnu"));
    }
}

on_both_engines! {
    async fn a_group_mail_form_posted_twice_sends_once(app) {
        let social = id_of(&app, "SELECT id FROM actors WHERE name = 'Social Frivilligforening Aarhus'").await;
        let register = format!("/actors/{social}/register");
        let mailings = format!("{register}/mailings");
        let hanne = logged_in(&app, "formand@socialfrivillig.dk").await;
        let coordination = id_of(&app, &format!("SELECT id FROM register_purposes WHERE association_id = {social} AND name = 'Koordinere de frivilliges aktiviteter'")).await.to_string();
        let form_key = |page: &str| {
            let marker = "name=\"form_key\" value=\"";
            let at = page.find(marker).expect("the mail form has its key") + marker.len();
            page[at..at + 64].to_string()
        };
        let page = hanne.get(&register).await;
        let (csrf, key) = (page.csrf(), form_key(&page.body));
        let form = [("csrf", csrf.as_str()), ("form_key", key.as_str()), ("mail_purpose", coordination.as_str()),
            ("subject", "Møde"), ("body", "Vi ses.")];
        // A double click: the same form twice at once.
        let (a, b) = tokio::join!(hanne.post(&mailings, &form), hanne.post(&mailings, &form));
        let mut statuses = [a.status, b.status];
        statuses.sort();
        assert_eq!(statuses, [303, 409], "{} {}", a.body, b.body);
        let refused = if a.status == 409 { a } else { b };
        assert!(refused.body.contains("id=\"subject-error\"") && refused.body.contains("sendes ikke to gange"), "{}", refused.body);
        let recorded = format!("SELECT COUNT(*) FROM register_mailings WHERE association_id = {social}");
        let queued = format!("SELECT COUNT(*) FROM mail_outbox WHERE dedupe_key LIKE 'register-mailing:{social}:%'");
        assert_eq!(value_of::<i64>(&app, &recorded).await, 1);
        assert_eq!(value_of::<i64>(&app, &queued).await, 4, "each active person with an address, once");
        // Posted again later (a reload that posts), still once.
        assert_eq!(hanne.post(&mailings, &form).await.status, 409);
        assert_eq!(value_of::<i64>(&app, &queued).await, 4);
        // A new form is a new mail.
        let again = hanne.get(&register).await.body;
        let new_key = form_key(&again);
        assert_ne!(new_key, key);
        let form = [("csrf", csrf.as_str()), ("form_key", new_key.as_str()), ("mail_purpose", coordination.as_str()),
            ("subject", "Møde"), ("body", "Vi ses."),];
        assert_eq!(hanne.post(&mailings, &form).await.status, 303);
        assert_eq!(value_of::<i64>(&app, &recorded).await, 2);
        assert_eq!(value_of::<i64>(&app, &queued).await, 8);
    }
}
