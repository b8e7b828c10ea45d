//! Indicators as stored, and what Medspil counts for an initiative over a period: a fixed
//! number of statements however many indicators it has.

use super::model::*;
use crate::actors::model::ActorKind;
use crate::initiatives::model::ValueGoal;
use crate::mobilisation::model::Unit;
use crate::platform::auth::{random_token, token_hash};
use crate::platform::db::{self, Db, Row, decode};
use crate::platform::documents::Document;
use crate::platform::error::{AppError, AppResult};
use crate::platform::time::{Period, now};
use crate::requests::model::median;
use jiff::civil::Date;
use std::collections::HashMap;

/// A stored indicator.
#[derive(Clone, Debug)]
pub struct Indicator {
    pub id: i64,
    pub initiative_id: i64,
    pub draft: IndicatorDraft,
}

pub async fn add(db: &Db, initiative_id: i64, d: &IndicatorDraft, user_id: i64) -> AppResult<i64> {
    let on = |m: Option<Mark>| m.map(|m| m.on.to_string());
    Ok(db::query_scalar(
        "INSERT INTO indicators (initiative_id, value_goal, measure, name, unit, method, \
         baseline_value, baseline_on, target_value, target_on, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(initiative_id)
    .bind(d.goal.code())
    .bind(d.measure.map(|m| m.code()))
    .bind(&d.name)
    .bind(&d.unit)
    .bind(&d.method)
    .bind(d.baseline.map(|m| m.value))
    .bind(on(d.baseline))
    .bind(d.target.map(|m| m.value))
    .bind(on(d.target))
    .bind(user_id)
    .bind(now())
    .fetch_one(db.pool())
    .await?)
}

/// An initiative's indicators, in the order they were set.
pub async fn of_initiative(db: &Db, initiative_id: i64) -> AppResult<Vec<Indicator>> {
    let rows = db::query("SELECT * FROM indicators WHERE initiative_id = $1 ORDER BY id")
        .bind(initiative_id)
        .fetch_all(db.pool())
        .await?;
    Ok(rows
        .iter()
        .map(indicator)
        .collect::<Result<_, db::Error>>()?)
}

fn indicator(r: &Row) -> Result<Indicator, db::Error> {
    let mark = |value: &str, on: &str| -> Result<Option<Mark>, db::Error> {
        let value: Option<f64> = r.try_get(value)?;
        let on: Option<String> = r.try_get(on)?;
        Ok(value
            .zip(on.and_then(|d| d.parse::<Date>().ok()))
            .map(|(value, on)| Mark { value, on }))
    };
    let measure: Option<String> = r.try_get("measure")?;
    Ok(Indicator {
        id: r.try_get("id")?,
        initiative_id: r.try_get("initiative_id")?,
        draft: IndicatorDraft {
            goal: decode(r, "value_goal", ValueGoal::parse)?,
            measure: measure.as_deref().and_then(Measure::parse),
            name: r.try_get("name")?,
            unit: r.try_get("unit")?,
            method: r.try_get("method")?,
            baseline: mark("baseline_value", "baseline_on")?,
            target: mark("target_value", "target_on")?,
        },
    })
}

const SECONDS_A_DAY: f64 = 86_400.0;

/// What Medspil counted for an initiative in a period.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Counts {
    /// People and organisations that took part: joined it, had a place at one of its events,
    /// or gave to it.
    pub participants: i64,
    /// Of those, the ones who took part for the first time in the period.
    pub new_participants: i64,
    /// Given in the period, by arena: (arena, unit code, amount).
    pub given: Vec<(Arena, String, i64)>,
    pub attended: i64,
    pub tips_adopted: i64,
    /// Seconds from receiving to deciding each of its requests decided in the period.
    pub decision_times: Vec<i64>,
    /// Experienced quality from its surveys sent in the period that five or more answered, and
    /// how many answered them.
    pub surveyed_quality: Option<(f64, usize)>,
}

