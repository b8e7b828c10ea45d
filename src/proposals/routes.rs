//! Proposals on an initiative's page: those waiting and answered, the forms to invite, offer or
//! propose, and the answers; and `/proposals`, what waits for the viewer's organisations.

use super::actions::{self, may_answer, may_withdraw};
use super::model::*;
use super::store::{self, Proposal};
use crate::initiatives::model::{ParticipantRole, Status};
use crate::initiatives::routes::next_statuses;
use crate::initiatives::store::Initiative;
use crate::platform::auth::Viewer;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::i18n::Lang;
use crate::platform::permissions::{
    Action, OrganisationAccess, actors_acted_for, can, organisations_acted_for,
};
use crate::platform::time::format_date;
use crate::platform::web::{
    AppState, Choice, Ctx, Page, SignedIn, choices, render, render_status, see_other,
};
use crate::text;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum_extra::extract::Form;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/proposals", get(waiting))
        .route("/initiatives/{id}/proposals", post(propose))
        .route("/proposals/{id}/answer", post(answer))
        .route("/proposals/{id}/withdraw", post(withdraw))
}

/// A proposal in the viewer's language, with what the viewer may do with it.
pub struct ProposalView {
    pub id: i64,
    pub initiative_id: i64,
    pub initiative_title: String,
    pub kind_label: &'static str,
    pub from_id: i64,
    pub from_name: String,
    pub to_id: i64,
    pub to_name: String,
    /// The role, what is asked or offered, the status proposed: as one line each.
    pub terms: Vec<String>,
    pub message: String,
    pub open: bool,
    pub state_label: &'static str,
    pub made: String,
    pub answered: Option<String>,
    pub reason: String,
    pub can_answer: bool,
    pub can_withdraw: bool,
}

fn view(p: &Proposal, viewer: Option<&Viewer>, speaks: bool, lang: Lang) -> ProposalView {
    let s = lang.strings();
    let d = &p.draft;
    let mut terms = Vec::new();
    if let Some(role) = d.role {
        terms.push(format!("{}: {}", s.field_role, role.label(lang)));
    }
    if let Some(ask) = d.ask {
        let amount = match (d.amount, ask.unit()) {
            (Some(n), Some(unit)) => format!(" ({n} {})", unit.label(lang)),
            _ => String::new(),
        };
        terms.push(format!("{}: {}{amount}", ask.label(lang), d.what));
    }
    if let Some(to) = d.status_to {
        terms.push(format!("{}: {}", s.field_status, to.label(lang)));
    }
    let open = p.state == ProposalState::Open;
    ProposalView {
        id: p.id,
        initiative_id: p.initiative_id,
        initiative_title: p.initiative_title.clone(),
        kind_label: d.kind.label(lang),
        from_id: p.from_actor_id,
        from_name: p.from_name.clone(),
        to_id: p.to_actor_id,
        to_name: p.to_name.clone(),
        terms,
        message: d.message.clone(),
        open,
        state_label: p.state.label(lang),
        made: format_date(p.created_at, lang),
        answered: p.answered_at.map(|t| format_date(t, lang)),
        reason: p.reason.clone(),
        can_answer: open && may_answer(viewer, p),
        can_withdraw: open && may_withdraw(viewer, p, speaks),
    }
}

/// What was typed into one of the section's forms (`form`: "invite" or "propose"), shown again
/// with its errors next to the fields.
#[derive(Default, serde::Deserialize)]
pub struct Typed {
    #[serde(skip)]
    pub form: &'static str,
    pub kind: String,
    /// The organisation proposing (an offer and the like) or invited (an invitation).
    pub actor: String,
    #[serde(default)]
    pub role: String,
    #[serde(default)]
    pub ask: String,
    #[serde(default)]
    pub what: String,
    #[serde(default)]
    pub amount: String,
    #[serde(default)]
    pub status_to: String,
    #[serde(default)]
    pub message: String,
    #[serde(skip)]
    pub errors: FieldErrors,
}

/// The proposals part of an initiative's page.
pub struct ProposalSection {
    pub items: Vec<ProposalView>,
    /// Whom those who speak for the initiative may invite; empty for everyone else.
    pub invite_to: Vec<Choice>,
    /// The organisations the viewer may propose for (not the owner).
    pub propose_for: Vec<Choice>,
    pub kinds: Vec<Choice>,
    pub roles: Vec<Choice>,
    pub asks: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub typed: Typed,
}

