//! What the evaluation page and a case both show: each value goal with its indicators (baseline,
//! where it stands, target, and a chart of what the parties measured over time), and what each
//! arena gave.

use super::*;
use crate::platform::chart::{self, Chart};

pub(crate) struct IndicatorView {
    pub(crate) id: i64,
    pub(crate) name: String,
    pub(crate) unit: String,
    pub(crate) counted: bool,
    pub(crate) baseline: String,
    pub(crate) now: String,
    /// For experienced quality: what the initiative's surveys tell, beside the partners' figures.
    pub(crate) surveyed: String,
    pub(crate) target: String,
    pub(crate) method: String,
    /// What the parties measured over time, drawn; its figures are the rows of `series`.
    pub(crate) chart: Option<Chart>,
    /// The figures the chart draws: period and value, oldest first.
    pub(crate) series: Vec<(String, String)>,
}

pub(crate) struct GoalView {
    pub(crate) code: &'static str,
    pub(crate) label: &'static str,
    pub(crate) indicators: Vec<IndicatorView>,
}

/// One arena's contributions: hours, items and kroner.
pub(crate) struct ArenaView {
    pub(crate) label: &'static str,
    pub(crate) hours: String,
    pub(crate) items: String,
    pub(crate) kroner: String,
}

/// A value in its unit, in the reader's words.
pub(super) fn amount(value: f64, unit: &str, lang: Lang) -> String {
    format!("{} {unit}", format_number(value, lang))
}

/// A measurement's period in the reader's words.
pub(super) fn span(m: &MeasurementDraft, lang: Lang) -> (String, String) {
    (
        format_civil_date(m.from, lang),
        format_civil_date(m.to, lang),
    )
}

/// The initiative's goals, and any goal an indicator was set for before the goals changed, each
/// with its indicators.
pub(crate) fn goal_views(i: &Initiative, e: &Evaluation, lang: Lang) -> Vec<GoalView> {
    let goals = ValueGoal::ALL.iter().copied().filter(|g| {
        i.draft.value_goals.contains(g) || e.indicators.iter().any(|x| x.draft.goal == *g)
    });
    goals
        .map(|g| GoalView {
            code: g.code(),
            label: g.label(lang),
            indicators: e
                .indicators
                .iter()
                .filter(|x| x.draft.goal == g)
                .map(|x| indicator_view(x, e, lang))
                .collect(),
        })
        .collect()
}

fn indicator_view(x: &store::Indicator, e: &Evaluation, lang: Lang) -> IndicatorView {
    let s = lang.strings();
    let d = &x.draft;
    let (name, unit) = d.named(s);
    let at = |m: Option<Mark>| {
        m.map(|m| s.indicator_mark(amount(m.value, &unit, lang), format_civil_date(m.on, lang)))
            .unwrap_or_default()
    };
    let counted = d.measure.is_some_and(Measure::counted);
    // What stands: the parties' figures, corrections in place of what they corrected.
    let standing: Vec<&store::Measurement> = e
        .measurements
        .iter()
        .filter(|m| m.indicator_id == x.id && m.superseded_by.is_none())
        .collect();
    // Counted by Medspil over the period, or the latest figure a party gave for a period
    // ending in it.
    let now = match counted {
        true => d
            .measure
            .and_then(|m| e.counts.value(m))
            .map(|v| amount(v, &unit, lang))
            .unwrap_or_else(|| s.indicator_nothing_yet.into()),
        false => standing
            .iter()
            .rev()
            .find(|m| m.draft.to >= e.period.from && m.draft.to <= e.period.to)
            .map(|m| {
                let (from, to) = span(&m.draft, lang);
                s.measurement_latest(
                    from,
                    &m.vouched_by_name,
                    to,
                    amount(m.draft.value, &unit, lang),
                )
            })
            .unwrap_or_default(),
    };
    let surveyed = match (d.measure, e.counts.surveyed_quality) {
        (Some(Measure::ExperiencedQuality), Some((mean, n))) => {
            s.indicator_surveyed(format_number((mean * 10.0).round() / 10.0, lang), n as i64)
        }
        _ => String::new(),
    };
    let values: Vec<(jiff::civil::Date, f64)> = standing
        .iter()
        .map(|m| (m.draft.to, m.draft.value))
        .collect();
    let chart = chart::over_time(
        &values,
        d.baseline.map(|m| (m.on, m.value)),
        d.target.map(|m| (m.on, m.value)),
        lang,
        |day| format_civil_date(day, lang),
    );
    let series = standing
        .iter()
        .map(|m| {
            let (from, to) = span(&m.draft, lang);
            (format!("{from}–{to}"), amount(m.draft.value, &unit, lang))
        })
        .collect();
    IndicatorView {
        id: x.id,
        counted,
        now,
        surveyed,
        baseline: at(d.baseline),
        target: at(d.target),
        method: match (d.method.is_empty(), d.measure) {
            (true, Some(m)) => m.description(s).to_string(),
            _ => d.method.clone(),
        },
        chart,
        series,
        name,
        unit,
    }
}

/// What each arena gave in the period.
pub(crate) fn arena_views(e: &Evaluation, lang: Lang) -> Vec<ArenaView> {
    Arena::ALL
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
        .collect()
}
