//! The web shell: shared state, the page frame every template extends, security headers,
//! cookies, health checks, the language switch and the stylesheet.

use crate::platform::auth::{self, Viewer};
use crate::platform::config::Config;
use crate::platform::db::Db;
use crate::platform::i18n::{LANG_COOKIE, Lang, Strings};
use askama::Template;
use axum::extract::{FromRef, FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use std::any::{Any, TypeId};
use std::collections::HashMap;
use std::sync::Arc;

/// What every handler shares: one `Arc`, as it is cloned for every middleware layer and
/// extractor of every request.
#[derive(Clone)]
pub struct AppState(Arc<Shared>);

impl std::ops::Deref for AppState {
    type Target = Shared;
    fn deref(&self) -> &Shared {
        &self.0
    }
}

pub struct Shared {
    pub db: Db,
    pub config: Arc<Config>,
    pub page_cache: Option<Arc<crate::platform::page_cache::PageCache>>,
    /// The Content-Security-Policy header, made once from the configuration.
    pub csp: HeaderValue,
    pub metrics: Arc<crate::platform::telemetry::Metrics>,
    /// What features keep between requests on this server.
    pub kept: Arc<Kept>,
    /// The OpenID providers people log in through.
    pub login_providers: Arc<crate::platform::oidc::Providers>,
    /// What some steps require of a login.
    pub step_assurance: Arc<auth::StepAssurance>,
}

/// What features keep between requests, per server: one value of each type, made on first use.
/// The platform does not know the types; each feature owns what it keeps and when it is stale.
#[derive(Default)]
pub struct Kept(std::sync::Mutex<HashMap<TypeId, Arc<dyn Any + Send + Sync>>>);

impl Kept {
    pub fn get<T: Default + Send + Sync + 'static>(&self) -> Arc<T> {
        let mut kept = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let value = kept
            .entry(TypeId::of::<T>())
            .or_insert_with(|| Arc::new(T::default()))
            .clone();
        value
            .downcast::<T>()
            .unwrap_or_else(|_| unreachable!("kept by its own type id"))
    }
}

impl AppState {
    /// The state of a server on `db` configured by `config`.
    pub fn new(db: Db, config: Config) -> AppState {
        let page_cache = (config.page_cache_ms > 0).then(|| {
            Arc::new(crate::platform::page_cache::PageCache::new(
                std::time::Duration::from_millis(config.page_cache_ms),
            ))
        });
        // `serve` refuses to start with settings that do not describe providers.
        let providers = config.login_providers().unwrap_or_default();
        AppState(Arc::new(Shared {
            login_providers: Arc::new(crate::platform::oidc::Providers::new(providers)),
            step_assurance: Arc::new(auth::StepAssurance(config.require_assurance.clone())),
            csp: crate::platform::headers::content_security_policy(&config),
            db,
            config: Arc::new(config),
            page_cache,
            metrics: Arc::default(),
            kept: Arc::default(),
        }))
    }
}

impl AppState {
    /// The viewer, told what this server requires of a login for some steps.
    pub fn with_requirements(&self, mut viewer: auth::Viewer) -> auth::Viewer {
        viewer.required = self.step_assurance.clone();
        viewer
    }
}

impl FromRef<AppState> for Db {
    fn from_ref(state: &AppState) -> Db {
        state.db.clone()
    }
}

/// What every page template needs: language, strings, the CSRF token for its forms, who is
/// looking, and where the page is (for the language switch).
pub struct Page {
    pub lang: Lang,
    pub s: &'static Strings,
    pub csrf: String,
    pub viewer_name: Option<String>,
    pub viewer_person_id: Option<i64>,
    pub path: String,
    pub title: String,
    /// Whether the viewer administers the platform (for the admin links).
    pub admin: bool,
    /// Whether the viewer moderates (for the link to the moderation queue).
    pub moderates: bool,
}

impl Page {
    pub fn titled(mut self, title: impl Into<String>) -> Page {
        self.title = title.into();
        self
    }