/// Reads and words an initiative's proposals for its page, with the forms the viewer may use
/// as they were typed (`speaks`: the viewer speaks for the initiative; `acting`: the actors the
/// viewer acts for, as the page already offers them).
pub async fn section(
    state: &AppState,
    ctx: &Ctx,
    i: &Initiative,
    speaks: bool,
    acting: &[Choice],
    typed: Typed,
) -> AppResult<ProposalSection> {
    let lang = ctx.lang;
    let viewer = ctx.viewer.as_ref();
    let db = &state.db;
    let (proposals, invitable) = tokio::try_join!(store::of_initiative(db, i.id), async {
        if speaks {
            store::invitable(db).await
        } else {
            Ok(Vec::new())
        }
    })?;
    let chosen = |id: i64| id.to_string() == typed.actor;
    let organisations = viewer.map(organisations_acted_for).unwrap_or_default();
    let propose_for = acting
        .iter()
        .filter_map(|a| a.value.parse().ok().map(|id: i64| (id, &a.label)))
        .filter(|(id, _)| organisations.contains(id) && *id != i.owner_id)
        .map(|(id, label)| Choice {
            selected: chosen(id),
            value: id.to_string(),
            label: label.clone(),
        })
        .collect();
    let invite_to = invitable
        .into_iter()
        .filter(|(id, _, _)| *id != i.owner_id)
        .map(|(id, name, kind)| Choice {
            selected: chosen(id),
            value: id.to_string(),
            label: format!("{name} ({})", kind.label(lang)),
        })
        .collect();
    let kinds = ProposalKind::PROPOSED
        .iter()
        .filter(|k| !k.from_the_initiative())
        .map(|k| (k.code(), k.label(lang)))
        .collect();
    Ok(ProposalSection {
        items: proposals
            .iter()
            .map(|p| view(p, viewer, speaks, lang))
            .collect(),
        invite_to,
        propose_for,
        kinds: choices(kinds, &[&typed.kind]),
        statuses: choices_of(next_statuses(i.status, lang), &typed.status_to),
        roles: choices(
            ParticipantRole::options(lang),
            &[if typed.role.is_empty() {
                ParticipantRole::Partner.code()
            } else {
                &typed.role
            }],
        ),
        asks: choices(Ask::options(lang), &[&typed.ask]),
        typed,
    })
}

/// The choices with the one typed selected.
fn choices_of(mut options: Vec<Choice>, typed: &str) -> Vec<Choice> {
    for o in &mut options {
        o.selected = o.value == typed;
    }
    options
}

async fn propose(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(mut typed): Form<Typed>,
) -> AppResult<Response> {
    let kind = ProposalKind::parse(&typed.kind)
        .filter(|k| ProposalKind::PROPOSED.contains(k))
        .ok_or(AppError::BadRequest(text!(err_choose)))?;
    let actor: i64 = (typed.actor.parse()).map_err(|_| AppError::BadRequest(text!(err_choose)))?;
    // An amount that is no number is out of range, and said so next to the field.
    let amount = match typed.amount.trim() {
        "" => None,
        n => Some(n.parse().unwrap_or(0)),
    };
    let draft = ProposalDraft {
        kind,
        actor_id: actor,
        role: ParticipantRole::parse(&typed.role),
        ask: Ask::parse(&typed.ask),
        what: typed.what.clone(),
        amount,
        status_to: Status::parse(&typed.status_to),
        message: typed.message.clone(),
    };
    // What is wrong comes back in the form as typed: a field's error next to it, a rule's
    // refusal above the form.
    let (status, errors) = match actions::propose(&state.db, viewer, id, draft).await {
        Ok(_) => return Ok(see_other(&format!("/initiatives/{id}#proposals"))),
        Err(AppError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        Err(AppError::Refused(refusal)) => {
            let mut errors = FieldErrors::new();
            errors.insert("proposal", refusal.into());
            (StatusCode::CONFLICT, errors)
        }
        Err(e) => return Err(e),
    };
    typed.form = if kind.from_the_initiative() {
        "invite"
    } else {
        "propose"
    };
    typed.errors = errors;
    let page = crate::initiatives::routes::show_page(&state, ctx, id, typed).await?;
    render_status(status, &page)
}

#[derive(serde::Deserialize)]
struct AnswerForm {
    /// "accept" or "decline", from the button pressed.
    answer: String,
    #[serde(default)]
    reason: String,
}

async fn answer(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<AnswerForm>,
) -> AppResult<Response> {
    let accept = match form.answer.as_str() {
        "accept" => true,
        "decline" => false,
        _ => return Err(AppError::BadRequest(text!(err_choose))),
    };
    let p = actions::answer(&state.db, viewer, id, accept, &form.reason).await?;
    Ok(see_other(&format!(
        "/initiatives/{}#proposals",
        p.initiative_id
    )))
}

async fn withdraw(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let p = actions::withdraw(&state.db, viewer, id).await?;
    Ok(see_other(&format!(
        "/initiatives/{}#proposals",
        p.initiative_id
    )))
}

#[derive(Template)]
#[template(path = "proposals/waiting.html")]
struct WaitingPage {
    page: Page,
    items: Vec<ProposalView>,
}

/// Proposals waiting for an answer from the viewer's organisations (and the units whose
/// department they lead), or made by them.
async fn waiting(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
) -> AppResult<Response> {
    let mut actors = actors_acted_for(viewer);
    let units = crate::requests::store::municipal_units(&state.db).await?;
    for (id, _, department_id) in units {
        let unit = OrganisationAccess { id, department_id };
        if !actors.contains(&id) && can(Some(viewer), Action::ConsentFor(unit)) {
            actors.push(id);
        }
    }
    let proposals = store::waiting_with(&state.db, &actors).await?;
    let items = proposals
        .iter()
        .map(|p| view(p, Some(viewer), false, ctx.lang))
        .collect();
    render(&WaitingPage {
        page: ctx.page(ctx.s().proposals_waiting_title),
        items,
    })
}
