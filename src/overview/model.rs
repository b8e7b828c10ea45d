//! What the overview counts and how: the scopes a leader chooses (the city, a department with
//! all its units, one unit with its sub-units), the arenas partners come from, when an initiative
//! is stuck, and when one citizens started has passed to the municipality.

use crate::actors::model::ActorKind;
use crate::initiatives::model::{InitiatingSide, Stage, Status, Theme, ValueGoal};
use crate::labelled_enum;
use crate::platform::time::Period;

/// Whose overview it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every initiative in the municipality.
    City,
    /// A department (magistratsafdeling) and all its units.
    Department(i64),
    /// One unit and the units under it.
    Unit(i64),
}

impl Scope {
    /// Read from a query string: `city`, `department-12`, `unit-34`; empty is `None`.
    pub fn parse(code: &str) -> Option<Scope> {
        let code = code.trim();
        if code == "city" {
            return Some(Scope::City);
        }
        let (level, id) = code.split_once('-')?;
        let id: i64 = id.parse().ok().filter(|id| *id > 0)?;
        match level {
            "department" => Some(Scope::Department(id)),
            "unit" => Some(Scope::Unit(id)),
            _ => None,
        }
    }

    pub fn code(self) -> String {
        match self {
            Scope::City => "city".into(),
            Scope::Department(id) => format!("department-{id}"),
            Scope::Unit(id) => format!("unit-{id}"),
        }
    }
}

/// A scope over a period: what every figure of one overview counts.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Selection {
    pub scope: Scope,
    pub period: Period,
}

/// An initiative is stuck when it has stood this long in a stage that should lead on.
pub const STUCK_AFTER_DAYS: i64 = 180;

/// The stages an initiative should not stay in: it is meant to move on from them.
pub const PASSING_STATUSES: [Status; 3] = [Status::Idea, Status::Mobilising, Status::Paused];

/// Whether an initiative in `status` since `since` is stuck at `now` (Unix seconds).
pub fn is_stuck(status: Status, since: i64, now: i64) -> bool {
    PASSING_STATUSES.contains(&status) && now - since > STUCK_AFTER_DAYS * 86_400
}

labelled_enum! {
    /// Where a partner or a giver comes from, seen from the scope: the scope's own units are
    /// "us", every other municipal unit is another part of the municipality.
    pub enum PartnerArena {
        Citizens = "citizens" => partner_arena_citizens,
        Associations = "associations" => partner_arena_associations,
        Businesses = "businesses" => partner_arena_businesses,
        Institutions = "institutions" => partner_arena_institutions,
        OtherUnits = "other_units" => partner_arena_other_units,
        Us = "us" => partner_arena_us,
    }
}

impl PartnerArena {
    /// The arena of an actor of `kind`, `ours` when it is one of the scope's units.
    pub fn of(kind: ActorKind, ours: bool) -> PartnerArena {
        match kind {
            ActorKind::Person => PartnerArena::Citizens,
            ActorKind::Association => PartnerArena::Associations,
            ActorKind::Business => PartnerArena::Businesses,
            ActorKind::Institution => PartnerArena::Institutions,
            ActorKind::MunicipalUnit if ours => PartnerArena::Us,
            ActorKind::MunicipalUnit => PartnerArena::OtherUnits,
        }
    }
}

/// One group of initiatives with the same typology, stage, theme and neighbourhood, counted,
/// with how many of them are stuck.
#[derive(Clone, Debug, PartialEq)]
pub struct Tally {
    pub stage: Stage,
    pub side: InitiatingSide,
    pub status: Status,
    pub theme: Theme,
    pub neighbourhood: String,
    pub initiatives: i64,
    pub stuck: i64,
}

/// What a figure of the portfolio counts: the initiatives behind it are those that match.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Facet {
    pub stage: Option<Stage>,
    pub side: Option<InitiatingSide>,
    pub status: Option<Status>,
    pub theme: Option<Theme>,
    pub neighbourhood: Option<String>,
    pub stuck: bool,
}

impl Facet {
    pub fn matches(&self, t: &Tally) -> bool {
        self.stage.is_none_or(|s| s == t.stage)
            && self.side.is_none_or(|s| s == t.side)
            && self.status.is_none_or(|s| s == t.status)
            && self.theme.is_none_or(|s| s == t.theme)
            && self
                .neighbourhood
                .as_deref()
                .is_none_or(|n| n == t.neighbourhood)
    }
}

/// How many initiatives of the tallies a facet counts.
pub fn count(tallies: &[Tally], facet: &Facet) -> i64 {
    tallies
        .iter()
        .filter(|t| facet.matches(t))
        .map(|t| match facet.stuck {
            true => t.stuck,
            false => t.initiatives,
        })
        .sum()
}

/// The values of one dimension that occur, with their counts, the largest first (ties by key).
pub fn by<K: Clone + Ord>(tallies: &[Tally], key: impl Fn(&Tally) -> K) -> Vec<(K, i64)> {
    let mut counted: std::collections::BTreeMap<K, i64> = std::collections::BTreeMap::new();
    for t in tallies {
        *counted.entry(key(t)).or_default() += t.initiatives;
    }
    let mut counted: Vec<(K, i64)> = counted.into_iter().collect();
    counted.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    counted
}

