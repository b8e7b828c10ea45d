//! Who may do what, decided here and nowhere else. Handlers describe the object and ask
//! [`can`]; the rules are plain functions of the viewer and the object, tested as a matrix.

use crate::platform::auth::{MembershipRole, PlatformRole, Step, Viewer};
use crate::platform::error::{AppError, AppResult};

/// What the rules need to know about an initiative.
#[derive(Clone, Debug, Default)]
pub struct InitiativeAccess {
    pub owner_id: i64,
    pub created_by: i64,
    /// Actors taking part as coordinators.
    pub coordinator_ids: Vec<i64>,
    /// The department of its owner, when a municipal unit owns it. Being anchored in a department
    /// gives that department no rights over what others own: it proposes, and the owner answers.
    pub owner_department_id: Option<i64>,
}

/// What the rules need to know about an event.
#[derive(Clone, Debug)]
pub struct EventAccess {
    pub organiser_id: i64,
    /// The initiative it is part of, whose editors run it too.
    pub initiative: Option<InitiativeAccess>,
}

/// What the rules need to know about an organisation.
#[derive(Clone, Copy, Debug)]
pub struct OrganisationAccess {
    pub id: i64,
    /// For a municipal unit: its department (a department is its own department).
    pub department_id: Option<i64>,
}

