//! The pages of tips: the map and list, reporting in two steps (where and what, then the
//! details, with open tips nearby shown in between), a tip's page with its history and the
//! handler's forms, a unit's queue, the exports, and the admin pages for categories and
//! Open311 keys.

use super::actions::{self, Handling, Report};
use super::model::*;
use super::photo::{PHOTO_MAX_BYTES, PHOTOS_MAX, PhotoProblem};
use super::store::{self, Category, Tip, TipFilter};
use crate::following::model::Target;
use crate::following::routes::{FollowButton, follow_buttons};
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::geo::{Coordinates, format_distance, parse_coordinates};
use crate::platform::i18n::Lang;
use crate::platform::input::printable;
use crate::platform::map::{self, MapView, Mark, Place};
use crate::platform::time::{format_date, now};
use crate::platform::web::{
    AppState, Choice, Client, Ctx, FormPairs, Page, SignedIn, choices, render, render_status,
    see_other, url_encode,
};
use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Form, Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

mod page;
mod queue;
mod report;
mod tip_map;
pub use page::*;
use queue::*;
pub use report::*;
use tip_map::*;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/tips",
            get(map_page).post(report).layer(DefaultBodyLimit::max(
                PHOTOS_MAX * PHOTO_MAX_BYTES + 256 * 1024,
            )),
        )
        .route("/tips.geojson", get(geojson))
        .route("/tips.csv", get(csv))
        .route("/tips/new", get(new_tip))
        .route("/tips/queue", get(queue))
        .route("/tips/{id}", get(show))
        .route("/tips/{id}/updates", post(update))
        .route("/tips/{id}/photos/{photo}", get(photo_file))
        .route("/tips/photos/{photo}", get(photo_page))
        .route(
            "/unsubscribe/tip/{token}",
            get(unsubscribe_page).post(unsubscribe),
        )
        .route("/static/map.js", get(map_script))
}

const DAY: i64 = 24 * 3600;

fn age(seconds: i64, lang: Lang) -> String {
    lang.strings().days(seconds.max(0) / DAY)
}

fn mark(status: TipStatus) -> Mark {
    match status {
        TipStatus::Received => Mark::Received,
        TipStatus::InProgress => Mark::InProgress,
        TipStatus::Resolved | TipStatus::Closed => Mark::Finished,
    }
}

/// A tip as lists show it.
pub struct TipLine {
    pub id: i64,
    pub category: String,
    pub address: String,
    pub status: &'static str,
    pub when: String,
    pub age: String,
}

fn tip_line(t: &Tip, lang: Lang) -> TipLine {
    TipLine {
        id: t.id,
        category: t.category(lang).to_string(),
        address: t.place(lang),
        status: t.status.label(lang),
        when: format_date(t.received_at, lang),
        age: age(now() - t.received_at, lang),
    }
}

fn tip_place(t: &Tip, lang: Lang) -> Place {
    Place {
        at: t.coordinates,
        label: format!(
            "{}, {} ({})",
            t.category(lang),
            t.place(lang),
            t.status.label(lang)
        ),
        href: format!("/tips/{}", t.id),
        mark: mark(t.status),
    }
}
