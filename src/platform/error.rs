//! Errors: every failure a handler returns is an [`AppError`]; [`render_errors`] is the one
//! place that turns it into an HTTP response, as HTML for pages and as JSON under `/api/`.
//! Database text never reaches a client; it is logged in the request's span instead.

use crate::platform::db;
use crate::platform::i18n::{Lang, Strings};
use crate::platform::web::ErrorPage;
use askama::Template;
use axum::extract::Request;
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Serialize;
use std::collections::BTreeMap;

/// The problems of a form or request body, field by field.
pub type FieldErrors = BTreeMap<&'static str, Text>;

/// Words for a person, chosen when the page or answer is made: a message of [`Strings`] with
/// its arguments, in whatever language the request asks for. Rules return these, never words.
#[derive(Clone)]
pub struct Text(std::sync::Arc<dyn Fn(&Strings) -> String + Send + Sync>);

impl Text {
    pub fn new(words: impl Fn(&Strings) -> String + Send + Sync + 'static) -> Text {
        Text(std::sync::Arc::new(words))
    }

    pub fn words(&self, s: &Strings) -> String {
        (self.0)(s)
    }
}

impl From<Box<dyn Refusal>> for Text {
    fn from(refusal: Box<dyn Refusal>) -> Text {
        let refusal: std::sync::Arc<dyn Refusal> = refusal.into();
        Text::new(move |s| refusal.message(s))
    }
}

/// The same words, in both languages.
impl PartialEq for Text {
    fn eq(&self, other: &Text) -> bool {
        [Lang::Da, Lang::En]
            .iter()
            .all(|l| self.words(l.strings()) == other.words(l.strings()))
    }
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:?}", self.words(Lang::Da.strings()))
    }
}

/// A [`Text`] from a message's name and arguments: `text!(err_required)`,
/// `text!(err_too_long(max))`. The arguments are kept (cloned) until the words are chosen.
#[macro_export]
macro_rules! text {
    ($message:ident) => {
        $crate::platform::error::Text::new(|s| s.$message.into())
    };
    ($message:ident($($arg:expr),* $(,)?)) => {
        $crate::platform::error::Text::new(move |s| s.$message($($arg.clone()),*))
    };
}

#[derive(Debug)]
pub enum AppError {
    NotFound,
    /// A moderator hid the content: it is kept, but shown only to its authors and moderators.
    Hidden,
    /// The viewer must log in first.
    Unauthenticated,
    Forbidden,
    /// A form or request failed the CSRF check.
    Csrf,
    /// Input that cannot be accepted, with a message for the whole request.
    BadRequest(Text),
    /// Input that failed validation, field by field.
    Invalid(FieldErrors),
    /// A rule refused what was asked, given what is stored: its own code, its words chosen
    /// when the answer is made (see [`refusals!`](crate::refusals)).
    Refused(Box<dyn Refusal>),
    TooManyRequests,
    /// The step needs a login of at least this assurance (MitID, the employee login) than the
    /// viewer's session was made with.
    StrongerLogin(crate::platform::auth::Assurance),
    Internal(String),
}

pub type AppResult<T> = Result<T, AppError>;

/// Input that passed its checks, or the fields' problems as `Invalid`.
pub fn valid(errors: FieldErrors) -> AppResult<()> {
    match errors.is_empty() {
        true => Ok(()),
        false => Err(AppError::Invalid(errors)),
    }
}

/// The outcome of a change guarded by the state it was made from (a status, a version): done,
/// or refused as `refusal` because someone changed it first.
pub fn guarded(done: bool, refusal: impl Refusal + 'static) -> AppResult<()> {
    match done {
        true => Ok(()),
        false => Err(AppError::Refused(Box::new(refusal))),
    }
}

/// Why a rule said no, as a value: [`refusals!`](crate::refusals) declares each feature's
/// refusals with their stable codes and the message that words them.
pub trait Refusal: std::fmt::Debug + Send + Sync {
    fn code(&self) -> &'static str;
    fn message(&self, s: &Strings) -> String;
}

/// Declares an enum of refusals: each variant with the stable code API clients read (listed in
/// the OpenAPI document) and the message, from [`Strings`], that tells a person why.
#[macro_export]
macro_rules! refusals {
    ($(#[$meta:meta])* pub enum $name:ident {
        $($(#[$vmeta:meta])* $variant:ident $({ $($field:ident: $ty:ty),* $(,)? })? = $code:literal => |$s:ident| $text:expr,)+
    }) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq)]
        pub enum $name {
            $($(#[$vmeta])* $variant $({ $($field: $ty),* })?,)+
        }

        impl $name {
            pub const CODES: &'static [&'static str] = &[$($code,)+];
        }

        impl $crate::platform::error::Refusal for $name {
            fn code(&self) -> &'static str {
                match self { $($name::$variant { .. } => $code,)+ }
            }

            fn message(&self, strings: &$crate::platform::i18n::Strings) -> String {
                match self {
                    $($name::$variant $({ $($field),* })? => {
                        let $s = strings;
                        ($text).into()
                    })+
                }
            }
        }

        impl From<$name> for $crate::platform::error::AppError {
            fn from(refusal: $name) -> Self {
                $crate::platform::error::AppError::Refused(Box::new(refusal))
            }
        }
    };
}

