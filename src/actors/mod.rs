//! Actors: people and organisations (associations, businesses, institutions, municipal units).

pub mod actions;
pub mod api;
pub mod model;
pub mod routes;
pub mod store;

pub use routes::routes;
