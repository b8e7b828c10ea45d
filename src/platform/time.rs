//! Time: stored as Unix seconds (portable across engines), shown in Europe/Copenhagen.

use crate::platform::error::Text;
use crate::platform::i18n::Lang;
use crate::text;
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

/// A day of a period as a person typed it on a page (ISO or day first); empty is none, and
/// anything unreadable is refused with a clear message rather than ignored.
pub fn typed_day(typed: &str) -> crate::platform::error::AppResult<Option<Date>> {
    match typed.trim() {
        "" => Ok(None),
        t => parse_date(t)
            .map(Some)
            .ok_or(crate::platform::error::AppError::BadRequest(text!(
                err_date
            ))),
    }
}

/// A day of a period as an API caller gives it: left out, or ISO 8601; anything else refused.
pub fn api_day(given: Option<&str>) -> crate::platform::error::AppResult<Option<Date>> {
    given
        .map(|t| {
            parse_iso_date(t).ok_or(crate::platform::error::AppError::BadRequest(text!(
                err_date
            )))
        })
        .transpose()
}

/// The days counted, both included.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

impl Period {
    /// The days between two, in whichever order they were typed.
    pub fn between(a: Date, b: Date) -> Period {
        Period {
            from: a.min(b),
            to: a.max(b),
        }
    }

    /// Its bounds as Unix seconds: the first moment counted and the first moment after.
    pub fn moments(self) -> (i64, i64) {
        (
            day_starts(self.from),
            day_starts(self.to.tomorrow().unwrap_or(self.to)),
        )
    }
}

/// The moment a day begins in Copenhagen, as Unix seconds.
pub fn day_starts(date: Date) -> i64 {
    date.to_zoned_datetime(copenhagen().clone())
        .map(|z| z.timestamp().as_second())
        .unwrap_or_default()
}

/// The day of a moment in Copenhagen.
pub fn day_of(seconds: i64) -> Date {
    Timestamp::from_second(seconds)
        .map(|ts| ts.to_zoned_datetime(copenhagen().clone()).date())
        .unwrap_or_default()
}

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

/// A date as the API takes it: ISO 8601 only (2026-06-02), never day first, so 01/09/2027
/// cannot be read as either of two days.
pub fn parse_iso_date(text: &str) -> Option<Date> {
    let text = text.trim();
    let iso = text.len() == 10
        && text.bytes().enumerate().all(|(i, b)| match i {
            4 | 7 => b == b'-',
            _ => b.is_ascii_digit(),
        });
    iso.then(|| parse_date(text)).flatten()
}

/// Today in Copenhagen.
pub fn today() -> Date {
    Timestamp::now()
        .to_zoned_datetime(copenhagen().clone())
        .date()
}

/// A moment as typed: RFC 3339 with an offset (what the API sends), or Copenhagen wall-clock
/// time as a `datetime-local` field sends it (2027-06-02T10:00) or as people write it
/// (2.6.2027 10.00). Nothing may follow the clock. A wall-clock time that does not exist or
/// occurs twice at a summer-time change is read the way calendars do (the later of the two
/// readings of a gap, the earlier of a fold).
pub fn parse_moment(text: &str) -> Option<i64> {
    read_moment(text, parse_date)
}

/// A moment as the API takes it: RFC 3339 with an offset, or ISO 8601 without one
/// (2027-06-02T10:00), read as Copenhagen time; never a day-first date.
pub fn parse_iso_moment(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, _) = text.split_once(['T', ' '])?;
    parse_iso_date(date)?;
    read_moment(text, parse_iso_date)
}

fn read_moment(text: &str, date: fn(&str) -> Option<Date>) -> Option<i64> {
    let text = text.trim();
    if let Ok(ts) = text.parse::<Timestamp>() {
        return YEARS
            .contains(&ts.to_zoned_datetime(TimeZone::UTC).year())
            .then_some(ts.as_second());
    }
    let (day, clock) = text.split_once(['T', ' '])?;
    let day = date(day)?;
    let time = parse_clock(clock.trim())?;
    copenhagen()
        .to_ambiguous_timestamp(day.to_datetime(time))
        .compatible()
        .ok()
        .map(|t| t.as_second())
}

/// A time of day: 10:00, 10.00, 9.30, or with seconds as some fields send them (10:00:00).
fn parse_clock(text: &str) -> Option<jiff::civil::Time> {
    let mut parts = text.split([':', '.']);
    let hour = parts.next()?;
    let minute = parts.next()?;
    let second = parts.next().unwrap_or("00");
    let digits = |p: &str, lengths: std::ops::RangeInclusive<usize>| {
        lengths.contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit())
    };
    if parts.next().is_some()
        || !digits(hour, 1..=2)
        || !digits(minute, 2..=2)
        || !digits(second, 2..=2)
    {
        return None;
    }
    jiff::civil::Time::new(
        hour.parse().ok()?,
        minute.parse().ok()?,
        second.parse().ok()?,
        0,
    )
    .ok()
}

/// How the API's bodies name a period's ends, for [`AppError::renamed_fields`](crate::platform::error::AppError::renamed_fields).
pub const PERIOD_FIELDS: &[(&str, &str)] = &[("starts", "starts_at"), ("ends", "ends_at")];

/// A moment typed into a form field; `None`, with a message for `field`, when it cannot be
/// read, or is empty and required.
pub fn moment_field(
    errors: &mut crate::platform::error::FieldErrors,
    field: &'static str,
    text: &str,
    required: bool,
) -> Option<i64> {
    checked_moment(
        errors,
        field,
        text,
        required,
        parse_moment,
        text!(err_moment),
    )
}

