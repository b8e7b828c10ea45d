//! The platform layer every domain module stands on.

pub mod auth;
pub mod config;
pub mod csv;
pub mod db;
pub mod error;
pub mod geo;
pub mod i18n;
pub mod ical;
pub mod input;
pub mod mail;
pub mod map;
pub mod money;
pub mod page_cache;
pub mod permissions;
pub mod rate_limit;
pub mod search;
pub mod time;
pub mod web;
