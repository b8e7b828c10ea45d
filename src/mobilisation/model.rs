//! Mobilisation: what initiatives need, what actors offer, pledges from one to the other and
//! the contributions given. Plain types and rules; the platform pulls in what already exists
//! among citizens, associations and businesses, and anyone can give — also people who receive.

use crate::labelled_enum;
use crate::platform::error::FieldErrors;
use crate::platform::geo::{Coordinates, check_coordinates};
use crate::platform::i18n::Lang;
use crate::platform::input::{check_line, check_text};
use crate::platform::time::format_civil_date;
use crate::text;
use jiff::civil::Date;

labelled_enum! {
    /// What is needed or offered.
    pub enum ResourceKind {
        Hands = "hands" => resource_kind_hands,
        Skills = "skills" => resource_kind_skills,
        Knowledge = "knowledge" => resource_kind_knowledge,
        Materials = "materials" => resource_kind_materials,
        Space = "space" => resource_kind_space,
        Money = "money" => resource_kind_money,
        PracticalHelp = "practical_help" => resource_kind_practical_help,
        Bridge = "bridge" => resource_kind_bridge,
    }
}

labelled_enum! {
    /// What a quantity of a kind is counted in.
    pub enum Unit {
        Hours = "hours" => unit_hours,
        Items = "items" => unit_items,
        Kroner = "kroner" => unit_kroner,
        Times = "times" => unit_times,
    }
}

labelled_enum! {
    pub enum NeedStatus {
        Open = "open" => need_status_open,
        PartlyMet = "partly_met" => need_status_partly_met,
        Met = "met" => need_status_met,
        Withdrawn = "withdrawn" => need_status_withdrawn,
    }
}

labelled_enum! {
    pub enum OfferStatus {
        Active = "active" => offer_status_active,
        Paused = "paused" => offer_status_paused,
        Withdrawn = "withdrawn" => offer_status_withdrawn,
    }
}

labelled_enum! {
    /// A pledge's way from "count me in" to a counted contribution.
    pub enum PledgeStatus {
        Pledged = "pledged" => pledge_status_pledged,
        Accepted = "accepted" => pledge_status_accepted,
        Declined = "declined" => pledge_status_declined,
        Withdrawn = "withdrawn" => pledge_status_withdrawn,
        Fulfilled = "fulfilled" => pledge_status_fulfilled,
    }
}

labelled_enum! {
    pub enum Weekday {
        Monday = "monday" => weekday_monday,
        Tuesday = "tuesday" => weekday_tuesday,
        Wednesday = "wednesday" => weekday_wednesday,
        Thursday = "thursday" => weekday_thursday,
        Friday = "friday" => weekday_friday,
        Saturday = "saturday" => weekday_saturday,
        Sunday = "sunday" => weekday_sunday,
    }
}

labelled_enum! {
    pub enum DayPart {
        Morning = "morning" => day_part_morning,
        Afternoon = "afternoon" => day_part_afternoon,
        Evening = "evening" => day_part_evening,
    }
}

impl ResourceKind {
    pub fn unit(self) -> Unit {
        use ResourceKind::*;
        match self {
            Hands | Skills | Knowledge | Space => Unit::Hours,
            Materials => Unit::Items,
            Money => Unit::Kroner,
            PracticalHelp | Bridge => Unit::Times,
        }
    }

    /// Kinds that can often meet a need of this kind too: someone with skills can lend a hand,
    /// knowledge comes with skills, a permit often comes with practical help from inside.
    pub fn related(self) -> &'static [ResourceKind] {
        use ResourceKind::*;
        match self {
            Hands => &[Skills],
            Skills => &[Hands, Knowledge],
            Knowledge => &[Skills],
            PracticalHelp => &[Bridge],
            Bridge => &[PracticalHelp, Knowledge],
            Materials | Space | Money => &[],
        }
    }
}

/// A set of values of a small enum as bits: the n-th value of `ALL` is bit n.
pub fn to_mask<T: PartialEq>(all: &[T], values: &[T]) -> i64 {
    all.iter()
        .enumerate()
        .filter(|(_, v)| values.contains(v))
        .fold(0, |m, (i, _)| m | 1 << i)
}

pub fn from_mask<T: Copy>(all: &[T], mask: i64) -> Vec<T> {
    all.iter()
        .enumerate()
        .filter(|(i, _)| mask & (1 << i) != 0)
        .map(|(_, v)| *v)
        .collect()
}

