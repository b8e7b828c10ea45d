//! Storage of user accounts (each a person actor with a login), the links sent to them by mail,
//! the browsers they have logged in from, and their sessions.

use super::model::{LinkPurpose, Registration, normalise_email};
use crate::actors::store as actor_store;
use crate::platform::auth::{PlatformRole, random_token, token_hash};
use crate::platform::db::{self, Db, Tx};
use crate::platform::error::AppResult;
use crate::platform::time::now;

/// Creates the person and the account in one transaction, with the password hashed already
/// (accounts sharing one password, the demo's, cost one hash, not one each); `confirmed` for an
/// address known to be the person's. `Ok(None)` when the e-mail address is taken (decided by
/// the unique constraint, so two simultaneous sign-ups cannot both win).
pub async fn register_hashed(
    db: &Db,
    r: &Registration,
    password_hash: &str,
    role: PlatformRole,
    confirmed: bool,
) -> AppResult<Option<(i64, i64)>> {
    let mut tx = db.begin().await?;
    let taken: Option<i64> = db::query_scalar("SELECT id FROM users WHERE email = $1")
        .bind(&r.email)
        .fetch_optional(&mut *tx)
        .await?;
    if taken.is_some() {
        return Ok(None);
    }
    let person_id = actor_store::create_person(&mut tx, &r.name, &r.neighbourhood).await?;
    let t = now();
    let user_id: Result<i64, db::Error> = db::query_scalar(
        "INSERT INTO users (email, password_hash, person_id, platform_role, created_at, email_confirmed_at, last_active_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $5) RETURNING id",
    )
    .bind(&r.email)
    .bind(password_hash)
    .bind(person_id)
    .bind(role.code())
    .bind(t)
    .bind(confirmed.then_some(t))
    .fetch_one(&mut *tx)
    .await;
    match user_id {
        Ok(user_id) => {
            tx.commit().await?;
            Ok(Some((user_id, person_id)))
        }
        Err(e) if e.is_unique_violation() => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// An account as a login sees it.
pub struct Account {
    pub id: i64,
    pub person_id: i64,
    pub email: String,
    pub password_hash: String,
    pub confirmed: bool,
}

fn account(row: &db::Row) -> Result<Account, db::Error> {
    Ok(Account {
        id: row.try_get("id")?,
        person_id: row.try_get("person_id")?,
        email: row.try_get("email")?,
        password_hash: row.try_get("password_hash")?,
        confirmed: row
            .try_get::<Option<i64>, _>("email_confirmed_at")?
            .is_some(),
    })
}

const ACCOUNT: &str = "SELECT id, person_id, email, password_hash, email_confirmed_at FROM users";

pub async fn by_email(db: &Db, email: &str) -> AppResult<Option<Account>> {
    let row = db::query(format!("{ACCOUNT} WHERE email = $1"))
        .bind(normalise_email(email))
        .fetch_optional(db.pool())
        .await?;
    Ok(row.as_ref().map(account).transpose()?)
}

pub async fn by_id(db: &Db, id: i64) -> AppResult<Option<Account>> {
    let row = db::query(format!("{ACCOUNT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.as_ref().map(account).transpose()?)
}

pub async fn by_id_in(tx: &mut Tx, id: i64) -> AppResult<Option<Account>> {
    let row = db::query(format!("{ACCOUNT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.as_ref().map(account).transpose()?)
}

pub async fn person_by_email(db: &Db, email: &str) -> AppResult<Option<i64>> {
    Ok(by_email(db, email).await?.map(|a| a.person_id))
}

/// Makes a link for the account and returns its secret; only a hash is kept. A new link of a
/// purpose ends the account's earlier unused ones, so only the newest mail works.
pub async fn create_link(
    db: &Db,
    user_id: i64,
    purpose: LinkPurpose,
    email: &str,
    password_hash: &str,
) -> AppResult<String> {
    let token = random_token();
    let t = now();
    let mut tx = db.begin().await?;
    db::query(
        "UPDATE account_links SET used_at = $1 WHERE user_id = $2 AND purpose = $3 AND used_at IS NULL",
    )
    .bind(t)
    .bind(user_id)
    .bind(purpose.code())
    .execute(&mut *tx)
    .await?;
    db::query(
        "INSERT INTO account_links (token_hash, user_id, purpose, email, created_at, expires_at, password_hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(token_hash(&token))
    .bind(user_id)
    .bind(purpose.code())
    .bind(email)
    .bind(t)
    .bind(t + purpose.lifetime())
    .bind(password_hash)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(token)
}

/// A link that still works: its account, the address it is for, and the hash of the password
/// chosen with it (empty when none was).
pub struct Link {
    pub user_id: i64,
    pub email: String,
    pub password_hash: String,
}

fn link_of((user_id, email, password_hash): (i64, String, String)) -> Link {
    Link {
        user_id,
        email,
        password_hash,
    }
}

/// The link `token` of `purpose`, if it still works, without using it up.
pub async fn link(db: &Db, purpose: LinkPurpose, token: &str) -> AppResult<Option<Link>> {
    let row: Option<(i64, String, String)> = db::query_as(
        "SELECT user_id, email, password_hash FROM account_links \
         WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > $3",
    )
    .bind(token_hash(token))
    .bind(purpose.code())
    .bind(now())
    .fetch_optional(db.pool())
    .await?;
    Ok(row.map(link_of))
}

/// Uses the link up within `tx`, if it still works: of two people following it at once, one
/// gets it.
pub async fn use_link(tx: &mut Tx, purpose: LinkPurpose, token: &str) -> AppResult<Option<Link>> {
    let row: Option<(i64, String, String)> = db::query_as(
        "UPDATE account_links SET used_at = $1 \
         WHERE token_hash = $2 AND purpose = $3 AND used_at IS NULL AND expires_at > $1 \
         RETURNING user_id, email, password_hash",
    )
    .bind(now())
    .bind(token_hash(token))
    .bind(purpose.code())
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(link_of))
}

/// Marks the account's address confirmed, and with `email` changes it to that address first.
/// `Ok(false)` when another account has taken the address meanwhile.
pub async fn confirm_email(tx: &mut Tx, user_id: i64, email: &str) -> AppResult<bool> {
    let done = db::query(
        "UPDATE users SET email = $1, email_confirmed_at = $2 WHERE id = $3 \
         AND NOT EXISTS (SELECT 1 FROM users o WHERE o.email = $1 AND o.id <> $3)",
    )
    .bind(email)
    .bind(now())
    .bind(user_id)
    .execute(&mut **tx)
    .await;
    match done {
        Ok(done) => Ok(done.rows_affected() > 0),
        Err(e) if e.is_unique_violation() => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Sets the password, and ends the account's links not yet used: a link asked for before the
/// password changed (an address change, by whoever knew the old one) no longer works.
pub async fn set_password_hash(tx: &mut Tx, user_id: i64, hash: &str) -> AppResult<()> {
    db::query("UPDATE users SET password_hash = $1 WHERE id = $2")
        .bind(hash)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    db::query("UPDATE account_links SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL")
        .bind(now())
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Ends the account's sessions, web and API alike, but the one `keep` (by its token's hash).
pub async fn end_sessions(tx: &mut Tx, user_id: i64, keep: Option<&str>) -> AppResult<u64> {
    let done = db::query("DELETE FROM sessions WHERE user_id = $1 AND token_hash <> $2")
        .bind(user_id)
        .bind(keep.unwrap_or(""))
        .execute(&mut **tx)
        .await?;
    Ok(done.rows_affected())
}

/// Whether the browser holding `device` has logged in to the account before.
pub async fn is_known_browser(db: &Db, device: &str, user_id: i64) -> AppResult<bool> {
    let known: Option<i64> =
        db::query_scalar("SELECT user_id FROM login_devices WHERE token_hash = $1")
            .bind(token_hash(device))
            .fetch_optional(db.pool())
            .await?;
    Ok(known == Some(user_id))
}

/// Remembers a browser the account has logged in from; returns the secret for its cookie.
pub async fn remember_browser(db: &Db, user_id: i64) -> AppResult<String> {
    let token = random_token();
    db::query("INSERT INTO login_devices (token_hash, user_id, created_at) VALUES ($1, $2, $3)")
        .bind(token_hash(&token))
        .bind(user_id)
        .bind(now())
        .execute(db.pool())
        .await?;
    Ok(token)
}

/// One of a person's sessions.
pub struct Session {
    pub token_hash: String,
    pub kind: String,
    pub user_agent: String,
    pub created_at: i64,
}

/// The account's sessions that have not run out, newest first.
pub async fn sessions(db: &Db, user_id: i64) -> AppResult<Vec<Session>> {
    let rows = db::query(
        "SELECT token_hash, kind, user_agent, created_at FROM sessions \
         WHERE user_id = $1 AND expires_at > $2 ORDER BY created_at DESC, token_hash LIMIT 100",
    )
    .bind(user_id)
    .bind(now())
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Session {
                token_hash: r.try_get("token_hash")?,
                kind: r.try_get("kind")?,
                user_agent: r.try_get("user_agent")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect::<Result<_, db::Error>>()
        .map_err(Into::into)
}

/// Gives the account a role on the platform; its role before.
pub async fn set_platform_role_in(
    tx: &mut Tx,
    user_id: i64,
    role: PlatformRole,
) -> AppResult<PlatformRole> {
    let before: String = db::query_scalar("SELECT platform_role FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_one(&mut **tx)
        .await?;
    db::query("UPDATE users SET platform_role = $1 WHERE id = $2")
        .bind(role.code())
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(PlatformRole::parse(&before).unwrap_or(PlatformRole::Citizen))
}

pub async fn admins_in(tx: &mut Tx) -> AppResult<i64> {
    Ok(
        db::query_scalar("SELECT COUNT(*) FROM users WHERE platform_role = 'admin'")
            .fetch_one(&mut **tx)
            .await?,
    )
}

/// Someone with a role on the platform beyond citizen.
pub struct Staff {
    pub person_id: i64,
    pub name: String,
    pub email: String,
    pub role: PlatformRole,
}

/// Moderators and admins, by name.
pub async fn staff(db: &Db) -> AppResult<Vec<Staff>> {
    let rows = db::query(
        "SELECT u.person_id, a.name, u.email, u.platform_role FROM users u \
         JOIN actors a ON a.id = u.person_id WHERE u.platform_role <> 'citizen' \
         ORDER BY a.sort_name, u.id",
    )
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Staff {
                person_id: r.try_get("person_id")?,
                name: r.try_get("name")?,
                email: r.try_get("email")?,
                role: db::decode(r, "platform_role", PlatformRole::parse)?,
            })
        })
        .collect::<Result<_, db::Error>>()
        .map_err(Into::into)
}
