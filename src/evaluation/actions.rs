//! What leaders do with an initiative's evaluation, checked once for the pages and the API.

use super::model::*;
use super::store::{self, Counts, Indicator, Measurement, PartnerKey, Recorder};
use crate::initiatives::store::{self as initiative_store, Initiative};
use crate::platform::auth::Viewer;
use crate::platform::db::Db;
use crate::platform::documents::{Upload, accept};
use crate::platform::error::{AppError, AppResult, FieldErrors, valid};
use crate::platform::permissions::{Action, can, require};
use crate::platform::time::Period;
use crate::platform::time::{day_of, today};
use crate::text;
use jiff::civil::Date;

/// Sets an indicator for one of the initiative's value goals: its leaders only.
pub async fn add_indicator(
    db: &Db,
    viewer: &Viewer,
    initiative_id: i64,
    mut draft: IndicatorDraft,
    mut errors: FieldErrors,
) -> AppResult<i64> {
    let access = initiative_store::access(db, initiative_id).await?;
    require(Some(viewer), Action::LeadEvaluation(&access))?;
    let initiative = initiative_store::get(db, initiative_id).await?;
    errors.extend(draft.check(&initiative.draft.value_goals));
    valid(errors)?;
    store::add(db, initiative_id, &draft, viewer.user_id).await
}

/// Who adds a measurement: a person speaking for parties, or a partner's system with its key.
#[derive(Clone, Copy)]
pub enum Measurer<'a> {
    Person(&'a Viewer),
    Key(&'a PartnerKey),
}

impl Measurer<'_> {
    /// The parties to the initiative it may speak for.
    fn speaks_for(&self, initiative_id: i64, parties: &[i64]) -> Vec<i64> {
        match self {
            Measurer::Person(viewer) => speaks_for(viewer, parties),
            Measurer::Key(key) => (key.initiative_id == initiative_id
                && parties.contains(&key.party_id))
            .then_some(vec![key.party_id])
            .unwrap_or_default(),
        }
    }

    fn recorder(&self) -> Recorder {
        match self {
            Measurer::Person(viewer) => Recorder {
                user_id: viewer.user_id,
                key_id: None,
            },
            Measurer::Key(key) => Recorder {
                user_id: key.created_by,
                key_id: Some(key.id),
            },
        }
    }
}

/// The parties to an initiative a viewer speaks for.
pub fn speaks_for(viewer: &Viewer, parties: &[i64]) -> Vec<i64> {
    parties
        .iter()
        .copied()
        .filter(|&party| can(Some(viewer), Action::SpeakAsParty { party, parties }))
        .collect()
}

async fn party_ids(db: &Db, initiative_id: i64) -> AppResult<Vec<i64>> {
    Ok(store::parties(db, initiative_id)
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect())
}

/// Whether the viewer speaks for a party to the initiative and so may measure: checked before
/// an upload is read.
pub async fn may_measure(db: &Db, viewer: &Viewer, initiative_id: i64) -> AppResult<()> {
    let parties = party_ids(db, initiative_id).await?;
    match speaks_for(viewer, &parties).is_empty() {
        true => Err(AppError::Forbidden),
        false => Ok(()),
    }
}

/// Adds what a party measured for one of the indicators Medspil does not count, in the name of
/// a party to the initiative the measurer speaks for; a correction names the measurement of the
/// same indicator it supersedes. Its source is a link or a document uploaded with it.
pub async fn add_measurement(
    db: &Db,
    by: Measurer<'_>,
    initiative_id: i64,
    indicator_id: i64,
    (mut draft, upload): (MeasurementDraft, Option<Upload>),
    mut errors: FieldErrors,
) -> AppResult<i64> {
    let (indicators, parties, measurements) = tokio::try_join!(
        store::of_initiative(db, initiative_id),
        party_ids(db, initiative_id),
        store::measurements(db, initiative_id),
    )?;
    let allowed = by.speaks_for(initiative_id, &parties);
    if allowed.is_empty() {
        return Err(AppError::Forbidden);
    }
    let indicator = indicators
        .iter()
        .find(|x| x.id == indicator_id)
        .ok_or(AppError::NotFound)?;
    if indicator.draft.measure.is_some_and(Measure::counted) {
        return Err(EvaluationRefusal::Counted.into());
    }
    if !allowed.contains(&draft.vouched_by) {
        errors.insert("vouched_by", text!(err_not_allowed_actor));
    }
    if let Some(old) = draft.supersedes {
        match measurements.iter().find(|m| m.id == old) {
            Some(m) if m.indicator_id != indicator_id => {
                errors.insert("supersedes", text!(err_supersedes_other_indicator));
            }
            Some(m) if m.superseded_by.is_some() => {
                return Err(EvaluationRefusal::Superseded.into());
            }
            Some(_) => {}
            None => {
                errors.insert("supersedes", text!(err_supersedes_other_indicator));
            }
        }
    }
    let documented = upload.is_some();
    let document = upload.and_then(|u| accept(&mut errors, "document", u));
    if document.is_some() && store::documents(db, initiative_id).await? >= DOCUMENTS_MAX {
        errors.insert(
            "document",
            text!(err_measurement_documents_full(DOCUMENTS_MAX)),
        );
    }
    errors.extend(draft.check(today(), documented));
    valid(errors)?;
    store::add_measurement(db, indicator_id, &draft, document.as_ref(), by.recorder()).await
}

