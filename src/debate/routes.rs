//! Debate on the web: the threads (all, or about one subject), starting one, a thread with its
//! replies and quotes, the reply form and the form that concludes it.

use super::actions;
use super::model::*;
use super::notices::subject_words;
use super::store::{self, Post, Thread};
use crate::following::model::{Target, TargetKind};
use crate::following::routes::{FollowButton, follow_buttons};
use crate::initiatives::model::Theme;
use crate::moderation::{
    model::ContentKind,
    routes::{Moderation, on_page},
};
use crate::platform::error::{AppResult, FieldErrors};
use crate::platform::prose::{Piece, pieces};
use crate::platform::time::{format_civil_date, format_date, parse_date};
use crate::platform::web::{
    AppState, Choice, Ctx, Page, SignedIn, choices, render, render_status, see_other,
};
use crate::text;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use axum::routing::{get, post};
use axum_extra::extract::Form;
use std::collections::HashMap;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/debate", get(list).post(start))
        .route("/debate/new", get(new_form))
        .route("/debate/{id}", get(show))
        .route("/debate/{id}/posts", post(reply))
        .route("/debate/{id}/conclude", post(conclude))
        .route("/debate/posts/{id}", get(post_page))
}

/// What a list or a new thread is about, as the address names it (`?kind=theme&key=…`).
#[derive(Default, serde::Deserialize)]
#[serde(default)]
struct About {
    kind: String,
    key: String,
    /// Words to search for (Danish, stemmed).
    q: String,
}

impl About {
    fn subject(&self) -> Option<Target> {
        Target::parse(&self.kind, &self.key).filter(debatable)
    }
}

/// Where a subject is found on the site.
/// The neighbourhood goes in the address as people write it, so the list can name it so.
fn subject_href(thread: &Thread) -> String {
    match &thread.subject {
        Target::Initiative(id) => format!("/initiatives/{id}"),
        Target::Theme(t) => format!("/debate?kind=theme&key={}", t.code()),
        _ => format!(
            "/debate?kind=neighbourhood&key={}",
            crate::platform::web::url_encode(&thread.subject_label)
        ),
    }
}

/// A thread in a list, in the reader's words.
struct ThreadCard {
    id: i64,
    title: String,
    about: String,
    replies: i64,
    concluded: bool,
    started: String,
}

fn card(t: &Thread, ctx: &Ctx) -> ThreadCard {
    ThreadCard {
        id: t.id,
        title: t.title.clone(),
        about: subject_words(t, ctx.lang),
        replies: t.posts,
        concluded: t.outcome.is_some(),
        started: format_date(t.created_at, ctx.lang),
    }
}

#[derive(Template)]
#[template(path = "debate/list.html")]
struct ListPage {
    page: Page,
    about: Option<String>,
    new_href: String,
    threads: Vec<ThreadCard>,
    themes: Vec<Choice>,
    /// The subject a search keeps (kind and key), unless it is a theme, which is chosen.
    kept: Option<(String, String)>,
    q: String,
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(about): Query<About>,
) -> AppResult<Response> {
    let s = ctx.s();
    let subject = about.subject();
    let threads = store::list(&state.db, subject.as_ref(), &about.q).await?;
    let about_words = match &subject {
        Some(Target::Theme(t)) => Some(t.label(ctx.lang).to_string()),
        Some(Target::Initiative(id)) => Some(
            crate::initiatives::store::get(&state.db, *id)
                .await?
                .draft
                .title,
        ),
        Some(Target::Neighbourhood(typed)) => Some(typed.trim().to_string()),
        Some(other) => Some(other.key()),
        None => None,
    };
    let new_href = match &subject {
        Some(t) => format!(
            "/debate/new?kind={}&key={}",
            t.kind().code(),
            crate::platform::web::url_encode(&about.key)
        ),
        None => "/debate/new".to_string(),
    };
    render(&ListPage {
        page: ctx.page(match &about_words {
            Some(a) => s.debate_about(a.as_str()),
            None => s.debate_title.to_string(),
        }),
        about: about_words,
        new_href,
        threads: threads.iter().map(|t| card(t, &ctx)).collect(),
        themes: choices(Theme::options(ctx.lang), &[about.key.as_str()]),
        // A search within a neighbourhood's or an initiative's debates stays there.
        kept: match &subject {
            Some(Target::Theme(_)) | None => None,
            Some(t) => Some((t.kind().code().to_string(), about.key.trim().to_string())),
        },
        q: about.q.clone(),
    })
}

/// The new thread as typed.
#[derive(Default, serde::Deserialize)]
#[serde(default)]
struct ThreadForm {
    kind: String,
    theme: String,
    neighbourhood: String,
    initiative: String,
    title: String,
    body: String,
}

