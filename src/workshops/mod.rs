//! Workshops: a facilitated session whose ideas are kept with their authors (from phones in the
//! room and from paper post-its), and followed up until every idea has a fate with a reason.

pub mod actions;
pub mod api;
pub mod model;
pub mod notices;
pub mod routes;
pub mod store;
