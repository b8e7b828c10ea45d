//! Reading an overview: who may see which scope, the period asked for, and every figure of it
//! read at once. Pages, CSV and API all come through here.

use super::model::*;
use super::store::{
    self, FrequentPartner, FrontDoor, MunicipalUnit, PoolUse, Supportable, TakenOver, UnpledgedNeed,
};
use crate::initiatives::store::InitiativeCard;
use crate::mobilisation::model::Unit;
use crate::platform::auth::Viewer;
use crate::platform::db::Db;
use crate::platform::error::AppResult;
use crate::platform::i18n::Lang;
use crate::platform::permissions::{Action, can, require};
use crate::platform::time::{Period, today};
use jiff::civil::Date;

/// How many organisations the overview names as the most frequent partners.
pub const FREQUENT_PARTNERS: i64 = 10;
/// How many of the open needs nobody pledged to, and of the workshop ideas overdue for a fate,
/// it lists (the oldest first).
pub const UNPLEDGED_LISTED: i64 = 10;
/// How many initiatives and how many organisations the network draws at most.
pub const NETWORK_INITIATIVES: usize = 20;
/// How many participations the network is drawn from at most.
const NETWORK_LINKS: i64 = 400;
/// How many initiatives others started it suggests a department or a unit could back.
pub const SUPPORTABLE_LISTED: i64 = 10;

/// The period asked for; by default the twelve months up to today. A reversed one is turned
/// round.
pub fn period(from: Option<Date>, to: Option<Date>) -> Period {
    let to_day = to.unwrap_or_else(today);
    let year_before = to_day
        .checked_sub(jiff::Span::new().years(1))
        .and_then(|d| d.tomorrow())
        .unwrap_or(to_day);
    Period::between(from.unwrap_or(year_before), to_day)
}

/// The scope a viewer starts from: the department they work in, or the city.
fn home_scope(viewer: Option<&Viewer>, all: &[MunicipalUnit]) -> Scope {
    viewer
        .and_then(|v| {
            all.iter()
                .find(|u| can(Some(v), Action::ActFor(u.id)) && u.department_id.is_some())
        })
        .and_then(|u| u.department_id)
        .map_or(Scope::City, Scope::Department)
}

/// The scopes a viewer may choose: the city, and the departments (with their units) they may
/// see.
pub fn visible_scopes(viewer: Option<&Viewer>, all: &[MunicipalUnit]) -> Vec<Scope> {
    let mut scopes = vec![Scope::City];
    for d in all.iter().filter(|u| u.parent_id.is_none()) {
        if may_see_department(viewer, all, d.id) {
            scopes.push(Scope::Department(d.id));
            scopes.extend(
                all.iter()
                    .filter(|u| u.department_id == Some(d.id) && u.id != d.id)
                    .map(|u| Scope::Unit(u.id)),
            );
        }
    }
    scopes
}

fn may_see_department(viewer: Option<&Viewer>, all: &[MunicipalUnit], department: i64) -> bool {
    let units = department_units(all, department);
    can(viewer, Action::SeeDepartmentOverview { units: &units })
}

fn department_units(all: &[MunicipalUnit], department: i64) -> Vec<i64> {
    all.iter()
        .filter(|u| u.department_id == Some(department))
        .map(|u| u.id)
        .collect()
}

/// The scope asked for (the viewer's own department, or the city, when none is), its units,
/// and every unit, once the viewer may see it: the city's to anyone, a department's or a unit's
/// to those who work in that department.
pub async fn scope_units(
    db: &Db,
    viewer: Option<&Viewer>,
    asked: Option<Scope>,
) -> AppResult<(Scope, Vec<MunicipalUnit>, Vec<MunicipalUnit>)> {
    let all = store::municipal_units(db).await?;
    let scope = asked.unwrap_or_else(|| home_scope(viewer, &all));
    let units = store::units_of(scope, &all)?;
    if scope != Scope::City {
        let department = units
            .first()
            .and_then(|u| u.department_id)
            .unwrap_or_default();
        let units = department_units(&all, department);
        require(viewer, Action::SeeDepartmentOverview { units: &units })?;
    }
    Ok((scope, units, all))
}

