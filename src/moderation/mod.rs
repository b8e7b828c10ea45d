//! Moderation: anyone reports content that breaks the rules; moderators hide it with a reason
//! the author is told, or keep it, and restore it; the author asks once for a review. The
//! original is always kept, and every hiding and restoring is in the audit log.

pub mod actions;
pub mod model;
pub mod routes;
pub mod store;

pub use routes::routes;
