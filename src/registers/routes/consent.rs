//! Consent on the pages: the board records a person's consent to a purpose's text (and is given
//! the link that withdraws it), changes a consent text (a new version), and anyone with the
//! link withdraws the consent without logging in.

use super::entry::{ConsentForm, Typed, entry_page};
use super::*;

/// The board records a consent; the entry again, with the withdrawal link to give the person.
pub(super) async fn record(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<ConsentForm>,
) -> AppResult<Response> {
    let draft = ConsentDraft {
        purpose_id: form.consent_purpose.parse().ok(),
        given_by: form.given_by.clone(),
        by_guardian: !form.by_guardian.is_empty(),
        how: ConsentHow::parse(&form.how),
    };
    match actions::record_consent(&state.db, viewer, id, draft).await {
        Ok(secret) => {
            let path = format!("/consent/withdraw/{secret}");
            let link = match &state.config.public_url {
                Some(base) => format!("{}{path}", base.trim_end_matches('/')),
                None => path,
            };
            let typed = Typed {
                withdraw_link: Some(link),
                ..Typed::default()
            };
            let page = entry_page(&state, &ctx, viewer, id, typed, FieldErrors::new()).await?;
            render_status(axum::http::StatusCode::CREATED, &page)
        }
        Err(e) => {
            let (status, errors) = e.on_form("consent_purpose")?;
            let typed = Typed {
                consent: form,
                ..Typed::default()
            };
            render_status(
                status,
                &entry_page(&state, &ctx, viewer, id, typed, errors).await?,
            )
        }
    }
}

#[derive(Template)]
#[template(path = "registers/consent_text.html")]
struct TextPage {
    page: Page,
    id: i64,
    association_id: i64,
    version: i64,
    text: String,
    errors: FieldErrors,
}

async fn text_page(
    state: &AppState,
    ctx: &Ctx,
    viewer: &crate::platform::auth::Viewer,
    id: i64,
    typed: Option<String>,
    errors: FieldErrors,
) -> AppResult<TextPage> {
    let (association_id, purpose) = store::purpose(&state.db, id).await?;
    actions::board(&state.db, viewer, association_id).await?;
    let current = store::consent_text(&state.db, id, purpose.consent_version).await?;
    Ok(TextPage {
        page: ctx.page(ctx.s().register_consent_text_of(&purpose.name)),
        id,
        association_id,
        version: purpose.consent_version,
        text: typed.unwrap_or(current),
        errors,
    })
}

pub(super) async fn text_form(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(&text_page(&state, &ctx, viewer, id, None, FieldErrors::new()).await?)
}

#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct TextForm {
    consent_text: String,
}

pub(super) async fn change_text(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<TextForm>,
) -> AppResult<Response> {
    match actions::change_consent_text(&state.db, viewer, id, form.consent_text.clone()).await {
        Ok(_) => {
            let (association_id, _) = store::purpose(&state.db, id).await?;
            Ok(see_other(&format!(
                "/actors/{association_id}/register#purposes"
            )))
        }
        Err(e) => {
            let (status, errors) = e.on_form("consent_text")?;
            let page = text_page(&state, &ctx, viewer, id, Some(form.consent_text), errors);
            render_status(status, &page.await?)
        }
    }
}

#[derive(Template)]
#[template(path = "registers/withdraw.html")]
struct WithdrawPage {
    page: Page,
    /// Where the form posts: the link itself, or the consent on the platform.
    action: String,
    /// The entry to go back to, when withdrawing on the platform.
    entry_id: Option<i64>,
    intro: String,
    text: String,
    /// How the person told the board; asked of the board only.
    hows: Vec<Choice>,
    done: Option<String>,
    errors: FieldErrors,
}

/// What a withdrawal link opens: what was consented to, and one button.
pub(super) async fn withdraw_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(secret): Path<String>,
) -> AppResult<Response> {
    let c = actions::withdrawable(&state.db, &secret).await?;
    render(&WithdrawPage {
        page: ctx.page(ctx.s().register_withdraw_title),
        action: format!("/consent/withdraw/{secret}"),
        entry_id: None,
        intro: ctx.s().register_withdraw_intro(&c.association, &c.purpose),
        text: c.text,
        hows: Vec::new(),
        done: None,
        errors: FieldErrors::new(),
    })
}

pub(super) async fn withdraw(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(secret): Path<String>,
) -> AppResult<Response> {
    let purpose = actions::withdraw(&state.db, &secret).await?;
    render(&WithdrawPage {
        page: ctx.page(ctx.s().register_withdrawn_title),
        action: String::new(),
        entry_id: None,
        intro: String::new(),
        text: String::new(),
        hows: Vec::new(),
        done: Some(ctx.s().register_withdrawn_done(&purpose)),
        errors: FieldErrors::new(),
    })
}

/// Withdrawing a consent on the platform: the person on their own entry, or the board, which
/// says how the person told it.
async fn withdraw_here_page(
    state: &AppState,
    ctx: &Ctx,
    viewer: &crate::platform::auth::Viewer,
    id: i64,
    how: &str,
    errors: FieldErrors,
) -> AppResult<WithdrawPage> {
    let (c, e) = actions::withdrawable_here(&state.db, viewer, id).await?;
    let own = e.user_id == Some(viewer.user_id);
    let s = ctx.s();
    let (title, intro) = match own {
        true => {
            let association = crate::actors::store::get(&state.db, e.association_id).await?;
            let intro = s.register_withdraw_intro(&association.name, &c.purpose);
            (s.register_withdraw_title.to_string(), intro)
        }
        false => {
            let name = super::shown_name(&e.name, ctx.lang);
            let given_at = format_moment(c.given_at, ctx.lang);
            let intro = s.register_withdraw_for_intro(&given_at, &name, &c.purpose);
            (s.register_withdraw_for_title(&name), intro)
        }
    };
    Ok(WithdrawPage {
        page: ctx.page(title),
        action: format!("/register/consents/{id}/withdraw"),
        entry_id: Some(e.id),
        intro,
        text: store::consent_text(&state.db, c.purpose_id, c.version).await?,
        hows: match own {
            true => Vec::new(),
            false => choices(ConsentHow::options(ctx.lang), &[how]),
        },
        done: None,
        errors,
    })
}

pub(super) async fn withdraw_here_form(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let page = withdraw_here_page(&state, &ctx, viewer, id, "", FieldErrors::new());
    render(&page.await?)
}

#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct WithdrawForm {
    withdrawn_how: String,
}

/// Withdraws the consent on the platform, and goes back to the entry's consents.
pub(super) async fn withdraw_here(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<WithdrawForm>,
) -> AppResult<Response> {
    let how = ConsentHow::parse(&form.withdrawn_how);
    match actions::withdraw_here(&state.db, viewer, id, how).await {
        Ok(entry_id) => Ok(see_other(&format!("/register/{entry_id}#consents"))),
        Err(e) => {
            let (status, errors) = e.on_form("withdrawn_how")?;
            let page = withdraw_here_page(&state, &ctx, viewer, id, &form.withdrawn_how, errors);
            render_status(status, &page.await?)
        }
    }
}
