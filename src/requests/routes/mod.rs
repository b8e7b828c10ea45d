//! The pages of the front door: asking for help, a permit or a grant; the applicant's cases and
//! the unit's queue; a case with its questions, answers and decision; the pools.

use super::actions::{self, Filing};
use super::model::*;
use super::store::{self, Pool, Request};
use crate::actors::routes::acting_choices;
use crate::mobilisation::model::Unit;
use crate::platform::auth::Viewer;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::i18n::Lang;
use crate::platform::input::{optional, parse_whole_number};
use crate::platform::money::{format_kroner, kroner_input, parse_kroner};
use crate::platform::permissions::actors_acted_for;
use crate::platform::time::{day_field, format_civil_date, format_date, now};
use crate::platform::web::{
    AppState, Choice, Ctx, FormPairs, Page, SignedIn, choices, render, render_status, see_other,
};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

mod case;
mod documents;
mod filing;
mod pools;
pub use case::*;
use documents::*;
use filing::*;
pub use pools::*;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/requests", get(list).post(file))
        .route("/requests/new", get(new_request))
        .route("/requests/{id}", get(show))
        .route("/requests/{id}/messages", post(message))
        .route("/requests/{id}/take", post(take))
        .route("/requests/{id}/decision", post(decide))
        .route("/requests/{id}/close", post(close))
        .route(
            "/requests/{id}/documents",
            post(attach).layer(axum::extract::DefaultBodyLimit::max(
                DOCUMENT_MAX_BYTES + 64 * 1024,
            )),
        )
        .route("/requests/{id}/documents/{doc}", get(document))
        .route("/pools", get(pools).post(create_pool))
        .route("/pools/new", get(new_pool))
        .route("/pools/{id}", get(show_pool))
}

/// A case as a list shows it.
pub struct CaseLine {
    pub id: i64,
    pub title: String,
    pub kind: &'static str,
    pub who: String,
    pub status: &'static str,
    pub age: String,
}

const DAY: i64 = 24 * 3600;

fn days(seconds: i64, lang: Lang) -> String {
    let d = seconds.max(0) / DAY;
    lang.strings().days(d)
}

fn case_line(r: &Request, lang: Lang, queue: bool) -> CaseLine {
    CaseLine {
        id: r.id,
        title: r.draft.title.clone(),
        kind: r.draft.kind.label(lang),
        who: if queue {
            r.applicant_name.clone()
        } else {
            r.unit_name.clone()
        },
        status: r.status.label(lang),
        age: days(r.decided_at.unwrap_or_else(now) - r.received_at, lang),
    }
}

#[derive(Template)]
#[template(path = "requests/list.html")]
struct ListPage {
    page: Page,
    mine: Vec<CaseLine>,
    queue: Vec<CaseLine>,
    handles: bool,
}

async fn list(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
) -> AppResult<Response> {
    let mine =
        store::requests_of(&state.db, "applicant_id", &actors_acted_for(viewer), false).await?;
    let units: Vec<i64> = actions::handled_units(&state.db, Some(viewer))
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let queue = store::requests_of(&state.db, "unit_id", &units, true).await?;
    render(&ListPage {
        page: ctx.page(ctx.s().requests_title),
        mine: mine.iter().map(|r| case_line(r, ctx.lang, false)).collect(),
        queue: queue.iter().map(|r| case_line(r, ctx.lang, true)).collect(),
        handles: !units.is_empty(),
    })
}