#[derive(Template)]
#[template(path = "debate/new.html")]
struct NewPage {
    page: Page,
    form: ThreadForm,
    initiative_title: Option<String>,
    kinds: Vec<Choice>,
    themes: Vec<Choice>,
    errors: FieldErrors,
}

async fn new_page(
    state: &AppState,
    ctx: &Ctx,
    form: ThreadForm,
    errors: FieldErrors,
) -> AppResult<NewPage> {
    let (lang, s) = (ctx.lang, ctx.s());
    let initiative_title = match form.initiative.parse::<i64>() {
        Ok(id) => Some(
            crate::initiatives::store::get(&state.db, id)
                .await?
                .draft
                .title,
        ),
        Err(_) => None,
    };
    let kinds = vec![
        (TargetKind::Theme.code(), s.debate_on_theme),
        (TargetKind::Neighbourhood.code(), s.debate_on_neighbourhood),
    ];
    Ok(NewPage {
        page: ctx.page(s.debate_new),
        kinds: choices(kinds, &[form.kind.as_str()]),
        themes: choices(Theme::options(lang), &[form.theme.as_str()]),
        initiative_title,
        form,
        errors,
    })
}

async fn new_form(
    State(state): State<AppState>,
    SignedIn(ctx, _): SignedIn,
    Query(about): Query<About>,
) -> AppResult<Response> {
    let mut form = ThreadForm {
        kind: TargetKind::Theme.code().into(),
        ..ThreadForm::default()
    };
    match about.subject() {
        Some(Target::Initiative(id)) => form.initiative = id.to_string(),
        Some(Target::Theme(t)) => form.theme = t.code().into(),
        Some(Target::Neighbourhood(n)) => {
            form.kind = TargetKind::Neighbourhood.code().into();
            form.neighbourhood = n;
        }
        _ => {}
    }
    render(&new_page(&state, &ctx, form, FieldErrors::new()).await?)
}

async fn start(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Form(form): Form<ThreadForm>,
) -> AppResult<Response> {
    let subject = match form.initiative.parse::<i64>() {
        Ok(id) => Some(Target::Initiative(id)),
        Err(_) => match TargetKind::parse(&form.kind) {
            Some(TargetKind::Theme) => Theme::parse(&form.theme).map(Target::Theme),
            Some(TargetKind::Neighbourhood) => Target::parse("neighbourhood", &form.neighbourhood),
            _ => None,
        },
    };
    let Some(subject) = subject else {
        let field = if form.kind == "neighbourhood" {
            "neighbourhood"
        } else {
            "theme"
        };
        let errors = FieldErrors::from([(field, text!(err_choose))]);
        return render_status(
            axum::http::StatusCode::UNPROCESSABLE_ENTITY,
            &new_page(&state, &ctx, form, errors).await?,
        );
    };
    let label = form.neighbourhood.trim().to_string();
    let draft = ThreadDraft {
        subject,
        title: form.title.clone(),
        body: form.body.clone(),
    };
    match actions::start(&state.db, viewer, draft, &label).await {
        Ok(id) => Ok(see_other(&format!("/debate/{id}"))),
        Err(e) => {
            let (status, errors) = e.on_form("body")?;
            render_status(status, &new_page(&state, &ctx, form, errors).await?)
        }
    }
}

/// How the thread ended, in the reader's words.
struct OutcomeView {
    text: Vec<Piece>,
    by: String,
    on: String,
    review: String,
}

/// A post in the reader's words, with the post it quotes.
struct PostView {
    moderation: Moderation,
    id: i64,
    author: String,
    written: String,
    pieces: Vec<Piece>,
    quote: Option<(String, String)>,
}

#[derive(Default, serde::Deserialize)]
#[serde(default)]
struct ReplyForm {
    body: String,
    quote_of: String,
}

#[derive(Default, serde::Deserialize)]
#[serde(default)]
struct OutcomeForm {
    outcome: String,
    concluded_by: String,
    review_on: String,
}

#[derive(Default, serde::Deserialize)]
#[serde(default)]
struct QuoteQuery {
    quote: String,
}

#[derive(Template)]
#[template(path = "debate/thread.html")]
struct ThreadPage {
    page: Page,
    moderation: Moderation,
    id: i64,
    about: String,
    about_href: String,
    started_by: String,
    started: String,
    opening: Vec<Piece>,
    posts: Vec<PostView>,
    outcome: Option<OutcomeView>,
    follow: Vec<FollowButton>,
    signed_in: bool,
    may_conclude: bool,
    quoting: Option<(String, String)>,
    reply: ReplyForm,
    conclusion: OutcomeForm,
    errors: FieldErrors,
}

