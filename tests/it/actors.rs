//! Organisations and their members.

use crate::on_both_engines;
use medspil::platform::db;

on_both_engines! {
    async fn an_organisation_is_registered_and_its_members_managed_with_confirmation(app) {
        let chair = app.browser();
        chair.register("Formand", "formand@example.org").await;
        let created = chair
            .submit("/organisations/new", "/organisations", &[("kind", "association"), ("name", "Strikkeklubben Trøjborg"), ("about", "Vi strikker til nyfødte"), ("neighbourhood", "Trøjborg"), ("website", "")])
            .await;
        assert_eq!(created.status, 303, "{}", created.body);
        let org = created.location.unwrap();

        let member = app.browser();
        let member_path = member.register("Medlem", "medlem@example.org").await.location.unwrap();
        let member_id = member_path.trim_start_matches("/actors/");
        let added = chair.submit(&org, &format!("{org}/members"), &[("email", "MEDLEM@example.org"), ("role", "member")]).await;
        assert_eq!(added.status, 303);
        assert!(chair.get(&org).await.body.contains("Medlem</a> – Medlem"));
        let unknown = chair.submit(&org, &format!("{org}/members"), &[("email", "ingen@example.org"), ("role", "member")]).await;
        assert_eq!(unknown.status, 422);
        assert!(unknown.body.contains("Ingen konto har den e-mailadresse") && unknown.body.contains("value=\"ingen@example.org\""));

        // A plain member may neither add nor remove members.
        assert_eq!(member.submit(&org, &format!("{org}/members"), &[("email", "formand@example.org"), ("role", "member")]).await.status, 403);

        let remove = format!("{org}/members/{member_id}/remove");
        let confirm = chair.get(&remove).await;
        assert_eq!(confirm.status, 200);
        assert!(confirm.body.contains("Vil du fjerne Medlem fra Strikkeklubben Trøjborg?"));
        assert!(chair.get(&org).await.body.contains("Medlem</a> – Medlem"), "nothing removed before confirming");
        assert_eq!(chair.submit(&remove, &remove, &[]).await.status, 303);
        assert!(!chair.get(&org).await.body.contains("Medlem</a> – Medlem"));

        let chair_id: i64 = db::query_scalar("SELECT person_id FROM users WHERE email = 'formand@example.org'").fetch_one(app.db.pool()).await.unwrap();
        let remove_chair = format!("{org}/members/{chair_id}/remove");
        let last = chair.submit(&remove_chair, &remove_chair, &[]).await;
        assert_eq!(last.status, 409, "the last administrator stays");
        assert!(last.body.contains("mindst én administrator"));
        let demoted = chair.submit(&org, &format!("{org}/members"), &[("email", "formand@example.org"), ("role", "member")]).await;
        assert_eq!(demoted.status, 409, "nor can the last administrator be made a plain member");
        assert!(chair.get(&org).await.body.contains("Formand</a> – Administrator"));
    }
}

on_both_engines! {
    /// No two organisations share a name, so nobody founds or renames an association to pass
    /// it off as a municipal unit; the units are marked as the municipality's.
    async fn organisation_names_are_unique_and_municipal_units_keep_theirs(app) {
        let citizen = app.browser();
        citizen.register("Borger", "borger@example.org").await;
        let fake = [("kind", "association"), ("name", "  teknik OG  miljø "), ("about", ""), ("neighbourhood", ""), ("website", "")];
        let refused = citizen.submit("/organisations/new", "/organisations", &fake).await;
        assert_eq!(refused.status, 422, "{}", refused.body);
        assert!(refused.body.contains("findes allerede en organisation med det navn") && refused.body.contains("id=\"name-error\""));

        let own = [("kind", "association"), ("name", "Grundejerforeningen Vest"), ("about", ""), ("neighbourhood", ""), ("website", "")];
        let org = citizen.submit("/organisations/new", "/organisations", &own).await.location.unwrap();
        let rename = [("name", "Teknik og Miljø"), ("about", ""), ("neighbourhood", ""), ("website", "")];
        let renamed = citizen.submit(&format!("{org}/edit"), &format!("{org}/edit"), &rename).await;
        assert_eq!(renamed.status, 422);
        assert!(renamed.body.contains("findes allerede en organisation med det navn"));
        assert!(citizen.get(&org).await.body.contains("Grundejerforeningen Vest"));

        let unit: i64 = db::query_scalar("SELECT id FROM actors WHERE name = 'Teknik og Miljø'").fetch_one(app.db.pool()).await.unwrap();
        assert!(citizen.get(&format!("/actors/{unit}")).await.body.contains("Kommunal enhed"));
    }
}
