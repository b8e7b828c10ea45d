//! Offers: creating, changing and listing them.

use super::*;
use crate::moderation::model::{ContentKind, visible};
use crate::platform::db;

pub async fn create_offer(
    db: &Db,
    actor_id: i64,
    draft: &OfferDraft,
    status: OfferStatus,
    user_id: i64,
) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    let id = create_offer_in(&mut tx, actor_id, draft, status, user_id).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn create_offer_in(
    tx: &mut Tx,
    actor_id: i64,
    d: &OfferDraft,
    status: OfferStatus,
    user_id: i64,
) -> AppResult<i64> {
    let t = now();
    let row = db::query(
        "INSERT INTO offers (actor_id, kind, title, description, skills, quantity, weekdays, day_parts, from_date, \
         to_date, match_weekdays, match_day_parts, neighbourhood, latitude_e6, longitude_e6, radius_m, conditions, \
         status, created_by, created_at, updated_at, skill_terms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20, $21) RETURNING id",
    )
    .bind(actor_id)
    .bind_offer(d)
    .bind(status.code())
    .bind(user_id)
    .bind(t)
    .bind(skill_terms(&d.skills))
    .fetch_one(&mut **tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    Ok(id)
}

pub async fn update_offer(
    db: &Db,
    id: i64,
    expected_version: i64,
    d: &OfferDraft,
    status: Option<OfferStatus>,
) -> AppResult<()> {
    let mut tx = db.begin().await?;
    let done = db::query(
        "UPDATE offers SET kind = $1, title = $2, description = $3, skills = $4, quantity = $5, weekdays = $6, \
         day_parts = $7, from_date = $8, to_date = $9, match_weekdays = $10, match_day_parts = $11, \
         neighbourhood = $12, latitude_e6 = $13, longitude_e6 = $14, radius_m = $15, conditions = $16, \
         updated_at = $17, version = version + 1, skill_terms = $20, status = COALESCE($21, status) WHERE id = $18 AND version = $19",
    )
    .bind_offer(d)
    .bind(now())
    .bind(id)
    .bind(expected_version)
    .bind(skill_terms(&d.skills))
    .bind(status.map(|s| s.code()))
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(missing_or_conflict(&mut tx, "offers", id).await);
    }
    tx.commit().await?;
    Ok(())
}

pub async fn set_offer_status(db: &Db, id: i64, to: OfferStatus) -> AppResult<()> {
    let done = db::query(
        "UPDATE offers SET status = $1, updated_at = $2, version = version + 1 WHERE id = $3",
    )
    .bind(to.code())
    .bind(now())
    .bind(id)
    .execute(db.pool())
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

pub async fn get_offer(db: &Db, id: i64) -> AppResult<Offer> {
    one(
        db,
        format!("SELECT {OFFER_COLUMNS} FROM offers o {OFFER_JOINS} WHERE o.id = $1"),
        id,
        offer,
    )
    .await
}

/// The offers of some actors (a person and the organisations they act for), active first.
pub async fn offers_of(db: &Db, actor_ids: &[i64]) -> AppResult<Vec<Offer>> {
    if actor_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = SqlBuilder::new(&format!(
        "SELECT {OFFER_COLUMNS} FROM offers o {OFFER_JOINS} WHERE {} AND o.actor_id IN (",
        visible(ContentKind::Offer, "o")
    ));
    for (i, id) in actor_ids.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        let p = sql.bind(Value::Int(*id));
        sql.push(&p);
    }
    sql.push(
        ") ORDER BY CASE o.status WHEN 'active' THEN 0 WHEN 'paused' THEN 1 ELSE 2 END, o.id DESC",
    );
    let rows = sql.query().fetch_all(db.pool()).await?;
    rows_to(&rows, offer)
}

/// Active offers, most recently changed first.
pub async fn active_offers(db: &Db, filter: &ListFilter) -> AppResult<(Vec<Offer>, bool)> {
    let mut sql = SqlBuilder::new(&format!(
        "SELECT {OFFER_COLUMNS} FROM offers o {OFFER_JOINS} WHERE o.status = 'active' AND {}",
        visible(ContentKind::Offer, "o")
    ));
    filtered(&mut sql, "o", filter);
    sql.push(" ORDER BY o.updated_at DESC, o.id DESC");
    page(db, sql, filter, offer).await
}

// ---- matching ----
