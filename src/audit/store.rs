//! Storage of the audit log: appending within the act's own transaction, reading a page, and
//! reading it whole to check or export it.

use super::model::{Act, ChainCheck, Entry, Stored, check, seal};
use crate::platform::db::{self, Db, Row, Tx, decode};
use crate::platform::error::AppResult;

/// Adds an entry within the transaction that does the act, so that the act and its entry are
/// kept together or not at all. Locking the head first chains entries one at a time, and lets
/// acts that must not interleave (taking away the last admin) rely on it.
pub async fn record_in(tx: &mut Tx, entry: &Entry) -> AppResult<()> {
    let prev: String =
        db::query_scalar("UPDATE audit_head SET entries = entries + 1 WHERE id = 1 RETURNING hash")
            .fetch_one(&mut **tx)
            .await?;
    let hash = seal(&prev, entry);
    db::query(
        "INSERT INTO audit_log (at, by_user_id, by_name, act, subject, detail, reason, prev_hash, hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(entry.at)
    .bind(entry.by_user_id)
    .bind(&entry.by_name)
    .bind(entry.act.code())
    .bind(&entry.subject)
    .bind(&entry.detail)
    .bind(&entry.reason)
    .bind(&prev)
    .bind(&hash)
    .execute(&mut **tx)
    .await?;
    db::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&hash)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

const COLUMNS: &str =
    "id, at, by_user_id, by_name, act, subject, detail, reason, prev_hash, hash FROM audit_log";

fn stored(r: &Row) -> Result<Stored, db::Error> {
    Ok(Stored {
        id: r.try_get("id")?,
        prev_hash: r.try_get("prev_hash")?,
        hash: r.try_get("hash")?,
        entry: Entry {
            at: r.try_get("at")?,
            by_user_id: r.try_get("by_user_id")?,
            by_name: r.try_get("by_name")?,
            act: decode(r, "act", Act::parse)?,
            subject: r.try_get("subject")?,
            detail: r.try_get("detail")?,
            reason: r.try_get("reason")?,
        },
    })
}

/// Entries newest first, `limit` from `offset`.
pub async fn newest(db: &Db, limit: i64, offset: i64) -> AppResult<Vec<Stored>> {
    let rows = db::query(format!(
        "SELECT {COLUMNS} ORDER BY id DESC LIMIT {limit} OFFSET {offset}"
    ))
    .fetch_all(db.pool())
    .await?;
    Ok(rows.iter().map(stored).collect::<Result<_, _>>()?)
}

/// Every entry, oldest first.
pub async fn all(db: &Db) -> AppResult<Vec<Stored>> {
    let rows = db::query(format!("SELECT {COLUMNS} ORDER BY id"))
        .fetch_all(db.pool())
        .await?;
    Ok(rows.iter().map(stored).collect::<Result<_, _>>()?)
}

/// Checks the whole chain against its head.
pub async fn verify(db: &Db) -> AppResult<(ChainCheck, Vec<Stored>)> {
    let entries = all(db).await?;
    let (hash, count): (String, i64) =
        db::query_as("SELECT hash, entries FROM audit_head WHERE id = 1")
            .fetch_one(db.pool())
            .await?;
    Ok((check(&entries, &hash, count), entries))
}
