//! What a learning note must hold, and when an initiative is a case.

use crate::initiatives::model::{Status, Theme};
use crate::platform::error::FieldErrors;
use crate::platform::input::check_text;
use crate::{refusals, text};

pub const NOTE_MAX: usize = 4_000;

/// Whether an initiative is a case: it is being evaluated or it has concluded.
pub fn is_case(status: Status) -> bool {
    matches!(status, Status::Evaluating | Status::Concluded)
}

/// What the leaders learned (also the API's body).
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct LearningDraft {
    /// What worked.
    #[serde(default)]
    pub worked: String,
    /// What did not.
    #[serde(default)]
    pub did_not_work: String,
    /// What they would advise others.
    #[serde(default)]
    pub advice: String,
    /// The themes it is about (one at least), so others looking there find it.
    pub themes: Vec<Theme>,
}

impl LearningDraft {
    /// Something learned, in at most `NOTE_MAX` characters a part, about at least one theme.
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        for (field, value) in [
            ("worked", &mut self.worked),
            ("did_not_work", &mut self.did_not_work),
            ("advice", &mut self.advice),
        ] {
            check_text(&mut errors, field, value, false, NOTE_MAX);
        }
        if [&self.worked, &self.did_not_work, &self.advice]
            .iter()
            .all(|t| t.is_empty())
            && !errors.contains_key("worked")
        {
            errors.insert("worked", text!(err_learning_empty));
        }
        self.themes.dedup();
        if self.themes.is_empty() {
            errors.insert("themes", text!(err_learning_themes));
        }
        errors
    }
}

refusals! {
    pub enum CaseRefusal {
        /// Learning is written when the initiative is evaluated or concluded.
        TooEarly = "learning_too_early" => |s| s.err_learning_too_early,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_says_something_about_a_theme() {
        let mut empty = LearningDraft {
            themes: vec![Theme::Loneliness],
            ..LearningDraft::default()
        };
        assert!(empty.check().contains_key("worked"));
        let mut advice = LearningDraft {
            advice: "Start med borgerens egne ønsker.".into(),
            ..LearningDraft::default()
        };
        assert!(advice.check().contains_key("themes"));
        advice.themes = vec![Theme::Loneliness];
        assert!(advice.check().is_empty());
    }

    #[test]
    fn evaluated_and_concluded_initiatives_are_cases() {
        assert!(is_case(Status::Concluded) && is_case(Status::Evaluating));
        assert!(!is_case(Status::Active));
    }
}
