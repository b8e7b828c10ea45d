//! Debate in the JSON API: the threads (all, about one subject, or matching a search), a
//! thread with its replies and outcome, and starting, replying to and concluding one.

use super::actions;
use super::model::{OutcomeDraft, PostDraft, ThreadDraft, debatable};
use super::notices::subject_words;
use super::store::{self, Thread};
use crate::following::model::{Target, TargetKind};
use crate::moderation::model::ContentKind;
use crate::platform::auth::ApiCaller;
use crate::platform::error::{AppError, AppResult, FieldErrors, answers};
use crate::platform::i18n::Lang;
use crate::platform::time::{api_day, rfc3339};
use crate::platform::web::AppState;
use crate::text;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

#[derive(Serialize, ToSchema)]
pub struct OutcomeDto {
    pub outcome: String,
    /// Who concluded it, in their words.
    pub concluded_by: String,
    #[schema(format = Date)]
    pub review_on: Option<String>,
    #[schema(format = DateTime)]
    pub concluded_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct ThreadSummaryDto {
    pub id: i64,
    /// `initiative`, `theme` or `neighbourhood`.
    pub subject_kind: TargetKind,
    /// The initiative's number, the theme's code, or the neighbourhood.
    pub subject: String,
    /// How the subject reads.
    pub subject_label: String,
    pub title: String,
    pub started_by_name: String,
    #[schema(format = DateTime)]
    pub created_at: String,
    pub replies: i64,
    pub outcome: Option<OutcomeDto>,
}

#[derive(Serialize, ToSchema)]
pub struct PostDto {
    pub id: i64,
    pub body: String,
    /// The reply it quotes.
    pub quote_of: Option<i64>,
    pub author_name: String,
    #[schema(format = DateTime)]
    pub written_at: String,
}

#[derive(Serialize, ToSchema)]
pub struct ThreadDto {
    #[serde(flatten)]
    pub summary: ThreadSummaryDto,
    /// The opening post.
    pub body: String,
    pub posts: Vec<PostDto>,
}

fn summary(t: &Thread, lang: Lang) -> ThreadSummaryDto {
    ThreadSummaryDto {
        id: t.id,
        subject_kind: t.subject.kind(),
        subject: match &t.subject {
            Target::Neighbourhood(n) if !t.subject_label.is_empty() => n.clone(),
            other => other.key(),
        },
        subject_label: subject_words(t, lang),
        title: t.title.clone(),
        started_by_name: t.started_by_name.clone(),
        created_at: rfc3339(t.created_at),
        replies: t.posts,
        outcome: t.outcome.as_ref().map(|o| OutcomeDto {
            outcome: o.outcome.clone(),
            concluded_by: o.concluded_by.clone(),
            review_on: o.review_on.map(|d| d.to_string()),
            concluded_at: rfc3339(o.closed_at),
        }),
    }
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ThreadListParams {
    /// With `subject`: only threads about it (`initiative`, `theme` or `neighbourhood`).
    pub subject_kind: Option<String>,
    /// The initiative's number, the theme's code, or the neighbourhood.
    pub subject: Option<String>,
    /// Free-text search in Danish (stemmed: `hastighed` finds `hastigheden`); the best
    /// matches come first.
    pub q: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/debate", tag = "debate", params(ThreadListParams),
    responses((status = 200, body = [ThreadSummaryDto]), answers::BadRequest))]
/// Threads, the latest active first, or the best matches of a search (a hundred at most).
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<ThreadListParams>,
) -> AppResult<Json<Vec<ThreadSummaryDto>>> {
    let about = match (&q.subject_kind, &q.subject) {
        (None, None) => None,
        (Some(kind), Some(key)) => Some(
            Target::parse(kind, key)
                .filter(debatable)
                .ok_or(AppError::BadRequest(crate::text!(err_choose)))?,
        ),
        _ => return Err(AppError::BadRequest(crate::text!(err_choose))),
    };
    let lang = Lang::of_headers(&headers);
    let threads = store::list(
        &state.db,
        about.as_ref(),
        q.q.as_deref().unwrap_or_default(),
    )
    .await?;
    Ok(Json(threads.iter().map(|t| summary(t, lang)).collect()))
}

#[utoipa::path(get, path = "/api/v1/debate/{id}", tag = "debate",
    params(("id" = i64, Path)), responses((status = 200, body = ThreadDto), answers::Lookup))]
