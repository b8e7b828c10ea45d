//! Initiatives: co-creation efforts with provenance, typology, lifecycle and participants.

pub mod actions;
pub mod api;
pub mod model;
pub mod notices;
pub mod routes;
pub mod store;

pub use routes::routes;
