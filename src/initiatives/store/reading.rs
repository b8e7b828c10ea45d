//! One initiative: its participants, its history of status and ownership, and who may change it.

use super::*;
use crate::platform::db;

pub async fn get(db: &Db, id: i64) -> AppResult<Initiative> {
    let row = db::query(
        "SELECT i.*, s.name AS started_by_name, o.name AS owner_name, o.kind AS owner_kind, \
         o.department_id AS owner_department_id, d.name AS department_name \
         FROM initiatives i JOIN actors s ON s.id = i.started_by_id JOIN actors o ON o.id = i.owner_id \
         LEFT JOIN actors d ON d.id = i.department_id WHERE i.id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)?;
    let latitude: Option<i64> = row.try_get("latitude_e6")?;
    let longitude: Option<i64> = row.try_get("longitude_e6")?;
    let value_goals: String = row.try_get("value_goals")?;
    Ok(Initiative {
        id: row.try_get("id")?,
        draft: InitiativeDraft {
            title: row.try_get("title")?,
            purpose: row.try_get("purpose")?,
            description: row.try_get("description")?,
            theme: decode(&row, "theme", Theme::parse)?,
            address: row.try_get("address")?,
            neighbourhood: row.try_get("neighbourhood")?,
            coordinates: from_e6_pair(latitude, longitude),
            stage: decode(&row, "stage", Stage::parse)?,
            commitment: decode(&row, "commitment", Commitment::parse)?,
            value_goals: value_goals_from_codes(&value_goals),
            leadership_mode: decode(&row, "leadership_mode", LeadershipMode::parse)?,
            department_id: row.try_get("department_id")?,
        },
        provenance: decode(&row, "provenance", Provenance::parse)?,
        initiating_side: decode(&row, "initiating_side", InitiatingSide::parse)?,
        started_by_id: row.try_get("started_by_id")?,
        started_by_name: row.try_get("started_by_name")?,
        owner_id: row.try_get("owner_id")?,
        owner_name: row.try_get("owner_name")?,
        owner_kind: decode(&row, "owner_kind", ActorKind::parse)?,
        owner_department_id: row.try_get("owner_department_id")?,
        department_name: row.try_get("department_name")?,
        status: decode(&row, "status", Status::parse)?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        version: row.try_get("version")?,
    })
}

pub async fn participants(db: &Db, id: i64) -> AppResult<Vec<Participant>> {
    let rows = db::query(
        "SELECT p.actor_id, a.name, a.kind, p.role, p.expectations, p.joined_at \
         FROM initiative_participants p JOIN actors a ON a.id = p.actor_id \
         WHERE p.initiative_id = $1 ORDER BY p.joined_at, a.sort_name, a.id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Participant {
                actor_id: r.try_get("actor_id")?,
                name: r.try_get("name")?,
                kind: decode(r, "kind", ActorKind::parse)?,
                role: decode(r, "role", ParticipantRole::parse)?,
                expectations: r.try_get("expectations")?,
                joined_at: r.try_get("joined_at")?,
            })
        })
        .collect::<Result<_, db::Error>>()
        .map_err(AppError::from)
}

/// A step in an initiative's lifecycle.
#[derive(Clone, Debug)]
pub struct StatusStep {
    pub from: Status,
    pub to: Status,
    pub at: i64,
}

pub async fn status_history(db: &Db, id: i64) -> AppResult<Vec<StatusStep>> {
    let rows = db::query(
        "SELECT from_status, to_status, changed_at FROM initiative_status_changes \
         WHERE initiative_id = $1 ORDER BY changed_at, id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(StatusStep {
                from: decode(r, "from_status", Status::parse)?,
                to: decode(r, "to_status", Status::parse)?,
                at: r.try_get("changed_at")?,
            })
        })
        .collect::<Result<_, db::Error>>()
        .map_err(AppError::from)
}

pub async fn ownership_history(db: &Db, id: i64) -> AppResult<Vec<Ownership>> {
    let rows = db::query(
        "SELECT h.owner_id, a.name, a.kind, h.from_at, h.to_at, h.reason \
         FROM initiative_ownership h JOIN actors a ON a.id = h.owner_id \
         WHERE h.initiative_id = $1 ORDER BY h.from_at, h.id",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Ownership {
                owner_id: r.try_get("owner_id")?,
                owner_name: r.try_get("name")?,
                owner_kind: decode(r, "kind", ActorKind::parse)?,
                from_at: r.try_get("from_at")?,
                to_at: r.try_get("to_at")?,
                reason: r.try_get("reason")?,
            })
        })
        .collect::<Result<_, db::Error>>()
        .map_err(AppError::from)
}

/// Whether an initiative exists (what an idea was adopted as, what a debate is about).
pub async fn exists(db: &Db, id: i64) -> AppResult<bool> {
    let found: Option<i64> = db::query_scalar("SELECT id FROM initiatives WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?;
    Ok(found.is_some())
}

pub async fn access(db: &Db, id: i64) -> AppResult<InitiativeAccess> {
    let (owner_id, created_by, owner_department_id): (i64, i64, Option<i64>) = db::query_as(
        "SELECT i.owner_id, i.created_by, o.department_id FROM initiatives i \
         JOIN actors o ON o.id = i.owner_id WHERE i.id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)?;
    let coordinator_ids: Vec<i64> = db::query_scalar(
        "SELECT actor_id FROM initiative_participants WHERE initiative_id = $1 AND role = 'coordinator'",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    Ok(InitiativeAccess {
        owner_id,
        created_by,
        coordinator_ids,
        owner_department_id,
    })
}
