//! What people hear of an initiative: its followers, and those of its theme, neighbourhood and
//! owner, hear that it started; its own followers hear of each step of its life.

use super::model::Status;
use super::store;
use crate::following::notify::{self, Audience, Notice, NotificationKind, Target};
use crate::platform::db::Db;
use crate::platform::error::AppResult;

/// Followers of the initiative itself, its theme, its neighbourhood and its owner, but not the
/// one who acted; and the initiative's title.
pub async fn audience(db: &Db, initiative_id: i64, by_user: i64) -> AppResult<(Audience, String)> {
    let i = store::get(db, initiative_id).await?;
    let mut targets = vec![
        Target::Initiative(i.id),
        Target::Theme(i.draft.theme),
        Target::Actor(i.owner_id),
    ];
    if !i.draft.neighbourhood.is_empty() {
        targets.push(Target::Neighbourhood(i.draft.neighbourhood.clone()));
    }
    let audience = Audience {
        targets,
        except_user: Some(by_user),
        ..Audience::default()
    };
    Ok((audience, i.draft.title))
}

/// Tells an initiative's audience a notice about it, made from its title.
pub async fn tell_audience(
    db: &Db,
    what: &'static str,
    initiative_id: i64,
    by_user: i64,
    notice: impl FnOnce(String) -> Notice,
) {
    match audience(db, initiative_id, by_user).await {
        Ok((audience, title)) => {
            notify::tell(db, what, &audience, &notice(title)).await;
        }
        Err(e) => notify::failed(what, e),
    }
}

pub async fn started(db: &Db, initiative_id: i64, by_user: i64) {
    tell_audience(db, "initiative_started", initiative_id, by_user, |title| {
        Notice {
            kind: NotificationKind::InitiativeStarted,
            title,
            context: String::new(),
            detail: String::new(),
            link: format!("/initiatives/{initiative_id}"),
        }
    })
    .await;
}

/// Its own followers hear of each step of its life, and so do the authors of the workshop
/// ideas it became.
pub async fn status_changed(db: &Db, initiative_id: i64, to: Status, by_user: i64) {
    let what = "status_changed";
    let (mut audience, title) = match audience(db, initiative_id, by_user).await {
        Ok(found) => found,
        Err(e) => return notify::failed(what, e),
    };
    audience.targets.truncate(1);
    let notice = Notice {
        kind: NotificationKind::StatusChanged,
        title,
        context: String::new(),
        detail: to.code().into(),
        link: format!("/initiatives/{initiative_id}"),
    };
    crate::workshops::notices::initiative_moved(db, initiative_id, &mut audience, &notice).await;
    notify::tell(db, what, &audience, &notice).await;
}
