//! Retention: an account nobody has logged in to for the configured time is erased, after its
//! owner was warned by mail 30 days before (a login in between keeps it); an anonymous tip
//! reporter's name and e-mail are removed the configured time after the tip was closed, and the
//! e-mail a workshop participant gave without an account the configured time after the
//! workshop; what associations' registers keep goes when each purpose's own period has passed
//! (`registers::retention`). Runs in
//! every node; each step is a conditional update, so two nodes never warn or erase twice.

use super::erase;
use crate::accounts::actions::tell;
use crate::accounts::model::AccountMail;
use crate::accounts::store as accounts;
use crate::platform::auth::viewer_of_user;
use crate::platform::db::{self, Db};
use crate::platform::error::AppResult;
use crate::platform::time::now;
use std::time::Duration;

const DAY: i64 = 24 * 3600;
/// How long before erasure the owner is warned.
pub const WARNING_DAYS: i64 = 30;

/// What is kept how long, in days; 0 keeps unused accounts.
#[derive(Clone, Copy)]
pub struct Policy {
    pub erase_inactive_after_days: i64,
    pub tip_reporter_days: i64,
    pub workshop_email_days: i64,
}

/// What one sweep did.
#[derive(Debug, Default, PartialEq)]
pub struct Swept {
    pub warned: usize,
    pub erased: usize,
    pub tip_reporters: u64,
    pub workshop_addresses: u64,
    /// What associations' registers no longer keep.
    pub registers: crate::registers::retention::Swept,
}

/// One sweep of the retention rules.
pub async fn sweep(db: &Db, policy: Policy) -> AppResult<Swept> {
    let mut swept = Swept::default();
    let t = now();
    // An account whose last use is not known (made before it was kept) counts from now.
    db::query("UPDATE users SET last_active_at = $1 WHERE last_active_at IS NULL")
        .bind(t)
        .execute(db.pool())
        .await?;
    if policy.erase_inactive_after_days > 0 {
        let unused_since = t - policy.erase_inactive_after_days * DAY;
        swept.warned = warn(db, unused_since + WARNING_DAYS * DAY).await?;
        swept.erased = erase_unused(db, unused_since, t - WARNING_DAYS * DAY).await?;
    }
    let closed_before = t - policy.tip_reporter_days.max(0) * DAY;
    swept.tip_reporters = db::query(
        "UPDATE tips SET reporter_name = '', reporter_email = '' \
         WHERE closed_at < $1 AND (reporter_email <> '' OR reporter_name <> '')",
    )
    .bind(closed_before)
    .execute(db.pool())
    .await?
    .rows_affected();
    let ended_before = t - policy.workshop_email_days.max(0) * DAY;
    swept.workshop_addresses = db::query(
        "UPDATE workshop_participants SET email = NULL, forget_token = NULL WHERE email IS NOT NULL \
         AND workshop_id IN (SELECT id FROM workshops WHERE ends_at < $1)",
    )
    .bind(ended_before)
    .execute(db.pool())
    .await?
    .rows_affected();
    swept.registers =
        crate::registers::retention::sweep(db, crate::platform::time::today()).await?;
    Ok(swept)
}

/// Warns the owners of accounts unused since `since` that have not been warned since they
/// were last used.
async fn warn(db: &Db, since: i64) -> AppResult<usize> {
    let due: Vec<i64> = db::query_scalar(
        "SELECT id FROM users WHERE erased_at IS NULL AND last_active_at < $1 \
         AND (inactivity_warned_at IS NULL OR inactivity_warned_at < last_active_at)",
    )
    .bind(since)
    .fetch_all(db.pool())
    .await?;
    let mut warned = 0;
    for id in due {
        let claimed = db::query(
            "UPDATE users SET inactivity_warned_at = $1 WHERE id = $2 \
             AND (inactivity_warned_at IS NULL OR inactivity_warned_at < last_active_at)",
        )
        .bind(now())
        .bind(id)
        .execute(db.pool())
        .await?;
        if claimed.rows_affected() == 0 {
            continue;
        }
        if let Some(account) = accounts::by_id(db, id).await?.filter(|a| a.confirmed) {
            tell(db, &account, AccountMail::Inactive, "/login").await?;
        }
        warned += 1;
    }
    Ok(warned)
}

/// Erases the accounts unused since `since` whose owners were warned before `warned_before`
/// and have not logged in since.
async fn erase_unused(db: &Db, since: i64, warned_before: i64) -> AppResult<usize> {
    let due: Vec<i64> = db::query_scalar(
        "SELECT id FROM users WHERE erased_at IS NULL AND last_active_at < $1 \
         AND inactivity_warned_at >= last_active_at AND inactivity_warned_at < $2",
    )
    .bind(since)
    .bind(warned_before)
    .fetch_all(db.pool())
    .await?;
    let mut erased = 0;
    for id in due {
        let viewer = viewer_of_user(db, id).await?;
        match erase::erase(db, &viewer, erase::Erasure::Unused).await {
            Ok(()) => erased += 1,
            // The last administrator stays, used or not.
            Err(e) => tracing::warn!(user = id, error = ?e, "an unused account was kept"),
        }
    }
    Ok(erased)
}

/// Runs until the task is dropped, sweeping every `every` (first after one wait, not while a
/// node is starting).
pub async fn run(db: Db, policy: Policy, every: Duration) {
    loop {
        tokio::time::sleep(every).await;
        match sweep(&db, policy).await {
            Ok(swept) if swept != Swept::default() => tracing::info!(?swept, "retention"),
            Ok(_) => {}
            Err(e) => tracing::warn!(error = ?e, "retention sweep failed"),
        }
    }
}
