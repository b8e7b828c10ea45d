//! Spaces and bookings in the JSON API: the same actions as the pages, through `actions`.

use super::actions::{self, BookingRequest};
use super::model::*;
use super::store::{self, Booking, Space, SpaceFilter};
use crate::actors::model::ActorKind;
use crate::platform::auth::ApiCaller;
use crate::platform::db::{MAX_PAGE, grouped};
use crate::platform::error::{AppError, AppResult, FieldErrors, answers};
use crate::platform::geo::pair_coordinates;
use crate::platform::input::printable;
use crate::platform::time::{PERIOD_FIELDS, api_moment_field, parse_iso_date, rfc3339};
use crate::platform::web::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

mod bookings;
mod listing;
pub use bookings::*;
pub use listing::*;

/// A confirmed booking's time, without who booked it.
#[derive(Serialize, ToSchema)]
pub struct TakenDto {
    #[schema(format = DateTime)]
    pub starts_at: String,
    #[schema(format = DateTime)]
    pub ends_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct SpaceDto {
    pub id: i64,
    pub owner_id: i64,
    pub owner_name: String,
    pub kind: SpaceKind,
    pub name: String,
    pub description: String,
    pub address: String,
    pub neighbourhood: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub capacity: Option<i64>,
    pub area_m2: Option<i64>,
    pub features: Vec<Feature>,
    pub house_rules: String,
    pub bookable_by: Vec<ActorKind>,
    pub needs_approval: bool,
    pub price_ore_per_hour: i64,
    /// Monday first, "08:00-22:00" or "" for closed; none means always open.
    pub opening_hours: Option<Vec<String>>,
    #[schema(format = Date)]
    pub available_from: Option<String>,
    #[schema(format = Date)]
    pub available_until: Option<String>,
    pub status: SpaceStatus,
    pub version: i64,
    /// Confirmed bookings that have not ended.
    pub taken: Vec<TakenDto>,
}

/// One space as sent.
async fn space_dto(state: &AppState, s: Space) -> AppResult<SpaceDto> {
    let mut one = space_dtos(state, vec![s]).await?;
    Ok(one.remove(0))
}

/// Spaces as sent, with when they are taken (read for all of them at once).
async fn space_dtos(state: &AppState, spaces: Vec<Space>) -> AppResult<Vec<SpaceDto>> {
    let ids: Vec<i64> = spaces.iter().map(|s| s.id).collect();
    let mut taken = grouped(store::coming_bookings_of(&state.db, &ids).await?, |b| {
        b.space_id
    });
    Ok(spaces
        .into_iter()
        .map(|s| {
            let taken = taken.remove(&s.id).unwrap_or_default();
            as_dto(s, taken)
        })
        .collect())
}

fn as_dto(s: Space, bookings: Vec<Booking>) -> SpaceDto {
    let taken = bookings
        .into_iter()
        .filter(|b| b.status == BookingStatus::Confirmed)
        .map(|b| TakenDto {
            starts_at: rfc3339(b.starts_at),
            ends_at: rfc3339(b.ends_at),
        })
        .collect();
    let d = s.draft;
    SpaceDto {
        id: s.id,
        owner_id: s.owner_id,
        owner_name: s.owner_name,
        kind: d.kind,
        name: d.name,
        description: d.description,
        address: d.address,
        neighbourhood: d.neighbourhood,
        latitude: d.coordinates.map(|c| c.0),
        longitude: d.coordinates.map(|c| c.1),
        capacity: d.capacity,
        area_m2: d.area_m2,
        features: d.features,
        house_rules: d.house_rules,
        bookable_by: d.bookable_by,
        needs_approval: d.needs_approval,
        price_ore_per_hour: d.price_ore_per_hour,
        opening_hours: d
            .opening_hours
            .map(|h| h.to_text().split('|').map(String::from).collect()),
        available_from: d.available_from.map(|d| d.to_string()),
        available_until: d.available_until.map(|d| d.to_string()),
        status: s.status,
        version: s.version,
        taken,
    }
}

#[derive(Serialize, ToSchema)]
pub struct BookingDto {
    pub id: i64,
    pub space_id: i64,
    pub space_name: String,
    pub booker_id: i64,
    pub booker_name: String,
    pub initiative_id: Option<i64>,
    pub purpose: String,
    pub attendees: Option<i64>,
    #[schema(format = DateTime)]
    pub starts_at: String,
    #[schema(format = DateTime)]
    pub ends_at: String,
    pub status: BookingStatus,
    /// The owner's reason, given with a decline.
    pub reason: String,
}

fn booking_dto(b: Booking) -> BookingDto {
    BookingDto {
        id: b.id,
        space_id: b.space_id,
        space_name: b.space_name,
        booker_id: b.booker_id,
        booker_name: b.booker_name,
        initiative_id: b.initiative_id,
        purpose: b.purpose,
        attendees: b.attendees,
        starts_at: rfc3339(b.starts_at),
        ends_at: rfc3339(b.ends_at),
        status: b.status,
        reason: b.reason,
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SpaceListParams {
    pub neighbourhood: Option<String>,
    /// Holds at least this many people.
    #[param(minimum = 1)]
    pub min_capacity: Option<i64>,
    /// Has all of these (comma-separated feature codes).
    pub features: Option<String>,
    /// Open and available on this day (YYYY-MM-DD).
    #[param(format = Date)]
    pub date: Option<String>,
    #[param(minimum = 1, maximum = 10000)]
    pub page: Option<i64>,
}

const PER_PAGE: i64 = 50;

/// The feature's API routes, each registered once with its documentation.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get, replace))
        .routes(routes!(bookings, book))
        .routes(routes!(block))
        .routes(routes!(get_booking, cancel))
        .routes(routes!(decide))
        .routes(routes!(reschedule))
}
