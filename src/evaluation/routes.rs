//! The evaluation page of an initiative: its value goals with their indicators, what Medspil
//! counted over a chosen period, contributions by arena, and for its leaders the form that
//! sets an indicator.

use super::actions::{self, Evaluation};
use super::model::*;
use super::store;
use crate::initiatives::model::ValueGoal;
use crate::initiatives::store::{self as initiative_store, Initiative};
use crate::mobilisation::model::Unit;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::i18n::Lang;
use crate::platform::input::optional;
use crate::platform::money::format_kroner;
use crate::platform::numbers::{format_number, parse_number};
use crate::platform::permissions::{Action, can};
use crate::platform::time::{format_civil_date, parse_date};
use crate::platform::web::{
    AppState, Choice, Ctx, Page, SignedIn, choices, render, render_status, see_other,
};
use crate::text;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum_extra::extract::Form;
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/initiatives/{id}/evaluation", get(show))
        .route("/initiatives/{id}/evaluation.csv", get(table))
        .route("/initiatives/{id}/indicators", post(add))
        .route("/initiatives/{id}/measurements", post(add_measurement))
}

/// The period as typed in the page's query string; empty means the default.
#[derive(serde::Deserialize, Default)]
pub(super) struct PeriodParams {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
}

/// The indicator form as typed.
#[derive(serde::Deserialize, Default)]
pub(super) struct IndicatorForm {
    #[serde(default)]
    goal: String,
    /// A library measure's code, or empty for one of the initiative's own.
    #[serde(default)]
    measure: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    baseline_value: String,
    #[serde(default)]
    baseline_on: String,
    #[serde(default)]
    target_value: String,
    #[serde(default)]
    target_on: String,
}

impl IndicatorForm {
    /// The draft the form describes, with what could not be read as field errors.
    fn draft(&self, lang: Lang) -> (IndicatorDraft, FieldErrors) {
        let mut errors = FieldErrors::new();
        let goal = ValueGoal::parse(&self.goal).unwrap_or_else(|| {
            errors.insert("goal", text!(err_choose));
            ValueGoal::Quality
        });
        let measure = optional(
            &mut errors,
            "measure",
            &self.measure,
            Measure::parse,
            text!(err_choose),
        );
        let baseline = mark(
            &mut errors,
            "baseline",
            &self.baseline_value,
            &self.baseline_on,
            lang,
        );
        let target = mark(
            &mut errors,
            "target",
            &self.target_value,
            &self.target_on,
            lang,
        );
        let draft = IndicatorDraft {
            goal,
            measure,
            name: self.name.clone(),
            unit: self.unit.clone(),
            method: self.method.clone(),
            baseline,
            target,
        };
        (draft, errors)
    }
}

/// The measurement form as typed; its fields are named apart from the indicator form's, which
/// shares the page.
#[derive(serde::Deserialize, Default)]
pub(super) struct MeasurementForm {
    #[serde(default)]
    indicator: String,
    #[serde(default)]
    measured_value: String,
    #[serde(default)]
    measured_from: String,
    #[serde(default)]
    measured_to: String,
    #[serde(default)]
    measured_method: String,
    #[serde(default)]
    source: String,
    #[serde(default)]
    vouched_by: String,
}

