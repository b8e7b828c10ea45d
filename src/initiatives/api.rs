//! The initiatives part of the JSON API.

use super::actions;
use super::model::*;
use super::store::{self, Initiative, ListQuery, Sort};
use crate::actors::store as actor_store;
use crate::evaluation::model::Arena;
use crate::mobilisation::model::Unit;
use crate::platform::auth::ApiCaller;
use crate::platform::db::MAX_PAGE;
use crate::platform::error::{AppError, AppResult, answers};
use crate::platform::geo::pair_coordinates;
use crate::platform::i18n::Lang;
use crate::platform::input::printable;
use crate::platform::permissions::{Action, require};
use crate::platform::time::rfc3339;
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

#[derive(Serialize, ToSchema)]
pub struct InitiativeSummary {
    pub id: i64,
    pub title: String,
    pub purpose: String,
    pub theme: Theme,
    pub status: Status,
    pub stage: Stage,
    pub provenance: Provenance,
    pub neighbourhood: String,
    pub owner_name: String,
    /// RFC 3339.
    pub updated_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct InitiativeList {
    pub items: Vec<InitiativeSummary>,
    pub page: i64,
    pub per_page: i64,
    /// Whether another page follows.
    pub has_next: bool,
}

#[derive(Serialize, ToSchema)]
pub struct ActorSummary {
    pub id: i64,
    pub name: String,
    pub kind: crate::actors::model::ActorKind,
}

#[derive(Serialize, ToSchema)]
pub struct ParticipantDto {
    pub actor: ActorSummary,
    pub role: ParticipantRole,
    pub expectations: String,
    pub joined_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct OwnershipDto {
    pub owner: ActorSummary,
    pub from: String,
    /// Absent for the current owner.
    pub to: Option<String>,
    pub reason: String,
}

#[derive(Serialize, ToSchema)]
pub struct StatusStepDto {
    pub from: Status,
    pub to: Status,
    pub at: String,
}

#[derive(Serialize, ToSchema)]
pub struct Coordinates {
    pub latitude: f64,
    pub longitude: f64,
}

#[derive(Serialize, ToSchema)]
pub struct GiftDto {
    pub arena: Arena,
    /// The organisation or unit that gave; none for the citizens.
    pub giver: Option<ActorSummary>,
    /// How many citizens gave it, when it is the citizens'.
    pub citizens: i64,
    pub unit: Unit,
    pub amount: i64,
}

#[derive(Serialize, ToSchema)]
pub struct InitiativeDto {
    pub id: i64,
    pub title: String,
    /// "Klarhed: hvad vil vi?" — what the initiative wants to achieve.
    pub purpose: String,
    pub description: String,
    pub theme: Theme,
    pub address: String,
    pub neighbourhood: String,
    pub coordinates: Option<Coordinates>,
    /// Who started it; never changes.
    pub provenance: Provenance,
    pub started_by: ActorSummary,
    pub owner: ActorSummary,
    pub department_id: Option<i64>,
    pub stage: Stage,
    pub initiating_side: InitiatingSide,
    pub commitment: Commitment,
    pub value_goals: Vec<ValueGoal>,
    pub leadership_mode: LeadershipMode,
    pub status: Status,
    /// The statuses it may move to next.
    pub next_statuses: Vec<Status>,
    pub participants: Vec<ParticipantDto>,
    pub ownership_history: Vec<OwnershipDto>,
    /// Every change of status, oldest first.
    pub status_history: Vec<StatusStepDto>,
    /// Who gave what, under pledges and through requests: organisations and municipal units by
    /// name, the citizens who gave in one unit together (counted, never named).
    pub given: Vec<GiftDto>,
    pub created_at: String,
    pub updated_at: String,
    /// Send back with an update to detect concurrent edits.
    pub version: i64,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ApiListParams {
    /// Free-text search in Danish (stemmed: `haver` finds `have`).
    pub q: Option<String>,
    pub theme: Option<Theme>,
    pub stage: Option<Stage>,
    pub side: Option<InitiatingSide>,
    pub commitment: Option<Commitment>,
    /// Id of a municipal department.
    pub department: Option<i64>,
    pub neighbourhood: Option<String>,
    pub status: Option<Status>,
    /// `updated` (default), `created`, `title` or `relevance` (default when searching).
    pub sort: Option<String>,
    /// 1-based page number.
    #[param(minimum = 1, maximum = 10000)]
    pub page: Option<i64>,
    /// Items per page, 1 to 100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<i64>,
}

#[utoipa::path(get, path = "/api/v1/initiatives", tag = "initiatives", params(ApiListParams),
    responses((status = 200, body = InitiativeList), answers::BadRequest))]
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(p): Query<ApiListParams>,
) -> AppResult<Json<InitiativeList>> {
    let lang = lang(&headers);
    let sort = match p.sort.as_deref() {
        None | Some("") => None,
        Some(s) => {
            Some(Sort::parse(s).ok_or_else(|| AppError::BadRequest(crate::text!(err_sort)))?)
        }
    };
    let per_page = p.per_page.unwrap_or(store::PER_PAGE_DEFAULT);
    if !(1..=store::PER_PAGE_MAX).contains(&per_page)
        || p.page.is_some_and(|n| !(1..=MAX_PAGE).contains(&n))
    {
        return Err(AppError::BadRequest(crate::text!(err_paging)));
    }
    let query = ListQuery {
        q: printable(&p.q.unwrap_or_default()),
        theme: p.theme,
        stage: p.stage,
        side: p.side,
        commitment: p.commitment,
        department_id: p.department,
        neighbourhood: printable(&p.neighbourhood.unwrap_or_default()),
        status: p.status,
        cases: false,
        sort,
        page: p.page.unwrap_or(1),
        per_page,
    };
    let result = store::list(&state.db, &query, lang).await?;
    Ok(Json(InitiativeList {
        items: result
            .items
            .into_iter()
            .map(|c| InitiativeSummary {
                id: c.id,
                title: c.title,
                purpose: c.purpose,
                theme: c.theme,
                status: c.status,
                stage: c.stage,
                provenance: c.provenance,
                neighbourhood: c.neighbourhood,
                owner_name: c.owner_name,
                updated_at: rfc3339(c.updated_at),
            })
            .collect(),
        page: query.page,
        per_page,
        has_next: result.has_next,
    }))
}

