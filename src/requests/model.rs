//! The front door's rules: what a request must hold, a grant pool's conditions (intake dates,
//! the largest grant, the applicant's own share), the way a case moves, and what a decision
//! must say.

use crate::labelled_enum;
use crate::platform::error::FieldErrors;
use crate::platform::i18n::{Lang, Strings};
use crate::platform::input::{check_line, check_text};
use crate::text;
use jiff::civil::Date;

labelled_enum! {
    pub enum RequestKind {
        Help = "help" => request_kind_help,
        Permit = "permit" => request_kind_permit,
        Grant = "grant" => request_kind_grant,
    }
}

labelled_enum! {
    pub enum RequestStatus {
        Received = "received" => request_status_received,
        InProgress = "in_progress" => request_status_in_progress,
        AwaitingApplicant = "awaiting_applicant" => request_status_awaiting_applicant,
        Decided = "decided" => request_status_decided,
        Closed = "closed" => request_status_closed,
    }
}

labelled_enum! {
    pub enum Outcome {
        Granted = "granted" => outcome_granted,
        PartlyGranted = "partly_granted" => outcome_partly_granted,
        Declined = "declined" => outcome_declined,
    }
}

labelled_enum! {
    pub enum PoolStatus {
        Open = "open" => pool_status_open,
        Closed = "closed" => pool_status_closed,
    }
}

pub const TITLE_MAX: usize = 200;
pub const TEXT_MAX: usize = 10_000;
/// The largest sum anyone asks for or a pool holds, in øre (1 billion kr.).
pub const AMOUNT_MAX_ORE: i64 = 100_000_000_000;

impl RequestStatus {
    /// Whether the case is still being worked on (it counts in the queue).
    pub fn is_open(self) -> bool {
        matches!(
            self,
            RequestStatus::Received | RequestStatus::InProgress | RequestStatus::AwaitingApplicant
        )
    }
}

/// A request as the applicant writes it.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct RequestDraft {
    pub kind: RequestKind,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// For a grant: what is asked, and what the whole project costs.
    #[serde(default)]
    pub amount_ore: Option<i64>,
    #[serde(default)]
    pub project_cost_ore: Option<i64>,
    /// When it is needed (the day of the event).
    #[serde(default)]
    pub needed_on: Option<Date>,
    /// Where, for a permit: "Ingerslevs Boulevard between no. 10 and 30".
    #[serde(default)]
    pub place: String,
}

impl RequestDraft {
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_line(&mut errors, "title", &mut self.title, true, TITLE_MAX);
        check_text(
            &mut errors,
            "description",
            &mut self.description,
            true,
            TEXT_MAX,
        );
        check_line(
            &mut errors,
            "place",
            &mut self.place,
            self.kind == RequestKind::Permit,
            TITLE_MAX,
        );
        let in_range = |v: Option<i64>| v.is_none_or(|a| (1..=AMOUNT_MAX_ORE).contains(&a));
        if !in_range(self.amount_ore)
            || (self.kind == RequestKind::Grant && self.amount_ore.is_none())
        {
            errors.insert("amount", text!(err_amount));
        }
        if !in_range(self.project_cost_ore) {
            errors.insert("project_cost", text!(err_amount));
        }
        errors
    }
}

/// What a pool asks of every grant.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PoolRules {
    pub budget_ore: i64,
    #[serde(default)]
    pub max_grant_ore: Option<i64>,
    pub own_share_pct: i64,
    #[serde(default)]
    pub opens_on: Option<Date>,
    #[serde(default)]
    pub deadline: Option<Date>,
    #[serde(default)]
    pub decision_days: Option<i64>,
}

/// A pool as its unit describes it.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct PoolDraft {
    pub name: String,
    pub description: String,
    pub criteria: String,
    pub rules: PoolRules,
}