impl MeasurementForm {
    /// The indicator and the draft the form describes, or the fields that could not be read.
    fn draft(&self, lang: Lang) -> (Option<(i64, MeasurementDraft)>, FieldErrors) {
        let mut errors = FieldErrors::new();
        let mut required = |field: &'static str, value: Option<_>| {
            if value.is_none() && !errors.contains_key(field) {
                errors.insert(field, text!(err_required));
            }
            value
        };
        let indicator = required("indicator", self.indicator.parse::<i64>().ok());
        let vouched_by = required("vouched_by", self.vouched_by.parse::<i64>().ok());
        let value = optional(
            &mut errors,
            "measured_value",
            &self.measured_value,
            |v| parse_number(v, lang),
            text!(err_number),
        );
        let from = optional(
            &mut errors,
            "measured_from",
            &self.measured_from,
            parse_date,
            text!(err_date),
        );
        let to = optional(
            &mut errors,
            "measured_to",
            &self.measured_to,
            parse_date,
            text!(err_date),
        );
        for (field, missing) in [
            ("measured_value", value.is_none()),
            ("measured_from", from.is_none()),
            ("measured_to", to.is_none()),
        ] {
            if missing && !errors.contains_key(field) {
                errors.insert(field, text!(err_required));
            }
        }
        let draft = match (indicator, vouched_by, value, from, to) {
            (Some(indicator), Some(vouched_by), Some(value), Some(from), Some(to)) => Some((
                indicator,
                MeasurementDraft {
                    value,
                    from,
                    to,
                    method: self.measured_method.clone(),
                    source: self.source.clone(),
                    vouched_by,
                },
            )),
            _ => None,
        };
        (draft, errors)
    }
}

/// The measurement's fields as the page names them.
const MEASUREMENT_FIELDS: [(&str, &str); 4] = [
    ("value", "measured_value"),
    ("from", "measured_from"),
    ("to", "measured_to"),
    ("method", "measured_method"),
];

/// What was typed into the page's forms, shown again with its errors.
#[derive(Default)]
pub(super) struct Typed {
    indicator: IndicatorForm,
    measurement: MeasurementForm,
    errors: FieldErrors,
}

/// A value and its date, both given or neither.
fn mark(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    on: &str,
    lang: Lang,
) -> Option<Mark> {
    let (value_field, on_field) = match field {
        "baseline" => ("baseline_value", "baseline_on"),
        _ => ("target_value", "target_on"),
    };
    let value = optional(
        errors,
        value_field,
        value,
        |v| parse_number(v, lang),
        text!(err_number),
    );
    let on = optional(errors, on_field, on, parse_date, text!(err_date));
    match (value, on) {
        (Some(value), Some(on)) => Some(Mark { value, on }),
        (Some(_), None) if !errors.contains_key(on_field) => {
            errors.insert(on_field, text!(err_required));
            None
        }
        (None, Some(_)) if !errors.contains_key(value_field) => {
            errors.insert(value_field, text!(err_required));
            None
        }
        _ => None,
    }
}

pub(super) struct IndicatorView {
    name: String,
    unit: String,
    counted: bool,
    baseline: String,
    now: String,
    target: String,
    method: String,
}

pub(super) struct GoalView {
    code: &'static str,
    label: &'static str,
    indicators: Vec<IndicatorView>,
}

/// A library measure described for the leaders choosing one.
pub(super) struct MeasureView {
    label: &'static str,
    unit: &'static str,
    goal: &'static str,
    about: &'static str,
    counted: bool,
}

/// One arena's contributions: hours, items and kroner.
pub(super) struct ArenaView {
    label: &'static str,
    hours: String,
    items: String,
    kroner: String,
}

#[derive(Template)]
#[template(path = "evaluation/page.html")]
pub(super) struct EvaluationPage {
    page: Page,
    id: i64,
    title: String,
    from: String,
    to: String,
    period: String,
    goals: Vec<GoalView>,
    given: Vec<ArenaView>,
    can_set: bool,
    form: IndicatorForm,
    goal_choices: Vec<Choice>,
    measure_choices: Vec<Choice>,
    library: Vec<MeasureView>,
    /// The viewer speaks for a party to the initiative, and it has an indicator to measure.
    can_measure: bool,
    measurement: MeasurementForm,
    indicator_choices: Vec<Choice>,
    party_choices: Vec<Choice>,
    measurements: Vec<MeasurementView>,
    errors: FieldErrors,
}

/// A party's measurement, as listed.
pub(super) struct MeasurementView {
    indicator: String,
    value: String,
    period: String,
    method: String,
    source: String,
    vouched_by: String,
}

