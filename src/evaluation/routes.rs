//! The evaluation page of an initiative: its value goals with their indicators, what Medspil
//! counted over a chosen period, contributions by arena, and for its leaders the form that
//! sets an indicator.

use super::actions::{self, Evaluation};
use super::model::*;
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

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/initiatives/{id}/evaluation", get(show))
        .route("/initiatives/{id}/indicators", post(add))
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
    errors: FieldErrors,
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
    let page = evaluation_page(
        &state,
        &ctx,
        i,
        evaluation,
        IndicatorForm::default(),
        FieldErrors::new(),
    )
    .await?;
    render(&page)
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
            let i = initiative_store::get(&state.db, id).await?;
            let period = actions::period(i.created_at, None, None);
            let evaluation = actions::evaluation(&state.db, id, period).await?;
            let page = evaluation_page(&state, &ctx, i, evaluation, form, errors).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(e),
    }
}

async fn evaluation_page(
    state: &AppState,
    ctx: &Ctx,
    i: Initiative,
    e: Evaluation,
    form: IndicatorForm,
    errors: FieldErrors,
) -> AppResult<EvaluationPage> {
    let lang = ctx.lang;
    let s = ctx.s();
    let participants = initiative_store::participants(&state.db, i.id).await?;
    let can_set = can(
        ctx.viewer.as_ref(),
        Action::SetIndicators(&i.access(&participants)),
    );
    // The initiative's goals, and any goal an indicator was set for before the goals changed.
    let goals: Vec<ValueGoal> = ValueGoal::ALL
        .iter()
        .copied()
        .filter(|g| {
            i.draft.value_goals.contains(g) || e.indicators.iter().any(|x| x.draft.goal == *g)
        })
        .collect();
    let shown =
        |v: Option<f64>, unit: &str| v.map(|v| format!("{} {unit}", format_number(v, lang)));
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
                    let (name, unit) = match d.measure {
                        Some(m) => (m.label(lang).to_string(), m.unit().label(lang).to_string()),
                        None => (d.name.clone(), d.unit.clone()),
                    };
                    let at = |m: Option<Mark>| {
                        m.map(|m| {
                            s.indicator_mark(
                                format!("{} {unit}", format_number(m.value, lang)),
                                format_civil_date(m.on, lang),
                            )
                        })
                        .unwrap_or_default()
                    };
                    IndicatorView {
                        counted: d.measure.is_some_and(Measure::counted),
                        now: shown(d.measure.and_then(|m| e.counts.value(m)), &unit)
                            .unwrap_or_else(|| s.indicator_nothing_yet.into()),
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
        &[form.goal.as_str()],
    );
    let mut measures = vec![("", s.indicator_own)];
    measures.extend(Measure::options(lang));
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
        measure_choices: choices(measures, &[form.measure.as_str()]),
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
        form,
        errors,
        title: i.draft.title,
    })
}
