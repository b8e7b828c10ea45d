//! Agreements in the JSON API: the same actions as the pages, through `actions`.

use super::actions::{self, Start};
use super::model::*;
use super::store::{self, Agreement, Version};
use crate::platform::auth::ApiCaller;
use crate::platform::error::{AppResult, FieldErrors, answers};
use crate::platform::i18n::Lang;
use crate::platform::time::rfc3339;
use crate::platform::web::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

fn lang(headers: &HeaderMap) -> Lang {
    Lang::of_headers(headers)
}

#[derive(Serialize, ToSchema)]
pub struct AcceptanceDto {
    pub party_id: i64,
    pub party_name: String,
    /// The person who accepted for the party.
    pub accepted_by: String,
    /// Whether a citizens' login (MitID) verified that person's name.
    pub accepted_by_verified: bool,
    #[schema(format = DateTime)]
    pub accepted_at: String,
}

#[derive(Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TermsDto {
    pub purpose: String,
    pub contributions: String,
    pub ownership: String,
    pub commitment: Commitment,
    /// Required for a binding partnership.
    #[serde(default)]
    pub binding_terms: String,
    pub data_roles: String,
    pub duration: String,
    pub evaluation: String,
}

impl From<Terms> for TermsDto {
    fn from(t: Terms) -> TermsDto {
        TermsDto {
            purpose: t.purpose,
            contributions: t.contributions,
            ownership: t.ownership,
            commitment: t.commitment,
            binding_terms: t.binding_terms,
            data_roles: t.data_roles,
            duration: t.duration,
            evaluation: t.evaluation,
        }
    }
}

impl From<TermsDto> for Terms {
    fn from(t: TermsDto) -> Terms {
        Terms {
            purpose: t.purpose,
            contributions: t.contributions,
            ownership: t.ownership,
            commitment: t.commitment,
            binding_terms: t.binding_terms,
            data_roles: t.data_roles,
            duration: t.duration,
            evaluation: t.evaluation,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct VersionDto {
    pub number: i64,
    pub terms: TermsDto,
    pub change_note: String,
    pub proposed_by: String,
    #[schema(format = DateTime)]
    pub proposed_at: String,
    pub acceptances: Vec<AcceptanceDto>,
}

fn version_dto(v: Version) -> VersionDto {
    VersionDto {
        number: v.number,
        terms: v.terms.into(),
        change_note: v.change_note,
        proposed_by: v.proposed_by,
        proposed_at: rfc3339(v.proposed_at),
        acceptances: v
            .acceptances
            .into_iter()
            .map(|x| AcceptanceDto {
                party_id: x.actor_id,
                party_name: x.party_name,
                accepted_by: x.person_name,
                accepted_by_verified: x.verified,
                accepted_at: rfc3339(x.accepted_at),
            })
            .collect(),
    }
}

#[derive(Serialize, ToSchema)]
pub struct PartyDto {
    pub id: i64,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct AgreementDto {
    pub id: i64,
    pub title: String,
    pub template: Template,
    pub initiative_id: Option<i64>,
    pub parties: Vec<PartyDto>,
    /// The newest version every party has accepted; none while it is a draft.
    pub in_force_version: Option<i64>,
    pub current: VersionDto,
}

async fn agreement_dto(state: &AppState, a: Agreement) -> AppResult<AgreementDto> {
    let current = store::version(&state.db, a.id, a.current_version).await?;
    Ok(AgreementDto {
        id: a.id,
        title: a.title,
        template: a.template,
        initiative_id: a.initiative_id,
        parties: a
            .parties
            .into_iter()
            .map(|p| PartyDto {
                id: p.actor_id,
                name: p.name,
            })
            .collect(),
        in_force_version: a.in_force,
        current: version_dto(current),
    })
}

#[utoipa::path(get, path = "/api/v1/agreements/{id}", tag = "agreements", params(("id" = i64, Path)),
    responses((status = 200, body = AgreementDto), answers::Lookup))]
/// An agreement in force: its parties, the version in force, and the current version with who
/// accepted it. A draft no version of which is in force yet is the parties' own (404).
pub async fn get(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> AppResult<Json<AgreementDto>> {
    let a = actions::readable(&state.db, None, id).await?;
    Ok(Json(agreement_dto(&state, a).await?))
}

#[utoipa::path(get, path = "/api/v1/agreements/{id}/versions/{number}", tag = "agreements",
    params(("id" = i64, Path), ("number" = i64, Path)),
    responses((status = 200, body = VersionDto), answers::Lookup))]
/// One version, as it was written and accepted, of an agreement in force.
pub async fn get_version(
    State(state): State<AppState>,
    Path((id, number)): Path<(i64, i64)>,
) -> AppResult<Json<VersionDto>> {
    actions::readable(&state.db, None, id).await?;
    Ok(Json(version_dto(
        store::version(&state.db, id, number).await?,
    )))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AgreementBody {
    pub title: String,
    pub template: Template,
    pub initiative_id: Option<i64>,
    /// The party the caller acts for.
    pub party_id: i64,
    /// The other parties: organisations, at least one, at most 19.
    #[schema(max_items = 19)]
    pub other_party_ids: Vec<i64>,
}

#[utoipa::path(post, path = "/api/v1/agreements", tag = "agreements", request_body = AgreementBody, security(("bearer" = [])),
    responses((status = 201, body = AgreementDto), answers::Submission))]
