//! Storage of events, their programme, sign-ups, limited items and orders.
//!
//! Fairness lives here. A sign-up locks its event's row and takes the next number from the
//! event's counter; an order does the same on its item's row. Within that lock the place, the
//! waiting position, the stock and the household's share are decided, so requests are served
//! one at a time in the order the database accepted them, on either engine and from any number
//! of nodes. A refused request rolls back, so the counters have no gaps.

use super::household::Address;
use super::model::*;
use crate::platform::db::{Db, Param, SqlBuilder, Tx, all, decode, one, rows_to};
use crate::platform::error::{AppError, AppResult};
use crate::platform::geo::{from_e6_pair, to_e6};
use crate::platform::time::now;
use sqlx::Row;
use sqlx::any::AnyRow;

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
}

impl Event {
    pub fn places_left(&self) -> Option<i64> {
        self.draft.capacity.map(|c| (c - self.confirmed).max(0))
    }
}

const EVENT_SELECT: &str = "SELECT e.*, i.title AS initiative_title, a.name AS organiser_name, \
     (SELECT COUNT(*) FROM event_signups w WHERE w.event_id = e.id AND w.status = 'waiting') AS waiting \
     FROM events e JOIN actors a ON a.id = e.organiser_id \
     LEFT JOIN initiatives i ON i.id = e.initiative_id";

fn event(row: &AnyRow) -> Result<Event, sqlx::Error> {
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
    })
}

pub struct NewEvent<'a> {
    pub draft: &'a EventDraft,
    pub initiative_id: Option<i64>,
    pub organiser_id: i64,
    pub user_id: i64,
}