/// When something is needed or offered: on some weekdays, in some parts of the day, within a
/// period. Nothing chosen means any.
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Availability {
    pub weekdays: Vec<Weekday>,
    pub day_parts: Vec<DayPart>,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

impl Availability {
    /// The weekdays to match on, as bits: those chosen, else the days of a period shorter than
    /// a week (a need on Saturday 2 June is a Saturday need), else all.
    pub fn match_weekdays(&self) -> i64 {
        if !self.weekdays.is_empty() {
            return to_mask(Weekday::ALL, &self.weekdays);
        }
        let all = (1 << Weekday::ALL.len()) - 1;
        let (Some(from), Some(to)) = (self.from, self.to) else {
            return all;
        };
        // Seven days or more cover every weekday.
        let mut mask = 0;
        let mut day = from;
        for _ in 0..7 {
            if day > to {
                break;
            }
            mask |= 1 << day.weekday().to_monday_zero_offset();
            match day.tomorrow() {
                Ok(next) => day = next,
                Err(_) => break,
            }
        }
        if mask == 0 { all } else { mask }
    }

    pub fn match_day_parts(&self) -> i64 {
        match self.day_parts.as_slice() {
            [] => (1 << DayPart::ALL.len()) - 1,
            parts => to_mask(DayPart::ALL, parts),
        }
    }

    /// Whether the periods can overlap at all (an open end overlaps everything on that side).
    pub fn periods_overlap(&self, other: &Availability) -> bool {
        let before =
            |end: Option<Date>, start: Option<Date>| end.zip(start).is_some_and(|(e, s)| e < s);
        !before(self.to, other.from) && !before(other.to, self.from)
    }

    /// "tirsdag, torsdag · eftermiddag · 1. marts 2027 – 30. juni 2027"; empty when any time.
    pub fn describe(&self, lang: Lang) -> String {
        let mut parts = Vec::new();
        if !self.weekdays.is_empty() {
            parts.push(labels(&self.weekdays, lang, Weekday::label));
        }
        if !self.day_parts.is_empty() {
            parts.push(labels(&self.day_parts, lang, DayPart::label));
        }
        match (self.from, self.to) {
            (Some(f), Some(t)) if f == t => parts.push(format_civil_date(f, lang)),
            (Some(f), Some(t)) => parts.push(format!(
                "{} – {}",
                format_civil_date(f, lang),
                format_civil_date(t, lang)
            )),
            (Some(f), None) => parts.push(format!(
                "{} {}",
                lang.strings().date_from,
                format_civil_date(f, lang)
            )),
            (None, Some(t)) => parts.push(format!(
                "{} {}",
                lang.strings().date_until,
                format_civil_date(t, lang)
            )),
            (None, None) => {}
        }
        parts.join(" · ")
    }

    fn check(&self, errors: &mut FieldErrors) {
        if let (Some(f), Some(t)) = (self.from, self.to)
            && t < f
        {
            errors.insert("to_date", text!(err_dates_order));
        }
    }
}

fn labels<T: Copy>(values: &[T], lang: Lang, label: fn(T, Lang) -> &'static str) -> String {
    values
        .iter()
        .map(|v| label(*v, lang))
        .collect::<Vec<_>>()
        .join(", ")
}

pub const TITLE_MAX: usize = 140;
pub const DESCRIPTION_MAX: usize = 4_000;
pub const SKILLS_MAX: usize = 500;
pub const PLACE_MAX: usize = 200;
pub const CONDITIONS_MAX: usize = 1_000;
/// The largest quantity anyone can need or offer: ten million (hours, items or kroner).
pub const QUANTITY_MAX: i64 = 10_000_000;
/// How far an offer can reach: from a street to the whole municipality and its neighbours.
pub const RADIUS_M: std::ops::RangeInclusive<i64> = 100..=50_000;

/// A need of an initiative, as its editors set it (or the demo data says: only its kind and
/// title are required there).
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct NeedDraft {
    pub kind: ResourceKind,
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Wanted skills, comma-separated as typed.
    #[serde(default)]
    pub skills: String,
    /// How much, in the kind's unit; none when it is not counted.
    #[serde(default)]
    pub quantity: Option<i64>,
    #[serde(default)]
    pub when: Availability,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub neighbourhood: String,
    #[serde(default)]
    pub coordinates: Option<Coordinates>,
}

/// An offer of an actor, as they set it (or the demo data says: only its kind and title are
/// required there).
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct OfferDraft {
    pub kind: ResourceKind,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub skills: String,
    #[serde(default)]
    pub quantity: Option<i64>,
    #[serde(default)]
    pub when: Availability,
    #[serde(default)]
    pub neighbourhood: String,
    /// The centre of the area the offer applies to; anywhere when none.
    #[serde(default)]
    pub coordinates: Option<Coordinates>,
    /// How far from the centre, in metres.
    #[serde(default)]
    pub radius_m: Option<i64>,
    /// What must be in place, e.g. "someone must drive me there".
    #[serde(default)]
    pub conditions: String,
}

fn check_quantity(errors: &mut FieldErrors, quantity: Option<i64>) {
    if quantity.is_some_and(|q| !(1..=QUANTITY_MAX).contains(&q)) {
        errors.insert("quantity", text!(err_quantity));
    }
}

/// The checks needs and offers share.
#[allow(clippy::too_many_arguments)]
fn check_common(
    errors: &mut FieldErrors,
    title: &mut String,
    description: &mut String,
    skills: &mut String,
    neighbourhood: &mut String,
    quantity: Option<i64>,
    when: &Availability,
    coordinates: Option<Coordinates>,
) {
    check_line(errors, "title", title, true, TITLE_MAX);
    check_text(errors, "description", description, false, DESCRIPTION_MAX);
    check_text(errors, "skills", skills, false, SKILLS_MAX);
    check_line(errors, "neighbourhood", neighbourhood, false, PLACE_MAX);
    check_quantity(errors, quantity);
    when.check(errors);
    if let Some((lat, lon)) = coordinates {
        check_coordinates(errors, lat, lon);
    }
}

impl NeedDraft {
    /// Trims and checks the fields; empty when all is well.
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_common(
            &mut errors,
            &mut self.title,
            &mut self.description,
            &mut self.skills,
            &mut self.neighbourhood,
            self.quantity,
            &self.when,
            self.coordinates,
        );
        check_line(&mut errors, "address", &mut self.address, false, PLACE_MAX);
        errors
    }
}

