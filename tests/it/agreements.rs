//! Agreements: the seed's three-party co-creation contract between a voluntary social
//! association and two departments (MSB and MSO), drafted together, accepted by a person
//! authorised for each party, amended when the goals change, with both versions readable.

use crate::on_both_engines;
use crate::support::{Browser, id_of, logged_in};

const PASSWORD: &str = "medspil-demo";

/// The sections as the edit form sends them, with this purpose.
fn terms(purpose: &str) -> Vec<(&'static str, String)> {
    vec![
        ("purpose", purpose.to_string()),
        ("contributions", "Foreningen leder de frivillige. MSB giver kontakt til borgerne og medarbejdertid. MSO giver lokaler.".into()),
        ("ownership", "Fællesskabet ejes af foreningen.".into()),
        ("commitment", "non_binding".into()),
        ("data_roles", "Foreningen er dataansvarlig for deltagerlisten; kommunen behandler ingen persondata.".into()),
        ("duration", "1. januar til 31. december. Udtræden med en måneds varsel.".into()),
        ("evaluation", "To gange om året, med deltagerne.".into()),
    ]
}

async fn accept(b: &Browser, path: &str, version: &str, party: i64) -> crate::support::Page {
    let party = party.to_string();
    b.submit(
        path,
        &format!("{path}/accept"),
        &[("version", version), ("party", party.as_str())],
    )
    .await
}

on_both_engines! {
    async fn the_three_party_contract_is_drafted_amended_and_accepted(app) {
        let initiative = id_of(&app, "SELECT id FROM initiatives WHERE title LIKE 'Samskabelseskontrakt%'").await;
        let social = id_of(&app, "SELECT id FROM actors WHERE name = 'Social Frivilligforening Aarhus'").await;
        let msb = id_of(&app, "SELECT id FROM actors WHERE name = 'Sociale Forhold og Beskæftigelse'").await;
        let mso = id_of(&app, "SELECT id FROM actors WHERE name = 'Sundhed og Omsorg'").await;
        let lene = logged_in(&app, "lene@aarhus.dk").await;
        let new = format!("/agreements/new?initiative={initiative}");
        let form = lene.get(&new).await.body;
        assert!(form.contains("Social Frivilligforening Aarhus") && form.contains("Sociale Forhold og Beskæftigelse"), "{form}");
        let (i, m, so, sb) = (initiative.to_string(), mso.to_string(), social.to_string(), msb.to_string());
        let alone = lene.submit(&new, "/agreements", &[("initiative", &i), ("title", "Samskabelseskontrakt"), ("template", "co_creation"), ("party", &m)]).await;
        assert_eq!(alone.status, 422);
        assert!(alone.body.contains("mindst to og højst 20 parter"));
        let made = lene.submit(&new, "/agreements", &[("initiative", &i), ("title", "Samskabelseskontrakt"), ("template", "co_creation"), ("party", &m), ("parties", &so), ("parties", &sb)]).await;
        assert_eq!(made.status, 303, "{}", made.body);
        let edit = made.location.unwrap();
        let path = edit.trim_end_matches("/edit").to_string();

        // Drafting: a binding partnership must state its terms; every text is a new version.
        let mut binding = terms("Mindre ensomhed for yngre med handicap.");
        binding[3].1 = "binding".into();
        binding.push(("version", "1".into()));
        let pairs: Vec<(&str, &str)> = binding.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let refused = lene.submit(&edit, &edit, &pairs).await;
        assert_eq!(refused.status, 422);
        assert!(refused.body.contains("id=\"binding_terms-error\""));
        let mut first = terms("Mindre ensomhed for yngre med handicap.");
        first.push(("version", "1".into()));
        let pairs: Vec<(&str, &str)> = first.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(lene.submit(&edit, &edit, &pairs).await.status, 303);
        assert!(lene.get(&path).await.body.contains("Udkast"));
        assert_eq!(app.browser().get(&path).await.status, 404, "a draft is the parties' own");

        // Each party accepts through a person authorised for it; a plain member cannot.
        let liselotte = logged_in(&app, "liselotte@example.dk").await;
        assert_eq!(liselotte.get(&path).await.status, 404, "a member is not a party");
        let as_member = liselotte.submit("/", &format!("{path}/accept"), &[("version", "2"), ("party", so.as_str())]).await;
        assert_eq!(as_member.status, 403);
        let hanne = logged_in(&app, "formand@socialfrivillig.dk").await;
        assert_eq!(accept(&hanne, &path, "2", msb).await.status, 403, "only for her own party");
        assert_eq!(accept(&hanne, &path, "1", social).await.status, 409, "the template's text was replaced");
        assert_eq!(accept(&hanne, &path, "2", social).await.status, 303);
        let brian = logged_in(&app, "brian@aarhus.dk").await;
        assert_eq!(accept(&brian, &path, "2", msb).await.status, 303);
        assert!(lene.get(&path).await.body.contains("Udkast"), "not in force until every party accepts");
        assert_eq!(accept(&lene, &path, "2", mso).await.status, 303);
        assert!(app.browser().get(&path).await.body.contains("Gældende: udgave 2 er godkendt af alle parter."));

        // Hanne comments on a section.
        assert_eq!(hanne.submit(&path, &format!("{path}/comments"), &[("section", "ownership"), ("comment", "Skal fællesskabet også eje materialerne?")]).await.status, 303);
        assert!(app.browser().get(&path).await.body.contains("Skal fællesskabet også eje materialerne?"));

        // In spring the goals change: the amendment is a new version, to be accepted again.
        let stale_accept_page = hanne.get(&path).await;
        let mut second = terms("Mindre ensomhed og flere venskaber, også uden for foreningen.");
        second.push(("version", "2".into()));
        second.push(("change_note", "Målene er ændret i foråret".into()));
        let pairs: Vec<(&str, &str)> = second.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(lene.submit(&edit, &edit, &pairs).await.status, 303);
        let page = app.browser().get(&path).await.body;
        assert!(page.contains("Udgave 2 gælder. Ændringen i udgave 3 venter"), "{page}");
        let stale = hanne.post(&format!("{path}/accept"), &[("csrf", stale_accept_page.csrf().as_str()), ("version", "2"), ("party", so.as_str())]).await;
        assert_eq!(stale.status, 409, "accepting what one read, not a newer text");
        for (who, party) in [(&hanne, social), (&brian, msb), (&lene, mso)] {
            assert_eq!(accept(who, &path, "3", party).await.status, 303);
        }
        assert!(app.browser().get(&path).await.body.contains("Gældende: udgave 3"));

        // Both versions stay readable, with who accepted what and when.
        let v2 = app.browser().get(&format!("{path}/versions/2")).await.body;
        assert!(v2.contains("Mindre ensomhed for yngre med handicap.") && v2.contains("godkendt af Hanne"), "{v2}");
        let v3 = app.browser().get(&format!("{path}/versions/3")).await.body;
        assert!(v3.contains("flere venskaber") && v3.contains("Målene er ændret i foråret"), "{v3}");
    }
}

