//! Reporting content, the moderators' queue, and the author's request for a review.

use super::actions;
use super::model::{ContentKind, ReportDraft, ReportReason};
use super::store::{self, Hidden};
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::permissions::{Action, can, require};
use crate::platform::time::format_moment;
use crate::platform::web::{
    AppState, Choice, Client, Ctx, Page, SignedIn, choices, render, render_status, see_other,
};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/report/{kind}/{id}", get(report_form).post(report))
        .route("/moderation", get(queue))
        .route("/moderation/{kind}/{id}/hide", post(hide))
        .route("/moderation/{kind}/{id}/keep", post(keep))
        .route("/moderation/{kind}/{id}/restore", post(restore))
        .route("/moderation/{kind}/{id}/review", post(ask_review))
}

/// What a content's page shows of its moderation: the notice to its author when it is hidden,
/// and the link to report it.
pub struct Moderation {
    pub kind: ContentKind,
    pub id: i64,
    pub hidden: Option<Hidden>,
    /// Whether the viewer moderates (who is not asked to request a review).
    pub moderator: bool,
}

/// The moderation of the content a page shows; hidden content is `Hidden` (410) to everyone but
/// its authors and the moderators.
pub async fn on_page(
    state: &AppState,
    ctx: &Ctx,
    kind: ContentKind,
    id: i64,
) -> AppResult<Moderation> {
    let hidden = store::hidden_of(&state.db, kind, id).await?;
    if hidden.is_some() {
        let content = store::content_of(&state.db, kind, id).await?;
        if !content.is_some_and(|c| actions::sees_hidden(ctx.viewer.as_ref(), &c)) {
            return Err(AppError::Hidden);
        }
    }
    Ok(Moderation {
        kind,
        id,
        hidden,
        moderator: can(ctx.viewer.as_ref(), Action::Moderate),
    })
}

/// The content, for the API, unless a moderator has hidden it: then it is not found there (its
/// authors see it on its page).
pub async fn not_hidden(state: &AppState, kind: ContentKind, id: i64) -> AppResult<()> {
    match store::hidden_of(&state.db, kind, id).await? {
        Some(_) => Err(AppError::NotFound),
        None => Ok(()),
    }
}

fn kind_of(code: &str) -> AppResult<ContentKind> {
    ContentKind::parse(code).ok_or(AppError::NotFound)
}

#[derive(Template)]
#[template(path = "moderation/report.html")]
struct ReportPage {
    page: Page,
    action: String,
    back: String,
    what: String,
    reasons: Vec<Choice>,
    details: String,
    errors: FieldErrors,
}

#[derive(serde::Deserialize, Default)]
struct ReportForm {
    #[serde(default)]
    reason: String,
    #[serde(default)]
    details: String,
}

async fn report_page(
    state: &AppState,
    ctx: &Ctx,
    kind: ContentKind,
    id: i64,
    form: ReportForm,
    errors: FieldErrors,
) -> AppResult<ReportPage> {
    let content = store::content_of(&state.db, kind, id)
        .await?
        .ok_or(AppError::NotFound)?;
    // Hidden content is not shown again here, not even its title.
    let hidden = store::hidden_of(&state.db, kind, id).await?.is_some();
    if hidden && !actions::sees_hidden(ctx.viewer.as_ref(), &content) {
        return Err(AppError::NotFound);
    }
    Ok(ReportPage {
        page: ctx.page(ctx.s().report_title),
        action: format!("/report/{}/{id}", kind.code()),
        back: kind.path(id),
        what: content.title,
        reasons: choices(ReportReason::options(ctx.lang), &[form.reason.as_str()]),
        details: form.details,
        errors,
    })
}

