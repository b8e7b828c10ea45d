//! The audit log's rules: what an entry says, how each entry's hash seals it and the one
//! before, and how the chain is checked.

use crate::labelled_enum;
use crate::platform::auth::Viewer;
use crate::platform::time::now;
use sha2::{Digest, Sha256};

labelled_enum! {
    /// An administrative act that the log keeps.
    pub enum Act {
        RoleChanged = "role_changed" => audit_act_role_changed,
        Open311KeyCreated = "open311_key_created" => audit_act_open311_key_created,
        Open311KeyRevoked = "open311_key_revoked" => audit_act_open311_key_revoked,
        OwnershipTransferred = "ownership_transferred" => audit_act_ownership_transferred,
        PoolDecision = "pool_decision" => audit_act_pool_decision,
        ContentHidden = "content_hidden" => audit_act_content_hidden,
        ContentRestored = "content_restored" => audit_act_content_restored,
        MembershipFromGroup = "membership_from_group" => audit_act_membership_from_group,
        LoginLinked = "login_linked" => audit_act_login_linked,
        LoginUnlinked = "login_unlinked" => audit_act_login_unlinked,
        PasswordReset = "password_reset" => audit_act_password_reset,
        DataExported = "data_exported" => audit_act_data_exported,
        AccountErased = "account_erased" => audit_act_account_erased,
        RegisterDeleted = "register_deleted" => audit_act_register_deleted,
    }
}

/// One entry: who acted (their account and their name then), when, what, on what, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub at: i64,
    pub by_user_id: Option<i64>,
    pub by_name: String,
    pub act: Act,
    /// What was acted on, as `kind:id`.
    pub subject: String,
    pub detail: String,
    pub reason: String,
}

impl Entry {
    /// An act someone does now: the viewer, or with `None` the operator at the command line.
    pub fn by(
        viewer: Option<&Viewer>,
        act: Act,
        subject: String,
        detail: String,
        reason: &str,
    ) -> Entry {
        Entry {
            at: now(),
            by_user_id: viewer.map(|v| v.user_id),
            by_name: viewer.map(|v| v.name.clone()).unwrap_or_default(),
            act,
            subject,
            detail,
            reason: reason.to_string(),
        }
    }
}

impl Entry {
    /// An act an account holder does to their own account, on `user:ID`. Only the account's
    /// number is kept, never the name: the log outlives the account, and an erased person
    /// leaves no name here.
    pub fn own(user_id: i64, act: Act, detail: String) -> Entry {
        Entry {
            at: now(),
            by_user_id: Some(user_id),
            by_name: String::new(),
            act,
            subject: format!("user:{user_id}"),
            detail,
            reason: String::new(),
        }
    }
}

/// The hash before the first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

impl Entry {
    /// The entry's fields as text, in the order they are sealed and exported.
    pub fn fields(&self) -> [String; 7] {
        [
            self.at.to_string(),
            self.by_user_id.map(|id| id.to_string()).unwrap_or_default(),
            self.by_name.clone(),
            self.act.code().to_string(),
            self.subject.clone(),
            self.detail.clone(),
            self.reason.clone(),
        ]
    }
}

/// The hash sealing an entry and the one before it: SHA-256 over the previous hash and every
/// field, each prefixed by its length so that no two entries read alike.
pub fn seal(prev_hash: &str, e: &Entry) -> String {
    let mut hasher = Sha256::new();
    for field in std::iter::once(prev_hash.to_string()).chain(e.fields()) {
        hasher.update(format!("{}:", field.len()).as_bytes());
        hasher.update(field.as_bytes());
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// An entry as stored, with its place in the chain.
#[derive(Clone, Debug)]
pub struct Stored {
    pub id: i64,
    pub prev_hash: String,
    pub hash: String,
    pub entry: Entry,
}

/// What checking the chain found.
#[derive(Clone, Debug, PartialEq)]
pub enum ChainCheck {
    /// Every entry is as it was written, and none is missing.
    Intact { entries: usize },
    /// The first entry (by id) that does not follow from the one before, or was altered; `None`
    /// when entries were cut off the end.
    Broken { at: Option<i64> },
}

/// Checks the entries, oldest first, against each other and against the head (the newest
/// hash and the number of entries, kept apart).
pub fn check(entries: &[Stored], head_hash: &str, head_entries: i64) -> ChainCheck {
    let mut prev = GENESIS.to_string();
    for s in entries {
        if s.prev_hash != prev || seal(&prev, &s.entry) != s.hash {
            return ChainCheck::Broken { at: Some(s.id) };
        }
        prev = s.hash.clone();
    }
    if prev != head_hash || entries.len() as i64 != head_entries {
        return ChainCheck::Broken { at: None };
    }
    ChainCheck::Intact {
        entries: entries.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: usize) -> Vec<Stored> {
        let mut prev = GENESIS.to_string();
        (0..n)
            .map(|i| {
                let entry = Entry {
                    at: 1_800_000_000 + i as i64,
                    by_user_id: Some(1),
                    by_name: "Admin".into(),
                    act: Act::RoleChanged,
                    subject: format!("user:{i}"),
                    detail: "citizen → moderator".into(),
                    reason: "Ny moderator".into(),
                };
                let hash = seal(&prev, &entry);
                let s = Stored {
                    id: i as i64 + 1,
                    prev_hash: prev.clone(),
                    hash: hash.clone(),
                    entry,
                };
                prev = hash;
                s
            })
            .collect()
    }

    #[test]
    fn an_untouched_chain_is_intact() {
        let c = chain(3);
        let head = c[2].hash.clone();
        assert_eq!(check(&c, &head, 3), ChainCheck::Intact { entries: 3 });
        assert_eq!(check(&[], GENESIS, 0), ChainCheck::Intact { entries: 0 });
    }

    #[test]
    fn an_altered_removed_or_cut_entry_shows_where() {
        let c = chain(4);
        let head = c[3].hash.clone();
        let mut altered = c.clone();
        altered[1].entry.reason = "Ingen grund".into();
        assert_eq!(
            check(&altered, &head, 4),
            ChainCheck::Broken { at: Some(2) }
        );
        let mut removed = c.clone();
        removed.remove(2);
        assert_eq!(
            check(&removed, &head, 4),
            ChainCheck::Broken { at: Some(4) }
        );
        assert_eq!(check(&c[..3], &head, 4), ChainCheck::Broken { at: None });
    }

    #[test]
    fn fields_cannot_be_shifted_into_each_other() {
        let c = chain(1);
        let mut shifted = c[0].entry.clone();
        shifted.by_name = "Admi".into();
        shifted.subject = format!("n{}", shifted.subject);
        assert_ne!(seal(GENESIS, &shifted), c[0].hash);
    }
}
