//! Surveys as stored: questions fixed when sent, one secret link per person asked, and answers
//! that know their survey but not their person.

use super::model::*;
use crate::platform::auth::{random_token, token_hash};
use crate::platform::db::{self, Db, Row, decode};
use crate::platform::error::{AppError, AppResult};
use crate::platform::time::{now, today};

/// A stored survey, with how many were asked and what they answered.
#[derive(Clone, Debug)]
pub struct Survey {
    pub id: i64,
    pub initiative_id: i64,
    pub title: String,
    pub audience: SurveyAudience,
    pub questions: Vec<QuestionDraft>,
    pub created_at: i64,
    pub invited: i64,
    /// Each response's answers, one per question (none: skipped).
    pub responses: Vec<Vec<Option<AnswerValue>>>,
}

impl Survey {
    /// Each response's answers.
    pub fn answer_sets(&self) -> impl Iterator<Item = &[Option<AnswerValue>]> {
        self.responses.iter().map(|r| &r[..])
    }

    /// Each question's tally over every answer given to it.
    pub fn tallies(&self) -> Vec<Tally> {
        self.questions
            .iter()
            .enumerate()
            .map(|(n, q)| {
                let given: Vec<AnswerValue> = self
                    .responses
                    .iter()
                    .filter_map(|r| r.get(n).cloned().flatten())
                    .collect();
                tally(q, &given)
            })
            .collect()
    }
}

/// An answer as stored: a number for a scale or a choice, a text for a text.
fn stored(a: &Option<AnswerValue>) -> serde_json::Value {
    match a {
        None => serde_json::Value::Null,
        Some(AnswerValue::Scale(v)) => (*v).into(),
        Some(AnswerValue::Choice(i)) => (*i).into(),
        Some(AnswerValue::Text(t)) => t.clone().into(),
    }
}

fn read(q: &QuestionDraft, v: &serde_json::Value) -> Option<AnswerValue> {
    match q.kind {
        QuestionKind::Scale => v.as_i64().map(AnswerValue::Scale),
        QuestionKind::Choice => v.as_u64().map(|i| AnswerValue::Choice(i as usize)),
        QuestionKind::Text => v.as_str().map(|t| AnswerValue::Text(t.into())),
    }
}

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredQuestion {
    kind: QuestionKind,
    prompt: String,
    choices: Vec<String>,
}

/// The people in a survey's audience who can be told (they have an account).
pub async fn audience(
    db: &Db,
    initiative_id: i64,
    audience: SurveyAudience,
    event_id: Option<i64>,
) -> AppResult<Vec<i64>> {
    let people = match audience {
        SurveyAudience::Participants => {
            "SELECT p.actor_id FROM initiative_participants p WHERE p.initiative_id = $1"
        }
        SurveyAudience::Attended => {
            "SELECT s.person_id FROM event_signups s JOIN events e ON e.id = s.event_id \
             WHERE e.initiative_id = $1 AND e.id = $2 AND s.checked_in_at IS NOT NULL"
        }
        SurveyAudience::Contributors => {
            "SELECT c.actor_id FROM contributions c WHERE c.initiative_id = $1 \
             UNION SELECT u.person_id FROM contributions c JOIN pledges p ON p.id = c.pledge_id \
             JOIN users u ON u.id = p.pledged_by WHERE c.initiative_id = $1"
        }
        // Whoever booked a space for it, once the booking has been used.
        SurveyAudience::Booked => {
            "SELECT b.booker_id FROM bookings b WHERE b.initiative_id = $1 \
             AND b.status = 'confirmed' AND b.ends_at <= $2 \
             UNION SELECT u.person_id FROM bookings b JOIN users u ON u.id = b.created_by \
             WHERE b.initiative_id = $1 AND b.status = 'confirmed' AND b.ends_at <= $2"
        }
    };
    let mut q = db::query_scalar::<i64>(format!(
        "SELECT DISTINCT u.person_id FROM users u WHERE u.person_id IN ({people}) ORDER BY u.person_id"
    ))
    .bind(initiative_id);
    match audience {
        SurveyAudience::Attended => q = q.bind(event_id.unwrap_or_default()),
        SurveyAudience::Booked => q = q.bind(now()),
        SurveyAudience::Participants | SurveyAudience::Contributors => {}
    }
    Ok(q.fetch_all(db.pool()).await?)
}

