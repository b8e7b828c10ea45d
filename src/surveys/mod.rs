//! Experience surveys: a few short questions, sent by an initiative's leaders to the people who
//! took part, answered anonymously through a personal link; results only for large enough groups.

pub mod actions;
pub mod api;
pub mod model;
pub mod notices;
pub mod routes;
pub mod store;
