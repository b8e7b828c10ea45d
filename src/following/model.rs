//! Following and notifications: what people follow, what they are told, and how it reads in an
//! inbox and an e-mail. Plain types and text; no storage.

use crate::initiatives::model::{Status, Theme};
use crate::labelled_enum;
use crate::platform::i18n::Lang;
pub use crate::platform::mail::{Mail, in_both};

labelled_enum! {
    pub enum TargetKind {
        Initiative = "initiative" => target_kind_initiative,
        Theme = "theme" => target_kind_theme,
        Neighbourhood = "neighbourhood" => target_kind_neighbourhood,
        Actor = "actor" => target_kind_actor,
        Tip = "tip" => target_kind_tip,
        Thread = "thread" => target_kind_thread,
        Idea = "idea" => target_kind_idea,
    }
}

labelled_enum! {
    /// How someone wants to hear by e-mail (the inbox has everything anyway).
    pub enum EmailMode {
        Immediate = "immediate" => email_mode_immediate,
        Daily = "daily" => email_mode_daily,
        Off = "off" => email_mode_off,
    }
}

labelled_enum! {
    pub enum NotificationKind {
        InitiativeStarted = "initiative_started" => notification_kind_initiative_started,
        NeedAdded = "need_added" => notification_kind_need_added,
        CallPublished = "call_published" => notification_kind_call_published,
        StatusChanged = "status_changed" => notification_kind_status_changed,
        PledgeAccepted = "pledge_accepted" => notification_kind_pledge_accepted,
        PledgeDeclined = "pledge_declined" => notification_kind_pledge_declined,
        SignupPromoted = "signup_promoted" => notification_kind_signup_promoted,
        EventCancelled = "event_cancelled" => notification_kind_event_cancelled,
        RequestQuestion = "request_question" => notification_kind_request_question,
        RequestDecided = "request_decided" => notification_kind_request_decided,
        TipUpdated = "tip_updated" => notification_kind_tip_updated,
        SurveyInvited = "survey_invited" => notification_kind_survey_invited,
        ProposalMade = "proposal_made" => notification_kind_proposal_made,
        ProposalAnswered = "proposal_answered" => notification_kind_proposal_answered,
        ContentHidden = "content_hidden" => notification_kind_content_hidden,
        ContentRestored = "content_restored" => notification_kind_content_restored,
        IdeaDecided = "idea_decided" => notification_kind_idea_decided,
        IdeaParkedDue = "idea_parked_due" => notification_kind_idea_parked_due,
        ThreadStarted = "thread_started" => notification_kind_thread_started,
        ThreadReplied = "thread_replied" => notification_kind_thread_replied,
        ThreadConcluded = "thread_concluded" => notification_kind_thread_concluded,
        RegisterRequestMade = "register_request_made" => notification_kind_register_request_made,
        RegisterRequestDue = "register_request_due" => notification_kind_register_request_due,
        RegisterRequestAnswered = "register_request_answered" => notification_kind_register_request_answered,
    }
}

/// What is followed: an initiative or actor by id, a theme by code, a neighbourhood by name.
#[derive(Clone, Debug, PartialEq)]
pub enum Target {
    Initiative(i64),
    Theme(Theme),
    Neighbourhood(String),
    Actor(i64),
    Tip(i64),
    Thread(i64),
    Idea(i64),
}

impl Target {
    pub fn kind(&self) -> TargetKind {
        match self {
            Target::Initiative(_) => TargetKind::Initiative,
            Target::Theme(_) => TargetKind::Theme,
            Target::Neighbourhood(_) => TargetKind::Neighbourhood,
            Target::Actor(_) => TargetKind::Actor,
            Target::Tip(_) => TargetKind::Tip,
            Target::Thread(_) => TargetKind::Thread,
            Target::Idea(_) => TargetKind::Idea,
        }
    }

    /// The stored key: neighbourhoods compare as people read them (Århus = Aarhus, any case).
    pub fn key(&self) -> String {
        match self {
            Target::Initiative(id)
            | Target::Actor(id)
            | Target::Tip(id)
            | Target::Thread(id)
            | Target::Idea(id) => id.to_string(),
            Target::Theme(t) => t.code().to_string(),
            Target::Neighbourhood(n) => crate::platform::search::sort_key(n),
        }
    }

    /// From a form or API field pair; `None` for anything unknown or empty.
    pub fn parse(kind: &str, value: &str) -> Option<Target> {
        let value = value.trim();
        if value.chars().count() > 200 {
            return None;
        }
        match TargetKind::parse(kind)? {
            TargetKind::Initiative => value.parse().ok().map(Target::Initiative),
            TargetKind::Actor => value.parse().ok().map(Target::Actor),
            TargetKind::Tip => value.parse().ok().map(Target::Tip),
            TargetKind::Thread => value.parse().ok().map(Target::Thread),
            TargetKind::Idea => value.parse().ok().map(Target::Idea),
            TargetKind::Theme => Theme::parse(value).map(Target::Theme),
            TargetKind::Neighbourhood => {
                (!value.is_empty()).then(|| Target::Neighbourhood(value.to_string()))
            }
        }
    }
}

/// A notification as stored: a kind, what it is about, where it links to.
#[derive(Clone, Debug, PartialEq)]
pub struct Notice {
    pub kind: NotificationKind,
    /// What it is about, e.g. the need's title.
    pub title: String,
    /// Where, e.g. the initiative's title.
    pub context: String,
    /// A code the kind needs, e.g. the new status.
    pub detail: String,
    /// A path on this site.
    pub link: String,
}

