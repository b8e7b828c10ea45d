//! A case's page: messages, taking, deciding and closing it.

use super::*;
use crate::platform::error::Text;
use crate::text;

pub struct MessageView {
    pub author: String,
    pub from_municipality: bool,
    pub when: String,
    pub body: String,
}

#[derive(Template)]
#[template(path = "requests/show.html")]
pub(super) struct CasePage {
    pub(super) page: Page,
    pub(super) r: Request,
    pub(super) kind: &'static str,
    pub(super) status: &'static str,
    pub(super) open: bool,
    pub(super) decided: bool,
    pub(super) received: String,
    pub(super) age: String,
    pub(super) amount: String,
    pub(super) project_cost: String,
    pub(super) needed_on: String,
    pub(super) outcome: String,
    pub(super) messages: Vec<MessageView>,
    pub(super) documents: Vec<(i64, String, String)>,
    pub(super) can_attach: bool,
    pub(super) handler: bool,
    pub(super) grant: bool,
    pub(super) message_label: &'static str,
    pub(super) outcomes: Vec<Choice>,
    pub(super) units: Vec<Choice>,
    pub(super) message_text: String,
    pub(super) granted: String,
    pub(super) reason: String,
    pub(super) given: String,
    pub(super) errors: FieldErrors,
}

/// What a failed form on the case page held, to show again.
#[derive(Default)]
pub(super) struct Typed {
    pub(super) message: String,
    pub(super) outcome: String,
    pub(super) granted: String,
    pub(super) reason: String,
    pub(super) given: String,
    pub(super) given_unit: String,
}

pub(super) async fn case_page(
    state: &AppState,
    ctx: &Ctx,
    viewer: &Viewer,
    id: i64,
    typed: Typed,
    errors: FieldErrors,
) -> AppResult<CasePage> {
    let lang = ctx.lang;
    let r = store::get_request(&state.db, id).await?;
    let roles = actions::roles(&state.db, viewer, &r).await?;
    let price = |o: Option<i64>| o.map(|v| format_kroner(v, lang)).unwrap_or_default();
    let outcome = match r.outcome {
        Some(o) => match r.granted_ore {
            Some(g) if r.draft.kind == RequestKind::Grant => {
                format!("{}: {}", o.label(lang), format_kroner(g, lang))
            }
            _ => o.label(lang).to_string(),
        },
        None => String::new(),
    };
    let messages = store::messages(&state.db, id)
        .await?
        .into_iter()
        .map(|m| MessageView {
            author: m.author_name,
            from_municipality: m.from_municipality,
            when: format_date(m.created_at, lang),
            body: m.body,
        })
        .collect();
    // No outcome is chosen beforehand: a decision, and a grant taken from a pool, is never a default.
    let selected_outcome = typed.outcome.clone();
    Ok(CasePage {
        page: ctx.page(r.draft.title.clone()),
        kind: r.draft.kind.label(lang),
        status: r.status.label(lang),
        open: r.status.is_open(),
        decided: r.status == RequestStatus::Decided,
        received: format_date(r.received_at, lang),
        age: days(r.decided_at.unwrap_or_else(now) - r.received_at, lang),
        amount: price(r.draft.amount_ore),
        project_cost: price(r.draft.project_cost_ore),
        needed_on: r
            .draft
            .needed_on
            .map(|d| format_civil_date(d, lang))
            .unwrap_or_default(),
        outcome,
        messages,
        documents: store::documents(&state.db, id)
            .await?
            .into_iter()
            .map(|d| {
                let about = format!(
                    "{} kB · {} · {}",
                    (d.size + 1023) / 1024,
                    d.uploaded_by,
                    format_date(d.uploaded_at, lang)
                );
                (d.id, d.name, about)
            })
            .collect(),
        can_attach: r.status != RequestStatus::Closed,
        handler: roles.handler,
        grant: r.draft.kind == RequestKind::Grant,
        message_label: if roles.handler {
            lang.strings().request_ask
        } else {
            lang.strings().request_answer
        },
        outcomes: choices(
            Outcome::ALL
                .iter()
                .map(|o| (o.code(), o.label(lang)))
                .collect(),
            &[selected_outcome.as_str()],
        ),
        units: choices(
            [Unit::Items, Unit::Hours]
                .iter()
                .map(|u| (u.code(), u.label(lang)))
                .collect(),
            &[if typed.given_unit.is_empty() {
                Unit::Items.code()
            } else {
                typed.given_unit.as_str()
            }],
        ),
        message_text: typed.message,
        granted: if typed.granted.is_empty() {
            r.draft.amount_ore.map(kroner_input).unwrap_or_default()
        } else {
            typed.granted
        },
        reason: typed.reason,
        given: typed.given,
        errors,
        r,
    })
}

pub(super) async fn show(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    let q = FormPairs::from_query(q);
    let errors = match DocumentProblem::parse(&q.get("document")) {
        Some(p) => FieldErrors::from([("document", Text::new(move |s| p.message(s).into()))]),
        None => FieldErrors::new(),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &case_page(&state, &ctx, viewer, id, Typed::default(), errors).await?,
    )
}

/// Renders the case page again with what was typed and why it failed, or passes other errors on.
pub(super) async fn again(
    state: &AppState,
    ctx: &Ctx,
    viewer: &Viewer,
    id: i64,
    typed: Typed,
    failed: AppError,
    field: &'static str,
) -> AppResult<Response> {
    let (status, errors) = failed.on_form(field)?;
    render_status(
        status,
        &case_page(state, ctx, viewer, id, typed, errors).await?,
    )
}

pub(super) async fn message(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let body = FormPairs(pairs).get("message");
    match actions::message(&state.db, viewer, id, &body).await {
        Ok(()) => Ok(see_other(&format!("/requests/{id}#messages"))),
        Err(e) => {
            again(
                &state,
                &ctx,
                viewer,
                id,
                Typed {
                    message: body,
                    ..Typed::default()
                },
                e,
                "message",
            )
            .await
        }
    }
}

pub(super) async fn take(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    actions::take(&state.db, viewer, id).await?;
    Ok(see_other(&format!("/requests/{id}")))
}

pub(super) async fn decide(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let p = FormPairs(pairs);
    let typed = Typed {
        outcome: p.get("outcome"),
        granted: p.get("granted"),
        reason: p.get("reason"),
        given: p.get("given"),
        given_unit: p.get("given_unit"),
        ..Typed::default()
    };
    let mut errors = FieldErrors::new();
    let Some(outcome) = Outcome::parse(&typed.outcome) else {
        errors.insert("outcome", text!(err_choose));
        return again(
            &state,
            &ctx,
            viewer,
            id,
            typed,
            AppError::Invalid(errors),
            "outcome",
        )
        .await;
    };
    let granted_ore = match typed.granted.trim() {
        "" => None,
        t => Some(parse_kroner(t).unwrap_or(-1)),
    };
    let given = match typed.given.trim() {
        "" => None,
        t => Some((
            Unit::parse(&typed.given_unit).unwrap_or(Unit::Items),
            parse_whole_number(t).unwrap_or(0),
        )),
    };
    let decision = Decision {
        outcome,
        granted_ore,
        reason: typed.reason.clone(),
    };
    match actions::decide(&state.db, viewer, id, decision, given).await {
        Ok(_) => Ok(see_other(&format!("/requests/{id}"))),
        Err(e) => again(&state, &ctx, viewer, id, typed, e, "outcome").await,
    }
}

pub(super) async fn close(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    actions::close(&state.db, viewer, id).await?;
    Ok(see_other(&format!("/requests/{id}")))
}
