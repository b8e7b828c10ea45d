//! Spaces and bookings: what a space must say about itself (size, accessibility, facilities,
//! who may book, opening hours, the days a temporary space exists), and when a slot fits.

use crate::actors::model::ActorKind;
use crate::labelled_enum;
use crate::platform::error::FieldErrors;
use crate::platform::geo::{Coordinates, check_coordinates};
use crate::platform::i18n::Strings;
use crate::platform::input::{check_line, check_text};
use crate::platform::time::copenhagen;
use crate::text;
use jiff::Timestamp;
use jiff::civil::Date;

labelled_enum! {
    pub enum SpaceKind {
        Room = "room" => space_kind_room,
        Hall = "hall" => space_kind_hall,
        Shop = "shop" => space_kind_shop,
        Lot = "lot" => space_kind_lot,
        Street = "street" => space_kind_street,
        Garden = "garden" => space_kind_garden,
        Other = "other" => space_kind_other,
    }
}

labelled_enum! {
    /// Accessibility facts first, then facilities.
    pub enum Feature {
        StepFree = "step_free" => feature_step_free,
        AccessibleToilet = "accessible_toilet" => feature_accessible_toilet,
        HearingLoop = "hearing_loop" => feature_hearing_loop,
        Toilet = "toilet" => feature_toilet,
        Kitchen = "kitchen" => feature_kitchen,
        Tables = "tables" => feature_tables,
        Power = "power" => feature_power,
        Water = "water" => feature_water,
        Wifi = "wifi" => feature_wifi,
        Projector = "projector" => feature_projector,
        Storage = "storage" => feature_storage,
    }
}

labelled_enum! {
    pub enum SpaceStatus {
        Active = "active" => space_status_active,
        Withdrawn = "withdrawn" => space_status_withdrawn,
    }
}

labelled_enum! {
    pub enum BookingStatus {
        Requested = "requested" => booking_status_requested,
        Confirmed = "confirmed" => booking_status_confirmed,
        Declined = "declined" => booking_status_declined,
        Cancelled = "cancelled" => booking_status_cancelled,
    }
}

pub const NAME_MAX: usize = 200;
pub const TEXT_MAX: usize = 10_000;
pub const CAPACITY_MAX: i64 = 100_000;
pub const AREA_MAX: i64 = 1_000_000;
/// The dearest hour, in øre (10,000 kr.).
pub const PRICE_MAX_ORE: i64 = 1_000_000;
/// The longest booking: a month on a lot, not a lease.
pub const LONGEST_BOOKING_SECONDS: i64 = 31 * 24 * 3600;

/// Opening hours that cannot be read as a time of opening before a time of closing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnreadableHours;

/// Opening hours per weekday (Monday first), in minutes after midnight; `None` is closed.
/// Read from data as seven days as typed (`["8-22", …, ""]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Deserialize)]
#[serde(try_from = "Vec<String>")]
pub struct OpeningHours(pub [Option<(u16, u16)>; 7]);

impl TryFrom<Vec<String>> for OpeningHours {
    type Error = String;

    fn try_from(days: Vec<String>) -> Result<OpeningHours, String> {
        let mut week = [None; 7];
        if days.len() != 7 {
            return Err(format!("seven days of opening hours, not {}", days.len()));
        }
        for (day, text) in week.iter_mut().zip(&days) {
            *day = OpeningHours::parse_day(text).map_err(|_| format!("hours {text:?}"))?;
        }
        Ok(OpeningHours(week))
    }
}

impl OpeningHours {
    /// One day as typed: "8-22", "08.00-22.00", "8:30 – 16" or empty for closed.
    pub fn parse_day(text: &str) -> Result<Option<(u16, u16)>, UnreadableHours> {
        let text = text.trim();
        if text.is_empty() {
            return Ok(None);
        }
        let (open, close) = text.split_once(['-', '–']).ok_or(UnreadableHours)?;
        let minutes = |t: &str| -> Result<u16, UnreadableHours> {
            let t = t.trim();
            let (h, m) = t.split_once(['.', ':']).unwrap_or((t, "0"));
            let (h, m): (u16, u16) = (
                h.trim().parse().map_err(|_| UnreadableHours)?,
                m.trim().parse().map_err(|_| UnreadableHours)?,
            );
            (h <= 24 && m < 60 && h * 60 + m <= 1440)
                .then_some(h * 60 + m)
                .ok_or(UnreadableHours)
        };
        let (open, close) = (minutes(open)?, minutes(close)?);
        (open < close)
            .then_some(Some((open, close)))
            .ok_or(UnreadableHours)
    }

