//! Spaces and bookings in the JSON API: the same actions as the pages, through `actions`.

use super::actions::{self, BookingRequest};
use super::model::*;
use super::store::{self, Booking, Space, SpaceFilter};
use crate::actors::model::ActorKind;
use crate::platform::auth::ApiCaller;
use crate::platform::db::MAX_PAGE;
use crate::platform::error::{AppError, AppResult, FieldErrors, answers};
use crate::platform::geo::pair_coordinates;
use crate::platform::i18n::Lang;
use crate::platform::input::printable;
use crate::platform::time::{PERIOD_FIELDS, api_moment_field, parse_iso_date, rfc3339};
use crate::platform::web::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

fn lang(headers: &HeaderMap) -> Lang {
    Lang::of_headers(headers)
}

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

async fn space_dto(state: &AppState, s: Space) -> AppResult<SpaceDto> {
    let taken = store::coming_bookings(&state.db, s.id)
        .await?
        .into_iter()
        .filter(|b| b.status == BookingStatus::Confirmed)
        .map(|b| TakenDto {
            starts_at: rfc3339(b.starts_at),
            ends_at: rfc3339(b.ends_at),
        })
        .collect();
    let d = s.draft;
    Ok(SpaceDto {
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
    })
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

#[utoipa::path(get, path = "/api/v1/spaces", tag = "spaces", params(SpaceListParams),
    responses((status = 200, body = [SpaceDto]), answers::BadRequest))]
/// Bookable spaces by area, date, size and facility, by name, 50 per page.
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<SpaceListParams>,
) -> AppResult<Json<Vec<SpaceDto>>> {
    let s = lang(&headers).strings();
    let page = q.page.unwrap_or(1);
    if !(1..=MAX_PAGE).contains(&page) {
        return Err(AppError::BadRequest(s.err_paging.into()));
    }
    if q.min_capacity.is_some_and(|n| n < 1) {
        return Err(AppError::BadRequest(s.err_space_capacity.into()));
    }
    let mut features = Vec::new();
    for code in q
        .features
        .as_deref()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        features
            .push(Feature::parse(code).ok_or_else(|| AppError::BadRequest(s.err_choose.into()))?);
    }
    let on = match q.date.as_deref() {
        None => None,
        Some(d) => {
            Some(parse_iso_date(d).ok_or_else(|| AppError::BadRequest(s.err_date_iso.into()))?)
        }
    };
    let filter = SpaceFilter {
        neighbourhood: printable(q.neighbourhood.as_deref().unwrap_or("")),
        min_capacity: q.min_capacity,
        features,
        on,
    };
    let mut out = Vec::new();
    for sp in store::search(&state.db, &filter, PER_PAGE, (page - 1) * PER_PAGE).await? {
        out.push(space_dto(&state, sp).await?);
    }
    Ok(Json(out))
}

#[utoipa::path(get, path = "/api/v1/spaces/{id}", tag = "spaces", params(("id" = i64, Path)),
    responses((status = 200, body = SpaceDto), answers::BadRequest, answers::NotFound))]
pub async fn get(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Json<SpaceDto>> {
    let sp = store::get_space(&state.db, id).await?;
    Ok(Json(space_dto(&state, sp).await?))
}

/// A space as sent.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SpaceBody {
    /// Who lends it out: the caller or an organisation they act for. Set at creation only.
    pub owner_id: Option<i64>,
    pub kind: SpaceKind,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub neighbourhood: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    #[schema(minimum = 1, maximum = 100000)]
    pub capacity: Option<i64>,
    #[schema(minimum = 1, maximum = 1000000)]
    pub area_m2: Option<i64>,
    #[serde(default)]
    pub features: Vec<Feature>,
    #[serde(default)]
    pub house_rules: String,
    pub bookable_by: Vec<ActorKind>,
    #[serde(default)]
    pub needs_approval: bool,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1000000)]
    pub price_ore_per_hour: i64,
    /// Seven entries, Monday first: "08:00-22:00", or "" for closed. Leave out for always open.
    pub opening_hours: Option<Vec<String>>,
    #[schema(format = Date)]
    pub available_from: Option<String>,
    #[schema(format = Date)]
    pub available_until: Option<String>,
    /// When replacing: active, or withdrawn to stop taking bookings.
    pub status: Option<SpaceStatus>,
    /// Required to replace a space: the version it was read at.
    pub version: Option<i64>,
}

