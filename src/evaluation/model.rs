//! Evaluation: be sharp on the value sought (the seed's principle #2) and evaluate also when
//! co-creating (#7). An initiative's leaders set indicators for each of its value goals, from a
//! library of described measures or their own; what Medspil records itself is counted, never
//! typed in twice.

use crate::actors::model::ActorKind;
use crate::initiatives::model::ValueGoal;
use crate::platform::error::FieldErrors;
use crate::platform::i18n::Strings;
use crate::platform::input::{check_line, check_text};
use crate::text;
use crate::{labelled_enum, refusals};
use jiff::civil::Date;

labelled_enum! {
    /// The library of indicators to start from.
    pub enum Measure {
        Participants = "participants" => measure_participants,
        NewParticipants = "new_participants" => measure_new_participants,
        Hours = "hours" => measure_hours,
        Items = "items" => measure_items,
        CitizenShare = "citizen_share" => measure_citizen_share,
        Attendance = "attendance" => measure_attendance,
        TimeToDecision = "time_to_decision" => measure_time_to_decision,
        TipsAdopted = "tips_adopted" => measure_tips_adopted,
        ExperiencedQuality = "experienced_quality" => measure_experienced_quality,
        CostAvoided = "cost_avoided" => measure_cost_avoided,
        NewRelations = "new_relations" => measure_new_relations,
    }
}

labelled_enum! {
    /// The unit a measure is counted in.
    pub enum MeasureUnit {
        People = "people" => measure_unit_people,
        Hours = "hours" => measure_unit_hours,
        Items = "items" => measure_unit_items,
        Percent = "percent" => measure_unit_percent,
        Days = "days" => measure_unit_days,
        Tips = "tips" => measure_unit_tips,
        Scale = "scale" => measure_unit_scale,
        Kroner = "kroner" => measure_unit_kroner,
        Relations = "relations" => measure_unit_relations,
    }
}

impl Measure {
    /// Whether Medspil counts it from its records; the others are measured by the partners.
    pub fn counted(self) -> bool {
        !matches!(
            self,
            Measure::ExperiencedQuality | Measure::CostAvoided | Measure::NewRelations
        )
    }

    pub fn unit(self) -> MeasureUnit {
        match self {
            Measure::Participants | Measure::NewParticipants | Measure::Attendance => {
                MeasureUnit::People
            }
            Measure::Hours => MeasureUnit::Hours,
            Measure::Items => MeasureUnit::Items,
            Measure::CitizenShare => MeasureUnit::Percent,
            Measure::TimeToDecision => MeasureUnit::Days,
            Measure::TipsAdopted => MeasureUnit::Tips,
            Measure::ExperiencedQuality => MeasureUnit::Scale,
            Measure::CostAvoided => MeasureUnit::Kroner,
            Measure::NewRelations => MeasureUnit::Relations,
        }
    }

    /// The value goal it usually shows.
    pub fn goal(self) -> ValueGoal {
        match self {
            Measure::Participants
            | Measure::NewParticipants
            | Measure::CitizenShare
            | Measure::NewRelations => ValueGoal::Democracy,
            Measure::Hours | Measure::Items | Measure::TimeToDecision | Measure::CostAvoided => {
                ValueGoal::Efficiency
            }
            Measure::Attendance | Measure::TipsAdopted | Measure::ExperiencedQuality => {
                ValueGoal::Quality
            }
        }
    }

    /// What it is and how it is found, in words.
    pub fn description(self, s: &Strings) -> &'static str {
        match self {
            Measure::Participants => s.measure_participants_about,
            Measure::NewParticipants => s.measure_new_participants_about,
            Measure::Hours => s.measure_hours_about,
            Measure::Items => s.measure_items_about,
            Measure::CitizenShare => s.measure_citizen_share_about,
            Measure::Attendance => s.measure_attendance_about,
            Measure::TimeToDecision => s.measure_time_to_decision_about,
            Measure::TipsAdopted => s.measure_tips_adopted_about,
            Measure::ExperiencedQuality => s.measure_experienced_quality_about,
            Measure::CostAvoided => s.measure_cost_avoided_about,
            Measure::NewRelations => s.measure_new_relations_about,
        }
    }
}

labelled_enum! {
    /// The three arenas contributions come from.
    pub enum Arena {
        Citizens = "citizens" => arena_citizens,
        Organisations = "organisations" => arena_organisations,
        Municipality = "municipality" => arena_municipality,
    }
}

