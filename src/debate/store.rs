//! Debate threads as stored: the thread with its subject, its posts in order, and its outcome,
//! set once; a reply goes in only while the thread is open, by the insert's own condition.

use super::model::*;
use crate::following::model::Target;
use crate::moderation::model::{ContentKind, visible};
use crate::moderation::store::{HIDDEN_COLUMNS, Hidden, hidden_in_row};
use crate::platform::db::{self, Db, Row, SqlBuilder, Value, one, rows_to};
use crate::platform::error::AppResult;
use crate::platform::search::{self, SearchIndex};
use crate::platform::time::now;
use jiff::civil::Date;

/// How a thread ended.
#[derive(Clone, Debug)]
pub struct Outcome {
    pub outcome: String,
    pub concluded_by: String,
    pub review_on: Option<Date>,
    pub closed_at: i64,
}

#[derive(Clone, Debug)]
pub struct Thread {
    pub id: i64,
    pub subject: Target,
    /// A neighbourhood as typed, or the initiative's title.
    pub subject_label: String,
    pub title: String,
    pub body: String,
    pub started_by: i64,
    pub started_by_name: String,
    pub created_at: i64,
    pub posts: i64,
    pub outcome: Option<Outcome>,
}

#[derive(Clone, Debug)]
pub struct Post {
    pub id: i64,
    pub body: String,
    pub quote_of: Option<i64>,
    pub written_by: i64,
    pub author_name: String,
    pub written_at: i64,
    /// Hidden by a moderator: shown only to its author and the moderators.
    pub hidden: Option<Hidden>,
}

const THREAD_COLUMNS: &str = "t.id, t.subject_kind, t.subject_key, t.title, t.body, t.started_by, \
    t.created_at, t.last_post_at, t.posts, t.outcome, t.concluded_by, t.review_on, t.closed_at, \
    COALESCE(i.title, t.subject_label) AS subject_label, a.name AS started_by_name \
    FROM debate_threads t LEFT JOIN initiatives i ON i.id = t.initiative_id \
    JOIN users u ON u.id = t.started_by JOIN actors a ON a.id = u.person_id";

fn thread_row(r: &Row) -> Result<Thread, db::Error> {
    let kind: String = r.try_get("subject_kind")?;
    let key: String = r.try_get("subject_key")?;
    let subject = Target::parse(&kind, &key)
        .ok_or_else(|| db::Error::Decode(format!("debate subject {kind:?} {key:?}")))?;
    let closed_at: Option<i64> = r.try_get("closed_at")?;
    let review_on: Option<String> = r.try_get("review_on")?;
    let outcome = match closed_at {
        Some(closed_at) => Some(Outcome {
            outcome: r
                .try_get::<Option<String>, _>("outcome")?
                .unwrap_or_default(),
            concluded_by: r
                .try_get::<Option<String>, _>("concluded_by")?
                .unwrap_or_default(),
            review_on: review_on.and_then(|d| d.parse().ok()),
            closed_at,
        }),
        None => None,
    };
    Ok(Thread {
        id: r.try_get("id")?,
        subject,
        subject_label: r.try_get("subject_label")?,
        title: r.try_get("title")?,
        body: r.try_get("body")?,
        started_by: r.try_get("started_by")?,
        started_by_name: r.try_get("started_by_name")?,
        created_at: r.try_get("created_at")?,
        posts: r.try_get("posts")?,
        outcome,
    })
}

