//! Who runs a workshop, concludes a debate, and keeps or reads an association's register.

use super::*;

/// Who runs a workshop hosted by an association together with a municipal unit.
#[test]
fn workshop_facilitation_matrix() {
    use MembershipRole::*;
    let hosts = [ASSOCIATION, UNIT];
    let workshop = Action::FacilitateWorkshop { hosts: &hosts };
    let rows: [(&str, Option<Viewer>, bool); 8] = [
        ("anonymous", None, false),
        ("citizen", Some(viewer(PlatformRole::Citizen, &[])), false),
        (
            "the association's admin",
            Some(viewer(PlatformRole::Citizen, &[(ASSOCIATION, Admin)])),
            true,
        ),
        (
            "a member of the association",
            Some(viewer(PlatformRole::Citizen, &[(ASSOCIATION, Member)])),
            false,
        ),
        (
            "an employee of the co-hosting unit",
            Some(viewer(PlatformRole::Citizen, &[(UNIT, Employee)])),
            true,
        ),
        (
            "an employee of another department",
            Some(viewer(
                PlatformRole::Citizen,
                &[(OTHER_DEPARTMENT, Employee)],
            )),
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
        assert_eq!(can(v.as_ref(), workshop), expected, "{who}");
    }
    let alone = [PERSON];
    let own = Action::FacilitateWorkshop { hosts: &alone };
    assert!(
        can(Some(&viewer(PlatformRole::Citizen, &[])), own),
        "a person hosting their own"
    );
}

/// Who concludes a debate on the association's initiative (the viewer is user 100).
#[test]
fn thread_conclusion_matrix() {
    use MembershipRole::*;
    let i = initiative(ASSOCIATION, 999, &[], None);
    let on_initiative = Action::ConcludeThread {
        started_by: 7,
        initiative: Some(&i),
    };
    let on_theme = Action::ConcludeThread {
        started_by: 7,
        initiative: None,
    };
    let own_theme = Action::ConcludeThread {
        started_by: 100,
        initiative: None,
    };
    let citizen = viewer(PlatformRole::Citizen, &[]);
    let association = viewer(PlatformRole::Citizen, &[(ASSOCIATION, Admin)]);
    let moderator = viewer(PlatformRole::Moderator, &[]);
    assert!(!can(None, on_theme), "anonymous");
    assert!(
        !can(Some(&citizen), on_theme) && can(Some(&citizen), own_theme),
        "a citizen, their own thread"
    );
    assert!(
        can(Some(&association), on_initiative) && !can(Some(&association), on_theme),
        "the initiative's owner"
    );
    assert!(can(Some(&moderator), on_theme), "a moderator");
}

/// Who keeps and who reads an association's register: its board, and a named person while a
/// grant runs. Not its plain members, not the municipality's employees or leaders, not
/// moderators, not platform admins.
#[test]
fn association_register_matrix() {
    use MembershipRole::*;
    let keep = Action::KeepRegister {
        association_id: ASSOCIATION,
    };
    let read = |granted| Action::ReadRegister {
        association_id: ASSOCIATION,
        granted,
    };
    let rows: [(&str, Option<Viewer>, bool); 9] = [
        ("anonymous", None, false),
        ("citizen", Some(viewer(PlatformRole::Citizen, &[])), false),
        (
            "the association's chair",
            Some(viewer(PlatformRole::Citizen, &[(ASSOCIATION, Leader)])),
            true,
        ),
        (
            "the association's admin",
            Some(viewer(PlatformRole::Citizen, &[(ASSOCIATION, Admin)])),
            true,
        ),
        (
            "a member of the association",
            Some(viewer(PlatformRole::Citizen, &[(ASSOCIATION, Member)])),
            false,
        ),
        (
            "an employee of a municipal unit",
            Some(viewer(PlatformRole::Citizen, &[(UNIT, Employee)])),
            false,
        ),
        (
            "the department's leader",
            Some(viewer(PlatformRole::Citizen, &[(DEPARTMENT, Leader)])),
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
            false,
        ),
    ];
    for (who, v, board) in &rows {
        assert_eq!(can(v.as_ref(), keep), *board, "{who} keeps");
        let appoint = Action::AppointBoard {
            association_id: ASSOCIATION,
        };
        assert_eq!(can(v.as_ref(), appoint), *board, "{who} appoints the board");
        assert_eq!(can(v.as_ref(), read(false)), *board, "{who} reads");
        let withdraw = |own| Action::WithdrawConsent {
            association_id: ASSOCIATION,
            own,
        };
        assert_eq!(
            can(v.as_ref(), withdraw(false)),
            *board,
            "{who} withdraws a consent"
        );
        assert_eq!(
            can(v.as_ref(), withdraw(true)),
            v.is_some(),
            "{who} withdraws their own consent"
        );
        // A grant lets a named person read, never keep.
        assert_eq!(
            can(v.as_ref(), read(true)),
            v.is_some(),
            "{who} reads under a grant"
        );
    }
}
