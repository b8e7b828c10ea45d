//! An initiative's evaluation in the JSON API: the same actions as the pages.

use super::actions::{self, Evaluation, Measurer};
use super::model::*;
use super::store::{self, Indicator, Measurement, PartnerKey};
use crate::initiatives::model::ValueGoal;
use crate::initiatives::store as initiative_store;
use crate::platform::auth::{ApiCaller, Viewer, bearer_token};
use crate::platform::db::Db;
use crate::platform::error::{AppError, AppResult, FieldErrors, answers};
use crate::platform::i18n::Lang;
use crate::platform::time::{api_day, rfc3339};
use crate::platform::web::AppState;
use axum::Json;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

#[derive(Serialize, ToSchema)]
pub struct IndicatorDto {
    pub id: i64,
    pub value_goal: ValueGoal,
    /// The library measure; none for one of the initiative's own.
    pub measure: Option<Measure>,
    /// A library indicator's name and unit in the language asked for (Accept-Language).
    pub name: String,
    pub unit: String,
    pub method: String,
    /// Whether Medspil counts it from its records (then `value` holds the count).
    pub counted: bool,
    pub baseline: Option<Mark>,
    pub target: Option<Mark>,
    /// What Medspil counted in the period; for experienced quality, each respondent's mean
    /// answer (1–5) to the scale questions, averaged over the initiative's surveys sent in the
    /// period that at least 5 answered.
    pub value: Option<f64>,
    /// For experienced quality: how many answered those surveys.
    pub respondents: Option<usize>,
    /// What the parties measured, oldest period first (any period).
    pub measurements: Vec<MeasurementDto>,
}

#[derive(Serialize, ToSchema)]
pub struct MeasurementDto {
    pub id: i64,
    pub value: f64,
    #[schema(value_type = String, format = Date)]
    pub from: Date,
    #[schema(value_type = String, format = Date)]
    pub to: Date,
    pub method: String,
    pub source: String,
    /// The party that vouches for it.
    pub vouched_by: i64,
    pub vouched_by_name: String,
    #[schema(format = DateTime)]
    pub recorded_at: String,
    /// The label of the partner's key it was posted with, if it came from a partner's system.
    pub via_key: Option<String>,
    /// Where the document uploaded as its source is offered, if one was.
    pub document: Option<String>,
    /// The measurement this one corrects.
    pub supersedes: Option<i64>,
    /// The correction that superseded this one; it is kept, and no longer counts.
    pub superseded_by: Option<i64>,
    /// What parties asked about it, oldest first.
    pub questions: Vec<MeasurementQuestionDto>,
}

#[derive(Serialize, ToSchema)]
pub struct MeasurementQuestionDto {
    pub asked_by_name: String,
    pub body: String,
    #[schema(format = DateTime)]
    pub asked_at: String,
}

/// Where a measurement's source document is offered.
pub fn document_path(initiative_id: i64, m: &Measurement) -> String {
    format!(
        "/initiatives/{initiative_id}/measurements/{}/document",
        m.id
    )
}

fn measurement_dto(initiative_id: i64, m: &Measurement) -> MeasurementDto {
    MeasurementDto {
        via_key: m.via_key.clone(),
        document: m.document.as_ref().map(|_| document_path(initiative_id, m)),
        supersedes: m.draft.supersedes,
        superseded_by: m.superseded_by,
        questions: m
            .questions
            .iter()
            .map(|q| MeasurementQuestionDto {
                asked_by_name: q.asked_by_name.clone(),
                body: q.body.clone(),
                asked_at: rfc3339(q.recorded_at),
            })
            .collect(),
        id: m.id,
        value: m.draft.value,
        from: m.draft.from,
        to: m.draft.to,
        method: m.draft.method.clone(),
        source: m.draft.source.clone(),
        vouched_by: m.draft.vouched_by,
        vouched_by_name: m.vouched_by_name.clone(),
        recorded_at: rfc3339(m.recorded_at),
    }
}

fn indicator_dto(x: &Indicator, e: &Evaluation, lang: Lang) -> IndicatorDto {
    let d = &x.draft;
    let (name, unit) = d.named(lang.strings());
    IndicatorDto {
        id: x.id,
        value_goal: d.goal,
        measure: d.measure,
        name,
        unit,
        method: d.method.clone(),
        counted: d.measure.is_some_and(Measure::counted),
        baseline: d.baseline,
        target: d.target,
        value: d.measure.and_then(|m| e.counts.value(m)),
        respondents: e
            .counts
            .surveyed_quality
            .filter(|_| d.measure == Some(Measure::ExperiencedQuality))
            .map(|(_, n)| n),
        measurements: e
            .measurements
            .iter()
            .filter(|m| m.indicator_id == x.id)
            .map(|m| measurement_dto(x.initiative_id, m))
            .collect(),
    }
}

