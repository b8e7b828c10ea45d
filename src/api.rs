//! The JSON API under `/api/v1`, its tokens, and its OpenAPI document, generated from the same
//! types the handlers use.

use crate::accounts::store as account_store;
use crate::actors::api as actors;
use crate::agreements::api as agreements;
use crate::events::api as events;
use crate::following::api as following;
use crate::initiatives::api as initiatives;
use crate::mobilisation::api as mobilisation;
use crate::platform::auth::{self, ApiCaller};
use crate::platform::error::{ApiError, AppError, AppResult, GENERAL_CODES, Stale};
use crate::platform::web::AppState;
use crate::requests::api as requests;
use crate::spaces::api as spaces;
use crate::tips::api as tips;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post, put};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/openapi.json", get(openapi_json))
        .route("/api/v1/tokens", post(create_token))
        .route("/api/v1/tokens/current", delete(revoke_token))
        .route(
            "/api/v1/initiatives",
            get(initiatives::list).post(initiatives::create),
        )
        .route(
            "/api/v1/initiatives/{id}",
            get(initiatives::get).patch(initiatives::update),
        )
        .route(
            "/api/v1/initiatives/{id}/needs",
            post(mobilisation::create_need),
        )
        .route("/api/v1/needs", get(mobilisation::list_needs))
        .route("/api/v1/needs/near", get(mobilisation::needs_near))
        .route(
            "/api/v1/needs/{id}",
            get(mobilisation::get_need).put(mobilisation::replace_need),
        )
        .route(
            "/api/v1/needs/{id}/matches",
            get(mobilisation::need_matches),
        )
        .route("/api/v1/needs/{id}/pledges", post(mobilisation::pledge))
        .route(
            "/api/v1/offers",
            get(mobilisation::list_offers).post(mobilisation::create_offer),
        )
        .route(
            "/api/v1/offers/{id}",
            get(mobilisation::get_offer).put(mobilisation::replace_offer),
        )
        .route(
            "/api/v1/offers/{id}/matches",
            get(mobilisation::offer_matches),
        )
        .route("/api/v1/pledges/{id}/decision", post(mobilisation::decide))
        .route(
            "/api/v1/pledges/{id}/withdrawal",
            post(mobilisation::withdraw),
        )
        .route(
            "/api/v1/pledges/{id}/contributions",
            post(mobilisation::contribute),
        )
        .route(
            "/api/v1/initiatives/{id}/calls",
            post(mobilisation::publish_call),
        )
        .route("/api/v1/calls", get(mobilisation::list_calls))
        .route("/api/v1/calls/{id}", get(mobilisation::get_call))
        .route("/api/v1/calls/{id}/closure", post(mobilisation::close_call))
        .route(
            "/api/v1/needs/{id}/status",
            post(mobilisation::set_need_status),
        )
        .route(
            "/api/v1/me/follows",
            get(following::list_follows)
                .post(following::follow)
                .delete(following::unfollow),
        )
        .route("/api/v1/me/notifications", get(following::notifications))
        .route("/api/v1/me/notifications/read", post(following::mark_read))
        .route(
            "/api/v1/me/notification-settings",
            get(following::settings).put(following::set_settings),
        )
        .route("/api/v1/events", get(events::list).post(events::create))
        .route("/api/v1/events/{id}", get(events::get).put(events::replace))
        .route("/api/v1/events/{id}/cancellation", post(events::cancel))
        .route(
            "/api/v1/events/{id}/programme",
            post(events::add_programme_item),
        )
        .route("/api/v1/events/{id}/items", post(events::add_item))
        .route(
            "/api/v1/events/{id}/signups",
            get(events::signups).post(events::sign_up),
        )
        .route("/api/v1/events/{id}/orders", get(events::orders))
        .route("/api/v1/signups/{id}", delete(events::cancel_signup))
        .route("/api/v1/signups/{id}/checkin", post(events::check_in))
        .route("/api/v1/items/{id}/orders", post(events::order))
        .route("/api/v1/orders/{id}", delete(events::cancel_order))
        .route("/api/v1/orders/{id}/handout", post(events::hand_out))
        .route("/api/v1/tip-categories", get(tips::categories))
        .route("/api/v1/tips", get(tips::list).post(tips::create))
        .route("/api/v1/tips/{id}", get(tips::get))
        .route("/api/v1/tips/{id}/updates", post(tips::handle))
        .route("/api/v1/spaces", get(spaces::list).post(spaces::create))
        .route("/api/v1/spaces/{id}", get(spaces::get).put(spaces::replace))
        .route(
            "/api/v1/spaces/{id}/bookings",
            get(spaces::bookings).post(spaces::book),
        )
        .route("/api/v1/spaces/{id}/blocks", post(spaces::block))
        .route(
            "/api/v1/bookings/{id}",
            get(spaces::get_booking).delete(spaces::cancel),
        )
        .route("/api/v1/bookings/{id}/decision", post(spaces::decide))
        .route("/api/v1/bookings/{id}/time", put(spaces::reschedule))
        .route(
            "/api/v1/pools",
            get(requests::pools).post(requests::create_pool),
        )
        .route("/api/v1/pools/{id}", get(requests::get_pool))
        .route("/api/v1/requests", get(requests::list).post(requests::file))
        .route("/api/v1/requests/{id}", get(requests::get))
        .route("/api/v1/requests/{id}/messages", post(requests::message))
        .route("/api/v1/requests/{id}/take", post(requests::take))
        .route("/api/v1/requests/{id}/decision", post(requests::decide))
        .route("/api/v1/requests/{id}/close", post(requests::close))
        .route("/api/v1/agreements", post(agreements::create))
        .route(
            "/api/v1/agreements/{id}",
            get(agreements::get).put(agreements::propose),
        )
        .route(
            "/api/v1/agreements/{id}/acceptances",
            post(agreements::accept),
        )
        .route(
            "/api/v1/agreements/{id}/versions/{number}",
            get(agreements::get_version),
        )
        .route("/api/v1/actors", get(actors::list).post(actors::create))
        .route(
            "/api/v1/actors/{id}",
            get(actors::get).patch(actors::update),
        )
        .fallback(api_not_found)
}

