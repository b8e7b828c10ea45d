//! Events in the JSON API: the same actions as the pages, through `actions`.

use super::actions;
use super::model::*;
use super::store::{self, Event, Item, Order, ProgrammeItem, Signup};
use crate::platform::auth::ApiCaller;
use crate::platform::error::{AppError, AppResult, FieldErrors, answers};
use crate::platform::geo::pair_coordinates;
use crate::platform::i18n::Lang;
use crate::platform::time::{PERIOD_FIELDS, api_moment_field, rfc3339};
use crate::platform::web::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

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
    }
}

async fn event_dto(state: &AppState, e: Event) -> AppResult<EventDto> {
    let programme = store::programme(&state.db, e.id).await?;
    let items = store::items(&state.db, e.id).await?;
    let d = &e.draft;
    Ok(EventDto {
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
    })
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

fn lang(headers: &HeaderMap) -> Lang {
    Lang::of_headers(headers)
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

#[utoipa::path(get, path = "/api/v1/events", tag = "events", params(EventListParams),
    responses((status = 200, body = [EventDto]), answers::BadRequest))]
/// Events that have not ended, soonest first, 50 per page.
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<EventListParams>,
) -> AppResult<Json<Vec<EventDto>>> {
    let Some(page) = crate::platform::db::api_page(q.page) else {
        return Err(AppError::BadRequest(
            lang(&headers).strings().err_paging.into(),
        ));
    };
    let mut out = Vec::new();
    for e in store::upcoming(&state.db, q.initiative_id, PER_PAGE, (page - 1) * PER_PAGE).await? {
        out.push(event_dto(&state, e).await?);
    }
    Ok(Json(out))
}

#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events", params(("id" = i64, Path)),
    responses((status = 200, body = EventDto), answers::BadRequest, answers::NotFound))]
pub async fn get(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Json<EventDto>> {
    let e = store::get_event(&state.db, id).await?;
    Ok(Json(event_dto(&state, e).await?))
}

/// An event as sent. Times are RFC 3339 (2027-06-02T10:00:00+02:00) or Copenhagen wall-clock
/// time (2027-06-02T10:00).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct EventBody {
    /// Who organises it: the caller or an organisation they act for. Set at creation only.
    pub organiser_id: Option<i64>,
    /// The initiative it is part of, which the caller must help lead. Set at creation only.
    pub initiative_id: Option<i64>,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub place: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    /// RFC 3339 (2027-06-02T10:00:00+02:00), or ISO 8601 without an offset (2027-06-02T10:00),
    /// read as Copenhagen time. Never a day-first date.
    pub starts_at: String,
    /// RFC 3339 (2027-06-02T10:00:00+02:00), or ISO 8601 without an offset (2027-06-02T10:00),
    /// read as Copenhagen time. Never a day-first date.
    pub ends_at: String,
    #[schema(minimum = 1, maximum = 100000)]
    pub capacity: Option<i64>,
    /// RFC 3339 (2027-06-02T10:00:00+02:00), or ISO 8601 without an offset (2027-06-02T10:00),
    /// read as Copenhagen time. Never a day-first date.
    pub cancel_until: Option<String>,
    /// Required to replace an event: the version it was read at.
    pub version: Option<i64>,
}

impl EventBody {
    fn draft(&self, lang: Lang, errors: &mut FieldErrors) -> EventDraft {
        let s = lang.strings();
        let starts_at = api_moment_field(errors, s, "starts_at", &self.starts_at, true);
        let ends_at = api_moment_field(errors, s, "ends_at", &self.ends_at, true);
        let cancel_until = api_moment_field(
            errors,
            s,
            "cancel_until",
            self.cancel_until.as_deref().unwrap_or(""),
            false,
        );
        EventDraft {
            title: self.title.clone(),
            description: self.description.clone(),
            place: self.place.clone(),
            coordinates: pair_coordinates(errors, s, self.latitude, self.longitude),
            starts_at: starts_at.unwrap_or(0),
            ends_at: ends_at.or(starts_at.map(|s| s + 1)).unwrap_or(1),
            capacity: self.capacity,
            cancel_until,
        }
    }
}

#[utoipa::path(post, path = "/api/v1/events", tag = "events", request_body = EventBody, security(("bearer" = [])),
    responses((status = 201, body = EventDto), answers::BadRequest, answers::Unauthenticated,
              answers::Invalid))]
/// Plans an event for the caller or an organisation they act for.
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Json(body): Json<EventBody>,
) -> AppResult<(StatusCode, Json<EventDto>)> {
    let lang = lang(&headers);
    let mut errors = FieldErrors::new();
    let draft = body.draft(lang, &mut errors);
    let organiser = body.organiser_id.or(Some(viewer.person_id));
    let id = actions::create(
        &state.db,
        &viewer,
        lang,
        draft,
        organiser,
        body.initiative_id,
        errors,
    )
    .await
    .map_err(|e| e.renamed_fields(PERIOD_FIELDS))?;
    let e = store::get_event(&state.db, id).await?;
    Ok((StatusCode::CREATED, Json(event_dto(&state, e).await?)))
}

