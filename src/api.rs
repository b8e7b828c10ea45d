//! The JSON API under `/api/v1`, its tokens, and its OpenAPI document, generated from the same
//! types the handlers use.

use crate::accounts::store as account_store;
use crate::actors::api as actors;
use crate::initiatives::api as initiatives;
use crate::platform::auth::{self, ApiCaller};
use crate::platform::error::{ApiError, AppError, AppResult};
use crate::platform::web::AppState;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{delete, get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
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

#[derive(OpenApi)]
#[openapi(
    info(title = "Medspil API", description = "Initiatives and actors of Medspil, the open co-creation platform. \
        Reading is open; writing needs a bearer token from POST /api/v1/tokens. Errors share one format (ApiError). \
        Messages follow Accept-Language (da, en)."),
    paths(
        create_token, revoke_token,
        initiatives::list, initiatives::get, initiatives::create, initiatives::update,
        actors::list, actors::get, actors::create, actors::update,
    ),
    modifiers(&BearerAuth),
    tags((name = "initiatives"), (name = "actors"), (name = "tokens"))
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