/// The first words of a post, for a quote.
fn excerpt(body: &str) -> String {
    let words: String = body.chars().take(200).collect();
    if words.len() < body.len() {
        format!("{words}…")
    } else {
        words
    }
}

async fn thread_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    reply: ReplyForm,
    conclusion: OutcomeForm,
    errors: FieldErrors,
) -> AppResult<ThreadPage> {
    let lang = ctx.lang;
    let moderation = on_page(state, ctx, ContentKind::Thread, id).await?;
    let (t, posts) = tokio::try_join!(store::get(&state.db, id), store::posts(&state.db, id))?;
    // A hidden post is shown to its author and the moderators only, and is quoted by nobody.
    let sees = |p: &Post| {
        p.hidden.is_none()
            || moderation.moderator
            || ctx
                .viewer
                .as_ref()
                .is_some_and(|v| v.user_id == p.written_by)
    };
    let posts: Vec<Post> = posts.into_iter().filter(|p| sees(p)).collect();
    let moderator = moderation.moderator;
    let by_id: HashMap<i64, &Post> = posts.iter().map(|p| (p.id, p)).collect();
    let quote_of = |id: Option<i64>| {
        id.and_then(|q| by_id.get(&q))
            .map(|p| (p.author_name.clone(), excerpt(&p.body)))
    };
    let may_conclude = actions::may_conclude(&state.db, ctx.viewer.as_ref(), &t).await?;
    let follow = follow_buttons(state, ctx, vec![(Target::Thread(id), t.title.clone())]).await?;
    Ok(ThreadPage {
        page: ctx.page(t.title.clone()),
        moderation,
        id,
        about: subject_words(&t, lang),
        about_href: subject_href(&t),
        started_by: t.started_by_name.clone(),
        started: format_date(t.created_at, lang),
        opening: pieces(&t.body),
        posts: posts
            .iter()
            .map(|p| PostView {
                moderation: Moderation {
                    kind: ContentKind::Post,
                    id: p.id,
                    hidden: p.hidden.clone(),
                    moderator,
                },
                id: p.id,
                author: p.author_name.clone(),
                written: format_date(p.written_at, lang),
                pieces: pieces(&p.body),
                quote: quote_of(p.quote_of),
            })
            .collect(),
        outcome: t.outcome.as_ref().map(|o| OutcomeView {
            text: pieces(&o.outcome),
            by: o.concluded_by.clone(),
            on: format_date(o.closed_at, lang),
            review: o
                .review_on
                .map(|d| format_civil_date(d, lang))
                .unwrap_or_default(),
        }),
        follow,
        signed_in: ctx.viewer.is_some(),
        may_conclude: may_conclude && t.outcome.is_none(),
        quoting: quote_of(reply.quote_of.parse().ok()),
        reply,
        conclusion,
        errors,
    })
}

async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(q): Query<QuoteQuery>,
) -> AppResult<Response> {
    let reply = ReplyForm {
        quote_of: q.quote,
        ..ReplyForm::default()
    };
    render(
        &thread_page(
            &state,
            &ctx,
            id,
            reply,
            OutcomeForm::default(),
            FieldErrors::new(),
        )
        .await?,
    )
}

async fn reply(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<ReplyForm>,
) -> AppResult<Response> {
    let draft = PostDraft {
        body: form.body.clone(),
        quote_of: form.quote_of.parse().ok(),
    };
    match actions::reply(&state.db, viewer, id, draft).await {
        Ok(post) => Ok(see_other(&format!("/debate/{id}#post-{post}"))),
        Err(e) => {
            let (status, errors) = e.on_form("body")?;
            render_status(
                status,
                &thread_page(&state, &ctx, id, form, OutcomeForm::default(), errors).await?,
            )
        }
    }
}

async fn conclude(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<OutcomeForm>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::new();
    let review_on = match form.review_on.trim() {
        "" => None,
        typed => parse_date(typed).or_else(|| {
            errors.insert("review_on", text!(err_date));
            None
        }),
    };
    let outcome = OutcomeDraft {
        outcome: form.outcome.clone(),
        concluded_by: form.concluded_by.clone(),
        review_on,
    };
    match actions::conclude(&state.db, viewer, id, outcome, errors).await {
        Ok(()) => Ok(see_other(&format!("/debate/{id}#outcome"))),
        Err(e) => {
            let (status, errors) = e.on_form("outcome")?;
            render_status(
                status,
                &thread_page(&state, &ctx, id, ReplyForm::default(), form, errors).await?,
            )
        }
    }
}

/// A post's own address, where a report about it leads back: its place in its thread.
async fn post_page(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Response> {
    let thread = store::thread_of_post(&state.db, id).await?;
    Ok(see_other(&format!("/debate/{thread}#post-{id}")))
}
