//! Questions about measurements and partners' keys on the web.

use super::*;
use crate::platform::web::ConfirmPage;

pub(super) async fn ask(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<QuestionForm>,
) -> AppResult<Response> {
    let asked = match form.draft() {
        (Some((measurement, draft)), errors) => {
            actions::ask(&state.db, viewer, id, measurement, draft, errors).await
        }
        (None, errors) => Err(AppError::Invalid(errors)),
    };
    match asked.map_err(|e| e.renamed_fields(&QUESTION_FIELDS)) {
        Ok(_) => Ok(see_other(&format!(
            "/initiatives/{id}/evaluation#m-{}",
            form.question_measurement
        ))),
        Err(AppError::Invalid(errors)) => {
            let typed = Typed {
                question: form,
                errors,
                ..Typed::default()
            };
            again(&state, &ctx, id, typed).await
        }
        Err(e) => Err(e),
    }
}

/// A new key, shown once, with how a partner's system uses it.
#[derive(Template)]
#[template(path = "evaluation/key.html")]
pub(super) struct KeyPage {
    page: Page,
    id: i64,
    key: String,
    label: String,
    party: i64,
    endpoint: String,
}

pub(super) async fn add_key(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<KeyForm>,
) -> AppResult<Response> {
    let (draft, errors) = form.draft();
    let (label, party) = (draft.label.trim().to_string(), draft.party);
    match actions::add_key(&state.db, viewer, id, draft, errors)
        .await
        .map_err(|e| e.renamed_fields(&KEY_FIELDS))
    {
        Ok((_, key)) => {
            let s = ctx.s();
            render(&KeyPage {
                page: ctx.page(s.key_made),
                id,
                key,
                label,
                party,
                endpoint: format!(
                    "{}/api/v1/initiatives/{id}/indicators/{{indicator_id}}/measurements",
                    state.config.public_url()
                ),
            })
        }
        Err(AppError::Invalid(errors)) => {
            let typed = Typed {
                key: form,
                errors,
                ..Typed::default()
            };
            again(&state, &ctx, id, typed).await
        }
        Err(e) => Err(e),
    }
}

pub(super) async fn confirm_revoke_key(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path((id, key_id)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let key = actions::revocable_key(&state.db, viewer, id, key_id).await?;
    let s = ctx.s();
    render(&ConfirmPage {
        page: ctx.page(s.key_revoke),
        message: s.confirm_key_revoke(&key.label, &key.party_name),
        action: format!("/initiatives/{id}/measurement-keys/{key_id}/revoke"),
        button: s.key_revoke,
        cancel_href: format!("/initiatives/{id}/evaluation#keys"),
    })
}

pub(super) async fn revoke_key(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path((id, key_id)): Path<(i64, i64)>,
) -> AppResult<Response> {
    actions::revoke_key(&state.db, viewer, id, key_id).await?;
    Ok(see_other(&format!("/initiatives/{id}/evaluation#keys")))
}
