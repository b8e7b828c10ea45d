//! Storage of actors and memberships.

use super::model::{ActorKind, MembershipRefusal, OrganisationDraft};
use crate::initiatives::model::{ParticipantRole, Status};
use crate::initiatives::store::excerpt;
use crate::platform::auth::MembershipRole;
use crate::platform::db::{self, Db, Row, SqlBuilder, Tx, Value, decode, page_number};
use crate::platform::error::{AppError, AppResult};
use crate::platform::permissions::OrganisationAccess;
use crate::platform::search::{self, SearchIndex, WEIGHT_BODY, WEIGHT_SUMMARY, WEIGHT_TITLE};
use crate::platform::time::now;

#[derive(Clone, Debug)]
pub struct Actor {
    pub id: i64,
    pub kind: ActorKind,
    pub name: String,
    pub about: String,
    pub neighbourhood: String,
    pub website: String,
    pub parent_id: Option<i64>,
    pub parent_name: Option<String>,
    pub department_id: Option<i64>,
    pub created_at: i64,
}

impl Actor {
    pub fn access(&self) -> OrganisationAccess {
        OrganisationAccess {
            id: self.id,
            department_id: self.department_id,
        }
    }
}

/// A short reference to an actor: enough to name and link it.
#[derive(Clone, Debug)]
pub struct ActorRef {
    pub id: i64,
    pub name: String,
    pub kind: ActorKind,
}

#[derive(Clone, Debug)]
pub struct ActorCard {
    pub id: i64,
    pub name: String,
    pub kind: ActorKind,
    pub about: String,
    pub neighbourhood: String,
}

#[derive(Clone, Debug)]
pub struct MemberEntry {
    pub actor: ActorRef,
    pub role: MembershipRole,
}

#[derive(Clone, Debug)]
pub struct Participation {
    pub initiative_id: i64,
    pub title: String,
    pub role: ParticipantRole,
    pub status: Status,
    pub owned: bool,
    pub started: bool,
}

fn actor_ref(row: &Row) -> Result<ActorRef, db::Error> {
    Ok(ActorRef {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        kind: decode(row, "kind", ActorKind::parse)?,
    })
}

pub async fn create_person(tx: &mut Tx, name: &str, neighbourhood: &str) -> Result<i64, db::Error> {
    let t = now();
    let id: i64 = db::query_scalar(
        "INSERT INTO actors (kind, name, neighbourhood, created_at, updated_at) VALUES ('person', $1, $2, $3, $3) RETURNING id",
    )
    .bind(name)
    .bind(neighbourhood)
    .bind(t)
    .fetch_one(&mut **tx)
    .await?;
    refresh_derived(tx, id, name, "", neighbourhood).await?;
    Ok(id)
}