impl OfferDraft {
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_common(
            &mut errors,
            &mut self.title,
            &mut self.description,
            &mut self.skills,
            &mut self.neighbourhood,
            self.quantity,
            &self.when,
            self.coordinates,
        );
        check_text(
            &mut errors,
            "conditions",
            &mut self.conditions,
            false,
            CONDITIONS_MAX,
        );
        match (self.radius_m, self.coordinates) {
            (Some(r), _) if !RADIUS_M.contains(&r) => {
                errors.insert("radius_km", text!(err_radius));
            }
            (Some(_), None) => {
                errors.insert("radius_km", text!(err_radius_needs_place));
            }
            (None, Some(_)) => {
                errors.insert("radius_km", text!(err_radius_needed));
            }
            _ => {}
        }
        errors
    }
}

/// A call for help as its initiative writes it; the open needs are added when it is shown.
#[derive(Clone, Debug, PartialEq)]
pub struct CallDraft {
    pub title: String,
    pub message: String,
}

impl CallDraft {
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_line(&mut errors, "title", &mut self.title, true, TITLE_MAX);
        check_text(
            &mut errors,
            "message",
            &mut self.message,
            false,
            DESCRIPTION_MAX,
        );
        errors
    }
}

impl NeedStatus {
    /// Whether offers can still be pledged and matched to it.
    pub fn is_open(self) -> bool {
        matches!(self, NeedStatus::Open | NeedStatus::PartlyMet)
    }

    /// The status after the accepted pledges changed: with a quantity, how much of it is
    /// promised; without one, partly met once someone is accepted. A need that is met (by its
    /// pledges or by the initiative's word) or withdrawn stays so until the initiative reopens it.
    pub fn after_pledges(
        self,
        quantity: Option<i64>,
        accepted_amount: i64,
        accepted_count: i64,
    ) -> NeedStatus {
        match (self, quantity) {
            (NeedStatus::Withdrawn | NeedStatus::Met, _) => self,
            (_, Some(q)) if accepted_amount >= q => NeedStatus::Met,
            _ if accepted_amount > 0 || accepted_count > 0 => NeedStatus::PartlyMet,
            _ => NeedStatus::Open,
        }
    }
}

/// Evaluation counts contributions, so each must be believable against the pledge it was given
/// under: given between the day of the pledge and today...
pub fn given_on_doubt(given_on: Date, pledged_on: Date, today: Date) -> Option<GivenOnDoubt> {
    if given_on < pledged_on {
        Some(GivenOnDoubt::BeforePledge)
    } else if given_on > today {
        Some(GivenOnDoubt::InFuture)
    } else {
        None
    }
}

/// Why the day a contribution was given is doubted.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum GivenOnDoubt {
    BeforePledge,
    InFuture,
}

