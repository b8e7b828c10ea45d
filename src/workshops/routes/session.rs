//! The session on participants' phones: type the workshop's code, say what name to show (or
//! none), and add ideas to its questions while it is open. No account and no JavaScript needed;
//! a browser without an account is known by a secret in a cookie of its own.

use super::*;
use crate::platform::error::AppError;
use crate::platform::web::{Client, cookie, set_cookie_header};
use axum::extract::{Path, Query};
use axum::http::{HeaderMap, StatusCode, header};

/// How long a phone stays in a session: the workshop and the evening after it.
const SECRET_AGE: i64 = 7 * 24 * 3600;

fn secret_cookie(workshop_id: i64) -> String {
    format!("medspil_workshop_{workshop_id}")
}

#[derive(Template)]
#[template(path = "workshops/enter.html")]
struct EnterPage {
    page: Page,
    code: String,
    errors: FieldErrors,
}

#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct CodeQuery {
    code: String,
}

/// Where a phone starts: a field for the code on the screen in the room.
pub(super) async fn enter(ctx: Ctx, Query(q): Query<CodeQuery>) -> AppResult<Response> {
    let code = typed_code(&q.code);
    if code.is_empty() {
        return render(&EnterPage {
            page: ctx.page(ctx.s().workshop_enter),
            code,
            errors: FieldErrors::new(),
        });
    }
    Ok(see_other(&format!(
        "/w/{}",
        crate::platform::web::url_encode(&code)
    )))
}

#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct AddedQuery {
    added: String,
}

/// The session as one phone sees it.
#[derive(Template)]
#[template(path = "workshops/session.html")]
struct SessionPage {
    page: Page,
    id: i64,
    code: String,
    open: bool,
    state: &'static str,
    joined_as: Option<String>,
    signed_in: bool,
    questions: Vec<Choice>,
    mine: Vec<String>,
    /// The ideas to give dots to: number, words, whether this phone gave it one.
    ideas: Vec<(i64, String, bool)>,
    dots_left: i64,
    added: bool,
    form: IdeaForm,
    joining: JoinForm,
    errors: FieldErrors,
}

#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct JoinForm {
    name: String,
    email: String,
}

#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct IdeaForm {
    question: String,
    text: String,
    anonymous: String,
}

/// What a phone's request brings: who is looking, and the secrets its browser keeps.
struct Phone<'a> {
    ctx: &'a Ctx,
    headers: &'a HeaderMap,
}

impl Phone<'_> {
    /// The participant this phone is in the session a code opens; `None` until it joins.
    async fn in_session(
        &self,
        state: &AppState,
        code: &str,
    ) -> AppResult<Option<store::Participant>> {
        let id = actions::session(&state.db, code).await?;
        self.participant(state, id).await
    }

    async fn participant(
        &self,
        state: &AppState,
        workshop_id: i64,
    ) -> AppResult<Option<store::Participant>> {
        let secret = cookie(self.headers, &secret_cookie(workshop_id));
        actions::participant(&state.db, workshop_id, self.ctx.viewer.as_ref(), secret).await
    }
}

async fn session_page(
    state: &AppState,
    phone: &Phone<'_>,
    code: &str,
    form: IdeaForm,
    joining: JoinForm,
    errors: FieldErrors,
) -> AppResult<SessionPage> {
    let ctx = phone.ctx;
    let s = ctx.s();
    let id = store::by_code(&state.db, &typed_code(code))
        .await?
        .ok_or(AppError::NotFound)?;
    let (w, participant) =
        tokio::try_join!(store::get(&state.db, id), phone.participant(state, id))?;
    // Someone with an account is offered their own name; they may clear it.
    let joining = match (
        &ctx.viewer,
        joining.name.is_empty() && joining.email.is_empty(),
    ) {
        (Some(v), true) => JoinForm {
            name: v.name.clone(),
            ..joining
        },
        _ => joining,
    };
    let (mine, dotted, dots_given, ideas) = match &participant {
        Some(p) => tokio::try_join!(
            store::ideas_of_participant(&state.db, p.id),
            store::dotted_by(&state.db, p.id),
            store::dots_given(&state.db, p.id),
            store::ideas(&state.db, id),
        )?,
        None => Default::default(),
    };
    Ok(SessionPage {
        page: ctx.page(s.workshop_session_of(&w.draft.title)),
        id,
        code: w.code.clone(),
        open: w.state == SessionState::Open,
        state: w.state.label(ctx.lang),
        joined_as: participant.map(|p| match p.name.as_str() {
            "" => s.idea_anonymous.to_string(),
            name => name.to_string(),
        }),
        signed_in: ctx.viewer.is_some(),
        questions: w
            .questions
            .iter()
            .map(|q| Choice {
                selected: q.id.to_string() == form.question
                    || (form.question.is_empty() && q.id == w.questions[0].id),
                value: q.id.to_string(),
                label: q.prompt.clone(),
            })
            .collect(),
        mine,
        ideas: ideas
            .into_iter()
            .filter(|i| i.has_own_fate())
            .map(|i| (i.id, i.text, dotted.contains(&i.id)))
            .collect(),
        dots_left: (w.draft.dots - dots_given).max(0),
        added: false,
        form,
        joining,
        errors,
    })
}

