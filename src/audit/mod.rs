//! The audit log: every administrative act, who did it, when, what and why, in entries nobody
//! can edit, each chained to the one before by a hash so that a removed or altered entry shows.

pub mod model;
pub mod routes;
pub mod store;

pub use model::{Act, Entry};
pub use routes::routes;
pub use store::record_in;
