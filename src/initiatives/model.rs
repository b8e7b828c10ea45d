//! Initiatives: the co-creation efforts at the heart of Medspil, and their rules.

use crate::actors::model::ActorKind;
use crate::labelled_enum;
use crate::platform::error::FieldErrors;
use crate::platform::geo::{Coordinates, check_coordinates};
use crate::platform::i18n::Lang;
use crate::platform::input::{check_line, check_text};

labelled_enum! {
    pub enum Theme {
        Loneliness = "loneliness" => ("Ensomhed og fællesskab", "Loneliness and community"),
        Homelessness = "homelessness" => ("Hjemløshed", "Homelessness"),
        Climate = "climate" => ("Klima og bæredygtighed", "Climate and sustainability"),
        GreenStreets = "green_streets" => ("Grønne byrum", "Green streets and places"),
        Health = "health" => ("Sundhed og trivsel", "Health and well-being"),
        ChildrenYouth = "children_youth" => ("Børn og unge", "Children and young people"),
        Elderly = "elderly" => ("Ældre", "Older people"),
        Culture = "culture" => ("Kultur og fritid", "Culture and leisure"),
        Employment = "employment" => ("Job og uddannelse", "Jobs and education"),
        Democracy = "democracy" => ("Nærdemokrati", "Local democracy"),
    }
}

labelled_enum! {
    /// Who started an initiative. Fixed at creation: it is the kind of the starting actor.
    pub enum Provenance {
        Citizen = "citizen" => ("Borgere", "Citizens"),
        Association = "association" => ("En forening", "An association"),
        Business = "business" => ("En virksomhed", "A business"),
        Institution = "institution" => ("En institution", "An institution"),
        Municipality = "municipality" => ("Kommunen", "The municipality"),
    }
}

labelled_enum! {
    /// Typology, first axis: developing the solution together, or delivering it together.
    pub enum Stage {
        CoCreation = "co_creation" => ("Samskabelse", "Co-creation"),
        CoProduction = "co_production" => ("Samproduktion", "Co-production"),
    }
}

labelled_enum! {
    /// Typology, second axis: which side took the initiative.
    pub enum InitiatingSide {
        Civic = "civic" => ("Civilt initieret", "Civic-initiated"),
        Municipal = "municipal" => ("Kommunalt initieret", "Municipality-initiated"),
    }
}

labelled_enum! {
    pub enum Commitment {
        NonBinding = "non_binding" => ("Uforpligtende samskabelse", "Non-binding co-creation"),
        BindingPartnership = "binding_partnership" => ("Forpligtende partnerskab", "Binding partnership"),
    }
}

labelled_enum! {
    pub enum ValueGoal {
        Quality = "quality" => ("Kvalitet", "Quality"),
        Efficiency = "efficiency" => ("Effektivitet", "Efficiency"),
        Democracy = "democracy" => ("Demokrati", "Democracy"),
        Legitimacy = "legitimacy" => ("Legitimitet", "Legitimacy"),
        Empowerment = "empowerment" => ("Myndiggørelse", "Empowerment"),
    }
}

labelled_enum! {
    pub enum LeadershipMode {
        Defining = "defining" => ("Definerende ledelse", "Defining leadership"),
        Facilitating = "facilitating" => ("Faciliterende ledelse", "Facilitating leadership"),
    }
}

labelled_enum! {
    pub enum Status {
        Idea = "idea" => ("Idé", "Idea"),
        Mobilising = "mobilising" => ("Mobiliserer", "Mobilising"),
        Active = "active" => ("Aktiv", "Active"),
        Evaluating = "evaluating" => ("Evalueres", "Evaluating"),
        Concluded = "concluded" => ("Afsluttet", "Concluded"),
        Paused = "paused" => ("På pause", "Paused"),
    }
}

labelled_enum! {
    /// The declared role of a participant (principle #4: be clear about everyone's role).
    pub enum ParticipantRole {
        Coordinator = "coordinator" => ("Koordinator", "Coordinator"),
        Partner = "partner" => ("Partner", "Partner"),
        Contributor = "contributor" => ("Bidragyder", "Contributor"),
        Facilitator = "facilitator" => ("Facilitator", "Facilitator"),
        Supporter = "supporter" => ("Støtter", "Supporter"),
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
    pub fn check(&mut self, lang: Lang) -> FieldErrors {
        let s = lang.strings();
        let mut errors = FieldErrors::new();
        check_line(&mut errors, s, "title", &mut self.title, true, TITLE_MAX);
        check_text(
            &mut errors,
            s,
            "purpose",
            &mut self.purpose,
            true,
            PURPOSE_MAX,
        );
        check_text(
            &mut errors,
            s,
            "description",
            &mut self.description,
            false,
            DESCRIPTION_MAX,
        );
        check_line(
            &mut errors,
            s,
            "address",
            &mut self.address,
            false,
            SHORT_MAX,
        );
        check_line(
            &mut errors,
            s,
            "neighbourhood",
            &mut self.neighbourhood,
            false,
            SHORT_MAX,
        );
        if let Some((lat, lon)) = self.coordinates {
            check_coordinates(&mut errors, s, lat, lon);
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
