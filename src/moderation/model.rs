//! Moderation's rules: what can be reported and why, what a report must say, and the
//! refusals of hiding, restoring and asking for a review.

use crate::platform::error::FieldErrors;
use crate::platform::input::{check_line, check_text};
use crate::{labelled_enum, refusals, text};

labelled_enum! {
    /// Content that can be reported and hidden.
    pub enum ContentKind {
        Offer = "offer" => content_kind_offer,
        Need = "need" => content_kind_need,
        Initiative = "initiative" => content_kind_initiative,
        Tip = "tip" => content_kind_tip,
        Photo = "photo" => content_kind_photo,
        LearningNote = "learning_note" => content_kind_learning_note,
        Thread = "thread" => content_kind_thread,
        Post = "post" => content_kind_post,
        Idea = "idea" => content_kind_idea,
    }
}

impl ContentKind {
    /// The content's page.
    pub fn path(self, id: i64) -> String {
        match self {
            ContentKind::Offer => format!("/offers/{id}"),
            ContentKind::Need => format!("/needs/{id}"),
            ContentKind::Initiative => format!("/initiatives/{id}"),
            ContentKind::Tip => format!("/tips/{id}"),
            ContentKind::Photo => format!("/tips/photos/{id}"),
            ContentKind::LearningNote => format!("/learning-notes/{id}"),
            ContentKind::Thread => format!("/debate/{id}"),
            ContentKind::Post => format!("/debate/posts/{id}"),
            ContentKind::Idea => format!("/ideas/{id}"),
        }
    }

    /// A statement reading the content's id, title, the actor it speaks for and the account
    /// that wrote it, for the ids in `{ids}`.
    pub fn content_sql(self) -> &'static str {
        match self {
            ContentKind::Offer => {
                "SELECT id, title, actor_id, created_by FROM offers WHERE id IN ({ids})"
            }
            ContentKind::Initiative => {
                "SELECT id, title, owner_id AS actor_id, created_by FROM initiatives WHERE id IN ({ids})"
            }
            // A tip's people are the unit handling it (who still see it hidden, to fix what it
            // is about) and the account that reported it, if any.
            ContentKind::Tip => {
                "SELECT t.id, SUBSTR(t.description, 1, 80) AS title, t.unit_id AS actor_id, \
                 COALESCE(t.reporter_user_id, 0) AS created_by FROM tips t WHERE t.id IN ({ids})"
            }
            // A tip's photo has the tip's people.
            ContentKind::Photo => {
                "SELECT p.id, SUBSTR(t.description, 1, 80) AS title, t.unit_id AS actor_id, \
                 COALESCE(t.reporter_user_id, 0) AS created_by FROM tip_photos p \
                 JOIN tips t ON t.id = p.tip_id WHERE p.id IN ({ids})"
            }
            // A learning note, like a need, speaks for its initiative's owner.
            ContentKind::LearningNote => {
                "SELECT n.id, SUBSTR(n.worked || ' ' || n.advice, 1, 80) AS title, \
                 i.owner_id AS actor_id, n.written_by AS created_by FROM learning_notes n \
                 JOIN initiatives i ON i.id = n.initiative_id WHERE n.id IN ({ids})"
            }
            // A debate's thread and posts speak for the person who wrote them.
            ContentKind::Thread => {
                "SELECT t.id, t.title, u.person_id AS actor_id, t.started_by AS created_by \
                 FROM debate_threads t JOIN users u ON u.id = t.started_by WHERE t.id IN ({ids})"
            }
            ContentKind::Post => {
                "SELECT p.id, SUBSTR(p.body, 1, 80) AS title, u.person_id AS actor_id, \
                 p.written_by AS created_by FROM debate_posts p JOIN users u ON u.id = p.written_by \
                 WHERE p.id IN ({ids})"
            }
            // A workshop idea speaks for the workshop's first host; its author is the account
            // that wrote it on a phone or typed it in.
            ContentKind::Idea => {
                "SELECT i.id, SUBSTR(i.text, 1, 80) AS title, (SELECT w.actor_id FROM workshop_hosts w \
                 WHERE w.workshop_id = i.workshop_id ORDER BY w.position LIMIT 1) AS actor_id, \
                 COALESCE(p.user_id, i.entered_by, 0) AS created_by FROM ideas i \
                 LEFT JOIN workshop_participants p ON p.id = i.participant_id WHERE i.id IN ({ids})"
            }
            // A need speaks for its initiative's owner.
            ContentKind::Need => {
                "SELECT n.id, n.title, i.owner_id AS actor_id, n.created_by FROM needs n \
                 JOIN initiatives i ON i.id = n.initiative_id WHERE n.id IN ({ids})"
            }
        }
    }
}

/// The condition that keeps hidden content of `kind` out of a list, for the table alias
/// `alias` whose `id` is the content's.
pub fn visible(kind: ContentKind, alias: &str) -> String {
    format!(
        "NOT EXISTS (SELECT 1 FROM hidden_content h WHERE h.kind = '{}' AND h.target_id = {alias}.id)",
        kind.code()
    )
}

labelled_enum! {
    /// Why someone reports content.
    pub enum ReportReason {
        Abusive = "abusive" => report_reason_abusive,
        PersonalData = "personal_data" => report_reason_personal_data,
        Spam = "spam" => report_reason_spam,
        Misleading = "misleading" => report_reason_misleading,
        Other = "other" => report_reason_other,
    }
}

/// A report as typed: its reason and what the reporter adds (needed for "other").
pub struct ReportDraft {
    pub reason: Option<ReportReason>,
    pub details: String,
}

impl ReportDraft {
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        let need_details = matches!(self.reason, Some(ReportReason::Other));
        if self.reason.is_none() {
            errors.insert("reason", text!(err_choose));
        }
        check_text(
            &mut errors,
            "details",
            &mut self.details,
            need_details,
            1000,
        );
        errors
    }
}

/// Checks a moderator's reason for hiding (the author is told it) or an author's message.
pub fn check_reason(field: &'static str, reason: &mut String) -> FieldErrors {
    let mut errors = FieldErrors::new();
    check_line(&mut errors, field, reason, true, 300);
    errors
}

refusals! {
    pub enum ModerationRefusal {
        AlreadyHidden = "already_hidden" => |s| s.err_already_hidden,
        NotHidden = "not_hidden" => |s| s.err_not_hidden,
        /// The author asks once for each hiding.
        ReviewAsked = "review_asked" => |s| s.err_review_asked,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_report_gives_a_reason_and_other_says_what() {
        let mut none = ReportDraft {
            reason: None,
            details: String::new(),
        };
        assert!(none.check().contains_key("reason"));
        let mut other = ReportDraft {
            reason: Some(ReportReason::Other),
            details: " ".into(),
        };
        assert!(other.check().contains_key("details"));
        let mut abusive = ReportDraft {
            reason: Some(ReportReason::Abusive),
            details: String::new(),
        };
        assert!(abusive.check().is_empty());
    }
}
