//! Events, their programme and items through the API.

use super::*;
use crate::text;

#[utoipa::path(get, path = "/api/v1/events", tag = "events", params(EventListParams),
    responses((status = 200, body = [EventDto]), answers::BadRequest))]
/// Events that have not ended, soonest first, 50 per page.
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<EventListParams>,
) -> AppResult<Json<Vec<EventDto>>> {
    let Some(page) = crate::platform::db::api_page(q.page) else {
        return Err(AppError::BadRequest(crate::text!(err_paging)));
    };
    let events =
        store::upcoming(&state.db, q.initiative_id, PER_PAGE, (page - 1) * PER_PAGE).await?;
    Ok(Json(event_dtos(&state, events).await?))
}

#[utoipa::path(get, path = "/api/v1/events/{id}", tag = "events", params(("id" = i64, Path)),
    responses((status = 200, body = EventDto), answers::Lookup))]
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
    pub(super) fn draft(&self, errors: &mut FieldErrors) -> EventDraft {
        let starts_at = api_moment_field(errors, "starts_at", &self.starts_at, true);
        let ends_at = api_moment_field(errors, "ends_at", &self.ends_at, true);
        let cancel_until = api_moment_field(
            errors,
            "cancel_until",
            self.cancel_until.as_deref().unwrap_or(""),
            false,
        );
        EventDraft {
            title: self.title.clone(),
            description: self.description.clone(),
            place: self.place.clone(),
            coordinates: pair_coordinates(errors, self.latitude, self.longitude),
            starts_at: starts_at.unwrap_or(0),
            ends_at: ends_at.or(starts_at.map(|s| s + 1)).unwrap_or(1),
            capacity: self.capacity,
            cancel_until,
        }
    }
}

#[utoipa::path(post, path = "/api/v1/events", tag = "events", request_body = EventBody, security(("bearer" = [])),
    responses((status = 201, body = EventDto), answers::Submission))]
/// Plans an event for the caller or an organisation they act for.
pub async fn create(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Json(body): Json<EventBody>,
) -> AppResult<(StatusCode, Json<EventDto>)> {
    let mut errors = FieldErrors::new();
    let draft = body.draft(&mut errors);
    let organiser = body.organiser_id.or(Some(viewer.person_id));
    let id = actions::create(
        &state.db,
        &viewer,
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
    responses((status = 200, body = EventDto), answers::GuardedChange))]
/// Replaces an event's plan. A capacity below the places given is refused; a larger one moves
/// people up from the waiting list, and they are told.
pub async fn replace(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<EventBody>,
) -> AppResult<Json<EventDto>> {
    let mut errors = FieldErrors::new();
    let draft = body.draft(&mut errors);
    if body.version.is_none() {
        errors.insert("version", text!(err_required));
    }
    actions::update(
        &state.db,
        &viewer,
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
    responses((status = 200, body = EventDto), answers::Guarded))]
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
    responses((status = 201, body = ProgrammeDto), answers::GuardedEdit))]
/// Adds a point to the programme, within the event's time.
pub async fn add_programme_item(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<ProgrammeBody>,
) -> AppResult<(StatusCode, Json<ProgrammeDto>)> {
    let mut errors = FieldErrors::new();
    let starts_at = api_moment_field(&mut errors, "starts_at", &body.starts_at, true);
    let ends_at = api_moment_field(
        &mut errors,
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
    let item_id = actions::add_programme_item(&state.db, &viewer, id, draft, errors)
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
    /// At most this many per person, whatever their address.
    #[schema(minimum = 1, maximum = 100000)]
    pub person_limit: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/events/{id}/items", tag = "events", params(("id" = i64, Path)),
    request_body = ItemBody, security(("bearer" = [])),
    responses((status = 201, body = ItemDto), answers::GuardedEdit))]
/// Offers a limited item at the event, first come first served.
pub async fn add_item(
    State(state): State<AppState>,
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
        person_limit: body.person_limit,
    };
    let item_id = actions::add_item(&state.db, &viewer, id, draft, FieldErrors::new()).await?;
    Ok((
        StatusCode::CREATED,
        Json(item_dto(store::get_item(&state.db, item_id).await?)),
    ))
}
