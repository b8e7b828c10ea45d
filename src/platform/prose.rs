//! Plain text as people typed it, shown with its web addresses as links: the text stays text
//! (escaped by the template), and only `http://` and `https://` addresses become links.

/// A run of text, or a web address to link.
#[derive(Clone, Debug, PartialEq)]
pub enum Piece {
    Text(String),
    Link(String),
}

/// What commonly ends a sentence after an address and is not part of it.
fn trailing(c: char) -> bool {
    matches!(
        c,
        '.' | ',' | ';' | ':' | '!' | '?' | ')' | '»' | '"' | '\''
    )
}

/// The text cut into runs of text and addresses.
pub fn pieces(text: &str) -> Vec<Piece> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = next_address(rest) {
        let (before, from) = rest.split_at(start);
        let end = from.find(char::is_whitespace).unwrap_or(from.len());
        let mut address = &from[..end];
        while address.ends_with(trailing) {
            address = &address[..address.len() - address.chars().last().map_or(0, char::len_utf8)];
        }
        push_text(&mut out, before);
        out.push(Piece::Link(address.to_string()));
        rest = &from[address.len()..];
    }
    push_text(&mut out, rest);
    out
}

/// Where the next address starts: `http://` or `https://` with something after it.
fn next_address(text: &str) -> Option<usize> {
    let mut from = 0;
    while let Some(at) = text[from..].find("http") {
        let at = from + at;
        let tail = &text[at..];
        let scheme = ["https://", "http://"]
            .into_iter()
            .find(|s| tail.starts_with(s));
        if let Some(s) = scheme
            && tail[s.len()..]
                .chars()
                .next()
                .is_some_and(|c| !c.is_whitespace() && !trailing(c))
        {
            return Some(at);
        }
        from = at + 4;
    }
    None
}

fn push_text(out: &mut Vec<Piece>, text: &str) {
    if !text.is_empty() {
        out.push(Piece::Text(text.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_become_links_and_the_rest_stays_text() {
        assert_eq!(
            pieces("Se https://aarhus.dk/trafik. Og <b>mere</b> (http://x.dk/a?b=1)"),
            vec![
                Piece::Text("Se ".into()),
                Piece::Link("https://aarhus.dk/trafik".into()),
                Piece::Text(". Og <b>mere</b> (".into()),
                Piece::Link("http://x.dk/a?b=1".into()),
                Piece::Text(")".into()),
            ]
        );
        assert_eq!(
            pieces("http:// alene"),
            vec![Piece::Text("http:// alene".into())]
        );
        assert_eq!(
            pieces("javascript:alert(1)"),
            vec![Piece::Text("javascript:alert(1)".into())]
        );
        assert!(pieces("").is_empty());
    }
}