/// Starts an agreement from a template; its text is then written with PUT.
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Json(body): Json<AgreementBody>,
) -> AppResult<(StatusCode, Json<AgreementDto>)> {
    let mut parties = vec![body.party_id];
    parties.extend(body.other_party_ids);
    let start = Start {
        title: body.title,
        template: body.template,
        initiative_id: body.initiative_id,
        parties,
        terms: Terms::from_template(body.template, lang(&headers)),
    };
    let id = actions::create(&state.db, &viewer, start, FieldErrors::new())
        .await
        .map_err(|e| {
            e.renamed_fields(&[
                ("party", "party_id"),
                ("parties", "other_party_ids"),
                ("initiative", "initiative_id"),
            ])
        })?;
    let a = store::get(&state.db, id).await?;
    Ok((StatusCode::CREATED, Json(agreement_dto(&state, a).await?)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProposalBody {
    /// The version the text was written from.
    pub version: i64,
    pub terms: TermsDto,
    #[serde(default)]
    pub change_note: String,
}

#[utoipa::path(put, path = "/api/v1/agreements/{id}", tag = "agreements", params(("id" = i64, Path)), request_body = ProposalBody,
    security(("bearer" = [])),
    responses((status = 200, body = AgreementDto), answers::GuardedChange))]
/// A party proposes a new text. A draft nobody has accepted is revised; otherwise the text
/// becomes the next version, which every party must accept again.
pub async fn propose(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<ProposalBody>,
) -> AppResult<Json<AgreementDto>> {
    actions::propose(
        &state.db,
        &viewer,
        id,
        (body.version, body.terms.into()),
        &body.change_note,
    )
    .await?;
    let a = store::get(&state.db, id).await?;
    Ok(Json(agreement_dto(&state, a).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct AcceptanceBody {
    /// The version accepted: refused (409) if a newer one has been proposed.
    pub version: i64,
    /// The party accepted for; the caller must be authorised to act for it.
    pub party_id: i64,
}

#[utoipa::path(post, path = "/api/v1/agreements/{id}/acceptances", tag = "agreements", params(("id" = i64, Path)),
    request_body = AcceptanceBody, security(("bearer" = [])),
    responses((status = 200, body = AgreementDto), answers::GuardedStep))]
/// A person authorised for a party accepts a version on its behalf.
pub async fn accept(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<AcceptanceBody>,
) -> AppResult<Json<AgreementDto>> {
    actions::accept(&state.db, &viewer, id, body.version, body.party_id).await?;
    let a = store::get(&state.db, id).await?;
    Ok(Json(agreement_dto(&state, a).await?))
}

/// The feature's API routes, each registered once with its documentation.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create))
        .routes(routes!(get, propose))
        .routes(routes!(accept))
        .routes(routes!(get_version))
}
