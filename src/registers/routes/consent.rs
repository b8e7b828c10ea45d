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
    secret: String,
    association: String,
    purpose: String,
    text: String,
    done: bool,
}

/// What a withdrawal link opens: what was consented to, and one button.
pub(super) async fn withdraw_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(secret): Path<String>,
) -> AppResult<Response> {
    let (association, purpose, text) = actions::withdrawable(&state.db, &secret).await?;
    render(&WithdrawPage {
        page: ctx.page(ctx.s().register_withdraw_title),
        secret,
        association,
        purpose,
        text,
        done: false,
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
        secret: String::new(),
        association: String::new(),
        purpose,
        text: String::new(),
        done: true,
    })
}
