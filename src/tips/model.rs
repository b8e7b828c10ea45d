//! Tips about public space: what a tip must hold, where it may be, its statuses and how it
//! moves between them, the questions a category asks. Plain types and rules; no storage.

use crate::accounts::model::valid_email;
use crate::platform::error::{FieldErrors, Text};
use crate::platform::geo::{Area, Coordinates};
use crate::platform::i18n::Lang;
use crate::platform::input::{check_line, check_text};
use crate::text;
use crate::{labelled_enum, refusals};

labelled_enum! {
    pub enum TipStatus {
        Received = "received" => tip_status_received,
        InProgress = "in_progress" => tip_status_in_progress,
        Resolved = "resolved" => tip_status_resolved,
        Closed = "closed" => tip_status_closed,
    }
}

impl TipStatus {
    pub fn is_open(self) -> bool {
        matches!(self, TipStatus::Received | TipStatus::InProgress)
    }

    /// Open311 knows two statuses: open and closed.
    pub fn open311(self) -> &'static str {
        if self.is_open() { "open" } else { "closed" }
    }

    /// Whether a handler may move a tip from this status to `to`. An open tip may be taken in
    /// hand, resolved or closed; a finished one may be opened again (it came back).
    pub fn may_become(self, to: TipStatus) -> bool {
        match (self, to) {
            (TipStatus::Received, TipStatus::InProgress) => true,
            (from, TipStatus::Resolved | TipStatus::Closed) => from.is_open(),
            (TipStatus::Resolved | TipStatus::Closed, TipStatus::InProgress) => true,
            _ => false,
        }
    }
}

labelled_enum! {
    /// Why a tip was closed without being resolved.
    pub enum CloseReason {
        Duplicate = "duplicate" => close_reason_duplicate,
        NotMunicipal = "not_municipal" => close_reason_not_municipal,
        PrivateLand = "private_land" => close_reason_private_land,
        Adopted = "adopted" => close_reason_adopted,
        NoAction = "no_action" => close_reason_no_action,
    }
}

labelled_enum! {
    /// How a category's extra question is answered: Open311's attribute datatypes, whose names
    /// are the codes (hence `Singlevaluelist`, whose snake_case is the code).
    pub enum QuestionType {
        String = "string" => question_type_string,
        Text = "text" => question_type_text,
        Number = "number" => question_type_number,
        Singlevaluelist = "singlevaluelist" => question_type_singlevaluelist,
    }
}

labelled_enum! {
    /// Where a tip came in.
    pub enum Channel {
        Web = "web" => channel_web,
        Open311 = "open311" => channel_open311,
    }
}

pub const DESCRIPTION_MAX: usize = 4_000;
pub const NAME_MAX: usize = 200;
pub const ADDRESS_MAX: usize = 200;
pub const ANSWER_MAX: usize = 1_000;
/// Open tips of the same category this close are shown as possibly the same thing.
pub const DUPLICATE_RADIUS_M: f64 = 50.0;

/// Where a tip is, in words: its address, or its coordinates when none was given.
pub fn place_words(address: &str, (lat, lon): Coordinates, lang: Lang) -> String {
    if address.trim().is_empty() {
        lang.strings()
            .tip_at_coordinates(format!("{lat:.5}"), format!("{lon:.5}"))
    } else {
        address.trim().to_string()
    }
}

/// A category's extra question.
#[derive(Clone, Debug)]
pub struct Question {
    pub code: String,
    pub datatype: QuestionType,
    pub required: bool,
    pub question_da: String,
    pub question_en: String,
    /// For a list: (key, Danish name, English name).
    pub choices: Vec<(String, String, String)>,
}

impl Question {
    pub fn text(&self, lang: Lang) -> &str {
        match lang {
            Lang::Da => &self.question_da,
            Lang::En => &self.question_en,
        }
    }

    /// Reads the stored choices: one "key=Danish=English" per line (English may be left out).
    pub fn parse_choices(text: &str) -> Vec<(String, String, String)> {
        text.lines()
            .filter_map(|line| {
                let mut parts = line.splitn(3, '=').map(str::trim);
                let key = parts.next().filter(|k| !k.is_empty())?;
                let da = parts.next().filter(|n| !n.is_empty()).unwrap_or(key);
                let en = parts.next().filter(|n| !n.is_empty()).unwrap_or(da);
                Some((key.to_string(), da.to_string(), en.to_string()))
            })
            .collect()
    }

    /// The answer as given, checked: `Ok(None)` for an unanswered optional question.
    pub fn check_answer(&self, answer: &str) -> Result<Option<String>, Text> {
        let answer = answer.trim();
        if answer.is_empty() {
            return if self.required {
                Err(text!(err_required))
            } else {
                Ok(None)
            };
        }
        let mut value = answer.to_string();
        let mut errors = FieldErrors::new();
        check_text(&mut errors, "answer", &mut value, true, ANSWER_MAX);
        if let Some(e) = errors.remove("answer") {
            return Err(e);
        }
        match self.datatype {
            QuestionType::Number if value.replace(',', ".").parse::<f64>().is_err() => {
                Err(text!(err_number))
            }
            QuestionType::Singlevaluelist if !self.choices.iter().any(|(k, ..)| *k == value) => {
                Err(text!(err_choose))
            }
            _ => Ok(Some(value)),
        }
    }
}

