//! Seeing what the server does. Every request has an id (`x-request-id`: the one a proxy or
//! client sent, else a new one), returned in the response and carried by every log line of the
//! request through its span; one access line per response names the method, the matched route
//! (never the raw path, which may hold search words or tokens), the status and the latency.
//! A panic becomes the error page. `/metrics` answers in the Prometheus (OpenMetrics) text
//! format: requests and latency per route and status, the database pool, and the mail outbox.

use crate::platform::db::{self, Db};
use crate::platform::error::{AppError, AppResult};
use crate::platform::web::AppState;
use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;
use std::time::{Duration, Instant};
use tower_http::request_id::{MakeRequestId, RequestId};
use tracing::Span;

/// The header that carries a request's id.
pub const REQUEST_ID: &str = "x-request-id";

/// The longest request id taken from a client; a longer one is replaced.
const REQUEST_ID_MAX: usize = 64;

/// Makes a request id: 16 random hexadecimal digits.
#[derive(Clone, Copy, Default)]
pub struct NewRequestId;

impl MakeRequestId for NewRequestId {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        let id = &crate::platform::auth::random_token()[..16];
        HeaderValue::from_str(id).ok().map(RequestId::new)
    }
}

/// Middleware, outside the request-id layer: an id a client sent that is empty, long or not
/// plain ASCII is dropped, so a new one is made instead of carrying it into every log line.
pub async fn drop_unfit_request_id(mut request: Request, next: Next) -> Response {
    let fit = request.headers().get(REQUEST_ID).is_none_or(|v| {
        let bytes = v.as_bytes();
        (1..=REQUEST_ID_MAX).contains(&bytes.len())
            && bytes
                .iter()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
    });
    if !fit {
        request.headers_mut().remove(REQUEST_ID);
    }
    next.run(request).await
}

/// The span of one request: its id, method and matched route, in every log line it causes.
pub fn request_span(request: &axum::http::Request<axum::body::Body>) -> Span {
    let id = request
        .headers()
        .get(REQUEST_ID)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    tracing::info_span!(
        "request",
        request_id = id,
        method = %request.method(),
        route = route_of(request.extensions()),
    )
}

/// The access line, written when the response starts; server errors at error level.
pub fn log_response(response: &Response, latency: Duration, _: &Span) {
    let status = response.status().as_u16();
    let ms = latency.as_secs_f64() * 1000.0;
    let statements = response.extensions().get::<Statements>().map_or(0, |s| s.0);
    if response.status().is_server_error() {
        tracing::error!(status, latency_ms = ms, statements, "answered");
    } else {
        tracing::info!(status, latency_ms = ms, statements, "answered");
    }
}

/// A panic in a handler becomes an internal error, shown as the error page (or the API's error).
pub fn panic_response(panic: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = panic
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| panic.downcast_ref::<&str>().copied())
        .unwrap_or("a panic");
    AppError::Internal(format!("panic: {detail}")).into_response()
}

fn route_of(extensions: &axum::http::Extensions) -> &str {
    extensions
        .get::<MatchedPath>()
        .map_or("unmatched", MatchedPath::as_str)
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    method: String,
    route: String,
    status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct PoolLabels {
    state: &'static str,
}

/// Upper bounds of the latency buckets, in seconds.
const LATENCY_BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];

fn latency_histogram() -> Histogram {
    Histogram::new(LATENCY_BUCKETS)
}

