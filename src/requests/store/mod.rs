//! Storage of pools, requests, their messages and decisions.
//!
//! A pool is never overdrawn: a grant is added to the pool's granted sum by one `UPDATE` that
//! only succeeds while the sum stays within the budget, and it runs in the transaction that
//! records the decision, so simultaneous decisions are counted one after another.

use super::model::*;
use crate::accounts::logins::store::verified_column;
use crate::mobilisation::model::Unit;
use crate::platform::db::{
    self, Db, Row, SqlBuilder, Tx, Value, all, all_for, decode, one, rows_to,
};
use std::collections::HashMap;

use crate::platform::error::{AppError, AppResult};
use crate::platform::time::{now, today};
use crate::refusals;
use jiff::civil::Date;

mod documents;
pub use documents::*;

fn date(row: &Row, column: &str) -> Result<Option<Date>, db::Error> {
    let text: Option<String> = row.try_get(column)?;
    Ok(text.and_then(|t| t.parse().ok()))
}

#[derive(Clone, Debug)]
pub struct Pool {
    pub id: i64,
    pub unit_id: i64,
    pub unit_name: String,
    pub draft: PoolDraft,
    pub granted_ore: i64,
    pub status: PoolStatus,
}

impl Pool {
    pub fn remaining_ore(&self) -> i64 {
        self.draft.rules.budget_ore - self.granted_ore
    }
}

const POOL_SELECT: &str =
    "SELECT p.*, a.name AS unit_name FROM pools p JOIN actors a ON a.id = p.unit_id";

fn pool(row: &Row) -> Result<Pool, db::Error> {
    Ok(Pool {
        id: row.try_get("id")?,
        unit_id: row.try_get("unit_id")?,
        unit_name: row.try_get("unit_name")?,
        draft: PoolDraft {
            name: row.try_get("name")?,
            description: row.try_get("description")?,
            criteria: row.try_get("criteria")?,
            rules: PoolRules {
                budget_ore: row.try_get("budget_ore")?,
                max_grant_ore: row.try_get("max_grant_ore")?,
                own_share_pct: row.try_get("own_share_pct")?,
                opens_on: date(row, "opens_on")?,
                deadline: date(row, "deadline")?,
                decision_days: row.try_get("decision_days")?,
            },
        },
        granted_ore: row.try_get("granted_ore")?,
        status: decode(row, "status", PoolStatus::parse)?,
    })
}

pub async fn create_pool(db: &Db, unit_id: i64, d: &PoolDraft, user_id: i64) -> AppResult<i64> {
    let r = &d.rules;
    let t = now();
    let id = db::query_scalar(
        "INSERT INTO pools (unit_id, name, description, criteria, budget_ore, max_grant_ore, own_share_pct, opens_on, deadline, \
         decision_days, status, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'open', $11, $12, $12) RETURNING id",
    )
    .bind(unit_id)
    .bind(&d.name)
    .bind(&d.description)
    .bind(&d.criteria)
    .bind(r.budget_ore)
    .bind(r.max_grant_ore)
    .bind(r.own_share_pct)
    .bind(r.opens_on.map(|d| d.to_string()))
    .bind(r.deadline.map(|d| d.to_string()))
    .bind(r.decision_days)
    .bind(user_id)
    .bind(t)
    .fetch_one(db.pool())
    .await?;
    Ok(id)
}

pub async fn get_pool(db: &Db, id: i64) -> AppResult<Pool> {
    one(db, format!("{POOL_SELECT} WHERE p.id = $1"), id, pool).await
}

/// Pools taking applications today, by name; with `all_of_them`, the closed, coming and past
/// ones too.
pub async fn pools(db: &Db, all_of_them: bool) -> AppResult<Vec<Pool>> {
    let mut sql = SqlBuilder::new(POOL_SELECT);
    if !all_of_them {
        let d = sql.bind(Value::Text(today().to_string()));
        sql.push(&format!(
            " WHERE p.status = 'open' AND (p.deadline IS NULL OR p.deadline >= {d}) AND (p.opens_on IS NULL OR p.opens_on <= {d})"
        ));
    }
    sql.push(" ORDER BY p.name, p.id");
    let rows = sql.query().fetch_all(db.pool()).await?;
    rows_to(&rows, pool)
}

