//! Registers in the JSON API, through the same actions as the pages, so the same people are
//! refused and every look is logged alike: the register for its board or a grantee, one entry,
//! the log, granting access, a person's own entries with their requests, asking and answering.

use super::actions::{self, Reader};
use super::model::*;
use super::rights::*;
use super::store::{self, Entry, Look, Request};
use crate::platform::auth::ApiCaller;
use crate::platform::error::{AppResult, answers};
use crate::platform::time::{api_day, rfc3339};
use crate::platform::web::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

#[derive(Serialize, ToSchema)]
pub struct ValueDto {
    pub field_id: i64,
    pub value: String,
}

#[derive(Serialize, ToSchema)]
pub struct EntryDto {
    pub id: i64,
    pub association_id: i64,
    /// Empty once retention or an erasure made the person anonymous.
    pub name: String,
    pub email: String,
    #[schema(format = Date)]
    pub starts_on: String,
    #[schema(format = Date)]
    pub ends_on: Option<String>,
    pub certificate: Certificate,
    #[schema(format = Date)]
    pub certificate_valid_until: Option<String>,
    pub activity_ids: Vec<i64>,
    /// What the association keeps in its fields (`fields` of the register says for which
    /// purpose).
    pub values: Vec<ValueDto>,
}

fn entry_dto(e: Entry) -> EntryDto {
    EntryDto {
        id: e.id,
        association_id: e.association_id,
        name: e.name,
        email: e.email,
        starts_on: e.starts_on.to_string(),
        ends_on: e.ends_on.map(|d| d.to_string()),
        certificate: e.certificate,
        certificate_valid_until: e.certificate_valid_until.map(|d| d.to_string()),
        activity_ids: e.activity_ids,
        values: e
            .values
            .into_iter()
            .map(|(field_id, value)| ValueDto { field_id, value })
            .collect(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct PurposeDto {
    pub id: i64,
    pub name: String,
    pub legal_basis: LegalBasis,
    /// Days its data is kept after the person's involvement ends.
    pub retention_days: i64,
    /// The version of the consent text consented to now (0: not by consent).
    pub consent_version: i64,
}

#[derive(Serialize, ToSchema)]
pub struct FieldDto {
    pub id: i64,
    pub kind: FieldKind,
    pub label: String,
    pub purpose_id: i64,
}

#[derive(Serialize, ToSchema)]
pub struct ActivityDto {
    pub id: i64,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct RegisterDto {
    /// Whether the caller reads it under access the association granted (not as its board).
    pub under_grant: bool,
    pub purposes: Vec<PurposeDto>,
    pub fields: Vec<FieldDto>,
    pub activities: Vec<ActivityDto>,
    pub people: Vec<EntryDto>,
}

#[utoipa::path(get, path = "/api/v1/associations/{id}/register", tag = "registers",
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = RegisterDto), answers::Guarded))]
/// The association's register, for its board or someone it granted access; the look is logged.
/// Anyone else — municipal employees and administrators included — is refused, and the
/// attempt is logged for the board.
pub async fn register(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
) -> AppResult<Json<RegisterDto>> {
    let db = &state.db;
    let (reader, people) = actions::people(db, &viewer, id).await?;
    let (purposes, fields, activities) = tokio::try_join!(
        store::purposes(db, id),
        store::fields(db, id),
        store::activities(db, id)
    )?;
    Ok(Json(RegisterDto {
        under_grant: reader != Reader::Board,
        purposes: purposes
            .into_iter()
            .map(|p| PurposeDto {
                id: p.id,
                name: p.name,
                legal_basis: p.legal_basis,
                retention_days: p.retention_days,
                consent_version: p.consent_version,
            })
            .collect(),
        fields: fields
            .into_iter()
            .map(|f| FieldDto {
                id: f.id,
                kind: f.kind,
                label: f.label,
                purpose_id: f.purpose_id,
            })
            .collect(),
        activities: activities
            .into_iter()
            .map(|(id, name)| ActivityDto { id, name })
            .collect(),
        people: people.into_iter().map(entry_dto).collect(),
    }))
}

