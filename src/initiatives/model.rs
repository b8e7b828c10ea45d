//! Initiatives: the co-creation efforts at the heart of Medspil, and their rules.

use crate::actors::model::ActorKind;
use crate::platform::error::FieldErrors;
use crate::platform::geo::{Coordinates, check_coordinates};
use crate::platform::input::{check_line, check_text};
use crate::{labelled_enum, refusals};

labelled_enum! {
    pub enum Theme {
        Loneliness = "loneliness" => theme_loneliness,
        Homelessness = "homelessness" => theme_homelessness,
        Climate = "climate" => theme_climate,
        GreenStreets = "green_streets" => theme_green_streets,
        Health = "health" => theme_health,
        ChildrenYouth = "children_youth" => theme_children_youth,
        Elderly = "elderly" => theme_elderly,
        Culture = "culture" => theme_culture,
        Employment = "employment" => theme_employment,
        Democracy = "democracy" => theme_democracy,
    }
}

labelled_enum! {
    /// Who started an initiative. Fixed at creation: it is the kind of the starting actor.
    pub enum Provenance {
        Citizen = "citizen" => provenance_citizen,
        Association = "association" => provenance_association,
        Business = "business" => provenance_business,
        Institution = "institution" => provenance_institution,
        Municipality = "municipality" => provenance_municipality,
    }
}

labelled_enum! {
    /// Typology, first axis: developing the solution together, or delivering it together.
    pub enum Stage {
        CoCreation = "co_creation" => stage_co_creation,
        CoProduction = "co_production" => stage_co_production,
    }
}

labelled_enum! {
    /// Typology, second axis: which side took the initiative.
    pub enum InitiatingSide {
        Civic = "civic" => initiating_side_civic,
        Municipal = "municipal" => initiating_side_municipal,
    }
}

labelled_enum! {
    pub enum Commitment {
        NonBinding = "non_binding" => commitment_non_binding,
        BindingPartnership = "binding_partnership" => commitment_binding_partnership,
    }
}

labelled_enum! {
    pub enum ValueGoal {
        Quality = "quality" => value_goal_quality,
        Efficiency = "efficiency" => value_goal_efficiency,
        Democracy = "democracy" => value_goal_democracy,
        Legitimacy = "legitimacy" => value_goal_legitimacy,
        Empowerment = "empowerment" => value_goal_empowerment,
    }
}

labelled_enum! {
    pub enum LeadershipMode {
        Defining = "defining" => leadership_mode_defining,
        Facilitating = "facilitating" => leadership_mode_facilitating,
    }
}

labelled_enum! {
    pub enum Status {
        Idea = "idea" => status_idea,
        Mobilising = "mobilising" => status_mobilising,
        Active = "active" => status_active,
        Evaluating = "evaluating" => status_evaluating,
        Concluded = "concluded" => status_concluded,
        Paused = "paused" => status_paused,
    }
}

labelled_enum! {
    /// The declared role of a participant (principle #4: be clear about everyone's role).
    pub enum ParticipantRole {
        Coordinator = "coordinator" => participant_role_coordinator,
        Partner = "partner" => participant_role_partner,
        Contributor = "contributor" => participant_role_contributor,
        Facilitator = "facilitator" => participant_role_facilitator,
        Supporter = "supporter" => participant_role_supporter,
    }
}

impl Provenance {
    pub fn of_actor(kind: ActorKind) -> Provenance {
        match kind {
            ActorKind::Person => Provenance::Citizen,
            ActorKind::Association => Provenance::Association,
            ActorKind::Business => Provenance::Business,
            ActorKind::Institution => Provenance::Institution,
            ActorKind::MunicipalUnit => Provenance::Municipality,
        }
    }

    pub fn initiating_side(self) -> InitiatingSide {
        match self {
            Provenance::Municipality => InitiatingSide::Municipal,
            _ => InitiatingSide::Civic,
        }
    }
}

impl Status {
    /// The lifecycle: idea → mobilising → active → evaluating → concluded, with pauses.
    /// A concluded initiative stays concluded; a new effort is a new initiative.
    pub fn next(self) -> &'static [Status] {
        use Status::*;
        match self {
            Idea => &[Mobilising, Paused, Concluded],
            Mobilising => &[Active, Paused, Concluded],
            Active => &[Evaluating, Paused],
            Evaluating => &[Active, Concluded],
            Paused => &[Idea, Mobilising, Active, Concluded],
            Concluded => &[],
        }
    }

    pub fn can_become(self, to: Status) -> bool {
        self.next().contains(&to)
    }
}

