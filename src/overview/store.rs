//! The overview's figures, read with a fixed number of statements whatever the size of the city:
//! every statement counts in the database and returns groups, never one row per initiative.

use super::model::*;
use crate::actors::model::ActorKind;
use crate::initiatives::model::{
    InitiatingSide, Stage, Status, Theme, ValueGoal, value_goals_from_codes,
};
use crate::initiatives::store::{CARD_COLUMNS, InitiativeCard, card};
use crate::mobilisation::model::{ResourceKind, Unit};
use crate::platform::db::{self, Db, Row, SqlBuilder, Value, decode, rows_to};
use crate::platform::error::{AppError, AppResult};
use crate::platform::i18n::Lang;
use crate::platform::time::now;
use crate::requests::model::median;

/// A municipal unit, where it sits in the organisation.
#[derive(Clone, Debug, PartialEq)]
pub struct MunicipalUnit {
    pub id: i64,
    pub name: String,
    pub parent_id: Option<i64>,
    pub department_id: Option<i64>,
}

/// Every municipal unit, in Danish alphabetical order.
pub async fn municipal_units(db: &Db) -> AppResult<Vec<MunicipalUnit>> {
    let rows = db::query(
        "SELECT id, name, parent_id, department_id FROM actors WHERE kind = 'municipal_unit' \
         ORDER BY sort_name, id",
    )
    .fetch_all(db.pool())
    .await?;
    rows_to(&rows, |r| {
        Ok(MunicipalUnit {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
            parent_id: r.try_get("parent_id")?,
            department_id: r.try_get("department_id")?,
        })
    })
}

/// The units a scope speaks for: every unit for the city, a department's units, or a unit and
/// those under it; `NotFound` for a scope that names no such department or unit.
pub fn units_of(scope: Scope, all: &[MunicipalUnit]) -> AppResult<Vec<MunicipalUnit>> {
    let units: Vec<MunicipalUnit> = match scope {
        Scope::City => all.to_vec(),
        Scope::Department(d) => {
            let is_department = all.iter().any(|u| u.id == d && u.parent_id.is_none());
            all.iter()
                .filter(|u| is_department && u.department_id == Some(d))
                .cloned()
                .collect()
        }
        Scope::Unit(id) => {
            let mut ids = vec![id];
            let mut i = 0;
            while i < ids.len() {
                let parent = ids[i];
                ids.extend(
                    all.iter()
                        .filter(|u| u.parent_id == Some(parent))
                        .map(|u| u.id),
                );
                i += 1;
            }
            all.iter()
                .filter(|u| ids.contains(&u.id))
                .cloned()
                .collect()
        }
    };
    if units.is_empty() {
        return Err(AppError::NotFound);
    }
    Ok(units)
}

/// The SQL that tells whether an initiative `i` is stuck now, with its moment bound.
fn stuck_sql(sql: &mut SqlBuilder) -> String {
    let before = sql.bind(Value::Int(now() - STUCK_AFTER_DAYS * 86_400));
    let statuses: Vec<String> = PASSING_STATUSES
        .iter()
        .map(|s| format!("'{}'", s.code()))
        .collect();
    format!(
        "(i.status IN ({}) AND i.status_since < {before})",
        statuses.join(", ")
    )
}

/// Appends the condition for the initiatives a selection counts (`i`): going at some time in
/// its period, and for a department or a unit, one its units owns, started, is anchored in,
/// takes part in or gave to.
fn push_counted(sql: &mut SqlBuilder, sel: &Selection, units: &[i64]) {
    let (start, end) = sel.period.moments();
    let end = sql.bind(Value::Int(end));
    let start = sql.bind(Value::Int(start));
    sql.push(&format!(
        " i.created_at < {end} AND (i.concluded_at IS NULL OR i.concluded_at >= {start})"
    ));
    if sel.scope != Scope::City {
        let ours = involving(sql, units);
        sql.push(&format!(" AND i.id IN {ours}"));
    }
}

/// The ids of the initiatives the units own, started, are anchored in, take part in or gave to,
/// as a subquery with the units bound.
fn involving(sql: &mut SqlBuilder, units: &[i64]) -> String {
    let ids = sql.bind_ids(units);
    format!(
        "(SELECT initiative_id FROM initiative_participants WHERE actor_id IN ({ids}) \
         UNION SELECT id FROM initiatives WHERE owner_id IN ({ids}) \
         UNION SELECT id FROM initiatives WHERE started_by_id IN ({ids}) \
         UNION SELECT id FROM initiatives WHERE department_id IN ({ids}) \
         UNION SELECT initiative_id FROM contributions WHERE actor_id IN ({ids}) \
         UNION SELECT initiative_id FROM unit_contributions WHERE actor_id IN ({ids}))"
    )
}

