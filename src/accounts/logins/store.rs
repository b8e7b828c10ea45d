//! Storage of logins linked to accounts, of logins under way, and of the memberships that
//! providers' groups give.

use super::model::{Identity, LoginRefusal};
use crate::actors::model::name_key;
use crate::platform::auth::{MembershipRole, random_token, token_hash};
use crate::platform::db::{self, Db, Tx};
use crate::platform::error::AppResult;
use crate::platform::oidc::Secrets;
use crate::platform::time::now;

/// How long a login may take at the provider, and how long someone the provider vouched for
/// has to say which account is theirs.
pub const FLOW_SECONDS: i64 = 15 * 60;

/// A login under way, as kept until the provider sends the browser back.
pub struct Flow {
    pub provider: String,
    pub secrets: Secrets,
    /// The account a logged-in person is linking the login to.
    pub user_id: Option<i64>,
    pub next: String,
}

/// Keeps a login's secrets and returns the key the browser holds (in a cookie) to claim them.
pub async fn start_flow(
    db: &Db,
    provider: &str,
    secrets: &Secrets,
    user_id: Option<i64>,
    next: &str,
) -> AppResult<String> {
    let key = random_token();
    let t = now();
    db::query("DELETE FROM login_flows WHERE created_at < $1")
        .bind(t - FLOW_SECONDS)
        .execute(db.pool())
        .await?;
    db::query(
        "INSERT INTO login_flows (id_hash, provider, state, nonce, verifier, user_id, next, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(token_hash(&key))
    .bind(provider)
    .bind(&secrets.state)
    .bind(&secrets.nonce)
    .bind(&secrets.verifier)
    .bind(user_id)
    .bind(next)
    .bind(t)
    .execute(db.pool())
    .await?;
    Ok(key)
}

/// Takes the login under way that `key` names, once: a replayed answer finds nothing.
pub async fn take_flow(db: &Db, key: &str) -> AppResult<Option<Flow>> {
    let row = db::query(
        "DELETE FROM login_flows WHERE id_hash = $1 AND identity IS NULL AND created_at > $2 \
         RETURNING provider, state, nonce, verifier, user_id, next",
    )
    .bind(token_hash(key))
    .bind(now() - FLOW_SECONDS)
    .fetch_optional(db.pool())
    .await?;
    let Some(row) = row else { return Ok(None) };
    Ok(Some(Flow {
        provider: row.try_get("provider")?,
        secrets: Secrets {
            state: row.try_get("state")?,
            nonce: row.try_get("nonce")?,
            verifier: row.try_get("verifier")?,
        },
        user_id: row.try_get("user_id")?,
        next: row.try_get("next")?,
    }))
}

/// Keeps someone the provider vouched for while they say which account is theirs; returns the
/// key their browser holds.
pub async fn park(db: &Db, identity: &Identity, next: &str) -> AppResult<String> {
    let key = random_token();
    let json = serde_json::to_string(identity).expect("an identity serialises");
    db::query(
        "INSERT INTO login_flows (id_hash, provider, state, nonce, verifier, next, identity, created_at) \
         VALUES ($1, $2, '', '', '', $3, $4, $5)",
    )
    .bind(token_hash(&key))
    .bind(&identity.provider)
    .bind(next)
    .bind(json)
    .bind(now())
    .execute(db.pool())
    .await?;
    Ok(key)
}

/// The identity parked under `key`, with where to go after; `take` uses it up.
pub async fn parked(db: &Db, key: &str, take: bool) -> AppResult<Option<(Identity, String)>> {
    let sql = match take {
        true => {
            "DELETE FROM login_flows WHERE id_hash = $1 AND identity IS NOT NULL AND created_at > $2 RETURNING identity, next"
        }
        false => {
            "SELECT identity, next FROM login_flows WHERE id_hash = $1 AND identity IS NOT NULL AND created_at > $2"
        }
    };
    let row = db::query(sql)
        .bind(token_hash(key))
        .bind(now() - FLOW_SECONDS)
        .fetch_optional(db.pool())
        .await?;
    let Some(row) = row else { return Ok(None) };
    let json: String = row.try_get("identity")?;
    Ok(serde_json::from_str(&json)
        .ok()
        .map(|i| (i, row.try_get("next").unwrap_or_default())))
}

/// The account a login is linked to.
pub async fn linked_user(db: &Db, provider: &str, subject: &str) -> AppResult<Option<i64>> {
    Ok(
        db::query_scalar("SELECT user_id FROM logins WHERE provider = $1 AND subject = $2")
            .bind(provider)
            .bind(subject)
            .fetch_optional(db.pool())
            .await?,
    )
}

/// Whether a login was linked just now or before.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Linked {
    Now,
    Already,
}

