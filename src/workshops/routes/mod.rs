//! Workshops on the web: the list, planning one, the workshop's page (its public report, and
//! the facilitators' tools on it), the session participants join on their phones, and an
//! idea's own page where its fate is decided.

mod idea;
mod page;
mod session;
mod work;

use super::actions::{self, Plan};
use super::model::*;
use super::store::{self, WorkshopCard};
use crate::actors::routes::acting_choices;
use crate::platform::auth::Viewer;
use crate::platform::error::{AppResult, FieldErrors};
use crate::platform::input::{optional, parse_whole_number};
use crate::platform::time::{format_period, moment_field};
use crate::platform::web::{
    AppState, Choice, Ctx, Page, SignedIn, render, render_status, see_other,
};
use crate::text;
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum_extra::extract::Form;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/workshops", get(list).post(create))
        .route("/workshops/new", get(new_form))
        .route("/workshops/{id}", get(page::show))
        .route("/workshops/{id}/session", post(page::move_session))
        .route("/workshops/{id}/ideas", post(page::add_from_paper))
        .route("/workshops/{id}/ideas.csv", get(page::csv))
        .route("/workshops/{id}/themes", post(work::add_theme))
        .route("/workshops/{id}/merge", post(work::merge))
        .route("/ideas/{id}/theme", post(work::set_theme))
        .route("/static/workshop.js", get(work::script))
        .route("/w", get(session::enter))
        .route("/w/{code}", get(session::show))
        .route("/w/{code}/join", post(session::join))
        .route("/w/{code}/ideas", post(session::add))
        .route("/w/{code}/dots", post(session::give_dot))
        .route("/ideas/{id}", get(idea::show))
        .route("/ideas/{id}/fate", post(idea::decide))
        .route("/ideas/{id}/split", post(idea::split))
        .route(
            "/unsubscribe/workshop/{token}",
            get(session::forget_page).post(session::forget),
        )
}

/// A workshop in the list, in the reader's words.
struct CardView {
    id: i64,
    title: String,
    when: String,
    place: String,
    state: &'static str,
    ideas: i64,
}

/// An idea a search found, in the reader's words.
struct FoundView {
    id: i64,
    text: String,
    workshop_id: i64,
    workshop_title: String,
    fate: Option<&'static str>,
}

#[derive(Template)]
#[template(path = "workshops/list.html")]
struct ListPage {
    page: Page,
    items: Vec<CardView>,
    signed_in: bool,
    q: String,
    found: Vec<FoundView>,
}

#[derive(Default, serde::Deserialize)]
#[serde(default)]
struct ListQuery {
    /// Words to find among the ideas (Danish, stemmed).
    q: String,
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(query): Query<ListQuery>,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let (items, found) = tokio::try_join!(
        store::list(&state.db),
        store::search_ideas(&state.db, &query.q, 100)
    )?;
    render(&ListPage {
        q: query.q,
        found: found
            .into_iter()
            .map(|f| FoundView {
                id: f.idea.id,
                text: f.idea.text,
                workshop_id: f.idea.workshop_id,
                workshop_title: f.workshop_title,
                fate: f.idea.fate.map(|fate| fate.label(lang)),
            })
            .collect(),
        page: ctx.page(ctx.s().workshops_title),
        items: items
            .into_iter()
            .map(|c: WorkshopCard| CardView {
                id: c.id,
                title: c.title,
                when: format_period(c.starts_at, c.ends_at, lang),
                place: c.place,
                state: c.state.label(lang),
                ideas: c.ideas,
            })
            .collect(),
        signed_in: ctx.viewer.is_some(),
    })
}

/// The plan as typed: every field a string, so a mistake comes back as it was written.
#[derive(Default, serde::Deserialize)]
#[serde(default)]
struct PlanForm {
    host: String,
    co_hosts: Vec<String>,
    title: String,
    purpose: String,
    agenda: String,
    place: String,
    starts: String,
    ends: String,
    questions: String,
    dots: String,
    fate_within_days: String,
    /// Places for those who sign up beforehand; empty when anyone may come.
    capacity: String,
}

impl PlanForm {
    fn plan(&self, errors: &mut FieldErrors) -> Plan {
        let starts_at = moment_field(errors, "starts", &self.starts, true);
        let ends_at = moment_field(errors, "ends", &self.ends, true);
        let number = |errors: &mut FieldErrors, field, typed: &str, default, problem| {
            optional(errors, field, typed, parse_whole_number, problem).unwrap_or(default)
        };
        let dots = number(
            errors,
            "dots",
            &self.dots,
            3,
            text!(err_workshop_dots(DOTS_MAX)),
        );
        let fate_within_days = number(
            errors,
            "fate_within_days",
            &self.fate_within_days,
            60,
            text!(err_workshop_fate_days),
        );
        let capacity = optional(
            errors,
            "capacity",
            &self.capacity,
            parse_whole_number,
            text!(err_capacity),
        );
        let host_id = self.host.parse().unwrap_or_else(|_| {
            errors.insert("host", text!(err_choose));
            0
        });
        Plan {
            host_id,
            co_host_ids: self
                .co_hosts
                .iter()
                .filter_map(|c| c.parse().ok())
                .collect(),
            draft: WorkshopDraft {
                title: self.title.clone(),
                purpose: self.purpose.clone(),
                agenda: self.agenda.clone(),
                place: self.place.clone(),
                starts_at: starts_at.unwrap_or(0),
                ends_at: ends_at.or(starts_at.map(|s| s + 1)).unwrap_or(1),
                questions: self.questions.lines().map(str::to_string).collect(),
                dots,
                fate_within_days,
            },
            capacity,
        }
    }
}

#[derive(Template)]
#[template(path = "workshops/new.html")]
struct PlanPage {
    page: Page,
    form: PlanForm,
    hosts: Vec<Choice>,
    co_hosts: Vec<Choice>,
    errors: FieldErrors,
}

async fn plan_page(
    state: &AppState,
    ctx: &Ctx,
    viewer: &Viewer,
    form: PlanForm,
    errors: FieldErrors,
) -> AppResult<PlanPage> {
    let units = crate::requests::store::municipal_units(&state.db).await?;
    Ok(PlanPage {
        page: ctx.page(ctx.s().workshop_new),
        hosts: acting_choices(state, ctx, viewer, &form.host).await?,
        co_hosts: units
            .into_iter()
            .map(|(id, name, _)| Choice {
                selected: form.co_hosts.contains(&id.to_string()),
                value: id.to_string(),
                label: name,
            })
            .collect(),
        form,
        errors,
    })
}

async fn new_form(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
) -> AppResult<Response> {
    let form = PlanForm {
        dots: "3".into(),
        fate_within_days: "60".into(),
        ..PlanForm::default()
    };
    render(&plan_page(&state, &ctx, viewer, form, FieldErrors::new()).await?)
}

async fn create(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Form(form): Form<PlanForm>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::new();
    let plan = form.plan(&mut errors);
    match actions::plan(&state.db, viewer, plan, errors).await {
        Ok(id) => Ok(see_other(&format!("/workshops/{id}"))),
        Err(e) => {
            let (status, errors) = e.on_form("title")?;
            render_status(
                status,
                &plan_page(&state, &ctx, viewer, form, errors).await?,
            )
        }
    }
}