    pub fn lang_switch_href(&self) -> String {
        format!(
            "/lang/{}?back={}",
            self.lang.other().code(),
            url_encode(&self.path)
        )
    }
}

/// Request context for handlers: the page frame and the viewer, if logged in.
pub struct Ctx {
    pub lang: Lang,
    pub viewer: Option<Viewer>,
    csrf: String,
    path: String,
}

impl Ctx {
    pub fn s(&self) -> &'static Strings {
        self.lang.strings()
    }

    pub fn page(&self, title: impl Into<String>) -> Page {
        Page {
            lang: self.lang,
            s: self.lang.strings(),
            csrf: self.csrf.clone(),
            viewer_name: self.viewer.as_ref().map(|v| v.name.clone()),
            viewer_person_id: self.viewer.as_ref().map(|v| v.person_id),
            admin: crate::platform::permissions::can(
                self.viewer.as_ref(),
                crate::platform::permissions::Action::AdministerPlatform,
            ),
            moderates: crate::platform::permissions::can(
                self.viewer.as_ref(),
                crate::platform::permissions::Action::Moderate,
            ),
            path: self.path.clone(),
            title: title.into(),
        }
    }
}

impl FromRequestParts<AppState> for Ctx {
    type Rejection = crate::platform::error::AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let secure = state.config.secure_cookies();
        let viewer = auth::viewer_from_cookie(&state.db, &parts.headers, secure)
            .await?
            .map(|v| state.with_requirements(v));
        let csrf = parts
            .extensions
            .get::<auth::CsrfToken>()
            .map(|t| t.0.clone())
            .unwrap_or_default();
        let path = match parts.uri.query() {
            Some(q) => format!("{}?{}", parts.uri.path(), q),
            None => parts.uri.path().to_string(),
        };
        Ok(Ctx {
            lang: Lang::of_headers(&parts.headers),
            viewer,
            csrf,
            path,
        })
    }
}

/// A request from someone logged in: its context and who they are. A handler that takes it
/// answers only them; anyone else is sent to log in (or, under the API, told to).
pub struct SignedIn(pub Ctx, pub Viewer);

impl FromRequestParts<AppState> for SignedIn {
    type Rejection = crate::platform::error::AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let ctx = Ctx::from_request_parts(parts, state).await?;
        match ctx.viewer.clone() {
            Some(viewer) => Ok(SignedIn(ctx, viewer)),
            None => Err(crate::platform::error::AppError::Unauthenticated),
        }
    }
}

/// A request from a platform administrator, for the administration pages; anyone else is
/// refused (or sent to log in first).
pub struct Administrator(pub Ctx, pub Viewer);

