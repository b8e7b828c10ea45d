//! Roles on the platform, for administrators: who moderates and administers, and giving or
//! taking a role with a reason that goes into the audit log.

use super::actions;
use super::store;
use crate::platform::auth::PlatformRole;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::web::{
    Administrator, AppState, Choice, Ctx, Page, choices, render, render_status, see_other,
};
use askama::Template;
use axum::Router;
use axum::extract::{Form, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/roles", get(show).post(change))
}

struct StaffLine {
    person_id: i64,
    name: String,
    email: String,
    role: &'static str,
}

#[derive(Template)]
#[template(path = "accounts/roles.html")]
struct RolesPage {
    page: Page,
    staff: Vec<StaffLine>,
    roles: Vec<Choice>,
    email: String,
    reason: String,
    errors: FieldErrors,
}

#[derive(serde::Deserialize, Default)]
struct RoleForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    role: String,
    #[serde(default)]
    reason: String,
}

async fn page(
    state: &AppState,
    ctx: &Ctx,
    form: RoleForm,
    errors: FieldErrors,
) -> AppResult<RolesPage> {
    let staff = store::staff(&state.db)
        .await?
        .into_iter()
        .map(|s| StaffLine {
            person_id: s.person_id,
            name: s.name,
            email: s.email,
            role: s.role.label(ctx.lang),
        })
        .collect();
    let options = PlatformRole::options(ctx.lang);
    Ok(RolesPage {
        page: ctx.page(ctx.s().roles_title),
        staff,
        roles: choices(options, &[form.role.as_str()]),
        email: form.email,
        reason: form.reason,
        errors,
    })
}

async fn show(
    State(state): State<AppState>,
    Administrator(ctx, _): Administrator,
) -> AppResult<Response> {
    render(&page(&state, &ctx, RoleForm::default(), FieldErrors::new()).await?)
}

async fn change(
    State(state): State<AppState>,
    Administrator(ctx, viewer): Administrator,
    Form(form): Form<RoleForm>,
) -> AppResult<Response> {
    let Some(role) = PlatformRole::parse(&form.role) else {
        let errors = [("role", crate::text!(err_choose))].into();
        let page = page(&state, &ctx, form, errors).await?;
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let changed =
        actions::set_role(&state.db, &viewer, &form.email, role, form.reason.clone()).await;
    match changed {
        Ok(()) => Ok(see_other("/admin/roles")),
        Err(AppError::Invalid(errors)) => {
            let page = page(&state, &ctx, form, errors).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(e),
    }
}
