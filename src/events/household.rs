//! Households by address. "Max 1 per stairwell" means per building entrance: a Danish address
//! without its floor and door ("Ingerslevs Boulevard 12B, 2. tv, 8000 Aarhus C" belongs to the
//! entrance "Ingerslevs Boulevard 12B, 8000"). A town house is its own entrance.

use crate::platform::search::normalise;

/// An address as typed, understood.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Address {
    pub street: String,
    /// House number with its letter, upper case: "12B".
    pub house_number: String,
    /// Floor and door as typed ("2. tv"), empty for a town house.
    pub unit: String,
    pub postcode: String,
    pub city: String,
}

impl Address {
    /// Reads "Street 12B, 2. tv, 8000 City" (commas and floor/door optional). `None` when there
    /// is no street name, no house number after it, or no four-digit postcode.
    pub fn parse(text: &str) -> Option<Address> {
        let tokens: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|t| !t.is_empty())
            .collect();
        let number_at = (1..tokens.len()).find(|&i| is_house_number(tokens[i]))?;
        let postcode_at = (number_at + 1..tokens.len())
            .rev()
            .find(|&i| tokens[i].len() == 4 && tokens[i].bytes().all(|b| b.is_ascii_digit()))?;
        let street = tokens[..number_at].join(" ");
        if !street.chars().any(char::is_alphabetic) || tokens[postcode_at].starts_with('0') {
            return None;
        }
        let mut house_number = tokens[number_at].to_uppercase();
        let mut unit_from = number_at + 1;
        // "12 B": a lone letter right after the number is its letter, unless it reads as a door.
        if let Some(letter) = tokens.get(unit_from).filter(|t| {
            unit_from < postcode_at
                && t.chars().count() == 1
                && t.chars().all(char::is_alphabetic)
                && house_number.bytes().all(|b| b.is_ascii_digit())
        }) {
            house_number.push_str(&letter.to_uppercase());
            unit_from += 1;
        }
        Some(Address {
            street,
            house_number,
            unit: tokens[unit_from..postcode_at].join(" "),
            postcode: tokens[postcode_at].to_string(),
            city: tokens[postcode_at + 1..].join(" "),
        })
    }

    /// The building entrance this address belongs to, as a key: the same for every floor and
    /// door, and for the same address typed with other capitals, dots or spacing.
    pub fn household(&self) -> String {
        let street = normalise(&self.street.replace('.', " "));
        let street = street.split_whitespace().collect::<Vec<_>>().join(" ");
        format!("{street} {} {}", self.house_number, self.postcode)
    }

    /// The address as it should be printed: "Ingerslevs Boulevard 12B, 2. tv, 8000 Aarhus C".
    pub fn display(&self) -> String {
        let mut out = format!("{} {}", self.street, self.house_number);
        if !self.unit.is_empty() {
            out.push_str(", ");
            out.push_str(&self.unit);
        }
        out.push_str(", ");
        out.push_str(&self.postcode);
        if !self.city.is_empty() {
            out.push(' ');
            out.push_str(&self.city);
        }
        out
    }
}

/// 1 to 999, optionally followed by one letter: "12", "12B".
fn is_house_number(token: &str) -> bool {
    let digits = token.bytes().take_while(u8::is_ascii_digit).count();
    let rest = &token[digits..];
    (1..=3).contains(&digits)
        && !token.starts_with('0')
        && (rest.is_empty() || (rest.chars().count() == 1 && rest.chars().all(char::is_alphabetic)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn floors_and_doors_share_their_entrance() {
        let entrance = Address::parse("Ingerslevs Boulevard 12B, 8000 Aarhus C")
            .unwrap()
            .household();
        for typed in [
            "Ingerslevs Boulevard 12B, 2. tv, 8000 Aarhus C",
            "ingerslevs boulevard 12b 3.th 8000",
            "Ingerslevs  Boulevard 12 B, st., 8000 Aarhus C",
            "INGERSLEVS BOULEVARD 12B, 1. 4, 8000",
        ] {
            assert_eq!(
                Address::parse(typed).unwrap().household(),
                entrance,
                "{typed}"
            );
        }
        let other_number = Address::parse("Ingerslevs Boulevard 14, 2. tv, 8000").unwrap();
        assert_ne!(other_number.household(), entrance);
        let other_letter = Address::parse("Ingerslevs Boulevard 12A, 8000").unwrap();
        assert_ne!(other_letter.household(), entrance);
    }

    #[test]
    fn the_parts_are_kept_for_printing() {
        let a = Address::parse("Jægergårdsgade 5, 2. tv, 8000 Aarhus C").unwrap();
        assert_eq!(a.street, "Jægergårdsgade");
        assert_eq!(a.house_number, "5");
        assert_eq!(a.unit, "2. tv");
        assert_eq!(a.postcode, "8000");
        assert_eq!(a.city, "Aarhus C");
        assert_eq!(a.display(), "Jægergårdsgade 5, 2. tv, 8000 Aarhus C");
        assert_eq!(a.household(), "jægergårdsgade 5 8000");
        let town_house = Address::parse("Sankt Pauls Kirkeplads 3 8000 Aarhus C").unwrap();
        assert_eq!(
            town_house.display(),
            "Sankt Pauls Kirkeplads 3, 8000 Aarhus C"
        );
    }

    #[test]
    fn an_address_needs_street_number_and_postcode() {
        for wrong in [
            "",
            "Ingerslevs Boulevard",
            "Ingerslevs Boulevard 12",
            "12 8000 Aarhus",
            "Ingerslevs Boulevard 8000 Aarhus",
            "Ingerslevs Boulevard 0 8000",
            "Ingerslevs Boulevard 12, 0800 Aarhus",
        ] {
            assert_eq!(Address::parse(wrong), None, "{wrong}");
        }
    }
}