impl FromRequestParts<AppState> for Administrator {
    type Rejection = crate::platform::error::AppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let SignedIn(ctx, viewer) = SignedIn::from_request_parts(parts, state).await?;
        let administer = crate::platform::permissions::Action::AdministerPlatform;
        crate::platform::permissions::require(Some(&viewer), administer)?;
        Ok(Administrator(ctx, viewer))
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage {
    pub page: Page,
    pub status: u16,
    pub message: String,
}

impl ErrorPage {
    pub fn new(lang: Lang, status: StatusCode, message: String) -> ErrorPage {
        let s = lang.strings();
        ErrorPage {
            page: Page {
                lang,
                s,
                csrf: String::new(),
                viewer_name: None,
                viewer_person_id: None,
                admin: false,
                moderates: false,
                path: "/".into(),
                title: s.error_title.into(),
            },
            status: status.as_u16(),
            message,
        }
    }
}

/// A page asking to confirm a destructive action before it is posted.
#[derive(Template)]
#[template(path = "confirm.html")]
pub struct ConfirmPage {
    pub page: Page,
    pub message: String,
    pub action: String,
    pub button: &'static str,
    pub cancel_href: String,
}

/// The page a mail's link leads to that forgets an address given without an account (a tip's
/// reporter, a workshop's participant): what it does, and that it is done.
#[derive(Template)]
#[template(path = "forget_address.html")]
pub struct ForgetAddressPage {
    pub page: Page,
    pub action: String,
    pub intro: &'static str,
    pub button: &'static str,
    pub done_text: &'static str,
    pub done: bool,
}

/// Renders a template as an HTML response.
pub fn render(template: &impl Template) -> Result<Response, crate::platform::error::AppError> {
    Ok(Html(template.render()?).into_response())
}

/// Renders a template with a status, e.g. 422 for a form with errors.
pub fn render_status(
    status: StatusCode,
    template: &impl Template,
) -> Result<Response, crate::platform::error::AppError> {
    Ok((status, Html(template.render()?)).into_response())
}

/// Redirect after a successful form post (303 See Other, so the browser follows with GET).
pub fn see_other(to: &str) -> Response {
    Redirect::to(to).into_response()
}

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

pub fn set_cookie_header(
    name: &str,
    value: &str,
    max_age: Option<i64>,
    secure: bool,
    http_only: bool,
) -> HeaderValue {
    let mut c = format!("{name}={value}; Path=/; SameSite=Lax");
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    if http_only {
        c.push_str("; HttpOnly");
    }
    if secure {
        c.push_str("; Secure");
    }
    HeaderValue::from_str(&c).expect("cookie values are ASCII")
}

/// The link to another page of a list: `path` with the filters that are set, and the page.
pub fn list_href(path: &str, filters: &[(&str, &str)], page: i64) -> String {
    let mut pairs: Vec<(&str, String)> = filters
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| (*k, v.to_string()))
        .collect();
    pairs.push(("page", page.to_string()));
    format!(
        "{path}?{}",
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    )
}

pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// A local path to return to after login or a language switch; anything else becomes `/`.
pub fn safe_back(back: Option<&str>) -> String {
    // Browsers drop tabs and newlines and read `\` as `/` when they parse a URL, so any of
    // them could turn a local path into `//other.site`.
    let local = |b: &str| {
        b.starts_with('/')
            && !b.starts_with("//")
            && !b
                .chars()
                .any(|c| c == '\\' || c.is_control() || c.is_whitespace())
    };
    match back {
        Some(b) if local(b) => b.to_string(),
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clients_are_addresses_and_ipv6_networks() {
        assert_eq!(
            forwarded_address(" 203.0.113.7:51234"),
            Some("203.0.113.7".parse().unwrap())
        );
        assert_eq!(
            forwarded_address("[2001:db8::1]:443"),
            Some("2001:db8::1".parse().unwrap())
        );
        assert_eq!(forwarded_address("unknown"), None);
        assert_eq!(
            Client::of("2001:db8:1:2:aaaa::1".parse().unwrap()).0,
            "2001:db8:1:2::/64"
        );
        assert_eq!(
            Client::of("::ffff:198.51.100.9".parse().unwrap()).0,
            "198.51.100.9"
        );
    }

    #[test]
    fn only_local_paths_are_followed() {
        assert_eq!(
            safe_back(Some("/initiatives?q=have")),
            "/initiatives?q=have"
        );
        for outside in [
            "//evil.example",
            "/\t/evil.example",
            "/\\evil.example",
            "/\n/evil.example",
            "https://evil.example",
            "evil",
        ] {
            assert_eq!(safe_back(Some(outside)), "/", "{outside:?}");
        }
        assert_eq!(safe_back(None), "/");
    }
}

pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn readyz(State(db): State<Db>) -> Response {
    match db.ping().await {
        Ok(()) => "ready".into_response(),
        Err(e) => {
            tracing::warn!(error = %e, "database not reachable");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
    }
}

#[derive(serde::Deserialize)]
pub struct BackQuery {
    back: Option<String>,
}

/// The visible language switch: remembers the choice in a cookie and returns to the page.
pub async fn switch_language(
    State(state): State<AppState>,
    Path(code): Path<String>,
    Query(q): Query<BackQuery>,
) -> Response {
    let lang = Lang::parse(&code).unwrap_or_default();
    let mut response = see_other(&safe_back(q.back.as_deref()));
    response.headers_mut().append(
        header::SET_COOKIE,
        set_cookie_header(
            LANG_COOKIE,
            lang.code(),
            Some(60 * 60 * 24 * 365),
            state.config.secure_cookies(),
            false,
        ),
    );
    response
}

pub async fn stylesheet() -> Response {
    asset(
        "text/css; charset=utf-8",
        include_str!("../../static/medspil.css"),
    )
}

/// A stylesheet or script of the site, which browsers may keep for an hour.
pub fn asset(content_type: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, content_type),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        body,
    )
        .into_response()
}

