//! Matching needs and offers. The weights below rank the candidates (the database adds them
//! up, see `store::matches`, so a ranking never needs every candidate in memory); the reasons
//! explain each suggestion to people in a sentence or two.

use super::model::{
    Availability, DayPart, NeedDraft, OfferDraft, ResourceKind, Weekday, from_mask,
};
use crate::platform::geo::{Coordinates, distance_m, format_distance};
use crate::platform::i18n::Lang;
use crate::platform::search;

/// Points for the kind of resource: the one asked for, or one that can often stand in for it.
pub const SAME_KIND: i64 = 40;
pub const RELATED_KIND: i64 = 15;
/// Points per skill stem both sides name, for at most three of them.
pub const PER_SHARED_SKILL: i64 = 10;
pub const SHARED_SKILLS_COUNTED: i64 = 3;
/// Points for nearness; an offer never matches beyond its reach.
pub const WITHIN_1_KM: i64 = 20;
pub const WITHIN_3_KM: i64 = 12;
pub const WITHIN_REACH: i64 = 5;
/// Points when one side has no place: an offer that applies anywhere, a need without a place.
pub const PLACE_OPEN: i64 = 8;
/// Points when the weekdays and parts of the day overlap.
pub const TIME_OVERLAP: i64 = 10;

/// The kinds of resource that can meet a need of `kind`, with their points.
pub fn kinds_for(kind: ResourceKind) -> Vec<(ResourceKind, i64)> {
    let mut kinds = vec![(kind, SAME_KIND)];
    kinds.extend(kind.related().iter().map(|k| (*k, RELATED_KIND)));
    kinds
}

/// One side of a match.
pub struct Side<'a> {
    pub kind: ResourceKind,
    pub skills: &'a str,
    pub when: &'a Availability,
    pub place: Option<Coordinates>,
}

/// Why a need and an offer fit, one fact each.
#[derive(Clone, Debug, PartialEq)]
pub enum Reason {
    SameKind(ResourceKind),
    RelatedKind {
        needed: ResourceKind,
        offered: ResourceKind,
    },
    SharedSkills(Vec<String>),
    Distance(f64),
    OfferAnywhere,
    NeedAnywhere,
    CommonTime {
        weekdays: Vec<Weekday>,
        day_parts: Vec<DayPart>,
    },
    NoCommonTime,
    Conditions(String),
}

/// The reasons a need and an offer fit, in the order people weigh them.
pub fn reasons(need: &Side, offer: &Side, conditions: &str) -> Vec<Reason> {
    let mut out = vec![if need.kind == offer.kind {
        Reason::SameKind(need.kind)
    } else {
        Reason::RelatedKind {
            needed: need.kind,
            offered: offer.kind,
        }
    }];
    let shared = shared_skills(need.skills, offer.skills);
    if !shared.is_empty() {
        out.push(Reason::SharedSkills(shared));
    }
    out.push(match (need.place, offer.place) {
        (Some(a), Some(b)) => Reason::Distance(distance_m(a, b)),
        (Some(_), None) => Reason::OfferAnywhere,
        (None, _) => Reason::NeedAnywhere,
    });
    let weekdays = need.when.match_weekdays() & offer.when.match_weekdays();
    let day_parts = need.when.match_day_parts() & offer.when.match_day_parts();
    let any = |a: &Availability| a.weekdays.is_empty() && a.day_parts.is_empty();
    if weekdays == 0 || day_parts == 0 {
        out.push(Reason::NoCommonTime);
    } else if !(any(need.when) && any(offer.when)) {
        out.push(Reason::CommonTime {
            weekdays: if weekdays == 127 {
                Vec::new()
            } else {
                from_mask(Weekday::ALL, weekdays)
            },
            day_parts: if day_parts == 7 {
                Vec::new()
            } else {
                from_mask(DayPart::ALL, day_parts)
            },
        });
    }
    if !conditions.trim().is_empty() {
        out.push(Reason::Conditions(conditions.trim().to_string()));
    }
    out
}

/// Why a need and an offer fit, in words, for a page or the API.
pub fn explain(need: &NeedDraft, offer: &OfferDraft, lang: Lang) -> Vec<String> {
    let need_side = Side {
        kind: need.kind,
        skills: &need.skills,
        when: &need.when,
        place: need.coordinates,
    };
    let offer_side = Side {
        kind: offer.kind,
        skills: &offer.skills,
        when: &offer.when,
        place: offer.coordinates,
    };
    reasons(&need_side, &offer_side, &offer.conditions)
        .iter()
        .map(|r| r.describe(lang))
        .collect()
}

