//! Logins through OpenID providers, linked to accounts: MitID through a broker for citizens,
//! the municipality's single sign-on for employees. One account may have several, and a
//! password, and keeps at least one way in.

pub mod actions;
pub mod model;
pub mod routes;
pub mod store;
