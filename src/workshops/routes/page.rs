//! The workshop's page: what it asks and every idea with what became of it (its public report,
//! printable and as CSV), and for its facilitators the session's code, opening and closing it,
//! and typing in ideas from paper.

use super::super::store::{Idea, Kinship, Workshop};
use super::*;
use crate::platform::csv::{push_row, spreadsheet};
use crate::platform::permissions::{Action, can};
use crate::platform::time::{format_civil_date, format_date};
use axum::extract::Path;
use std::collections::HashMap;

/// An idea in the reader's words.
pub(super) struct IdeaView {
    pub(super) id: i64,
    pub(super) text: String,
    pub(super) author: String,
    pub(super) origin: &'static str,
    pub(super) dots: i64,
    pub(super) fate: Option<&'static str>,
    pub(super) fate_code: &'static str,
    pub(super) reason: String,
    pub(super) responsible: String,
    /// Where an adopted idea went: a link, or words for a part of a plan.
    pub(super) became: Option<(String, &'static str)>,
    pub(super) parked_until: String,
    pub(super) overdue: bool,
    /// The ideas merged into it: number, words, author.
    pub(super) merged_from: Vec<(i64, String, String)>,
    pub(super) merged_into: Option<i64>,
    /// The idea it is a part of: number and words.
    pub(super) split_from: Option<(i64, String)>,
    /// Its parts, when it was split: number and words.
    pub(super) split_into: Vec<(i64, String)>,
}

fn author(i: &Idea, ctx: &Ctx) -> String {
    match i.author_name.as_str() {
        "" => ctx.s().idea_anonymous.to_string(),
        name => name.to_string(),
    }
}

/// Who wrote an idea: its author, or for a merged idea the authors of the ideas it came from.
fn authors(i: &Idea, children: &[&Idea], ctx: &Ctx) -> String {
    match (i.origin, children.is_empty()) {
        (Origin::Merged, false) => {
            let mut names: Vec<String> = children.iter().map(|c| author(c, ctx)).collect();
            names.dedup();
            names.join(", ")
        }
        _ => author(i, ctx),
    }
}

pub(super) fn idea_view(w: &Workshop, i: &Idea, kin: &Kinship, ctx: &Ctx) -> IdeaView {
    let lang = ctx.lang;
    let children = kin.merged_from(i);
    IdeaView {
        id: i.id,
        text: i.text.clone(),
        author: authors(i, children, ctx),
        origin: i.origin.label(lang),
        dots: i.dots,
        fate: i.fate.map(|f| f.label(lang)),
        fate_code: i.fate.map_or("none", Fate::code),
        reason: i.fate_reason.clone(),
        responsible: i.fate_responsible.clone(),
        became: i.adopted_as.map(|a| {
            let href = i.adopted_id.and_then(|id| a.href(id));
            (href.unwrap_or_default(), a.label(lang))
        }),
        parked_until: i
            .parked_until
            .map(|d| format_civil_date(d, lang))
            .unwrap_or_default(),
        overdue: actions::is_overdue(w, i),
        merged_from: children
            .iter()
            .map(|c| (c.id, c.text.clone(), author(c, ctx)))
            .collect(),
        merged_into: i.merged_into,
        split_from: i
            .split_from
            .and_then(|from| kin.idea(from))
            .map(|from| (from.id, from.text.clone())),
        split_into: kin
            .parts(i)
            .iter()
            .map(|p| (p.id, p.text.clone()))
            .collect(),
    }
}

/// The ideas under one theme (or none) of a question.
struct ThemeGroup {
    name: String,
    ideas: Vec<IdeaView>,
}

/// One question with its ideas, grouped by theme.
struct QuestionView {
    prompt: String,
    groups: Vec<ThemeGroup>,
}

/// An idea as the facilitator types it from paper.
#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct PaperForm {
    question: String,
    text: String,
    author_name: String,
    origin: String,
}

