//! What people do with their accounts, the same for the pages and the API: register and confirm
//! the address, log in (slowed down, never locked, after failures), reset a forgotten password,
//! change the address or the password, and end sessions.

use super::logins::store as logins_store;
use super::model::*;
use super::store::{self, Account};
use crate::audit;
use crate::platform::auth::{self, PlatformRole, Viewer};
use crate::platform::db::Db;
use crate::platform::error::{AppError, AppResult, FieldErrors, valid};
use crate::platform::input::check_line;
use crate::platform::mail;
use crate::platform::permissions::{Action, require};
use crate::platform::rate_limit;
use crate::text;

/// Where a mail about the account sends someone who did not do what it tells of.
const FORGOT: &str = "/password/forgot";

/// Registers an account and mails a link to confirm its address. The answer is the same
/// whether the address had an account or not, and takes as long (the password is hashed
/// either way): its owner is mailed instead, so nobody learns from the form who has an account.
pub async fn register(db: &Db, client: &str, mut r: Registration) -> AppResult<()> {
    valid(r.check())?;
    count_registration(db, client).await?;
    let hash = auth::hash_password(r.password.clone()).await?;
    let citizen = PlatformRole::Citizen;
    if let Some((user_id, _)) = store::register_hashed(db, &r, &hash, citizen, false).await? {
        return send_confirmation(db, user_id, &r.email, AccountMail::Confirm, &hash).await;
    }
    let Some(owner) = store::by_email(db, &r.email).await? else {
        return Ok(());
    };
    // Whoever registered the address first does not keep it: the link carries this password,
    // and confirming sets it and ends every session.
    match owner.confirmed {
        false => send_confirmation(db, owner.id, &owner.email, AccountMail::Confirm, &hash).await,
        true => tell(db, &owner, AccountMail::AlreadyRegistered, FORGOT).await,
    }
}

/// Counts an account made by the client, refused beyond a few an hour.
pub async fn count_registration(db: &Db, client: &str) -> AppResult<()> {
    let bucket = format!("register:{client}");
    if !rate_limit::allowed(db, &bucket, REGISTRATIONS_PER_CLIENT, 3600).await? {
        return Err(AppError::TooManyRequests);
    }
    rate_limit::record(db, &bucket).await?;
    Ok(())
}

/// Mails a link confirming `email` for the account, at most a few an hour; `password_hash`
/// is the password chosen with it, set when a new account is confirmed.
pub async fn send_confirmation(
    db: &Db,
    user_id: i64,
    email: &str,
    which: AccountMail,
    password_hash: &str,
) -> AppResult<()> {
    let bucket = format!("confirm:{user_id}");
    if !rate_limit::allowed(db, &bucket, CONFIRMATIONS_PER_ACCOUNT, 3600).await? {
        return Ok(());
    }
    rate_limit::record(db, &bucket).await?;
    let purpose = LinkPurpose::Confirm;
    let token = store::create_link(db, user_id, purpose, email, password_hash).await?;
    let mail = which.compose(&purpose.path(&token));
    let key = format!("link:{}", auth::token_hash(&token));
    mail::queue(db, email, &key, &mail, "").await?;
    Ok(())
}

/// Tells the account's owner something about it at their address, once an hour at most per
/// kind of mail, so that nobody can flood them.
pub async fn tell(db: &Db, account: &Account, which: AccountMail, path: &str) -> AppResult<()> {
    let hour = crate::platform::time::now() / 3600;
    let key = format!("account:{}:{}:{hour}", account.id, which.code());
    mail::queue(db, &account.email, &key, &which.compose(path), "").await?;
    Ok(())
}

/// Sends a new link confirming the viewer's address.
pub async fn resend_confirmation(db: &Db, viewer: &Viewer) -> AppResult<()> {
    match viewer.email_confirmed {
        true => Ok(()),
        false => {
            let (user, email) = (viewer.user_id, &viewer.email);
            send_confirmation(db, user, email, AccountMail::Confirm, "").await
        }
    }
}