/// Creates an organisation. A municipal unit under `parent_id` belongs to its parent's
/// department; a unit without a parent is a department itself.
pub async fn create_organisation(
    tx: &mut Tx,
    kind: ActorKind,
    draft: &OrganisationDraft,
    parent_id: Option<i64>,
) -> AppResult<i64> {
    let t = now();
    let department_id: Option<i64> = match (kind, parent_id) {
        (ActorKind::MunicipalUnit, Some(parent)) => {
            db::query_scalar("SELECT department_id FROM actors WHERE id = $1")
                .bind(parent)
                .fetch_one(&mut **tx)
                .await?
        }
        _ => None,
    };
    let id: i64 = db::query_scalar(
        "INSERT INTO actors (kind, name, about, neighbourhood, website, parent_id, department_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(kind.code())
    .bind(&draft.name)
    .bind(&draft.about)
    .bind(&draft.neighbourhood)
    .bind(&draft.website)
    .bind(parent_id)
    .bind(department_id)
    .bind(t)
    .fetch_one(&mut **tx)
    .await?;
    if kind == ActorKind::MunicipalUnit && parent_id.is_none() {
        db::query("UPDATE actors SET department_id = id WHERE id = $1")
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    refresh_derived(tx, id, &draft.name, &draft.about, &draft.neighbourhood)
        .await
        .map_err(name_taken)?;
    Ok(id)
}

/// A name another organisation has already is the name field's problem.
fn name_taken(e: db::Error) -> AppError {
    match e.is_unique_violation() {
        true => AppError::Invalid([("name", crate::text!(err_name_taken))].into()),
        false => e.into(),
    }
}

/// Saves a profile: an organisation's, or a person's own (the same fields).
pub async fn update_organisation(db: &Db, id: i64, draft: &OrganisationDraft) -> AppResult<()> {
    let mut tx = db.begin().await?;
    db::query("UPDATE actors SET name = $1, about = $2, neighbourhood = $3, website = $4, updated_at = $5 WHERE id = $6")
        .bind(&draft.name)
        .bind(&draft.about)
        .bind(&draft.neighbourhood)
        .bind(&draft.website)
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    refresh_derived(&mut tx, id, &draft.name, &draft.about, &draft.neighbourhood)
        .await
        .map_err(name_taken)?;
    tx.commit().await?;
    Ok(())
}

/// Updates what is derived from the description: the sort key of the name and the search index.
async fn refresh_derived(
    tx: &mut Tx,
    id: i64,
    name: &str,
    about: &str,
    neighbourhood: &str,
) -> Result<(), db::Error> {
    db::query(
        "UPDATE actors SET sort_name = $1, name_key = CASE WHEN kind = 'person' THEN NULL ELSE $2 END \
         WHERE id = $3",
    )
    .bind(search::sort_key(name))
    .bind(super::model::name_key(name))
    .bind(id)
        .execute(&mut **tx)
        .await?;
    search::index_document(
        tx,
        SearchIndex::Actors,
        id,
        &[
            (name, WEIGHT_TITLE),
            (neighbourhood, WEIGHT_SUMMARY),
            (about, WEIGHT_BODY),
        ],
    )
    .await
}

pub async fn add_membership(
    tx: &mut Tx,
    organisation_id: i64,
    person_id: i64,
    role: MembershipRole,
) -> Result<(), db::Error> {
    db::query(
        "INSERT INTO memberships (organisation_id, person_id, role, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (organisation_id, person_id) DO UPDATE SET role = excluded.role",
    )
    .bind(organisation_id)
    .bind(person_id)
    .bind(role.code())
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Gives a person a role in an organisation, or with `None` removes them, unless that would
/// leave the organisation without anyone to manage it (then `Conflict`). The organisation's row
/// is locked first, so two managers removing each other at the same moment cannot both succeed.
pub async fn change_membership(
    db: &Db,
    organisation_id: i64,
    person_id: i64,
    role: Option<MembershipRole>,
) -> AppResult<()> {
    let mut tx = db.begin().await?;
    db::query("UPDATE actors SET updated_at = updated_at WHERE id = $1")
        .bind(organisation_id)
        .execute(&mut *tx)
        .await?;
    let current: Option<String> = db::query_scalar(
        "SELECT role FROM memberships WHERE organisation_id = $1 AND person_id = $2",
    )
    .bind(organisation_id)
    .bind(person_id)
    .fetch_optional(&mut *tx)
    .await?;
    let other_managers: i64 = db::query_scalar(
        "SELECT COUNT(*) FROM memberships WHERE organisation_id = $1 AND person_id <> $2 \
         AND role IN ('admin', 'leader')",
    )
    .bind(organisation_id)
    .bind(person_id)
    .fetch_one(&mut *tx)
    .await?;
    let manages = |r: Option<MembershipRole>| r.is_some_and(MembershipRole::manages);
    if manages(current.as_deref().and_then(MembershipRole::parse))
        && !manages(role)
        && other_managers == 0
    {
        return Err(MembershipRefusal::LastManager.into());
    }
    match role {
        Some(role) => add_membership(&mut tx, organisation_id, person_id, role).await?,
        None => {
            db::query("DELETE FROM memberships WHERE organisation_id = $1 AND person_id = $2")
                .bind(organisation_id)
                .bind(person_id)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

pub async fn get(db: &Db, id: i64) -> AppResult<Actor> {
    let row = db::query(
        "SELECT a.*, p.name AS parent_name FROM actors a LEFT JOIN actors p ON p.id = a.parent_id WHERE a.id = $1",
    )
    .bind(id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(Actor {
        id: row.try_get("id")?,
        kind: decode(&row, "kind", ActorKind::parse)?,
        name: row.try_get("name")?,
        about: row.try_get("about")?,
        neighbourhood: row.try_get("neighbourhood")?,
        website: row.try_get("website")?,
        parent_id: row.try_get("parent_id")?,
        parent_name: row.try_get("parent_name")?,
        department_id: row.try_get("department_id")?,
        created_at: row.try_get("created_at")?,
    })
}

pub async fn get_ref(db: &Db, id: i64) -> AppResult<ActorRef> {
    let row = db::query("SELECT id, name, kind FROM actors WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(actor_ref(&row)?)
}

/// The named actors, in the order given; unknown ids are left out.
pub async fn refs(db: &Db, ids: &[i64]) -> AppResult<Vec<ActorRef>> {
    let mut out = Vec::new();
    for &id in ids {
        if let Ok(r) = get_ref(db, id).await {
            out.push(r);
        }
    }
    Ok(out)
}

#[derive(Clone, Debug, Default)]
pub struct ActorQuery {
    pub q: String,
    pub kind: Option<ActorKind>,
    pub page: i64,
    pub per_page: i64,
}

pub async fn list(db: &Db, query: &ActorQuery) -> AppResult<(Vec<ActorCard>, bool)> {
    let per_page = if query.per_page <= 0 {
        30
    } else {
        query.per_page.min(100)
    };
    let page = page_number(query.page);
    let terms = search::query_terms(&query.q);
    if terms.is_empty() && !query.q.trim().is_empty() {
        return Ok((Vec::new(), false));
    }
    let mut sql =
        SqlBuilder::new("SELECT a.id, a.name, a.kind, a.about, a.neighbourhood FROM actors a ");
    if !terms.is_empty() {
        search::join_ranking(&mut sql, SearchIndex::Actors, &terms, "a.id", None);
    }
    sql.push("WHERE 1 = 1");
    match query.kind {
        Some(kind) => {
            let p = sql.bind(Value::Text(kind.code().into()));
            sql.push(&format!(" AND a.kind = {p}"));
        }
        // People are found by name search, not browsed.
        None if terms.is_empty() => {
            sql.push(" AND a.kind <> 'person'");
        }
        None => {}
    }
    sql.push(if terms.is_empty() {
        " ORDER BY a.sort_name, a.id"
    } else {
        " ORDER BY r.matched DESC, r.score DESC, a.id DESC"
    });
    sql.limit(per_page + 1, (page - 1) * per_page);
    let rows = sql.query().fetch_all(db.pool()).await?;
    let mut items = rows
        .iter()
        .map(|r| {
            let about: String = r.try_get("about")?;
            Ok(ActorCard {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                kind: decode(r, "kind", ActorKind::parse)?,
                about: excerpt(&about, 200),
                neighbourhood: r.try_get("neighbourhood")?,
            })
        })
        .collect::<Result<Vec<_>, db::Error>>()?;
    let has_next = items.len() as i64 > per_page;
    items.truncate(per_page as usize);
    Ok((items, has_next))
}

/// The municipality's departments (municipal units without a parent).
pub async fn departments(db: &Db) -> AppResult<Vec<ActorRef>> {
    let rows = db::query("SELECT id, name, kind FROM actors WHERE kind = 'municipal_unit' AND parent_id IS NULL ORDER BY sort_name, id")
        .fetch_all(db.pool())
        .await?;
    Ok(rows.iter().map(actor_ref).collect::<Result<_, _>>()?)
}

pub async fn sub_units(db: &Db, id: i64) -> AppResult<Vec<ActorRef>> {
    let rows =
        db::query("SELECT id, name, kind FROM actors WHERE parent_id = $1 ORDER BY sort_name, id")
            .bind(id)
            .fetch_all(db.pool())
            .await?;
    Ok(rows.iter().map(actor_ref).collect::<Result<_, _>>()?)
}

pub async fn members(db: &Db, organisation_id: i64) -> AppResult<Vec<MemberEntry>> {
    member_entries(
        db,
        "SELECT a.id, a.name, a.kind, m.role FROM memberships m JOIN actors a ON a.id = m.person_id \
         WHERE m.organisation_id = $1 ORDER BY a.sort_name, a.id",
        organisation_id,
    )
    .await
}

/// The organisations a person belongs to, with the role.
pub async fn memberships_of(db: &Db, person_id: i64) -> AppResult<Vec<MemberEntry>> {
    member_entries(
        db,
        "SELECT a.id, a.name, a.kind, m.role FROM memberships m JOIN actors a ON a.id = m.organisation_id \
         WHERE m.person_id = $1 ORDER BY a.sort_name, a.id",
        person_id,
    )
    .await
}

/// Runs a membership query yielding the other side's `id`, `name`, `kind` and the `role`.
async fn member_entries(db: &Db, sql: &'static str, id: i64) -> AppResult<Vec<MemberEntry>> {
    let rows = db::query(sql).bind(id).fetch_all(db.pool()).await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok(MemberEntry {
                actor: actor_ref(r)?,
                role: decode(r, "role", MembershipRole::parse)?,
            })
        })
        .collect::<Result<_, db::Error>>()?)
}

/// The initiatives an actor takes part in, owns or started.
pub async fn participation(db: &Db, actor_id: i64) -> AppResult<Vec<Participation>> {
    let rows = db::query(format!(
        "SELECT i.id, i.title, i.status, i.owner_id, i.started_by_id, p.role FROM initiatives i \
         LEFT JOIN initiative_participants p ON p.initiative_id = i.id AND p.actor_id = $1 \
         WHERE (p.actor_id = $1 OR i.owner_id = $1 OR i.started_by_id = $1) AND {} \
         ORDER BY i.updated_at DESC, i.id DESC LIMIT 200",
        crate::moderation::model::visible(crate::moderation::model::ContentKind::Initiative, "i")
    ))
    .bind(actor_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| {
            let role: Option<String> = r.try_get("role")?;
            Ok(Participation {
                initiative_id: r.try_get("id")?,
                title: r.try_get("title")?,
                role: role
                    .as_deref()
                    .and_then(ParticipantRole::parse)
                    .unwrap_or(ParticipantRole::Supporter),
                status: decode(r, "status", Status::parse)?,
                owned: r.try_get::<i64, _>("owner_id")? == actor_id,
                started: r.try_get::<i64, _>("started_by_id")? == actor_id,
            })
        })
        .collect::<Result<_, db::Error>>()?)
}

/// The people who speak for an actor: a person, or those acting for an organisation (the roles
/// `permissions::acts_for` lets act).
pub async fn speakers(db: &Db, actor_id: i64) -> AppResult<Vec<i64>> {
    Ok(db::query_scalar(
        "SELECT id FROM actors WHERE id = $1 AND kind = 'person' \
         UNION SELECT person_id FROM memberships WHERE organisation_id = $1 \
         AND role IN ('admin', 'employee', 'leader')",
    )
    .bind(actor_id)
    .fetch_all(db.pool())
    .await?)
}
