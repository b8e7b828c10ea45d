//! The mobilisation part of the JSON API: needs, offers, matches with their reasons, "where
//! can I help near here", pledges and contributions.

use super::actions::{self, PledgeRequest};
use super::matching;
use super::model::*;
use super::store::{self, Call, ListFilter, Need, Offer, Pledge, Scored, Seeker};
use crate::actors::model::ActorKind;
use crate::platform::auth::ApiCaller;
use crate::platform::db::MAX_PAGE;
use crate::platform::error::{AppError, AppResult, FieldErrors, answers};
use crate::platform::geo::pair_coordinates;
use crate::platform::i18n::Lang;
use crate::platform::input::printable;
use crate::platform::permissions::{Action, require};
use crate::platform::search;
use crate::platform::time::{parse_iso_date, rfc3339};
use crate::platform::web::AppState;
use crate::text;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

mod calls;
mod reading;
mod writing;
pub use calls::*;
pub use reading::*;
pub use writing::*;

/// When: weekdays and parts of the day (none means any), and a period (ISO dates, open ends).
#[derive(Serialize, Deserialize, ToSchema, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct AvailabilityDto {
    #[serde(default)]
    pub weekdays: Vec<Weekday>,
    #[serde(default)]
    pub day_parts: Vec<DayPart>,
    /// YYYY-MM-DD.
    #[schema(format = Date)]
    pub from_date: Option<String>,
    /// YYYY-MM-DD, on or after `from_date`.
    #[schema(format = Date)]
    pub to_date: Option<String>,
}

impl AvailabilityDto {
    fn of(a: &Availability) -> AvailabilityDto {
        AvailabilityDto {
            weekdays: a.weekdays.clone(),
            day_parts: a.day_parts.clone(),
            from_date: a.from.map(|d| d.to_string()),
            to_date: a.to.map(|d| d.to_string()),
        }
    }

