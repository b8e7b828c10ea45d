//! Cases on the web: the catalogue, searchable in Danish like everything else; a case's page,
//! with what its leaders learned and the form they write it with.

use super::actions;
use super::model::*;
use super::store::{self, Note};
use crate::evaluation::actions as evaluation_actions;
use crate::evaluation::routes::goals::{ArenaView, GoalView, arena_views, goal_views};
use crate::initiatives::model::Theme;
use crate::initiatives::store::{self as initiative_store, InitiativeCard, ListQuery};
use crate::moderation::{model::ContentKind, routes::Moderation};
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::input::printable;
use crate::platform::permissions::{Action, can};
use crate::platform::time::{day_of, format_civil_date};
use crate::platform::web::{
    AppState, Choice, Ctx, Page, SignedIn, choices, list_href, render, render_status, see_other,
};
use crate::surveys::routes::{SurveyView, views as survey_views};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum_extra::extract::Form;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/cases", get(catalogue))
        .route("/cases/{id}", get(case))
        .route("/initiatives/{id}/learning", post(write))
        .route("/learning-notes/{id}", get(note))
}

#[derive(serde::Deserialize, Default)]
struct CatalogueParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    theme: String,
    #[serde(default)]
    page: String,
}

#[derive(Template)]
#[template(path = "cases/catalogue.html")]
struct CataloguePage {
    page: Page,
    q: String,
    themes: Vec<Choice>,
    items: Vec<InitiativeCard>,
    prev_href: Option<String>,
    next_href: Option<String>,
}

async fn catalogue(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<CatalogueParams>,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let page = crate::platform::db::page_number(params.page.parse().unwrap_or(1));
    let query = ListQuery {
        q: printable(&params.q),
        theme: Theme::parse(&params.theme),
        cases: true,
        page,
        per_page: initiative_store::PER_PAGE_DEFAULT,
        ..ListQuery::default()
    };
    let result = initiative_store::list(&state.db, &query, lang).await?;
    let filters = [("q", params.q.as_str()), ("theme", params.theme.as_str())];
    render(&CataloguePage {
        page: ctx.page(ctx.s().cases_title),
        q: params.q.clone(),
        themes: choices(Theme::options(lang), &[params.theme.as_str()]),
        items: result.items,
        prev_href: (page > 1).then(|| list_href("/cases", &filters, page - 1)),
        next_href: result
            .has_next
            .then(|| list_href("/cases", &filters, page + 1)),
    })
}

/// A learning note in the reader's words.
struct NoteView {
    moderation: Moderation,
    worked: String,
    did_not_work: String,
    advice: String,
    themes: String,
    by: String,
    on: String,
}

/// The learning form as typed.
#[derive(serde::Deserialize, Default)]
struct LearningForm {
    #[serde(default)]
    worked: String,
    #[serde(default)]
    did_not_work: String,
    #[serde(default)]
    advice: String,
    #[serde(default)]
    themes: Vec<String>,
}

