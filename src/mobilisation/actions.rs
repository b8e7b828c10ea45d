//! What people do with needs, offers, calls and pledges, checked once for the pages and the API
//! alike: who may do it, whether the input holds, what it changes and whom to tell.

use super::model::*;
use super::store::{self, NewContribution, NewPledge, Offer, Pledge, PledgeRefusal};
use crate::initiatives::store as initiative_store;
use crate::platform::auth::Viewer;
use crate::platform::db::Db;
use crate::platform::error::{AppError, AppResult, FieldErrors, Text, guarded, valid};
use crate::platform::input::{NOTE_MAX, check_text, note};
use crate::platform::permissions::{Action, can, require};
use crate::platform::time::{day_of, today};
use crate::text;
use jiff::civil::Date;

/// Fails unless the viewer may edit the initiative (and so manage its needs and pledges).
pub async fn require_initiative_editor(
    db: &Db,
    viewer: &Viewer,
    initiative_id: i64,
) -> AppResult<()> {
    let access = initiative_store::access(db, initiative_id).await?;
    require(Some(viewer), Action::EditInitiative(&access))
}

/// An initiative asks for something it needs; those who follow it hear of it. The draft comes
/// as read (or why it could not be), so that who may ask is decided before what was asked.
pub async fn add_need(
    db: &Db,
    viewer: &Viewer,
    initiative_id: i64,
    draft: AppResult<NeedDraft>,
) -> AppResult<i64> {
    require_initiative_editor(db, viewer, initiative_id).await?;
    let mut draft = draft?;
    valid(draft.check())?;
    let need_id = store::create_need(db, initiative_id, &draft, viewer.user_id).await?;
    super::notices::need_added(db, need_id, viewer.user_id).await;
    Ok(need_id)
}

/// An actor the viewer acts for offers what it has. Problems come back by field, the actor's
/// under `actor`.
pub async fn add_offer(
    db: &Db,
    viewer: &Viewer,
    actor_id: i64,
    mut draft: OfferDraft,
    status: OfferStatus,
) -> AppResult<i64> {
    let mut errors = draft.check();
    if !can(Some(viewer), Action::ActFor(actor_id)) {
        errors.insert("actor", text!(err_not_allowed_actor));
    }
    valid(errors)?;
    store::create_offer(db, actor_id, &draft, status, viewer.user_id).await
}

/// An initiative sends out a call for help made of its open needs; its followers are told.
pub async fn publish_call(
    db: &Db,
    viewer: &Viewer,
    initiative_id: i64,
    mut draft: CallDraft,
) -> AppResult<i64> {
    require_initiative_editor(db, viewer, initiative_id).await?;
    valid(draft.check())?;
    let call_id = store::publish_call(db, initiative_id, &draft, viewer.user_id).await?;
    super::notices::call_published(db, call_id, viewer.user_id).await;
    Ok(call_id)
}

/// Saves a need changed from `version` (the stored one when not given) by the initiative; the
/// draft as read, like [`add_need`]'s.
pub async fn edit_need(
    db: &Db,
    viewer: &Viewer,
    need_id: i64,
    version: Option<i64>,
    draft: AppResult<NeedDraft>,
) -> AppResult<()> {
    let current = store::get_need(db, need_id).await?;
    require_initiative_editor(db, viewer, current.initiative_id).await?;
    let mut draft = draft?;
    valid(draft.check())?;
    let version = version.unwrap_or(current.version);
    store::update_need(db, need_id, version, &draft).await
}

/// The initiative marks a need met, withdraws it, or reopens it.
pub async fn set_need_status(
    db: &Db,
    viewer: &Viewer,
    need_id: i64,
    to: NeedStatus,
) -> AppResult<()> {
    let current = store::get_need(db, need_id).await?;
    require_initiative_editor(db, viewer, current.initiative_id).await?;
    store::set_need_status(db, need_id, to).await
}

/// Fails unless the viewer acts for the offer's actor; gives the offer.
pub async fn own_offer(db: &Db, viewer: &Viewer, offer_id: i64) -> AppResult<Offer> {
    let o = store::get_offer(db, offer_id).await?;
    require(Some(viewer), Action::ActFor(o.actor_id))?;
    Ok(o)
}

/// Saves an offer changed from `version` (the stored one when not given), and its status when
/// one is given; the draft as read, like [`add_need`]'s.
pub async fn edit_offer(
    db: &Db,
    viewer: &Viewer,
    offer_id: i64,
    version: Option<i64>,
    draft: AppResult<OfferDraft>,
    status: Option<OfferStatus>,
) -> AppResult<()> {
    let current = own_offer(db, viewer, offer_id).await?;
    let mut draft = draft?;
    valid(draft.check())?;
    let version = version.unwrap_or(current.version);
    store::update_offer(db, offer_id, version, &draft, status).await
}

/// Pauses, ends or reopens an offer.
pub async fn set_offer_status(
    db: &Db,
    viewer: &Viewer,
    offer_id: i64,
    to: OfferStatus,
) -> AppResult<()> {
    own_offer(db, viewer, offer_id).await?;
    store::set_offer_status(db, offer_id, to).await
}

/// Ends a call for help.
pub async fn close_call(db: &Db, viewer: &Viewer, call_id: i64) -> AppResult<()> {
    let c = store::get_call(db, call_id).await?;
    require_initiative_editor(db, viewer, c.initiative_id).await?;
    store::close_call(db, call_id).await
}

/// A pledge as asked for, before it is checked.
pub struct PledgeRequest {
    pub actor_id: Option<i64>,
    pub offer_id: Option<i64>,
    pub amount: Option<i64>,
    pub message: String,
}