refusals! {
    /// What any feature may answer when the stored record moved on.
    pub enum Stale {
        /// Someone saved a newer version since the form or request was made.
        Version = "stale_version" => |s| s.err_edit_conflict,
    }
}

impl AppError {
    /// The same error with its fields named as a request body names them (the pages' `starts`
    /// is the API's `starts_at`).
    pub fn renamed_fields(self, names: &[(&'static str, &'static str)]) -> AppError {
        match self {
            AppError::Invalid(errors) => AppError::Invalid(
                errors
                    .into_iter()
                    .map(|(field, message)| {
                        let named = names.iter().find(|(from, _)| *from == field);
                        (named.map_or(field, |(_, to)| *to), message)
                    })
                    .collect(),
            ),
            other => other,
        }
    }
}

impl From<db::Error> for AppError {
    fn from(e: db::Error) -> Self {
        match &e {
            db::Error::RowNotFound => AppError::NotFound,
            db::Error::PoolTimedOut => AppError::Internal("database busy".into()),
            _ => AppError::Internal(e.to_string()),
        }
    }
}

impl From<askama::Error> for AppError {
    fn from(e: askama::Error) -> Self {
        AppError::Internal(format!("template: {e}"))
    }
}

/// The codes of failures that are not a rule's refusal.
pub const GENERAL_CODES: &[&str] = &[
    "not_found",
    "content_hidden",
    "unauthenticated",
    "forbidden",
    "csrf_failed",
    "bad_request",
    "validation_failed",
    "too_many_requests",
    "stronger_login_needed",
    "internal",
    "method_not_allowed",
];

impl AppError {
    fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Hidden => StatusCode::GONE,
            AppError::Unauthenticated => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::Csrf | AppError::StrongerLogin(_) => {
                StatusCode::FORBIDDEN
            }
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Refused(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    /// What a form that failed shows when it comes back as typed: its fields' own errors
    /// (422), or a rule's refusal next to `field` (409). Any other failure is passed on.
    pub fn on_form(self, field: &'static str) -> AppResult<(StatusCode, FieldErrors)> {
        match self {
            AppError::Invalid(errors) => Ok((StatusCode::UNPROCESSABLE_ENTITY, errors)),
            AppError::Refused(refusal) => Ok((
                StatusCode::CONFLICT,
                FieldErrors::from([(field, refusal.into())]),
            )),
            e => Err(e),
        }
    }

    /// The stable code an API client reads.
    pub fn code(&self) -> &'static str {
        match self {
            AppError::NotFound => "not_found",
            AppError::Hidden => "content_hidden",
            AppError::Unauthenticated => "unauthenticated",
            AppError::Forbidden => "forbidden",
            AppError::Csrf => "csrf_failed",
            AppError::BadRequest(_) => "bad_request",
            AppError::Invalid(_) => "validation_failed",
            AppError::Refused(r) => r.code(),
            AppError::TooManyRequests => "too_many_requests",
            AppError::StrongerLogin(_) => "stronger_login_needed",
            AppError::Internal(_) => "internal",
        }
    }

    pub fn message(&self, s: &Strings) -> String {
        match self {
            AppError::NotFound => s.error_not_found.into(),
            AppError::Hidden => s.hidden_public.into(),
            AppError::Unauthenticated => s.error_unauthenticated.into(),
            AppError::Forbidden => s.error_forbidden.into(),
            AppError::Csrf => s.error_csrf.into(),
            AppError::BadRequest(m) => m.words(s),
            AppError::Refused(r) => r.message(s),
            AppError::Invalid(_) => s.error_invalid.into(),
            AppError::TooManyRequests => s.error_too_many.into(),
            AppError::StrongerLogin(level) => s.error_stronger_login(level.label_in(s)),
            AppError::Internal(_) => s.error_internal.into(),
        }
    }
}

impl std::fmt::Display for AppError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AppError::BadRequest(m) => write!(f, "{}: {m:?}", self.code()),
            AppError::Internal(m) => write!(f, "{}: {m}", self.code()),
            AppError::Refused(r) => write!(f, "refused: {r:?}"),
            AppError::Invalid(fields) => write!(f, "{}: {fields:?}", self.code()),
            _ => f.write_str(self.code()),
        }
    }
}