#[derive(Clone, Debug)]
pub struct Request {
    pub id: i64,
    pub draft: RequestDraft,
    pub applicant_id: i64,
    pub applicant_name: String,
    /// Whether MitID verified the applicant's name (a person applying for themself).
    pub applicant_verified: bool,
    pub initiative_id: Option<i64>,
    pub initiative_title: Option<String>,
    pub unit_id: i64,
    pub unit_name: String,
    pub pool_id: Option<i64>,
    pub pool_name: Option<String>,
    pub status: RequestStatus,
    pub handler_name: Option<String>,
    pub outcome: Option<Outcome>,
    pub granted_ore: Option<i64>,
    pub decision_reason: String,
    pub received_at: i64,
    pub decided_at: Option<i64>,
    pub created_by: i64,
}

/// What a request is read with; `{verified}` stands for whether MitID verified the applicant.
const REQUEST_SELECT: &str = "SELECT r.*, ap.name AS applicant_name, un.name AS unit_name, i.title AS initiative_title, \
     p.name AS pool_name, h.name AS handler_name, {verified} AS applicant_verified \
     FROM requests r JOIN actors ap ON ap.id = r.applicant_id JOIN actors un ON un.id = r.unit_id \
     LEFT JOIN initiatives i ON i.id = r.initiative_id LEFT JOIN pools p ON p.id = r.pool_id \
     LEFT JOIN users hu ON hu.id = r.handler_id LEFT JOIN actors h ON h.id = hu.person_id";

/// [`REQUEST_SELECT`] with its `{verified}` filled in, made once.
fn request_select() -> &'static str {
    static SELECT: std::sync::LazyLock<String> = std::sync::LazyLock::new(|| {
        REQUEST_SELECT.replace("{verified}", &verified_column("r.applicant_id"))
    });
    &SELECT
}

fn request(row: &Row) -> Result<Request, db::Error> {
    let outcome: Option<String> = row.try_get("outcome")?;
    Ok(Request {
        id: row.try_get("id")?,
        draft: RequestDraft {
            kind: decode(row, "kind", RequestKind::parse)?,
            title: row.try_get("title")?,
            description: row.try_get("description")?,
            amount_ore: row.try_get("amount_ore")?,
            project_cost_ore: row.try_get("project_cost_ore")?,
            needed_on: date(row, "needed_on")?,
            place: row.try_get("place")?,
        },
        applicant_id: row.try_get("applicant_id")?,
        applicant_name: row.try_get("applicant_name")?,
        applicant_verified: row.try_get::<i64, _>("applicant_verified")? == 1,
        initiative_id: row.try_get("initiative_id")?,
        initiative_title: row.try_get("initiative_title")?,
        unit_id: row.try_get("unit_id")?,
        unit_name: row.try_get("unit_name")?,
        pool_id: row.try_get("pool_id")?,
        pool_name: row.try_get("pool_name")?,
        status: decode(row, "status", RequestStatus::parse)?,
        handler_name: row.try_get("handler_name")?,
        outcome: outcome.as_deref().and_then(Outcome::parse),
        granted_ore: row.try_get("granted_ore")?,
        decision_reason: row.try_get("decision_reason")?,
        received_at: row.try_get("received_at")?,
        decided_at: row.try_get("decided_at")?,
        created_by: row.try_get("created_by")?,
    })
}

pub async fn get_request(db: &Db, id: i64) -> AppResult<Request> {
    one(
        db,
        format!("{} WHERE r.id = $1", request_select()),
        id,
        request,
    )
    .await
}

pub struct NewRequest<'a> {
    pub draft: &'a RequestDraft,
    pub applicant_id: i64,
    pub initiative_id: Option<i64>,
    pub unit_id: i64,
    pub pool_id: Option<i64>,
    pub user_id: i64,
}

pub async fn create_request(db: &Db, r: &NewRequest<'_>) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    let id = create_request_in(&mut tx, r).await?;
    tx.commit().await?;
    Ok(id)
}

