//! What leaders do with an initiative's evaluation, checked once for the pages and the API.

use super::model::{EvaluationRefusal, IndicatorDraft, Measure, MeasurementDraft};
use super::store::{self, Counts, Indicator, Measurement, Period};
use crate::initiatives::store as initiative_store;
use crate::platform::auth::Viewer;
use crate::platform::db::Db;
use crate::platform::error::{AppResult, FieldErrors, valid};
use crate::platform::permissions::{Action, can, require};
use crate::platform::time::{day_of, today};
use crate::text;

/// Sets an indicator for one of the initiative's value goals: its leaders only.
pub async fn add_indicator(
    db: &Db,
    viewer: &Viewer,
    initiative_id: i64,
    mut draft: IndicatorDraft,
    mut errors: FieldErrors,
) -> AppResult<i64> {
    let access = initiative_store::access(db, initiative_id).await?;
    require(Some(viewer), Action::SetIndicators(&access))?;
    let initiative = initiative_store::get(db, initiative_id).await?;
    errors.extend(draft.check(&initiative.draft.value_goals));
    valid(errors)?;
    store::add(db, initiative_id, &draft, viewer.user_id).await
}

/// Adds what a party measured for one of the indicators Medspil does not count, in the name of
/// a party to the initiative the viewer speaks for.
pub async fn add_measurement(
    db: &Db,
    viewer: &Viewer,
    initiative_id: i64,
    indicator_id: i64,
    mut draft: MeasurementDraft,
    mut errors: FieldErrors,
) -> AppResult<i64> {
    let (indicators, parties) = tokio::try_join!(
        store::of_initiative(db, initiative_id),
        store::parties(db, initiative_id),
    )?;
    let indicator = indicators
        .iter()
        .find(|x| x.id == indicator_id)
        .ok_or(crate::platform::error::AppError::NotFound)?;
    let parties: Vec<i64> = parties.into_iter().map(|(id, _)| id).collect();
    if !parties.iter().any(|p| {
        can(
            Some(viewer),
            Action::Measure {
                vouched_by: *p,
                parties: &parties,
            },
        )
    }) {
        return Err(crate::platform::error::AppError::Forbidden);
    }
    if indicator.draft.measure.is_some_and(Measure::counted) {
        return Err(EvaluationRefusal::Counted.into());
    }
    if !can(
        Some(viewer),
        Action::Measure {
            vouched_by: draft.vouched_by,
            parties: &parties,
        },
    ) {
        errors.insert("vouched_by", text!(err_not_allowed_actor));
    }
    errors.extend(draft.check(today()));
    valid(errors)?;
    store::add_measurement(db, indicator_id, &draft, viewer.user_id).await
}

/// An initiative's evaluation over a period: its indicators, what Medspil counted, and what the
/// parties measured (all of it, whatever the period: a partner's figure covers its own).
pub struct Evaluation {
    pub period: Period,
    pub indicators: Vec<Indicator>,
    pub counts: Counts,
    pub measurements: Vec<Measurement>,
}

/// The period asked for, or from the initiative's start until today; a reversed one is turned
/// round.
pub fn period(
    created_at: i64,
    from: Option<jiff::civil::Date>,
    to: Option<jiff::civil::Date>,
) -> Period {
    let from = from.unwrap_or_else(|| day_of(created_at));
    let to = to.unwrap_or_else(today);
    Period {
        from: from.min(to),
        to: from.max(to),
    }
}

pub async fn evaluation(db: &Db, initiative_id: i64, period: Period) -> AppResult<Evaluation> {
    let (indicators, counts, measurements) = tokio::try_join!(
        store::of_initiative(db, initiative_id),
        store::counts(db, initiative_id, period),
        store::measurements(db, initiative_id),
    )?;
    Ok(Evaluation {
        period,
        indicators,
        counts,
        measurements,
    })
}
