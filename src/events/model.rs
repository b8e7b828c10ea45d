//! Events and their rules: what an event, a programme item and a limited item must hold, who
//! gets a place and who waits, when a participant may cancel, and when an order is refused.

use crate::platform::error::FieldErrors;
use crate::platform::geo::{Coordinates, check_coordinates};
use crate::platform::input::{check_line, check_text};
use crate::text;
use crate::{labelled_enum, refusals};

labelled_enum! {
    pub enum EventStatus {
        Planned = "planned" => event_status_planned,
        Cancelled = "cancelled" => event_status_cancelled,
    }
}

labelled_enum! {
    pub enum SignupStatus {
        Confirmed = "confirmed" => signup_status_confirmed,
        Waiting = "waiting" => signup_status_waiting,
        Cancelled = "cancelled" => signup_status_cancelled,
    }
}

labelled_enum! {
    pub enum OrderStatus {
        Reserved = "reserved" => order_status_reserved,
        HandedOut = "handed_out" => order_status_handed_out,
        Cancelled = "cancelled" => order_status_cancelled,
    }
}

pub const TITLE_MAX: usize = 200;
pub const DESCRIPTION_MAX: usize = 10_000;
pub const PLACE_MAX: usize = 300;
pub const ADDRESS_MAX: usize = 200;
pub const CAPACITY_MAX: i64 = 100_000;
pub const STOCK_MAX: i64 = 100_000;
/// The dearest item, in øre (100,000 kr.).
pub const PRICE_MAX_ORE: i64 = 10_000_000;
/// The longest event: a festival week or a month-long exhibition, not a standing activity.
pub const LONGEST_EVENT_SECONDS: i64 = 31 * 24 * 3600;

/// An event as planned by its organiser.
#[derive(Clone, Debug, PartialEq)]
pub struct EventDraft {
    pub title: String,
    pub description: String,
    /// Where, in words: "Plænen ved Ingerslevs Boulevard".
    pub place: String,
    pub coordinates: Option<Coordinates>,
    pub starts_at: i64,
    pub ends_at: i64,
    /// Places for sign-ups; `None` when anyone may come without a place.
    pub capacity: Option<i64>,
    /// Participants may cancel until then; `None` means until the start.
    pub cancel_until: Option<i64>,
}

impl EventDraft {
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_line(&mut errors, "title", &mut self.title, true, TITLE_MAX);
        check_text(
            &mut errors,
            "description",
            &mut self.description,
            false,
            DESCRIPTION_MAX,
        );
        check_line(&mut errors, "place", &mut self.place, false, PLACE_MAX);
        if let Some((lat, lon)) = self.coordinates {
            check_coordinates(&mut errors, lat, lon);
        }
        check_span(&mut errors, self.starts_at, self.ends_at);
        if self
            .capacity
            .is_some_and(|c| !(1..=CAPACITY_MAX).contains(&c))
        {
            errors.insert("capacity", text!(err_capacity));
        }
        if self.cancel_until.is_some_and(|c| c > self.starts_at) {
            errors.insert("cancel_until", text!(err_cancel_after_start));
        }
        errors
    }
}

/// An end after the start, and not weeks later.
pub fn check_span(errors: &mut FieldErrors, starts_at: i64, ends_at: i64) {
    if ends_at <= starts_at {
        errors.insert("ends", text!(err_ends_before_start));
    } else if ends_at - starts_at > LONGEST_EVENT_SECONDS {
        errors.insert("ends", text!(err_event_too_long));
    }
}

/// One point of the programme: "10.30 Vi bygger blomsterkasser, på plænen".
#[derive(Clone, Debug, PartialEq)]
pub struct ProgrammeDraft {
    pub title: String,
    pub place: String,
    pub starts_at: i64,
    pub ends_at: Option<i64>,
}

impl ProgrammeDraft {
    /// Checked against the event it belongs to: the programme happens during the event.
    pub fn check(&mut self, event_starts: i64, event_ends: i64) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_line(&mut errors, "title", &mut self.title, true, TITLE_MAX);
        check_line(&mut errors, "place", &mut self.place, false, PLACE_MAX);
        if !(event_starts..event_ends).contains(&self.starts_at) {
            errors.insert("starts", text!(err_outside_event));
        }
        match self.ends_at {
            Some(end) if end <= self.starts_at => {
                errors.insert("ends", text!(err_ends_before_start));
            }
            Some(end) if end > event_ends => {
                errors.insert("ends", text!(err_outside_event));
            }
            _ => {}
        }
        errors
    }
}

