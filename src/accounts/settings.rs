//! The account page: the address (confirmed or not, and changing it), the password, and the
//! sessions the account is logged in with, which can be ended.

use super::actions;
use super::logins::actions as logins_actions;
use super::logins::routes as logins_routes;
use super::logins::store as logins_store;
use super::model::describe_user_agent;
use super::store;
use crate::platform::auth::{self, Assurance, session_cookie_name};
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::i18n::Lang;
use crate::platform::time::format_moment;
use crate::platform::web::{
    AppState, Choice, Client, Page, SignedIn, cookie, render_status, see_other,
};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/account", get(show))
        .route("/account/email", post(change_email))
        .route("/account/password", post(change_password))
        .route("/account/confirmation", post(resend_confirmation))
        .route("/account/sessions/others", post(end_other_sessions))
        .route("/account/sessions/all", post(end_all_sessions))
        .route("/account/logins", post(link_login))
        .route("/account/logins/{id}/unlink", post(unlink_login))
}

/// A login linked to the account, as the page lists it.
struct LoginLine {
    id: i64,
    provider: String,
    /// The name it vouches for and how strong it is.
    detail: String,
    since: String,
}

/// One session as the list shows it.
struct SessionLine {
    what: String,
    started: String,
    this_browser: bool,
}

#[derive(Template)]
#[template(path = "accounts/settings.html")]
struct SettingsPage {
    page: Page,
    email: String,
    confirmed: bool,
    /// Word that something was just done, after a redirect.
    done: Option<&'static str>,
    new_email: String,
    sessions: Vec<SessionLine>,
    has_password: bool,
    logins: Vec<LoginLine>,
    /// Providers not linked yet, as choices.
    linkable: Vec<Choice>,
    errors: FieldErrors,
}

/// What was just done, named in the address the page is sent back to.
#[derive(serde::Deserialize, Default)]
struct DoneQuery {
    done: Option<String>,
}

fn done_message(lang: Lang, done: Option<&str>) -> Option<&'static str> {
    let s = lang.strings();
    Some(match done? {
        "confirmed" => s.account_done_confirmed,
        "password" => s.account_done_password,
        "email" => s.account_done_email,
        "confirmation" => s.account_done_confirmation,
        "sessions" => s.account_done_sessions,
        "login_linked" => s.account_done_login_linked,
        "login_unlinked" => s.account_done_login_unlinked,
        _ => return None,
    })
}

fn session_token<'a>(state: &AppState, headers: &'a HeaderMap) -> &'a str {
    cookie(headers, session_cookie_name(state.config.secure_cookies())).unwrap_or("")
}

async fn page(
    state: &AppState,
    signed_in: SignedIn,
    headers: &HeaderMap,
    done: Option<&str>,
    new_email: String,
    errors: FieldErrors,
) -> AppResult<SettingsPage> {
    let SignedIn(ctx, viewer) = signed_in;
    let current = auth::token_hash(session_token(state, headers));
    let s = ctx.s();
    let sessions = store::sessions(&state.db, viewer.user_id)
        .await?
        .into_iter()
        .map(|session| {
            let client = match describe_user_agent(&session.user_agent) {
                Some((browser, "")) => browser.to_string(),
                Some((browser, system)) => s.browser_on_system(browser, system),
                None => s.unknown_client.to_string(),
            };
            let what = match session.kind.as_str() {
                "api" => s.api_token_from(&client),
                _ => client,
            };
            SessionLine {
                what,
                started: format_moment(session.created_at, ctx.lang),
                this_browser: session.token_hash == current,
            }
        })
        .collect();
    let linked = logins_store::logins_of(&state.db, viewer.user_id).await?;
    let providers = state.login_providers.all();
    let label = |name: &str| {
        let p = providers.iter().find(|p| p.name == name);
        p.map_or(name.to_string(), |p| p.label.clone())
    };
    let linkable = providers
        .iter()
        .filter(|p| !linked.iter().any(|l| l.provider == p.name))
        .map(|p| Choice {
            value: p.name.clone(),
            label: p.label.clone(),
            selected: false,
        })
        .collect();
    let logins = linked
        .into_iter()
        .map(|l| {
            let level = Assurance::parse(&l.assurance).unwrap_or(Assurance::Low);
            let detail = match &l.verified_name {
                Some(name) => format!("{} · {name} · {}", s.login_verified, level.label_in(s)),
                None => level.label_in(s).to_string(),
            };
            LoginLine {
                id: l.id,
                provider: label(&l.provider),
                detail,
                since: format_moment(l.created_at, ctx.lang),
            }
        })
        .collect();
    let has_password = store::by_id(&state.db, viewer.user_id)
        .await?
        .is_some_and(|a| !a.password_hash.is_empty());
    Ok(SettingsPage {
        page: ctx.page(s.account_title),
        email: viewer.email,
        confirmed: viewer.email_confirmed,
        done: done_message(ctx.lang, done),
        new_email,
        sessions,
        has_password,
        logins,
        linkable,
        errors,
    })
}

