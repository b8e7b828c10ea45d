//! Addresses: as people type them, and as the official register knows them. "Max 1 per
//! stairwell" means per building entrance — the official access address (adgangsadresse): a
//! Danish address without its floor and door ("Ingerslevs Boulevard 12B, 2. tv, 8000 Aarhus C"
//! belongs to the entrance "Ingerslevs Boulevard 12B, 8000 Aarhus C"). A town house is its own
//! entrance.

use crate::platform::geo::Coordinates;
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

/// The most words a floor and door take ("1. sal tv"), and the longest of them: more, or
/// longer, is not a floor and door but something else typed after the address.
const UNIT_WORDS: usize = 3;
const UNIT_WORD_MAX: usize = 4;

impl Address {
    /// Reads "Street 12B, 2. tv, 8000 City" (commas and floor/door optional). `None` when there
    /// is no street name, no house number after it, no four-digit postcode, or anything but a
    /// floor and door between the number and the postcode, or anything but a town's name after
    /// it ("…, 8000 Aarhus C 9999").
    pub fn parse(text: &str) -> Option<Address> {
        let tokens: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || c == ',')
            .filter(|t| !t.is_empty())
            .collect();
        let number_at = (1..tokens.len()).find(|&i| is_house_number(tokens[i]))?;
        let is_postcode = |t: &str| t.len() == 4 && t.bytes().all(|b| b.is_ascii_digit());
        let is_town = |t: &&str| t.chars().all(|c| c.is_alphabetic() || c == '.' || c == '-');
        let postcode_at = (number_at + 1..tokens.len())
            .find(|&i| is_postcode(tokens[i]) && tokens[i + 1..].iter().all(is_town))?;
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
        let unit = &tokens[unit_from..postcode_at];
        if unit.len() > UNIT_WORDS || unit.iter().any(|t| t.chars().count() > UNIT_WORD_MAX) {
            return None;
        }
        Some(Address {
            street,
            house_number,
            unit: unit.join(" "),
            postcode: tokens[postcode_at].to_string(),
            city: tokens[postcode_at + 1..].join(" "),
        })
    }

    /// The entrance this address belongs to, as the register looks it up: the same for every
    /// floor and door, and for the same address typed with other capitals, dots or spacing.
    pub fn key(&self) -> String {
        entrance_key(&self.street, &self.house_number, &self.postcode)
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

/// The lookup key of an entrance: street, house number and postcode, normalised.
pub fn entrance_key(street: &str, house_number: &str, postcode: &str) -> String {
    let street = normalise(&street.replace('.', " "));
    let street = street.split_whitespace().collect::<Vec<_>>().join(" ");
    format!("{street} {} {postcode}", house_number.to_uppercase())
}

/// An access address as the official register knows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Official {
    /// Its id in the Danish address register (DAR's house number, DAWA's access address).
    pub id: String,
    pub street: String,
    pub house_number: String,
    pub postcode: String,
    /// The postcode's town ("Aarhus C").
    pub city: String,
    pub place: Option<Coordinates>,
}

impl Official {
    pub fn key(&self) -> String {
        entrance_key(&self.street, &self.house_number, &self.postcode)
    }

    /// "Rådhuspladsen 2, 8000 Aarhus C".
    pub fn display(&self) -> String {
        format!(
            "{} {}, {} {}",
            self.street, self.house_number, self.postcode, self.city
        )
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
            .key();
        for typed in [
            "Ingerslevs Boulevard 12B, 2. tv, 8000 Aarhus C",
            "ingerslevs boulevard 12b 3.th 8000",
            "Ingerslevs  Boulevard 12 B, st., 8000 Aarhus C",
            "INGERSLEVS BOULEVARD 12B, 1. 4, 8000",
        ] {
            assert_eq!(Address::parse(typed).unwrap().key(), entrance, "{typed}");
        }
        let other_number = Address::parse("Ingerslevs Boulevard 14, 2. tv, 8000").unwrap();
        assert_ne!(other_number.key(), entrance);
        let other_letter = Address::parse("Ingerslevs Boulevard 12A, 8000").unwrap();
        assert_ne!(other_letter.key(), entrance);
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
        assert_eq!(a.key(), "jægergårdsgade 5 8000");
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
            // Something typed after the town is not part of the address.
            "Ingerslevs Boulevard 12, 8000 Aarhus C 9999",
            "Ingerslevs Boulevard 12, 8000 Aarhus C, 8000",
        ] {
            assert_eq!(Address::parse(wrong), None, "{wrong}");
        }
    }
}
