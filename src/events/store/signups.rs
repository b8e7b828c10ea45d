//! Sign-ups, the waiting list and who moves up from it, and check-in.

use super::*;
use crate::platform::db;

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

pub(super) const SIGNUP_SELECT: &str = "SELECT s.*, a.name AS person_name, \
     CASE WHEN s.status = 'waiting' THEN (SELECT COUNT(*) FROM event_signups q \
       WHERE q.event_id = s.event_id AND q.status = 'waiting' AND q.accepted_order <= s.accepted_order) END AS waiting_position \
     FROM event_signups s JOIN actors a ON a.id = s.person_id";

pub(super) fn signup(row: &Row) -> Result<Signup, db::Error> {
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
    let row = db::query(format!(
        "{SIGNUP_SELECT} WHERE s.event_id = $1 AND s.person_id = $2 AND s.status <> 'cancelled'"
    ))
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
    let row = db::query(
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
    let status = signup_status(capacity, confirmed);
    // One statement both asks whether the person is signed up already and signs them up: the
    // event's row is locked until the end, so every statement here lengthens the queue.
    let id: Option<i64> = db::query_scalar(
        "INSERT INTO event_signups (event_id, person_id, status, accepted_order, signed_up_at) \
         SELECT $1, $2, $3, $4, $5 WHERE NOT EXISTS (SELECT 1 FROM event_signups \
         WHERE event_id = $1 AND person_id = $2 AND status <> 'cancelled') RETURNING id",
    )
    .bind(event_id)
    .bind(person_id)
    .bind(status.code())
    .bind(accepted_order)
    .bind(now())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else {
        return Ok(Err(SignupRefusal::AlreadySignedUp));
    };
    if status == SignupStatus::Confirmed {
        db::query("UPDATE events SET confirmed_count = confirmed_count + 1 WHERE id = $1")
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
    let event_id: i64 = db::query_scalar("SELECT event_id FROM event_signups WHERE id = $1")
        .bind(signup_id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    let mut tx = db.begin().await?;
    lock_event(&mut tx, event_id).await?;
    let was: String = db::query_scalar("SELECT status FROM event_signups WHERE id = $1")
        .bind(signup_id)
        .fetch_one(&mut *tx)
        .await?;
    if was == SignupStatus::Cancelled.code() {
        return Ok(Vec::new());
    }
    db::query("UPDATE event_signups SET status = 'cancelled', cancelled_at = $1 WHERE id = $2")
        .bind(now())
        .bind(signup_id)
        .execute(&mut *tx)
        .await?;
    if was == SignupStatus::Confirmed.code() {
        db::query("UPDATE events SET confirmed_count = confirmed_count - 1 WHERE id = $1")
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
pub(super) async fn promote(tx: &mut Tx, event_id: i64) -> AppResult<Vec<Promotion>> {
    let row =
        db::query("SELECT capacity, confirmed_count, status, starts_at FROM events WHERE id = $1")
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
    let rows = db::query(format!(
        "UPDATE event_signups SET status = 'confirmed', promoted_at = $1 WHERE id IN \
         (SELECT id FROM event_signups WHERE event_id = $2 AND status = 'waiting' \
          ORDER BY accepted_order LIMIT {}) RETURNING id, person_id",
        free.min(CAPACITY_MAX)
    ))
    .bind(now())
    .bind(event_id)
    .fetch_all(&mut **tx)
    .await?;
    if !rows.is_empty() {
        db::query("UPDATE events SET confirmed_count = confirmed_count + $1 WHERE id = $2")
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
        .collect::<Result<_, db::Error>>()
        .map_err(AppError::from)
}

/// Marks a participant with a place as arrived, or not.
pub async fn set_checked_in(db: &Db, signup_id: i64, arrived: bool) -> AppResult<bool> {
    let done = db::query(
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
