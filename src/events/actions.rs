//! What people do with events, checked once for the pages and the API alike: who may do it,
//! whether the input holds, and whom to tell afterwards.

use super::model::*;
use super::notices as tell;
use super::store::{self, ChangeRefusal, Event, NewOrder, Order, Signup};
use crate::addresses::actions::AddressProblem;
use crate::initiatives::store as initiative_store;
use crate::platform::auth::Viewer;
use crate::platform::db::Db;
use crate::platform::error::{AppError, AppResult, FieldErrors, Stale, guarded, valid};
use crate::platform::input::check_line;
use crate::platform::permissions::{Action, EventAccess, can, require};
use crate::platform::time::now;
use crate::text;

/// Whether the viewer runs the event (organiser tools, check-in list).
pub async fn manages(db: &Db, viewer: Option<&Viewer>, e: &Event) -> AppResult<bool> {
    if viewer.is_none() {
        return Ok(false);
    }
    let initiative = match e.initiative_id {
        Some(id) => Some(initiative_store::access(db, id).await?),
        None => None,
    };
    let access = EventAccess {
        organiser_id: e.organiser_id,
        initiative,
    };
    Ok(can(viewer, Action::ManageEvent(&access)))
}

/// Fails unless the viewer runs the event.
pub async fn require_organiser(db: &Db, viewer: &Viewer, event_id: i64) -> AppResult<Event> {
    let e = store::get_event(db, event_id).await?;
    if manages(db, Some(viewer), &e).await? {
        Ok(e)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Plans a new event for an organiser the viewer acts for, as part of an initiative they edit.
pub async fn create(
    db: &Db,
    viewer: &Viewer,
    mut draft: EventDraft,
    organiser_id: Option<i64>,
    initiative_id: Option<i64>,
    mut errors: FieldErrors,
) -> AppResult<i64> {
    let organiser = organiser_id.filter(|a| can(Some(viewer), Action::ActFor(*a)));
    if organiser.is_none() {
        errors.insert("organiser", text!(err_not_allowed_actor));
    }
    if let Some(id) = initiative_id {
        let access = match initiative_store::access(db, id).await {
            Ok(a) => Some(a),
            Err(AppError::NotFound) => None,
            Err(e) => return Err(e),
        };
        if !access.is_some_and(|a| can(Some(viewer), Action::EditInitiative(&a))) {
            errors.insert("initiative", text!(err_not_initiative_editor));
        }
    }
    errors.extend(draft.check());
    if draft.starts_at < now() && !errors.contains_key("starts") {
        errors.insert("starts", text!(err_starts_in_past));
    }
    let Some(organiser_id) = organiser.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    store::create_event(
        db,
        &store::NewEvent {
            draft: &draft,
            initiative_id,
            organiser_id,
            user_id: viewer.user_id,
        },
    )
    .await
}

/// Saves a changed plan; a larger capacity moves people up from the waiting list (and tells them).
pub async fn update(
    db: &Db,
    viewer: &Viewer,
    event_id: i64,
    mut draft: EventDraft,
    version: i64,
    mut errors: FieldErrors,
) -> AppResult<()> {
    let e = require_organiser(db, viewer, event_id).await?;
    if e.status == EventStatus::Cancelled {
        return Err(EventRefusal::Cancelled.into());
    }
    errors.extend(draft.check());
    if draft.starts_at != e.draft.starts_at
        && draft.starts_at < now()
        && !errors.contains_key("starts")
    {
        errors.insert("starts", text!(err_starts_in_past));
    }
    valid(errors)?;
    match store::update_event(db, event_id, &draft, version).await? {
        Ok(promoted) => {
            tell::signups_promoted(db, &e.draft.title, event_id, &promoted).await;
            Ok(())
        }
        Err(ChangeRefusal::Outdated) => Err(Stale::Version.into()),
        Err(ChangeRefusal::SignupsNeedPlaces) => Err(AppError::Invalid(FieldErrors::from([(
            "capacity",
            text!(err_capacity_needed),
        )]))),
        Err(ChangeRefusal::BelowSignups { confirmed }) => Err(AppError::Invalid(
            FieldErrors::from([("capacity", text!(err_capacity_below_signups(confirmed)))]),
        )),
    }
}

/// Cancels the whole event and tells everyone who had a place, waited or ordered.
pub async fn cancel_event(db: &Db, viewer: &Viewer, event_id: i64) -> AppResult<()> {
    let e = require_organiser(db, viewer, event_id).await?;
    let people = store::cancel_event(db, event_id).await?;
    tell::event_cancelled(db, &e.draft.title, event_id, &people, viewer.user_id).await;
    Ok(())
}

/// Signs the viewer up: a place while there are places, else the waiting list.
pub async fn sign_up(db: &Db, viewer: &Viewer, event_id: i64) -> AppResult<Signup> {
    match store::sign_up(db, event_id, viewer.person_id).await? {
        Ok(id) => store::get_signup(db, id).await,
        Err(refusal) => Err(refusal.into()),
    }
}

/// Cancels a sign-up: participants until the deadline, organisers at any time. The first on
/// the waiting list gets the place and is told.
pub async fn cancel_signup(db: &Db, viewer: &Viewer, signup_id: i64) -> AppResult<()> {
    let signup = store::get_signup(db, signup_id).await?;
    let e = store::get_event(db, signup.event_id).await?;
    if !manages(db, Some(viewer), &e).await? {
        require(Some(viewer), Action::ActFor(signup.person_id))?;
        if !may_cancel(now(), e.draft.starts_at, e.draft.cancel_until) {
            return Err(EventRefusal::CancelDeadlinePassed.into());
        }
    }
    let promoted = store::cancel_signup(db, signup_id).await?;
    tell::signups_promoted(db, &e.draft.title, e.id, &promoted).await;
    Ok(())
}

/// Adds a programme point to an event the viewer runs.
pub async fn add_programme_item(
    db: &Db,
    viewer: &Viewer,
    event_id: i64,
    mut draft: ProgrammeDraft,
    mut errors: FieldErrors,
) -> AppResult<i64> {
    let e = require_organiser(db, viewer, event_id).await?;
    errors.extend(draft.check(e.draft.starts_at, e.draft.ends_at));
    valid(errors)?;
    store::add_programme_item(db, event_id, &draft).await
}

/// Offers a limited item at an event the viewer runs.
pub async fn add_item(
    db: &Db,
    viewer: &Viewer,
    event_id: i64,
    mut draft: ItemDraft,
    mut errors: FieldErrors,
) -> AppResult<i64> {
    require_organiser(db, viewer, event_id).await?;
    errors.extend(draft.check());
    valid(errors)?;
    store::add_item(db, event_id, &draft).await
}

/// Orders an item for the viewer's household, first come first served. A problem with the
/// address or quantity comes back as `Invalid` by field; an order the rules refuse (sold out,
/// the household has its share) as an [`OrderRefusal`].
pub async fn order(
    db: &Db,
    viewer: &Viewer,
    item_id: i64,
    address: &str,
    quantity: Option<i64>,
) -> AppResult<Order> {
    let mut errors = FieldErrors::new();
    let mut typed = address.to_string();
    check_line(&mut errors, "address", &mut typed, true, ADDRESS_MAX);
    let placed = match errors.contains_key("address") {
        true => None,
        false => match crate::addresses::actions::place(db, &typed).await? {
            Ok(placed) => Some(placed),
            Err(problem) => {
                let words = match problem {
                    AddressProblem::Unreadable => text!(err_address_format),
                    AddressProblem::Unknown => text!(err_address_unknown),
                };
                errors.insert("address", words);
                None
            }
        },
    };
    let quantity = quantity.unwrap_or(1);
    if !(1..=STOCK_MAX).contains(&quantity) {
        errors.insert("quantity", text!(err_quantity));
    }
    let Some(address) = placed.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let placed = store::place_order(
        db,
        &NewOrder {
            item_id,
            person_id: viewer.person_id,
            address: &address.display(),
            household: &address.household(),
            quantity,
        },
    )
    .await?;
    match placed {
        Ok(id) => store::get_order(db, id).await,
        Err(refusal) => Err(refusal.into()),
    }
}

/// Cancels a reserved order: the one who ordered, or the organiser. Its items return to stock.
pub async fn cancel_order(db: &Db, viewer: &Viewer, order_id: i64) -> AppResult<()> {
    let o = store::get_order(db, order_id).await?;
    if o.person_id != viewer.person_id {
        require_organiser(db, viewer, o.event_id).await?;
    }
    guarded(
        store::cancel_order(db, order_id).await?,
        EventRefusal::OrderChanged,
    )
}

/// The organiser marks a participant as arrived (or not).
pub async fn check_in(
    db: &Db,
    viewer: &Viewer,
    signup_id: i64,
    arrived: bool,
) -> AppResult<Signup> {
    let signup = store::get_signup(db, signup_id).await?;
    require_organiser(db, viewer, signup.event_id).await?;
    guarded(
        store::set_checked_in(db, signup_id, arrived).await?,
        EventRefusal::NotConfirmed,
    )?;
    store::get_signup(db, signup_id).await
}

/// The organiser records an order as handed out and what was paid (or undoes that).
pub async fn hand_out(
    db: &Db,
    viewer: &Viewer,
    order_id: i64,
    paid_ore: Option<i64>,
) -> AppResult<Order> {
    let o = store::get_order(db, order_id).await?;
    require_organiser(db, viewer, o.event_id).await?;
    if paid_ore.is_some_and(|p| !(0..=PRICE_MAX_ORE * STOCK_MAX).contains(&p)) {
        let mut errors = FieldErrors::new();
        errors.insert("paid", text!(err_price));
        return Err(AppError::Invalid(errors));
    }
    guarded(
        store::set_handed_out(db, order_id, paid_ore).await?,
        EventRefusal::OrderChanged,
    )?;
    store::get_order(db, order_id).await
}
