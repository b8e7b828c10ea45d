//! Bookings and blocks through the API.

use super::*;

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
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<BookingBody>,
) -> AppResult<(StatusCode, Json<BookingDto>)> {
    let mut errors = FieldErrors::new();
    let starts_at = api_moment_field(&mut errors, "starts", &body.starts_at, true);
    let ends_at = api_moment_field(&mut errors, "ends", &body.ends_at, true);
    let req = BookingRequest {
        booker_id: body.booker_id.or(Some(viewer.person_id)),
        initiative_id: body.initiative_id,
        purpose: body.purpose,
        attendees: body.attendees,
        starts_at: starts_at.unwrap_or(0),
        ends_at: ends_at.unwrap_or(0),
    };
    let b = actions::book(&state.db, &viewer, id, req, errors)
        .await
        .map_err(|e| e.renamed_fields(PERIOD_FIELDS))?;
    Ok((StatusCode::CREATED, Json(booking_dto(b))))
}

#[utoipa::path(get, path = "/api/v1/spaces/{id}/bookings", tag = "spaces", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = [BookingDto]), answers::Guarded))]
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
    responses((status = 200, body = BookingDto), answers::Guarded))]
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
    responses((status = 200, body = BookingDto), answers::GuardedChange))]
/// The owner confirms or declines a requested booking. Confirming a slot another confirmed
/// booking has taken meanwhile is 409.
pub async fn decide(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<DecisionBody>,
) -> AppResult<Json<BookingDto>> {
    let b = actions::decide(&state.db, &viewer, id, body.confirm, &body.reason).await?;
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
    responses((status = 200, body = BookingDto), answers::GuardedChange))]
/// The booker moves a booking; on a space that needs approval it is requested again.
pub async fn reschedule(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<SlotBody>,
) -> AppResult<Json<BookingDto>> {
    let mut errors = FieldErrors::new();
    let starts_at = api_moment_field(&mut errors, "starts", &body.starts_at, true).unwrap_or(0);
    let ends_at = api_moment_field(&mut errors, "ends", &body.ends_at, true).unwrap_or(0);
    let b = actions::reschedule(&state.db, &viewer, id, starts_at, ends_at, errors)
        .await
        .map_err(|e| e.renamed_fields(PERIOD_FIELDS))?;
    Ok(Json(booking_dto(b)))
}

#[utoipa::path(delete, path = "/api/v1/bookings/{id}", tag = "spaces", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 204), answers::GuardedStep))]
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
    responses((status = 201, body = BlockDto), answers::GuardedEdit))]
/// The owner blocks a period; no booking can be made or confirmed across it.
pub async fn block(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<BlockBody>,
) -> AppResult<(StatusCode, Json<BlockDto>)> {
    let mut errors = FieldErrors::new();
    let starts_at = api_moment_field(&mut errors, "starts", &body.starts_at, true).unwrap_or(0);
    let ends_at = api_moment_field(&mut errors, "ends", &body.ends_at, true).unwrap_or(0);
    let block_id = actions::block(
        &state.db,
        &viewer,
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
