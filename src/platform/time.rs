//! Time: stored as Unix seconds (portable across engines), shown in Europe/Copenhagen.

use crate::platform::i18n::Lang;
use jiff::Timestamp;
use jiff::civil::Date;
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
    format_civil_date(ts.to_zoned_datetime(copenhagen().clone()).date(), lang)
}

/// A calendar date as people write it: "2. juni 2026" / "2 June 2026".
pub fn format_civil_date(date: Date, lang: Lang) -> String {
    let month = (date.month() - 1) as usize;
    match lang {
        Lang::Da => format!("{}. {} {}", date.day(), MONTHS_DA[month], date.year()),
        Lang::En => format!("{} {} {}", date.day(), MONTHS_EN[month], date.year()),
    }
}

/// The earliest and latest dates anything can be planned for.
const YEARS: std::ops::RangeInclusive<i16> = 2000..=2100;

/// A date as typed: ISO (2026-06-02, what a date field sends) or Danish day first
/// (2.6.2026, 2/6/2026, 2-6-2026). Years outside 2000–2100 are refused as typing mistakes.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let parts: Vec<&str> = text.split(['-', '.', '/']).map(str::trim).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (year, month, day) = if a.len() == 4 { (a, b, c) } else { (c, b, a) };
    let date = Date::new(year.parse().ok()?, month.parse().ok()?, day.parse().ok()?).ok()?;
    YEARS.contains(&date.year()).then_some(date)
}

/// Today in Copenhagen.
pub fn today() -> Date {
    Timestamp::now()
        .to_zoned_datetime(copenhagen().clone())
        .date()
}

/// RFC 3339 in UTC, for the API.
pub fn rfc3339(seconds: i64) -> String {
    Timestamp::from_second(seconds)
        .map(|t| t.to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_read_iso_or_day_first() {
        let june_2 = Date::new(2026, 6, 2).unwrap();
        for typed in ["2026-06-02", "2.6.2026", "02/06/2026", " 2-6-2026 "] {
            assert_eq!(parse_date(typed), Some(june_2), "{typed}");
        }
        for wrong in ["", "2026-02-30", "2 juni", "1.1.1900", "12345"] {
            assert_eq!(parse_date(wrong), None, "{wrong}");
        }
        assert_eq!(format_civil_date(june_2, Lang::Da), "2. juni 2026");
        assert_eq!(format_civil_date(june_2, Lang::En), "2 June 2026");
    }
}
