//! The privacy page, and a person's own data: downloading it and deleting the account, each
//! after typing the password again, so that a borrowed or stolen session cannot do either.

use super::{erase, export};
use crate::accounts::actions::reauthenticate;
use crate::platform::auth;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::web::{
    AppState, Client, Ctx, Page, SignedIn, render, render_status, see_other,
};
use askama::Template;
use axum::Router;
use axum::extract::{Form, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/privatliv", get(privacy))
        .route("/account/data", get(data_page))
        .route("/account/export", axum::routing::post(download))
        .route("/account/delete", axum::routing::post(delete))
        .route("/account/deleted", get(deleted))
}

#[derive(Template)]
#[template(path = "privacy/page.html")]
struct PrivacyPage {
    page: Page,
    controller: String,
    contact: String,
    erase_days: i64,
    tip_days: i64,
    workshop_days: i64,
}

async fn privacy(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    render(&PrivacyPage {
        page: ctx.page(ctx.s().privacy_title),
        controller: state.config.data_controller.clone(),
        contact: state.config.privacy_contact.clone(),
        erase_days: state.config.erase_inactive_after_days,
        tip_days: state.config.tip_reporter_days,
        workshop_days: state.config.workshop_email_days,
    })
}

#[derive(Template)]
#[template(path = "privacy/data.html")]
struct DataPage {
    page: Page,
    errors: FieldErrors,
}

fn data(ctx: &Ctx, errors: FieldErrors) -> AppResult<Response> {
    let status = match errors.is_empty() {
        true => StatusCode::OK,
        false => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let page = DataPage {
        page: ctx.page(ctx.s().your_data),
        errors,
    };
    render_status(status, &page)
}

async fn data_page(SignedIn(ctx, _): SignedIn) -> AppResult<Response> {
    data(&ctx, FieldErrors::new())
}

/// The password typed again, in the download's form or the deletion's.
#[derive(serde::Deserialize)]
struct PasswordForm {
    #[serde(default, alias = "export_password", alias = "delete_password")]
    password: String,
}

/// What a person does with their data, after typing the password again.
#[derive(Clone, Copy)]
enum Step {
    Download,
    Delete,
}

async fn download(
    state: State<AppState>,
    signed_in: SignedIn,
    client: Client,
    form: Form<PasswordForm>,
) -> AppResult<Response> {
    with_password(state, signed_in, client, form, Step::Download).await
}

async fn delete(
    state: State<AppState>,
    signed_in: SignedIn,
    client: Client,
    form: Form<PasswordForm>,
) -> AppResult<Response> {
    with_password(state, signed_in, client, form, Step::Delete).await
}

async fn with_password(
    State(state): State<AppState>,
    SignedIn(ctx, viewer): SignedIn,
    Client(client): Client,
    Form(form): Form<PasswordForm>,
    step: Step,
) -> AppResult<Response> {
    let field = match step {
        Step::Download => "export_password",
        Step::Delete => "delete_password",
    };
    match reauthenticate(&state.db, &viewer, &client, &form.password, field).await {
        Ok(_) => {}
        Err(AppError::Invalid(errors)) => return data(&ctx, errors),
        Err(e) => return Err(e),
    }
    match step {
        Step::Download => {
            let parts = export::gather(&state.db, viewer.user_id, viewer.person_id).await?;
            let disposition = "attachment; filename=\"medspil-data.zip\"";
            let headers = [
                (header::CONTENT_TYPE, "application/zip"),
                (header::CONTENT_DISPOSITION, disposition),
            ];
            Ok((headers, export::zip(&parts)?).into_response())
        }
        Step::Delete => {
            erase::erase(&state.db, &viewer, erase::Erasure::Asked).await?;
            let mut response = see_other("/account/deleted");
            response.headers_mut().append(
                header::SET_COOKIE,
                auth::clear_session_cookie(state.config.secure_cookies()),
            );
            Ok(response)
        }
    }
}

#[derive(Template)]
#[template(path = "privacy/deleted.html")]
struct DeletedPage {
    page: Page,
}

async fn deleted(ctx: Ctx) -> AppResult<Response> {
    render(&DeletedPage {
        page: ctx.page(ctx.s().account_deleted),
    })
}