/// What following a link sent by mail came to.
pub enum Followed {
    /// It worked, for this account.
    Done { user_id: i64, person_id: i64 },
    /// It was used already, or has run out.
    Gone,
    /// It changes the account's address: only the account's own session may follow it.
    LogInFirst,
    /// It confirms a new account but carries no password: whoever follows it chooses one.
    ChoosePassword,
}

/// What following the confirmation link `token` would do, without using it up.
pub async fn confirmation(db: &Db, token: &str, viewer: Option<i64>) -> AppResult<Followed> {
    let Some(link) = store::link(db, LinkPurpose::Confirm, token).await? else {
        return Ok(Followed::Gone);
    };
    let Some(account) = store::by_id(db, link.user_id).await? else {
        return Ok(Followed::Gone);
    };
    Ok(
        if account.email != link.email && viewer != Some(account.id) {
            Followed::LogInFirst
        } else if !account.confirmed && link.password_hash.is_empty() {
            Followed::ChoosePassword
        } else {
            Followed::Done {
                user_id: account.id,
                person_id: account.person_id,
            }
        },
    )
}

/// Confirms the address a link was sent to. A new account's first confirmation sets the
/// password chosen with the link (or `password`, typed now) and ends every session, so nobody
/// who registered the address before its owner keeps a way in. A new address for an account
/// is confirmed from its own session; its other sessions end, as with a new password.
pub async fn confirm(
    db: &Db,
    token: &str,
    viewer: Option<i64>,
    current_session: Option<&str>,
    password: Option<&str>,
) -> AppResult<Followed> {
    let done = confirmation(db, token, viewer).await?;
    let new_hash = match (&done, password) {
        (Followed::ChoosePassword, Some(password)) => {
            if let Some(problem) = check_password(password) {
                return Err(AppError::Invalid([("password", problem)].into()));
            }
            Some(auth::hash_password(password.to_string()).await?)
        }
        (Followed::Done { .. }, _) => None,
        _ => return Ok(done),
    };
    let mut tx = db.begin().await?;
    let Some(link) = store::use_link(&mut tx, LinkPurpose::Confirm, token).await? else {
        return Ok(Followed::Gone);
    };
    let Some(before) = store::by_id_in(&mut tx, link.user_id).await? else {
        return Ok(Followed::Gone);
    };
    if !store::confirm_email(&mut tx, link.user_id, &link.email).await? {
        return Err(AccountRefusal::EmailTaken.into());
    }
    let first_hash = new_hash.or((!link.password_hash.is_empty()).then_some(link.password_hash));
    match first_hash.filter(|_| !before.confirmed) {
        Some(hash) => {
            // A password other than the account's own means someone else registered the
            // address first: what they linked to it goes with them.
            if hash != before.password_hash {
                logins_store::forget_all_in(&mut tx, before.id).await?;
            }
            new_password_in(&mut tx, before.id, &hash, None).await?;
        }
        None if before.email != link.email => {
            let keep = current_session.map(auth::token_hash);
            store::end_sessions(&mut tx, link.user_id, keep.as_deref()).await?;
        }
        None => {}
    }
    tx.commit().await?;
    Ok(Followed::Done {
        user_id: before.id,
        person_id: before.person_id,
    })
}

