//! Authentication: argon2id password hashes, database-backed sessions (so any node can serve
//! any request), the viewer of a request, CSRF protection for every form, and login throttling.

use crate::labelled_enum;
use crate::platform::db::{self, Db};
use crate::platform::error::{AppError, AppResult};
use crate::platform::time::now;
use crate::platform::web::{AppState, cookie, set_cookie_header};
use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier, phc::PasswordHash};
use axum::body::Body;
use axum::extract::{FromRef, FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// Cookie names. Over https they carry the `__Host-` prefix, which browsers accept only from
/// this host itself (Secure, Path=/, no Domain), so a sibling subdomain cannot plant them.
pub fn session_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-medspil_session"
    } else {
        "medspil_session"
    }
}

/// The cookie by which a browser is known to have logged in to an account before.
pub fn browser_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-medspil_browser"
    } else {
        "medspil_browser"
    }
}

pub fn csrf_cookie_name(secure: bool) -> &'static str {
    if secure {
        "__Host-medspil_csrf"
    } else {
        "medspil_csrf"
    }
}
pub const CSRF_FIELD: &str = "csrf";
const SESSION_SECONDS: i64 = 60 * 60 * 24 * 30;

labelled_enum! {
    /// A user's role on the platform as a whole; roles within organisations are memberships.
    pub enum PlatformRole {
        Citizen = "citizen" => platform_role_citizen,
        Moderator = "moderator" => platform_role_moderator,
        Admin = "admin" => platform_role_admin,
    }
}

labelled_enum! {
    /// A person's role in an organisation. Municipal units have employees and leaders.
    pub enum MembershipRole {
        Member = "member" => membership_role_member,
        Admin = "admin" => membership_role_admin,
        Employee = "employee" => membership_role_employee,
        Leader = "leader" => membership_role_leader,
    }
}

labelled_enum! {
    /// How sure a login is of who the person is: a password proves only that they know it; a
    /// login through an identity provider carries its level of assurance (the NSIS levels that
    /// MitID is issued at). Ordered from weakest to strongest.
    #[derive(PartialOrd, Ord)]
    pub enum Assurance {
        Password = "password" => assurance_password,
        Low = "low" => assurance_low,
        Substantial = "substantial" => assurance_substantial,
        High = "high" => assurance_high,
    }
}

/// Acts a municipality may require a stronger login for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    /// Accepting an agreement on an organisation's behalf.
    AcceptForOrganisation,
    /// Applying to a pool for a grant.
    ApplyForGrant,
    /// Taking, deciding and closing a municipal unit's cases.
    HandleCase,
}

impl Step {
    pub const ALL: [Step; 3] = [
        Step::AcceptForOrganisation,
        Step::ApplyForGrant,
        Step::HandleCase,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Step::AcceptForOrganisation => "accept_for_organisation",
            Step::ApplyForGrant => "apply_for_grant",
            Step::HandleCase => "handle_case",
        }
    }
}

/// The least assurance each step needs, as configured (`STEP=LEVEL`).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StepAssurance(pub Vec<(Step, Assurance)>);

impl StepAssurance {
    pub fn parse(s: &str) -> Result<(Step, Assurance), String> {
        let (step, level) = s
            .split_once('=')
            .ok_or_else(|| format!("`{s}`: expected STEP=LEVEL"))?;
        let step = Step::ALL
            .into_iter()
            .find(|x| x.code() == step.trim())
            .ok_or_else(|| {
                let known: Vec<&str> = Step::ALL.iter().map(|x| x.code()).collect();
                format!("`{step}`: not one of {}", known.join(", "))
            })?;
        let level = Assurance::parse(level.trim())
            .ok_or_else(|| format!("`{level}`: not one of low, substantial, high"))?;
        Ok((step, level))
    }

    pub fn needed(&self, step: Step) -> Assurance {
        self.0
            .iter()
            .filter(|(s, _)| *s == step)
            .map(|(_, level)| *level)
            .max()
            .unwrap_or(Assurance::Password)
    }
}