#[derive(Clone, Copy, Debug)]
pub enum Action<'a> {
    /// Act on behalf of an actor: a person acts for themself, and for organisations where they
    /// are admin, employee or leader (a plain member belongs but does not speak for it).
    ActFor(i64),
    /// Edit an organisation's profile and its memberships.
    ManageOrganisation(OrganisationAccess),
    EditInitiative(&'a InitiativeAccess),
    /// Lead an initiative's evaluation (set its indicators, send surveys, read free-text
    /// answers): its leaders, those who may edit it.
    LeadEvaluation(&'a InitiativeAccess),
    /// Speak in an initiative's evaluation in the name of `party` (add a measurement it vouches
    /// for, correct or question one, give a partner's system a key): those acting for it, when it
    /// is one of the initiative's `parties` (its participants and the parties to its agreements).
    /// Nobody vouches for a party they do not speak for, admins included.
    SpeakAsParty {
        party: i64,
        parties: &'a [i64],
    },
    /// Move ownership of an initiative. Only its current owner may give it away, so an initiative
    /// started by citizens cannot be taken over without their consent; platform admins may
    /// correct mistakes, and every change is kept in the ownership history.
    TransferInitiative(&'a InitiativeAccess),
    /// Change an event, its programme and items, see its check-in list and sign-ups, and mark
    /// attendance: those acting for its organiser (so someone who leaves an organisation leaves
    /// its events behind), the initiative's editors, platform admins.
    ManageEvent(&'a EventAccess),
    /// Change a space, block periods, and confirm or decline its bookings: those acting for its
    /// owner, platform admins.
    ManageSpace {
        owner_id: i64,
    },
    /// Handle a municipal unit's cases (requests, pools and tips): its employees, admins and leaders, the
    /// leader of its department, platform admins.
    HandleCases(OrganisationAccess),
    /// See the overview of a department or of one of its units (`units`: the department's
    /// units): those who work in any of them, platform admins. The city's overview is public.
    SeeDepartmentOverview {
        units: &'a [i64],
    },
    /// Speak in an initiative's name (invite others in, withdraw its invitations): those acting
    /// for its owner or a coordinator, and the leader of the department whose unit owns it. Not
    /// its creator once others own it, nor moderators or admins: they edit, but do not consent.
    SpeakForInitiative(&'a InitiativeAccess),
    /// Give or refuse consent in an actor's name (answer a proposal made to it, anchor an
    /// initiative in it): those acting for it, and for a municipal unit its department's leader.
    /// Platform admins do not: nobody consents on someone else's behalf.
    ConsentFor(OrganisationAccess),
    /// Anchor an initiative in a department without asking it (`units`: the department and its
    /// units): those who act for any of them and the department's leader, since they consent
    /// for it; everyone else asks, and the department answers.
    AnchorIn {
        department_id: i64,
        units: &'a [i64],
    },
    /// Conclude a debate thread with its outcome: the one who started it, those who may edit
    /// the initiative it is about, moderators and platform admins.
    ConcludeThread {
        started_by: i64,
        initiative: Option<&'a InitiativeAccess>,
    },
    /// Run a workshop (open and close its session, type in ideas from paper, decide what
    /// becomes of each idea): those acting for any of its hosts, platform admins.
    FacilitateWorkshop {
        hosts: &'a [i64],
    },
    /// Keep an association's register (its purposes, fields, activities and people, who else
    /// may read it, and the log of every look): its board, those acting for it. Nobody else,
    /// platform admins and municipal employees included: the municipality processes the
    /// register for the association and reads none of it.
    KeepRegister {
        association_id: i64,
    },
    /// Give someone a role that acts for an association (its board): its board alone. Platform
    /// admins manage its profile and plain members, but cannot make anyone board, since the
    /// board reads the association's register.
    AppointBoard {
        association_id: i64,
    },
    /// Read an association's register: its board, and a named person while a grant of the
    /// association's runs (`granted`).
    ReadRegister {
        association_id: i64,
        granted: bool,
    },
    /// Withdraw a person's consent on the platform: the person on their own entry (`own`), and
    /// the board recording what the person told it. Nobody reading under a grant.
    WithdrawConsent {
        association_id: i64,
        own: bool,
    },
    /// Grant platform roles and see the administration pages.
    AdministerPlatform,
    /// Work the moderation queue: hide reported content with a reason, and restore it.
    /// Moderators and platform admins.
    Moderate,
}

pub fn can(viewer: Option<&Viewer>, action: Action<'_>) -> bool {
    let Some(v) = viewer else {
        return false;
    };
    let admin = v.role == PlatformRole::Admin;
    match action {
        Action::ActFor(actor_id) => acts_for(v, actor_id),
        Action::ManageOrganisation(org) => admin || manages(v, org),
        Action::EditInitiative(i) => {
            admin
                || v.role == PlatformRole::Moderator
                || v.user_id == i.created_by
                || acts_for(v, i.owner_id)
                || i.coordinator_ids.iter().any(|&c| acts_for(v, c))
                || i.owner_department_id
                    .is_some_and(|d| leads_department(v, d))
        }
        Action::LeadEvaluation(i) => can(viewer, Action::EditInitiative(i)),
        Action::SpeakForInitiative(i) => {
            acts_for(v, i.owner_id)
                || i.coordinator_ids.iter().any(|&c| acts_for(v, c))
                || i.owner_department_id
                    .is_some_and(|d| leads_department(v, d))
        }
        Action::SpeakAsParty { party, parties } => parties.contains(&party) && acts_for(v, party),
        Action::TransferInitiative(i) => admin || acts_for(v, i.owner_id),
        Action::ManageEvent(e) => {
            admin
                || acts_for(v, e.organiser_id)
                || e.initiative
                    .as_ref()
                    .is_some_and(|i| can(viewer, Action::EditInitiative(i)))
        }
        Action::ManageSpace { owner_id } => admin || acts_for(v, owner_id),
        Action::HandleCases(unit) => {
            admin
                || acts_for(v, unit.id)
                || unit.department_id.is_some_and(|d| leads_department(v, d))
        }
        Action::SeeDepartmentOverview { units } => admin || units.iter().any(|&u| acts_for(v, u)),
        Action::ConsentFor(actor) => {
            acts_for(v, actor.id) || actor.department_id.is_some_and(|d| leads_department(v, d))
        }
        Action::AnchorIn {
            department_id,
            units,
        } => leads_department(v, department_id) || units.iter().any(|&u| acts_for(v, u)),
        Action::ConcludeThread {
            started_by,
            initiative,
        } => {
            admin
                || v.role == PlatformRole::Moderator
                || v.user_id == started_by
                || initiative.is_some_and(|i| can(viewer, Action::EditInitiative(i)))
        }
        Action::FacilitateWorkshop { hosts } => admin || hosts.iter().any(|&h| acts_for(v, h)),
        Action::KeepRegister { association_id } | Action::AppointBoard { association_id } => {
            acts_for(v, association_id)
        }
        Action::ReadRegister {
            association_id,
            granted,
        } => granted || acts_for(v, association_id),
        Action::WithdrawConsent {
            association_id,
            own,
        } => own || acts_for(v, association_id),
        Action::AdministerPlatform => admin,
        Action::Moderate => admin || v.role == PlatformRole::Moderator,
    }
}

/// [`can`], as a step of a handler or action: forbidden unless allowed.
pub fn require(viewer: Option<&Viewer>, action: Action<'_>) -> AppResult<()> {
    if can(viewer, action) {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Whether the viewer's login is strong enough for `step`, as the municipality configured it:
/// someone allowed to act still logs in with MitID (or their work login) first where it must be
/// sure who acts.
pub fn require_assurance(v: &Viewer, step: Step) -> AppResult<()> {
    let needed = v.required.needed(step);
    if v.assurance >= needed {
        Ok(())
    } else {
        Err(AppError::StrongerLogin(needed))
    }
}

fn acts_for(v: &Viewer, actor_id: i64) -> bool {
    v.person_id == actor_id
        || v.memberships.iter().any(|m| {
            m.organisation_id == actor_id
                && matches!(
                    m.role,
                    MembershipRole::Admin | MembershipRole::Employee | MembershipRole::Leader
                )
        })
}

fn manages(v: &Viewer, org: OrganisationAccess) -> bool {
    v.memberships.iter().any(|m| {
        m.organisation_id == org.id
            && matches!(m.role, MembershipRole::Admin | MembershipRole::Leader)
    }) || org.department_id.is_some_and(|d| leads_department(v, d))
}

fn leads_department(v: &Viewer, department_id: i64) -> bool {
    v.memberships
        .iter()
        .any(|m| m.role == MembershipRole::Leader && m.organisation_id == department_id)
}

/// The viewer and the organisations they may act for: whose requests, offers and the like are
/// theirs to see.
pub fn actors_acted_for(v: &Viewer) -> Vec<i64> {
    let mut ids = vec![v.person_id];
    ids.extend(organisations_acted_for(v));
    ids
}

/// Organisations the viewer may act for, for "on behalf of" choices in forms.
pub fn organisations_acted_for(v: &Viewer) -> Vec<i64> {
    v.memberships
        .iter()
        .filter(|m| acts_for(v, m.organisation_id))
        .map(|m| m.organisation_id)
        .collect()
}

#[cfg(test)]
mod tests;
