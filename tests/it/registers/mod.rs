//! The association's register: the chair of Social Frivilligforening Aarhus keeps its volunteers
//! with a purpose for every field; the volunteer sees her own entry; nobody else — a plain
//! member, a municipal employee, the platform's administrator — reads it, until the chair grants
//! a named coordinator access for a purpose and a period, which ends by itself; every look, and
//! every refused attempt, is in the log the board and the person see.

use crate::on_both_engines;
use crate::support::{id_of, logged_in, value_of};

mod api;
mod rights;
mod work;

on_both_engines! {
    async fn only_the_board_and_a_granted_coordinator_read_the_register_and_every_look_is_logged(app) {
        let social = id_of(&app, "SELECT id FROM actors WHERE name = 'Social Frivilligforening Aarhus'").await;
        let register = format!("/actors/{social}/register");
        let hanne = logged_in(&app, "formand@socialfrivillig.dk").await;
        let opened = hanne.get(&register).await;
        assert_eq!(opened.status, 200, "{}", opened.body);
        assert!(hanne.get(&format!("/actors/{social}")).await.body.contains(&format!("href=\"{register}\"")), "the chair finds the register from the association's page");

        // A field without a purpose is refused next to the field, as typed.
        let fields = format!("{register}/fields");
        let aimless = hanne.submit(&register, &fields, &[("kind", "own"), ("label", "Yndlingsfarve")]).await;
        assert_eq!(aimless.status, 422);
        assert!(aimless.body.contains("id=\"purpose-error\"") && aimless.body.contains("value=\"Yndlingsfarve\""), "{}", aimless.body);
        let purposes = format!("{register}/purposes");
        let no_basis = hanne.submit(&register, &purposes, &[("purpose_name", "Besøgsvenner"), ("retention_days", "365")]).await;
        assert_eq!(no_basis.status, 422);
        assert!(no_basis.body.contains("id=\"legal_basis-error\""), "{}", no_basis.body);
        let purpose = hanne.submit(&register, &purposes, &[("purpose_name", "Besøgsvenner"), ("legal_basis", "membership"), ("retention_days", "365")]).await;
        assert_eq!(purpose.status, 303, "{}", purpose.body);
        let purpose_id = id_of(&app, &format!("SELECT id FROM register_purposes WHERE association_id = {social} AND name = 'Besøgsvenner'")).await.to_string();
        // The demo's register keeps phone numbers already; a field is there once.
        let twice = hanne.submit(&register, &fields, &[("kind", "phone"), ("purpose", purpose_id.as_str())]).await;
        assert_eq!(twice.status, 422);
        assert!(twice.body.contains("id=\"kind-error\""), "{}", twice.body);
        let address = hanne.submit(&register, &fields, &[("kind", "address"), ("purpose", purpose_id.as_str())]).await;
        assert_eq!(address.status, 303, "{}", address.body);
        // Another association's purpose is not this one's to use.
        let elsewhere = hanne.submit(&register, &fields, &[("kind", "languages"), ("purpose", "999999")]).await;
        assert_eq!(elsewhere.status, 422);
        for activity in ["Besøgsven", "Telefonven"] {
            hanne.submit(&register, &format!("{register}/activities"), &[("activity_name", activity)]).await;
        }
        let field = id_of(&app, &format!("SELECT id FROM register_fields WHERE association_id = {social} AND kind = 'address'")).await;
        let activity = |name: &str| format!("SELECT id FROM register_activities WHERE association_id = {social} AND name = '{name}'");
        let (visits, escorts) = (id_of(&app, &activity("Besøgsven")).await.to_string(), id_of(&app, &activity("Telefonven")).await.to_string());

        // Liselotte is written in with her account's address, so the entry is hers to see.
        let people = format!("{register}/people");
        let field_name = format!("field-{field}");
        let written = hanne.submit(&people, &people, &[("name", "Liselotte Holm"), ("email", "liselotte@example.dk"),
            ("starts_on", "2025-03-01"), ("activities", visits.as_str()), ("activities", escorts.as_str()), (field_name.as_str(), "Jægergårdsgade 1"),
            ("certificate", "received"), ("certificate_valid_until", "2027-01-15")]).await;
        assert_eq!(written.status, 303, "{}", written.body);
        let entry = written.location.unwrap();
        let shown = hanne.get(&entry).await.body;
        assert!(shown.contains("Jægergårdsgade 1") && shown.contains("gemmes til: Besøgsvenner") && shown.contains("Besøgsven, Telefonven"), "{shown}");
        assert!(shown.contains("<dt>Adresse</dt>"), "a chosen field is named in the reader's language: {shown}");
        let list = hanne.get(&register).await.body;
        assert!(list.contains("Liselotte Holm") && list.contains("Skal fornyes"), "the certificate runs out within two months: {list}");

        // She sees her own entry without her look being logged; a plain member sees no one else's.
        let liselotte = logged_in(&app, "liselotte@example.dk").await;
        let own = liselotte.get(&entry).await;
        assert_eq!(own.status, 200);
        assert!(own.body.contains("Jægergårdsgade 1"));
        assert!(liselotte.get("/account/register").await.body.contains("Social Frivilligforening Aarhus"));
        assert_eq!(liselotte.get(&register).await.status, 403, "a member is not the board");

        // The municipality reads nothing: not an employee, not the platform's administrator, on
        // any page of the register.
        let brian = logged_in(&app, "brian@aarhus.dk").await;
        let admin = logged_in(&app, "admin@medspil.dk").await;
        for outsider in [&brian, &admin] {
            for path in [register.as_str(), entry.as_str(), people.as_str()] {
                assert_eq!(outsider.get(path).await.status, 403, "{path}");
            }
            for action in ["purposes", "fields", "activities", "grants", "people"] {
                let tried = outsider.submit("/", &format!("{register}/{action}"), &[("purpose_name", "x"), ("name", "x")]).await;
                assert_eq!(tried.status, 403, "{action}");
            }
        }
        assert!(!admin.get(&format!("/actors/{social}")).await.body.contains(&format!("href=\"{register}\"")));
        // Nor can the administrator make themselves board to get in.
        let actor = format!("/actors/{social}");
        let appointed = admin.submit(&actor, &format!("{actor}/members"), &[("email", "admin@medspil.dk"), ("role", "admin")]).await;
        assert_eq!(appointed.status, 403);
        assert_eq!(admin.get(&register).await.status, 403);
        // No register for what is not an association.
        let unit = id_of(&app, "SELECT id FROM actors WHERE name = 'Natur og Vej'").await;
        assert_eq!(hanne.get(&format!("/actors/{unit}/register")).await.status, 404);

        // A grant names a person with an account, a purpose and an end within a season.
        let grants = format!("{register}/grants");
        let vague = hanne.submit(&register, &grants, &[("email", "brian@aarhus.dk"), ("grant_purpose", " "), ("until", "2099-01-01")]).await;
        assert_eq!(vague.status, 422);
        assert!(vague.body.contains("id=\"grant_purpose-error\"") && vague.body.contains("id=\"until-error\""), "{}", vague.body);
        let until = (medspil::platform::time::today() + jiff::Span::new().days(30)).to_string();
        let nobody = hanne.submit(&register, &grants, &[("email", "nobody@example.dk"), ("grant_purpose", "Matche besøgsvenner"), ("until", until.as_str())]).await;
        assert_eq!(nobody.status, 409);
        assert!(nobody.body.contains("id=\"email-error\""), "{}", nobody.body);
        let granted = hanne.submit(&register, &grants, &[("email", "brian@aarhus.dk"), ("grant_purpose", "Matche besøgsvenner med borgere i centret"), ("until", until.as_str())]).await;
        assert_eq!(granted.status, 303, "{}", granted.body);

        // Brian reads, under the grant, and only reads.
        let read = brian.get(&register).await;
        assert_eq!(read.status, 200);
        assert!(read.body.contains("Liselotte Holm") && read.body.contains("har givet dig adgang"), "{}", read.body);
        assert!(!read.body.contains(&format!("action=\"{grants}\"")), "a grantee gets none of the board's tools");
        let granted_entry = brian.get(&entry).await;
        assert_eq!(granted_entry.status, 200);
        assert!(!granted_entry.body.contains("Hvem har set oplysningerne"), "a grantee reads the entry, not who else did");
        assert_eq!(brian.submit(&register, &purposes, &[("purpose_name", "x"), ("legal_basis", "consent"), ("retention_days", "1")]).await.status, 403);

        // The board may end a grant before its day: a button on the register.
        let grant_id: i64 = value_of(&app, "SELECT MAX(id) FROM register_grants").await;
        let end = format!("{grants}/{grant_id}/end");
        assert!(hanne.get(&register).await.body.contains(&format!("action=\"{end}\"")));
        assert_eq!(brian.submit(&register, &end, &[]).await.status, 403, "not the grantee");
        let ended = hanne.submit(&register, &end, &[]).await;
        assert_eq!(ended.location.as_deref(), Some(format!("{register}#grants").as_str()));
        assert_eq!(brian.get(&register).await.status, 403);
        assert!(!hanne.get(&register).await.body.contains(&format!("action=\"{end}\"")), "an ended grant has no button");
        let granted = hanne.submit(&register, &grants, &[("email", "brian@aarhus.dk"), ("grant_purpose", "Matche besøgsvenner med borgere i centret"), ("until", until.as_str())]).await;
        assert_eq!(granted.status, 303, "{}", granted.body);
        assert_eq!(brian.get(&register).await.status, 200, "granted again");

        // The grant ends by itself.
        medspil::platform::db::query("UPDATE register_grants SET starts_at = starts_at - 100, ends_at = starts_at - 50")
            .execute(app.db.pool()).await.unwrap();
        assert_eq!(brian.get(&register).await.status, 403);

        // The board sees every look and every refused attempt; Liselotte sees the looks at her.
        let log = hanne.get(&register).await.body;
        let looks_of = |who: &str| log.matches(&format!("<td>{who}")).count();
        assert!(looks_of("Brian Kristensen (med adgang fra foreningen)") >= 2, "{log}");
        assert!(log.contains("Platformadministrator</td><td>Forsøgte at se registret og blev afvist"), "{log}");
        let hers = liselotte.get("/account/register").await.body;
        assert!(hers.contains("Brian Kristensen (med adgang fra foreningen)") && hers.contains("Så personens oplysninger"), "{hers}");
        assert!(hers.contains("Så listen over personer"), "a look at the list showed her too: {hers}");
        let own_looks: i64 = value_of(&app, "SELECT COUNT(*) FROM register_access_log WHERE name = 'Liselotte'").await;
        let refused: i64 = value_of(&app, "SELECT COUNT(*) FROM register_access_log WHERE name = 'Liselotte' AND reason = 'refused'").await;
        assert_eq!(own_looks, refused, "her looks at her own entry are not logged, only her refused look at the list");
    }
}

