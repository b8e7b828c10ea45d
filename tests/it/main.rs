//! The integration tests: one binary driving the real router over HTTP against a real, fresh
//! database per test — an SQLite file, and a PostgreSQL schema on 127.0.0.1:5432.

mod support;

mod accounts;
mod actors;
mod addresses;
mod agreements;
mod api;
mod audit;
mod backups;
mod browser;
mod cases;
mod crashes;
mod debate;
mod evaluation;
mod events;
mod following;
mod initiatives;
mod input;
mod logins;
mod mobilisation;
mod moderation;
mod openapi;
mod overview;
mod platform;
mod privacy;
mod proposals;
mod queries;
mod registers;
mod requests;
mod spaces;
mod surveys;
mod telemetry;
mod tips;
mod workshops;
