//! Starting, replying to and concluding a debate, checked once for the pages and the demo data:
//! who may do it, whether the input holds, and whom to tell. Whoever starts or replies follows
//! the thread. Each step has a silent half (`write_thread`, `write_reply`, `record_outcome`),
//! which the demo uses, since its people are invented.

use super::model::*;
use super::notices as tell;
use super::store::{self, Thread};
use crate::following::model::Target;
use crate::following::store as follows;
use crate::initiatives::store as initiative_store;
use crate::platform::auth::Viewer;
use crate::platform::db::Db;
use crate::platform::error::{AppError, AppResult, FieldErrors, guarded, valid};
use crate::platform::permissions::{Action, can};
use crate::platform::rate_limit;
use crate::platform::time::today;
use crate::text;

/// Counts a post by the viewer, or refuses it when they wrote too many within the hour.
async fn count_post(db: &Db, viewer: &Viewer) -> AppResult<()> {
    let bucket = format!("post:{}", viewer.user_id);
    if !rate_limit::allowed(db, &bucket, POSTS_PER_HOUR, 3600).await? {
        return Err(DebateRefusal::PostFlood.into());
    }
    rate_limit::record(db, &bucket).await?;
    Ok(())
}

/// Starts a thread and tells those who follow its subject; `label` is how its subject reads (a
/// neighbourhood as typed).
pub async fn start(db: &Db, viewer: &Viewer, draft: ThreadDraft, label: &str) -> AppResult<i64> {
    let id = write_thread(db, viewer, draft, label).await?;
    tell::started(db, id, viewer.user_id).await;
    Ok(id)
}

/// [`start`], telling nobody.
pub async fn write_thread(
    db: &Db,
    viewer: &Viewer,
    mut draft: ThreadDraft,
    label: &str,
) -> AppResult<i64> {
    let mut errors = draft.check();
    if !errors.contains_key("subject") && !store::subject_exists(db, &draft.subject).await? {
        errors.insert("subject", text!(err_choose));
    }
    valid(errors)?;
    count_post(db, viewer).await?;
    let id = store::create(db, &draft, label, viewer.user_id).await?;
    follows::follow(db, viewer.user_id, &Target::Thread(id), &draft.title).await?;
    Ok(id)
}

/// Replies to an open thread, perhaps quoting one of its posts; those who follow the thread
/// are told.
pub async fn reply(db: &Db, viewer: &Viewer, thread_id: i64, draft: PostDraft) -> AppResult<i64> {
    let (thread, id) = write_reply(db, viewer, thread_id, draft).await?;
    tell::replied(db, &thread, viewer.user_id).await;
    Ok(id)
}

/// [`reply`], telling nobody: the thread as it was, and the reply's id.
pub async fn write_reply(
    db: &Db,
    viewer: &Viewer,
    thread_id: i64,
    mut draft: PostDraft,
) -> AppResult<(Thread, i64)> {
    let thread = store::get(db, thread_id).await?;
    if thread.outcome.is_some() {
        return Err(DebateRefusal::Closed.into());
    }
    let mut errors = draft.check();
    if let Some(quoted) = draft.quote_of
        && !store::post_in(db, thread_id, quoted).await?
    {
        errors.insert("body", text!(err_thread_quote));
    }
    valid(errors)?;
    count_post(db, viewer).await?;
    let id = store::add_post(db, thread_id, &draft, viewer.user_id)
        .await?
        .ok_or(DebateRefusal::Closed)?;
    let thread_target = Target::Thread(thread_id);
    follows::follow(db, viewer.user_id, &thread_target, &thread.title).await?;
    Ok((thread, id))
}

/// Whether the viewer may conclude the thread.
pub async fn may_conclude(db: &Db, viewer: Option<&Viewer>, thread: &Thread) -> AppResult<bool> {
    let initiative = match thread.subject {
        Target::Initiative(id) => Some(initiative_store::access(db, id).await?),
        _ => None,
    };
    Ok(can(
        viewer,
        Action::ConcludeThread {
            started_by: thread.started_by,
            initiative: initiative.as_ref(),
        },
    ))
}

/// Concludes a thread with its outcome; its followers and those of its subject are told.
pub async fn conclude(
    db: &Db,
    viewer: &Viewer,
    thread_id: i64,
    outcome: OutcomeDraft,
    errors: FieldErrors,
) -> AppResult<()> {
    let thread = record_outcome(db, viewer, thread_id, outcome, errors).await?;
    tell::concluded(db, &thread, viewer.user_id).await;
    Ok(())
}

/// [`conclude`], telling nobody: the thread as it was.
pub async fn record_outcome(
    db: &Db,
    viewer: &Viewer,
    thread_id: i64,
    mut outcome: OutcomeDraft,
    mut errors: FieldErrors,
) -> AppResult<Thread> {
    let thread = store::get(db, thread_id).await?;
    if !may_conclude(db, Some(viewer), &thread).await? {
        return Err(AppError::Forbidden);
    }
    if thread.outcome.is_some() {
        return Err(DebateRefusal::Closed.into());
    }
    errors.extend(outcome.check(today()));
    valid(errors)?;
    guarded(
        store::conclude(db, thread_id, &outcome, viewer.user_id).await?,
        DebateRefusal::Closed,
    )?;
    Ok(thread)
}
