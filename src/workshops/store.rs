//! Workshops as stored: the plan with its hosts and questions, participants known by an account
//! or a secret in their browser, ideas with their origin and author, and fates set once per
//! state they were decided from.

use super::model::*;
use crate::platform::auth::random_token;
use crate::platform::db::{self, Db, Row, decode, decode_optional, one, rows_to};
use crate::platform::error::AppResult;
use crate::platform::time::now;
use jiff::civil::Date;

/// A workshop with who hosts it and what it asks.
#[derive(Clone, Debug)]
pub struct Workshop {
    pub id: i64,
    pub draft: WorkshopDraft,
    pub code: String,
    pub state: SessionState,
    pub hosts: Vec<Host>,
    pub questions: Vec<Question>,
}

impl Workshop {
    pub fn host_ids(&self) -> Vec<i64> {
        self.hosts.iter().map(|h| h.id).collect()
    }
}

#[derive(Clone, Debug)]
pub struct Host {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Debug)]
pub struct Question {
    pub id: i64,
    pub prompt: String,
}

/// A workshop in a list.
#[derive(Clone, Debug)]
pub struct WorkshopCard {
    pub id: i64,
    pub title: String,
    pub place: String,
    pub starts_at: i64,
    pub ends_at: i64,
    pub state: SessionState,
    pub ideas: i64,
}

/// Someone taking part: with an account or by a secret kept in their browser.
#[derive(Clone, Debug)]
pub struct Participant {
    pub id: i64,
    pub workshop_id: i64,
    pub name: String,
}

/// An idea with what became of it.
#[derive(Clone, Debug)]
pub struct Idea {
    pub id: i64,
    pub workshop_id: i64,
    pub question_id: i64,
    pub text: String,
    pub author_name: String,
    pub origin: Origin,
    pub participant_id: Option<i64>,
    pub created_at: i64,
    pub fate: Option<Fate>,
    pub adopted_as: Option<AdoptedAs>,
    pub adopted_id: Option<i64>,
    pub parked_until: Option<Date>,
    pub fate_reason: String,
    pub fate_responsible: String,
    pub fate_set_at: Option<i64>,
}