/// ...and, with what was given before under it, no more than was pledged (or than the need
/// asked for, for a pledge without an amount) unless someone confirms it.
pub fn beyond_pledge(pledged: Option<i64>, given_before: i64, amount: i64) -> bool {
    pledged.is_some_and(|p| given_before.saturating_add(amount) > p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_contribution_lies_between_the_pledge_and_today_and_within_it() {
        let (pledged_on, today) = (date(2026, 11, 2), date(2026, 12, 6));
        assert_eq!(given_on_doubt(date(2026, 11, 20), pledged_on, today), None);
        assert_eq!(given_on_doubt(pledged_on, pledged_on, today), None);
        assert_eq!(
            given_on_doubt(date(2026, 11, 1), pledged_on, today),
            Some(GivenOnDoubt::BeforePledge)
        );
        assert_eq!(
            given_on_doubt(date(2026, 12, 7), pledged_on, today),
            Some(GivenOnDoubt::InFuture)
        );
        assert!(!beyond_pledge(Some(2), 0, 2));
        assert!(beyond_pledge(Some(2), 0, 1_000_000));
        assert!(beyond_pledge(Some(2), 2, 1), "with what was given before");
        assert!(
            !beyond_pledge(None, 0, 50),
            "nothing pledged, nothing asked for: no bound"
        );
    }

    fn date(y: i16, m: i8, d: i8) -> Date {
        Date::new(y, m, d).unwrap()
    }

    #[test]
    fn a_one_day_need_matches_on_its_weekday() {
        // Hyg & Byg: Tuesday 2 June 2026.
        let day = Availability {
            from: Some(date(2026, 6, 2)),
            to: Some(date(2026, 6, 2)),
            ..Availability::default()
        };
        assert_eq!(day.match_weekdays(), 0b10);
        let weekend = Availability {
            from: Some(date(2026, 6, 6)),
            to: Some(date(2026, 6, 7)),
            ..Availability::default()
        };
        assert_eq!(
            from_mask(Weekday::ALL, weekend.match_weekdays()),
            vec![Weekday::Saturday, Weekday::Sunday]
        );
        let any = Availability::default();
        assert_eq!(any.match_weekdays(), 127);
        assert_eq!(any.match_day_parts(), 7);
        let chosen = Availability {
            weekdays: vec![Weekday::Tuesday, Weekday::Thursday],
            day_parts: vec![DayPart::Afternoon],
            ..Availability::default()
        };
        assert_eq!(chosen.match_weekdays(), 0b1010);
        assert_eq!(chosen.match_day_parts(), 0b10);
        assert_eq!(chosen.describe(Lang::Da), "tirsdag, torsdag · eftermiddag");
    }

    #[test]
    fn periods_overlap_unless_one_ends_before_the_other_starts() {
        let spring = Availability {
            from: Some(date(2027, 3, 1)),
            to: Some(date(2027, 5, 31)),
            ..Availability::default()
        };
        let summer = Availability {
            from: Some(date(2027, 6, 1)),
            ..Availability::default()
        };
        assert!(!spring.periods_overlap(&summer));
        assert!(spring.periods_overlap(&Availability::default()));
        let may = Availability {
            to: Some(date(2027, 5, 1)),
            ..Availability::default()
        };
        assert!(spring.periods_overlap(&may));
    }

    #[test]
    fn need_status_follows_what_is_accepted() {
        use NeedStatus::*;
        assert_eq!(Open.after_pledges(Some(10), 4, 1), PartlyMet);
        assert_eq!(PartlyMet.after_pledges(Some(10), 10, 2), Met);
        assert_eq!(
            Met.after_pledges(Some(10), 6, 1),
            Met,
            "met until the initiative reopens it"
        );
        assert_eq!(
            Open.after_pledges(Some(10), 6, 1),
            PartlyMet,
            "reopened, it counts again"
        );
        assert_eq!(Open.after_pledges(None, 0, 1), PartlyMet);
        assert_eq!(
            Met.after_pledges(None, 0, 1),
            Met,
            "met by the initiative's word"
        );
        assert_eq!(PartlyMet.after_pledges(None, 0, 0), Open);
        assert_eq!(Withdrawn.after_pledges(Some(1), 5, 1), Withdrawn);
    }

    #[test]
    fn offers_are_checked_field_by_field() {
        let mut offer = OfferDraft {
            kind: ResourceKind::Hands,
            title: " ".into(),
            description: String::new(),
            skills: "besøgsven".into(),
            quantity: Some(0),
            when: Availability {
                from: Some(date(2027, 3, 2)),
                to: Some(date(2027, 3, 1)),
                ..Availability::default()
            },
            neighbourhood: "Midtbyen".into(),
            coordinates: None,
            radius_m: Some(3000),
            conditions: "Nogen skal køre mig".into(),
        };
        let errors = offer.check();
        let fields: Vec<&str> = errors.keys().copied().collect();
        assert_eq!(fields, vec!["quantity", "radius_km", "title", "to_date"]);
    }

    #[test]
    fn masks_round_trip() {
        let days = vec![Weekday::Monday, Weekday::Sunday];
        assert_eq!(from_mask(Weekday::ALL, to_mask(Weekday::ALL, &days)), days);
    }
}