async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(params): Query<PeriodParams>,
) -> AppResult<Response> {
    let i = initiative_store::get(&state.db, id).await?;
    let from = period_end(&params.from)?;
    let to = period_end(&params.to)?;
    let period = actions::period(i.created_at, from, to);
    let evaluation = actions::evaluation(&state.db, id, period).await?;
    render(&evaluation_page(&state, &ctx, i, evaluation, Typed::default()).await?)
}

/// The evaluation as a table for spreadsheets: a line for each indicator, with what Medspil
/// counted in the period, then a line for each measurement, with its source.
async fn table(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(params): Query<PeriodParams>,
) -> AppResult<Response> {
    let (lang, s) = (ctx.lang, ctx.s());
    let i = initiative_store::get(&state.db, id).await?;
    let period = actions::period(
        i.created_at,
        period_end(&params.from)?,
        period_end(&params.to)?,
    );
    let e = actions::evaluation(&state.db, id, period).await?;
    let number = |v: Option<f64>| v.map(|v| format_number(v, lang)).unwrap_or_default();
    let day = |d: Option<jiff::civil::Date>| d.map(|d| d.to_string()).unwrap_or_default();
    let mut out = String::new();
    let mut line = |fields: &[&str]| crate::platform::csv::push_row(&mut out, fields);
    line(&[
        s.csv_kind,
        s.indicator_goal,
        s.indicator,
        s.indicator_unit_column,
        s.indicator_baseline,
        s.indicator_baseline_on,
        s.indicator_target,
        s.indicator_target_on,
        s.measurement_value,
        s.measurement_from,
        s.measurement_to,
        s.indicator_method,
        s.measurement_source,
        s.measurement_vouched_by,
    ]);
    let mut named = HashMap::new();
    for x in &e.indicators {
        let d = &x.draft;
        let (name, unit) = d.named(s);
        let counted = d
            .measure
            .filter(|m| m.counted())
            .and_then(|m| e.counts.value(m));
        line(&[
            s.indicator,
            d.goal.label(lang),
            &name,
            &unit,
            &number(d.baseline.map(|m| m.value)),
            &day(d.baseline.map(|m| m.on)),
            &number(d.target.map(|m| m.value)),
            &day(d.target.map(|m| m.on)),
            &number(counted),
            &day(counted.map(|_| e.period.from)),
            &day(counted.map(|_| e.period.to)),
            &d.method,
            "",
            "",
        ]);
        named.insert(x.id, (d.goal.label(lang), name, unit));
    }
    for m in &e.measurements {
        let Some((goal, name, unit)) = named.get(&m.indicator_id) else {
            continue;
        };
        let d = &m.draft;
        line(&[
            s.measurement,
            goal,
            name,
            unit,
            "",
            "",
            "",
            "",
            &number(Some(d.value)),
            &d.from.to_string(),
            &d.to.to_string(),
            &d.method,
            &d.source,
            &m.vouched_by_name,
        ]);
    }
    Ok(crate::platform::csv::spreadsheet(
        &format!("medspil-evaluation-{id}.csv"),
        &out,
    ))
}

/// A date of the period as typed: refused with a clear message rather than ignored.
fn period_end(typed: &str) -> AppResult<Option<jiff::civil::Date>> {
    match typed.trim() {
        "" => Ok(None),
        t => parse_date(t)
            .map(Some)
            .ok_or(AppError::BadRequest(text!(err_date))),
    }
}

async fn add(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<IndicatorForm>,
) -> AppResult<Response> {
    let (draft, errors) = form.draft(ctx.lang);
    match actions::add_indicator(&state.db, viewer, id, draft, errors).await {
        Ok(_) => Ok(see_other(&format!(
            "/initiatives/{id}/evaluation#goal-{}",
            form.goal
        ))),
        Err(AppError::Invalid(errors)) => {
            let typed = Typed {
                indicator: form,
                errors,
                ..Typed::default()
            };
            again(&state, &ctx, id, typed).await
        }
        Err(e) => Err(e),
    }
}

