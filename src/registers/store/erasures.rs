//! What retention and withdrawals erase, each erasure recorded with when and for which purpose,
//! never what it was.

use super::*;

/// Deletes what an entry keeps for a purpose and records that it went; the number of values.
/// Only while the entry still ended on `ends_on`, the day the sweep reckoned from: a person the
/// board has meanwhile brought back, or whose end it moved, keeps their data.
pub async fn erase_purpose(
    db: &Db,
    association_id: i64,
    entry_id: i64,
    purpose_id: i64,
    ends_on: &str,
) -> AppResult<u64> {
    let mut tx = db.begin().await?;
    if !still_ended(&mut tx, entry_id, ends_on).await? {
        return Ok(0);
    }
    let gone = erase_values(&mut tx, entry_id, purpose_id).await?;
    if gone > 0 {
        record_erasure(&mut tx, association_id, entry_id, Some(purpose_id)).await?;
    }
    tx.commit().await?;
    Ok(gone)
}

/// Makes an entry anonymous: its name, address, account, certificate, values, the words of its
/// requests and its group mails in the outbox go, its activities and dates stay for the
/// association's counts; `false` when it already was.
/// Like [`erase_purpose`], only while the entry still ended on `ends_on`.
pub async fn anonymise(
    db: &Db,
    association_id: i64,
    entry_id: i64,
    ends_on: &str,
) -> AppResult<bool> {
    let mut tx = db.begin().await?;
    let done = anonymise_in(&mut tx, association_id, entry_id, Some(ends_on)).await?;
    tx.commit().await?;
    Ok(done)
}

/// [`anonymise`] within a transaction; with `ends_on`, only while the entry still ended then
/// (retention), without, at once (the person asked for it).
pub(super) async fn anonymise_in(
    tx: &mut Tx,
    association_id: i64,
    entry_id: i64,
    ends_on: Option<&str>,
) -> AppResult<bool> {
    let done = db::query(
        "UPDATE register_entries SET name = '', email = '', user_id = NULL, \
         certificate = 'not_needed', certificate_valid_until = NULL, anonymised_at = $2, updated_at = $2 \
         WHERE id = $1 AND anonymised_at IS NULL AND ($3 IS NULL OR ends_on = $3)",
    )
    .bind(entry_id)
    .bind(now())
    .bind(ends_on)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1;
    if done {
        // What they wrote in requests, and the board's answers, may quote the data.
        for forget in [
            "DELETE FROM register_values WHERE entry_id = $1",
            "UPDATE register_consents SET given_by = '' WHERE entry_id = $1",
            "UPDATE register_requests SET details = '', answer = '' WHERE entry_id = $1",
        ] {
            db::query(forget).bind(entry_id).execute(&mut **tx).await?;
        }
        let mails = format!("{}:%:{entry_id}", mailing_key(association_id));
        db::query("DELETE FROM mail_outbox WHERE dedupe_key LIKE $1")
            .bind(mails)
            .execute(&mut **tx)
            .await?;
        record_erasure(tx, association_id, entry_id, None).await?;
    }
    Ok(done)
}

/// Whether the entry still ended on `ends_on`; the update holds the entry for the rest of the
/// transaction on PostgreSQL (SQLite's write transaction holds everything).
async fn still_ended(tx: &mut Tx, entry_id: i64, ends_on: &str) -> AppResult<bool> {
    Ok(db::query(
        "UPDATE register_entries SET updated_at = updated_at \
         WHERE id = $1 AND ends_on = $2 AND anonymised_at IS NULL",
    )
    .bind(entry_id)
    .bind(ends_on)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1)
}

/// Deletes what an entry keeps for a purpose; how many values.
pub(super) async fn erase_values(tx: &mut Tx, entry_id: i64, purpose_id: i64) -> AppResult<u64> {
    Ok(db::query(
        "DELETE FROM register_values WHERE entry_id = $1 AND field_id IN \
         (SELECT id FROM register_fields WHERE purpose_id = $2)",
    )
    .bind(entry_id)
    .bind(purpose_id)
    .execute(&mut **tx)
    .await?
    .rows_affected())
}

pub(super) async fn record_erasure(
    tx: &mut Tx,
    association_id: i64,
    entry_id: i64,
    purpose_id: Option<i64>,
) -> AppResult<()> {
    db::query(
        "INSERT INTO register_erasures (association_id, entry_id, purpose_id, at) VALUES ($1, $2, $3, $4)",
    )
    .bind(association_id)
    .bind(entry_id)
    .bind(purpose_id)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// What was erased from the association's entries, the latest first, for the board: the entry,
/// the purpose (none: the entry was made anonymous), when.
pub async fn erasures(db: &Db, association_id: i64) -> AppResult<Vec<(i64, Option<String>, i64)>> {
    Ok(db::query_as(
        "SELECT e.entry_id, p.name, e.at FROM register_erasures e \
         LEFT JOIN register_purposes p ON p.id = e.purpose_id \
         WHERE e.association_id = $1 ORDER BY e.at DESC, e.id DESC LIMIT 100",
    )
    .bind(association_id)
    .fetch_all(db.pool())
    .await?)
}

/// Deletes the association's whole register — its people and everything about them, its
/// purposes, fields, activities, grants, log and mailings, and its mails in the outbox, sent or
/// not — and records `audit` (who did it,
/// with how many people it held as its detail), in one transaction. How many people it held.
pub async fn delete_register(
    db: &Db,
    association_id: i64,
    mut audit: crate::audit::Entry,
) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    let people: i64 =
        db::query_scalar("SELECT COUNT(*) FROM register_entries WHERE association_id = $1")
            .bind(association_id)
            .fetch_one(&mut *tx)
            .await?;
    let entries = "SELECT id FROM register_entries WHERE association_id = $1";
    let purposes = "SELECT id FROM register_purposes WHERE association_id = $1";
    for delete in [
        "DELETE FROM register_requests WHERE association_id = $1".to_string(),
        format!("DELETE FROM register_consents WHERE entry_id IN ({entries})"),
        format!("DELETE FROM register_values WHERE entry_id IN ({entries})"),
        format!("DELETE FROM register_roles WHERE entry_id IN ({entries})"),
        "DELETE FROM register_access_log WHERE association_id = $1".to_string(),
        "DELETE FROM register_erasures WHERE association_id = $1".to_string(),
        "DELETE FROM register_mailings WHERE association_id = $1".to_string(),
        "DELETE FROM register_grants WHERE association_id = $1".to_string(),
        "DELETE FROM register_entries WHERE association_id = $1".to_string(),
        format!("DELETE FROM register_consent_texts WHERE purpose_id IN ({purposes})"),
        "DELETE FROM register_fields WHERE association_id = $1".to_string(),
        "DELETE FROM register_activities WHERE association_id = $1".to_string(),
        "DELETE FROM register_purposes WHERE association_id = $1".to_string(),
    ] {
        db::query(delete)
            .bind(association_id)
            .execute(&mut *tx)
            .await?;
    }
    let mails = format!("{}:%", mailing_key(association_id));
    db::query("DELETE FROM mail_outbox WHERE dedupe_key LIKE $1")
        .bind(mails)
        .execute(&mut *tx)
        .await?;
    audit.detail = people.to_string();
    crate::audit::record_in(&mut tx, &audit).await?;
    tx.commit().await?;
    Ok(people)
}
