//! Changing an initiative's status, joining it, and transferring its ownership.

use super::*;

#[derive(serde::Deserialize)]
pub(super) struct StatusForm {
    pub(super) to: String,
}

pub(super) async fn change_status(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<StatusForm>,
) -> AppResult<Response> {
    let to = Status::parse(&form.to).ok_or(AppError::BadRequest(text!(err_choose)))?;
    let edit = actions::Edit {
        status: Some(to),
        ..Default::default()
    };
    actions::edit(&state.db, viewer, id, edit).await?;
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
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<JoinForm>,
) -> AppResult<Response> {
    let actor: i64 =
        (form.actor.parse()).map_err(|_| AppError::BadRequest(text!(err_not_allowed_actor)))?;
    let role = ParticipantRole::parse(&form.role).ok_or(AppError::BadRequest(text!(err_choose)))?;
    actions::join(&state.db, viewer, id, actor, role, &form.expectations).await?;
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
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<TransferForm>,
) -> AppResult<Response> {
    if form.confirm != "yes" {
        return Err(AppError::BadRequest(text!(err_confirm_transfer)));
    }
    let to: i64 = (form.to.parse()).map_err(|_| AppError::BadRequest(text!(err_choose)))?;
    actions::transfer(&state.db, viewer, id, to, &form.reason).await?;
    Ok(see_other(&format!("/initiatives/{id}#ownership")))
}
