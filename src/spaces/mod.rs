//! Spaces lent out for initiatives — rooms, empty shops, lots, streets, gardens — and bookings
//! of them that never overlap.

pub mod actions;
pub mod api;
pub mod model;
pub mod routes;
pub mod store;

/// The pages and calendar feed of spaces.
pub fn routes() -> axum::Router<crate::platform::web::AppState> {
    routes::routes()
}
