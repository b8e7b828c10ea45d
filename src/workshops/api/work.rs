//! The facilitators' work in the JSON API, the same actions as on the workshop's page: planning
//! a workshop, opening and closing its session, typing in ideas from paper, grouping ideas under
//! themes, merging and splitting them.

use super::*;
use crate::platform::time::{PERIOD_FIELDS, api_moment_field};
use axum::http::StatusCode;

/// A workshop as its host plans it.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanBody {
    /// Who hosts it: the caller or an organisation they act for.
    pub host_id: i64,
    /// Municipal units that frame it together with the host.
    #[serde(default)]
    pub co_host_ids: Vec<i64>,
    #[schema(max_length = 200)]
    pub title: String,
    #[schema(max_length = 4000)]
    pub purpose: String,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub agenda: String,
    #[serde(default)]
    #[schema(max_length = 300)]
    pub place: String,
    /// RFC 3339, or ISO 8601 without an offset (read as Copenhagen time).
    pub starts_at: String,
    /// RFC 3339, or ISO 8601 without an offset (read as Copenhagen time).
    pub ends_at: String,
    /// The questions ideas answer, in their order (1 to 8).
    pub questions: Vec<String>,
    /// Dots each participant gives (0 to 20; 3 when left out).
    #[schema(minimum = 0, maximum = 20)]
    pub dots: Option<i64>,
    /// Days after the workshop by which every idea should have its fate (1 to 365; 60).
    #[schema(minimum = 1, maximum = 365)]
    pub fate_within_days: Option<i64>,
    /// Places for those who sign up beforehand; the workshop is then also an event to sign
    /// up for (`event_id`). Left out, anyone may come.
    #[schema(minimum = 1, maximum = 100000)]
    pub capacity: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/workshops", tag = "workshops", request_body = PlanBody,
    security(("bearer" = [])), responses((status = 201, body = WorkshopDto), answers::Submission))]
/// Plans a workshop for the caller or an organisation they act for, with a fresh session code.
pub async fn plan(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Json(body): Json<PlanBody>,
) -> AppResult<(StatusCode, Json<WorkshopDto>)> {
    let mut errors = FieldErrors::new();
    let starts_at = api_moment_field(&mut errors, "starts_at", &body.starts_at, true);
    let ends_at = api_moment_field(&mut errors, "ends_at", &body.ends_at, true);
    let plan = actions::Plan {
        host_id: body.host_id,
        co_host_ids: body.co_host_ids,
        draft: WorkshopDraft {
            title: body.title,
            purpose: body.purpose,
            agenda: body.agenda,
            place: body.place,
            starts_at: starts_at.unwrap_or(0),
            ends_at: ends_at.or(starts_at.map(|s| s + 1)).unwrap_or(1),
            questions: body.questions,
            dots: body.dots.unwrap_or(3),
            fate_within_days: body.fate_within_days.unwrap_or(60),
        },
        capacity: body.capacity,
    };
    let id = actions::plan(&state.db, &viewer, plan, errors)
        .await
        .map_err(|e| e.renamed_fields(PERIOD_FIELDS))?;
    let dto = workshop_dto(&state, Some(&viewer), id).await?;
    Ok((StatusCode::CREATED, Json(dto)))
}

/// A move of the session.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SessionBody {
    /// The state the session was in when the move was asked for.
    pub from: SessionState,
    /// `open` (ideas and dots are taken) or `closed`.
    pub to: SessionState,
}

#[utoipa::path(post, path = "/api/v1/workshops/{id}/session", tag = "workshops",
    params(("id" = i64, Path)), request_body = SessionBody, security(("bearer" = [])),
    responses((status = 200, body = WorkshopDto), answers::GuardedStep))]
/// Opens, closes or reopens the session (its facilitators); 409 `workshop_state_changed` when
/// it has moved on from `from`.
pub async fn move_session(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<SessionBody>,
) -> AppResult<Json<WorkshopDto>> {
    actions::move_session(&state.db, &viewer, id, body.from, body.to).await?;
    Ok(Json(workshop_dto(&state, Some(&viewer), id).await?))
}

/// An idea from a paper post-it, or the facilitator's own.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PaperIdeaBody {
    pub question_id: i64,
    #[schema(max_length = 1000)]
    pub text: String,
    /// The author's name as written on the post-it; empty for an anonymous one.
    #[serde(default)]
    #[schema(max_length = 100)]
    pub author_name: String,
    /// `paper` (when left out) or `facilitator`.
    pub origin: Option<Origin>,
}

#[utoipa::path(post, path = "/api/v1/workshops/{id}/ideas", tag = "workshops",
    params(("id" = i64, Path)), request_body = PaperIdeaBody, security(("bearer" = [])),
    responses((status = 201, body = IdeaDto), answers::GuardedEdit))]