/// Stores a survey and a secret link for each person asked, in one transaction; returns the
/// survey and each person's link.
pub async fn create(
    db: &Db,
    initiative_id: i64,
    d: &SurveyDraft,
    user_id: i64,
    people: &[i64],
) -> AppResult<(i64, Vec<(i64, String)>)> {
    let questions: Vec<StoredQuestion> = d
        .questions
        .iter()
        .map(|q| StoredQuestion {
            kind: q.kind,
            prompt: q.prompt.clone(),
            choices: q.choices.clone(),
        })
        .collect();
    let questions = serde_json::to_string(&questions)
        .map_err(|e| AppError::Internal(format!("survey questions: {e}")))?;
    let mut tx = db.begin().await?;
    let id: i64 = db::query_scalar(
        "INSERT INTO surveys (initiative_id, title, audience, event_id, questions, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(initiative_id)
    .bind(&d.title)
    .bind(d.audience.code())
    .bind(d.event_id)
    .bind(questions)
    .bind(user_id)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    let mut links = Vec::new();
    for &person in people {
        let token = random_token();
        db::query(
            "INSERT INTO survey_invitations (token_hash, survey_id, person_id) VALUES ($1, $2, $3)",
        )
        .bind(token_hash(&token))
        .bind(id)
        .bind(person)
        .execute(&mut *tx)
        .await?;
        links.push((person, token));
    }
    tx.commit().await?;
    Ok((id, links))
}

const SURVEY_COLUMNS: &str =
    "s.*, (SELECT COUNT(*) FROM survey_invitations v WHERE v.survey_id = s.id) AS invited";

fn survey(r: &Row) -> Result<Survey, db::Error> {
    let text: String = r.try_get("questions")?;
    let stored: Vec<StoredQuestion> =
        serde_json::from_str(&text).map_err(|e| db::Error::Decode(format!("questions: {e}")))?;
    Ok(Survey {
        id: r.try_get("id")?,
        initiative_id: r.try_get("initiative_id")?,
        title: r.try_get("title")?,
        audience: decode(r, "audience", SurveyAudience::parse)?,
        questions: stored
            .into_iter()
            .map(|q| QuestionDraft {
                kind: q.kind,
                prompt: q.prompt,
                choices: q.choices,
            })
            .collect(),
        created_at: r.try_get("created_at")?,
        invited: r.try_get("invited")?,
        responses: Vec::new(),
    })
}

/// An initiative's surveys, newest first, with their answers: two statements however many.
pub async fn of_initiative(db: &Db, initiative_id: i64) -> AppResult<Vec<Survey>> {
    let surveys = db::query(format!(
        "SELECT {SURVEY_COLUMNS} FROM surveys s WHERE s.initiative_id = $1 ORDER BY s.id DESC"
    ))
    .bind(initiative_id);
    let responses = db::query_as::<(i64, String)>(
        "SELECT r.survey_id, r.answers FROM survey_responses r JOIN surveys s ON s.id = r.survey_id \
         WHERE s.initiative_id = $1 ORDER BY r.id",
    )
    .bind(initiative_id);
    let (surveys, responses) =
        tokio::try_join!(surveys.fetch_all(db.pool()), responses.fetch_all(db.pool()))?;
    let mut surveys = surveys
        .iter()
        .map(survey)
        .collect::<Result<Vec<_>, db::Error>>()?;
    for (survey_id, answers) in responses {
        let Some(s) = surveys.iter_mut().find(|s| s.id == survey_id) else {
            continue;
        };
        let values: Vec<serde_json::Value> = serde_json::from_str(&answers).unwrap_or_default();
        let answers = s
            .questions
            .iter()
            .enumerate()
            .map(|(n, q)| values.get(n).and_then(|v| read(q, v)))
            .collect();
        s.responses.push(answers);
    }
    Ok(surveys)
}

/// The survey a personal link asks, and whether it was answered already.
pub async fn invitation(db: &Db, token: &str) -> AppResult<Option<(Survey, bool)>> {
    let row = db::query(format!(
        "SELECT {SURVEY_COLUMNS}, i.answered FROM surveys s \
         JOIN survey_invitations i ON i.survey_id = s.id WHERE i.token_hash = $1"
    ))
    .bind(token_hash(token))
    .fetch_optional(db.pool())
    .await?;
    let Some(r) = row else { return Ok(None) };
    let answered: i64 = r.try_get("answered")?;
    Ok(Some((survey(&r)?, answered == 1)))
}

/// Keeps an answer given through a personal link, once: the link is marked answered in the
/// same transaction, so the same link sent twice at once is kept once.
pub async fn answer(
    db: &Db,
    token: &str,
    survey_id: i64,
    answers: &[Option<AnswerValue>],
) -> AppResult<Result<(), SurveyRefusal>> {
    let values: Vec<serde_json::Value> = answers.iter().map(stored).collect();
    let values = serde_json::Value::from(values).to_string();
    let mut tx = db.begin().await?;
    let marked = db::query(
        "UPDATE survey_invitations SET answered = 1 WHERE token_hash = $1 AND survey_id = $2 AND answered = 0",
    )
    .bind(token_hash(token))
    .bind(survey_id)
    .execute(&mut *tx)
    .await?;
    if marked.rows_affected() == 0 {
        return Ok(Err(SurveyRefusal::AlreadyAnswered));
    }
    db::query("INSERT INTO survey_responses (survey_id, answers, answered_on) VALUES ($1, $2, $3)")
        .bind(survey_id)
        .bind(values)
        .bind(today().to_string())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Ok(()))
}
