//! Time: stored as Unix seconds (portable across engines), shown in Europe/Copenhagen.

use crate::platform::i18n::Lang;
use jiff::Timestamp;
use jiff::tz::TimeZone;
use std::sync::OnceLock;

pub fn now() -> i64 {
    Timestamp::now().as_second()
}

pub fn copenhagen() -> &'static TimeZone {
    static TZ: OnceLock<TimeZone> = OnceLock::new();
    // A system without a zoneinfo database still gets Danish wall-clock time (CET), which is
    // wrong only by the summer-time hour; that beats refusing to start.
    TZ.get_or_init(|| {
        TimeZone::get("Europe/Copenhagen").unwrap_or_else(|_| TimeZone::fixed(jiff::tz::offset(1)))
    })
}

const MONTHS_DA: [&str; 12] = [
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
];
const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A date as people write it: "2. juni 2026" / "2 June 2026".
pub fn format_date(seconds: i64, lang: Lang) -> String {
    let Ok(ts) = Timestamp::from_second(seconds) else {
        return String::new();
    };
    let date = ts.to_zoned_datetime(copenhagen().clone()).date();
    let month = (date.month() - 1) as usize;
    match lang {
        Lang::Da => format!("{}. {} {}", date.day(), MONTHS_DA[month], date.year()),
        Lang::En => format!("{} {} {}", date.day(), MONTHS_EN[month], date.year()),
    }
}

/// RFC 3339 in UTC, for the API.
pub fn rfc3339(seconds: i64) -> String {
    Timestamp::from_second(seconds)
        .map(|t| t.to_string())
        .unwrap_or_default()
}
