//! Medspil: an open platform on which a municipality co-creates welfare with its citizens,
//! associations, businesses and institutions. See ARCHITECTURE.md for the map.

pub mod accounts;
pub mod actors;
pub mod agreements;
pub mod api;
pub mod cli;
pub mod demo;
pub mod events;
pub mod following;
pub mod home;
pub mod initiatives;
pub mod mobilisation;
pub mod platform;
pub mod requests;
pub mod spaces;
pub mod tips;

use crate::platform::config::Config;
use crate::platform::db::Db;
use crate::platform::page_cache::PageCache;
use crate::platform::web::{self, AppState};
use axum::Router;
use axum::routing::get;
use std::future::Future;
use std::sync::Arc;
use tokio::net::TcpListener;

/// The whole application as a router: every module's routes inside the platform's middleware.
pub fn app(state: AppState) -> Router {
    Router::new()
        .route("/healthz", get(web::healthz))
        .route("/readyz", get(web::readyz))
        .route("/lang/{code}", get(web::switch_language))
        .route("/static/medspil.css", get(web::stylesheet))
        .merge(home::routes())
        .merge(accounts::routes())
        .merge(actors::routes())
        .merge(initiatives::routes())
        .merge(mobilisation::routes())
        .merge(events::routes())
        .merge(spaces::routes())
        .merge(requests::routes())
        .merge(agreements::routes())
        .merge(tips::routes())
        .merge(following::routes())
        .merge(api::routes())
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            platform::page_cache::middleware,
        ))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            platform::auth::csrf,
        ))
        .layer(axum::middleware::from_fn(platform::error::render_errors))
        .layer(axum::middleware::from_fn_with_state(
            state.clone(),
            web::security_headers,
        ))
        .layer(axum::extract::DefaultBodyLimit::max(1024 * 1024))
        .with_state(state)
}

/// Connects to the database and applies pending migrations.
pub async fn open_database(config: &Config) -> Result<Db, sqlx::Error> {
    let db = Db::connect(&config.database_url, config.db_max_connections).await?;
    let applied = db.migrate().await?;
    if !applied.is_empty() {
        tracing::info!(?applied, "migrations applied");
    }
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
    let page_cache = (config.page_cache_ms > 0).then(|| {
        Arc::new(PageCache::new(std::time::Duration::from_millis(
            config.page_cache_ms,
        )))
    });
    let mailer = platform::mail::Mailer::from_config(&config)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidInput, e))?
        .map(|m| tokio::spawn(m.run(db.clone())));
    let state = AppState {
        csp: web::content_security_policy(&config),
        db: db.clone(),
        config: Arc::new(config),
        page_cache,
    };
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await?;
    if let Some(worker) = mailer {
        worker.abort();
    }
    db.close().await;
    Ok(())
}
