//! Storage of spaces, their blocked periods and bookings.
//!
//! No double booking: every transaction that confirms a booking or moves one locks the space's
//! row first, then looks for confirmed bookings and blocked periods in the way, so two requests
//! for overlapping slots are decided one after the other, on either engine and from any node.

use super::model::*;
use crate::actors::model::ActorKind;
use crate::platform::db::{self, Db, Row, SqlBuilder, Tx, Value, all, decode, one, rows_to};
use crate::platform::error::{AppError, AppResult};
use crate::platform::geo::{from_e6_pair, to_e6};
use crate::platform::search::sort_key;
use crate::platform::time::now;
use crate::refusals;
use jiff::civil::Date;

mod bookings;
pub use bookings::*;

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
    row: &Row,
    column: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<Vec<T>, db::Error> {
    let text: String = row.try_get(column)?;
    Ok(text.split_whitespace().filter_map(parse).collect())
}

fn date(row: &Row, column: &str) -> Result<Option<Date>, db::Error> {
    let text: Option<String> = row.try_get(column)?;
    Ok(text.and_then(|t| t.parse().ok()))
}

fn space(row: &Row) -> Result<Space, db::Error> {
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

fn bind_draft(mut q: db::Query, d: &SpaceDraft) -> db::Query {
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
    let q = db::query(sql).bind(owner_id).bind(user_id).bind(now());
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
    let q = db::query(sql)
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
        let p = sql.bind(Value::Text(sort_key(&f.neighbourhood)));
        sql.push(&format!(" AND s.neighbourhood_key = {p}"));
    }
    if let Some(n) = f.min_capacity {
        let p = sql.bind(Value::Int(n));
        sql.push(&format!(" AND s.capacity >= {p}"));
    }
    for feature in &f.features {
        let p = sql.bind(Value::Text(format!("% {} %", feature.code())));
        sql.push(&format!(" AND s.features LIKE {p}"));
    }
    if let Some(day) = f.on {
        let d = sql.bind(Value::Text(day.to_string()));
        let bit = sql.bind(Value::Int(1 << day.weekday().to_monday_zero_offset()));
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

fn block(row: &Row) -> Result<Block, db::Error> {
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
    let rows = db::query(
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
    let id = db::query_scalar(
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
    db::query("DELETE FROM space_blocks WHERE id = $1")
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}

// ---- bookings ----
