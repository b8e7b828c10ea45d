//! Surveys in the JSON API: sent by an initiative's leaders; their results, for groups large
//! enough, in the evaluation's answer (never the free texts).

use super::actions;
use super::model::*;
use super::store::Survey;
use crate::platform::auth::ApiCaller;
use crate::platform::error::{AppResult, FieldErrors, answers};
use crate::platform::web::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

/// A survey and, when at least five answered, what they answered.
#[derive(Serialize, ToSchema)]
pub struct SurveyDto {
    pub id: i64,
    pub title: String,
    pub audience: SurveyAudience,
    /// How many were asked, and how many answered.
    pub asked: i64,
    pub answered: usize,
    /// Whether enough answered for the results to be shown (at least 5); else `questions`
    /// holds the questions without results.
    pub shown: bool,
    pub questions: Vec<SurveyQuestionDto>,
}

#[derive(Serialize, ToSchema)]
pub struct SurveyQuestionDto {
    pub kind: QuestionKind,
    pub prompt: String,
    pub choices: Vec<String>,
    /// For a scale, how many chose 1 to 5; for a choice, how many chose each; for free text,
    /// how many wrote something. Empty when not shown.
    pub counts: Vec<usize>,
    /// For a scale, the mean answer.
    pub mean: Option<f64>,
}

pub fn survey_dto(s: &Survey) -> SurveyDto {
    let shown = shown(s.responses.len());
    let questions = s
        .questions
        .iter()
        .zip(s.tallies())
        .map(|(q, tally)| {
            let (counts, mean) = match (shown, tally) {
                (false, _) => (Vec::new(), None),
                (true, Tally::Scale { counts, mean }) => (counts.to_vec(), mean),
                (true, Tally::Choice(counts)) => (counts, None),
                (true, Tally::Text(texts)) => (vec![texts.len()], None),
            };
            SurveyQuestionDto {
                kind: q.kind,
                prompt: q.prompt.clone(),
                choices: q.choices.clone(),
                counts,
                mean,
            }
        })
        .collect();
    SurveyDto {
        id: s.id,
        title: s.title.clone(),
        audience: s.audience,
        asked: s.invited,
        answered: s.responses.len(),
        shown,
        questions,
    }
}

#[derive(Serialize, ToSchema)]
pub struct SentDto {
    pub id: i64,
}

#[utoipa::path(post, path = "/api/v1/initiatives/{id}/surveys", tag = "evaluation",
    params(("id" = i64, Path)), request_body = SurveyDraft, security(("bearer" = [])),
    responses((status = 201, body = SentDto), answers::Guarded, answers::Invalid, answers::Refused))]
/// Sends a survey to an audience of the initiative's people (its leaders only): each is told by
/// inbox and e-mail, as they chose, with a personal link to answer it.
pub async fn send(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(draft): Json<SurveyDraft>,
) -> AppResult<(StatusCode, Json<SentDto>)> {
    let sent = actions::send(&state.db, &viewer, id, draft, FieldErrors::new()).await?;
    Ok((StatusCode::CREATED, Json(SentDto { id: sent.id })))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(send))
}
