//! Ideas as stored: their origin and author, their search index, themes, dots (never more than
//! a participant's number), merges and splits that keep the ideas they came from, and fates set
//! once per state they were decided from. Who hears of an idea, and what is due, is in
//! `hearing.rs`.

use super::Participant;
use crate::moderation::model::{ContentKind, visible};
use crate::platform::db::{self, Db, Row, decode, decode_optional, one, rows_to};
use crate::platform::error::AppResult;
use crate::platform::search::{self, SearchIndex};
use crate::platform::time::now;
use crate::workshops::model::*;
use jiff::civil::Date;

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
    pub theme_id: Option<i64>,
    /// The idea it was merged into, whose fate is its own.
    pub merged_into: Option<i64>,
    /// The idea it is a part of, when it came from splitting one.
    pub split_from: Option<i64>,
    /// When it was split into parts, whose fates are their own.
    pub split_at: Option<i64>,
    pub dots: i64,
    pub fate: Option<Fate>,
    pub adopted_as: Option<AdoptedAs>,
    pub adopted_id: Option<i64>,
    pub parked_until: Option<Date>,
    pub fate_reason: String,
    pub fate_responsible: String,
    pub fate_set_at: Option<i64>,
}

/// The condition a statement adds for ideas whose fate is their own ([`Idea::has_own_fate`]),
/// the table `ideas` named `alias`.
pub fn own_fate(alias: &str) -> String {
    format!("{alias}.merged_into IS NULL AND {alias}.split_at IS NULL")
}

/// [`own_fate`], and neither adopted nor declined: an idea that can still be merged or split.
fn still_open(alias: &str) -> String {
    format!(
        "{} AND ({alias}.fate IS NULL OR {alias}.fate = 'parked')",
        own_fate(alias)
    )
}

