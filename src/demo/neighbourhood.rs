//! The neighbourhood's day and the spaces lent out, as the demo data says them
//! (`[[events]]`, `[[spaces]]`, `[[bookings]]` in `aarhus.toml`), loaded through the events'
//! and spaces' actions.

use super::scenario::{Cast, refused};
use super::*;
use crate::events::actions as event_actions;
use crate::events::model::{EventDraft, ItemDraft, ProgrammeDraft};
use crate::platform::error::FieldErrors;
use crate::platform::time::{parse_moment, today};
use crate::spaces::actions::{self as space_actions, BookingRequest};
use crate::spaces::model::SpaceDraft;
use jiff::civil::Date;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct EventPlan {
    key: Option<String>,
    initiative: Option<String>,
    by: String,
    organiser: String,
    title: String,
    description: String,
    place: String,
    coordinates: Option<(f64, f64)>,
    /// `MM-DD`: the next such day, this year's while it is ahead.
    day: String,
    /// `HH:MM` on the day, Copenhagen time.
    starts: String,
    ends: String,
    capacity: Option<i64>,
    /// `HH:MM` the day before; until the start when not given.
    cancel_until_day_before: Option<String>,
    #[serde(default)]
    programme: Vec<ProgrammePlan>,
    #[serde(default)]
    items: Vec<ItemPlan>,
    /// People who sign up, in order.
    #[serde(default)]
    signups: Vec<String>,
    #[serde(default)]
    orders: Vec<OrderPlan>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProgrammePlan {
    starts: String,
    ends: Option<String>,
    title: String,
    #[serde(default)]
    place: String,
}

#[derive(Deserialize)]
struct ItemPlan {
    key: String,
    #[serde(flatten)]
    draft: ItemDraft,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OrderPlan {
    item: String,
    by: String,
    address: String,
    quantity: Option<i64>,
}

#[derive(Deserialize)]
pub(super) struct SpacePlan {
    key: Option<String>,
    by: String,
    owner: String,
    /// Lent out for this many days from the day the demo is loaded.
    available_days: Option<i64>,
    #[serde(flatten)]
    draft: SpaceDraft,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct BookingPlan {
    space: String,
    by: String,
    booker: String,
    initiative: Option<String>,
    purpose: String,
    attendees: Option<i64>,
    /// The event whose time it books.
    during: String,
    /// The owner's person who confirms it, when it needs approval.
    confirmed_by: Option<String>,
}

/// The next `MM-DD`: this year's while it is ahead, else next year's.
pub(super) fn next_day(month_day: &str) -> AppResult<Date> {
    let today = today();
    let (m, d) = month_day
        .split_once('-')
        .and_then(|(m, d)| Some((m.parse().ok()?, d.parse().ok()?)))
        .ok_or_else(|| AppError::Internal(format!("demo data: day {month_day:?}")))?;
    let this_year = Date::new(today.year(), m, d).map_err(|e| AppError::Internal(e.to_string()))?;
    match this_year > today {
        true => Ok(this_year),
        false => Date::new(today.year() + 1, m, d).map_err(|e| AppError::Internal(e.to_string())),
    }
}

pub(super) fn at(day: Date, clock: &str) -> AppResult<i64> {
    parse_moment(&format!("{day}T{clock}"))
        .ok_or_else(|| AppError::Internal(format!("demo data: time {clock:?}")))
}

pub(super) async fn event(db: &Db, cast: &mut Cast, e: &EventPlan) -> AppResult<()> {
    let viewer = cast.viewer(db, &e.by).await?;
    let day = next_day(&e.day)?;
    let cancel_until = match &e.cancel_until_day_before {
        Some(clock) => Some(at(
            day.yesterday()
                .map_err(|e| AppError::Internal(e.to_string()))?,
            clock,
        )?),
        None => None,
    };
    let draft = EventDraft {
        title: e.title.clone(),
        description: e.description.clone(),
        place: e.place.clone(),
        coordinates: e.coordinates,
        starts_at: at(day, &e.starts)?,
        ends_at: at(day, &e.ends)?,
        capacity: e.capacity,
        cancel_until,
    };
    let (starts_at, ends_at) = (draft.starts_at, draft.ends_at);
    let organiser = Some(cast.actor(&e.organiser)?);
    let initiative = e
        .initiative
        .as_deref()
        .map(|i| cast.initiative(i))
        .transpose()?;
    let id = event_actions::create(
        db,
        &viewer,
        draft,
        organiser,
        initiative,
        FieldErrors::new(),
    )
    .await
    .map_err(refused(&e.title))?;
    for p in &e.programme {
        let draft = ProgrammeDraft {
            title: p.title.clone(),
            place: p.place.clone(),
            starts_at: at(day, &p.starts)?,
            ends_at: p.ends.as_deref().map(|t| at(day, t)).transpose()?,
        };
        event_actions::add_programme_item(db, &viewer, id, draft, FieldErrors::new())
            .await
            .map_err(refused(&p.title))?;
    }
    for i in &e.items {
        let item = event_actions::add_item(db, &viewer, id, i.draft.clone(), FieldErrors::new())
            .await
            .map_err(refused(&i.draft.name))?;
        cast.items.insert(i.key.clone(), item);
    }
    for person in &e.signups {
        let viewer = cast.viewer(db, person).await?;
        event_actions::sign_up(db, &viewer, id)
            .await
            .map_err(refused(person))?;
    }
    for o in &e.orders {
        let viewer = cast.viewer(db, &o.by).await?;
        let item = cast.item(&o.item)?;
        event_actions::order(db, &viewer, item, &o.address, o.quantity)
            .await
            .map_err(refused(&o.address))?;
    }
    if let Some(key) = &e.key {
        cast.events.insert(key.clone(), (starts_at, ends_at));
    }
    Ok(())
}

pub(super) async fn space(db: &Db, cast: &mut Cast, s: &SpacePlan) -> AppResult<()> {
    let viewer = cast.viewer(db, &s.by).await?;
    let mut draft = s.draft.clone();
    if let Some(days) = s.available_days {
        let from = today();
        draft.available_from = Some(from);
        draft.available_until = from.checked_add(jiff::Span::new().days(days)).ok();
    }
    let owner = Some(cast.actor(&s.owner)?);
    let id = space_actions::create(db, &viewer, draft, owner, FieldErrors::new())
        .await
        .map_err(refused(&s.draft.name))?;
    if let Some(key) = &s.key {
        cast.spaces.insert(key.clone(), id);
    }
    Ok(())
}

pub(super) async fn booking(db: &Db, cast: &Cast, b: &BookingPlan) -> AppResult<()> {
    let viewer = cast.viewer(db, &b.by).await?;
    let (starts_at, ends_at) = cast.event(&b.during)?;
    let request = BookingRequest {
        booker_id: Some(cast.actor(&b.booker)?),
        initiative_id: b
            .initiative
            .as_deref()
            .map(|i| cast.initiative(i))
            .transpose()?,
        purpose: b.purpose.clone(),
        attendees: b.attendees,
        starts_at,
        ends_at,
    };
    let space = cast.space(&b.space)?;
    let booking = space_actions::book(db, &viewer, space, request, FieldErrors::new())
        .await
        .map_err(refused(&b.purpose))?;
    if let Some(owner) = &b.confirmed_by {
        let viewer = cast.viewer(db, owner).await?;
        space_actions::decide(db, &viewer, booking.id, true, "")
            .await
            .map_err(refused(&b.purpose))?;
    }
    Ok(())
}
