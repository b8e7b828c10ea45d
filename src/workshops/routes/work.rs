//! Facilitators working the ideas together: themes to group them under, an idea's theme, and
//! merging ideas that say the same into one that keeps them; by forms, and by drag and drop
//! where JavaScript runs.

use super::page::{Typed, show_page};
use super::*;
use axum::extract::Path;

#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct ThemeForm {
    theme_name: String,
}

pub(super) async fn add_theme(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<ThemeForm>,
) -> AppResult<Response> {
    match actions::add_theme(&state.db, viewer, id, form.theme_name.clone()).await {
        Ok(()) => Ok(see_other(&format!("/workshops/{id}#themes"))),
        Err(e) => {
            let (status, errors) = e.on_form("theme_name")?;
            let typed = Typed {
                theme_name: form.theme_name,
                ..Typed::default()
            };
            render_status(status, &show_page(&state, &ctx, id, typed, errors).await?)
        }
    }
}

#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct IdeaThemeForm {
    theme: String,
}

pub(super) async fn set_theme(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<IdeaThemeForm>,
) -> AppResult<Response> {
    let theme = match form.theme.as_str() {
        "" => None,
        t => Some(
            t.parse()
                .map_err(|_| crate::platform::error::AppError::BadRequest(text!(err_choose)))?,
        ),
    };
    actions::set_theme(&state.db, viewer, id, theme).await?;
    Ok(see_other(&format!("/ideas/{id}")))
}

#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct MergeForm {
    ideas: Vec<String>,
    merged_text: String,
}

pub(super) async fn merge(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<MergeForm>,
) -> AppResult<Response> {
    let draft = MergeDraft {
        idea_ids: form.ideas.iter().filter_map(|i| i.parse().ok()).collect(),
        text: form.merged_text.clone(),
    };
    match actions::merge(&state.db, viewer, id, draft).await {
        Ok(merged) => Ok(see_other(&format!("/ideas/{merged}"))),
        Err(e) => {
            let (status, errors) = e.on_form("ideas")?;
            let typed = Typed {
                merged: form.ideas,
                merged_text: form.merged_text,
                ..Typed::default()
            };
            render_status(status, &show_page(&state, &ctx, id, typed, errors).await?)
        }
    }
}

/// Drag and drop on the facilitator's report.
pub(super) async fn script() -> Response {
    crate::platform::web::script(include_str!("../../../static/workshop.js"))
}