/// Mails a link to set a new password, if the address has an account; the answer is the same
/// either way. A client asking too often is refused; an address is sent a few links an hour.
pub async fn request_reset(db: &Db, client: &str, email: &str) -> AppResult<()> {
    let email = normalise_email(email);
    if !valid_email(&email) {
        return valid([("email", text!(err_email))].into());
    }
    let by_client = format!("reset-client:{client}");
    if !rate_limit::allowed(db, &by_client, RESETS_PER_CLIENT, 3600).await? {
        return Err(AppError::TooManyRequests);
    }
    rate_limit::record(db, &by_client).await?;
    let by_address = format!("reset:{email}");
    let flooded = !rate_limit::allowed(db, &by_address, RESETS_PER_ADDRESS, 3600).await?;
    rate_limit::record(db, &by_address).await?;
    let Some(account) = store::by_email(db, &email).await?.filter(|_| !flooded) else {
        return Ok(());
    };
    let token = store::create_link(db, account.id, LinkPurpose::Reset, &account.email, "").await?;
    let mail = AccountMail::Reset.compose(&LinkPurpose::Reset.path(&token));
    let key = format!("link:{}", auth::token_hash(&token));
    mail::queue(db, &account.email, &key, &mail, "").await?;
    Ok(())
}

/// Sets a new password with a reset link: the link is used up, every session of the account
/// ends, and its address counts as confirmed (the link reached it).
pub async fn reset(db: &Db, token: &str, password: &str) -> AppResult<Followed> {
    if let Some(problem) = check_password(password) {
        return Err(AppError::Invalid([("password", problem)].into()));
    }
    let hash = auth::hash_password(password.to_string()).await?;
    let mut tx = db.begin().await?;
    let Some(link) = store::use_link(&mut tx, LinkPurpose::Reset, token).await? else {
        return Ok(Followed::Gone);
    };
    let Some(account) = store::by_id_in(&mut tx, link.user_id).await? else {
        return Ok(Followed::Gone);
    };
    if !account.confirmed {
        logins_store::forget_all_in(&mut tx, account.id).await?;
    }
    store::confirm_email(&mut tx, account.id, &account.email).await?;
    new_password_in(&mut tx, account.id, &hash, None).await?;
    let entry = audit::Entry::own(account.id, audit::Act::PasswordReset, String::new());
    audit::record_in(&mut tx, &entry).await?;
    tx.commit().await?;
    tell(db, &account, AccountMail::PasswordChanged, FORGOT).await?;
    Ok(Followed::Done {
        user_id: account.id,
        person_id: account.person_id,
    })
}

/// A login attempt: the address and password given, who is asking (for rate limits), for a
/// browser (which can keep a cookie) the secret of its cookie if it has one, and whether it
/// comes from a session of the account itself (typing the password again).
pub struct Attempt<'a> {
    pub email: &'a str,
    pub password: &'a str,
    pub client: &'a str,
    pub browser: Option<Option<&'a str>>,
    pub signed_in: bool,
}

/// What a login attempt came to.
pub enum LoginOutcome {
    /// The password is right. `remember` is a new secret for the browser's cookie, when the
    /// account has not logged in from this browser before.
    LoggedIn {
        user_id: i64,
        remember: Option<String>,
    },
    /// The address or the password is wrong (which, is not told).
    Refused,
    /// Too many failures: the next attempt may come in this many seconds.
    Wait(i64),
}