impl Arena {
    /// Institutions (a school, a church, a university) count with associations and businesses:
    /// the municipality's own units are the third arena.
    pub fn of(kind: ActorKind) -> Arena {
        match kind {
            ActorKind::Person => Arena::Citizens,
            ActorKind::Association | ActorKind::Business | ActorKind::Institution => {
                Arena::Organisations
            }
            ActorKind::MunicipalUnit => Arena::Municipality,
        }
    }
}

pub const NAME_MAX: usize = 140;
pub const UNIT_MAX: usize = 40;
pub const METHOD_MAX: usize = 2_000;

/// A value at a date: a baseline or a target.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct Mark {
    pub value: f64,
    #[schema(value_type = String, format = Date)]
    pub on: Date,
}

/// An indicator as its leaders set it (also the body of the API's POST).
#[derive(Clone, Debug, PartialEq, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IndicatorDraft {
    /// One of the initiative's value goals.
    #[serde(rename = "value_goal")]
    pub goal: ValueGoal,
    /// From the library; leave out for one of the initiative's own, which needs `name`, `unit`
    /// and `method`.
    pub measure: Option<Measure>,
    /// Only for an indicator of its own: a library indicator is named in the reader's language.
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub unit: String,
    #[serde(default)]
    pub method: String,
    pub baseline: Option<Mark>,
    pub target: Option<Mark>,
}

impl IndicatorDraft {
    /// Its name and unit in the reader's words: a library measure's, or as its leaders typed.
    pub fn named(&self, s: &Strings) -> (String, String) {
        match self.measure {
            Some(m) => (m.label_in(s).into(), m.unit().label_in(s).into()),
            None => (self.name.clone(), self.unit.clone()),
        }
    }

    /// An indicator measures one of the initiative's value goals; one of its own says what it
    /// is, in which unit and how it is measured; a target lies after the baseline.
    pub fn check(&mut self, goals: &[ValueGoal]) -> FieldErrors {
        let mut errors = FieldErrors::new();
        if !goals.contains(&self.goal) {
            errors.insert("goal", text!(err_indicator_goal));
        }
        let own = self.measure.is_none();
        if !own {
            self.name.clear();
            self.unit.clear();
        }
        check_line(&mut errors, "name", &mut self.name, own, NAME_MAX);
        check_line(&mut errors, "unit", &mut self.unit, own, UNIT_MAX);
        check_text(&mut errors, "method", &mut self.method, own, METHOD_MAX);
        for (field, mark) in [("baseline", self.baseline), ("target", self.target)] {
            if mark.is_some_and(|m| !m.value.is_finite()) {
                errors.insert(field, text!(err_number));
            }
        }
        if let (Some(b), Some(t)) = (self.baseline, self.target)
            && t.on <= b.on
        {
            errors.insert("target_on", text!(err_target_after_baseline));
        }
        errors
    }
}

pub const SOURCE_MAX: usize = 500;
/// The most documents an initiative's measurements may hold together.
pub const DOCUMENTS_MAX: i64 = 200;

/// What a party measured for an indicator (also the body of the API's POST).
#[derive(Clone, Debug, PartialEq, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MeasurementDraft {
    pub value: f64,
    #[schema(value_type = String, format = Date)]
    pub from: Date,
    #[schema(value_type = String, format = Date)]
    pub to: Date,
    #[serde(default)]
    pub method: String,
    /// Where the figure can be checked: a link (https://…) to the report, the survey or the
    /// spreadsheet. On the page a document may be uploaded instead.
    pub source: String,
    /// The party to the initiative that vouches for it, one the caller speaks for (with a
    /// partner's key, the key's party).
    pub vouched_by: i64,
    /// The measurement of the same indicator it corrects; both are kept, and the old one is
    /// shown as superseded. A measurement is superseded once: correct the correction.
    #[serde(default)]
    pub supersedes: Option<i64>,
}

impl MeasurementDraft {
    /// A measurement covers a period that has begun, and says where it can be checked: a link,
    /// or a document uploaded with it (`documented`).
    pub fn check(&mut self, today: Date, documented: bool) -> FieldErrors {
        let mut errors = FieldErrors::new();
        if !self.value.is_finite() {
            errors.insert("value", text!(err_number));
        }
        if self.to < self.from {
            errors.insert("to", text!(err_period_reversed));
        }
        if self.from > today {
            errors.insert("from", text!(err_measured_in_future));
        }
        check_text(&mut errors, "method", &mut self.method, false, METHOD_MAX);
        check_line(&mut errors, "source", &mut self.source, false, SOURCE_MAX);
        let linked = ["https://", "http://"]
            .iter()
            .any(|scheme| self.source.starts_with(scheme));
        if self.source.is_empty() && !documented {
            errors.insert("source", text!(err_source_missing));
        } else if !linked && !self.source.is_empty() && !errors.contains_key("source") {
            errors.insert("source", text!(err_source_link));
        }
        errors
    }
}

