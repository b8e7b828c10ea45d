//! Proposals: what one side of an initiative asks of the other, and the other's consent. The
//! municipality backs initiatives where they are born by asking, never by taking: it offers, it
//! proposes to scale up or take over, it suggests a change of status, and the owner answers; an
//! initiative invites a unit or organisation in, or asks to be anchored in a department, and
//! that side answers. Answered or not, each proposal stays in the initiative's history.

use crate::initiatives::model::{ParticipantRole, Status};
use crate::mobilisation::model::{QUANTITY_MAX, ResourceKind, TITLE_MAX, Unit};
use crate::platform::error::FieldErrors;
use crate::platform::input::{NOTE_MAX, check_line, check_text};
use crate::{labelled_enum, refusals, text};

labelled_enum! {
    /// An invitation: the initiative asks an organisation in, in a role and perhaps for
    /// something. An offer: an organisation offers to take part, perhaps with something to give.
    /// Scaling up: an organisation proposes to help it grow, as its partner. Taking over: an
    /// organisation proposes to become its owner. A status change: a party or its department
    /// proposes a move along the lifecycle. An anchoring: it asks to be anchored in a department.
    pub enum ProposalKind {
        Invitation = "invitation" => proposal_kind_invitation,
        Offer = "offer" => proposal_kind_offer,
        ScaleUp = "scale_up" => proposal_kind_scale_up,
        TakeOver = "take_over" => proposal_kind_take_over,
        StatusChange = "status_change" => proposal_kind_status_change,
        Anchoring = "anchoring" => proposal_kind_anchoring,
    }
}

labelled_enum! {
    pub enum ProposalState {
        Open = "open" => proposal_state_open,
        Accepted = "accepted" => proposal_state_accepted,
        Declined = "declined" => proposal_state_declined,
        Withdrawn = "withdrawn" => proposal_state_withdrawn,
    }
}

labelled_enum! {
    /// What is asked for or offered with an invitation or an offer.
    pub enum Ask {
        Knowledge = "knowledge" => ask_knowledge,
        Permit = "permit" => ask_permit,
        Materials = "materials" => ask_materials,
        Staff = "staff" => ask_staff,
        Space = "space" => ask_space,
        Money = "money" => ask_money,
    }
}

impl ProposalKind {
    /// Made in the initiative's name by its leaders, to another actor; the other kinds are made
    /// by another actor to the initiative's owner.
    pub fn from_the_initiative(self) -> bool {
        matches!(self, ProposalKind::Invitation | ProposalKind::Anchoring)
    }

    /// Kinds that bring the other actor in as a participant in a role.
    pub fn brings_in(self) -> bool {
        matches!(self, ProposalKind::Invitation | ProposalKind::Offer)
    }

    /// The kinds someone proposes in a form; an anchoring is asked for by naming the department.
    pub const PROPOSED: &'static [ProposalKind] = &[
        ProposalKind::Invitation,
        ProposalKind::Offer,
        ProposalKind::ScaleUp,
        ProposalKind::TakeOver,
        ProposalKind::StatusChange,
    ];
}

impl Ask {
    /// What an accepted ask becomes: a need of the initiative the giver has pledged to, in the
    /// need's kind; a permit is a case in the unit's queue instead (`None`).
    pub fn need_kind(self) -> Option<ResourceKind> {
        match self {
            Ask::Knowledge => Some(ResourceKind::Knowledge),
            Ask::Permit => None,
            Ask::Materials => Some(ResourceKind::Materials),
            Ask::Staff => Some(ResourceKind::Hands),
            Ask::Space => Some(ResourceKind::Space),
            Ask::Money => Some(ResourceKind::Money),
        }
    }

    /// What its amount counts, when it is counted.
    pub fn unit(self) -> Option<Unit> {
        self.need_kind().map(ResourceKind::unit)
    }
}

/// A proposal as made, before it names the initiative's owner: its kind, the other actor (the
/// one invited, or the one proposing), and what it says.
#[derive(Clone, Debug, PartialEq)]
pub struct ProposalDraft {
    pub kind: ProposalKind,
    pub actor_id: i64,
    pub role: Option<ParticipantRole>,
    pub ask: Option<Ask>,
    /// What exactly is asked for or offered, in a line ("40 perennials for the boxes"); the title
    /// of the need it becomes.
    pub what: String,
    pub amount: Option<i64>,
    pub status_to: Option<Status>,
    pub message: String,
}

impl ProposalDraft {
    /// A request to anchor an initiative in a department.
    pub fn anchoring(department_id: i64) -> ProposalDraft {
        ProposalDraft {
            kind: ProposalKind::Anchoring,
            actor_id: department_id,
            role: None,
            ask: None,
            what: String::new(),
            amount: None,
            status_to: None,
            message: String::new(),
        }
    }

