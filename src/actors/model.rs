//! Actors: people and organisations, and the rules for describing them.

use crate::initiatives::model::SHORT_MAX;
use crate::platform::error::FieldErrors;
use crate::platform::input::{check_line, check_text};
use crate::text;
use crate::{labelled_enum, refusals};

labelled_enum! {
    pub enum ActorKind {
        Person = "person" => actor_kind_person,
        Association = "association" => actor_kind_association,
        Business = "business" => actor_kind_business,
        Institution = "institution" => actor_kind_institution,
        MunicipalUnit = "municipal_unit" => actor_kind_municipal_unit,
    }
}

impl ActorKind {
    pub fn is_organisation(self) -> bool {
        self != ActorKind::Person
    }

    /// Kinds of organisation anyone may register; municipal units are created by platform admins.
    pub const SELF_REGISTERED: &'static [ActorKind] = &[
        ActorKind::Association,
        ActorKind::Business,
        ActorKind::Institution,
    ];
}

pub const ABOUT_MAX: usize = 5_000;

/// The editable description of an organisation, validated.
#[derive(Clone, Debug, Default)]
pub struct OrganisationDraft {
    pub name: String,
    pub about: String,
    pub neighbourhood: String,
    pub website: String,
}

impl OrganisationDraft {
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_line(&mut errors, "name", &mut self.name, true, SHORT_MAX);
        check_text(&mut errors, "about", &mut self.about, false, ABOUT_MAX);
        check_line(
            &mut errors,
            "neighbourhood",
            &mut self.neighbourhood,
            false,
            SHORT_MAX,
        );
        check_text(&mut errors, "website", &mut self.website, false, SHORT_MAX);
        let web_address =
            self.website.starts_with("https://") || self.website.starts_with("http://");
        if !(self.website.is_empty() || web_address) {
            errors.insert("website", text!(err_website));
        }
        errors
    }
}

/// How an organisation's name is compared with the others': no two organisations share one, so
/// nobody can pass an association off as a municipal unit by its name.
pub fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

refusals! {
    pub enum MembershipRefusal {
        /// An organisation keeps at least one who manages it.
        LastManager = "last_manager" => |s| s.err_last_manager,
    }
}