impl Counts {
    /// What Medspil counted for a measure it counts, and experienced quality as its surveys
    /// tell it; `None` for what only the partners measure, or with nothing to count (a share of
    /// no hours, the time to decision of no decision, a survey answered by too few).
    pub fn value(&self, measure: Measure) -> Option<f64> {
        let hours = self.given_total(Unit::Hours.code());
        Some(match measure {
            Measure::Participants => self.participants as f64,
            Measure::NewParticipants => self.new_participants as f64,
            Measure::Hours => hours as f64,
            Measure::Items => self.given_total(Unit::Items.code()) as f64,
            Measure::CitizenShare => {
                let citizens = self.given_by(Arena::Citizens, Unit::Hours.code());
                (hours > 0).then(|| 100.0 * citizens as f64 / hours as f64)?
            }
            Measure::Attendance => self.attended as f64,
            Measure::TimeToDecision => median(self.decision_times.clone())? as f64 / SECONDS_A_DAY,
            Measure::TipsAdopted => self.tips_adopted as f64,
            Measure::ExperiencedQuality => self.surveyed_quality?.0,
            Measure::CostAvoided | Measure::NewRelations => return None,
        })
    }

    /// What one arena gave in a unit.
    pub fn given_by(&self, arena: Arena, unit: &str) -> i64 {
        self.given
            .iter()
            .filter(|(a, u, _)| *a == arena && u == unit)
            .map(|(_, _, n)| n)
            .sum()
    }

    /// What every arena together gave in a unit.
    pub fn given_total(&self, unit: &str) -> i64 {
        Arena::ALL.iter().map(|a| self.given_by(*a, unit)).sum()
    }
}

/// Counts everything Medspil records about an initiative in a period, in four statements.
pub async fn counts(db: &Db, initiative_id: i64, period: Period) -> AppResult<Counts> {
    let (from, until) = period.moments();
    let (days_from, days_to) = (period.from.to_string(), period.to.to_string());
    let participation = db::query(
        "SELECT COALESCE(SUM(CASE WHEN last_at >= $2 AND first_at < $3 THEN 1 ELSE 0 END), 0) AS taking_part, \
         COALESCE(SUM(CASE WHEN first_at >= $2 AND first_at < $3 THEN 1 ELSE 0 END), 0) AS new_ones \
         FROM (SELECT actor_id, MIN(at) AS first_at, MAX(at) AS last_at FROM ( \
           SELECT actor_id, joined_at AS at FROM initiative_participants WHERE initiative_id = $1 \
           UNION ALL SELECT s.person_id, s.signed_up_at FROM event_signups s JOIN events e ON e.id = s.event_id \
             WHERE e.initiative_id = $1 AND s.status = 'confirmed' \
           UNION ALL SELECT actor_id, recorded_at FROM contributions WHERE initiative_id = $1 \
           UNION ALL SELECT actor_id, recorded_at FROM unit_contributions WHERE initiative_id = $1 \
         ) x WHERE at < $3 GROUP BY actor_id) p",
    )
    .bind(initiative_id)
    .bind(from)
    .bind(until);
    let given = db::query(
        "SELECT a.kind, g.unit, CAST(SUM(g.amount) AS BIGINT) AS amount FROM ( \
           SELECT actor_id, unit, amount, given_on FROM contributions WHERE initiative_id = $1 \
           UNION ALL SELECT actor_id, unit, amount, given_on FROM unit_contributions WHERE initiative_id = $1 \
         ) g JOIN actors a ON a.id = g.actor_id WHERE g.given_on >= $2 AND g.given_on <= $3 \
         GROUP BY a.kind, g.unit",
    )
    .bind(initiative_id)
    .bind(&days_from)
    .bind(&days_to);
    let attended_and_tips = db::query(
        "SELECT (SELECT COUNT(*) FROM event_signups s JOIN events e ON e.id = s.event_id \
           WHERE e.initiative_id = $1 AND s.checked_in_at >= $2 AND s.checked_in_at < $3) AS attended, \
         (SELECT COUNT(*) FROM tip_updates WHERE initiative_id = $1 AND created_at >= $2 AND created_at < $3) AS tips",
    )
    .bind(initiative_id)
    .bind(from)
    .bind(until);
    let decisions = db::query_scalar::<i64>(
        "SELECT decided_at - received_at FROM requests \
         WHERE initiative_id = $1 AND decided_at >= $2 AND decided_at < $3",
    )
    .bind(initiative_id)
    .bind(from)
    .bind(until);
    let (participation, given, attended_and_tips, decision_times) = tokio::try_join!(
        participation.fetch_one(db.pool()),
        given.fetch_all(db.pool()),
        attended_and_tips.fetch_one(db.pool()),
        decisions.fetch_all(db.pool()),
    )?;
    Ok(Counts {
        participants: participation.try_get("taking_part")?,
        new_participants: participation.try_get("new_ones")?,
        given: by_arena(&given)?,
        attended: attended_and_tips.try_get("attended")?,
        tips_adopted: attended_and_tips.try_get("tips")?,
        decision_times,
        surveyed_quality: None,
    })
}

