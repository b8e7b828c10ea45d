//! The personal calendar feed's token.

use super::*;
use crate::platform::db;

/// The secret of a user's calendar feed, made on first use; `renew` replaces it.
pub async fn calendar_token(db: &Db, user_id: i64, renew: bool) -> AppResult<String> {
    let token = crate::platform::auth::random_token();
    let conflict = if renew {
        "DO UPDATE SET token = excluded.token, created_at = excluded.created_at"
    } else {
        "DO NOTHING"
    };
    db::query(format!(
        "INSERT INTO calendar_feeds (user_id, token, created_at) VALUES ($1, $2, $3) ON CONFLICT (user_id) {conflict}"
    ))
    .bind(user_id)
    .bind(&token)
    .bind(now())
    .execute(db.pool())
    .await?;
    Ok(
        db::query_scalar("SELECT token FROM calendar_feeds WHERE user_id = $1")
            .bind(user_id)
            .fetch_one(db.pool())
            .await?,
    )
}

/// The user and person whose calendar feed has this secret.
pub async fn calendar_owner(db: &Db, token: &str) -> AppResult<(i64, i64)> {
    let row = db::query(
        "SELECT u.id, u.person_id FROM calendar_feeds f JOIN users u ON u.id = f.user_id WHERE f.token = $1",
    )
    .bind(token)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)?;
    Ok((row.try_get(0)?, row.try_get(1)?))
}
