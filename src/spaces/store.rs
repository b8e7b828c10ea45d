//! Storage of spaces, their blocked periods and bookings.
//!
//! No double booking: every transaction that confirms a booking or moves one locks the space's
//! row first, then looks for confirmed bookings and blocked periods in the way, so two requests
//! for overlapping slots are decided one after the other, on either engine and from any node.

use super::model::*;
use crate::actors::model::ActorKind;
use crate::platform::db::{Db, Param, SqlBuilder, Tx, all, decode, one, rows_to};
use crate::platform::error::{AppError, AppResult};
use crate::platform::geo::{from_e6_pair, to_e6};
use crate::platform::search::sort_key;
use crate::platform::time::now;
use crate::refusals;
use jiff::civil::Date;
use sqlx::Row;
use sqlx::any::AnyRow;

#[derive(Clone, Debug)]
pub struct Space {
    pub id: i64,
    pub owner_id: i64,
    pub owner_name: String,
    pub draft: SpaceDraft,
    pub status: SpaceStatus,
    pub version: i64,
}

const SPACE_SELECT: &str =
    "SELECT s.*, a.name AS owner_name FROM spaces s JOIN actors a ON a.id = s.owner_id";

fn listed<T: Copy>(
    row: &AnyRow,
    column: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<Vec<T>, sqlx::Error> {
    let text: String = row.try_get(column)?;
    Ok(text.split_whitespace().filter_map(parse).collect())
}

fn date(row: &AnyRow, column: &str) -> Result<Option<Date>, sqlx::Error> {
    let text: Option<String> = row.try_get(column)?;
    Ok(text.and_then(|t| t.parse().ok()))
}

fn space(row: &AnyRow) -> Result<Space, sqlx::Error> {
    let hours: String = row.try_get("opening_hours")?;
    Ok(Space {
        id: row.try_get("id")?,
        owner_id: row.try_get("owner_id")?,
        owner_name: row.try_get("owner_name")?,
        draft: SpaceDraft {
            kind: decode(row, "kind", SpaceKind::parse)?,
            name: row.try_get("name")?,
            description: row.try_get("description")?,
            address: row.try_get("address")?,
            neighbourhood: row.try_get("neighbourhood")?,
            coordinates: from_e6_pair(row.try_get("latitude_e6")?, row.try_get("longitude_e6")?),
            capacity: row.try_get("capacity")?,
            area_m2: row.try_get("area_m2")?,
            features: listed(row, "features", Feature::parse)?,
            house_rules: row.try_get("house_rules")?,
            bookable_by: listed(row, "bookable_by", ActorKind::parse)?,
            needs_approval: row.try_get::<i64, _>("needs_approval")? == 1,
            price_ore_per_hour: row.try_get("price_ore_per_hour")?,
            opening_hours: OpeningHours::from_text(&hours),
            available_from: date(row, "available_from")?,
            available_until: date(row, "available_until")?,
        },
        status: decode(row, "status", SpaceStatus::parse)?,
        version: row.try_get("version")?,
    })
}

/// The columns a space's draft is stored in, bound in this order after `$1`.
const SPACE_COLUMNS: [&str; 19] = [
    "kind",
    "name",
    "description",
    "address",
    "neighbourhood",
    "neighbourhood_key",
    "latitude_e6",
    "longitude_e6",
    "capacity",
    "area_m2",
    "features",
    "house_rules",
    "bookable_by",
    "needs_approval",
    "price_ore_per_hour",
    "opening_hours",
    "open_weekdays",
    "available_from",
    "available_until",
];

fn bind_draft<'q>(
    mut q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>,
    d: &SpaceDraft,
) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments> {
    q = q
        .bind(d.kind.code())
        .bind(d.name.clone())
        .bind(d.description.clone())
        .bind(d.address.clone())
        .bind(d.neighbourhood.clone())
        .bind(sort_key(&d.neighbourhood))
        .bind(d.coordinates.map(|c| to_e6(c.0)))
        .bind(d.coordinates.map(|c| to_e6(c.1)))
        .bind(d.capacity)
        .bind(d.area_m2)
        .bind(d.feature_codes())
        .bind(d.house_rules.clone())
        .bind(d.bookable_by_codes())
        .bind(i64::from(d.needs_approval))
        .bind(d.price_ore_per_hour)
        .bind(d.opening_hours.map(|h| h.to_text()).unwrap_or_default())
        .bind(d.opening_hours.map_or(ALL_WEEKDAYS, |h| h.weekday_mask()))
        .bind(d.available_from.map(|d| d.to_string()))
        .bind(d.available_until.map(|d| d.to_string()));
    q
}

