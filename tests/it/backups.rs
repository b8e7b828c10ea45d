//! Backups of the embedded database: `medspil backup FILE` copies it while it serves and takes
//! writes, and `medspil restore FILE` puts the copy in place of another database, after checking
//! it; every write acknowledged before the backup began is in the restored database.

use crate::support::{DEMO_PASSWORD, Engine, TestApp, TipLoad, api_token, medspil};
use medspil::platform::db::{self, Db};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_under_load_restores_every_write_acknowledged_before_it() {
    let app = TestApp::with_demo(Engine::Sqlite)
        .await
        .expect("sqlite starts");
    let token = api_token(&app, "sofie@example.dk", DEMO_PASSWORD).await;
    let load = TipLoad::start(&app.url(""), &token);
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("medspil-backup.db");
    let file_name = file.to_string_lossy().to_string();
    let began = std::time::Instant::now();
    let url = app.database_url().to_string();
    let (ok, said) = {
        let file_name = file_name.clone();
        tokio::task::spawn_blocking(move || medspil(&url, &["backup", &file_name]))
            .await
            .unwrap()
    };
    assert!(ok, "{said}");
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let acknowledged = load.finish().await;
    let before: Vec<i64> = acknowledged
        .iter()
        .filter(|(_, at)| *at < began)
        .map(|(id, _)| *id)
        .collect();
    assert!(
        before.len() >= 4,
        "the load ran before the backup: {}",
        before.len()
    );
    let (again, said) = medspil(app.database_url(), &["backup", &file_name]);
    assert!(
        !again && said.contains("exists already"),
        "a backup does not overwrite: {said}"
    );

    // Restored into another database: whole, and with every write acknowledged before.
    let restored = format!("sqlite://{}", dir.path().join("restored.db").display());
    let (ok, said) = medspil(&restored, &["restore", &file_name]);
    assert!(ok, "{said}");
    let db = Db::connect(&restored, None).await.unwrap();
    let ids: Vec<i64> = db::query_scalar("SELECT id FROM tips")
        .fetch_all(db.pool())
        .await
        .unwrap();
    let missing: Vec<&i64> = before.iter().filter(|id| !ids.contains(id)).collect();
    assert!(
        missing.is_empty(),
        "acknowledged before the backup, missing after restoring it: {missing:?}"
    );
    let sound: String = db::query_scalar("PRAGMA integrity_check")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(sound, "ok");

    // A database with data is replaced only when asked; a file that is not a backup never.
    let (ok, said) = medspil(&restored, &["restore", &file_name]);
    assert!(!ok && said.contains("--replace"), "{said}");
    let junk = dir.path().join("junk.db");
    std::fs::write(&junk, vec![7u8; 8192]).unwrap();
    let (ok, said) = medspil(
        &restored,
        &["restore", "--replace", &junk.to_string_lossy()],
    );
    assert!(!ok, "{said}");
    let still: i64 = db::query_scalar("SELECT COUNT(*) FROM tips")
        .fetch_one(db.pool())
        .await
        .unwrap();
    assert_eq!(
        still as usize,
        ids.len(),
        "a refused restore changes nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_postgresql_database_is_backed_up_with_its_own_tools() {
    let Some(app) = TestApp::start(Engine::Postgres).await else {
        return;
    };
    let (ok, said) = medspil(
        app.database_url(),
        &["backup", "/tmp/medspil-never-written.db"],
    );
    assert!(!ok && said.contains("pg_dump"), "{said}");
    assert!(!std::path::Path::new("/tmp/medspil-never-written.db").exists());
}
