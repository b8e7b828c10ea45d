//! Agreements between parties: drafted together, versioned, accepted per party by a person
//! authorised for it, in force when every party has accepted, printable.

pub mod actions;
pub mod api;
pub mod model;
pub mod routes;
pub mod store;

/// The pages of agreements.
pub fn routes() -> axum::Router<crate::platform::web::AppState> {
    routes::routes()
}