impl MembershipRole {
    /// Admins and leaders manage their organisation (profile and members).
    pub fn manages(self) -> bool {
        matches!(self, MembershipRole::Admin | MembershipRole::Leader)
    }
}

#[derive(Clone, Debug)]
pub struct Membership {
    pub organisation_id: i64,
    pub role: MembershipRole,
}

/// The logged-in person behind a request.
#[derive(Clone, Debug)]
pub struct Viewer {
    pub user_id: i64,
    pub person_id: i64,
    pub name: String,
    pub email: String,
    /// Whether the address is confirmed: mail goes only to a confirmed one, and until then
    /// the person counts as anonymous for the limits on what anyone may post.
    pub email_confirmed: bool,
    pub role: PlatformRole,
    pub memberships: Vec<Membership>,
    /// How this session's login was made.
    pub assurance: Assurance,
    /// What the municipality requires of a login for some steps (the server's configuration,
    /// carried here so that the rules decide with the viewer alone).
    pub required: std::sync::Arc<StepAssurance>,
}

pub fn random_token() -> String {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).expect("the operating system provides randomness");
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Whether a given secret is the expected one, compared by their hashes so the time taken
/// tells nothing of where they differ.
pub fn same_secret(given: &str, expected: &str) -> bool {
    token_hash(given) == token_hash(expected)
}

pub fn token_hash(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

pub async fn hash_password(password: String) -> AppResult<String> {
    tokio::task::spawn_blocking(move || {
        Argon2::default()
            .hash_password(password.as_bytes())
            .map(|h| h.to_string())
            .map_err(|e| AppError::Internal(format!("password hash: {e}")))
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))?
}

pub async fn verify_password(password: String, hash: String) -> bool {
    tokio::task::spawn_blocking(move || {
        PasswordHash::new(&hash)
            .map(|parsed| {
                Argon2::default()
                    .verify_password(password.as_bytes(), &parsed)
                    .is_ok()
            })
            .unwrap_or(false)
    })
    .await
    .unwrap_or(false)
}

/// Creates a session and returns its secret token; only a hash of it is stored, beside what
/// the session was started from (the client's `User-Agent`), for the person's list of them,
/// and how strong the login was.
pub async fn create_session(
    db: &Db,
    user_id: i64,
    kind: &str,
    user_agent: &str,
    assurance: Assurance,
) -> AppResult<String> {
    let token = random_token();
    let t = now();
    let user_agent: String = user_agent.chars().take(300).collect();
    db::query("INSERT INTO sessions (token_hash, user_id, kind, created_at, expires_at, user_agent, assurance) VALUES ($1, $2, $3, $4, $5, $6, $7)")
        .bind(token_hash(&token))
        .bind(user_id)
        .bind(kind)
        .bind(t)
        .bind(t + SESSION_SECONDS)
        .bind(user_agent)
        .bind(assurance.code())
        .execute(db.pool())
        .await?;
    // A session is the account being used: it keeps it from being erased as unused.
    db::query("UPDATE users SET last_active_at = $1 WHERE id = $2")
        .bind(t)
        .bind(user_id)
        .execute(db.pool())
        .await?;
    Ok(token)
}

/// Records that the session's person has just logged in again in it, with `assurance` (a login
/// linked from the account page).
pub async fn set_session_assurance(db: &Db, token: &str, assurance: Assurance) -> AppResult<()> {
    db::query("UPDATE sessions SET assurance = $1 WHERE token_hash = $2")
        .bind(assurance.code())
        .bind(token_hash(token))
        .execute(db.pool())
        .await?;
    Ok(())
}

pub async fn end_session(db: &Db, token: &str) -> AppResult<()> {
    db::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash(token))
        .execute(db.pool())
        .await?;
    Ok(())
}

pub fn session_cookie(token: &str, secure: bool) -> axum::http::HeaderValue {
    set_cookie_header(
        session_cookie_name(secure),
        token,
        Some(SESSION_SECONDS),
        secure,
        true,
    )
}

pub fn clear_session_cookie(secure: bool) -> axum::http::HeaderValue {
    set_cookie_header(session_cookie_name(secure), "", Some(0), secure, true)
}

