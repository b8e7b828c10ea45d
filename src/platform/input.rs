//! Checks every text input goes through: trimmed, required or not, limited in length, and
//! free of control characters (which PostgreSQL refuses and nobody types on purpose).

use crate::platform::error::FieldErrors;
use crate::platform::i18n::Strings;

/// Whether a character may appear in stored text: anything but control characters, except
/// the tab and the line breaks of multi-line fields.
fn allowed(c: char) -> bool {
    !c.is_control() || matches!(c, '\t' | '\n' | '\r')
}

/// Trims `value` in place and checks it, adding a message for `field` to `errors`.
pub fn check_text(
    errors: &mut FieldErrors,
    s: &Strings,
    field: &'static str,
    value: &mut String,
    required: bool,
    max: usize,
) {
    *value = value.trim().to_string();
    if required && value.is_empty() {
        errors.insert(field, s.err_required.into());
    } else if value.chars().count() > max {
        errors.insert(field, s.err_too_long.replace("{max}", &max.to_string()));
    } else if !value.chars().all(allowed) {
        errors.insert(field, s.err_control_chars.into());
    }
}

/// The longest short note: a participant's expectations, the reason for a change of owner.
pub const NOTE_MAX: usize = 1_000;

/// A short note from a one-field form, checked; its problem becomes the whole request's error.
pub fn note(s: &Strings, value: &str) -> Result<String, crate::platform::error::AppError> {
    let mut errors = FieldErrors::new();
    let mut value = value.to_string();
    check_text(&mut errors, s, "note", &mut value, false, NOTE_MAX);
    match errors.into_values().next() {
        Some(message) => Err(crate::platform::error::AppError::BadRequest(message)),
        None => Ok(value),
    }
}

/// An optional field as typed: `None` when left empty, else what `parse` reads from it, or
/// `None` with `message` for `field` when it cannot be read.
pub fn optional<T>(
    errors: &mut FieldErrors,
    field: &'static str,
    text: &str,
    parse: impl Fn(&str) -> Option<T>,
    message: &str,
) -> Option<T> {
    match text.trim() {
        "" => None,
        typed => parse(typed).or_else(|| {
            errors.insert(field, message.into());
            None
        }),
    }
}

/// A whole number as typed, with spaces or Danish thousands points ("10.000", "10 000"); a
/// decimal ("1,5", "1.5") is not a whole number.
pub fn parse_whole_number(text: &str) -> Option<i64> {
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let mut groups = text.split('.');
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    if rest.iter().any(|g| g.len() != 3) {
        return None;
    }
    let digits = format!("{first}{}", rest.concat());
    if digits.is_empty()
        || !digits
            .bytes()
            .enumerate()
            .all(|(i, b)| b.is_ascii_digit() || (i == 0 && b == b'-'))
    {
        return None;
    }
    digits.parse().ok()
}

/// A search word or filter value as typed, without control characters: a query string is
/// never refused for them, they just cannot match anything.
pub fn printable(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::i18n::Lang;

    #[test]
    fn control_characters_are_refused_in_text_and_dropped_from_queries() {
        let s = Lang::En.strings();
        let mut errors = FieldErrors::new();
        let mut ok = "  Linje et\nLinje to\t ".to_string();
        check_text(&mut errors, s, "ok", &mut ok, true, 100);
        assert_eq!(ok, "Linje et\nLinje to");
        let mut nul = "a\0b".to_string();
        check_text(&mut errors, s, "nul", &mut nul, true, 100);
        assert_eq!(errors.keys().copied().collect::<Vec<_>>(), vec!["nul"]);
        assert_eq!(printable(" Frederiks\0bjerg "), "Frederiksbjerg");
    }

    #[test]
    fn whole_numbers_allow_thousands_points_but_not_decimals() {
        assert_eq!(parse_whole_number("10.000"), Some(10_000));
        assert_eq!(parse_whole_number(" 2 500 "), Some(2_500));
        assert_eq!(parse_whole_number("40"), Some(40));
        for wrong in ["1.5", "1,5", "", "abc", "1.50", "+-3"] {
            assert_eq!(parse_whole_number(wrong), None, "{wrong}");
        }
    }
}
