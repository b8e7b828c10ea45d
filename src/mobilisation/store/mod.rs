//! Storage of needs, offers, pledges and contributions, and the matching queries.

use super::matching::{self, *};
use super::model::*;
use crate::actors::model::ActorKind;
use crate::platform::db::{
    self, Db, Row, SqlBuilder, Tx, Value, all, all_for, decode, one, rows_to,
};
use crate::platform::error::{AppError, AppResult, Stale};
use crate::platform::geo::{Coordinates, from_e6_pair, to_e6, um_per_e6};
use crate::platform::search::{distinct_stems, skill_terms};
use crate::platform::time::{now, parse_date};
use crate::refusals;
use jiff::civil::Date;

mod calls;
mod matches;
mod needs;
mod offers;
mod pledges;
pub use calls::*;
pub use matches::*;
pub use needs::*;
pub use offers::*;
pub use pledges::*;

/// A need with its initiative.
#[derive(Clone, Debug)]
pub struct Need {
    pub id: i64,
    pub initiative_id: i64,
    pub initiative_title: String,
    pub draft: NeedDraft,
    pub status: NeedStatus,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

/// An offer with its actor.
#[derive(Clone, Debug)]
pub struct Offer {
    pub id: i64,
    pub actor_id: i64,
    pub actor_name: String,
    pub actor_kind: ActorKind,
    pub draft: OfferDraft,
    pub status: OfferStatus,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

const NEED_COLUMNS: &str = "n.id, n.initiative_id, i.title AS initiative_title, n.kind, n.title, n.description, \
     n.skills, n.quantity, n.weekdays, n.day_parts, n.from_date, n.to_date, n.address, n.neighbourhood, \
     n.latitude_e6, n.longitude_e6, n.status, n.created_at, n.updated_at, n.version";
const NEED_JOINS: &str = "JOIN initiatives i ON i.id = n.initiative_id";

const OFFER_COLUMNS: &str = "o.id, o.actor_id, a.name AS actor_name, a.kind AS actor_kind, o.kind, o.title, \
     o.description, o.skills, o.quantity, o.weekdays, o.day_parts, o.from_date, o.to_date, o.neighbourhood, \
     o.latitude_e6, o.longitude_e6, o.radius_m, o.conditions, o.status, o.created_at, o.updated_at, o.version";
const OFFER_JOINS: &str = "JOIN actors a ON a.id = o.actor_id";

fn availability(row: &Row) -> Result<Availability, db::Error> {
    let date = |column: &str| -> Result<Option<Date>, db::Error> {
        let text: Option<String> = row.try_get(column)?;
        Ok(text.as_deref().and_then(parse_date))
    };
    Ok(Availability {
        weekdays: from_mask(Weekday::ALL, row.try_get("weekdays")?),
        day_parts: from_mask(DayPart::ALL, row.try_get("day_parts")?),
        from: date("from_date")?,
        to: date("to_date")?,
    })
}

fn need(row: &Row) -> Result<Need, db::Error> {
    Ok(Need {
        id: row.try_get("id")?,
        initiative_id: row.try_get("initiative_id")?,
        initiative_title: row.try_get("initiative_title")?,
        draft: NeedDraft {
            kind: decode(row, "kind", ResourceKind::parse)?,
            title: row.try_get("title")?,
            description: row.try_get("description")?,
            skills: row.try_get("skills")?,
            quantity: row.try_get("quantity")?,
            when: availability(row)?,
            address: row.try_get("address")?,
            neighbourhood: row.try_get("neighbourhood")?,
            coordinates: from_e6_pair(row.try_get("latitude_e6")?, row.try_get("longitude_e6")?),
        },
        status: decode(row, "status", NeedStatus::parse)?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        version: row.try_get("version")?,
    })
}

fn offer(row: &Row) -> Result<Offer, db::Error> {
    Ok(Offer {
        id: row.try_get("id")?,
        actor_id: row.try_get("actor_id")?,
        actor_name: row.try_get("actor_name")?,
        actor_kind: decode(row, "actor_kind", ActorKind::parse)?,
        draft: OfferDraft {
            kind: decode(row, "kind", ResourceKind::parse)?,
            title: row.try_get("title")?,
            description: row.try_get("description")?,
            skills: row.try_get("skills")?,
            quantity: row.try_get("quantity")?,
            when: availability(row)?,
            neighbourhood: row.try_get("neighbourhood")?,
            coordinates: from_e6_pair(row.try_get("latitude_e6")?, row.try_get("longitude_e6")?),
            radius_m: row.try_get("radius_m")?,
            conditions: row.try_get("conditions")?,
        },
        status: decode(row, "status", OfferStatus::parse)?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        version: row.try_get("version")?,
    })
}

fn iso(date: Option<Date>) -> Option<String> {
    date.map(|d| d.to_string())
}

/// Binds a need's or an offer's fields in the order their statements list the columns.
trait BindResource {
    /// kind, title, description, skills, quantity, then the availability's six columns:
    /// weekdays, day_parts, from_date, to_date, match_weekdays, match_day_parts.
    fn bind_common(
        self,
        kind: ResourceKind,
        words: [&str; 3],
        quantity: Option<i64>,
        when: &Availability,
    ) -> Self;
    /// The common columns, then address, neighbourhood, latitude_e6, longitude_e6.
    fn bind_need(self, d: &NeedDraft) -> Self;
    /// The common columns, then neighbourhood, latitude_e6, longitude_e6, radius_m, conditions.
    fn bind_offer(self, d: &OfferDraft) -> Self;
}

impl BindResource for db::Query {
    fn bind_common(
        self,
        kind: ResourceKind,
        words: [&str; 3],
        quantity: Option<i64>,
        when: &Availability,
    ) -> Self {
        let [title, description, skills] = words.map(str::to_string);
        self.bind(kind.code())
            .bind(title)
            .bind(description)
            .bind(skills)
            .bind(quantity)
            .bind(to_mask(Weekday::ALL, &when.weekdays))
            .bind(to_mask(DayPart::ALL, &when.day_parts))
            .bind(iso(when.from))
            .bind(iso(when.to))
            .bind(when.match_weekdays())
            .bind(when.match_day_parts())
    }

    fn bind_need(self, d: &NeedDraft) -> Self {
        self.bind_common(
            d.kind,
            [&d.title, &d.description, &d.skills],
            d.quantity,
            &d.when,
        )
        .bind(d.address.clone())
        .bind(d.neighbourhood.clone())
        .bind(d.coordinates.map(|c| to_e6(c.0)))
        .bind(d.coordinates.map(|c| to_e6(c.1)))
    }

    fn bind_offer(self, d: &OfferDraft) -> Self {
        self.bind_common(
            d.kind,
            [&d.title, &d.description, &d.skills],
            d.quantity,
            &d.when,
        )
        .bind(d.neighbourhood.clone())
        .bind(d.coordinates.map(|c| to_e6(c.0)))
        .bind(d.coordinates.map(|c| to_e6(c.1)))
        .bind(d.radius_m)
        .bind(d.conditions.clone())
    }
}

// ---- needs ----