async fn dto(state: &AppState, i: Initiative) -> AppResult<InitiativeDto> {
    let participants = store::participants(&state.db, i.id).await?;
    let history = store::ownership_history(&state.db, i.id).await?;
    let steps = store::status_history(&state.db, i.id).await?;
    let started_by = actor_store::get_ref(&state.db, i.started_by_id).await?;
    let gifts = crate::mobilisation::store::gifts_to(&state.db, i.id).await?;
    let given = crate::mobilisation::store::shown_gifts(&gifts)
        .into_iter()
        .map(|g| GiftDto {
            arena: Arena::of(g.kind),
            giver: g.giver.map(|(id, name)| ActorSummary {
                id,
                name,
                kind: g.kind,
            }),
            citizens: g.citizens,
            unit: g.unit,
            amount: g.amount,
        })
        .collect();
    let d = i.draft;
    Ok(InitiativeDto {
        id: i.id,
        title: d.title,
        purpose: d.purpose,
        description: d.description,
        theme: d.theme,
        address: d.address,
        neighbourhood: d.neighbourhood,
        coordinates: d.coordinates.map(|(latitude, longitude)| Coordinates {
            latitude,
            longitude,
        }),
        provenance: i.provenance,
        started_by: ActorSummary {
            id: started_by.id,
            name: started_by.name,
            kind: started_by.kind,
        },
        owner: ActorSummary {
            id: i.owner_id,
            name: i.owner_name,
            kind: i.owner_kind,
        },
        department_id: d.department_id,
        stage: d.stage,
        initiating_side: i.initiating_side,
        commitment: d.commitment,
        value_goals: d.value_goals,
        leadership_mode: d.leadership_mode,
        status: i.status,
        next_statuses: i.status.next().to_vec(),
        participants: participants
            .into_iter()
            .map(|p| ParticipantDto {
                actor: ActorSummary {
                    id: p.actor_id,
                    name: p.name,
                    kind: p.kind,
                },
                role: p.role,
                expectations: p.expectations,
                joined_at: rfc3339(p.joined_at),
            })
            .collect(),
        ownership_history: history
            .into_iter()
            .map(|o| OwnershipDto {
                owner: ActorSummary {
                    id: o.owner_id,
                    name: o.owner_name,
                    kind: o.owner_kind,
                },
                from: rfc3339(o.from_at),
                to: o.to_at.map(rfc3339),
                reason: o.reason,
            })
            .collect(),
        status_history: steps
            .into_iter()
            .map(|st| StatusStepDto {
                from: st.from,
                to: st.to,
                at: rfc3339(st.at),
            })
            .collect(),
        given,
        created_at: rfc3339(i.created_at),
        updated_at: rfc3339(i.updated_at),
        version: i.version,
    })
}