/// Types in an idea from paper (its facilitators), at any time.
pub async fn add_from_paper(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<PaperIdeaBody>,
) -> AppResult<(StatusCode, Json<IdeaDto>)> {
    let draft = IdeaDraft {
        question_id: body.question_id,
        text: body.text,
        author_name: body.author_name,
        origin: body.origin,
    };
    let idea = actions::add_from_paper(&state.db, &viewer, id, draft)
        .await
        .map_err(|e| e.renamed_fields(&[("question", "question_id")]))?;
    Ok((
        StatusCode::CREATED,
        Json(idea_with_history(&state, idea).await?),
    ))
}

/// A theme to group ideas under.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThemeBody {
    #[schema(max_length = 100)]
    pub name: String,
}

#[utoipa::path(post, path = "/api/v1/workshops/{id}/themes", tag = "workshops",
    params(("id" = i64, Path)), request_body = ThemeBody, security(("bearer" = [])),
    responses((status = 200, body = WorkshopDto), answers::GuardedEdit))]
/// Adds a theme (its facilitators); a name the workshop has already is kept once.
pub async fn add_theme(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<ThemeBody>,
) -> AppResult<Json<WorkshopDto>> {
    actions::add_theme(&state.db, &viewer, id, body.name)
        .await
        .map_err(|e| e.renamed_fields(&[("theme_name", "name")]))?;
    Ok(Json(workshop_dto(&state, Some(&viewer), id).await?))
}

/// The theme an idea goes under.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct IdeaThemeBody {
    /// One of the workshop's themes, or none.
    pub theme_id: Option<i64>,
}

#[utoipa::path(put, path = "/api/v1/ideas/{id}/theme", tag = "workshops",
    params(("id" = i64, Path)), request_body = IdeaThemeBody, security(("bearer" = [])),
    responses((status = 200, body = IdeaDto), answers::GuardedEdit))]
/// Puts an idea under one of its workshop's themes, or none (its facilitators).
pub async fn set_theme(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<IdeaThemeBody>,
) -> AppResult<Json<IdeaDto>> {
    actions::set_theme(&state.db, &viewer, id, body.theme_id)
        .await
        .map_err(|e| e.renamed_fields(&[("theme", "theme_id")]))?;
    Ok(Json(idea_with_history(&state, id).await?))
}

/// Ideas that say the same, and the words of the idea they become.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MergeBody {
    /// Two ideas of the workshop at least, none merged, split, adopted or declined.
    pub idea_ids: Vec<i64>,
    #[schema(max_length = 1000)]
    pub text: String,
}

#[utoipa::path(post, path = "/api/v1/workshops/{id}/merges", tag = "workshops",
    params(("id" = i64, Path)), request_body = MergeBody, security(("bearer" = [])),
    responses((status = 201, body = IdeaDto), answers::GuardedChange))]
/// Merges ideas into a new one, which keeps them, their authors and their dots (its
/// facilitators); 409 `idea_merge_refused` when one of them cannot be merged.
pub async fn merge(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<MergeBody>,
) -> AppResult<(StatusCode, Json<IdeaDto>)> {
    let draft = MergeDraft {
        idea_ids: body.idea_ids,
        text: body.text,
    };
    let merged = actions::merge(&state.db, &viewer, id, draft)
        .await
        .map_err(|e| e.renamed_fields(&[("ideas", "idea_ids"), ("merged_text", "text")]))?;
    Ok((
        StatusCode::CREATED,
        Json(idea_with_history(&state, merged).await?),
    ))
}

/// The parts an idea is split into.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SplitBody {
    /// Two to eight parts, each in its own words.
    pub parts: Vec<String>,
}

#[utoipa::path(post, path = "/api/v1/ideas/{id}/split", tag = "workshops",
    params(("id" = i64, Path)), request_body = SplitBody, security(("bearer" = [])),
    responses((status = 201, body = [IdeaDto]), answers::GuardedChange))]
/// Splits an idea into parts, each with its author, theme and dots and a fate of its own (its
/// facilitators); the idea stays and names them. 409 `idea_split_refused` when it was merged,
/// split, adopted or declined.
pub async fn split(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<SplitBody>,
) -> AppResult<(StatusCode, Json<Vec<IdeaDto>>)> {
    let draft = SplitDraft {
        parts: body.parts.iter().map(|p| p.trim().to_string()).collect(),
    };
    let parts = actions::split(&state.db, &viewer, id, draft).await?;
    let mut dtos = Vec::with_capacity(parts.len());
    for part in parts {
        dtos.push(idea_with_history(&state, part).await?);
    }
    Ok((StatusCode::CREATED, Json(dtos)))
}
