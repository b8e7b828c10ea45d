//! The address register as stored: looked up by the entrance people type, by nearness to a
//! point, and replaced whole by an import.

use super::model::{Address, Official};
use crate::platform::db::{self, Db, Row, Tx};
use crate::platform::error::AppResult;
use crate::platform::geo::{Coordinates, from_e6_pair, to_e6};

const COLUMNS: &str = "id, street, house_number, postcode, city, latitude_e6, longitude_e6";

fn official(r: &Row) -> Result<Official, db::Error> {
    Ok(Official {
        id: r.try_get("id")?,
        street: r.try_get("street")?,
        house_number: r.try_get("house_number")?,
        postcode: r.try_get("postcode")?,
        city: r.try_get("city")?,
        place: from_e6_pair(r.try_get("latitude_e6")?, r.try_get("longitude_e6")?),
    })
}

/// Whether the municipality keeps an address register here at all.
pub async fn has_register(db: &Db) -> AppResult<bool> {
    let any: Option<String> = db::query_scalar("SELECT id FROM addresses LIMIT 1")
        .fetch_optional(db.pool())
        .await?;
    Ok(any.is_some())
}

/// How many access addresses the register holds, seen from a transaction.
pub async fn count_in(tx: &mut Tx) -> AppResult<i64> {
    Ok(db::query_scalar("SELECT COUNT(*) FROM addresses")
        .fetch_one(&mut **tx)
        .await?)
}

/// The access address a typed address belongs to, if the register knows it.
pub async fn find(db: &Db, typed: &Address) -> AppResult<Option<Official>> {
    let row = db::query(format!(
        "SELECT {COLUMNS} FROM addresses WHERE lookup = $1 ORDER BY id LIMIT 1"
    ))
    .bind(typed.key())
    .fetch_optional(db.pool())
    .await?;
    Ok(row.as_ref().map(official).transpose()?)
}

/// How far from a point the nearest address is looked for, in millionths of a degree of
/// latitude (about 330 m); a point further from every address has none.
const NEAR_E6: i64 = 3_000;

/// The access address nearest to a point, within a few hundred metres. A degree of longitude
/// is shorter than one of latitude this far north (cos 56° ≈ 0.56), which the distance weighs.
pub async fn nearest(db: &Db, (lat, lon): Coordinates) -> AppResult<Option<Official>> {
    let (lat, lon) = (to_e6(lat), to_e6(lon));
    let row = db::query(format!(
        "SELECT {COLUMNS} FROM addresses \
         WHERE latitude_e6 BETWEEN $1 AND $2 AND longitude_e6 BETWEEN $3 AND $4 \
         ORDER BY (latitude_e6 - $5) * (latitude_e6 - $5) * 100 \
                + (longitude_e6 - $6) * (longitude_e6 - $6) * 31, id LIMIT 1"
    ))
    .bind(lat - NEAR_E6)
    .bind(lat + NEAR_E6)
    .bind(lon - 2 * NEAR_E6)
    .bind(lon + 2 * NEAR_E6)
    .bind(lat)
    .bind(lon)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.as_ref().map(official).transpose()?)
}

/// Empties the register, in the transaction that fills it again.
pub async fn clear(tx: &mut Tx) -> AppResult<()> {
    db::query("DELETE FROM addresses")
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Access addresses inserted by one statement: the fewer statements, the faster an import,
/// within both engines' limits on parameters.
pub const CHUNK: usize = 500;
const PER_ROW: usize = 8;

/// Adds access addresses to the register. An id given twice keeps its first.
pub async fn add(tx: &mut Tx, addresses: &[Official]) -> AppResult<()> {
    for chunk in addresses.chunks(CHUNK) {
        let rows: Vec<String> = (0..chunk.len())
            .map(|i| {
                let at = i * PER_ROW;
                let marks: Vec<String> = (1..=PER_ROW).map(|n| format!("${}", at + n)).collect();
                format!("({})", marks.join(", "))
            })
            .collect();
        let mut q = db::query(format!(
            "INSERT INTO addresses (id, street, house_number, postcode, city, lookup, latitude_e6, \
             longitude_e6) VALUES {} ON CONFLICT (id) DO NOTHING",
            rows.join(", ")
        ));
        for a in chunk {
            let (lat, lon) = a.place.map(|(lat, lon)| (to_e6(lat), to_e6(lon))).unzip();
            q = q
                .bind(a.id.as_str())
                .bind(a.street.as_str())
                .bind(a.house_number.as_str())
                .bind(a.postcode.as_str())
                .bind(a.city.as_str())
                .bind(a.key())
                .bind(lat)
                .bind(lon);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}
