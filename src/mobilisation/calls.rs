//! Calls for help ("opråb"): an initiative publishes a call made of its open needs, with a
//! public page to share and an Atom feed of all open calls.

use super::model::CallDraft;
use super::routes::{ItemView, need_item};
use super::store::{self, Call};
use crate::initiatives::store as initiative_store;
use crate::platform::error::{AppResult, FieldErrors};
use crate::platform::time::{format_date, rfc3339};
use crate::platform::web::{
    AppState, Ctx, FormPairs, Page, SignedIn, render, render_status, see_other,
};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/initiatives/{id}/calls", post(publish))
        .route("/initiatives/{id}/calls/new", get(new_call))
        .route("/calls", get(list))
        .route("/calls.atom", get(feed))
        .route("/calls/{id}", get(show))
        .route("/calls/{id}/close", post(close))
}

#[derive(Template)]
#[template(path = "mobilisation/call_form.html")]
struct FormPage {
    page: Page,
    initiative_id: i64,
    initiative_title: String,
    title: String,
    message: String,
    errors: FieldErrors,
}

async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    draft: CallDraft,
    errors: FieldErrors,
) -> AppResult<FormPage> {
    let i = initiative_store::get(&state.db, id).await?;
    Ok(FormPage {
        page: ctx.page(ctx.s().new_call),
        initiative_id: id,
        initiative_title: i.draft.title,
        title: draft.title,
        message: draft.message,
        errors,
    })
}

async fn new_call(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    super::actions::require_initiative_editor(&state.db, viewer, id).await?;
    let draft = CallDraft {
        title: String::new(),
        message: String::new(),
    };
    render(&form_page(&state, &ctx, id, draft, FieldErrors::new()).await?)
}

async fn publish(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = FormPairs(pairs);
    let draft = CallDraft {
        title: form.get("title"),
        message: form.get("message"),
    };
    let (status, errors) =
        match super::actions::publish_call(&state.db, viewer, id, draft.clone()).await {
            Ok(call_id) => return Ok(see_other(&format!("/calls/{call_id}"))),
            Err(e) => e.on_form("title")?,
        };
    render_status(status, &form_page(&state, &ctx, id, draft, errors).await?)
}

#[derive(Template)]
#[template(path = "mobilisation/call.html")]
struct CallPage {
    page: Page,
    c: Call,
    published: String,
    needs: Vec<ItemView>,
    can_close: bool,
    share_url: String,
}

async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let c = store::get_call(&state.db, id).await?;
    let access = initiative_store::access(&state.db, c.initiative_id).await?;
    let can_close = c.closed_at.is_none()
        && crate::platform::permissions::can(
            ctx.viewer.as_ref(),
            crate::platform::permissions::Action::EditInitiative(&access),
        );
    let needs = store::needs_of_initiative(&state.db, c.initiative_id)
        .await?
        .iter()
        .filter(|n| n.status.is_open())
        .map(|n| need_item(n, ctx.lang))
        .collect();
    render(&CallPage {
        page: ctx.page(c.draft.title.clone()),
        published: format_date(c.published_at, ctx.lang),
        needs,
        can_close,
        share_url: format!(
            "{}/calls/{id}",
            state.config.public_url().trim_end_matches('/')
        ),
        c,
    })
}

async fn close(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    super::actions::close_call(&state.db, viewer, id).await?;
    Ok(see_other(&format!("/calls/{id}")))
}

struct CallView {
    c: Call,
    published: String,
}

#[derive(Template)]
#[template(path = "mobilisation/calls.html")]
struct ListPage {
    page: Page,
    calls: Vec<CallView>,
}

async fn list(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let calls = store::open_calls(&state.db, None, 50)
        .await?
        .into_iter()
        .map(|c| CallView {
            published: format_date(c.published_at, ctx.lang),
            c,
        })
        .collect();
    render(&ListPage {
        page: ctx.page(ctx.s().calls_title),
        calls,
    })
}

fn xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

/// The open calls as an Atom feed (RFC 4287), newest first.
async fn feed(State(state): State<AppState>) -> AppResult<Response> {
    let calls = store::open_calls(&state.db, None, 50).await?;
    let base = state.config.public_url().trim_end_matches('/').to_string();
    let updated = calls.first().map(|c| c.published_at).unwrap_or(0);
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"da\">\n\
         <title>Medspil: opråb</title>\n<id>{base}/calls</id>\n<link rel=\"self\" href=\"{base}/calls.atom\"/>\n\
         <link rel=\"alternate\" type=\"text/html\" href=\"{base}/calls\"/>\n<updated>{}</updated>\n",
        rfc3339(updated)
    );
    for c in &calls {
        out.push_str(&format!(
            "<entry>\n<title>{}</title>\n<id>{base}/calls/{id}</id>\n<link rel=\"alternate\" type=\"text/html\" href=\"{base}/calls/{id}\"/>\n\
             <updated>{}</updated>\n<author><name>{}</name><uri>{base}/initiatives/{}</uri></author>\n<summary>{}</summary>\n</entry>\n",
            xml(&c.draft.title),
            rfc3339(c.published_at),
            xml(&c.initiative_title),
            c.initiative_id,
            xml(&c.draft.message),
            id = c.id,
        ));
    }
    out.push_str("</feed>\n");
    Ok((
        [(header::CONTENT_TYPE, "application/atom+xml; charset=utf-8")],
        out,
    )
        .into_response())
}
