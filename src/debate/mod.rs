//! Debate across initiatives: threads on an initiative, a theme or a neighbourhood, with replies
//! and quotes in plain text with links, ending in a written outcome with a day to review it.

pub mod actions;
pub mod api;
pub mod model;
pub mod notices;
pub mod routes;
pub mod store;