pub async fn create_event(db: &Db, e: &NewEvent<'_>) -> AppResult<i64> {
    let d = e.draft;
    let t = now();
    let id = sqlx::query_scalar(
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
    .fetch_one(db.pool())
    .await?;
    Ok(id)
}

pub async fn get_event(db: &Db, id: i64) -> AppResult<Event> {
    one(db, format!("{EVENT_SELECT} WHERE e.id = $1"), id, event).await
}

/// Events that have not ended, soonest first; with `initiative_id`, that initiative's.
pub async fn upcoming(
    db: &Db,
    initiative_id: Option<i64>,
    limit: i64,
    offset: i64,
) -> AppResult<Vec<Event>> {
    let mut sql = SqlBuilder::new(&format!("{EVENT_SELECT} WHERE e.status = 'planned'"));
    let t = sql.bind(Param::Int(now()));
    sql.push(&format!(" AND e.ends_at > {t}"));
    if let Some(id) = initiative_id {
        let p = sql.bind(Param::Int(id));
        sql.push(&format!(" AND e.initiative_id = {p}"));
    }
    sql.push(" ORDER BY e.starts_at, e.id");
    sql.limit(limit, offset);
    let rows = sql.query().fetch_all(db.pool()).await?;
    rows_to(&rows, event)
}

/// Events a person takes part in (a live sign-up or order) or created, by start.
pub async fn events_of_person(db: &Db, person_id: i64, user_id: i64) -> AppResult<Vec<Event>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{EVENT_SELECT} WHERE e.id IN (\
         SELECT event_id FROM event_signups WHERE person_id = $1 AND status <> 'cancelled' \
         UNION SELECT event_id FROM item_orders WHERE person_id = $1 AND status <> 'cancelled' \
         UNION SELECT id FROM events WHERE created_by = $2) \
         ORDER BY e.starts_at, e.id"
    )))
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
    let live: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM event_signups WHERE event_id = $1 AND status <> 'cancelled'",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    if d.capacity.is_none() && live > 0 {
        return Ok(Err(ChangeRefusal::SignupsNeedPlaces));
    }
    sqlx::query(
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
    let changed = sqlx::query(
        "UPDATE events SET status = 'cancelled', updated_at = $1, version = version + 1 WHERE id = $2 AND status = 'planned'",
    )
    .bind(now())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let people = if changed.rows_affected() == 0 {
        Vec::new()
    } else {
        sqlx::query_scalar(
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
    let row = sqlx::query(
        "UPDATE events SET version = version WHERE id = $1 RETURNING version, confirmed_count",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}

// ---- programme ----

#[derive(Clone, Debug)]
pub struct ProgrammeItem {
    pub id: i64,
    pub event_id: i64,
    pub draft: ProgrammeDraft,
}

fn programme_item(row: &AnyRow) -> Result<ProgrammeItem, sqlx::Error> {
    Ok(ProgrammeItem {
        id: row.try_get("id")?,
        event_id: row.try_get("event_id")?,
        draft: ProgrammeDraft {
            title: row.try_get("title")?,
            place: row.try_get("place")?,
            starts_at: row.try_get("starts_at")?,
            ends_at: row.try_get("ends_at")?,
        },
    })
}

pub async fn programme(db: &Db, event_id: i64) -> AppResult<Vec<ProgrammeItem>> {
    all(
        db,
        "SELECT * FROM programme_items WHERE event_id = $1 ORDER BY starts_at, id".into(),
        event_id,
        programme_item,
    )
    .await
}

pub async fn get_programme_item(db: &Db, id: i64) -> AppResult<ProgrammeItem> {
    one(
        db,
        "SELECT * FROM programme_items WHERE id = $1".into(),
        id,
        programme_item,
    )
    .await
}

pub async fn add_programme_item(db: &Db, event_id: i64, d: &ProgrammeDraft) -> AppResult<i64> {
    let id = sqlx::query_scalar(
        "INSERT INTO programme_items (event_id, starts_at, ends_at, title, place) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(event_id)
    .bind(d.starts_at)
    .bind(d.ends_at)
    .bind(&d.title)
    .bind(&d.place)
    .fetch_one(db.pool())
    .await?;
    Ok(id)
}

pub async fn remove_programme_item(db: &Db, id: i64) -> AppResult<()> {
    sqlx::query("DELETE FROM programme_items WHERE id = $1")
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

// ---- sign-ups ----

#[derive(Clone, Debug)]
pub struct Signup {
    pub id: i64,
    pub event_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub status: SignupStatus,
    /// The position in which the server accepted it, among all sign-ups of the event.
    pub accepted_order: i64,
    /// For a waiting sign-up: its place in the queue (1 = next to move up).
    pub waiting_position: Option<i64>,
    pub signed_up_at: i64,
    pub checked_in_at: Option<i64>,
}

const SIGNUP_SELECT: &str = "SELECT s.*, a.name AS person_name, \
     CASE WHEN s.status = 'waiting' THEN (SELECT COUNT(*) FROM event_signups q \
       WHERE q.event_id = s.event_id AND q.status = 'waiting' AND q.accepted_order <= s.accepted_order) END AS waiting_position \
     FROM event_signups s JOIN actors a ON a.id = s.person_id";

fn signup(row: &AnyRow) -> Result<Signup, sqlx::Error> {
    Ok(Signup {
        id: row.try_get("id")?,
        event_id: row.try_get("event_id")?,
        person_id: row.try_get("person_id")?,
        person_name: row.try_get("person_name")?,
        status: decode(row, "status", SignupStatus::parse)?,
        accepted_order: row.try_get("accepted_order")?,
        waiting_position: row.try_get("waiting_position")?,
        signed_up_at: row.try_get("signed_up_at")?,
        checked_in_at: row.try_get("checked_in_at")?,
    })
}

pub async fn get_signup(db: &Db, id: i64) -> AppResult<Signup> {
    one(db, format!("{SIGNUP_SELECT} WHERE s.id = $1"), id, signup).await
}

/// A person's live sign-up for an event, if any.
pub async fn signup_of(db: &Db, event_id: i64, person_id: i64) -> AppResult<Option<Signup>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{SIGNUP_SELECT} WHERE s.event_id = $1 AND s.person_id = $2 AND s.status <> 'cancelled'"
    )))
    .bind(event_id)
    .bind(person_id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.as_ref().map(signup).transpose()?)
}

/// The live sign-ups: those with a place, then the waiting list, each in acceptance order.
pub async fn signups(db: &Db, event_id: i64) -> AppResult<Vec<Signup>> {
    all(
        db,
        format!(
            "{SIGNUP_SELECT} WHERE s.event_id = $1 AND s.status <> 'cancelled' \
             ORDER BY CASE s.status WHEN 'confirmed' THEN 0 ELSE 1 END, s.accepted_order"
        ),
        event_id,
        signup,
    )
    .await
}

/// Signs a person up: a place while there are places, else the waiting list.
pub async fn sign_up(
    db: &Db,
    event_id: i64,
    person_id: i64,
) -> AppResult<Result<i64, SignupRefusal>> {
    let mut tx = db.begin().await?;
    let row = sqlx::query(
        "UPDATE events SET signups_accepted = signups_accepted + 1 WHERE id = $1 \
         RETURNING signups_accepted, capacity, confirmed_count, status, starts_at",
    )
    .bind(event_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let accepted_order: i64 = row.try_get("signups_accepted")?;
    let capacity: Option<i64> = row.try_get("capacity")?;
    let confirmed: i64 = row.try_get("confirmed_count")?;
    let status = decode(&row, "status", EventStatus::parse)?;
    if let Some(refusal) = signup_refusal(status, capacity, now(), row.try_get("starts_at")?) {
        return Ok(Err(refusal));
    }
    let live: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM event_signups WHERE event_id = $1 AND person_id = $2 AND status <> 'cancelled'",
    )
    .bind(event_id)
    .bind(person_id)
    .fetch_optional(&mut *tx)
    .await?;
    if live.is_some() {
        return Ok(Err(SignupRefusal::AlreadySignedUp));
    }
    let status = signup_status(capacity, confirmed);
    let id = sqlx::query_scalar(
        "INSERT INTO event_signups (event_id, person_id, status, accepted_order, signed_up_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(event_id)
    .bind(person_id)
    .bind(status.code())
    .bind(accepted_order)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    if status == SignupStatus::Confirmed {
        sqlx::query("UPDATE events SET confirmed_count = confirmed_count + 1 WHERE id = $1")
            .bind(event_id)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    Ok(Ok(id))
}

/// Someone who moved up from the waiting list.
#[derive(Clone, Debug)]
pub struct Promotion {
    pub signup_id: i64,
    pub person_id: i64,
}

/// Cancels a sign-up and gives a freed place to the first on the waiting list. Returns who
/// moved up; nothing when the sign-up was already cancelled.
pub async fn cancel_signup(db: &Db, signup_id: i64) -> AppResult<Vec<Promotion>> {
    let event_id: i64 = sqlx::query_scalar("SELECT event_id FROM event_signups WHERE id = $1")
        .bind(signup_id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = db.begin().await?;
    lock_event(&mut tx, event_id).await?;
    let was: String = sqlx::query_scalar("SELECT status FROM event_signups WHERE id = $1")
        .bind(signup_id)
        .fetch_one(&mut *tx)
        .await?;
    if was == SignupStatus::Cancelled.code() {
        return Ok(Vec::new());
    }
    sqlx::query("UPDATE event_signups SET status = 'cancelled', cancelled_at = $1 WHERE id = $2")
        .bind(now())
        .bind(signup_id)
        .execute(&mut *tx)
        .await?;
    if was == SignupStatus::Confirmed.code() {
        sqlx::query("UPDATE events SET confirmed_count = confirmed_count - 1 WHERE id = $1")
            .bind(event_id)
            .execute(&mut *tx)
            .await?;
    }
    let promoted = promote(&mut tx, event_id).await?;
    tx.commit().await?;
    Ok(promoted)
}

/// Moves the first on the waiting list into the free places of a planned event that has not
/// begun. The event's row must be locked by the caller.
async fn promote(tx: &mut Tx, event_id: i64) -> AppResult<Vec<Promotion>> {
    let row = sqlx::query(
        "SELECT capacity, confirmed_count, status, starts_at FROM events WHERE id = $1",
    )
    .bind(event_id)
    .fetch_one(&mut **tx)
    .await?;
    // Once it has begun, a freed place is not handed out by notice: the organiser decides at the door.
    if decode(&row, "status", EventStatus::parse)? != EventStatus::Planned
        || row.try_get::<i64, _>("starts_at")? <= now()
    {
        return Ok(Vec::new());
    }
    let free = places_free(row.try_get("capacity")?, row.try_get("confirmed_count")?);
    if free == 0 {
        return Ok(Vec::new());
    }
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "UPDATE event_signups SET status = 'confirmed', promoted_at = $1 WHERE id IN \
         (SELECT id FROM event_signups WHERE event_id = $2 AND status = 'waiting' \
          ORDER BY accepted_order LIMIT {}) RETURNING id, person_id",
        free.min(CAPACITY_MAX)
    )))
    .bind(now())
    .bind(event_id)
    .fetch_all(&mut **tx)
    .await?;
    if !rows.is_empty() {
        sqlx::query("UPDATE events SET confirmed_count = confirmed_count + $1 WHERE id = $2")
            .bind(rows.len() as i64)
            .bind(event_id)
            .execute(&mut **tx)
            .await?;
    }
    rows.iter()
        .map(|r| {
            Ok(Promotion {
                signup_id: r.try_get("id")?,
                person_id: r.try_get("person_id")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

/// Marks a participant with a place as arrived, or not.
pub async fn set_checked_in(db: &Db, signup_id: i64, arrived: bool) -> AppResult<bool> {
    let done = sqlx::query(
        "UPDATE event_signups SET checked_in_at = CASE WHEN $1 = 1 THEN $2 END WHERE id = $3 AND status = 'confirmed'",
    )
    .bind(i64::from(arrived))
    .bind(now())
    .bind(signup_id)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

// ---- limited items and orders ----

#[derive(Clone, Debug)]
pub struct Item {
    pub id: i64,
    pub event_id: i64,
    pub draft: ItemDraft,
    pub remaining: i64,
}

fn item(row: &AnyRow) -> Result<Item, sqlx::Error> {
    Ok(Item {
        id: row.try_get("id")?,
        event_id: row.try_get("event_id")?,
        draft: ItemDraft {
            name: row.try_get("name")?,
            description: row.try_get("description")?,
            price_ore: row.try_get("price_ore")?,
            stock: row.try_get("stock")?,
            household_limit: row.try_get("household_limit")?,
        },
        remaining: row.try_get("remaining")?,
    })
}

pub async fn items(db: &Db, event_id: i64) -> AppResult<Vec<Item>> {
    all(
        db,
        "SELECT * FROM event_items WHERE event_id = $1 ORDER BY id".into(),
        event_id,
        item,
    )
    .await
}

pub async fn get_item(db: &Db, id: i64) -> AppResult<Item> {
    one(
        db,
        "SELECT * FROM event_items WHERE id = $1".into(),
        id,
        item,
    )
    .await
}

pub async fn add_item(db: &Db, event_id: i64, d: &ItemDraft) -> AppResult<i64> {
    let id = sqlx::query_scalar(
        "INSERT INTO event_items (event_id, name, description, price_ore, stock, remaining, household_limit) \
         VALUES ($1, $2, $3, $4, $5, $5, $6) RETURNING id",
    )
    .bind(event_id)
    .bind(&d.name)
    .bind(&d.description)
    .bind(d.price_ore)
    .bind(d.stock)
    .bind(d.household_limit)
    .fetch_one(db.pool())
    .await?;
    Ok(id)
}

#[derive(Clone, Debug)]
pub struct Order {
    pub id: i64,
    pub item_id: i64,
    pub item_name: String,
    pub event_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub quantity: i64,
    pub address: String,
    pub household: String,
    pub status: OrderStatus,
    pub accepted_order: i64,
    pub price_ore: i64,
    pub paid_ore: Option<i64>,
}

const ORDER_SELECT: &str = "SELECT o.*, it.name AS item_name, it.price_ore, a.name AS person_name \
     FROM item_orders o JOIN event_items it ON it.id = o.item_id JOIN actors a ON a.id = o.person_id";

fn order(row: &AnyRow) -> Result<Order, sqlx::Error> {
    Ok(Order {
        id: row.try_get("id")?,
        item_id: row.try_get("item_id")?,
        item_name: row.try_get("item_name")?,
        event_id: row.try_get("event_id")?,
        person_id: row.try_get("person_id")?,
        person_name: row.try_get("person_name")?,
        quantity: row.try_get("quantity")?,
        address: row.try_get("address")?,
        household: row.try_get("household")?,
        status: decode(row, "status", OrderStatus::parse)?,
        accepted_order: row.try_get("accepted_order")?,
        price_ore: row.try_get("price_ore")?,
        paid_ore: row.try_get("paid_ore")?,
    })
}

pub async fn get_order(db: &Db, id: i64) -> AppResult<Order> {
    one(db, format!("{ORDER_SELECT} WHERE o.id = $1"), id, order).await
}

/// The live orders of an event, by item and acceptance order.
pub async fn orders(db: &Db, event_id: i64) -> AppResult<Vec<Order>> {
    all(
        db,
        format!(
            "{ORDER_SELECT} WHERE o.event_id = $1 AND o.status <> 'cancelled' ORDER BY o.item_id, o.accepted_order"
        ),
        event_id,
        order,
    )
    .await
}

/// A person's live orders at an event.
pub async fn orders_of(db: &Db, event_id: i64, person_id: i64) -> AppResult<Vec<Order>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{ORDER_SELECT} WHERE o.event_id = $1 AND o.person_id = $2 AND o.status <> 'cancelled' ORDER BY o.id"
    )))
    .bind(event_id)
    .bind(person_id)
    .fetch_all(db.pool())
    .await?;
    rows_to(&rows, order)
}

/// Whether the municipality's address register knows the address. Where it holds no address
/// with that postcode, any well-formed address is taken.
pub async fn address_known(db: &Db, address: &Address) -> AppResult<bool> {
    let row = sqlx::query(
        "SELECT (SELECT COUNT(*) FROM access_addresses WHERE household = $1) AS exact, \
         (SELECT COUNT(*) FROM access_addresses WHERE postcode = $2) AS covered",
    )
    .bind(address.household())
    .bind(&address.postcode)
    .fetch_one(db.pool())
    .await?;
    let (exact, covered): (i64, i64) = (row.try_get("exact")?, row.try_get("covered")?);
    Ok(exact > 0 || covered == 0)
}

/// Adds access addresses to the register (demo data and imports), 100 to a statement; known
/// ones are kept.
pub async fn add_access_addresses(db: &Db, addresses: &[Address]) -> AppResult<()> {
    let mut tx = db.begin().await?;
    for chunk in addresses.chunks(100) {
        let mut sql = SqlBuilder::new(
            "INSERT INTO access_addresses (household, street, house_number, postcode, city) VALUES ",
        );
        for (i, a) in chunk.iter().enumerate() {
            let values: Vec<String> = [
                a.household(),
                a.street.clone(),
                a.house_number.clone(),
                a.postcode.clone(),
                a.city.clone(),
            ]
            .into_iter()
            .map(|v| sql.bind(Param::Text(v)))
            .collect();
            sql.push(if i == 0 { "(" } else { ", (" })
                .push(&values.join(", "))
                .push(")");
        }
        sql.push(" ON CONFLICT (household) DO NOTHING");
        sql.query().execute(&mut *tx).await?;
    }
    tx.commit().await?;
    Ok(())
}

pub struct NewOrder<'a> {
    pub item_id: i64,
    pub person_id: i64,
    pub address: &'a Address,
    pub quantity: i64,
}

/// Takes an order, first come first served: the item's row is locked, so stock and the
/// household's share are counted with no other order of the item in between.
pub async fn place_order(db: &Db, o: &NewOrder<'_>) -> AppResult<Result<i64, OrderRefusal>> {
    let mut tx = db.begin().await?;
    let row = sqlx::query(
        "UPDATE event_items SET orders_accepted = orders_accepted + 1 WHERE id = $1 \
         RETURNING event_id, remaining, household_limit, orders_accepted",
    )
    .bind(o.item_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let event_id: i64 = row.try_get("event_id")?;
    let accepted_order: i64 = row.try_get("orders_accepted")?;
    // The event's row too, so a cancellation waits for orders in flight and sees them.
    let open: Option<i64> = sqlx::query_scalar(
        "UPDATE events SET version = version WHERE id = $1 AND status = 'planned' AND ends_at > $2 RETURNING id",
    )
    .bind(event_id)
    .bind(now())
    .fetch_optional(&mut *tx)
    .await?;
    if open.is_none() {
        return Ok(Err(OrderRefusal::EventClosed));
    }
    let household = o.address.household();
    let household_has: i64 = sqlx::query_scalar(
        "SELECT COALESCE(CAST(SUM(quantity) AS BIGINT), 0) FROM item_orders WHERE item_id = $1 AND household = $2 AND status <> 'cancelled'",
    )
    .bind(o.item_id)
    .bind(&household)
    .fetch_one(&mut *tx)
    .await?;
    if let Some(refusal) = order_refusal(
        row.try_get("remaining")?,
        row.try_get("household_limit")?,
        household_has,
        o.quantity,
    ) {
        return Ok(Err(refusal));
    }
    let id = sqlx::query_scalar(
        "INSERT INTO item_orders (item_id, event_id, person_id, quantity, address, household, status, accepted_order, ordered_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(o.item_id)
    .bind(event_id)
    .bind(o.person_id)
    .bind(o.quantity)
    .bind(o.address.display())
    .bind(&household)
    .bind(OrderStatus::Reserved.code())
    .bind(accepted_order)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    sqlx::query("UPDATE event_items SET remaining = remaining - $1 WHERE id = $2")
        .bind(o.quantity)
        .bind(o.item_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// Cancels a reserved order and puts its items back in stock; false when it was not reserved.
pub async fn cancel_order(db: &Db, order_id: i64) -> AppResult<bool> {
    let mut tx = db.begin().await?;
    let row = sqlx::query(
        "UPDATE item_orders SET status = 'cancelled', cancelled_at = $1 WHERE id = $2 AND status = 'reserved' \
         RETURNING item_id, quantity",
    )
    .bind(now())
    .bind(order_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        return Ok(false);
    };
    sqlx::query("UPDATE event_items SET remaining = remaining + $1 WHERE id = $2")
        .bind(row.try_get::<i64, _>("quantity")?)
        .bind(row.try_get::<i64, _>("item_id")?)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// Records that a reserved order was handed out and what was paid on site, or undoes that.
pub async fn set_handed_out(db: &Db, order_id: i64, paid_ore: Option<i64>) -> AppResult<bool> {
    let done = match paid_ore {
        Some(paid) => sqlx::query(
            "UPDATE item_orders SET status = 'handed_out', handed_out_at = $1, paid_ore = $2 WHERE id = $3 AND status = 'reserved'",
        )
        .bind(now())
        .bind(paid)
        .bind(order_id),
        None => sqlx::query(
            "UPDATE item_orders SET status = 'reserved', handed_out_at = NULL, paid_ore = NULL WHERE id = $1 AND status = 'handed_out'",
        )
        .bind(order_id),
    }
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

// ---- personal calendar ----

/// The secret of a user's calendar feed, made on first use; `renew` replaces it.
pub async fn calendar_token(db: &Db, user_id: i64, renew: bool) -> AppResult<String> {
    let token = crate::platform::auth::random_token();
    let conflict = if renew {
        "DO UPDATE SET token = excluded.token, created_at = excluded.created_at"
    } else {
        "DO NOTHING"
    };
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "INSERT INTO calendar_feeds (user_id, token, created_at) VALUES ($1, $2, $3) ON CONFLICT (user_id) {conflict}"
    )))
    .bind(user_id)
    .bind(&token)
    .bind(now())
    .execute(db.pool())
    .await?;
    Ok(
        sqlx::query_scalar("SELECT token FROM calendar_feeds WHERE user_id = $1")
            .bind(user_id)
            .fetch_one(db.pool())
            .await?,
    )
}

/// The user and person whose calendar feed has this secret.
pub async fn calendar_owner(db: &Db, token: &str) -> AppResult<(i64, i64)> {
    let row = sqlx::query(
        "SELECT u.id, u.person_id FROM calendar_feeds f JOIN users u ON u.id = f.user_id WHERE f.token = $1",
    )
    .bind(token)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}