/// Appends what a facet asks of the initiatives `i`.
fn push_facet(sql: &mut SqlBuilder, facet: &Facet) {
    let mut eq = |column: &str, value: Option<&str>| {
        if let Some(v) = value {
            let p = sql.bind(Value::Text(v.into()));
            sql.push(&format!(" AND {column} = {p}"));
        }
    };
    eq("i.stage", facet.stage.map(Stage::code));
    eq("i.initiating_side", facet.side.map(InitiatingSide::code));
    eq("i.status", facet.status.map(Status::code));
    eq("i.theme", facet.theme.map(Theme::code));
    eq("i.neighbourhood", facet.neighbourhood.as_deref());
    if facet.stuck {
        let stuck = stuck_sql(sql);
        sql.push(&format!(" AND {stuck}"));
    }
}

/// The selection's initiatives in groups of the same typology, stage, theme, neighbourhood and
/// value goals, counted with how many of them are stuck: one pass over a covering index, in its
/// order.
pub async fn tallies(
    db: &Db,
    sel: &Selection,
    units: &[i64],
) -> AppResult<Vec<(Tally, Vec<ValueGoal>)>> {
    let mut sql = SqlBuilder::default();
    let stuck = stuck_sql(&mut sql);
    sql.push(&format!(
        "SELECT i.stage, i.initiating_side, i.status, i.theme, i.neighbourhood, i.value_goals, \
         COUNT(*) AS n, CAST(SUM(CASE WHEN {stuck} THEN 1 ELSE 0 END) AS BIGINT) AS stuck \
         FROM initiatives i WHERE"
    ));
    push_counted(&mut sql, sel, units);
    sql.push(
        " GROUP BY i.stage, i.initiating_side, i.status, i.theme, i.neighbourhood, i.value_goals",
    );
    let rows = sql.query().fetch_all(db.pool()).await?;
    rows_to(&rows, |r| {
        let goals: String = r.try_get("value_goals")?;
        Ok((
            Tally {
                stage: decode(r, "stage", Stage::parse)?,
                side: decode(r, "initiating_side", InitiatingSide::parse)?,
                status: decode(r, "status", Status::parse)?,
                theme: decode(r, "theme", Theme::parse)?,
                neighbourhood: r.try_get("neighbourhood")?,
                initiatives: r.try_get("n")?,
                stuck: r.try_get("stuck")?,
            },
            value_goals_from_codes(&goals),
        ))
    })
}

/// A page of the initiatives behind a figure, by title, and whether there is another.
pub async fn initiatives(
    db: &Db,
    sel: &Selection,
    units: &[i64],
    facet: &Facet,
    page: i64,
    per_page: i64,
    lang: Lang,
) -> AppResult<(Vec<InitiativeCard>, bool)> {
    let mut sql = SqlBuilder::new(&format!(
        "SELECT {CARD_COLUMNS} FROM initiatives i JOIN actors o ON o.id = i.owner_id WHERE"
    ));
    push_counted(&mut sql, sel, units);
    push_facet(&mut sql, facet);
    sql.push(" ORDER BY i.sort_title, i.id");
    sql.limit(per_page + 1, (page - 1) * per_page);
    let rows = sql.query().fetch_all(db.pool()).await?;
    let mut cards = rows
        .iter()
        .map(|r| card(r, lang))
        .collect::<Result<Vec<_>, _>>()?;
    let more = cards.len() as i64 > per_page;
    cards.truncate(per_page as usize);
    Ok((cards, more))
}

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

const GIVEN: &str = "(SELECT initiative_id, actor_id, unit, amount, given_on FROM contributions \
     UNION ALL SELECT initiative_id, actor_id, unit, amount, given_on FROM unit_contributions) g";

/// Binds the period's first and last day as ISO dates, as `given_on` holds them.
fn period_days(sql: &mut SqlBuilder, sel: &Selection) -> (String, String) {
    (
        sql.bind(Value::Text(sel.period.from.to_string())),
        sql.bind(Value::Text(sel.period.to.to_string())),
    )
}

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

/// An open need of one of the selection's initiatives that nobody has pledged to.
#[derive(Clone, Debug, PartialEq)]
pub struct UnpledgedNeed {
    pub id: i64,
    pub title: String,
    pub kind: ResourceKind,
    pub since: i64,
    pub initiative_id: i64,
    pub initiative_title: String,
}

