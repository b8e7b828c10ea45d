//! Storage of agreements, their parties, versions, acceptances and comments.
//!
//! Every change — a new text, an acceptance — locks the agreement's row first, so a proposal
//! and an acceptance are ordered: an acceptance names the version it accepts and is refused if
//! a newer one came first. A version, once written, is never rewritten: a change is the next
//! version.

use super::model::*;
use crate::accounts::logins::store::verified_column;
use crate::platform::db::{self, Db, Row, Tx, decode, rows_to};
use crate::platform::error::{AppError, AppResult};
use crate::platform::time::now;

#[derive(Clone, Debug)]
pub struct Party {
    pub actor_id: i64,
    pub name: String,
}

#[derive(Clone, Debug)]
pub struct Agreement {
    pub id: i64,
    pub initiative_id: Option<i64>,
    pub initiative_title: Option<String>,
    pub title: String,
    pub template: Template,
    pub current_version: i64,
    /// The newest version every party accepted; none while it is a draft.
    pub in_force: Option<i64>,
    pub parties: Vec<Party>,
}

#[derive(Clone, Debug)]
pub struct Acceptance {
    pub actor_id: i64,
    pub party_name: String,
    pub person_name: String,
    pub accepted_at: i64,
    /// Whether MitID verified the name of the person who accepted.
    pub verified: bool,
}

#[derive(Clone, Debug)]
pub struct Version {
    pub id: i64,
    pub number: i64,
    pub terms: Terms,
    pub change_note: String,
    pub proposed_by: String,
    pub proposed_at: i64,
    pub acceptances: Vec<Acceptance>,
}

/// The newest data processing agreement the actor is the controller of (its first party), if
/// any.
pub async fn data_processing_of(db: &Db, actor_id: i64) -> AppResult<Option<Agreement>> {
    let id: Option<i64> = db::query_scalar(
        "SELECT a.id FROM agreements a JOIN agreement_parties p ON p.agreement_id = a.id \
         WHERE p.actor_id = $1 AND p.position = 0 AND a.template = $2 ORDER BY a.id DESC LIMIT 1",
    )
    .bind(actor_id)
    .bind(Template::DataProcessing.code())
    .fetch_optional(db.pool())
    .await?;
    match id {
        Some(id) => Ok(Some(get(db, id).await?)),
        None => Ok(None),
    }
}

