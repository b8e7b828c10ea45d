//! What the scope and others give: contributions by arena and by unit, pools against their
//! budgets, and the front door's waiting and time to decision.

use super::{period_days, push_counted};
use crate::actors::model::ActorKind;
use crate::mobilisation::model::Unit;
use crate::overview::model::*;
use crate::platform::db::{Db, SqlBuilder, Value, decode, rows_to};
use crate::platform::error::AppResult;
use crate::requests::model::median;

const GIVEN: &str = "(SELECT initiative_id, actor_id, unit, amount, given_on FROM contributions \
     UNION ALL SELECT initiative_id, actor_id, unit, amount, given_on FROM unit_contributions) g";

/// What was given in the period to the selection's initiatives, by the giver's arena and unit.
pub async fn given_by_arena(
    db: &Db,
    sel: &Selection,
    units: &[i64],
) -> AppResult<Vec<(PartnerArena, Unit, i64)>> {
    let mut sql = SqlBuilder::default();
    let ours = sql.bind_ids(units);
    let (from, to) = period_days(&mut sql, sel);
    sql.push(&format!(
        "SELECT a.kind, CAST(CASE WHEN g.actor_id IN ({ours}) THEN 1 ELSE 0 END AS BIGINT) AS ours, \
         g.unit, CAST(SUM(g.amount) AS BIGINT) AS amount FROM {GIVEN} \
         JOIN actors a ON a.id = g.actor_id JOIN initiatives i ON i.id = g.initiative_id \
         WHERE g.given_on >= {from} AND g.given_on <= {to} AND"
    ));
    push_counted(&mut sql, sel, units);
    sql.push(" GROUP BY a.kind, ours, g.unit");
    let rows = sql.query().fetch_all(db.pool()).await?;
    let mut given: Vec<(PartnerArena, Unit, i64)> = Vec::new();
    for r in &rows {
        let ours = r.try_get::<i64, _>("ours")? == 1;
        let arena = PartnerArena::of(decode(r, "kind", ActorKind::parse)?, ours);
        let unit = decode(r, "unit", Unit::parse)?;
        let amount: i64 = r.try_get("amount")?;
        match given.iter_mut().find(|(a, u, _)| *a == arena && *u == unit) {
            Some(g) => g.2 += amount,
            None => given.push((arena, unit, amount)),
        }
    }
    Ok(given)
}

/// What each of the scope's units gave in the period, to any initiative, per unit of measure.
pub async fn given_by_units(
    db: &Db,
    sel: &Selection,
    units: &[i64],
) -> AppResult<Vec<(i64, Unit, i64)>> {
    let mut sql = SqlBuilder::default();
    let ours = sql.bind_ids(units);
    let (from, to) = period_days(&mut sql, sel);
    sql.push(&format!(
        "SELECT g.actor_id, g.unit, CAST(SUM(g.amount) AS BIGINT) AS amount FROM {GIVEN} \
         WHERE g.actor_id IN ({ours}) AND g.given_on >= {from} AND g.given_on <= {to} \
         GROUP BY g.actor_id, g.unit"
    ));
    let rows = sql.query().fetch_all(db.pool()).await?;
    rows_to(&rows, |r| {
        Ok((
            r.try_get("actor_id")?,
            decode(r, "unit", Unit::parse)?,
            r.try_get("amount")?,
        ))
    })
}

/// A grant pool of one of the scope's units, against its budget.
#[derive(Clone, Debug, PartialEq)]
pub struct PoolUse {
    pub id: i64,
    pub unit_id: i64,
    pub name: String,
    pub budget_ore: i64,
    pub granted_ore: i64,
    /// Granted by decisions made in the period.
    pub granted_in_period_ore: i64,
}

pub async fn pools(db: &Db, sel: &Selection, units: &[i64]) -> AppResult<Vec<PoolUse>> {
    let (start, end) = sel.period.moments();
    let mut sql = SqlBuilder::default();
    let ours = sql.bind_ids(units);
    let start = sql.bind(Value::Int(start));
    let end = sql.bind(Value::Int(end));
    sql.push(&format!(
        "SELECT p.id, p.unit_id, p.name, p.budget_ore, p.granted_ore, \
         CAST(COALESCE((SELECT SUM(r.granted_ore) FROM requests r WHERE r.pool_id = p.id \
         AND r.decided_at >= {start} AND r.decided_at < {end}), 0) AS BIGINT) AS in_period \
         FROM pools p WHERE p.unit_id IN ({ours}) ORDER BY p.name, p.id"
    ));
    let rows = sql.query().fetch_all(db.pool()).await?;
    rows_to(&rows, |r| {
        Ok(PoolUse {
            id: r.try_get("id")?,
            unit_id: r.try_get("unit_id")?,
            name: r.try_get("name")?,
            budget_ore: r.try_get("budget_ore")?,
            granted_ore: r.try_get("granted_ore")?,
            granted_in_period_ore: r.try_get("in_period")?,
        })
    })
}

/// A unit's front door: the requests waiting now, the oldest of them, and the median time to
/// decision of those decided in the period.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FrontDoor {
    pub unit_id: i64,
    pub waiting: i64,
    pub oldest_waiting_since: Option<i64>,
    pub decided: i64,
    pub median_seconds: Option<i64>,
}

pub async fn front_doors(db: &Db, sel: &Selection, units: &[i64]) -> AppResult<Vec<FrontDoor>> {
    let (start, end) = sel.period.moments();
    let mut sql = SqlBuilder::default();
    let ours = sql.bind_ids(units);
    let start = sql.bind(Value::Int(start));
    let end = sql.bind(Value::Int(end));
    sql.push(&format!(
        "SELECT unit_id, status, received_at, decided_at FROM requests WHERE unit_id IN ({ours}) \
         AND (status IN ('received', 'in_progress', 'awaiting_applicant') \
         OR (decided_at >= {start} AND decided_at < {end}))"
    ));
    let rows = sql.query().fetch_all(db.pool()).await?;
    let mut doors: Vec<FrontDoor> = Vec::new();
    let mut times: Vec<(i64, Vec<i64>)> = Vec::new();
    for r in &rows {
        let unit_id: i64 = r.try_get("unit_id")?;
        let status = decode(r, "status", crate::requests::model::RequestStatus::parse)?;
        let received: i64 = r.try_get("received_at")?;
        let decided: Option<i64> = r.try_get("decided_at")?;
        let at = match doors.iter().position(|d| d.unit_id == unit_id) {
            Some(at) => at,
            None => {
                doors.push(FrontDoor {
                    unit_id,
                    ..FrontDoor::default()
                });
                times.push((unit_id, Vec::new()));
                doors.len() - 1
            }
        };
        let door = &mut doors[at];
        if status.is_open() {
            door.waiting += 1;
            door.oldest_waiting_since = Some(
                door.oldest_waiting_since
                    .map_or(received, |o| o.min(received)),
            );
        } else if let Some(decided) = decided {
            door.decided += 1;
            times[at].1.push(decided - received);
        }
    }
    for (door, (_, t)) in doors.iter_mut().zip(times) {
        door.median_seconds = median(t);
    }
    Ok(doors)
}