/// A party questions a measurement: the question stays with it, for every reader.
pub async fn ask(
    db: &Db,
    viewer: &Viewer,
    initiative_id: i64,
    measurement_id: i64,
    mut draft: QuestionDraft,
    mut errors: FieldErrors,
) -> AppResult<i64> {
    let (parties, measurements) = tokio::try_join!(
        party_ids(db, initiative_id),
        store::measurements(db, initiative_id),
    )?;
    if !measurements.iter().any(|m| m.id == measurement_id) {
        return Err(AppError::NotFound);
    }
    let allowed = speaks_for(viewer, &parties);
    if allowed.is_empty() {
        return Err(AppError::Forbidden);
    }
    if !allowed.contains(&draft.asked_by) {
        errors.insert("asked_by", text!(err_not_allowed_actor));
    }
    errors.extend(draft.check());
    valid(errors)?;
    store::add_question(db, measurement_id, &draft, viewer.user_id).await
}

/// Gives a partner's system a key that adds measurements to this initiative's indicators in the
/// name of a party the viewer speaks for; the key is shown once.
pub async fn add_key(
    db: &Db,
    viewer: &Viewer,
    initiative_id: i64,
    mut draft: KeyDraft,
    mut errors: FieldErrors,
) -> AppResult<(i64, String)> {
    let allowed = speaks_for(viewer, &party_ids(db, initiative_id).await?);
    if allowed.is_empty() {
        return Err(AppError::Forbidden);
    }
    if !allowed.contains(&draft.party) {
        errors.insert("party", text!(err_not_allowed_actor));
    }
    errors.extend(draft.check());
    valid(errors)?;
    store::add_key(db, initiative_id, &draft, viewer.user_id).await
}

/// A key of the initiative that the viewer may revoke: they speak for its party.
pub async fn revocable_key(
    db: &Db,
    viewer: &Viewer,
    initiative_id: i64,
    key_id: i64,
) -> AppResult<PartnerKey> {
    let (keys, parties) =
        tokio::try_join!(store::keys(db, initiative_id), party_ids(db, initiative_id),)?;
    let key = keys
        .into_iter()
        .find(|k| k.id == key_id)
        .ok_or(AppError::NotFound)?;
    require(
        Some(viewer),
        Action::SpeakAsParty {
            party: key.party_id,
            parties: &parties,
        },
    )?;
    Ok(key)
}

/// Revokes a key: it adds nothing more.
pub async fn revoke_key(
    db: &Db,
    viewer: &Viewer,
    initiative_id: i64,
    key_id: i64,
) -> AppResult<()> {
    let key = revocable_key(db, viewer, initiative_id, key_id).await?;
    store::revoke_key(db, key.id).await
}

/// An initiative's evaluation over a period: its indicators, what Medspil counted, and what the
/// parties measured (all of it, whatever the period: a partner's figure covers its own).
pub struct Evaluation {
    pub period: Period,
    pub indicators: Vec<Indicator>,
    pub counts: Counts,
    pub measurements: Vec<Measurement>,
    /// Its experience surveys, newest first, with their answers.
    pub surveys: Vec<crate::surveys::store::Survey>,
}

/// The period asked for; by default from the earliest of the initiative's start, its
/// indicators' baselines and its measurements until today. A reversed one is turned round.
pub fn period(since: Date, from: Option<Date>, to: Option<Date>) -> Period {
    Period::between(from.unwrap_or(since), to.unwrap_or_else(today))
}

/// An initiative's evaluation over the period asked for (see `period`).
pub async fn evaluation(
    db: &Db,
    initiative: &Initiative,
    from: Option<Date>,
    to: Option<Date>,
) -> AppResult<Evaluation> {
    let (indicators, measurements, surveys) = tokio::try_join!(
        store::of_initiative(db, initiative.id),
        store::measurements(db, initiative.id),
        crate::surveys::store::of_initiative(db, initiative.id),
    )?;
    let baselines = indicators
        .iter()
        .filter_map(|x| x.draft.baseline.map(|b| b.on));
    let measured = measurements.iter().map(|m| m.draft.from);
    let since = baselines
        .chain(measured)
        .fold(day_of(initiative.created_at), Date::min);
    let period = period(since, from, to);
    let mut counts = store::counts(db, initiative.id, period).await?;
    // Whole surveys only, each with five or more who answered its scale questions: no choice of
    // period can single out a smaller group than the survey's own results show.
    let surveyed = surveys
        .iter()
        .filter(|s| {
            let sent = day_of(s.created_at);
            let told = crate::surveys::model::experienced_quality(s.answer_sets()).is_some();
            sent >= period.from && sent <= period.to && told
        })
        .flat_map(|s| s.answer_sets());
    counts.surveyed_quality = crate::surveys::model::experienced_quality(surveyed);
    Ok(Evaluation {
        period,
        indicators,
        counts,
        measurements,
        surveys,
    })
}
