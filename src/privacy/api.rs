//! A person's own data in the JSON API: everything held about them, and erasing the account.
//! Both need a proof that the caller is the person now: a token from a login in the last
//! quarter of an hour, or (to erase) the password.

use super::{erase, export};
use crate::accounts::actions::reauthenticate;
use crate::platform::auth::{self, ApiCaller};
use crate::platform::db;
use crate::platform::error::{AppError, AppResult, answers};
use crate::platform::time::now;
use crate::platform::web::{AppState, Client};
use crate::refusals;
use axum::Json;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use serde::Deserialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

refusals! {
    pub enum PrivacyRefusal {
        /// The token is older than a quarter of an hour: log in again for a new one.
        LoginAgain = "login_again" => |s| s.err_login_again,
    }
}

/// How long after a login its token may export or erase without the password.
const FRESH_SECONDS: i64 = 15 * 60;

/// Whether the caller's token comes from a login in the last quarter of an hour.
async fn fresh(state: &AppState, headers: &HeaderMap) -> AppResult<bool> {
    let Some(token) = auth::bearer_token(headers) else {
        return Ok(false);
    };
    let created: Option<i64> =
        db::query_scalar("SELECT created_at FROM sessions WHERE token_hash = $1")
            .bind(auth::token_hash(token))
            .fetch_optional(state.db.pool())
            .await?;
    Ok(created.is_some_and(|t| now() - t <= FRESH_SECONDS))
}

/// Everything Medspil holds about the caller, part by part (the same as the zip on
/// `/account/data`): account, person, memberships, initiatives started and joined, offers,
/// pledges, contributions, sign-ups, orders, bookings, requests with their messages and
/// documents, agreement comments, tips reported, notifications, follows, sessions, logins.
#[utoipa::path(get, path = "/api/v1/me/export", tag = "privacy", security(("bearer" = [])),
    responses((status = 200, body = Object), answers::Unauthenticated, answers::Refused))]
pub async fn export_me(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    headers: HeaderMap,
) -> AppResult<Json<serde_json::Value>> {
    if !fresh(&state, &headers).await? {
        return Err(PrivacyRefusal::LoginAgain.into());
    }
    let parts = export::gather(&state.db, viewer.user_id, viewer.person_id).await?;
    Ok(Json(export::document(&parts)))
}

/// The password, unless the token comes from a login in the last quarter of an hour.
#[derive(Deserialize, ToSchema, Default)]
#[serde(deny_unknown_fields)]
pub struct EraseBody {
    #[serde(default)]
    #[schema(max_length = 1024)]
    pub password: Option<String>,
}

/// Erases the caller's account: what identifies them is removed or made anonymous everywhere,
/// while what others rely on keeps its shape. Every token of the account stops working.
#[utoipa::path(delete, path = "/api/v1/me", tag = "privacy", security(("bearer" = [])),
    request_body(content = EraseBody, description = "Needed unless the token is from the last quarter of an hour"),
    responses((status = 204), answers::BadRequest, answers::Unauthenticated, answers::Refused,
              answers::Invalid, answers::TooManyRequests))]
pub async fn erase_me(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Client(client): Client,
    headers: HeaderMap,
    body: Option<Json<EraseBody>>,
) -> AppResult<StatusCode> {
    let password = body.and_then(|Json(b)| b.password);
    match password {
        Some(password) => {
            reauthenticate(&state.db, &viewer, &client, &password, "password").await?;
        }
        None if fresh(&state, &headers).await? => {}
        None => return Err(AppError::from(PrivacyRefusal::LoginAgain)),
    }
    erase::erase(&state.db, &viewer, erase::Erasure::Asked).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(export_me))
        .routes(routes!(erase_me))
}
