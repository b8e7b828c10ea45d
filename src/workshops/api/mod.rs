//! Workshops in the JSON API: the workshops, each with its questions, themes and every idea
//! with its history (where it came from, what was merged into it, what it was merged into) and
//! its fate; deciding an idea's fate. The facilitators' work is in `work.rs`, the session on
//! participants' phones in `session.rs`.

mod session;
mod work;

use super::actions;
use super::model::*;
use super::store::{self, Idea, Kinship};
use crate::moderation::model::ContentKind;
use crate::platform::auth::{ApiCaller, OptionalApiCaller, Viewer};
use crate::platform::error::{AppResult, FieldErrors, answers};
use crate::platform::permissions::{Action, can};
use crate::platform::time::{api_day, rfc3339};
use crate::platform::web::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

#[derive(Serialize, ToSchema)]
pub struct WorkshopSummaryDto {
    pub id: i64,
    pub title: String,
    pub place: String,
    #[schema(format = DateTime)]
    pub starts_at: String,
    #[schema(format = DateTime)]
    pub ends_at: String,
    pub state: SessionState,
    /// Its ideas with a fate of their own (one merged or split is counted through the ideas
    /// it became).
    pub ideas: i64,
}

#[derive(Serialize, ToSchema)]
pub struct NamedDto {
    pub id: i64,
    pub name: String,
}

#[derive(Serialize, ToSchema)]
pub struct WorkshopDto {
    pub id: i64,
    pub title: String,
    pub purpose: String,
    pub agenda: String,
    pub place: String,
    #[schema(format = DateTime)]
    pub starts_at: String,
    #[schema(format = DateTime)]
    pub ends_at: String,
    pub state: SessionState,
    /// Dots each participant gives.
    pub dots: i64,
    /// Days after the workshop by which every idea should have its fate.
    pub fate_within_days: i64,
    /// The event people sign up for it through (`/api/v1/events/{id}`), when they do.
    pub event_id: Option<i64>,
    /// Who hosts it, the one who planned it first.
    pub hosts: Vec<NamedDto>,
    pub questions: Vec<NamedDto>,
    pub themes: Vec<NamedDto>,
    pub ideas: Vec<IdeaDto>,
    /// The code participants join the session with: shown to its facilitators only.
    pub code: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct FateDto {
    pub fate: Fate,
    pub adopted_as: Option<AdoptedAs>,
    /// The number of the initiative, need or request the idea became.
    pub adopted_id: Option<i64>,
    #[schema(format = Date)]
    pub parked_until: Option<String>,
    pub reason: String,
    pub responsible: String,
    #[schema(format = DateTime)]
    pub decided_at: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct IdeaDto {
    pub id: i64,
    pub workshop_id: i64,
    pub question_id: i64,
    pub text: String,
    /// The author's name as written; empty for an anonymous idea or a merged one.
    pub author_name: String,
    pub origin: Origin,
    pub theme_id: Option<i64>,
    pub dots: i64,
    /// The idea it was merged into, whose fate is its own.
    pub merged_into: Option<i64>,
    /// The ideas merged into it.
    pub merged_from: Vec<i64>,
    /// The idea it is a part of, when it came from splitting one.
    pub split_from: Option<i64>,
    /// Its parts, when it was split; their fates are their own.
    pub split_into: Vec<i64>,
    #[schema(format = DateTime)]
    pub created_at: String,
    pub fate: Option<FateDto>,
}

/// An idea with its kin: those merged into it and its parts.
fn idea_dto(i: &Idea, kin: &Kinship) -> IdeaDto {
    let ids = |kin: &[&Idea]| kin.iter().map(|k| k.id).collect();
    IdeaDto {
        id: i.id,
        workshop_id: i.workshop_id,
        question_id: i.question_id,
        text: i.text.clone(),
        author_name: i.author_name.clone(),
        origin: i.origin,
        theme_id: i.theme_id,
        dots: i.dots,
        merged_into: i.merged_into,
        merged_from: ids(kin.merged_from(i)),
        split_from: i.split_from,
        split_into: ids(kin.parts(i)),
        created_at: rfc3339(i.created_at),
        fate: i.fate.map(|fate| FateDto {
            fate,
            adopted_as: i.adopted_as,
            adopted_id: i.adopted_id,
            parked_until: i.parked_until.map(|d| d.to_string()),
            reason: i.fate_reason.clone(),
            responsible: i.fate_responsible.clone(),
            decided_at: i.fate_set_at.map(rfc3339),
        }),
    }
}

#[utoipa::path(get, path = "/api/v1/workshops", tag = "workshops",
    responses((status = 200, body = [WorkshopSummaryDto])))]
/// Workshops, the latest first.
pub async fn list(State(state): State<AppState>) -> AppResult<Json<Vec<WorkshopSummaryDto>>> {
    let cards = store::list(&state.db).await?;
    Ok(Json(
        cards
            .into_iter()
            .map(|c| WorkshopSummaryDto {
                id: c.id,
                title: c.title,
                place: c.place,
                starts_at: rfc3339(c.starts_at),
                ends_at: rfc3339(c.ends_at),
                state: c.state,
                ideas: c.ideas,
            })
            .collect(),
    ))
}

#[utoipa::path(get, path = "/api/v1/workshops/{id}", tag = "workshops",
    params(("id" = i64, Path)), security((), ("bearer" = [])),
    responses((status = 200, body = WorkshopDto), answers::Lookup, answers::Unauthenticated))]
/// A workshop with its questions, themes and every idea, its history and its fate: its public
/// report. Its facilitators also see the session's code.
pub async fn get(
    State(state): State<AppState>,
    OptionalApiCaller(viewer): OptionalApiCaller,
    Path(id): Path<i64>,
) -> AppResult<Json<WorkshopDto>> {
    Ok(Json(workshop_dto(&state, viewer.as_ref(), id).await?))
}