on_both_engines! {
    async fn what_a_register_keeps_goes_by_itself_when_each_purposes_period_has_passed(app) {
        use medspil::privacy::retention::{Policy, sweep};
        let policy = Policy { erase_inactive_after_days: 0, tip_reporter_days: 90, workshop_email_days: 365 };
        let social = id_of(&app, "SELECT id FROM actors WHERE name = 'Social Frivilligforening Aarhus'").await;
        let hanne = logged_in(&app, "formand@socialfrivillig.dk").await;
        // Bent, in the demo's register, has his phone kept for coordinating (365 days after he
        // stops); the certificate purpose keeps data 730 days, the newsletter none.
        let bent = id_of(&app, "SELECT id FROM register_entries WHERE name = 'Bent Mikkelsen'").await;
        medspil::platform::db::query("UPDATE register_entries SET starts_on = '2020-01-01' WHERE id = $1")
            .bind(bent).execute(app.db.pool()).await.unwrap();
        let page = format!("/register/{bent}");
        let end = format!("{page}/end");
        let before_start = hanne.submit(&page, &end, &[("ends_on", "2019-12-31")]).await;
        assert_eq!(before_start.status, 422);
        assert!(before_start.body.contains("id=\"ends_on-error\"") && before_start.body.contains("value=\"2019-12-31\""), "{}", before_start.body);
        let phone: String = value_of(&app, &format!("SELECT value FROM register_values WHERE entry_id = {bent}")).await;
        assert!(hanne.get(&page).await.body.contains(&phone));

        let days_ago = |n: i64| (medspil::platform::time::today() - jiff::Span::new().days(n)).to_string();
        let stopped = hanne.submit(&page, &end, &[("ends_on", days_ago(400).as_str())]).await;
        assert_eq!(stopped.status, 303, "{}", stopped.body);
        let swept = sweep(&app.db, policy).await.unwrap().registers;
        assert_eq!((swept.values, swept.entries), (1, 0), "the phone goes, the person stays");
        assert!(!hanne.get(&page).await.body.contains(&phone));
        let register = hanne.get(&format!("/actors/{social}/register")).await.body;
        assert!(register.contains("Oplysningerne til formålet “Koordinere de frivilliges aktiviteter” blev slettet"), "{register}");
        assert_eq!(sweep(&app.db, policy).await.unwrap().registers.values, 0, "nothing goes twice");

        // When every purpose's period has passed, the person is made anonymous.
        hanne.submit(&page, &end, &[("ends_on", days_ago(800).as_str())]).await;
        assert_eq!(sweep(&app.db, policy).await.unwrap().registers.entries, 1);
        let name: String = value_of(&app, &format!("SELECT name FROM register_entries WHERE id = {bent}")).await;
        assert_eq!(name, "");
        let register = hanne.get(&format!("/actors/{social}/register")).await.body;
        assert!(!register.contains("Bent Mikkelsen") && register.contains("Anonymiseret person") && register.contains("Personen blev anonymiseret"), "{register}");
        let recorded: i64 = value_of(&app, &format!("SELECT COUNT(*) FROM register_erasures WHERE entry_id = {bent}")).await;
        assert_eq!(recorded, 2, "one record for the purpose, one for the person, and none of what they held");
        // Nothing of an anonymous person is changed any more, and the board is told why.
        let edit = format!("{page}/edit");
        assert!(!hanne.get(&page).await.body.contains(&format!("href=\"{edit}\"")));
        let refused = hanne.get(&edit).await;
        assert_eq!(refused.status, 409);
        assert!(refused.body.contains("Personen er anonymiseret"), "{}", refused.body);
        assert_eq!(hanne.submit(&page, &edit, &[("name", "Bent Mikkelsen"), ("starts_on", "2020-01-01")]).await.status, 409);
        assert_eq!(hanne.submit(&page, &end, &[("ends_on", days_ago(1).as_str())]).await.status, 409);
        let name: String = value_of(&app, &format!("SELECT name FROM register_entries WHERE id = {bent}")).await;
        assert_eq!(name, "");
    }
}

