//! Following and notifications in the JSON API, for the caller's own account.

use super::model::*;
use super::store;
use crate::platform::auth::ApiCaller;
use crate::platform::error::{AppError, AppResult, answers};
use crate::platform::i18n::Lang;
use crate::platform::input::printable;
use crate::platform::time::rfc3339;
use crate::platform::web::AppState;
use crate::text;
use axum::Json;
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

#[derive(Serialize, ToSchema)]
pub struct FollowDto {
    pub kind: TargetKind,
    /// The id, the theme code, or the neighbourhood's comparison key.
    pub target: String,
    pub label: String,
}

/// Something to follow: an initiative or actor by id, a theme by code, a neighbourhood by name.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FollowBody {
    pub kind: TargetKind,
    #[schema(min_length = 1, max_length = 200)]
    pub target: String,
    /// A name to show in the list of follows.
    #[serde(default)]
    #[schema(max_length = 200)]
    pub label: String,
}

/// What to stop following, as in [`FollowBody`].
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct UnfollowParams {
    pub kind: TargetKind,
    #[param(min_length = 1, max_length = 200)]
    pub target: String,
}

fn target(kind: TargetKind, value: &str) -> AppResult<Target> {
    Target::parse(kind.code(), value)
        .ok_or_else(|| AppError::Invalid([("target", text!(err_choose))].into_iter().collect()))
}

#[utoipa::path(get, path = "/api/v1/me/follows", tag = "following", security(("bearer" = [])),
    responses((status = 200, body = [FollowDto]), answers::Unauthenticated))]
pub async fn list_follows(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
) -> AppResult<Json<Vec<FollowDto>>> {
    let follows = store::follows_of(&state.db, viewer.user_id).await?;
    Ok(Json(
        follows
            .into_iter()
            .map(|f| FollowDto {
                kind: f.kind,
                target: f.key,
                label: f.label,
            })
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/me/follows", tag = "following", request_body = FollowBody,
    security(("bearer" = [])),
    responses((status = 204), answers::BadRequest, answers::Unauthenticated,
              answers::NotFound, answers::Invalid))]
pub async fn follow(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Json(body): Json<FollowBody>,
) -> AppResult<StatusCode> {
    let target = target(body.kind, &body.target)?;
    let label: String = printable(&body.label).chars().take(200).collect();
    store::follow(&state.db, viewer.user_id, &target, &label).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(delete, path = "/api/v1/me/follows", tag = "following", params(UnfollowParams),
    security(("bearer" = [])),
    responses((status = 204), answers::Submission))]
pub async fn unfollow(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Query(p): Query<UnfollowParams>,
) -> AppResult<StatusCode> {
    let target = target(p.kind, &p.target)?;
    store::unfollow(&state.db, viewer.user_id, target.kind(), &target.key()).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct NotificationDto {
    pub id: i64,
    pub kind: NotificationKind,
    /// In the requested language.
    pub text: String,
    /// A path on this site.
    pub link: String,
    pub created_at: String,
    pub read: bool,
}

#[utoipa::path(get, path = "/api/v1/me/notifications", tag = "following", security(("bearer" = [])),
    responses((status = 200, body = [NotificationDto]), answers::Unauthenticated))]
/// The caller's inbox, newest first (at most 100).
pub async fn notifications(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
) -> AppResult<Json<Vec<NotificationDto>>> {
    let lang = Lang::of_headers(&headers);
    let entries = store::inbox(&state.db, viewer.user_id, 100).await?;
    Ok(Json(
        entries
            .into_iter()
            .map(|e| NotificationDto {
                id: e.id,
                kind: e.notice.kind,
                text: e.notice.describe(lang),
                link: e.notice.link,
                created_at: rfc3339(e.created_at),
                read: e.read,
            })
            .collect(),
    ))
}

#[utoipa::path(post, path = "/api/v1/me/notifications/read", tag = "following", security(("bearer" = [])),
    responses((status = 204), answers::Unauthenticated))]
pub async fn mark_read(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
) -> AppResult<StatusCode> {
    store::mark_all_read(&state.db, viewer.user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NotificationSettings {
    pub email_mode: EmailMode,
}

#[utoipa::path(get, path = "/api/v1/me/notification-settings", tag = "following", security(("bearer" = [])),
    responses((status = 200, body = NotificationSettings), answers::Unauthenticated))]
pub async fn settings(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
) -> AppResult<Json<NotificationSettings>> {
    let (email_mode, _) = store::settings(&state.db, viewer.user_id).await?;
    Ok(Json(NotificationSettings { email_mode }))
}

#[utoipa::path(put, path = "/api/v1/me/notification-settings", tag = "following", request_body = NotificationSettings,
    security(("bearer" = [])),
    responses((status = 200, body = NotificationSettings), answers::Submission))]
pub async fn set_settings(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Json(body): Json<NotificationSettings>,
) -> AppResult<Json<NotificationSettings>> {
    store::set_email_mode(&state.db, viewer.user_id, body.email_mode).await?;
    Ok(Json(body))
}

/// The feature's API routes, each registered once with its documentation.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_follows, follow, unfollow))
        .routes(routes!(notifications))
        .routes(routes!(mark_read))
        .routes(routes!(settings, set_settings))
}
