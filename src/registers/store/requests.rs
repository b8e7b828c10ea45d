//! People's requests to correct or erase their entry, and the board's answers; an erasure the
//! board grants makes the entry anonymous in the same transaction as the answer.

use super::*;
use crate::registers::rights::*;

/// A request, with the name of the person it is from (empty once their entry is erased).
#[derive(Clone, Debug)]
pub struct Request {
    pub id: i64,
    pub association_id: i64,
    pub entry_id: i64,
    pub name: String,
    pub kind: RequestKind,
    pub details: String,
    pub made_at: i64,
    pub due_on: Date,
    pub answered_at: Option<i64>,
    pub outcome: Option<RequestOutcome>,
    pub answer: String,
}

const REQUEST_SELECT: &str = "SELECT r.id, r.association_id, r.entry_id, e.name, r.kind, \
     r.details, r.made_at, r.due_on, r.answered_at, r.outcome, r.answer \
     FROM register_requests r JOIN register_entries e ON e.id = r.entry_id";

fn request_row(r: &Row) -> Result<Request, db::Error> {
    let outcome: Option<String> = r.try_get("outcome")?;
    Ok(Request {
        id: r.try_get("id")?,
        association_id: r.try_get("association_id")?,
        entry_id: r.try_get("entry_id")?,
        name: r.try_get("name")?,
        kind: decode(r, "kind", RequestKind::parse)?,
        details: r.try_get("details")?,
        made_at: r.try_get("made_at")?,
        due_on: day(r, "due_on")?.ok_or_else(|| db::Error::Decode("due_on: empty".into()))?,
        answered_at: r.try_get("answered_at")?,
        outcome: outcome.as_deref().and_then(RequestOutcome::parse),
        answer: r.try_get("answer")?,
    })
}

/// Records a person's request, to be answered by `due_on`.
pub async fn make_request(
    db: &Db,
    e: &Entry,
    draft: &RequestDraft,
    due_on: Date,
) -> AppResult<i64> {
    Ok(db::query_scalar(
        "INSERT INTO register_requests (association_id, entry_id, kind, details, made_at, due_on) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(e.association_id)
    .bind(e.id)
    .bind(draft.kind.map(RequestKind::code))
    .bind(&draft.details)
    .bind(now())
    .bind(due_on.to_string())
    .fetch_one(db.pool())
    .await?)
}

pub async fn request(db: &Db, id: i64) -> AppResult<Request> {
    one(
        db,
        format!("{REQUEST_SELECT} WHERE r.id = $1"),
        id,
        request_row,
    )
    .await
}

/// The requests about these entries, the latest first: one statement however many.
pub async fn requests_about(db: &Db, entry_ids: &[i64]) -> AppResult<Vec<Request>> {
    all_for(
        db,
        &format!(
            "{REQUEST_SELECT} WHERE r.entry_id IN ({{ids}}) ORDER BY r.made_at DESC, r.id DESC"
        ),
        entry_ids,
        request_row,
    )
    .await
}

/// The association's unanswered requests, the nearest deadline first.
pub async fn open_requests(db: &Db, association_id: i64) -> AppResult<Vec<Request>> {
    all(
        db,
        format!(
            "{REQUEST_SELECT} WHERE r.association_id = $1 AND r.answered_at IS NULL \
             ORDER BY r.due_on, r.id"
        ),
        association_id,
        request_row,
    )
    .await
}

/// Answers a request once; an erasure that is done makes the entry anonymous (ended today if it
/// had not ended), which forgets what the person wrote in any request. `false` when it was
/// answered already.
pub async fn answer(
    db: &Db,
    r: &Request,
    draft: &AnswerDraft,
    by_user: i64,
    today: Date,
) -> AppResult<bool> {
    let t = now();
    let mut tx = db.begin().await?;
    let answered = db::query(
        "UPDATE register_requests SET answered_at = $2, outcome = $3, answer = $4, answered_by = $5 \
         WHERE id = $1 AND answered_at IS NULL",
    )
    .bind(r.id)
    .bind(t)
    .bind(draft.outcome.map(RequestOutcome::code))
    .bind(&draft.answer)
    .bind(by_user)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if !answered {
        return Ok(false);
    }
    if r.kind == RequestKind::Erase && draft.outcome == Some(RequestOutcome::Done) {
        db::query("UPDATE register_entries SET ends_on = COALESCE(ends_on, $2) WHERE id = $1")
            .bind(r.entry_id)
            .bind(today.to_string())
            .execute(&mut *tx)
            .await?;
        anonymise_in(&mut tx, r.association_id, r.entry_id, None).await?;
    }
    tx.commit().await?;
    Ok(true)
}

/// An unanswered request whose reminder is due.
pub struct Reminder {
    pub id: i64,
    pub association_id: i64,
    pub association: String,
    pub kind: RequestKind,
    pub due_on: Date,
}

/// The unanswered requests due by `by` whose board was not yet reminded.
pub async fn reminders_due(db: &Db, by: Date) -> AppResult<Vec<Reminder>> {
    let rows = db::query(
        "SELECT r.id, r.association_id, a.name, r.kind, r.due_on FROM register_requests r \
         JOIN actors a ON a.id = r.association_id \
         WHERE r.reminded_at IS NULL AND r.answered_at IS NULL AND r.due_on <= $1 \
         ORDER BY r.due_on, r.id LIMIT 500",
    )
    .bind(by.to_string())
    .fetch_all(db.pool())
    .await?;
    rows_to(&rows, |r| {
        Ok(Reminder {
            id: r.try_get("id")?,
            association_id: r.try_get("association_id")?,
            association: r.try_get("name")?,
            kind: decode(r, "kind", RequestKind::parse)?,
            due_on: day(r, "due_on")?.ok_or_else(|| db::Error::Decode("due_on".into()))?,
        })
    })
}

/// Claims a request's reminder for this node: `true` once, however many nodes sweep.
pub async fn claim_reminder(db: &Db, id: i64) -> AppResult<bool> {
    Ok(db::query(
        "UPDATE register_requests SET reminded_at = $2 WHERE id = $1 AND reminded_at IS NULL",
    )
    .bind(id)
    .bind(now())
    .execute(db.pool())
    .await?
    .rows_affected()
        == 1)
}
