//! Mobilisation: needs, offers, matching, pledges and contributions.

pub mod actions;
pub mod api;
pub mod matching;
pub mod model;
pub mod routes;
pub mod store;
pub use routes::routes;
