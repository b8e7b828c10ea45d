//! An association's register and its rules: every field is kept for a stated purpose, every
//! purpose has a legal basis and a retention period, the child-protection certificate is kept
//! as the state of its declaration only, and access granted to someone outside the board has a
//! purpose and ends by itself.

use crate::accounts::model::check_email;
use crate::platform::error::FieldErrors;
use crate::platform::input::{check_line, check_text};
use crate::{labelled_enum, refusals, text};
use jiff::civil::Date;

labelled_enum! {
    /// Why the association may keep data for a purpose (GDPR art. 6).
    pub enum LegalBasis {
        Consent = "consent" => register_basis_consent,
        Membership = "membership" => register_basis_membership,
        LegalObligation = "legal_obligation" => register_basis_legal_obligation,
        LegitimateInterest = "legitimate_interest" => register_basis_legitimate_interest,
    }
}

labelled_enum! {
    /// The fields an association chooses from, or its own.
    pub enum FieldKind {
        Phone = "phone" => register_field_phone,
        Address = "address" => register_field_address,
        BirthYear = "birth_year" => register_field_birth_year,
        EmergencyContact = "emergency_contact" => register_field_emergency_contact,
        Languages = "languages" => register_field_languages,
        Own = "own" => register_field_own,
    }
}

labelled_enum! {
    /// Where the declaration that a volunteer's child-protection certificate
    /// (børneattest) was obtained stands. The certificate itself is never kept here.
    pub enum Certificate {
        NotNeeded = "not_needed" => register_certificate_not_needed,
        Requested = "requested" => register_certificate_requested,
        Received = "received" => register_certificate_received,
    }
}

labelled_enum! {
    /// Why someone other than its person looked at the register: at the list of its people,
    /// at one entry, or tried to without the right and was refused.
    pub enum LookReason {
        List = "list" => register_look_list,
        Entry = "entry" => register_look_entry,
        Refused = "refused" => register_look_refused,
        Mailed = "mailed" => register_look_mailed,
        Listed = "listed" => register_look_listed,
    }
}

labelled_enum! {
    /// How a consent was given.
    pub enum ConsentHow {
        Paper = "paper" => register_consent_paper,
        InPerson = "in_person" => register_consent_in_person,
        Email = "email" => register_consent_email,
    }
}

pub const NAME_MAX: usize = 120;
pub const PURPOSE_MAX: usize = 200;
pub const CONSENT_TEXT_MAX: usize = 4_000;
/// Below this age a guardian consents for a child (the digital consent age in Denmark).
pub const CONSENT_AGE: i64 = 15;
pub const VALUE_MAX: usize = 500;
pub const RETENTION_DAYS_MAX: i64 = 3_650;
/// The longest access the association grants at once: a season's work, not a standing door.
pub const GRANT_DAYS_MAX: i64 = 92;
/// A certificate declaration expiring within this many days is due for renewal.
pub const CERTIFICATE_DUE_DAYS: i64 = 60;

/// A purpose as the board states it.
#[derive(Clone, Debug, Default)]
pub struct PurposeDraft {
    pub name: String,
    pub legal_basis: Option<LegalBasis>,
    /// Days the data is kept after the person's involvement ends.
    pub retention_days: i64,
    /// What a person consents to, for a purpose whose basis is consent.
    pub consent_text: String,
}

impl PurposeDraft {
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_line(&mut errors, "name", &mut self.name, true, PURPOSE_MAX);
        match self.legal_basis {
            Some(LegalBasis::Consent) => check_consent_text(&mut errors, &mut self.consent_text),
            _ => self.consent_text.clear(),
        }
        if self.legal_basis.is_none() {
            errors.insert("legal_basis", text!(err_choose));
        }
        if !(0..=RETENTION_DAYS_MAX).contains(&self.retention_days) {
            errors.insert(
                "retention_days",
                text!(err_register_retention(RETENTION_DAYS_MAX)),
            );
        }
        errors
    }
}

/// A consent text is what a person reads before they consent: it must be there.
pub fn check_consent_text(errors: &mut FieldErrors, text: &mut String) {
    check_text(errors, "consent_text", text, true, CONSENT_TEXT_MAX);
}

/// A consent as the board records it.
#[derive(Clone, Debug, Default)]
pub struct ConsentDraft {
    pub purpose_id: Option<i64>,
    /// Who gave it: the person's name, or their guardian's.
    pub given_by: String,
    pub by_guardian: bool,
    pub how: Option<ConsentHow>,
}

impl ConsentDraft {
    /// `age`: the person's age this year, where the register knows their year of birth.
    pub fn check(&mut self, age: Option<i64>) -> FieldErrors {
        let mut errors = FieldErrors::new();
        if self.purpose_id.is_none() {
            errors.insert("consent_purpose", text!(err_choose));
        }
        check_line(&mut errors, "given_by", &mut self.given_by, true, NAME_MAX);
        if self.how.is_none() {
            errors.insert("how", text!(err_choose));
        }
        // A year of birth gives the age this year: whoever turns 15 this year may still be 14.
        if age.is_some_and(|a| a <= CONSENT_AGE) && !self.by_guardian {
            errors.insert(
                "by_guardian",
                text!(err_register_consent_guardian(CONSENT_AGE)),
            );
        }
        errors
    }
}