impl std::error::Error for AppError {}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let mut response = self.status().into_response();
        response.extensions_mut().insert(std::sync::Arc::new(self));
        response
    }
}

/// The JSON error body of the API.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiError {
    pub error: ApiErrorBody,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ApiErrorBody {
    /// Stable machine-readable code, e.g. `validation_failed`.
    pub code: String,
    /// Human-readable message in the requested language.
    pub message: String,
    /// Field name to message, for validation errors.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, String>,
}

/// What a response that failed is about: the [`AppError`] a handler returned, or a rejection
/// the framework made before a handler ran (malformed JSON, query strings, paths).
pub enum Failure {
    Error(std::sync::Arc<AppError>),
    MethodNotAllowed,
}

/// The failure a response carries, or the response itself when there is none to render. An
/// internal error is logged here (in the request's span, which names its route) and never shown.
pub async fn failure_of(response: Response, machine_readable: bool) -> Result<Failure, Response> {
    let status = response.status();
    let error = match response.extensions().get::<std::sync::Arc<AppError>>() {
        Some(e) => e.clone(),
        None if status.is_client_error()
            && !has_body_type(&response, "text/html")
            && !has_body_type(&response, "application/json") =>
        {
            let text = body_text(response).await;
            std::sync::Arc::new(match status {
                StatusCode::NOT_FOUND => AppError::NotFound,
                StatusCode::METHOD_NOT_ALLOWED => return Ok(Failure::MethodNotAllowed),
                StatusCode::PAYLOAD_TOO_LARGE => {
                    AppError::BadRequest(crate::text!(error_too_large))
                }
                // Machines get a message in the request's language with the parser's own
                // (English) detail; people get the message, and the detail goes to the log.
                _ if machine_readable && !text.is_empty() => {
                    AppError::BadRequest(Text::new(move |s| {
                        format!("{} ({text})", s.error_bad_request)
                    }))
                }
                _ => {
                    tracing::debug!(detail = text, "request rejected");
                    AppError::BadRequest(crate::text!(error_bad_request))
                }
            })
        }
        None => return Err(response),
    };
    if let AppError::Internal(detail) = error.as_ref() {
        tracing::error!(detail, "request failed");
    }
    Ok(Failure::Error(error))
}

/// The API's error answers, each declared once with what it means; a path's documentation names
/// those it may give. All carry an [`ApiError`].
pub mod answers {
    use super::ApiError;
    use std::collections::BTreeMap;
    use utoipa::IntoResponses;
    use utoipa::openapi::{RefOr, Response};

    /// The request could not be read: a malformed body, query or path.
    #[derive(IntoResponses)]
    #[response(status = 400)]
    pub struct BadRequest(pub ApiError);

    /// No valid bearer token was sent.
    #[derive(IntoResponses)]
    #[response(status = 401)]
    pub struct Unauthenticated(pub ApiError);

    /// The caller may not do this.
    #[derive(IntoResponses)]
    #[response(status = 403)]
    pub struct Forbidden(pub ApiError);

    /// There is no such record.
    #[derive(IntoResponses)]
    #[response(status = 404)]
    pub struct NotFound(pub ApiError);

    /// A moderator has hidden the record (`content_hidden`).
    #[derive(IntoResponses)]
    #[response(status = 410)]
    pub struct Gone(pub ApiError);

    /// A rule refused the request, given what is stored; `code` says which rule.
    #[derive(IntoResponses)]
    #[response(status = 409)]
    pub struct Refused(pub ApiError);

    /// Some fields cannot be accepted; `fields` says why, field by field.
    #[derive(IntoResponses)]
    #[response(status = 422)]
    pub struct Invalid(pub ApiError);

    /// Too many attempts; wait a little and try again.
    #[derive(IntoResponses)]
    #[response(status = 429)]
    pub struct TooManyRequests(pub ApiError);

