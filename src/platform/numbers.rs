//! Numbers as people write and read them in each language: "1.234,5" in Danish, "1,234.5" in
//! English.

use crate::platform::i18n::Lang;

/// The thousands separator and the decimal mark of a language.
pub fn separators(lang: Lang) -> (char, char) {
    match lang {
        Lang::Da => ('.', ','),
        Lang::En => (',', '.'),
    }
}

/// Whole digits with a separator between thousands: "1234567" → "1.234.567".
pub fn group_digits(digits: &str, separator: char) -> String {
    let mut grouped = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(separator);
        }
        grouped.push(c);
    }
    grouped
}

/// A number with at most two decimals, none when it is whole.
pub fn format_number(value: f64, lang: Lang) -> String {
    let (group, decimal) = separators(lang);
    let text = format!("{:.2}", value.abs());
    let (whole, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let fraction = fraction.trim_end_matches('0');
    let sign = if value < 0.0 && text.bytes().any(|b| b.is_ascii_digit() && b != b'0') {
        "-"
    } else {
        ""
    };
    match fraction {
        "" => format!("{sign}{}", group_digits(whole, group)),
        f => format!("{sign}{}{decimal}{f}", group_digits(whole, group)),
    }
}

/// A number as typed in `lang`, with or without thousands separators (groups of three) and
/// spaces; `None` for anything else.
pub fn parse_number(text: &str, lang: Lang) -> Option<f64> {
    let (group, decimal) = separators(lang);
    let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let (sign, text) = match text.strip_prefix('-') {
        Some(rest) => (-1.0, rest),
        None => (1.0, text.as_str()),
    };
    let (whole, fraction) = text.split_once(decimal).unwrap_or((text, ""));
    let mut groups = whole.split(group);
    let first = groups.next()?;
    let rest: Vec<&str> = groups.collect();
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if first.is_empty()
        || first.len() > 3 && !rest.is_empty()
        || rest.iter().any(|g| g.len() != 3)
        || ![first, fraction]
            .into_iter()
            .chain(rest.iter().copied())
            .all(digits)
    {
        return None;
    }
    let plain = format!("{first}{}.{fraction}0", rest.concat());
    plain.parse::<f64>().ok().map(|v| sign * v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_as_each_language_writes_them() {
        assert_eq!(parse_number("1.234,5", Lang::Da), Some(1234.5));
        assert_eq!(parse_number("1,234.5", Lang::En), Some(1234.5));
        assert_eq!(parse_number("12,5", Lang::Da), Some(12.5));
        assert_eq!(parse_number(" -3 ", Lang::En), Some(-3.0));
        assert_eq!(parse_number("10.000", Lang::Da), Some(10_000.0));
        for wrong in ["", "abc", "1.23,4", "12,3,4", "1e9", ",5", "1234.567"] {
            assert_eq!(parse_number(wrong, Lang::Da), None, "{wrong}");
        }
    }

    #[test]
    fn numbers_are_written_as_each_language_reads_them() {
        assert_eq!(format_number(1234.5, Lang::Da), "1.234,5");
        assert_eq!(format_number(1234.5, Lang::En), "1,234.5");
        assert_eq!(format_number(3.0, Lang::Da), "3");
        assert_eq!(format_number(-0.001, Lang::En), "0");
        assert_eq!(format_number(-2.25, Lang::Da), "-2,25");
    }
}
