//! Requests and pools in the JSON API: the same actions as the pages, through `actions`.

use super::actions::{self, Filing};
use super::model::*;
use super::store::{self, Pool, Request};
use crate::mobilisation::model::Unit;
use crate::platform::auth::ApiCaller;
use crate::platform::error::{AppError, AppResult, FieldErrors, answers};
use crate::platform::permissions::actors_acted_for;
use crate::platform::time::{parse_iso_date, rfc3339};
use crate::platform::web::AppState;
use crate::text;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

#[derive(Serialize, ToSchema)]
pub struct PoolDto {
    pub id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub name: String,
    pub description: String,
    pub criteria: String,
    /// Amounts in øre.
    pub budget_ore: i64,
    pub granted_ore: i64,
    pub remaining_ore: i64,
    pub max_grant_ore: Option<i64>,
    pub own_share_pct: i64,
    #[schema(format = Date)]
    pub opens_on: Option<String>,
    /// None: rolling intake.
    #[schema(format = Date)]
    pub deadline: Option<String>,
    pub decision_days: Option<i64>,
    pub status: PoolStatus,
    /// Median seconds from request to decision, over the pool's decided requests.
    pub median_decision_seconds: Option<i64>,
    pub decisions: i64,
}

/// A pool as sent, with `times`, its times to decision.
fn pool_dto(p: Pool, times: Vec<i64>) -> PoolDto {
    let r = &p.draft.rules;
    PoolDto {
        id: p.id,
        unit_id: p.unit_id,
        remaining_ore: p.remaining_ore(),
        unit_name: p.unit_name,
        name: p.draft.name,
        description: p.draft.description,
        criteria: p.draft.criteria,
        budget_ore: r.budget_ore,
        granted_ore: p.granted_ore,
        max_grant_ore: r.max_grant_ore,
        own_share_pct: r.own_share_pct,
        opens_on: r.opens_on.map(|d| d.to_string()),
        deadline: r.deadline.map(|d| d.to_string()),
        decision_days: r.decision_days,
        status: p.status,
        decisions: times.len() as i64,
        median_decision_seconds: median(times),
    }
}

#[derive(Serialize, ToSchema)]
pub struct RequestDto {
    pub id: i64,
    pub kind: RequestKind,
    pub title: String,
    pub description: String,
    pub applicant_id: i64,
    pub applicant_name: String,
    /// Whether a citizens' login (MitID) verified the applicant's name.
    pub applicant_verified: bool,
    pub initiative_id: Option<i64>,
    pub unit_id: i64,
    pub unit_name: String,
    pub pool_id: Option<i64>,
    pub amount_ore: Option<i64>,
    pub project_cost_ore: Option<i64>,
    #[schema(format = Date)]
    pub needed_on: Option<String>,
    pub place: String,
    pub status: RequestStatus,
    pub handler_name: Option<String>,
    pub outcome: Option<Outcome>,
    pub granted_ore: Option<i64>,
    pub decision_reason: String,
    #[schema(format = DateTime)]
    pub received_at: String,
    #[schema(format = DateTime)]
    pub decided_at: Option<String>,
}

fn request_dto(r: Request) -> RequestDto {
    RequestDto {
        id: r.id,
        kind: r.draft.kind,
        title: r.draft.title,
        description: r.draft.description,
        applicant_id: r.applicant_id,
        applicant_name: r.applicant_name,
        applicant_verified: r.applicant_verified,
        initiative_id: r.initiative_id,
        unit_id: r.unit_id,
        unit_name: r.unit_name,
        pool_id: r.pool_id,
        amount_ore: r.draft.amount_ore,
        project_cost_ore: r.draft.project_cost_ore,
        needed_on: r.draft.needed_on.map(|d| d.to_string()),
        place: r.draft.place,
        status: r.status,
        handler_name: r.handler_name,
        outcome: r.outcome,
        granted_ore: r.granted_ore,
        decision_reason: r.decision_reason,
        received_at: rfc3339(r.received_at),
        decided_at: r.decided_at.map(rfc3339),
    }
}

#[utoipa::path(get, path = "/api/v1/pools", tag = "requests",
    responses((status = 200, body = [PoolDto])))]
/// Every pool, with what is left and the time to decision.
pub async fn pools(State(state): State<AppState>) -> AppResult<Json<Vec<PoolDto>>> {
    let pools = store::pools(&state.db, true).await?;
    let ids: Vec<i64> = pools.iter().map(|p| p.id).collect();
    let mut times = store::decision_times_of(&state.db, "pool_id", &ids).await?;
    Ok(Json(
        pools
            .into_iter()
            .map(|p| {
                let t = times.remove(&p.id).unwrap_or_default();
                pool_dto(p, t)
            })
            .collect(),
    ))
}

