//! Workshops and their rules: what a plan, an idea and a fate must hold, the session's short
//! code, and when an idea without a fate is overdue.

use crate::events::model::check_span;
use crate::platform::error::FieldErrors;
use crate::platform::input::{check_line, check_text};
use crate::text;
use crate::{labelled_enum, refusals};
use jiff::civil::Date;

labelled_enum! {
    /// Ideas are taken while the session is open.
    pub enum SessionState {
        Planned = "planned" => workshop_state_planned,
        Open = "open" => workshop_state_open,
        Closed = "closed" => workshop_state_closed,
    }
}

labelled_enum! {
    /// Where an idea came from.
    pub enum Origin {
        Phone = "phone" => idea_origin_phone,
        Paper = "paper" => idea_origin_paper,
        Facilitator = "facilitator" => idea_origin_facilitator,
        Merged = "merged" => idea_origin_merged,
        Split = "split" => idea_origin_split,
    }
}

labelled_enum! {
    /// What became of an idea.
    pub enum Fate {
        Adopted = "adopted" => idea_fate_adopted,
        Parked = "parked" => idea_fate_parked,
        Declined = "declined" => idea_fate_declined,
    }
}

labelled_enum! {
    /// What an adopted idea became.
    pub enum AdoptedAs {
        Initiative = "initiative" => idea_adopted_initiative,
        Need = "need" => idea_adopted_need,
        Request = "request" => idea_adopted_request,
        Plan = "plan" => idea_adopted_plan,
    }
}

impl AdoptedAs {
    /// Where anyone finds what an idea became, by its number: an initiative or a need of one. A
    /// request to the municipality is its applicant's and handlers' alone, so the report names
    /// it without a link; a part of a plan has no page of its own.
    pub fn href(self, id: i64) -> Option<String> {
        match self {
            AdoptedAs::Initiative => Some(format!("/initiatives/{id}")),
            AdoptedAs::Need => Some(format!("/needs/{id}")),
            AdoptedAs::Request | AdoptedAs::Plan => None,
        }
    }

    /// Whether it is named by a number.
    pub fn numbered(self) -> bool {
        !matches!(self, AdoptedAs::Plan)
    }
}

pub const TITLE_MAX: usize = 200;
pub const PURPOSE_MAX: usize = 4_000;
pub const AGENDA_MAX: usize = 4_000;
pub const PLACE_MAX: usize = 300;
pub const QUESTION_MAX: usize = 300;
pub const QUESTIONS_MAX: usize = 8;
pub const IDEA_MAX: usize = 1_000;
pub const NAME_MAX: usize = 100;
pub const REASON_MAX: usize = 2_000;
pub const DOTS_MAX: i64 = 20;
pub const THEME_MAX: usize = 100;
/// Ideas one phone may add in an hour: a lively session, not a flood.
pub const IDEAS_PER_HOUR: i64 = 30;
/// Phones one client joins a session with in an hour: a room on one network, not a script.
pub const JOINS_PER_HOUR: i64 = 200;
/// The characters of a session's code: no 0/O, 1/I/L, which are misread from a screen.
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";
pub const CODE_LENGTH: usize = 6;

/// A workshop as its facilitators plan it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WorkshopDraft {
    pub title: String,
    pub purpose: String,
    pub agenda: String,
    pub place: String,
    pub starts_at: i64,
    pub ends_at: i64,
    /// The questions ideas answer, in their order.
    pub questions: Vec<String>,
    /// Dots each participant gives to the ideas they find most important.
    pub dots: i64,
    /// Days after the workshop by which every idea should have its fate.
    pub fate_within_days: i64,
}

impl WorkshopDraft {
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_line(&mut errors, "title", &mut self.title, true, TITLE_MAX);
        check_text(&mut errors, "purpose", &mut self.purpose, true, PURPOSE_MAX);
        check_text(&mut errors, "agenda", &mut self.agenda, false, AGENDA_MAX);
        check_line(&mut errors, "place", &mut self.place, false, PLACE_MAX);
        check_span(&mut errors, self.starts_at, self.ends_at);
        let mut questions = Vec::new();
        for mut q in std::mem::take(&mut self.questions) {
            check_line(&mut errors, "questions", &mut q, false, QUESTION_MAX);
            if !q.is_empty() {
                questions.push(q);
            }
        }
        if questions.is_empty() && !errors.contains_key("questions") {
            errors.insert("questions", text!(err_workshop_questions));
        } else if questions.len() > QUESTIONS_MAX {
            errors.insert(
                "questions",
                text!(err_workshop_questions_max(QUESTIONS_MAX)),
            );
        }
        self.questions = questions;
        if !(0..=DOTS_MAX).contains(&self.dots) {
            errors.insert("dots", text!(err_workshop_dots(DOTS_MAX)));
        }
        if !(1..=365).contains(&self.fate_within_days) {
            errors.insert("fate_within_days", text!(err_workshop_fate_days));
        }
        errors
    }
}

/// An idea as written on a phone or a post-it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IdeaDraft {
    pub question_id: i64,
    pub text: String,
    /// The author's name as written; empty when they chose to be anonymous.
    pub author_name: String,
    pub origin: Option<Origin>,
}

