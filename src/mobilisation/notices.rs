//! What people hear of mobilisation: an initiative's audience hears of a new need and a call for
//! help; the one who pledged hears whether the initiative took the pledge.

use super::model::PledgeStatus;
use super::store::{self, Pledge};
use crate::following::notify::{self, Audience, Notice, NotificationKind};
use crate::initiatives::notices::tell_audience;
use crate::platform::db::Db;

pub async fn need_added(db: &Db, need_id: i64, by_user: i64) {
    let need = match store::get_need(db, need_id).await {
        Ok(need) => need,
        Err(e) => return notify::failed("need_added", e),
    };
    tell_audience(
        db,
        "need_added",
        need.initiative_id,
        by_user,
        |initiative| Notice {
            kind: NotificationKind::NeedAdded,
            title: need.draft.title,
            context: initiative,
            detail: String::new(),
            link: format!("/needs/{need_id}"),
        },
    )
    .await;
}

pub async fn call_published(db: &Db, call_id: i64, by_user: i64) {
    let call = match store::get_call(db, call_id).await {
        Ok(call) => call,
        Err(e) => return notify::failed("call_published", e),
    };
    tell_audience(
        db,
        "call_published",
        call.initiative_id,
        by_user,
        |initiative| Notice {
            kind: NotificationKind::CallPublished,
            title: call.draft.title,
            context: initiative,
            detail: String::new(),
            link: format!("/calls/{call_id}"),
        },
    )
    .await;
}

/// The one who pledged hears whether the initiative took it.
pub async fn pledge_decided(db: &Db, pledge: &Pledge, by_user: i64) {
    let kind = match pledge.status {
        PledgeStatus::Accepted => NotificationKind::PledgeAccepted,
        _ => NotificationKind::PledgeDeclined,
    };
    let notice = Notice {
        kind,
        title: pledge.need_title.clone(),
        context: pledge.initiative_title.clone(),
        detail: pledge.reason.clone(),
        link: format!("/needs/{}", pledge.need_id),
    };
    let audience = Audience {
        users: vec![pledge.pledged_by],
        except_user: Some(by_user),
        ..Audience::default()
    };
    notify::tell(db, "pledge_decided", &audience, &notice).await;
}