on_both_engines! {
    async fn a_consent_is_given_to_a_versioned_text_and_withdrawn_by_its_link_at_once(app) {
        let social = id_of(&app, "SELECT id FROM actors WHERE name = 'Social Frivilligforening Aarhus'").await;
        let register = format!("/actors/{social}/register");
        let hanne = logged_in(&app, "formand@socialfrivillig.dk").await;
        // A purpose by consent says what is consented to.
        let purposes = format!("{register}/purposes");
        let wordless = hanne.submit(&register, &purposes, &[("purpose_name", "Fotos på hjemmesiden"), ("legal_basis", "consent"), ("retention_days", "30")]).await;
        assert_eq!(wordless.status, 422);
        assert!(wordless.body.contains("id=\"consent_text-error\""), "{}", wordless.body);
        let newsletter = id_of(&app, "SELECT id FROM register_purposes WHERE name = 'Nyhedsbrev til frivillige'").await.to_string();
        let coordination = id_of(&app, "SELECT id FROM register_purposes WHERE name = 'Koordinere de frivilliges aktiviteter'").await.to_string();
        let fields = format!("{register}/fields");
        hanne.submit(&register, &fields, &[("kind", "own"), ("label", "Adresse til nyhedsbrevet"), ("purpose", newsletter.as_str())]).await;
        hanne.submit(&register, &fields, &[("kind", "birth_year"), ("purpose", coordination.as_str())]).await;
        let field = |kind: &str| format!("SELECT id FROM register_fields WHERE association_id = {social} AND kind = '{kind}'");
        let (address, born) = (id_of(&app, &field("own")).await, id_of(&app, &field("birth_year")).await);
        let people = format!("{register}/people");
        let (address_field, born_field) = (format!("field-{address}"), format!("field-{born}"));
        let written = hanne.submit(&people, &people, &[("name", "Ida Skov"), ("starts_on", "2026-09-01"),
            (address_field.as_str(), "ida@example.dk"), (born_field.as_str(), "2014")]).await;
        assert_eq!(written.status, 303, "{}", written.body);
        let entry = written.location.unwrap();

        // Ida is twelve: her mother consents for her.
        let consents = format!("{entry}/consents");
        let herself = hanne.submit(&entry, &consents, &[("consent_purpose", newsletter.as_str()), ("given_by", "Ida Skov"), ("how", "paper")]).await;
        assert_eq!(herself.status, 422);
        assert!(herself.body.contains("id=\"by_guardian-error\"") && herself.body.contains("value=\"Ida Skov\""), "{}", herself.body);
        let given = hanne.submit(&entry, &consents, &[("consent_purpose", newsletter.as_str()), ("given_by", "Mor: Hanne Skov"), ("by_guardian", "1"), ("how", "paper")]).await;
        assert_eq!(given.status, 201, "{}", given.body);
        let at = given.body.find("/consent/withdraw/").expect("the withdrawal link is shown");
        let link = given.body[at..at + "/consent/withdraw/".len() + 64].to_string();
        assert!(given.body.contains("tekst version 1") && given.body.contains("forælder eller værge"), "{}", given.body);

        // Changing the text asks again; outsiders do neither.
        let text = format!("/register/purposes/{newsletter}");
        let brian = logged_in(&app, "brian@aarhus.dk").await;
        assert_eq!(brian.get(&text).await.status, 403);
        assert_eq!(brian.submit("/", &consents, &[("consent_purpose", newsletter.as_str())]).await.status, 403);
        let empty = hanne.submit(&text, &text, &[("consent_text", " ")]).await;
        assert_eq!(empty.status, 422);
        let changed = hanne.submit(&text, &text, &[("consent_text", "Jeg vil gerne have nyhedsbrevet og invitationer til arrangementer.")]).await;
        assert_eq!(changed.status, 303, "{}", changed.body);
        assert!(hanne.get(&entry).await.body.contains("Teksten er ændret – skal gives igen"));
        // Given again to the new text: withdrawing the old consent keeps what the new one covers.
        let again_given = hanne.submit(&entry, &consents, &[("consent_purpose", newsletter.as_str()), ("given_by", "Mor: Hanne Skov"), ("by_guardian", "1"), ("how", "email")]).await;
        assert_eq!(again_given.status, 201, "{}", again_given.body);
        let at = again_given.body.find("/consent/withdraw/").expect("the new link is shown");
        let second_link = again_given.body[at..at + "/consent/withdraw/".len() + 64].to_string();

        // The link needs no login, shows the text consented to, and withdraws at once: what was
        // kept for the purpose goes with it. Used twice, it says so.
        let anyone = app.browser();
        let shown = anyone.get(&link).await;
        assert_eq!(shown.status, 200);
        assert!(shown.body.contains("cirka én gang om måneden"), "version 1's text: {}", shown.body);
        let withdrawn = anyone.submit(&link, &link, &[]).await;
        assert_eq!(withdrawn.status, 200, "{}", withdrawn.body);
        let kept_sql = format!("SELECT COUNT(*) FROM register_values WHERE field_id = {address}");
        let kept = || value_of::<i64>(&app, &kept_sql);
        assert_eq!(kept().await, 1, "the consent to the current text still covers the address");
        let withdrawn = anyone.submit(&second_link, &second_link, &[]).await;
        assert_eq!(withdrawn.status, 200, "{}", withdrawn.body);
        assert_eq!(kept().await, 0, "the newsletter address went with the last consent");
        let born_kept: i64 = value_of(&app, &format!("SELECT COUNT(*) FROM register_values WHERE field_id = {born}")).await;
        assert_eq!(born_kept, 1, "what other purposes keep stays");
        let again = anyone.get(&link).await;
        assert_eq!(again.status, 409);
        assert!(again.body.contains("allerede trukket tilbage"), "{}", again.body);
        assert!(hanne.get(&entry).await.body.contains("trukket tilbage"));
        assert_eq!(anyone.get(&format!("/consent/withdraw/{}", "0".repeat(64))).await.status, 404);
    }
}