/// What the facilitators' forms on the page hold as typed.
#[derive(Default)]
pub(super) struct Typed {
    pub(super) paper: PaperForm,
    pub(super) theme_name: String,
    pub(super) merged: Vec<String>,
    pub(super) merged_text: String,
}

#[derive(Template)]
#[template(path = "workshops/show.html")]
pub(super) struct ShowPage {
    page: Page,
    id: i64,
    purpose: String,
    agenda: String,
    place: String,
    when: String,
    hosts: String,
    state: &'static str,
    state_code: &'static str,
    code: String,
    questions: Vec<QuestionView>,
    ideas: usize,
    decided: usize,
    overdue: usize,
    facilitates: bool,
    question_choices: Vec<Choice>,
    origins: Vec<Choice>,
    themes: Vec<(i64, String)>,
    mergeable: Vec<Choice>,
    /// Where people sign up for it beforehand, and the places left.
    signup: Option<(i64, String)>,
    typed: Typed,
    errors: FieldErrors,
}

pub(super) async fn show_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    typed: Typed,
    errors: FieldErrors,
) -> AppResult<ShowPage> {
    let (lang, s) = (ctx.lang, ctx.s());
    let (w, ideas, themes) = tokio::try_join!(
        store::get(&state.db, id),
        store::ideas(&state.db, id),
        store::themes(&state.db, id)
    )?;
    let facilitates = can(
        ctx.viewer.as_ref(),
        Action::FacilitateWorkshop {
            hosts: &w.host_ids(),
        },
    );
    let signup = match w.event_id {
        Some(event_id) => {
            let e = crate::events::store::get_event(&state.db, event_id).await?;
            Some((event_id, crate::events::routes::places(&e, lang)))
        }
        None => None,
    };
    let kin = Kinship::of(&ideas);
    let shown: Vec<&Idea> = ideas.iter().filter(|i| i.has_own_fate()).collect();
    let view = |i: &Idea| idea_view(&w, i, &kin, ctx);
    // Each question's ideas by theme, the themes in their order and the ideas without one last.
    let mut order: Vec<(Option<i64>, String)> = themes
        .iter()
        .map(|(id, name)| (Some(*id), name.clone()))
        .collect();
    order.push((None, s.idea_no_theme.to_string()));
    let questions = w
        .questions
        .iter()
        .map(|q| QuestionView {
            prompt: q.prompt.clone(),
            groups: order
                .iter()
                .map(|(theme, name)| ThemeGroup {
                    name: name.clone(),
                    ideas: shown
                        .iter()
                        .filter(|i| i.question_id == q.id && i.theme_id == *theme)
                        .map(|i| view(i))
                        .collect(),
                })
                .filter(|g| !g.ideas.is_empty())
                .collect(),
        })
        .collect();
    let origins = [Origin::Paper, Origin::Facilitator]
        .iter()
        .map(|o| (o.code(), o.label(lang)))
        .collect();
    let paper = &typed.paper;
    let d = &w.draft;
    Ok(ShowPage {
        page: ctx.page(d.title.clone()),
        id,
        purpose: d.purpose.clone(),
        agenda: d.agenda.clone(),
        place: d.place.clone(),
        when: format_period(d.starts_at, d.ends_at, lang),
        hosts: w
            .hosts
            .iter()
            .map(|h| h.name.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        state: w.state.label(lang),
        state_code: w.state.code(),
        code: if facilitates {
            w.code.clone()
        } else {
            String::new()
        },
        ideas: shown.len(),
        decided: shown.iter().filter(|i| i.fate.is_some()).count(),
        overdue: shown.iter().filter(|i| actions::is_overdue(&w, i)).count(),
        question_choices: w
            .questions
            .iter()
            .map(|q| Choice {
                selected: q.id.to_string() == paper.question,
                value: q.id.to_string(),
                label: q.prompt.clone(),
            })
            .collect(),
        questions,
        facilitates,
        origins: crate::platform::web::choices(
            origins,
            &[if paper.origin.is_empty() {
                "paper"
            } else {
                paper.origin.as_str()
            }],
        ),
        themes,
        mergeable: shown
            .iter()
            .filter(|i| matches!(i.fate, None | Some(Fate::Parked)))
            .map(|i| Choice {
                selected: typed.merged.contains(&i.id.to_string()),
                value: i.id.to_string(),
                label: format!("{} ({})", i.text, author(i, ctx)),
            })
            .collect(),
        signup,
        typed,
        errors,
    })
}

pub(super) async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(&show_page(&state, &ctx, id, Typed::default(), FieldErrors::new()).await?)
}