pub async fn get(db: &Db, id: i64) -> AppResult<Agreement> {
    // In force: the newest version that no party is missing an acceptance of.
    let row = db::query(
        "SELECT a.*, i.title AS initiative_title, (SELECT MAX(v.number) FROM agreement_versions v \
         WHERE v.agreement_id = a.id AND NOT EXISTS (SELECT 1 FROM agreement_parties p WHERE p.agreement_id = a.id \
         AND NOT EXISTS (SELECT 1 FROM agreement_acceptances x WHERE x.version_id = v.id AND x.actor_id = p.actor_id))) AS in_force \
         FROM agreements a LEFT JOIN initiatives i ON i.id = a.initiative_id WHERE a.id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)?;
    let parties = db::query_as::<(i64, String)>(
        "SELECT p.actor_id, a.name FROM agreement_parties p JOIN actors a ON a.id = p.actor_id WHERE p.agreement_id = $1 ORDER BY p.position",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?
    .into_iter()
    .map(|(actor_id, name)| Party { actor_id, name })
    .collect();
    Ok(Agreement {
        id,
        initiative_id: row.try_get("initiative_id")?,
        initiative_title: row.try_get("initiative_title")?,
        title: row.try_get("title")?,
        template: decode(&row, "template", Template::parse)?,
        current_version: row.try_get("current_version")?,
        in_force: row.try_get("in_force")?,
        parties,
    })
}

/// Agreements, newest first: all of them, or an initiative's.
pub async fn list(db: &Db, initiative_id: Option<i64>) -> AppResult<Vec<(i64, String)>> {
    let rows = match initiative_id {
        Some(id) => db::query_as(
            "SELECT id, title FROM agreements WHERE initiative_id = $1 ORDER BY id DESC LIMIT 200",
        )
        .bind(id)
        .fetch_all(db.pool())
        .await?,
        None => {
            db::query_as("SELECT id, title FROM agreements ORDER BY id DESC LIMIT 200")
                .fetch_all(db.pool())
                .await?
        }
    };
    Ok(rows)
}

fn terms(row: &Row) -> Result<Terms, db::Error> {
    Ok(Terms {
        purpose: row.try_get("purpose")?,
        contributions: row.try_get("contributions")?,
        ownership: row.try_get("ownership")?,
        commitment: decode(row, "commitment", Commitment::parse)?,
        binding_terms: row.try_get("binding_terms")?,
        data_roles: row.try_get("data_roles")?,
        duration: row.try_get("duration")?,
        evaluation: row.try_get("evaluation")?,
    })
}

fn acceptance(row: &Row) -> Result<Acceptance, db::Error> {
    Ok(Acceptance {
        actor_id: row.try_get("actor_id")?,
        party_name: row.try_get("party_name")?,
        person_name: row.try_get("person_name")?,
        accepted_at: row.try_get("accepted_at")?,
        verified: row.try_get::<i64, _>("verified")? == 1,
    })
}

/// One version with who accepted it for which party, and when.
pub async fn version(db: &Db, agreement_id: i64, number: i64) -> AppResult<Version> {
    let row = db::query(
        "SELECT v.*, a.name AS proposer FROM agreement_versions v JOIN users u ON u.id = v.proposed_by \
         JOIN actors a ON a.id = u.person_id WHERE v.agreement_id = $1 AND v.number = $2",
    )
    .bind(agreement_id)
    .bind(number)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)?;
    let id: i64 = row.try_get("id")?;
    let accepted = db::query(format!(
        "SELECT x.actor_id, x.accepted_at, party.name AS party_name, person.name AS person_name, \
         {} AS verified \
         FROM agreement_acceptances x JOIN actors party ON party.id = x.actor_id \
         JOIN users u ON u.id = x.accepted_by JOIN actors person ON person.id = u.person_id \
         WHERE x.version_id = $1 ORDER BY x.accepted_at, x.actor_id",
        verified_column("u.person_id")
    ))
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    Ok(Version {
        id,
        number,
        terms: terms(&row)?,
        change_note: row.try_get("change_note")?,
        proposed_by: row.try_get("proposer")?,
        proposed_at: row.try_get("proposed_at")?,
        acceptances: rows_to(&accepted, acceptance)?,
    })
}

async fn insert_version(
    tx: &mut Tx,
    agreement_id: i64,
    number: i64,
    t: &Terms,
    note: &str,
    user: i64,
) -> AppResult<()> {
    db::query(
        "INSERT INTO agreement_versions (agreement_id, number, purpose, contributions, ownership, commitment, binding_terms, \
         data_roles, duration, evaluation, change_note, proposed_by, proposed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    )
    .bind(agreement_id)
    .bind(number)
    .bind(&t.purpose)
    .bind(&t.contributions)
    .bind(&t.ownership)
    .bind(t.commitment.code())
    .bind(&t.binding_terms)
    .bind(&t.data_roles)
    .bind(&t.duration)
    .bind(&t.evaluation)
    .bind(note)
    .bind(user)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub struct NewAgreement<'a> {
    pub title: &'a str,
    pub template: Template,
    pub initiative_id: Option<i64>,
    pub parties: &'a [i64],
    pub terms: &'a Terms,
    pub user_id: i64,
}

pub async fn create(db: &Db, a: &NewAgreement<'_>) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    let t = now();
    let id: i64 = db::query_scalar(
        "INSERT INTO agreements (initiative_id, title, template, created_by, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(a.initiative_id)
    .bind(a.title)
    .bind(a.template.code())
    .bind(a.user_id)
    .bind(t)
    .fetch_one(&mut *tx)
    .await?;
    for (position, party) in a.parties.iter().enumerate() {
        db::query(
            "INSERT INTO agreement_parties (agreement_id, actor_id, position) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(party)
        .bind(position as i64)
        .execute(&mut *tx)
        .await?;
    }
    insert_version(&mut tx, id, 1, a.terms, "", a.user_id).await?;
    tx.commit().await?;
    Ok(id)
}

/// Locks the agreement's row for the rest of the transaction; returns its current version.
async fn lock(tx: &mut Tx, agreement_id: i64) -> AppResult<i64> {
    let current: i64 = db::query_scalar(
        "UPDATE agreements SET updated_at = $1 WHERE id = $2 RETURNING current_version",
    )
    .bind(now())
    .bind(agreement_id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(current)
}

/// Proposes a new text, written from version `from_version`: it becomes the next version,
/// which every party accepts anew; no version is ever rewritten. Refused (`Ok(false)`) when
/// the proposer worked from an outdated version.
pub async fn propose(
    db: &Db,
    agreement_id: i64,
    from_version: i64,
    t: &Terms,
    note: &str,
    user: i64,
) -> AppResult<bool> {
    let mut tx = db.begin().await?;
    let current = lock(&mut tx, agreement_id).await?;
    if current != from_version {
        return Ok(false);
    }
    insert_version(&mut tx, agreement_id, current + 1, t, note, user).await?;
    db::query("UPDATE agreements SET current_version = $1 WHERE id = $2")
        .bind(current + 1)
        .bind(agreement_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(true)
}

/// A party accepts the version it was shown; refused (`Ok(false)`) when that is no longer the
/// current version. Only a party's acceptance is written, and accepting twice changes nothing.
pub async fn accept(
    db: &Db,
    agreement_id: i64,
    number: i64,
    party: i64,
    user: i64,
) -> AppResult<bool> {
    let mut tx = db.begin().await?;
    let current = lock(&mut tx, agreement_id).await?;
    if current != number {
        return Ok(false);
    }
    db::query(
        "INSERT INTO agreement_acceptances (version_id, actor_id, accepted_by, accepted_at) \
         SELECT v.id, p.actor_id, $3, $4 FROM agreement_versions v \
         JOIN agreement_parties p ON p.agreement_id = v.agreement_id \
         WHERE v.agreement_id = $1 AND v.number = $2 AND p.actor_id = $5 \
         ON CONFLICT (version_id, actor_id) DO NOTHING",
    )
    .bind(agreement_id)
    .bind(number)
    .bind(user)
    .bind(now())
    .bind(party)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

#[derive(Clone, Debug)]
pub struct Comment {
    pub section: Section,
    pub author: String,
    pub body: String,
    pub created_at: i64,
}

pub async fn comments(db: &Db, version_id: i64) -> AppResult<Vec<Comment>> {
    let rows = db::query(
        "SELECT c.section, c.body, c.created_at, a.name AS author FROM agreement_comments c JOIN users u ON u.id = c.author_id \
         JOIN actors a ON a.id = u.person_id WHERE c.version_id = $1 ORDER BY c.id",
    )
    .bind(version_id)
    .fetch_all(db.pool())
    .await?;
    rows_to(&rows, |row| {
        Ok(Comment {
            section: decode(row, "section", Section::parse)?,
            author: row.try_get("author")?,
            body: row.try_get("body")?,
            created_at: row.try_get("created_at")?,
        })
    })
}

pub async fn add_comment(
    db: &Db,
    version_id: i64,
    section: Section,
    user: i64,
    body: &str,
) -> AppResult<()> {
    db::query("INSERT INTO agreement_comments (version_id, section, author_id, body, created_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(version_id)
        .bind(section.code())
        .bind(user)
        .bind(body)
        .bind(now())
        .execute(db.pool())
        .await?;
    Ok(())
}
