//! The actors part of the JSON API.

use super::actions;
use super::model::{ActorKind, OrganisationDraft};
use super::store::{self, ActorQuery};
use crate::platform::auth::{ApiCaller, MembershipRole};
use crate::platform::db::MAX_PAGE;
use crate::platform::error::{AppError, AppResult, FieldErrors, answers};
use crate::platform::time::rfc3339;
use crate::platform::web::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

#[derive(Serialize, ToSchema)]
pub struct ActorListItem {
    pub id: i64,
    pub name: String,
    pub kind: ActorKind,
    pub about: String,
    pub neighbourhood: String,
}

#[derive(Serialize, ToSchema)]
pub struct ActorList {
    pub items: Vec<ActorListItem>,
    pub page: i64,
    pub has_next: bool,
}

#[derive(Serialize, ToSchema)]
pub struct MemberDto {
    pub actor_id: i64,
    pub name: String,
    pub role: MembershipRole,
}

#[derive(Serialize, ToSchema)]
pub struct ParticipationDto {
    pub initiative_id: i64,
    pub title: String,
    pub role: crate::initiatives::model::ParticipantRole,
    pub owns: bool,
    pub started: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ActorDto {
    pub id: i64,
    pub kind: ActorKind,
    pub name: String,
    pub about: String,
    pub neighbourhood: String,
    pub website: String,
    /// The unit above a municipal sub-unit.
    pub parent_id: Option<i64>,
    /// The municipal department a municipal unit belongs to.
    pub department_id: Option<i64>,
    /// Members of an organisation (empty for people).
    pub members: Vec<MemberDto>,
    /// The initiatives it takes part in, owns or started.
    pub initiatives: Vec<ParticipationDto>,
    pub created_at: String,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ActorListParams {
    /// Free-text search in Danish over names, descriptions and neighbourhoods.
    pub q: Option<String>,
    pub kind: Option<ActorKind>,
    #[param(minimum = 1, maximum = 10000)]
    pub page: Option<i64>,
    /// 1 to 100 (default 30).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/actors", tag = "actors", params(ActorListParams),
    responses((status = 200, body = ActorList), answers::BadRequest))]
pub async fn list(
    State(state): State<AppState>,
    Query(p): Query<ActorListParams>,
) -> AppResult<Json<ActorList>> {
    let per_page = p.per_page.unwrap_or(30);
    if !(1..=100).contains(&per_page) || p.page.is_some_and(|n| !(1..=MAX_PAGE).contains(&n)) {
        return Err(AppError::BadRequest(crate::text!(err_paging)));
    }
    let query = ActorQuery {
        q: crate::platform::input::printable(&p.q.unwrap_or_default()),
        kind: p.kind,
        page: p.page.unwrap_or(1),
        per_page,
    };
    let (items, has_next) = store::list(&state.db, &query).await?;
    Ok(Json(ActorList {
        items: items
            .into_iter()
            .map(|c| ActorListItem {
                id: c.id,
                name: c.name,
                kind: c.kind,
                about: c.about,
                neighbourhood: c.neighbourhood,
            })
            .collect(),
        page: query.page,
        has_next,
    }))
}

async fn dto(state: &AppState, id: i64) -> AppResult<ActorDto> {
    let a = store::get(&state.db, id).await?;
    let members = if a.kind.is_organisation() {
        store::members(&state.db, id).await?
    } else {
        Vec::new()
    };
    let participation = store::participation(&state.db, id).await?;
    Ok(ActorDto {
        id: a.id,
        kind: a.kind,
        name: a.name,
        about: a.about,
        neighbourhood: a.neighbourhood,
        website: a.website,
        parent_id: a.parent_id,
        department_id: a.department_id,
        members: members
            .into_iter()
            .map(|m| MemberDto {
                actor_id: m.actor.id,
                name: m.actor.name,
                role: m.role,
            })
            .collect(),
        initiatives: participation
            .into_iter()
            .map(|p| ParticipationDto {
                initiative_id: p.initiative_id,
                title: p.title,
                role: p.role,
                owns: p.owned,
                started: p.started,
            })
            .collect(),
        created_at: rfc3339(a.created_at),
    })
}

#[utoipa::path(get, path = "/api/v1/actors/{id}", tag = "actors", params(("id" = i64, Path)),
    responses((status = 200, body = ActorDto), answers::Lookup))]
pub async fn get(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Json<ActorDto>> {
    Ok(Json(dto(&state, id).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrganisationCreate {
    /// `association`, `business` or `institution`; platform admins may also create `municipal_unit`.
    pub kind: ActorKind,
    #[schema(min_length = 1, max_length = 200)]
    pub name: String,
    #[serde(default)]
    #[schema(max_length = 5000)]
    pub about: String,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub neighbourhood: String,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub website: String,
    /// For a municipal sub-unit: its department.
    pub parent_id: Option<i64>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ActorUpdate {
    #[schema(min_length = 1, max_length = 200)]
    pub name: Option<String>,
    #[schema(max_length = 5000)]
    pub about: Option<String>,
    #[schema(max_length = 200)]
    pub neighbourhood: Option<String>,
    #[schema(max_length = 200)]
    pub website: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/actors", tag = "actors", request_body = OrganisationCreate,
    security(("bearer" = [])),
    responses((status = 201, body = ActorDto), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::Invalid))]
pub async fn create(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Json(body): Json<OrganisationCreate>,
) -> AppResult<(StatusCode, Json<ActorDto>)> {
    let draft = OrganisationDraft {
        name: body.name,
        about: body.about,
        neighbourhood: body.neighbourhood,
        website: body.website,
    };
    let id = actions::found(
        &state.db,
        &viewer,
        body.kind,
        draft,
        body.parent_id,
        FieldErrors::new(),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(dto(&state, id).await?)))
}

#[utoipa::path(patch, path = "/api/v1/actors/{id}", tag = "actors", params(("id" = i64, Path)),
    request_body = ActorUpdate, security(("bearer" = [])),
    responses((status = 200, body = ActorDto), answers::GuardedEdit))]
pub async fn update(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<ActorUpdate>,
) -> AppResult<Json<ActorDto>> {
    let a = store::get(&state.db, id).await?;
    let draft = OrganisationDraft {
        name: body.name.unwrap_or(a.name),
        about: body.about.unwrap_or(a.about),
        neighbourhood: body.neighbourhood.unwrap_or(a.neighbourhood),
        website: body.website.unwrap_or(a.website),
    };
    actions::edit(&state.db, &viewer, id, draft).await?;
    Ok(Json(dto(&state, id).await?))
}

/// The feature's API routes, each registered once with its documentation.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get, update))
}