#[utoipa::path(put, path = "/api/v1/events/{id}", tag = "events", params(("id" = i64, Path)), request_body = EventBody,
    security(("bearer" = [])),
    responses((status = 200, body = EventDto), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound, answers::Refused,
              answers::Invalid))]
/// Replaces an event's plan. A capacity below the places given is refused; a larger one moves
/// people up from the waiting list, and they are told.
pub async fn replace(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<EventBody>,
) -> AppResult<Json<EventDto>> {
    let lang = lang(&headers);
    let mut errors = FieldErrors::new();
    let draft = body.draft(lang, &mut errors);
    if body.version.is_none() {
        errors.insert("version", lang.strings().err_required.into());
    }
    actions::update(
        &state.db,
        &viewer,
        lang,
        id,
        draft,
        body.version.unwrap_or(0),
        errors,
    )
    .await
    .map_err(|e| e.renamed_fields(PERIOD_FIELDS))?;
    let e = store::get_event(&state.db, id).await?;
    Ok(Json(event_dto(&state, e).await?))
}

#[utoipa::path(post, path = "/api/v1/events/{id}/cancellation", tag = "events", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = EventDto), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound))]
/// Cancels the event; everyone signed up, waiting or with an order is told.
pub async fn cancel(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
) -> AppResult<Json<EventDto>> {
    actions::cancel_event(&state.db, &viewer, id).await?;
    let e = store::get_event(&state.db, id).await?;
    Ok(Json(event_dto(&state, e).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProgrammeBody {
    pub title: String,
    #[serde(default)]
    pub place: String,
    /// RFC 3339 (2027-06-02T10:00:00+02:00), or ISO 8601 without an offset (2027-06-02T10:00),
    /// read as Copenhagen time. Never a day-first date.
    pub starts_at: String,
    /// RFC 3339 (2027-06-02T10:00:00+02:00), or ISO 8601 without an offset (2027-06-02T10:00),
    /// read as Copenhagen time. Never a day-first date.
    pub ends_at: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/events/{id}/programme", tag = "events", params(("id" = i64, Path)),
    request_body = ProgrammeBody, security(("bearer" = [])),
    responses((status = 201, body = ProgrammeDto), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound, answers::Invalid))]
/// Adds a point to the programme, within the event's time.
pub async fn add_programme_item(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<ProgrammeBody>,
) -> AppResult<(StatusCode, Json<ProgrammeDto>)> {
    let lang = lang(&headers);
    let s = lang.strings();
    let mut errors = FieldErrors::new();
    let starts_at = api_moment_field(&mut errors, s, "starts_at", &body.starts_at, true);
    let ends_at = api_moment_field(
        &mut errors,
        s,
        "ends_at",
        body.ends_at.as_deref().unwrap_or(""),
        false,
    );
    // An unreadable start is reported above; the start is then checked as the event's own.
    let event = store::get_event(&state.db, id).await?;
    let draft = ProgrammeDraft {
        title: body.title,
        place: body.place,
        starts_at: starts_at.unwrap_or(event.draft.starts_at),
        ends_at,
    };
    let item_id = actions::add_programme_item(&state.db, &viewer, lang, id, draft, errors)
        .await
        .map_err(|e| e.renamed_fields(PERIOD_FIELDS))?;
    Ok((
        StatusCode::CREATED,
        Json(programme_dto(
            store::get_programme_item(&state.db, item_id).await?,
        )),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ItemBody {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// In øre; 0 (the default) is free.
    #[serde(default)]
    #[schema(minimum = 0, maximum = 10000000)]
    pub price_ore: i64,
    #[schema(minimum = 1, maximum = 100000)]
    pub stock: i64,
    /// At most this many per household (building entrance: the address without floor and door).
    #[schema(minimum = 1, maximum = 100000)]
    pub household_limit: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/events/{id}/items", tag = "events", params(("id" = i64, Path)),
    request_body = ItemBody, security(("bearer" = [])),
    responses((status = 201, body = ItemDto), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound, answers::Invalid))]
/// Offers a limited item at the event, first come first served.
pub async fn add_item(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<ItemBody>,
) -> AppResult<(StatusCode, Json<ItemDto>)> {
    let draft = ItemDraft {
        name: body.name,
        description: body.description,
        price_ore: body.price_ore,
        stock: body.stock,
        household_limit: body.household_limit,
    };
    let item_id = actions::add_item(
        &state.db,
        &viewer,
        lang(&headers),
        id,
        draft,
        FieldErrors::new(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(item_dto(store::get_item(&state.db, item_id).await?)),
    ))
}

#[utoipa::path(post, path = "/api/v1/events/{id}/signups", tag = "events", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 201, body = SignupDto), answers::BadRequest, answers::Unauthenticated,
              answers::NotFound, answers::Refused))]
/// Signs the caller up: a place while there are places, otherwise the waiting list, in the order
/// the server accepts sign-ups. A second sign-up, or one for a cancelled or started event, is a conflict.
pub async fn sign_up(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
) -> AppResult<(StatusCode, Json<SignupDto>)> {
    let s = actions::sign_up(&state.db, &viewer, id).await?;
    Ok((StatusCode::CREATED, Json(signup_dto(s))))
}

#[utoipa::path(get, path = "/api/v1/events/{id}/signups", tag = "events", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = [SignupDto]), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound))]
/// The organiser's list: those with a place, then the waiting list, in acceptance order.
pub async fn signups(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<SignupDto>>> {
    actions::require_organiser(&state.db, &viewer, id).await?;
    let list = store::signups(&state.db, id).await?;
    Ok(Json(list.into_iter().map(signup_dto).collect()))
}

#[utoipa::path(delete, path = "/api/v1/signups/{id}", tag = "events", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 204), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound, answers::Refused))]
/// Cancels a sign-up (the participant until the deadline, the organiser at any time); the first
/// on the waiting list gets the place and is told.
pub async fn cancel_signup(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    actions::cancel_signup(&state.db, &viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckinBody {
    pub arrived: bool,
}

#[utoipa::path(post, path = "/api/v1/signups/{id}/checkin", tag = "events", params(("id" = i64, Path)),
    request_body = CheckinBody, security(("bearer" = [])),
    responses((status = 200, body = SignupDto), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound, answers::Refused))]
/// The organiser marks a participant with a place as arrived, or not.
pub async fn check_in(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<CheckinBody>,
) -> AppResult<Json<SignupDto>> {
    let s = actions::check_in(&state.db, &viewer, id, body.arrived).await?;
    Ok(Json(signup_dto(s)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderBody {
    /// A Danish address: street, house number, optional floor and door, postcode.
    pub address: String,
    /// 1 when left out.
    #[schema(minimum = 1, maximum = 100000)]
    pub quantity: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/items/{id}/orders", tag = "events", params(("id" = i64, Path)),
    request_body = OrderBody, security(("bearer" = [])),
    responses((status = 201, body = OrderDto), answers::BadRequest, answers::Unauthenticated,
              answers::NotFound, answers::Refused, answers::Invalid))]
/// Orders an item for the caller's household, first come first served. Sold out, or the
/// household (building entrance) already has its share: 409.
pub async fn order(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<OrderBody>,
) -> AppResult<(StatusCode, Json<OrderDto>)> {
    store::get_item(&state.db, id).await?;
    let o = actions::order(
        &state.db,
        &viewer,
        lang(&headers),
        id,
        &body.address,
        body.quantity,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(order_dto(o))))
}

#[utoipa::path(get, path = "/api/v1/events/{id}/orders", tag = "events", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = [OrderDto]), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound))]
/// The organiser's hand-out list: live orders by item, in acceptance order.
pub async fn orders(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<OrderDto>>> {
    actions::require_organiser(&state.db, &viewer, id).await?;
    let list = store::orders(&state.db, id).await?;
    Ok(Json(list.into_iter().map(order_dto).collect()))
}

#[utoipa::path(delete, path = "/api/v1/orders/{id}", tag = "events", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 204), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound, answers::Refused))]
/// Cancels a reserved order (the one who ordered, or the organiser); it returns to stock.
pub async fn cancel_order(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    actions::cancel_order(&state.db, &viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HandoutBody {
    /// False undoes an earlier hand-out.
    pub handed_out: bool,
    /// What was paid on site, in øre; the order's price when left out.
    #[schema(minimum = 0, maximum = 1000000000000_i64)]
    pub paid_ore: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/orders/{id}/handout", tag = "events", params(("id" = i64, Path)),
    request_body = HandoutBody, security(("bearer" = [])),
    responses((status = 200, body = OrderDto), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound, answers::Refused,
              answers::Invalid))]
/// The organiser records an order as handed out and paid, or undoes that.
pub async fn hand_out(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<HandoutBody>,
) -> AppResult<Json<OrderDto>> {
    let o = store::get_order(&state.db, id).await?;
    let paid = body
        .handed_out
        .then(|| body.paid_ore.unwrap_or(o.price_ore * o.quantity));
    let o = actions::hand_out(&state.db, &viewer, lang(&headers), id, paid).await?;
    Ok(Json(order_dto(o)))
}

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
