//! The overview's figures, read with a fixed number of statements whatever the size of the city:
//! every statement counts in the database and returns groups, never one row per initiative.
//! Here the scope and the initiatives it counts; beside them, its partners (`partners.rs`), what
//! was given (`given.rs`) and where it could do more (`signals.rs`).

mod given;
mod partners;
mod signals;

pub use given::*;
pub use partners::*;
pub use signals::*;

use super::model::*;
use crate::initiatives::model::{
    InitiatingSide, Stage, Status, Theme, ValueGoal, value_goals_from_codes,
};
use crate::initiatives::store::{CARD_COLUMNS, InitiativeCard, card};
use crate::moderation::model::{ContentKind, visible};
use crate::platform::db::{self, Db, SqlBuilder, Value, decode, rows_to};
use crate::platform::error::{AppError, AppResult};
use crate::platform::i18n::Lang;
use crate::platform::time::now;

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
pub(super) fn stuck_sql(sql: &mut SqlBuilder) -> String {
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
pub(super) fn push_counted(sql: &mut SqlBuilder, sel: &Selection, units: &[i64]) {
    let (start, end) = sel.period.moments();
    let end = sql.bind(Value::Int(end));
    let start = sql.bind(Value::Int(start));
    sql.push(&format!(
        " i.created_at < {end} AND (i.concluded_at IS NULL OR i.concluded_at >= {start}) AND {}",
        visible(ContentKind::Initiative, "i")
    ));
    if sel.scope != Scope::City {
        let ours = involving(sql, units);
        sql.push(&format!(" AND i.id IN {ours}"));
    }
}

/// The ids of the initiatives the units own, started, are anchored in, take part in or gave to,
/// as a subquery with the units bound.
pub(super) fn involving(sql: &mut SqlBuilder, units: &[i64]) -> String {
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

/// Binds the period's first and last day as ISO dates, as `given_on` holds them.
pub(super) fn period_days(sql: &mut SqlBuilder, sel: &Selection) -> (String, String) {
    (
        sql.bind(Value::Text(sel.period.from.to_string())),
        sql.bind(Value::Text(sel.period.to.to_string())),
    )
}
