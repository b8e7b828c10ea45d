//! Consents as stored: the versions of a purpose's consent text, and each consent with who
//! gave it, how and when, and when it was withdrawn.

use super::*;

/// A consent given to a purpose's text.
#[derive(Clone, Debug)]
pub struct Consent {
    pub id: i64,
    pub entry_id: i64,
    pub purpose_id: i64,
    pub purpose: String,
    pub version: i64,
    /// The version the purpose asks for now: an older consent no longer counts.
    pub current_version: i64,
    pub given_by: String,
    pub by_guardian: bool,
    pub how: ConsentHow,
    pub given_at: i64,
    pub withdrawn_at: Option<i64>,
    /// Who withdrew it on the platform: none by the link.
    pub withdrawn_by: Option<i64>,
    /// How the person told the board, when the board recorded the withdrawal.
    pub withdrawn_how: Option<ConsentHow>,
}

impl Consent {
    pub fn counts(&self) -> bool {
        self.withdrawn_at.is_none() && self.version == self.current_version
    }
}

/// What became of a withdrawal.
pub enum Withdrawal {
    Already,
    /// Withdrawn now: the purpose's name and how many values went with it.
    Done {
        purpose: String,
        values: u64,
    },
}

/// Makes `text` the next version of the purpose's consent text; returns the version.
pub(super) async fn new_consent_text(tx: &mut Tx, purpose_id: i64, text: &str) -> AppResult<i64> {
    let version: i64 = db::query_scalar(
        "UPDATE register_purposes SET consent_version = consent_version + 1 WHERE id = $1 \
         RETURNING consent_version",
    )
    .bind(purpose_id)
    .fetch_one(&mut **tx)
    .await?;
    db::query(
        "INSERT INTO register_consent_texts (purpose_id, version, text, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(purpose_id)
    .bind(version)
    .bind(text)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(version)
}

/// A changed consent text: a new version, which asks everyone again.
pub async fn change_consent_text(db: &Db, purpose_id: i64, text: &str) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    let version = new_consent_text(&mut tx, purpose_id, text).await?;
    tx.commit().await?;
    Ok(version)
}

/// One version of a purpose's consent text.
pub async fn consent_text(db: &Db, purpose_id: i64, version: i64) -> AppResult<String> {
    Ok(db::query_scalar(
        "SELECT text FROM register_consent_texts WHERE purpose_id = $1 AND version = $2",
    )
    .bind(purpose_id)
    .bind(version)
    .fetch_optional(db.pool())
    .await?
    .unwrap_or_default())
}

/// Records a consent to the current version of a purpose's text, for a purpose of the entry's
/// association whose basis is consent; `None` otherwise.
pub async fn record_consent(
    db: &Db,
    entry_id: i64,
    c: &ConsentDraft,
    recorded_by: i64,
    withdraw_hash: &str,
) -> AppResult<Option<i64>> {
    Ok(db::query_scalar(
        "INSERT INTO register_consents (entry_id, purpose_id, version, given_by, by_guardian, how, \
         recorded_by, given_at, withdraw_hash) \
         SELECT e.id, p.id, p.consent_version, $3, $4, $5, $6, $7, $8 FROM register_entries e \
         JOIN register_purposes p ON p.association_id = e.association_id \
         WHERE e.id = $1 AND p.id = $2 AND p.legal_basis = 'consent' AND p.consent_version > 0 \
         AND e.anonymised_at IS NULL RETURNING id",
    )
    .bind(entry_id)
    .bind(c.purpose_id)
    .bind(&c.given_by)
    .bind(c.by_guardian as i64)
    .bind(c.how.map(ConsentHow::code))
    .bind(recorded_by)
    .bind(now())
    .bind(withdraw_hash)
    .fetch_optional(db.pool())
    .await?)
}

const CONSENTS: &str = "SELECT c.*, p.name AS purpose, p.consent_version AS current_version \
     FROM register_consents c JOIN register_purposes p ON p.id = c.purpose_id";