impl Notice {
    /// One line for the inbox and the e-mail.
    pub fn describe(&self, lang: Lang) -> String {
        let s = lang.strings();
        let detail = match self.kind {
            NotificationKind::TipUpdated => {
                crate::tips::model::TipStatus::parse(&self.detail).map(|st| st.label(lang))
            }
            NotificationKind::ProposalMade => {
                crate::proposals::model::ProposalKind::parse(&self.detail).map(|k| k.label(lang))
            }
            NotificationKind::ProposalAnswered => {
                crate::proposals::model::ProposalState::parse(&self.detail).map(|st| st.label(lang))
            }
            NotificationKind::IdeaDecided => {
                crate::workshops::model::Fate::parse(&self.detail).map(|f| f.label(lang))
            }
            NotificationKind::RegisterRequestMade | NotificationKind::RegisterRequestDue => {
                crate::registers::rights::RequestKind::parse(&self.detail).map(|k| k.label(lang))
            }
            NotificationKind::RegisterRequestAnswered => {
                crate::registers::rights::RequestOutcome::parse(&self.detail).map(|o| o.label(lang))
            }
            // A moderator's own words, or none.
            NotificationKind::ContentHidden
            | NotificationKind::ContentRestored
            | NotificationKind::ThreadStarted
            | NotificationKind::ThreadReplied
            | NotificationKind::ThreadConcluded
            | NotificationKind::IdeaParkedDue => None,
            _ => Status::parse(&self.detail).map(|st| st.label(lang)),
        }
        .map(str::to_string)
        .unwrap_or_else(|| self.detail.clone());
        s.notice(&self.context, &detail, self.kind.code(), &self.title)
    }
}

fn footer(unsubscribe_path: &str) -> String {
    let (reason_da, reason_en) = in_both(|s| s.mail_reason.into());
    let (settings_da, settings_en) = in_both(|s| s.mail_settings.into());
    let (unsubscribe_da, unsubscribe_en) = in_both(|s| s.mail_unsubscribe.into());
    format!(
        "\n--\n{reason_da}\n{reason_en}\n{settings_da} / {settings_en}: {{base}}/following\n\
         {unsubscribe_da} / {unsubscribe_en}: {{base}}{unsubscribe_path}\n"
    )
}

/// One notification by e-mail, in Danish with English below.
pub fn immediate_mail(notice: &Notice, unsubscribe_path: &str) -> Mail {
    let (da, en) = in_both(|s| notice.describe(s.lang));
    Mail {
        subject: format!("Medspil: {da}"),
        body: format!(
            "{da}\n{{base}}{link}\n\n{en}\n{{base}}{link}\n{}",
            footer(unsubscribe_path),
            link = notice.link
        ),
    }
}

/// The day's notifications in one e-mail.
pub fn digest_mail(notices: &[Notice], unsubscribe_path: &str) -> Mail {
    let (heading_da, heading_en) = in_both(|s| s.digest_heading(notices.len()));
    let mut body = format!("{heading_da}\n{heading_en}\n\n");
    for n in notices {
        let (da, en) = in_both(|s| n.describe(s.lang));
        body.push_str(&format!("- {da}\n  {en}\n  {{base}}{}\n", n.link));
    }
    body.push_str(&footer(unsubscribe_path));
    let (count_da, count_en) = in_both(|s| s.digest_count(notices.len()));
    Mail {
        subject: format!("Medspil: {count_da} / {count_en}"),
        body,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn need_added() -> Notice {
        Notice {
            kind: NotificationKind::NeedAdded,
            title: "Hænder til Hyg & Byg".into(),
            context: "Frederiksbjerg Spirer".into(),
            detail: String::new(),
            link: "/needs/2".into(),
        }
    }

    #[test]
    fn notices_read_in_both_languages_and_mails_carry_a_way_out() {
        let n = need_added();
        assert_eq!(
            n.describe(Lang::Da),
            "Nyt behov hos Frederiksbjerg Spirer: Hænder til Hyg & Byg"
        );
        let mail = immediate_mail(&n, "/unsubscribe/abc");
        assert!(mail.subject.starts_with("Medspil: Nyt behov"));
        assert!(mail.body.contains("{base}/needs/2"));
        assert!(mail.body.contains("New need at Frederiksbjerg Spirer"));
        assert!(mail.body.contains("{base}/unsubscribe/abc"));
        let changed = Notice {
            kind: NotificationKind::StatusChanged,
            detail: "active".into(),
            ..n.clone()
        };
        assert!(changed.describe(Lang::En).contains("Active"));
        let digest = digest_mail(&[n.clone(), changed], "/unsubscribe/abc");
        assert!(digest.subject.contains('2'));
        assert_eq!(digest.body.matches("{base}/needs/2").count(), 2);
    }

    #[test]
    fn targets_parse_from_fields_and_neighbourhoods_compare_as_read() {
        assert_eq!(
            Target::parse("initiative", "7"),
            Some(Target::Initiative(7))
        );
        assert_eq!(
            Target::parse("theme", "green_streets"),
            Some(Target::Theme(Theme::GreenStreets))
        );
        assert_eq!(Target::parse("theme", "nope"), None);
        assert_eq!(Target::parse("planet", "7"), None);
        assert_eq!(Target::parse("neighbourhood", " "), None);
        assert_eq!(
            Target::Neighbourhood("Åbyhøj".into()).key(),
            Target::Neighbourhood("aabyhøj".into()).key()
        );
    }
}
