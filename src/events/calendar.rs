//! iCalendar (RFC 5545) feeds: one event with its programme, and a person's own events behind
//! a secret address that calendar apps can subscribe to. Times are written in
//! Europe/Copenhagen with its VTIMEZONE, so a calendar shows 10.00 on 2 June wherever it runs.

use super::store::{self, Event};
use crate::platform::error::AppResult;
use crate::platform::time::copenhagen;
use crate::platform::web::{AppState, Ctx, Page, render, see_other};
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use jiff::Timestamp;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/events/{id}/calendar.ics", get(event_feed))
        .route("/calendar", get(calendar_page).post(renew))
        .route("/calendar/{token}/medspil.ics", get(personal_feed))
}

/// Europe/Copenhagen as RFC 5545 describes a zone: CET, and CEST from the last Sunday of
/// March to the last Sunday of October (the EU rule since 1996).
const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Copenhagen\r\n\
BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n\
BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n\
END:VTIMEZONE\r\n";

/// A calendar being written: content lines folded at 75 octets and ended by CRLF.
struct Calendar {
    out: String,
    host: String,
    base: String,
}

impl Calendar {
    fn new(name: &str, base: &str) -> Calendar {
        let host = base
            .split("://")
            .nth(1)
            .unwrap_or(base)
            .split('/')
            .next()
            .unwrap_or("medspil")
            .to_string();
        let mut c = Calendar {
            out: String::new(),
            host,
            base: base.trim_end_matches('/').to_string(),
        };
        c.line("BEGIN:VCALENDAR");
        c.line("VERSION:2.0");
        c.line("PRODID:-//Medspil//Medspil//DA");
        c.line("CALSCALE:GREGORIAN");
        c.line("METHOD:PUBLISH");
        c.line(&format!("X-WR-CALNAME:{}", text(name)));
        c.line("X-WR-TIMEZONE:Europe/Copenhagen");
        c.out.push_str(VTIMEZONE);
        c
    }

    fn line(&mut self, content: &str) {
        let mut width = 0;
        for ch in content.chars() {
            if width + ch.len_utf8() > 75 {
                self.out.push_str("\r\n ");
                width = 1;
            }
            self.out.push(ch);
            width += ch.len_utf8();
        }
        self.out.push_str("\r\n");
    }

    /// One event (and, with `programme`, each programme point as an event of its own).
    fn event(&mut self, e: &Event, programme: &[store::ProgrammeItem]) {
        let d = &e.draft;
        let url = format!("{}/events/{}", self.base, e.id);
        let uid = format!("event-{}@{}", e.id, self.host);
        self.line("BEGIN:VEVENT");
        self.line(&format!("UID:{uid}"));
        self.line(&format!("DTSTAMP:{}", utc(crate::platform::time::now())));
        self.line(&format!(
            "DTSTART;TZID=Europe/Copenhagen:{}",
            local(d.starts_at)
        ));
        self.line(&format!(
            "DTEND;TZID=Europe/Copenhagen:{}",
            local(d.ends_at)
        ));
        self.line(&format!("SEQUENCE:{}", e.version - 1));
        self.line(&format!("SUMMARY:{}", text(&d.title)));
        if !d.description.is_empty() {
            self.line(&format!("DESCRIPTION:{}", text(&d.description)));
        }
        if !d.place.is_empty() {
            self.line(&format!("LOCATION:{}", text(&d.place)));
        }
        if let Some((lat, lon)) = d.coordinates {
            self.line(&format!("GEO:{lat:.6};{lon:.6}"));
        }
        self.line(&format!("ORGANIZER;CN={}:{url}", param(&e.organiser_name)));
        self.line(&format!("URL:{url}"));
        self.line(match e.status {
            super::model::EventStatus::Cancelled => "STATUS:CANCELLED",
            super::model::EventStatus::Planned => "STATUS:CONFIRMED",
        });
        self.line("END:VEVENT");
        for p in programme {
            self.line("BEGIN:VEVENT");
            self.line(&format!("UID:programme-{}@{}", p.id, self.host));
            self.line(&format!("DTSTAMP:{}", utc(crate::platform::time::now())));
            self.line(&format!(
                "DTSTART;TZID=Europe/Copenhagen:{}",
                local(p.draft.starts_at)
            ));
            if let Some(end) = p.draft.ends_at {
                self.line(&format!("DTEND;TZID=Europe/Copenhagen:{}", local(end)));
            }
            self.line(&format!(
                "SUMMARY:{}",
                text(&format!("{}: {}", d.title, p.draft.title))
            ));
            let place = if p.draft.place.is_empty() {
                &d.place
            } else {
                &p.draft.place
            };
            if !place.is_empty() {
                self.line(&format!("LOCATION:{}", text(place)));
            }
            self.line(&format!("RELATED-TO:{uid}"));
            self.line(&format!("URL:{url}"));
            self.line("END:VEVENT");
        }
    }

    fn finish(mut self) -> Response {
        self.line("END:VCALENDAR");
        (
            [
                (header::CONTENT_TYPE, "text/calendar; charset=utf-8"),
                (header::CACHE_CONTROL, "private, max-age=300"),
            ],
            self.out,
        )
            .into_response()
    }
}

/// A TEXT value: backslash, semicolon, comma and line breaks escaped.
fn text(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace(['\n', '\r'], "\\n")
}

/// A parameter value: quoted, without the characters a quoted parameter cannot hold.
fn param(value: &str) -> String {
    format!("\"{}\"", value.replace(['"', '\r', '\n'], ""))
}

fn local(seconds: i64) -> String {
    Timestamp::from_second(seconds)
        .map(|t| {
            t.to_zoned_datetime(copenhagen().clone())
                .strftime("%Y%m%dT%H%M%S")
                .to_string()
        })
        .unwrap_or_default()
}

fn utc(seconds: i64) -> String {
    Timestamp::from_second(seconds)
        .map(|t| t.strftime("%Y%m%dT%H%M%SZ").to_string())
        .unwrap_or_default()
}

async fn event_feed(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Response> {
    let e = store::get_event(&state.db, id).await?;
    let programme = store::programme(&state.db, id).await?;
    let mut c = Calendar::new(&e.draft.title, &state.config.public_url());
    c.event(&e, &programme);
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
        c.event(e, &[]);
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

async fn calendar_page(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let viewer = ctx.require_viewer()?;
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
async fn renew(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let viewer = ctx.require_viewer()?;
    store::calendar_token(&state.db, viewer.user_id, true).await?;
    Ok(see_other("/calendar"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_lines_are_folded() {
        assert_eq!(
            text("Hyg, byg; fest\\\nkl. 18"),
            "Hyg\\, byg\\; fest\\\\\\nkl. 18"
        );
        let mut c = Calendar {
            out: String::new(),
            host: "h".into(),
            base: "b".into(),
        };
        c.line(&format!("SUMMARY:{}", "æ".repeat(60)));
        for line in c.out.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        assert_eq!(
            c.out.replace("\r\n ", ""),
            format!("SUMMARY:{}\r\n", "æ".repeat(60))
        );
    }

    #[test]
    fn times_are_copenhagen_wall_clock() {
        let ten = crate::platform::time::parse_moment("2027-06-02T10:00").unwrap();
        assert_eq!(local(ten), "20270602T100000");
        assert_eq!(utc(ten), "20270602T080000Z");
    }
}
