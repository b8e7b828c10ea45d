//! Debate threads and their rules: what a thread, a reply and an outcome must hold, and what a
//! thread can be about.

use crate::following::model::Target;
use crate::platform::error::FieldErrors;
use crate::platform::input::{check_line, check_text};
use crate::{refusals, text};
use jiff::civil::Date;

pub const TITLE_MAX: usize = 200;
pub const BODY_MAX: usize = 10_000;
pub const OUTCOME_MAX: usize = 4_000;
pub const CONCLUDED_BY_MAX: usize = 300;
/// Posts one person may write in an hour: a lively debate, not a flood.
pub const POSTS_PER_HOUR: i64 = 20;

/// What a thread is about: an initiative, a theme or a neighbourhood (as follows name them).
pub fn debatable(subject: &Target) -> bool {
    matches!(
        subject,
        Target::Initiative(_) | Target::Theme(_) | Target::Neighbourhood(_)
    )
}

/// A new thread as its starter writes it.
#[derive(Clone, Debug, PartialEq)]
pub struct ThreadDraft {
    pub subject: Target,
    pub title: String,
    pub body: String,
}

impl ThreadDraft {
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_line(&mut errors, "title", &mut self.title, true, TITLE_MAX);
        check_text(&mut errors, "body", &mut self.body, true, BODY_MAX);
        if !debatable(&self.subject) {
            errors.insert("subject", text!(err_choose));
        }
        errors
    }
}

/// A reply, perhaps quoting an earlier post of the same thread.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PostDraft {
    pub body: String,
    pub quote_of: Option<i64>,
}

impl PostDraft {
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_text(&mut errors, "body", &mut self.body, true, BODY_MAX);
        errors
    }
}

/// How a thread ended: what was concluded, by whom, and when to look at it again.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OutcomeDraft {
    pub outcome: String,
    pub concluded_by: String,
    pub review_on: Option<Date>,
}

impl OutcomeDraft {
    /// An outcome and who concluded it always; a day to review it, when given, after `today`.
    pub fn check(&mut self, today: Date) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_text(&mut errors, "outcome", &mut self.outcome, true, OUTCOME_MAX);
        check_line(
            &mut errors,
            "concluded_by",
            &mut self.concluded_by,
            true,
            CONCLUDED_BY_MAX,
        );
        if self.review_on.is_some_and(|d| d <= today) {
            errors.insert("review_on", text!(err_thread_review_past));
        }
        errors
    }
}

refusals! {
    pub enum DebateRefusal {
        /// A concluded thread takes no more replies.
        Closed = "thread_closed" => |s| s.err_thread_closed,
        /// One person wrote too many posts within the hour.
        PostFlood = "post_flood" => |s| s.err_post_flood,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::initiatives::model::Theme;
    use jiff::civil::date;

    #[test]
    fn a_thread_is_about_an_initiative_a_theme_or_a_neighbourhood() {
        let mut draft = ThreadDraft {
            subject: Target::Theme(Theme::GreenStreets),
            title: " Fartbump eller blomsterkasser? ".into(),
            body: "Hvad virker bedst?".into(),
        };
        assert!(draft.check().is_empty());
        assert_eq!(draft.title, "Fartbump eller blomsterkasser?");
        draft.subject = Target::Tip(3);
        assert!(draft.check().contains_key("subject"));
    }

    #[test]
    fn an_outcome_says_what_and_who_and_reviews_later() {
        let today = date(2027, 3, 1);
        let mut o = OutcomeDraft {
            outcome: " ".into(),
            concluded_by: "".into(),
            review_on: Some(today),
        };
        let errors = o.check(today);
        assert!(
            ["outcome", "concluded_by", "review_on"]
                .iter()
                .all(|f| errors.contains_key(f))
        );
        let mut o = OutcomeDraft {
            outcome: "Vi prøver blomsterkasser i et år.".into(),
            concluded_by: "Fællesrådet og Natur og Vej".into(),
            review_on: Some(date(2028, 3, 1)),
        };
        assert!(o.check(today).is_empty());
    }
}
