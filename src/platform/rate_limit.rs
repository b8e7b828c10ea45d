//! Rate limits shared by all nodes: events are counted per bucket (a failed login for an
//! e-mail address, an anonymous tip from a client) within a window, in the database.
//! The count and the new event are not one transaction: a limit may be passed by a few
//! requests arriving at the same moment, which is fine for slowing abuse down.

use crate::platform::db::{self, Db};
use crate::platform::error::AppResult;
use crate::platform::time::now;

/// Events older than this are deleted; no window is longer.
const KEPT: i64 = 24 * 3600;

/// Whether fewer than `limit` events are in the bucket within the last `window` seconds.
pub async fn allowed(db: &Db, bucket: &str, limit: i64, window: i64) -> AppResult<bool> {
    Ok(recent(db, bucket, window).await?.count < limit)
}

/// The events in a bucket within a window: how many, and how long ago the last was.
pub struct Recent {
    pub count: i64,
    pub since_last: i64,
}

pub async fn recent(db: &Db, bucket: &str, window: i64) -> AppResult<Recent> {
    recent_besides(db, bucket, window, 0).await
}

/// [`recent`], leaving out the event `own` (one just counted for the request asking).
pub async fn recent_besides(db: &Db, bucket: &str, window: i64, own: i64) -> AppResult<Recent> {
    let t = now();
    let (count, last): (i64, Option<i64>) = db::query_as(
        "SELECT COUNT(*), MAX(at) FROM rate_events WHERE bucket = $1 AND at > $2 AND id <> $3",
    )
    .bind(bucket)
    .bind(t - window.min(KEPT))
    .bind(own)
    .fetch_one(db.pool())
    .await?;
    Ok(Recent {
        count,
        since_last: last.map_or(i64::MAX, |at| t - at),
    })
}

/// Counts an event in the bucket; returns its id.
pub async fn record(db: &Db, bucket: &str) -> AppResult<i64> {
    let t = now();
    db::query("DELETE FROM rate_events WHERE at < $1")
        .bind(t - KEPT)
        .execute(db.pool())
        .await?;
    Ok(
        db::query_scalar("INSERT INTO rate_events (bucket, at) VALUES ($1, $2) RETURNING id")
            .bind(bucket)
            .bind(t)
            .fetch_one(db.pool())
            .await?,
    )
}

/// Takes back an event counted before it was known not to count (a login that succeeded).
pub async fn forget(db: &Db, id: i64) -> AppResult<()> {
    db::query("DELETE FROM rate_events WHERE id = $1")
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}
