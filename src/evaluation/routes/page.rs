//! The evaluation page: value goals with their indicators, measurements, contributions by
//! arena, and the forms.

use super::*;

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
    /// The viewer speaks for a party to the initiative.
    speaks: bool,
    measurement: MeasurementForm,
    indicator_choices: Vec<Choice>,
    party_choices: Vec<Choice>,
    supersedes_choices: Vec<Choice>,
    measurements: Vec<MeasurementView>,
    surveys: Vec<crate::surveys::routes::SurveyView>,
    question: QuestionForm,
    question_choices: Vec<Choice>,
    asked_by_choices: Vec<Choice>,
    keys: Vec<KeyView>,
    key: KeyForm,
    key_party_choices: Vec<Choice>,
    errors: FieldErrors,
}

/// A party's measurement, as listed.
pub(super) struct MeasurementView {
    id: i64,
    indicator: String,
    value: String,
    period: String,
    method: String,
    source: String,
    vouched_by: String,
    via_key: Option<String>,
    supersedes: Option<i64>,
    superseded_by: Option<i64>,
    /// Its questions: who asked, when, and what.
    questions: Vec<(String, String, String)>,
}

/// A partner's key in use, for those who may revoke it.
pub(super) struct KeyView {
    id: i64,
    label: String,
    party: String,
    made: String,
}

pub(super) async fn evaluation_page(
    state: &AppState,
    ctx: &Ctx,
    i: Initiative,
    e: Evaluation,
    typed: Typed,
) -> AppResult<EvaluationPage> {
    let lang = ctx.lang;
    let s = ctx.s();
    let (indicator_form, measurement_form) = (typed.indicator, typed.measurement);
    let (participants, parties, keys) = tokio::try_join!(
        initiative_store::participants(&state.db, i.id),
        store::parties(&state.db, i.id),
        store::keys(&state.db, i.id),
    )?;
    let viewer = ctx.viewer.as_ref();
    let can_set = can(viewer, Action::LeadEvaluation(&i.access(&participants)));
    let party_ids: Vec<i64> = parties.iter().map(|(id, _)| *id).collect();
    let speaks_for = viewer
        .map(|v| actions::speaks_for(v, &party_ids))
        .unwrap_or_default();
    let vouching: Vec<(String, &str)> = parties
        .iter()
        .filter(|(id, _)| speaks_for.contains(id))
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
                                    && m.superseded_by.is_none()
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
            let of = |unit: Unit| e.counts.given_by(*a, unit.code());
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
    let measurements: Vec<MeasurementView> = e
        .measurements
        .iter()
        .map(|m| {
            let (name, unit) = named.get(&m.indicator_id).cloned().unwrap_or_default();
            let (from, to) = span(&m.draft);
            MeasurementView {
                id: m.id,
                indicator: name,
                value: amount(m.draft.value, &unit),
                period: format!("{from}–{to}"),
                method: m.draft.method.clone(),
                source: m.draft.source.clone(),
                vouched_by: m.vouched_by_name.clone(),
                via_key: m.via_key.clone(),
                supersedes: m.draft.supersedes,
                superseded_by: m.superseded_by,
                questions: m
                    .questions
                    .iter()
                    .map(|q| {
                        let on = format_civil_date(day_of(q.recorded_at), lang);
                        (q.asked_by_name.clone(), on, q.body.clone())
                    })
                    .collect(),
            }
        })
        .collect();
    // A measurement as named in a list to choose from: its indicator, value, period and party.
    let described = |m: &MeasurementView| {
        (
            m.id.to_string(),
            format!(
                "{}: {} ({}, {})",
                m.indicator, m.value, m.period, m.vouched_by
            ),
        )
    };
    let mut correctable = vec![(String::new(), s.measurement_new.to_string())];
    correctable.extend(
        measurements
            .iter()
            .filter(|m| m.superseded_by.is_none())
            .map(described),
    );
    let askable: Vec<(String, String)> = measurements.iter().map(described).collect();
    let key_views = keys
        .iter()
        .filter(|k| speaks_for.contains(&k.party_id))
        .map(|k| KeyView {
            id: k.id,
            label: k.label.clone(),
            party: k.party_name.clone(),
            made: format_civil_date(day_of(k.created_at), lang),
        })
        .collect();
    let owned = |options: &[(String, String)], selected: &str| {
        choices(
            options
                .iter()
                .map(|(v, l)| (v.as_str(), l.as_str()))
                .collect(),
            &[selected],
        )
    };
    let vouching_choices = |selected: &str| {
        choices(
            vouching.iter().map(|(v, l)| (v.as_str(), *l)).collect(),
            &[selected],
        )
    };
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
        party_choices: vouching_choices(&measurement_form.vouched_by),
        supersedes_choices: owned(&correctable, &measurement_form.supersedes),
        question_choices: owned(&askable, &typed.question.question_measurement),
        asked_by_choices: vouching_choices(&typed.question.asked_by),
        key_party_choices: vouching_choices(&typed.key.key_party),
        speaks: !vouching.is_empty(),
        keys: key_views,
        question: typed.question,
        key: typed.key,
        measurements,
        surveys: crate::surveys::routes::views(&e.surveys, lang, can_set),
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