/// An initiative; one a moderator has hidden is not found.
#[utoipa::path(get, path = "/api/v1/initiatives/{id}", tag = "initiatives", params(("id" = i64, Path)),
    responses((status = 200, body = InitiativeDto), answers::Lookup))]
pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> AppResult<Json<InitiativeDto>> {
    let initiative = crate::moderation::model::ContentKind::Initiative;
    crate::moderation::routes::not_hidden(&state, initiative, id).await?;
    let i = store::get(&state.db, id).await?;
    Ok(Json(dto(&state, i).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InitiativeCreate {
    #[schema(min_length = 1, max_length = 140)]
    pub title: String,
    #[schema(min_length = 1, max_length = 2000)]
    pub purpose: String,
    #[serde(default)]
    #[schema(max_length = 20000)]
    pub description: String,
    pub theme: Theme,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub address: String,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub neighbourhood: String,
    #[schema(minimum = -90, maximum = 90)]
    pub latitude: Option<f64>,
    #[schema(minimum = -180, maximum = 180)]
    pub longitude: Option<f64>,
    /// The actor starting it: the caller's own person (default) or an organisation the caller
    /// acts for. Determines the provenance.
    pub started_by_id: Option<i64>,
    pub stage: Stage,
    pub commitment: Commitment,
    #[serde(default)]
    pub value_goals: Vec<ValueGoal>,
    pub leadership_mode: LeadershipMode,
    /// The department to anchor it in. Unless the caller works in that department, it is asked
    /// of the department and `department_id` stays empty until the department accepts; the
    /// request is in `/api/v1/initiatives/{id}/proposals`.
    pub department_id: Option<i64>,
    /// What the starter expects of the others (principle #4).
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub expectations: String,
    /// A workshop's idea the initiative takes up: it becomes the idea's fate (for the
    /// workshop's facilitators), and those interested in the idea are told.
    pub adopts_idea: Option<IdeaAdoptionBody>,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IdeaAdoptionBody {
    pub idea_id: i64,
    /// Why the idea is taken up.
    #[schema(max_length = 2000)]
    pub reason: String,
}

/// A partial update: absent fields keep their value.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct InitiativeUpdate {
    #[schema(min_length = 1, max_length = 140)]
    pub title: Option<String>,
    #[schema(min_length = 1, max_length = 2000)]
    pub purpose: Option<String>,
    #[schema(max_length = 20000)]
    pub description: Option<String>,
    pub theme: Option<Theme>,
    #[schema(max_length = 200)]
    pub address: Option<String>,
    #[schema(max_length = 200)]
    pub neighbourhood: Option<String>,
    #[schema(minimum = -90, maximum = 90)]
    pub latitude: Option<f64>,
    #[schema(minimum = -180, maximum = 180)]
    pub longitude: Option<f64>,
    pub stage: Option<Stage>,
    pub commitment: Option<Commitment>,
    pub value_goals: Option<Vec<ValueGoal>>,
    pub leadership_mode: Option<LeadershipMode>,
    /// A department to anchor it in, asked of the department as on creation.
    pub department_id: Option<i64>,
    /// The version the change was based on; when given and outdated, the update is refused
    /// with 409 instead of overwriting someone else's edit.
    pub version: Option<i64>,
    /// Move along the lifecycle (only to one of `next_statuses`).
    pub status: Option<Status>,
}

fn coordinates(lat: Option<f64>, lon: Option<f64>) -> AppResult<Option<(f64, f64)>> {
    let mut errors = crate::platform::error::FieldErrors::new();
    let pair = pair_coordinates(&mut errors, lat, lon);
    if errors.is_empty() {
        Ok(pair)
    } else {
        Err(AppError::Invalid(errors))
    }
}

#[utoipa::path(post, path = "/api/v1/initiatives", tag = "initiatives", request_body = InitiativeCreate,
    security(("bearer" = [])),
    responses((status = 201, body = InitiativeDto), answers::GuardedChange))]
pub async fn create(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Json(body): Json<InitiativeCreate>,
) -> AppResult<(StatusCode, Json<InitiativeDto>)> {
    let starter_id = body.started_by_id.unwrap_or(viewer.person_id);
    require(Some(&viewer), Action::ActFor(starter_id))?;
    let draft = InitiativeDraft {
        title: body.title,
        purpose: body.purpose,
        description: body.description,
        theme: body.theme,
        address: body.address,
        neighbourhood: body.neighbourhood,
        coordinates: coordinates(body.latitude, body.longitude)?,
        stage: body.stage,
        commitment: body.commitment,
        value_goals: body.value_goals,
        leadership_mode: body.leadership_mode,
        department_id: body.department_id,
    };
    let start = actions::Start {
        draft: Ok(draft),
        starter_id,
        expectations: body.expectations,
        adopts: body.adopts_idea.map(|a| {
            actions::Adopts::Idea(crate::workshops::actions::IdeaAdoption {
                idea_id: a.idea_id,
                reason: a.reason,
                before: None,
            })
        }),
    };
    let id = actions::start(&state.db, &viewer, start).await?;
    let i = store::get(&state.db, id).await?;
    Ok((StatusCode::CREATED, Json(dto(&state, i).await?)))
}

#[utoipa::path(patch, path = "/api/v1/initiatives/{id}", tag = "initiatives", params(("id" = i64, Path)),
    request_body = InitiativeUpdate, security(("bearer" = [])),
    responses((status = 200, body = InitiativeDto), answers::GuardedChange))]
pub async fn update(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<InitiativeUpdate>,
) -> AppResult<Json<InitiativeDto>> {
    let mut draft = store::get(&state.db, id).await?.draft;
    macro_rules! apply {
        ($($field:ident),*) => { $(if let Some(v) = body.$field { draft.$field = v; })* };
    }
    apply!(
        title,
        purpose,
        description,
        theme,
        address,
        neighbourhood,
        stage,
        commitment,
        value_goals,
        leadership_mode
    );
    if body.department_id.is_some() {
        draft.department_id = body.department_id;
    }
    let moved = body.latitude.is_some() || body.longitude.is_some();
    let read = match coordinates(body.latitude, body.longitude) {
        Ok(place) if moved => Ok(InitiativeDraft {
            coordinates: place,
            ..draft
        }),
        Ok(_) => Ok(draft),
        Err(e) => Err(e),
    };
    let edit = actions::Edit {
        from_version: body.version,
        draft: Some(read),
        status: body.status,
    };
    actions::edit(&state.db, &viewer, id, edit).await?;
    let i = store::get(&state.db, id).await?;
    Ok(Json(dto(&state, i).await?))
}

/// The feature's API routes, each registered once with its documentation.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(get, update))
}
