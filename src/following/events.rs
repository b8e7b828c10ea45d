//! What people are told when something happens. Called after the change is saved; a failure to
//! notify is logged and never undoes or hides the change.

use super::model::{Notice, NotificationKind, Target};
use super::store::{self, Audience};
use crate::initiatives::model::Status;
use crate::initiatives::store as initiatives;
use crate::mobilisation::store as mobilisation;
use crate::platform::db::Db;
use crate::platform::error::AppResult;

async fn tell(what: &str, result: AppResult<()>) {
    if let Err(e) = result {
        tracing::error!(error = ?e, event = what, "notifying followers failed");
    }
}

/// Followers of the initiative itself, its theme, its neighbourhood and its owner.
async fn initiative_audience(
    db: &Db,
    initiative_id: i64,
    by_user: i64,
) -> AppResult<(Audience, String)> {
    let i = initiatives::get(db, initiative_id).await?;
    let mut targets = vec![
        Target::Initiative(i.id),
        Target::Theme(i.draft.theme),
        Target::Actor(i.owner_id),
    ];
    if !i.draft.neighbourhood.is_empty() {
        targets.push(Target::Neighbourhood(i.draft.neighbourhood.clone()));
    }
    Ok((
        Audience {
            targets,
            users: Vec::new(),
            except_user: Some(by_user),
        },
        i.draft.title,
    ))
}

pub async fn initiative_started(db: &Db, initiative_id: i64, by_user: i64) {
    let result = async {
        let (audience, title) = initiative_audience(db, initiative_id, by_user).await?;
        let notice = Notice {
            kind: NotificationKind::InitiativeStarted,
            title,
            context: String::new(),
            detail: String::new(),
            link: format!("/initiatives/{initiative_id}"),
        };
        store::notify(db, &audience, &notice).await
    };
    tell("initiative_started", result.await).await;
}

pub async fn status_changed(db: &Db, initiative_id: i64, to: Status, by_user: i64) {
    let result = async {
        let (mut audience, title) = initiative_audience(db, initiative_id, by_user).await?;
        // Only the initiative's own followers hear of each step.
        audience.targets.truncate(1);
        let notice = Notice {
            kind: NotificationKind::StatusChanged,
            title,
            context: String::new(),
            detail: to.code().into(),
            link: format!("/initiatives/{initiative_id}"),
        };
        store::notify(db, &audience, &notice).await
    };
    tell("status_changed", result.await).await;
}

pub async fn need_added(db: &Db, need_id: i64, by_user: i64) {
    let result = async {
        let need = mobilisation::get_need(db, need_id).await?;
        let (audience, title) = initiative_audience(db, need.initiative_id, by_user).await?;
        let notice = Notice {
            kind: NotificationKind::NeedAdded,
            title: need.draft.title,
            context: title,
            detail: String::new(),
            link: format!("/needs/{need_id}"),
        };
        store::notify(db, &audience, &notice).await
    };
    tell("need_added", result.await).await;
}

pub async fn call_published(db: &Db, call_id: i64, by_user: i64) {
    let result = async {
        let call = mobilisation::get_call(db, call_id).await?;
        let (audience, title) = initiative_audience(db, call.initiative_id, by_user).await?;
        let notice = Notice {
            kind: NotificationKind::CallPublished,
            title: call.draft.title,
            context: title,
            detail: String::new(),
            link: format!("/calls/{call_id}"),
        };
        store::notify(db, &audience, &notice).await
    };
    tell("call_published", result.await).await;
}

/// The one who pledged hears whether the initiative took it.
pub async fn pledge_decided(db: &Db, pledge: &mobilisation::Pledge, by_user: i64) {
    let kind = match pledge.status {
        crate::mobilisation::model::PledgeStatus::Accepted => NotificationKind::PledgeAccepted,
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
        targets: Vec::new(),
        users: vec![pledge.pledged_by],
        except_user: Some(by_user),
    };
    tell(
        "pledge_decided",
        store::notify(db, &audience, &notice).await,
    )
    .await;
}

/// The people with these person ids who have a login.
async fn users_of(db: &Db, person_ids: &[i64]) -> AppResult<Vec<i64>> {
    let mut users = Vec::with_capacity(person_ids.len());
    for &person in person_ids {
        let user: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE person_id = $1")
            .bind(person)
            .fetch_optional(db.pool())
            .await?;
        users.extend(user);
    }
    Ok(users)
}

async fn tell_people(
    db: &Db,
    person_ids: &[i64],
    notice: Notice,
    except_user: Option<i64>,
) -> AppResult<()> {
    if person_ids.is_empty() {
        return Ok(());
    }
    let audience = Audience {
        targets: Vec::new(),
        users: users_of(db, person_ids).await?,
        except_user,
    };
    store::notify(db, &audience, &notice).await
}

/// Those who moved up from the waiting list hear that they have a place.
pub async fn signups_promoted(
    db: &Db,
    event_title: &str,
    event_id: i64,
    promoted: &[crate::events::store::Promotion],
) {
    let people: Vec<i64> = promoted.iter().map(|p| p.person_id).collect();
    let notice = Notice {
        kind: NotificationKind::SignupPromoted,
        title: event_title.to_string(),
        context: String::new(),
        detail: String::new(),
        link: format!("/events/{event_id}"),
    };
    tell(
        "signup_promoted",
        tell_people(db, &people, notice, None).await,
    )
    .await;
}

/// Everyone who had a place, waited or ordered hears that the event is cancelled.
pub async fn event_cancelled(
    db: &Db,
    event_title: &str,
    event_id: i64,
    people: &[i64],
    by_user: i64,
) {
    let notice = Notice {
        kind: NotificationKind::EventCancelled,
        title: event_title.to_string(),
        context: String::new(),
        detail: String::new(),
        link: format!("/events/{event_id}"),
    };
    tell(
        "event_cancelled",
        tell_people(db, people, notice, Some(by_user)).await,
    )
    .await;
}

/// The one who filed a request hears of a question from the municipality, or its decision.
pub async fn request_changed(
    db: &Db,
    request: &crate::requests::store::Request,
    kind: NotificationKind,
    by_user: i64,
) {
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
        targets: Vec::new(),
        users: vec![request.created_by],
        except_user: Some(by_user),
    };
    tell(
        "request_changed",
        store::notify(db, &audience, &notice).await,
    )
    .await;
}

/// The reporter and the followers of a tip hear of its public updates. A reporter without an
/// account who left an e-mail address gets a mail there, with a link that forgets the address.
pub async fn tip_updated(
    db: &Db,
    tip: &crate::tips::store::Tip,
    update_id: i64,
    by_user: Option<i64>,
) {
    let notice = Notice {
        kind: NotificationKind::TipUpdated,
        // Notices keep their words; Danish is the municipality's language.
        title: tip.what_and_where(crate::platform::i18n::Lang::Da),
        context: tip.unit_name.clone(),
        detail: tip.status.code().to_string(),
        link: format!("/tips/{}", tip.id),
    };
    let audience = Audience {
        targets: vec![Target::Tip(tip.id)],
        users: tip.reporter_user_id.into_iter().collect(),
        except_user: by_user,
    };
    tell("tip_updated", store::notify(db, &audience, &notice).await).await;
    if tip.reporter_user_id.is_none() && !tip.reporter_email.is_empty() {
        let result = store::mail_address(
            db,
            &tip.reporter_email,
            &format!("tip-update:{update_id}"),
            &notice,
            &format!("/unsubscribe/tip/{}", tip.token),
        )
        .await;
        tell("tip_updated_reporter", result).await;
    }
}
