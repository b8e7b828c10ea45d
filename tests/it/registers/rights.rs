//! A volunteer's rights over her entry: Liselotte asks Social Frivilligforening Aarhus to
//! correct her phone number and later to erase her; the chair sees each request with its
//! one-month deadline, is reminded a week before it, corrects and answers; the erasure makes
//! her anonymous at once. Nobody else asks for her or answers for the board.

use crate::on_both_engines;
use crate::support::{id_of, logged_in, value_of};

on_both_engines! {
    async fn a_volunteer_asks_to_correct_and_erase_her_entry_and_the_board_answers_within_the_month(app) {
        use medspil::registers::rights::answer_by;
        use medspil::platform::time::today;
        let social = id_of(&app, "SELECT id FROM actors WHERE name = 'Social Frivilligforening Aarhus'").await;
        let entry = id_of(&app, "SELECT id FROM register_entries WHERE email = 'liselotte@example.dk'").await;
        let liselotte = logged_in(&app, "liselotte@example.dk").await;
        let hanne = logged_in(&app, "formand@socialfrivillig.dk").await;
        let brian = logged_in(&app, "brian@aarhus.dk").await;
        let mine = liselotte.get("/account/register").await.body;
        let ask = format!("/register/{entry}/request");
        assert!(mine.contains(&format!("href=\"{ask}\"")) && mine.contains("href=\"/account/data\""), "{mine}");

        // Only she asks about her entry.
        assert_eq!(brian.get(&ask).await.status, 403);
        assert_eq!(hanne.submit("/", &ask, &[("kind", "erase")]).await.status, 403, "not even the board asks for her");
        let vague = liselotte.submit(&ask, &ask, &[("kind", "correct"), ("details", " ")]).await;
        assert_eq!(vague.status, 422);
        assert!(vague.body.contains("id=\"details-error\""), "a correction says what is wrong: {}", vague.body);
        // In the demo she has asked to have her phone number corrected.
        let request = id_of(&app, &format!("SELECT id FROM register_requests WHERE entry_id = {entry}")).await;
        let mine = liselotte.get("/account/register").await.body;
        assert!(mine.contains("Venter på svar") && mine.contains("20 30 40 99"), "{mine}");
        let told = |kind: &str, who: &str| format!("SELECT COUNT(*) FROM notifications n JOIN users u ON u.id = n.user_id \
             WHERE n.kind = '{kind}' AND u.email = '{who}'");

        // The board sees it with its deadline; nobody outside the board opens it.
        let register = format!("/actors/{social}/register");
        let listed = hanne.get(&register).await.body;
        let answer = format!("/register/requests/{request}");
        assert!(listed.contains(&format!("href=\"{answer}\"")) && listed.contains("dage tilbage"), "{listed}");
        let opened = hanne.get(&answer).await.body;
        assert!(opened.contains("Fra Liselotte,") && opened.contains("fællesspisning om torsdagen"), "{opened}");
        for outsider in [&brian, &liselotte] {
            assert_eq!(outsider.get(&answer).await.status, 403);
            assert_eq!(outsider.submit("/", &answer, &[("outcome", "done")]).await.status, 403);
        }

        // A week before the deadline the board is reminded, once however often the sweep runs.
        let reminders = || medspil::registers::notices::reminders(&app.db);
        assert_eq!(reminders().await.unwrap(), 0, "a month is not a week");
        let soon = (today() + jiff::Span::new().days(6)).to_string();
        medspil::platform::db::query("UPDATE register_requests SET due_on = $1 WHERE id = $2").bind(&soon).bind(request).execute(app.db.pool()).await.unwrap();
        assert_eq!(reminders().await.unwrap(), 1);
        assert_eq!(reminders().await.unwrap(), 0);
        app.notices_told().await;
        assert_eq!(value_of::<i64>(&app, &told("register_request_due", "formand@socialfrivillig.dk")).await, 1);

        // The chair corrects the entry from its own form, then answers.
        let edit = format!("/register/{entry}/edit");
        let form = hanne.get(&edit).await.body;
        assert!(form.contains("value=\"20 30 40 50\"") && form.contains("value=\"Liselotte\""), "the form holds the entry as it stands: {form}");
        assert_eq!(brian.get(&edit).await.status, 403);
        let phone = id_of(&app, &format!("SELECT id FROM register_fields WHERE association_id = {social} AND kind = 'phone'")).await;
        let activity = id_of(&app, &format!("SELECT id FROM register_activities WHERE association_id = {social} AND name = 'Besøgsven'")).await.to_string();
        let phone_field = format!("field-{phone}");
        let bad = hanne.submit(&edit, &edit, &[("name", " "), ("starts_on", "2025-01-01"), (phone_field.as_str(), "20 30 40 99")]).await;
        assert_eq!(bad.status, 422);
        assert!(bad.body.contains("id=\"name-error\"") && bad.body.contains("value=\"20 30 40 99\""), "{}", bad.body);
        let corrected = hanne.submit(&edit, &edit, &[("name", "Liselotte"), ("email", "liselotte@example.dk"), ("starts_on", "2025-01-01"),
            ("activities", activity.as_str()), (phone_field.as_str(), "20 30 40 99"), ("certificate", "requested")]).await;
        assert_eq!(corrected.status, 303, "{}", corrected.body);
        let shown = liselotte.get(&format!("/register/{entry}")).await.body;
        assert!(shown.contains("20 30 40 99") && !shown.contains("20 30 40 50"), "{shown}");
        let done = hanne.submit(&answer, &answer, &[("outcome", "done"), ("answer", "Rettet – tak!")]).await;
        assert_eq!(done.status, 303, "{}", done.body);
        let twice = hanne.submit(&answer, &answer, &[("outcome", "refused"), ("answer", "Nej")]).await;
        assert_eq!(twice.status, 409);
        assert!(twice.body.contains("allerede besvaret"), "{}", twice.body);
        let mine = liselotte.get("/account/register").await.body;
        assert!(mine.contains("Udført") && mine.contains("Rettet – tak!"), "{mine}");
        app.notices_told().await;
        assert_eq!(value_of::<i64>(&app, &told("register_request_answered", "liselotte@example.dk")).await, 1);

        // An erasure refused says why; granted, it makes her anonymous at once.
        let asked = liselotte.submit(&ask, &ask, &[("kind", "erase")]).await;
        assert_eq!(asked.status, 303, "{}", asked.body);
        let erase = id_of(&app, &format!("SELECT id FROM register_requests WHERE entry_id = {entry} AND kind = 'erase'")).await;
        let due: String = value_of(&app, &format!("SELECT due_on FROM register_requests WHERE id = {erase}")).await;
        assert_eq!(due, answer_by(today()).to_string(), "answered within a month of asking");
        app.notices_told().await;
        assert_eq!(value_of::<i64>(&app, &told("register_request_made", "formand@socialfrivillig.dk")).await, 1, "the board hears of it");
        let answer = format!("/register/requests/{erase}");
        let reasonless = hanne.submit(&answer, &answer, &[("outcome", "refused")]).await;
        assert_eq!(reasonless.status, 422);
        assert!(reasonless.body.contains("id=\"answer-error\""), "{}", reasonless.body);
        let erased = hanne.submit(&answer, &answer, &[("outcome", "done")]).await;
        assert_eq!(erased.status, 303, "{}", erased.body);
        let (name, user): (String, Option<i64>) = medspil::platform::db::query_as("SELECT name, user_id FROM register_entries WHERE id = $1")
            .bind(entry).fetch_one(app.db.pool()).await.unwrap();
        assert_eq!((name.as_str(), user), ("", None));
        let values: i64 = value_of(&app, &format!("SELECT COUNT(*) FROM register_values WHERE entry_id = {entry}")).await;
        let details: i64 = value_of(&app, &format!("SELECT COUNT(*) FROM register_requests WHERE entry_id = {entry} AND details <> ''")).await;
        assert_eq!((values, details), (0, 0), "what she wrote in her requests goes too");
        let register = hanne.get(&register).await.body;
        assert!(register.contains("Personen blev anonymiseret") && register.contains("Ingen ubesvarede anmodninger"), "{register}");
        assert!(liselotte.get("/account/register").await.body.contains("Ingen forening har dig"));
    }
}

