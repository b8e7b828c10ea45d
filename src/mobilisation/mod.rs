//! Mobilisation: needs, offers, matching, pledges and contributions.

pub mod actions;
pub mod api;
pub mod calls;
pub mod matching;
pub mod model;
pub mod notices;
pub mod routes;
pub mod store;
/// The pages of needs, offers and calls.
pub fn routes() -> axum::Router<crate::platform::web::AppState> {
    routes::routes().merge(calls::routes())
}
