//! A tip's history of updates, and changing a tip.

use super::*;
use crate::platform::db;

/// An entry in a tip's history.
#[derive(Clone, Debug)]
pub struct Update {
    pub author_name: Option<String>,
    pub internal: bool,
    pub status: Option<TipStatus>,
    pub close_reason: Option<CloseReason>,
    pub unit_name: Option<String>,
    pub initiative: Option<(i64, String)>,
    pub body: String,
    pub created_at: i64,
}

pub(super) fn update(row: &Row) -> Result<Update, db::Error> {
    let status: Option<String> = row.try_get("status")?;
    let reason: Option<String> = row.try_get("close_reason")?;
    Ok(Update {
        author_name: row.try_get("author_name")?,
        internal: row.try_get::<i64, _>("internal")? != 0,
        status: status.as_deref().and_then(TipStatus::parse),
        close_reason: reason.as_deref().and_then(CloseReason::parse),
        unit_name: row.try_get("unit_name")?,
        initiative: row
            .try_get::<Option<i64>, _>("initiative_id")?
            .zip(row.try_get::<Option<String>, _>("initiative_title")?),
        body: row.try_get("body")?,
        created_at: row.try_get("created_at")?,
    })
}

/// The history of a tip, oldest first; internal notes only with `with_internal`.
pub async fn updates(db: &Db, tip_id: i64, with_internal: bool) -> AppResult<Vec<Update>> {
    let filter = if with_internal {
        ""
    } else {
        " AND u.internal = 0"
    };
    all(
        db,
        format!(
            "SELECT u.*, a.name AS author_name, un.name AS unit_name, i.title AS initiative_title \
             FROM tip_updates u LEFT JOIN users us ON us.id = u.author_id \
             LEFT JOIN actors a ON a.id = us.person_id LEFT JOIN actors un ON un.id = u.unit_id \
             LEFT JOIN initiatives i ON i.id = u.initiative_id WHERE u.tip_id = $1{filter} ORDER BY u.id"
        ),
        tip_id,
        update,
    )
    .await
}

/// A change to a tip by a handler (or by the initiative that adopts it).
#[derive(Clone, Debug, Default)]
pub struct Change {
    pub internal: bool,
    pub body: String,
    /// A new status, made from `from`; with Closed, the reason.
    pub status: Option<(TipStatus, TipStatus)>,
    pub close_reason: Option<CloseReason>,
    pub unit_id: Option<i64>,
    pub initiative_id: Option<i64>,
}

/// Records a change and its entry in the history in one transaction; the entry's id, or `None`
/// when the tip is no longer in the status the change was made from (someone else moved it
/// first) or was adopted already.
pub async fn change(
    db: &Db,
    tip_id: i64,
    c: &Change,
    author: Option<i64>,
) -> AppResult<Option<i64>> {
    let mut tx = db.begin().await?;
    let done = change_in(&mut tx, tip_id, c, author).await?;
    if done.is_some() {
        tx.commit().await?;
    }
    Ok(done)
}

/// [`change`] inside a transaction the caller commits (an initiative adopting the tip).
pub async fn change_in(
    tx: &mut Tx,
    tip_id: i64,
    c: &Change,
    author: Option<i64>,
) -> AppResult<Option<i64>> {
    let t = now();
    let mut sql = SqlBuilder::default();
    let at = sql.bind(Value::Int(t));
    let mut sets = vec![format!("updated_at = {at}")];
    let id = sql.bind(Value::Int(tip_id));
    let mut conditions = vec![format!("id = {id}")];
    if let Some((from, to)) = c.status {
        let to_p = sql.bind(Value::Text(to.code().into()));
        let reason = sql.bind(Value::Text(
            c.close_reason.map(|r| r.code()).unwrap_or("").into(),
        ));
        sets.push(format!("status = {to_p}"));
        sets.push(format!("close_reason = NULLIF({reason}, '')"));
        sets.push(if to.is_open() {
            "closed_at = NULL".into()
        } else {
            format!("closed_at = {at}")
        });
        let from_p = sql.bind(Value::Text(from.code().into()));
        conditions.push(format!("status = {from_p}"));
    }
    if let Some(unit) = c.unit_id {
        let u = sql.bind(Value::Int(unit));
        sets.push(format!("unit_id = {u}"));
    }
    if let Some(initiative) = c.initiative_id {
        let i = sql.bind(Value::Int(initiative));
        sets.push(format!("initiative_id = {i}"));
        // Only an open tip nobody has adopted yet.
        conditions.push("initiative_id IS NULL AND status IN ('received', 'in_progress')".into());
    }
    sql.text = format!(
        "UPDATE tips SET {} WHERE {}",
        sets.join(", "),
        conditions.join(" AND ")
    );
    if sql.query().execute(&mut **tx).await?.rows_affected() == 0 {
        return Ok(None);
    }
    let update_id: i64 = db::query_scalar(
        "INSERT INTO tip_updates (tip_id, author_id, internal, status, close_reason, unit_id, initiative_id, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(tip_id)
    .bind(author)
    .bind(if c.internal { 1i64 } else { 0 })
    .bind(c.status.map(|(_, to)| to.code()))
    .bind(c.close_reason.map(|r| r.code()))
    .bind(c.unit_id)
    .bind(c.initiative_id)
    .bind(&c.body)
    .bind(t)
    .fetch_one(&mut **tx)
    .await?;
    Ok(Some(update_id))
}

/// Forgets the e-mail address of an anonymous reporter who no longer wants to hear.
pub async fn forget_reporter_email(db: &Db, token: &str) -> AppResult<bool> {
    let done = db::query("UPDATE tips SET reporter_email = '' WHERE token = $1")
        .bind(token)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() > 0)
}