/// A tip as reported, before it is stored.
#[derive(Clone, Debug, Default)]
pub struct TipDraft {
    pub description: String,
    pub address: String,
    pub coordinates: Option<Coordinates>,
    pub reporter_name: String,
    pub reporter_email: String,
}

impl TipDraft {
    /// Trims and checks the text and the place; empty when all is well.
    pub fn check(&mut self, area: &Area) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_text(
            &mut errors,
            "description",
            &mut self.description,
            true,
            DESCRIPTION_MAX,
        );
        check_line(
            &mut errors,
            "address",
            &mut self.address,
            false,
            ADDRESS_MAX,
        );
        check_line(
            &mut errors,
            "name",
            &mut self.reporter_name,
            false,
            NAME_MAX,
        );
        self.reporter_email = self.reporter_email.trim().to_lowercase();
        if !self.reporter_email.is_empty() && !valid_email(&self.reporter_email) {
            errors.insert("email", text!(err_email));
        }
        match self.coordinates {
            None => {
                errors.insert("place", text!(err_tip_place));
            }
            Some(c) if !area.contains(c) => {
                errors.insert("place", text!(err_tip_outside));
            }
            Some(_) => {}
        }
        errors
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The API and the demo data name a datatype as Open311 and the forms do.
    #[test]
    fn a_datatype_is_sent_by_its_open311_name() {
        for t in QuestionType::ALL {
            assert_eq!(serde_json::to_value(t).unwrap(), t.code());
        }
    }

    const AARHUS: Area = Area {
        south: 55.99,
        west: 9.95,
        north: 56.33,
        east: 10.42,
    };

    #[test]
    fn statuses_move_forward_and_a_finished_tip_can_come_back() {
        use TipStatus::*;
        assert!(Received.may_become(InProgress));
        assert!(Received.may_become(Resolved));
        assert!(InProgress.may_become(Closed));
        assert!(!InProgress.may_become(Received));
        assert!(!InProgress.may_become(InProgress));
        assert!(!Resolved.may_become(Closed));
        assert!(Resolved.may_become(InProgress));
        assert!(Closed.may_become(InProgress));
        assert_eq!(Received.open311(), "open");
        assert_eq!(Resolved.open311(), "closed");
    }

    #[test]
    fn a_tip_needs_words_and_a_place_inside_the_municipality() {
        let mut d = TipDraft {
            description: "  ".into(),
            coordinates: Some((55.6761, 12.5683)),
            reporter_email: "ikke en adresse".into(),
            ..TipDraft::default()
        };
        let e = d.check(&AARHUS);
        assert!(e.contains_key("description"));
        assert_eq!(e["place"], text!(err_tip_outside));
        assert!(e.contains_key("email"));
        let mut d = TipDraft {
            description: "Hul i cykelstien ".into(),
            coordinates: Some((56.1466, 10.2064)),
            reporter_email: " Anna@Example.dk".into(),
            ..TipDraft::default()
        };
        assert!(d.check(&AARHUS).is_empty());
        assert_eq!(d.description, "Hul i cykelstien");
        assert_eq!(d.reporter_email, "anna@example.dk");
        let mut d = TipDraft {
            description: "Hul".into(),
            ..TipDraft::default()
        };
        assert_eq!(d.check(&AARHUS)["place"], text!(err_tip_place));
    }

    #[test]
    fn areas_read_as_south_west_north_east() {
        assert_eq!(Area::parse("55.99, 9.95,56.33,10.42"), Ok(AARHUS));
        assert!(Area::parse("56.33,9.95,55.99,10.42").is_err());
        assert!(Area::parse("1,2,3").is_err());
        assert!(AARHUS.contains((56.1527, 10.2039)));
        assert!(!AARHUS.contains((55.6761, 12.5683)));
    }

    #[test]
    fn questions_check_their_answers() {
        let q = Question {
            code: "kind".into(),
            datatype: QuestionType::Singlevaluelist,
            required: true,
            question_da: "Hvad er der galt?".into(),
            question_en: "What is wrong?".into(),
            choices: Question::parse_choices("broken=Ødelagt=Broken\nmissing=Mangler\n\n"),
        };
        assert_eq!(q.choices.len(), 2);
        assert_eq!(
            q.choices[1],
            ("missing".into(), "Mangler".into(), "Mangler".into())
        );
        assert_eq!(q.check_answer("broken"), Ok(Some("broken".into())));
        assert!(q.check_answer("other").is_err());
        assert!(q.check_answer("").is_err());
        let n = Question {
            datatype: QuestionType::Number,
            required: false,
            choices: Vec::new(),
            ..q
        };
        assert_eq!(n.check_answer(""), Ok(None));
        assert_eq!(n.check_answer("2,5"), Ok(Some("2,5".into())));
        assert!(n.check_answer("to").is_err());
    }
}

refusals! {
    pub enum TipRefusal {
        /// Someone else moved the tip on since the page was shown.
        Changed = "tip_changed" => |s| s.err_tip_changed,
        CategoryCodeTaken = "category_code_taken" => |s| s.err_tip_code_taken,
    }
}