#[derive(serde::Deserialize)]
pub(super) struct SessionMove {
    from: String,
    to: String,
}

pub(super) async fn move_session(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(m): Form<SessionMove>,
) -> AppResult<Response> {
    let read = |code: &str| {
        SessionState::parse(code).ok_or(crate::platform::error::AppError::BadRequest(text!(
            err_choose
        )))
    };
    actions::move_session(&state.db, viewer, id, read(&m.from)?, read(&m.to)?).await?;
    Ok(see_other(&format!("/workshops/{id}#session")))
}

pub(super) async fn add_from_paper(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(paper): Form<PaperForm>,
) -> AppResult<Response> {
    let draft = IdeaDraft {
        question_id: paper.question.parse().unwrap_or(0),
        text: paper.text.clone(),
        author_name: paper.author_name.clone(),
        origin: Origin::parse(&paper.origin),
    };
    match actions::add_from_paper(&state.db, viewer, id, draft).await {
        Ok(_) => Ok(see_other(&format!("/workshops/{id}#paper"))),
        Err(e) => {
            let (status, errors) = e.on_form("question")?;
            let typed = Typed {
                paper,
                ..Typed::default()
            };
            render_status(status, &show_page(&state, &ctx, id, typed, errors).await?)
        }
    }
}

/// Every idea with its question, author, origin and fate, for a spreadsheet.
pub(super) async fn csv(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let (lang, s) = (ctx.lang, ctx.s());
    let (w, ideas) = tokio::try_join!(store::get(&state.db, id), store::ideas(&state.db, id))?;
    let prompts: HashMap<i64, &str> = w
        .questions
        .iter()
        .map(|q| (q.id, q.prompt.as_str()))
        .collect();
    let mut out = String::new();
    push_row(
        &mut out,
        &[
            s.csv_idea_id,
            s.csv_idea_question,
            s.csv_idea_text,
            s.csv_idea_author,
            s.csv_idea_origin,
            s.csv_idea_added,
            s.csv_idea_fate,
            s.csv_idea_became,
            s.csv_idea_parked_until,
            s.csv_idea_reason,
            s.csv_idea_responsible,
            s.csv_idea_dots,
            s.csv_idea_merged_into,
            s.csv_idea_split_from,
        ],
    );
    let kin = Kinship::of(&ideas);
    for i in &ideas {
        let v = idea_view(&w, i, &kin, &ctx);
        push_row(
            &mut out,
            &[
                i.id.to_string(),
                prompts
                    .get(&i.question_id)
                    .copied()
                    .unwrap_or_default()
                    .to_string(),
                v.text,
                v.author,
                v.origin.to_string(),
                format_date(i.created_at, lang),
                v.fate.unwrap_or_default().to_string(),
                v.became
                    .map(|(href, label)| format!("{label} {href}").trim().to_string())
                    .unwrap_or_default(),
                i.parked_until.map(|d| d.to_string()).unwrap_or_default(),
                v.reason,
                v.responsible,
                v.dots.to_string(),
                v.merged_into.map(|m| m.to_string()).unwrap_or_default(),
                i.split_from.map(|m| m.to_string()).unwrap_or_default(),
            ],
        );
    }
    Ok(spreadsheet(&format!("workshop-{id}-ideas.csv"), &out))
}