/// Links the login to the account, or brings what is known of it up to date; refused when it
/// belongs to another account, or the account has another login through the provider
/// (decided by the unique keys, so two links at once cannot both win).
pub async fn link_in(
    tx: &mut Tx,
    user_id: i64,
    id: &Identity,
) -> AppResult<Result<Linked, LoginRefusal>> {
    let t = now();
    let updated = db::query(
        "UPDATE logins SET verified_name = $1, at_least_15 = $2, assurance = $3, last_used_at = $4 \
         WHERE provider = $5 AND subject = $6 AND user_id = $7",
    )
    .bind(&id.verified_name)
    .bind(id.at_least_15.map(i64::from))
    .bind(id.assurance.code())
    .bind(t)
    .bind(&id.provider)
    .bind(&id.subject)
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    if updated.rows_affected() > 0 {
        return Ok(Ok(Linked::Already));
    }
    let inserted = db::query(
        "INSERT INTO logins (provider, subject, user_id, verified_name, at_least_15, assurance, created_at, last_used_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT DO NOTHING",
    )
    .bind(&id.provider)
    .bind(&id.subject)
    .bind(user_id)
    .bind(&id.verified_name)
    .bind(id.at_least_15.map(i64::from))
    .bind(id.assurance.code())
    .bind(t)
    .execute(&mut **tx)
    .await?;
    if inserted.rows_affected() > 0 {
        return Ok(Ok(Linked::Now));
    }
    let owner: Option<i64> =
        db::query_scalar("SELECT user_id FROM logins WHERE provider = $1 AND subject = $2")
            .bind(&id.provider)
            .bind(&id.subject)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(Err(match owner {
        Some(_) => LoginRefusal::LinkedElsewhere,
        None => LoginRefusal::ProviderLinked,
    }))
}

/// A login linked to an account, for its owner's page and export.
#[derive(Clone, Debug, serde::Serialize)]
pub struct LinkedLogin {
    pub id: i64,
    pub provider: String,
    pub verified_name: Option<String>,
    pub assurance: String,
    pub created_at: i64,
    pub last_used_at: i64,
}

pub async fn logins_of(db: &Db, user_id: i64) -> AppResult<Vec<LinkedLogin>> {
    let rows = db::query(
        "SELECT id, provider, verified_name, assurance, created_at, last_used_at FROM logins \
         WHERE user_id = $1 ORDER BY created_at, id",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(LinkedLogin {
                id: r.try_get("id")?,
                provider: r.try_get("provider")?,
                verified_name: r.try_get("verified_name")?,
                assurance: r.try_get("assurance")?,
                created_at: r.try_get("created_at")?,
                last_used_at: r.try_get("last_used_at")?,
            })
        })
        .collect::<Result<_, db::Error>>()
        .map_err(Into::into)
}

/// Unlinks a login while another way in remains (a password or another login), returning its
/// provider; `None` when it would leave no way in. The account's row is locked first, so two
/// unlinkings at once cannot take away both of the last two.
pub async fn unlink_in(tx: &mut Tx, user_id: i64, login_id: i64) -> AppResult<Option<String>> {
    db::query("UPDATE users SET last_active_at = last_active_at WHERE id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(db::query_scalar(
        "DELETE FROM logins WHERE id = $1 AND user_id = $2 AND ( \
           (SELECT COUNT(*) FROM logins WHERE user_id = $2) > 1 \
           OR (SELECT password_hash FROM users WHERE id = $2) <> '') RETURNING provider",
    )
    .bind(login_id)
    .bind(user_id)
    .fetch_optional(&mut **tx)
    .await?)
}