/// Given to the initiative in the period, from one arena in one unit.
#[derive(Serialize, ToSchema)]
pub struct GivenDto {
    pub arena: Arena,
    /// `hours`, `items`, `kroner` or `times`.
    pub unit: String,
    pub amount: i64,
}

#[derive(Serialize, ToSchema)]
pub struct EvaluationDto {
    pub initiative_id: i64,
    pub value_goals: Vec<ValueGoal>,
    #[schema(value_type = String, format = Date)]
    pub from: Date,
    #[schema(value_type = String, format = Date)]
    pub to: Date,
    pub indicators: Vec<IndicatorDto>,
    pub given: Vec<GivenDto>,
    /// Its experience surveys, newest first; results only where at least 5 answered, and never
    /// the free texts.
    pub surveys: Vec<crate::surveys::api::SurveyDto>,
    /// What its leaders learned, once it is being evaluated or has concluded.
    pub learning: Vec<crate::cases::api::NoteDto>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PeriodQuery {
    /// The first day counted (default: the day the initiative was created).
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<String>,
    /// The last day counted (default: today).
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/initiatives/{id}/evaluation", tag = "evaluation",
    params(("id" = i64, Path), PeriodQuery),
    responses((status = 200, body = EvaluationDto), answers::Lookup))]
/// An initiative's value goals, the indicators set for them with what Medspil counted in the
/// period, and what each arena gave.
pub async fn get(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
    Query(q): Query<PeriodQuery>,
) -> AppResult<Json<EvaluationDto>> {
    let lang = Lang::of_headers(&headers);
    let i = initiative_store::get(&state.db, id).await?;
    let (from, to) = (api_day(q.from.as_deref())?, api_day(q.to.as_deref())?);
    let (e, notes) = tokio::try_join!(
        actions::evaluation(&state.db, &i, from, to),
        crate::cases::store::notes(&state.db, id),
    )?;
    Ok(Json(EvaluationDto {
        initiative_id: id,
        value_goals: i.draft.value_goals,
        from: e.period.from,
        to: e.period.to,
        indicators: e
            .indicators
            .iter()
            .map(|x| indicator_dto(x, &e, lang))
            .collect(),
        surveys: e
            .surveys
            .iter()
            .map(crate::surveys::api::survey_dto)
            .collect(),
        learning: notes
            .iter()
            .filter(|n| n.hidden.is_none())
            .map(crate::cases::api::note_dto)
            .collect(),
        given: e
            .counts
            .given
            .into_iter()
            .map(|(arena, unit, amount)| GivenDto {
                arena,
                unit,
                amount,
            })
            .collect(),
    }))
}

#[utoipa::path(post, path = "/api/v1/initiatives/{id}/indicators", tag = "evaluation",
    params(("id" = i64, Path)), request_body = IndicatorDraft, security(("bearer" = [])),
    responses((status = 201, body = IndicatorDto), answers::Guarded, answers::Invalid))]
/// Sets an indicator for one of the initiative's value goals (its leaders only).
pub async fn add_indicator(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(draft): Json<IndicatorDraft>,
) -> AppResult<(StatusCode, Json<IndicatorDto>)> {
    let indicator_id = actions::add_indicator(&state.db, &viewer, id, draft, FieldErrors::new())
        .await
        .map_err(|e| e.renamed_fields(&[("goal", "value_goal"), ("target_on", "target")]))?;
    let i = initiative_store::get(&state.db, id).await?;
    let e = actions::evaluation(&state.db, &i, None, None).await?;
    let added = e
        .indicators
        .iter()
        .find(|x| x.id == indicator_id)
        .ok_or(AppError::NotFound)?;
    Ok((
        StatusCode::CREATED,
        Json(indicator_dto(added, &e, Lang::of_headers(&headers))),
    ))
}

/// Who posts a measurement: a user with a token, or a partner's system with its key (limited to
/// one initiative's indicators and one party).
pub enum MeasurementCaller {
    Person(Viewer),
    Key(PartnerKey),
}

impl FromRequestParts<AppState> for MeasurementCaller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> AppResult<Self> {
        match bearer_token(&parts.headers) {
            Some(key) if key.starts_with(KEY_PREFIX) => store::key_of_token(&state.db, key)
                .await?
                .map(MeasurementCaller::Key)
                .ok_or(AppError::Unauthenticated),
            _ => Ok(MeasurementCaller::Person(
                ApiCaller::from_request_parts(parts, state).await?.0,
            )),
        }
    }
}

