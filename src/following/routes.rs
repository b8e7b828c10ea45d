//! Following pages: follow and unfollow buttons, the settings page, the inbox and the
//! unsubscribe link.

use super::model::*;
use super::store;
use crate::initiatives::model::Theme;
use crate::platform::error::{AppError, AppResult};
use crate::platform::i18n::Lang;
use crate::platform::time::format_date;
use crate::platform::web::{
    AppState, Choice, Ctx, Page, SignedIn, choices, render, safe_back, see_other,
};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::response::Response;
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/follows", post(change_follow))
        .route("/following", get(settings_page))
        .route("/following/email", post(set_email_mode))
        .route("/inbox", get(inbox_page))
        .route("/inbox/read", post(mark_read))
        .route(
            "/unsubscribe/{token}",
            get(unsubscribe_page).post(unsubscribe),
        )
}

/// A follow or unfollow button for another page.
pub struct FollowButton {
    pub kind: &'static str,
    pub target: String,
    pub label: String,
    pub following: bool,
    pub text: String,
}

/// Buttons for following each of `targets` (with the name to show), for the viewer, if any.
pub async fn follow_buttons(
    state: &AppState,
    ctx: &Ctx,
    targets: Vec<(Target, String)>,
) -> AppResult<Vec<FollowButton>> {
    let Some(viewer) = ctx.viewer.as_ref() else {
        return Ok(Vec::new());
    };
    let only: Vec<Target> = targets.iter().map(|(t, _)| t.clone()).collect();
    let followed = store::followed_among(&state.db, viewer.user_id, &only).await?;
    let s = ctx.s();
    Ok(targets
        .into_iter()
        .map(|(target, label)| {
            let following = followed.contains(&(target.kind(), target.key()));
            let kind = target.kind().code();
            let text = if following {
                s.unfollow_button(&label, kind)
            } else {
                s.follow_button(&label, kind)
            };
            FollowButton {
                kind: target.kind().code(),
                target: match &target {
                    Target::Neighbourhood(n) => n.clone(),
                    t => t.key(),
                },
                label,
                following,
                text,
            }
        })
        .collect())
}

#[derive(serde::Deserialize)]
struct FollowForm {
    kind: String,
    target: String,
    #[serde(default)]
    label: String,
    #[serde(default)]
    unfollow: String,
    #[serde(default)]
    back: String,
}

async fn change_follow(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Form(form): Form<FollowForm>,
) -> AppResult<Response> {
    let target = Target::parse(&form.kind, &form.target)
        .ok_or_else(|| AppError::BadRequest(crate::text!(err_choose)))?;
    if form.unfollow == "yes" {
        store::unfollow(&state.db, viewer.user_id, target.kind(), &target.key()).await?;
    } else {
        let label = crate::platform::input::printable(&form.label);
        let label: String = label.chars().take(200).collect();
        store::follow(&state.db, viewer.user_id, &target, &label).await?;
    }
    Ok(see_other(&safe_back(Some(&form.back))))
}

struct FollowView {
    kind_label: &'static str,
    label: String,
    href: Option<String>,
    button: FollowButton,
}

#[derive(Template)]
#[template(path = "following/settings.html")]
struct SettingsPage {
    page: Page,
    modes: Vec<Choice>,
    follows: Vec<FollowView>,
}

/// The name a follow was made with, or its key when it came without one (e.g. from the API).
fn or_key(f: &store::Follow) -> String {
    if f.label.is_empty() {
        f.key.clone()
    } else {
        f.label.clone()
    }
}

