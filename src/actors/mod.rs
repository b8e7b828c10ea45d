//! Actors: people and organisations (associations, businesses, institutions, municipal units).

pub mod api;
pub mod model;
pub mod routes;
pub mod store;

pub use routes::routes;
