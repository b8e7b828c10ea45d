//! Erasing an account: in one transaction, what identifies the person is removed or made
//! anonymous everywhere, while what others rely on keeps its shape — an initiative they started
//! stays citizen-initiated, by "Tidligere deltager" (a former participant); their pledges,
//! contributions and sign-ups stay counted; a decided case stays, as the municipality must keep
//! it, with the reason why.

use crate::accounts::model::AccountRefusal;
use crate::audit;
use crate::platform::auth::{PlatformRole, Viewer};
use crate::platform::db::{self, Db, Tx};
use crate::platform::error::AppResult;
use crate::platform::search::sort_key;
use crate::platform::time::now;

/// The name an erased person is shown by: a name like any other, so every page that showed
/// them still reads.
pub const FORMER_PARTICIPANT: &str = "Tidligere deltager";

/// Why a decided case stays after its applicant is erased: the municipality keeps its case files
/// under the archives act.
pub const KEPT_AS_CASE_FILE: &str = "arkivloven";

/// What is removed or blanked, by the account (`$1`).
const BY_USER: &[&str] = &[
    "DELETE FROM sessions WHERE user_id = $1",
    "DELETE FROM login_devices WHERE user_id = $1",
    "DELETE FROM logins WHERE user_id = $1",
    "DELETE FROM login_flows WHERE user_id = $1",
    "DELETE FROM account_links WHERE user_id = $1",
    "DELETE FROM follows WHERE user_id = $1",
    "DELETE FROM notification_settings WHERE user_id = $1",
    "DELETE FROM notifications WHERE user_id = $1",
    "DELETE FROM calendar_feeds WHERE user_id = $1",
    "UPDATE tips SET reporter_name = '', reporter_email = '' WHERE reporter_user_id = $1",
    "UPDATE pledges SET message = '' WHERE pledged_by = $1",
    "UPDATE ideas SET author_name = '' WHERE participant_id IN \
     (SELECT id FROM workshop_participants WHERE user_id = $1)",
    "UPDATE workshop_participants SET name = '', email = NULL WHERE user_id = $1",
    // An association's register is the association's (it is the controller): the entry stays,
    // under the register's own retention, but no longer belongs to an account.
    "UPDATE register_entries SET user_id = NULL WHERE user_id = $1",
];

/// What is removed or blanked, by the person (`$1`).
const BY_PERSON: &[&str] = &[
    "DELETE FROM memberships WHERE person_id = $1",
    "DELETE FROM actor_terms WHERE doc_id = $1",
    "UPDATE item_orders SET address = '' WHERE person_id = $1",
    "UPDATE offers SET status = 'withdrawn' WHERE actor_id = $1",
    "UPDATE initiative_participants SET expectations = '' WHERE actor_id = $1",
    // Documents of the person's own open case go; a decided case keeps its documents as a case
    // file. A case of an organisation they applied for stays the organisation's.
    "DELETE FROM request_documents WHERE request_id IN \
     (SELECT id FROM requests WHERE applicant_id = $1 AND status NOT IN ('decided', 'closed'))",
];

/// Who asked for an account to be erased.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Erasure {
    /// Its holder, after proving it is them.
    Asked,
    /// The retention sweep, for an account long unused.
    Unused,
}

/// Erases the viewer's account. The last administrator is refused: someone must be left to run
/// the platform. The audit log keeps that it happened, and who asked, by the account's number.
pub async fn erase(db: &Db, viewer: &Viewer, why: Erasure) -> AppResult<()> {
    let mut tx = db.begin().await?;
    if viewer.role == PlatformRole::Admin {
        let admins: i64 =
            db::query_scalar("SELECT COUNT(*) FROM users WHERE platform_role = 'admin'")
                .fetch_one(&mut *tx)
                .await?;
        if admins <= 1 {
            return Err(AccountRefusal::LastAdmin.into());
        }
    }
    for sql in BY_USER {
        db::query(*sql)
            .bind(viewer.user_id)
            .execute(&mut *tx)
            .await?;
    }
    for sql in BY_PERSON {
        db::query(*sql)
            .bind(viewer.person_id)
            .execute(&mut *tx)
            .await?;
    }
    keep_case_files(&mut tx, viewer.person_id).await?;
    forget_address(&mut tx, &viewer.email).await?;
    let t = now();
    db::query(
        "UPDATE users SET email = $1, password_hash = '', email_confirmed_at = NULL, \
         platform_role = 'citizen', erased_at = $2 WHERE id = $3",
    )
    .bind(format!("erased-{}@erased.invalid", viewer.user_id))
    .bind(t)
    .bind(viewer.user_id)
    .execute(&mut *tx)
    .await?;
    db::query(
        "UPDATE actors SET name = $1, sort_name = $2, about = '', neighbourhood = '', website = '', \
         name_key = NULL, updated_at = $3 WHERE id = $4",
    )
    .bind(FORMER_PARTICIPANT)
    .bind(sort_key(FORMER_PARTICIPANT))
    .bind(t)
    .bind(viewer.person_id)
    .execute(&mut *tx)
    .await?;
    let mut entry = audit::Entry::own(viewer.user_id, audit::Act::AccountErased, String::new());
    if why == Erasure::Unused {
        entry.by_user_id = None;
        entry.reason = "unused".into();
    }
    audit::record_in(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(())
}

async fn keep_case_files(tx: &mut Tx, person_id: i64) -> AppResult<()> {
    db::query(
        "UPDATE requests SET kept_because = $1 WHERE applicant_id = $2 AND status IN ('decided', 'closed')",
    )
    .bind(KEPT_AS_CASE_FILE)
    .bind(person_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Mail to the address, sent or not, and the counts kept under it, go with it.
async fn forget_address(tx: &mut Tx, email: &str) -> AppResult<()> {
    db::query("DELETE FROM mail_outbox WHERE to_address = $1")
        .bind(email)
        .execute(&mut **tx)
        .await?;
    db::query("DELETE FROM rate_events WHERE bucket = $1 OR bucket = $2")
        .bind(format!("login:{email}"))
        .bind(format!("reset:{email}"))
        .execute(&mut **tx)
        .await?;
    Ok(())
}
