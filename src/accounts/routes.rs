//! Register and confirm the address, log in and out, and set a new password from a link.

use super::actions::{self, Attempt, Followed, LoginOutcome};
use super::model::{LinkPurpose, Registration, normalise_email};
use super::store;
use crate::platform::auth::{self, Assurance, browser_cookie_name, session_cookie_name};
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::web::{
    AppState, Client, Ctx, Page, cookie, render, render_status, safe_back, see_other,
    set_cookie_header, url_encode,
};
use crate::text;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/register", get(register_form).post(register))
        .route("/register/sent", get(registered))
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
        .route("/account/confirm/{token}", get(confirm_form).post(confirm))
        .route("/password/forgot", get(forgot_form).post(forgot))
        .route("/password/sent", get(reset_sent))
        .route("/password/reset/{token}", get(reset_form).post(reset))
        .merge(super::settings::routes())
        .merge(super::logins::routes::routes())
        .merge(super::admin::routes())
}

#[derive(Template)]
#[template(path = "accounts/register.html")]
struct RegisterPage {
    page: Page,
    person_name: String,
    email: String,
    neighbourhood: String,
    errors: FieldErrors,
}

async fn register_form(ctx: Ctx) -> AppResult<Response> {
    render(&RegisterPage {
        page: ctx.page(ctx.s().register),
        person_name: String::new(),
        email: String::new(),
        neighbourhood: String::new(),
        errors: FieldErrors::new(),
    })
}

/// A new account as typed (on the register page, and by someone new through a provider).
#[derive(serde::Deserialize, Default)]
pub struct RegisterForm {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub password: String,
    #[serde(default)]
    pub neighbourhood: String,
}

/// The user agent a request names, for the list of the person's sessions.
pub fn user_agent(headers: &HeaderMap) -> &str {
    headers
        .get(header::USER_AGENT)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
}

/// Logs the browser in to the account and sends it on to `to`: a new session made with a login
/// of `assurance`, a new CSRF token, and, when given, the secret by which the account knows
/// this browser from now on.
pub async fn log_in_browser(
    state: &AppState,
    headers: &HeaderMap,
    (user_id, assurance): (i64, Assurance),
    remember: Option<String>,
    to: &str,
) -> AppResult<Response> {
    let secure = state.config.secure_cookies();
    let agent = user_agent(headers);
    let token = auth::create_session(&state.db, user_id, "web", agent, assurance).await?;
    let mut response = see_other(to);
    let h = response.headers_mut();
    h.append(header::SET_COOKIE, auth::session_cookie(&token, secure));
    h.append(header::SET_COOKIE, auth::fresh_csrf_cookie(secure));
    if let Some(browser) = remember {
        let year = Some(365 * 24 * 3600);
        let name = browser_cookie_name(secure);
        let c = set_cookie_header(name, &browser, year, secure, true);
        h.append(header::SET_COOKIE, c);
    }
    Ok(response)
}

async fn register(
    State(state): State<AppState>,
    ctx: Ctx,
    Client(client): Client,
    Form(form): Form<RegisterForm>,
) -> AppResult<Response> {
    let r = Registration {
        name: form.name.clone(),
        email: form.email.clone(),
        password: form.password,
        neighbourhood: form.neighbourhood.clone(),
    };
    let (status, errors) = match actions::register(&state.db, &client, r).await {
        Ok(()) => return Ok(see_other("/register/sent")),
        Err(AppError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        Err(AppError::TooManyRequests) => (
            StatusCode::TOO_MANY_REQUESTS,
            [("email", text!(error_too_many))].into(),
        ),
        Err(e) => return Err(e),
    };
    let page = RegisterPage {
        page: ctx.page(ctx.s().register),
        person_name: form.name,
        email: form.email,
        neighbourhood: form.neighbourhood,
        errors,
    };
    render_status(status, &page)
}

/// A page telling the visitor to look for a mail.
#[derive(Template)]
#[template(path = "accounts/check_mail.html")]
struct CheckMailPage {
    page: Page,
    message: &'static str,
}

async fn registered(ctx: Ctx) -> AppResult<Response> {
    render(&CheckMailPage {
        page: ctx.page(ctx.s().check_mail),
        message: ctx.s().registered_check_mail,
    })
}

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginPage {
    page: Page,
    email: String,
    next: String,
    /// The OpenID providers one may log in through: name and label.
    providers: Vec<(String, String)>,
    errors: FieldErrors,
}

fn providers(state: &AppState) -> Vec<(String, String)> {
    let all = state.login_providers.all();
    all.iter()
        .map(|p| (p.name.clone(), p.label.clone()))
        .collect()
}

/// Where to go after logging in.
#[derive(serde::Deserialize)]
pub struct NextQuery {
    pub next: Option<String>,
}

async fn login_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    render(&LoginPage {
        page: ctx.page(ctx.s().login),
        email: String::new(),
        next: safe_back(q.next.as_deref()),
        providers: providers(&state),
        errors: FieldErrors::new(),
    })
}

