//! The evaluation as CSV.

use super::*;

/// The evaluation as a table for spreadsheets: a line for each indicator, with what Medspil
/// counted in the period, then a line for each measurement, with its source, then a line for
/// each answer to each survey question, counted, where enough answered to show it.
pub(super) async fn table(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(params): Query<PeriodParams>,
) -> AppResult<Response> {
    let (lang, s) = (ctx.lang, ctx.s());
    let i = initiative_store::get(&state.db, id).await?;
    let (from, to) = (
        crate::platform::time::typed_day(&params.from)?,
        crate::platform::time::typed_day(&params.to)?,
    );
    let e = actions::evaluation(&state.db, &i, from, to).await?;
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
        s.measurement_number,
        s.measurement_corrects_number,
    ]);
    let mut named = HashMap::new();
    for x in &e.indicators {
        let d = &x.draft;
        let (name, unit) = d.named(s);
        // Counted by Medspil, or experienced quality as the surveys tell it.
        let counted = d.measure.and_then(|m| e.counts.value(m));
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
            &match &m.document {
                Some(_) => format!("{} {}", d.source, super::super::api::document_path(id, m))
                    .trim_start()
                    .to_string(),
                None => d.source.clone(),
            },
            &m.vouched_by_name,
            &m.id.to_string(),
            &d.supersedes.map(|old| old.to_string()).unwrap_or_default(),
        ]);
    }
    // Survey results only where they are shown (five answers or more), never the free texts.
    for v in crate::surveys::routes::views(&e.surveys, lang, false) {
        for q in v.questions.iter().filter(|_| v.shown) {
            let asked = format!("{}: {}", v.title, q.prompt);
            let mut answer = |label: &str, value: &str| {
                line(&[s.survey_csv_kind, "", &asked, label, "", "", "", "", value]);
            };
            if !q.summary.is_empty() {
                answer(s.survey_csv_summary, &q.summary);
            }
            for (label, count) in &q.lines {
                answer(label, &count.to_string());
            }
        }
    }
    Ok(crate::platform::csv::spreadsheet(
        &format!("medspil-evaluation-{id}.csv"),
        &out,
    ))
}
