//! Storage of proposals: made, answered once, and read per initiative or per addressee.

use super::model::*;
use crate::actors::model::ActorKind;
use crate::initiatives::model::{ParticipantRole, Status};
use crate::platform::db::{self, Db, Row, Tx, all, all_for, decode, decode_optional, one};
use crate::platform::error::{AppError, AppResult};
use crate::platform::time::now;

#[derive(Clone, Debug)]
pub struct Proposal {
    pub id: i64,
    pub initiative_id: i64,
    pub initiative_title: String,
    /// Its terms; `draft.actor_id` is the other actor, the one besides the owner.
    pub draft: ProposalDraft,
    pub from_actor_id: i64,
    pub to_actor_id: i64,
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

fn proposal(row: &Row) -> Result<Proposal, db::Error> {
    let kind = decode(row, "kind", ProposalKind::parse)?;
    let from_actor_id: i64 = row.try_get("from_actor_id")?;
    let to_actor_id: i64 = row.try_get("to_actor_id")?;
    Ok(Proposal {
        id: row.try_get("id")?,
        initiative_id: row.try_get("initiative_id")?,
        initiative_title: row.try_get("initiative_title")?,
        from_actor_id,
        to_actor_id,
        draft: ProposalDraft {
            kind,
            actor_id: if kind.from_the_initiative() {
                to_actor_id
            } else {
                from_actor_id
            },
            role: decode_optional(row, "role", ParticipantRole::parse)?,
            ask: decode_optional(row, "ask", Ask::parse)?,
            what: row.try_get("what")?,
            amount: row.try_get("amount")?,
            status_to: decode_optional(row, "status_to", Status::parse)?,
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

impl Proposal {
    /// The side that answers for the initiative, or proposes in its name: its owner then.
    pub fn owner_side(&self) -> i64 {
        if self.draft.kind.from_the_initiative() {
            self.from_actor_id
        } else {
            self.to_actor_id
        }
    }
}

/// Keeps a new proposal between the initiative's owner and the draft's actor; `None` when the
/// same one already waits (the unique index decides, however fast it is asked twice).
pub async fn create(
    db: &Db,
    initiative_id: i64,
    owner_id: i64,
    d: &ProposalDraft,
    user_id: i64,
) -> AppResult<Option<i64>> {
    let (from, to) = d.between(owner_id);
    let made = db::query_scalar(
        "INSERT INTO proposals (initiative_id, kind, from_actor_id, to_actor_id, role, ask, what, amount, \
         status_to, message, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
    )
    .bind(initiative_id)
    .bind(d.kind.code())
    .bind(from)
    .bind(to)
    .bind(d.role.map(|r| r.code()))
    .bind(d.ask.map(|a| a.code()))
    .bind(d.what.as_str())
    .bind(d.amount)
    .bind(d.status_to.map(|s| s.code()))
    .bind(d.message.as_str())
    .bind(user_id)
    .bind(now())
    .fetch_one(db.pool())
    .await;
    match made {
        Ok(id) => Ok(Some(id)),
        Err(e) if e.is_unique_violation() => Ok(None),
        Err(e) => Err(e.into()),
    }
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

/// Moves an open proposal to `to`, once, inside a transaction the caller commits (with what an
/// acceptance changes): false when it was answered or withdrawn meanwhile.
pub async fn settle_in(
    tx: &mut Tx,
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
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Withdraws the initiative's open proposals (of one kind, or all): those made to or by its
/// owner when ownership moves, the other anchorings once one is accepted.
pub async fn withdraw_open_in(
    tx: &mut Tx,
    initiative_id: i64,
    kind: Option<ProposalKind>,
) -> AppResult<()> {
    db::query(
        "UPDATE proposals SET state = 'withdrawn', answered_at = $1 \
         WHERE initiative_id = $2 AND state = 'open' AND ($3 = '' OR kind = $3)",
    )
    .bind(now())
    .bind(initiative_id)
    .bind(kind.map_or("", |k| k.code()))
    .execute(&mut **tx)
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