/// How many open needs of the scope's initiatives nobody has pledged to, now, and the oldest
/// `limit` of them.
pub async fn unpledged_needs(
    db: &Db,
    sel: &Selection,
    units: &[i64],
    limit: i64,
) -> AppResult<(i64, Vec<UnpledgedNeed>)> {
    let unpledged = |start: &str| {
        let mut sql = SqlBuilder::new(start);
        sql.push(" WHERE n.status = 'open' AND n.first_pledged_at IS NULL");
        if sel.scope != Scope::City {
            let ours = involving(&mut sql, units);
            sql.push(&format!(" AND n.initiative_id IN {ours}"));
        }
        sql
    };
    let count = unpledged("SELECT COUNT(*) AS n FROM needs n");
    let mut oldest = unpledged(
        "SELECT n.id, n.title, n.kind, n.created_at, i.id AS initiative_id, i.title AS initiative_title \
         FROM needs n JOIN initiatives i ON i.id = n.initiative_id",
    );
    oldest.push(" ORDER BY n.created_at, n.id");
    oldest.limit(limit, 0);
    let (count, oldest) = (count.query(), oldest.query());
    let (total, rows) = tokio::try_join!(count.fetch_one(db.pool()), oldest.fetch_all(db.pool()))?;
    let total: i64 = total.try_get("n")?;
    let needs = rows_to(&rows, |r| {
        Ok(UnpledgedNeed {
            id: r.try_get("id")?,
            title: r.try_get("title")?,
            kind: decode(r, "kind", ResourceKind::parse)?,
            since: r.try_get("created_at")?,
            initiative_id: r.try_get("initiative_id")?,
            initiative_title: r.try_get("initiative_title")?,
        })
    })?;
    Ok((total, needs))
}

/// An initiative others started that one of the scope's units owns now.
#[derive(Clone, Debug, PartialEq)]
pub struct TakenOver {
    pub id: i64,
    pub title: String,
    /// The starting organisation by name; none when citizens started it.
    pub starter: Option<(i64, String)>,
    pub owner_id: i64,
    pub owner_name: String,
    pub handed_over_at: Option<i64>,
    pub reason: String,
    /// Whether its starters still coordinate it.
    pub starters_lead: bool,
}

/// Initiatives citizens, associations, businesses or institutions started that the scope's
/// units own now, the latest hand-over first.
pub async fn taken_over(db: &Db, units: &[i64]) -> AppResult<Vec<TakenOver>> {
    let mut sql = SqlBuilder::default();
    let ours = sql.bind_ids(units);
    sql.push(&format!(
        "SELECT i.id, i.title, s.id AS starter_id, s.name AS starter_name, s.kind AS starter_kind, \
         o.id AS owner_id, o.name AS owner_name, w.from_at, COALESCE(w.reason, '') AS reason, \
         CAST(CASE WHEN EXISTS (SELECT 1 FROM initiative_participants p WHERE p.initiative_id = i.id \
         AND p.actor_id = i.started_by_id AND p.role = 'coordinator') THEN 1 ELSE 0 END AS BIGINT) AS starters_lead \
         FROM initiatives i JOIN actors o ON o.id = i.owner_id JOIN actors s ON s.id = i.started_by_id \
         LEFT JOIN initiative_ownership w ON w.initiative_id = i.id AND w.to_at IS NULL \
         WHERE i.owner_id IN ({ours}) AND i.initiating_side = 'civic' \
         ORDER BY w.from_at DESC, i.id DESC"
    ));
    let rows = sql.query().fetch_all(db.pool()).await?;
    rows_to(&rows, taken_over_row)
}

fn taken_over_row(r: &Row) -> Result<TakenOver, db::Error> {
    let starter_kind = decode(r, "starter_kind", ActorKind::parse)?;
    Ok(TakenOver {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        starter: match starter_kind {
            ActorKind::Person => None,
            _ => Some((r.try_get("starter_id")?, r.try_get("starter_name")?)),
        },
        owner_id: r.try_get("owner_id")?,
        owner_name: r.try_get("owner_name")?,
        handed_over_at: r.try_get("from_at")?,
        reason: r.try_get("reason")?,
        starters_lead: r.try_get::<i64, _>("starters_lead")? == 1,
    })
}

