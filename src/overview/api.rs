//! The overview in the JSON API: the same figures as the page, for the city (open to anyone)
//! or for a department or unit (to those who work in its department).

use super::actions::{self, Overview};
use super::model::*;
use crate::initiatives::model::{InitiatingSide, Stage, Status, Theme};
use crate::mobilisation::model::{ResourceKind, Unit};
use crate::platform::auth::OptionalApiCaller;
use crate::platform::error::{AppError, AppResult, answers};
use crate::platform::time::{api_day, rfc3339};
use crate::platform::web::AppState;
use axum::Json;
use axum::extract::{Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct OverviewQuery {
    /// `city` (default), `department-{id}` (a department with all its units) or `unit-{id}`
    /// (a unit with those under it).
    pub scope: Option<String>,
    /// The period's first day (default: a year before its last).
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<String>,
    /// The period's last day (default: today).
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct OverviewTypology {
    pub stage: Stage,
    pub side: InitiatingSide,
    pub initiatives: i64,
}

#[derive(Serialize, ToSchema)]
pub struct OverviewStatus {
    pub status: Status,
    pub initiatives: i64,
    /// Of those, how many have stood in it longer than the overview's threshold.
    pub stuck: i64,
}

#[derive(Serialize, ToSchema)]
pub struct OverviewTheme {
    pub theme: Theme,
    pub initiatives: i64,
}

#[derive(Serialize, ToSchema)]
pub struct OverviewNeighbourhood {
    /// Empty for initiatives without one.
    pub neighbourhood: String,
    pub initiatives: i64,
}

#[derive(Serialize, ToSchema)]
pub struct OverviewArena {
    pub arena: PartnerArena,
    pub partners: i64,
    pub participations: i64,
}

#[derive(Serialize, ToSchema)]
pub struct OverviewPartner {
    pub actor_id: i64,
    pub name: String,
    pub arena: PartnerArena,
    pub initiatives: i64,
}

#[derive(Serialize, ToSchema)]
pub struct OverviewGiven {
    pub arena: PartnerArena,
    pub unit: Unit,
    pub amount: i64,
}

#[derive(Serialize, ToSchema)]
pub struct OverviewUnitGiven {
    pub actor_id: i64,
    pub name: String,
    pub unit: Unit,
    pub amount: i64,
}

#[derive(Serialize, ToSchema)]
pub struct OverviewPool {
    pub pool_id: i64,
    pub actor_id: i64,
    pub name: String,
    pub budget_ore: i64,
    pub granted_ore: i64,
    pub granted_in_period_ore: i64,
}

/// A workshop's idea that should have had its fate by now.
#[derive(Serialize, ToSchema)]
pub struct OverviewIdea {
    pub idea_id: i64,
    pub text: String,
    /// `parked` when its parking ran out; none when nobody decided in time.
    pub fate: Option<crate::workshops::model::Fate>,
    pub workshop_id: i64,
    pub workshop_title: String,
    #[schema(format = DateTime)]
    pub workshop_ended_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct OverviewNeed {
    pub need_id: i64,
    pub title: String,
    pub kind: ResourceKind,
    pub initiative_id: i64,
    pub initiative_title: String,
    #[schema(format = DateTime)]
    pub created_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct OverviewFrontDoor {
    pub actor_id: i64,
    pub name: String,
    pub waiting: i64,
    #[schema(format = DateTime)]
    pub oldest_waiting_since: Option<String>,
    pub decided: i64,
    pub median_seconds_to_decision: Option<i64>,
}

#[derive(Serialize, ToSchema)]
pub struct OverviewTakenOver {
    pub initiative_id: i64,
    pub title: String,
    /// The organisation that started it; none when citizens did.
    pub started_by_id: Option<i64>,
    pub started_by_name: Option<String>,
    pub owner_id: i64,
    pub owner_name: String,
    #[schema(format = DateTime)]
    pub handed_over_at: Option<String>,
    pub reason: String,
    pub starters_coordinate: bool,
}

#[derive(Serialize, ToSchema)]
pub struct OverviewSupportable {
    pub initiative_id: i64,
    pub title: String,
    /// The organisation that started it; none when citizens did.
    pub started_by_id: Option<i64>,
    pub started_by_name: Option<String>,
    pub theme: Theme,
    pub neighbourhood: String,
    pub open_needs: i64,
}

#[derive(Serialize, ToSchema)]
pub struct OverviewDto {
    pub scope: String,
    #[schema(format = Date)]
    pub from: String,
    #[schema(format = Date)]
    pub to: String,
    /// Initiatives going at some time during the period.
    pub initiatives: i64,
    pub stuck_after_days: i64,
    pub typology: Vec<OverviewTypology>,
    pub by_status: Vec<OverviewStatus>,
    pub by_theme: Vec<OverviewTheme>,
    pub by_neighbourhood: Vec<OverviewNeighbourhood>,
    pub partners: Vec<OverviewArena>,
    pub frequent_partners: Vec<OverviewPartner>,
    pub given: Vec<OverviewGiven>,
    pub given_by_units: Vec<OverviewUnitGiven>,
    pub pools: Vec<OverviewPool>,
    pub goals: Vec<GoalTally>,
    pub unpledged_needs: i64,
    pub oldest_unpledged_needs: Vec<OverviewNeed>,
    /// Ideas of the scope's workshops (every workshop's, for the city) overdue for a fate.
    pub overdue_ideas: i64,
    /// The oldest of them.
    pub oldest_overdue_ideas: Vec<OverviewIdea>,
    pub front_doors: Vec<OverviewFrontDoor>,
    pub taken_over: Vec<OverviewTakenOver>,
    /// For a department or a unit: initiatives others started in its themes and neighbourhoods
    /// that it does not take part in yet.
    pub supportable: Vec<OverviewSupportable>,
}

#[utoipa::path(get, path = "/api/v1/overview", tag = "overview", params(OverviewQuery),
    responses((status = 200, body = OverviewDto), answers::BadRequest, answers::Forbidden, answers::NotFound))]
/// Where the municipality co-creates and with whom, what is given, where it succeeds and where
/// it has taken over what others started: the whole city for anyone; a department or a unit for
/// those who work in that department (with a bearer token).
pub async fn overview(
    State(state): State<AppState>,
    OptionalApiCaller(caller): OptionalApiCaller,
    Query(q): Query<OverviewQuery>,
) -> AppResult<Json<OverviewDto>> {
    let scope = match q.scope.as_deref().map(str::trim) {
        None | Some("") => Scope::City,
        Some(s) => Scope::parse(s).ok_or(AppError::NotFound)?,
    };
    let period = actions::period(api_day(q.from.as_deref())?, api_day(q.to.as_deref())?);
    let (_, units, _) = actions::scope_units(&state.db, caller.as_ref(), Some(scope)).await?;
    let o = actions::overview(&state.db, Selection { scope, period }, units).await?;
    Ok(Json(dto(&o)))
}

fn dto(o: &Overview) -> OverviewDto {
    let t = &o.tallies;
    let n = |f: Facet| count(t, &f);
    OverviewDto {
        scope: o.selection.scope.code(),
        from: o.selection.period.from.to_string(),
        to: o.selection.period.to.to_string(),
        initiatives: n(Facet::default()),
        stuck_after_days: STUCK_AFTER_DAYS,
        typology: Stage::ALL
            .iter()
            .flat_map(|&stage| InitiatingSide::ALL.iter().map(move |&side| (stage, side)))
            .map(|(stage, side)| OverviewTypology {
                stage,
                side,
                initiatives: n(Facet {
                    stage: Some(stage),
                    side: Some(side),
                    ..Facet::default()
                }),
            })
            .collect(),
        by_status: Status::ALL
            .iter()
            .map(|&status| OverviewStatus {
                status,
                initiatives: n(Facet {
                    status: Some(status),
                    ..Facet::default()
                }),
                stuck: n(Facet {
                    status: Some(status),
                    stuck: true,
                    ..Facet::default()
                }),
            })
            .collect(),
        by_theme: by(t, |x| x.theme.code())
            .into_iter()
            .filter_map(|(code, initiatives)| {
                Some(OverviewTheme {
                    theme: Theme::parse(code)?,
                    initiatives,
                })
            })
            .collect(),
        by_neighbourhood: by(t, |x| x.neighbourhood.clone())
            .into_iter()
            .map(|(neighbourhood, initiatives)| OverviewNeighbourhood {
                neighbourhood,
                initiatives,
            })
            .collect(),
        partners: o
            .partners
            .iter()
            .map(|&(arena, partners, participations)| OverviewArena {
                arena,
                partners,
                participations,
            })
            .collect(),
        frequent_partners: o
            .frequent
            .iter()
            .map(|p| OverviewPartner {
                actor_id: p.id,
                name: p.name.clone(),
                arena: PartnerArena::of(p.kind, false),
                initiatives: p.initiatives,
            })
            .collect(),
        given: o
            .given
            .iter()
            .map(|&(arena, unit, amount)| OverviewGiven {
                arena,
                unit,
                amount,
            })
            .collect(),
        given_by_units: o
            .given_by_units
            .iter()
            .map(|&(actor_id, unit, amount)| OverviewUnitGiven {
                actor_id,
                name: o.unit_name(actor_id).to_string(),
                unit,
                amount,
            })
            .collect(),
        pools: o
            .pools
            .iter()
            .map(|p| OverviewPool {
                pool_id: p.id,
                actor_id: p.unit_id,
                name: p.name.clone(),
                budget_ore: p.budget_ore,
                granted_ore: p.granted_ore,
                granted_in_period_ore: p.granted_in_period_ore,
            })
            .collect(),
        goals: o.goals.clone(),
        unpledged_needs: o.unpledged,
        oldest_unpledged_needs: o
            .oldest_unpledged
            .iter()
            .map(|n| OverviewNeed {
                need_id: n.id,
                title: n.title.clone(),
                kind: n.kind,
                initiative_id: n.initiative_id,
                initiative_title: n.initiative_title.clone(),
                created_at: rfc3339(n.since),
            })
            .collect(),
        overdue_ideas: o.overdue_ideas,
        oldest_overdue_ideas: o
            .oldest_overdue_ideas
            .iter()
            .map(|i| OverviewIdea {
                idea_id: i.id,
                text: i.text.clone(),
                fate: i.fate,
                workshop_id: i.workshop_id,
                workshop_title: i.workshop_title.clone(),
                workshop_ended_at: rfc3339(i.workshop_ends_at),
            })
            .collect(),
        front_doors: o
            .front_doors
            .iter()
            .map(|d| OverviewFrontDoor {
                actor_id: d.unit_id,
                name: o.unit_name(d.unit_id).to_string(),
                waiting: d.waiting,
                oldest_waiting_since: d.oldest_waiting_since.map(rfc3339),
                decided: d.decided,
                median_seconds_to_decision: d.median_seconds,
            })
            .collect(),
        taken_over: o
            .taken_over
            .iter()
            .map(|x| OverviewTakenOver {
                initiative_id: x.id,
                title: x.title.clone(),
                started_by_id: x.starter.as_ref().map(|s| s.0),
                started_by_name: x.starter.as_ref().map(|s| s.1.clone()),
                owner_id: x.owner_id,
                owner_name: x.owner_name.clone(),
                handed_over_at: x.handed_over_at.map(rfc3339),
                reason: x.reason.clone(),
                starters_coordinate: x.starters_lead,
            })
            .collect(),
        supportable: o
            .supportable
            .iter()
            .map(|x| OverviewSupportable {
                initiative_id: x.id,
                title: x.title.clone(),
                started_by_id: x.starter.as_ref().map(|s| s.0),
                started_by_name: x.starter.as_ref().map(|s| s.1.clone()),
                theme: x.theme,
                neighbourhood: x.neighbourhood.clone(),
                open_needs: x.open_needs,
            })
            .collect(),
    }
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(overview))
}
