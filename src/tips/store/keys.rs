//! Open311 keys for other apps that report tips.

use super::*;
use crate::platform::db;

#[derive(Clone, Debug)]
pub struct Open311Key {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    pub tips: i64,
}

pub(super) fn key_hash(key: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(key.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Issues a key; only its hash is kept, so the key is shown this once.
pub async fn create_key_in(
    tx: &mut Tx,
    name: &str,
    by_user: Option<i64>,
) -> AppResult<(i64, String)> {
    let key = crate::platform::auth::random_token();
    let id = db::query_scalar(
        "INSERT INTO open311_keys (name, key_hash, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(name)
    .bind(key_hash(&key))
    .bind(by_user)
    .bind(now())
    .fetch_one(&mut **tx)
    .await?;
    Ok((id, key))
}

/// Every key, with how many tips it posted.
pub async fn keys(db: &Db) -> AppResult<Vec<Open311Key>> {
    let rows = db::query(
        "SELECT k.id, k.name, k.created_at, k.revoked_at, \
         (SELECT COUNT(*) FROM tips t WHERE t.open311_key_id = k.id) AS tips \
         FROM open311_keys k",
    )
    .fetch_all(db.pool())
    .await?;
    let mut list: Vec<Open311Key> = rows
        .iter()
        .map(|r| {
            Ok(Open311Key {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                created_at: r.try_get("created_at")?,
                revoked_at: r.try_get("revoked_at")?,
                tips: r.try_get("tips")?,
            })
        })
        .collect::<Result<_, db::Error>>()?;
    // Keys in use first, by name (sorted here, the same on both engines).
    list.sort_by_cached_key(|k| {
        (
            k.revoked_at.is_some(),
            crate::platform::search::sort_key(&k.name),
            k.id,
        )
    });
    Ok(list)
}

pub async fn revoke_key_in(tx: &mut Tx, id: i64) -> AppResult<bool> {
    let done =
        db::query("UPDATE open311_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now())
            .bind(id)
            .execute(&mut **tx)
            .await?;
    Ok(done.rows_affected() > 0)
}

/// The key's id, if the key is known and not revoked.
pub async fn key_id(db: &Db, key: &str) -> AppResult<Option<i64>> {
    Ok(
        db::query_scalar("SELECT id FROM open311_keys WHERE key_hash = $1 AND revoked_at IS NULL")
            .bind(key_hash(key))
            .fetch_optional(db.pool())
            .await?,
    )
}
