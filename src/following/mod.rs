//! Following and notifications: follow initiatives, themes, neighbourhoods and actors; an inbox;
//! e-mail at once or as a daily digest through the outbox; unsubscribe with one link.

pub mod api;
pub mod digests;
pub mod fanout;
pub mod model;
pub mod notify;
pub mod routes;
pub mod store;

pub use routes::routes;
