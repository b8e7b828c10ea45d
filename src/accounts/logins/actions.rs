//! What a login through a provider does: log in to the account it is linked to, link it to
//! the account of the person who asked, or, for someone new, wait until they say which
//! account is theirs. An employee's login brings their work address and the roles their groups
//! give; a citizen's brings only a verified name.

use super::model::{Identity, LoginRefusal, unit_roles};
use super::store;
use crate::accounts::actions::{self as account_actions, Attempt, LoginOutcome};
use crate::accounts::model::{AccountMail, Registration};
use crate::accounts::store as account_store;
use crate::audit;
use crate::platform::auth::{self, PlatformRole};
use crate::platform::db::{self, Db, Tx};
use crate::platform::error::{AppError, AppResult, valid};
use crate::platform::oidc::{Audience, ProviderConfig};
use crate::platform::time::now;

/// What a provider's answer came to.
pub enum Arrival {
    /// Log the browser in to this account.
    LogIn { user_id: i64 },
    /// The login was linked to the account of the person who asked.
    Linked { user_id: i64 },
    /// Someone the provider vouched for who has no account here yet: they say which is theirs,
    /// or make one.
    Introduce(Identity),
}

/// Acts on a login the provider vouched for; `linking` is the account of a logged-in person
/// who asked to link it.
pub async fn arrive(
    db: &Db,
    p: &ProviderConfig,
    identity: Identity,
    linking: Option<i64>,
) -> AppResult<Arrival> {
    if let Some(user_id) = linking {
        link(db, p, user_id, &identity).await?;
        return Ok(Arrival::Linked { user_id });
    }
    if let Some(user_id) = store::linked_user(db, &identity.provider, &identity.subject).await? {
        link(db, p, user_id, &identity).await?;
        return Ok(Arrival::LogIn { user_id });
    }
    let Some(email) = identity
        .email
        .clone()
        .filter(|_| p.audience == Audience::Employees)
    else {
        return Ok(Arrival::Introduce(identity));
    };
    // The employer vouches for the work address: its account is this person's.
    let user_id = match account_store::by_email(db, &email).await? {
        Some(account) => {
            if !account.confirmed {
                take_over_unconfirmed(db, account.id, &email).await?;
            }
            account.id
        }
        None => {
            let name = identity.name.clone().unwrap_or_else(|| email.clone());
            let r = Registration {
                name,
                email: email.clone(),
                password: String::new(),
                neighbourhood: String::new(),
            };
            match account_store::register_hashed(db, &r, "", PlatformRole::Citizen, true).await? {
                Some((user_id, _)) => user_id,
                // A login at the same moment made it.
                None => match account_store::by_email(db, &email).await? {
                    Some(account) => account.id,
                    None => {
                        return Err(AppError::Internal("account neither made nor found".into()));
                    }
                },
            }
        }
    };
    link(db, p, user_id, &identity).await?;
    Ok(Arrival::LogIn { user_id })
}

/// An account nobody confirmed, whose address the employer now vouches for: whoever made it
/// keeps nothing of it (its password, sessions and linked logins go).
async fn take_over_unconfirmed(db: &Db, user_id: i64, email: &str) -> AppResult<()> {
    let mut tx = db.begin().await?;
    account_store::confirm_email(&mut tx, user_id, email).await?;
    account_store::set_password_hash(&mut tx, user_id, "").await?;
    account_store::end_sessions(&mut tx, user_id, None).await?;
    store::forget_all_in(&mut tx, user_id).await?;
    tx.commit().await?;
    Ok(())
}