async fn api_not_found(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        AppError::NotFound.into_response()
    } else {
        crate::platform::web::not_found().await
    }
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// Lists every `code` an error body can carry, so that a client can match on each refusal.
struct ErrorCodes;

impl Modify for ErrorCodes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let Some(RefOr::T(Schema::Object(body))) = openapi
            .components
            .as_mut()
            .and_then(|c| c.schemas.get_mut("ApiErrorBody"))
        else {
            return;
        };
        let code = ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(error_codes()))
            .description(Some(
                "Stable machine-readable code: what failed, or which rule refused the request.",
            ));
        body.properties.insert("code".into(), code.into());
    }
}

/// Every code an API error may have: the general failures and each feature's refusals.
pub fn error_codes() -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = [
        GENERAL_CODES,
        Stale::CODES,
        crate::accounts::store::AccountRefusal::CODES,
        crate::actors::model::MembershipRefusal::CODES,
        crate::agreements::model::AgreementRefusal::CODES,
        crate::events::model::SignupRefusal::CODES,
        crate::events::model::OrderRefusal::CODES,
        crate::events::model::EventRefusal::CODES,
        crate::initiatives::model::InitiativeRefusal::CODES,
        crate::mobilisation::store::PledgeRefusal::CODES,
        crate::requests::store::CaseRefusal::CODES,
        crate::spaces::store::Taken::CODES,
        crate::tips::model::TipRefusal::CODES,
    ]
    .concat();
    codes.sort_unstable();
    codes.dedup();
    codes
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Medspil API", description = "Initiatives, actors, needs and offers of Medspil, the open co-creation platform. \
        Reading is open; writing needs a bearer token from POST /api/v1/tokens. Errors share one format (ApiError). \
        Messages follow Accept-Language (da, en)."),
    paths(
        create_token, revoke_token,
        initiatives::list, initiatives::get, initiatives::create, initiatives::update,
        actors::list, actors::get, actors::create, actors::update,
        mobilisation::list_needs, mobilisation::get_need, mobilisation::create_need, mobilisation::replace_need,
        mobilisation::need_matches, mobilisation::needs_near, mobilisation::list_offers, mobilisation::get_offer,
        mobilisation::create_offer, mobilisation::replace_offer, mobilisation::offer_matches,
        mobilisation::pledge, mobilisation::decide, mobilisation::withdraw, mobilisation::contribute,
        mobilisation::list_calls, mobilisation::get_call, mobilisation::publish_call, mobilisation::close_call,
        mobilisation::set_need_status,
        following::list_follows, following::follow, following::unfollow, following::notifications,
        following::mark_read, following::settings, following::set_settings,
        events::list, events::get, events::create, events::replace, events::cancel, events::add_programme_item,
        events::add_item, events::sign_up, events::signups, events::cancel_signup, events::check_in,
        events::order, events::orders, events::cancel_order, events::hand_out,
        spaces::list, spaces::get, spaces::create, spaces::replace, spaces::book, spaces::bookings,
        spaces::get_booking, spaces::decide, spaces::reschedule, spaces::cancel, spaces::block,
        requests::pools, requests::get_pool, requests::create_pool, requests::file, requests::list, requests::get,
        requests::message, requests::take, requests::decide, requests::close,
        agreements::get, agreements::get_version, agreements::create, agreements::propose, agreements::accept,
        tips::categories, tips::list, tips::get, tips::create, tips::handle,
    ),
    modifiers(&BearerAuth, &ErrorCodes),
    tags((name = "initiatives"), (name = "actors"), (name = "mobilisation", description = "Needs, offers, matching, pledges, contributions and calls for help"),
        (name = "following", description = "What the caller follows, their notifications and e-mail settings"),
        (name = "events", description = "Events, their programme, sign-ups with a waiting list, limited items ordered per household, and check-in"),
        (name = "spaces", description = "Spaces lent out for initiatives, their blocked periods and bookings"),
        (name = "requests", description = "The front door: requests for help, permits and grants from pools, handled as cases"),
        (name = "agreements", description = "Agreements between parties: versions, acceptance per party"),
        (name = "tips", description = "Tips about public space: categories, reporting, handling in public (also as Open311 GeoReport v2 at /open311/v2)"),
        (name = "tokens"))
)]
pub struct ApiDoc;

