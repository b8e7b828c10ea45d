//! A person's rights over their entry (GDPR art. 15–17): they ask the association to correct or
//! erase what it keeps, and its board answers within one month (art. 12(3)), reminded a week
//! before the deadline. A refusal states why.

use crate::platform::error::FieldErrors;
use crate::platform::input::check_text;
use crate::{labelled_enum, refusals, text};
use jiff::ToSpan;
use jiff::civil::Date;

labelled_enum! {
    /// What a person asks of the association.
    pub enum RequestKind {
        Correct = "correct" => register_request_correct,
        Erase = "erase" => register_request_erase,
    }
}

labelled_enum! {
    /// How the board answered: done (corrected, or erased), or refused with a reason.
    pub enum RequestOutcome {
        Done = "done" => register_request_done,
        Refused = "refused" => register_request_refused,
    }
}

pub const DETAILS_MAX: usize = 2_000;
/// The board is reminded this many days before a request's deadline.
pub const REMINDER_DAYS: i64 = 7;

/// A request as the person makes it: a correction says what is wrong.
#[derive(Clone, Debug, Default)]
pub struct RequestDraft {
    pub kind: Option<RequestKind>,
    pub details: String,
}

impl RequestDraft {
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        let needs_details = self.kind == Some(RequestKind::Correct);
        check_text(
            &mut errors,
            "details",
            &mut self.details,
            needs_details,
            DETAILS_MAX,
        );
        if self.kind.is_none() {
            errors.insert("kind", text!(err_choose));
        }
        errors
    }
}

/// The board's answer: a refusal gives the person its reason.
#[derive(Clone, Debug, Default)]
pub struct AnswerDraft {
    pub outcome: Option<RequestOutcome>,
    pub answer: String,
}

impl AnswerDraft {
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        let needs_reason = self.outcome == Some(RequestOutcome::Refused);
        check_text(
            &mut errors,
            "answer",
            &mut self.answer,
            needs_reason,
            DETAILS_MAX,
        );
        if self.outcome.is_none() {
            errors.insert("outcome", text!(err_choose));
        }
        errors
    }
}

/// The day a request made on `made_on` must be answered by: one month later (the last day of a
/// shorter month when the day does not exist in it).
pub fn answer_by(made_on: Date) -> Date {
    made_on.checked_add(1.month()).unwrap_or(made_on)
}

/// The board is reminded today of the unanswered requests due by this day.
pub fn reminder_horizon(today: Date) -> Date {
    today.checked_add(REMINDER_DAYS.days()).unwrap_or(today)
}

refusals! {
    pub enum RightsRefusal {
        /// The request was answered already.
        Answered = "register_request_answered" => |s| s.err_register_request_answered,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    #[test]
    fn a_request_is_answered_within_a_month_and_reminded_a_week_before() {
        assert_eq!(answer_by(date(2026, 12, 7)), date(2027, 1, 7));
        // 31 January has no 31 February: the last day of February.
        assert_eq!(answer_by(date(2027, 1, 31)), date(2027, 2, 28));
        assert_eq!(reminder_horizon(date(2026, 12, 31)), date(2027, 1, 7));
    }

    #[test]
    fn a_correction_says_what_is_wrong_and_a_refusal_why() {
        let mut erase = RequestDraft {
            kind: Some(RequestKind::Erase),
            details: String::new(),
        };
        assert!(erase.check().is_empty());
        let mut correct = RequestDraft {
            kind: Some(RequestKind::Correct),
            details: "  ".into(),
        };
        assert!(correct.check().contains_key("details"));
        assert!(RequestDraft::default().check().contains_key("kind"));
        let mut refuse = AnswerDraft {
            outcome: Some(RequestOutcome::Refused),
            answer: String::new(),
        };
        assert!(refuse.check().contains_key("answer"));
        let mut done = AnswerDraft {
            outcome: Some(RequestOutcome::Done),
            answer: String::new(),
        };
        assert!(done.check().is_empty());
    }
}