fn consent_from(r: &Row) -> Result<Consent, db::Error> {
    Ok(Consent {
        id: r.try_get("id")?,
        entry_id: r.try_get("entry_id")?,
        purpose_id: r.try_get("purpose_id")?,
        purpose: r.try_get("purpose")?,
        version: r.try_get("version")?,
        current_version: r.try_get("current_version")?,
        given_by: r.try_get("given_by")?,
        by_guardian: r.try_get::<i64, _>("by_guardian")? != 0,
        how: decode(r, "how", ConsentHow::parse)?,
        given_at: r.try_get("given_at")?,
        withdrawn_at: r.try_get("withdrawn_at")?,
        withdrawn_by: r.try_get("withdrawn_by")?,
        withdrawn_how: decode_optional(r, "withdrawn_how", ConsentHow::parse)?,
    })
}

/// An entry's consents, the latest first.
pub async fn consents_of(db: &Db, entry_id: i64) -> AppResult<Vec<Consent>> {
    let sql = format!("{CONSENTS} WHERE c.entry_id = $1 ORDER BY c.given_at DESC, c.id DESC");
    all(db, sql, entry_id, consent_from).await
}

/// One consent.
pub async fn consent(db: &Db, id: i64) -> AppResult<Consent> {
    one(db, format!("{CONSENTS} WHERE c.id = $1"), id, consent_from).await
}

/// The consent a withdrawal link names, with the association's name and the text consented to.
pub struct LinkedConsent {
    pub id: i64,
    pub association: String,
    pub purpose: String,
    pub text: String,
    pub withdrawn: bool,
}

/// The consent a withdrawal link names, if any.
pub async fn consent_by_link(db: &Db, withdraw_hash: &str) -> AppResult<Option<LinkedConsent>> {
    Ok(db::query_as(
        "SELECT c.id, a.name, p.name, t.text, c.withdrawn_at IS NOT NULL FROM register_consents c \
         JOIN register_purposes p ON p.id = c.purpose_id JOIN actors a ON a.id = p.association_id \
         JOIN register_consent_texts t ON t.purpose_id = c.purpose_id AND t.version = c.version \
         WHERE c.withdraw_hash = $1",
    )
    .bind(withdraw_hash)
    .fetch_optional(db.pool())
    .await?
    .map(
        |(id, association, purpose, text, withdrawn)| LinkedConsent {
            id,
            association,
            purpose,
            text,
            withdrawn,
        },
    ))
}

/// Withdraws a consent at once: what the entry keeps for its purpose goes in the same
/// transaction, recorded as an erasure, unless another consent to the current text still counts.
/// `by` and `how` say who recorded it on the platform and how the person told them; none for
/// the link.
pub async fn withdraw(
    db: &Db,
    consent_id: i64,
    by: Option<i64>,
    how: Option<ConsentHow>,
) -> AppResult<Withdrawal> {
    let mut tx = db.begin().await?;
    let found: Option<(i64, i64)> = db::query_as(
        "UPDATE register_consents SET withdrawn_at = $2, withdrawn_by = $3, withdrawn_how = $4 \
         WHERE id = $1 AND withdrawn_at IS NULL RETURNING entry_id, purpose_id",
    )
    .bind(consent_id)
    .bind(now())
    .bind(by)
    .bind(how.map(ConsentHow::code))
    .fetch_optional(&mut *tx)
    .await?;
    let Some((entry_id, purpose_id)) = found else {
        return Ok(Withdrawal::Already);
    };
    let (association_id, purpose): (i64, String) =
        db::query_as("SELECT association_id, name FROM register_purposes WHERE id = $1")
            .bind(purpose_id)
            .fetch_one(&mut *tx)
            .await?;
    // Another consent to the current text that still counts (given again, or by the person
    // after their guardian) keeps what the purpose holds.
    let still: i64 = db::query_scalar(
        "SELECT COUNT(*) FROM register_consents c JOIN register_purposes p ON p.id = c.purpose_id \
         WHERE c.entry_id = $1 AND c.purpose_id = $2 AND c.withdrawn_at IS NULL \
         AND c.version = p.consent_version",
    )
    .bind(entry_id)
    .bind(purpose_id)
    .fetch_one(&mut *tx)
    .await?;
    let values = match still {
        0 => erase_values(&mut tx, entry_id, purpose_id).await?,
        _ => 0,
    };
    if values > 0 {
        record_erasure(&mut tx, association_id, entry_id, Some(purpose_id)).await?;
    }
    tx.commit().await?;
    Ok(Withdrawal::Done { purpose, values })
}
