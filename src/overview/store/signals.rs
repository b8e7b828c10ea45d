//! Where the scope could do more: needs nobody pledged to, what it took over, its indicators'
//! figures, and what others started that it could back.

use super::{involving, period_days, push_counted};
use crate::actors::model::ActorKind;
use crate::initiatives::model::{Theme, ValueGoal};
use crate::mobilisation::model::ResourceKind;
use crate::overview::model::*;
use crate::platform::db::{self, Db, Row, SqlBuilder, Value, decode, rows_to};
use crate::platform::error::AppResult;

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