impl PoolDraft {
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_line(&mut errors, "name", &mut self.name, true, TITLE_MAX);
        check_text(
            &mut errors,
            "description",
            &mut self.description,
            false,
            TEXT_MAX,
        );
        check_text(&mut errors, "criteria", &mut self.criteria, false, TEXT_MAX);
        let r = &self.rules;
        if !(0..=AMOUNT_MAX_ORE).contains(&r.budget_ore) {
            errors.insert("budget", text!(err_amount));
        }
        if r.max_grant_ore
            .is_some_and(|m| !(1..=AMOUNT_MAX_ORE).contains(&m))
        {
            errors.insert("max_grant", text!(err_amount));
        }
        if !(0..=100).contains(&r.own_share_pct) {
            errors.insert("own_share", text!(err_percent));
        }
        if let (Some(o), Some(d)) = (r.opens_on, r.deadline)
            && d < o
        {
            errors.insert("deadline", text!(err_dates_order));
        }
        if r.decision_days.is_some_and(|d| !(1..=365).contains(&d)) {
            errors.insert("decision_days", text!(err_decision_days));
        }
        errors
    }
}

/// Why a grant application does not fit its pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GrantProblem {
    NotOpenYet,
    PastDeadline,
    AboveMaximum { max_ore: i64 },
    ProjectCostNeeded,
    OwnShare { pct: i64, max_ore: i64 },
}

impl GrantProblem {
    pub fn field(self) -> &'static str {
        match self {
            GrantProblem::NotOpenYet | GrantProblem::PastDeadline => "pool",
            GrantProblem::ProjectCostNeeded => "project_cost",
            _ => "amount",
        }
    }

    pub fn message(self, s: &Strings, lang: Lang) -> String {
        let kr = |ore| crate::platform::money::format_kroner(ore, lang);
        match self {
            GrantProblem::NotOpenYet => s.err_pool_not_open.into(),
            GrantProblem::PastDeadline => s.err_pool_deadline.into(),
            GrantProblem::AboveMaximum { max_ore } => s.err_above_max_grant(kr(max_ore)),
            GrantProblem::ProjectCostNeeded => s.err_project_cost_needed.into(),
            GrantProblem::OwnShare { pct, max_ore } => s.err_own_share(kr(max_ore), pct),
        }
    }
}

/// The first condition of the pool a grant application breaks, on `today`.
pub fn grant_problem(
    pool: &PoolRules,
    amount_ore: i64,
    project_cost_ore: Option<i64>,
    today: Date,
) -> Option<GrantProblem> {
    if pool.opens_on.is_some_and(|d| today < d) {
        return Some(GrantProblem::NotOpenYet);
    }
    if pool.deadline.is_some_and(|d| today > d) {
        return Some(GrantProblem::PastDeadline);
    }
    if let Some(max_ore) = pool.max_grant_ore.filter(|m| amount_ore > *m) {
        return Some(GrantProblem::AboveMaximum { max_ore });
    }
    if pool.own_share_pct > 0 {
        let Some(cost) = project_cost_ore else {
            return Some(GrantProblem::ProjectCostNeeded);
        };
        // The pool pays at most (100 - own share) per cent of the project.
        let max_ore = cost.saturating_mul(100 - pool.own_share_pct) / 100;
        if amount_ore > max_ore {
            return Some(GrantProblem::OwnShare {
                pct: pool.own_share_pct,
                max_ore,
            });
        }
    }
    None
}

/// What the municipality decides: the outcome, for a grant the sum, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Decision {
    pub outcome: Outcome,
    pub granted_ore: Option<i64>,
    pub reason: String,
}

impl Decision {
    /// Checks the decision against what was asked; a grant's sum defaults to the whole amount
    /// when granted in full. A decline and a partial grant need a reason.
    pub fn check(&mut self, kind: RequestKind, asked_ore: Option<i64>) -> FieldErrors {
        let mut errors = FieldErrors::new();
        let needs_reason = self.outcome != Outcome::Granted;
        check_text(
            &mut errors,
            "reason",
            &mut self.reason,
            needs_reason,
            TEXT_MAX,
        );
        if kind != RequestKind::Grant {
            if self.granted_ore.is_some() {
                errors.insert("granted", text!(err_granted_not_here));
            }
            return errors;
        }
        let asked = asked_ore.unwrap_or(0);
        match (self.outcome, self.granted_ore) {
            (Outcome::Granted, None) => self.granted_ore = Some(asked),
            (Outcome::Granted, Some(g)) if g == asked => {}
            (Outcome::PartlyGranted, Some(g)) if g > 0 && g < asked => {}
            (Outcome::Declined, None) => {}
            (Outcome::Granted, Some(_)) => {
                errors.insert("granted", text!(err_granted_in_full));
            }
            (Outcome::PartlyGranted, _) => {
                errors.insert("granted", text!(err_partly_granted));
            }
            (Outcome::Declined, Some(_)) => {
                errors.insert("granted", text!(err_granted_not_here));
            }
        }
        errors
    }
}

