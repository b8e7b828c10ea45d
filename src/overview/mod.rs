//! The leaders' overview: where the municipality co-creates and with whom, what it and others
//! give, where it succeeds and where it could do more, and where it has taken over what others
//! started — for the city (public), a department with all its units, or one unit, over a period.
//! Every figure leads to the initiatives behind it, every table is also a CSV file, and the API
//! gives the same figures.

pub mod actions;
pub mod api;
pub mod model;
pub mod routes;
pub mod store;
