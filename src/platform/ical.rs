//! Writing iCalendar (RFC 5545): content lines folded at 75 octets, escaped text, and times in
//! Europe/Copenhagen with its VTIMEZONE, so a calendar shows 10.00 on 2 June wherever it runs.

use crate::platform::time::copenhagen;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use jiff::Timestamp;

/// Europe/Copenhagen as RFC 5545 describes a zone: CET, and CEST from the last Sunday of
/// March to the last Sunday of October (the EU rule since 1996).
const VTIMEZONE: &str = "BEGIN:VTIMEZONE\r\nTZID:Europe/Copenhagen\r\n\
BEGIN:DAYLIGHT\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nDTSTART:19700329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nEND:DAYLIGHT\r\n\
BEGIN:STANDARD\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nDTSTART:19701025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nEND:STANDARD\r\n\
END:VTIMEZONE\r\n";

/// A calendar being written: content lines folded at 75 octets and ended by CRLF.
pub struct Calendar {
    out: String,
    /// The host of the public URL, for UIDs.
    pub host: String,
    /// The public URL, for links.
    pub base: String,
}

impl Calendar {
    pub fn new(name: &str, base: &str) -> Calendar {
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

    pub fn line(&mut self, content: &str) {
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

    /// A time property in Copenhagen time: `DTSTART;TZID=Europe/Copenhagen:20270602T100000`.
    pub fn local_time(&mut self, name: &str, seconds: i64) {
        self.line(&format!("{name};TZID=Europe/Copenhagen:{}", local(seconds)));
    }

    /// The stamp every VEVENT needs: when this file was made.
    pub fn stamp(&mut self) {
        self.line(&format!("DTSTAMP:{}", utc(crate::platform::time::now())));
    }

    pub fn finish(mut self) -> Response {
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
pub fn text(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace(';', "\\;")
        .replace(',', "\\,")
        .replace("\r\n", "\\n")
        .replace(['\n', '\r'], "\\n")
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