/// What was given, summed by arena and unit: the rows come by kind of actor, and an arena holds
/// several kinds (associations, businesses and institutions).
fn by_arena(rows: &[Row]) -> Result<Vec<(Arena, String, i64)>, db::Error> {
    let mut given: Vec<(Arena, String, i64)> = Vec::new();
    for r in rows {
        let arena = Arena::of(decode(r, "kind", ActorKind::parse)?);
        let unit: String = r.try_get("unit")?;
        let amount: i64 = r.try_get("amount")?;
        match given.iter_mut().find(|(a, u, _)| *a == arena && *u == unit) {
            Some(g) => g.2 += amount,
            None => given.push((arena, unit, amount)),
        }
    }
    Ok(given)
}

/// A measurement as stored, with the name of the party that vouches for it, the partner's key
/// it came through, the correction that superseded it and the questions asked about it.
#[derive(Clone, Debug)]
pub struct Measurement {
    pub id: i64,
    pub indicator_id: i64,
    pub draft: MeasurementDraft,
    pub vouched_by_name: String,
    pub recorded_at: i64,
    /// The label of the partner's key it was posted with.
    pub via_key: Option<String>,
    /// The name of the document uploaded as its source.
    pub document: Option<String>,
    pub superseded_by: Option<i64>,
    pub questions: Vec<Question>,
}

/// A party's question about a measurement.
#[derive(Clone, Debug)]
pub struct Question {
    pub measurement_id: i64,
    pub asked_by_name: String,
    pub body: String,
    pub recorded_at: i64,
}

/// Who recorded a measurement: a user, through a partner's key or not.
#[derive(Clone, Copy, Debug)]
pub struct Recorder {
    pub user_id: i64,
    pub key_id: Option<i64>,
}

