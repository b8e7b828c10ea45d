//! Who may do what, decided here and nowhere else. Handlers describe the object and ask
//! [`can`]; the rules are plain functions of the viewer and the object, tested as a matrix.

use crate::platform::auth::{MembershipRole, PlatformRole, Viewer};
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
    /// Grant platform roles and see the administration pages.
    AdministerPlatform,
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
        Action::AdministerPlatform => admin,
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
mod tests {
    use super::*;
    use crate::platform::auth::Membership;

    const PERSON: i64 = 1;
    const ASSOCIATION: i64 = 10;
    const DEPARTMENT: i64 = 20;
    const UNIT: i64 = 21;
    const OTHER_DEPARTMENT: i64 = 30;

    fn viewer(role: PlatformRole, memberships: &[(i64, MembershipRole)]) -> Viewer {
        Viewer {
            user_id: 100,
            person_id: PERSON,
            name: "Test".into(),
            email: "t@example.org".into(),
            role,
            memberships: memberships
                .iter()
                .map(|&(organisation_id, role)| Membership {
                    organisation_id,
                    role,
                })
                .collect(),
        }
    }

    fn initiative(
        owner_id: i64,
        created_by: i64,
        coordinators: &[i64],
        owner_department: Option<i64>,
    ) -> InitiativeAccess {
        InitiativeAccess {
            owner_id,
            created_by,
            coordinator_ids: coordinators.to_vec(),
            owner_department_id: owner_department,
        }
    }

    /// Each row: a kind of viewer, then whether they may edit / transfer an initiative owned by
    /// the association (anchored in DEPARTMENT or not: anchoring gives no rights), act for the
    /// association, manage UNIT, see the department's overview, edit an initiative UNIT owns, and
    /// consent in UNIT's name.
    #[test]
    fn permission_matrix() {
        use MembershipRole::*;
        let citizen = viewer(PlatformRole::Citizen, &[]);
        let member = viewer(PlatformRole::Citizen, &[(ASSOCIATION, Member)]);
        let org_admin = viewer(PlatformRole::Citizen, &[(ASSOCIATION, Admin)]);
        let employee = viewer(PlatformRole::Citizen, &[(UNIT, Employee)]);
        let leader = viewer(PlatformRole::Citizen, &[(DEPARTMENT, Leader)]);
        let other_leader = viewer(PlatformRole::Citizen, &[(OTHER_DEPARTMENT, Leader)]);
        let moderator = viewer(PlatformRole::Moderator, &[]);
        let admin = viewer(PlatformRole::Admin, &[]);

        let owned_by_association = initiative(ASSOCIATION, 999, &[], None);
        let owned_by_unit = initiative(UNIT, 999, &[], Some(DEPARTMENT));
        let unit = OrganisationAccess {
            id: UNIT,
            department_id: Some(DEPARTMENT),
        };

        type Row<'a> = (&'a str, Option<&'a Viewer>, [bool; 7]);
        let rows: [Row; 9] = [
            ("anonymous", None, [false; 7]),
            ("citizen", Some(&citizen), [false; 7]),
            ("association member", Some(&member), [false; 7]),
            (
                "association admin",
                Some(&org_admin),
                [true, true, true, false, false, false, false],
            ),
            (
                "employee in the department",
                Some(&employee),
                [false, false, false, false, true, true, true],
            ),
            (
                "department leader",
                Some(&leader),
                [false, false, false, true, true, true, true],
            ),
            (
                "leader of another department",
                Some(&other_leader),
                [false; 7],
            ),
            (
                "moderator",
                Some(&moderator),
                [true, false, false, false, false, true, false],
            ),
            (
                "platform admin",
                Some(&admin),
                [true, true, false, true, true, true, false],
            ),
        ];
        let department_units = [DEPARTMENT, UNIT];
        for (who, v, [edit, transfer, act, manage, overview, edit_units, consent]) in rows {
            assert_eq!(
                can(
                    v,
                    Action::SeeDepartmentOverview {
                        units: &department_units
                    }
                ),
                overview,
                "{who}: see the department's overview"
            );
            assert_eq!(
                can(v, Action::EditInitiative(&owned_by_association)),
                edit,
                "{who}: edit"
            );
            assert_eq!(
                can(v, Action::LeadEvaluation(&owned_by_association)),
                edit,
                "{who}: set indicators"
            );
            assert_eq!(
                can(v, Action::TransferInitiative(&owned_by_association)),
                transfer,
                "{who}: transfer"
            );
            assert_eq!(
                can(v, Action::ActFor(ASSOCIATION)),
                act,
                "{who}: act for association"
            );
            assert_eq!(
                can(v, Action::ManageOrganisation(unit)),
                manage,
                "{who}: manage unit"
            );
            assert_eq!(
                can(v, Action::EditInitiative(&owned_by_unit)),
                edit_units,
                "{who}: edit the unit's initiative"
            );
            assert_eq!(
                can(v, Action::ConsentFor(unit)),
                consent,
                "{who}: consent for the unit"
            );
            let anchor = Action::AnchorIn {
                department_id: DEPARTMENT,
                units: &department_units,
            };
            assert_eq!(can(v, anchor), consent, "{who}: anchor in the department");
        }
    }