/// Whether a measured value has reached its target, coming from the baseline: a target above the
/// baseline is reached from below, one under it from above.
pub fn reached(baseline: Option<f64>, target: f64, value: f64) -> bool {
    match baseline {
        Some(b) if target < b => value <= target,
        _ => value >= target,
    }
}

/// One indicator of an initiative, with the latest figure a party gave for it in the period.
#[derive(Clone, Debug, PartialEq)]
pub struct IndicatorFigure {
    pub initiative_id: i64,
    pub goal: ValueGoal,
    pub baseline: Option<f64>,
    pub target: Option<f64>,
    pub latest: Option<f64>,
}

/// One value goal across the selection's initiatives: how many pursue it, how many measure it,
/// how many had a figure in the period, and of the indicators with a target and a figure, how
/// many reached it.
#[derive(Clone, Debug, PartialEq, serde::Serialize, utoipa::ToSchema)]
pub struct GoalTally {
    pub goal: ValueGoal,
    pub pursued: i64,
    pub measured: i64,
    pub with_figures: i64,
    pub targets: i64,
    pub reached: i64,
}

/// Each value goal, tallied from the groups of initiatives (with their goals) and their
/// indicators.
pub fn goal_tallies(
    groups: &[(Tally, Vec<ValueGoal>)],
    figures: &[IndicatorFigure],
) -> Vec<GoalTally> {
    ValueGoal::ALL
        .iter()
        .map(|&goal| {
            let of_goal: Vec<&IndicatorFigure> =
                figures.iter().filter(|f| f.goal == goal).collect();
            let initiatives = |keep: &dyn Fn(&IndicatorFigure) -> bool| {
                let mut ids: Vec<i64> = of_goal
                    .iter()
                    .filter(|f| keep(f))
                    .map(|f| f.initiative_id)
                    .collect();
                ids.sort_unstable();
                ids.dedup();
                ids.len() as i64
            };
            let judged: Vec<(f64, &IndicatorFigure)> = of_goal
                .iter()
                .filter_map(|f| Some((f.target?, *f)))
                .filter(|(_, f)| f.latest.is_some())
                .collect();
            GoalTally {
                goal,
                pursued: groups
                    .iter()
                    .filter(|(_, goals)| goals.contains(&goal))
                    .map(|(t, _)| t.initiatives)
                    .sum(),
                measured: initiatives(&|_| true),
                with_figures: initiatives(&|f| f.latest.is_some()),
                targets: judged.len() as i64,
                reached: judged
                    .iter()
                    .filter(|(target, f)| f.latest.is_some_and(|v| reached(f.baseline, *target, v)))
                    .count() as i64,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_read_back_what_they_write() {
        for s in [Scope::City, Scope::Department(4), Scope::Unit(17)] {
            assert_eq!(Scope::parse(&s.code()), Some(s));
        }
        for junk in [
            "",
            "department",
            "unit-",
            "unit-0",
            "unit--3",
            "team-3",
            "department-x",
        ] {
            assert_eq!(Scope::parse(junk), None, "{junk}");
        }
    }

    #[test]
    fn only_a_stage_meant_to_pass_can_be_stuck() {
        let now = 1_000 * 86_400;
        let long_ago = now - (STUCK_AFTER_DAYS + 1) * 86_400;
        let lately = now - (STUCK_AFTER_DAYS - 1) * 86_400;
        assert!(is_stuck(Status::Idea, long_ago, now));
        assert!(is_stuck(Status::Paused, long_ago, now));
        assert!(!is_stuck(Status::Mobilising, lately, now));
        assert!(!is_stuck(Status::Active, long_ago, now));
        assert!(!is_stuck(Status::Concluded, long_ago, now));
    }

    #[test]
    fn a_target_is_reached_from_the_side_of_its_baseline() {
        assert!(reached(Some(10.0), 20.0, 20.0));
        assert!(!reached(Some(10.0), 20.0, 19.0));
        assert!(reached(Some(30.0), 20.0, 18.0), "fewer days to a decision");
        assert!(!reached(Some(30.0), 20.0, 25.0));
        assert!(reached(None, 5.0, 6.0));
    }

    #[test]
    fn a_facet_counts_the_tallies_it_matches() {
        let tally = |theme, n, stuck| Tally {
            stage: Stage::CoCreation,
            side: InitiatingSide::Civic,
            status: Status::Idea,
            theme,
            neighbourhood: "Gellerup".into(),
            initiatives: n,
            stuck,
        };
        let tallies = [
            tally(Theme::Climate, 3, 3),
            tally(Theme::Health, 4, 0),
            tally(Theme::Climate, 2, 0),
        ];
        assert_eq!(count(&tallies, &Facet::default()), 9);
        let climate = Facet {
            theme: Some(Theme::Climate),
            ..Facet::default()
        };
        assert_eq!(count(&tallies, &climate), 5);
        let stuck = Facet {
            stuck: true,
            ..Facet::default()
        };
        assert_eq!(count(&tallies, &stuck), 3);
        assert_eq!(
            by(&tallies, |t| t.theme.code()),
            vec![("climate", 5), ("health", 4)]
        );
    }
}