on_both_engines! {
    /// The same through the API: a version in force stays in force while an amendment waits.
    async fn agreements_through_the_api(app) {
        let c = reqwest::Client::new();
        let hanne = crate::support::api_token(&app, "formand@socialfrivillig.dk", PASSWORD).await;
        let brian = crate::support::api_token(&app, "brian@aarhus.dk", PASSWORD).await;
        let social = id_of(&app, "SELECT id FROM actors WHERE name = 'Social Frivilligforening Aarhus'").await;
        let msb = id_of(&app, "SELECT id FROM actors WHERE name = 'Sociale Forhold og Beskæftigelse'").await;
        let r = c.post(app.url("/api/v1/agreements")).bearer_auth(&hanne)
            .json(&serde_json::json!({"title": "Følgevenner", "template": "partnership", "party_id": social, "other_party_ids": [msb]}))
            .send().await.unwrap();
        assert_eq!(r.status(), 201);
        let a: serde_json::Value = r.json().await.unwrap();
        let id = a["id"].as_i64().unwrap();
        assert_eq!(a["current"]["terms"]["commitment"], "binding", "the template's starting text");
        assert!(a["in_force_version"].is_null());
        let mut terms = a["current"]["terms"].clone();
        terms["purpose"] = "Følgevenner til læge og fritid.".into();
        let r = c.put(app.url(&format!("/api/v1/agreements/{id}"))).bearer_auth(&hanne).json(&serde_json::json!({"version": 1, "terms": terms})).send().await.unwrap();
        assert_eq!(r.status(), 200);
        for (token, party) in [(&hanne, social), (&brian, msb)] {
            let r = c.post(app.url(&format!("/api/v1/agreements/{id}/acceptances"))).bearer_auth(token).json(&serde_json::json!({"version": 2, "party_id": party})).send().await.unwrap();
            assert_eq!(r.status(), 200);
        }
        terms["purpose"] = "Følgevenner til læge, fritid og arbejde.".into();
        let r = c.put(app.url(&format!("/api/v1/agreements/{id}"))).bearer_auth(&brian).json(&serde_json::json!({"version": 2, "terms": terms, "change_note": "Arbejde med"})).send().await.unwrap();
        let a: serde_json::Value = r.json().await.unwrap();
        assert_eq!(a["current"]["number"], 3);
        assert_eq!(a["in_force_version"], 2);
        let v2: serde_json::Value = c.get(app.url(&format!("/api/v1/agreements/{id}/versions/2"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(v2["acceptances"].as_array().unwrap().len(), 2);
        assert_eq!(v2["terms"]["purpose"], "Følgevenner til læge og fritid.");
        let r = c.put(app.url(&format!("/api/v1/agreements/{id}"))).bearer_auth(&hanne).json(&serde_json::json!({"version": 2, "terms": terms})).send().await.unwrap();
        assert_eq!(r.status(), 409, "written from an outdated version");
    }
}