/// Forgets every login linked to the account: its address's owner has just proven that it is
/// theirs, and whoever made it before them keeps no way in.
pub async fn forget_all_in(tx: &mut Tx, user_id: i64) -> AppResult<()> {
    db::query("DELETE FROM logins WHERE user_id = $1")
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A column that is 1 when the person (`person_column`, an actor id) goes by the name a
/// citizens' provider (MitID) verified for them, for the pages that show who accepted or
/// applied (a name changed since is not vouched for).
pub fn verified_column(person_column: &str) -> String {
    format!(
        "CAST(CASE WHEN EXISTS (SELECT 1 FROM logins vl JOIN users vu ON vu.id = vl.user_id \
         JOIN actors va ON va.id = vu.person_id \
         WHERE vu.person_id = {person_column} AND vl.verified_name = va.name) THEN 1 ELSE 0 END AS BIGINT)"
    )
}

/// A change in the memberships a provider's groups give.
pub struct GroupChange {
    pub unit_id: i64,
    pub before: Option<MembershipRole>,
    pub after: Option<MembershipRole>,
}

/// Makes the person's memberships given by `provider` the ones listed (unit names and roles):
/// new ones are added, changed ones changed, and those whose group is gone removed. A
/// membership given by hand is left as it is. Returns what changed, for the audit log.
pub async fn set_group_memberships_in(
    tx: &mut Tx,
    person_id: i64,
    provider: &str,
    roles: &[(String, MembershipRole)],
) -> AppResult<Vec<GroupChange>> {
    let mut wanted: Vec<(i64, MembershipRole)> = Vec::new();
    for (unit, role) in roles {
        let id: Option<i64> = db::query_scalar(
            "SELECT id FROM actors WHERE kind = 'municipal_unit' AND name_key = $1",
        )
        .bind(name_key(unit))
        .fetch_optional(&mut **tx)
        .await?;
        match id {
            Some(id) => wanted.push((id, *role)),
            None => tracing::warn!(unit, provider, "a group names a unit that does not exist"),
        }
    }
    let held = db::query(
        "SELECT organisation_id, role FROM memberships WHERE person_id = $1 AND granted_by = $2",
    )
    .bind(person_id)
    .bind(provider)
    .fetch_all(&mut **tx)
    .await?;
    let mut changes = Vec::new();
    for row in &held {
        let unit_id: i64 = row.try_get("organisation_id")?;
        let before = MembershipRole::parse(&row.try_get::<String, _>("role")?);
        let after = wanted.iter().find(|(u, _)| *u == unit_id).map(|(_, r)| *r);
        if after == before {
            continue;
        }
        match after {
            None => {
                db::query("DELETE FROM memberships WHERE person_id = $1 AND organisation_id = $2")
                    .bind(person_id)
                    .bind(unit_id)
                    .execute(&mut **tx)
                    .await?
            }
            Some(role) => db::query(
                "UPDATE memberships SET role = $1 WHERE person_id = $2 AND organisation_id = $3",
            )
            .bind(role.code())
            .bind(person_id)
            .bind(unit_id)
            .execute(&mut **tx)
            .await?,
        };
        changes.push(GroupChange {
            unit_id,
            before,
            after,
        });
    }
    for (unit_id, role) in wanted {
        let added = db::query(
            "INSERT INTO memberships (organisation_id, person_id, role, created_at, granted_by) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (organisation_id, person_id) DO NOTHING",
        )
        .bind(unit_id)
        .bind(person_id)
        .bind(role.code())
        .bind(now())
        .bind(provider)
        .execute(&mut **tx)
        .await?;
        if added.rows_affected() > 0 {
            changes.push(GroupChange {
                unit_id,
                before: None,
                after: Some(role),
            });
        }
    }
    Ok(changes)
}
