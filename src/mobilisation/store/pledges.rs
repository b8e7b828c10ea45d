//! Pledges and contributions: made, decided, withdrawn, and what was given.

use super::*;
use crate::platform::db;

#[derive(Clone, Debug)]
pub struct Pledge {
    pub id: i64,
    pub need_id: i64,
    pub need_title: String,
    pub initiative_id: i64,
    pub initiative_title: String,
    pub offer_id: Option<i64>,
    pub actor_id: i64,
    pub actor_name: String,
    pub amount: Option<i64>,
    pub message: String,
    pub status: PledgeStatus,
    /// The user who made it.
    pub pledged_by: i64,
    pub reason: String,
    pub pledged_at: i64,
    pub decided_at: Option<i64>,
    /// What has been given so far, in the need's unit.
    pub given: i64,
    /// Some of it was more than pledged, as whoever recorded it confirmed.
    pub given_beyond: bool,
    pub unit: Unit,
}

pub(super) const PLEDGE_SELECT: &str = "SELECT p.id, p.need_id, n.title AS need_title, n.initiative_id, i.title AS initiative_title, \
     n.kind, p.offer_id, p.actor_id, a.name AS actor_name, p.amount, p.message, p.status, p.reason, p.pledged_at, p.pledged_by, \
     p.decided_at, CAST(COALESCE((SELECT SUM(c.amount) FROM contributions c WHERE c.pledge_id = p.id), 0) AS BIGINT) AS given, \
     CAST(COALESCE((SELECT MAX(c.beyond_pledge) FROM contributions c WHERE c.pledge_id = p.id), 0) AS BIGINT) AS given_beyond \
     FROM pledges p JOIN needs n ON n.id = p.need_id JOIN initiatives i ON i.id = n.initiative_id \
     JOIN actors a ON a.id = p.actor_id";

pub(super) fn pledge(row: &Row) -> Result<Pledge, db::Error> {
    Ok(Pledge {
        id: row.try_get("id")?,
        need_id: row.try_get("need_id")?,
        need_title: row.try_get("need_title")?,
        initiative_id: row.try_get("initiative_id")?,
        initiative_title: row.try_get("initiative_title")?,
        offer_id: row.try_get("offer_id")?,
        actor_id: row.try_get("actor_id")?,
        actor_name: row.try_get("actor_name")?,
        amount: row.try_get("amount")?,
        message: row.try_get("message")?,
        status: decode(row, "status", PledgeStatus::parse)?,
        pledged_by: row.try_get("pledged_by")?,
        reason: row.try_get("reason")?,
        pledged_at: row.try_get("pledged_at")?,
        decided_at: row.try_get("decided_at")?,
        given: row.try_get("given")?,
        given_beyond: row.try_get("given_beyond")?,
        unit: decode(row, "kind", ResourceKind::parse)?.unit(),
    })
}

pub async fn get_pledge(db: &Db, id: i64) -> AppResult<Pledge> {
    one(db, format!("{PLEDGE_SELECT} WHERE p.id = $1"), id, pledge).await
}

pub async fn pledges_of_need(db: &Db, need_id: i64) -> AppResult<Vec<Pledge>> {
    let sql = format!("{PLEDGE_SELECT} WHERE p.need_id = $1 ORDER BY p.pledged_at, p.id");
    all(db, sql, need_id, pledge).await
}

/// The pledges some actors made, newest first.
pub async fn pledges_of(db: &Db, actor_ids: &[i64]) -> AppResult<Vec<Pledge>> {
    if actor_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = SqlBuilder::new(&format!("{PLEDGE_SELECT} WHERE p.actor_id IN ("));
    for (i, id) in actor_ids.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        let p = sql.bind(Value::Int(*id));
        sql.push(&p);
    }
    sql.push(") ORDER BY p.pledged_at DESC, p.id DESC");
    sql.limit(50, 0);
    let rows = sql.query().fetch_all(db.pool()).await?;
    rows_to(&rows, pledge)
}

/// A new pledge of an actor to a need.
pub struct NewPledge<'a> {
    pub need_id: i64,
    pub actor_id: i64,
    pub offer_id: Option<i64>,
    pub amount: Option<i64>,
    pub message: &'a str,
    pub user_id: i64,
}

