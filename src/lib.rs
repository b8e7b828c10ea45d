//! Medspil: an open platform on which a municipality co-creates welfare with its citizens,
//! associations, businesses and institutions. See ARCHITECTURE.md for the map.

pub mod accounts;
pub mod actors;
pub mod addresses;
pub mod agreements;
pub mod api;
pub mod audit;
pub mod cases;
pub mod cli;
pub mod debate;
pub mod demo;
pub mod evaluation;
pub mod events;
pub mod following;
pub mod home;
pub mod initiatives;
pub mod mobilisation;
pub mod moderation;
pub mod overview;
pub mod platform;
pub mod privacy;
pub mod proposals;
pub mod registers;
pub mod requests;
pub mod spaces;
pub mod surveys;
pub mod tips;
pub mod workshops;

use crate::platform::config::Config;
use crate::platform::db::{self, Db};
use crate::platform::web::{self, AppState};
use axum::Router;
use axum::routing::get;
use std::future::Future;
use tokio::net::TcpListener;

/// The whole application: every feature's routes, inside the platform's layers.
pub fn app(state: AppState) -> Router {
    with_platform_layers(routes(), state)
}

/// Every feature's routes; the one place that knows them all.
fn routes() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(web::healthz))
        .route("/readyz", get(web::readyz))
        .route("/metrics", get(platform::telemetry::metrics))
        .route("/lang/{code}", get(web::switch_language))
        .route("/static/medspil.css", get(web::stylesheet))
        .merge(home::routes())
        .merge(accounts::routes())
        .merge(audit::routes())
        .merge(privacy::routes())
        .merge(moderation::routes())
        .merge(actors::routes())
        .merge(initiatives::routes())
        .merge(mobilisation::routes())
        .merge(events::routes())
        .merge(spaces::routes())
        .merge(requests::routes())
        .merge(agreements::routes())
        .merge(evaluation::routes::routes())
        .merge(surveys::routes::routes())
        .merge(cases::routes::routes())
        .merge(overview::routes::routes())
        .merge(proposals::routes())
        .merge(workshops::routes::routes())
        .merge(registers::routes::routes())
        .merge(debate::routes::routes())
        .merge(tips::routes())
        .merge(following::routes())
        .merge(api::routes())
}

/// Where requests act on their own credentials, not the session cookie's, and so carry no CSRF
/// token: the API's bearer tokens, Open311's keys, the unsubscribe links' secrets.
const CSRF_EXEMPT: platform::auth::CsrfExempt =
    platform::auth::CsrfExempt(&["/api/", "/open311/", "/unsubscribe/"]);

/// The pages and API lists every anonymous visitor sees alike, which the page cache may keep.
const PUBLIC_PAGES: platform::page_cache::PublicPages = platform::page_cache::PublicPages(&[
    "/",
    "/initiatives/",
    "/actors/",
    "/needs/",
    "/offers/",
    "/calls/",
    "/help",
    "/api/v1/initiatives/",
    "/api/v1/actors/",
]);

/// Where failures are answered in another standard's error format than the pages' and the API's.
const ERROR_FORMATS: &[platform::error::ErrorFormat] = &[tips::open311::ERRORS];

/// The platform's layers around `routes`, innermost first: a panic becomes an internal error;
/// the page cache; the CSRF check; forms and queries that are not UTF-8 refused; errors rendered as pages or API answers; security headers;
/// the body limit; metrics by matched route; the request's span and access line; and, outermost,
/// the request id (made or taken from the client) that the span carries and the response returns.
pub fn with_platform_layers(routes: Router<AppState>, state: AppState) -> Router {
    use platform::telemetry;
    use tower_http::request_id::{PropagateRequestIdLayer, SetRequestIdLayer};
    routes
        .layer(tower_http::catch_panic::CatchPanicLayer::custom(
            telemetry::panic_response,
        ))
        .layer(axum::middleware::from_fn_with_state(
            (state.clone(), PUBLIC_PAGES),
            platform::page_cache::middleware,
        ))
        .layer(axum::middleware::from_fn_with_state(
            (state.clone(), CSRF_EXEMPT),
            platform::auth::csrf,
        ))
        .layer(axum::middleware::from_fn(
            platform::input::refuse_malformed_forms,
        ))
        .layer(axum::middleware::from_fn_with_state(
            ERROR_FORMATS,
            platform::error::render_errors,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            platform::headers::security_headers,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(1024 * 1024))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            telemetry::count_requests,
        ))
        .layer(
            tower_http::trace::TraceLayer::new_for_http()
                .make_span_with(telemetry::request_span)
                .on_request(())
                .on_response(telemetry::log_response)
                .on_failure(()),
        )
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(telemetry::NewRequestId))
        .layer(axum::middleware::from_fn(telemetry::drop_unfit_request_id))
        .with_state(state)
}

/// Connects to the database and applies pending migrations.
pub async fn open_database(config: &Config) -> Result<Db, db::Error> {
    let db = Db::connect(&config.database_url, config.db_max_connections).await?;
    let applied = db.migrate().await?;
    if !applied.is_empty() {
        tracing::info!(?applied, "migrations applied");
    }
    // Only the application can stem words: what was written before an index existed is
    // indexed here, at every start, so a start that died halfway is finished by the next.
    workshops::store::index_missing(&db).await?;
    debate::store::index_missing(&db).await?;
    Ok(db)
}

/// Serves the application on `listener` until `shutdown` resolves, then finishes the requests
/// in flight.
pub async fn serve(
    db: Db,
    config: Config,
    listener: TcpListener,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let mailer = platform::mail::Mailer::from_config(&config)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?
        .map(|m| tokio::spawn(m.run(db.clone())));
    let digests = mailer.is_some().then(|| {
        tokio::spawn(following::digests::run(
            db.clone(),
            config.digest_hour,
            std::time::Duration::from_millis(config.mail_poll_ms.max(10)),
        ))
    });
    let fanout = tokio::spawn(following::fanout::run(
        db.clone(),
        std::time::Duration::from_secs(1),
    ));
    let policy = privacy::retention::Policy {
        erase_inactive_after_days: config.erase_inactive_after_days,
        tip_reporter_days: config.tip_reporter_days,
        workshop_email_days: config.workshop_email_days,
    };
    let retention = tokio::spawn(privacy::retention::run(
        db.clone(),
        policy,
        std::time::Duration::from_secs(3600),
    ));
    let parked = tokio::spawn(workshops::notices::run(
        db.clone(),
        std::time::Duration::from_secs(3600),
    ));
    let requests = tokio::spawn(registers::notices::run(
        db.clone(),
        std::time::Duration::from_secs(3600),
    ));
    let state = AppState::new(db.clone(), config);
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await?;
    for worker in mailer
        .into_iter()
        .chain(digests)
        .chain([fanout, retention, parked, requests])
    {
        worker.abort();
    }
    db.close().await;
    Ok(())
}
