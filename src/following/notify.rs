//! The one way a feature tells people what happened: it names the audience and the notice, and
//! [`tell`] keeps the notice for them; the worker in `fanout.rs` writes their inbox entries and
//! mails after the response. Called after the change is saved; a failure to notify is logged
//! and never undoes or hides the change. It knows no feature: each feature words its own
//! happenings (its `notices.rs`).

pub use super::model::{Notice, NotificationKind, Target};
pub use super::store::Audience;
use crate::platform::db::Db;
use crate::platform::error::{AppError, AppResult};

/// Tells the audience, soon after the response, whatever its size; `what` names the happening
/// in the log if it fails.
pub async fn tell(db: &Db, what: &'static str, audience: &Audience, notice: &Notice) {
    let kept = super::store::keep_notice(db, what, audience, notice).await;
    if kept.is_ok() {
        super::fanout::wake();
    }
    logged(what, kept);
}

/// Mails a notice to an address without an account (an anonymous reporter), once per
/// `dedupe_key`, with a link that forgets the address.
pub async fn mail_address(
    db: &Db,
    what: &'static str,
    address: &str,
    dedupe_key: &str,
    notice: &Notice,
    unsubscribe_path: &str,
) {
    let result = super::store::mail_address(db, address, dedupe_key, notice, unsubscribe_path);
    logged(what, result.await);
}

/// Logs a failure to notify; the change it was about stands.
pub fn logged(what: &str, result: AppResult<()>) {
    if let Err(e) = result {
        failed(what, e);
    }
}

pub fn failed(what: &str, error: AppError) {
    tracing::error!(error = ?error, event = what, "notifying followers failed");
}