#[utoipa::path(get, path = "/api/v1/register/{id}", tag = "registers",
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = EntryDto), answers::Guarded))]
/// One entry: for its own person (not logged), the board or a grantee (logged).
pub async fn entry(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
) -> AppResult<Json<EntryDto>> {
    let (_, e) = actions::entry(&state.db, &viewer, id).await?;
    Ok(Json(entry_dto(e)))
}

#[derive(Serialize, ToSchema)]
pub struct LookDto {
    /// Who looked, by name as it was then.
    pub name: String,
    pub reason: LookReason,
    /// The entry looked at; none: the register's list, a mail or a download.
    pub entry_id: Option<i64>,
    /// Whether they looked under access the association granted.
    pub under_grant: bool,
    #[schema(format = DateTime)]
    pub at: String,
}

fn look_dtos(looks: Vec<Look>) -> Vec<LookDto> {
    looks
        .into_iter()
        .filter_map(|l| {
            Some(LookDto {
                reason: LookReason::parse(&l.reason)?,
                name: l.name,
                entry_id: l.entry_id,
                under_grant: l.under_grant,
                at: rfc3339(l.at),
            })
        })
        .collect()
}

#[utoipa::path(get, path = "/api/v1/associations/{id}/register/log", tag = "registers",
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = [LookDto]), answers::Guarded))]
/// Every look at the register by someone other than its people, and every refused attempt,
/// the latest 200 first: for the board.
pub async fn log(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<LookDto>>> {
    actions::board(&state.db, &viewer, id).await?;
    Ok(Json(look_dtos(store::looks(&state.db, id, 200).await?)))
}

/// Access for a named person.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct GrantBody {
    /// The address of the person's Medspil account.
    pub email: String,
    /// What the access is for.
    #[schema(max_length = 200)]
    pub purpose: String,
    /// The last day of the access: after today, at most 92 days ahead.
    #[schema(format = Date)]
    pub until: String,
}

#[derive(Serialize, ToSchema)]
pub struct GrantDto {
    pub id: i64,
}

#[utoipa::path(post, path = "/api/v1/associations/{id}/register/grants", tag = "registers",
    params(("id" = i64, Path)), request_body = GrantBody, security(("bearer" = [])),
    responses((status = 201, body = GrantDto), answers::GuardedChange))]
/// The board grants a named person access to read the register for a purpose, until a day;
/// it ends by itself. Refused (`register_unknown_person`) for an address without an account.
pub async fn grant(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<GrantBody>,
) -> AppResult<(StatusCode, Json<GrantDto>)> {
    let draft = GrantDraft {
        email: body.email,
        purpose: body.purpose,
        until: api_day(Some(&body.until))?,
    };
    let grant = actions::grant(&state.db, &viewer, id, draft).await?;
    Ok((StatusCode::CREATED, Json(GrantDto { id: grant })))
}

#[utoipa::path(post, path = "/api/v1/associations/{id}/register/grants/{grant}/end", tag = "registers",
    params(("id" = i64, Path), ("grant" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), answers::Guarded))]
