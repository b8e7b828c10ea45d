//! The front page: what Medspil is, and the newest initiatives.

use crate::initiatives::store::{self as initiative_store, InitiativeCard, ListQuery};
use crate::platform::error::AppResult;
use crate::platform::web::{AppState, Ctx, Page, render};
use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::response::Response;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/", get(home))
        .route("/tilgaengelighed", get(accessibility))
}

#[derive(Template)]
#[template(path = "home.html")]
struct HomePage {
    page: Page,
    recent: Vec<InitiativeCard>,
}

async fn home(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let query = ListQuery {
        per_page: 6,
        ..ListQuery::default()
    };
    let recent = initiative_store::list(&state.db, &query, ctx.lang)
        .await?
        .items;
    render(&HomePage {
        page: ctx.page(ctx.s().site_tagline),
        recent,
    })
}

#[derive(Template)]
#[template(path = "accessibility.html")]
struct AccessibilityPage {
    page: Page,
}

async fn accessibility(ctx: Ctx) -> AppResult<Response> {
    render(&AccessibilityPage {
        page: ctx.page(ctx.s().footer_accessibility),
    })
}
