//! The official address register: a municipality imports the file it gets from Datafordeler or
//! DAWA with `medspil addresses import`, in either format, all or nothing; flower boxes, tips and
//! Open311 reports are placed through it (see `events.rs` and `tips.rs`), a point on the map finds
//! its nearest address, and a municipality without a register still refuses what is not an
//! address.

use crate::on_both_engines;
use crate::support::{DEMO_PASSWORD, TestApp, api_token, medspil, value_of};
use serde_json::{Value, json};

/// Runs `medspil addresses import FILE` against the app's database.
fn import(app: &TestApp, file: &std::path::Path) -> (bool, String) {
    medspil(
        app.database_url(),
        &["addresses", "import", &file.to_string_lossy()],
    )
}

fn sample(name: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("samples/addresses")
        .join(name)
}

/// Every access address: id, street, number, postcode, town and place.
async fn register(app: &TestApp) -> Vec<(String, String, String, String, String, i64, i64)> {
    medspil::platform::db::query_as(
        "SELECT id, street, house_number, postcode, city, latitude_e6, longitude_e6 FROM addresses ORDER BY id",
    )
    .fetch_all(app.db.pool())
    .await
    .unwrap()
}

on_both_engines! {
    async fn either_official_format_imports_the_same_register_all_or_nothing(app) {
        // The demo loaded the sample in DAWA's CSV; the DAR extract of the same streets replaces
        // it with the same addresses, ids and places.
        let from_csv = register(&app).await;
        assert_eq!(from_csv.len(), 306, "the address no longer in use is left out");
        let (ok, said) = import(&app, &sample("aarhus-dar.json"));
        assert!(ok, "{said}");
        assert!(said.contains("306 access addresses imported") && said.contains("DAR JSON") && said.contains("306 addresses replaced"), "{said}");
        let from_dar = register(&app).await;
        assert_eq!(from_dar.len(), from_csv.len());
        for (csv, dar) in from_csv.iter().zip(&from_dar) {
            assert_eq!((&csv.0, &csv.1, &csv.2, &csv.3, &csv.4), (&dar.0, &dar.1, &dar.2, &dar.3, &dar.4));
            assert!((csv.5 - dar.5).abs() <= 1 && (csv.6 - dar.6).abs() <= 1, "{csv:?} {dar:?}: UTM 32N becomes WGS84");
        }
        let city_hall: String = value_of(&app, "SELECT house_number FROM addresses WHERE street = 'Rådhuspladsen' AND house_number LIKE '2%'").await;
        assert_eq!(city_hall, "2", "a replaced version does not count");

        // A file cut short, or of another kind, changes nothing.
        let dir = tempfile::tempdir().unwrap();
        let whole = std::fs::read(sample("aarhus-dar.json")).unwrap();
        let cut = dir.path().join("cut.json");
        std::fs::write(&cut, &whole[..whole.len() / 2]).unwrap();
        let (ok, said) = import(&app, &cut);
        assert!(!ok && said.contains("DAR JSON"), "{said}");
        let other = dir.path().join("other.csv");
        std::fs::write(&other, "navn,by\nAnna,Aarhus\n").unwrap();
        let (ok, said) = import(&app, &other);
        assert!(!ok && said.contains("husnr"), "{said}");
        assert_eq!(register(&app).await, from_dar, "the register is as it was");
    }
}

on_both_engines! {
    async fn a_point_on_the_map_finds_its_nearest_address(app) {
        let sofie = api_token(&app, "sofie@example.dk", DEMO_PASSWORD).await;
        let report = |lat: f64, long: f64| {
            reqwest::Client::new().post(app.url("/api/v1/tips")).bearer_auth(&sofie)
                .json(&json!({"category": "huller", "latitude": lat, "longitude": long, "description": "Hul", "answers": {"surface": "road"}}))
                .send()
        };
        // A few metres from the city hall's entrance.
        let tip: Value = report(56.15276, 10.20340).await.unwrap().json().await.unwrap();
        assert_eq!(tip["address"], "Rådhuspladsen 2, 8000 Aarhus C", "{tip}");
        // Out in the bay, far from any address: none.
        let tip: Value = report(56.1500, 10.2500).await.unwrap().json().await.unwrap();
        assert_eq!(tip["address"], "", "{tip}");
    }
}

on_both_engines! {
    async fn without_a_register_an_address_is_taken_by_its_form_alone(app) {
        let item: i64 = value_of(&app, "SELECT i.id FROM event_items i JOIN events e ON e.id = i.event_id \
            WHERE e.status = 'planned' AND i.remaining > 0 ORDER BY i.id LIMIT 1").await;
        let jeppe = api_token(&app, "jeppe@example.dk", DEMO_PASSWORD).await;
        let order = |address: &'static str| {
            reqwest::Client::new().post(app.url(&format!("/api/v1/items/{item}/orders"))).bearer_auth(&jeppe)
                .json(&json!({"address": address})).send()
        };
        let unknown = order("Vestergade 3, 8000 Aarhus C").await.unwrap();
        assert_eq!(unknown.status(), 422, "the register does not know it");
        medspil::platform::db::query("DELETE FROM addresses").execute(app.db.pool()).await.unwrap();
        let junk = order("Vestergade 3, 8000 Aarhus C 9999").await.unwrap();
        assert_eq!(junk.status(), 422, "nothing may follow the town");
        let taken = order("Vestergade 3, 2. th, 8000 Aarhus C").await.unwrap();
        assert_eq!(taken.status(), 201, "{}", taken.text().await.unwrap());
        let household: String = value_of(&app, "SELECT household FROM item_orders ORDER BY id DESC LIMIT 1").await;
        assert_eq!(household, "vestergade 3 8000", "the entrance as typed");
    }
}
