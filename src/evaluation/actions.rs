//! What leaders do with an initiative's evaluation, checked once for the pages and the API.

use super::model::IndicatorDraft;
use super::store::{self, Counts, Indicator, Period};
use crate::initiatives::store as initiative_store;
use crate::platform::auth::Viewer;
use crate::platform::db::Db;
use crate::platform::error::{AppResult, FieldErrors, valid};
use crate::platform::permissions::{Action, require};
use crate::platform::time::{day_of, today};

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

/// An initiative's evaluation over a period: its indicators and what Medspil counted.
pub struct Evaluation {
    pub period: Period,
    pub indicators: Vec<Indicator>,
    pub counts: Counts,
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
    let (indicators, counts) = tokio::try_join!(
        store::of_initiative(db, initiative_id),
        store::counts(db, initiative_id, period),
    )?;
    Ok(Evaluation {
        period,
        indicators,
        counts,
    })
}