/// Everything the overview shows for a selection.
pub struct Overview {
    pub selection: Selection,
    /// The scope's units, in alphabetical order.
    pub units: Vec<MunicipalUnit>,
    pub tallies: Vec<Tally>,
    pub goals: Vec<GoalTally>,
    pub partners: Vec<(PartnerArena, i64, i64)>,
    pub frequent: Vec<FrequentPartner>,
    pub given: Vec<(PartnerArena, Unit, i64)>,
    pub given_by_units: Vec<(i64, Unit, i64)>,
    pub pools: Vec<PoolUse>,
    pub front_doors: Vec<FrontDoor>,
    pub unpledged: i64,
    pub oldest_unpledged: Vec<UnpledgedNeed>,
    pub taken_over: Vec<TakenOver>,
    /// Workshop ideas of the scope's workshops without the fate they are due, and the oldest.
    pub overdue_ideas: i64,
    pub oldest_overdue_ideas: Vec<crate::workshops::store::OverdueIdea>,
    /// Who of the frequent partners and the scope's units takes part in which initiatives:
    /// (initiative, title, actor).
    pub links: Vec<(i64, String, i64)>,
    /// For a department or a unit: what others started near its work that it could back.
    pub supportable: Vec<Supportable>,
}

impl Overview {
    pub fn unit_name(&self, id: i64) -> &str {
        self.units
            .iter()
            .find(|u| u.id == id)
            .map_or("", |u| u.name.as_str())
    }
}

pub async fn overview(
    db: &Db,
    selection: Selection,
    units: Vec<MunicipalUnit>,
) -> AppResult<Overview> {
    let ids: Vec<i64> = units.iter().map(|u| u.id).collect();
    let sel = &selection;
    let (groups, figures, partners, frequent, given, given_by_units) = tokio::try_join!(
        store::tallies(db, sel, &ids),
        store::indicator_figures(db, sel, &ids),
        store::partners(db, sel, &ids),
        store::frequent_partners(db, sel, &ids, FREQUENT_PARTNERS),
        store::given_by_arena(db, sel, &ids),
        store::given_by_units(db, sel, &ids),
    )?;
    let mut linked: Vec<i64> = frequent.iter().map(|p| p.id).collect();
    linked.extend(&ids);
    let hosts = (selection.scope != Scope::City).then_some(ids.as_slice());
    let (pools, front_doors, (unpledged, oldest_unpledged), taken_over, links, overdue) = tokio::try_join!(
        store::pools(db, sel, &ids),
        store::front_doors(db, sel, &ids),
        store::unpledged_needs(db, sel, &ids, UNPLEDGED_LISTED),
        store::taken_over(db, &ids),
        store::links(db, sel, &ids, &linked, NETWORK_LINKS),
        crate::workshops::store::overdue_ideas(db, hosts, UNPLEDGED_LISTED),
    )?;
    let (overdue_ideas, oldest_overdue_ideas) = overdue;
    let supportable = match selection.scope {
        Scope::City => Vec::new(),
        _ => {
            let (mut themes, mut places) = (Vec::new(), Vec::new());
            for (t, _) in &groups {
                if !themes.contains(&t.theme) {
                    themes.push(t.theme);
                }
                if !places.contains(&t.neighbourhood) {
                    places.push(t.neighbourhood.clone());
                }
            }
            store::supportable(db, &ids, &themes, &places, SUPPORTABLE_LISTED).await?
        }
    };
    Ok(Overview {
        supportable,
        links,
        goals: goal_tallies(&groups, &figures),
        tallies: groups.into_iter().map(|(t, _)| t).collect(),
        selection,
        units,
        partners,
        frequent,
        given,
        given_by_units,
        pools,
        front_doors,
        unpledged,
        oldest_unpledged,
        taken_over,
        overdue_ideas,
        oldest_overdue_ideas,
    })
}

/// A page of the initiatives behind a figure.
pub async fn behind(
    db: &Db,
    selection: &Selection,
    units: &[MunicipalUnit],
    facet: &Facet,
    page: i64,
    lang: Lang,
) -> AppResult<(Vec<InitiativeCard>, bool)> {
    let ids: Vec<i64> = units.iter().map(|u| u.id).collect();
    store::initiatives(
        db,
        selection,
        &ids,
        facet,
        page,
        crate::initiatives::store::PER_PAGE_DEFAULT,
        lang,
    )
    .await
}
