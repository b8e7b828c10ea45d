//! An initiative's evaluation in the JSON API: the same actions as the pages.

use super::actions::{self, Evaluation};
use super::model::*;
use super::store::{Indicator, Measurement};
use crate::initiatives::model::ValueGoal;
use crate::initiatives::store as initiative_store;
use crate::platform::auth::ApiCaller;
use crate::platform::error::{AppError, AppResult, FieldErrors, answers};
use crate::platform::i18n::Lang;
use crate::platform::time::rfc3339;
use crate::platform::web::AppState;
use crate::text;
use axum::Json;
use axum::extract::{Path, Query, State};
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
    /// What Medspil counted in the period.
    pub value: Option<f64>,
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
}

fn measurement_dto(m: &Measurement) -> MeasurementDto {
    MeasurementDto {
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
        measurements: e
            .measurements
            .iter()
            .filter(|m| m.indicator_id == x.id)
            .map(measurement_dto)
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

fn day(typed: Option<&str>) -> AppResult<Option<Date>> {
    typed
        .map(|t| {
            t.parse::<Date>()
                .map_err(|_| AppError::BadRequest(text!(err_date)))
        })
        .transpose()
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
    let period = actions::period(i.created_at, day(q.from.as_deref())?, day(q.to.as_deref())?);
    let e = actions::evaluation(&state.db, id, period).await?;
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
    let period = actions::period(i.created_at, None, None);
    let e = actions::evaluation(&state.db, id, period).await?;
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

#[utoipa::path(post, path = "/api/v1/initiatives/{id}/indicators/{indicator_id}/measurements", tag = "evaluation",
    params(("id" = i64, Path), ("indicator_id" = i64, Path)), request_body = MeasurementDraft, security(("bearer" = [])),
    responses((status = 201, body = MeasurementDto), answers::Guarded, answers::Invalid, answers::Refused))]
/// Adds what a party to the initiative measured for one of the indicators Medspil does not count
/// itself. Measurements are never changed; a correction is a new one.
pub async fn add_measurement(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path((id, indicator_id)): Path<(i64, i64)>,
    Json(draft): Json<MeasurementDraft>,
) -> AppResult<(StatusCode, Json<MeasurementDto>)> {
    let made = actions::add_measurement(
        &state.db,
        &viewer,
        id,
        indicator_id,
        draft,
        FieldErrors::new(),
    )
    .await?;
    let measurements = super::store::measurements(&state.db, id).await?;
    let m = measurements
        .iter()
        .find(|m| m.id == made)
        .ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, Json(measurement_dto(m))))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get))
        .routes(routes!(add_indicator))
        .routes(routes!(add_measurement))
}
