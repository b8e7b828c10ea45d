//! What people do with spaces and bookings, checked once for the pages and the API alike.

use super::model::*;
use super::store::{self, Booking, NewBooking, Space, Taken};
use crate::actors::store as actor_store;
use crate::initiatives::store as initiative_store;
use crate::platform::auth::Viewer;
use crate::platform::db::Db;
use crate::platform::error::{AppError, AppResult, FieldErrors, Stale, Text, guarded, valid};
use crate::platform::input::{NOTE_MAX, check_text};
use crate::platform::permissions::{Action, can};
use crate::platform::time::now;
use crate::text;

/// Whether the viewer manages the space: its owner's people, who listed it, platform admins.
pub fn manages(viewer: Option<&Viewer>, s: &Space) -> bool {
    can(
        viewer,
        Action::ManageSpace {
            owner_id: s.owner_id,
        },
    )
}

pub async fn require_manager(db: &Db, viewer: &Viewer, space_id: i64) -> AppResult<Space> {
    let s = store::get_space(db, space_id).await?;
    if manages(Some(viewer), &s) {
        Ok(s)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Lists a space for an owner the viewer acts for.
pub async fn create(
    db: &Db,
    viewer: &Viewer,
    mut draft: SpaceDraft,
    owner_id: Option<i64>,
    mut errors: FieldErrors,
) -> AppResult<i64> {
    let owner = owner_id.filter(|a| can(Some(viewer), Action::ActFor(*a)));
    if owner.is_none() {
        errors.insert("owner", text!(err_not_allowed_actor));
    }
    errors.extend(draft.check());
    let Some(owner_id) = owner.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    store::create_space(db, &draft, owner_id, viewer.user_id).await
}

pub async fn update(
    db: &Db,
    viewer: &Viewer,
    space_id: i64,
    mut draft: SpaceDraft,
    (status, version): (SpaceStatus, i64),
    mut errors: FieldErrors,
) -> AppResult<()> {
    require_manager(db, viewer, space_id).await?;
    errors.extend(draft.check());
    valid(errors)?;
    guarded(
        store::update_space(db, space_id, &draft, version, status).await?,
        Stale::Version,
    )
}

/// A booking as asked for, before it is checked.
pub struct BookingRequest {
    pub booker_id: Option<i64>,
    pub initiative_id: Option<i64>,
    pub purpose: String,
    pub attendees: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
}

/// Books a slot for an actor the viewer acts for, of a kind the space lends to. Problems with
/// the input come back as `Invalid` by field; a slot someone else has as `Conflict`.
pub async fn book(
    db: &Db,
    viewer: &Viewer,
    space_id: i64,
    mut req: BookingRequest,
    mut errors: FieldErrors,
) -> AppResult<Booking> {
    let space = store::get_space(db, space_id).await?;
    let booker = match req
        .booker_id
        .filter(|a| can(Some(viewer), Action::ActFor(*a)))
    {
        Some(id) => Some(actor_store::get(db, id).await?),
        None => None,
    };
    match &booker {
        None => {
            errors.insert("booker", text!(err_not_allowed_actor));
        }
        Some(a) if !space.draft.bookable_by.contains(&a.kind) => {
            errors.insert("booker", text!(err_not_bookable_by));
        }
        _ => {}
    }
    if let Some(id) = req.initiative_id {
        let access = match initiative_store::access(db, id).await {
            Ok(a) => Some(a),
            Err(AppError::NotFound) => None,
            Err(e) => return Err(e),
        };
        if !access.is_some_and(|a| can(Some(viewer), Action::EditInitiative(&a))) {
            errors.insert("initiative", text!(err_not_initiative_editor));
        }
    }
    check_text(&mut errors, "purpose", &mut req.purpose, true, NOTE_MAX);
    if req
        .attendees
        .is_some_and(|n| !(1..=CAPACITY_MAX).contains(&n))
    {
        errors.insert("attendees", text!(err_space_capacity));
    }
    if !errors.contains_key("starts")
        && !errors.contains_key("ends")
        && let Some(problem) = slot_problem(
            &space.draft,
            req.starts_at,
            req.ends_at,
            req.attendees,
            now(),
        )
    {
        errors.insert(
            problem.field(),
            Text::new(move |s| problem.message(s).into()),
        );
    }
    let Some(booker) = booker.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let made = store::request_booking(
        db,
        &NewBooking {
            space_id,
            booker_id: booker.id,
            initiative_id: req.initiative_id,
            purpose: &req.purpose,
            attendees: req.attendees,
            starts_at: req.starts_at,
            ends_at: req.ends_at,
            user_id: viewer.user_id,
        },
    )
    .await?;
    match made {
        Ok(id) => store::get_booking(db, id).await,
        Err(taken) => Err(taken.into()),
    }
}

/// Whether the viewer may act on a booking as its booker.
fn is_booker(viewer: &Viewer, b: &Booking) -> bool {
    can(Some(viewer), Action::ActFor(b.booker_id))
}

/// The space's owner confirms or declines (with a reason, required for a decline).
pub async fn decide(
    db: &Db,
    viewer: &Viewer,
    booking_id: i64,
    accept: bool,
    reason: &str,
) -> AppResult<Booking> {
    let b = store::get_booking(db, booking_id).await?;
    require_manager(db, viewer, b.space_id).await?;
    let mut reason = reason.to_string();
    let mut errors = FieldErrors::new();
    check_text(&mut errors, "reason", &mut reason, !accept, NOTE_MAX);
    valid(errors)?;
    match store::decide(db, booking_id, accept, &reason, viewer.user_id).await? {
        Ok(()) => store::get_booking(db, booking_id).await,
        Err(taken) => Err(taken.into()),
    }
}

/// The booker (or the owner) cancels.
pub async fn cancel(db: &Db, viewer: &Viewer, booking_id: i64) -> AppResult<()> {
    let b = store::get_booking(db, booking_id).await?;
    if !is_booker(viewer, &b) {
        require_manager(db, viewer, b.space_id).await?;
    }
    guarded(store::cancel_booking(db, booking_id).await?, Taken::Changed)
}

/// The booker moves the booking to another slot, checked like a new one.
pub async fn reschedule(
    db: &Db,
    viewer: &Viewer,
    booking_id: i64,
    starts_at: i64,
    ends_at: i64,
    mut errors: FieldErrors,
) -> AppResult<Booking> {
    let b = store::get_booking(db, booking_id).await?;
    if !is_booker(viewer, &b) {
        return Err(AppError::Forbidden);
    }
    let space = store::get_space(db, b.space_id).await?;
    if !errors.contains_key("starts")
        && !errors.contains_key("ends")
        && let Some(problem) = slot_problem(&space.draft, starts_at, ends_at, b.attendees, now())
    {
        errors.insert(
            problem.field(),
            Text::new(move |s| problem.message(s).into()),
        );
    }
    valid(errors)?;
    match store::reschedule(db, booking_id, starts_at, ends_at).await? {
        Ok(()) => store::get_booking(db, booking_id).await,
        Err(taken) => Err(taken.into()),
    }
}

/// The owner blocks a period, from start to end (a holiday, a repair).
pub async fn block(
    db: &Db,
    viewer: &Viewer,
    space_id: i64,
    (starts_at, ends_at): (i64, i64),
    reason: &str,
    mut errors: FieldErrors,
) -> AppResult<i64> {
    require_manager(db, viewer, space_id).await?;
    let mut reason = reason.to_string();
    check_text(&mut errors, "reason", &mut reason, false, NOTE_MAX);
    if !errors.contains_key("starts") && !errors.contains_key("ends") && ends_at <= starts_at {
        errors.insert("ends", text!(err_ends_before_start));
    }
    valid(errors)?;
    store::add_block(db, space_id, starts_at, ends_at, &reason)
        .await?
        .map_err(|_| Taken::BlockOverBookings.into())
}
