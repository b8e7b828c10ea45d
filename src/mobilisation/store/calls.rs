//! Calls for help: published, listed and closed.

use super::*;
use crate::platform::db;

/// A call for help ("opråb").
#[derive(Clone, Debug)]
pub struct Call {
    pub id: i64,
    pub initiative_id: i64,
    pub initiative_title: String,
    pub draft: CallDraft,
    pub published_at: i64,
    pub closed_at: Option<i64>,
}

pub(super) const CALL_SELECT: &str = "SELECT c.id, c.initiative_id, i.title AS initiative_title, c.title, c.message, \
     c.published_at, c.closed_at FROM calls c JOIN initiatives i ON i.id = c.initiative_id";

pub(super) fn call(row: &Row) -> Result<Call, db::Error> {
    Ok(Call {
        id: row.try_get("id")?,
        initiative_id: row.try_get("initiative_id")?,
        initiative_title: row.try_get("initiative_title")?,
        draft: CallDraft {
            title: row.try_get("title")?,
            message: row.try_get("message")?,
        },
        published_at: row.try_get("published_at")?,
        closed_at: row.try_get("closed_at")?,
    })
}

pub async fn publish_call(
    db: &Db,
    initiative_id: i64,
    d: &CallDraft,
    user_id: i64,
) -> AppResult<i64> {
    Ok(db::query_scalar(
        "INSERT INTO calls (initiative_id, title, message, published_by, published_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(initiative_id)
    .bind(&d.title)
    .bind(&d.message)
    .bind(user_id)
    .bind(now())
    .fetch_one(db.pool())
    .await?)
}

pub async fn get_call(db: &Db, id: i64) -> AppResult<Call> {
    one(db, format!("{CALL_SELECT} WHERE c.id = $1"), id, call).await
}

/// Open calls, newest first: all of them, or one initiative's.
pub async fn open_calls(db: &Db, initiative_id: Option<i64>, limit: i64) -> AppResult<Vec<Call>> {
    let mut sql = SqlBuilder::new(&format!("{CALL_SELECT} WHERE c.closed_at IS NULL"));
    if let Some(id) = initiative_id {
        let p = sql.bind(Value::Int(id));
        sql.push(&format!(" AND c.initiative_id = {p}"));
    }
    sql.push(" ORDER BY c.published_at DESC, c.id DESC");
    sql.limit(limit, 0);
    let rows = sql.query().fetch_all(db.pool()).await?;
    rows_to(&rows, call)
}

pub async fn close_call(db: &Db, id: i64) -> AppResult<()> {
    db::query("UPDATE calls SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL")
        .bind(now())
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}
