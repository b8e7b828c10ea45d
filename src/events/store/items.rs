//! Limited items and the orders for them, one share per household.

use super::*;
use crate::platform::db;

#[derive(Clone, Debug)]
pub struct Item {
    pub id: i64,
    pub event_id: i64,
    pub draft: ItemDraft,
    pub remaining: i64,
}

pub(super) fn item(row: &Row) -> Result<Item, db::Error> {
    Ok(Item {
        id: row.try_get("id")?,
        event_id: row.try_get("event_id")?,
        draft: ItemDraft {
            name: row.try_get("name")?,
            description: row.try_get("description")?,
            price_ore: row.try_get("price_ore")?,
            stock: row.try_get("stock")?,
            household_limit: row.try_get("household_limit")?,
            person_limit: row.try_get("person_limit")?,
        },
        remaining: row.try_get("remaining")?,
    })
}

/// The limited items of events.
pub async fn items(db: &Db, event_ids: &[i64]) -> AppResult<Vec<Item>> {
    all_for(
        db,
        "SELECT * FROM event_items WHERE event_id IN ({ids}) ORDER BY id",
        event_ids,
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
    let id = db::query_scalar(
        "INSERT INTO event_items (event_id, name, description, price_ore, stock, remaining, household_limit, \
         person_limit) VALUES ($1, $2, $3, $4, $5, $5, $6, $7) RETURNING id",
    )
    .bind(event_id)
    .bind(&d.name)
    .bind(&d.description)
    .bind(d.price_ore)
    .bind(d.stock)
    .bind(d.household_limit)
    .bind(d.person_limit)
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

pub(super) const ORDER_SELECT: &str = "SELECT o.*, it.name AS item_name, it.price_ore, a.name AS person_name \
     FROM item_orders o JOIN event_items it ON it.id = o.item_id JOIN actors a ON a.id = o.person_id";

pub(super) fn order(row: &Row) -> Result<Order, db::Error> {
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
    let rows = db::query(format!(
        "{ORDER_SELECT} WHERE o.event_id = $1 AND o.person_id = $2 AND o.status <> 'cancelled' ORDER BY o.id"
    ))
    .bind(event_id)
    .bind(person_id)
    .fetch_all(db.pool())
    .await?;
    rows_to(&rows, order)
}

pub struct NewOrder<'a> {
    pub item_id: i64,
    pub person_id: i64,
    /// The address as printed, and the household it belongs to.
    pub address: &'a str,
    pub household: &'a str,
    pub quantity: i64,
}

/// Takes an order, first come first served: the item's row is locked, so stock and the
/// household's share are counted with no other order of the item in between.
pub async fn place_order(db: &Db, o: &NewOrder<'_>) -> AppResult<Result<i64, OrderRefusal>> {
    let mut tx = db.begin().await?;
    let row = db::query(
        "UPDATE event_items SET orders_accepted = orders_accepted + 1 WHERE id = $1 \
         RETURNING *",
    )
    .bind(o.item_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let event_id: i64 = row.try_get("event_id")?;
    let accepted_order: i64 = row.try_get("orders_accepted")?;
    // The event's row too, so a cancellation waits for orders in flight and sees them.
    let open: Option<i64> = db::query_scalar(
        "UPDATE events SET version = version WHERE id = $1 AND status = 'planned' AND ends_at > $2 RETURNING id",
    )
    .bind(event_id)
    .bind(now())
    .fetch_optional(&mut *tx)
    .await?;
    if open.is_none() {
        return Ok(Err(OrderRefusal::EventClosed));
    }
    let household = o.household;
    let (household_has, person_has): (i64, i64) = db::query_as(
        "SELECT COALESCE(CAST(SUM(CASE WHEN household = $2 THEN quantity ELSE 0 END) AS BIGINT), 0), \
         COALESCE(CAST(SUM(CASE WHEN person_id = $3 THEN quantity ELSE 0 END) AS BIGINT), 0) \
         FROM item_orders WHERE item_id = $1 AND status <> 'cancelled' AND (household = $2 OR person_id = $3)",
    )
    .bind(o.item_id)
    .bind(household)
    .bind(o.person_id)
    .fetch_one(&mut *tx)
    .await?;
    let shares = Shares {
        household_has,
        person_has,
        quantity: o.quantity,
    };
    let limits = item(&row)?;
    if let Some(refusal) = order_refusal(limits.remaining, &limits.draft, shares) {
        return Ok(Err(refusal));
    }
    let id = db::query_scalar(
        "INSERT INTO item_orders (item_id, event_id, person_id, quantity, address, household, status, accepted_order, ordered_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(o.item_id)
    .bind(event_id)
    .bind(o.person_id)
    .bind(o.quantity)
    .bind(o.address)
    .bind(household)
    .bind(OrderStatus::Reserved.code())
    .bind(accepted_order)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    db::query("UPDATE event_items SET remaining = remaining - $1 WHERE id = $2")
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
    let row = db::query(
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
    db::query("UPDATE event_items SET remaining = remaining + $1 WHERE id = $2")
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
        Some(paid) => db::query(
            "UPDATE item_orders SET status = 'handed_out', handed_out_at = $1, paid_ore = $2 WHERE id = $3 AND status = 'reserved'",
        )
        .bind(now())
        .bind(paid)
        .bind(order_id),
        None => db::query(
            "UPDATE item_orders SET status = 'reserved', handed_out_at = NULL, paid_ore = NULL WHERE id = $1 AND status = 'handed_out'",
        )
        .bind(order_id),
    }
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

// ---- personal calendar ----
