//! Agreements: what an agreement must say (the seed's CFIA principles #4 and #5: each party's
//! role and contribution, who owns what, how binding it is, who is data controller), the
//! templates for the common cases, and when an agreement is in force.

use crate::platform::error::FieldErrors;
use crate::platform::i18n::Lang;
use crate::platform::input::check_text;
use crate::{labelled_enum, refusals};

labelled_enum! {
    /// Data processing is between an association keeping personal data on Medspil (the
    /// controller) and the municipality that runs it (the processor), GDPR art. 28.
    pub enum Template {
        CoCreation = "co_creation" => template_co_creation,
        CoProduction = "co_production" => template_co_production,
        Partnership = "partnership" => template_partnership,
        DataProcessing = "data_processing" => template_data_processing,
    }
}

labelled_enum! {
    /// How binding an agreement is (an initiative's own `Commitment` says how binding taking
    /// part in it is; the API names this one apart).
    #[schema(as = AgreementCommitment)]
    pub enum Commitment {
        NonBinding = "non_binding" => commitment_non_binding,
        Binding = "binding" => commitment_binding,
    }
}

labelled_enum! {
    /// The sections of an agreement, in order; comments are made per section.
    pub enum Section {
        Purpose = "purpose" => section_purpose,
        Contributions = "contributions" => section_contributions,
        Ownership = "ownership" => section_ownership,
        Commitment = "commitment" => section_commitment,
        DataRoles = "data_roles" => section_data_roles,
        Duration = "duration" => section_duration,
        Evaluation = "evaluation" => section_evaluation,
    }
}

pub const TITLE_MAX: usize = 200;
/// Per section; seven full sections still fit in one form post.
pub const TEXT_MAX: usize = 5_000;

/// The text of one version of an agreement.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Terms {
    pub purpose: String,
    pub contributions: String,
    pub ownership: String,
    pub commitment: Commitment,
    /// The ethics, legal and economic clauses of a binding partnership.
    #[serde(default)]
    pub binding_terms: String,
    pub data_roles: String,
    pub duration: String,
    pub evaluation: String,
}

impl Terms {
    /// Every section is written; a binding partnership states its terms.
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        for (field, value) in [
            ("purpose", &mut self.purpose),
            ("contributions", &mut self.contributions),
            ("ownership", &mut self.ownership),
            ("data_roles", &mut self.data_roles),
            ("duration", &mut self.duration),
            ("evaluation", &mut self.evaluation),
        ] {
            check_text(&mut errors, field, value, true, TEXT_MAX);
        }
        let binding = self.commitment == Commitment::Binding;
        check_text(
            &mut errors,
            "binding_terms",
            &mut self.binding_terms,
            binding,
            TEXT_MAX,
        );
        errors
    }

    /// The text of a section as it stands.
    pub fn section(&self, section: Section, lang: Lang) -> String {
        match section {
            Section::Purpose => self.purpose.clone(),
            Section::Contributions => self.contributions.clone(),
            Section::Ownership => self.ownership.clone(),
            Section::Commitment => match self.binding_terms.is_empty() {
                true => self.commitment.label(lang).into(),
                false => format!("{}\n\n{}", self.commitment.label(lang), self.binding_terms),
            },
            Section::DataRoles => self.data_roles.clone(),
            Section::Duration => self.duration.clone(),
            Section::Evaluation => self.evaluation.clone(),
        }
    }

    /// A starting text for a template, in the language of the one who drafts it: the questions
    /// each section must answer, to be replaced by the parties' own words.
    pub fn from_template(template: Template, lang: Lang) -> Terms {
        if template == Template::DataProcessing {
            return Terms::data_processing("…", "…", "…", lang);
        }
        let s = lang.strings();
        let commitment = match template {
            Template::Partnership => Commitment::Binding,
            _ => Commitment::NonBinding,
        };
        Terms {
            purpose: s.template_purpose.into(),
            contributions: match template {
                Template::CoProduction => s.template_contributions_coproduction.into(),
                _ => s.template_contributions.into(),
            },
            ownership: s.template_ownership.into(),
            commitment,
            binding_terms: match commitment {
                Commitment::Binding => s.template_binding_terms.into(),
                Commitment::NonBinding => String::new(),
            },
            data_roles: s.template_data_roles.into(),
            duration: s.template_duration.into(),
            evaluation: s.template_evaluation.into(),
        }
    }
}

impl Terms {
    /// A data processing agreement (GDPR art. 28) as Medspil processes: for what, the
    /// controller's instructions, the security measures, sub-processors and where the data is
    /// kept, what happens when it ends, and how compliance is shown.
    pub fn data_processing(controller: &str, processor: &str, purposes: &str, lang: Lang) -> Terms {
        let s = lang.strings();
        Terms {
            purpose: s.dpa_purpose(controller, processor, purposes),
            contributions: s.dpa_contributions(controller, processor),
            ownership: s.dpa_ownership(controller, processor),
            commitment: Commitment::Binding,
            binding_terms: s.dpa_security(controller),
            data_roles: s.dpa_data_roles(controller, processor),
            duration: s.dpa_duration(controller, processor),
            evaluation: s.dpa_evaluation(processor),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_binding_partnership_states_its_terms() {
        let mut t = Terms::from_template(Template::Partnership, Lang::Da);
        assert_eq!(t.commitment, Commitment::Binding);
        assert!(t.check().is_empty());
        t.binding_terms = " ".into();
        assert!(t.check().contains_key("binding_terms"));
        let mut loose = Terms::from_template(Template::CoCreation, Lang::En);
        loose.binding_terms.clear();
        assert!(loose.check().is_empty(), "non-binding needs no terms");
    }
}

refusals! {
    pub enum AgreementRefusal {
        /// A newer version was proposed since the one being accepted.
        NewerVersion = "agreement_version_outdated" => |s| s.err_agreement_newer,
    }
}