on_both_engines! {
    async fn the_board_records_a_withdrawal_the_person_tells_it_and_the_person_withdraws_on_their_own_entry(app) {
        let consent_of = |name: &str| format!("SELECT c.id FROM register_consents c JOIN register_entries e ON e.id = c.entry_id \
            WHERE e.name = '{name}' AND c.withdrawn_at IS NULL");
        let (aase, liselotte) = (id_of(&app, &consent_of("Aase Holm")).await, id_of(&app, &consent_of("Liselotte")).await);
        let aase_entry = id_of(&app, "SELECT id FROM register_entries WHERE name = 'Aase Holm'").await;
        let social = id_of(&app, "SELECT id FROM actors WHERE name = 'Social Frivilligforening Aarhus'").await;
        // Something kept for the newsletter, which goes with the consent.
        let newsletter = id_of(&app, "SELECT id FROM register_purposes WHERE name = 'Nyhedsbrev til frivillige'").await.to_string();
        let hanne = logged_in(&app, "formand@socialfrivillig.dk").await;
        let register = format!("/actors/{social}/register");
        hanne.submit(&register, &format!("{register}/fields"), &[("kind", "own"), ("label", "Adresse til nyhedsbrevet"), ("purpose", newsletter.as_str())]).await;
        let field = id_of(&app, &format!("SELECT id FROM register_fields WHERE association_id = {social} AND kind = 'own'")).await;
        medspil::platform::db::query("INSERT INTO register_values (entry_id, field_id, value) VALUES ($1, $2, 'aase@example.dk')")
            .bind(aase_entry).bind(field).execute(app.db.pool()).await.unwrap();

        // Aase tells the chair at a meeting; the chair finds the button on her entry.
        let entry = format!("/register/{aase_entry}");
        let withdraw = format!("/register/consents/{aase}/withdraw");
        assert!(hanne.get(&entry).await.body.contains(&format!("href=\"{withdraw}\"")));
        let asked = hanne.get(&withdraw).await;
        assert_eq!(asked.status, 200);
        assert!(asked.body.contains("cirka én gang om måneden") && asked.body.contains("Aase Holm gav samtykke"), "{}", asked.body);
        let how_missing = hanne.submit(&withdraw, &withdraw, &[]).await;
        assert_eq!(how_missing.status, 422);
        assert!(how_missing.body.contains("id=\"withdrawn_how-error\""), "{}", how_missing.body);
        // Someone reading under a grant does not withdraw, and the try is logged.
        let until = (medspil::platform::time::today() + jiff::Span::new().days(30)).to_string();
        hanne.submit(&register, &format!("{register}/grants"), &[("email", "brian@aarhus.dk"), ("grant_purpose", "Matche besøgsvenner"), ("until", until.as_str())]).await;
        let brian = logged_in(&app, "brian@aarhus.dk").await;
        assert_eq!(brian.get(&entry).await.status, 200, "brian reads under the grant");
        assert_eq!(brian.get(&withdraw).await.status, 403);
        assert_eq!(brian.submit(&entry, &withdraw, &[("withdrawn_how", "in_person")]).await.status, 403);
        let done = hanne.submit(&withdraw, &withdraw, &[("withdrawn_how", "in_person")]).await;
        assert_eq!(done.location.as_deref(), Some(format!("{entry}#consents").as_str()), "{}", done.body);
        let (by, how): (i64, String) = medspil::platform::db::query_as("SELECT withdrawn_by, withdrawn_how FROM register_consents WHERE id = $1")
            .bind(aase).fetch_one(app.db.pool()).await.unwrap();
        let hanne_id = id_of(&app, "SELECT id FROM users WHERE email = 'formand@socialfrivillig.dk'").await;
        assert_eq!((by, how.as_str()), (hanne_id, "in_person"), "who recorded it and how, for the proof");
        let kept: i64 = value_of(&app, &format!("SELECT COUNT(*) FROM register_values WHERE field_id = {field}")).await;
        assert_eq!(kept, 0, "what the newsletter kept went at once");
        let shown = hanne.get(&entry).await.body;
        assert!(shown.contains("registreret af bestyrelsen: Mundtligt, ved et møde") && !shown.contains(&format!("href=\"{withdraw}\"")), "{shown}");
        let twice = hanne.submit(&entry, &withdraw, &[("withdrawn_how", "in_person")]).await;
        assert_eq!(twice.status, 409);
        assert!(twice.body.contains("allerede trukket tilbage"), "{}", twice.body);

        // Liselotte withdraws her own on her entry, without being asked how.
        let lis = logged_in(&app, "liselotte@example.dk").await;
        let hers = format!("/register/consents/{liselotte}/withdraw");
        let own_entry = id_of(&app, "SELECT id FROM register_entries WHERE email = 'liselotte@example.dk'").await;
        assert!(lis.get(&format!("/register/{own_entry}")).await.body.contains(&format!("href=\"{hers}\"")));
        let page = lis.get(&hers).await.body;
        assert!(page.contains("Du gav Social Frivilligforening Aarhus samtykke") && !page.contains("withdrawn_how"), "{page}");
        assert_eq!(lis.get(&withdraw).await.status, 403, "not someone else's");
        let own = lis.submit(&hers, &hers, &[("withdrawn_how", "paper")]).await;
        assert_eq!(own.status, 303, "{}", own.body);
        let how: Option<String> = value_of(&app, &format!("SELECT withdrawn_how FROM register_consents WHERE id = {liselotte}")).await;
        assert_eq!(how, None, "she withdrew it herself");
        assert!(hanne.get(&format!("/register/{own_entry}")).await.body.contains("af personen selv på Medspil"));
    }
}