#[derive(serde::Deserialize)]
struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    next: String,
}

async fn login(
    State(state): State<AppState>,
    ctx: Ctx,
    Client(client): Client,
    headers: HeaderMap,
    Form(form): Form<LoginForm>,
) -> AppResult<Response> {
    let secure = state.config.secure_cookies();
    let attempt = Attempt {
        email: &form.email,
        password: &form.password,
        client: &client,
        browser: Some(cookie(&headers, browser_cookie_name(secure))),
        signed_in: false,
    };
    let next = safe_back(Some(&form.next));
    let (status, problem, wait) = match actions::log_in(&state.db, &attempt).await? {
        LoginOutcome::LoggedIn { user_id, remember } => {
            return log_in_browser(
                &state,
                &headers,
                (user_id, Assurance::Password),
                remember,
                &next,
            )
            .await;
        }
        LoginOutcome::Refused => (StatusCode::UNPROCESSABLE_ENTITY, text!(err_login_failed), 0),
        LoginOutcome::Wait(seconds) => (
            StatusCode::TOO_MANY_REQUESTS,
            text!(err_login_wait(seconds)),
            seconds,
        ),
    };
    let page = LoginPage {
        page: ctx.page(ctx.s().login),
        email: normalise_email(&form.email),
        next,
        providers: providers(&state),
        errors: [("email", problem)].into(),
    };
    let mut response = render_status(status, &page)?;
    if wait > 0 {
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(wait));
    }
    Ok(response)
}

async fn logout(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    if let Some(token) = cookie(&headers, session_cookie_name(state.config.secure_cookies())) {
        auth::end_session(&state.db, token).await?;
    }
    let mut response = see_other("/");
    response.headers_mut().append(
        header::SET_COOKIE,
        auth::clear_session_cookie(state.config.secure_cookies()),
    );
    Ok(response)
}

/// A link from a mail, followed: a button to use it (so that a mail program looking at links
/// in advance does not use it up), or word that it no longer works.
#[derive(Template)]
#[template(path = "accounts/link.html")]
struct LinkPage {
    page: Page,
    message: &'static str,
    action: String,
    button: &'static str,
    /// For a reset link: the new password's field.
    password: bool,
    errors: FieldErrors,
}

#[derive(Template)]
#[template(path = "accounts/link_gone.html")]
struct LinkGonePage {
    page: Page,
}

fn link_gone(ctx: &Ctx) -> AppResult<Response> {
    let page = LinkGonePage {
        page: ctx.page(ctx.s().link_gone),
    };
    render_status(StatusCode::GONE, &page)
}

fn confirm_page(ctx: &Ctx, token: &str, password: bool, errors: FieldErrors) -> LinkPage {
    let s = ctx.s();
    LinkPage {
        page: ctx.page(s.confirm_address),
        message: match password {
            true => s.confirm_choose_password,
            false => s.confirm_address_intro,
        },
        action: LinkPurpose::Confirm.path(token),
        button: s.confirm_address,
        password,
        errors,
    }
}

/// Where a link that changes an account's address sends someone not logged in to it.
fn log_in_first(token: &str) -> Response {
    let back = url_encode(&LinkPurpose::Confirm.path(token));
    see_other(&format!("/login?next={back}"))
}

async fn confirm_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let viewer = ctx.viewer.as_ref().map(|v| v.user_id);
    match actions::confirmation(&state.db, &token, viewer).await? {
        Followed::Gone => link_gone(&ctx),
        Followed::LogInFirst => Ok(log_in_first(&token)),
        Followed::ChoosePassword => render(&confirm_page(&ctx, &token, true, FieldErrors::new())),
        Followed::Done { .. } => render(&confirm_page(&ctx, &token, false, FieldErrors::new())),
    }
}

#[derive(serde::Deserialize, Default)]
struct ChosenPassword {
    #[serde(default)]
    password: String,
}

