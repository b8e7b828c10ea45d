//! The association's data space: an association keeps its register of members and volunteers
//! on the platform, each field for a stated purpose, and nobody outside its board reads it
//! unless the association grants a named person access for a purpose and a period; every look
//! is logged.

pub mod actions;
pub mod api;
pub mod model;
pub mod notices;
pub mod retention;
pub mod rights;
pub mod routes;
pub mod store;
