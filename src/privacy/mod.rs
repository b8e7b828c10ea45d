//! People's data rights: what Medspil stores and why (the privacy page), everything held about
//! a person to download, erasing an account, and erasing what is kept past its time.

pub mod api;
pub mod erase;
pub mod export;
pub mod retention;
pub mod routes;

pub use routes::routes;