impl IdeaDraft {
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_text(&mut errors, "text", &mut self.text, true, IDEA_MAX);
        check_line(
            &mut errors,
            "author_name",
            &mut self.author_name,
            false,
            NAME_MAX,
        );
        errors
    }
}

/// Ideas merged into a new one, in the facilitator's words.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MergeDraft {
    pub idea_ids: Vec<i64>,
    pub text: String,
}

impl MergeDraft {
    /// Two different ideas at least, and the merged idea's words.
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        self.idea_ids.sort_unstable();
        self.idea_ids.dedup();
        if self.idea_ids.len() < 2 {
            errors.insert("ideas", text!(err_merge_two));
        }
        check_text(&mut errors, "merged_text", &mut self.text, true, IDEA_MAX);
        errors
    }
}

/// An idea split into parts, one per line as typed.
pub struct SplitDraft {
    pub parts: Vec<String>,
}

/// An idea splits into two parts at least, and at most this many.
pub const PARTS_MAX: usize = 8;

impl SplitDraft {
    pub fn from_lines(typed: &str) -> SplitDraft {
        SplitDraft {
            parts: typed
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .map(String::from)
                .collect(),
        }
    }

    /// Two to eight parts, none empty or longer than an idea may be.
    pub fn check(&self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        if !(2..=PARTS_MAX).contains(&self.parts.len()) || self.parts.iter().any(String::is_empty) {
            errors.insert("parts", text!(err_split_parts(PARTS_MAX)));
        } else if self.parts.iter().any(|p| p.chars().count() > IDEA_MAX) {
            errors.insert("parts", text!(err_too_long(IDEA_MAX)));
        }
        errors
    }
}

/// What is decided about an idea, and by whom it is carried.
#[derive(Clone, Debug, PartialEq)]
pub struct FateDraft {
    pub fate: Fate,
    /// For an adopted idea: what it became, and where (an initiative's number).
    pub adopted_as: Option<AdoptedAs>,
    pub adopted_id: Option<i64>,
    /// For a parked idea: the day it is taken up again.
    pub parked_until: Option<Date>,
    pub reason: String,
    /// The person answerable for the fate, by name.
    pub responsible: String,
}

impl FateDraft {
    /// A reason and a responsible person always; a parked idea needs a day after `today`, an
    /// adopted one what it became.
    pub fn check(&mut self, today: Date) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_text(&mut errors, "reason", &mut self.reason, true, REASON_MAX);
        check_line(
            &mut errors,
            "responsible",
            &mut self.responsible,
            true,
            NAME_MAX,
        );
        match self.fate {
            Fate::Parked => match self.parked_until {
                None => {
                    errors.insert("parked_until", text!(err_required));
                }
                Some(day) if day <= today => {
                    errors.insert("parked_until", text!(err_idea_parked_past));
                }
                Some(_) => {}
            },
            Fate::Adopted => match self.adopted_as {
                None => {
                    errors.insert("adopted_as", text!(err_choose));
                }
                Some(a) if a.numbered() && self.adopted_id.is_none() => {
                    errors.insert("adopted_id", text!(err_idea_adopted_where));
                }
                Some(_) => {}
            },
            Fate::Declined => {}
        }
        if self.fate != Fate::Parked {
            self.parked_until = None;
        }
        if self.fate != Fate::Adopted {
            self.adopted_as = None;
        }
        if !self.adopted_as.is_some_and(AdoptedAs::numbered) {
            self.adopted_id = None;
        }
        errors
    }
}

/// A new session code from `random` bytes (one character each).
pub fn code_from(random: [u8; CODE_LENGTH]) -> String {
    random
        .iter()
        .map(|b| CODE_ALPHABET[*b as usize % CODE_ALPHABET.len()] as char)
        .collect()
}

/// A code as someone typed it: upper case, without spaces or dashes ("k7m-4pq" is "K7M4PQ").
pub fn typed_code(typed: &str) -> String {
    typed
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .flat_map(char::to_uppercase)
        .collect()
}

/// Whether an idea should have had its fate by `now`: the workshop ended more than its
/// `fate_within_days` ago, and nobody decided (or its parking ran out).
pub fn overdue(
    workshop_ends_at: i64,
    fate_within_days: i64,
    fate: Option<Fate>,
    parked_until: Option<Date>,
    now: i64,
    today: Date,
) -> bool {
    match fate {
        None => now > workshop_ends_at + fate_within_days * 24 * 3600,
        Some(Fate::Parked) => parked_until.is_some_and(|d| d <= today),
        Some(_) => false,
    }
}