/// Starts a thread; `label` is how its subject reads.
pub async fn create(db: &Db, d: &ThreadDraft, label: &str, user_id: i64) -> AppResult<i64> {
    let t = now();
    let initiative = match d.subject {
        Target::Initiative(id) => Some(id),
        _ => None,
    };
    let mut tx = db.begin().await?;
    let id = db::query_scalar(
        "INSERT INTO debate_threads (subject_kind, subject_key, subject_label, initiative_id, title, body, \
         started_by, created_at, last_post_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(d.subject.kind().code())
    .bind(d.subject.key())
    .bind(label)
    .bind(initiative)
    .bind(&d.title)
    .bind(&d.body)
    .bind(user_id)
    .bind(t)
    .fetch_one(&mut *tx)
    .await?;
    index(&mut tx, id).await?;
    tx.commit().await?;
    Ok(id)
}

/// Puts a thread's words in the search index: its title, its opening post and its outcome.
async fn index(tx: &mut db::Tx, id: i64) -> Result<(), db::Error> {
    let r = db::query("SELECT title, body, outcome FROM debate_threads WHERE id = $1")
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
    let (title, body): (String, String) = (r.try_get("title")?, r.try_get("body")?);
    let outcome: String = r
        .try_get::<Option<String>, _>("outcome")?
        .unwrap_or_default();
    search::index_document(
        tx,
        SearchIndex::Threads,
        id,
        &[
            (&title, search::WEIGHT_TITLE),
            (&outcome, search::WEIGHT_SUMMARY),
            (&body, search::WEIGHT_BODY),
        ],
    )
    .await
}

/// Indexes the threads that have no words in the index: those written before it existed.
/// Safe to repeat, so it runs at every start.
pub async fn index_missing(db: &Db) -> Result<(), db::Error> {
    let ids: Vec<i64> = db::query_scalar(
        "SELECT id FROM debate_threads WHERE NOT EXISTS \
         (SELECT 1 FROM thread_terms t WHERE t.doc_id = debate_threads.id)",
    )
    .fetch_all(db.pool())
    .await?;
    let mut tx = db.begin().await?;
    for id in ids {
        index(&mut tx, id).await?;
    }
    tx.commit().await
}

pub async fn get(db: &Db, id: i64) -> AppResult<Thread> {
    one(
        db,
        format!("SELECT {THREAD_COLUMNS} WHERE t.id = $1"),
        id,
        thread_row,
    )
    .await
}

/// Threads, those a moderator hid left out: about one subject when given, matching a Danish
/// search when `query` has words (the best matches first), else the latest active first.
pub async fn list(db: &Db, about: Option<&Target>, query: &str) -> AppResult<Vec<Thread>> {
    let terms = search::query_terms(query);
    if terms.is_empty() && !query.trim().is_empty() {
        // Only stop words or punctuation: nothing can match.
        return Ok(Vec::new());
    }
    let mut sql = SqlBuilder::new(&format!("SELECT {THREAD_COLUMNS} "));
    if !terms.is_empty() {
        search::join_ranking(&mut sql, SearchIndex::Threads, &terms, "t.id", None);
    }
    sql.push(&format!("WHERE {}", visible(ContentKind::Thread, "t")));
    if let Some(subject) = about {
        let kind = sql.bind(Value::Text(subject.kind().code().into()));
        let key = sql.bind(Value::Text(subject.key()));
        sql.push(&format!(
            " AND t.subject_kind = {kind} AND t.subject_key = {key}"
        ));
    }
    sql.push(if terms.is_empty() {
        " ORDER BY t.last_post_at DESC, t.id DESC"
    } else {
        " ORDER BY r.matched DESC, r.score DESC, t.id DESC"
    });
    sql.limit(100, 0);
    let rows = sql.query().fetch_all(db.pool()).await?;
    rows_to(&rows, thread_row)
}

/// A thread's replies in order, those a moderator hid among them.
pub async fn posts(db: &Db, thread_id: i64) -> AppResult<Vec<Post>> {
    db::all(
        db,
        format!(
            "SELECT p.id, p.body, p.quote_of, p.written_by, p.written_at, a.name AS author_name, \
             {HIDDEN_COLUMNS} FROM debate_posts p \
             JOIN users u ON u.id = p.written_by JOIN actors a ON a.id = u.person_id \
             LEFT JOIN hidden_content h ON h.kind = 'post' AND h.target_id = p.id \
             WHERE p.thread_id = $1 ORDER BY p.id"
        ),
        thread_id,
        |r| {
            Ok(Post {
                id: r.try_get("id")?,
                body: r.try_get("body")?,
                quote_of: r.try_get("quote_of")?,
                written_by: r.try_get("written_by")?,
                author_name: r.try_get("author_name")?,
                written_at: r.try_get("written_at")?,
                hidden: hidden_in_row(r)?,
            })
        },
    )
    .await
}

/// The thread a post is in.
pub async fn thread_of_post(db: &Db, post_id: i64) -> AppResult<i64> {
    db::query_scalar("SELECT thread_id FROM debate_posts WHERE id = $1")
        .bind(post_id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(crate::platform::error::AppError::NotFound)
}

/// Whether a post belongs to the thread (what a reply may quote).
pub async fn post_in(db: &Db, thread_id: i64, post_id: i64) -> AppResult<bool> {
    let found: Option<i64> =
        db::query_scalar("SELECT id FROM debate_posts WHERE id = $1 AND thread_id = $2")
            .bind(post_id)
            .bind(thread_id)
            .fetch_optional(db.pool())
            .await?;
    Ok(found.is_some())
}

/// Adds a reply while the thread is open; `None` once it is concluded.
pub async fn add_post(
    db: &Db,
    thread_id: i64,
    d: &PostDraft,
    user_id: i64,
) -> AppResult<Option<i64>> {
    let t = now();
    let mut tx = db.begin().await?;
    let opened = db::query(
        "UPDATE debate_threads SET posts = posts + 1, last_post_at = $1 WHERE id = $2 AND closed_at IS NULL",
    )
    .bind(t)
    .bind(thread_id)
    .execute(&mut *tx)
    .await?;
    if opened.rows_affected() != 1 {
        return Ok(None);
    }
    let id = db::query_scalar(
        "INSERT INTO debate_posts (thread_id, body, quote_of, written_by, written_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(thread_id)
    .bind(&d.body)
    .bind(d.quote_of)
    .bind(user_id)
    .bind(t)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// Records the outcome, once: `false` when the thread was concluded already.
pub async fn conclude(db: &Db, thread_id: i64, o: &OutcomeDraft, user_id: i64) -> AppResult<bool> {
    let mut tx = db.begin().await?;
    let done = db::query(
        "UPDATE debate_threads SET outcome = $1, concluded_by = $2, review_on = $3, closed_by = $4, \
         closed_at = $5 WHERE id = $6 AND closed_at IS NULL",
    )
    .bind(&o.outcome)
    .bind(&o.concluded_by)
    .bind(o.review_on.map(|d| d.to_string()))
    .bind(user_id)
    .bind(now())
    .bind(thread_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    index(&mut tx, thread_id).await?;
    tx.commit().await?;
    Ok(true)
}

/// Whether a subject names something that exists (an initiative by its number).
pub async fn subject_exists(db: &Db, subject: &Target) -> AppResult<bool> {
    match subject {
        Target::Initiative(id) => crate::initiatives::store::exists(db, *id).await,
        _ => Ok(true),
    }
}
