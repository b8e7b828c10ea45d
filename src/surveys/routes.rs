//! Surveys on the web: the leaders' form, the answer page behind a personal link, and the
//! results as the evaluation page shows them.

use super::actions;
use super::model::*;
use super::store::Survey;
use crate::events::store as event_store;
use crate::initiatives::store as initiative_store;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::i18n::{Lang, Strings};
use crate::platform::numbers::format_number;
use crate::platform::permissions::{Action, require};
use crate::platform::web::{
    AppState, Choice, Ctx, Page, SignedIn, choices, render, render_status, see_other,
};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use axum_extra::extract::Form;
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/initiatives/{id}/surveys/new",
            get(new_survey).post(send_survey),
        )
        .route("/surveys/answer/{token}", get(answer_page).post(answer))
}

/// One question's row of the leaders' form.
struct QuestionRow {
    n: usize,
    kinds: Vec<Choice>,
    prompt: String,
    choices: String,
    kind_field: &'static str,
    prompt_field: &'static str,
    choices_field: &'static str,
}

#[derive(Template)]
#[template(path = "surveys/new.html")]
struct NewSurveyPage {
    page: Page,
    id: i64,
    initiative: String,
    title: String,
    audiences: Vec<Choice>,
    events: Vec<Choice>,
    rows: Vec<QuestionRow>,
    errors: FieldErrors,
}

type Typed = HashMap<String, String>;

/// The form's name for each question's kind, by position.
const KIND_FIELDS: [&str; QUESTIONS_MAX] = [
    "kind_1", "kind_2", "kind_3", "kind_4", "kind_5", "kind_6", "kind_7", "kind_8",
];

fn field<'a>(typed: &'a Typed, name: &str) -> &'a str {
    typed.get(name).map(String::as_str).unwrap_or_default()
}

/// The survey the form describes: the rows with words, in their order.
fn draft(typed: &Typed) -> (SurveyDraft, FieldErrors) {
    let mut errors = FieldErrors::new();
    let audience = SurveyAudience::parse(field(typed, "audience")).unwrap_or_else(|| {
        errors.insert("audience", crate::text!(err_choose));
        SurveyAudience::Participants
    });
    let questions = (0..QUESTIONS_MAX)
        .filter(|n| !field(typed, PROMPT_FIELDS[*n]).trim().is_empty())
        .map(|n| QuestionDraft {
            kind: QuestionKind::parse(field(typed, KIND_FIELDS[n])).unwrap_or(QuestionKind::Scale),
            prompt: field(typed, PROMPT_FIELDS[n]).to_string(),
            choices: field(typed, CHOICE_FIELDS[n])
                .lines()
                .map(str::to_string)
                .collect(),
        })
        .collect();
    let draft = SurveyDraft {
        title: field(typed, "title").to_string(),
        audience,
        event_id: field(typed, "event").parse().ok(),
        questions,
    };
    (draft, errors)
}

async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    typed: &Typed,
    errors: FieldErrors,
) -> AppResult<NewSurveyPage> {
    let lang = ctx.lang;
    let s = ctx.s();
    let (i, events) = tokio::try_join!(
        initiative_store::get(&state.db, id),
        event_store::of_initiative(&state.db, id),
    )?;
    let mut event_options = vec![("".to_string(), s.survey_no_event.to_string())];
    event_options.extend(
        events
            .iter()
            .map(|e| (e.id.to_string(), e.draft.title.clone())),
    );
    let rows = (0..QUESTIONS_MAX)
        .map(|n| {
            let kind_field = KIND_FIELDS[n];
            let kind = match field(typed, kind_field) {
                "" if n == 0 => QuestionKind::Scale.code().to_string(),
                "" => String::new(),
                k => k.to_string(),
            };
            QuestionRow {
                n: n + 1,
                kinds: choices(QuestionKind::options(lang), &[kind.as_str()]),
                prompt: field(typed, PROMPT_FIELDS[n]).to_string(),
                choices: field(typed, CHOICE_FIELDS[n]).to_string(),
                kind_field,
                prompt_field: PROMPT_FIELDS[n],
                choices_field: CHOICE_FIELDS[n],
            }
        })
        .collect();
    Ok(NewSurveyPage {
        page: ctx.page(s.survey_new),
        id,
        initiative: i.draft.title,
        title: field(typed, "title").to_string(),
        audiences: choices(SurveyAudience::options(lang), &[field(typed, "audience")]),
        events: choices(
            event_options
                .iter()
                .map(|(v, l)| (v.as_str(), l.as_str()))
                .collect(),
            &[field(typed, "event")],
        ),
        rows,
        errors,
    })
}

async fn new_survey(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let access = initiative_store::access(&state.db, id).await?;
    require(Some(viewer), Action::LeadEvaluation(&access))?;
    let mut typed = Typed::new();
    typed.insert(
        "audience".into(),
        SurveyAudience::Participants.code().into(),
    );
    render(&form_page(&state, &ctx, id, &typed, FieldErrors::new()).await?)
}