on_both_engines! {
    async fn the_association_and_the_municipality_agree_on_data_processing(app) {
        // In the demo, Social Frivilligforening Aarhus and Borgmesterens Afdeling have accepted
        // theirs; the chair finds it from the register.
        let social = id_of(&app, "SELECT id FROM actors WHERE name = 'Social Frivilligforening Aarhus'").await;
        let hanne = logged_in(&app, "formand@socialfrivillig.dk").await;
        let register = hanne.get(&format!("/actors/{social}/register")).await.body;
        let agreement = id_of(&app, "SELECT id FROM agreements WHERE template = 'data_processing'").await;
        assert!(register.contains(&format!("href=\"/agreements/{agreement}\"")) && register.contains("I kraft"), "{register}");
        let shown = hanne.get(&format!("/agreements/{agreement}")).await.body;
        for term in ["Koordinere de frivilliges aktiviteter", "Underdatabehandlere", "i Danmark", "argon2id", "Borgmesterens Afdeling"] {
            assert!(shown.contains(term), "{term}: {shown}");
        }
        // Starting it again finds the one there is.
        let processing = format!("/actors/{social}/register/processing");
        let again = hanne.submit("/", &processing, &[]).await;
        assert_eq!(again.location.as_deref(), Some(format!("/agreements/{agreement}").as_str()));

        // Another association starts its own with a municipal unit it chooses; only its board.
        let council = id_of(&app, "SELECT id FROM actors WHERE name = 'Frederiksbjerg og Langenæs Fællesråd'").await;
        let processing = format!("/actors/{council}/register/processing");
        let brian = logged_in(&app, "brian@aarhus.dk").await;
        assert_eq!(brian.submit("/", &processing, &[]).await.status, 403);
        let karen = logged_in(&app, "formand@frederiksbjerg-faellesraad.dk").await;
        let register = format!("/actors/{council}/register");
        let unchosen = karen.submit(&register, &processing, &[]).await;
        assert_eq!(unchosen.status, 422);
        assert!(unchosen.body.contains("id=\"processor-error\""), "{}", unchosen.body);
        let not_a_unit = karen.submit(&register, &processing, &[("processor", social.to_string().as_str())]).await;
        assert_eq!(not_a_unit.status, 422, "the processor is the municipality");
        let unit = id_of(&app, "SELECT id FROM actors WHERE name = 'Borgmesterens Afdeling'").await.to_string();
        let started = karen.submit(&register, &processing, &[("processor", unit.as_str())]).await;
        assert_eq!(started.status, 303, "{}", started.body);
        // Nobody plants one through the general agreements: it starts from the register only.
        let (council_id, social_id) = (council.to_string(), social.to_string());
        let planted = karen.submit("/agreements/new", "/agreements", &[("title", "Databehandleraftale"), ("template", "data_processing"),
            ("party", council_id.as_str()), ("parties", social_id.as_str())]).await;
        assert_eq!(planted.status, 422);
        assert!(planted.body.contains("id=\"template-error\""), "{}", planted.body);
        let pending = karen.get(&register).await.body;
        assert!(pending.contains("Venter på, at begge parter godkender"), "{pending}");
    }
}
