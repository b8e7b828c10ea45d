//! Register, log in and log out.

use super::store::{self, Registration};
use crate::platform::auth::{self, PlatformRole, session_cookie_name};
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::web::{
    AppState, Ctx, Page, cookie, render, render_status, safe_back, see_other,
};
use crate::text;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/register", get(register_form).post(register))
        .route("/login", get(login_form).post(login))
        .route("/logout", post(logout))
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

#[derive(serde::Deserialize)]
struct RegisterForm {
    #[serde(default)]
    name: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
    #[serde(default)]
    neighbourhood: String,
}

fn logged_in(state: &AppState, token: &str, to: &str) -> Response {
    let secure = state.config.secure_cookies();
    let mut response = see_other(to);
    let headers = response.headers_mut();
    headers.append(header::SET_COOKIE, auth::session_cookie(token, secure));
    headers.append(header::SET_COOKIE, auth::fresh_csrf_cookie(secure));
    response
}

async fn register(
    State(state): State<AppState>,
    ctx: Ctx,
    Form(form): Form<RegisterForm>,
) -> AppResult<Response> {
    let mut r = Registration {
        name: form.name,
        email: form.email,
        password: form.password,
        neighbourhood: form.neighbourhood,
    };
    let mut errors = r.check();
    if errors.is_empty() {
        match store::register(&state.db, &r, PlatformRole::Citizen).await {
            Ok(Some((user_id, person_id))) => {
                let token = auth::create_session(&state.db, user_id, "web").await?;
                return Ok(logged_in(&state, &token, &format!("/actors/{person_id}")));
            }
            Ok(None) | Err(AppError::Refused(_)) => {
                errors.insert("email", text!(err_email_taken));
            }
            Err(e) => return Err(e),
        }
    }
    let page = RegisterPage {
        page: ctx.page(ctx.s().register),
        person_name: r.name,
        email: r.email,
        neighbourhood: r.neighbourhood,
        errors,
    };
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginPage {
    page: Page,
    email: String,
    next: String,
    errors: FieldErrors,
}

#[derive(serde::Deserialize)]
struct NextQuery {
    next: Option<String>,
}

async fn login_form(ctx: Ctx, Query(q): Query<NextQuery>) -> AppResult<Response> {
    render(&LoginPage {
        page: ctx.page(ctx.s().login),
        email: String::new(),
        next: safe_back(q.next.as_deref()),
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
    Form(form): Form<LoginForm>,
) -> AppResult<Response> {
    let email = store::normalise_email(&form.email);
    let mut errors = FieldErrors::new();
    let mut status = StatusCode::UNPROCESSABLE_ENTITY;
    if !auth::login_allowed(&state.db, &email).await? {
        errors.insert("email", text!(error_too_many));
        status = StatusCode::TOO_MANY_REQUESTS;
    } else {
        match store::authenticate(&state.db, &email, &form.password).await? {
            Some(user_id) => {
                let token = auth::create_session(&state.db, user_id, "web").await?;
                return Ok(logged_in(&state, &token, &safe_back(Some(&form.next))));
            }
            None => {
                auth::record_login_failure(&state.db, &email).await?;
                errors.insert("email", text!(err_login_failed));
            }
        }
    }
    let page = LoginPage {
        page: ctx.page(ctx.s().login),
        email,
        next: safe_back(Some(&form.next)),
        errors,
    };
    render_status(status, &page)
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