/// A script of the site: each only enhances pages that work without it.
pub fn script(body: &'static str) -> Response {
    asset("text/javascript; charset=utf-8", body)
}

/// One option of a select box, radio group or checkbox group.
pub struct Choice {
    pub value: String,
    pub label: String,
    pub selected: bool,
}

pub fn choices(options: Vec<(&str, &str)>, selected: &[&str]) -> Vec<Choice> {
    options
        .into_iter()
        .map(|(value, label)| Choice {
            value: value.into(),
            label: label.into(),
            selected: selected.contains(&value),
        })
        .collect()
}

/// Form fields as submitted, for forms with repeated fields (checkbox groups).
pub struct FormPairs(pub Vec<(String, String)>);

impl FormPairs {
    /// The pairs of a query string (none when it is missing or unreadable).
    pub fn from_query(query: Option<String>) -> FormPairs {
        FormPairs(serde_urlencoded::from_str(&query.unwrap_or_default()).unwrap_or_default())
    }

    pub fn get(&self, key: &str) -> String {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// The fields read into a form's type, as a URL-encoded body would be.
    pub fn decode<T: serde::de::DeserializeOwned>(self) -> super::error::AppResult<T> {
        let pairs = serde::de::value::MapDeserializer::<_, serde::de::value::Error>::new(
            self.0.into_iter(),
        );
        T::deserialize(pairs)
            .map_err(|_| super::error::AppError::BadRequest(crate::text!(error_bad_request)))
    }

    pub fn all(&self, key: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.clone())
            .collect()
    }
}

/// The fallback for unknown pages.
pub async fn not_found() -> Response {
    crate::platform::error::AppError::NotFound.into_response()
}

/// Who is asking, for rate limits: the peer's IP address, or behind a configured reverse proxy
/// the address the proxy added last to `X-Forwarded-For`. An IPv6 client is its /64 network,
/// which one household or phone holds whole.
pub struct Client(pub String);

impl Client {
    fn of(ip: std::net::IpAddr) -> Client {
        match ip {
            std::net::IpAddr::V6(v6) if v6.to_ipv4_mapped().is_none() => {
                let s = v6.segments();
                Client(format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3]))
            }
            ip => Client(ip.to_canonical().to_string()),
        }
    }
}

/// An address as proxies write it: `1.2.3.4`, `1.2.3.4:5678`, `2001:db8::1` or `[2001:db8::1]:80`.
fn forwarded_address(entry: &str) -> Option<std::net::IpAddr> {
    let entry = entry.trim();
    entry
        .parse()
        .ok()
        .or_else(|| entry.parse::<std::net::SocketAddr>().ok().map(|a| a.ip()))
}

impl FromRequestParts<AppState> for Client {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        // Only the last entry is the proxy's own; earlier ones are whatever the client sent.
        let forwarded = state
            .config
            .behind_proxy
            .then(|| {
                parts
                    .headers
                    .get_all("x-forwarded-for")
                    .iter()
                    .filter_map(|v| v.to_str().ok())
                    .flat_map(|v| v.split(','))
                    .next_back()
                    .and_then(forwarded_address)
            })
            .flatten();
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(forwarded
            .or(peer)
            .map_or_else(|| Client("unknown".into()), Client::of))
    }
}
