//! The evaluation page: value goals with their indicators, measurements, contributions by
//! arena, and the forms.

use super::*;

/// A library measure described for the leaders choosing one.
pub(super) struct MeasureView {
    label: &'static str,
    unit: &'static str,
    goal: &'static str,
    about: &'static str,
    counted: bool,
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
    /// It is a case, with a page of what it left behind.
    is_case: bool,
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
    /// The document uploaded as its source: its name and where it is offered.
    document: Option<(String, String)>,
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
    let goal_views = goal_views(&i, &e, lang);
    let given = arena_views(&e, lang);
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
            let (from, to) = span(&m.draft, lang);
            MeasurementView {
                id: m.id,
                indicator: name,
                value: amount(m.draft.value, &unit, lang),
                period: format!("{from}–{to}"),
                method: m.draft.method.clone(),
                source: m.draft.source.clone(),
                document: m
                    .document
                    .clone()
                    .map(|name| (name, super::super::api::document_path(i.id, m))),
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
        is_case: crate::cases::model::is_case(i.status),
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
