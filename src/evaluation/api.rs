//! An initiative's evaluation in the JSON API: the same actions as the pages.

use super::actions;
use super::model::*;
use super::store::{Counts, Indicator};
use crate::initiatives::model::ValueGoal;
use crate::initiatives::store as initiative_store;
use crate::platform::auth::ApiCaller;
use crate::platform::error::{AppError, AppResult, FieldErrors, answers};
use crate::platform::i18n::Lang;
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
}

fn indicator_dto(x: &Indicator, counts: &Counts, lang: Lang) -> IndicatorDto {
    let d = &x.draft;
    let (name, unit) = match d.measure {
        Some(m) => (m.label(lang).into(), m.unit().label(lang).into()),
        None => (d.name.clone(), d.unit.clone()),
    };
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
        value: d.measure.and_then(|m| counts.value(m)),
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
            .map(|x| indicator_dto(x, &e.counts, lang))
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

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorBody {
    /// One of the initiative's value goals.
    pub value_goal: ValueGoal,
    /// A library measure; leave out for one of the initiative's own, which needs `name`,
    /// `unit` and `method`.
    pub measure: Option<Measure>,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub method: String,
    pub baseline: Option<Mark>,
    pub target: Option<Mark>,
}

#[utoipa::path(post, path = "/api/v1/initiatives/{id}/indicators", tag = "evaluation",
    params(("id" = i64, Path)), request_body = IndicatorBody, security(("bearer" = [])),
    responses((status = 201, body = IndicatorDto), answers::Guarded, answers::Invalid))]
/// Sets an indicator for one of the initiative's value goals (its leaders only).
pub async fn add_indicator(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<IndicatorBody>,
) -> AppResult<(StatusCode, Json<IndicatorDto>)> {
    let draft = IndicatorDraft {
        goal: body.value_goal,
        measure: body.measure,
        name: body.name,
        unit: body.unit,
        method: body.method,
        baseline: body.baseline,
        target: body.target,
    };
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
        Json(indicator_dto(added, &e.counts, Lang::of_headers(&headers))),
    ))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(get))
        .routes(routes!(add_indicator))
}