on_both_engines! {
    async fn every_register_route_refuses_whoever_is_not_the_board_and_changes_nothing(app) {
        let social = id_of(&app, "SELECT id FROM actors WHERE name = 'Social Frivilligforening Aarhus'").await;
        let entry = id_of(&app, "SELECT id FROM register_entries WHERE email = 'liselotte@example.dk'").await;
        let purpose = id_of(&app, "SELECT id FROM register_purposes WHERE name = 'Nyhedsbrev til frivillige'").await;
        let request = id_of(&app, &format!("SELECT id FROM register_requests WHERE entry_id = {entry}")).await;
        let activity = id_of(&app, &format!("SELECT id FROM register_activities WHERE association_id = {social} AND name = 'Besøgsven'")).await;
        let consent = id_of(&app, "SELECT c.id FROM register_consents c JOIN register_entries e ON e.id = c.entry_id \
            WHERE e.name = 'Aase Holm'").await;
        let register = format!("/actors/{social}/register");
        let pages = [
            register.clone(),
            format!("{register}/people"),
            format!("{register}/delete"),
            format!("{register}/list?list_activity={activity}&list_purpose={purpose}"),
            format!("/register/{entry}"),
            format!("/register/{entry}/edit"),
            format!("/register/purposes/{purpose}"),
            format!("/register/requests/{request}"),
            format!("/register/consents/{consent}/withdraw"),
        ];
        let grant = id_of(&app, &format!("SELECT id FROM register_grants WHERE association_id = {social}")).await;
        let end_grant = format!("grants/{grant}/end");
        let actions = ["purposes", "fields", "activities", "grants", "people", "mailings", "processing", "delete", end_grant.as_str()];
        let forms = actions
            .iter()
            .map(|action| format!("{register}/{action}"))
            .chain([
                format!("/register/{entry}/end"),
                format!("/register/{entry}/consents"),
                format!("/register/{entry}/edit"),
                format!("/register/purposes/{purpose}"),
                format!("/register/requests/{request}"),
                format!("/register/consents/{consent}/withdraw"),
            ]);
        let fields = [("purpose_name", "x"), ("legal_basis", "consent"), ("retention_days", "1"), ("name", "x"),
            ("starts_on", "2026-01-01"), ("ends_on", "2026-02-01"), ("consent_text", "x"), ("outcome", "done"),
            ("mail_purpose", "1"), ("subject", "x"), ("body", "x"), ("confirm", "1"), ("email", "brian@aarhus.dk"),
            ("grant_purpose", "x"), ("until", "2027-01-01"), ("withdrawn_how", "paper")];
        let before: i64 = value_of(&app, "SELECT (SELECT COUNT(*) FROM register_entries) + (SELECT COUNT(*) FROM register_grants) \
            + (SELECT COUNT(*) FROM register_purposes) + (SELECT COUNT(*) FROM register_mailings) + (SELECT COUNT(*) FROM agreements) \
            + (SELECT COUNT(*) FROM register_requests WHERE answered_at IS NOT NULL) \
            + (SELECT COUNT(*) FROM register_consents WHERE withdrawn_at IS NOT NULL) \
            + (SELECT MAX(ends_at) FROM register_grants)").await;
        // A municipal employee, the platform's administrator, a citizen and the chair of another
        // association.
        let forms: Vec<String> = forms.collect();
        for who in ["brian@aarhus.dk", "admin@medspil.dk", "jeppe@example.dk", "formand@frederiksbjerg-faellesraad.dk"] {
            let outsider = logged_in(&app, who).await;
            for path in &pages {
                assert_eq!(outsider.get(path).await.status, 403, "{who} GET {path}");
            }
            for path in &forms {
                assert_eq!(outsider.submit("/", path, &fields).await.status, 403, "{who} POST {path}");
            }
        }
        // Nor does the board ask in a member's name: only the person does.
        let hanne = logged_in(&app, "formand@socialfrivillig.dk").await;
        let ask = format!("/register/{entry}/request");
        assert_eq!(hanne.get(&ask).await.status, 403);
        assert_eq!(hanne.submit("/", &ask, &[("kind", "erase")]).await.status, 403);
        let after: i64 = value_of(&app, "SELECT (SELECT COUNT(*) FROM register_entries) + (SELECT COUNT(*) FROM register_grants) \
            + (SELECT COUNT(*) FROM register_purposes) + (SELECT COUNT(*) FROM register_mailings) + (SELECT COUNT(*) FROM agreements) \
            + (SELECT COUNT(*) FROM register_requests WHERE answered_at IS NOT NULL) \
            + (SELECT COUNT(*) FROM register_consents WHERE withdrawn_at IS NOT NULL) \
            + (SELECT MAX(ends_at) FROM register_grants)").await;
        assert_eq!(before, after, "nothing changed");
        let refused: i64 = value_of(&app, &format!("SELECT COUNT(*) FROM register_access_log WHERE association_id = {social} \
            AND reason = 'refused' AND name = 'Platformadministrator'")).await;
        assert!(refused >= 10, "each refused attempt is in the board's log: {refused}");
    }
}
