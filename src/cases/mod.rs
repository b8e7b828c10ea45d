//! The cases an initiative leaves behind ("inspirationskatalog"): once it is evaluated or
//! concluded, its leaders write what worked, what did not and what they would advise, and the
//! initiative with its typology, partners, agreements, contributions, indicators and learning
//! is a public case, found by search and suggested when someone starts something similar.

pub mod actions;
pub mod api;
pub mod model;
pub mod routes;
pub mod store;