/// A day typed into a form field ([`parse_date`]); `None` when it is empty, and with a message
/// for `field` when it cannot be read.
pub fn day_field(
    errors: &mut crate::platform::error::FieldErrors,
    field: &'static str,
    text: &str,
) -> Option<Date> {
    crate::platform::input::optional(errors, field, text, parse_date, text!(err_date))
}

/// A moment sent to the API ([`parse_iso_moment`]), checked like [`moment_field`].
pub fn api_moment_field(
    errors: &mut crate::platform::error::FieldErrors,
    field: &'static str,
    text: &str,
    required: bool,
) -> Option<i64> {
    checked_moment(
        errors,
        field,
        text,
        required,
        parse_iso_moment,
        text!(err_moment_iso),
    )
}

fn checked_moment(
    errors: &mut crate::platform::error::FieldErrors,
    field: &'static str,
    text: &str,
    required: bool,
    parse: fn(&str) -> Option<i64>,
    message: Text,
) -> Option<i64> {
    if text.trim().is_empty() {
        if required {
            errors.insert(field, text!(err_required));
        }
        return None;
    }
    let parsed = parse(text);
    if parsed.is_none() {
        errors.insert(field, message);
    }
    parsed
}

/// What a `datetime-local` field shows for a stored moment: 2027-06-02T10:00, in Copenhagen.
pub fn moment_input(seconds: i64) -> String {
    Timestamp::from_second(seconds)
        .map(|t| {
            t.to_zoned_datetime(copenhagen().clone())
                .strftime("%Y-%m-%dT%H:%M")
                .to_string()
        })
        .unwrap_or_default()
}

/// The time of day as Danes write it (10.00) or in English (10:00).
pub fn format_clock(seconds: i64, lang: Lang) -> String {
    let Ok(ts) = Timestamp::from_second(seconds) else {
        return String::new();
    };
    let z = ts.to_zoned_datetime(copenhagen().clone());
    match lang {
        Lang::Da => format!("{:02}.{:02}", z.hour(), z.minute()),
        Lang::En => format!("{:02}:{:02}", z.hour(), z.minute()),
    }
}

/// A moment as people read it: "2. juni 2027 kl. 10.00" / "2 June 2027, 10:00".
pub fn format_moment(seconds: i64, lang: Lang) -> String {
    let date = format_date(seconds, lang);
    let clock = format_clock(seconds, lang);
    match lang {
        Lang::Da => format!("{date} kl. {clock}"),
        Lang::En => format!("{date}, {clock}"),
    }
}

/// A period as people read it: "2. juni 2027 kl. 10.00–23.00" within a day (an end at
/// midnight belongs to the day before), else both moments in full.
pub fn format_period(starts: i64, ends: i64, lang: Lang) -> String {
    if format_date(starts, lang) == format_date(ends - 1, lang) {
        format!(
            "{}–{}",
            format_moment(starts, lang),
            format_clock(ends, lang)
        )
    } else {
        format!(
            "{} – {}",
            format_moment(starts, lang),
            format_moment(ends, lang)
        )
    }
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

    #[test]
    fn moments_are_copenhagen_wall_clock_or_rfc3339() {
        // 2 June is summer time (UTC+2).
        let ten = parse_moment("2027-06-02T10:00").expect("datetime-local");
        assert_eq!(rfc3339(ten), "2027-06-02T08:00:00Z");
        assert_eq!(parse_moment("2.6.2027 10.00"), Some(ten));
        assert_eq!(parse_moment("2027-06-02T08:00:00Z"), Some(ten));
        assert_eq!(parse_moment("2027-06-02T10:00:00+02:00"), Some(ten));
        assert_eq!(moment_input(ten), "2027-06-02T10:00");
        assert_eq!(format_moment(ten, Lang::Da), "2. juni 2027 kl. 10.00");
        assert_eq!(format_moment(ten, Lang::En), "2 June 2027, 10:00");
        // Winter time (UTC+1).
        assert_eq!(
            rfc3339(parse_moment("2027-01-05T18:30").unwrap()),
            "2027-01-05T17:30:00Z"
        );
        for wrong in [
            "",
            "2027-06-02",
            "2027-06-02T25:00",
            "i morgen",
            "1900-01-01T10:00",
            "2027-10-01T10:00garbage",
            "2027-10-01T10:0",
            "2027-10-01T10:00:00:00",
            "2027-13-01T10:00",
        ] {
            assert_eq!(parse_moment(wrong), None, "{wrong}");
        }
        assert_eq!(
            parse_moment("2027-06-02T10:00:00"),
            Some(ten),
            "with seconds"
        );
    }

    #[test]
    fn the_api_reads_only_iso_dates_never_day_first() {
        let ten = parse_moment("2027-06-02T10:00").unwrap();
        assert_eq!(parse_iso_moment("2027-06-02T10:00"), Some(ten));
        assert_eq!(parse_iso_moment("2027-06-02T08:00:00Z"), Some(ten));
        assert_eq!(parse_iso_moment("02/06/2027 10:00"), None);
        assert_eq!(parse_iso_moment("2.6.2027 10.00"), None);
        assert_eq!(parse_iso_date("2027-09-01").map(|d| d.month()), Some(9));
        assert_eq!(parse_iso_date("01/09/2027"), None);
        assert_eq!(parse_iso_date("2027-9-1"), None);
    }
}
