//! The permission rules as matrices: each kind of viewer against each kind of object.

mod community;

use super::*;
use crate::platform::auth::{Assurance, Membership, StepAssurance};

const PERSON: i64 = 1;
const ASSOCIATION: i64 = 10;
const DEPARTMENT: i64 = 20;
const UNIT: i64 = 21;
const OTHER_DEPARTMENT: i64 = 30;

pub(super) fn viewer(role: PlatformRole, memberships: &[(i64, MembershipRole)]) -> Viewer {
    Viewer {
        user_id: 100,
        person_id: PERSON,
        name: "Test".into(),
        email: "t@example.org".into(),
        email_confirmed: true,
        role,
        memberships: memberships
            .iter()
            .map(|&(organisation_id, role)| Membership {
                organisation_id,
                role,
            })
            .collect(),
        assurance: Assurance::Password,
        required: Default::default(),
    }
}

pub(super) fn initiative(
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

#[test]
fn only_moderators_and_admins_moderate() {
    use MembershipRole::*;
    let who = [
        (None, false),
        (Some(viewer(PlatformRole::Citizen, &[])), false),
        (
            Some(viewer(PlatformRole::Citizen, &[(DEPARTMENT, Leader)])),
            false,
        ),
        (Some(viewer(PlatformRole::Moderator, &[])), true),
        (Some(viewer(PlatformRole::Admin, &[])), true),
    ];
    for (v, allowed) in who {
        assert_eq!(can(v.as_ref(), Action::Moderate), allowed, "{v:?}");
    }
}

#[test]
fn a_step_needs_the_login_the_municipality_requires() {
    let mut v = viewer(PlatformRole::Admin, &[]);
    assert!(
        require_assurance(&v, Step::HandleCase).is_ok(),
        "nothing required"
    );
    v.required = std::sync::Arc::new(StepAssurance(vec![
        (Step::HandleCase, Assurance::Substantial),
        (Step::ApplyForGrant, Assurance::Low),
    ]));
    for (login, handle, apply, accept) in [
        (Assurance::Password, false, false, true),
        (Assurance::Low, false, true, true),
        (Assurance::Substantial, true, true, true),
        (Assurance::High, true, true, true),
    ] {
        v.assurance = login;
        assert_eq!(
            require_assurance(&v, Step::HandleCase).is_ok(),
            handle,
            "{login:?}"
        );
        assert_eq!(
            require_assurance(&v, Step::ApplyForGrant).is_ok(),
            apply,
            "{login:?}"
        );
        assert_eq!(
            require_assurance(&v, Step::AcceptForOrganisation).is_ok(),
            accept,
            "{login:?}"
        );
    }
    assert!(matches!(
        require_assurance(&viewer(PlatformRole::Citizen, &[]), Step::HandleCase),
        Ok(())
    ));
    v.assurance = Assurance::Password;
    assert!(matches!(
        require_assurance(&v, Step::HandleCase),
        Err(AppError::StrongerLogin(Assurance::Substantial))
    ));
}