async fn openapi_json() -> Response {
    (
        [(header::CONTENT_TYPE, "application/json")],
        ApiDoc::openapi().to_json().unwrap_or_default(),
    )
        .into_response()
}

#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    pub email: String,
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    pub token_type: String,
}

#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens", request_body = TokenRequest,
    responses((status = 201, body = TokenResponse), (status = 400, body = ApiError), (status = 401, body = ApiError),
              (status = 429, body = ApiError)))]
pub async fn create_token(
    State(state): State<AppState>,
    Json(body): Json<TokenRequest>,
) -> AppResult<(StatusCode, Json<TokenResponse>)> {
    let email = account_store::normalise_email(&body.email);
    if !auth::login_allowed(&state.db, &email).await? {
        return Err(AppError::TooManyRequests);
    }
    let Some(user_id) = account_store::authenticate(&state.db, &email, &body.password).await?
    else {
        auth::record_login_failure(&state.db, &email).await?;
        return Err(AppError::Unauthenticated);
    };
    let token = auth::create_session(&state.db, user_id, "api").await?;
    Ok((
        StatusCode::CREATED,
        Json(TokenResponse {
            token,
            token_type: "Bearer".into(),
        }),
    ))
}

#[utoipa::path(delete, path = "/api/v1/tokens/current", tag = "tokens", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ApiError)))]
pub async fn revoke_token(
    State(state): State<AppState>,
    _caller: ApiCaller,
    headers: HeaderMap,
) -> AppResult<StatusCode> {
    if let Some(token) = auth::bearer_token(&headers) {
        auth::end_session(&state.db, token).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}
