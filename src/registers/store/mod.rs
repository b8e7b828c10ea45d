//! Registers as stored: purposes, fields, activities and entries of one association; its
//! consents are in `consents.rs`, the grants it gives and the log of every look in
//! `access.rs`, and what retention and withdrawals erase in `erasures.rs`. A field, a value or a
//! role names only what is its own association's, by each insert's own condition.

mod access;
mod consents;
mod erasures;
mod mailings;
mod requests;

pub use access::*;
use consents::new_consent_text;
pub use consents::*;
pub use erasures::*;
use erasures::{anonymise_in, erase_values, record_erasure};
pub use mailings::*;
pub use requests::*;

use super::model::*;
use crate::platform::db::{
    self, Db, Row, Tx, all, all_for, decode, decode_optional, grouped, one, rows_to,
};
use crate::platform::error::AppResult;
use crate::platform::time::now;
use jiff::civil::Date;

#[derive(Clone, Debug)]
pub struct Purpose {
    pub id: i64,
    pub name: String,
    pub legal_basis: LegalBasis,
    pub retention_days: i64,
    /// The version of its consent text people consent to now (0: none, not by consent).
    pub consent_version: i64,
}

#[derive(Clone, Debug)]
pub struct Field {
    pub id: i64,
    pub kind: FieldKind,
    /// The board's own name for it; a chosen field left unnamed has its kind's code.
    pub label: String,
    pub purpose_id: i64,
}

impl Field {
    pub fn label(&self, lang: crate::platform::i18n::Lang) -> String {
        match self.kind != FieldKind::Own && self.label == self.kind.code() {
            true => self.kind.label(lang).to_string(),
            false => self.label.clone(),
        }
    }
}

/// A person in the register.
#[derive(Clone, Debug)]
pub struct Entry {
    pub id: i64,
    pub association_id: i64,
    pub user_id: Option<i64>,
    pub name: String,
    pub email: String,
    pub starts_on: Date,
    pub ends_on: Option<Date>,
    pub certificate: Certificate,
    pub certificate_valid_until: Option<Date>,
    /// Their activities, by id.
    pub activity_ids: Vec<i64>,
    /// What the association keeps in its fields, by field id.
    pub values: Vec<(i64, String)>,
    /// Made anonymous by retention or an erasure: nothing in it is changed any more.
    pub anonymised: bool,
}

fn day(r: &Row, column: &str) -> Result<Option<Date>, db::Error> {
    let text: Option<String> = r.try_get(column)?;
    text.map(|t| {
        t.parse()
            .map_err(|_| db::Error::Decode(format!("{column}: {t:?}")))
    })
    .transpose()
}

fn purpose_row(r: &Row) -> Result<Purpose, db::Error> {
    Ok(Purpose {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        legal_basis: decode(r, "legal_basis", LegalBasis::parse)?,
        retention_days: r.try_get("retention_days")?,
        consent_version: r.try_get("consent_version")?,
    })
}

pub async fn purposes(db: &Db, association_id: i64) -> AppResult<Vec<Purpose>> {
    all(
        db,
        "SELECT * FROM register_purposes WHERE association_id = $1 ORDER BY name, id".into(),
        association_id,
        purpose_row,
    )
    .await
}

/// The purpose, with the association it is of.
pub async fn purpose(db: &Db, id: i64) -> AppResult<(i64, Purpose)> {
    one(
        db,
        "SELECT * FROM register_purposes WHERE id = $1".into(),
        id,
        |r| Ok((r.try_get("association_id")?, purpose_row(r)?)),
    )
    .await
}

/// Adds a purpose, with version 1 of its consent text when it has one; `false` when the
/// association has one of that name.
pub async fn add_purpose(db: &Db, association_id: i64, p: &PurposeDraft) -> AppResult<bool> {
    let mut tx = db.begin().await?;
    let id: Option<i64> = db::query_scalar(
        "INSERT INTO register_purposes (association_id, name, legal_basis, retention_days, created_at) \
         VALUES ($1, $2, $3, $4, $5) ON CONFLICT (association_id, name) DO NOTHING RETURNING id",
    )
    .bind(association_id)
    .bind(&p.name)
    .bind(p.legal_basis.map(LegalBasis::code))
    .bind(p.retention_days)
    .bind(now())
    .fetch_optional(&mut *tx)
    .await?;
    let Some(id) = id else {
        return Ok(false);
    };
    if !p.consent_text.is_empty() {
        new_consent_text(&mut tx, id, &p.consent_text).await?;
    }
    tx.commit().await?;
    Ok(true)
}

pub async fn fields(db: &Db, association_id: i64) -> AppResult<Vec<Field>> {
    all(
        db,
        "SELECT id, kind, label, purpose_id FROM register_fields WHERE association_id = $1 ORDER BY id"
            .into(),
        association_id,
        |r| {
            Ok(Field {
                id: r.try_get("id")?,
                kind: decode(r, "kind", FieldKind::parse)?,
                label: r.try_get("label")?,
                purpose_id: r.try_get("purpose_id")?,
            })
        },
    )
    .await
}