impl SpaceBody {
    fn draft(self, lang: Lang, errors: &mut FieldErrors) -> SpaceDraft {
        let s = lang.strings();
        let hours = match &self.opening_hours {
            None => None,
            Some(days) if days.len() == 7 => {
                let parsed: Result<Vec<_>, UnreadableHours> =
                    days.iter().map(|d| OpeningHours::parse_day(d)).collect();
                match parsed {
                    Ok(p) => Some(OpeningHours(std::array::from_fn(|i| p[i]))),
                    Err(_) => {
                        errors.insert("opening_hours", s.err_opening_hours.into());
                        None
                    }
                }
            }
            Some(_) => {
                errors.insert("opening_hours", s.err_opening_hours.into());
                None
            }
        };
        let mut date = |field: &'static str, text: Option<&str>| {
            text.and_then(|t| {
                parse_iso_date(t).or_else(|| {
                    errors.insert(field, s.err_date_iso.into());
                    None
                })
            })
        };
        let available_from = date("available_from", self.available_from.as_deref());
        let available_until = date("available_until", self.available_until.as_deref());
        SpaceDraft {
            kind: self.kind,
            name: self.name,
            description: self.description,
            address: self.address,
            neighbourhood: self.neighbourhood,
            coordinates: pair_coordinates(errors, s, self.latitude, self.longitude),
            capacity: self.capacity,
            area_m2: self.area_m2,
            features: self.features,
            house_rules: self.house_rules,
            bookable_by: self.bookable_by,
            needs_approval: self.needs_approval,
            price_ore_per_hour: self.price_ore_per_hour,
            opening_hours: hours,
            available_from,
            available_until,
        }
    }
}

#[utoipa::path(post, path = "/api/v1/spaces", tag = "spaces", request_body = SpaceBody, security(("bearer" = [])),
    responses((status = 201, body = SpaceDto), answers::BadRequest, answers::Unauthenticated,
              answers::Invalid))]
/// Lists a space for the caller or an organisation they act for.
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Json(body): Json<SpaceBody>,
) -> AppResult<(StatusCode, Json<SpaceDto>)> {
    let lang = lang(&headers);
    let owner = body.owner_id.or(Some(viewer.person_id));
    let mut errors = FieldErrors::new();
    let draft = body.draft(lang, &mut errors);
    let id = actions::create(&state.db, &viewer, lang, draft, owner, errors).await?;
    let sp = store::get_space(&state.db, id).await?;
    Ok((StatusCode::CREATED, Json(space_dto(&state, sp).await?)))
}

#[utoipa::path(put, path = "/api/v1/spaces/{id}", tag = "spaces", params(("id" = i64, Path)), request_body = SpaceBody,
    security(("bearer" = [])),
    responses((status = 200, body = SpaceDto), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound, answers::Refused,
              answers::Invalid))]