pub async fn create_space(db: &Db, d: &SpaceDraft, owner_id: i64, user_id: i64) -> AppResult<i64> {
    let placeholders: Vec<String> = (4..4 + SPACE_COLUMNS.len())
        .map(|i| format!("${i}"))
        .collect();
    let sql = format!(
        "INSERT INTO spaces (owner_id, created_by, created_at, updated_at, status, {}) VALUES ($1, $2, $3, $3, 'active', {}) RETURNING id",
        SPACE_COLUMNS.join(", "),
        placeholders.join(", ")
    );
    let q = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(owner_id)
        .bind(user_id)
        .bind(now());
    let row = bind_draft(q, d).fetch_one(db.pool()).await?;
    Ok(row.try_get(0)?)
}

/// Saves the owner's changes; false when someone saved a newer version first.
pub async fn update_space(
    db: &Db,
    id: i64,
    d: &SpaceDraft,
    version: i64,
    status: SpaceStatus,
) -> AppResult<bool> {
    let sets: Vec<String> = SPACE_COLUMNS
        .iter()
        .enumerate()
        .map(|(i, c)| format!("{c} = ${}", i + 5))
        .collect();
    let sql = format!(
        "UPDATE spaces SET updated_at = $1, status = $2, version = version + 1, {} WHERE id = $3 AND version = $4",
        sets.join(", ")
    );
    let q = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(now())
        .bind(status.code())
        .bind(id)
        .bind(version);
    Ok(bind_draft(q, d).execute(db.pool()).await?.rows_affected() == 1)
}

pub async fn get_space(db: &Db, id: i64) -> AppResult<Space> {
    one(db, format!("{SPACE_SELECT} WHERE s.id = $1"), id, space).await
}

/// What people search spaces by.
#[derive(Default, Debug)]
pub struct SpaceFilter {
    pub neighbourhood: String,
    pub min_capacity: Option<i64>,
    pub features: Vec<Feature>,
    /// Open, and existing, on this day.
    pub on: Option<Date>,
}

/// Bookable spaces matching the filter, by name.
pub async fn search(db: &Db, f: &SpaceFilter, limit: i64, offset: i64) -> AppResult<Vec<Space>> {
    let mut sql = SqlBuilder::new(&format!("{SPACE_SELECT} WHERE s.status = 'active'"));
    if !f.neighbourhood.trim().is_empty() {
        let p = sql.bind(Param::Text(sort_key(&f.neighbourhood)));
        sql.push(&format!(" AND s.neighbourhood_key = {p}"));
    }
    if let Some(n) = f.min_capacity {
        let p = sql.bind(Param::Int(n));
        sql.push(&format!(" AND s.capacity >= {p}"));
    }
    for feature in &f.features {
        let p = sql.bind(Param::Text(format!("% {} %", feature.code())));
        sql.push(&format!(" AND s.features LIKE {p}"));
    }
    if let Some(day) = f.on {
        let d = sql.bind(Param::Text(day.to_string()));
        let bit = sql.bind(Param::Int(1 << day.weekday().to_monday_zero_offset()));
        sql.push(&format!(
            " AND (s.available_from IS NULL OR s.available_from <= {d}) AND (s.available_until IS NULL OR s.available_until >= {d}) \
             AND (s.open_weekdays / {bit}) % 2 = 1"
        ));
    }
    sql.push(" ORDER BY s.name, s.id");
    sql.limit(limit, offset);
    let rows = sql.query().fetch_all(db.pool()).await?;
    rows_to(&rows, space)
}

// ---- blocked periods ----

#[derive(Clone, Debug)]
pub struct Block {
    pub id: i64,
    pub space_id: i64,
    pub starts_at: i64,
    pub ends_at: i64,
    pub reason: String,
}

fn block(row: &AnyRow) -> Result<Block, sqlx::Error> {
    Ok(Block {
        id: row.try_get("id")?,
        space_id: row.try_get("space_id")?,
        starts_at: row.try_get("starts_at")?,
        ends_at: row.try_get("ends_at")?,
        reason: row.try_get("reason")?,
    })
}

