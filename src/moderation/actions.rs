//! What people do about content that breaks the rules: anyone reports it; moderators hide it
//! with a reason the author is told, or keep it, and restore what they hid; the author asks
//! once for a review. Hiding and restoring go into the audit log.

use super::model::*;
use super::store::{self, Content};
use crate::audit;
use crate::following::notify::{self, Audience, Notice, NotificationKind};
use crate::platform::auth::Viewer;
use crate::platform::db::Db;
use crate::platform::error::{AppError, AppResult, valid};
use crate::platform::permissions::{Action, OrganisationAccess, can, require};
use crate::platform::rate_limit;

/// Reports from one client (or account) within an hour; more are refused until it has passed.
pub const REPORTS_PER_HOUR: i64 = 10;

async fn existing(db: &Db, kind: ContentKind, id: i64) -> AppResult<Content> {
    store::content_of(db, kind, id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Reports content, by anyone: counted per account, or per client without one.
pub async fn report(
    db: &Db,
    viewer: Option<&Viewer>,
    client: &str,
    kind: ContentKind,
    id: i64,
    mut draft: ReportDraft,
) -> AppResult<()> {
    existing(db, kind, id).await?;
    valid(draft.check())?;
    // Someone whose address is not confirmed counts as anonymous, as for tips.
    let bucket = match viewer.filter(|v| v.email_confirmed) {
        Some(v) => format!("report-user:{}", v.user_id),
        None => format!("report:{client}"),
    };
    if !rate_limit::allowed(db, &bucket, REPORTS_PER_HOUR, 3600).await? {
        return Err(AppError::TooManyRequests);
    }
    rate_limit::record(db, &bucket).await?;
    store::report(db, kind, id, &draft, viewer.map(|v| v.user_id)).await
}

/// Whether the viewer may see hidden content: its authors (those acting for its actor, and for
/// a municipal unit its department's leader, who handle what it is about), and moderators.
pub fn sees_hidden(viewer: Option<&Viewer>, c: &Content) -> bool {
    let actor = OrganisationAccess {
        id: c.actor_id,
        department_id: c.department_id,
    };
    can(viewer, Action::Moderate)
        || can(viewer, Action::HandleCases(actor))
        || viewer.is_some_and(|v| v.user_id == c.created_by)
}

/// The author hears of a moderator's decision, as the people who speak for the content's actor.
async fn tell_author(db: &Db, c: &Content, kind: NotificationKind, detail: &str, by: i64) {
    // Content reported without an account (a tip) has nobody to tell.
    let audience = Audience {
        users: vec![c.created_by].into_iter().filter(|u| *u > 0).collect(),
        except_user: Some(by),
        ..Audience::default()
    };
    let notice = Notice {
        kind,
        title: c.title.clone(),
        context: String::new(),
        detail: detail.to_string(),
        link: c.kind.path(c.id),
    };
    notify::tell(db, kind.code(), &audience, &notice).await;
}

/// A moderator hides the content with a reason: its open reports are settled, the act is
/// logged, and the author is told why.
pub async fn hide(
    db: &Db,
    viewer: &Viewer,
    kind: ContentKind,
    id: i64,
    reason: String,
) -> AppResult<()> {
    moderate(db, viewer, kind, id, reason, true).await
}

/// A moderator shows hidden content again, as it was, saying why; logged, and the author is
/// told.
pub async fn restore(
    db: &Db,
    viewer: &Viewer,
    kind: ContentKind,
    id: i64,
    reason: String,
) -> AppResult<()> {
    moderate(db, viewer, kind, id, reason, false).await
}

/// Hides (`hide`) or restores the content, with the audit entry in the same transaction.
async fn moderate(
    db: &Db,
    viewer: &Viewer,
    kind: ContentKind,
    id: i64,
    mut reason: String,
    hide: bool,
) -> AppResult<()> {
    require(Some(viewer), Action::Moderate)?;
    let c = existing(db, kind, id).await?;
    let field = if hide { "reason" } else { "restore_reason" };
    valid(check_reason(field, &mut reason))?;
    let mut tx = db.begin().await?;
    let (act, notice, told) = if hide {
        if !store::hide_in(&mut tx, kind, id, &reason, viewer.user_id).await? {
            return Err(ModerationRefusal::AlreadyHidden.into());
        }
        store::settle_reports_in(&mut tx, kind, id, "hidden", viewer.user_id).await?;
        (
            audit::Act::ContentHidden,
            NotificationKind::ContentHidden,
            reason.as_str(),
        )
    } else {
        if !store::restore_in(&mut tx, kind, id).await? {
            return Err(ModerationRefusal::NotHidden.into());
        }
        (
            audit::Act::ContentRestored,
            NotificationKind::ContentRestored,
            "",
        )
    };
    let subject = format!("{}:{id}", kind.code());
    let entry = audit::Entry::by(Some(viewer), act, subject, c.title.clone(), &reason);
    audit::record_in(&mut tx, &entry).await?;
    tx.commit().await?;
    tell_author(db, &c, notice, told, viewer.user_id).await;
    Ok(())
}

/// A moderator keeps reported content: its open reports are settled.
pub async fn keep(db: &Db, viewer: &Viewer, kind: ContentKind, id: i64) -> AppResult<()> {
    require(Some(viewer), Action::Moderate)?;
    existing(db, kind, id).await?;
    let mut tx = db.begin().await?;
    store::settle_reports_in(&mut tx, kind, id, "kept", viewer.user_id).await?;
    tx.commit().await?;
    Ok(())
}

/// The author asks once for the hiding to be reviewed, saying why.
pub async fn ask_review(
    db: &Db,
    viewer: &Viewer,
    kind: ContentKind,
    id: i64,
    mut message: String,
) -> AppResult<()> {
    let c = existing(db, kind, id).await?;
    if can(Some(viewer), Action::Moderate) || !sees_hidden(Some(viewer), &c) {
        return Err(AppError::Forbidden);
    }
    valid(check_reason("message", &mut message))?;
    if store::hidden_of(db, kind, id).await?.is_none() {
        return Err(ModerationRefusal::NotHidden.into());
    }
    match store::ask_review(db, kind, id, &message).await? {
        true => Ok(()),
        false => Err(ModerationRefusal::ReviewAsked.into()),
    }
}
