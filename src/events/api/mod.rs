//! Events in the JSON API: the same actions as the pages, through `actions`.

use super::actions;
use super::model::*;
use super::store::{self, Event, Item, Order, ProgrammeItem, Signup};
use crate::platform::auth::ApiCaller;
use crate::platform::db::grouped;
use crate::platform::error::{AppError, AppResult, FieldErrors, answers};
use crate::platform::geo::pair_coordinates;
use crate::platform::time::{PERIOD_FIELDS, api_moment_field, rfc3339};
use crate::platform::web::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

mod people;
mod plans;
pub use people::*;
pub use plans::*;

#[derive(Serialize, ToSchema)]
pub struct ProgrammeDto {
    pub id: i64,
    pub title: String,
    pub place: String,
    #[schema(format = DateTime)]
    pub starts_at: String,
    #[schema(format = DateTime)]
    pub ends_at: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ItemDto {
    pub id: i64,
    pub name: String,
    pub description: String,
    /// Paid on site, in øre (1/100 krone).
    pub price_ore: i64,
    pub stock: i64,
    pub remaining: i64,
    /// At most this many per household (building entrance); none means no limit.
    pub household_limit: Option<i64>,
    /// At most this many per person; none means no limit.
    pub person_limit: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct EventDto {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub place: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    #[schema(format = DateTime)]
    pub starts_at: String,
    #[schema(format = DateTime)]
    pub ends_at: String,
    /// Places for sign-ups; none means anyone may come without signing up.
    pub capacity: Option<i64>,
    #[schema(format = DateTime)]
    pub cancel_until: Option<String>,
    pub status: EventStatus,
    pub confirmed: i64,
    pub waiting: i64,
    pub places_left: Option<i64>,
    pub organiser_id: i64,
    pub organiser_name: String,
    pub initiative_id: Option<i64>,
    pub version: i64,
    pub programme: Vec<ProgrammeDto>,
    pub items: Vec<ItemDto>,
    /// The event as iCalendar.
    pub calendar_url: String,
}

fn programme_dto(p: ProgrammeItem) -> ProgrammeDto {
    ProgrammeDto {
        id: p.id,
        title: p.draft.title,
        place: p.draft.place,
        starts_at: rfc3339(p.draft.starts_at),
        ends_at: p.draft.ends_at.map(rfc3339),
    }
}

fn item_dto(i: Item) -> ItemDto {
    ItemDto {
        id: i.id,
        name: i.draft.name,
        description: i.draft.description,
        price_ore: i.draft.price_ore,
        stock: i.draft.stock,
        remaining: i.remaining,
        household_limit: i.draft.household_limit,
        person_limit: i.draft.person_limit,
    }
}

/// Events as sent, with their programmes and items (read for all of them at once).
async fn event_dtos(state: &AppState, events: Vec<Event>) -> AppResult<Vec<EventDto>> {
    let ids: Vec<i64> = events.iter().map(|e| e.id).collect();
    let mut programmes = grouped(store::programme(&state.db, &ids).await?, |p| p.event_id);
    let mut items = grouped(store::items(&state.db, &ids).await?, |i| i.event_id);
    Ok(events
        .into_iter()
        .map(|e| {
            let programme = programmes.remove(&e.id).unwrap_or_default();
            let items = items.remove(&e.id).unwrap_or_default();
            as_dto(state, e, programme, items)
        })
        .collect())
}

/// One event as sent.
async fn event_dto(state: &AppState, e: Event) -> AppResult<EventDto> {
    let mut one = event_dtos(state, vec![e]).await?;
    Ok(one.remove(0))
}

fn as_dto(state: &AppState, e: Event, programme: Vec<ProgrammeItem>, items: Vec<Item>) -> EventDto {
    let d = &e.draft;
    EventDto {
        id: e.id,
        places_left: e.places_left(),
        title: d.title.clone(),
        description: d.description.clone(),
        place: d.place.clone(),
        latitude: d.coordinates.map(|c| c.0),
        longitude: d.coordinates.map(|c| c.1),
        starts_at: rfc3339(d.starts_at),
        ends_at: rfc3339(d.ends_at),
        capacity: d.capacity,
        cancel_until: d.cancel_until.map(rfc3339),
        status: e.status,
        confirmed: e.confirmed,
        waiting: e.waiting,
        organiser_id: e.organiser_id,
        organiser_name: e.organiser_name,
        initiative_id: e.initiative_id,
        version: e.version,
        programme: programme.into_iter().map(programme_dto).collect(),
        items: items.into_iter().map(item_dto).collect(),
        calendar_url: format!(
            "{}/events/{}/calendar.ics",
            state.config.public_url().trim_end_matches('/'),
            e.id
        ),
    }
}

#[derive(Serialize, ToSchema)]
pub struct SignupDto {
    pub id: i64,
    pub event_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub status: SignupStatus,
    /// The position in which the server accepted the sign-up among all of the event's.
    pub accepted_order: i64,
    /// On the waiting list: the place in the queue (1 = next to move up).
    pub waiting_position: Option<i64>,
    #[schema(format = DateTime)]
    pub checked_in_at: Option<String>,
}

fn signup_dto(s: Signup) -> SignupDto {
    SignupDto {
        id: s.id,
        event_id: s.event_id,
        person_id: s.person_id,
        person_name: s.person_name,
        status: s.status,
        accepted_order: s.accepted_order,
        waiting_position: s.waiting_position,
        checked_in_at: s.checked_in_at.map(rfc3339),
    }
}

#[derive(Serialize, ToSchema)]
pub struct OrderDto {
    pub id: i64,
    pub item_id: i64,
    pub item_name: String,
    pub event_id: i64,
    pub person_id: i64,
    pub quantity: i64,
    pub address: String,
    pub status: OrderStatus,
    /// The position in which the server accepted the order among all of the item's.
    pub accepted_order: i64,
    /// What it costs, in øre.
    pub to_pay_ore: i64,
    /// What was paid on site at hand-out, in øre.
    pub paid_ore: Option<i64>,
}

fn order_dto(o: Order) -> OrderDto {
    OrderDto {
        id: o.id,
        item_id: o.item_id,
        item_name: o.item_name,
        event_id: o.event_id,
        person_id: o.person_id,
        quantity: o.quantity,
        address: o.address,
        status: o.status,
        accepted_order: o.accepted_order,
        to_pay_ore: o.price_ore * o.quantity,
        paid_ore: o.paid_ore,
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EventListParams {
    /// Only this initiative's events.
    pub initiative_id: Option<i64>,
    #[param(minimum = 1, maximum = 10000)]
    pub page: Option<i64>,
}

const PER_PAGE: i64 = 50;

/// The feature's API routes, each registered once with its documentation.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get, replace))
        .routes(routes!(cancel))
        .routes(routes!(add_programme_item))
        .routes(routes!(add_item))
        .routes(routes!(signups, sign_up))
        .routes(routes!(orders))
        .routes(routes!(cancel_signup))
        .routes(routes!(check_in))
        .routes(routes!(order))
        .routes(routes!(cancel_order))
        .routes(routes!(hand_out))
}
