//! Sign-ups, check-in and orders through the API.

use super::*;

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
    responses((status = 200, body = [SignupDto]), answers::Guarded))]
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
    responses((status = 204), answers::GuardedStep))]
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
    responses((status = 200, body = SignupDto), answers::GuardedStep))]
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
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<OrderBody>,
) -> AppResult<(StatusCode, Json<OrderDto>)> {
    store::get_item(&state.db, id).await?;
    let o = actions::order(&state.db, &viewer, id, &body.address, body.quantity).await?;
    Ok((StatusCode::CREATED, Json(order_dto(o))))
}

#[utoipa::path(get, path = "/api/v1/events/{id}/orders", tag = "events", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = [OrderDto]), answers::Guarded))]
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
    responses((status = 204), answers::GuardedStep))]
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
    responses((status = 200, body = OrderDto), answers::GuardedChange))]
/// The organiser records an order as handed out and paid, or undoes that.
pub async fn hand_out(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<HandoutBody>,
) -> AppResult<Json<OrderDto>> {
    let o = store::get_order(&state.db, id).await?;
    let paid = body
        .handed_out
        .then(|| body.paid_ore.unwrap_or(o.price_ore * o.quantity));
    let o = actions::hand_out(&state.db, &viewer, id, paid).await?;
    Ok(Json(order_dto(o)))
}
