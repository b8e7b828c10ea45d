//! Storage of reports and of hidden content: a report kept, the queue of what waits for a
//! moderator, hiding and restoring (one row per hidden item, so the content itself is never
//! changed), and the author's one request for a review.

use super::model::{ContentKind, ReportDraft};
use crate::platform::db::{self, Db, Row, Tx, decode};
use crate::platform::error::AppResult;
use crate::platform::time::now;

/// Reported or hidden content, as the moderators and the rules need it.
#[derive(Clone, Debug)]
pub struct Content {
    pub kind: ContentKind,
    pub id: i64,
    pub title: String,
    /// The actor it speaks for (those acting for it are its authors).
    pub actor_id: i64,
    /// That actor's department, when it is a municipal unit (whose leader answers for it).
    pub department_id: Option<i64>,
    pub created_by: i64,
}

fn content(kind: ContentKind) -> impl Fn(&Row) -> Result<Content, db::Error> {
    move |r| {
        Ok(Content {
            kind,
            id: r.try_get("id")?,
            title: r.try_get("title")?,
            actor_id: r.try_get("actor_id")?,
            department_id: r.try_get("department_id")?,
            created_by: r.try_get("created_by")?,
        })
    }
}

/// The content of `kind` with these ids, in one statement.
pub async fn contents(db: &Db, kind: ContentKind, ids: &[i64]) -> AppResult<Vec<Content>> {
    let read = content(kind);
    let rows = match ids.is_empty() {
        true => Vec::new(),
        false => {
            let mut sql = db::SqlBuilder::default();
            let list = sql.bind_ids(ids);
            let inner = kind.content_sql().replace("{ids}", &list);
            sql.push(&format!(
                "SELECT c.id, c.title, c.actor_id, c.created_by, a.department_id \
                 FROM ({inner}) c JOIN actors a ON a.id = c.actor_id"
            ));
            sql.query().fetch_all(db.pool()).await?
        }
    };
    Ok(rows.iter().map(read).collect::<Result<_, _>>()?)
}

pub async fn content_of(db: &Db, kind: ContentKind, id: i64) -> AppResult<Option<Content>> {
    Ok(contents(db, kind, &[id]).await?.into_iter().next())
}

