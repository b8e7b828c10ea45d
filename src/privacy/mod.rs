//! People's data rights: what Medspil stores and why (the privacy page), everything held about
//! a person to download, and erasing an account.

pub mod api;
pub mod erase;
pub mod export;
pub mod routes;

pub use routes::routes;