/// The account page again, with a form's problems beside its fields.
async fn refused(
    state: &AppState,
    signed_in: SignedIn,
    headers: &HeaderMap,
    new_email: String,
    errors: FieldErrors,
) -> AppResult<Response> {
    let page = page(state, signed_in, headers, None, new_email, errors).await?;
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

async fn show(
    State(state): State<AppState>,
    signed_in: SignedIn,
    headers: HeaderMap,
    Query(q): Query<DoneQuery>,
) -> AppResult<Response> {
    let page = page(
        &state,
        signed_in,
        &headers,
        q.done.as_deref(),
        String::new(),
        FieldErrors::new(),
    )
    .await?;
    render_status(StatusCode::OK, &page)
}

#[derive(serde::Deserialize)]
struct EmailForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    email_password: String,
}

async fn change_email(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Client(client): Client,
    headers: HeaderMap,
    Form(form): Form<EmailForm>,
) -> AppResult<Response> {
    let viewer = &signed_in.1;
    let changed = actions::change_email(
        &state.db,
        viewer,
        &client,
        &form.email_password,
        form.email.clone(),
    )
    .await;
    match changed {
        Ok(_) => Ok(see_other("/account?done=email")),
        Err(AppError::Invalid(errors)) => {
            refused(&state, signed_in, &headers, form.email, errors).await
        }
        Err(e) => Err(e),
    }
}

#[derive(serde::Deserialize)]
struct PasswordForm {
    #[serde(default)]
    current_password: String,
    #[serde(default)]
    password: String,
}

async fn change_password(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Client(client): Client,
    headers: HeaderMap,
    Form(form): Form<PasswordForm>,
) -> AppResult<Response> {
    let changed = actions::change_password(
        &state.db,
        &signed_in.1,
        &client,
        session_token(&state, &headers),
        &form.current_password,
        &form.password,
    )
    .await;
    match changed {
        Ok(_) => Ok(see_other("/account?done=password")),
        Err(AppError::Invalid(errors)) => {
            refused(&state, signed_in, &headers, String::new(), errors).await
        }
        Err(e) => Err(e),
    }
}

async fn resend_confirmation(
    State(state): State<AppState>,
    SignedIn(_, viewer): SignedIn,
) -> AppResult<Response> {
    actions::resend_confirmation(&state.db, &viewer).await?;
    Ok(see_other("/account?done=confirmation"))
}

async fn end_other_sessions(
    State(state): State<AppState>,
    SignedIn(_, viewer): SignedIn,
    headers: HeaderMap,
) -> AppResult<Response> {
    let keep = session_token(&state, &headers);
    actions::end_sessions(&state.db, &viewer, Some(keep)).await?;
    Ok(see_other("/account?done=sessions"))
}

/// Ends every session, this one too, and sends the browser to the login page.
async fn end_all_sessions(
    State(state): State<AppState>,
    SignedIn(_, viewer): SignedIn,
) -> AppResult<Response> {
    actions::end_sessions(&state.db, &viewer, None).await?;
    let mut response = see_other("/login");
    response.headers_mut().append(
        header::SET_COOKIE,
        auth::clear_session_cookie(state.config.secure_cookies()),
    );
    Ok(response)
}

#[derive(serde::Deserialize)]
struct LinkLoginForm {
    #[serde(default)]
    provider: String,
    #[serde(default)]
    link_password: String,
}

/// Sends the person to a provider to link a login to their account, once they have proven it
/// is them: with their password, or, without one, by a session made through a provider.
async fn link_login(
    State(state): State<AppState>,
    signed_in: SignedIn,
    Client(client): Client,
    headers: HeaderMap,
    Form(form): Form<LinkLoginForm>,
) -> AppResult<Response> {
    let viewer = &signed_in.1;
    let p = state
        .login_providers
        .get(&form.provider)
        .ok_or(AppError::NotFound)?;
    let has_password = store::by_id(&state.db, viewer.user_id)
        .await?
        .is_some_and(|a| !a.password_hash.is_empty());
    if has_password {
        let password = &form.link_password;
        let proven = actions::reauthenticate(&state.db, viewer, &client, password, "link_password");
        if let Err(e) = proven.await {
            let (_, errors) = e.on_form("link_password")?;
            return refused(&state, signed_in, &headers, String::new(), errors).await;
        }
    } else if viewer.assurance == Assurance::Password {
        return Err(AppError::Forbidden);
    }
    let linking = Some(viewer.user_id);
    logins_routes::go_to_provider(&state, &signed_in.0, p, linking, "/account").await
}

async fn unlink_login(
    State(state): State<AppState>,
    signed_in: SignedIn,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    match logins_actions::unlink(&state.db, signed_in.1.user_id, id).await {
        Ok(()) => Ok(see_other("/account?done=login_unlinked")),
        Err(e) => {
            let (_, errors) = e.on_form("logins")?;
            let page = page(&state, signed_in, &headers, None, String::new(), errors).await?;
            render_status(StatusCode::CONFLICT, &page)
        }
    }
}
