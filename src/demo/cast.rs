//! Who is who in the demo: its people and logins, the departments, and the helpers that
//! register organisations, memberships and initiatives.

use super::*;

/// The password of every demo login.
pub const PASSWORD: &str = "medspil-demo";

pub const LOGINS: &[(&str, &str)] = &[
    ("admin@medspil.dk", "platform admin"),
    ("jeppe@example.dk", "citizen, Frederiksbjerg Spirer"),
    (
        "liselotte@example.dk",
        "citizen who receives support and offers her time",
    ),
    ("lene@aarhus.dk", "employee, Sundhed og Omsorg"),
    ("brian@aarhus.dk", "leader, Center for bostøtte i eget hjem"),
    ("birgitte@aarhus.dk", "department head, Teknik og Miljø"),
    (
        "formand@socialfrivillig.dk",
        "chair of a voluntary social association",
    ),
];

pub const DEPARTMENTS: &[&str] = &[
    "Borgmesterens Afdeling",
    "Børn og Unge",
    "Sociale Forhold og Beskæftigelse",
    "Sundhed og Omsorg",
    "Kultur og Borgerservice",
    "Teknik og Miljø",
];

pub(super) struct Ids {
    pub(super) users: Vec<(i64, i64)>,
}

impl Ids {
    pub(super) fn person(&self, i: usize) -> i64 {
        self.users[i].1
    }
    pub(super) fn user(&self, i: usize) -> i64 {
        self.users[i].0
    }
}

pub(super) async fn org(
    db: &Db,
    kind: ActorKind,
    name: &str,
    about: &str,
    neighbourhood: &str,
    parent: Option<i64>,
) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    let draft = OrganisationDraft {
        name: name.into(),
        about: about.into(),
        neighbourhood: neighbourhood.into(),
        website: String::new(),
    };
    let id = actors::create_organisation(&mut tx, kind, &draft, parent).await?;
    tx.commit().await?;
    Ok(id)
}

pub(super) async fn member(db: &Db, org: i64, person: i64, role: MembershipRole) -> AppResult<()> {
    let mut tx = db.begin().await?;
    actors::add_membership(&mut tx, org, person, role).await?;
    tx.commit().await?;
    Ok(())
}

pub(super) struct Plan<'a> {
    pub(super) title: &'a str,
    pub(super) purpose: &'a str,
    pub(super) description: &'a str,
    pub(super) theme: Theme,
    pub(super) address: &'a str,
    pub(super) neighbourhood: &'a str,
    pub(super) coordinates: Option<(f64, f64)>,
    pub(super) stage: Stage,
    pub(super) commitment: Commitment,
    pub(super) value_goals: &'a [ValueGoal],
    pub(super) leadership_mode: LeadershipMode,
    pub(super) department: Option<i64>,
    /// The starting actor and the user acting for it.
    pub(super) starter: (i64, i64),
    pub(super) expectations: &'a str,
    pub(super) status_path: &'a [Status],
    pub(super) participants: &'a [(i64, ParticipantRole, &'a str)],
}

pub(super) async fn initiative(db: &Db, p: Plan<'_>) -> AppResult<i64> {
    let draft = InitiativeDraft {
        title: p.title.into(),
        purpose: p.purpose.into(),
        description: p.description.into(),
        theme: p.theme,
        address: p.address.into(),
        neighbourhood: p.neighbourhood.into(),
        coordinates: p.coordinates,
        stage: p.stage,
        commitment: p.commitment,
        value_goals: p.value_goals.to_vec(),
        leadership_mode: p.leadership_mode,
        department_id: p.department,
    };
    let (actor_id, user_id) = p.starter;
    let id = initiatives::create(db, &draft, actor_id, user_id, p.expectations, None).await?;
    let mut status = Status::Idea;
    for &next in p.status_path {
        initiatives::change_status(db, id, status, next, user_id).await?;
        status = next;
    }
    for &(actor, role, expectations) in p.participants {
        initiatives::join(db, id, actor, role, expectations).await?;
    }
    Ok(id)
}

/// The people of the demo: name, e-mail, neighbourhood and platform role.
pub(super) const PEOPLE: &[(&str, &str, &str, PlatformRole)] = &[
    (
        "Platformadministrator",
        "admin@medspil.dk",
        "",
        PlatformRole::Admin,
    ),
    (
        "Jeppe Spure Nielsen",
        "jeppe@example.dk",
        "Frederiksbjerg",
        PlatformRole::Citizen,
    ),
    (
        "Liselotte",
        "liselotte@example.dk",
        "Midtbyen",
        PlatformRole::Citizen,
    ),
    (
        "Lene Mortensen",
        "lene@aarhus.dk",
        "Trøjborg",
        PlatformRole::Citizen,
    ),
    (
        "Brian Kristensen",
        "brian@aarhus.dk",
        "Viby",
        PlatformRole::Citizen,
    ),
    (
        "Birgitte Holm",
        "birgitte@aarhus.dk",
        "Risskov",
        PlatformRole::Citizen,
    ),
    (
        "Hanne Sørensen",
        "formand@socialfrivillig.dk",
        "Gellerup",
        PlatformRole::Citizen,
    ),
    (
        "Sofie Lund",
        "sofie@example.dk",
        "Frederiksbjerg",
        PlatformRole::Citizen,
    ),
];