    /// Declares a set of the answers above that several routes give alike.
    macro_rules! answer_set {
        ($(#[$meta:meta])* $name:ident = $($answer:ident),+) => {
            $(#[$meta])*
            pub struct $name;

            impl IntoResponses for $name {
                fn responses() -> BTreeMap<String, RefOr<Response>> {
                    let mut all = BTreeMap::new();
                    $(all.extend(<$answer as IntoResponses>::responses());)+
                    all
                }
            }
        };
    }

    answer_set! {
        /// Reading one public record.
        Lookup = BadRequest, NotFound
    }
    answer_set! {
        /// Making something new as the signed-in caller.
        Submission = BadRequest, Unauthenticated, Invalid
    }
    answer_set! {
        /// Doing something to a record the caller must be allowed to touch.
        Guarded = BadRequest, Unauthenticated, Forbidden, NotFound
    }
    answer_set! {
        /// [`Guarded`], where a rule may refuse given what is stored.
        GuardedStep = BadRequest, Unauthenticated, Forbidden, NotFound, Refused
    }
    answer_set! {
        /// [`Guarded`], with fields that are checked.
        GuardedEdit = BadRequest, Unauthenticated, Forbidden, NotFound, Invalid
    }
    answer_set! {
        /// [`Guarded`], with fields that are checked and rules that may refuse.
        GuardedChange = BadRequest, Unauthenticated, Forbidden, NotFound, Refused, Invalid
    }
}

/// How a part of the site that speaks another standard renders its failures: the paths it
/// covers (a prefix) and the renderer. The application names them (Open311's error list).
#[derive(Clone, Copy)]
pub struct ErrorFormat {
    pub prefix: &'static str,
    pub render: fn(Failure, Lang, &str) -> Response,
}

/// Middleware: renders [`AppError`]s and the framework's own rejections in the API's JSON
/// format under `/api/`, in another standard's format where one is given for the path, or as
/// an HTML page in the viewer's language.
pub async fn render_errors(
    axum::extract::State(formats): axum::extract::State<&'static [ErrorFormat]>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let other = formats.iter().find(|f| path.starts_with(f.prefix));
    let is_api = path.starts_with("/api/");
    let lang = Lang::of_request(&request);
    let wants_login_redirect = request.method() == axum::http::Method::GET;
    let response = next.run(request).await;
    let failure = match failure_of(response, is_api || other.is_some()).await {
        Ok(failure) => failure,
        Err(response) => return response,
    };
    if let Some(format) = other {
        return (format.render)(failure, lang, &path);
    }
    let error = match failure {
        Failure::Error(error) => error,
        Failure::MethodNotAllowed => return method_not_allowed(is_api, lang),
    };
    let s = lang.strings();
    if is_api {
        let fields = match error.as_ref() {
            AppError::Invalid(f) => f.iter().map(|(k, v)| (k.to_string(), v.words(s))).collect(),
            _ => BTreeMap::new(),
        };
        let body = ApiError {
            error: ApiErrorBody {
                code: error.code().into(),
                message: error.message(s),
                fields,
            },
        };
        return (error.status(), axum::Json(body)).into_response();
    }
    if matches!(error.as_ref(), AppError::Unauthenticated) && wants_login_redirect {
        let target = format!("/login?next={}", crate::platform::web::url_encode(&path));
        return Redirect::to(&target).into_response();
    }
    let page = ErrorPage::new(lang, error.status(), error.message(s));
    match page.render() {
        Ok(html) => (error.status(), Html(html)).into_response(),
        Err(_) => (error.status(), error.message(s)).into_response(),
    }
}

fn has_body_type(response: &Response, prefix: &str) -> bool {
    response
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with(prefix))
}

async fn body_text(response: Response) -> String {
    let bytes = axum::body::to_bytes(response.into_body(), 4096)
        .await
        .unwrap_or_default();
    String::from_utf8_lossy(&bytes).trim().to_string()
}

fn method_not_allowed(is_api: bool, lang: Lang) -> Response {
    let message = lang.strings().error_method;
    let mut response = if is_api {
        let body = ApiError {
            error: ApiErrorBody {
                code: "method_not_allowed".into(),
                message: message.into(),
                fields: BTreeMap::new(),
            },
        };
        (StatusCode::METHOD_NOT_ALLOWED, axum::Json(body)).into_response()
    } else {
        (StatusCode::METHOD_NOT_ALLOWED, message).into_response()
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The OpenAPI document lists `GENERAL_CODES`; a failure whose code it lacks would be an
    /// answer the document does not admit.
    #[test]
    fn every_general_failure_has_a_listed_code() {
        let failures = [
            AppError::NotFound,
            AppError::Unauthenticated,
            AppError::Forbidden,
            AppError::Csrf,
            AppError::BadRequest(crate::text!(error_bad_request)),
            AppError::Invalid(FieldErrors::new()),
            AppError::TooManyRequests,
            AppError::Internal(String::new()),
        ];
        for failure in failures {
            assert!(GENERAL_CODES.contains(&failure.code()), "{failure}");
        }
        assert_eq!(Stale::Version.code(), "stale_version");
        assert_eq!(
            AppError::from(Stale::Version).message(Lang::En.strings()),
            Lang::En.strings().err_edit_conflict
        );
    }
}
