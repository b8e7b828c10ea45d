//! Logging in through an OpenID provider: to the provider and back, and, for someone new, the
//! page where they say which account is theirs or make one.

use super::actions::{self, Arrival};
use super::model::{Identity, identity};
use super::store::{self, FLOW_SECONDS};
use crate::accounts::actions::{Attempt, LoginOutcome};
use crate::accounts::model::Registration;
use crate::accounts::routes::{NextQuery, RegisterForm, log_in_browser};
use crate::platform::auth::{
    browser_cookie_name, same_secret, session_cookie_name, set_session_assurance,
};
use crate::platform::error::{AppError, AppResult, FieldErrors, Refusal};
use crate::platform::oidc::{OidcError, ProviderConfig, Secrets};
use crate::platform::time::today;
use crate::platform::web::{
    AppState, Client, Ctx, Page, cookie, render, render_status, safe_back, see_other,
    set_cookie_header,
};
use crate::text;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/login/with/{provider}", get(start))
        .route("/login/callback/{provider}", get(callback))
        .route("/login/welcome", get(welcome))
        .route("/login/welcome/link", post(welcome_link))
        .route("/login/welcome/new", post(welcome_new))
}

/// The cookie that ties a login under way to the browser that started it.
fn flow_cookie(secure: bool) -> &'static str {
    if secure {
        "__Host-medspil_login"
    } else {
        "medspil_login"
    }
}

fn redirect_uri(state: &AppState, p: &ProviderConfig) -> String {
    format!(
        "{}/login/callback/{}",
        state.config.public_url().trim_end_matches('/'),
        p.name
    )
}

fn provider<'a>(state: &'a AppState, name: &str) -> AppResult<&'a ProviderConfig> {
    state.login_providers.get(name).ok_or(AppError::NotFound)
}

/// Why a login through a provider did not happen.
enum Failure {
    /// The provider could not be reached.
    Unavailable,
    /// The answer did not belong to a login this browser started, or failed its checks.
    NotGenuine,
    /// The person stopped at the provider.
    Cancelled,
    /// A rule refused the login (too young, linked to another account, …).
    Refused(Box<dyn Refusal>),
}

#[derive(Template)]
#[template(path = "accounts/login_failed.html")]
struct FailedPage {
    page: Page,
    message: String,
}

fn failed(state: &AppState, ctx: &Ctx, why: Failure) -> AppResult<Response> {
    let s = ctx.s();
    let (status, message) = match why {
        Failure::Unavailable => (
            StatusCode::SERVICE_UNAVAILABLE,
            s.login_provider_unavailable.into(),
        ),
        Failure::NotGenuine => (StatusCode::BAD_REQUEST, s.login_not_genuine.into()),
        Failure::Cancelled => (StatusCode::BAD_REQUEST, s.login_cancelled.into()),
        Failure::Refused(r) => (StatusCode::FORBIDDEN, r.message(s)),
    };
    let page = FailedPage {
        page: ctx.page(s.login_failed),
        message,
    };
    let mut response = render_status(status, &page)?;
    let secure = state.config.secure_cookies();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie_header(flow_cookie(secure), "", Some(0), secure, true),
    );
    Ok(response)
}

async fn start(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(name): Path<String>,
    Query(q): Query<NextQuery>,
) -> AppResult<Response> {
    let p = provider(&state, &name)?;
    go_to_provider(&state, &ctx, p, None, &safe_back(q.next.as_deref())).await
}

/// Sends the browser to the provider, keeping the login's secrets until it comes back;
/// `linking` names the account of a logged-in person linking the login.
pub async fn go_to_provider(
    state: &AppState,
    ctx: &Ctx,
    p: &ProviderConfig,
    linking: Option<i64>,
    next: &str,
) -> AppResult<Response> {
    let secrets = Secrets::new();
    let redirect = redirect_uri(state, p);
    let url = match state
        .login_providers
        .authorization_url(p, &redirect, &secrets)
        .await
    {
        Ok(url) => url,
        Err(e) => {
            tracing::warn!(provider = %p.name, error = %e, "login provider unavailable");
            return failed(state, ctx, Failure::Unavailable);
        }
    };
    let key = store::start_flow(&state.db, &p.name, &secrets, linking, next).await?;
    let mut response = see_other(&url);
    let secure = state.config.secure_cookies();
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie_header(flow_cookie(secure), &key, Some(FLOW_SECONDS), secure, true),
    );
    Ok(response)
}