/// Every indicator of the selection's initiatives with its latest standing figure for a period
/// ending in the selection's.
pub async fn indicator_figures(
    db: &Db,
    sel: &Selection,
    units: &[i64],
) -> AppResult<Vec<IndicatorFigure>> {
    let mut sql = SqlBuilder::default();
    let (from, to) = period_days(&mut sql, sel);
    sql.push(&format!(
        "SELECT x.id, x.initiative_id, x.value_goal, x.baseline_value, x.target_value, m.value \
         FROM indicators x JOIN initiatives i ON i.id = x.initiative_id \
         LEFT JOIN measurements m ON m.indicator_id = x.id AND m.period_to >= {from} AND m.period_to <= {to} \
         AND NOT EXISTS (SELECT 1 FROM measurements c WHERE c.supersedes = m.id) WHERE"
    ));
    push_counted(&mut sql, sel, units);
    sql.push(" ORDER BY x.id, m.period_to, m.id");
    let rows = sql.query().fetch_all(db.pool()).await?;
    let mut figures: Vec<(i64, IndicatorFigure)> = Vec::new();
    for r in &rows {
        let id: i64 = r.try_get("id")?;
        let value: Option<f64> = r.try_get("value")?;
        match figures.last_mut() {
            Some((last, f)) if *last == id => f.latest = value.or(f.latest),
            _ => figures.push((
                id,
                IndicatorFigure {
                    initiative_id: r.try_get("initiative_id")?,
                    goal: decode(r, "value_goal", ValueGoal::parse)?,
                    baseline: r.try_get("baseline_value")?,
                    target: r.try_get("target_value")?,
                    latest: value,
                },
            )),
        }
    }
    Ok(figures.into_iter().map(|(_, f)| f).collect())
}

/// An initiative others started, near the scope's work, that it could back instead of starting
/// its own.
#[derive(Clone, Debug, PartialEq)]
pub struct Supportable {
    pub id: i64,
    pub title: String,
    /// The starting organisation by name; none when citizens started it.
    pub starter: Option<(i64, String)>,
    pub theme: Theme,
    pub neighbourhood: String,
    pub open_needs: i64,
}

/// How many of the newest candidates the suggestions are chosen from.
const SUPPORTABLE_CANDIDATES: i64 = 300;

/// Going initiatives that citizens, associations, businesses or institutions started, in the
/// given themes or neighbourhoods, that none of the units takes part in: of the newest few
/// hundred, those sharing a theme first, then those with most open needs.
pub async fn supportable(
    db: &Db,
    units: &[i64],
    themes: &[Theme],
    neighbourhoods: &[String],
    limit: i64,
) -> AppResult<Vec<Supportable>> {
    if themes.is_empty() && neighbourhoods.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = SqlBuilder::default();
    let list = |sql: &mut SqlBuilder, values: Vec<String>| match values.is_empty() {
        true => "NULL".to_string(),
        false => values
            .into_iter()
            .map(|v| sql.bind(Value::Text(v)))
            .collect::<Vec<_>>()
            .join(", "),
    };
    let themes = list(
        &mut sql,
        themes.iter().map(|t| t.code().to_string()).collect(),
    );
    let places = list(
        &mut sql,
        neighbourhoods
            .iter()
            .filter(|n| !n.is_empty())
            .cloned()
            .collect(),
    );
    let ours = involving(&mut sql, units);
    // The newest candidates are ranked, so a common theme costs the same at any size of city.
    sql.push(&format!(
        "SELECT i.id, i.title, i.theme, i.neighbourhood, s.id AS starter_id, s.name AS starter_name, \
         s.kind AS starter_kind, (SELECT COUNT(*) FROM needs n WHERE n.initiative_id = i.id \
         AND n.status IN ('open', 'partly_met')) AS open_needs, \
         CAST(CASE WHEN i.theme IN ({themes}) THEN 1 ELSE 0 END AS BIGINT) AS same_theme \
         FROM (SELECT c.id FROM initiatives c WHERE c.initiating_side = 'civic' \
         AND c.status IN ('idea', 'mobilising', 'active') \
         AND (c.theme IN ({themes}) OR c.neighbourhood IN ({places})) AND c.id NOT IN {ours} \
         ORDER BY c.updated_at DESC, c.id DESC LIMIT {SUPPORTABLE_CANDIDATES}) newest \
         JOIN initiatives i ON i.id = newest.id JOIN actors s ON s.id = i.started_by_id \
         ORDER BY same_theme DESC, open_needs DESC, i.updated_at DESC, i.id DESC"
    ));
    sql.limit(limit, 0);
    let rows = sql.query().fetch_all(db.pool()).await?;
    rows_to(&rows, |r| {
        Ok(Supportable {
            id: r.try_get("id")?,
            title: r.try_get("title")?,
            starter: match decode(r, "starter_kind", ActorKind::parse)? {
                ActorKind::Person => None,
                _ => Some((r.try_get("starter_id")?, r.try_get("starter_name")?)),
            },
            theme: decode(r, "theme", Theme::parse)?,
            neighbourhood: r.try_get("neighbourhood")?,
            open_needs: r.try_get("open_needs")?,
        })
    })
}
