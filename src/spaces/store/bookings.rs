//! Bookings: asked for, decided, moved and cancelled, never two at once.

use super::*;
use crate::platform::db;

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

pub(super) const BOOKING_SELECT: &str = "SELECT b.*, s.name AS space_name, a.name AS booker_name, i.title AS initiative_title \
     FROM bookings b JOIN spaces s ON s.id = b.space_id JOIN actors a ON a.id = b.booker_id \
     LEFT JOIN initiatives i ON i.id = b.initiative_id";

pub(super) fn booking(row: &Row) -> Result<Booking, db::Error> {
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
    coming_bookings_of(db, &[space_id]).await
}

/// The requested and confirmed bookings of several spaces that have not ended, read at once.
pub async fn coming_bookings_of(db: &Db, space_ids: &[i64]) -> AppResult<Vec<Booking>> {
    if space_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = SqlBuilder::default();
    let ended = sql.bind(Value::Int(now()));
    let spaces = sql.bind_ids(space_ids);
    sql.push(&format!(
        "{BOOKING_SELECT} WHERE b.space_id IN ({spaces}) AND b.status IN ('requested', 'confirmed') \
         AND b.ends_at > {ended} ORDER BY b.starts_at, b.id"
    ));
    rows_to(&sql.query().fetch_all(db.pool()).await?, booking)
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
pub(super) async fn lock_space(tx: &mut Tx, space_id: i64) -> AppResult<(bool, SpaceStatus)> {
    let row = db::query(
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
pub(super) async fn in_the_way(
    tx: &mut Tx,
    space_id: i64,
    starts_at: i64,
    ends_at: i64,
    except: i64,
) -> AppResult<Option<Taken>> {
    let blocked: Option<i64> = db::query_scalar(
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
pub(super) async fn booked_between(
    tx: &mut Tx,
    space_id: i64,
    (starts_at, ends_at): (i64, i64),
    except: i64,
) -> AppResult<bool> {
    let booked: Option<i64> = db::query_scalar(
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
    let id = db::query_scalar(
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
pub(super) struct Locked {
    pub(super) space_id: i64,
    pub(super) needs_approval: bool,
    pub(super) space_active: bool,
    pub(super) status: Option<BookingStatus>,
    pub(super) starts_at: i64,
    pub(super) ends_at: i64,
}

pub(super) async fn lock_booking(tx: &mut Tx, booking_id: i64) -> AppResult<Locked> {
    let space_id: i64 = db::query_scalar("SELECT space_id FROM bookings WHERE id = $1")
        .bind(booking_id)
        .fetch_optional(&mut **tx)
        .await?
        .ok_or(AppError::NotFound)?;
    let (needs_approval, space_status) = lock_space(tx, space_id).await?;
    let row = db::query("SELECT status, starts_at, ends_at FROM bookings WHERE id = $1")
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
    db::query("UPDATE bookings SET status = $1, reason = $2, decided_by = $3, decided_at = $4, updated_at = $4 WHERE id = $5")
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
    db::query("UPDATE bookings SET starts_at = $1, ends_at = $2, status = $3, updated_at = $4 WHERE id = $5")
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
    db::query("UPDATE bookings SET status = 'cancelled', updated_at = $1 WHERE id = $2")
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
