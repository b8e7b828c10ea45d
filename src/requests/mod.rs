//! The front door: requests to the municipality for practical help, permits and grants from
//! pools, handled as cases; what units give is counted as their contribution.

pub mod actions;
pub mod api;
pub mod model;
pub mod notices;
pub mod routes;
pub mod store;

/// The pages of requests and pools.
pub fn routes() -> axum::Router<crate::platform::web::AppState> {
    routes::routes()
}
