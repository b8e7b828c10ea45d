//! The pages of spaces: search, listing and editing a space, its page with the booking form
//! and what is taken, blocked periods, and a booking's own page (decide, move, cancel).

use super::actions::{self, BookingRequest};
use super::model::*;
use super::store::{self, Booking, Space, SpaceFilter};
use crate::actors::model::ActorKind;
use crate::actors::routes::acting_choices;
use crate::mobilisation::model::Weekday;
use crate::platform::auth::Viewer;
use crate::platform::db::page_number;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::geo::parse_coordinates;
use crate::platform::i18n::Lang;
use crate::platform::input::{optional, parse_whole_number, printable};
use crate::platform::time::{day_field, format_period, moment_field, moment_input};
use crate::platform::web::{
    AppState, Choice, ConfirmPage, Ctx, FormPairs, Page, SignedIn, choices, list_href, render,
    render_status, see_other,
};
use crate::text;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

mod booking;
mod form;
mod page;
use booking::*;
pub use form::*;
pub use page::*;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/spaces", get(list).post(create))
        .route("/spaces/new", get(new_space))
        .route("/spaces/{id}", get(show))
        .route("/spaces/{id}/edit", get(edit_form).post(edit))
        .route("/spaces/{id}/calendar.ics", get(feed))
        .route("/spaces/{id}/bookings", post(book))
        .route("/spaces/{id}/blocks", get(new_block).post(add_block))
        .route("/blocks/{id}/delete", post(remove_block))
        .route("/bookings/{id}", get(show_booking))
        .route("/bookings/{id}/decision", post(decide))
        .route("/bookings/{id}/time", post(reschedule))
        .route("/bookings/{id}/cancel", get(confirm_cancel).post(cancel))
}

/// A space as a list shows it.
pub struct SpaceCard {
    pub id: i64,
    pub name: String,
    pub kind: &'static str,
    pub facts: String,
    pub features: String,
}

fn card(s: &Space, lang: Lang) -> SpaceCard {
    let d = &s.draft;
    let t = lang.strings();
    let mut facts = vec![];
    if !d.neighbourhood.is_empty() {
        facts.push(d.neighbourhood.clone());
    }
    if let Some(c) = d.capacity {
        facts.push(t.people_count(c));
    }
    if let Some(a) = d.area_m2 {
        facts.push(format!("{a} m²"));
    }
    facts.push(price_per_hour(d.price_ore_per_hour, lang));
    SpaceCard {
        id: s.id,
        name: d.name.clone(),
        kind: d.kind.label(lang),
        facts: facts.join(" · "),
        features: d
            .features
            .iter()
            .map(|f| f.label(lang))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn price_per_hour(ore: i64, lang: Lang) -> String {
    match ore {
        0 => lang.strings().free.into(),
        _ => lang
            .strings()
            .per_hour(crate::platform::money::format_price(ore, lang)),
    }
}

#[derive(Template)]
#[template(path = "spaces/list.html")]
struct ListPage {
    page: Page,
    spaces: Vec<SpaceCard>,
    neighbourhood: String,
    capacity: String,
    date: String,
    features: Vec<Choice>,
    previous: Option<String>,
    next: Option<String>,
    errors: FieldErrors,
}

const PER_PAGE: i64 = 20;

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    let q = FormPairs::from_query(q);
    let s = ctx.s();
    let mut errors = FieldErrors::new();
    let (neighbourhood, capacity, date) = (
        printable(&q.get("neighbourhood")),
        q.get("capacity"),
        q.get("date"),
    );
    let min_capacity = optional(
        &mut errors,
        "capacity",
        &capacity,
        parse_whole_number,
        text!(err_space_capacity),
    );
    let on = day_field(&mut errors, "date", &date);
    let wanted: Vec<String> = q.all("feature");
    let features: Vec<Feature> = wanted.iter().filter_map(|f| Feature::parse(f)).collect();
    let n = page_number(q.get("page").parse().unwrap_or(1));
    let filter = SpaceFilter {
        neighbourhood: neighbourhood.clone(),
        min_capacity,
        features,
        on,
    };
    let found = store::search(&state.db, &filter, PER_PAGE + 1, (n - 1) * PER_PAGE).await?;
    let more = found.len() as i64 > PER_PAGE;
    let wanted_refs: Vec<&str> = wanted.iter().map(String::as_str).collect();
    let filters: Vec<(&str, &str)> = [
        ("neighbourhood", neighbourhood.as_str()),
        ("capacity", capacity.as_str()),
        ("date", date.as_str()),
    ]
    .into_iter()
    .chain(wanted_refs.iter().map(|f| ("feature", *f)))
    .collect();
    render(&ListPage {
        page: ctx.page(s.spaces_title),
        spaces: found
            .iter()
            .take(PER_PAGE as usize)
            .map(|sp| card(sp, ctx.lang))
            .collect(),
        features: choices(
            Feature::ALL
                .iter()
                .map(|f| (f.code(), f.label(ctx.lang)))
                .collect(),
            &wanted_refs,
        ),
        previous: (n > 1).then(|| list_href("/spaces", &filters, n - 1)),
        next: more.then(|| list_href("/spaces", &filters, n + 1)),
        neighbourhood,
        capacity,
        date,
        errors,
    })
}