refusals! {
    pub enum WorkshopRefusal {
        /// Ideas come in while the session is open.
        NotOpen = "workshop_not_open" => |s| s.err_workshop_not_open,
        /// The code names no workshop.
        UnknownCode = "workshop_code_unknown" => |s| s.err_workshop_code_unknown,
        /// Ideas and dots come from a phone that joined the session.
        NotJoined = "workshop_not_joined" => |s| s.err_workshop_not_joined,
        /// One phone added too many ideas within the hour.
        IdeaFlood = "idea_flood" => |s| s.err_idea_flood,
        /// The session has moved on from the state the change was made from.
        StateChanged = "workshop_state_changed" => |s| s.err_workshop_state_changed,
        /// Somebody decided the idea's fate first.
        FateChanged = "idea_fate_changed" => |s| s.err_idea_fate_changed,
        /// The idea was adopted or declined: that fate stands.
        FateFinal = "idea_fate_final" => |s| s.err_idea_fate_final,
        /// A merged idea's fate is the fate of the idea it became.
        Merged = "idea_merged" => |s| s.err_idea_merged,
        /// Only ideas of this workshop, not merged already and without a final fate, merge.
        MergeRefused = "idea_merge_refused" => |s| s.err_idea_merge_refused,
        /// A split idea's fate is decided part by part.
        Split = "idea_split" => |s| s.err_idea_split,
        /// Only an idea not split or merged already and without a final fate splits.
        SplitRefused = "idea_split_refused" => |s| s.err_idea_split_refused,
        /// Dots go to ideas of the participant's workshop that are not merged or split.
        NotDottable = "idea_not_dottable" => |s| s.err_idea_not_dottable,
        /// The participant gave all their dots.
        NoDotsLeft = "no_dots_left" => |s| s.err_no_dots_left,
        /// One dot an idea from each participant.
        AlreadyDotted = "already_dotted" => |s| s.err_already_dotted,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn plan() -> WorkshopDraft {
        WorkshopDraft {
            title: "Trafik i Frederiksbjerg".into(),
            purpose: "Roligere gader.".into(),
            starts_at: 1_800_000_000,
            ends_at: 1_800_007_200,
            questions: vec!["  Hvor kører bilerne for stærkt? ".into(), " ".into()],
            dots: 3,
            fate_within_days: 60,
            ..WorkshopDraft::default()
        }
    }

    #[test]
    fn a_plan_asks_at_least_one_question() {
        let mut p = plan();
        assert!(p.check().is_empty());
        assert_eq!(p.questions, vec!["Hvor kører bilerne for stærkt?"]);
        let mut none = WorkshopDraft {
            questions: vec![" ".into()],
            ..plan()
        };
        assert!(none.check().contains_key("questions"));
        let mut broken = WorkshopDraft {
            questions: vec!["To\nlinjer".into()],
            ..plan()
        };
        assert!(broken.check().contains_key("questions"));
    }

    #[test]
    fn a_fate_always_has_a_reason_and_someone_answerable() {
        let today = date(2027, 5, 1);
        let mut declined = FateDraft {
            fate: Fate::Declined,
            adopted_as: Some(AdoptedAs::Plan),
            adopted_id: Some(4),
            parked_until: None,
            reason: " ".into(),
            responsible: "".into(),
        };
        let errors = declined.check(today);
        assert!(errors.contains_key("reason") && errors.contains_key("responsible"));
        assert_eq!((declined.adopted_as, declined.adopted_id), (None, None));
        let mut parked = FateDraft {
            fate: Fate::Parked,
            parked_until: Some(today),
            reason: "Når budgettet for 2028 kendes.".into(),
            responsible: "Karen Holm".into(),
            ..declined.clone()
        };
        assert!(parked.check(today).contains_key("parked_until"));
        parked.parked_until = Some(date(2028, 1, 15));
        assert!(parked.check(today).is_empty());
        let mut adopted = FateDraft {
            fate: Fate::Adopted,
            adopted_as: Some(AdoptedAs::Initiative),
            ..parked
        };
        assert!(adopted.check(today).contains_key("adopted_id"));
        assert_eq!(adopted.parked_until, None);
    }

    #[test]
    fn a_merge_takes_two_ideas_and_new_words() {
        let mut one = MergeDraft {
            idea_ids: vec![4, 4],
            text: "Vejbump".into(),
        };
        assert!(one.check().contains_key("ideas"));
        let mut two = MergeDraft {
            idea_ids: vec![5, 4],
            text: " ".into(),
        };
        let errors = two.check();
        assert!(errors.contains_key("merged_text") && !errors.contains_key("ideas"));
        assert_eq!(two.idea_ids, vec![4, 5]);
    }

    #[test]
    fn codes_are_read_as_people_type_them() {
        let code = code_from([0, 1, 2, 29, 30, 31]);
        assert_eq!(code, "ABC89A");
        assert_eq!(typed_code(" k7m-4pq "), "K7M4PQ");
    }

    #[test]
    fn an_idea_without_a_fate_is_overdue_after_the_set_time() {
        let today = date(2027, 5, 1);
        let day = 24 * 3600;
        assert!(!overdue(0, 60, None, None, 59 * day, today));
        assert!(overdue(0, 60, None, None, 61 * day, today));
        assert!(!overdue(
            0,
            60,
            Some(Fate::Declined),
            None,
            100 * day,
            today
        ));
        assert!(overdue(0, 60, Some(Fate::Parked), Some(today), 0, today));
        assert!(!overdue(
            0,
            60,
            Some(Fate::Parked),
            Some(date(2027, 6, 1)),
            0,
            today
        ));
    }
}
