//! Working with the register: who a group mail reaches, and the record of what was mailed.

use super::*;

/// The entries a mail for `purpose` reaches: still active today, with an address, in the
/// activity (none: any), and — for a purpose by consent — with a consent to its current text.
pub async fn recipients(
    db: &Db,
    association_id: i64,
    activity_id: Option<i64>,
    purpose: &Purpose,
    today: Date,
) -> AppResult<Vec<(i64, String)>> {
    let by_consent = purpose.legal_basis == LegalBasis::Consent;
    Ok(db::query_as(
        "SELECT e.id, e.email FROM register_entries e \
         WHERE e.association_id = $1 AND e.anonymised_at IS NULL AND e.email <> '' \
         AND (e.ends_on IS NULL OR e.ends_on >= $2) \
         AND ($3 IS NULL OR EXISTS (SELECT 1 FROM register_roles r WHERE r.entry_id = e.id AND r.activity_id = $3)) \
         AND ($4 = 0 OR EXISTS (SELECT 1 FROM register_consents c WHERE c.entry_id = e.id \
              AND c.purpose_id = $5 AND c.version = $6 AND c.withdrawn_at IS NULL)) \
         ORDER BY e.id",
    )
    .bind(association_id)
    .bind(today.to_string())
    .bind(activity_id)
    .bind(i64::from(by_consent))
    .bind(purpose.id)
    .bind(purpose.consent_version)
    .fetch_all(db.pool())
    .await?)
}

/// The entries whose consent to the purpose's current text stands.
pub async fn consenting(db: &Db, purpose: &Purpose) -> AppResult<Vec<i64>> {
    Ok(db::query_scalar(
        "SELECT DISTINCT entry_id FROM register_consents \
         WHERE purpose_id = $1 AND version = $2 AND withdrawn_at IS NULL",
    )
    .bind(purpose.id)
    .bind(purpose.consent_version)
    .fetch_all(db.pool())
    .await?)
}

/// How the association's group mails begin their key in the outbox (then `:{mailing}:{entry}`),
/// so that erasing a person or the register takes its mails out of the outbox too.
pub fn mailing_key(association_id: i64) -> String {
    format!("register-mailing:{association_id}")
}

/// Records a group mail in the transaction that queues its mails; its id keys each mail in the
/// outbox. None when the same form was recorded already.
pub async fn record_mailing(
    tx: &mut Tx,
    association_id: i64,
    draft: &MailDraft,
    sent_by: i64,
    recipients: usize,
) -> AppResult<Option<i64>> {
    Ok(db::query_scalar(
        "INSERT INTO register_mailings (association_id, activity_id, purpose_id, subject, body, \
         sent_by, sent_at, recipients, form_key) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
         ON CONFLICT (association_id, form_key) DO NOTHING RETURNING id",
    )
    .bind(association_id)
    .bind(draft.activity_id)
    .bind(draft.purpose_id)
    .bind(&draft.subject)
    .bind(&draft.body)
    .bind(sent_by)
    .bind(now())
    .bind(recipients as i64)
    .bind(&draft.form_key)
    .fetch_optional(&mut **tx)
    .await?)
}

/// A group mail as the board sees it afterwards.
pub struct Mailing {
    pub subject: String,
    /// The activity's name; none: everyone still active.
    pub activity: Option<String>,
    pub purpose: String,
    pub sent_at: i64,
    pub recipients: i64,
}

/// The association's latest group mails.
pub async fn mailings(db: &Db, association_id: i64) -> AppResult<Vec<Mailing>> {
    all(
        db,
        "SELECT m.subject, a.name AS activity, p.name AS purpose, m.sent_at, m.recipients \
         FROM register_mailings m JOIN register_purposes p ON p.id = m.purpose_id \
         LEFT JOIN register_activities a ON a.id = m.activity_id \
         WHERE m.association_id = $1 ORDER BY m.sent_at DESC, m.id DESC LIMIT 20"
            .into(),
        association_id,
        |r| {
            Ok(Mailing {
                subject: r.try_get("subject")?,
                activity: r.try_get("activity")?,
                purpose: r.try_get("purpose")?,
                sent_at: r.try_get("sent_at")?,
                recipients: r.try_get("recipients")?,
            })
        },
    )
    .await
}