/// Checks a login. Failures are counted per client and per account; beyond a few, each
/// attempt waits longer, but only from browsers the account has not logged in from, so a
/// stranger guessing cannot keep the owner out. The owner is told when guessing starts.
pub async fn log_in(db: &Db, attempt: &Attempt<'_>) -> AppResult<LoginOutcome> {
    let email = normalise_email(attempt.email);
    let account = store::by_email(db, &email).await?;
    let by_account = format!("login:{email}");
    let browser = attempt.browser.flatten();
    let by_browser = browser.map(|b| format!("login-browser:{b}"));
    let known_browser = match (&account, browser, &by_browser) {
        (Some(a), Some(browser), Some(bucket)) => {
            store::is_known_browser(db, browser, a.id).await?
                && rate_limit::recent(db, bucket, LOGIN_WINDOW).await?.count
                    < FAILURES_PER_KNOWN_BROWSER
        }
        _ => false,
    };
    let by_client = format!("login-client:{}", attempt.client);
    // Every attempt is counted before the password is checked, so attempts sent at the same
    // moment each see the others; one that waits or succeeds takes its count back.
    let mut counted = Vec::new();
    for bucket in [Some(&by_client), Some(&by_account), by_browser.as_ref()]
        .into_iter()
        .flatten()
    {
        counted.push((bucket, rate_limit::record(db, bucket).await?));
    }
    let wait = match known_browser {
        true => 0,
        false => {
            let mut wait = 0;
            for (bucket, own) in &counted {
                // Someone typing their password again in their own session is not held back
                // by what strangers tried on the account; their client still is.
                let free = match (*bucket == &by_client, *bucket == &by_account) {
                    (true, _) => FREE_FAILURES_PER_CLIENT,
                    (_, true) if !attempt.signed_in => FREE_FAILURES_PER_ACCOUNT,
                    _ => continue,
                };
                let before = rate_limit::recent_besides(db, bucket, LOGIN_WINDOW, *own).await?;
                wait = wait.max(login_wait(before.count, before.since_last, free));
            }
            wait
        }
    };
    let right = wait == 0 && right_password(account.as_ref(), attempt.password).await?;
    if wait > 0 || right {
        for (_, own) in &counted {
            rate_limit::forget(db, *own).await?;
        }
    }
    if wait > 0 {
        return Ok(LoginOutcome::Wait(wait));
    }
    if right {
        let account = account.expect("a right password has an account");
        let remember = match attempt.browser.is_some() && !known_browser {
            true => Some(store::remember_browser(db, account.id).await?),
            false => None,
        };
        return Ok(LoginOutcome::LoggedIn {
            user_id: account.id,
            remember,
        });
    }
    if let Some(account) = &account {
        let failures = rate_limit::recent(db, &by_account, LOGIN_WINDOW)
            .await?
            .count;
        if failures >= FREE_FAILURES_PER_ACCOUNT && account.confirmed {
            tell(db, account, AccountMail::LoginsSlowed, FORGOT).await?;
        }
    }
    Ok(LoginOutcome::Refused)
}

/// Whether the password is the account's. Without an account it is checked against a hash of
/// nothing, so an unknown address takes as long to refuse as a wrong password.
async fn right_password(account: Option<&Account>, password: &str) -> AppResult<bool> {
    static NOBODY: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    let hash = match account {
        Some(a) => a.password_hash.clone(),
        None => NOBODY
            .get_or_try_init(|| auth::hash_password(auth::random_token()))
            .await?
            .clone(),
    };
    Ok(auth::verify_password(password.to_string(), hash).await && account.is_some())
}

/// The viewer's account, after checking the password they typed (in the form's `field`) to
/// prove it is them, counted as a login attempt (so a borrowed session cannot guess it).
pub async fn reauthenticate(
    db: &Db,
    viewer: &Viewer,
    client: &str,
    password: &str,
    field: &'static str,
) -> AppResult<Account> {
    let wrong = || AppError::Invalid([(field, text!(err_password_wrong))].into());
    let attempt = Attempt {
        email: &viewer.email,
        password,
        client,
        browser: None,
        signed_in: true,
    };
    match log_in(db, &attempt).await? {
        LoginOutcome::LoggedIn { .. } => {}
        LoginOutcome::Refused => return Err(wrong()),
        LoginOutcome::Wait(seconds) => {
            return Err(AppError::Invalid(
                [(field, text!(err_login_wait(seconds)))].into(),
            ));
        }
    }
    store::by_id(db, viewer.user_id).await?.ok_or_else(wrong)
}

/// Sets a new password within `tx`: the account's sessions end, but the one `keep` (by its
/// token's hash).
async fn new_password_in(
    tx: &mut crate::platform::db::Tx,
    user_id: i64,
    hash: &str,
    keep: Option<&str>,
) -> AppResult<u64> {
    store::set_password_hash(tx, user_id, hash).await?;
    store::end_sessions(tx, user_id, keep).await
}