    /// Who speaks in the name of an initiative owned by the association, coordinated by person
    /// 70 and created by user 7, and of one UNIT owns.
    #[test]
    fn only_owners_coordinators_and_owning_departments_speak_for_an_initiative() {
        use MembershipRole::*;
        let owned = initiative(ASSOCIATION, 7, &[70], None);
        let units = initiative(UNIT, 7, &[], Some(DEPARTMENT));
        let mut creator = viewer(PlatformRole::Citizen, &[]);
        creator.user_id = 7;
        let mut coordinator = viewer(PlatformRole::Citizen, &[]);
        coordinator.person_id = 70;
        let rows: [(&str, Viewer, [bool; 2]); 7] = [
            (
                "association admin",
                viewer(PlatformRole::Citizen, &[(ASSOCIATION, Admin)]),
                [true, false],
            ),
            ("coordinator", coordinator, [true, false]),
            ("creator, no longer owner", creator, [false, false]),
            (
                "department leader",
                viewer(PlatformRole::Citizen, &[(DEPARTMENT, Leader)]),
                [false, true],
            ),
            (
                "employee of the unit",
                viewer(PlatformRole::Citizen, &[(UNIT, Employee)]),
                [false, true],
            ),
            (
                "moderator",
                viewer(PlatformRole::Moderator, &[]),
                [false, false],
            ),
            (
                "platform admin",
                viewer(PlatformRole::Admin, &[]),
                [false, false],
            ),
        ];
        for (who, v, [association, unit]) in rows {
            assert_eq!(
                can(Some(&v), Action::SpeakForInitiative(&owned)),
                association,
                "{who}"
            );
            assert_eq!(
                can(Some(&v), Action::SpeakForInitiative(&units)),
                unit,
                "{who}: the unit's"
            );
        }
    }

    #[test]
    fn a_party_vouches_for_a_measurement_through_those_who_speak_for_it() {
        use MembershipRole::*;
        let parties = [ASSOCIATION, UNIT];
        let rows: [(&str, Viewer, [bool; 2]); 5] = [
            (
                "association admin",
                viewer(PlatformRole::Citizen, &[(ASSOCIATION, Admin)]),
                [true, false],
            ),
            (
                "association member",
                viewer(PlatformRole::Citizen, &[(ASSOCIATION, Member)]),
                [false, false],
            ),
            (
                "employee of the unit",
                viewer(PlatformRole::Citizen, &[(UNIT, Employee)]),
                [false, true],
            ),
            (
                "citizen",
                viewer(PlatformRole::Citizen, &[]),
                [false, false],
            ),
            (
                "platform admin",
                viewer(PlatformRole::Admin, &[]),
                [false, false],
            ),
        ];
        for (who, v, [for_association, for_unit]) in rows {
            let measure = |party| Action::SpeakAsParty {
                party,
                parties: &parties,
            };
            assert_eq!(
                can(Some(&v), measure(ASSOCIATION)),
                for_association,
                "{who}"
            );
            assert_eq!(can(Some(&v), measure(UNIT)), for_unit, "{who}");
        }
        let not_a_party = viewer(PlatformRole::Citizen, &[(OTHER_DEPARTMENT, Leader)]);
        assert!(!can(
            Some(&not_a_party),
            Action::SpeakAsParty {
                party: OTHER_DEPARTMENT,
                parties: &parties
            }
        ));
    }

    #[test]
    fn a_step_that_is_not_allowed_is_forbidden() {
        let citizen = viewer(PlatformRole::Citizen, &[]);
        assert!(require(Some(&citizen), Action::ActFor(PERSON)).is_ok());
        assert!(matches!(
            require(Some(&citizen), Action::ActFor(ASSOCIATION)),
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            require(None, Action::ActFor(PERSON)),
            Err(AppError::Forbidden)
        ));
    }

    #[test]
    fn creators_and_coordinators_edit_but_only_owners_transfer() {
        let citizen = viewer(PlatformRole::Citizen, &[]);
        let created = initiative(ASSOCIATION, citizen.user_id, &[], None);
        assert!(can(Some(&citizen), Action::EditInitiative(&created)));
        assert!(!can(Some(&citizen), Action::TransferInitiative(&created)));

        let coordinated = initiative(ASSOCIATION, 999, &[PERSON], None);
        assert!(can(Some(&citizen), Action::EditInitiative(&coordinated)));
        assert!(!can(
            Some(&citizen),
            Action::TransferInitiative(&coordinated)
        ));

        let own = initiative(PERSON, 999, &[], None);
        assert!(can(Some(&citizen), Action::TransferInitiative(&own)));
    }