#[derive(Template)]
#[template(path = "cases/case.html")]
struct CasePage {
    page: Page,
    id: i64,
    purpose: String,
    facts: Vec<(&'static str, String)>,
    partners: Vec<(String, &'static str)>,
    agreements: Vec<(i64, String)>,
    notes: Vec<NoteView>,
    goals: Vec<GoalView>,
    given: Vec<ArenaView>,
    surveys: Vec<SurveyView>,
    can_write: bool,
    form: LearningForm,
    theme_choices: Vec<Choice>,
    errors: FieldErrors,
}

async fn case_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    form: LearningForm,
    errors: FieldErrors,
) -> AppResult<CasePage> {
    let (lang, s) = (ctx.lang, ctx.s());
    let i = initiative_store::get(&state.db, id).await?;
    if !is_case(i.status) {
        return Err(AppError::NotFound);
    }
    let (participants, agreements, notes, evaluation) = tokio::try_join!(
        initiative_store::participants(&state.db, id),
        crate::agreements::store::list(&state.db, Some(id)),
        store::notes(&state.db, id),
        evaluation_actions::evaluation(&state.db, &i, None, None),
    )?;
    let can_write = can(
        ctx.viewer.as_ref(),
        Action::LeadEvaluation(&i.access(&participants)),
    );
    let moderator = can(ctx.viewer.as_ref(), Action::Moderate);
    let d = &i.draft;
    let facts = vec![
        (s.field_status, i.status.label(lang).to_string()),
        (s.field_theme, d.theme.label(lang).to_string()),
        (
            s.field_typology,
            format!(
                "{} · {}",
                d.stage.label(lang),
                i.initiating_side.label(lang)
            ),
        ),
        (s.field_commitment, d.commitment.label(lang).to_string()),
        (
            s.field_leadership,
            d.leadership_mode.label(lang).to_string(),
        ),
        (s.case_started_by, i.started_by_name.clone()),
    ];
    let chosen: Vec<&str> = match form.themes.is_empty() {
        true => vec![d.theme.code()],
        false => form.themes.iter().map(String::as_str).collect(),
    };
    Ok(CasePage {
        page: ctx.page(s.case_of(&d.title)),
        id,
        purpose: d.purpose.clone(),
        facts,
        partners: participants
            .iter()
            .map(|p| (p.name.clone(), p.role.label(lang)))
            .collect(),
        agreements,
        notes: notes
            .iter()
            .filter(|n| n.hidden.is_none() || can_write || moderator)
            .map(|n| note_view(n, ctx, moderator))
            .collect(),
        goals: goal_views(&i, &evaluation, lang),
        given: arena_views(&evaluation, lang),
        surveys: survey_views(&evaluation.surveys, lang, false),
        can_write,
        theme_choices: choices(Theme::options(lang), &chosen),
        form,
        errors,
    })
}

fn note_view(n: &Note, ctx: &Ctx, moderator: bool) -> NoteView {
    let lang = ctx.lang;
    NoteView {
        moderation: Moderation {
            kind: ContentKind::LearningNote,
            id: n.id,
            hidden: n.hidden.clone(),
            moderator,
        },
        worked: n.draft.worked.clone(),
        did_not_work: n.draft.did_not_work.clone(),
        advice: n.draft.advice.clone(),
        themes: n
            .draft
            .themes
            .iter()
            .map(|t| t.label(lang))
            .collect::<Vec<_>>()
            .join(", "),
        by: n.written_by_name.clone(),
        on: format_civil_date(day_of(n.written_at), lang),
    }
}

/// A learning note's own address, where a report about it leads back: its place in the case.
async fn note(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Response> {
    let initiative = store::initiative_of_note(&state.db, id).await?;
    Ok(see_other(&format!("/cases/{initiative}#note-{id}")))
}

async fn case(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let page = case_page(
        &state,
        &ctx,
        id,
        LearningForm::default(),
        FieldErrors::new(),
    )
    .await?;
    render(&page)
}

async fn write(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<LearningForm>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::new();
    let themes = form
        .themes
        .iter()
        .filter_map(|t| {
            Theme::parse(t).or_else(|| {
                errors.insert("themes", crate::text!(err_choose));
                None
            })
        })
        .collect();
    let draft = LearningDraft {
        worked: form.worked.clone(),
        did_not_work: form.did_not_work.clone(),
        advice: form.advice.clone(),
        themes,
    };
    match actions::write(&state.db, viewer, id, draft, errors).await {
        Ok(_) => Ok(see_other(&format!("/cases/{id}#learning"))),
        // Not a case yet: there is no case page to show the refusal on.
        Err(e @ AppError::Refused(_)) => Err(e),
        Err(e) => {
            let (status, errors) = e.on_form("worked")?;
            render_status(status, &case_page(&state, &ctx, id, form, errors).await?)
        }
    }
}
