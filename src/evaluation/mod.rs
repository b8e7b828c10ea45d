//! Evaluation: indicators per value goal, counted from the records where Medspil knows them.

pub mod actions;
pub mod api;
pub mod model;
pub mod routes;
pub mod store;