    /// As stored and shown in forms: "08:00-22:00|…", seven days, empty for closed.
    pub fn to_text(&self) -> String {
        self.0
            .iter()
            .map(|d| {
                d.map(|(o, c)| format!("{}-{}", clock(o), clock(c)))
                    .unwrap_or_default()
            })
            .collect::<Vec<_>>()
            .join("|")
    }

    pub fn from_text(text: &str) -> Option<OpeningHours> {
        let days: Vec<&str> = text.split('|').collect();
        if days.len() != 7 {
            return None;
        }
        let mut hours = [None; 7];
        for (i, d) in days.iter().enumerate() {
            hours[i] = OpeningHours::parse_day(d).ok()?;
        }
        Some(OpeningHours(hours))
    }

    /// The weekdays it opens, Monday = 1 … Sunday = 64.
    pub fn weekday_mask(&self) -> i64 {
        self.0
            .iter()
            .enumerate()
            .filter(|(_, d)| d.is_some())
            .fold(0, |mask, (i, _)| mask | (1 << i))
    }
}

/// Every weekday.
pub const ALL_WEEKDAYS: i64 = 127;

/// Minutes after midnight as 08:00.
pub fn clock(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A space as its owner describes it (or the demo data: there the kind, name and who may book
/// are required, the rest optional).
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct SpaceDraft {
    pub kind: SpaceKind,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub neighbourhood: String,
    #[serde(default)]
    pub coordinates: Option<Coordinates>,
    /// People it holds.
    #[serde(default)]
    pub capacity: Option<i64>,
    #[serde(default)]
    pub area_m2: Option<i64>,
    #[serde(default)]
    pub features: Vec<Feature>,
    #[serde(default)]
    pub house_rules: String,
    pub bookable_by: Vec<ActorKind>,
    #[serde(default)]
    pub needs_approval: bool,
    #[serde(default)]
    pub price_ore_per_hour: i64,
    /// `None` is always open (a lot, a street).
    #[serde(default)]
    pub opening_hours: Option<OpeningHours>,
    #[serde(default)]
    pub available_from: Option<Date>,
    #[serde(default)]
    pub available_until: Option<Date>,
}

impl SpaceDraft {
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_line(&mut errors, "name", &mut self.name, true, NAME_MAX);
        check_text(
            &mut errors,
            "description",
            &mut self.description,
            false,
            TEXT_MAX,
        );
        check_line(&mut errors, "address", &mut self.address, false, NAME_MAX);
        check_line(
            &mut errors,
            "neighbourhood",
            &mut self.neighbourhood,
            false,
            NAME_MAX,
        );
        check_text(
            &mut errors,
            "house_rules",
            &mut self.house_rules,
            false,
            TEXT_MAX,
        );
        if let Some((lat, lon)) = self.coordinates {
            check_coordinates(&mut errors, lat, lon);
        }
        if self
            .capacity
            .is_some_and(|c| !(1..=CAPACITY_MAX).contains(&c))
        {
            errors.insert("capacity", text!(err_space_capacity));
        }
        if self.area_m2.is_some_and(|a| !(1..=AREA_MAX).contains(&a)) {
            errors.insert("area_m2", text!(err_area));
        }
        if self.bookable_by.is_empty() {
            errors.insert("bookable_by", text!(err_bookable_by));
        }
        if !(0..=PRICE_MAX_ORE).contains(&self.price_ore_per_hour) {
            errors.insert("price", text!(err_price));
        }
        if let (Some(from), Some(until)) = (self.available_from, self.available_until)
            && until < from
        {
            errors.insert("available_until", text!(err_dates_order));
        }
        if self.opening_hours.is_some_and(|h| h.weekday_mask() == 0) {
            errors.insert("opening_hours", text!(err_never_open));
        }
        self.features.dedup();
        self.bookable_by.dedup();
        errors
    }

    /// Codes between spaces, as stored for LIKE '% code %' searches.
    pub fn feature_codes(&self) -> String {
        codes(self.features.iter().map(|f| f.code()))
    }

    pub fn bookable_by_codes(&self) -> String {
        codes(self.bookable_by.iter().map(|k| k.code()))
    }
}

fn codes<'a>(list: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::from(" ");
    for code in list {
        out.push_str(code);
        out.push(' ');
    }
    out
}

