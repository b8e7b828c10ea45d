//! Money as Danes type and read it: kroner in forms, øre in storage.

use crate::platform::i18n::Lang;
use crate::platform::input::parse_whole_number;

/// Kroner as typed ("200", "200 kr.", "49,50") in øre; `None` for anything else.
pub fn parse_kroner(text: &str) -> Option<i64> {
    let text = text.trim().to_lowercase();
    let text = text
        .trim_end_matches('.')
        .trim_end_matches("kr")
        .trim_start_matches("dkk")
        .trim();
    if text.is_empty() {
        return Some(0);
    }
    let decimals = |o: &str| {
        (o.len() == 2 && o.bytes().all(|b| b.is_ascii_digit()))
            .then(|| o.parse::<i64>().ok())
            .flatten()
    };
    // A comma always starts the øre; a point does only before exactly two digits (else it
    // groups thousands: "1.200").
    let (whole, ore) = match text.rsplit_once(',') {
        Some((w, o)) => (w, decimals(o)?),
        None => match text
            .rsplit_once('.')
            .and_then(|(w, o)| Some((w, decimals(o)?)))
        {
            Some(split) => split,
            None => (text, 0),
        },
    };
    let whole = parse_whole_number(whole).filter(|w| *w >= 0)?;
    whole.checked_mul(100)?.checked_add(ore)
}

/// A price as people read it: like [`format_kroner`], but free when it costs nothing.
pub fn format_price(ore: i64, lang: Lang) -> String {
    if ore == 0 {
        return lang.strings().free.into();
    }
    format_kroner(ore, lang)
}

/// An amount as people read it: "200 kr." / "DKK 200", "1.200 kr." / "DKK 1,200", "49,50 kr.".
pub fn format_kroner(ore: i64, lang: Lang) -> String {
    let (kr, rest) = (ore / 100, (ore % 100).abs());
    let (group, decimal) = crate::platform::numbers::separators(lang);
    let mut whole = crate::platform::numbers::group_digits(&kr.abs().to_string(), group);
    if ore < 0 {
        whole.insert(0, '-');
    }
    let amount = match rest {
        0 => whole,
        r => format!("{whole}{decimal}{r:02}"),
    };
    match lang {
        Lang::Da => format!("{amount} kr."),
        Lang::En => format!("DKK {amount}"),
    }
}

/// Kroner for a form field: "200" or "49,50".
pub fn kroner_input(ore: i64) -> String {
    match ore % 100 {
        0 => (ore / 100).to_string(),
        r => format!("{},{r:02}", ore / 100),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kroner_are_read_and_written_the_danish_way() {
        assert_eq!(parse_kroner("200"), Some(20_000));
        assert_eq!(parse_kroner("200 kr."), Some(20_000));
        assert_eq!(parse_kroner("1.200 kr"), Some(120_000));
        assert_eq!(parse_kroner("49,50"), Some(4_950));
        assert_eq!(parse_kroner(""), Some(0));
        for wrong in ["gratis", "1,5", "-200", "2,000,00"] {
            assert_eq!(parse_kroner(wrong), None, "{wrong}");
        }
        assert_eq!(format_price(20_000, Lang::Da), "200 kr.");
        assert_eq!(format_price(4_950, Lang::En), "DKK 49.50");
        assert_eq!(format_price(0, Lang::Da), "Gratis");
        assert_eq!(format_price(3_375_000, Lang::Da), "33.750 kr.");
        assert_eq!(format_price(50_000_000, Lang::En), "DKK 500,000");
        assert_eq!(kroner_input(4_950), "49,50");
    }
}
