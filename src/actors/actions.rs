//! What people do with organisations, checked once for the pages and the API: registering one
//! (its founder becomes the one who manages it), changing a profile, and its members.

use super::model::{ActorKind, OrganisationDraft};
use super::store;
use crate::platform::auth::{MembershipRole, Viewer};
use crate::platform::db::Db;
use crate::platform::error::{AppError, AppResult, FieldErrors, valid};
use crate::platform::permissions::{Action, can, require};
use crate::text;

/// Registers an organisation of `kind`, founded by the viewer, who becomes its admin (the leader
/// of a municipal unit). Anyone registers associations, businesses and institutions; platform
/// admins create municipal units, which alone sit under a department (`parent`). `errors` are
/// the caller's own problems with the input, reported with these.
pub async fn found(
    db: &Db,
    viewer: &Viewer,
    kind: ActorKind,
    mut draft: OrganisationDraft,
    parent: Option<i64>,
    mut errors: FieldErrors,
) -> AppResult<i64> {
    match kind {
        ActorKind::Person => return Err(AppError::Forbidden),
        ActorKind::MunicipalUnit => require(Some(viewer), Action::AdministerPlatform)?,
        _ => {}
    }
    errors.extend(draft.check());
    if let Some(parent) = parent {
        let departments = store::departments(db).await?;
        if kind != ActorKind::MunicipalUnit || !departments.iter().any(|d| d.id == parent) {
            errors.insert("parent_id", text!(err_choose));
        }
    }
    valid(errors)?;
    let role = if kind == ActorKind::MunicipalUnit {
        MembershipRole::Leader
    } else {
        MembershipRole::Admin
    };
    let mut tx = db.begin().await?;
    let id = store::create_organisation(&mut tx, kind, &draft, parent).await?;
    store::add_membership(&mut tx, id, viewer.person_id, role).await?;
    tx.commit().await?;
    Ok(id)
}

/// Whether the viewer may change this actor's profile: a person their own, an organisation
/// those who manage it.
pub fn may_edit(viewer: Option<&Viewer>, actor: &store::Actor) -> bool {
    match actor.kind {
        ActorKind::Person => can(viewer, Action::ActFor(actor.id)),
        _ => can(viewer, Action::ManageOrganisation(actor.access())),
    }
}

/// The actor `id`, if the viewer may change its profile.
pub async fn editable(db: &Db, viewer: &Viewer, id: i64) -> AppResult<store::Actor> {
    let actor = store::get(db, id).await?;
    match may_edit(Some(viewer), &actor) {
        true => Ok(actor),
        false => Err(AppError::Forbidden),
    }
}

/// Saves a changed profile.
pub async fn edit(
    db: &Db,
    viewer: &Viewer,
    id: i64,
    mut draft: OrganisationDraft,
) -> AppResult<()> {
    editable(db, viewer, id).await?;
    valid(draft.check())?;
    store::update_organisation(db, id, &draft).await
}

/// The organisation `id`, if the viewer manages it (its profile and members).
pub async fn managed(db: &Db, viewer: &Viewer, id: i64) -> AppResult<store::Actor> {
    let actor = store::get(db, id).await?;
    if !actor.kind.is_organisation()
        || !can(Some(viewer), Action::ManageOrganisation(actor.access()))
    {
        return Err(AppError::Forbidden);
    }
    Ok(actor)
}

/// Gives the person with the account `email` a role in the organisation, or changes theirs:
/// members and admins in associations, businesses and institutions, employees and leaders in
/// municipal units. The last one who manages it cannot step down.
pub async fn set_member(
    db: &Db,
    viewer: &Viewer,
    id: i64,
    email: &str,
    role: Option<MembershipRole>,
) -> AppResult<()> {
    let actor = managed(db, viewer, id).await?;
    if actor.kind == ActorKind::Association && role.is_some_and(|r| r != MembershipRole::Member) {
        require(Some(viewer), Action::AppointBoard { association_id: id })?;
    }
    let mut errors = FieldErrors::new();
    let role = role.filter(|r| {
        (actor.kind == ActorKind::MunicipalUnit)
            == matches!(r, MembershipRole::Employee | MembershipRole::Leader)
    });
    if role.is_none() {
        errors.insert("role", text!(err_choose));
    }
    let person = crate::accounts::store::person_by_email(db, email).await?;
    if person.is_none() {
        errors.insert("email", text!(err_no_such_user));
    }
    match (role, person) {
        (Some(role), Some(person)) if errors.is_empty() => {
            store::change_membership(db, id, person, Some(role)).await
        }
        _ => Err(AppError::Invalid(errors)),
    }
}

/// The member `person` of the organisation, if the viewer may remove members there.
pub async fn member(
    db: &Db,
    viewer: &Viewer,
    id: i64,
    person: i64,
) -> AppResult<(store::Actor, store::MemberEntry)> {
    let actor = managed(db, viewer, id).await?;
    let member = store::members(db, id)
        .await?
        .into_iter()
        .find(|m| m.actor.id == person)
        .ok_or(AppError::NotFound)?;
    Ok((actor, member))
}

/// Removes a member; the last one who manages the organisation stays.
pub async fn remove_member(db: &Db, viewer: &Viewer, id: i64, person: i64) -> AppResult<()> {
    member(db, viewer, id, person).await?;
    store::change_membership(db, id, person, None).await
}