/// Why a slot cannot be booked, whoever else has booked.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SlotProblem {
    EndsBeforeStart,
    InPast,
    TooLong,
    OutsideDates,
    NotOneDay,
    Closed,
    TooManyPeople,
}

impl SlotProblem {
    /// The form field the problem belongs to.
    pub fn field(self) -> &'static str {
        match self {
            SlotProblem::EndsBeforeStart | SlotProblem::TooLong | SlotProblem::NotOneDay => "ends",
            SlotProblem::TooManyPeople => "attendees",
            _ => "starts",
        }
    }

    pub fn message(self, s: &Strings) -> &'static str {
        match self {
            SlotProblem::EndsBeforeStart => s.err_ends_before_start,
            SlotProblem::InPast => s.err_starts_in_past,
            SlotProblem::TooLong => s.err_booking_too_long,
            SlotProblem::OutsideDates => s.err_outside_dates,
            SlotProblem::NotOneDay => s.err_not_one_day,
            SlotProblem::Closed => s.err_closed_then,
            SlotProblem::TooManyPeople => s.err_too_many_people,
        }
    }
}

/// The first reason a slot does not fit the space's own rules: its dates, its opening hours,
/// its size. Bookings and blocked periods are checked by the store, under the space's lock.
pub fn slot_problem(
    space: &SpaceDraft,
    starts_at: i64,
    ends_at: i64,
    attendees: Option<i64>,
    now: i64,
) -> Option<SlotProblem> {
    if ends_at <= starts_at {
        return Some(SlotProblem::EndsBeforeStart);
    }
    if starts_at < now {
        return Some(SlotProblem::InPast);
    }
    if ends_at - starts_at > LONGEST_BOOKING_SECONDS {
        return Some(SlotProblem::TooLong);
    }
    let local = |t: i64| {
        Timestamp::from_second(t)
            .ok()
            .map(|t| t.to_zoned_datetime(copenhagen().clone()))
    };
    let (Some(start), Some(last)) = (local(starts_at), local(ends_at - 1)) else {
        return Some(SlotProblem::OutsideDates);
    };
    if space.available_from.is_some_and(|d| start.date() < d)
        || space.available_until.is_some_and(|d| last.date() > d)
    {
        return Some(SlotProblem::OutsideDates);
    }
    if let Some(hours) = space.opening_hours {
        if start.date() != last.date() {
            return Some(SlotProblem::NotOneDay);
        }
        let weekday = start.date().weekday().to_monday_zero_offset() as usize;
        let from = (start.hour() as u16) * 60 + start.minute() as u16;
        let until = (last.hour() as u16) * 60 + last.minute() as u16 + 1;
        match hours.0[weekday] {
            Some((open, close)) if open <= from && until <= close => {}
            _ => return Some(SlotProblem::Closed),
        }
    }
    if let (Some(n), Some(capacity)) = (attendees, space.capacity)
        && n > capacity
    {
        return Some(SlotProblem::TooManyPeople);
    }
    None
}