/// Blocked periods that have not ended.
pub async fn blocks(db: &Db, space_id: i64) -> AppResult<Vec<Block>> {
    let rows = sqlx::query(
        "SELECT * FROM space_blocks WHERE space_id = $1 AND ends_at > $2 ORDER BY starts_at, id",
    )
    .bind(space_id)
    .bind(now())
    .fetch_all(db.pool())
    .await?;
    rows_to(&rows, block)
}

pub async fn get_block(db: &Db, id: i64) -> AppResult<Block> {
    one(
        db,
        "SELECT * FROM space_blocks WHERE id = $1".into(),
        id,
        block,
    )
    .await
}

/// Closes a period, unless a confirmed booking is in it (which must be cancelled first).
pub async fn add_block(
    db: &Db,
    space_id: i64,
    starts_at: i64,
    ends_at: i64,
    reason: &str,
) -> AppResult<Result<i64, Taken>> {
    let mut tx = db.begin().await?;
    lock_space(&mut tx, space_id).await?;
    if booked_between(&mut tx, space_id, (starts_at, ends_at), 0).await? {
        return Ok(Err(Taken::Booked));
    }
    let id = sqlx::query_scalar(
        "INSERT INTO space_blocks (space_id, starts_at, ends_at, reason) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(space_id)
    .bind(starts_at)
    .bind(ends_at)
    .bind(reason)
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ok(id))
}

pub async fn remove_block(db: &Db, id: i64) -> AppResult<()> {
    sqlx::query("DELETE FROM space_blocks WHERE id = $1")
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

// ---- bookings ----

#[derive(Clone, Debug)]
pub struct Booking {
    pub id: i64,
    pub space_id: i64,
    pub space_name: String,
    pub booker_id: i64,
    pub booker_name: String,
    pub initiative_id: Option<i64>,
    pub initiative_title: Option<String>,
    pub purpose: String,
    pub attendees: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub status: BookingStatus,
    pub reason: String,
}

const BOOKING_SELECT: &str = "SELECT b.*, s.name AS space_name, a.name AS booker_name, i.title AS initiative_title \
     FROM bookings b JOIN spaces s ON s.id = b.space_id JOIN actors a ON a.id = b.booker_id \
     LEFT JOIN initiatives i ON i.id = b.initiative_id";

fn booking(row: &AnyRow) -> Result<Booking, sqlx::Error> {
    Ok(Booking {
        id: row.try_get("id")?,
        space_id: row.try_get("space_id")?,
        space_name: row.try_get("space_name")?,
        booker_id: row.try_get("booker_id")?,
        booker_name: row.try_get("booker_name")?,
        initiative_id: row.try_get("initiative_id")?,
        initiative_title: row.try_get("initiative_title")?,
        purpose: row.try_get("purpose")?,
        attendees: row.try_get("attendees")?,
        starts_at: row.try_get("starts_at")?,
        ends_at: row.try_get("ends_at")?,
        status: decode(row, "status", BookingStatus::parse)?,
        reason: row.try_get("reason")?,
    })
}

pub async fn get_booking(db: &Db, id: i64) -> AppResult<Booking> {
    one(db, format!("{BOOKING_SELECT} WHERE b.id = $1"), id, booking).await
}

/// A space's bookings that have not ended, requested or confirmed, by start.
pub async fn coming_bookings(db: &Db, space_id: i64) -> AppResult<Vec<Booking>> {
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{BOOKING_SELECT} WHERE b.space_id = $1 AND b.status IN ('requested', 'confirmed') AND b.ends_at > $2 ORDER BY b.starts_at, b.id"
    )))
    .bind(space_id)
    .bind(now())
    .fetch_all(db.pool())
    .await?;
    rows_to(&rows, booking)
}

/// The bookings an actor made, newest first.
pub async fn bookings_of(db: &Db, booker_id: i64) -> AppResult<Vec<Booking>> {
    all(
        db,
        format!(
            "{BOOKING_SELECT} WHERE b.booker_id = $1 ORDER BY b.starts_at DESC, b.id DESC LIMIT 100"
        ),
        booker_id,
        booking,
    )
    .await
}