pub const QUESTION_MAX: usize = 2_000;
pub const KEY_LABEL_MAX: usize = 100;

/// A party's question about a measurement: a comment that stays with it (also the API's body).
#[derive(Clone, Debug, PartialEq, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionDraft {
    /// The party to the initiative that asks, one the caller speaks for.
    pub asked_by: i64,
    pub body: String,
}

impl QuestionDraft {
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_text(&mut errors, "body", &mut self.body, true, QUESTION_MAX);
        errors
    }
}

/// A key for a partner's system, as its party names it (also the API's body).
#[derive(Clone, Debug, PartialEq, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct KeyDraft {
    /// The party to the initiative whose measurements the key adds, one the caller speaks for.
    pub party: i64,
    /// What the key is for, such as the system that holds it.
    pub label: String,
}

impl KeyDraft {
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_line(&mut errors, "label", &mut self.label, true, KEY_LABEL_MAX);
        errors
    }
}

/// What a partner's key begins with, so a bearer token tells which kind it is.
pub const KEY_PREFIX: &str = "mk_";

refusals! {
    pub enum EvaluationRefusal {
        /// Medspil counts this indicator from its records; nobody types it in.
        Counted = "indicator_counted" => |s| s.err_indicator_counted,
        /// The measurement was corrected already; correct the correction.
        Superseded = "measurement_superseded" => |s| s.err_measurement_superseded,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own() -> IndicatorDraft {
        IndicatorDraft {
            goal: ValueGoal::Quality,
            measure: None,
            name: "Ture gennemført".into(),
            unit: "ture".into(),
            method: "Talt af koordinatoren hver måned".into(),
            baseline: None,
            target: None,
        }
    }

    fn on(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn an_indicator_measures_one_of_the_initiatives_goals() {
        let mut d = own();
        assert!(d.check(&[ValueGoal::Quality]).is_empty());
        assert!(d.check(&[ValueGoal::Democracy]).contains_key("goal"));
    }

    #[test]
    fn one_of_its_own_says_what_in_which_unit_and_how() {
        let mut d = IndicatorDraft {
            name: " ".into(),
            unit: String::new(),
            method: String::new(),
            ..own()
        };
        let errors = d.check(&[ValueGoal::Quality]);
        for field in ["name", "unit", "method"] {
            assert!(errors.contains_key(field), "{field}");
        }
        let mut library = IndicatorDraft {
            measure: Some(Measure::Hours),
            ..d
        };
        assert!(library.check(&[ValueGoal::Quality]).is_empty());
    }

    #[test]
    fn a_target_lies_after_the_baseline() {
        let mark = |value, day| Some(Mark { value, on: on(day) });
        let mut d = IndicatorDraft {
            baseline: mark(10.0, "2027-01-01"),
            target: mark(20.0, "2027-01-01"),
            ..own()
        };
        assert!(d.check(&[ValueGoal::Quality]).contains_key("target_on"));
        d.target = mark(20.0, "2027-12-31");
        assert!(d.check(&[ValueGoal::Quality]).is_empty());
    }

    #[test]
    fn a_measurement_covers_a_period_begun_and_says_where_to_check_it() {
        let today = on("2027-03-31");
        let mut m = MeasurementDraft {
            value: 4.1,
            from: on("2027-01-01"),
            to: on("2027-03-31"),
            method: String::new(),
            source: "https://socialfrivillig.dk/evaluering-2027-q1.pdf".into(),
            vouched_by: 1,
            supersedes: None,
        };
        assert!(m.check(today, false).is_empty());
        m.source = "evaluering.pdf".into();
        assert!(m.check(today, false).contains_key("source"));
        assert!(
            m.check(today, true).contains_key("source"),
            "what is typed is a link"
        );
        m.source = String::new();
        assert!(m.check(today, false).contains_key("source"));
        assert!(
            m.check(today, true).is_empty(),
            "the document is the source"
        );
        let mut reversed = MeasurementDraft {
            from: on("2027-04-01"),
            to: on("2027-03-01"),
            ..m
        };
        let errors = reversed.check(today, false);
        assert!(errors.contains_key("to") && errors.contains_key("from"));
    }

    #[test]
    fn the_municipality_is_its_own_arena() {
        assert_eq!(Arena::of(ActorKind::Person), Arena::Citizens);
        assert_eq!(Arena::of(ActorKind::Institution), Arena::Organisations);
        assert_eq!(Arena::of(ActorKind::MunicipalUnit), Arena::Municipality);
    }
}
