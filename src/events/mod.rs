//! Events: programme, sign-ups with a capacity and a waiting list, limited items ordered per
//! household, check-in, and iCalendar feeds.

pub mod actions;
pub mod api;
pub mod calendar;
pub mod model;
pub mod notices;
pub mod routes;
pub mod store;

/// The pages and calendar feeds of events.
pub fn routes() -> axum::Router<crate::platform::web::AppState> {
    routes::routes().merge(calendar::routes())
}