/// Changes the viewer's password: every other session of theirs ends, `current_session` stays.
pub async fn change_password(
    db: &Db,
    viewer: &Viewer,
    client: &str,
    current_session: &str,
    current: &str,
    new: &str,
) -> AppResult<u64> {
    let mut errors = FieldErrors::new();
    if let Some(problem) = check_password(new) {
        errors.insert("password", problem);
    }
    valid(errors)?;
    let account = reauthenticate(db, viewer, client, current, "current_password").await?;
    let hash = auth::hash_password(new.to_string()).await?;
    let mut tx = db.begin().await?;
    let keep = auth::token_hash(current_session);
    let ended = new_password_in(&mut tx, account.id, &hash, Some(&keep)).await?;
    tx.commit().await?;
    tell(db, &account, AccountMail::PasswordChanged, FORGOT).await?;
    Ok(ended)
}

/// Starts changing the viewer's address: a link to confirm it goes to the new address, and the
/// old one is told. The address changes when the link is followed. If the new address has an
/// account already, its owner is told so instead, as when registering.
pub async fn change_email(
    db: &Db,
    viewer: &Viewer,
    client: &str,
    password: &str,
    mut new: String,
) -> AppResult<String> {
    if let Some(problem) = check_email(&mut new) {
        return Err(AppError::Invalid([("email", problem)].into()));
    }
    if new == viewer.email {
        return Err(AppError::Invalid([("email", text!(err_email_same))].into()));
    }
    let account = reauthenticate(db, viewer, client, password, "email_password").await?;
    match store::by_email(db, &new).await? {
        Some(holder) => tell(db, &holder, AccountMail::AlreadyRegistered, FORGOT).await?,
        None => {
            let which = AccountMail::ConfirmNewAddress;
            send_confirmation(db, account.id, &new, which, "").await?
        }
    }
    if account.confirmed {
        tell(db, &account, AccountMail::AddressChanging, FORGOT).await?;
    }
    Ok(new)
}

/// Ends the viewer's sessions: all but `keep`, or with `None` every one, this one too.
pub async fn end_sessions(db: &Db, viewer: &Viewer, keep: Option<&str>) -> AppResult<u64> {
    let mut tx = db.begin().await?;
    let keep = keep.map(auth::token_hash);
    let ended = store::end_sessions(&mut tx, viewer.user_id, keep.as_deref()).await?;
    tx.commit().await?;
    Ok(ended)
}

/// An administrator gives the account with `email` a role on the platform, or takes one away,
/// saying why; the act goes into the audit log. The last administrator keeps the role.
pub async fn set_role(
    db: &Db,
    viewer: &Viewer,
    email: &str,
    role: PlatformRole,
    mut reason: String,
) -> AppResult<()> {
    require(Some(viewer), Action::AdministerPlatform)?;
    let mut errors = FieldErrors::new();
    check_line(&mut errors, "reason", &mut reason, true, 300);
    let account = store::by_email(db, email).await?;
    if account.is_none() {
        errors.insert("email", text!(err_no_such_user));
    }
    valid(errors)?;
    let account = account.expect("checked above");
    let mut tx = db.begin().await?;
    let before = store::set_platform_role_in(&mut tx, account.id, role).await?;
    if before == role {
        return Ok(());
    }
    // Recording locks the log's head, so of two administrators taking each other's role at
    // once, the second counts the administrators only after the first has committed.
    let entry = audit::Entry::by(
        Some(viewer),
        audit::Act::RoleChanged,
        format!("user:{}", account.id),
        format!("{} → {}", before.code(), role.code()),
        &reason,
    );
    audit::record_in(&mut tx, &entry).await?;
    if store::admins_in(&mut tx).await? == 0 {
        return Err(AccountRefusal::LastAdmin.into());
    }
    tx.commit().await?;
    Ok(())
}