/// The skills of `offered`, as written there, that share a stem with a skill in `wanted`
/// ("samtaler" meets "samtale"). Skills are separated by commas.
pub fn shared_skills(wanted: &str, offered: &str) -> Vec<String> {
    let wanted: Vec<String> = search::stems(wanted);
    offered
        .split([',', ';', '\n'])
        .map(str::trim)
        .filter(|phrase| {
            !phrase.is_empty() && search::stems(phrase).iter().any(|s| wanted.contains(s))
        })
        .map(String::from)
        .collect()
}

impl Reason {
    pub fn describe(&self, lang: Lang) -> String {
        let s = lang.strings();
        match self {
            Reason::SameKind(k) => s.why_same_kind(k.label(lang)),
            Reason::RelatedKind { needed, offered } => {
                s.why_related_kind(needed.label(lang).to_lowercase(), offered.label(lang))
            }
            Reason::SharedSkills(skills) => s.why_skills(skills.join(", ")),
            Reason::Distance(m) => s.why_distance(format_distance(*m, lang)),
            Reason::OfferAnywhere => s.why_offer_anywhere.into(),
            Reason::NeedAnywhere => s.why_need_anywhere.into(),
            Reason::CommonTime {
                weekdays,
                day_parts,
            } => {
                let mut when: Vec<&str> = weekdays.iter().map(|d| d.label(lang)).collect();
                when.extend(day_parts.iter().map(|p| p.label(lang)));
                s.why_time(when.join(", "))
            }
            Reason::NoCommonTime => s.why_no_time.into(),
            Reason::Conditions(c) => s.why_conditions(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn liselotte_fits_the_visiting_friends_and_we_say_why() {
        let tuesdays = Availability {
            weekdays: vec![Weekday::Tuesday, Weekday::Thursday],
            day_parts: vec![DayPart::Afternoon],
            ..Availability::default()
        };
        let afternoons = Availability {
            day_parts: vec![DayPart::Afternoon, DayPart::Evening],
            ..Availability::default()
        };
        let need = Side {
            kind: ResourceKind::Hands,
            skills: "besøgsven, samtaler",
            when: &afternoons,
            place: Some((56.1527, 10.2039)),
        };
        let offer = Side {
            kind: ResourceKind::Hands,
            skills: "Besøgsven; gode samtaler",
            when: &tuesdays,
            place: Some((56.1566, 10.2077)),
        };
        let why = reasons(&need, &offer, "Nogen skal køre mig ud og hente mig igen.");
        let text: Vec<String> = why.iter().map(|r| r.describe(Lang::Da)).collect();
        assert_eq!(
            text,
            vec![
                "Samme slags: Hænder og tid",
                "Fælles færdigheder: Besøgsven, gode samtaler",
                "500 m væk",
                "Tider der passer: tirsdag, torsdag, eftermiddag",
                "Betingelse: Nogen skal køre mig ud og hente mig igen.",
            ]
        );
    }

    #[test]
    fn related_kinds_score_less_and_say_so() {
        assert_eq!(
            kinds_for(ResourceKind::Hands),
            vec![
                (ResourceKind::Hands, SAME_KIND),
                (ResourceKind::Skills, RELATED_KIND)
            ]
        );
        let any = Availability::default();
        let mornings = Availability {
            day_parts: vec![DayPart::Morning],
            ..Availability::default()
        };
        let evenings = Availability {
            day_parts: vec![DayPart::Evening],
            ..Availability::default()
        };
        let need = Side {
            kind: ResourceKind::Hands,
            skills: "",
            when: &mornings,
            place: None,
        };
        let offer = Side {
            kind: ResourceKind::Skills,
            skills: "tømrer",
            when: &evenings,
            place: None,
        };
        let why = reasons(&need, &offer, "");
        assert_eq!(
            why[0].describe(Lang::En),
            "Skills can meet a need for hands and time"
        );
        assert_eq!(why[1], Reason::NeedAnywhere);
        assert_eq!(why[2], Reason::NoCommonTime);
        let open = Side { when: &any, ..need };
        assert_eq!(
            reasons(
                &open,
                &Side {
                    when: &any,
                    ..offer
                },
                ""
            )
            .len(),
            2
        );
    }
}
