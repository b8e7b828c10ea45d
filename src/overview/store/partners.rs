//! Who the scope co-creates with: partners by arena, the most frequent, and who takes part in
//! what.

use super::{involving, push_counted};
use crate::actors::model::ActorKind;
use crate::overview::model::*;
use crate::platform::db::{Db, SqlBuilder, Value, decode, rows_to};
use crate::platform::error::AppResult;

/// Appends the condition for the participations `p` a selection counts: partners other than
/// the scope's own units taking part at some time in its period, in its initiatives.
fn push_taking_part(sql: &mut SqlBuilder, sel: &Selection, units: &[i64]) {
    let (start, end) = sel.period.moments();
    let end = sql.bind(Value::Int(end));
    let start = sql.bind(Value::Int(start));
    let ours = sql.bind_ids(units);
    sql.push(&format!(
        " p.joined_at < {end} AND (p.concluded_at IS NULL OR p.concluded_at >= {start}) \
         AND p.actor_id NOT IN ({ours})"
    ));
    if sel.scope != Scope::City {
        let involved = involving(sql, units);
        sql.push(&format!(" AND p.initiative_id IN {involved}"));
    }
}

/// How many partners of each arena take part in the selection's initiatives during its period
/// (the scope's own units are not partners), and how many places they hold between them.
pub async fn partners(
    db: &Db,
    sel: &Selection,
    units: &[i64],
) -> AppResult<Vec<(PartnerArena, i64, i64)>> {
    let mut sql = SqlBuilder::new(
        "SELECT p.actor_kind, COUNT(DISTINCT p.actor_id) AS actors, COUNT(*) AS places \
         FROM initiative_participants p WHERE",
    );
    push_taking_part(&mut sql, sel, units);
    sql.push(" GROUP BY p.actor_kind");
    let rows = sql.query().fetch_all(db.pool()).await?;
    let mut by_arena: Vec<(PartnerArena, i64, i64)> = Vec::new();
    for r in &rows {
        let arena = PartnerArena::of(decode(r, "actor_kind", ActorKind::parse)?, false);
        by_arena.push((arena, r.try_get("actors")?, r.try_get("places")?));
    }
    by_arena.sort_by_key(|(a, _, _)| PartnerArena::ALL.iter().position(|x| x == a));
    Ok(by_arena)
}

/// An organisation that takes part in many of the selection's initiatives.
#[derive(Clone, Debug, PartialEq)]
pub struct FrequentPartner {
    pub id: i64,
    pub name: String,
    pub kind: ActorKind,
    pub initiatives: i64,
}

/// The organisations (never people) taking part in most of the selection's initiatives; of
/// those taking part equally often, the first registered.
pub async fn frequent_partners(
    db: &Db,
    sel: &Selection,
    units: &[i64],
    limit: i64,
) -> AppResult<Vec<FrequentPartner>> {
    let mut sql = SqlBuilder::new(
        "SELECT a.id, a.name, a.kind, t.initiatives FROM (SELECT p.actor_id, COUNT(*) AS initiatives \
         FROM initiative_participants p WHERE p.actor_kind <> 'person' AND",
    );
    push_taking_part(&mut sql, sel, units);
    sql.push(&format!(
        " GROUP BY p.actor_id ORDER BY initiatives DESC, p.actor_id LIMIT {limit}) t \
         JOIN actors a ON a.id = t.actor_id ORDER BY t.initiatives DESC, a.id"
    ));
    let rows = sql.query().fetch_all(db.pool()).await?;
    rows_to(&rows, |r| {
        Ok(FrequentPartner {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
            kind: decode(r, "kind", ActorKind::parse)?,
            initiatives: r.try_get("initiatives")?,
        })
    })
}

/// Who of `actors` takes part in which of the selection's initiatives: (initiative, its title,
/// actor), at most `limit`, the most recently changed initiatives first.
pub async fn links(
    db: &Db,
    sel: &Selection,
    units: &[i64],
    actors: &[i64],
    limit: i64,
) -> AppResult<Vec<(i64, String, i64)>> {
    if actors.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = SqlBuilder::default();
    let who = sql.bind_ids(actors);
    sql.push(&format!(
        "SELECT i.id, i.title, p.actor_id FROM initiative_participants p \
         JOIN initiatives i ON i.id = p.initiative_id WHERE p.actor_id IN ({who}) AND"
    ));
    push_counted(&mut sql, sel, units);
    sql.push(" ORDER BY i.updated_at DESC, i.id DESC, p.actor_id");
    sql.limit(limit, 0);
    let rows = sql.query().fetch_all(db.pool()).await?;
    rows_to(&rows, |r| {
        Ok((
            r.try_get("id")?,
            r.try_get("title")?,
            r.try_get("actor_id")?,
        ))
    })
}
