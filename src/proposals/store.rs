//! Storage of proposals: made, answered once, and read per initiative or per addressee.

use super::model::*;
use crate::actors::model::ActorKind;
use crate::initiatives::model::{ParticipantRole, Status};
use crate::platform::db::{self, Db, Row, all, all_for, decode, one};
use crate::platform::error::{AppError, AppResult};
use crate::platform::time::now;

#[derive(Clone, Debug)]
pub struct Proposal {
    pub id: i64,
    pub initiative_id: i64,
    pub initiative_title: String,
    pub draft: ProposalDraft,
    pub from_name: String,
    pub from_kind: ActorKind,
    pub to_name: String,
    pub to_kind: ActorKind,
    /// The addressee's department, when it is a municipal unit: its leader answers for it too.
    pub to_department_id: Option<i64>,
    pub state: ProposalState,
    pub reason: String,
    pub created_by: i64,
    pub created_at: i64,
    pub answered_at: Option<i64>,
}

const SELECT: &str = "SELECT p.*, i.title AS initiative_title, f.name AS from_name, f.kind AS from_kind, \
     t.name AS to_name, t.kind AS to_kind, t.department_id AS to_department_id FROM proposals p JOIN initiatives i ON i.id = p.initiative_id \
     JOIN actors f ON f.id = p.from_actor_id JOIN actors t ON t.id = p.to_actor_id";

fn optional<T>(
    row: &Row,
    column: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, db::Error> {
    let code: Option<String> = row.try_get(column)?;
    code.map(|c| parse(&c).ok_or_else(|| db::Error::Decode(format!("unknown {column} code {c:?}"))))
        .transpose()
}

fn proposal(row: &Row) -> Result<Proposal, db::Error> {
    Ok(Proposal {
        id: row.try_get("id")?,
        initiative_id: row.try_get("initiative_id")?,
        initiative_title: row.try_get("initiative_title")?,
        draft: ProposalDraft {
            kind: decode(row, "kind", ProposalKind::parse)?,
            from_actor_id: row.try_get("from_actor_id")?,
            to_actor_id: row.try_get("to_actor_id")?,
            role: optional(row, "role", ParticipantRole::parse)?,
            ask: optional(row, "ask", Ask::parse)?,
            what: row.try_get("what")?,
            amount: row.try_get("amount")?,
            status_to: optional(row, "status_to", Status::parse)?,
            message: row.try_get("message")?,
        },
        from_name: row.try_get("from_name")?,
        from_kind: decode(row, "from_kind", ActorKind::parse)?,
        to_name: row.try_get("to_name")?,
        to_kind: decode(row, "to_kind", ActorKind::parse)?,
        to_department_id: row.try_get("to_department_id")?,
        state: decode(row, "state", ProposalState::parse)?,
        reason: row.try_get("reason")?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        answered_at: row.try_get("answered_at")?,
    })
}

/// Keeps a new proposal; the same one already waiting is refused by the unique index.
pub async fn create(
    db: &Db,
    initiative_id: i64,
    d: &ProposalDraft,
    user_id: i64,
) -> AppResult<i64> {
    db::query_scalar(
        "INSERT INTO proposals (initiative_id, kind, from_actor_id, to_actor_id, role, ask, what, amount, \
         status_to, message, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(initiative_id)
    .bind(d.kind.code())
    .bind(d.from_actor_id)
    .bind(d.to_actor_id)
    .bind(d.role.map(|r| r.code()))
    .bind(d.ask.map(|a| a.code()))
    .bind(d.what.as_str())
    .bind(d.amount)
    .bind(d.status_to.map(|s| s.code()))
    .bind(d.message.as_str())
    .bind(user_id)
    .bind(now())
    .fetch_one(db.pool())
    .await
    .map_err(|e| match e {
        e if e.is_unique_violation() => ProposalRefusal::AlreadyOpen.into(),
        e => AppError::from(e),
    })
}

pub async fn get(db: &Db, id: i64) -> AppResult<Proposal> {
    one(db, format!("{SELECT} WHERE p.id = $1"), id, proposal).await
}

/// An initiative's proposals, the newest first.
pub async fn of_initiative(db: &Db, initiative_id: i64) -> AppResult<Vec<Proposal>> {
    let sql = format!("{SELECT} WHERE p.initiative_id = $1 ORDER BY p.created_at DESC, p.id DESC");
    all(db, sql, initiative_id, proposal).await
}

/// Proposals waiting for an answer from one of `actor_ids`, or made by them, the newest first.
pub async fn waiting_with(db: &Db, actor_ids: &[i64]) -> AppResult<Vec<Proposal>> {
    let sql = format!(
        "{SELECT} WHERE p.state = 'open' AND (p.to_actor_id IN ({{ids}}) OR p.from_actor_id IN ({{ids}})) \
         ORDER BY p.created_at DESC, p.id DESC LIMIT 100"
    );
    all_for(db, &sql, actor_ids, proposal).await
}

/// Moves an open proposal to `to`, once: false when it was answered or withdrawn meanwhile.
pub async fn settle(
    db: &Db,
    id: i64,
    to: ProposalState,
    user_id: i64,
    reason: &str,
) -> AppResult<bool> {
    let done = db::query(
        "UPDATE proposals SET state = $1, answered_by = $2, answered_at = $3, reason = $4 \
         WHERE id = $5 AND state = 'open'",
    )
    .bind(to.code())
    .bind(user_id)
    .bind(now())
    .bind(reason)
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Opens a proposal again whose acceptance could not be carried out, so it can be answered anew.
pub async fn reopen(db: &Db, id: i64) -> AppResult<()> {
    db::query(
        "UPDATE proposals SET state = 'open', answered_by = NULL, answered_at = NULL, reason = '' WHERE id = $1",
    )
    .bind(id)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Withdraws the initiative's other open proposals of a kind (an anchoring elsewhere, once one
/// is accepted).
pub async fn withdraw_others(
    db: &Db,
    initiative_id: i64,
    kind: ProposalKind,
    except: i64,
) -> AppResult<()> {
    db::query(
        "UPDATE proposals SET state = 'withdrawn', answered_at = $1 \
         WHERE initiative_id = $2 AND kind = $3 AND state = 'open' AND id <> $4",
    )
    .bind(now())
    .bind(initiative_id)
    .bind(kind.code())
    .bind(except)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Municipal units and organisations an initiative can invite, by kind and name (the first 500).
pub async fn invitable(db: &Db) -> AppResult<Vec<(i64, String, ActorKind)>> {
    let rows = db::query(
        "SELECT id, name, kind FROM actors WHERE kind <> 'person' ORDER BY kind DESC, sort_name, id LIMIT 500",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok((
                r.try_get("id")?,
                r.try_get("name")?,
                decode(r, "kind", ActorKind::parse)?,
            ))
        })
        .collect::<Result<_, db::Error>>()
        .map_err(AppError::from)
}
