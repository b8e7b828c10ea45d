//! The official address register: the access addresses of the Danish address register (DAR),
//! imported from the file a municipality gets from Datafordeler or DAWA. Orders at events, tips
//! and Open311 reports place a typed address through it; a household is its official access
//! address. Where a municipality runs without a register, a well-formed address is taken and its
//! household is the entrance as typed (`model::Address::key`).

pub mod actions;
pub mod import;
pub mod model;
pub mod store;