async fn send_survey(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(typed): Form<Typed>,
) -> AppResult<Response> {
    let (d, errors) = draft(&typed);
    match actions::send(&state.db, viewer, id, d, errors).await {
        Ok(_) => Ok(see_other(&format!("/initiatives/{id}/evaluation#surveys"))),
        Err(e) => {
            let (status, errors) = e.on_form("audience")?;
            render_status(status, &form_page(&state, &ctx, id, &typed, errors).await?)
        }
    }
}

/// One question on the answer page.
struct AnswerRow {
    field: &'static str,
    prompt: String,
    kind: QuestionKind,
    options: Vec<Choice>,
    text: String,
}

#[derive(Template)]
#[template(path = "surveys/answer.html")]
struct AnswerPage {
    page: Page,
    token: String,
    rows: Vec<AnswerRow>,
    /// Thanked after answering.
    done: bool,
    errors: FieldErrors,
}

fn answer_rows(s: &Strings, survey: &Survey, typed: &Typed) -> Vec<AnswerRow> {
    survey
        .questions
        .iter()
        .enumerate()
        .map(|(n, q)| {
            let f = ANSWER_FIELDS[n];
            let given = field(typed, f);
            let options: Vec<(String, String)> = match q.kind {
                QuestionKind::Scale => SCALE
                    .map(|v| (v.to_string(), s.survey_scale_point(v)))
                    .collect(),
                QuestionKind::Choice => q
                    .choices
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (i.to_string(), c.clone()))
                    .collect(),
                QuestionKind::Text => Vec::new(),
            };
            AnswerRow {
                field: f,
                prompt: q.prompt.clone(),
                kind: q.kind,
                options: choices(
                    options
                        .iter()
                        .map(|(v, l)| (v.as_str(), l.as_str()))
                        .collect(),
                    &[given],
                ),
                text: given.to_string(),
            }
        })
        .collect()
}

async fn answer_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let survey = actions::to_answer(&state.db, &token).await?;
    let s = ctx.s();
    render(&AnswerPage {
        page: ctx.page(survey.title.clone()),
        rows: answer_rows(s, &survey, &Typed::new()),
        token,
        done: false,
        errors: FieldErrors::new(),
    })
}

async fn answer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
    Form(typed): Form<Typed>,
) -> AppResult<Response> {
    let given: Vec<String> = ANSWER_FIELDS
        .iter()
        .map(|f| field(&typed, f).to_string())
        .collect();
    let s = ctx.s();
    match actions::answer(&state.db, &token, &given).await {
        Ok(()) => render(&AnswerPage {
            page: ctx.page(s.survey_thanks),
            rows: Vec::new(),
            token,
            done: true,
            errors: FieldErrors::new(),
        }),
        Err(AppError::Invalid(errors)) => {
            let survey = actions::to_answer(&state.db, &token).await?;
            let page = AnswerPage {
                page: ctx.page(survey.title.clone()),
                rows: answer_rows(s, &survey, &typed),
                token,
                done: false,
                errors,
            };
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(e),
    }
}

/// A survey's results as the evaluation page shows them.
pub struct SurveyView {
    pub title: String,
    pub audience: &'static str,
    pub asked: String,
    /// Shown only for groups of at least `MIN_GROUP` answers.
    pub shown: bool,
    pub questions: Vec<TallyView>,
}

/// One question's results: a line per answer with its count, and free texts for leaders.
pub struct TallyView {
    pub prompt: String,
    pub summary: String,
    pub lines: Vec<(String, usize)>,
    pub texts: Vec<String>,
}

/// The surveys' results in the reader's words; free texts only when `leader`.
pub fn views(surveys: &[Survey], lang: Lang, leader: bool) -> Vec<SurveyView> {
    let s = lang.strings();
    surveys
        .iter()
        .map(|survey| {
            let answered = survey.responses.len();
            let questions = survey
                .questions
                .iter()
                .zip(survey.tallies())
                .map(|(q, tally)| {
                    let (summary, lines, texts) = match tally {
                        Tally::Scale { counts, mean } => (
                            mean.map(|m| {
                                s.survey_mean(format_number((m * 10.0).round() / 10.0, lang))
                            })
                            .unwrap_or_default(),
                            SCALE
                                .zip(counts)
                                .map(|(v, c)| (s.survey_scale_point(v), c))
                                .collect(),
                            Vec::new(),
                        ),
                        Tally::Choice(counts) => (
                            String::new(),
                            q.choices.iter().cloned().zip(counts).collect(),
                            Vec::new(),
                        ),
                        Tally::Text(texts) => (
                            s.survey_texts(texts.len() as i64),
                            Vec::new(),
                            if leader { texts } else { Vec::new() },
                        ),
                    };
                    TallyView {
                        prompt: q.prompt.clone(),
                        summary,
                        lines,
                        texts,
                    }
                })
                .collect();
            SurveyView {
                title: survey.title.clone(),
                audience: survey.audience.label(lang),
                asked: s.survey_answered(answered as i64, survey.invited),
                shown: shown(answered),
                questions,
            }
        })
        .collect()
}
