//! What the applicant hears of a request: a question from the municipality, or its decision.

use super::store::Request;
use crate::following::notify::{self, Audience, Notice, NotificationKind};
use crate::platform::db::Db;

pub async fn request_changed(db: &Db, request: &Request, kind: NotificationKind, by_user: i64) {
    let notice = Notice {
        kind,
        title: request.draft.title.clone(),
        context: request.unit_name.clone(),
        detail: request
            .outcome
            .map(|o| o.code().to_string())
            .unwrap_or_default(),
        link: format!("/requests/{}", request.id),
    };
    let audience = Audience {
        users: vec![request.created_by],
        except_user: Some(by_user),
        ..Audience::default()
    };
    notify::tell(db, "request_changed", &audience, &notice).await;
}