/// A person's age this year from the year of birth the register keeps, as typed.
pub fn age_from(birth_year: &str, this_year: i64) -> Option<i64> {
    let year: i64 = birth_year.trim().parse().ok()?;
    (1900..=this_year).contains(&year).then(|| this_year - year)
}

/// A field as the board adds it: a field without a purpose is not kept.
#[derive(Clone, Debug, Default)]
pub struct FieldDraft {
    pub kind: Option<FieldKind>,
    /// The label people see; a chosen field's own label when left empty.
    pub label: String,
    pub purpose_id: Option<i64>,
}

impl FieldDraft {
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_line(&mut errors, "label", &mut self.label, false, NAME_MAX);
        match self.kind {
            None => {
                errors.insert("kind", text!(err_choose));
            }
            Some(FieldKind::Own) if self.label.is_empty() => {
                errors.insert("label", text!(err_required));
            }
            _ => {}
        }
        if self.purpose_id.is_none() {
            errors.insert("purpose", text!(err_register_field_purpose));
        }
        errors
    }
}

/// A person in the register as the board writes them.
#[derive(Clone, Debug)]
pub struct EntryDraft {
    pub name: String,
    pub email: String,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
    pub certificate: Certificate,
    pub certificate_valid_until: Option<Date>,
    /// The association's fields, by id, as typed.
    pub values: Vec<(i64, String)>,
    /// The activities they take part in.
    pub activity_ids: Vec<i64>,
}

impl EntryDraft {
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_line(&mut errors, "name", &mut self.name, true, NAME_MAX);
        self.email = self.email.trim().to_string();
        if !self.email.is_empty()
            && let Some(problem) = check_email(&mut self.email)
        {
            errors.insert("email", problem);
        }
        match (self.starts_on, self.ends_on) {
            (None, _) => {
                errors.insert("starts_on", text!(err_required));
            }
            (Some(starts), Some(ends)) if ends < starts => {
                errors.insert("ends_on", text!(err_ends_before_start));
            }
            _ => {}
        }
        if self.certificate == Certificate::Received && self.certificate_valid_until.is_none() {
            errors.insert("certificate_valid_until", text!(err_required));
        }
        if self.certificate != Certificate::Received {
            self.certificate_valid_until = None;
        }
        for (_, value) in &mut self.values {
            check_line(&mut errors, "values", value, false, VALUE_MAX);
        }
        self.values.retain(|(_, v)| !v.is_empty());
        errors
    }
}

/// Access for a named person outside the board, for a purpose, until a day.
#[derive(Clone, Debug, Default)]
pub struct GrantDraft {
    /// The address of the person's account.
    pub email: String,
    pub purpose: String,
    pub until: Option<Date>,
}

impl GrantDraft {
    /// `today` is the first day of the access.
    pub fn check(&mut self, today: Date) -> FieldErrors {
        let mut errors = FieldErrors::new();
        if let Some(problem) = check_email(&mut self.email) {
            errors.insert("email", problem);
        }
        check_text(&mut errors, "purpose", &mut self.purpose, true, PURPOSE_MAX);
        match self.until {
            None => {
                errors.insert("until", text!(err_required));
            }
            Some(until) => {
                let days = (until - today).get_days() as i64;
                if !(1..=GRANT_DAYS_MAX).contains(&days) {
                    errors.insert("until", text!(err_register_grant_days(GRANT_DAYS_MAX)));
                }
            }
        }
        errors
    }
}

pub const SUBJECT_MAX: usize = 200;
pub const MAIL_BODY_MAX: usize = 10_000;

/// A mail the board sends to a group: an activity's people, or (none) everyone still active,
/// for one of its purposes.
#[derive(Clone, Debug, Default)]
pub struct MailDraft {
    pub activity_id: Option<i64>,
    pub purpose_id: Option<i64>,
    pub subject: String,
    pub body: String,
    /// The form the board filled in, made when it was shown: a form is sent once.
    pub form_key: String,
}

impl MailDraft {
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        if self.purpose_id.is_none() {
            errors.insert("mail_purpose", text!(err_choose));
        }
        check_line(&mut errors, "subject", &mut self.subject, true, SUBJECT_MAX);
        check_text(&mut errors, "body", &mut self.body, true, MAIL_BODY_MAX);
        errors
    }
}

/// Whether a volunteer's certificate declaration needs renewing by `today`: asked for and not
/// received, or received and expiring within [`CERTIFICATE_DUE_DAYS`].
pub fn certificate_due(certificate: Certificate, valid_until: Option<Date>, today: Date) -> bool {
    match certificate {
        Certificate::NotNeeded => false,
        Certificate::Requested => true,
        Certificate::Received => valid_until
            .is_none_or(|until| (until - today).get_days() as i64 <= CERTIFICATE_DUE_DAYS),
    }
}