refusals! {
    /// Why a slot could not be had, or a booking changed.
    pub enum Taken {
        /// A confirmed booking is in the way.
        Booked = "slot_taken" => |s| s.err_slot_taken,
        /// The owner has blocked the period.
        Blocked = "slot_blocked" => |s| s.err_slot_blocked,
        /// The space no longer takes bookings.
        Withdrawn = "space_withdrawn" => |s| s.err_space_withdrawn,
        /// The booking is no longer in a state this can happen to.
        Changed = "booking_changed" => |s| s.err_booking_changed,
        /// A block may not cover confirmed bookings.
        BlockOverBookings = "block_over_bookings" => |s| s.err_block_over_bookings,
    }
}

/// Locks the space's row for the rest of the transaction; returns whether it needs approval.
async fn lock_space(tx: &mut Tx, space_id: i64) -> AppResult<(bool, SpaceStatus)> {
    let row = sqlx::query(
        "UPDATE spaces SET version = version WHERE id = $1 RETURNING needs_approval, status",
    )
    .bind(space_id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok((
        row.try_get::<i64, _>(0)? == 1,
        decode(&row, "status", SpaceStatus::parse)?,
    ))
}

/// What stands in the way of a slot, apart from the booking `except`.
async fn in_the_way(
    tx: &mut Tx,
    space_id: i64,
    starts_at: i64,
    ends_at: i64,
    except: i64,
) -> AppResult<Option<Taken>> {
    let blocked: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM space_blocks WHERE space_id = $1 AND starts_at < $3 AND ends_at > $2 LIMIT 1",
    )
    .bind(space_id)
    .bind(starts_at)
    .bind(ends_at)
    .fetch_optional(&mut **tx)
    .await?;
    if blocked.is_some() {
        return Ok(Some(Taken::Blocked));
    }
    Ok(booked_between(tx, space_id, (starts_at, ends_at), except)
        .await?
        .then_some(Taken::Booked))
}

/// Whether a confirmed booking other than `except` shares a moment with the period.
async fn booked_between(
    tx: &mut Tx,
    space_id: i64,
    (starts_at, ends_at): (i64, i64),
    except: i64,
) -> AppResult<bool> {
    let booked: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM bookings WHERE space_id = $1 AND status = 'confirmed' AND starts_at < $3 AND ends_at > $2 AND id <> $4 LIMIT 1",
    )
    .bind(space_id)
    .bind(starts_at)
    .bind(ends_at)
    .bind(except)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(booked.is_some())
}

pub struct NewBooking<'a> {
    pub space_id: i64,
    pub booker_id: i64,
    pub initiative_id: Option<i64>,
    pub purpose: &'a str,
    pub attendees: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub user_id: i64,
}

