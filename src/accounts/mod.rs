//! Accounts: registration, login and logout, on the web and for API clients.

pub mod routes;
pub mod store;

pub use routes::routes;