    /// Who runs an event organised by the association, as part of its initiative; and a
    /// citizen's own event.
    #[test]
    fn event_management_matrix() {
        use MembershipRole::*;
        let event = EventAccess {
            organiser_id: ASSOCIATION,
            initiative: Some(initiative(ASSOCIATION, 999, &[], None)),
        };
        let standalone = EventAccess {
            initiative: None,
            ..event.clone()
        };
        let rows: [(&str, Option<Viewer>, [bool; 2]); 8] = [
            ("anonymous", None, [false, false]),
            (
                "citizen",
                Some(viewer(PlatformRole::Citizen, &[])),
                [false, false],
            ),
            (
                "association member",
                Some(viewer(PlatformRole::Citizen, &[(ASSOCIATION, Member)])),
                [false, false],
            ),
            (
                "association admin",
                Some(viewer(PlatformRole::Citizen, &[(ASSOCIATION, Admin)])),
                [true, true],
            ),
            (
                "department leader",
                Some(viewer(PlatformRole::Citizen, &[(DEPARTMENT, Leader)])),
                [false, false],
            ),
            (
                "employee in the department",
                Some(viewer(PlatformRole::Citizen, &[(UNIT, Employee)])),
                [false, false],
            ),
            (
                "moderator",
                Some(viewer(PlatformRole::Moderator, &[])),
                [true, false],
            ),
            (
                "platform admin",
                Some(viewer(PlatformRole::Admin, &[])),
                [true, true],
            ),
        ];
        for (who, v, [part_of_initiative, alone]) in rows {
            assert_eq!(
                can(v.as_ref(), Action::ManageEvent(&event)),
                part_of_initiative,
                "{who}"
            );
            assert_eq!(
                can(v.as_ref(), Action::ManageEvent(&standalone)),
                alone,
                "{who}: standalone"
            );
        }
        let own = EventAccess {
            organiser_id: PERSON,
            initiative: None,
        };
        assert!(can(
            Some(&viewer(PlatformRole::Citizen, &[])),
            Action::ManageEvent(&own)
        ));
    }

    /// Who manages a space the unit lends out.
    #[test]
    fn space_management_matrix() {
        use MembershipRole::*;
        let space = Action::ManageSpace { owner_id: UNIT };
        let rows: [(&str, Option<Viewer>, bool); 7] = [
            ("anonymous", None, false),
            ("citizen", Some(viewer(PlatformRole::Citizen, &[])), false),
            (
                "employee of the unit",
                Some(viewer(PlatformRole::Citizen, &[(UNIT, Employee)])),
                true,
            ),
            (
                "member of the unit",
                Some(viewer(PlatformRole::Citizen, &[(UNIT, Member)])),
                false,
            ),
            (
                "employee elsewhere",
                Some(viewer(PlatformRole::Citizen, &[(ASSOCIATION, Employee)])),
                false,
            ),
            (
                "moderator",
                Some(viewer(PlatformRole::Moderator, &[])),
                false,
            ),
            (
                "platform admin",
                Some(viewer(PlatformRole::Admin, &[])),
                true,
            ),
        ];
        for (who, v, expected) in rows {
            assert_eq!(can(v.as_ref(), space), expected, "{who}");
        }
    }

    /// Who handles the unit's requests (the unit is in DEPARTMENT).
    #[test]
    fn request_handling_matrix() {
        use MembershipRole::*;
        let unit = Action::HandleCases(OrganisationAccess {
            id: UNIT,
            department_id: Some(DEPARTMENT),
        });
        let rows: [(&str, Option<Viewer>, bool); 7] = [
            ("anonymous", None, false),
            ("citizen", Some(viewer(PlatformRole::Citizen, &[])), false),
            (
                "employee of the unit",
                Some(viewer(PlatformRole::Citizen, &[(UNIT, Employee)])),
                true,
            ),
            (
                "member of the unit",
                Some(viewer(PlatformRole::Citizen, &[(UNIT, Member)])),
                false,
            ),
            (
                "leader of the department",
                Some(viewer(PlatformRole::Citizen, &[(DEPARTMENT, Leader)])),
                true,
            ),
            (
                "leader of another department",
                Some(viewer(PlatformRole::Citizen, &[(OTHER_DEPARTMENT, Leader)])),
                false,
            ),
            (
                "platform admin",
                Some(viewer(PlatformRole::Admin, &[])),
                true,
            ),
        ];
        for (who, v, expected) in rows {
            assert_eq!(can(v.as_ref(), unit), expected, "{who}");
        }
    }

    #[test]
    fn a_person_acts_for_themself_only() {
        let citizen = viewer(PlatformRole::Citizen, &[]);
        assert!(can(Some(&citizen), Action::ActFor(PERSON)));
        assert!(!can(Some(&citizen), Action::ActFor(PERSON + 1)));
    }
}