/// The workshop as `viewer` may see it.
async fn workshop_dto(
    state: &AppState,
    viewer: Option<&Viewer>,
    id: i64,
) -> AppResult<WorkshopDto> {
    let (w, ideas, themes) = tokio::try_join!(
        store::get(&state.db, id),
        store::ideas(&state.db, id),
        store::themes(&state.db, id)
    )?;
    let kin = Kinship::of(&ideas);
    let facilitates = can(
        viewer,
        Action::FacilitateWorkshop {
            hosts: &w.host_ids(),
        },
    );
    let d = &w.draft;
    Ok(WorkshopDto {
        id,
        title: d.title.clone(),
        purpose: d.purpose.clone(),
        agenda: d.agenda.clone(),
        place: d.place.clone(),
        starts_at: rfc3339(d.starts_at),
        ends_at: rfc3339(d.ends_at),
        state: w.state,
        dots: d.dots,
        fate_within_days: d.fate_within_days,
        event_id: w.event_id,
        hosts: w
            .hosts
            .iter()
            .map(|h| NamedDto {
                id: h.id,
                name: h.name.clone(),
            })
            .collect(),
        questions: w
            .questions
            .iter()
            .map(|q| NamedDto {
                id: q.id,
                name: q.prompt.clone(),
            })
            .collect(),
        themes: themes
            .into_iter()
            .map(|(id, name)| NamedDto { id, name })
            .collect(),
        ideas: ideas.iter().map(|i| idea_dto(i, &kin)).collect(),
        code: facilitates.then(|| w.code.clone()),
    })
}

async fn idea_with_history(state: &AppState, id: i64) -> AppResult<IdeaDto> {
    crate::moderation::routes::not_hidden(state, ContentKind::Idea, id).await?;
    let (idea, kin) = tokio::try_join!(store::idea(&state.db, id), store::kin(&state.db, id))?;
    Ok(idea_dto(&idea, &Kinship::of(&kin)))
}

#[utoipa::path(get, path = "/api/v1/ideas/{id}", tag = "workshops",
    params(("id" = i64, Path)), responses((status = 200, body = IdeaDto), answers::Lookup))]
/// One idea with its history and fate.
pub async fn idea(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Json<IdeaDto>> {
    Ok(Json(idea_with_history(&state, id).await?))
}

#[derive(Serialize, ToSchema)]
pub struct FoundIdeaDto {
    pub id: i64,
    pub text: String,
    pub workshop_id: i64,
    pub workshop_title: String,
    pub fate: Option<Fate>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct IdeaSearchParams {
    /// Free-text search in Danish (stemmed: `bump` finds `bumpene`); without words, nothing.
    #[serde(default)]
    pub q: String,
}

#[utoipa::path(get, path = "/api/v1/ideas", tag = "workshops", params(IdeaSearchParams),
    responses((status = 200, body = [FoundIdeaDto]), answers::BadRequest))]
/// Ideas from every workshop matching a search, the best matches first (a hundred at most).
/// Ideas merged into others are found through the idea they became.
pub async fn search(
    State(state): State<AppState>,
    Query(params): Query<IdeaSearchParams>,
) -> AppResult<Json<Vec<FoundIdeaDto>>> {
    let found = store::search_ideas(&state.db, &params.q, 100).await?;
    Ok(Json(
        found
            .into_iter()
            .map(|f| FoundIdeaDto {
                id: f.idea.id,
                text: f.idea.text,
                workshop_id: f.idea.workshop_id,
                workshop_title: f.workshop_title,
                fate: f.idea.fate,
            })
            .collect(),
    ))
}

/// A decision about an idea.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FateBody {
    /// The fate the idea had when the decision was made (none, or `parked`): a decision made
    /// since is not overwritten.
    pub from: Option<Fate>,
    pub fate: Fate,
    /// Required for `adopted`.
    pub adopted_as: Option<AdoptedAs>,
    /// The number of the initiative, need or request, when `adopted_as` is one of those.
    pub adopted_id: Option<i64>,
    /// Required for `parked`: a day after today (ISO 8601).
    #[schema(format = Date)]
    pub parked_until: Option<String>,
    #[schema(max_length = 2000)]
    pub reason: String,
    /// The name of the person answerable for it.
    #[schema(max_length = 100)]
    pub responsible: String,
}

#[utoipa::path(post, path = "/api/v1/ideas/{id}/fate", tag = "workshops",
    params(("id" = i64, Path)), request_body = FateBody, security(("bearer" = [])),
    responses((status = 200, body = IdeaDto), answers::GuardedChange))]
/// Decides what becomes of an idea (the workshop's facilitators); whoever wrote it or gave it a
/// dot is told.
pub async fn decide(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<FateBody>,
) -> AppResult<Json<IdeaDto>> {
    let draft = FateDraft {
        fate: body.fate,
        adopted_as: body.adopted_as,
        adopted_id: body.adopted_id,
        parked_until: api_day(body.parked_until.as_deref())?,
        reason: body.reason,
        responsible: body.responsible,
    };
    actions::decide(&state.db, &viewer, id, body.from, draft, FieldErrors::new()).await?;
    Ok(Json(idea_with_history(&state, id).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, work::plan))
        .routes(routes!(get))
        .routes(routes!(work::move_session))
        .routes(routes!(work::add_from_paper))
        .routes(routes!(work::add_theme))
        .routes(routes!(work::merge))
        .routes(routes!(idea))
        .routes(routes!(work::set_theme))
        .routes(routes!(work::split))
        .routes(routes!(search))
        .routes(routes!(decide))
        .routes(routes!(session::join))
        .routes(routes!(session::add))
        .routes(routes!(session::give_dot))
}
