//! Ideas as stored: their origin and author, themes, dots (never more than a participant's
//! number), merges that keep the merged ideas, fates set once per state they were decided from,
//! and who hears of an idea.

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
        "JOIN workshops w ON w.id = ideas.workshop_id WHERE ideas.merged_into IS NULL \
         AND ideas.split_at IS NULL AND {} \
         ORDER BY r.matched DESC, r.score DESC, ideas.id DESC",
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
    let done = db::query(
        "UPDATE ideas SET fate = $1, adopted_as = $2, adopted_id = $3, parked_until = $4, \
         fate_reason = $5, fate_responsible = $6, fate_set_by = $7, fate_set_at = $8 \
         WHERE id = $9 AND COALESCE(fate, '') = $10 AND merged_into IS NULL AND split_at IS NULL",
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

/// Someone who hears of an idea: who wrote it (or an idea merged into it) on their phone, or
/// gave it a dot; by their account, or the address they gave without one (with the secret of
/// the link that forgets it). A post-it's author is known by name only.
#[derive(Clone, Debug)]
pub struct Interested {
    pub participant_id: i64,
    /// The idea they hear of (the one merged ideas became).
    pub idea_id: i64,
    pub user_id: Option<i64>,
    pub email: Option<(String, String)>,
}

fn interested_row(r: &Row) -> Result<Interested, db::Error> {
    let email: Option<String> = r.try_get("email")?;
    let token: Option<String> = r.try_get("forget_token")?;
    Ok(Interested {
        participant_id: r.try_get("participant_id")?,
        idea_id: r.try_get("root")?,
        user_id: r.try_get("user_id")?,
        email: email.zip(token),
    })
}

/// The ideas `roots` selects (by `id, root`) with the ideas they came from at any depth: those
/// merged into them, and the one they were split from; each with the root it came to.
fn family(roots: &str) -> String {
    format!(
        "WITH RECURSIVE family (id, root) AS ({roots} \
         UNION ALL SELECT i.id, f.root FROM family f JOIN ideas c ON c.id = f.id \
         JOIN ideas i ON i.merged_into = c.id OR i.id = c.split_from) "
    )
}

/// The participants interested in the ideas `roots` selects, and in the ideas they came from.
fn interested_sql(roots: &str) -> String {
    format!(
        "{}SELECT DISTINCT p.id AS participant_id, f.root, p.user_id, p.email, p.forget_token \
         FROM family f JOIN ideas i ON i.id = f.id JOIN workshop_participants p \
         ON p.id = i.participant_id OR p.id IN (SELECT d.participant_id FROM idea_dots d WHERE d.idea_id = f.id) \
         ORDER BY p.id",
        family(roots)
    )
}

const ONE_IDEA: &str = "SELECT id, id FROM ideas WHERE id = $1";
const ADOPTED_AS_INITIATIVE: &str =
    "SELECT id, id FROM ideas WHERE adopted_as = 'initiative' AND adopted_id = $1";

/// Who hears of an idea's fate.
pub async fn interested_in(db: &Db, idea_id: i64) -> AppResult<Vec<Interested>> {
    db::all(db, interested_sql(ONE_IDEA), idea_id, interested_row).await
}

/// Who hears of each step of the initiative ideas became.
pub async fn interested_in_initiative(db: &Db, initiative_id: i64) -> AppResult<Vec<Interested>> {
    db::all(
        db,
        interested_sql(ADOPTED_AS_INITIATIVE),
        initiative_id,
        interested_row,
    )
    .await
}

/// The idea and those it came from, whose followers hear of it.
pub async fn lineage(db: &Db, idea_id: i64) -> AppResult<Vec<i64>> {
    lineage_of(db, ONE_IDEA, idea_id).await
}

/// The ideas an initiative took up and those they came from.
pub async fn lineage_of_initiative(db: &Db, initiative_id: i64) -> AppResult<Vec<i64>> {
    lineage_of(db, ADOPTED_AS_INITIATIVE, initiative_id).await
}

async fn lineage_of(db: &Db, roots: &str, id: i64) -> AppResult<Vec<i64>> {
    Ok(db::query_scalar(format!(
        "{}SELECT DISTINCT id FROM family ORDER BY id",
        family(roots)
    ))
    .bind(id)
    .fetch_all(db.pool())
    .await?)
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
    let added = db::query(
        "UPDATE ideas SET dots = dots + 1 WHERE id = $1 AND workshop_id = $2 AND merged_into IS NULL \
         AND split_at IS NULL",
    )
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
    sql.push(&format!(
        " AND id IN ({list}) AND merged_into IS NULL AND split_at IS NULL \
         AND (fate IS NULL OR fate = 'parked')"
    ));
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
        " WHERE id IN ({list}) AND merged_into IS NULL AND split_at IS NULL \
         AND (fate IS NULL OR fate = 'parked')"
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
    let done = db::query(
        "UPDATE ideas SET split_at = $1 WHERE id = $2 AND split_at IS NULL AND merged_into IS NULL \
         AND (fate IS NULL OR fate = 'parked')",
    )
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

/// An idea that should have had its fate by now, with its workshop.
#[derive(Clone, Debug, PartialEq)]
pub struct OverdueIdea {
    pub id: i64,
    pub text: String,
    pub fate: Option<Fate>,
    pub workshop_id: i64,
    pub workshop_title: String,
    pub workshop_ends_at: i64,
}

/// How many ideas are overdue for a fate ([`overdue`]: none by the time their workshop set, or
/// a parking that ran out) in the workshops `hosts` host (all workshops for `None`), and the
/// `limit` of the oldest workshops.
pub async fn overdue_ideas(
    db: &Db,
    hosts: Option<&[i64]>,
    limit: i64,
) -> AppResult<(i64, Vec<OverdueIdea>)> {
    let select = |start: &str| {
        let mut sql = db::SqlBuilder::new(start);
        let t = sql.bind(db::Value::Int(now()));
        let day = sql.bind(db::Value::Text(crate::platform::time::today().to_string()));
        sql.push(&format!(
            " FROM ideas i JOIN workshops w ON w.id = i.workshop_id \
             WHERE i.merged_into IS NULL AND i.split_at IS NULL AND {} \
             AND ((i.fate IS NULL AND w.ends_at + CAST(w.fate_within_days AS BIGINT) * 86400 < {t}) \
             OR (i.fate = 'parked' AND i.parked_until <= {day}))",
            visible(ContentKind::Idea, "i")
        ));
        if let Some(hosts) = hosts {
            let ids = sql.bind_ids(hosts);
            sql.push(&format!(
                " AND i.workshop_id IN (SELECT workshop_id FROM workshop_hosts WHERE actor_id IN ({ids}))"
            ));
        }
        sql
    };
    let count = select("SELECT COUNT(*) AS n");
    let mut oldest = select(
        "SELECT i.id, i.text, i.fate, w.id AS workshop_id, w.title AS workshop_title, w.ends_at",
    );
    oldest.push(" ORDER BY w.ends_at, i.id");
    oldest.limit(limit, 0);
    let (count, oldest) = (count.query(), oldest.query());
    let (total, rows) = tokio::try_join!(count.fetch_one(db.pool()), oldest.fetch_all(db.pool()))?;
    let ideas = rows_to(&rows, |r| {
        Ok(OverdueIdea {
            id: r.try_get("id")?,
            text: r.try_get("text")?,
            fate: decode_optional(r, "fate", Fate::parse)?,
            workshop_id: r.try_get("workshop_id")?,
            workshop_title: r.try_get("workshop_title")?,
            workshop_ends_at: r.try_get("ends_at")?,
        })
    })?;
    Ok((total.try_get("n")?, ideas))
}

/// A parked idea whose day has come, and who is reminded of it.
#[derive(Clone, Debug)]
pub struct ParkedDue {
    pub id: i64,
    pub text: String,
    pub workshop_title: String,
    pub parked_until: String,
    /// Whoever parked it and whoever planned its workshop.
    pub users: Vec<i64>,
}

/// Parked ideas whose day has come (`today` or before) and that nobody was reminded of for
/// this parking.
pub async fn parked_due(db: &Db, today: Date) -> AppResult<Vec<ParkedDue>> {
    let rows = db::query(format!(
        "SELECT i.id, i.text, i.parked_until, i.fate_set_by, w.title, w.created_by FROM ideas i \
         JOIN workshops w ON w.id = i.workshop_id WHERE i.fate = 'parked' AND i.parked_until <= $1 \
         AND (i.parked_reminded_for IS NULL OR i.parked_reminded_for <> i.parked_until) \
         AND i.merged_into IS NULL AND i.split_at IS NULL AND {} ORDER BY i.id",
        visible(ContentKind::Idea, "i")
    ))
    .bind(today.to_string())
    .fetch_all(db.pool())
    .await?;
    rows_to(&rows, |r| {
        let mut users: Vec<i64> = vec![r.try_get("created_by")?];
        if let Some(parker) = r.try_get::<Option<i64>, _>("fate_set_by")?
            && !users.contains(&parker)
        {
            users.push(parker);
        }
        Ok(ParkedDue {
            id: r.try_get("id")?,
            text: r.try_get("text")?,
            workshop_title: r.try_get("title")?,
            parked_until: r.try_get("parked_until")?,
            users,
        })
    })
}

/// Claims the reminder of one parking: `false` when another node sent it, or the idea was
/// decided or parked anew meanwhile.
pub async fn claim_parked_reminder(db: &Db, id: i64, parked_until: &str) -> AppResult<bool> {
    let done = db::query(
        "UPDATE ideas SET parked_reminded_for = parked_until WHERE id = $1 AND fate = 'parked' \
         AND parked_until = $2 AND (parked_reminded_for IS NULL OR parked_reminded_for <> parked_until)",
    )
    .bind(id)
    .bind(parked_until)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
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

/// The ideas a participant gave a dot.
pub async fn dotted_by(db: &Db, participant_id: i64) -> AppResult<Vec<i64>> {
    Ok(
        db::query_scalar("SELECT idea_id FROM idea_dots WHERE participant_id = $1")
            .bind(participant_id)
            .fetch_all(db.pool())
            .await?,
    )
}
