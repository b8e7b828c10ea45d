//! What people hear of an event: those who move up from the waiting list, that they have a
//! place; everyone who had a place, waited or ordered, that it is cancelled.

use super::store::Promotion;
use crate::following::notify::{self, Audience, Notice, NotificationKind};
use crate::platform::db::Db;

fn about_event(kind: NotificationKind, event_title: &str, event_id: i64) -> Notice {
    Notice {
        kind,
        title: event_title.to_string(),
        context: String::new(),
        detail: String::new(),
        link: format!("/events/{event_id}"),
    }
}

pub async fn signups_promoted(db: &Db, event_title: &str, event_id: i64, promoted: &[Promotion]) {
    if promoted.is_empty() {
        return;
    }
    let audience = Audience {
        persons: promoted.iter().map(|p| p.person_id).collect(),
        ..Audience::default()
    };
    let notice = about_event(NotificationKind::SignupPromoted, event_title, event_id);
    notify::tell(db, "signup_promoted", &audience, &notice).await;
}

pub async fn event_cancelled(
    db: &Db,
    event_title: &str,
    event_id: i64,
    people: &[i64],
    by_user: i64,
) {
    if people.is_empty() {
        return;
    }
    let audience = Audience {
        persons: people.to_vec(),
        except_user: Some(by_user),
        ..Audience::default()
    };
    let notice = about_event(NotificationKind::EventCancelled, event_title, event_id);
    notify::tell(db, "event_cancelled", &audience, &notice).await;
}