/// Stores a planned workshop with its hosts (the first one planned it) and questions, under a
/// fresh code; returns its id.
pub async fn create(
    db: &Db,
    d: &WorkshopDraft,
    host_ids: &[i64],
    user_id: i64,
    code: &str,
) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    let id: i64 = db::query_scalar(
        "INSERT INTO workshops (title, purpose, agenda, place, starts_at, ends_at, code, dots, \
         fate_within_days, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(&d.title)
    .bind(&d.purpose)
    .bind(&d.agenda)
    .bind(&d.place)
    .bind(d.starts_at)
    .bind(d.ends_at)
    .bind(code)
    .bind(d.dots)
    .bind(d.fate_within_days)
    .bind(user_id)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    for (position, host) in host_ids.iter().enumerate() {
        db::query(
            "INSERT INTO workshop_hosts (workshop_id, actor_id, position) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(*host)
        .bind(position as i64)
        .execute(&mut *tx)
        .await?;
    }
    for (position, prompt) in d.questions.iter().enumerate() {
        db::query(
            "INSERT INTO workshop_questions (workshop_id, position, prompt) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(position as i64)
        .bind(prompt)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Whether a code is taken already.
pub async fn code_taken(db: &Db, code: &str) -> AppResult<bool> {
    Ok(by_code(db, code).await?.is_some())
}

/// The workshop a session code opens.
pub async fn by_code(db: &Db, code: &str) -> AppResult<Option<i64>> {
    Ok(db::query_scalar("SELECT id FROM workshops WHERE code = $1")
        .bind(code)
        .fetch_optional(db.pool())
        .await?)
}

fn workshop_row(r: &Row) -> Result<(i64, WorkshopDraft, String, SessionState), db::Error> {
    Ok((
        r.try_get("id")?,
        WorkshopDraft {
            title: r.try_get("title")?,
            purpose: r.try_get("purpose")?,
            agenda: r.try_get("agenda")?,
            place: r.try_get("place")?,
            starts_at: r.try_get("starts_at")?,
            ends_at: r.try_get("ends_at")?,
            questions: Vec::new(),
            dots: r.try_get("dots")?,
            fate_within_days: r.try_get("fate_within_days")?,
        },
        r.try_get("code")?,
        decode(r, "state", SessionState::parse)?,
    ))
}

pub async fn get(db: &Db, id: i64) -> AppResult<Workshop> {
    let (row, hosts, questions) =
        tokio::try_join!(
        one(db, "SELECT * FROM workshops WHERE id = $1".into(), id, workshop_row),
        db::all(
            db,
            "SELECT a.id, a.name FROM workshop_hosts h JOIN actors a ON a.id = h.actor_id \
             WHERE h.workshop_id = $1 ORDER BY h.position"
                .into(),
            id,
            |r| Ok(Host { id: r.try_get("id")?, name: r.try_get("name")? }),
        ),
        db::all(
            db,
            "SELECT id, prompt FROM workshop_questions WHERE workshop_id = $1 ORDER BY position"
                .into(),
            id,
            |r| Ok(Question { id: r.try_get("id")?, prompt: r.try_get("prompt")? }),
        ),
    )?;
    let (id, mut draft, code, state) = row;
    draft.questions = questions.iter().map(|q| q.prompt.clone()).collect();
    Ok(Workshop {
        id,
        draft,
        code,
        state,
        hosts,
        questions,
    })
}

/// Workshops, the coming and the latest first.
pub async fn list(db: &Db) -> AppResult<Vec<WorkshopCard>> {
    let rows = db::query(
        "SELECT w.id, w.title, w.place, w.starts_at, w.ends_at, w.state, \
         (SELECT COUNT(*) FROM ideas i WHERE i.workshop_id = w.id) AS ideas \
         FROM workshops w ORDER BY w.starts_at DESC, w.id DESC LIMIT 200",
    )
    .fetch_all(db.pool())
    .await?;
    rows_to(&rows, |r| {
        Ok(WorkshopCard {
            id: r.try_get("id")?,
            title: r.try_get("title")?,
            place: r.try_get("place")?,
            starts_at: r.try_get("starts_at")?,
            ends_at: r.try_get("ends_at")?,
            state: decode(r, "state", SessionState::parse)?,
            ideas: r.try_get("ideas")?,
        })
    })
}

/// Moves the session from one state to another; `false` when it was no longer in `from`.
pub async fn set_state(db: &Db, id: i64, from: SessionState, to: SessionState) -> AppResult<bool> {
    let done = db::query("UPDATE workshops SET state = $1 WHERE id = $2 AND state = $3")
        .bind(to.code())
        .bind(id)
        .bind(from.code())
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}

fn participant_row(r: &Row) -> Result<Participant, db::Error> {
    Ok(Participant {
        id: r.try_get("id")?,
        workshop_id: r.try_get("workshop_id")?,
        name: r.try_get("name")?,
    })
}

/// The participant someone is in this workshop: by their account, or else by the hash of the
/// secret their browser keeps.
pub async fn participant(
    db: &Db,
    workshop_id: i64,
    user_id: Option<i64>,
    secret_hash: Option<&str>,
) -> AppResult<Option<Participant>> {
    let row = db::query(
        "SELECT id, workshop_id, name FROM workshop_participants \
         WHERE workshop_id = $1 AND (user_id = $2 OR secret_hash = $3) \
         ORDER BY user_id IS NULL LIMIT 1",
    )
    .bind(workshop_id)
    .bind(user_id)
    .bind(secret_hash)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.as_ref().map(participant_row).transpose()?)
}

/// Someone joins: an account once per workshop (joining again keeps the first), anyone else
/// under the hash of the secret their browser keeps.
pub async fn join(
    db: &Db,
    workshop_id: i64,
    user_id: Option<i64>,
    secret_hash: Option<&str>,
    name: &str,
    email: Option<&str>,
) -> AppResult<i64> {
    let forget_token = email.map(|_| random_token());
    Ok(db::query_scalar(
        "INSERT INTO workshop_participants (workshop_id, user_id, secret_hash, name, email, joined_at, forget_token) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) \
         ON CONFLICT (workshop_id, user_id) DO UPDATE SET joined_at = workshop_participants.joined_at \
         RETURNING id",
    )
    .bind(workshop_id)
    .bind(user_id)
    .bind(secret_hash)
    .bind(name)
    .bind(email)
    .bind(now())
    .bind(forget_token)
    .fetch_one(db.pool())
    .await?)
}

/// Adds an idea to one of the workshop's own questions; `None` when the question is another's.
pub async fn add_idea(
    db: &Db,
    workshop_id: i64,
    d: &IdeaDraft,
    origin: Origin,
    participant_id: Option<i64>,
    entered_by: Option<i64>,
) -> AppResult<Option<i64>> {
    Ok(db::query_scalar(
        "INSERT INTO ideas (workshop_id, question_id, text, author_name, origin, participant_id, entered_by, created_at) \
         SELECT $1, q.id, $3, $4, $5, $6, $7, $8 FROM workshop_questions q WHERE q.id = $2 AND q.workshop_id = $1 \
         RETURNING id",
    )
    .bind(workshop_id)
    .bind(d.question_id)
    .bind(&d.text)
    .bind(&d.author_name)
    .bind(origin.code())
    .bind(participant_id)
    .bind(entered_by)
    .bind(now())
    .fetch_optional(db.pool())
    .await?)
}

fn idea_row(r: &Row) -> Result<Idea, db::Error> {
    let parked: Option<String> = r.try_get("parked_until")?;
    Ok(Idea {
        id: r.try_get("id")?,
        workshop_id: r.try_get("workshop_id")?,
        question_id: r.try_get("question_id")?,
        text: r.try_get("text")?,
        author_name: r.try_get("author_name")?,
        origin: decode(r, "origin", Origin::parse)?,
        participant_id: r.try_get("participant_id")?,
        created_at: r.try_get("created_at")?,
        fate: decode_optional(r, "fate", Fate::parse)?,
        adopted_as: decode_optional(r, "adopted_as", AdoptedAs::parse)?,
        adopted_id: r.try_get("adopted_id")?,
        parked_until: parked.and_then(|d| d.parse().ok()),
        fate_reason: r.try_get("fate_reason")?,
        fate_responsible: r.try_get("fate_responsible")?,
        fate_set_at: r.try_get("fate_set_at")?,
    })
}

const IDEA_COLUMNS: &str = "id, workshop_id, question_id, text, author_name, origin, participant_id, \
    created_at, fate, adopted_as, adopted_id, parked_until, fate_reason, fate_responsible, fate_set_at";

/// A workshop's ideas, question by question, in the order they came.
pub async fn ideas(db: &Db, workshop_id: i64) -> AppResult<Vec<Idea>> {
    db::all(
        db,
        format!("SELECT {IDEA_COLUMNS} FROM ideas WHERE workshop_id = $1 ORDER BY question_id, id"),
        workshop_id,
        idea_row,
    )
    .await
}

pub async fn idea(db: &Db, id: i64) -> AppResult<Idea> {
    one(
        db,
        format!("SELECT {IDEA_COLUMNS} FROM ideas WHERE id = $1"),
        id,
        idea_row,
    )
    .await
}

/// Sets an idea's fate, if it still has the fate it was decided from (none, or parked).
pub async fn set_fate(
    db: &Db,
    id: i64,
    from: Option<Fate>,
    d: &FateDraft,
    user_id: i64,
) -> AppResult<bool> {
    let done = db::query(
        "UPDATE ideas SET fate = $1, adopted_as = $2, adopted_id = $3, parked_until = $4, \
         fate_reason = $5, fate_responsible = $6, fate_set_by = $7, fate_set_at = $8 \
         WHERE id = $9 AND COALESCE(fate, '') = $10",
    )
    .bind(d.fate.code())
    .bind(d.adopted_as.map(AdoptedAs::code))
    .bind(d.adopted_id)
    .bind(d.parked_until.map(|day| day.to_string()))
    .bind(&d.reason)
    .bind(&d.responsible)
    .bind(user_id)
    .bind(now())
    .bind(id)
    .bind(from.map_or("", Fate::code))
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Whether an initiative exists (an adopted idea links to it).
pub async fn initiative_exists(db: &Db, id: i64) -> AppResult<bool> {
    let found: Option<i64> = db::query_scalar("SELECT id FROM initiatives WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    Ok(found.is_some())
}

/// What one participant added, newest first.
pub async fn ideas_of_participant(db: &Db, participant_id: i64) -> AppResult<Vec<String>> {
    Ok(
        db::query_scalar("SELECT text FROM ideas WHERE participant_id = $1 ORDER BY id DESC")
            .bind(participant_id)
            .fetch_all(db.pool())
            .await?,
    )
}

/// The author of an idea as a notice reaches them: their account, or the address they gave
/// without one (with the secret of the link that forgets it).
#[derive(Clone, Debug)]
pub struct Author {
    pub participant_id: i64,
    pub idea_id: i64,
    pub user_id: Option<i64>,
    pub email: Option<(String, String)>,
}

fn author_row(r: &Row) -> Result<Author, db::Error> {
    let email: Option<String> = r.try_get("email")?;
    let token: Option<String> = r.try_get("forget_token")?;
    Ok(Author {
        participant_id: r.try_get("participant_id")?,
        idea_id: r.try_get("idea_id")?,
        user_id: r.try_get("user_id")?,
        email: email.zip(token),
    })
}

const AUTHOR_COLUMNS: &str = "p.id AS participant_id, i.id AS idea_id, p.user_id, p.email, p.forget_token \
    FROM ideas i JOIN workshop_participants p ON p.id = i.participant_id";

/// Who wrote an idea on their phone (a post-it's author is known by name only).
pub async fn author(db: &Db, idea_id: i64) -> AppResult<Option<Author>> {
    let row = db::query(format!("SELECT {AUTHOR_COLUMNS} WHERE i.id = $1"))
        .bind(idea_id)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.as_ref().map(author_row).transpose()?)
}

/// The authors of the ideas an initiative became, to hear of each step of its life.
pub async fn authors_adopted_by(db: &Db, initiative_id: i64) -> AppResult<Vec<Author>> {
    db::all(
        db,
        format!(
            "SELECT {AUTHOR_COLUMNS} WHERE i.adopted_as = 'initiative' AND i.adopted_id = $1 ORDER BY i.id"
        ),
        initiative_id,
        author_row,
    )
    .await
}

/// Forgets the address a participant gave without an account; `false` when the link is unknown.
pub async fn forget_email(db: &Db, token: &str) -> AppResult<bool> {
    let done = db::query(
        "UPDATE workshop_participants SET email = NULL, forget_token = NULL WHERE forget_token = $1",
    )
    .bind(token)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}
