//! Proposals between an initiative and the actors around it: invitations in, offers of support,
//! plans to scale up or take over, changes of status and anchorings, each waiting for the other
//! side's consent.

pub mod actions;
pub mod api;
pub mod model;
pub mod notices;
pub mod routes;
pub mod store;

pub use routes::routes;
