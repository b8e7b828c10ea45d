//! Workshops as stored: the plan with its hosts and questions, and participants known by an
//! account or by a secret in their browser; their ideas are in `ideas.rs`, and who hears of them in `hearing.rs`.

mod hearing;
mod ideas;

pub use hearing::*;
pub use ideas::*;

use super::model::*;
use crate::events::store::NewEvent;
use crate::moderation::model::{ContentKind, visible};
use crate::platform::auth::random_token;
use crate::platform::db::{self, Db, Row, decode, one, rows_to};
use crate::platform::error::AppResult;
use crate::platform::time::now;
use std::collections::HashMap;
/// A workshop with who hosts it and what it asks.
#[derive(Clone, Debug)]
pub struct Workshop {
    pub id: i64,
    pub draft: WorkshopDraft,
    pub code: String,
    pub state: SessionState,
    pub hosts: Vec<Host>,
    pub questions: Vec<Question>,
    /// The event people sign up for it through, if they do.
    pub event_id: Option<i64>,
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

/// Stores a planned workshop with its hosts (the first one planned it) and questions, under a
/// fresh code, and the event to sign up for it through, if it has one; returns its id.
pub async fn create(
    db: &Db,
    d: &WorkshopDraft,
    host_ids: &[i64],
    user_id: i64,
    code: &str,
    event: Option<&NewEvent<'_>>,
) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    let event_id = match event {
        Some(e) => Some(crate::events::store::create_event_in(&mut tx, e).await?),
        None => None,
    };
    let id: i64 = db::query_scalar(
        "INSERT INTO workshops (title, purpose, agenda, place, starts_at, ends_at, code, dots, \
         fate_within_days, created_by, created_at, event_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
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
    .bind(event_id)
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

/// The workshop a session code opens.
pub async fn by_code(db: &Db, code: &str) -> AppResult<Option<i64>> {
    Ok(db::query_scalar("SELECT id FROM workshops WHERE code = $1")
        .bind(code)
        .fetch_optional(db.pool())
        .await?)
}

/// A workshop as stored, before its hosts and questions are read.
type WorkshopRow = (i64, WorkshopDraft, String, SessionState, Option<i64>);

fn workshop_row(r: &Row) -> Result<WorkshopRow, db::Error> {
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
        r.try_get("event_id")?,
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
    let (id, mut draft, code, state, event_id) = row;
    draft.questions = questions.iter().map(|q| q.prompt.clone()).collect();
    Ok(Workshop {
        id,
        draft,
        code,
        state,
        hosts,
        questions,
        event_id,
    })
}

/// Workshops, the coming and the latest first.
pub async fn list(db: &Db) -> AppResult<Vec<WorkshopCard>> {
    let rows = db::query(format!(
        "SELECT w.id, w.title, w.place, w.starts_at, w.ends_at, w.state, \
         (SELECT COUNT(*) FROM ideas i WHERE i.workshop_id = w.id AND {} AND {}) AS ideas \
         FROM workshops w ORDER BY w.starts_at DESC, w.id DESC LIMIT 200",
        own_fate("i"),
        visible(ContentKind::Idea, "i")
    ))
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

/// How ideas came from each other, by the ideas they came from or went to: which ideas were
/// merged into each, and which parts each was split into.
pub struct Kinship<'a> {
    by_id: HashMap<i64, &'a Idea>,
    merged: HashMap<i64, Vec<&'a Idea>>,
    parts: HashMap<i64, Vec<&'a Idea>>,
}

impl<'a> Kinship<'a> {
    pub fn of(ideas: impl IntoIterator<Item = &'a Idea>) -> Kinship<'a> {
        let mut kin = Kinship {
            by_id: HashMap::new(),
            merged: HashMap::new(),
            parts: HashMap::new(),
        };
        for i in ideas {
            kin.by_id.insert(i.id, i);
            if let Some(into) = i.merged_into {
                kin.merged.entry(into).or_default().push(i);
            }
            if let Some(from) = i.split_from {
                kin.parts.entry(from).or_default().push(i);
            }
        }
        kin
    }

    pub fn idea(&self, id: i64) -> Option<&'a Idea> {
        self.by_id.get(&id).copied()
    }

    pub fn merged_from(&self, i: &Idea) -> &[&'a Idea] {
        self.merged.get(&i.id).map_or(&[][..], Vec::as_slice)
    }

    pub fn parts(&self, i: &Idea) -> &[&'a Idea] {
        self.parts.get(&i.id).map_or(&[][..], Vec::as_slice)
    }
}
