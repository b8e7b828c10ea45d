//! An idea's own page: what it says, who wrote it and where it came from, and what became of
//! it; the workshop's facilitators decide its fate, or split it into parts, here.

use super::super::store::Kinship;
use super::page::{IdeaView, idea_view};
use super::*;
use crate::following::model::Target;
use crate::following::routes::{FollowButton, follow_buttons};
use crate::moderation::{
    model::ContentKind,
    routes::{Moderation, on_page},
};
use crate::platform::permissions::{Action, can};
use crate::platform::time::parse_date;
use crate::platform::web::choices;
use axum::extract::Path;

/// The fate form as typed.
#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct FateForm {
    from: String,
    fate: String,
    adopted_as: String,
    adopted_id: String,
    parked_until: String,
    reason: String,
    responsible: String,
}

impl FateForm {
    fn draft(&self, errors: &mut FieldErrors) -> Option<FateDraft> {
        let Some(fate) = Fate::parse(&self.fate) else {
            errors.insert("fate", text!(err_choose));
            return None;
        };
        let parked_until = match self.parked_until.trim() {
            "" => None,
            typed => parse_date(typed).or_else(|| {
                errors.insert("parked_until", text!(err_date));
                None
            }),
        };
        let adopted_id = match self.adopted_id.trim().trim_start_matches('#') {
            "" => None,
            typed => typed.parse().ok().or_else(|| {
                errors.insert("adopted_id", text!(err_idea_adopted_where));
                None
            }),
        };
        Some(FateDraft {
            fate,
            adopted_as: AdoptedAs::parse(&self.adopted_as),
            adopted_id,
            parked_until,
            reason: self.reason.clone(),
            responsible: self.responsible.clone(),
        })
    }
}

#[derive(Template)]
#[template(path = "workshops/idea.html")]
struct IdeaPage {
    page: Page,
    workshop_id: i64,
    workshop: String,
    question: String,
    added: String,
    idea: IdeaView,
    can_decide: bool,
    form: FateForm,
    fates: Vec<Choice>,
    adopted_as: Vec<Choice>,
    facilitates: bool,
    themes: Vec<Choice>,
    moderation: Moderation,
    follow: Vec<FollowButton>,
    /// The parts as typed, when splitting it failed.
    parts: String,
    errors: FieldErrors,
}

/// What was typed on the idea's page, when it comes back with errors.
#[derive(Default)]
struct Typed {
    fate: Option<FateForm>,
    parts: String,
}

async fn idea_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    typed: Typed,
    errors: FieldErrors,
) -> AppResult<IdeaPage> {
    let (lang, s) = (ctx.lang, ctx.s());
    let moderation = on_page(state, ctx, ContentKind::Idea, id).await?;
    let idea = store::idea(&state.db, id).await?;
    let (w, kin, themes, follow) = tokio::try_join!(
        store::get(&state.db, idea.workshop_id),
        store::kin(&state.db, id),
        store::themes(&state.db, idea.workshop_id),
        follow_buttons(state, ctx, vec![(Target::Idea(id), idea.text.clone())]),
    )?;
    let facilitates = can(
        ctx.viewer.as_ref(),
        Action::FacilitateWorkshop {
            hosts: &w.host_ids(),
        },
    );
    let theme = idea.theme_id.map(|t| t.to_string()).unwrap_or_default();
    let mut theme_options = vec![Choice {
        value: String::new(),
        label: s.idea_no_theme.to_string(),
        selected: theme.is_empty(),
    }];
    theme_options.extend(themes.into_iter().map(|(id, name)| Choice {
        selected: id.to_string() == theme,
        value: id.to_string(),
        label: name,
    }));
    let form = typed.fate.unwrap_or_else(|| FateForm {
        from: idea.fate.map_or("", Fate::code).to_string(),
        responsible: ctx
            .viewer
            .as_ref()
            .map(|v| v.name.clone())
            .unwrap_or_default(),
        ..FateForm::default()
    });
    let fate_options = Fate::ALL
        .iter()
        .map(|f| (f.code(), f.label(lang)))
        .collect();
    let adopted_options = AdoptedAs::ALL
        .iter()
        .map(|a| (a.code(), a.label(lang)))
        .collect();
    Ok(IdeaPage {
        page: ctx.page(s.idea_title(id)),
        workshop_id: w.id,
        workshop: w.draft.title.clone(),
        question: w
            .questions
            .iter()
            .find(|q| q.id == idea.question_id)
            .map(|q| q.prompt.clone())
            .unwrap_or_default(),
        added: crate::platform::time::format_date(idea.created_at, lang),
        can_decide: facilitates
            && idea.has_own_fate()
            && !matches!(idea.fate, Some(Fate::Adopted | Fate::Declined)),
        idea: idea_view(&w, &idea, &Kinship::of(kin.iter().chain([&idea])), ctx),
        parts: typed.parts,
        follow,
        facilitates,
        themes: theme_options,
        moderation,
        fates: choices(fate_options, &[form.fate.as_str()]),
        adopted_as: choices(adopted_options, &[form.adopted_as.as_str()]),
        form,
        errors,
    })
}

pub(super) async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(&idea_page(&state, &ctx, id, Typed::default(), FieldErrors::new()).await?)
}

pub(super) async fn decide(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<FateForm>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::new();
    let from = Fate::parse(&form.from);
    let decided = match form.draft(&mut errors) {
        Some(draft) => actions::decide(&state.db, viewer, id, from, draft, errors).await,
        None => Err(crate::platform::error::AppError::Invalid(errors)),
    };
    match decided {
        Ok(()) => Ok(see_other(&format!("/ideas/{id}"))),
        Err(e) => {
            let (status, errors) = e.on_form("fate")?;
            let typed = Typed {
                fate: Some(form),
                ..Typed::default()
            };
            render_status(status, &idea_page(&state, &ctx, id, typed, errors).await?)
        }
    }
}

#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct SplitForm {
    parts: String,
}

pub(super) async fn split(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<SplitForm>,
) -> AppResult<Response> {
    let draft = SplitDraft::from_lines(&form.parts);
    match actions::split(&state.db, viewer, id, draft).await {
        Ok(_) => Ok(see_other(&format!("/ideas/{id}#split-into"))),
        Err(e) => {
            let (status, errors) = e.on_form("parts")?;
            let typed = Typed {
                parts: form.parts,
                ..Typed::default()
            };
            render_status(status, &idea_page(&state, &ctx, id, typed, errors).await?)
        }
    }
}
