//! Mobilisation pages: an initiative's needs, actors' offers, "where can I help?", and the way
//! from "count me in" to a counted contribution. Every flow is a plain HTML form.

use super::actions::{self, PledgeRequest};
use super::matching;
use super::model::*;
use super::store::{self, ListFilter, Need, Offer, Pledge};
use crate::actors::routes::acting_choices;
use crate::initiatives::store as initiative_store;
use crate::platform::auth::Viewer;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::geo::{Coordinates, format_distance, parse_coordinates, parse_decimal};
use crate::platform::i18n::Lang;
use crate::platform::input::{parse_whole_number, printable};
use crate::platform::permissions::{self, Action, can};
use crate::platform::time::{format_date, parse_date};
use crate::platform::web::{
    AppState, Choice, Ctx, Page, SignedIn, choices, list_href, render, render_status, see_other,
};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum_extra::extract::Form;

mod form;
mod lists;
mod need;
mod offer;
pub use form::*;
pub use lists::*;
pub use need::*;
use offer::*;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/initiatives/{id}/needs", post(create_need))
        .route("/initiatives/{id}/needs/new", get(new_need))
        .route("/needs/{id}", get(show_need))
        .route("/needs/{id}/edit", get(edit_need_form).post(edit_need))
        .route("/needs/{id}/status", post(need_status))
        .route("/needs/{id}/pledges", post(pledge))
        .route("/pledges/{id}/decision", post(decide))
        .route("/pledges/{id}/withdraw", post(withdraw))
        .route("/pledges/{id}/contributions", post(contribute))
        .route("/offers", get(list_offers).post(create_offer))
        .route("/offers/new", get(new_offer))
        .route("/offers/{id}", get(show_offer))
        .route("/offers/{id}/edit", get(edit_offer_form).post(edit_offer))
        .route("/offers/{id}/status", post(offer_status))
        .route("/help", get(where_to_help))
}

/// How many suggestions a page shows.
const SUGGESTIONS: i64 = 10;
