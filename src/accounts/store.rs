//! Storage of user accounts. Each account is a person actor with a login.

use crate::actors::store as actor_store;
use crate::platform::auth::{self, PlatformRole};
use crate::platform::db::{self, Db};
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::time::now;
use crate::refusals;
use crate::text;

refusals! {
    pub enum AccountRefusal {
        EmailTaken = "email_taken" => |s| s.err_email_taken,
    }
}

pub const PASSWORD_MIN: usize = 10;
pub const PASSWORD_MAX: usize = 1024;

/// E-mail addresses are compared trimmed and lower-cased.
pub fn normalise_email(email: &str) -> String {
    crate::platform::input::printable(email).to_lowercase()
}

pub fn valid_email(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    email.len() <= 254
        && !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !email.contains(char::is_whitespace)
        && !domain.contains('@')
}

pub struct Registration {
    pub name: String,
    pub email: String,
    pub password: String,
    pub neighbourhood: String,
}

impl Registration {
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        crate::platform::input::check_line(&mut errors, "name", &mut self.name, true, 120);
        crate::platform::input::check_line(
            &mut errors,
            "neighbourhood",
            &mut self.neighbourhood,
            false,
            120,
        );
        self.email = normalise_email(&self.email);
        if !valid_email(&self.email) {
            errors.insert("email", text!(err_email));
        }
        let n = self.password.chars().count();
        if n < PASSWORD_MIN {
            errors.insert("password", text!(err_password_short(PASSWORD_MIN)));
        } else if n > PASSWORD_MAX {
            errors.insert("password", text!(err_too_long(PASSWORD_MAX)));
        }
        errors
    }
}

/// Creates the person and the account in one transaction. `Ok(None)` when the e-mail address
/// is taken (decided by the unique constraint, so two simultaneous sign-ups cannot both win).
pub async fn register(
    db: &Db,
    r: &Registration,
    role: PlatformRole,
) -> AppResult<Option<(i64, i64)>> {
    let hash = auth::hash_password(r.password.clone()).await?;
    register_hashed(db, r, &hash, role).await
}

/// [`register`] with the password hashed already, so that accounts sharing one password (the
/// demo's) cost one hash, not one each.
pub async fn register_hashed(
    db: &Db,
    r: &Registration,
    password_hash: &str,
    role: PlatformRole,
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
    let user_id: i64 = db::query_scalar(
        "INSERT INTO users (email, password_hash, person_id, platform_role, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&r.email)
    .bind(password_hash)
    .bind(person_id)
    .bind(role.code())
    .bind(now())
    .fetch_one(&mut *tx)
    .await
    .map_err(|e| match &e {
        e if e.is_unique_violation() => AppError::from(AccountRefusal::EmailTaken),
        _ => e.into(),
    })?;
    tx.commit().await?;
    Ok(Some((user_id, person_id)))
}

/// Checks a login; `None` for an unknown address or a wrong password alike.
pub async fn authenticate(db: &Db, email: &str, password: &str) -> AppResult<Option<i64>> {
    let row: Option<(i64, String)> =
        db::query_as("SELECT id, password_hash FROM users WHERE email = $1")
            .bind(normalise_email(email))
            .fetch_optional(db.pool())
            .await?;
    let Some((id, hash)) = row else {
        return Ok(None);
    };
    Ok(auth::verify_password(password.to_string(), hash)
        .await
        .then_some(id))
}

pub async fn person_by_email(db: &Db, email: &str) -> AppResult<Option<i64>> {
    Ok(
        db::query_scalar("SELECT person_id FROM users WHERE email = $1")
            .bind(normalise_email(email))
            .fetch_optional(db.pool())
            .await?,
    )
}
