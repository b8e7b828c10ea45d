//! Starting, changing, transferring and joining an initiative.

use super::*;
use crate::initiatives::actions::Adopts;
use crate::platform::auth::Viewer;
use crate::platform::db;

/// Who starts a new initiative: a person for themself, or an organisation they act for.
#[derive(Clone, Copy, Debug)]
pub struct Starter {
    pub actor_id: i64,
    pub kind: ActorKind,
    pub user_id: i64,
}

/// Creates an initiative started by the actor `starter_id` (its kind is the provenance) on
/// behalf of the viewer; the caller has checked that they may act for that actor. What it
/// `adopts` it takes up in the same transaction, or fails with a conflict when that was
/// adopted or decided meanwhile.
pub async fn create(
    db: &Db,
    draft: &InitiativeDraft,
    starter_id: i64,
    viewer: &Viewer,
    expectations: &str,
    adopts: Option<&Adopts>,
) -> AppResult<i64> {
    let user_id = viewer.user_id;
    let mut tx = db.begin().await?;
    let kind: String = db::query_scalar("SELECT kind FROM actors WHERE id = $1")
        .bind(starter_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    let kind = ActorKind::parse(&kind)
        .ok_or_else(|| AppError::Internal(format!("actor kind {kind:?}")))?;
    let starter = Starter {
        actor_id: starter_id,
        kind,
        user_id,
    };
    let id = create_in(&mut tx, draft, starter, expectations).await?;
    match adopts {
        Some(Adopts::Tip(tip_id)) => {
            let adoption = crate::tips::store::Change {
                initiative_id: Some(id),
                ..Default::default()
            };
            if crate::tips::store::change_in(&mut tx, *tip_id, &adoption, Some(user_id))
                .await?
                .is_none()
            {
                return Err(InitiativeRefusal::TipAdopted.into());
            }
        }
        Some(Adopts::Idea(adoption)) => {
            crate::workshops::actions::adopt_in(&mut tx, viewer, adoption, id).await?;
        }
        None => {}
    }
    tx.commit().await?;
    Ok(id)
}

/// Creates an initiative inside a transaction the caller commits (used to load data in bulk).
pub async fn create_in(
    tx: &mut Tx,
    draft: &InitiativeDraft,
    starter: Starter,
    expectations: &str,
) -> Result<i64, db::Error> {
    let provenance = Provenance::of_actor(starter.kind);
    let t = now();
    let id: i64 = db::query_scalar(
        "INSERT INTO initiatives (title, purpose, description, theme, address, neighbourhood, latitude_e6, \
         longitude_e6, provenance, started_by_id, owner_id, department_id, stage, initiating_side, commitment, \
         value_goals, leadership_mode, status, created_by, created_at, updated_at, status_since) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19, $19) \
         RETURNING id",
    )
    .bind(&draft.title)
    .bind(&draft.purpose)
    .bind(&draft.description)
    .bind(draft.theme.code())
    .bind(&draft.address)
    .bind(&draft.neighbourhood)
    .bind(draft.coordinates.map(|c| to_e6(c.0)))
    .bind(draft.coordinates.map(|c| to_e6(c.1)))
    .bind(provenance.code())
    .bind(starter.actor_id)
    .bind(draft.department_id)
    .bind(draft.stage.code())
    .bind(provenance.initiating_side().code())
    .bind(draft.commitment.code())
    .bind(value_goals_to_codes(&draft.value_goals))
    .bind(draft.leadership_mode.code())
    .bind(Status::Idea.code())
    .bind(starter.user_id)
    .bind(t)
    .fetch_one(&mut **tx)
    .await?;
    db::query("INSERT INTO initiative_ownership (initiative_id, owner_id, from_at, changed_by) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(starter.actor_id)
        .bind(t)
        .bind(starter.user_id)
        .execute(&mut **tx)
        .await?;
    db::query(
        "INSERT INTO initiative_participants (initiative_id, actor_id, role, expectations, joined_at, actor_kind) \
         VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(starter.actor_id)
    .bind(ParticipantRole::Coordinator.code())
    .bind(expectations.trim())
    .bind(t)
    .bind(starter.kind.code())
    .execute(&mut **tx)
    .await?;
    refresh_derived(tx, id, draft).await?;
    Ok(id)
}

/// Updates what is derived from the fields: the sort key of the title and the search index
/// (which holds what its leaders learned, too).
pub(crate) async fn refresh_derived(
    tx: &mut Tx,
    id: i64,
    d: &InitiativeDraft,
) -> Result<(), db::Error> {
    db::query("UPDATE initiatives SET sort_title = $1 WHERE id = $2")
        .bind(search::sort_key(&d.title))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let themes = format!("{} {}", d.theme.label(Lang::Da), d.theme.label(Lang::En));
    let place = format!("{} {}", d.address, d.neighbourhood);
    let learned = crate::cases::store::learned_text(tx, id).await?;
    search::index_document(
        tx,
        SearchIndex::Initiatives,
        id,
        &[
            (&d.title, WEIGHT_TITLE),
            (&d.purpose, WEIGHT_SUMMARY),
            (&themes, WEIGHT_SUMMARY),
            (&place, WEIGHT_SUMMARY),
            (&d.description, WEIGHT_BODY),
            (&learned, WEIGHT_BODY),
        ],
    )
    .await
}

/// Saves an edit made from version `expected_version`; if someone saved in between, nothing is
/// overwritten and the caller gets a conflict.
pub async fn update(
    db: &Db,
    id: i64,
    expected_version: i64,
    draft: &InitiativeDraft,
) -> AppResult<()> {
    edit(db, id, Some((expected_version, draft)), None).await
}

/// Moves the initiative from `from` to `to`; the guard on the current status makes two
/// simultaneous changes end with one of them refused instead of a skipped step.
pub async fn change_status(
    db: &Db,
    id: i64,
    from: Status,
    to: Status,
    user_id: i64,
) -> AppResult<()> {
    edit(db, id, None, Some(StatusChange { from, to, user_id })).await
}

pub struct StatusChange {
    pub from: Status,
    pub to: Status,
    pub user_id: i64,
}

/// Saves an edit of the fields (made from a version) and a status change together: both are
/// stored, or, on a conflict with a concurrent change, neither.
pub async fn edit(
    db: &Db,
    id: i64,
    fields: Option<(i64, &InitiativeDraft)>,
    status: Option<StatusChange>,
) -> AppResult<()> {
    let mut tx = db.begin().await?;
    if let Some((expected_version, draft)) = fields {
        update_fields(&mut tx, id, expected_version, draft).await?;
    }
    if let Some(change) = status {
        update_status(&mut tx, id, &change).await?;
    }
    tx.commit().await?;
    Ok(())
}

pub(super) async fn update_fields(
    tx: &mut Tx,
    id: i64,
    expected_version: i64,
    draft: &InitiativeDraft,
) -> AppResult<()> {
    let done = db::query(
        "UPDATE initiatives SET title = $1, purpose = $2, description = $3, theme = $4, address = $5, \
         neighbourhood = $6, latitude_e6 = $7, longitude_e6 = $8, department_id = $9, stage = $10, commitment = $11, \
         value_goals = $12, leadership_mode = $13, updated_at = $14, version = version + 1 \
         WHERE id = $15 AND version = $16",
    )
    .bind(&draft.title)
    .bind(&draft.purpose)
    .bind(&draft.description)
    .bind(draft.theme.code())
    .bind(&draft.address)
    .bind(&draft.neighbourhood)
    .bind(draft.coordinates.map(|c| to_e6(c.0)))
    .bind(draft.coordinates.map(|c| to_e6(c.1)))
    .bind(draft.department_id)
    .bind(draft.stage.code())
    .bind(draft.commitment.code())
    .bind(value_goals_to_codes(&draft.value_goals))
    .bind(draft.leadership_mode.code())
    .bind(now())
    .bind(id)
    .bind(expected_version)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        let exists: Option<i64> = db::query_scalar("SELECT id FROM initiatives WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut **tx)
            .await?;
        return Err(match exists {
            Some(_) => Stale::Version.into(),
            None => AppError::NotFound,
        });
    }
    refresh_derived(tx, id, draft).await?;
    Ok(())
}

pub async fn update_status(tx: &mut Tx, id: i64, change: &StatusChange) -> AppResult<()> {
    let t = now();
    let done = db::query(
        "UPDATE initiatives SET status = $1, updated_at = $2, status_since = $2, \
         concluded_at = CASE WHEN $1 = 'concluded' THEN $2 END, version = version + 1 WHERE id = $3 AND status = $4",
    )
    .bind(change.to.code())
    .bind(t)
    .bind(id)
    .bind(change.from.code())
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Stale::Version.into());
    }
    db::query(
        "INSERT INTO initiative_status_changes (initiative_id, from_status, to_status, changed_by, changed_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(change.from.code())
    .bind(change.to.code())
    .bind(change.user_id)
    .bind(t)
    .execute(&mut **tx)
    .await?;
    if change.to == Status::Concluded {
        db::query("UPDATE initiative_participants SET concluded_at = $1 WHERE initiative_id = $2")
            .bind(t)
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Gives the initiative a new owner, closing the current period of ownership, inside a
/// transaction the caller commits; refused as stale when `from_owner` no longer owns it.
pub async fn transfer_in(
    tx: &mut Tx,
    id: i64,
    from_owner: i64,
    to_owner: i64,
    user_id: i64,
    reason: &str,
) -> AppResult<()> {
    let t = now();
    let done = db::query(
        "UPDATE initiatives SET owner_id = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND owner_id = $4",
    )
    .bind(to_owner)
    .bind(t)
    .bind(id)
    .bind(from_owner)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Stale::Version.into());
    }
    db::query(
        "UPDATE initiative_ownership SET to_at = $1 WHERE initiative_id = $2 AND to_at IS NULL",
    )
    .bind(t)
    .bind(id)
    .execute(&mut **tx)
    .await?;
    db::query(
        "INSERT INTO initiative_ownership (initiative_id, owner_id, from_at, changed_by, reason) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(to_owner)
    .bind(t)
    .bind(user_id)
    .bind(reason.trim())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Adds a participant, or updates the role and expectations of one already taking part.
pub async fn join(
    db: &Db,
    id: i64,
    actor_id: i64,
    role: ParticipantRole,
    expectations: &str,
) -> AppResult<()> {
    let mut tx = db.begin().await?;
    join_in(&mut tx, id, actor_id, role, expectations, false).await?;
    tx.commit().await?;
    Ok(())
}

/// [`join`] inside a transaction the caller commits; with `keep_role`, one already taking part
/// keeps their role and expectations.
pub async fn join_in(
    tx: &mut Tx,
    id: i64,
    actor_id: i64,
    role: ParticipantRole,
    expectations: &str,
    keep_role: bool,
) -> AppResult<()> {
    let on_conflict = if keep_role {
        "DO NOTHING"
    } else {
        "DO UPDATE SET role = excluded.role, expectations = excluded.expectations"
    };
    db::query(format!(
        "INSERT INTO initiative_participants (initiative_id, actor_id, role, expectations, joined_at, actor_kind, concluded_at) \
         SELECT $1, $2, $3, $4, $5, a.kind, i.concluded_at FROM actors a, initiatives i WHERE a.id = $2 AND i.id = $1 \
         ON CONFLICT (initiative_id, actor_id) {on_conflict}"
    ))
    .bind(id)
    .bind(actor_id)
    .bind(role.code())
    .bind(expectations.trim())
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Initiatives that have a place and are not concluded, for the map: the latest first.
pub async fn places(
    db: &Db,
    limit: i64,
) -> AppResult<Vec<(i64, String, crate::platform::geo::Coordinates)>> {
    crate::platform::map::named_places(
        db,
        &format!(
            "SELECT id, title AS name, latitude_e6, longitude_e6 FROM initiatives i \
         WHERE latitude_e6 IS NOT NULL AND longitude_e6 IS NOT NULL AND status <> 'concluded' \
         AND {} ORDER BY updated_at DESC, id DESC LIMIT {limit}",
            crate::moderation::model::visible(
                crate::moderation::model::ContentKind::Initiative,
                "i"
            )
        ),
    )
    .await
}

/// Anchors the initiative in a department that accepted it.
pub async fn anchor_in(tx: &mut Tx, id: i64, department_id: i64) -> AppResult<()> {
    db::query(
        "UPDATE initiatives SET department_id = $1, updated_at = $2, version = version + 1 WHERE id = $3",
    )
    .bind(department_id)
    .bind(now())
    .bind(id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