async fn measurement_of(db: &Db, initiative_id: i64, id: i64) -> AppResult<MeasurementDto> {
    store::measurements(db, initiative_id)
        .await?
        .iter()
        .find(|m| m.id == id)
        .map(|m| measurement_dto(initiative_id, m))
        .ok_or(AppError::NotFound)
}

#[utoipa::path(post, path = "/api/v1/initiatives/{id}/indicators/{indicator_id}/measurements", tag = "evaluation",
    params(("id" = i64, Path), ("indicator_id" = i64, Path)), request_body = MeasurementDraft,
    security(("bearer" = []), ("partner_key" = [])),
    responses((status = 201, body = MeasurementDto), answers::Guarded, answers::Invalid, answers::Refused))]
/// Adds what a party to the initiative measured for one of the indicators Medspil does not count
/// itself, with a user's token or a partner's key (`mk_…`) for this initiative. Measurements are
/// never changed: a correction is a new one naming the one it `supersedes`.
pub async fn add_measurement(
    State(state): State<AppState>,
    caller: MeasurementCaller,
    Path((id, indicator_id)): Path<(i64, i64)>,
    Json(draft): Json<MeasurementDraft>,
) -> AppResult<(StatusCode, Json<MeasurementDto>)> {
    let by = match &caller {
        MeasurementCaller::Person(viewer) => Measurer::Person(viewer),
        MeasurementCaller::Key(key) => Measurer::Key(key),
    };
    let made = actions::add_measurement(
        &state.db,
        by,
        id,
        indicator_id,
        (draft, None),
        FieldErrors::new(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(measurement_of(&state.db, id, made).await?),
    ))
}

#[utoipa::path(post, path = "/api/v1/initiatives/{id}/measurements/{measurement_id}/questions", tag = "evaluation",
    params(("id" = i64, Path), ("measurement_id" = i64, Path)), request_body = QuestionDraft, security(("bearer" = [])),
    responses((status = 201, body = MeasurementDto), answers::Guarded, answers::Invalid))]
/// Questions a measurement in the name of a party to the initiative: the question stays with it.
pub async fn ask(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path((id, measurement_id)): Path<(i64, i64)>,
    Json(draft): Json<QuestionDraft>,
) -> AppResult<(StatusCode, Json<MeasurementDto>)> {
    actions::ask(
        &state.db,
        &viewer,
        id,
        measurement_id,
        draft,
        FieldErrors::new(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(measurement_of(&state.db, id, measurement_id).await?),
    ))
}

#[derive(Serialize, ToSchema)]
pub struct KeyDto {
    pub id: i64,
    /// Send as `Authorization: Bearer <key>`; shown only now.
    pub key: String,
    pub party: i64,
    pub label: String,
}

#[utoipa::path(post, path = "/api/v1/initiatives/{id}/measurement-keys", tag = "evaluation",
    params(("id" = i64, Path)), request_body = KeyDraft, security(("bearer" = [])),
    responses((status = 201, body = KeyDto), answers::Guarded, answers::Invalid))]
/// Gives a partner's system a key that adds measurements to this initiative's indicators, in the
/// name of a party to it that the caller speaks for.
pub async fn add_key(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(draft): Json<KeyDraft>,
) -> AppResult<(StatusCode, Json<KeyDto>)> {
    let (party, label) = (draft.party, draft.label.trim().to_string());
    let (key_id, key) = actions::add_key(&state.db, &viewer, id, draft, FieldErrors::new()).await?;
    Ok((
        StatusCode::CREATED,
        Json(KeyDto {
            id: key_id,
            key,
            party,
            label,
        }),
    ))
}

#[utoipa::path(delete, path = "/api/v1/initiatives/{id}/measurement-keys/{key_id}", tag = "evaluation",
    params(("id" = i64, Path), ("key_id" = i64, Path)), security(("bearer" = [])),
    responses((status = 204), answers::Guarded))]
/// Revokes a partner's key: it adds nothing more.
pub async fn revoke_key(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path((id, key_id)): Path<(i64, i64)>,
) -> AppResult<StatusCode> {
    actions::revoke_key(&state.db, &viewer, id, key_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get))
        .routes(routes!(add_indicator))
        .routes(routes!(add_measurement))
        .routes(routes!(ask))
        .routes(routes!(add_key))
        .routes(routes!(revoke_key))
}