#[derive(serde::Deserialize)]
struct Answer {
    code: Option<String>,
    state: Option<String>,
    error: Option<String>,
}

/// The provider sends the browser back. The login under way is taken (once) by the browser's
/// cookie, and the answer must carry its `state`; the code is exchanged with its PKCE verifier
/// and the ID token checked before anything is done.
async fn callback(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(name): Path<String>,
    Query(answer): Query<Answer>,
) -> AppResult<Response> {
    let p = provider(&state, &name)?;
    let key = cookie(&headers, flow_cookie(state.config.secure_cookies())).unwrap_or("");
    let flow = store::take_flow(&state.db, key).await?;
    let Some(flow) = flow.filter(|f| f.provider == p.name) else {
        return failed(&state, &ctx, Failure::NotGenuine);
    };
    let state_matches = answer
        .state
        .as_deref()
        .is_some_and(|given| same_secret(given, &flow.secrets.state));
    if !state_matches {
        tracing::warn!(provider = %p.name, "login answer with a wrong state");
        return failed(&state, &ctx, Failure::NotGenuine);
    }
    if answer.error.is_some() {
        return failed(&state, &ctx, Failure::Cancelled);
    }
    let Some(code) = answer.code else {
        return failed(&state, &ctx, Failure::NotGenuine);
    };
    let redirect = redirect_uri(&state, p);
    let claims = match state
        .login_providers
        .redeem(p, &code, &redirect, &flow.secrets)
        .await
    {
        Ok(claims) => claims,
        Err(e) => {
            tracing::warn!(provider = %p.name, error = %e, "login through a provider refused");
            return failed(
                &state,
                &ctx,
                match e {
                    OidcError::Unreachable(_) => Failure::Unavailable,
                    _ => Failure::NotGenuine,
                },
            );
        }
    };
    let identity = match identity(p, &claims, today()) {
        Ok(identity) => identity,
        Err(refusal) => return failed(&state, &ctx, Failure::Refused(Box::new(refusal))),
    };
    // A login is linked only for the session that asked to link it.
    if flow.user_id.is_some() && flow.user_id != ctx.viewer.as_ref().map(|v| v.user_id) {
        return failed(&state, &ctx, Failure::NotGenuine);
    }
    let assurance = identity.assurance;
    match actions::arrive(&state.db, p, identity, flow.user_id).await {
        Ok(Arrival::LogIn { user_id }) => {
            log_in_browser(&state, &headers, (user_id, assurance), None, &flow.next).await
        }
        Ok(Arrival::Linked { .. }) => {
            // The person just proved who they are in this session: it is as strong now.
            if ctx.viewer.as_ref().is_some_and(|v| v.assurance < assurance) {
                let name = session_cookie_name(state.config.secure_cookies());
                let session = cookie(&headers, name).unwrap_or("");
                set_session_assurance(&state.db, session, assurance).await?;
            }
            Ok(see_other("/account?done=login_linked"))
        }
        Ok(Arrival::Introduce(identity)) => {
            let parked = store::park(&state.db, &identity, &flow.next).await?;
            let mut response = see_other("/login/welcome");
            let secure = state.config.secure_cookies();
            response.headers_mut().append(
                header::SET_COOKIE,
                set_cookie_header(
                    flow_cookie(secure),
                    &parked,
                    Some(FLOW_SECONDS),
                    secure,
                    true,
                ),
            );
            Ok(response)
        }
        Err(AppError::Refused(r)) => failed(&state, &ctx, Failure::Refused(r)),
        Err(e) => Err(e),
    }
}

#[derive(Template)]
#[template(path = "accounts/welcome.html")]
struct WelcomePage {
    page: Page,
    provider: String,
    verified_name: String,
    email: String,
    person_name: String,
    neighbourhood: String,
    errors: FieldErrors,
}