refusals! {
    /// Why a pledge was refused, or a pledge could not move on.
    pub enum PledgeRefusal {
        NeedClosed = "need_closed" => |s| s.err_need_closed,
        AlreadyPledged = "already_pledged" => |s| s.err_already_pledged,
        AlreadyDecided = "pledge_already_decided" => |s| s.err_pledge_decided,
        NotAccepted = "pledge_not_accepted" => |s| s.err_pledge_not_accepted,
        /// More than was pledged, and nobody confirmed it was so.
        BeyondPledge = "beyond_pledge" => |s| s.err_beyond_pledge,
    }
}

/// Pledges to an open need. The need's row is locked first, so a need closed meanwhile is
/// never pledged to; the unique index keeps one live pledge per actor and need.
pub async fn pledge_to(db: &Db, p: &NewPledge<'_>) -> AppResult<Result<i64, PledgeRefusal>> {
    let mut tx = db.begin().await?;
    let open = db::query(
        "UPDATE needs SET version = version, first_pledged_at = COALESCE(first_pledged_at, $2) \
         WHERE id = $1 AND status IN ('open', 'partly_met')",
    )
    .bind(p.need_id)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    if open.rows_affected() == 0 {
        let exists: Option<i64> = db::query_scalar("SELECT id FROM needs WHERE id = $1")
            .bind(p.need_id)
            .fetch_optional(&mut *tx)
            .await?;
        return match exists {
            Some(_) => Ok(Err(PledgeRefusal::NeedClosed)),
            None => Err(AppError::NotFound),
        };
    }
    let live: Option<i64> = db::query_scalar(
        "SELECT id FROM pledges WHERE need_id = $1 AND actor_id = $2 AND status IN ('pledged', 'accepted', 'fulfilled')",
    )
    .bind(p.need_id)
    .bind(p.actor_id)
    .fetch_optional(&mut *tx)
    .await?;
    if live.is_some() {
        return Ok(Err(PledgeRefusal::AlreadyPledged));
    }
    let id: i64 = db::query_scalar(
        "INSERT INTO pledges (need_id, offer_id, actor_id, amount, message, status, pledged_by, pledged_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(p.need_id)
    .bind(p.offer_id)
    .bind(p.actor_id)
    .bind(p.amount)
    .bind(p.message)
    .bind(PledgeStatus::Pledged.code())
    .bind(p.user_id)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// A pledge both sides agreed to before it was made (an accepted invitation or offer), kept as
/// accepted by `decided_by`, inside a transaction the caller commits.
pub async fn agreed_pledge_in(tx: &mut Tx, p: &NewPledge<'_>, decided_by: i64) -> AppResult<i64> {
    let t = now();
    db::query("UPDATE needs SET first_pledged_at = COALESCE(first_pledged_at, $2) WHERE id = $1")
        .bind(p.need_id)
        .bind(t)
        .execute(&mut **tx)
        .await?;
    let id: i64 = db::query_scalar(
        "INSERT INTO pledges (need_id, offer_id, actor_id, amount, message, status, pledged_by, pledged_at, \
         decided_by, decided_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $8) RETURNING id",
    )
    .bind(p.need_id)
    .bind(p.offer_id)
    .bind(p.actor_id)
    .bind(p.amount)
    .bind(p.message)
    .bind(PledgeStatus::Accepted.code())
    .bind(p.user_id)
    .bind(t)
    .bind(decided_by)
    .fetch_one(&mut **tx)
    .await?;
    refresh_need_status(tx, p.need_id).await?;
    Ok(id)
}

/// Locks a need's row for the rest of the transaction, so changes to its pledges and status
/// happen one at a time (a row lock both engines take with a no-op update).
pub(super) async fn lock_need(tx: &mut Tx, need_id: i64) -> AppResult<()> {
    db::query("UPDATE needs SET version = version WHERE id = $1")
        .bind(need_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Moves a pledge from one of `from` to `to` and updates the need's status. A decision by the
/// initiative (`Some((reason, user))`) is recorded with who and when; a withdrawal keeps the
/// earlier decision. Returns false when the pledge was no longer in one of `from`.
pub async fn move_pledge(
    db: &Db,
    pledge_id: i64,
    from: &[PledgeStatus],
    to: PledgeStatus,
    decision: Option<(&str, i64)>,
) -> AppResult<bool> {
    let mut tx = db.begin().await?;
    let need_id: i64 = db::query_scalar("SELECT need_id FROM pledges WHERE id = $1")
        .bind(pledge_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    lock_need(&mut tx, need_id).await?;
    let mut sql = SqlBuilder::new("UPDATE pledges SET status = ");
    let p = sql.bind(Value::Text(to.code().into()));
    sql.push(&p);
    if let Some((reason, user_id)) = decision {
        let r = sql.bind(Value::Text(reason.into()));
        let u = sql.bind(Value::Int(user_id));
        let t = sql.bind(Value::Int(now()));
        sql.push(&format!(
            ", reason = {r}, decided_by = {u}, decided_at = {t}"
        ));
    }
    let p = sql.bind(Value::Int(pledge_id));
    sql.push(&format!(" WHERE id = {p} AND status IN ("));
    let statuses: Vec<String> = from
        .iter()
        .map(|st| sql.bind(Value::Text(st.code().into())))
        .collect();
    sql.push(&statuses.join(", "));
    sql.push(")");
    let done = sql.query().execute(&mut *tx).await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    refresh_need_status(&mut tx, need_id).await?;
    tx.commit().await?;
    Ok(true)
}

/// A contribution given under an accepted pledge.
pub struct NewContribution<'a> {
    pub pledge_id: i64,
    pub amount: i64,
    pub given_on: Date,
    pub note: &'a str,
    pub user_id: i64,
    /// Whoever records it confirms that more was given than pledged.
    pub beyond_confirmed: bool,
}

/// Records what was given, in the need's unit, and marks the pledge as given. Refused when the
/// pledge has not been accepted, or when with what was given before it is more than pledged
/// (or than the need asked for) and that was not confirmed; a confirmed one stays marked. The
/// need's row lock orders contributions to one pledge, so two together cannot slip past it.
pub async fn record_contribution(
    db: &Db,
    c: &NewContribution<'_>,
) -> AppResult<Result<(), PledgeRefusal>> {
    let mut tx = db.begin().await?;
    let row: Option<(i64, i64, i64, String)> = db::query_as(
        "SELECT p.need_id, n.initiative_id, p.actor_id, n.kind FROM pledges p \
         JOIN needs n ON n.id = p.need_id WHERE p.id = $1",
    )
    .bind(c.pledge_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (need_id, initiative_id, actor_id, kind) = row.ok_or(AppError::NotFound)?;
    lock_need(&mut tx, need_id).await?;
    let (pledged, given_before): (Option<i64>, i64) = db::query_as(
        "SELECT COALESCE(p.amount, n.quantity), \
         CAST(COALESCE((SELECT SUM(c.amount) FROM contributions c WHERE c.pledge_id = p.id), 0) AS BIGINT) \
         FROM pledges p JOIN needs n ON n.id = p.need_id WHERE p.id = $1",
    )
    .bind(c.pledge_id)
    .fetch_one(&mut *tx)
    .await?;
    let beyond = beyond_pledge(pledged, given_before, c.amount);
    if beyond && !c.beyond_confirmed {
        return Ok(Err(PledgeRefusal::BeyondPledge));
    }
    let accepted = db::query(
        "UPDATE pledges SET status = 'fulfilled' WHERE id = $1 AND status IN ('accepted', 'fulfilled')",
    )
    .bind(c.pledge_id)
    .execute(&mut *tx)
    .await?;
    if accepted.rows_affected() == 0 {
        return Ok(Err(PledgeRefusal::NotAccepted));
    }
    let unit = ResourceKind::parse(&kind)
        .ok_or_else(|| AppError::Internal(format!("need kind {kind:?}")))?
        .unit();
    db::query(
        "INSERT INTO contributions (pledge_id, need_id, initiative_id, actor_id, unit, amount, given_on, note, \
         recorded_by, recorded_at, beyond_pledge) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(c.pledge_id)
    .bind(need_id)
    .bind(initiative_id)
    .bind(actor_id)
    .bind(unit.code())
    .bind(c.amount)
    .bind(c.given_on.to_string())
    .bind(c.note)
    .bind(c.user_id)
    .bind(now())
    .bind(beyond)
    .execute(&mut *tx)
    .await?;
    refresh_need_status(&mut tx, need_id).await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// One giver's gifts to an initiative in one unit, under pledges and through requests.
#[derive(Clone, Debug, PartialEq)]
pub struct Gift {
    pub actor_id: i64,
    pub name: String,
    pub kind: ActorKind,
    pub unit: Unit,
    pub amount: i64,
}

/// A gift as anyone may see it: an organisation's or a unit's by name; the citizens who gave
/// in one unit together, counted and never named.
#[derive(Clone, Debug, PartialEq)]
pub struct ShownGift {
    /// The organisation or unit that gave; none for the citizens.
    pub giver: Option<(i64, String)>,
    /// How many citizens gave it, when it is the citizens'.
    pub citizens: i64,
    pub kind: ActorKind,
    pub unit: Unit,
    pub amount: i64,
}

/// The gifts as anyone may see them, in the order given (by giver), the citizens' last.
pub fn shown_gifts(gifts: &[Gift]) -> Vec<ShownGift> {
    let mut shown: Vec<ShownGift> = gifts
        .iter()
        .filter(|g| g.kind != ActorKind::Person)
        .map(|g| ShownGift {
            giver: Some((g.actor_id, g.name.clone())),
            citizens: 0,
            kind: g.kind,
            unit: g.unit,
            amount: g.amount,
        })
        .collect();
    let mut citizens: Vec<(Unit, Vec<i64>, i64)> = Vec::new();
    for g in gifts.iter().filter(|g| g.kind == ActorKind::Person) {
        match citizens.iter_mut().find(|(u, _, _)| *u == g.unit) {
            Some((_, people, amount)) => {
                people.push(g.actor_id);
                *amount += g.amount;
            }
            None => citizens.push((g.unit, vec![g.actor_id], g.amount)),
        }
    }
    citizens.sort_by_key(|(u, _, _)| u.code());
    shown.extend(
        citizens
            .into_iter()
            .map(|(unit, people, amount)| ShownGift {
                giver: None,
                citizens: people.len() as i64,
                kind: ActorKind::Person,
                unit,
                amount,
            }),
    );
    shown
}

/// What the gifts come to in each unit, in the units' order.
pub fn per_unit(gifts: &[Gift]) -> Vec<(Unit, i64)> {
    let mut given: Vec<(Unit, i64)> = Vec::new();
    for g in gifts {
        match given.iter_mut().find(|(u, _)| *u == g.unit) {
            Some(u) => u.1 += g.amount,
            None => given.push((g.unit, g.amount)),
        }
    }
    given.sort_by_key(|(u, _)| u.code());
    given
}

/// Who gave what to an initiative: each giver's total per unit, in one statement.
pub async fn gifts_to(db: &Db, initiative_id: i64) -> AppResult<Vec<Gift>> {
    let rows = db::query(
        "SELECT g.actor_id, a.name, a.kind, g.unit, CAST(SUM(g.amount) AS BIGINT) AS amount FROM (\
         SELECT actor_id, unit, amount FROM contributions WHERE initiative_id = $1 \
         UNION ALL SELECT actor_id, unit, amount FROM unit_contributions WHERE initiative_id = $1) g \
         JOIN actors a ON a.id = g.actor_id \
         GROUP BY g.actor_id, a.name, a.sort_name, a.kind, g.unit ORDER BY a.sort_name, g.actor_id, g.unit",
    )
    .bind(initiative_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Gift {
                actor_id: r.try_get("actor_id")?,
                name: r.try_get("name")?,
                kind: decode(r, "kind", ActorKind::parse)?,
                unit: decode(r, "unit", Unit::parse)?,
                amount: r.try_get("amount")?,
            })
        })
        .collect::<Result<_, db::Error>>()
        .map_err(Into::into)
}

/// What an actor has given, per unit.
pub async fn given_by(db: &Db, actor_id: i64) -> AppResult<Vec<(Unit, i64)>> {
    totals(db, "actor_id", actor_id).await
}

pub(super) async fn totals(db: &Db, column: &str, id: i64) -> AppResult<Vec<(Unit, i64)>> {
    let rows: Vec<(String, i64)> = db::query_as(format!(
        "SELECT unit, CAST(SUM(amount) AS BIGINT) FROM (\
         SELECT unit, amount FROM contributions WHERE {column} = $1 \
         UNION ALL SELECT unit, amount FROM unit_contributions WHERE {column} = $1) given \
         GROUP BY unit ORDER BY unit"
    ))
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(u, n)| Unit::parse(&u).map(|u| (u, n)))
        .collect())
}

// ---- calls ----
