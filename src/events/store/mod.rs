//! Storage of events, their programme, sign-ups, limited items and orders.
//!
//! Fairness lives here. A sign-up locks its event's row and takes the next number from the
//! event's counter; an order does the same on its item's row. Within that lock the place, the
//! waiting position, the stock and the household's share are decided, so requests are served
//! one at a time in the order the database accepted them, on either engine and from any number
//! of nodes. A refused request rolls back, so the counters have no gaps.

use super::model::*;
use crate::platform::db::{
    self, Db, Row, SqlBuilder, Tx, Value, all, all_for, decode, one, rows_to,
};
use crate::platform::error::{AppError, AppResult};
use crate::platform::geo::{from_e6_pair, to_e6};
use crate::platform::time::now;

mod calendar;
mod items;
mod programme;
mod signups;
pub use calendar::*;
pub use items::*;
pub use programme::*;
pub use signups::*;

#[derive(Clone, Debug)]
pub struct Event {
    pub id: i64,
    pub initiative_id: Option<i64>,
    pub initiative_title: Option<String>,
    pub organiser_id: i64,
    pub organiser_name: String,
    pub draft: EventDraft,
    pub status: EventStatus,
    pub confirmed: i64,
    pub waiting: i64,
    pub version: i64,
    /// The workshop it is, when people sign up for a workshop through it.
    pub workshop_id: Option<i64>,
}

impl Event {
    pub fn places_left(&self) -> Option<i64> {
        self.draft.capacity.map(|c| (c - self.confirmed).max(0))
    }
}

const EVENT_SELECT: &str = "SELECT e.*, i.title AS initiative_title, a.name AS organiser_name, \
     (SELECT COUNT(*) FROM event_signups w WHERE w.event_id = e.id AND w.status = 'waiting') AS waiting, \
     (SELECT ws.id FROM workshops ws WHERE ws.event_id = e.id) AS workshop_id \
     FROM events e JOIN actors a ON a.id = e.organiser_id \
     LEFT JOIN initiatives i ON i.id = e.initiative_id";

fn event(row: &Row) -> Result<Event, db::Error> {
    Ok(Event {
        id: row.try_get("id")?,
        initiative_id: row.try_get("initiative_id")?,
        initiative_title: row.try_get("initiative_title")?,
        organiser_id: row.try_get("organiser_id")?,
        organiser_name: row.try_get("organiser_name")?,
        draft: EventDraft {
            title: row.try_get("title")?,
            description: row.try_get("description")?,
            place: row.try_get("place")?,
            coordinates: from_e6_pair(row.try_get("latitude_e6")?, row.try_get("longitude_e6")?),
            starts_at: row.try_get("starts_at")?,
            ends_at: row.try_get("ends_at")?,
            capacity: row.try_get("capacity")?,
            cancel_until: row.try_get("cancel_until")?,
        },
        status: decode(row, "status", EventStatus::parse)?,
        confirmed: row.try_get("confirmed_count")?,
        waiting: row.try_get("waiting")?,
        version: row.try_get("version")?,
        workshop_id: row.try_get("workshop_id")?,
    })
}

pub struct NewEvent<'a> {
    pub draft: &'a EventDraft,
    pub initiative_id: Option<i64>,
    pub organiser_id: i64,
    pub user_id: i64,
}

pub async fn create_event(db: &Db, e: &NewEvent<'_>) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    let id = create_event_in(&mut tx, e).await?;
    tx.commit().await?;
    Ok(id)
}