    /// Trims the texts, drops the terms its kind has no use for, and names everything wrong with
    /// it by field.
    pub fn check(&mut self) -> FieldErrors {
        if !self.kind.brings_in() {
            (self.role, self.ask, self.amount) = (None, None, None);
            self.what.clear();
        }
        if self.kind != ProposalKind::StatusChange {
            self.status_to = None;
        }
        let mut errors = FieldErrors::new();
        if self.kind.brings_in() && self.role.is_none() {
            errors.insert("role", text!(err_choose));
        }
        if self.kind == ProposalKind::StatusChange && self.status_to.is_none() {
            errors.insert("status_to", text!(err_choose));
        }
        let asks = self.ask.is_some();
        check_line(&mut errors, "what", &mut self.what, asks, TITLE_MAX);
        if self
            .amount
            .is_some_and(|a| !(1..=QUANTITY_MAX).contains(&a))
        {
            errors.insert("amount", text!(err_quantity));
        }
        check_text(&mut errors, "message", &mut self.message, false, NOTE_MAX);
        errors
    }

    /// Who proposes and who answers, given the initiative's owner.
    pub fn between(&self, owner_id: i64) -> (i64, i64) {
        if self.kind.from_the_initiative() {
            (owner_id, self.actor_id)
        } else {
            (self.actor_id, owner_id)
        }
    }
}

refusals! {
    /// Why a proposal or its answer was refused.
    pub enum ProposalRefusal {
        /// Someone answered or withdrew it first.
        Answered = "proposal_already_answered" => |s| s.err_proposal_answered,
        /// The same proposal between the same two actors is waiting already.
        AlreadyOpen = "proposal_already_open" => |s| s.err_proposal_open,
        /// Made to or by the owner it had then, it cannot be answered since ownership moved.
        OwnerChanged = "proposal_owner_changed" => |s| s.err_proposal_owner_changed,
        /// A proposal is made to or by another actor than the initiative's owner.
        ToItself = "proposal_to_itself" => |s| s.err_proposal_to_itself,
        /// Organisations are invited, offer, scale up and take over; a person joins themself.
        NotAnOrganisation = "proposal_needs_an_organisation" => |s| s.err_proposal_organisation,
        /// Permits are given by the municipality, and only through a case.
        PermitFromUnit = "permit_only_from_a_municipal_unit" => |s| s.err_permit_from_unit,
        /// An anchoring is asked of a department.
        NotADepartment = "anchoring_needs_a_department" => |s| s.err_not_a_department,
        /// A status is proposed by a participant or the department it is anchored in.
        NotAParty = "proposal_not_a_party" => |s| s.err_proposal_not_a_party,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn offer() -> ProposalDraft {
        ProposalDraft {
            kind: ProposalKind::Offer,
            actor_id: 1,
            role: Some(ParticipantRole::Partner),
            ask: Some(Ask::Staff),
            what: "  Two staff on the day ".into(),
            amount: Some(20),
            status_to: Some(Status::Paused),
            message: String::new(),
        }
    }

    #[test]
    fn an_offer_says_in_what_role_and_what_it_gives() {
        let mut fine = offer();
        assert!(fine.check().is_empty());
        assert_eq!(fine.what, "Two staff on the day");
        assert_eq!(fine.status_to, None, "an offer proposes no status");
        assert_eq!(fine.between(9), (1, 9), "an offer goes to the owner");

        let mut vague = ProposalDraft {
            role: None,
            what: String::new(),
            amount: Some(0),
            ..offer()
        };
        let errors = vague.check();
        assert!(errors.contains_key("role"));
        assert!(errors.contains_key("what"));
        assert!(errors.contains_key("amount"));
    }

    #[test]
    fn a_status_change_names_the_status_and_keeps_no_other_terms() {
        let mut change = ProposalDraft {
            kind: ProposalKind::StatusChange,
            status_to: None,
            ..offer()
        };
        assert!(change.check().contains_key("status_to"));
        assert_eq!((change.role, change.ask, change.amount), (None, None, None));
        assert!(change.what.is_empty());
        let invitation = ProposalDraft {
            kind: ProposalKind::Invitation,
            ..offer()
        };
        assert_eq!(
            invitation.between(9),
            (9, 1),
            "an invitation comes from the owner"
        );
    }

    #[test]
    fn an_accepted_ask_becomes_a_need_except_a_permit() {
        assert_eq!(Ask::Staff.need_kind(), Some(ResourceKind::Hands));
        assert_eq!(Ask::Staff.unit(), Some(Unit::Hours));
        assert_eq!(Ask::Materials.unit(), Some(Unit::Items));
        assert_eq!(Ask::Permit.need_kind(), None);
        assert!(ProposalKind::Invitation.from_the_initiative());
        assert!(!ProposalKind::Offer.from_the_initiative());
    }
}
