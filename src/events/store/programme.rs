//! An event's programme points.

use super::*;
use crate::platform::db;

#[derive(Clone, Debug)]
pub struct ProgrammeItem {
    pub id: i64,
    pub event_id: i64,
    pub draft: ProgrammeDraft,
}

pub(super) fn programme_item(row: &Row) -> Result<ProgrammeItem, db::Error> {
    Ok(ProgrammeItem {
        id: row.try_get("id")?,
        event_id: row.try_get("event_id")?,
        draft: ProgrammeDraft {
            title: row.try_get("title")?,
            place: row.try_get("place")?,
            starts_at: row.try_get("starts_at")?,
            ends_at: row.try_get("ends_at")?,
        },
    })
}

/// The programmes of events, each in time order.
pub async fn programme(db: &Db, event_ids: &[i64]) -> AppResult<Vec<ProgrammeItem>> {
    all_for(
        db,
        "SELECT * FROM programme_items WHERE event_id IN ({ids}) ORDER BY starts_at, id",
        event_ids,
        programme_item,
    )
    .await
}

pub async fn get_programme_item(db: &Db, id: i64) -> AppResult<ProgrammeItem> {
    one(
        db,
        "SELECT * FROM programme_items WHERE id = $1".into(),
        id,
        programme_item,
    )
    .await
}

pub async fn add_programme_item(db: &Db, event_id: i64, d: &ProgrammeDraft) -> AppResult<i64> {
    let id = db::query_scalar(
        "INSERT INTO programme_items (event_id, starts_at, ends_at, title, place) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(event_id)
    .bind(d.starts_at)
    .bind(d.ends_at)
    .bind(&d.title)
    .bind(&d.place)
    .fetch_one(db.pool())
    .await?;
    Ok(id)
}

pub async fn remove_programme_item(db: &Db, id: i64) -> AppResult<()> {
    db::query("DELETE FROM programme_items WHERE id = $1")
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

// ---- sign-ups ----
