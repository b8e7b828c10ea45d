//! Proposals in the JSON API: an initiative's proposals, making one, answering and withdrawing.

use super::actions;
use super::model::*;
use super::store::{self, Proposal};
use crate::initiatives::api::ActorSummary;
use crate::initiatives::model::{ParticipantRole, Status};
use crate::mobilisation::model::Unit;
use crate::platform::auth::ApiCaller;
use crate::platform::error::{AppError, AppResult, answers};
use crate::platform::time::rfc3339;
use crate::platform::web::AppState;
use crate::text;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

#[derive(Serialize, ToSchema)]
pub struct ProposalDto {
    pub id: i64,
    pub initiative_id: i64,
    pub kind: ProposalKind,
    /// Who proposes: the initiative's owner for an invitation or anchoring.
    pub from: ActorSummary,
    /// Who answers: the initiative's owner for an offer, scale-up, take-over or status change.
    pub to: ActorSummary,
    pub role: Option<ParticipantRole>,
    pub ask: Option<Ask>,
    pub what: String,
    pub amount: Option<i64>,
    /// What `amount` counts.
    pub unit: Option<Unit>,
    pub status_to: Option<Status>,
    pub message: String,
    pub state: ProposalState,
    /// The answer's reason or expectations.
    pub reason: String,
    /// RFC 3339.
    pub created_at: String,
    pub answered_at: Option<String>,
}

fn dto(p: Proposal) -> ProposalDto {
    let d = p.draft;
    ProposalDto {
        id: p.id,
        initiative_id: p.initiative_id,
        kind: d.kind,
        from: ActorSummary {
            id: p.from_actor_id,
            name: p.from_name,
            kind: p.from_kind,
        },
        to: ActorSummary {
            id: p.to_actor_id,
            name: p.to_name,
            kind: p.to_kind,
        },
        role: d.role,
        ask: d.ask,
        what: d.what,
        amount: d.amount,
        unit: d.ask.and_then(Ask::unit),
        status_to: d.status_to,
        message: d.message,
        state: p.state,
        reason: p.reason,
        created_at: rfc3339(p.created_at),
        answered_at: p.answered_at.map(rfc3339),
    }
}

#[utoipa::path(get, path = "/api/v1/initiatives/{id}/proposals", tag = "proposals",
    params(("id" = i64, Path)),
    responses((status = 200, body = Vec<ProposalDto>), answers::Lookup))]
pub async fn list(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<ProposalDto>>> {
    crate::initiatives::store::access(&state.db, id).await?;
    let proposals = store::of_initiative(&state.db, id).await?;
    Ok(Json(proposals.into_iter().map(dto).collect()))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposalCreate {
    /// `anchoring` is asked for by naming a department on the initiative.
    pub kind: ProposalKind,
    /// For an invitation, the organisation invited; otherwise the organisation proposing, one
    /// the caller acts for (a participant, or the department it is anchored in, for a status).
    pub actor_id: i64,
    /// Required for an invitation or offer; ignored otherwise, like `ask`, `what` and `amount`.
    pub role: Option<ParticipantRole>,
    pub ask: Option<Ask>,
    /// What exactly is asked for or offered, the title of the need it becomes; required with
    /// `ask`.
    #[serde(default)]
    #[schema(max_length = 140)]
    pub what: String,
    #[schema(minimum = 1, maximum = 10000000)]
    pub amount: Option<i64>,
    /// Required for a status change; ignored otherwise.
    pub status_to: Option<Status>,
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub message: String,
}

#[utoipa::path(post, path = "/api/v1/initiatives/{id}/proposals", tag = "proposals",
    params(("id" = i64, Path)), request_body = ProposalCreate, security(("bearer" = [])),
    responses((status = 201, body = ProposalDto), answers::GuardedChange))]
pub async fn create(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<ProposalCreate>,
) -> AppResult<(StatusCode, Json<ProposalDto>)> {
    if body.kind == ProposalKind::Anchoring {
        return Err(AppError::BadRequest(text!(err_anchoring_by_department)));
    }
    let draft = ProposalDraft {
        kind: body.kind,
        actor_id: body.actor_id,
        role: body.role,
        ask: body.ask,
        what: body.what,
        amount: body.amount,
        status_to: body.status_to,
        message: body.message,
    };
    let made = actions::propose(&state.db, &viewer, id, draft).await?;
    Ok((
        StatusCode::CREATED,
        Json(dto(store::get(&state.db, made).await?)),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposalAnswer {
    pub accept: bool,
    /// Why, or what is expected; shown to the side that proposed.
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub reason: String,
}

#[utoipa::path(post, path = "/api/v1/proposals/{id}/answer", tag = "proposals",
    params(("id" = i64, Path)), request_body = ProposalAnswer, security(("bearer" = [])),
    responses((status = 200, body = ProposalDto), answers::GuardedChange))]
pub async fn answer(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<ProposalAnswer>,
) -> AppResult<Json<ProposalDto>> {
    let p = actions::answer(&state.db, &viewer, id, body.accept, &body.reason).await?;
    Ok(Json(dto(p)))
}

#[utoipa::path(post, path = "/api/v1/proposals/{id}/withdraw", tag = "proposals",
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = ProposalDto), answers::GuardedStep))]
pub async fn withdraw(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
) -> AppResult<Json<ProposalDto>> {
    Ok(Json(dto(actions::withdraw(&state.db, &viewer, id).await?)))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, create))
        .routes(routes!(answer))
        .routes(routes!(withdraw))
}
