//! iCalendar (RFC 5545) feeds: one event with its programme, and a person's own events behind
//! a secret address that calendar apps can subscribe to.

use super::model::{EventStatus, SignupStatus};
use super::store::{self, Event};
use crate::platform::error::AppResult;
use crate::platform::ical::{Calendar, text};
use crate::platform::web::{AppState, Page, SignedIn, render, see_other};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/events/{id}/calendar.ics", get(event_feed))
        .route("/calendar", get(calendar_page).post(renew))
        .route("/calendar/{token}/medspil.ics", get(personal_feed))
}

/// One event as a VEVENT, and with `programme` each programme point as one of its own. A
/// place on the waiting list is `tentative`.
fn write_event(c: &mut Calendar, e: &Event, programme: &[store::ProgrammeItem], waiting: bool) {
    let d = &e.draft;
    let url = format!("{}/events/{}", c.base, e.id);
    let uid = format!("event-{}@{}", e.id, c.host);
    let status = match e.status {
        EventStatus::Cancelled => "STATUS:CANCELLED",
        EventStatus::Planned if waiting => "STATUS:TENTATIVE",
        EventStatus::Planned => "STATUS:CONFIRMED",
    };
    let sequence = format!("SEQUENCE:{}", e.version - 1);
    c.line("BEGIN:VEVENT");
    c.line(&format!("UID:{uid}"));
    c.stamp();
    c.local_time("DTSTART", d.starts_at);
    c.local_time("DTEND", d.ends_at);
    c.line(&sequence);
    c.line(&format!("SUMMARY:{}", text(&d.title)));
    if !d.description.is_empty() {
        c.line(&format!("DESCRIPTION:{}", text(&d.description)));
    }
    if !d.place.is_empty() {
        c.line(&format!("LOCATION:{}", text(&d.place)));
    }
    if let Some((lat, lon)) = d.coordinates {
        c.line(&format!("GEO:{lat:.6};{lon:.6}"));
    }
    c.line(&format!("URL:{url}"));
    c.line(status);
    c.line("END:VEVENT");
    for p in programme {
        c.line("BEGIN:VEVENT");
        c.line(&format!("UID:programme-{}@{}", p.id, c.host));
        c.stamp();
        c.local_time("DTSTART", p.draft.starts_at);
        if let Some(end) = p.draft.ends_at {
            c.local_time("DTEND", end);
        }
        c.line(&format!(
            "SUMMARY:{}",
            text(&format!("{}: {}", d.title, p.draft.title))
        ));
        let place = if p.draft.place.is_empty() {
            &d.place
        } else {
            &p.draft.place
        };
        if !place.is_empty() {
            c.line(&format!("LOCATION:{}", text(place)));
        }
        c.line(&sequence);
        c.line(&format!("RELATED-TO:{uid}"));
        c.line(&format!("URL:{url}"));
        c.line(status);
        c.line("END:VEVENT");
    }
}

async fn event_feed(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Response> {
    let e = store::get_event(&state.db, id).await?;
    let programme = store::programme(&state.db, &[id]).await?;
    let mut c = Calendar::new(&e.draft.title, &state.config.public_url());
    write_event(&mut c, &e, &programme, false);
    Ok(c.finish())
}

async fn personal_feed(
    State(state): State<AppState>,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let (user_id, person_id) = store::calendar_owner(&state.db, &token).await?;
    let events = store::events_of_person(&state.db, person_id, user_id).await?;
    let mut c = Calendar::new("Medspil", &state.config.public_url());
    for e in &events {
        let waiting = store::signup_of(&state.db, e.id, person_id)
            .await?
            .is_some_and(|s| s.status == SignupStatus::Waiting);
        write_event(&mut c, e, &[], waiting);
    }
    Ok(c.finish())
}

#[derive(Template)]
#[template(path = "events/calendar.html")]
struct CalendarPage {
    page: Page,
    feed_url: String,
    webcal_url: String,
}

async fn calendar_page(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
) -> AppResult<Response> {
    let token = store::calendar_token(&state.db, viewer.user_id, false).await?;
    let feed_url = format!(
        "{}/calendar/{token}/medspil.ics",
        state.config.public_url().trim_end_matches('/')
    );
    render(&CalendarPage {
        page: ctx.page(ctx.s().calendar_title),
        webcal_url: feed_url.replacen("https://", "webcal://", 1).replacen(
            "http://",
            "webcal://",
            1,
        ),
        feed_url,
    })
}

/// A new secret address; the old one stops working at once.
async fn renew(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
) -> AppResult<Response> {
    store::calendar_token(&state.db, viewer.user_id, true).await?;
    Ok(see_other("/calendar"))
}
