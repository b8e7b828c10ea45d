//! A person asking the association to correct or erase their entry, and its board answering.

use super::*;
use crate::registers::rights::*;
use crate::registers::store::Request;

/// A request in the reader's words.
pub(super) struct RequestView {
    pub(super) id: i64,
    pub(super) entry_id: i64,
    pub(super) name: String,
    pub(super) kind: &'static str,
    pub(super) details: String,
    pub(super) made: String,
    pub(super) due: String,
    /// How near the deadline is, or how far past it, for an unanswered request.
    pub(super) deadline: String,
    pub(super) overdue: bool,
    /// How it was answered, when, and the board's words; empty while it waits.
    pub(super) outcome: &'static str,
    pub(super) answered: String,
    pub(super) answer: String,
}

pub(super) fn request_view(r: &Request, lang: Lang) -> RequestView {
    let s = lang.strings();
    let days_left = (r.due_on - today()).get_days() as i64;
    let deadline = match (r.answered_at, days_left) {
        (Some(_), _) => String::new(),
        (None, left) if left < 0 => s.register_request_overdue(-left),
        (None, left) => s.register_request_days_left(left),
    };
    RequestView {
        id: r.id,
        entry_id: r.entry_id,
        name: shown_name(&r.name, lang),
        kind: r.kind.label(lang),
        details: r.details.clone(),
        made: s.register_request_made_on(format_moment(r.made_at, lang)),
        due: s.register_request_due_on(format_civil_date(r.due_on, lang)),
        deadline,
        overdue: r.answered_at.is_none() && days_left < 0,
        outcome: r.outcome.map_or("", |o| o.label(lang)),
        answered: r
            .answered_at
            .map(|at| s.register_request_answered_on(format_moment(at, lang)))
            .unwrap_or_default(),
        answer: r.answer.clone(),
    }
}

/// A request as the person types it.
#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct AskForm {
    kind: String,
    details: String,
}

#[derive(Template)]
#[template(path = "registers/ask.html")]
struct AskPage {
    page: Page,
    entry_id: i64,
    intro: String,
    kinds: Vec<Choice>,
    form: AskForm,
    errors: FieldErrors,
}

async fn ask_page(
    state: &AppState,
    ctx: &Ctx,
    viewer: &crate::platform::auth::Viewer,
    entry_id: i64,
    form: AskForm,
    errors: FieldErrors,
) -> AppResult<AskPage> {
    let e = actions::askable(&state.db, viewer, entry_id).await?;
    let association = crate::actors::store::get(&state.db, e.association_id).await?;
    let due = format_civil_date(answer_by(today()), ctx.lang);
    Ok(AskPage {
        page: ctx.page(ctx.s().register_ask),
        entry_id,
        intro: ctx.s().register_ask_intro(&association.name, &due),
        kinds: choices(RequestKind::options(ctx.lang), &[form.kind.as_str()]),
        form,
        errors,
    })
}

pub(super) async fn ask_form(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let page = ask_page(
        &state,
        &ctx,
        viewer,
        id,
        AskForm::default(),
        FieldErrors::new(),
    );
    render(&page.await?)
}

pub(super) async fn ask(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<AskForm>,
) -> AppResult<Response> {
    let draft = RequestDraft {
        kind: RequestKind::parse(&form.kind),
        details: form.details.clone(),
    };
    match actions::ask(&state.db, viewer, id, draft).await {
        Ok(_) => Ok(see_other(&format!("/account/register#requests-{id}"))),
        Err(e) => {
            let (status, errors) = e.on_form("kind")?;
            let page = ask_page(&state, &ctx, viewer, id, form, errors).await?;
            render_status(status, &page)
        }
    }
}

/// An answer as the board types it.
#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct AnswerForm {
    outcome: String,
    answer: String,
}

#[derive(Template)]
#[template(path = "registers/answer.html")]
struct AnswerPage {
    page: Page,
    association_id: i64,
    r: RequestView,
    outcomes: Vec<Choice>,
    form: AnswerForm,
    errors: FieldErrors,
}

async fn answer_page(
    state: &AppState,
    ctx: &Ctx,
    viewer: &crate::platform::auth::Viewer,
    id: i64,
    form: AnswerForm,
    errors: FieldErrors,
) -> AppResult<AnswerPage> {
    let r = actions::request(&state.db, viewer, id).await?;
    let view = request_view(&r, ctx.lang);
    Ok(AnswerPage {
        page: ctx.page(ctx.s().register_answer_title(view.kind)),
        association_id: r.association_id,
        r: view,
        outcomes: choices(RequestOutcome::options(ctx.lang), &[form.outcome.as_str()]),
        form,
        errors,
    })
}

pub(super) async fn answer_form(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let page = answer_page(
        &state,
        &ctx,
        viewer,
        id,
        AnswerForm::default(),
        FieldErrors::new(),
    );
    render(&page.await?)
}

pub(super) async fn answer(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<AnswerForm>,
) -> AppResult<Response> {
    let draft = AnswerDraft {
        outcome: RequestOutcome::parse(&form.outcome),
        answer: form.answer.clone(),
    };
    match actions::answer(&state.db, viewer, id, draft).await {
        Ok(association) => Ok(see_other(&format!(
            "/actors/{association}/register#requests"
        ))),
        Err(e) => {
            let (status, errors) = e.on_form("outcome")?;
            let page = answer_page(&state, &ctx, viewer, id, form, errors).await?;
            render_status(status, &page)
        }
    }
}
