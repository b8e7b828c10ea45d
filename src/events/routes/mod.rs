//! The pages of events: the list, planning and editing, the public event page with sign-up and
//! orders, the organiser's programme, items and check-in list (HTML to print, and CSV).

use super::actions;
use super::model::*;
use super::store::{self, Event, Item, Order, Signup};
use crate::actors::routes::acting_choices;
use crate::platform::auth::Viewer;
use crate::platform::db::page_number;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::geo::parse_coordinates;
use crate::platform::i18n::Lang;
use crate::platform::input::{optional, parse_whole_number};
use crate::platform::money::{format_price, kroner_input, parse_kroner};
use crate::platform::permissions::{Action, can};
use crate::platform::time::{
    format_clock, format_moment, format_period, moment_field, moment_input,
};
use crate::platform::web::{
    AppState, Choice, ConfirmPage, Ctx, FormPairs, Page, SignedIn, list_href, render,
    render_status, see_other,
};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum_extra::extract::Form;
use serde::Deserialize;

mod checkin;
mod form;
mod page;
mod programme;
use checkin::*;
use form::*;
use page::*;
use programme::*;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/events", get(list).post(create))
        .route("/events/new", get(new_event))
        .route("/events/{id}", get(show))
        .route("/events/{id}/edit", get(edit_form).post(edit))
        .route(
            "/events/{id}/cancel",
            get(confirm_cancel_event).post(cancel_event),
        )
        .route("/events/{id}/signups", post(sign_up))
        .route(
            "/events/{id}/programme",
            get(new_programme_item).post(add_programme_item),
        )
        .route("/events/{id}/items", get(new_item).post(add_item))
        .route("/events/{id}/checkin", get(checkin))
        .route("/events/{id}/checkin.csv", get(checkin_csv))
        .route("/programme/{id}/delete", post(remove_programme_item))
        .route(
            "/signups/{id}/cancel",
            get(confirm_cancel_signup).post(cancel_signup),
        )
        .route("/signups/{id}/checkin", post(check_in))
        .route("/items/{id}/orders", post(order))
        .route(
            "/orders/{id}/cancel",
            get(confirm_cancel_order).post(cancel_order),
        )
        .route("/orders/{id}/handout", post(hand_out))
}

/// An event as a list shows it.
pub struct EventCard {
    pub id: i64,
    pub title: String,
    pub when: String,
    pub place: String,
    pub places: String,
    pub cancelled: bool,
}

fn when(e: &Event, lang: Lang) -> String {
    format_period(e.draft.starts_at, e.draft.ends_at, lang)
}

pub fn places(e: &Event, lang: Lang) -> String {
    let s = lang.strings();
    match e.places_left() {
        None => s.event_no_signup_needed.into(),
        Some(0) => s.event_full(e.waiting),
        Some(left) => s.event_places_left(e.draft.capacity.unwrap_or(0), left),
    }
}

pub fn event_card(e: &Event, lang: Lang) -> EventCard {
    EventCard {
        id: e.id,
        title: e.draft.title.clone(),
        when: when(e, lang),
        place: e.draft.place.clone(),
        places: places(e, lang),
        cancelled: e.status == EventStatus::Cancelled,
    }
}

/// An initiative's coming events, for its page.
pub async fn initiative_events(
    state: &AppState,
    lang: Lang,
    initiative_id: i64,
) -> AppResult<Vec<EventCard>> {
    Ok(store::upcoming(&state.db, Some(initiative_id), 20, 0)
        .await?
        .iter()
        .map(|e| event_card(e, lang))
        .collect())
}

#[derive(Template)]
#[template(path = "events/list.html")]
struct ListPage {
    page: Page,
    events: Vec<EventCard>,
    previous: Option<String>,
    next: Option<String>,
}

#[derive(Deserialize)]
struct ListQuery {
    page: Option<i64>,
}

const PER_PAGE: i64 = 20;

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let n = page_number(q.page.unwrap_or(1));
    let events = store::upcoming(&state.db, None, PER_PAGE + 1, (n - 1) * PER_PAGE).await?;
    let more = events.len() as i64 > PER_PAGE;
    render(&ListPage {
        page: ctx.page(ctx.s().events_title),
        events: events
            .iter()
            .take(PER_PAGE as usize)
            .map(|e| event_card(e, ctx.lang))
            .collect(),
        previous: (n > 1).then(|| list_href("/events", &[], n - 1)),
        next: more.then(|| list_href("/events", &[], n + 1)),
    })
}