    fn parse(self, errors: &mut FieldErrors) -> Availability {
        let mut date = |field: &'static str, text: Option<String>| {
            text.and_then(|t| {
                let d = parse_iso_date(&t);
                if d.is_none() {
                    errors.insert(field, text!(err_date_iso));
                }
                d
            })
        };
        let from = date("from_date", self.from_date);
        let to = date("to_date", self.to_date);
        Availability {
            weekdays: self.weekdays,
            day_parts: self.day_parts,
            from,
            to,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Place {
    pub latitude: f64,
    pub longitude: f64,
}

fn place(c: Option<(f64, f64)>) -> Option<Place> {
    c.map(|(latitude, longitude)| Place {
        latitude,
        longitude,
    })
}

#[derive(Serialize, ToSchema)]
pub struct NeedDto {
    pub id: i64,
    pub initiative_id: i64,
    pub initiative_title: String,
    pub kind: ResourceKind,
    pub title: String,
    pub description: String,
    /// Comma-separated, as written.
    pub skills: String,
    pub quantity: Option<i64>,
    /// What `quantity` and pledged amounts count.
    pub unit: Unit,
    pub when: AvailabilityDto,
    pub address: String,
    pub neighbourhood: String,
    pub coordinates: Option<Place>,
    pub status: NeedStatus,
    pub created_at: String,
    pub updated_at: String,
    /// Send back with a replacement to detect concurrent edits.
    pub version: i64,
}

fn need_dto(n: Need) -> NeedDto {
    let d = n.draft;
    NeedDto {
        id: n.id,
        initiative_id: n.initiative_id,
        initiative_title: n.initiative_title,
        kind: d.kind,
        unit: d.kind.unit(),
        title: d.title,
        description: d.description,
        skills: d.skills,
        quantity: d.quantity,
        when: AvailabilityDto::of(&d.when),
        address: d.address,
        neighbourhood: d.neighbourhood,
        coordinates: place(d.coordinates),
        status: n.status,
        created_at: rfc3339(n.created_at),
        updated_at: rfc3339(n.updated_at),
        version: n.version,
    }
}

#[derive(Serialize, ToSchema)]
pub struct OfferDto {
    pub id: i64,
    pub actor_id: i64,
    pub actor_name: String,
    pub actor_kind: ActorKind,
    pub kind: ResourceKind,
    pub title: String,
    pub description: String,
    pub skills: String,
    pub quantity: Option<i64>,
    pub unit: Unit,
    pub when: AvailabilityDto,
    pub neighbourhood: String,
    /// The centre of the area the offer applies to; anywhere when absent.
    pub coordinates: Option<Place>,
    pub radius_m: Option<i64>,
    /// What must be in place.
    pub conditions: String,
    pub status: OfferStatus,
    pub created_at: String,
    pub updated_at: String,
    pub version: i64,
}

fn offer_dto(o: Offer) -> OfferDto {
    let d = o.draft;
    OfferDto {
        id: o.id,
        actor_id: o.actor_id,
        actor_name: o.actor_name,
        actor_kind: o.actor_kind,
        kind: d.kind,
        unit: d.kind.unit(),
        title: d.title,
        description: d.description,
        skills: d.skills,
        quantity: d.quantity,
        when: AvailabilityDto::of(&d.when),
        neighbourhood: d.neighbourhood,
        coordinates: place(d.coordinates),
        radius_m: d.radius_m,
        conditions: d.conditions,
        status: o.status,
        created_at: rfc3339(o.created_at),
        updated_at: rfc3339(o.updated_at),
        version: o.version,
    }
}

#[derive(Serialize, ToSchema)]
pub struct PledgeDto {
    pub id: i64,
    pub need_id: i64,
    pub need_title: String,
    pub initiative_id: i64,
    pub offer_id: Option<i64>,
    pub actor_id: i64,
    pub actor_name: String,
    pub amount: Option<i64>,
    /// To the initiative; empty in public lists.
    pub message: String,
    pub status: PledgeStatus,
    /// Why it was declined, if it was; empty in public lists.
    pub reason: String,
    pub pledged_at: String,
    pub decided_at: Option<String>,
    /// What has been given under this pledge so far, in `unit`.
    pub given: i64,
    /// Some of it was more than pledged, as whoever recorded it confirmed.
    pub given_beyond_pledge: bool,
    pub unit: Unit,
}

fn pledge_dto(p: Pledge) -> PledgeDto {
    PledgeDto {
        id: p.id,
        need_id: p.need_id,
        need_title: p.need_title,
        initiative_id: p.initiative_id,
        offer_id: p.offer_id,
        actor_id: p.actor_id,
        actor_name: p.actor_name,
        amount: p.amount,
        message: p.message,
        status: p.status,
        reason: p.reason,
        pledged_at: rfc3339(p.pledged_at),
        decided_at: p.decided_at.map(rfc3339),
        given: p.given,
        given_beyond_pledge: p.given_beyond,
        unit: p.unit,
    }
}

#[derive(Serialize, ToSchema)]
pub struct NeedDetail {
    #[serde(flatten)]
    pub need: NeedDto,
    pub pledges: Vec<PledgeDto>,
}

#[derive(Serialize, ToSchema)]
pub struct NeedList {
    pub items: Vec<NeedDto>,
    pub page: i64,
    pub per_page: i64,
    pub has_next: bool,
}

#[derive(Serialize, ToSchema)]
pub struct OfferList {
    pub items: Vec<OfferDto>,
    pub page: i64,
    pub per_page: i64,
    pub has_next: bool,
}

/// A suggested offer for a need, best first.
#[derive(Serialize, ToSchema)]
pub struct OfferMatch {
    pub offer: OfferDto,
    /// Higher fits better (kind, shared skills, nearness, time; at most 100).
    pub score: i64,
    /// Why it fits, in the requested language.
    pub reasons: Vec<String>,
}

/// A suggested need, best first.
#[derive(Serialize, ToSchema)]
pub struct NeedMatch {
    pub need: NeedDto,
    pub score: i64,
    pub reasons: Vec<String>,
}

fn lang(headers: &HeaderMap) -> Lang {
    Lang::of_headers(headers)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    pub kind: Option<ResourceKind>,
    pub neighbourhood: Option<String>,
    #[param(minimum = 1, maximum = 10000)]
    pub page: Option<i64>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<i64>,
}

impl ListParams {
    fn filter(self) -> AppResult<ListFilter> {
        let per_page = self.per_page.unwrap_or(store::PER_PAGE);
        if !(1..=100).contains(&per_page) || self.page.is_some_and(|n| !(1..=MAX_PAGE).contains(&n))
        {
            return Err(AppError::BadRequest(crate::text!(err_paging)));
        }
        Ok(ListFilter {
            kind: self.kind,
            neighbourhood: printable(&self.neighbourhood.unwrap_or_default()),
            page: self.page.unwrap_or(1),
            per_page,
        })
    }
}

/// The feature's API routes, each registered once with its documentation.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_need))
        .routes(routes!(list_needs))
        .routes(routes!(needs_near))
        .routes(routes!(get_need, replace_need))
        .routes(routes!(need_matches))
        .routes(routes!(pledge))
        .routes(routes!(list_offers, create_offer))
        .routes(routes!(get_offer, replace_offer))
        .routes(routes!(offer_matches))
        .routes(routes!(decide))
        .routes(routes!(withdraw))
        .routes(routes!(contribute))
        .routes(routes!(publish_call))
        .routes(routes!(list_calls))
        .routes(routes!(get_call))
        .routes(routes!(close_call))
        .routes(routes!(set_need_status))
}