/// Counts an actor in for a need. Problems with the input come back as `Invalid` by field;
/// a need that closed meanwhile, or a pledge already made, as `Conflict`.
pub async fn pledge(
    db: &Db,
    viewer: &Viewer,
    need_id: i64,
    mut req: PledgeRequest,
    mut errors: FieldErrors,
) -> AppResult<i64> {
    let need = crate::moderation::model::ContentKind::Need;
    if crate::moderation::store::hidden_of(db, need, need_id)
        .await?
        .is_some()
    {
        return Err(AppError::Hidden);
    }
    let actor = req
        .actor_id
        .filter(|a| can(Some(viewer), Action::ActFor(*a)));
    if actor.is_none() {
        errors.insert("actor", text!(err_not_allowed_actor));
    }
    if let Some(offer_id) = req.offer_id {
        let fits = match store::get_offer(db, offer_id).await {
            Ok(o) => Some(o.actor_id) == actor && o.status == OfferStatus::Active,
            Err(AppError::NotFound) => false,
            Err(e) => return Err(e),
        };
        if !fits {
            errors.insert("offer", text!(err_offer_not_theirs));
        }
    }
    if req.amount.is_some_and(|a| !(1..=QUANTITY_MAX).contains(&a)) {
        errors.insert("amount", text!(err_quantity));
    }
    check_text(&mut errors, "message", &mut req.message, false, NOTE_MAX);
    let Some(actor_id) = actor.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let made = store::pledge_to(
        db,
        &NewPledge {
            need_id,
            actor_id,
            offer_id: req.offer_id,
            amount: req.amount,
            message: &req.message,
            user_id: viewer.user_id,
        },
    )
    .await?;
    made.map_err(AppError::from)
}

/// The initiative accepts or declines a pledge (with a reason, shown to the one who offered),
/// and the one who offered is told.
pub async fn decide(
    db: &Db,
    viewer: &Viewer,
    pledge_id: i64,
    accept: bool,
    reason: &str,
) -> AppResult<Pledge> {
    let p = record_decision(db, viewer, pledge_id, accept, reason).await?;
    super::notices::pledge_decided(db, &p, viewer.user_id).await;
    Ok(p)
}

/// `decide` without telling anyone: for data loaded as it stands (the demo, whose people are
/// invented).
pub async fn record_decision(
    db: &Db,
    viewer: &Viewer,
    pledge_id: i64,
    accept: bool,
    reason: &str,
) -> AppResult<Pledge> {
    let p = store::get_pledge(db, pledge_id).await?;
    require_initiative_editor(db, viewer, p.initiative_id).await?;
    let reason = note(reason)?;
    let to = if accept {
        PledgeStatus::Accepted
    } else {
        PledgeStatus::Declined
    };
    guarded(
        store::move_pledge(
            db,
            pledge_id,
            &[PledgeStatus::Pledged],
            to,
            Some((&reason, viewer.user_id)),
        )
        .await?,
        PledgeRefusal::AlreadyDecided,
    )?;
    store::get_pledge(db, pledge_id).await
}

/// The one who pledged takes it back, before or after it was accepted.
pub async fn withdraw(db: &Db, viewer: &Viewer, pledge_id: i64) -> AppResult<Pledge> {
    let p = store::get_pledge(db, pledge_id).await?;
    require(Some(viewer), Action::ActFor(p.actor_id))?;
    let live = [PledgeStatus::Pledged, PledgeStatus::Accepted];
    guarded(
        store::move_pledge(db, pledge_id, &live, PledgeStatus::Withdrawn, None).await?,
        PledgeRefusal::AlreadyDecided,
    )?;
    store::get_pledge(db, pledge_id).await
}

/// What the initiative records as given under a pledge.
pub struct Contribution<'a> {
    pub amount: Option<i64>,
    /// The day it was given (today when none is given), or why the typed day was unreadable.
    pub given_on: Result<Option<Date>, Text>,
    pub note: &'a str,
    /// Whoever records it confirms that more was given than pledged.
    pub beyond_confirmed: bool,
}

/// The initiative records what was given under an accepted pledge, in the need's unit, on a
/// day between the pledge and today, and no more than pledged unless confirmed.
pub async fn contribute(
    db: &Db,
    viewer: &Viewer,
    pledge_id: i64,
    c: Contribution<'_>,
) -> AppResult<Pledge> {
    let p = store::get_pledge(db, pledge_id).await?;
    require_initiative_editor(db, viewer, p.initiative_id).await?;
    let mut errors = FieldErrors::new();
    match c.amount {
        None => {
            errors.insert("amount", text!(err_required));
        }
        Some(a) if !(1..=QUANTITY_MAX).contains(&a) => {
            errors.insert("amount", text!(err_quantity));
        }
        Some(_) => {}
    }
    let given_on = match c.given_on {
        Ok(d) => {
            let d = d.unwrap_or_else(today);
            match given_on_doubt(d, day_of(p.pledged_at), today()) {
                None => Some(d),
                Some(GivenOnDoubt::BeforePledge) => {
                    errors.insert("given_on", text!(err_given_before_pledge));
                    None
                }
                Some(GivenOnDoubt::InFuture) => {
                    errors.insert("given_on", text!(err_given_on));
                    None
                }
            }
        }
        Err(unreadable) => {
            errors.insert("given_on", unreadable);
            None
        }
    };
    let mut text = c.note.to_string();
    check_text(&mut errors, "note", &mut text, false, NOTE_MAX);
    let (Some(amount), Some(given_on), true) = (c.amount, given_on, errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    store::record_contribution(
        db,
        &NewContribution {
            pledge_id,
            amount,
            given_on,
            note: &text,
            user_id: viewer.user_id,
            beyond_confirmed: c.beyond_confirmed,
        },
    )
    .await??;
    store::get_pledge(db, pledge_id).await
}