#[utoipa::path(get, path = "/api/v1/pools/{id}", tag = "requests", params(("id" = i64, Path)),
    responses((status = 200, body = PoolDto), answers::Lookup))]
pub async fn get_pool(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> AppResult<Json<PoolDto>> {
    let p = store::get_pool(&state.db, id).await?;
    let times = store::decision_times(&state.db, "pool_id", p.id).await?;
    Ok(Json(pool_dto(p, times)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PoolBody {
    /// The municipal unit responsible; the caller must handle its cases.
    pub unit_id: i64,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub criteria: String,
    #[schema(minimum = 0, maximum = 100000000000_i64)]
    pub budget_ore: i64,
    #[schema(minimum = 1, maximum = 100000000000_i64)]
    pub max_grant_ore: Option<i64>,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 100)]
    pub own_share_pct: i64,
    #[schema(format = Date)]
    pub opens_on: Option<String>,
    #[schema(format = Date)]
    pub deadline: Option<String>,
    #[schema(minimum = 1, maximum = 365)]
    pub decision_days: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/pools", tag = "requests", request_body = PoolBody, security(("bearer" = [])),
    responses((status = 201, body = PoolDto), answers::Submission))]
/// A unit the caller handles for opens a pool.
pub async fn create_pool(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Json(body): Json<PoolBody>,
) -> AppResult<(StatusCode, Json<PoolDto>)> {
    let mut errors = FieldErrors::new();
    let mut date = |field: &'static str, text: Option<&str>| {
        text.and_then(|t| {
            parse_iso_date(t).or_else(|| {
                errors.insert(field, text!(err_date_iso));
                None
            })
        })
    };
    let opens_on = date("opens_on", body.opens_on.as_deref());
    let deadline = date("deadline", body.deadline.as_deref());
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let draft = PoolDraft {
        name: body.name,
        description: body.description,
        criteria: body.criteria,
        rules: PoolRules {
            budget_ore: body.budget_ore,
            max_grant_ore: body.max_grant_ore,
            own_share_pct: body.own_share_pct,
            opens_on,
            deadline,
            decision_days: body.decision_days,
        },
    };
    let p = actions::create_pool(&state.db, &viewer, Some(body.unit_id), draft)
        .await
        .map_err(|e| {
            e.renamed_fields(&[
                ("unit", "unit_id"),
                ("budget", "budget_ore"),
                ("max_grant", "max_grant_ore"),
                ("own_share", "own_share_pct"),
            ])
        })?;
    // A new pool has decided nothing yet.
    Ok((StatusCode::CREATED, Json(pool_dto(p, Vec::new()))))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestBody {
    pub kind: RequestKind,
    /// Who asks: the caller or an organisation they act for (the caller when left out).
    pub applicant_id: Option<i64>,
    /// The initiative it is for, which the caller helps lead.
    pub initiative_id: Option<i64>,
    /// For help and permits: the municipal unit asked.
    pub unit_id: Option<i64>,
    /// For grants: the pool.
    pub pool_id: Option<i64>,
    pub title: String,
    pub description: String,
    #[schema(minimum = 1, maximum = 100000000000_i64)]
    pub amount_ore: Option<i64>,
    #[schema(minimum = 1, maximum = 100000000000_i64)]
    pub project_cost_ore: Option<i64>,
    #[schema(format = Date)]
    pub needed_on: Option<String>,
    #[serde(default)]
    pub place: String,
}

#[utoipa::path(post, path = "/api/v1/requests", tag = "requests", request_body = RequestBody, security(("bearer" = [])),
    responses((status = 201, body = RequestDto), answers::Submission))]
/// Files a request through the front door. A grant must fit its pool (dates, largest grant, own share).
pub async fn file(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Json(body): Json<RequestBody>,
) -> AppResult<(StatusCode, Json<RequestDto>)> {
    let mut errors = FieldErrors::new();
    let needed_on = body.needed_on.as_deref().and_then(|t| {
        parse_iso_date(t).or_else(|| {
            errors.insert("needed_on", text!(err_date_iso));
            None
        })
    });
    let filing = Filing {
        draft: RequestDraft {
            kind: body.kind,
            title: body.title,
            description: body.description,
            amount_ore: body.amount_ore,
            project_cost_ore: body.project_cost_ore,
            needed_on,
            place: body.place,
        },
        applicant_id: body.applicant_id.or(Some(viewer.person_id)),
        initiative_id: body.initiative_id,
        unit_id: body.unit_id,
        pool_id: body.pool_id,
    };
    let id = actions::file(&state.db, &viewer, filing, errors)
        .await
        .map_err(|e| {
            e.renamed_fields(&[
                ("amount", "amount_ore"),
                ("project_cost", "project_cost_ore"),
                ("pool", "pool_id"),
                ("unit", "unit_id"),
                ("applicant", "applicant_id"),
                ("initiative", "initiative_id"),
            ])
        })?;
    Ok((
        StatusCode::CREATED,
        Json(request_dto(store::get_request(&state.db, id).await?)),
    ))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RequestListParams {
    /// `mine` (the default): requests of the caller and the organisations they act for;
    /// `queue`: open cases of the units the caller handles for, oldest first.
    pub view: Option<RequestView>,
}

#[derive(Deserialize, ToSchema, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RequestView {
    Mine,
    Queue,
}

