//! Needs: creating, changing, listing, and their status as pledges come in.

use super::*;
use crate::moderation::model::{ContentKind, visible};
use crate::platform::db;

pub async fn create_need(
    db: &Db,
    initiative_id: i64,
    draft: &NeedDraft,
    user_id: i64,
) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    let id = create_need_in(&mut tx, initiative_id, draft, user_id).await?;
    tx.commit().await?;
    Ok(id)
}

/// Creates a need inside a transaction the caller commits (also used to load data in bulk).
pub async fn create_need_in(
    tx: &mut Tx,
    initiative_id: i64,
    d: &NeedDraft,
    user_id: i64,
) -> AppResult<i64> {
    let t = now();
    let row = db::query(
        "INSERT INTO needs (initiative_id, kind, title, description, skills, quantity, weekdays, day_parts, \
         from_date, to_date, match_weekdays, match_day_parts, address, neighbourhood, latitude_e6, longitude_e6, \
         status, created_by, created_at, updated_at, skill_terms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19, $20) RETURNING id",
    )
    .bind(initiative_id)
    .bind_need(d)
    .bind(NeedStatus::Open.code())
    .bind(user_id)
    .bind(t)
    .bind(skill_terms(&d.skills))
    .fetch_one(&mut **tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    Ok(id)
}

/// Saves an edit made from `expected_version`; a newer edit is never overwritten.
pub async fn update_need(db: &Db, id: i64, expected_version: i64, d: &NeedDraft) -> AppResult<()> {
    let mut tx = db.begin().await?;
    let done = db::query(
        "UPDATE needs SET kind = $1, title = $2, description = $3, skills = $4, quantity = $5, weekdays = $6, \
         day_parts = $7, from_date = $8, to_date = $9, match_weekdays = $10, match_day_parts = $11, address = $12, \
         neighbourhood = $13, latitude_e6 = $14, longitude_e6 = $15, updated_at = $16, version = version + 1, \
         skill_terms = $19 WHERE id = $17 AND version = $18",
    )
    .bind_need(d)
    .bind(now())
    .bind(id)
    .bind(expected_version)
    .bind(skill_terms(&d.skills))
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(missing_or_conflict(&mut tx, "needs", id).await);
    }
    refresh_need_status(&mut tx, id).await?;
    tx.commit().await?;
    Ok(())
}

pub(super) async fn missing_or_conflict(tx: &mut Tx, table: &str, id: i64) -> AppError {
    let exists: Result<Option<i64>, _> =
        db::query_scalar(format!("SELECT id FROM {table} WHERE id = $1"))
            .bind(id)
            .fetch_optional(&mut **tx)
            .await;
    match exists {
        Ok(Some(_)) => Stale::Version.into(),
        Ok(None) => AppError::NotFound,
        Err(e) => e.into(),
    }
}

pub async fn get_need(db: &Db, id: i64) -> AppResult<Need> {
    one(
        db,
        format!("SELECT {NEED_COLUMNS} FROM needs n {NEED_JOINS} WHERE n.id = $1"),
        id,
        need,
    )
    .await
}

/// The needs of an initiative: open ones first, then the rest, newest first.
pub async fn needs_of_initiative(db: &Db, initiative_id: i64) -> AppResult<Vec<Need>> {
    needs_of_initiatives(db, &[initiative_id]).await
}

/// The needs of several initiatives, read at once: open ones first, then newest first.
pub async fn needs_of_initiatives(db: &Db, initiative_ids: &[i64]) -> AppResult<Vec<Need>> {
    let sql = format!(
        "SELECT {NEED_COLUMNS} FROM needs n {NEED_JOINS} WHERE n.initiative_id IN ({{ids}}) \
         AND {} ORDER BY CASE WHEN n.status IN ('open', 'partly_met') THEN 0 ELSE 1 END, n.id DESC",
        visible(ContentKind::Need, "n")
    );
    all_for(db, &sql, initiative_ids, need).await
}

/// Filters for lists of needs and offers.
#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    pub kind: Option<ResourceKind>,
    pub neighbourhood: String,
    pub page: i64,
    pub per_page: i64,
}

pub const PER_PAGE: i64 = 20;

pub(super) fn filtered(sql: &mut SqlBuilder, alias: &str, filter: &ListFilter) {
    if let Some(kind) = filter.kind {
        let p = sql.bind(Value::Text(kind.code().into()));
        sql.push(&format!(" AND {alias}.kind = {p}"));
    }
    if !filter.neighbourhood.is_empty() {
        let p = sql.bind(Value::Text(filter.neighbourhood.clone()));
        sql.push(&format!(" AND {alias}.neighbourhood = {p}"));
    }
}

/// Open needs, most recently changed first; the second value says whether a page follows.
pub async fn open_needs(db: &Db, filter: &ListFilter) -> AppResult<(Vec<Need>, bool)> {
    let mut sql = SqlBuilder::new(&format!(
        "SELECT {NEED_COLUMNS} FROM needs n {NEED_JOINS} WHERE n.status IN ('open', 'partly_met') \
         AND {}",
        visible(ContentKind::Need, "n")
    ));
    filtered(&mut sql, "n", filter);
    sql.push(" ORDER BY n.updated_at DESC, n.id DESC");
    page(db, sql, filter, need).await
}

pub(super) async fn page<T>(
    db: &Db,
    mut sql: SqlBuilder,
    filter: &ListFilter,
    f: fn(&Row) -> Result<T, db::Error>,
) -> AppResult<(Vec<T>, bool)> {
    let per_page = filter.per_page.clamp(1, 100);
    let page = crate::platform::db::page_number(filter.page);
    sql.limit(per_page + 1, (page - 1) * per_page);
    let rows = sql.query().fetch_all(db.pool()).await?;
    let mut items = rows_to(&rows, f)?;
    let more = items.len() as i64 > per_page;
    items.truncate(per_page as usize);
    Ok((items, more))
}

/// Withdraws a need, marks it met, or reopens it (back to what its pledges say).
pub async fn set_need_status(db: &Db, id: i64, to: NeedStatus) -> AppResult<()> {
    let mut tx = db.begin().await?;
    let done = db::query(
        "UPDATE needs SET status = $1, updated_at = $2, version = version + 1 WHERE id = $3",
    )
    .bind(to.code())
    .bind(now())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    if to == NeedStatus::Open {
        refresh_need_status(&mut tx, id).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Sets the need's status from its accepted pledges (`NeedStatus::after_pledges`).
pub(super) async fn refresh_need_status(tx: &mut Tx, need_id: i64) -> AppResult<()> {
    let (status, quantity): (String, Option<i64>) =
        db::query_as("SELECT status, quantity FROM needs WHERE id = $1")
            .bind(need_id)
            .fetch_one(&mut **tx)
            .await?;
    let current = NeedStatus::parse(&status)
        .ok_or_else(|| AppError::Internal(format!("need status {status:?}")))?;
    let (amount, count): (i64, i64) = db::query_as(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT), COUNT(*) FROM pledges \
         WHERE need_id = $1 AND status IN ('accepted', 'fulfilled')",
    )
    .bind(need_id)
    .fetch_one(&mut **tx)
    .await?;
    let next = current.after_pledges(quantity, amount, count);
    if next != current {
        db::query("UPDATE needs SET status = $1, updated_at = $2 WHERE id = $3")
            .bind(next.code())
            .bind(now())
            .bind(need_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

// ---- offers ----