/// The viewer's columns, with one row per membership (none when they have none), so that a
/// request learns who is asking in one statement; the login's assurance (`AS assurance`),
/// which only a session knows, goes between them and `VIEWER_FROM`.
const VIEWER_COLUMNS: &str = "SELECT u.id, u.person_id, a.name, u.email, u.email_confirmed_at, u.platform_role, \
     m.organisation_id, m.role AS membership_role,";
const VIEWER_FROM: &str = "FROM users u JOIN actors a ON a.id = u.person_id \
     LEFT JOIN memberships m ON m.person_id = u.person_id";

async fn viewer_for_token(db: &Db, token: &str, kind: &str) -> AppResult<Option<Viewer>> {
    let rows = db::query(format!(
        "{VIEWER_COLUMNS} s.assurance AS assurance {VIEWER_FROM} JOIN sessions s ON s.user_id = u.id \
         WHERE s.token_hash = $1 AND s.kind = $2 AND s.expires_at > $3"
    ))
    .bind(token_hash(token))
    .bind(kind)
    .bind(now())
    .fetch_all(db.pool())
    .await?;
    Ok(viewer_of_rows(&rows)?)
}

/// The viewer a user is when something is done in their name outside a request (the demo
/// data is loaded so).
pub async fn viewer_of_user(db: &Db, user_id: i64) -> AppResult<Viewer> {
    let rows = db::query(format!(
        "{VIEWER_COLUMNS} 'password' AS assurance {VIEWER_FROM} WHERE u.id = $1"
    ))
    .bind(user_id)
    .fetch_all(db.pool())
    .await?;
    viewer_of_rows(&rows)?.ok_or(AppError::NotFound)
}

fn viewer_of_rows(rows: &[db::Row]) -> Result<Option<Viewer>, db::Error> {
    let Some(first) = rows.first() else {
        return Ok(None);
    };
    let role: String = first.try_get("platform_role")?;
    let mut memberships = Vec::new();
    for r in rows {
        let organisation: Option<i64> = r.try_get("organisation_id")?;
        let role: Option<String> = r.try_get("membership_role")?;
        if let (Some(organisation_id), Some(role)) = (
            organisation,
            role.as_deref().and_then(MembershipRole::parse),
        ) {
            memberships.push(Membership {
                organisation_id,
                role,
            });
        }
    }
    Ok(Some(Viewer {
        user_id: first.try_get("id")?,
        person_id: first.try_get("person_id")?,
        name: first.try_get("name")?,
        email: first.try_get("email")?,
        email_confirmed: first
            .try_get::<Option<i64>, _>("email_confirmed_at")?
            .is_some(),
        role: PlatformRole::parse(&role).unwrap_or(PlatformRole::Citizen),
        memberships,
        assurance: Assurance::parse(&first.try_get::<String, _>("assurance")?)
            .unwrap_or(Assurance::Password),
        required: Default::default(),
    }))
}

pub async fn viewer_from_cookie(
    db: &Db,
    headers: &HeaderMap,
    secure: bool,
) -> AppResult<Option<Viewer>> {
    match cookie(headers, session_cookie_name(secure)) {
        Some(token) if !token.is_empty() => viewer_for_token(db, token, "web").await,
        _ => Ok(None),
    }
}

/// The caller of an API request that needs one: `Authorization: Bearer <token>`, with a token
/// from `POST /api/v1/tokens`. The API never authenticates by cookie, so it needs no CSRF token.
pub struct ApiCaller(pub Viewer);

/// The token of an `Authorization: Bearer <token>` header.
pub fn bearer_token(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
}

impl<S> FromRequestParts<S> for ApiCaller
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let token = bearer_token(&parts.headers).ok_or(AppError::Unauthenticated)?;
        let state = AppState::from_ref(state);
        viewer_for_token(&state.db, token, "api")
            .await?
            .map(|v| ApiCaller(state.with_requirements(v)))
            .ok_or(AppError::Unauthenticated)
    }
}

