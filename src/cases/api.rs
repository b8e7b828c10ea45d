//! Learning notes in the JSON API: written by an initiative's leaders, read in its evaluation.

use super::actions;
use super::model::LearningDraft;
use super::store::Note;
use crate::initiatives::model::Theme;
use crate::platform::auth::ApiCaller;
use crate::platform::error::{AppResult, FieldErrors, answers};
use crate::platform::time::rfc3339;
use crate::platform::web::AppState;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::{router::OpenApiRouter, routes};

#[derive(Serialize, ToSchema)]
pub struct NoteDto {
    pub id: i64,
    pub worked: String,
    pub did_not_work: String,
    pub advice: String,
    pub themes: Vec<Theme>,
    pub written_by_name: String,
    #[schema(format = DateTime)]
    pub written_at: String,
}

pub fn note_dto(n: &Note) -> NoteDto {
    NoteDto {
        id: n.id,
        worked: n.draft.worked.clone(),
        did_not_work: n.draft.did_not_work.clone(),
        advice: n.draft.advice.clone(),
        themes: n.draft.themes.clone(),
        written_by_name: n.written_by_name.clone(),
        written_at: rfc3339(n.written_at),
    }
}

#[derive(Serialize, ToSchema)]
pub struct WrittenDto {
    pub id: i64,
}

#[utoipa::path(post, path = "/api/v1/initiatives/{id}/learning", tag = "evaluation",
    params(("id" = i64, Path)), request_body = LearningDraft, security(("bearer" = [])),
    responses((status = 201, body = WrittenDto), answers::Guarded, answers::Invalid, answers::Refused))]
/// Writes what the initiative's leaders learned (once it is being evaluated or has concluded):
/// the initiative is then a case others find and are shown when they start something similar.
pub async fn write(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(draft): Json<LearningDraft>,
) -> AppResult<(StatusCode, Json<WrittenDto>)> {
    let id = actions::write(&state.db, &viewer, id, draft, FieldErrors::new()).await?;
    Ok((StatusCode::CREATED, Json(WrittenDto { id })))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(write))
}