/// Whether two periods share a moment (an end touching a start does not).
pub fn overlaps(a: (i64, i64), b: (i64, i64)) -> bool {
    a.0 < b.1 && b.0 < a.1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::platform::time::parse_moment;

    fn room() -> SpaceDraft {
        let weekdays = Some((8 * 60, 22 * 60));
        SpaceDraft {
            kind: SpaceKind::Room,
            name: "Mødelokalet i Folkehuset".into(),
            description: String::new(),
            address: String::new(),
            neighbourhood: String::new(),
            coordinates: None,
            capacity: Some(30),
            area_m2: None,
            features: vec![Feature::StepFree],
            house_rules: String::new(),
            bookable_by: vec![ActorKind::Association],
            needs_approval: false,
            price_ore_per_hour: 0,
            opening_hours: Some(OpeningHours([
                weekdays, weekdays, weekdays, weekdays, weekdays, None, None,
            ])),
            available_from: Date::new(2030, 1, 1).ok(),
            available_until: Date::new(2030, 12, 31).ok(),
        }
    }

    fn at(text: &str) -> i64 {
        parse_moment(text).unwrap()
    }

    #[test]
    fn opening_hours_are_read_as_people_write_them() {
        assert_eq!(OpeningHours::parse_day("8-22"), Ok(Some((480, 1320))));
        assert_eq!(
            OpeningHours::parse_day(" 08.30 – 16 "),
            Ok(Some((510, 960)))
        );
        assert_eq!(OpeningHours::parse_day("0-24"), Ok(Some((0, 1440))));
        assert_eq!(OpeningHours::parse_day(""), Ok(None));
        for wrong in ["22-8", "8", "otte-ti", "8-25", "8.75-9"] {
            assert_eq!(
                OpeningHours::parse_day(wrong),
                Err(UnreadableHours),
                "{wrong}"
            );
        }
        let h = room().opening_hours.unwrap();
        assert_eq!(OpeningHours::from_text(&h.to_text()), Some(h));
        assert_eq!(h.weekday_mask(), 31);
    }

    #[test]
    fn a_slot_fits_the_days_hours_and_size_of_the_space() {
        let r = room();
        let now = at("2029-01-01T00:00");
        // Wednesday 5 June 2030.
        assert_eq!(
            slot_problem(
                &r,
                at("2030-06-05T10:00"),
                at("2030-06-05T12:00"),
                Some(30),
                now
            ),
            None
        );
        assert_eq!(
            slot_problem(
                &r,
                at("2030-06-05T20:00"),
                at("2030-06-05T22:00"),
                None,
                now
            ),
            None
        );
        let problem =
            |from: &str, to: &str, people| slot_problem(&r, at(from), at(to), people, now);
        assert_eq!(
            problem("2030-06-05T12:00", "2030-06-05T10:00", None),
            Some(SlotProblem::EndsBeforeStart)
        );
        assert_eq!(
            problem("2030-06-05T07:00", "2030-06-05T10:00", None),
            Some(SlotProblem::Closed)
        );
        assert_eq!(
            problem("2030-06-05T21:00", "2030-06-05T22:30", None),
            Some(SlotProblem::Closed)
        );
        assert_eq!(
            problem("2030-06-08T10:00", "2030-06-08T12:00", None),
            Some(SlotProblem::Closed),
            "Saturday"
        );
        assert_eq!(
            problem("2030-06-05T10:00", "2030-06-06T10:00", None),
            Some(SlotProblem::NotOneDay)
        );
        assert_eq!(
            problem("2031-01-06T10:00", "2031-01-06T12:00", None),
            Some(SlotProblem::OutsideDates)
        );
        assert_eq!(
            problem("2030-06-05T10:00", "2030-06-05T12:00", Some(31)),
            Some(SlotProblem::TooManyPeople)
        );
        assert_eq!(
            slot_problem(
                &r,
                at("2028-06-05T10:00"),
                at("2028-06-05T12:00"),
                None,
                now
            ),
            Some(SlotProblem::InPast)
        );
        let lot = SpaceDraft {
            opening_hours: None,
            ..room()
        };
        assert_eq!(
            slot_problem(
                &lot,
                at("2030-06-05T10:00"),
                at("2030-06-09T10:00"),
                None,
                now
            ),
            None,
            "a lot is always open"
        );
    }

    #[test]
    fn touching_periods_do_not_overlap() {
        assert!(overlaps((10, 20), (15, 25)));
        assert!(overlaps((10, 20), (12, 14)));
        assert!(!overlaps((10, 20), (20, 30)));
        assert!(!overlaps((20, 30), (10, 20)));
    }
}