pub use crate::platform::documents::DOCUMENT_MAX_BYTES;
/// The most documents one request holds.
pub const DOCUMENTS_MAX: i64 = 20;

/// The median of some durations, for "time to decision".
pub fn median(mut values: Vec<i64>) -> Option<i64> {
    values.sort_unstable();
    let n = values.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(values[n / 2]),
        _ => Some((values[n / 2 - 1] + values[n / 2]) / 2),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aarhus_pool() -> PoolRules {
        PoolRules {
            budget_ore: 100_000_000,
            max_grant_ore: Some(5_000_000),
            own_share_pct: 25,
            opens_on: Date::new(2027, 1, 1).ok(),
            deadline: Date::new(2027, 3, 1).ok(),
            decision_days: Some(30),
        }
    }

    #[test]
    fn a_grant_fits_the_pools_dates_maximum_and_own_share() {
        let pool = aarhus_pool();
        let feb = Date::new(2027, 2, 1).unwrap();
        // 50,000 kr. of a 70,000 kr. project: the applicants pay 20,000 kr. (29 %).
        assert_eq!(grant_problem(&pool, 5_000_000, Some(7_000_000), feb), None);
        assert_eq!(
            grant_problem(&pool, 5_000_100, Some(9_000_000), feb),
            Some(GrantProblem::AboveMaximum { max_ore: 5_000_000 })
        );
        assert_eq!(
            grant_problem(&pool, 4_000_000, Some(4_500_000), feb),
            Some(GrantProblem::OwnShare {
                pct: 25,
                max_ore: 3_375_000
            })
        );
        assert_eq!(
            grant_problem(&pool, 4_000_000, None, feb),
            Some(GrantProblem::ProjectCostNeeded)
        );
        assert_eq!(
            grant_problem(&pool, 100, Some(1000), Date::new(2026, 12, 31).unwrap()),
            Some(GrantProblem::NotOpenYet)
        );
        assert_eq!(
            grant_problem(&pool, 100, Some(1000), Date::new(2027, 3, 2).unwrap()),
            Some(GrantProblem::PastDeadline)
        );
        let rolling = PoolRules {
            deadline: None,
            own_share_pct: 0,
            ..pool
        };
        assert_eq!(
            grant_problem(&rolling, 100, None, Date::new(2030, 1, 1).unwrap()),
            None
        );
    }

    #[test]
    fn a_decision_says_how_much_and_why() {
        let mut full = Decision {
            outcome: Outcome::Granted,
            granted_ore: None,
            reason: String::new(),
        };
        assert!(full.check(RequestKind::Grant, Some(3_000_000)).is_empty());
        assert_eq!(full.granted_ore, Some(3_000_000));
        let mut part = Decision {
            outcome: Outcome::PartlyGranted,
            granted_ore: Some(3_000_000),
            reason: "Kun materialer".into(),
        };
        assert!(
            !part.check(RequestKind::Grant, Some(3_000_000)).is_empty(),
            "partly is less than asked"
        );
        part.granted_ore = Some(2_000_000);
        assert!(part.check(RequestKind::Grant, Some(3_000_000)).is_empty());
        let mut no = Decision {
            outcome: Outcome::Declined,
            granted_ore: None,
            reason: " ".into(),
        };
        assert!(no.check(RequestKind::Permit, None).contains_key("reason"));
    }

    #[test]
    fn the_median_is_the_middle() {
        assert_eq!(median(vec![]), None);
        assert_eq!(median(vec![9, 1, 5]), Some(5));
        assert_eq!(median(vec![4, 2, 8, 6]), Some(5));
    }
}
