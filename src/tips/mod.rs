//! Tips about public space (BorgerTIP): citizens report what needs care in the city, with a
//! place and photos; a municipal unit handles it in public; neighbours find it instead of
//! reporting it twice; citizens can adopt it as an initiative. The same tips are served
//! through Open311 GeoReport v2 and the JSON API.

pub mod actions;
pub mod admin;
pub mod api;
pub mod model;
pub mod notices;
pub mod open311;
pub mod photo;
pub mod routes;
pub mod store;

/// The pages of tips, their administration and the Open311 interface.
pub fn routes() -> axum::Router<crate::platform::web::AppState> {
    routes::routes()
        .merge(admin::routes())
        .merge(open311::routes())
}
