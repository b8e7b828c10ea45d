//! The board's mail to a group and its list for a day's activity.

use super::*;

pub(super) async fn mail(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<i64>,
    Form(typed): Form<Typed>,
) -> AppResult<Response> {
    let draft = MailDraft {
        activity_id: typed.activity.parse().ok(),
        purpose_id: typed.mail_purpose.parse().ok(),
        subject: typed.subject.clone(),
        body: typed.body.clone(),
        form_key: typed.form_key.clone(),
    };
    let done = actions::mail_group(&state.db, &signed.1, id, draft)
        .await
        .map(|_| ());
    after(&state, &signed, id, typed, done, "subject", "mail").await
}

/// What the list form asks for.
#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct ListQuery {
    list_activity: String,
    list_purpose: String,
}

pub(super) async fn list(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<i64>,
    axum::extract::Query(q): axum::extract::Query<ListQuery>,
) -> AppResult<Response> {
    let (activity, purpose) = (q.list_activity.parse().ok(), q.list_purpose.parse().ok());
    let lang = signed.0.lang;
    match actions::activity_list(&state.db, &signed.1, id, activity, purpose, lang).await {
        Ok((name, table)) => Ok(crate::platform::csv::spreadsheet(&name, &table)),
        Err(e) => {
            let typed = Typed {
                list_activity: q.list_activity,
                list_purpose: q.list_purpose,
                ..Typed::default()
            };
            after(&state, &signed, id, typed, Err(e), "list_activity", "list").await
        }
    }
}

#[derive(Template)]
#[template(path = "registers/delete.html")]
struct DeletePage {
    page: Page,
    id: i64,
    people: i64,
    errors: FieldErrors,
}

async fn delete_page(
    state: &AppState,
    ctx: &Ctx,
    viewer: &crate::platform::auth::Viewer,
    id: i64,
    errors: FieldErrors,
) -> AppResult<DeletePage> {
    actions::board(&state.db, viewer, id).await?;
    let association = crate::actors::store::get(&state.db, id).await?;
    Ok(DeletePage {
        page: ctx.page(ctx.s().register_delete_title(&association.name)),
        id,
        people: store::people_count(&state.db, id).await?,
        errors,
    })
}

/// What deleting the register takes with it, and the button, which asks for a confirmation.
pub(super) async fn delete_form(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(&delete_page(&state, &ctx, viewer, id, FieldErrors::new()).await?)
}

#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct DeleteForm {
    confirm: String,
}

pub(super) async fn delete(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<DeleteForm>,
) -> AppResult<Response> {
    if form.confirm.is_empty() {
        let errors = FieldErrors::from([("confirm", crate::text!(err_register_delete_confirm))]);
        let page = delete_page(&state, &ctx, viewer, id, errors).await?;
        return render_status(axum::http::StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    actions::delete_register(&state.db, viewer, id).await?;
    Ok(see_other(&format!("/actors/{id}")))
}