/// The session page again, as typed, with what was wrong next to `field` (or what a rule
/// refused, there too).
async fn again(
    state: &AppState,
    phone: &Phone<'_>,
    code: &str,
    form: IdeaForm,
    joining: JoinForm,
    error: AppError,
    field: &'static str,
) -> AppResult<Response> {
    let (status, errors) = error.on_form(field)?;
    let page = session_page(state, phone, code, form, joining, errors).await?;
    render_status(status, &page)
}

/// A code that opens nothing is said so on the page where it was typed.
fn unknown_code(ctx: &Ctx, code: String) -> AppResult<Response> {
    let errors = FieldErrors::from([("code", crate::text!(err_workshop_code_unknown))]);
    render_status(
        StatusCode::NOT_FOUND,
        &EnterPage {
            page: ctx.page(ctx.s().workshop_enter),
            code,
            errors,
        },
    )
}

pub(super) async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(code): Path<String>,
    Query(q): Query<AddedQuery>,
) -> AppResult<Response> {
    let phone = Phone {
        ctx: &ctx,
        headers: &headers,
    };
    match session_page(
        &state,
        &phone,
        &code,
        IdeaForm::default(),
        JoinForm::default(),
        FieldErrors::new(),
    )
    .await
    {
        Err(AppError::NotFound) => unknown_code(&ctx, code),
        page => render(&SessionPage {
            added: q.added == "1",
            ..page?
        }),
    }
}

pub(super) async fn join(
    State(state): State<AppState>,
    ctx: Ctx,
    Client(client): Client,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(joining): Form<JoinForm>,
) -> AppResult<Response> {
    if store::by_code(&state.db, &typed_code(&code))
        .await?
        .is_none()
    {
        return unknown_code(&ctx, code);
    }
    let asked = actions::Joining {
        name: joining.name.clone(),
        email: joining.email.clone(),
    };
    match actions::join(&state.db, ctx.viewer.as_ref(), &client, &code, asked).await {
        Ok((id, joined)) => {
            let mut response = see_other(&format!("/w/{}#idea", typed_code(&code)));
            if let Some(secret) = joined.secret {
                let cookie = set_cookie_header(
                    &secret_cookie(id),
                    &secret,
                    Some(SECRET_AGE),
                    state.config.secure_cookies(),
                    true,
                );
                response.headers_mut().append(header::SET_COOKIE, cookie);
            }
            Ok(response)
        }
        Err(e) => {
            let phone = Phone {
                ctx: &ctx,
                headers: &headers,
            };
            again(
                &state,
                &phone,
                &code,
                IdeaForm::default(),
                joining,
                e,
                "name",
            )
            .await
        }
    }
}

pub(super) async fn add(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(form): Form<IdeaForm>,
) -> AppResult<Response> {
    let phone = Phone {
        ctx: &ctx,
        headers: &headers,
    };
    let Some(participant) = phone.in_session(&state, &code).await? else {
        return Ok(see_other(&format!("/w/{}", typed_code(&code))));
    };
    let draft = IdeaDraft {
        question_id: form.question.parse().unwrap_or(0),
        text: form.text.clone(),
        author_name: if form.anonymous.is_empty() {
            participant.name.clone()
        } else {
            String::new()
        },
        origin: Some(Origin::Phone),
    };
    match actions::add_from_phone(&state.db, &participant, draft).await {
        Ok(_) => Ok(see_other(&format!("/w/{}?added=1#idea", typed_code(&code)))),
        Err(e) => again(&state, &phone, &code, form, JoinForm::default(), e, "text").await,
    }
}

/// Where a mail to someone without an account leads: forgetting the address they gave.
pub(super) async fn forget_page(ctx: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    render(&forgetting(&ctx, &token, false))
}

/// Forgets the address (also the one-click unsubscribe of RFC 8058).
pub(super) async fn forget(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    if !store::forget_email(&state.db, &token).await? {
        return Err(AppError::NotFound);
    }
    render(&forgetting(&ctx, &token, true))
}

fn forgetting(ctx: &Ctx, token: &str, done: bool) -> crate::platform::web::ForgetAddressPage {
    let s = ctx.s();
    crate::platform::web::ForgetAddressPage {
        page: ctx.page(s.workshop_forget_title),
        action: format!("/unsubscribe/workshop/{token}"),
        intro: s.workshop_forget_intro,
        button: s.workshop_forget_button,
        done_text: s.workshop_forgotten,
        done,
    }
}

#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct DotForm {
    idea: String,
}

pub(super) async fn give_dot(
    State(state): State<AppState>,
    ctx: Ctx,
    headers: HeaderMap,
    Path(code): Path<String>,
    Form(form): Form<DotForm>,
) -> AppResult<Response> {
    let phone = Phone {
        ctx: &ctx,
        headers: &headers,
    };
    let Some(participant) = phone.in_session(&state, &code).await? else {
        return Ok(see_other(&format!("/w/{}", typed_code(&code))));
    };
    let idea = form
        .idea
        .parse()
        .map_err(|_| AppError::BadRequest(text!(err_choose)))?;
    match actions::give_dot(&state.db, &participant, idea).await {
        Ok(()) => Ok(see_other(&format!("/w/{}#dots", typed_code(&code)))),
        Err(e) => {
            let (form, joining) = (IdeaForm::default(), JoinForm::default());
            again(&state, &phone, &code, form, joining, e, "dots").await
        }
    }
}