/// A limited item an event offers: a flower box at 200 kr., 40 of them, one per stairwell.
#[derive(Clone, Debug, PartialEq, serde::Deserialize)]
pub struct ItemDraft {
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub price_ore: i64,
    pub stock: i64,
    #[serde(default)]
    pub household_limit: Option<i64>,
    /// At most this many per person, whatever their address.
    #[serde(default)]
    pub person_limit: Option<i64>,
}

impl ItemDraft {
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_line(&mut errors, "name", &mut self.name, true, TITLE_MAX);
        check_text(
            &mut errors,
            "description",
            &mut self.description,
            false,
            DESCRIPTION_MAX,
        );
        if !(0..=PRICE_MAX_ORE).contains(&self.price_ore) {
            errors.insert("price", text!(err_price));
        }
        if !(1..=STOCK_MAX).contains(&self.stock) {
            errors.insert("stock", text!(err_stock));
        }
        if self
            .household_limit
            .is_some_and(|l| !(1..=STOCK_MAX).contains(&l))
        {
            errors.insert("household_limit", text!(err_household_limit));
        }
        if self
            .person_limit
            .is_some_and(|l| !(1..=STOCK_MAX).contains(&l))
        {
            errors.insert("person_limit", text!(err_household_limit));
        }
        errors
    }
}

/// Whether a new sign-up gets a place or waits: places go in the order sign-ups are accepted.
pub fn signup_status(capacity: Option<i64>, confirmed: i64) -> SignupStatus {
    match capacity {
        Some(c) if confirmed >= c => SignupStatus::Waiting,
        _ => SignupStatus::Confirmed,
    }
}

/// How many from the waiting list move up now that places may have come free.
pub fn places_free(capacity: Option<i64>, confirmed: i64) -> i64 {
    capacity.map_or(i64::MAX, |c| (c - confirmed).max(0))
}

/// A participant may cancel until the event's deadline (its start, when it has none).
pub fn may_cancel(now: i64, starts_at: i64, cancel_until: Option<i64>) -> bool {
    now < cancel_until.unwrap_or(starts_at)
}

refusals! {
    /// Why a sign-up was not taken.
    pub enum SignupRefusal {
        /// Everyone is welcome without signing up.
        NoSignup = "no_signup_needed" => |s| s.err_no_signup_needed,
        Cancelled = "event_cancelled" => |s| s.err_event_cancelled,
        Started = "event_started" => |s| s.err_event_started,
        AlreadySignedUp = "already_signed_up" => |s| s.err_already_signed_up,
    }
}

/// Whether an event takes sign-ups: one with places, planned, not yet begun.
pub fn signup_refusal(
    status: EventStatus,
    capacity: Option<i64>,
    now: i64,
    starts_at: i64,
) -> Option<SignupRefusal> {
    match status {
        EventStatus::Cancelled => Some(SignupRefusal::Cancelled),
        _ if capacity.is_none() => Some(SignupRefusal::NoSignup),
        _ if now >= starts_at => Some(SignupRefusal::Started),
        _ => None,
    }
}

refusals! {
    /// Why an order was not taken.
    pub enum OrderRefusal {
        EventClosed = "event_closed" => |s| s.err_event_closed,
        SoldOut = "sold_out" => |s| s.err_sold_out,
        NotEnoughLeft { remaining: i64 } = "not_enough_left" => |s| s.err_not_enough_left(remaining),
        HouseholdLimit { limit: i64 } = "household_limit" => |s| s.err_household_limit_reached(limit),
        PersonLimit { limit: i64 } = "person_limit" => |s| s.err_person_limit_reached(limit),
    }
}

refusals! {
    /// Why a change to an event, a sign-up or an order was refused.
    pub enum EventRefusal {
        Cancelled = "event_cancelled" => |s| s.err_event_cancelled,
        CancelDeadlinePassed = "cancel_deadline_passed" => |s| s.err_cancel_deadline,
        OrderChanged = "order_changed" => |s| s.err_order_changed,
        NotConfirmed = "signup_not_confirmed" => |s| s.err_not_confirmed,
    }
}

