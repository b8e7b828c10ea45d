//! What the board and the person hear of requests about an entry: the board that one was made,
//! and again a week before its deadline (once however many nodes sweep); the person how it was
//! answered. No notice names the person: it links to the register, where reading is logged.

use super::rights::{RequestKind, RequestOutcome, reminder_horizon};
use super::store;
use crate::following::notify::{self, Audience, Notice, NotificationKind};
use crate::platform::db::Db;
use crate::platform::error::AppResult;
use crate::platform::time::today;
use std::time::Duration;

async fn tell_board(db: &Db, what: &'static str, association_id: i64, notice: Notice) {
    match crate::actors::store::speakers(db, association_id).await {
        Ok(persons) => {
            let audience = Audience {
                persons,
                ..Audience::default()
            };
            notify::tell(db, what, &audience, &notice).await;
        }
        Err(e) => notify::failed(what, e),
    }
}

/// A person asked the association's board to correct or erase their entry.
pub async fn request_made(db: &Db, association_id: i64, association: &str, kind: RequestKind) {
    let notice = Notice {
        kind: NotificationKind::RegisterRequestMade,
        title: String::new(),
        context: association.to_string(),
        detail: kind.code().to_string(),
        link: format!("/actors/{association_id}/register#requests"),
    };
    tell_board(db, "register_request_made", association_id, notice).await;
}

/// The board answered the person's request.
pub async fn answered(db: &Db, user_id: i64, association: &str, outcome: RequestOutcome) {
    let notice = Notice {
        kind: NotificationKind::RegisterRequestAnswered,
        title: String::new(),
        context: association.to_string(),
        detail: outcome.code().to_string(),
        link: "/account/register".to_string(),
    };
    let audience = Audience {
        users: vec![user_id],
        ..Audience::default()
    };
    notify::tell(db, "register_request_answered", &audience, &notice).await;
}

/// Reminds the board of each unanswered request whose deadline is a week away; how many.
pub async fn reminders(db: &Db) -> AppResult<usize> {
    let mut reminded = 0;
    for due in store::reminders_due(db, reminder_horizon(today())).await? {
        if !store::claim_reminder(db, due.id).await? {
            continue;
        }
        let notice = Notice {
            kind: NotificationKind::RegisterRequestDue,
            title: due.due_on.to_string(),
            context: due.association,
            detail: due.kind.code().to_string(),
            link: format!("/actors/{}/register#requests", due.association_id),
        };
        tell_board(db, "register_request_due", due.association_id, notice).await;
        reminded += 1;
    }
    Ok(reminded)
}

/// Sweeps for reminders every `every`, in every node (a claim keeps it to one reminder).
pub async fn run(db: Db, every: Duration) {
    loop {
        if let Err(e) = reminders(&db).await {
            tracing::warn!(error = ?e, "reminding of register requests failed");
        }
        tokio::time::sleep(every).await;
    }
}