async fn report_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((kind, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    let kind = kind_of(&kind)?;
    let page = report_page(
        &state,
        &ctx,
        kind,
        id,
        ReportForm::default(),
        FieldErrors::new(),
    );
    render(&page.await?)
}

#[derive(Template)]
#[template(path = "moderation/reported.html")]
struct ReportedPage {
    page: Page,
    back: String,
}

async fn report(
    State(state): State<AppState>,
    ctx: Ctx,
    Client(client): Client,
    Path((kind, id)): Path<(String, i64)>,
    Form(form): Form<ReportForm>,
) -> AppResult<Response> {
    let kind = kind_of(&kind)?;
    let draft = ReportDraft {
        reason: ReportReason::parse(&form.reason),
        details: form.details.clone(),
    };
    let viewer = ctx.viewer.as_ref();
    let (status, errors) = match actions::report(&state.db, viewer, &client, kind, id, draft).await
    {
        Ok(()) => {
            return render(&ReportedPage {
                page: ctx.page(ctx.s().reported_title),
                back: kind.path(id),
            });
        }
        Err(AppError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        Err(AppError::TooManyRequests) => (
            StatusCode::TOO_MANY_REQUESTS,
            [("reason", crate::text!(error_too_many))].into(),
        ),
        Err(e) => return Err(e),
    };
    let page = report_page(&state, &ctx, kind, id, form, errors).await?;
    render_status(status, &page)
}

/// One line of the queue.
struct QueueLine {
    kind: &'static str,
    code: &'static str,
    id: i64,
    title: String,
    link: String,
    reports: i64,
    reasons: Vec<String>,
    hidden: Option<(Hidden, String)>,
}

#[derive(Template)]
#[template(path = "moderation/queue.html")]
struct QueuePage {
    page: Page,
    lines: Vec<QueueLine>,
    errors: FieldErrors,
}

async fn queue_page(state: &AppState, ctx: &Ctx, errors: FieldErrors) -> AppResult<Response> {
    let waiting = store::queue(&state.db).await?;
    let mut titles: HashMap<(ContentKind, i64), String> = HashMap::new();
    for kind in ContentKind::ALL {
        let ids: Vec<i64> = waiting
            .iter()
            .filter(|w| w.kind == *kind)
            .map(|w| w.target_id)
            .collect();
        for c in store::contents(&state.db, *kind, &ids).await? {
            titles.insert((c.kind, c.id), c.title);
        }
    }
    let lines = waiting
        .into_iter()
        .map(|w| QueueLine {
            kind: w.kind.label(ctx.lang),
            code: w.kind.code(),
            id: w.target_id,
            title: titles.remove(&(w.kind, w.target_id)).unwrap_or_default(),
            link: w.kind.path(w.target_id),
            reports: w.reports,
            reasons: w
                .reasons
                .iter()
                .map(|(code, details)| {
                    let label = ReportReason::parse(code).map_or("", |r| r.label(ctx.lang));
                    match details.is_empty() {
                        true => label.to_string(),
                        false => format!("{label}: {details}"),
                    }
                })
                .collect(),
            hidden: w.hidden.map(|h| {
                let at = format_moment(h.hidden_at, ctx.lang);
                (h, at)
            }),
        })
        .collect();
    let status = match errors.is_empty() {
        true => StatusCode::OK,
        false => StatusCode::UNPROCESSABLE_ENTITY,
    };
    let page = QueuePage {
        page: ctx.page(ctx.s().moderation_title),
        lines,
        errors,
    };
    render_status(status, &page)
}

async fn queue(
    State(state): State<AppState>,
    SignedIn(ctx, viewer): SignedIn,
) -> AppResult<Response> {
    require(Some(&viewer), Action::Moderate)?;
    queue_page(&state, &ctx, FieldErrors::new()).await
}

#[derive(serde::Deserialize)]
struct ReasonForm {
    #[serde(default, alias = "restore_reason", alias = "message")]
    reason: String,
}

/// After a moderator's step: the queue again, or with the reason's problem.
async fn after(state: &AppState, ctx: &Ctx, done: AppResult<()>) -> AppResult<Response> {
    match done {
        Ok(()) => Ok(see_other("/moderation")),
        Err(AppError::Invalid(errors)) => queue_page(state, ctx, errors).await,
        Err(e) => Err(e),
    }
}

async fn hide(
    State(state): State<AppState>,
    SignedIn(ctx, viewer): SignedIn,
    Path((kind, id)): Path<(String, i64)>,
    Form(form): Form<ReasonForm>,
) -> AppResult<Response> {
    let done = actions::hide(&state.db, &viewer, kind_of(&kind)?, id, form.reason).await;
    after(&state, &ctx, done).await
}

async fn keep(
    State(state): State<AppState>,
    SignedIn(ctx, viewer): SignedIn,
    Path((kind, id)): Path<(String, i64)>,
) -> AppResult<Response> {
    let done = actions::keep(&state.db, &viewer, kind_of(&kind)?, id).await;
    after(&state, &ctx, done).await
}

async fn restore(
    State(state): State<AppState>,
    SignedIn(ctx, viewer): SignedIn,
    Path((kind, id)): Path<(String, i64)>,
    Form(form): Form<ReasonForm>,
) -> AppResult<Response> {
    let done = actions::restore(&state.db, &viewer, kind_of(&kind)?, id, form.reason).await;
    after(&state, &ctx, done).await
}

async fn ask_review(
    State(state): State<AppState>,
    SignedIn(_, viewer): SignedIn,
    Path((kind, id)): Path<(String, i64)>,
    Form(form): Form<ReasonForm>,
) -> AppResult<Response> {
    let kind = kind_of(&kind)?;
    actions::ask_review(&state.db, &viewer, kind, id, form.reason).await?;
    Ok(see_other(&format!("{}?review=asked", kind.path(id))))
}
