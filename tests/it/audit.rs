//! The audit log: administrative acts are kept with who, when, what and why; nobody can edit
//! an entry, and an entry altered behind the database's back breaks the chain where it was.

use crate::on_both_engines;
use crate::support::{TestApp, logged_in};
use medspil::platform::db;
use medspil::platform::db::Engine;

async fn entries(app: &TestApp) -> i64 {
    db::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(app.db.pool())
        .await
        .unwrap()
}

on_both_engines! {
    async fn administrative_acts_are_kept_in_a_chain_that_shows_tampering(app) {
        let admin = logged_in(&app, "admin@medspil.dk").await;
        let jeppe = logged_in(&app, "jeppe@example.dk").await;
        for path in ["/admin/audit", "/admin/roles", "/admin/audit.csv"] {
            assert_eq!(jeppe.get(path).await.status, 403, "{path} is for administrators");
        }
        let before = entries(&app).await;

        let no_reason = admin.submit("/admin/roles", "/admin/roles", &[("email", "brian@aarhus.dk"), ("role", "moderator"), ("reason", "")]).await;
        assert_eq!(no_reason.status, 422);
        assert!(no_reason.body.contains("id=\"reason-error\"") && no_reason.body.contains("value=\"brian@aarhus.dk\""));
        let nobody = admin.submit("/admin/roles", "/admin/roles", &[("email", "ingen@example.org"), ("role", "moderator"), ("reason", "Test")]).await;
        assert!(nobody.status == 422 && nobody.body.contains("Ingen konto har den e-mailadresse"));
        let given = admin.submit("/admin/roles", "/admin/roles", &[("email", "brian@aarhus.dk"), ("role", "moderator"), ("reason", "Modererer anmeldelser i Aarhus Vest")]).await;
        assert_eq!(given.location.as_deref(), Some("/admin/roles"));
        assert!(admin.get("/admin/roles").await.body.contains("brian@aarhus.dk</td><td>Moderator"));

        let issued = admin.submit("/admin/open311-keys", "/admin/open311-keys", &[("name", "BorgerTIP-appen")]).await;
        assert_eq!(issued.status, 200);
        assert_eq!(entries(&app).await, before + 2, "the role and the key are logged, the refusals not");

        let log = admin.get("/admin/audit").await;
        assert!(log.body.contains(&format!("Kæden holder: {} linjer", before + 2)), "{}", log.body);
        assert!(log.body.contains("Rolle ændret: citizen → moderator") && log.body.contains("Modererer anmeldelser i Aarhus Vest"));
        assert!(log.body.contains("Open311-nøgle udstedt: BorgerTIP-appen"));
        let csv = admin.get("/admin/audit.csv").await;
        assert!(csv.body.contains("role_changed") && csv.body.contains("prev_hash,hash"));

        let edit = db::query("UPDATE audit_log SET reason = 'Ingen grund' WHERE act = 'role_changed'")
            .execute(app.db.pool()).await;
        assert!(edit.is_err(), "the database refuses to change an entry");
        let remove = db::query("DELETE FROM audit_log").execute(app.db.pool()).await;
        assert!(remove.is_err(), "the database refuses to remove an entry");

        // Someone with the database's own keys goes round the refusal; the chain shows it.
        let id: i64 = db::query_scalar("SELECT id FROM audit_log WHERE act = 'role_changed'")
            .fetch_one(app.db.pool()).await.unwrap();
        let tamper = match app.db.engine() {
            Engine::Sqlite => ["DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET reason = 'Ingen grund' WHERE act = 'role_changed'"],
            Engine::Postgres => ["ALTER TABLE audit_log DISABLE TRIGGER USER", "UPDATE audit_log SET reason = 'Ingen grund' WHERE act = 'role_changed'"],
        };
        for sql in tamper {
            db::query(sql).execute(app.db.pool()).await.unwrap();
        }
        let broken = admin.get("/admin/audit").await;
        assert!(broken.body.contains(&format!("Kæden er brudt ved linje {id}")), "{}", broken.body);
    }
}

on_both_engines! {
    /// Two administrators taking each other's role at the same moment: one succeeds, and the
    /// platform keeps an administrator.
    async fn the_last_administrator_keeps_the_role(app) {
        let admin = logged_in(&app, "admin@medspil.dk").await;
        let own = admin.submit("/admin/roles", "/admin/roles", &[("email", "admin@medspil.dk"), ("role", "citizen"), ("reason", "Jeg stopper")]).await;
        assert_eq!(own.status, 409);
        assert!(own.body.contains("mindst én administrator"));

        admin.submit("/admin/roles", "/admin/roles", &[("email", "helle@aarhus.dk"), ("role", "admin"), ("reason", "Ny administrator")]).await;
        let helle = logged_in(&app, "helle@aarhus.dk").await;
        let (a, b) = (admin.get("/admin/roles").await.csrf(), helle.get("/admin/roles").await.csrf());
        let take_helles = [("csrf", a.as_str()), ("email", "helle@aarhus.dk"), ("role", "citizen"), ("reason", "Skift")];
        let take_admins = [("csrf", b.as_str()), ("email", "admin@medspil.dk"), ("role", "citizen"), ("reason", "Skift")];
        let (first, second) = tokio::join!(
            admin.post("/admin/roles", &take_helles),
            helle.post("/admin/roles", &take_admins),
        );
        let mut statuses = [first.status, second.status];
        statuses.sort();
        // The loser is refused as the last administrator (409) if the two met, or as no
        // administrator any more (403) if the winner was done first.
        assert!(matches!(statuses, [303, 403] | [303, 409]), "one wins, the other is refused: {statuses:?}");
        let admins: i64 = db::query_scalar("SELECT COUNT(*) FROM users WHERE platform_role = 'admin'")
            .fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(admins, 1);
        let logged: i64 = db::query_scalar("SELECT COUNT(*) FROM audit_log WHERE act = 'role_changed'")
            .fetch_one(app.db.pool()).await.unwrap();
        assert_eq!(logged, 2, "the refused change left no entry");
    }
}