impl Idea {
    /// Whether its fate is its own: a merged idea's is the idea it became, a split idea's are
    /// its parts'. Only such an idea gets a fate or a dot.
    pub fn has_own_fate(&self) -> bool {
        self.merged_into.is_none() && self.split_at.is_none()
    }
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
    let mut tx = db.begin().await?;
    let id: Option<i64> = db::query_scalar(
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
    .fetch_optional(&mut *tx)
    .await?;
    if let Some(id) = id {
        index(&mut tx, id, &d.text).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// Puts an idea's words in the search index, in the transaction that writes it.
async fn index(tx: &mut db::Tx, id: i64, text: &str) -> Result<(), db::Error> {
    search::index_document(tx, SearchIndex::Ideas, id, &[(text, search::WEIGHT_TITLE)]).await
}

/// Indexes the ideas that have no words in the index: those written before it existed (and
/// those of only stop words, which cost nothing). Safe to repeat, so it runs at every start.
pub async fn index_missing(db: &Db) -> Result<(), db::Error> {
    let rows = db::query(
        "SELECT id, text FROM ideas WHERE NOT EXISTS (SELECT 1 FROM idea_terms t WHERE t.doc_id = ideas.id)",
    )
    .fetch_all(db.pool())
    .await?;
    let mut tx = db.begin().await?;
    for r in &rows {
        index(&mut tx, r.try_get("id")?, &r.try_get::<String, _>("text")?).await?;
    }
    tx.commit().await
}

/// An idea found by a search, with the workshop it came from.
#[derive(Clone, Debug)]
pub struct FoundIdea {
    pub idea: Idea,
    pub workshop_title: String,
}

/// Ideas whose words match a Danish search, the best matches first; none for a query of only
/// stop words. Hidden ideas, and ideas merged or split into others (their successors are
/// found instead), are left out.
pub async fn search_ideas(db: &Db, query: &str, limit: i64) -> AppResult<Vec<FoundIdea>> {
    let terms = search::query_terms(query);
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = db::SqlBuilder::new(&format!(
        "SELECT {IDEA_COLUMNS}, w.title AS workshop_title FROM ideas "
    ));
    search::join_ranking(&mut sql, SearchIndex::Ideas, &terms, "ideas.id", None);
    sql.push(&format!(
        "JOIN workshops w ON w.id = ideas.workshop_id WHERE {} AND {} \
         ORDER BY r.matched DESC, r.score DESC, ideas.id DESC",
        own_fate("ideas"),
        visible(ContentKind::Idea, "ideas")
    ));
    sql.limit(limit, 0);
    let rows = sql.query().fetch_all(db.pool()).await?;
    rows_to(&rows, |r| {
        Ok(FoundIdea {
            idea: idea_row(r)?,
            workshop_title: r.try_get("workshop_title")?,
        })
    })
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
        theme_id: r.try_get("theme_id")?,
        merged_into: r.try_get("merged_into")?,
        split_from: r.try_get("split_from")?,
        split_at: r.try_get("split_at")?,
        dots: r.try_get("dots")?,
        fate: decode_optional(r, "fate", Fate::parse)?,
        adopted_as: decode_optional(r, "adopted_as", AdoptedAs::parse)?,
        adopted_id: r.try_get("adopted_id")?,
        parked_until: parked.and_then(|d| d.parse().ok()),
        fate_reason: r.try_get("fate_reason")?,
        fate_responsible: r.try_get("fate_responsible")?,
        fate_set_at: r.try_get("fate_set_at")?,
    })
}

const IDEA_COLUMNS: &str = "ideas.id, ideas.workshop_id, ideas.question_id, ideas.text, \
    ideas.author_name, ideas.origin, ideas.participant_id, ideas.created_at, ideas.theme_id, \
    ideas.merged_into, ideas.dots, ideas.fate, ideas.adopted_as, ideas.adopted_id, \
    ideas.parked_until, ideas.fate_reason, ideas.fate_responsible, ideas.fate_set_at, \
    ideas.split_from, ideas.split_at";

/// A workshop's ideas, question by question, in the order they came; those a moderator hid are
/// left out (their authors and hosts find them on their own pages).
pub async fn ideas(db: &Db, workshop_id: i64) -> AppResult<Vec<Idea>> {
    db::all(
        db,
        format!(
            "SELECT {IDEA_COLUMNS} FROM ideas WHERE workshop_id = $1 AND {} ORDER BY question_id, id",
            visible(ContentKind::Idea, "ideas")
        ),
        workshop_id,
        idea_row,
    )
    .await
}

/// An idea's kin: the ideas merged into it, its parts, and the idea it is a part of.
pub async fn kin(db: &Db, id: i64) -> AppResult<Vec<Idea>> {
    db::all(
        db,
        format!(
            "SELECT {IDEA_COLUMNS} FROM ideas WHERE (merged_into = $1 OR split_from = $1 \
             OR id = (SELECT split_from FROM ideas WHERE id = $1)) AND {} ORDER BY id",
            visible(ContentKind::Idea, "ideas")
        ),
        id,
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

/// Sets an idea's fate, if it still has the fate it was decided from (none, or parked) and was
/// not merged into another or split meanwhile.
pub async fn set_fate<'e>(
    exec: impl Into<db::Exec<'e>>,
    id: i64,
    from: Option<Fate>,
    d: &FateDraft,
    user_id: i64,
) -> Result<bool, db::Error> {
    let done = db::query(format!(
        "UPDATE ideas SET fate = $1, adopted_as = $2, adopted_id = $3, parked_until = $4, \
         fate_reason = $5, fate_responsible = $6, fate_set_by = $7, fate_set_at = $8 \
         WHERE id = $9 AND COALESCE(fate, '') = $10 AND {}",
        own_fate("ideas")
    ))
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
    .execute(exec)
    .await?;
    Ok(done.rows_affected() == 1)
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

/// A workshop's themes, by name.
pub async fn themes(db: &Db, workshop_id: i64) -> AppResult<Vec<(i64, String)>> {
    Ok(db::query_as(
        "SELECT id, name FROM workshop_themes WHERE workshop_id = $1 ORDER BY name, id",
    )
    .bind(workshop_id)
    .fetch_all(db.pool())
    .await?)
}

/// Adds a theme (a name the workshop has already is kept once).
pub async fn add_theme(db: &Db, workshop_id: i64, name: &str) -> AppResult<()> {
    db::query(
        "INSERT INTO workshop_themes (workshop_id, name) VALUES ($1, $2) ON CONFLICT (workshop_id, name) DO NOTHING",
    )
    .bind(workshop_id)
    .bind(name)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Puts an idea under one of its workshop's themes, or none; `false` when the theme is another
/// workshop's.
pub async fn set_theme(db: &Db, idea_id: i64, theme_id: Option<i64>) -> AppResult<bool> {
    let done = match theme_id {
        Some(theme) => {
            db::query(
                "UPDATE ideas SET theme_id = $1 WHERE id = $2 AND EXISTS \
                 (SELECT 1 FROM workshop_themes t WHERE t.id = $1 AND t.workshop_id = ideas.workshop_id)",
            )
            .bind(theme)
            .bind(idea_id)
            .execute(db.pool())
            .await?
        }
        None => {
            db::query("UPDATE ideas SET theme_id = NULL WHERE id = $1")
                .bind(idea_id)
                .execute(db.pool())
                .await?
        }
    };
    Ok(done.rows_affected() == 1)
}

/// Gives a participant's dot to an idea of their workshop: never more dots than `max` (the
/// participant's counter moves only below it), one an idea (the key), all or nothing.
pub async fn give_dot(
    db: &Db,
    idea_id: i64,
    p: &Participant,
    max: i64,
) -> AppResult<Result<(), WorkshopRefusal>> {
    let mut tx = db.begin().await?;
    let counted = db::query(
        "UPDATE workshop_participants SET dots_given = dots_given + 1 WHERE id = $1 AND dots_given < $2",
    )
    .bind(p.id)
    .bind(max)
    .execute(&mut *tx)
    .await?;
    if counted.rows_affected() != 1 {
        return Ok(Err(WorkshopRefusal::NoDotsLeft));
    }
    let given = db::query(
        "INSERT INTO idea_dots (idea_id, participant_id, given_at) VALUES ($1, $2, $3) \
         ON CONFLICT (idea_id, participant_id) DO NOTHING",
    )
    .bind(idea_id)
    .bind(p.id)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    if given.rows_affected() != 1 {
        return Ok(Err(WorkshopRefusal::AlreadyDotted));
    }
    let added = db::query(format!(
        "UPDATE ideas SET dots = dots + 1 WHERE id = $1 AND workshop_id = $2 AND {}",
        own_fate("ideas")
    ))
    .bind(idea_id)
    .bind(p.workshop_id)
    .execute(&mut *tx)
    .await?;
    if added.rows_affected() != 1 {
        return Ok(Err(WorkshopRefusal::NotDottable));
    }
    tx.commit().await?;
    Ok(Ok(()))
}

/// How many dots a participant has given.
pub async fn dots_given(db: &Db, participant_id: i64) -> AppResult<i64> {
    Ok(
        db::query_scalar("SELECT dots_given FROM workshop_participants WHERE id = $1")
            .bind(participant_id)
            .fetch_one(db.pool())
            .await?,
    )
}

/// Merges ideas of one workshop into a new one under the first idea's question and theme, with
/// their dots; each original names it. All or nothing: `None` when any of them is another
/// workshop's, merged already, or adopted or declined.
pub async fn merge(
    db: &Db,
    workshop_id: i64,
    d: &MergeDraft,
    user_id: i64,
) -> AppResult<Option<i64>> {
    let mut tx = db.begin().await?;
    let mut sql = db::SqlBuilder::new(
        "SELECT COUNT(*), MIN(question_id), SUM(dots) FROM ideas WHERE workshop_id = ",
    );
    let w = sql.bind(db::Value::Int(workshop_id));
    sql.push(&w);
    let list = sql.bind_ids(&d.idea_ids);
    sql.push(&format!(" AND id IN ({list}) AND {}", still_open("ideas")));
    let row = sql.query().fetch_one(&mut *tx).await?;
    let (found, question, dots): (i64, Option<i64>, Option<i64>) =
        (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
    let (Some(question), true) = (question, found == d.idea_ids.len() as i64) else {
        return Ok(None);
    };
    let id: i64 = db::query_scalar(
        "INSERT INTO ideas (workshop_id, question_id, text, author_name, origin, entered_by, created_at, dots, theme_id) \
         SELECT $1, $2, $3, '', 'merged', $4, $5, $6, (SELECT theme_id FROM ideas WHERE id = $7) RETURNING id",
    )
    .bind(workshop_id)
    .bind(question)
    .bind(&d.text)
    .bind(user_id)
    .bind(now())
    .bind(dots.unwrap_or(0))
    .bind(d.idea_ids[0])
    .fetch_one(&mut *tx)
    .await?;
    // The same conditions again: on PostgreSQL a split or a decision may have been committed
    // since they were read, and then nothing is merged.
    let mut sql = db::SqlBuilder::new("UPDATE ideas SET merged_into = ");
    let into = sql.bind(db::Value::Int(id));
    sql.push(&into);
    let list = sql.bind_ids(&d.idea_ids);
    sql.push(&format!(
        " WHERE id IN ({list}) AND {}",
        still_open("ideas")
    ));
    let merged = sql.query().execute(&mut *tx).await?;
    if merged.rows_affected() != d.idea_ids.len() as u64 {
        return Ok(None);
    }
    index(&mut tx, id, &d.text).await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// Splits an idea into parts under its question and theme, each carrying its author (who may
/// erase and export it as theirs) and its dots, and naming it. `None` when it was split or merged already, or adopted or declined.
pub async fn split(
    db: &Db,
    idea_id: i64,
    d: &SplitDraft,
    user_id: i64,
) -> AppResult<Option<Vec<i64>>> {
    let t = now();
    let mut tx = db.begin().await?;
    let done = db::query(format!(
        "UPDATE ideas SET split_at = $1 WHERE id = $2 AND {}",
        still_open("ideas")
    ))
    .bind(t)
    .bind(idea_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(None);
    }
    let mut parts = Vec::with_capacity(d.parts.len());
    for text in &d.parts {
        let id: i64 = db::query_scalar(
            "INSERT INTO ideas (workshop_id, question_id, text, author_name, participant_id, origin, \
             entered_by, created_at, dots, theme_id, split_from) SELECT workshop_id, question_id, $1, \
             author_name, participant_id, 'split', $2, $3, dots, theme_id, id FROM ideas WHERE id = $4 \
             RETURNING id",
        )
        .bind(text)
        .bind(user_id)
        .bind(t)
        .bind(idea_id)
        .fetch_one(&mut *tx)
        .await?;
        // Who gave the idea a dot gave its parts one: they cannot dot a part again.
        db::query(
            "INSERT INTO idea_dots (idea_id, participant_id, given_at) \
             SELECT $1, participant_id, given_at FROM idea_dots WHERE idea_id = $2",
        )
        .bind(id)
        .bind(idea_id)
        .execute(&mut *tx)
        .await?;
        index(&mut tx, id, text).await?;
        parts.push(id);
    }
    tx.commit().await?;
    Ok(Some(parts))
}

/// The ideas a participant gave a dot.
pub async fn dotted_by(db: &Db, participant_id: i64) -> AppResult<Vec<i64>> {
    Ok(
        db::query_scalar("SELECT idea_id FROM idea_dots WHERE participant_id = $1")
            .bind(participant_id)
            .fetch_all(db.pool())
            .await?,
    )
}