fn follow_view(f: store::Follow, lang: Lang) -> FollowView {
    let s = lang.strings();
    let (label, href, target) = match f.kind {
        TargetKind::Theme => (
            Theme::parse(&f.key)
                .map(|t| t.label(lang).to_string())
                .unwrap_or(f.label.clone()),
            Some(format!("/initiatives?theme={}", f.key)),
            f.key.clone(),
        ),
        // The stored key is a neighbourhood's comparison key, which parses to itself again.
        TargetKind::Neighbourhood => (
            if f.label.is_empty() {
                f.key.clone()
            } else {
                f.label.clone()
            },
            None,
            f.key.clone(),
        ),
        TargetKind::Initiative => (
            or_key(&f),
            Some(format!("/initiatives/{}", f.key)),
            f.key.clone(),
        ),
        TargetKind::Actor => (
            or_key(&f),
            Some(format!("/actors/{}", f.key)),
            f.key.clone(),
        ),
        TargetKind::Tip => (or_key(&f), Some(format!("/tips/{}", f.key)), f.key.clone()),
        TargetKind::Thread => (
            or_key(&f),
            Some(format!("/debate/{}", f.key)),
            f.key.clone(),
        ),
        TargetKind::Idea => (or_key(&f), Some(format!("/ideas/{}", f.key)), f.key.clone()),
    };
    FollowView {
        kind_label: f.kind.label(lang),
        button: FollowButton {
            kind: f.kind.code(),
            target,
            label: label.clone(),
            following: true,
            text: format!("{} {}", s.unfollow, label),
        },
        label,
        href,
    }
}

async fn settings_page(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
) -> AppResult<Response> {
    let (mode, _) = store::settings(&state.db, viewer.user_id).await?;
    let follows = store::follows_of(&state.db, viewer.user_id)
        .await?
        .into_iter()
        .map(|f| follow_view(f, ctx.lang))
        .collect();
    render(&SettingsPage {
        page: ctx.page(ctx.s().following_title),
        modes: choices(EmailMode::options(ctx.lang), &[mode.code()]),
        follows,
    })
}

#[derive(serde::Deserialize)]
struct ModeForm {
    #[serde(default)]
    email_mode: String,
}

async fn set_email_mode(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Form(form): Form<ModeForm>,
) -> AppResult<Response> {
    let mode = EmailMode::parse(&form.email_mode)
        .ok_or_else(|| AppError::BadRequest(crate::text!(err_choose)))?;
    store::set_email_mode(&state.db, viewer.user_id, mode).await?;
    Ok(see_other("/following"))
}

struct InboxView {
    text: String,
    link: String,
    date: String,
    read: bool,
}

#[derive(Template)]
#[template(path = "following/inbox.html")]
struct InboxPage {
    page: Page,
    entries: Vec<InboxView>,
    unread: bool,
}

async fn inbox_page(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
) -> AppResult<Response> {
    let entries: Vec<InboxView> = store::inbox(&state.db, viewer.user_id, 100)
        .await?
        .into_iter()
        .map(|e| InboxView {
            text: e.notice.describe(ctx.lang),
            link: e.notice.link,
            date: format_date(e.created_at, ctx.lang),
            read: e.read,
        })
        .collect();
    render(&InboxPage {
        page: ctx.page(ctx.s().inbox_title),
        unread: entries.iter().any(|e| !e.read),
        entries,
    })
}

async fn mark_read(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
) -> AppResult<Response> {
    store::mark_all_read(&state.db, viewer.user_id).await?;
    Ok(see_other("/inbox"))
}

#[derive(Template)]
#[template(path = "following/unsubscribe.html")]
struct UnsubscribePage {
    page: Page,
    token: String,
    done: bool,
}

async fn unsubscribe_page(ctx: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    render(&UnsubscribePage {
        page: ctx.page(ctx.s().unsubscribe_title),
        token,
        done: false,
    })
}

/// Turns e-mail off, from the page's button or a mail program's one-click request.
async fn unsubscribe(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    if !store::unsubscribe(&state.db, &token).await? {
        return Err(AppError::NotFound);
    }
    render(&UnsubscribePage {
        page: ctx.page(ctx.s().unsubscribe_title),
        token,
        done: true,
    })
}
