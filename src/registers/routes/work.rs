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
    };
    let done = actions::mail_group(&state.db, &signed.1, id, draft)
        .await
        .map(|_| ());
    after(&state, &signed, id, typed, done, "mail_purpose", "mail").await
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
