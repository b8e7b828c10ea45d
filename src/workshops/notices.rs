//! What people hear of ideas: whoever wrote an idea (or one merged into it, or the one it was
//! split from), gave it a dot or follows it hears when its fate is decided, and again at each
//! step of the initiative it became — in their inbox (and by mail as they chose) with an
//! account, by mail to the address they gave without one, with a link that forgets it. When a parked idea's day comes, whoever parked it
//! and whoever planned its workshop are reminded to take it up.

use super::model::Fate;
use super::store::{self, Idea, Interested};
use crate::following::model::Target;
use crate::following::notify::{self, Audience, Notice, NotificationKind};
use crate::platform::db::Db;
use crate::platform::error::AppResult;
use crate::platform::time::{now, today};
use std::time::Duration;

/// The idea's fate was decided by `by_user`.
pub async fn decided(db: &Db, idea: &Idea, fate: Fate, workshop_title: &str, by_user: i64) {
    let what = "idea_decided";
    let (interested, lineage) = match tokio::try_join!(
        store::interested_in(db, idea.id),
        store::lineage(db, idea.id)
    ) {
        Ok(found) => found,
        Err(e) => return notify::failed(what, e),
    };
    let notice = Notice {
        kind: NotificationKind::IdeaDecided,
        title: idea.text.clone(),
        context: workshop_title.to_string(),
        detail: fate.code().to_string(),
        link: format!("/ideas/{}", idea.id),
    };
    let mut audience = Audience {
        targets: lineage.into_iter().map(Target::Idea).collect(),
        except_user: Some(by_user),
        ..Audience::default()
    };
    // Each decision is made from the one before it (`fate_set_at` as it was), so two decisions
    // within a second are two mails, and a retried one is one.
    let before = idea.fate_set_at.unwrap_or(0);
    let key = format!("idea-decided:{}:{before}:{}", idea.id, now());
    reach(db, what, &interested, &mut audience, &key, &notice).await;
    notify::tell(db, what, &audience, &notice).await;
}

/// The initiative ideas became took a step: those interested in them with an account join the
/// audience of its notice; those without one are mailed it.
pub async fn initiative_moved(
    db: &Db,
    initiative_id: i64,
    audience: &mut Audience,
    notice: &Notice,
) {
    let what = "idea_initiative_moved";
    let found = tokio::try_join!(
        store::interested_in_initiative(db, initiative_id),
        store::lineage_of_initiative(db, initiative_id)
    );
    match found {
        Ok((interested, lineage)) => {
            audience
                .targets
                .extend(lineage.into_iter().map(Target::Idea));
            let key = format!("idea-moved:{initiative_id}:{}:{}", notice.detail, now());
            reach(db, what, &interested, audience, &key, notice).await;
        }
        Err(e) => notify::failed(what, e),
    }
}

/// Adds the account holders to the audience and mails the others, once each per `key`.
async fn reach(
    db: &Db,
    what: &'static str,
    interested: &[Interested],
    audience: &mut Audience,
    key: &str,
    notice: &Notice,
) {
    for one in interested {
        match (one.user_id, &one.email) {
            (Some(user), _) => audience.users.push(user),
            (None, Some((address, token))) => {
                let forget = format!("/unsubscribe/workshop/{token}");
                let key = format!("{key}:{}", one.participant_id);
                notify::mail_address(db, what, address, &key, notice, &forget).await;
            }
            (None, None) => {}
        }
    }
}

/// Reminds of each parked idea whose day has come, once per parking; returns how many.
pub async fn parked_due(db: &Db) -> AppResult<usize> {
    let mut reminded = 0;
    for due in store::parked_due(db, today()).await? {
        if !store::claim_parked_reminder(db, due.id, &due.parked_until).await? {
            continue;
        }
        let notice = Notice {
            kind: NotificationKind::IdeaParkedDue,
            title: due.text,
            context: due.workshop_title,
            detail: String::new(),
            link: format!("/ideas/{}", due.id),
        };
        let audience = Audience {
            users: due.users,
            ..Audience::default()
        };
        notify::tell(db, "idea_parked_due", &audience, &notice).await;
        reminded += 1;
    }
    Ok(reminded)
}

/// Reminds of parked ideas every `every`, in every node (a claim keeps it to one reminder).
pub async fn run(db: Db, every: Duration) {
    loop {
        if let Err(e) = parked_due(&db).await {
            tracing::warn!(error = ?e, "reminding of parked ideas failed");
        }
        tokio::time::sleep(every).await;
    }
}