/// The metrics of one server process.
pub struct Metrics {
    registry: Registry,
    requests: Family<RequestLabels, Counter>,
    statements: Family<RequestLabels, Counter>,
    latency: Family<RequestLabels, Histogram, fn() -> Histogram>,
    pool: Family<PoolLabels, Gauge>,
    pool_max: Gauge,
    outbox_waiting: Gauge,
    outbox_oldest_age: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        let mut registry = Registry::with_prefix("medspil");
        let requests = Family::<RequestLabels, Counter>::default();
        registry.register(
            "http_requests",
            "Requests answered, by method, matched route and status",
            requests.clone(),
        );
        let statements = Family::<RequestLabels, Counter>::default();
        registry.register(
            "db_statements",
            "Database statements the requests ran, by method, matched route and status",
            statements.clone(),
        );
        let latency = Family::new_with_constructor(latency_histogram as fn() -> Histogram);
        registry.register_with_unit(
            "http_request_duration",
            "Time from the request to the response's head, by method, matched route and status",
            prometheus_client::registry::Unit::Seconds,
            latency.clone(),
        );
        let pool = Family::<PoolLabels, Gauge>::default();
        registry.register(
            "db_pool_connections",
            "Database connections of this process, by state (idle or in_use)",
            pool.clone(),
        );
        let pool_max = Gauge::default();
        registry.register(
            "db_pool_max_connections",
            "The most database connections this process opens",
            pool_max.clone(),
        );
        let outbox_waiting = Gauge::default();
        registry.register(
            "mail_outbox_waiting",
            "Mails in the outbox not yet sent nor given up",
            outbox_waiting.clone(),
        );
        let outbox_oldest_age = Gauge::default();
        registry.register_with_unit(
            "mail_outbox_oldest_age",
            "Age of the oldest mail waiting in the outbox (0 when none waits)",
            prometheus_client::registry::Unit::Seconds,
            outbox_oldest_age.clone(),
        );
        Metrics {
            registry,
            requests,
            statements,
            latency,
            pool,
            pool_max,
            outbox_waiting,
            outbox_oldest_age,
        }
    }
}

impl Metrics {
    fn observe(&self, labels: RequestLabels, latency: Duration, statements: u64) {
        self.latency
            .get_or_create(&labels)
            .observe(latency.as_secs_f64());
        self.statements.get_or_create(&labels).inc_by(statements);
        self.requests.get_or_create(&labels).inc();
    }

    /// The text a scrape reads, with the pool and the outbox as they are now.
    async fn scrape(&self, db: &Db) -> AppResult<String> {
        let pool = db.pool_use();
        let count = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
        self.pool
            .get_or_create(&PoolLabels { state: "idle" })
            .set(count(pool.idle));
        self.pool
            .get_or_create(&PoolLabels { state: "in_use" })
            .set(count(pool.open.saturating_sub(pool.idle)));
        self.pool_max.set(count(pool.max));
        let (waiting, oldest) = crate::platform::mail::outbox_depth(db).await?;
        self.outbox_waiting.set(waiting);
        self.outbox_oldest_age
            .set(oldest.map_or(0, |created| (crate::platform::time::now() - created).max(0)));
        let mut text = String::new();
        prometheus_client::encoding::text::encode(&mut text, &self.registry)
            .map_err(|e| AppError::Internal(format!("metrics: {e}")))?;
        Ok(text)
    }
}

/// Middleware: counts every answered request by its matched route and status, with its latency.
pub async fn count_requests(
    State(state): State<AppState>,
    request: Request,
    next: Next,
) -> Response {
    let started = Instant::now();
    let method = request.method().to_string();
    let route = route_of(request.extensions()).to_string();
    // Reads share one snapshot where a request only reads; one that writes may also wait long
    // (a password's hash, the writer), and should not hold a reader meanwhile.
    let reads_only = matches!(*request.method(), Method::GET | Method::HEAD);
    let work = next.run(request);
    let (mut response, statements) = if reads_only {
        db::counting_statements(db::in_one_snapshot(work)).await
    } else {
        db::counting_statements(work).await
    };
    let status = response.status().as_u16();
    state.metrics.observe(
        RequestLabels {
            method,
            route,
            status,
        },
        started.elapsed(),
        statements,
    );
    response.extensions_mut().insert(Statements(statements));
    response
}

/// How many database statements a request ran, for its access line.
#[derive(Clone, Copy)]
struct Statements(u64);

/// `GET /metrics`: for Prometheus. Without `--metrics-token`, only a scraper on this machine
/// (a loopback peer, not through the proxy) may read it; with one, it must be the bearer token.
pub async fn metrics(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    headers: HeaderMap,
) -> AppResult<Response> {
    if !may_scrape(&state, peer, &headers) {
        return Err(AppError::Forbidden);
    }
    let text = state.metrics.scrape(&state.db).await?;
    Ok((
        [
            (
                header::CONTENT_TYPE,
                "application/openmetrics-text; version=1.0.0; charset=utf-8",
            ),
            (header::CACHE_CONTROL, "no-store"),
        ],
        text,
    )
        .into_response())
}

fn may_scrape(state: &AppState, peer: std::net::SocketAddr, headers: &HeaderMap) -> bool {
    match state.config.metrics_token.as_deref() {
        Some(token) => headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .is_some_and(|given| crate::platform::auth::same_secret(given, token)),
        None => peer.ip().is_loopback() && !headers.contains_key("x-forwarded-for"),
    }
}