/// What an order asks for and what its household and person hold already.
#[derive(Clone, Copy, Debug, Default)]
pub struct Shares {
    pub household_has: i64,
    pub person_has: i64,
    pub quantity: i64,
}

/// The first rule an order breaks, given what is left and what the household and the person
/// already have.
pub fn order_refusal(remaining: i64, limits: &ItemDraft, shares: Shares) -> Option<OrderRefusal> {
    let Shares {
        household_has,
        person_has,
        quantity,
    } = shares;
    if let Some(limit) = limits.person_limit.filter(|&l| person_has + quantity > l) {
        return Some(OrderRefusal::PersonLimit { limit });
    }
    if let Some(limit) = limits
        .household_limit
        .filter(|&l| household_has + quantity > l)
    {
        return Some(OrderRefusal::HouseholdLimit { limit });
    }
    if remaining == 0 {
        return Some(OrderRefusal::SoldOut);
    }
    (quantity > remaining).then_some(OrderRefusal::NotEnoughLeft { remaining })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_go_in_order_and_the_rest_wait() {
        assert_eq!(signup_status(Some(50), 49), SignupStatus::Confirmed);
        assert_eq!(signup_status(Some(50), 50), SignupStatus::Waiting);
        assert_eq!(signup_status(None, 10_000), SignupStatus::Confirmed);
        assert_eq!(places_free(Some(50), 48), 2);
        assert_eq!(places_free(Some(50), 50), 0);
        assert_eq!(places_free(None, 3), i64::MAX);
    }

    #[test]
    fn cancelling_is_possible_until_the_deadline() {
        assert!(may_cancel(99, 200, Some(100)));
        assert!(!may_cancel(100, 200, Some(100)));
        assert!(may_cancel(199, 200, None));
        assert!(!may_cancel(200, 200, None));
    }

    #[test]
    fn orders_respect_the_person_and_household_limits_then_stock() {
        let limits = |household_limit, person_limit| ItemDraft {
            name: "Blomsterkasse".into(),
            description: String::new(),
            price_ore: 0,
            stock: 40,
            household_limit,
            person_limit,
        };
        let asks = |household_has, person_has, quantity| Shares {
            household_has,
            person_has,
            quantity,
        };
        let one_per_stairwell = limits(Some(1), None);
        assert_eq!(order_refusal(40, &one_per_stairwell, asks(0, 0, 1)), None);
        assert_eq!(
            order_refusal(40, &one_per_stairwell, asks(1, 0, 1)),
            Some(OrderRefusal::HouseholdLimit { limit: 1 })
        );
        assert_eq!(
            order_refusal(0, &one_per_stairwell, asks(0, 0, 1)),
            Some(OrderRefusal::SoldOut)
        );
        let two_each = limits(Some(10), Some(2));
        assert_eq!(order_refusal(40, &two_each, asks(5, 1, 1)), None);
        assert_eq!(
            order_refusal(40, &two_each, asks(5, 1, 2)),
            Some(OrderRefusal::PersonLimit { limit: 2 }),
            "a person's own limit, at another address too"
        );
        let unlimited = limits(None, None);
        assert_eq!(
            order_refusal(2, &unlimited, asks(0, 0, 3)),
            Some(OrderRefusal::NotEnoughLeft { remaining: 2 })
        );
        assert_eq!(order_refusal(3, &unlimited, asks(5, 5, 3)), None);
    }

    #[test]
    fn an_event_ends_after_it_starts_and_cancelling_closes_before() {
        let mut d = EventDraft {
            title: " Hyg & Byg ".into(),
            description: String::new(),
            place: String::new(),
            coordinates: None,
            starts_at: 1000,
            ends_at: 1000,
            capacity: Some(0),
            cancel_until: Some(2000),
        };
        let errors = d.check();
        assert_eq!(d.title, "Hyg & Byg");
        for field in ["ends", "capacity", "cancel_until"] {
            assert!(errors.contains_key(field), "{field}: {errors:?}");
        }
    }
}
