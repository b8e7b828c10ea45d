//! The audit log for administrators: whether the chain holds, the entries newest first, and
//! the whole log as CSV.

use super::model::ChainCheck;
use super::store;
use crate::platform::csv;
use crate::platform::db::page_number;
use crate::platform::error::AppResult;
use crate::platform::time::format_moment;
use crate::platform::web::{Administrator, AppState, Page, render};
use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::Response;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/audit", get(show))
        .route("/admin/audit.csv", get(export))
}

const PER_PAGE: i64 = 100;

struct Line {
    id: i64,
    at: String,
    by: String,
    act: &'static str,
    subject: String,
    detail: String,
    reason: String,
}

#[derive(Template)]
#[template(path = "audit/log.html")]
struct LogPage {
    page: Page,
    check: ChainCheck,
    lines: Vec<Line>,
    page_number: i64,
    more: bool,
}

#[derive(serde::Deserialize)]
struct PageQuery {
    #[serde(default)]
    page: Option<i64>,
}

async fn show(
    State(state): State<AppState>,
    Administrator(ctx, _): Administrator,
    Query(q): Query<PageQuery>,
) -> AppResult<Response> {
    let (check, _) = store::verify(&state.db).await?;
    let n = page_number(q.page.unwrap_or(1));
    let mut entries = store::newest(&state.db, PER_PAGE + 1, (n - 1) * PER_PAGE).await?;
    let more = entries.len() as i64 > PER_PAGE;
    entries.truncate(PER_PAGE as usize);
    let s = ctx.s();
    let lines = entries
        .into_iter()
        .map(|e| Line {
            id: e.id,
            at: format_moment(e.entry.at, ctx.lang),
            by: match (e.entry.by_name.is_empty(), e.entry.by_user_id) {
                (false, _) => e.entry.by_name,
                (true, Some(id)) => s.audit_by_account_holder(id),
                (true, None) => s.audit_by_operator.to_string(),
            },
            act: e.entry.act.label(ctx.lang),
            subject: e.entry.subject,
            detail: e.entry.detail,
            reason: e.entry.reason,
        })
        .collect();
    render(&LogPage {
        page: ctx.page(s.audit_title),
        check,
        lines,
        page_number: n,
        more,
    })
}

/// The whole log, oldest first, with each entry's hashes, so it can be checked elsewhere.
async fn export(
    State(state): State<AppState>,
    Administrator(_, _): Administrator,
) -> AppResult<Response> {
    let mut out = String::new();
    csv::push_row(
        &mut out,
        &[
            "id",
            "at",
            "by_user_id",
            "by_name",
            "act",
            "subject",
            "detail",
            "reason",
            "prev_hash",
            "hash",
        ],
    );
    for s in store::all(&state.db).await? {
        let mut row = vec![s.id.to_string()];
        row.extend(s.entry.fields());
        row.extend([s.prev_hash, s.hash]);
        csv::push_row(&mut out, &row);
    }
    Ok(csv::spreadsheet("medspil-audit.csv", &out))
}
