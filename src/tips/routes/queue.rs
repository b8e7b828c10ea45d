//! The handlers' queue, unsubscribing from a tip's news, and the map's script.

use super::*;
use crate::platform::web::ForgetAddressPage;

#[derive(Template)]
#[template(path = "tips/queue.html")]
pub(super) struct QueuePage {
    pub(super) page: Page,
    pub(super) units: Vec<(String, Vec<TipLine>)>,
}

/// The open tips of the units the viewer handles, oldest first, with their age.
pub(super) async fn queue(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
) -> AppResult<Response> {
    let units = crate::requests::actions::handled_units(&state.db, Some(viewer)).await?;
    if units.is_empty() {
        return Err(AppError::Forbidden);
    }
    let filter = TipFilter {
        statuses: vec![TipStatus::Received, TipStatus::InProgress],
        unit_ids: Some(units.iter().map(|(id, _)| *id).collect()),
        ..TipFilter::default()
    };
    let tips = store::tips(&state.db, &filter, true, 1000, 0).await?;
    let lang = ctx.lang;
    render(&QueuePage {
        page: ctx.page(ctx.s().tip_queue),
        units: units
            .into_iter()
            .map(|(id, name)| {
                let lines = tips
                    .iter()
                    .filter(|t| t.unit_id == id)
                    .map(|t| tip_line(t, lang))
                    .collect();
                (name, lines)
            })
            .collect(),
    })
}

fn unsubscribing(ctx: &Ctx, token: &str, done: bool) -> ForgetAddressPage {
    let s = ctx.s();
    ForgetAddressPage {
        page: ctx.page(s.tip_unsubscribe_title),
        action: format!("/unsubscribe/tip/{token}"),
        intro: s.tip_unsubscribe_intro,
        button: s.tip_unsubscribe_button,
        done_text: s.tip_unsubscribed,
        done,
    }
}

pub(super) async fn unsubscribe_page(ctx: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    render(&unsubscribing(&ctx, &token, false))
}

/// Forgets an anonymous reporter's e-mail address (also the one-click unsubscribe of RFC 8058).
pub(super) async fn unsubscribe(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    if !store::forget_reporter_email(&state.db, &token).await? {
        return Err(AppError::NotFound);
    }
    render(&unsubscribing(&ctx, &token, true))
}

pub(super) async fn map_script() -> Response {
    crate::platform::web::script(include_str!("../../../static/map.js"))
}