/// The caller of an API route that anyone may read and some may read more of: none without a
/// bearer token; a token that is not valid is refused, never read as no caller.
pub struct OptionalApiCaller(pub Option<Viewer>);

impl<S> FromRequestParts<S> for OptionalApiCaller
where
    S: Send + Sync,
    AppState: FromRef<S>,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        match bearer_token(&parts.headers) {
            None => Ok(OptionalApiCaller(None)),
            Some(_) => Ok(OptionalApiCaller(Some(
                ApiCaller::from_request_parts(parts, state).await?.0,
            ))),
        }
    }
}

/// A new CSRF cookie, set at login so a token known before it is worthless after.
pub fn fresh_csrf_cookie(secure: bool) -> axum::http::HeaderValue {
    set_cookie_header(
        csrf_cookie_name(secure),
        &random_token(),
        None,
        secure,
        true,
    )
}

/// The CSRF token of the current visitor, for the forms on the page.
#[derive(Clone)]
pub struct CsrfToken(pub String);

fn is_token(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn submitted_token(body: &[u8]) -> Option<String> {
    serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
        .unwrap_or_default()
        .into_iter()
        .find(|(k, _)| k == CSRF_FIELD)
        .map(|(_, v)| v)
}

/// Where requests never act on a session cookie's authority and so need no CSRF token: the
/// API (bearer tokens), Open311 (keys) and the one-click unsubscribe links (the secret is in
/// the path, and mail programs post without a session). The application names them.
#[derive(Clone, Copy)]
pub struct CsrfExempt(pub &'static [&'static str]);

/// The CSRF token of a logged-in visitor's forms: derived from their session, so it changes
/// with every login and means nothing outside that session.
fn session_csrf(session_token: &str) -> String {
    token_hash(&format!("csrf:{session_token}"))
}

/// Middleware: every state-changing request outside the exempt paths must echo the visitor's
/// CSRF token in a `csrf` form field (a file upload, in its action address). A logged-in
/// visitor's token is derived from their session; before logging in, it is a random cookie
/// sent back with the form. Checked here, once, so no handler can forget it.
pub async fn csrf(
    State((state, exempt)): State<(AppState, CsrfExempt)>,
    request: Request,
    next: Next,
) -> Response {
    let secure = state.config.secure_cookies();
    let anonymous = cookie(request.headers(), csrf_cookie_name(secure))
        .filter(|t| is_token(t))
        .map(String::from);
    let expected = match cookie(request.headers(), session_cookie_name(secure)) {
        Some(session) if !session.is_empty() => Some(session_csrf(session)),
        _ => anonymous.clone(),
    };
    let token = expected.clone().unwrap_or_else(random_token);
    let path = request.uri().path();
    let needs_check = !matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    ) && !exempt.0.iter().any(|prefix| path.starts_with(prefix));
    let mut request = request;
    // A file upload carries its token in the form's action URL, so the file itself need not be
    // read here.
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    if needs_check && multipart {
        let query = request.uri().query().unwrap_or("").as_bytes();
        let ok = expected
            .as_deref()
            .is_some_and(|expected| submitted_token(query).as_deref() == Some(expected));
        if !ok {
            return AppError::Csrf.into_response();
        }
    } else if needs_check {
        let (parts, body) = request.into_parts();
        let Ok(bytes) = axum::body::to_bytes(body, crate::platform::input::FORM_BODY_MAX).await
        else {
            return AppError::BadRequest(crate::text!(error_too_large)).into_response();
        };
        let ok = expected
            .as_deref()
            .is_some_and(|expected| submitted_token(&bytes).as_deref() == Some(expected));
        if !ok {
            return AppError::Csrf.into_response();
        }
        request = Request::from_parts(parts, Body::from(bytes));
    }
    request.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(request).await;
    if anonymous.is_none() {
        let value = match expected {
            None => token,
            Some(_) => random_token(),
        };
        response.headers_mut().append(
            header::SET_COOKIE,
            set_cookie_header(csrf_cookie_name(secure), &value, None, secure, true),
        );
    }
    response
}
