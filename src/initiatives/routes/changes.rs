//! Changing an initiative's status, joining it, and transferring its ownership.

use super::*;

#[derive(serde::Deserialize)]
pub(super) struct StatusForm {
    pub(super) to: String,
}

pub(super) async fn change_status(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<StatusForm>,
) -> AppResult<Response> {
    let access = store::access(&state.db, id).await?;
    require(Some(viewer), Action::EditInitiative(&access))?;
    let current = store::get(&state.db, id).await?.status;
    let to =
        Status::parse(&form.to).ok_or_else(|| AppError::BadRequest(ctx.s().err_choose.into()))?;
    if !current.can_become(to) {
        return Err(InitiativeRefusal::StatusTransition { from: current, to }.into());
    }
    store::change_status(&state.db, id, current, to, viewer.user_id).await?;
    crate::initiatives::notices::status_changed(&state.db, id, to, viewer.user_id).await;
    Ok(see_other(&format!("/initiatives/{id}")))
}

#[derive(serde::Deserialize)]
pub(super) struct JoinForm {
    pub(super) actor: String,
    pub(super) role: String,
    #[serde(default)]
    pub(super) expectations: String,
}

pub(super) async fn join(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<JoinForm>,
) -> AppResult<Response> {
    let s = ctx.s();
    let access = store::access(&state.db, id).await?;
    let actor: i64 = form
        .actor
        .parse()
        .map_err(|_| AppError::BadRequest(s.err_not_allowed_actor.into()))?;
    require(Some(viewer), Action::ActFor(actor))?;
    let role = ParticipantRole::parse(&form.role)
        .ok_or_else(|| AppError::BadRequest(s.err_choose.into()))?;
    // Only editors may appoint coordinators, since coordinators may edit.
    if role == ParticipantRole::Coordinator && !can(Some(viewer), Action::EditInitiative(&access)) {
        return Err(AppError::Forbidden);
    }
    let expectations = note(s, &form.expectations)?;
    store::join(&state.db, id, actor, role, &expectations).await?;
    Ok(see_other(&format!("/initiatives/{id}#participants")))
}

#[derive(serde::Deserialize)]
pub(super) struct TransferForm {
    pub(super) to: String,
    #[serde(default)]
    pub(super) reason: String,
    #[serde(default)]
    pub(super) confirm: String,
}

pub(super) async fn transfer(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<TransferForm>,
) -> AppResult<Response> {
    let s = ctx.s();
    let access = store::access(&state.db, id).await?;
    require(Some(viewer), Action::TransferInitiative(&access))?;
    if form.confirm != "yes" {
        return Err(AppError::BadRequest(s.err_confirm_transfer.into()));
    }
    let to: i64 = form
        .to
        .parse()
        .map_err(|_| AppError::BadRequest(s.err_choose.into()))?;
    let participants = store::participants(&state.db, id).await?;
    if !participants.iter().any(|p| p.actor_id == to) || to == access.owner_id {
        return Err(AppError::BadRequest(s.err_transfer_participant.into()));
    }
    let reason = note(s, &form.reason)?;
    store::transfer(&state.db, id, access.owner_id, to, viewer.user_id, &reason).await?;
    Ok(see_other(&format!("/initiatives/{id}#ownership")))
}