/// Links the login to the account (or updates what is known of it), with the roles an
/// employee's groups give, in one transaction.
async fn link(db: &Db, p: &ProviderConfig, user_id: i64, identity: &Identity) -> AppResult<()> {
    let mut tx = db.begin().await?;
    if store::link_in(&mut tx, user_id, identity).await?? == store::Linked::Now {
        let entry = audit::Entry::own(user_id, audit::Act::LoginLinked, p.name.clone());
        audit::record_in(&mut tx, &entry).await?;
    }
    if p.audience == Audience::Employees {
        apply_groups(&mut tx, p, user_id, identity).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Gives the person the roles their groups give now and takes away those of groups they left;
/// each change goes into the audit log in the person's name, with the provider as the reason.
async fn apply_groups(
    tx: &mut Tx,
    p: &ProviderConfig,
    user_id: i64,
    identity: &Identity,
) -> AppResult<()> {
    let roles = unit_roles(p, &identity.groups);
    let reason = format!("{} ({})", p.label, identity.groups.join(", "));
    set_group_roles(tx, &p.name, user_id, &roles, &reason).await
}

async fn set_group_roles(
    tx: &mut Tx,
    provider: &str,
    user_id: i64,
    roles: &[(String, auth::MembershipRole)],
    reason: &str,
) -> AppResult<()> {
    let row = db::query(
        "SELECT u.person_id, a.name FROM users u JOIN actors a ON a.id = u.person_id WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_one(&mut **tx)
    .await?;
    let person_id: i64 = row.try_get("person_id")?;
    let name: String = row.try_get("name")?;
    let changes = store::set_group_memberships_in(tx, person_id, provider, roles).await?;
    let code = |r: Option<auth::MembershipRole>| r.map_or("-", |r| r.code());
    for change in changes {
        let entry = audit::Entry {
            at: now(),
            by_user_id: Some(user_id),
            by_name: name.clone(),
            act: audit::Act::MembershipFromGroup,
            subject: format!("actor:{}", change.unit_id),
            detail: format!(
                "person:{person_id} {} → {}",
                code(change.before),
                code(change.after)
            ),
            reason: reason.to_string(),
        };
        audit::record_in(tx, &entry).await?;
    }
    Ok(())
}

/// Someone the provider vouched for proves with their password which account is theirs (a
/// login attempt like any other, slowed after failures); the login is linked to it.
pub async fn link_to_account(
    db: &Db,
    p: &ProviderConfig,
    identity: &Identity,
    attempt: &Attempt<'_>,
) -> AppResult<LoginOutcome> {
    let outcome = account_actions::log_in(db, attempt).await?;
    if let LoginOutcome::LoggedIn { user_id, .. } = &outcome {
        link(db, p, *user_id, identity).await?;
    }
    Ok(outcome)
}

/// Someone the provider vouched for makes an account, with the login linked to it; its address
/// is confirmed by a link like any other. `None` when the address has an account (which the
/// person then links with its password).
pub async fn create_account(
    db: &Db,
    client: &str,
    p: &ProviderConfig,
    identity: &Identity,
    mut r: Registration,
) -> AppResult<Option<i64>> {
    valid(r.check())?;
    account_actions::count_registration(db, client).await?;
    let hash = auth::hash_password(r.password.clone()).await?;
    let citizen = PlatformRole::Citizen;
    let Some((user_id, _)) = account_store::register_hashed(db, &r, &hash, citizen, false).await?
    else {
        return Ok(None);
    };
    link(db, p, user_id, identity).await?;
    account_actions::send_confirmation(db, user_id, &r.email, AccountMail::Confirm, &hash).await?;
    Ok(Some(user_id))
}

/// Takes a login away from the viewer's account while another way in remains, with the roles
/// its groups gave.
pub async fn unlink(db: &Db, user_id: i64, login_id: i64) -> AppResult<()> {
    let mut tx = db.begin().await?;
    let Some(provider) = store::unlink_in(&mut tx, user_id, login_id).await? else {
        return Err(LoginRefusal::LastLogin.into());
    };
    let reason = format!("{provider} (unlinked)");
    set_group_roles(&mut tx, &provider, user_id, &[], &reason).await?;
    let entry = audit::Entry::own(user_id, audit::Act::LoginUnlinked, provider);
    audit::record_in(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(())
}