/// [`create_request`] inside a transaction the caller commits.
pub async fn create_request_in(tx: &mut Tx, r: &NewRequest<'_>) -> AppResult<i64> {
    let d = r.draft;
    let t = now();
    let id = db::query_scalar(
        "INSERT INTO requests (kind, title, description, applicant_id, initiative_id, unit_id, pool_id, amount_ore, project_cost_ore, \
         needed_on, place, status, received_at, created_by, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 'received', $12, $13, $12) RETURNING id",
    )
    .bind(d.kind.code())
    .bind(&d.title)
    .bind(&d.description)
    .bind(r.applicant_id)
    .bind(r.initiative_id)
    .bind(r.unit_id)
    .bind(r.pool_id)
    .bind(d.amount_ore)
    .bind(d.project_cost_ore)
    .bind(d.needed_on.map(|d| d.to_string()))
    .bind(&d.place)
    .bind(t)
    .bind(r.user_id)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// The permits granted for an initiative, per unit: its id, name and how many.
pub async fn permits_granted_to(db: &Db, initiative_id: i64) -> AppResult<Vec<(i64, String, i64)>> {
    Ok(db::query_as(
        "SELECT r.unit_id, a.name, COUNT(*) FROM requests r JOIN actors a ON a.id = r.unit_id \
         WHERE r.initiative_id = $1 AND r.kind = 'permit' AND r.outcome IN ('granted', 'partly_granted') \
         GROUP BY r.unit_id, a.name, a.sort_name ORDER BY a.sort_name, r.unit_id",
    )
    .bind(initiative_id)
    .fetch_all(db.pool())
    .await?)
}

/// Requests filed by any of these actors, or handled by any of these units, newest first.
pub async fn requests_of(
    db: &Db,
    column: &str,
    actor_ids: &[i64],
    open_only: bool,
) -> AppResult<Vec<Request>> {
    if actor_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = SqlBuilder::new(request_select());
    let ids: Vec<String> = actor_ids
        .iter()
        .map(|id| sql.bind(Value::Int(*id)))
        .collect();
    sql.push(&format!(" WHERE r.{column} IN ({})", ids.join(", ")));
    if open_only {
        sql.push(" AND r.status IN ('received', 'in_progress', 'awaiting_applicant')");
    }
    // The queue shows the oldest first; an applicant's list the newest.
    sql.push(if open_only {
        " ORDER BY r.received_at, r.id"
    } else {
        " ORDER BY r.received_at DESC, r.id DESC"
    });
    sql.limit(200, 0);
    let rows = sql.query().fetch_all(db.pool()).await?;
    rows_to(&rows, request)
}

#[derive(Clone, Debug)]
pub struct Message {
    pub author_name: String,
    pub from_municipality: bool,
    pub body: String,
    pub created_at: i64,
}

fn message(row: &Row) -> Result<Message, db::Error> {
    Ok(Message {
        author_name: row.try_get("author_name")?,
        from_municipality: row.try_get::<i64, _>("from_municipality")? == 1,
        body: row.try_get("body")?,
        created_at: row.try_get("created_at")?,
    })
}

pub async fn messages(db: &Db, request_id: i64) -> AppResult<Vec<Message>> {
    all(
        db,
        "SELECT m.*, a.name AS author_name FROM request_messages m JOIN users u ON u.id = m.author_id \
         JOIN actors a ON a.id = u.person_id WHERE m.request_id = $1 ORDER BY m.id"
            .into(),
        request_id,
        message,
    )
    .await
}

/// Adds a message and moves the case: a question from the municipality waits for the
/// applicant, the applicant's answer goes back to the handler. False when the case is closed.
pub async fn add_message(
    db: &Db,
    request_id: i64,
    author: i64,
    from_municipality: bool,
    body: &str,
) -> AppResult<bool> {
    let mut tx = db.begin().await?;
    let to = if from_municipality {
        "awaiting_applicant"
    } else {
        "in_progress"
    };
    let moved = db::query(format!(
        "UPDATE requests SET status = CASE WHEN status = 'awaiting_applicant' OR $1 = 1 THEN '{to}' ELSE status END, \
         handler_id = CASE WHEN $1 = 1 AND handler_id IS NULL THEN $2 ELSE handler_id END, updated_at = $3 \
         WHERE id = $4 AND status IN ('received', 'in_progress', 'awaiting_applicant')"
    ))
    .bind(i64::from(from_municipality))
    .bind(author)
    .bind(now())
    .bind(request_id)
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() == 0 {
        return Ok(false);
    }
    db::query("INSERT INTO request_messages (request_id, author_id, from_municipality, body, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(request_id)
        .bind(author)
        .bind(i64::from(from_municipality))
        .bind(body)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// A handler takes the case: it is being handled, by them. False when it is no longer open.
pub async fn take(db: &Db, request_id: i64, handler: i64) -> AppResult<bool> {
    let done = db::query(
        "UPDATE requests SET handler_id = $1, status = CASE WHEN status = 'received' THEN 'in_progress' ELSE status END, updated_at = $2 \
         WHERE id = $3 AND status IN ('received', 'in_progress', 'awaiting_applicant')",
    )
    .bind(handler)
    .bind(now())
    .bind(request_id)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

refusals! {
    /// Why a case could not move on.
    pub enum CaseRefusal {
        /// Decided or closed already.
        NotOpen = "request_not_open" => |s| s.err_request_not_open,
        /// The pool has less left than the grant.
        Overdrawn { remaining_ore: i64 } = "pool_exhausted" =>
            |s| s.err_pool_overdrawn(crate::platform::money::format_kroner(*remaining_ore, s.lang)),
        NotDecided = "request_not_decided" => |s| s.err_not_decided,
        Closed = "request_closed" => |s| s.err_request_closed,
        TooManyDocuments = "too_many_documents" => |s| s.err_too_many_documents,
    }
}

/// Records a decision. A grant is taken from its pool's budget in the same transaction, and
/// refused if the pool has too little left. What an initiative is given is counted as the
/// unit's contribution (`given`, or the grant in kroner).
pub async fn decide(
    db: &Db,
    request_id: i64,
    d: &Decision,
    given: Option<(Unit, i64)>,
    by: &crate::platform::auth::Viewer,
) -> AppResult<Result<(), CaseRefusal>> {
    let user_id = by.user_id;
    let mut tx = db.begin().await?;
    let t = now();
    let row = db::query(
        "UPDATE requests SET status = 'decided', outcome = $1, granted_ore = $2, decision_reason = $3, decided_by = $4, \
         decided_at = $5, updated_at = $5, handler_id = COALESCE(handler_id, $4) \
         WHERE id = $6 AND status IN ('received', 'in_progress', 'awaiting_applicant') RETURNING pool_id, initiative_id, unit_id",
    )
    .bind(d.outcome.code())
    .bind(d.granted_ore)
    .bind(&d.reason)
    .bind(user_id)
    .bind(t)
    .bind(request_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        return Ok(Err(CaseRefusal::NotOpen));
    };
    let (pool_id, initiative_id, unit_id): (Option<i64>, Option<i64>, i64) =
        (row.try_get(0)?, row.try_get(1)?, row.try_get(2)?);
    if let (Some(pool_id), Some(grant)) = (pool_id, d.granted_ore.filter(|g| *g > 0)) {
        let taken = db::query(
            "UPDATE pools SET granted_ore = granted_ore + $1, updated_at = $2 WHERE id = $3 AND granted_ore + $1 <= budget_ore",
        )
        .bind(grant)
        .bind(t)
        .bind(pool_id)
        .execute(&mut *tx)
        .await?;
        if taken.rows_affected() == 0 {
            let remaining_ore: i64 =
                db::query_scalar("SELECT budget_ore - granted_ore FROM pools WHERE id = $1")
                    .bind(pool_id)
                    .fetch_one(&mut *tx)
                    .await?;
            return Ok(Err(CaseRefusal::Overdrawn { remaining_ore }));
        }
    }
    if let Some(pool_id) = pool_id {
        let granted = d.granted_ore.unwrap_or(0);
        let entry = crate::audit::Entry::by(
            Some(by),
            crate::audit::Act::PoolDecision,
            format!("request:{request_id}"),
            format!("pool:{pool_id} {} {granted} øre", d.outcome.code()),
            &d.reason,
        );
        crate::audit::record_in(&mut tx, &entry).await?;
    }
    let given = given.or(d
        .granted_ore
        .filter(|g| *g >= 100)
        .map(|g| (Unit::Kroner, g / 100)));
    if let (Some(initiative_id), Some((unit, amount))) =
        (initiative_id, given.filter(|(_, a)| *a > 0))
    {
        db::query(
            "INSERT INTO unit_contributions (request_id, initiative_id, actor_id, unit, amount, given_on, recorded_by, recorded_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(request_id)
        .bind(initiative_id)
        .bind(unit_id)
        .bind(unit.code())
        .bind(amount)
        .bind(today().to_string())
        .bind(user_id)
        .bind(t)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(Ok(()))
}

/// Closes a decided case; false when it was not decided.
pub async fn close(db: &Db, request_id: i64) -> AppResult<bool> {
    let done = db::query("UPDATE requests SET status = 'closed', closed_at = $1, updated_at = $1 WHERE id = $2 AND status = 'decided'")
        .bind(now())
        .bind(request_id)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Seconds from request to decision of the decided requests of a pool or a unit (`column` is
/// `pool_id` or `unit_id`), the most recent 1,000.
pub async fn decision_times(db: &Db, column: &str, id: i64) -> AppResult<Vec<i64>> {
    Ok(decision_times_of(db, column, &[id])
        .await?
        .remove(&id)
        .unwrap_or_default())
}

/// The times to decision of the last 1,000 decided requests to each of several pools or units,
/// by their id, read at once.
pub async fn decision_times_of(
    db: &Db,
    column: &str,
    ids: &[i64],
) -> AppResult<HashMap<i64, Vec<i64>>> {
    let rows = all_for(
        db,
        &format!(
            "SELECT owner, seconds FROM (SELECT {column} AS owner, decided_at - received_at AS seconds, \
             ROW_NUMBER() OVER (PARTITION BY {column} ORDER BY decided_at DESC, id DESC) AS n \
             FROM requests WHERE {column} IN ({{ids}}) AND decided_at IS NOT NULL) t WHERE n <= 1000"
        ),
        ids,
        |row| Ok((row.try_get::<i64, _>("owner")?, row.try_get("seconds")?)),
    )
    .await?;
    let mut times: HashMap<i64, Vec<i64>> = HashMap::new();
    for (owner, seconds) in rows {
        times.entry(owner).or_default().push(seconds);
    }
    Ok(times)
}

/// The municipal units with their departments, for choosing who to ask and for deciding who
/// handles which.
pub async fn municipal_units(db: &Db) -> AppResult<Vec<(i64, String, Option<i64>)>> {
    let rows = db::query_as(
        "SELECT id, name, department_id FROM actors WHERE kind = 'municipal_unit' ORDER BY sort_name, id",
    )
    .fetch_all(db.pool())
    .await?;
    Ok(rows)
}

/// Checks that an actor is a municipal unit.
pub async fn is_municipal_unit(db: &Db, id: i64) -> AppResult<bool> {
    let kind: Option<String> = db::query_scalar("SELECT kind FROM actors WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    Ok(kind.as_deref() == Some("municipal_unit"))
}

/// A unit's department, for the rule that department leaders handle their units' cases.
pub async fn unit_access(
    db: &Db,
    unit_id: i64,
) -> AppResult<crate::platform::permissions::OrganisationAccess> {
    let department_id: Option<i64> =
        db::query_scalar("SELECT department_id FROM actors WHERE id = $1")
            .bind(unit_id)
            .fetch_optional(db.pool())
            .await?
            .ok_or(AppError::NotFound)?;
    Ok(crate::platform::permissions::OrganisationAccess {
        id: unit_id,
        department_id,
    })
}