/// The board ends a grant now, before its day; one that has ended stays ended.
pub async fn end_grant(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path((id, grant)): Path<(i64, i64)>,
) -> AppResult<StatusCode> {
    actions::end_grant(&state.db, &viewer, id, grant).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct RequestDto {
    pub id: i64,
    pub entry_id: i64,
    pub kind: RequestKind,
    pub details: String,
    #[schema(format = DateTime)]
    pub made_at: String,
    /// The day the association must answer by: one month after it was made.
    #[schema(format = Date)]
    pub due_on: String,
    #[schema(format = DateTime)]
    pub answered_at: Option<String>,
    pub outcome: Option<RequestOutcome>,
    pub answer: String,
}

fn request_dto(r: Request) -> RequestDto {
    RequestDto {
        id: r.id,
        entry_id: r.entry_id,
        kind: r.kind,
        details: r.details,
        made_at: rfc3339(r.made_at),
        due_on: r.due_on.to_string(),
        answered_at: r.answered_at.map(rfc3339),
        outcome: r.outcome,
        answer: r.answer,
    }
}

#[derive(Serialize, ToSchema)]
pub struct OwnEntryDto {
    pub entry: EntryDto,
    /// The association's name.
    pub association: String,
    /// Who looked at the person's data, besides the person: at the entry, or at a list that
    /// showed them.
    pub looks: Vec<LookDto>,
    pub requests: Vec<RequestDto>,
}

#[utoipa::path(get, path = "/api/v1/account/register", tag = "registers",
    security(("bearer" = [])),
    responses((status = 200, body = [OwnEntryDto]), answers::BadRequest, answers::Unauthenticated))]
/// The caller's own entries in every association's register, with who looked at each and the
/// requests they made about it: their data, to keep or take elsewhere.
pub async fn mine(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
) -> AppResult<Json<Vec<OwnEntryDto>>> {
    let db = &state.db;
    let found = store::entries_of_user(db, viewer.user_id).await?;
    let ids: Vec<i64> = found.iter().map(|(e, _)| e.id).collect();
    let mut requests =
        crate::platform::db::grouped(store::requests_about(db, &ids).await?, |r| r.entry_id);
    let mut own = Vec::with_capacity(found.len());
    // A person is in few registers: their looks are read entry by entry.
    for (e, association) in found {
        own.push(OwnEntryDto {
            looks: look_dtos(store::looks_at(db, e.id).await?),
            requests: requests
                .remove(&e.id)
                .unwrap_or_default()
                .into_iter()
                .map(request_dto)
                .collect(),
            association,
            entry: entry_dto(e),
        });
    }
    Ok(Json(own))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct RequestBody {
    pub kind: RequestKind,
    /// For a correction: what is wrong and what is right.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub details: String,
}

#[utoipa::path(post, path = "/api/v1/register/{id}/requests", tag = "registers",
    params(("id" = i64, Path)), request_body = RequestBody, security(("bearer" = [])),
    responses((status = 201, body = RequestDto), answers::GuardedEdit))]
/// The entry's own person asks the association to correct or erase it; the board is told and
/// must answer within a month.
pub async fn ask(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<RequestBody>,
) -> AppResult<(StatusCode, Json<RequestDto>)> {
    let draft = RequestDraft {
        kind: Some(body.kind),
        details: body.details,
    };
    let made = actions::ask(&state.db, &viewer, id, draft).await?;
    let r = store::request(&state.db, made).await?;
    Ok((StatusCode::CREATED, Json(request_dto(r))))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AnswerBody {
    /// `done` for an erasure makes the entry anonymous at once.
    pub outcome: RequestOutcome,
    /// Required when refused: the reason the person is given.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub answer: String,
}

#[utoipa::path(post, path = "/api/v1/register/requests/{id}/answer", tag = "registers",
    params(("id" = i64, Path)), request_body = AnswerBody, security(("bearer" = [])),
    responses((status = 200, body = RequestDto), answers::GuardedChange))]
/// The board answers a request, once (`register_request_answered` after that).
pub async fn answer(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<AnswerBody>,
) -> AppResult<Json<RequestDto>> {
    let draft = AnswerDraft {
        outcome: Some(body.outcome),
        answer: body.answer,
    };
    actions::answer(&state.db, &viewer, id, draft).await?;
    Ok(Json(request_dto(store::request(&state.db, id).await?)))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(register))
        .routes(routes!(entry))
        .routes(routes!(log))
        .routes(routes!(grant))
        .routes(routes!(end_grant))
        .routes(routes!(mine))
        .routes(routes!(ask))
        .routes(routes!(answer))
}