/// Confirms the address. A new account is logged in on this browser (the link proved that
/// whoever follows it reads the account's mail; every other session has ended) and lands on its
/// profile; an account whose session goes on is sent back to its page.
async fn confirm(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(form): Form<ChosenPassword>,
) -> AppResult<Response> {
    let secure = state.config.secure_cookies();
    let session = cookie(&headers, session_cookie_name(secure));
    let viewer = ctx.viewer.as_ref().map(|v| v.user_id);
    let password = Some(form.password.as_str()).filter(|p| !p.is_empty());
    let done = match actions::confirm(&state.db, &token, viewer, session, password).await {
        Err(AppError::Invalid(errors)) => {
            let page = confirm_page(&ctx, &token, true, errors);
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
        done => done?,
    };
    match done {
        Followed::Gone => link_gone(&ctx),
        Followed::LogInFirst => Ok(log_in_first(&token)),
        Followed::ChoosePassword => render(&confirm_page(&ctx, &token, true, FieldErrors::new())),
        Followed::Done { user_id, person_id } => {
            let still = auth::viewer_from_cookie(&state.db, &headers, secure).await?;
            match still.is_some_and(|v| v.user_id == user_id) {
                true => Ok(see_other("/account?done=confirmed")),
                false => {
                    let profile = format!("/actors/{person_id}");
                    log_in_browser(
                        &state,
                        &headers,
                        (user_id, Assurance::Password),
                        None,
                        &profile,
                    )
                    .await
                }
            }
        }
    }
}

#[derive(Template)]
#[template(path = "accounts/forgot.html")]
struct ForgotPage {
    page: Page,
    email: String,
    errors: FieldErrors,
}

async fn forgot_form(ctx: Ctx) -> AppResult<Response> {
    render(&ForgotPage {
        page: ctx.page(ctx.s().forgot_password),
        email: String::new(),
        errors: FieldErrors::new(),
    })
}

#[derive(serde::Deserialize)]
struct EmailForm {
    #[serde(default)]
    email: String,
}

async fn forgot(
    State(state): State<AppState>,
    ctx: Ctx,
    Client(client): Client,
    Form(form): Form<EmailForm>,
) -> AppResult<Response> {
    let (status, errors) = match actions::request_reset(&state.db, &client, &form.email).await {
        Ok(()) => return Ok(see_other("/password/sent")),
        Err(AppError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        Err(AppError::TooManyRequests) => (
            StatusCode::TOO_MANY_REQUESTS,
            [("email", text!(error_too_many))].into(),
        ),
        Err(e) => return Err(e),
    };
    let page = ForgotPage {
        page: ctx.page(ctx.s().forgot_password),
        email: form.email,
        errors,
    };
    render_status(status, &page)
}

async fn reset_sent(ctx: Ctx) -> AppResult<Response> {
    render(&CheckMailPage {
        page: ctx.page(ctx.s().check_mail),
        message: ctx.s().reset_check_mail,
    })
}

fn reset_page(ctx: &Ctx, token: &str, errors: FieldErrors) -> LinkPage {
    LinkPage {
        page: ctx.page(ctx.s().new_password),
        message: ctx.s().new_password_intro,
        action: LinkPurpose::Reset.path(token),
        button: ctx.s().new_password,
        password: true,
        errors,
    }
}

async fn reset_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    match store::link(&state.db, LinkPurpose::Reset, &token).await? {
        None => link_gone(&ctx),
        Some(_) => render(&reset_page(&ctx, &token, FieldErrors::new())),
    }
}

#[derive(serde::Deserialize)]
struct PasswordForm {
    #[serde(default)]
    password: String,
}

/// Sets the new password and logs this browser in; every other session has ended.
async fn reset(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(token): Path<String>,
    Form(form): Form<PasswordForm>,
) -> AppResult<Response> {
    match actions::reset(&state.db, &token, &form.password).await {
        Ok(Followed::Gone | Followed::LogInFirst | Followed::ChoosePassword) => link_gone(&ctx),
        Ok(Followed::Done { user_id, .. }) => {
            let remember = Some(store::remember_browser(&state.db, user_id).await?);
            log_in_browser(
                &state,
                &headers,
                (user_id, Assurance::Password),
                remember,
                "/account?done=password",
            )
            .await
        }
        Err(AppError::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &reset_page(&ctx, &token, errors),
        ),
        Err(e) => Err(e),
    }
}
