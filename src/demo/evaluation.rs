//! The evaluation as the demo data says it (`[[indicators]]`, `[[measurements]]`,
//! `[[learning]]` in `aarhus.toml`): the indicators an initiative's leaders set, what the parties
//! measured, each in the name of the party that vouches for it, and what the leaders learned,
//! loaded through the evaluation's and the cases' actions.

use super::scenario::{Cast, refused};
use super::*;
use crate::evaluation::actions::{self as evaluation_actions, Measurer};
use crate::evaluation::model::{IndicatorDraft, MeasurementDraft};
use crate::evaluation::store as evaluation_store;
use crate::platform::error::FieldErrors;
use jiff::civil::Date;
use serde::Deserialize;

/// An indicator an initiative's leader sets for one of its value goals.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct IndicatorPlan {
    initiative: String,
    by: String,
    set: IndicatorDraft,
}

pub(super) async fn indicator(db: &Db, cast: &Cast, i: &IndicatorPlan) -> AppResult<()> {
    let viewer = cast.viewer(db, &i.by).await?;
    let initiative = cast.initiative(&i.initiative)?;
    evaluation_actions::add_indicator(db, &viewer, initiative, i.set.clone(), FieldErrors::new())
        .await
        .map_err(refused(&i.initiative))?;
    Ok(())
}

/// What a party measured for an indicator, named by its library measure or its own name.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MeasurementPlan {
    initiative: String,
    indicator: String,
    by: String,
    vouched_by: String,
    value: f64,
    from: Date,
    to: Date,
    #[serde(default)]
    method: String,
    source: String,
    /// It corrects the party's latest measurement of the indicator.
    #[serde(default)]
    corrects: bool,
}

pub(super) async fn measurement(db: &Db, cast: &Cast, m: &MeasurementPlan) -> AppResult<()> {
    let viewer = cast.viewer(db, &m.by).await?;
    let initiative = cast.initiative(&m.initiative)?;
    let vouched_by = cast.actor(&m.vouched_by)?;
    let (indicators, earlier) = tokio::try_join!(
        evaluation_store::of_initiative(db, initiative),
        evaluation_store::measurements(db, initiative),
    )?;
    let indicator = indicators
        .iter()
        .find(|x| {
            x.draft.measure.map(|c| c.code()) == Some(&m.indicator) || x.draft.name == m.indicator
        })
        .ok_or_else(|| AppError::Internal(format!("demo data: no indicator {}", m.indicator)))?;
    let supersedes = m
        .corrects
        .then(|| {
            earlier
                .iter()
                .rev()
                .find(|e| e.indicator_id == indicator.id && e.draft.vouched_by == vouched_by)
                .map(|e| e.id)
        })
        .flatten();
    let draft = MeasurementDraft {
        value: m.value,
        from: m.from,
        to: m.to,
        method: m.method.clone(),
        source: m.source.clone(),
        vouched_by,
        supersedes,
    };
    evaluation_actions::add_measurement(
        db,
        Measurer::Person(&viewer),
        initiative,
        indicator.id,
        (draft, None),
        FieldErrors::new(),
    )
    .await
    .map_err(refused(&m.indicator))?;
    Ok(())
}

/// What an initiative's leader learned, once it is evaluated or concluded.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct LearningPlan {
    initiative: String,
    by: String,
    #[serde(flatten)]
    draft: crate::cases::model::LearningDraft,
}

pub(super) async fn learning(db: &Db, cast: &Cast, l: &LearningPlan) -> AppResult<()> {
    let viewer = cast.viewer(db, &l.by).await?;
    let initiative = cast.initiative(&l.initiative)?;
    crate::cases::actions::write(db, &viewer, initiative, l.draft.clone(), FieldErrors::new())
        .await
        .map_err(refused(&l.initiative))?;
    Ok(())
}

/// A survey a leader makes, and what the first of those asked answer through their links (the
/// demo's people are invented: nobody is mailed).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SurveyPlan {
    initiative: String,
    by: String,
    send: crate::surveys::model::SurveyDraft,
    answers: Vec<Vec<String>>,
}

pub(super) async fn survey(db: &Db, cast: &Cast, v: &SurveyPlan) -> AppResult<()> {
    let viewer = cast.viewer(db, &v.by).await?;
    let initiative = cast.initiative(&v.initiative)?;
    let sent = crate::surveys::actions::create(
        db,
        &viewer,
        initiative,
        v.send.clone(),
        FieldErrors::new(),
    )
    .await
    .map_err(refused(&v.send.title))?;
    for ((_, link), typed) in sent.links.iter().zip(&v.answers) {
        crate::surveys::actions::answer(db, link, typed)
            .await
            .map_err(refused(&v.send.title))?;
    }
    Ok(())
}
