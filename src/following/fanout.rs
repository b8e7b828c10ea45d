//! Telling notices after the response: a request keeps its notice as one row
//! ([`super::store::keep_notice`]), and this worker, on every node, claims waiting notices and
//! tells their audience, however large, without the request waiting. A notice waits in the
//! database, so a node that stops between the response and the telling loses none: the next
//! worker to find it, here or on another node, goes on where the last one stopped.

use super::store::{claim_notice, notices_waiting, tell_waiting, telling_failed};
use crate::platform::auth::random_token;
use crate::platform::db::Db;
use crate::platform::error::AppResult;
use std::time::Duration;
use tokio::sync::Notify;

/// Wakes this process's workers when a request has kept a notice; other nodes find it on
/// their next look.
static KEPT: Notify = Notify::const_new();

/// Tells this process's workers that a notice waits.
pub fn wake() {
    KEPT.notify_waiters();
}

/// Runs until the task is dropped: tells every waiting notice, then waits to be woken, or
/// `poll` at the most (for notices kept on other nodes or left by a node that stopped).
pub async fn run(db: Db, poll: Duration) {
    let node = random_token();
    loop {
        let woken = KEPT.notified();
        tokio::pin!(woken);
        woken.as_mut().enable();
        if let Err(e) = tell_all_waiting(&db, &node).await {
            tracing::warn!(error = ?e, "claiming notices to tell");
        }
        tokio::select! {
            () = woken => {}
            () = tokio::time::sleep(poll) => {}
        }
    }
}

/// Tells waiting notices until none is left unclaimed. One that fails is logged and left
/// claimed: it is tried again, from where it stopped, when the claim runs out, and set aside
/// after a few attempts.
async fn tell_all_waiting(db: &Db, node: &str) -> AppResult<()> {
    while let Some(waiting) = claim_notice(db, node).await? {
        if let Err(e) = tell_waiting(db, node, &waiting).await {
            super::notify::failed(&waiting.what, e);
            if telling_failed(db, node, waiting.id).await? {
                tracing::error!(notice = waiting.id, event = %waiting.what, "notice set aside after repeated failures");
            }
        }
    }
    Ok(())
}

/// Tells every waiting notice and returns once none waits, claimed by another worker or not:
/// for the demo load, whose notices belong to the data it leaves.
pub async fn settle(db: &Db) -> AppResult<()> {
    let node = random_token();
    loop {
        while let Some(waiting) = claim_notice(db, &node).await? {
            tell_waiting(db, &node, &waiting).await?;
        }
        if notices_waiting(db).await? == 0 {
            return Ok(());
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}
