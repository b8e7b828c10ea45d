//! Initiative pages: list with filters and search, create, view, edit, lifecycle, participants
//! and ownership. Every flow is a plain HTML form.

use super::actions;
use super::model::*;
use super::store::{
    self, Initiative, InitiativeCard, ListQuery, Ownership, Participant, Similar, Sort,
};
use crate::actors::routes::acting_choices;
use crate::actors::store::{self as actor_store, ActorRef};
use crate::following::model::Target;
use crate::following::routes::{FollowButton, follow_buttons};
use crate::mobilisation::routes::{ResourceSummary, initiative_needs};
use crate::platform::auth::Viewer;
use crate::platform::db::page_number;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::geo::{format_distance, parse_coordinates};
use crate::platform::i18n::Lang;
use crate::platform::input::printable;
use crate::platform::permissions::{Action, can, require};
use crate::platform::time::format_date;
use crate::platform::web::{
    AppState, Choice, Ctx, FormPairs, Page, SignedIn, choices, list_href, render, render_status,
    see_other,
};
use crate::text;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum_extra::extract::Form;

mod changes;
mod form;
mod page;
use changes::*;
pub use form::*;
pub use page::*;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/initiatives", get(list).post(create))
        .route("/initiatives/new", get(new_form))
        .route("/initiatives/{id}", get(show))
        .route("/initiatives/{id}/edit", get(edit_form).post(edit))
        .route("/initiatives/{id}/status", post(change_status))
        .route("/initiatives/{id}/participants", post(join))
        .route("/initiatives/{id}/owner", post(transfer))
}

/// The list's query string, as typed; unknown values are ignored rather than refused, so a
/// shared link keeps working.
#[derive(serde::Deserialize, Default)]
pub struct ListParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub theme: String,
    #[serde(default)]
    pub stage: String,
    #[serde(default)]
    pub side: String,
    #[serde(default)]
    pub commitment: String,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub neighbourhood: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub page: String,
}

impl ListParams {
    pub fn to_query(&self, per_page: i64) -> ListQuery {
        ListQuery {
            q: printable(&self.q),
            theme: Theme::parse(&self.theme),
            stage: Stage::parse(&self.stage),
            side: InitiatingSide::parse(&self.side),
            commitment: Commitment::parse(&self.commitment),
            department_id: self.department.parse().ok(),
            neighbourhood: printable(&self.neighbourhood),
            status: Status::parse(&self.status),
            cases: false,
            sort: Sort::parse(&self.sort),
            page: self.page.parse().unwrap_or(1),
            per_page,
        }
    }

    /// The query string for another page of the same list.
    fn page_href(&self, page: i64) -> String {
        list_href(
            "/initiatives",
            &[
                ("q", &self.q),
                ("theme", &self.theme),
                ("stage", &self.stage),
                ("side", &self.side),
                ("commitment", &self.commitment),
                ("department", &self.department),
                ("neighbourhood", &self.neighbourhood),
                ("status", &self.status),
                ("sort", &self.sort),
            ],
            page,
        )
    }
}

struct Filter {
    name: &'static str,
    label: &'static str,
    options: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "initiatives/list.html")]
struct ListPage {
    page: Page,
    q: String,
    neighbourhood: String,
    filters: Vec<Filter>,
    /// Whether any filter besides the search is set, so the filter panel starts open.
    filters_active: bool,
    sorts: Vec<Choice>,
    items: Vec<InitiativeCard>,
    prev_href: Option<String>,
    next_href: Option<String>,
    page_number: i64,
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<ListParams>,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let s = ctx.s();
    let query = params.to_query(store::PER_PAGE_DEFAULT);
    let (result, departments) = tokio::try_join!(
        store::list(&state.db, &query, lang),
        actor_store::departments(&state.db),
    )?;
    let department_options: Vec<(String, &str)> = departments
        .iter()
        .map(|d| (d.id.to_string(), d.name.as_str()))
        .collect();
    let filter = |name, label, options: Vec<(&str, &str)>, selected: &str| Filter {
        name,
        label,
        options: choices(options, &[selected]),
    };
    let filters = vec![
        filter("theme", s.field_theme, Theme::options(lang), &params.theme),
        filter(
            "status",
            s.field_status,
            Status::options(lang),
            &params.status,
        ),
        filter("stage", s.field_stage, Stage::options(lang), &params.stage),
        filter(
            "side",
            s.field_initiating_side,
            InitiatingSide::options(lang),
            &params.side,
        ),
        filter(
            "commitment",
            s.field_commitment,
            Commitment::options(lang),
            &params.commitment,
        ),
        filter(
            "department",
            s.field_department,
            department_options
                .iter()
                .map(|(id, n)| (id.as_str(), *n))
                .collect(),
            &params.department,
        ),
    ];
    let sorts = choices(
        vec![
            ("", s.sort_default),
            (Sort::Updated.code(), s.sort_updated),
            (Sort::Created.code(), s.sort_created),
            (Sort::Title.code(), s.sort_title),
            (Sort::Relevance.code(), s.sort_relevance),
        ],
        &[params.sort.as_str()],
    );
    let page_number = page_number(query.page);
    let filters_active = [
        &params.theme,
        &params.status,
        &params.stage,
        &params.side,
        &params.commitment,
        &params.department,
        &params.neighbourhood,
        &params.sort,
    ]
    .iter()
    .any(|v| !v.trim().is_empty());
    render(&ListPage {
        page: ctx.page(s.initiatives_title),
        q: params.q.clone(),
        neighbourhood: params.neighbourhood.clone(),
        filters,
        filters_active,
        sorts,
        items: result.items,
        prev_href: (page_number > 1).then(|| params.page_href(page_number - 1)),
        next_href: result.has_next.then(|| params.page_href(page_number + 1)),
        page_number,
    })
}