/// Adds a measurement, with the document that is its source if one was uploaded; a second
/// correction of the same measurement is refused by the database's unique index, however close
/// together they come.
pub async fn add_measurement(
    db: &Db,
    indicator_id: i64,
    m: &MeasurementDraft,
    document: Option<&Document>,
    by: Recorder,
) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    let id: i64 = db::query_scalar(
        "INSERT INTO measurements (indicator_id, value, period_from, period_to, method, source, \
         vouched_by, recorded_by, recorded_at, supersedes, key_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(indicator_id)
    .bind(m.value)
    .bind(m.from.to_string())
    .bind(m.to.to_string())
    .bind(&m.method)
    .bind(&m.source)
    .bind(m.vouched_by)
    .bind(by.user_id)
    .bind(now())
    .bind(m.supersedes)
    .bind(by.key_id)
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| -> AppError {
        match e {
            e if e.is_unique_violation() => EvaluationRefusal::Superseded.into(),
            e => e.into(),
        }
    })?;
    if let Some(d) = document {
        db::query(
            "INSERT INTO measurement_documents (measurement_id, name, content_type, size, data) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(id)
        .bind(&d.name)
        .bind(d.content_type)
        .bind(d.bytes.len() as i64)
        .bind(d.bytes.to_vec())
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// How many documents the initiative's measurements hold.
pub async fn documents(db: &Db, initiative_id: i64) -> AppResult<i64> {
    Ok(db::query_scalar(
        "SELECT COUNT(*) FROM measurement_documents d JOIN measurements m ON m.id = d.measurement_id \
         JOIN indicators i ON i.id = m.indicator_id WHERE i.initiative_id = $1",
    )
    .bind(initiative_id)
    .fetch_one(db.pool())
    .await?)
}

/// The document a measurement of the initiative's indicators gives as its source: its name,
/// type and bytes.
pub async fn document(
    db: &Db,
    initiative_id: i64,
    measurement_id: i64,
) -> AppResult<(String, String, Vec<u8>)> {
    db::query_as(
        "SELECT d.name, d.content_type, d.data FROM measurement_documents d \
         JOIN measurements m ON m.id = d.measurement_id JOIN indicators i ON i.id = m.indicator_id \
         WHERE d.measurement_id = $1 AND i.initiative_id = $2",
    )
    .bind(measurement_id)
    .bind(initiative_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)
}

pub async fn add_question(
    db: &Db,
    measurement_id: i64,
    q: &QuestionDraft,
    user_id: i64,
) -> AppResult<i64> {
    Ok(db::query_scalar(
        "INSERT INTO measurement_questions (measurement_id, asked_by, body, recorded_by, recorded_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(measurement_id)
    .bind(q.asked_by)
    .bind(&q.body)
    .bind(user_id)
    .bind(now())
    .fetch_one(db.pool())
    .await?)
}

/// The measurements of an initiative's indicators, oldest period first, with their questions:
/// two statements however many there are.
pub async fn measurements(db: &Db, initiative_id: i64) -> AppResult<Vec<Measurement>> {
    let rows = db::query(
        "SELECT m.*, a.name AS vouched_by_name, k.label AS key_label, d.name AS document_name \
         FROM measurements m \
         JOIN indicators i ON i.id = m.indicator_id JOIN actors a ON a.id = m.vouched_by \
         LEFT JOIN measurement_keys k ON k.id = m.key_id \
         LEFT JOIN measurement_documents d ON d.measurement_id = m.id \
         WHERE i.initiative_id = $1 ORDER BY m.period_to, m.id",
    )
    .bind(initiative_id);
    let questions = db::query(
        "SELECT q.measurement_id, q.body, q.recorded_at, a.name AS asked_by_name \
         FROM measurement_questions q JOIN measurements m ON m.id = q.measurement_id \
         JOIN indicators i ON i.id = m.indicator_id JOIN actors a ON a.id = q.asked_by \
         WHERE i.initiative_id = $1 ORDER BY q.id",
    )
    .bind(initiative_id);
    let (rows, questions) =
        tokio::try_join!(rows.fetch_all(db.pool()), questions.fetch_all(db.pool()))?;
    let questions: Vec<Question> = questions
        .iter()
        .map(|r| {
            Ok(Question {
                measurement_id: r.try_get("measurement_id")?,
                asked_by_name: r.try_get("asked_by_name")?,
                body: r.try_get("body")?,
                recorded_at: r.try_get("recorded_at")?,
            })
        })
        .collect::<Result<_, db::Error>>()?;
    let day = |r: &Row, column: &str| -> Result<Date, db::Error> {
        let text: String = r.try_get(column)?;
        text.parse()
            .map_err(|_| db::Error::Decode(format!("{column}: {text}")))
    };
    let measurements = rows
        .iter()
        .map(|r| {
            Ok(Measurement {
                id: r.try_get("id")?,
                indicator_id: r.try_get("indicator_id")?,
                draft: MeasurementDraft {
                    value: r.try_get("value")?,
                    from: day(r, "period_from")?,
                    to: day(r, "period_to")?,
                    method: r.try_get("method")?,
                    source: r.try_get("source")?,
                    vouched_by: r.try_get("vouched_by")?,
                    supersedes: r.try_get("supersedes")?,
                },
                vouched_by_name: r.try_get("vouched_by_name")?,
                recorded_at: r.try_get("recorded_at")?,
                via_key: r.try_get("key_label")?,
                document: r.try_get("document_name")?,
                superseded_by: None,
                questions: Vec::new(),
            })
        })
        .collect::<Result<Vec<_>, db::Error>>()?;
    Ok(with_history(measurements, questions))
}

/// Each measurement with the correction that superseded it and the questions asked about it.
fn with_history(mut measurements: Vec<Measurement>, questions: Vec<Question>) -> Vec<Measurement> {
    let superseded_by: HashMap<i64, i64> = measurements
        .iter()
        .filter_map(|m| m.draft.supersedes.map(|old| (old, m.id)))
        .collect();
    let mut asked: HashMap<i64, Vec<Question>> = HashMap::new();
    for q in questions {
        asked.entry(q.measurement_id).or_default().push(q);
    }
    for m in &mut measurements {
        m.superseded_by = superseded_by.get(&m.id).copied();
        m.questions = asked.remove(&m.id).unwrap_or_default();
    }
    measurements
}

/// A partner's key: it adds measurements to one initiative's indicators in one party's name.
#[derive(Clone, Debug)]
pub struct PartnerKey {
    pub id: i64,
    pub initiative_id: i64,
    pub party_id: i64,
    pub party_name: String,
    pub label: String,
    pub created_by: i64,
    pub created_at: i64,
}

/// Makes a key and returns it; only its hash is kept.
pub async fn add_key(
    db: &Db,
    initiative_id: i64,
    k: &KeyDraft,
    user_id: i64,
) -> AppResult<(i64, String)> {
    let key = format!("{KEY_PREFIX}{}", random_token());
    let id = db::query_scalar(
        "INSERT INTO measurement_keys (token_hash, initiative_id, party_id, label, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(token_hash(&key))
    .bind(initiative_id)
    .bind(k.party)
    .bind(&k.label)
    .bind(user_id)
    .bind(now())
    .fetch_one(db.pool())
    .await?;
    Ok((id, key))
}

const KEY_SELECT: &str = "SELECT k.*, a.name AS party_name FROM measurement_keys k \
     JOIN actors a ON a.id = k.party_id WHERE k.revoked_at IS NULL";

fn partner_key(r: &Row) -> Result<PartnerKey, db::Error> {
    Ok(PartnerKey {
        id: r.try_get("id")?,
        initiative_id: r.try_get("initiative_id")?,
        party_id: r.try_get("party_id")?,
        party_name: r.try_get("party_name")?,
        label: r.try_get("label")?,
        created_by: r.try_get("created_by")?,
        created_at: r.try_get("created_at")?,
    })
}

/// The key a partner's system sent, unless it was revoked.
pub async fn key_of_token(db: &Db, key: &str) -> AppResult<Option<PartnerKey>> {
    let row = db::query(format!("{KEY_SELECT} AND k.token_hash = $1"))
        .bind(token_hash(key))
        .fetch_optional(db.pool())
        .await?;
    Ok(row.as_ref().map(partner_key).transpose()?)
}

/// An initiative's keys in use, oldest first.
pub async fn keys(db: &Db, initiative_id: i64) -> AppResult<Vec<PartnerKey>> {
    let rows = db::query(format!(
        "{KEY_SELECT} AND k.initiative_id = $1 ORDER BY k.id"
    ))
    .bind(initiative_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .map(partner_key)
        .collect::<Result<_, db::Error>>()?)
}

pub async fn revoke_key(db: &Db, key_id: i64) -> AppResult<()> {
    db::query("UPDATE measurement_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now())
        .bind(key_id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// The parties to an initiative: its participants and the parties to its agreements.
pub async fn parties(db: &Db, initiative_id: i64) -> AppResult<Vec<(i64, String)>> {
    Ok(db::query_as(
        "SELECT a.id, a.name FROM actors a WHERE a.id IN ( \
           SELECT actor_id FROM initiative_participants WHERE initiative_id = $1 \
           UNION SELECT p.actor_id FROM agreement_parties p JOIN agreements g ON g.id = p.agreement_id \
             WHERE g.initiative_id = $1) ORDER BY a.sort_name, a.id",
    )
    .bind(initiative_id)
    .fetch_all(db.pool())
    .await?)
}