/// A thread with its opening post, its replies in order and its outcome.
pub async fn get(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Json<ThreadDto>> {
    Ok(Json(thread_dto(&state, &headers, id).await?))
}

async fn thread_dto(state: &AppState, headers: &HeaderMap, id: i64) -> AppResult<ThreadDto> {
    crate::moderation::routes::not_hidden(state, ContentKind::Thread, id).await?;
    let (t, posts) = tokio::try_join!(store::get(&state.db, id), store::posts(&state.db, id))?;
    Ok(ThreadDto {
        summary: summary(&t, Lang::of_headers(headers)),
        body: t.body.clone(),
        posts: posts
            .into_iter()
            .filter(|p| p.hidden.is_none())
            .map(|p| PostDto {
                id: p.id,
                body: p.body,
                quote_of: p.quote_of,
                author_name: p.author_name,
                written_at: rfc3339(p.written_at),
            })
            .collect(),
    })
}

/// A new thread.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ThreadBody {
    /// `initiative`, `theme` or `neighbourhood`.
    pub subject_kind: String,
    /// The initiative's number, the theme's code, or the neighbourhood as people write it.
    pub subject: String,
    #[schema(max_length = 200)]
    pub title: String,
    /// Plain text; web addresses become links.
    #[schema(max_length = 10000)]
    pub body: String,
}

#[utoipa::path(post, path = "/api/v1/debate", tag = "debate", request_body = ThreadBody,
    security(("bearer" = [])),
    responses((status = 201, body = ThreadDto), answers::Submission))]
/// Starts a thread; those who follow its subject are told, and the caller follows it.
pub async fn start(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Json(body): Json<ThreadBody>,
) -> AppResult<(StatusCode, Json<ThreadDto>)> {
    let subject = Target::parse(&body.subject_kind, &body.subject)
        .filter(debatable)
        .ok_or_else(|| AppError::Invalid(FieldErrors::from([("subject", text!(err_choose))])))?;
    let draft = ThreadDraft {
        subject,
        title: body.title,
        body: body.body,
    };
    let id = actions::start(&state.db, &viewer, draft, body.subject.trim()).await?;
    Ok((
        StatusCode::CREATED,
        Json(thread_dto(&state, &headers, id).await?),
    ))
}

/// A reply.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PostBody {
    #[schema(max_length = 10000)]
    pub body: String,
    /// A post of the same thread it quotes.
    pub quote_of: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/debate/{id}/posts", tag = "debate", request_body = PostBody,
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 201, body = ThreadDto), answers::GuardedChange))]
/// Replies to an open thread (409 `thread_closed` once it is concluded); its followers are told.
pub async fn reply(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<PostBody>,
) -> AppResult<(StatusCode, Json<ThreadDto>)> {
    crate::moderation::routes::not_hidden(&state, ContentKind::Thread, id).await?;
    let draft = PostDraft {
        body: body.body,
        quote_of: body.quote_of,
    };
    actions::reply(&state.db, &viewer, id, draft).await?;
    Ok((
        StatusCode::CREATED,
        Json(thread_dto(&state, &headers, id).await?),
    ))
}

/// How a thread ended.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OutcomeBody {
    #[schema(max_length = 4000)]
    pub outcome: String,
    /// Who concluded it, in the caller's words.
    #[schema(max_length = 300)]
    pub concluded_by: String,
    /// A day after today to look at it again.
    #[schema(format = Date)]
    pub review_on: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/debate/{id}/conclude", tag = "debate",
    request_body = OutcomeBody, params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = ThreadDto), answers::GuardedChange))]
/// Concludes a thread with its outcome, once (its starter, the initiative's leaders, or a
/// moderator); its followers are told.
pub async fn conclude(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<OutcomeBody>,
) -> AppResult<Json<ThreadDto>> {
    crate::moderation::routes::not_hidden(&state, ContentKind::Thread, id).await?;
    let outcome = OutcomeDraft {
        outcome: body.outcome,
        concluded_by: body.concluded_by,
        review_on: api_day(body.review_on.as_deref())?,
    };
    actions::conclude(&state.db, &viewer, id, outcome, FieldErrors::new()).await?;
    Ok(Json(thread_dto(&state, &headers, id).await?))
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list, start))
        .routes(routes!(get))
        .routes(routes!(reply))
        .routes(routes!(conclude))
}