pub async fn report(
    db: &Db,
    kind: ContentKind,
    id: i64,
    r: &ReportDraft,
    by: Option<i64>,
) -> AppResult<()> {
    db::query(
        "INSERT INTO content_reports (kind, target_id, reason, details, reported_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(kind.code())
    .bind(id)
    .bind(r.reason.map(|r| r.code()).unwrap_or_default())
    .bind(&r.details)
    .bind(by)
    .bind(now())
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Content hidden by a moderator.
#[derive(Clone, Debug)]
pub struct Hidden {
    pub reason: String,
    pub hidden_at: i64,
    pub review_asked_at: Option<i64>,
    pub review_message: String,
}

/// The columns [`hidden_in_row`] reads, for a statement that joins `hidden_content h` (LEFT
/// JOIN) to the content it lists.
pub const HIDDEN_COLUMNS: &str = "h.reason, h.hidden_at, h.review_asked_at, h.review_message";

/// Whether a listed row's content is hidden, read from [`HIDDEN_COLUMNS`].
pub fn hidden_in_row(r: &Row) -> Result<Option<Hidden>, db::Error> {
    match r.try_get::<Option<i64>, _>("hidden_at")? {
        Some(_) => hidden(r).map(Some),
        None => Ok(None),
    }
}

fn hidden(r: &Row) -> Result<Hidden, db::Error> {
    Ok(Hidden {
        reason: r.try_get("reason")?,
        hidden_at: r.try_get("hidden_at")?,
        review_asked_at: r.try_get("review_asked_at")?,
        review_message: r.try_get("review_message")?,
    })
}

pub async fn hidden_of(db: &Db, kind: ContentKind, id: i64) -> AppResult<Option<Hidden>> {
    let row = db::query(
        "SELECT reason, hidden_at, review_asked_at, review_message FROM hidden_content \
         WHERE kind = $1 AND target_id = $2",
    )
    .bind(kind.code())
    .bind(id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.as_ref().map(hidden).transpose()?)
}

/// Hides the content; false when it was hidden already.
pub async fn hide_in(
    tx: &mut Tx,
    kind: ContentKind,
    id: i64,
    reason: &str,
    by: i64,
) -> AppResult<bool> {
    let done = db::query(
        "INSERT INTO hidden_content (kind, target_id, reason, hidden_by, hidden_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (kind, target_id) DO NOTHING",
    )
    .bind(kind.code())
    .bind(id)
    .bind(reason)
    .bind(by)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Shows the content again; false when it was not hidden.
pub async fn restore_in(tx: &mut Tx, kind: ContentKind, id: i64) -> AppResult<bool> {
    let done = db::query("DELETE FROM hidden_content WHERE kind = $1 AND target_id = $2")
        .bind(kind.code())
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Closes the open reports of the content with an outcome (`hidden` or `kept`).
pub async fn settle_reports_in(
    tx: &mut Tx,
    kind: ContentKind,
    id: i64,
    outcome: &str,
    by: i64,
) -> AppResult<u64> {
    let done = db::query(
        "UPDATE content_reports SET handled_at = $1, handled_by = $2, outcome = $3 \
         WHERE kind = $4 AND target_id = $5 AND handled_at IS NULL",
    )
    .bind(now())
    .bind(by)
    .bind(outcome)
    .bind(kind.code())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected())
}

/// The author's request for a review, once per hiding; false when asked already (or not hidden).
pub async fn ask_review(db: &Db, kind: ContentKind, id: i64, message: &str) -> AppResult<bool> {
    let done = db::query(
        "UPDATE hidden_content SET review_asked_at = $1, review_message = $2 \
         WHERE kind = $3 AND target_id = $4 AND review_asked_at IS NULL",
    )
    .bind(now())
    .bind(message)
    .bind(kind.code())
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Something waiting for a moderator: reported content with its open reports, or hidden
/// content whose author asked for a review.
#[derive(Clone, Debug)]
pub struct Waiting {
    pub kind: ContentKind,
    pub target_id: i64,
    pub reports: i64,
    /// The reasons given, by code, with the reporters' words.
    pub reasons: Vec<(String, String)>,
    pub hidden: Option<Hidden>,
}

/// The queue: reported content with open reports, and hidden content whose author asked for
/// a review, oldest first.
pub async fn queue(db: &Db) -> AppResult<Vec<Waiting>> {
    let rows = db::query(
        "SELECT r.kind, r.target_id, r.reason, r.details, h.reason AS hidden_reason, h.hidden_at, \
         h.review_asked_at, h.review_message FROM content_reports r \
         LEFT JOIN hidden_content h ON h.kind = r.kind AND h.target_id = r.target_id \
         WHERE r.handled_at IS NULL \
         UNION ALL \
         SELECT h.kind, h.target_id, NULL, NULL, h.reason, h.hidden_at, h.review_asked_at, \
         h.review_message FROM hidden_content h \
         WHERE h.review_asked_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM content_reports r \
         WHERE r.kind = h.kind AND r.target_id = h.target_id AND r.handled_at IS NULL) \
         ORDER BY 1, 2 LIMIT 500",
    )
    .fetch_all(db.pool())
    .await?;
    let mut out: Vec<Waiting> = Vec::new();
    for r in &rows {
        let kind = decode(r, "kind", ContentKind::parse)?;
        let target_id: i64 = r.try_get("target_id")?;
        let reason: Option<String> = r.try_get("reason")?;
        let details: Option<String> = r.try_get("details")?;
        let hidden_reason: Option<String> = r.try_get("hidden_reason")?;
        let hidden = match hidden_reason {
            Some(reason) => Some(Hidden {
                reason,
                hidden_at: r.try_get("hidden_at")?,
                review_asked_at: r.try_get("review_asked_at")?,
                review_message: r.try_get("review_message")?,
            }),
            None => None,
        };
        let same = out
            .last_mut()
            .filter(|w| w.kind == kind && w.target_id == target_id);
        let waiting = match same {
            Some(w) => w,
            None => {
                out.push(Waiting {
                    kind,
                    target_id,
                    reports: 0,
                    reasons: Vec::new(),
                    hidden,
                });
                out.last_mut().expect("just pushed")
            }
        };
        if let Some(reason) = reason {
            waiting.reports += 1;
            waiting.reasons.push((reason, details.unwrap_or_default()));
        }
    }
    Ok(out)
}