refusals! {
    pub enum RegisterRefusal {
        /// The grant names someone without an account: access goes to a named person.
        UnknownPerson = "register_unknown_person" => |s| s.err_register_unknown_person,
        /// The withdrawal link was used already: the consent is withdrawn.
        AlreadyWithdrawn = "consent_already_withdrawn" => |s| s.err_register_already_withdrawn,
        /// Consent is recorded for a purpose whose basis is consent.
        NotByConsent = "purpose_not_by_consent" => |s| s.err_register_not_by_consent,
        /// The entry is anonymous: nothing of the person is left to change.
        Anonymised = "register_entry_anonymised" => |s| s.err_register_entry_anonymised,
        /// The same mail form was sent already (a double click, a form posted again).
        MailingSent = "mailing_already_sent" => |s| s.err_register_mailing_sent,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;

    fn aase(starts_on: Option<Date>, ends_on: Option<Date>) -> EntryDraft {
        EntryDraft {
            name: "Aase".into(),
            email: String::new(),
            starts_on,
            ends_on,
            certificate: Certificate::NotNeeded,
            certificate_valid_until: None,
            values: Vec::new(),
            activity_ids: Vec::new(),
        }
    }

    #[test]
    fn a_field_without_a_purpose_is_refused() {
        let mut f = FieldDraft {
            kind: Some(FieldKind::Phone),
            ..FieldDraft::default()
        };
        assert!(f.check().contains_key("purpose"));
        f.purpose_id = Some(1);
        assert!(f.check().is_empty());
        let mut own = FieldDraft {
            kind: Some(FieldKind::Own),
            purpose_id: Some(1),
            ..FieldDraft::default()
        };
        assert!(own.check().contains_key("label"), "an own field is named");
    }

    #[test]
    fn a_grant_has_a_purpose_and_ends_within_a_season() {
        let today = date(2026, 12, 7);
        let mut g = GrantDraft {
            email: "koordinator@aarhus.dk".into(),
            purpose: " ".into(),
            until: None,
        };
        let errors = g.check(today);
        assert!(errors.contains_key("purpose") && errors.contains_key("until"));
        g.purpose = "Matche besøgsvenner med borgere i centret".into();
        g.until = Some(date(2027, 6, 1));
        assert!(
            g.check(today).contains_key("until"),
            "half a year is too long"
        );
        g.until = Some(date(2027, 1, 7));
        assert!(g.check(today).is_empty());
        g.until = Some(today);
        assert!(
            g.check(today).contains_key("until"),
            "it ends after it starts"
        );
    }

    #[test]
    fn a_received_declaration_has_a_day_it_runs_to_and_is_due_before_it() {
        let today = date(2026, 12, 7);
        let mut e = aase(Some(today), None);
        e.certificate = Certificate::Received;
        assert!(e.check().contains_key("certificate_valid_until"));
        assert!(certificate_due(Certificate::Requested, None, today));
        assert!(!certificate_due(Certificate::NotNeeded, None, today));
        let soon = Some(date(2027, 1, 15));
        let later = Some(date(2027, 9, 1));
        assert!(certificate_due(Certificate::Received, soon, today));
        assert!(!certificate_due(Certificate::Received, later, today));
    }

    #[test]
    fn a_child_under_fifteen_consents_through_a_guardian() {
        let mut c = ConsentDraft {
            purpose_id: Some(1),
            given_by: "Ida".into(),
            by_guardian: false,
            how: Some(ConsentHow::Paper),
        };
        assert!(c.check(age_from("2014", 2026)).contains_key("by_guardian"));
        assert!(
            c.check(age_from("2011", 2026)).contains_key("by_guardian"),
            "who turns fifteen this year may still be fourteen"
        );
        assert!(
            c.check(age_from("2010", 2026)).is_empty(),
            "sixteen this year consents herself"
        );
        assert!(c.check(age_from("ukendt", 2026)).is_empty());
        c.by_guardian = true;
        c.given_by = "Mor: Hanne".into();
        assert!(c.check(age_from("2014", 2026)).is_empty());
    }

    #[test]
    fn a_consent_purpose_has_its_text() {
        let mut p = PurposeDraft {
            name: "Nyhedsbrev".into(),
            legal_basis: Some(LegalBasis::Consent),
            retention_days: 0,
            consent_text: " ".into(),
        };
        assert!(p.check().contains_key("consent_text"));
        p.legal_basis = Some(LegalBasis::Membership);
        p.consent_text = "ignored".into();
        assert!(p.check().is_empty());
        assert_eq!(p.consent_text, "", "only consent has a text to consent to");
    }

    #[test]
    fn an_entry_ends_after_it_starts() {
        let mut e = aase(Some(date(2026, 3, 1)), Some(date(2026, 2, 1)));
        assert!(e.check().contains_key("ends_on"));
    }
}
