//! Accounts: registration with a confirmed address, login (slowed down after failures, never
//! locked), a forgotten password reset by mail, changing the address and the password, and the
//! sessions an account is logged in with; logins through OpenID providers linked to accounts;
//! and the roles administrators give.

pub mod actions;
pub mod admin;
pub mod logins;
pub mod model;
pub mod routes;
pub mod settings;
pub mod store;

pub use routes::routes;
