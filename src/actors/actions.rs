//! What people do with organisations, checked once for the pages and the API: registering one
//! (its founder becomes the one who manages it) and changing a profile.

use super::model::{ActorKind, OrganisationDraft};
use super::store;
use crate::platform::auth::{MembershipRole, Viewer};
use crate::platform::db::Db;
use crate::platform::error::{AppError, AppResult, FieldErrors};
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
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
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

/// Saves a changed profile.
pub async fn edit(
    db: &Db,
    viewer: &Viewer,
    id: i64,
    mut draft: OrganisationDraft,
) -> AppResult<()> {
    let actor = store::get(db, id).await?;
    if !may_edit(Some(viewer), &actor) {
        return Err(AppError::Forbidden);
    }
    let errors: FieldErrors = draft.check();
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    store::update_organisation(db, id, &draft).await
}
