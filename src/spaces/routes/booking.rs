//! A booking's page: deciding, moving and cancelling it, and the calendar feed.

use super::*;

#[derive(Template)]
#[template(path = "spaces/booking.html")]
pub(super) struct BookingPage {
    pub(super) page: Page,
    pub(super) b: Booking,
    pub(super) when: String,
    pub(super) status: &'static str,
    pub(super) live: bool,
    pub(super) requested: bool,
    pub(super) manages: bool,
    pub(super) is_booker: bool,
    pub(super) starts: String,
    pub(super) ends: String,
    pub(super) reason: String,
    pub(super) errors: FieldErrors,
}

pub(super) async fn booking_page(
    state: &AppState,
    ctx: &Ctx,
    viewer: &Viewer,
    id: i64,
    typed: Option<(String, String, String)>,
    errors: FieldErrors,
) -> AppResult<BookingPage> {
    let b = store::get_booking(&state.db, id).await?;
    let sp = store::get_space(&state.db, b.space_id).await?;
    let manages = actions::manages(Some(viewer), &sp);
    let is_booker = crate::platform::permissions::can(
        Some(viewer),
        crate::platform::permissions::Action::ActFor(b.booker_id),
    );
    if !manages && !is_booker {
        return Err(AppError::Forbidden);
    }
    let (starts, ends, reason) = typed.unwrap_or_else(|| {
        (
            moment_input(b.starts_at),
            moment_input(b.ends_at),
            String::new(),
        )
    });
    Ok(BookingPage {
        page: ctx.page(ctx.s().booking_title(&b.space_name)),
        when: format_period(b.starts_at, b.ends_at, ctx.lang),
        status: b.status.label(ctx.lang),
        live: matches!(
            b.status,
            BookingStatus::Requested | BookingStatus::Confirmed
        ),
        requested: b.status == BookingStatus::Requested,
        manages,
        is_booker,
        starts,
        ends,
        reason,
        errors,
        b,
    })
}

pub(super) async fn show_booking(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(&booking_page(&state, &ctx, viewer, id, None, FieldErrors::new()).await?)
}

pub(super) async fn decide(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = FormPairs(pairs);
    let accept = form.get("decision") == "confirm";
    let reason = form.get("reason");
    match actions::decide(&state.db, viewer, id, accept, &reason).await {
        Ok(_) => Ok(see_other(&format!("/bookings/{id}"))),
        Err(AppError::Invalid(errors)) => {
            let page = booking_page(&state, &ctx, viewer, id, None, errors).await?;
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &BookingPage { reason, ..page },
            )
        }
        Err(AppError::Refused(refusal)) => {
            let mut errors = FieldErrors::new();
            errors.insert("reason", refusal.into());
            render_status(
                StatusCode::CONFLICT,
                &booking_page(&state, &ctx, viewer, id, None, errors).await?,
            )
        }
        Err(e) => Err(e),
    }
}

pub(super) async fn reschedule(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = FormPairs(pairs);
    let (starts, ends) = (form.get("starts"), form.get("ends"));
    let mut errors = FieldErrors::new();
    let starts_at = moment_field(&mut errors, "starts", &starts, true).unwrap_or(0);
    let ends_at = moment_field(&mut errors, "ends", &ends, true).unwrap_or(0);
    let (status, errors) =
        match actions::reschedule(&state.db, viewer, id, starts_at, ends_at, errors).await {
            Ok(_) => return Ok(see_other(&format!("/bookings/{id}"))),
            Err(e) => e.on_form("starts")?,
        };
    render_status(
        status,
        &booking_page(
            &state,
            &ctx,
            viewer,
            id,
            Some((starts, ends, String::new())),
            errors,
        )
        .await?,
    )
}

pub(super) async fn confirm_cancel(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let page = booking_page(&state, &ctx, viewer, id, None, FieldErrors::new()).await?;
    let s = ctx.s();
    render(&ConfirmPage {
        page: ctx.page(s.cancel_booking),
        message: s.confirm_cancel_booking(&page.b.space_name, &page.when),
        action: format!("/bookings/{id}/cancel"),
        button: s.cancel_booking,
        cancel_href: format!("/bookings/{id}"),
    })
}

pub(super) async fn cancel(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    actions::cancel(&state.db, viewer, id).await?;
    Ok(see_other(&format!("/bookings/{id}")))
}

/// The space's confirmed bookings that have not ended, as iCalendar: when it is taken.
pub(super) async fn feed(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    use crate::platform::ical::{Calendar, text};
    let sp = store::get_space(&state.db, id).await?;
    let mut c = Calendar::new(&sp.draft.name, &state.config.public_url());
    let location = [sp.draft.name.as_str(), sp.draft.address.as_str()]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    for b in store::coming_bookings(&state.db, id).await? {
        if b.status != BookingStatus::Confirmed {
            continue;
        }
        c.line("BEGIN:VEVENT");
        c.line(&format!("UID:booking-{}@{}", b.id, c.host));
        c.stamp();
        c.local_time("DTSTART", b.starts_at);
        c.local_time("DTEND", b.ends_at);
        let summary = b
            .initiative_title
            .unwrap_or_else(|| ctx.s().space_taken.into());
        c.line(&format!("SUMMARY:{}", text(&summary)));
        c.line(&format!("LOCATION:{}", text(&location)));
        c.line(&format!("URL:{}/spaces/{id}", c.base));
        c.line("STATUS:CONFIRMED");
        c.line("END:VEVENT");
    }
    Ok(c.finish())
}