async fn add_measurement(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<MeasurementForm>,
) -> AppResult<Response> {
    let (draft, errors) = form.draft(ctx.lang);
    let added = match draft {
        Some((indicator, draft)) => {
            actions::add_measurement(&state.db, viewer, id, indicator, draft, errors).await
        }
        None => Err(AppError::Invalid(errors)),
    };
    match added.map_err(|e| e.renamed_fields(&MEASUREMENT_FIELDS)) {
        Ok(_) => Ok(see_other(&format!(
            "/initiatives/{id}/evaluation#measurements"
        ))),
        Err(AppError::Invalid(errors)) => {
            let typed = Typed {
                measurement: form,
                errors,
                ..Typed::default()
            };
            again(&state, &ctx, id, typed).await
        }
        Err(e) => Err(e),
    }
}

/// The page again, over the default period, with what was typed and why it was refused.
async fn again(state: &AppState, ctx: &Ctx, id: i64, typed: Typed) -> AppResult<Response> {
    let i = initiative_store::get(&state.db, id).await?;
    let period = actions::period(i.created_at, None, None);
    let evaluation = actions::evaluation(&state.db, id, period).await?;
    let page = evaluation_page(state, ctx, i, evaluation, typed).await?;
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

async fn evaluation_page(
    state: &AppState,
    ctx: &Ctx,
    i: Initiative,
    e: Evaluation,
    typed: Typed,
) -> AppResult<EvaluationPage> {
    let lang = ctx.lang;
    let s = ctx.s();
    let (indicator_form, measurement_form) = (typed.indicator, typed.measurement);
    let (participants, parties) = tokio::try_join!(
        initiative_store::participants(&state.db, i.id),
        store::parties(&state.db, i.id),
    )?;
    let viewer = ctx.viewer.as_ref();
    let can_set = can(viewer, Action::SetIndicators(&i.access(&participants)));
    let party_ids: Vec<i64> = parties.iter().map(|(id, _)| *id).collect();
    let vouching: Vec<(String, &str)> = parties
        .iter()
        .filter(|(id, _)| {
            can(
                viewer,
                Action::Measure {
                    vouched_by: *id,
                    parties: &party_ids,
                },
            )
        })
        .map(|(id, name)| (id.to_string(), name.as_str()))
        .collect();
    // Each indicator's name and unit in the reader's language.
    let named: HashMap<i64, (String, String)> = e
        .indicators
        .iter()
        .map(|x| (x.id, x.draft.named(s)))
        .collect();
    let amount = |value: f64, unit: &str| format!("{} {unit}", format_number(value, lang));
    let span = |m: &MeasurementDraft| {
        (
            format_civil_date(m.from, lang),
            format_civil_date(m.to, lang),
        )
    };
    // The initiative's goals, and any goal an indicator was set for before the goals changed.
    let goals: Vec<ValueGoal> = ValueGoal::ALL
        .iter()
        .copied()
        .filter(|g| {
            i.draft.value_goals.contains(g) || e.indicators.iter().any(|x| x.draft.goal == *g)
        })
        .collect();
    let goal_views = goals
        .iter()
        .map(|g| GoalView {
            code: g.code(),
            label: g.label(lang),
            indicators: e
                .indicators
                .iter()
                .filter(|x| x.draft.goal == *g)
                .map(|x| {
                    let d = &x.draft;
                    let (name, unit) = named[&x.id].clone();
                    let at = |m: Option<Mark>| {
                        m.map(|m| {
                            s.indicator_mark(amount(m.value, &unit), format_civil_date(m.on, lang))
                        })
                        .unwrap_or_default()
                    };
                    let counted = d.measure.is_some_and(Measure::counted);
                    // Counted by Medspil over the period, or the latest figure a party gave
                    // for a period ending in it.
                    let now = match counted {
                        true => d
                            .measure
                            .and_then(|m| e.counts.value(m))
                            .map(|v| amount(v, &unit))
                            .unwrap_or_else(|| s.indicator_nothing_yet.into()),
                        false => e
                            .measurements
                            .iter()
                            .rev()
                            .find(|m| {
                                m.indicator_id == x.id
                                    && m.draft.to >= e.period.from
                                    && m.draft.to <= e.period.to
                            })
                            .map(|m| {
                                let (from, to) = span(&m.draft);
                                s.measurement_latest(
                                    from,
                                    &m.vouched_by_name,
                                    to,
                                    amount(m.draft.value, &unit),
                                )
                            })
                            .unwrap_or_default(),
                    };
                    IndicatorView {
                        counted,
                        now,
                        baseline: at(d.baseline),
                        target: at(d.target),
                        method: match (d.method.is_empty(), d.measure) {
                            (true, Some(m)) => m.description(s).to_string(),
                            _ => d.method.clone(),
                        },
                        name,
                        unit,
                    }
                })
                .collect(),
        })
        .collect();
    let given = Arena::ALL
        .iter()
        .map(|a| {
            let of = |unit: Unit| {
                e.counts
                    .given
                    .iter()
                    .filter(|(arena, u, _)| arena == a && u == unit.code())
                    .map(|(_, _, n)| n)
                    .sum::<i64>()
            };
            ArenaView {
                label: a.label(lang),
                hours: format_number(of(Unit::Hours) as f64, lang),
                items: format_number(of(Unit::Items) as f64, lang),
                kroner: format_kroner(of(Unit::Kroner) * 100, lang),
            }
        })
        .collect();
    let goal_choices = choices(
        i.draft
            .value_goals
            .iter()
            .map(|g| (g.code(), g.label(lang)))
            .collect(),
        &[indicator_form.goal.as_str()],
    );
    let mut measures = vec![("", s.indicator_own)];
    measures.extend(Measure::options(lang));
    let measurements = e
        .measurements
        .iter()
        .map(|m| {
            let (name, unit) = named.get(&m.indicator_id).cloned().unwrap_or_default();
            let (from, to) = span(&m.draft);
            MeasurementView {
                indicator: name,
                value: amount(m.draft.value, &unit),
                period: format!("{from}–{to}"),
                method: m.draft.method.clone(),
                source: m.draft.source.clone(),
                vouched_by: m.vouched_by_name.clone(),
            }
        })
        .collect();
    let measurable: Vec<(String, &str)> = e
        .indicators
        .iter()
        .filter(|x| !x.draft.measure.is_some_and(Measure::counted))
        .map(|x| (x.id.to_string(), named[&x.id].0.as_str()))
        .collect();
    Ok(EvaluationPage {
        page: ctx.page(s.evaluation_of(&i.draft.title)),
        id: i.id,
        from: e.period.from.to_string(),
        to: e.period.to.to_string(),
        period: s.evaluation_period(
            format_civil_date(e.period.from, lang),
            format_civil_date(e.period.to, lang),
        ),
        goals: goal_views,
        given,
        can_set,
        goal_choices,
        measure_choices: choices(measures, &[indicator_form.measure.as_str()]),
        can_measure: !vouching.is_empty() && !measurable.is_empty(),
        indicator_choices: choices(
            measurable.iter().map(|(v, l)| (v.as_str(), *l)).collect(),
            &[measurement_form.indicator.as_str()],
        ),
        party_choices: choices(
            vouching.iter().map(|(v, l)| (v.as_str(), *l)).collect(),
            &[measurement_form.vouched_by.as_str()],
        ),
        measurements,
        library: Measure::ALL
            .iter()
            .map(|m| MeasureView {
                label: m.label(lang),
                unit: m.unit().label(lang),
                goal: m.goal().label(lang),
                about: m.description(s),
                counted: m.counted(),
            })
            .collect(),
        form: indicator_form,
        measurement: measurement_form,
        errors: typed.errors,
        title: i.draft.title,
    })
}