/// Books a slot: confirmed at once, or requested when the space needs its owner's approval.
/// A slot a confirmed booking or a blocked period is in the way of is refused.
pub async fn request_booking(db: &Db, b: &NewBooking<'_>) -> AppResult<Result<i64, Taken>> {
    let mut tx = db.begin().await?;
    let (needs_approval, status) = lock_space(&mut tx, b.space_id).await?;
    if status != SpaceStatus::Active {
        return Ok(Err(Taken::Withdrawn));
    }
    if let Some(taken) = in_the_way(&mut tx, b.space_id, b.starts_at, b.ends_at, 0).await? {
        return Ok(Err(taken));
    }
    let status = if needs_approval {
        BookingStatus::Requested
    } else {
        BookingStatus::Confirmed
    };
    let t = now();
    let id = sqlx::query_scalar(
        "INSERT INTO bookings (space_id, booker_id, initiative_id, purpose, attendees, starts_at, ends_at, status, created_by, created_at, updated_at, decided_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) RETURNING id",
    )
    .bind(b.space_id)
    .bind(b.booker_id)
    .bind(b.initiative_id)
    .bind(b.purpose)
    .bind(b.attendees)
    .bind(b.starts_at)
    .bind(b.ends_at)
    .bind(status.code())
    .bind(b.user_id)
    .bind(t)
    .bind((!needs_approval).then_some(t))
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// A booking as it stands while its space is locked: every change to a space's bookings takes
/// that lock first, so what is read here cannot change until the transaction ends.
struct Locked {
    space_id: i64,
    needs_approval: bool,
    space_active: bool,
    status: Option<BookingStatus>,
    starts_at: i64,
    ends_at: i64,
}

async fn lock_booking(tx: &mut Tx, booking_id: i64) -> AppResult<Locked> {
    let space_id: i64 = sqlx::query_scalar("SELECT space_id FROM bookings WHERE id = $1")
        .bind(booking_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(AppError::NotFound)?;
    let (needs_approval, space_status) = lock_space(tx, space_id).await?;
    let row = sqlx::query("SELECT status, starts_at, ends_at FROM bookings WHERE id = $1")
        .bind(booking_id)
        .fetch_one(&mut **tx)
        .await?;
    let status: String = row.try_get("status")?;
    Ok(Locked {
        space_id,
        needs_approval,
        space_active: space_status == SpaceStatus::Active,
        status: BookingStatus::parse(&status),
        starts_at: row.try_get("starts_at")?,
        ends_at: row.try_get("ends_at")?,
    })
}

/// The owner confirms or declines a requested booking. Confirming checks again, under the lock,
/// that nothing confirmed meanwhile is in the way of the booking's time as it is now.
pub async fn decide(
    db: &Db,
    booking_id: i64,
    accept: bool,
    reason: &str,
    user_id: i64,
) -> AppResult<Result<(), Taken>> {
    let mut tx = db.begin().await?;
    let b = lock_booking(&mut tx, booking_id).await?;
    if b.status != Some(BookingStatus::Requested) {
        return Ok(Err(Taken::Changed));
    }
    if accept && !b.space_active {
        return Ok(Err(Taken::Withdrawn));
    }
    if accept
        && let Some(taken) =
            in_the_way(&mut tx, b.space_id, b.starts_at, b.ends_at, booking_id).await?
    {
        return Ok(Err(taken));
    }
    let to = if accept {
        BookingStatus::Confirmed
    } else {
        BookingStatus::Declined
    };
    sqlx::query("UPDATE bookings SET status = $1, reason = $2, decided_by = $3, decided_at = $4, updated_at = $4 WHERE id = $5")
        .bind(to.code())
        .bind(reason)
        .bind(user_id)
        .bind(now())
        .bind(booking_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Moves a requested or confirmed booking to another slot. On a space that needs approval the
/// booking is requested again.
pub async fn reschedule(
    db: &Db,
    booking_id: i64,
    starts_at: i64,
    ends_at: i64,
) -> AppResult<Result<(), Taken>> {
    let mut tx = db.begin().await?;
    let b = lock_booking(&mut tx, booking_id).await?;
    if !matches!(
        b.status,
        Some(BookingStatus::Requested | BookingStatus::Confirmed)
    ) {
        return Ok(Err(Taken::Changed));
    }
    if !b.space_active {
        return Ok(Err(Taken::Withdrawn));
    }
    if let Some(taken) = in_the_way(&mut tx, b.space_id, starts_at, ends_at, booking_id).await? {
        return Ok(Err(taken));
    }
    let to = if b.needs_approval {
        BookingStatus::Requested
    } else {
        BookingStatus::Confirmed
    };
    sqlx::query("UPDATE bookings SET starts_at = $1, ends_at = $2, status = $3, updated_at = $4 WHERE id = $5")
        .bind(starts_at)
        .bind(ends_at)
        .bind(to.code())
        .bind(now())
        .bind(booking_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Ok(()))
}

/// Cancels a requested or confirmed booking; false when it was neither.
pub async fn cancel_booking(db: &Db, booking_id: i64) -> AppResult<bool> {
    let mut tx = db.begin().await?;
    let b = lock_booking(&mut tx, booking_id).await?;
    if !matches!(
        b.status,
        Some(BookingStatus::Requested | BookingStatus::Confirmed)
    ) {
        return Ok(false);
    }
    sqlx::query("UPDATE bookings SET status = 'cancelled', updated_at = $1 WHERE id = $2")
        .bind(now())
        .bind(booking_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// Spaces lent out that have a place, for the map: the latest first.
pub async fn places(
    db: &Db,
    limit: i64,
) -> AppResult<Vec<(i64, String, crate::platform::geo::Coordinates)>> {
    crate::platform::map::named_places(
        db,
        &format!(
            "SELECT id, name, latitude_e6, longitude_e6 FROM spaces \
         WHERE latitude_e6 IS NOT NULL AND longitude_e6 IS NOT NULL AND status = 'active' \
         ORDER BY updated_at DESC, id DESC LIMIT {limit}"
        ),
    )
    .await
}