/// Adds a field under one of the association's own purposes; `false` when the purpose is
/// another's or the label is taken.
pub async fn add_field(
    db: &Db,
    association_id: i64,
    kind: FieldKind,
    label: &str,
    purpose_id: i64,
) -> AppResult<bool> {
    let done = db::query(
        "INSERT INTO register_fields (association_id, kind, label, purpose_id) \
         SELECT $1, $2, $3, p.id FROM register_purposes p WHERE p.id = $4 AND p.association_id = $1 \
         ON CONFLICT (association_id, label) DO NOTHING",
    )
    .bind(association_id)
    .bind(kind.code())
    .bind(label)
    .bind(purpose_id)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn activities(db: &Db, association_id: i64) -> AppResult<Vec<(i64, String)>> {
    Ok(db::query_as(
        "SELECT id, name FROM register_activities WHERE association_id = $1 ORDER BY name, id",
    )
    .bind(association_id)
    .fetch_all(db.pool())
    .await?)
}

/// Adds an activity (a name the association has already is kept once).
pub async fn add_activity(db: &Db, association_id: i64, name: &str) -> AppResult<()> {
    db::query(
        "INSERT INTO register_activities (association_id, name) VALUES ($1, $2) \
         ON CONFLICT (association_id, name) DO NOTHING",
    )
    .bind(association_id)
    .bind(name)
    .execute(db.pool())
    .await?;
    Ok(())
}

const ENTRY_SELECT: &str = "SELECT id, association_id, user_id, name, email, starts_on, ends_on, \
     certificate, certificate_valid_until, anonymised_at IS NOT NULL AS anonymised FROM register_entries";

fn entry_row(r: &Row) -> Result<Entry, db::Error> {
    Ok(Entry {
        id: r.try_get("id")?,
        association_id: r.try_get("association_id")?,
        user_id: r.try_get("user_id")?,
        name: r.try_get("name")?,
        email: r.try_get("email")?,
        starts_on: day(r, "starts_on")?
            .ok_or_else(|| db::Error::Decode("starts_on: empty".into()))?,
        ends_on: day(r, "ends_on")?,
        certificate: decode(r, "certificate", Certificate::parse)?,
        certificate_valid_until: day(r, "certificate_valid_until")?,
        activity_ids: Vec::new(),
        values: Vec::new(),
        anonymised: r.try_get("anonymised")?,
    })
}

/// Fills in the activities and values of `entries`, two statements however many there are.
async fn with_details(db: &Db, mut entries: Vec<Entry>) -> AppResult<Vec<Entry>> {
    let ids: Vec<i64> = entries.iter().map(|e| e.id).collect();
    let (roles, values) = tokio::try_join!(
        all_for(
            db,
            "SELECT entry_id, activity_id FROM register_roles WHERE entry_id IN ({ids}) \
             ORDER BY activity_id",
            &ids,
            |r| Ok((
                r.try_get::<i64, _>("entry_id")?,
                r.try_get::<i64, _>("activity_id")?
            )),
        ),
        all_for(
            db,
            "SELECT entry_id, field_id, value FROM register_values WHERE entry_id IN ({ids}) \
             ORDER BY field_id",
            &ids,
            |r| {
                Ok((
                    r.try_get::<i64, _>("entry_id")?,
                    (
                        r.try_get::<i64, _>("field_id")?,
                        r.try_get::<String, _>("value")?,
                    ),
                ))
            },
        ),
    )?;
    let mut roles = grouped(roles, |r| r.0);
    let mut values = grouped(values, |v| v.0);
    for e in &mut entries {
        e.activity_ids = roles
            .remove(&e.id)
            .unwrap_or_default()
            .into_iter()
            .map(|r| r.1)
            .collect();
        e.values = values
            .remove(&e.id)
            .unwrap_or_default()
            .into_iter()
            .map(|v| v.1)
            .collect();
    }
    Ok(entries)
}

/// How many people the association's register holds.
pub async fn people_count(db: &Db, association_id: i64) -> AppResult<i64> {
    Ok(
        db::query_scalar("SELECT COUNT(*) FROM register_entries WHERE association_id = $1")
            .bind(association_id)
            .fetch_one(db.pool())
            .await?,
    )
}

/// The association's people, by name.
pub async fn entries(db: &Db, association_id: i64) -> AppResult<Vec<Entry>> {
    let rows = db::query(format!(
        "{ENTRY_SELECT} WHERE association_id = $1 ORDER BY name, id"
    ))
    .bind(association_id)
    .fetch_all(db.pool())
    .await?;
    with_details(db, rows_to(&rows, entry_row)?).await
}

pub async fn entry(db: &Db, id: i64) -> AppResult<Entry> {
    let e = one(db, format!("{ENTRY_SELECT} WHERE id = $1"), id, entry_row).await?;
    Ok(with_details(db, vec![e]).await?.remove(0))
}

/// The entries about the person with this account, in every association's register.
pub async fn entries_of_user(db: &Db, user_id: i64) -> AppResult<Vec<(Entry, String)>> {
    let rows = db::query(format!(
        "SELECT e.*, a.name AS association_name FROM ({ENTRY_SELECT} WHERE user_id = $1) e \
         JOIN actors a ON a.id = e.association_id ORDER BY a.name, e.id"
    ))
    .bind(user_id)
    .fetch_all(db.pool())
    .await?;
    let names: Vec<String> = rows
        .iter()
        .map(|r| r.try_get("association_name"))
        .collect::<Result<_, _>>()?;
    let entries = with_details(db, rows_to(&rows, entry_row)?).await?;
    Ok(entries.into_iter().zip(names).collect())
}

/// Writes a person into the register with their values and activities, in one transaction;
/// with an account at that address, the entry is theirs to see.
pub async fn add_entry(db: &Db, association_id: i64, d: &EntryDraft) -> AppResult<i64> {
    let t = now();
    let mut tx = db.begin().await?;
    let id: i64 = db::query_scalar(
        "INSERT INTO register_entries (association_id, user_id, name, email, starts_on, ends_on, \
         certificate, certificate_valid_until, created_at, updated_at) \
         VALUES ($1, (SELECT id FROM users WHERE email = $3 AND email_confirmed_at IS NOT NULL), \
         $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(association_id)
    .bind(&d.name)
    .bind(&d.email)
    .bind(d.starts_on.map(|d| d.to_string()))
    .bind(d.ends_on.map(|d| d.to_string()))
    .bind(d.certificate.code())
    .bind(d.certificate_valid_until.map(|d| d.to_string()))
    .bind(t)
    .fetch_one(&mut *tx)
    .await?;
    put_details(&mut tx, id, association_id, d).await?;
    tx.commit().await?;
    Ok(id)
}

/// Writes an entry's values and activities. Values of fields and roles in activities of other
/// associations are left out by the inserts' own conditions.
async fn put_details(tx: &mut Tx, id: i64, association_id: i64, d: &EntryDraft) -> AppResult<()> {
    for (field_id, value) in &d.values {
        db::query(
            "INSERT INTO register_values (entry_id, field_id, value) \
             SELECT $1, f.id, $2 FROM register_fields f WHERE f.id = $3 AND f.association_id = $4",
        )
        .bind(id)
        .bind(value)
        .bind(*field_id)
        .bind(association_id)
        .execute(&mut **tx)
        .await?;
    }
    for activity_id in &d.activity_ids {
        db::query(
            "INSERT INTO register_roles (entry_id, activity_id) \
             SELECT $1, a.id FROM register_activities a WHERE a.id = $2 AND a.association_id = $3 \
             ON CONFLICT (entry_id, activity_id) DO NOTHING",
        )
        .bind(id)
        .bind(*activity_id)
        .bind(association_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// Corrects an entry as the board typed it anew: its values and activities are replaced, in
/// one transaction. An anonymous entry stays anonymous.
pub async fn correct_entry(db: &Db, e: &Entry, d: &EntryDraft) -> AppResult<()> {
    let mut tx = db.begin().await?;
    let done = db::query(
        "UPDATE register_entries SET name = $2, email = $3, starts_on = $4, ends_on = $5, \
         certificate = $6, certificate_valid_until = $7, updated_at = $8 \
         WHERE id = $1 AND anonymised_at IS NULL",
    )
    .bind(e.id)
    .bind(&d.name)
    .bind(&d.email)
    .bind(d.starts_on.map(|d| d.to_string()))
    .bind(d.ends_on.map(|d| d.to_string()))
    .bind(d.certificate.code())
    .bind(d.certificate_valid_until.map(|d| d.to_string()))
    .bind(now())
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if done == 1 {
        for clear in [
            "DELETE FROM register_values WHERE entry_id = $1",
            "DELETE FROM register_roles WHERE entry_id = $1",
        ] {
            db::query(clear).bind(e.id).execute(&mut *tx).await?;
        }
        put_details(&mut tx, e.id, e.association_id, d).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Records that the person stopped on `ends_on` (none: they are back), from which day each
/// purpose's retention runs.
pub async fn set_ended(db: &Db, entry_id: i64, ends_on: Option<Date>) -> AppResult<()> {
    db::query(
        "UPDATE register_entries SET ends_on = $2, updated_at = $3 WHERE id = $1 AND anonymised_at IS NULL",
    )
    .bind(entry_id)
    .bind(ends_on.map(|d| d.to_string()))
    .bind(now())
    .execute(db.pool())
    .await?;
    Ok(())
}