/// Stores a new event as part of a larger change (a workshop people sign up for).
pub async fn create_event_in(tx: &mut Tx, e: &NewEvent<'_>) -> AppResult<i64> {
    let d = e.draft;
    let t = now();
    let id = db::query_scalar(
        "INSERT INTO events (initiative_id, organiser_id, title, description, place, latitude_e6, longitude_e6, \
         starts_at, ends_at, capacity, cancel_until, status, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $14) RETURNING id",
    )
    .bind(e.initiative_id)
    .bind(e.organiser_id)
    .bind(&d.title)
    .bind(&d.description)
    .bind(&d.place)
    .bind(d.coordinates.map(|c| to_e6(c.0)))
    .bind(d.coordinates.map(|c| to_e6(c.1)))
    .bind(d.starts_at)
    .bind(d.ends_at)
    .bind(d.capacity)
    .bind(d.cancel_until)
    .bind(EventStatus::Planned.code())
    .bind(e.user_id)
    .bind(t)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

pub async fn get_event(db: &Db, id: i64) -> AppResult<Event> {
    one(db, format!("{EVENT_SELECT} WHERE e.id = $1"), id, event).await
}

/// An initiative's events, past and coming, latest first.
pub async fn of_initiative(db: &Db, initiative_id: i64) -> AppResult<Vec<Event>> {
    let rows = db::query(format!(
        "{EVENT_SELECT} WHERE e.initiative_id = $1 ORDER BY e.starts_at DESC, e.id"
    ))
    .bind(initiative_id)
    .fetch_all(db.pool())
    .await?;
    rows_to(&rows, event)
}

/// Events that have not ended, soonest first; with `initiative_id`, that initiative's.
pub async fn upcoming(
    db: &Db,
    initiative_id: Option<i64>,
    limit: i64,
    offset: i64,
) -> AppResult<Vec<Event>> {
    let mut sql = SqlBuilder::new(&format!("{EVENT_SELECT} WHERE e.status = 'planned'"));
    let t = sql.bind(Value::Int(now()));
    sql.push(&format!(" AND e.ends_at > {t}"));
    if let Some(id) = initiative_id {
        let p = sql.bind(Value::Int(id));
        sql.push(&format!(" AND e.initiative_id = {p}"));
    }
    sql.push(" ORDER BY e.starts_at, e.id");
    sql.limit(limit, offset);
    let rows = sql.query().fetch_all(db.pool()).await?;
    rows_to(&rows, event)
}

/// Events a person takes part in (a live sign-up or order) or created, by start.
pub async fn events_of_person(db: &Db, person_id: i64, user_id: i64) -> AppResult<Vec<Event>> {
    let rows = db::query(format!(
        "{EVENT_SELECT} WHERE e.id IN (\
         SELECT event_id FROM event_signups WHERE person_id = $1 AND status <> 'cancelled' \
         UNION SELECT event_id FROM item_orders WHERE person_id = $1 AND status <> 'cancelled' \
         UNION SELECT id FROM events WHERE created_by = $2) \
         ORDER BY e.starts_at, e.id"
    ))
    .bind(person_id)
    .bind(user_id)
    .fetch_all(db.pool())
    .await?;
    rows_to(&rows, event)
}

/// Why an event could not be changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeRefusal {
    /// Someone else saved a newer version first.
    Outdated,
    /// The new capacity is below the places already given.
    BelowSignups { confirmed: i64 },
    /// No capacity, though people have signed up.
    SignupsNeedPlaces,
}

/// Saves a new plan for the event. A larger capacity moves people up from the waiting list;
/// their sign-ups are returned so they can be told.
pub async fn update_event(
    db: &Db,
    id: i64,
    d: &EventDraft,
    version: i64,
) -> AppResult<Result<Vec<Promotion>, ChangeRefusal>> {
    let mut tx = db.begin().await?;
    let (current, confirmed) = lock_event(&mut tx, id).await?;
    if current != version {
        return Ok(Err(ChangeRefusal::Outdated));
    }
    if d.capacity.is_some_and(|c| c < confirmed) {
        return Ok(Err(ChangeRefusal::BelowSignups { confirmed }));
    }
    let live: i64 = db::query_scalar(
        "SELECT COUNT(*) FROM event_signups WHERE event_id = $1 AND status <> 'cancelled'",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    if d.capacity.is_none() && live > 0 {
        return Ok(Err(ChangeRefusal::SignupsNeedPlaces));
    }
    db::query(
        "UPDATE events SET title = $1, description = $2, place = $3, latitude_e6 = $4, longitude_e6 = $5, \
         starts_at = $6, ends_at = $7, capacity = $8, cancel_until = $9, updated_at = $10, version = version + 1 \
         WHERE id = $11",
    )
    .bind(&d.title)
    .bind(&d.description)
    .bind(&d.place)
    .bind(d.coordinates.map(|c| to_e6(c.0)))
    .bind(d.coordinates.map(|c| to_e6(c.1)))
    .bind(d.starts_at)
    .bind(d.ends_at)
    .bind(d.capacity)
    .bind(d.cancel_until)
    .bind(now())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let promoted = promote(&mut tx, id).await?;
    tx.commit().await?;
    Ok(Ok(promoted))
}

/// Cancels the event; returns the people who had a place or were waiting, to be told.
pub async fn cancel_event(db: &Db, id: i64) -> AppResult<Vec<i64>> {
    let mut tx = db.begin().await?;
    let changed = db::query(
        "UPDATE events SET status = 'cancelled', updated_at = $1, version = version + 1 WHERE id = $2 AND status = 'planned'",
    )
    .bind(now())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let people = if changed.rows_affected() == 0 {
        Vec::new()
    } else {
        db::query_scalar(
            "SELECT person_id FROM event_signups WHERE event_id = $1 AND status <> 'cancelled' \
             UNION SELECT person_id FROM item_orders WHERE event_id = $1 AND status = 'reserved'",
        )
        .bind(id)
        .fetch_all(&mut *tx)
        .await?
    };
    tx.commit().await?;
    Ok(people)
}

/// Locks the event's row for the rest of the transaction (a no-op update both engines lock
/// on); returns its version and the places given.
async fn lock_event(tx: &mut Tx, id: i64) -> AppResult<(i64, i64)> {
    let row = db::query(
        "UPDATE events SET version = version WHERE id = $1 RETURNING version, confirmed_count",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}

// ---- programme ----