/// Replaces a space's description and rules (its owner only).
pub async fn replace(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<SpaceBody>,
) -> AppResult<Json<SpaceDto>> {
    let lang = lang(&headers);
    let current = actions::require_manager(&state.db, &viewer, id).await?;
    let (status, version) = (body.status.unwrap_or(current.status), body.version);
    let mut errors = FieldErrors::new();
    if version.is_none() {
        errors.insert("version", lang.strings().err_required.into());
    }
    let draft = body.draft(lang, &mut errors);
    actions::update(
        &state.db,
        &viewer,
        lang,
        id,
        draft,
        (status, version.unwrap_or(0)),
        errors,
    )
    .await?;
    let sp = store::get_space(&state.db, id).await?;
    Ok(Json(space_dto(&state, sp).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BookingBody {
    /// Who books: the caller or an organisation they act for, of a kind the space lends to.
    pub booker_id: Option<i64>,
    /// The initiative the booking serves.
    pub initiative_id: Option<i64>,
    pub purpose: String,
    #[schema(minimum = 1, maximum = 100000)]
    pub attendees: Option<i64>,
    /// RFC 3339 (2027-06-02T10:00:00+02:00), or ISO 8601 without an offset (2027-06-02T10:00),
    /// read as Copenhagen time. Never a day-first date.
    pub starts_at: String,
    /// RFC 3339 (2027-06-02T10:00:00+02:00), or ISO 8601 without an offset (2027-06-02T10:00),
    /// read as Copenhagen time. Never a day-first date.
    pub ends_at: String,
}

#[utoipa::path(post, path = "/api/v1/spaces/{id}/bookings", tag = "spaces", params(("id" = i64, Path)),
    request_body = BookingBody, security(("bearer" = [])),
    responses((status = 201, body = BookingDto), answers::BadRequest, answers::Unauthenticated,
              answers::NotFound, answers::Refused, answers::Invalid))]
/// Books a slot: confirmed at once, or requested when the space needs its owner's approval.
/// A slot outside the space's hours or days is 422; one that is taken or blocked is 409.
pub async fn book(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<BookingBody>,
) -> AppResult<(StatusCode, Json<BookingDto>)> {
    let lang = lang(&headers);
    let s = lang.strings();
    let mut errors = FieldErrors::new();
    let starts_at = api_moment_field(&mut errors, s, "starts", &body.starts_at, true);
    let ends_at = api_moment_field(&mut errors, s, "ends", &body.ends_at, true);
    let req = BookingRequest {
        booker_id: body.booker_id.or(Some(viewer.person_id)),
        initiative_id: body.initiative_id,
        purpose: body.purpose,
        attendees: body.attendees,
        starts_at: starts_at.unwrap_or(0),
        ends_at: ends_at.unwrap_or(0),
    };
    let b = actions::book(&state.db, &viewer, lang, id, req, errors)
        .await
        .map_err(|e| e.renamed_fields(PERIOD_FIELDS))?;
    Ok((StatusCode::CREATED, Json(booking_dto(b))))
}

#[utoipa::path(get, path = "/api/v1/spaces/{id}/bookings", tag = "spaces", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = [BookingDto]), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound))]
/// The owner's queue: requested and confirmed bookings that have not ended, by start.
pub async fn bookings(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<BookingDto>>> {
    actions::require_manager(&state.db, &viewer, id).await?;
    let list = store::coming_bookings(&state.db, id).await?;
    Ok(Json(list.into_iter().map(booking_dto).collect()))
}

#[utoipa::path(get, path = "/api/v1/bookings/{id}", tag = "spaces", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = BookingDto), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound))]
/// A booking, for its booker and the space's owner.
pub async fn get_booking(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
) -> AppResult<Json<BookingDto>> {
    let b = store::get_booking(&state.db, id).await?;
    let booker = crate::platform::permissions::can(
        Some(&viewer),
        crate::platform::permissions::Action::ActFor(b.booker_id),
    );
    if !booker {
        actions::require_manager(&state.db, &viewer, b.space_id).await?;
    }
    Ok(Json(booking_dto(b)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    pub confirm: bool,
    /// Required when declining.
    #[serde(default)]
    pub reason: String,
}

#[utoipa::path(post, path = "/api/v1/bookings/{id}/decision", tag = "spaces", params(("id" = i64, Path)),
    request_body = DecisionBody, security(("bearer" = [])),
    responses((status = 200, body = BookingDto), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound, answers::Refused,
              answers::Invalid))]
/// The owner confirms or declines a requested booking. Confirming a slot another confirmed
/// booking has taken meanwhile is 409.
pub async fn decide(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<DecisionBody>,
) -> AppResult<Json<BookingDto>> {
    let b = actions::decide(
        &state.db,
        &viewer,
        lang(&headers),
        id,
        body.confirm,
        &body.reason,
    )
    .await?;
    Ok(Json(booking_dto(b)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SlotBody {
    /// RFC 3339 (2027-06-02T10:00:00+02:00), or ISO 8601 without an offset (2027-06-02T10:00),
    /// read as Copenhagen time. Never a day-first date.
    pub starts_at: String,
    /// RFC 3339 (2027-06-02T10:00:00+02:00), or ISO 8601 without an offset (2027-06-02T10:00),
    /// read as Copenhagen time. Never a day-first date.
    pub ends_at: String,
}

#[utoipa::path(put, path = "/api/v1/bookings/{id}/time", tag = "spaces", params(("id" = i64, Path)),
    request_body = SlotBody, security(("bearer" = [])),
    responses((status = 200, body = BookingDto), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound, answers::Refused,
              answers::Invalid))]
/// The booker moves a booking; on a space that needs approval it is requested again.
pub async fn reschedule(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<SlotBody>,
) -> AppResult<Json<BookingDto>> {
    let lang = lang(&headers);
    let s = lang.strings();
    let mut errors = FieldErrors::new();
    let starts_at = api_moment_field(&mut errors, s, "starts", &body.starts_at, true).unwrap_or(0);
    let ends_at = api_moment_field(&mut errors, s, "ends", &body.ends_at, true).unwrap_or(0);
    let b = actions::reschedule(&state.db, &viewer, lang, id, starts_at, ends_at, errors)
        .await
        .map_err(|e| e.renamed_fields(PERIOD_FIELDS))?;
    Ok(Json(booking_dto(b)))
}

#[utoipa::path(delete, path = "/api/v1/bookings/{id}", tag = "spaces", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 204), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound, answers::Refused))]
/// Cancels a booking (its booker or the space's owner).
pub async fn cancel(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    actions::cancel(&state.db, &viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct BlockBody {
    /// RFC 3339 (2027-06-02T10:00:00+02:00), or ISO 8601 without an offset (2027-06-02T10:00),
    /// read as Copenhagen time. Never a day-first date.
    pub starts_at: String,
    /// RFC 3339 (2027-06-02T10:00:00+02:00), or ISO 8601 without an offset (2027-06-02T10:00),
    /// read as Copenhagen time. Never a day-first date.
    pub ends_at: String,
    #[serde(default)]
    pub reason: String,
}

#[derive(Serialize, ToSchema)]
pub struct BlockDto {
    pub id: i64,
    #[schema(format = DateTime)]
    pub starts_at: String,
    #[schema(format = DateTime)]
    pub ends_at: String,
    pub reason: String,
}

#[utoipa::path(post, path = "/api/v1/spaces/{id}/blocks", tag = "spaces", params(("id" = i64, Path)),
    request_body = BlockBody, security(("bearer" = [])),
    responses((status = 201, body = BlockDto), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound, answers::Invalid))]
/// The owner blocks a period; no booking can be made or confirmed across it.
pub async fn block(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<BlockBody>,
) -> AppResult<(StatusCode, Json<BlockDto>)> {
    let lang = lang(&headers);
    let s = lang.strings();
    let mut errors = FieldErrors::new();
    let starts_at = api_moment_field(&mut errors, s, "starts", &body.starts_at, true).unwrap_or(0);
    let ends_at = api_moment_field(&mut errors, s, "ends", &body.ends_at, true).unwrap_or(0);
    let block_id = actions::block(
        &state.db,
        &viewer,
        lang,
        id,
        (starts_at, ends_at),
        &body.reason,
        errors,
    )
    .await
    .map_err(|e| e.renamed_fields(PERIOD_FIELDS))?;
    let b = store::get_block(&state.db, block_id).await?;
    Ok((
        StatusCode::CREATED,
        Json(BlockDto {
            id: b.id,
            starts_at: rfc3339(b.starts_at),
            ends_at: rfc3339(b.ends_at),
            reason: b.reason,
        }),
    ))
}

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