#[utoipa::path(get, path = "/api/v1/requests", tag = "requests", params(RequestListParams), security(("bearer" = [])),
    responses((status = 200, body = [RequestDto]), answers::BadRequest, answers::Unauthenticated))]
/// The caller's requests, or the queue they handle.
pub async fn list(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Query(q): Query<RequestListParams>,
) -> AppResult<Json<Vec<RequestDto>>> {
    let list = match q.view.unwrap_or(RequestView::Mine) {
        RequestView::Mine => {
            store::requests_of(&state.db, "applicant_id", &actors_acted_for(&viewer), false).await?
        }
        RequestView::Queue => {
            let units: Vec<i64> = actions::handled_units(&state.db, Some(&viewer))
                .await?
                .into_iter()
                .map(|(id, _)| id)
                .collect();
            store::requests_of(&state.db, "unit_id", &units, true).await?
        }
    };
    Ok(Json(list.into_iter().map(request_dto).collect()))
}

#[utoipa::path(get, path = "/api/v1/requests/{id}", tag = "requests", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = RequestDto), answers::Guarded))]
/// A case, for its applicant and its handlers.
pub async fn get(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
) -> AppResult<Json<RequestDto>> {
    let r = store::get_request(&state.db, id).await?;
    actions::roles(&state.db, &viewer, &r).await?;
    Ok(Json(request_dto(r)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MessageBody {
    pub message: String,
}

#[utoipa::path(post, path = "/api/v1/requests/{id}/messages", tag = "requests", params(("id" = i64, Path)),
    request_body = MessageBody, security(("bearer" = [])),
    responses((status = 204), answers::GuardedChange))]
/// A question from a handler (the case then waits for the applicant) or the applicant's answer.
pub async fn message(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<MessageBody>,
) -> AppResult<StatusCode> {
    actions::message(&state.db, &viewer, id, &body.message).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/api/v1/requests/{id}/take", tag = "requests", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), answers::GuardedStep))]
/// A handler takes the case.
pub async fn take(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    actions::take(&state.db, &viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    pub outcome: Outcome,
    /// For a grant decided in part: the sum, in øre (in full: what was asked, or left out).
    #[schema(minimum = 1, maximum = 100000000000_i64)]
    pub granted_ore: Option<i64>,
    /// Required for a decline or a partial grant.
    #[serde(default)]
    pub reason: String,
    /// For help or a permit granted: what the unit gives, counted as its contribution to the
    /// initiative.
    #[schema(minimum = 1, maximum = 10000000)]
    pub given_amount: Option<i64>,
    pub given_unit: Option<Unit>,
}

#[utoipa::path(post, path = "/api/v1/requests/{id}/decision", tag = "requests", params(("id" = i64, Path)),
    request_body = DecisionBody, security(("bearer" = [])),
    responses((status = 200, body = RequestDto), answers::GuardedChange))]
/// A handler decides. A grant is taken from the pool's budget, which is never overdrawn (409
/// when too little is left).
pub async fn decide(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<DecisionBody>,
) -> AppResult<Json<RequestDto>> {
    let decision = Decision {
        outcome: body.outcome,
        granted_ore: body.granted_ore,
        reason: body.reason,
    };
    let given = body
        .given_amount
        .map(|n| (body.given_unit.unwrap_or(Unit::Items), n));
    let r = actions::decide(&state.db, &viewer, id, decision, given)
        .await
        .map_err(|e| e.renamed_fields(&[("granted", "granted_ore"), ("given", "given_amount")]))?;
    Ok(Json(request_dto(r)))
}

#[utoipa::path(post, path = "/api/v1/requests/{id}/close", tag = "requests", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), answers::GuardedStep))]
/// A handler closes a decided case.
pub async fn close(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    actions::close(&state.db, &viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The feature's API routes, each registered once with its documentation.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(pools, create_pool))
        .routes(routes!(get_pool))
        .routes(routes!(list, file))
        .routes(routes!(get))
        .routes(routes!(message))
        .routes(routes!(take))
        .routes(routes!(decide))
        .routes(routes!(close))
}