/// The identity the browser's cookie parked, and its provider.
async fn parked<'a>(
    state: &'a AppState,
    headers: &HeaderMap,
    take: bool,
) -> AppResult<Option<(Identity, String, &'a ProviderConfig)>> {
    let key = cookie(headers, flow_cookie(state.config.secure_cookies())).unwrap_or("");
    let Some((identity, next)) = store::parked(&state.db, key, take).await? else {
        return Ok(None);
    };
    let p = provider(state, &identity.provider)?;
    Ok(Some((identity, next, p)))
}

fn welcome_page(
    ctx: &Ctx,
    identity: &Identity,
    p: &ProviderConfig,
    form: RegisterForm,
    errors: FieldErrors,
) -> WelcomePage {
    WelcomePage {
        page: ctx.page(ctx.s().welcome_title),
        provider: p.label.clone(),
        verified_name: identity.verified_name.clone().unwrap_or_default(),
        email: form.email,
        person_name: match form.name.is_empty() {
            true => identity.name.clone().unwrap_or_default(),
            false => form.name,
        },
        neighbourhood: form.neighbourhood,
        errors,
    }
}

async fn welcome(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
) -> AppResult<Response> {
    match parked(&state, &headers, false).await? {
        None => failed(&state, &ctx, Failure::NotGenuine),
        Some((identity, _, p)) => render(&welcome_page(
            &ctx,
            &identity,
            p,
            RegisterForm::default(),
            FieldErrors::new(),
        )),
    }
}

#[derive(serde::Deserialize, Default)]
struct LinkForm {
    #[serde(default)]
    login_email: String,
    #[serde(default)]
    login_password: String,
}

/// Someone new to Medspil through the provider proves with their password which account is
/// theirs; the login is linked to it and they are logged in.
async fn welcome_link(
    State(state): State<AppState>,
    ctx: Ctx,
    Client(client): Client,
    headers: HeaderMap,
    Form(form): Form<LinkForm>,
) -> AppResult<Response> {
    let Some((identity, next, p)) = parked(&state, &headers, false).await? else {
        return failed(&state, &ctx, Failure::NotGenuine);
    };
    let attempt = Attempt {
        email: &form.login_email,
        password: &form.login_password,
        client: &client,
        browser: Some(cookie(
            &headers,
            browser_cookie_name(state.config.secure_cookies()),
        )),
        signed_in: false,
    };
    let problem = match actions::link_to_account(&state.db, p, &identity, &attempt).await {
        Ok(LoginOutcome::LoggedIn { user_id, remember }) => {
            parked(&state, &headers, true).await?;
            let login = (user_id, identity.assurance);
            return log_in_browser(&state, &headers, login, remember, &next).await;
        }
        Ok(LoginOutcome::Refused) => text!(err_login_failed),
        Ok(LoginOutcome::Wait(seconds)) => text!(err_login_wait(seconds)),
        Err(AppError::Refused(r)) => return failed(&state, &ctx, Failure::Refused(r)),
        Err(e) => return Err(e),
    };
    let page = welcome_page(
        &ctx,
        &identity,
        p,
        RegisterForm::default(),
        [("login_email", problem)].into(),
    );
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

/// Someone new to Medspil through the provider makes an account with the login linked.
async fn welcome_new(
    State(state): State<AppState>,
    ctx: Ctx,
    Client(client): Client,
    headers: HeaderMap,
    Form(form): Form<RegisterForm>,
) -> AppResult<Response> {
    let Some((identity, next, p)) = parked(&state, &headers, false).await? else {
        return failed(&state, &ctx, Failure::NotGenuine);
    };
    let r = Registration {
        name: form.name.clone(),
        email: form.email.clone(),
        password: form.password.clone(),
        neighbourhood: form.neighbourhood.clone(),
    };
    let errors = match actions::create_account(&state.db, &client, p, &identity, r).await {
        Ok(Some(user_id)) => {
            parked(&state, &headers, true).await?;
            let login = (user_id, identity.assurance);
            return log_in_browser(&state, &headers, login, None, &next).await;
        }
        Ok(None) => [("email", text!(err_welcome_email_taken))].into(),
        Err(AppError::Invalid(errors)) => errors,
        Err(AppError::TooManyRequests) => [("email", text!(error_too_many))].into(),
        Err(e) => return Err(e),
    };
    let page = welcome_page(&ctx, &identity, p, form, errors);
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}
