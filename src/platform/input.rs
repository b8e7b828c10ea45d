//! Checks every text input goes through: trimmed, required or not, limited in length, free of
//! control characters (which PostgreSQL refuses and nobody types on purpose) and of the
//! invisible marks that turn text around (removed); titles and names on one line. Forms and
//! query strings that are not UTF-8 are refused before any handler reads them.

use crate::platform::error::{FieldErrors, Text};
use crate::text;

/// Whether a character may appear in stored text: anything but control characters, except
/// the tab and the line breaks of multi-line fields.
fn allowed(c: char) -> bool {
    !c.is_control() || matches!(c, '\t' | '\n' | '\r')
}

/// The marks that embed, override or isolate a direction of writing (U+202A–U+202E,
/// U+2066–U+2069). Invisible, they can make a text read otherwise than it is stored ("Trojan
/// Source"), and nobody types them: they are removed.
fn turns_text(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Trims `value` in place, without direction marks, and checks it (multi-line text), adding a
/// message for `field` to `errors`.
pub fn check_text(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &mut String,
    required: bool,
    max: usize,
) {
    if value.chars().any(turns_text) {
        value.retain(|c| !turns_text(c));
    }
    *value = value.trim().to_string();
    if required && value.is_empty() {
        errors.insert(field, text!(err_required));
    } else if value.chars().count() > max {
        errors.insert(field, text!(err_too_long(max)));
    } else if !value.chars().all(allowed) {
        errors.insert(field, text!(err_control_chars));
    }
}

/// [`check_text`] for a text of one line: a title, a name, a place.
pub fn check_line(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &mut String,
    required: bool,
    max: usize,
) {
    check_text(errors, field, value, required, max);
    if !errors.contains_key(field) && value.contains(['\n', '\r', '\t']) {
        errors.insert(field, text!(err_one_line));
    }
}

/// Whether a URL-encoded form or query decodes to UTF-8 (a form that does not would otherwise
/// be read with replacement characters, silently).
pub fn decodes_to_utf8(encoded: &[u8]) -> bool {
    percent_encoding::percent_decode(encoded)
        .decode_utf8()
        .is_ok()
}

/// Middleware: a URL-encoded form body or a query string that is not UTF-8 is refused with a
/// message in the visitor's language.
pub async fn refuse_malformed_forms(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    use axum::response::IntoResponse;
    let refuse = || {
        crate::platform::error::AppError::BadRequest(crate::text!(error_not_utf8)).into_response()
    };
    if !decodes_to_utf8(request.uri().query().unwrap_or("").as_bytes()) {
        return refuse();
    }
    let urlencoded = request
        .headers()
        .get(axum::http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !urlencoded {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, FORM_BODY_MAX).await else {
        return crate::platform::error::AppError::BadRequest(crate::text!(error_too_large))
            .into_response();
    };
    if !decodes_to_utf8(&bytes) {
        return refuse();
    }
    next.run(axum::extract::Request::from_parts(
        parts,
        axum::body::Body::from(bytes),
    ))
    .await
}

/// The largest form without files.
pub const FORM_BODY_MAX: usize = 256 * 1024;

/// The longest short note: a participant's expectations, the reason for a change of owner.
pub const NOTE_MAX: usize = 1_000;

/// A short note from a one-field form, checked; its problem becomes the whole request's error.
pub fn note(value: &str) -> Result<String, crate::platform::error::AppError> {
    let mut errors = FieldErrors::new();
    let mut value = value.to_string();
    check_text(&mut errors, "note", &mut value, false, NOTE_MAX);
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
    message: Text,
) -> Option<T> {
    match text.trim() {
        "" => None,
        typed => parse(typed).or_else(|| {
            errors.insert(field, message);
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
        let mut errors = FieldErrors::new();
        let mut ok = "  Linje et\nLinje to\t ".to_string();
        check_text(&mut errors, "ok", &mut ok, true, 100);
        assert_eq!(ok, "Linje et\nLinje to");
        let mut nul = "a\0b".to_string();
        check_text(&mut errors, "nul", &mut nul, true, 100);
        assert_eq!(errors.keys().copied().collect::<Vec<_>>(), vec!["nul"]);
        assert_eq!(printable(" Frederiks\0bjerg "), "Frederiksbjerg");
    }

    #[test]
    fn marks_that_turn_text_around_are_removed_and_titles_keep_to_one_line() {
        let s = Lang::En.strings();
        let mut errors = FieldErrors::new();
        let mut turned = "Hul i vejen \u{202E}gnidlyb\u{202C} \u{2067}x\u{2069}".to_string();
        check_text(&mut errors, "description", &mut turned, true, 100);
        assert_eq!(turned, "Hul i vejen gnidlyb x");
        let mut title = "Grønne gårde\nPå Frederiksbjerg".to_string();
        check_line(&mut errors, "title", &mut title, true, 100);
        assert_eq!(
            errors.get("title").map(|t| t.words(s)),
            Some(s.err_one_line.to_string())
        );
        assert!(!errors.contains_key("description"));
    }

    #[test]
    fn forms_must_decode_to_utf8() {
        assert!(decodes_to_utf8(b"title=Gr%C3%B8nne+g%C3%A5rde&csrf=ab"));
        assert!(
            decodes_to_utf8(b"q=100%"),
            "a lone percent sign is read as itself"
        );
        assert!(!decodes_to_utf8(b"title=Gr%F8nne"), "Latin-1 is not UTF-8");
        assert!(!decodes_to_utf8(b"title=%C3"));
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