/// The fields of an initiative that its editors set, validated.
#[derive(Clone, Debug, PartialEq)]
pub struct InitiativeDraft {
    pub title: String,
    pub purpose: String,
    pub description: String,
    pub theme: Theme,
    pub address: String,
    pub neighbourhood: String,
    pub coordinates: Option<Coordinates>,
    pub stage: Stage,
    pub commitment: Commitment,
    pub value_goals: Vec<ValueGoal>,
    pub leadership_mode: LeadershipMode,
    pub department_id: Option<i64>,
}

pub const TITLE_MAX: usize = 140;
pub const PURPOSE_MAX: usize = 2_000;
pub const DESCRIPTION_MAX: usize = 20_000;
pub const SHORT_MAX: usize = 200;

impl InitiativeDraft {
    /// Trims and checks the text fields and coordinates; empty when all is well.
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_line(&mut errors, "title", &mut self.title, true, TITLE_MAX);
        check_text(&mut errors, "purpose", &mut self.purpose, true, PURPOSE_MAX);
        check_text(
            &mut errors,
            "description",
            &mut self.description,
            false,
            DESCRIPTION_MAX,
        );
        check_line(&mut errors, "address", &mut self.address, false, SHORT_MAX);
        check_line(
            &mut errors,
            "neighbourhood",
            &mut self.neighbourhood,
            false,
            SHORT_MAX,
        );
        if let Some((lat, lon)) = self.coordinates {
            check_coordinates(&mut errors, lat, lon);
        }
        self.value_goals
            .sort_by_key(|g| ValueGoal::ALL.iter().position(|x| x == g));
        self.value_goals.dedup();
        errors
    }
}

pub fn value_goals_to_codes(goals: &[ValueGoal]) -> String {
    goals.iter().map(|g| g.code()).collect::<Vec<_>>().join(",")
}

pub fn value_goals_from_codes(codes: &str) -> Vec<ValueGoal> {
    codes.split(',').filter_map(ValueGoal::parse).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes_match_serialisation<T: serde::Serialize + Copy>(
        all: &[T],
        code: fn(T) -> &'static str,
    ) {
        for v in all {
            assert_eq!(
                serde_json::to_string(v).unwrap(),
                format!("\"{}\"", code(*v))
            );
        }
    }

    #[test]
    fn stored_codes_and_api_values_are_the_same() {
        use crate::actors::model::ActorKind;
        use crate::platform::auth::{MembershipRole, PlatformRole};
        codes_match_serialisation(Theme::ALL, Theme::code);
        codes_match_serialisation(Provenance::ALL, Provenance::code);
        codes_match_serialisation(Stage::ALL, Stage::code);
        codes_match_serialisation(InitiatingSide::ALL, InitiatingSide::code);
        codes_match_serialisation(Commitment::ALL, Commitment::code);
        codes_match_serialisation(ValueGoal::ALL, ValueGoal::code);
        codes_match_serialisation(LeadershipMode::ALL, LeadershipMode::code);
        codes_match_serialisation(Status::ALL, Status::code);
        codes_match_serialisation(ParticipantRole::ALL, ParticipantRole::code);
        codes_match_serialisation(ActorKind::ALL, ActorKind::code);
        codes_match_serialisation(PlatformRole::ALL, PlatformRole::code);
        codes_match_serialisation(MembershipRole::ALL, MembershipRole::code);
    }

    #[test]
    fn lifecycle_allows_only_listed_transitions() {
        assert!(Status::Idea.can_become(Status::Mobilising));
        assert!(Status::Active.can_become(Status::Evaluating));
        assert!(Status::Evaluating.can_become(Status::Concluded));
        assert!(!Status::Idea.can_become(Status::Evaluating));
        assert!(!Status::Active.can_become(Status::Idea));
        assert!(Status::Concluded.next().is_empty());
        for s in Status::ALL {
            assert!(!s.can_become(*s), "{s} to itself");
        }
    }

    #[test]
    fn provenance_follows_the_starting_actor_and_fixes_the_initiating_side() {
        assert_eq!(Provenance::of_actor(ActorKind::Person), Provenance::Citizen);
        assert_eq!(
            Provenance::of_actor(ActorKind::MunicipalUnit).initiating_side(),
            InitiatingSide::Municipal
        );
        assert_eq!(
            Provenance::of_actor(ActorKind::Association).initiating_side(),
            InitiatingSide::Civic
        );
    }
}

refusals! {
    /// Why a change to an initiative was refused.
    pub enum InitiativeRefusal {
        StatusTransition { from: Status, to: Status } = "status_transition_not_allowed" =>
            |s| s.err_status_transition(from.label_in(s), to.label_in(s)),
        /// The tip it was to adopt was adopted or closed meanwhile.
        TipAdopted = "tip_already_adopted" => |s| s.err_tip_adopted,
    }
}
