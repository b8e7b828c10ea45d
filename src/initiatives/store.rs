//! Storage of initiatives: named queries, one SQL text for both engines.

use super::model::*;
use crate::actors::model::ActorKind;
use crate::platform::db::{Db, Param, SqlBuilder, Tx, decode, page_number};
use crate::platform::error::{AppError, AppResult, Stale};
use crate::platform::geo::{from_e6_pair, to_e6};
use crate::platform::i18n::Lang;
use crate::platform::permissions::InitiativeAccess;
use crate::platform::search::{self, SearchIndex, WEIGHT_BODY, WEIGHT_SUMMARY, WEIGHT_TITLE};
use crate::platform::time::now;
use sqlx::Row;
use sqlx::any::AnyRow;

pub const PER_PAGE_DEFAULT: i64 = 20;
pub const PER_PAGE_MAX: i64 = 100;

#[derive(Clone, Debug)]
pub struct Initiative {
    pub id: i64,
    pub draft: InitiativeDraft,
    pub provenance: Provenance,
    pub initiating_side: InitiatingSide,
    pub started_by_id: i64,
    pub started_by_name: String,
    pub owner_id: i64,
    pub owner_name: String,
    pub owner_kind: ActorKind,
    pub department_name: Option<String>,
    pub status: Status,
    pub created_by: i64,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

impl Initiative {
    /// What the permission rules need, from an initiative already loaded with its participants.
    pub fn access(&self, participants: &[Participant]) -> InitiativeAccess {
        InitiativeAccess {
            owner_id: self.owner_id,
            created_by: self.created_by,
            coordinator_ids: participants
                .iter()
                .filter(|p| p.role == ParticipantRole::Coordinator)
                .map(|p| p.actor_id)
                .collect(),
            department_id: self.draft.department_id,
        }
    }
}

#[derive(Clone, Debug)]
pub struct Participant {
    pub actor_id: i64,
    pub name: String,
    pub kind: ActorKind,
    pub role: ParticipantRole,
    pub expectations: String,
    pub joined_at: i64,
}

#[derive(Clone, Debug)]
pub struct Ownership {
    pub owner_id: i64,
    pub owner_name: String,
    pub owner_kind: ActorKind,
    pub from_at: i64,
    pub to_at: Option<i64>,
    pub reason: String,
}

/// An initiative as shown in lists.
#[derive(Clone, Debug)]
pub struct InitiativeCard {
    pub id: i64,
    pub title: String,
    pub purpose: String,
    pub theme: Theme,
    pub status: Status,
    pub stage: Stage,
    pub provenance: Provenance,
    pub neighbourhood: String,
    pub owner_name: String,
    pub updated_at: i64,
    pub theme_label: &'static str,
    pub status_label: &'static str,
    pub provenance_label: &'static str,
}

/// Sort orders of the list; relevance applies when searching.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sort {
    #[default]
    Updated,
    Created,
    Title,
    Relevance,
}

impl Sort {
    pub fn parse(code: &str) -> Option<Sort> {
        match code {
            "updated" => Some(Sort::Updated),
            "created" => Some(Sort::Created),
            "title" => Some(Sort::Title),
            "relevance" => Some(Sort::Relevance),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Sort::Updated => "updated",
            Sort::Created => "created",
            Sort::Title => "title",
            Sort::Relevance => "relevance",
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct ListQuery {
    pub q: String,
    pub theme: Option<Theme>,
    pub stage: Option<Stage>,
    pub side: Option<InitiatingSide>,
    pub commitment: Option<Commitment>,
    pub department_id: Option<i64>,
    pub neighbourhood: String,
    pub status: Option<Status>,
    pub sort: Option<Sort>,
    /// 1-based.
    pub page: i64,
    pub per_page: i64,
}

pub struct ListPage {
    pub items: Vec<InitiativeCard>,
    pub has_next: bool,
}

const CARD_COLUMNS: &str = "i.id, i.title, i.purpose, i.theme, i.status, i.stage, i.provenance, \
    i.neighbourhood, i.updated_at, o.name AS owner_name";

fn card(row: &AnyRow, lang: Lang) -> Result<InitiativeCard, sqlx::Error> {
    let theme = decode::<Theme>(row, "theme", Theme::parse)?;
    let status = decode::<Status>(row, "status", Status::parse)?;
    let provenance = decode::<Provenance>(row, "provenance", Provenance::parse)?;
    let purpose: String = row.try_get("purpose")?;
    Ok(InitiativeCard {
        id: row.try_get("id")?,
        title: row.try_get("title")?,
        purpose: excerpt(&purpose, 220),
        theme,
        status,
        stage: decode(row, "stage", Stage::parse)?,
        provenance,
        neighbourhood: row.try_get("neighbourhood")?,
        owner_name: row.try_get("owner_name")?,
        updated_at: row.try_get("updated_at")?,
        theme_label: theme.label(lang),
        status_label: status.label(lang),
        provenance_label: provenance.label(lang),
    })
}

pub fn excerpt(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let cut: String = text.chars().take(max).collect();
    let cut = cut.rsplit_once(' ').map(|(a, _)| a).unwrap_or(&cut);
    format!("{cut} …")
}

pub async fn list(db: &Db, query: &ListQuery, lang: Lang) -> AppResult<ListPage> {
    let per_page = if query.per_page <= 0 {
        PER_PAGE_DEFAULT
    } else {
        query.per_page.min(PER_PAGE_MAX)
    };
    let page = page_number(query.page);
    let terms = search::query_terms(&query.q);
    let searching = !terms.is_empty();

    let mut sql = SqlBuilder::new(&format!(
        "SELECT {CARD_COLUMNS} FROM initiatives i JOIN actors o ON o.id = i.owner_id "
    ));
    let filtered = query.theme.is_some()
        || query.stage.is_some()
        || query.side.is_some()
        || query.commitment.is_some()
        || query.status.is_some()
        || query.department_id.is_some()
        || !query.neighbourhood.trim().is_empty();
    let sort = match query.sort {
        Some(s) if s != Sort::Relevance || searching => s,
        _ if searching => Sort::Relevance,
        _ => Sort::Updated,
    };
    // Ranked by relevance alone, the page can be cut from the index before any initiative is
    // read, which keeps searches for common words cheap.
    let top = (searching && !filtered && sort == Sort::Relevance)
        .then_some((per_page + 1, (page - 1) * per_page));
    if searching {
        search::join_ranking(&mut sql, SearchIndex::Initiatives, &terms, "i.id", top);
    } else if !query.q.trim().is_empty() {
        // Only stop words or punctuation: nothing can match.
        return Ok(ListPage {
            items: Vec::new(),
            has_next: false,
        });
    }
    sql.push("WHERE 1 = 1");
    let eq = |sql: &mut SqlBuilder, column: &str, value: Param| {
        let p = sql.bind(value);
        sql.push(&format!(" AND {column} = {p}"));
    };
    if let Some(v) = query.theme {
        eq(&mut sql, "i.theme", Param::Text(v.code().into()));
    }
    if let Some(v) = query.stage {
        eq(&mut sql, "i.stage", Param::Text(v.code().into()));
    }
    if let Some(v) = query.side {
        eq(&mut sql, "i.initiating_side", Param::Text(v.code().into()));
    }
    if let Some(v) = query.commitment {
        eq(&mut sql, "i.commitment", Param::Text(v.code().into()));
    }
    if let Some(v) = query.status {
        eq(&mut sql, "i.status", Param::Text(v.code().into()));
    }
    if !query.neighbourhood.trim().is_empty() {
        eq(
            &mut sql,
            "i.neighbourhood",
            Param::Text(query.neighbourhood.trim().into()),
        );
    }
    if let Some(d) = query.department_id {
        eq(&mut sql, "i.department_id", Param::Int(d));
    }
    sql.push(match sort {
        Sort::Relevance => " ORDER BY r.matched DESC, r.score DESC, i.id DESC",
        Sort::Updated => " ORDER BY i.updated_at DESC, i.id DESC",
        Sort::Created => " ORDER BY i.created_at DESC, i.id DESC",
        Sort::Title => " ORDER BY i.sort_title ASC, i.id ASC",
    });
    if top.is_none() {
        sql.limit(per_page + 1, (page - 1) * per_page);
    }

    let rows = sql.query().fetch_all(db.pool()).await?;
    let mut items = rows
        .iter()
        .map(|r| card(r, lang))
        .collect::<Result<Vec<_>, _>>()?;
    let has_next = items.len() as i64 > per_page;
    items.truncate(per_page as usize);
    Ok(ListPage { items, has_next })
}

/// An initiative that looks like another, with what they have in common ("Kendskab": know
/// what exists before starting something new).
#[derive(Clone, Debug)]
pub struct Similar {
    pub card: InitiativeCard,
    /// Words of the compared text that the other one uses too, as written there.
    pub shared_words: Vec<String>,
    pub same_theme: bool,
    pub same_neighbourhood: bool,
    pub distance_m: Option<f64>,
}

/// How many stems of a title (and, for a short title, its purpose) are compared.
const SIMILARITY_TERMS: usize = 6;
/// How many of the newest initiatives using each of those stems are compared.
const SIMILARITY_POSTINGS: i64 = 300;

/// Initiatives that are not concluded and look like `draft` (other than `except`): they share
/// at least two words of its title (or purpose, when the title is short), or one word and the
/// theme; ranked by shared words, then theme and neighbourhood, then weight.
pub async fn similar(
    db: &Db,
    draft: &InitiativeDraft,
    except: Option<i64>,
    limit: i64,
    lang: Lang,
) -> AppResult<Vec<Similar>> {
    let mut terms = search::query_terms(&draft.title);
    if terms.len() < 3 {
        terms = search::query_terms(&format!("{} {}", draft.title, draft.purpose));
    }
    terms.truncate(SIMILARITY_TERMS);
    if terms.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = SqlBuilder::new(&format!(
        "SELECT {CARD_COLUMNS}, i.latitude_e6, i.longitude_e6 FROM initiatives i JOIN actors o ON o.id = i.owner_id "
    ));
    search::join_ranking_recent(
        &mut sql,
        SearchIndex::Initiatives,
        &terms,
        "i.id",
        SIMILARITY_POSTINGS,
    );
    let theme = sql.bind(Param::Text(draft.theme.code().into()));
    let place = sql.bind(Param::Text(draft.neighbourhood.clone()));
    let except = sql.bind(Param::Int(except.unwrap_or(0)));
    sql.push(&format!(
        "WHERE i.status <> 'concluded' AND i.id <> {except} AND (r.matched >= 2 OR i.theme = {theme}) \
         ORDER BY r.matched + (CASE WHEN i.theme = {theme} THEN 1 ELSE 0 END) \
         + (CASE WHEN i.neighbourhood = {place} AND {place} <> '' THEN 1 ELSE 0 END) DESC, r.score DESC, i.id DESC"
    ));
    sql.limit(limit, 0);
    let rows = sql.query().fetch_all(db.pool()).await?;
    let mut out = Vec::new();
    for row in &rows {
        let card = card(row, lang)?;
        let place = from_e6_pair(row.try_get("latitude_e6")?, row.try_get("longitude_e6")?);
        out.push(Similar {
            same_theme: card.theme == draft.theme,
            same_neighbourhood: !draft.neighbourhood.is_empty()
                && search::normalise(&card.neighbourhood)
                    == search::normalise(&draft.neighbourhood),
            distance_m: place
                .zip(draft.coordinates)
                .map(|(a, b)| crate::platform::geo::distance_m(a, b)),
            shared_words: Vec::new(),
            card,
        });
    }
    shared_words(db, draft, &terms, &mut out).await?;
    Ok(out)
}

/// Fills in which of the compared words each similar initiative uses.
async fn shared_words(
    db: &Db,
    draft: &InitiativeDraft,
    terms: &[String],
    similar: &mut [Similar],
) -> AppResult<()> {
    if similar.is_empty() {
        return Ok(());
    }
    let mut sql = SqlBuilder::new("SELECT doc_id, term FROM initiative_terms WHERE term IN (");
    let placeholders: Vec<String> = terms
        .iter()
        .map(|t| sql.bind(Param::Text(t.clone())))
        .collect();
    sql.push(&placeholders.join(", "));
    sql.push(") AND doc_id IN (");
    let ids: Vec<String> = similar
        .iter()
        .map(|s| sql.bind(Param::Int(s.card.id)))
        .collect();
    sql.push(&ids.join(", "));
    sql.push(")");
    let rows = sql.query().fetch_all(db.pool()).await?;
    let text = format!("{} {}", draft.title, draft.purpose);
    for s in similar.iter_mut() {
        let matched: Vec<String> = rows
            .iter()
            .filter(|r| r.try_get::<i64, _>("doc_id").ok() == Some(s.card.id))
            .filter_map(|r| r.try_get::<String, _>("term").ok())
            .collect();
        s.shared_words = search::words_with_stems(&text, &matched, 4);
    }
    Ok(())
}

pub async fn get(db: &Db, id: i64) -> AppResult<Initiative> {
    let row = sqlx::query(
        "SELECT i.*, s.name AS started_by_name, o.name AS owner_name, o.kind AS owner_kind, \
         d.name AS department_name \
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
        department_name: row.try_get("department_name")?,
        status: decode(&row, "status", Status::parse)?,
        created_by: row.try_get("created_by")?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        version: row.try_get("version")?,
    })
}

pub async fn participants(db: &Db, id: i64) -> AppResult<Vec<Participant>> {
    let rows = sqlx::query(
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
        .collect::<Result<_, sqlx::Error>>()
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
    let rows = sqlx::query(
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
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

pub async fn ownership_history(db: &Db, id: i64) -> AppResult<Vec<Ownership>> {
    let rows = sqlx::query(
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
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

pub async fn access(db: &Db, id: i64) -> AppResult<InitiativeAccess> {
    let (owner_id, created_by, department_id): (i64, i64, Option<i64>) =
        sqlx::query_as("SELECT owner_id, created_by, department_id FROM initiatives WHERE id = $1")
            .bind(id)
            .fetch_optional(db.pool())
            .await?
            .ok_or(AppError::NotFound)?;
    let coordinator_ids: Vec<i64> = sqlx::query_scalar(
        "SELECT actor_id FROM initiative_participants WHERE initiative_id = $1 AND role = 'coordinator'",
    )
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    Ok(InitiativeAccess {
        owner_id,
        created_by,
        coordinator_ids,
        department_id,
    })
}

/// Who starts a new initiative: a person for themself, or an organisation they act for.
#[derive(Clone, Copy, Debug)]
pub struct Starter {
    pub actor_id: i64,
    pub kind: ActorKind,
    pub user_id: i64,
}

/// Creates an initiative started by the actor `starter_id` (its kind is the provenance) on
/// behalf of the user `user_id`; the caller has checked that the user may act for that actor.
/// Started `from_tip`, it adopts that tip in the same transaction, or fails with a conflict
/// when another initiative adopted it first.
pub async fn create(
    db: &Db,
    draft: &InitiativeDraft,
    starter_id: i64,
    user_id: i64,
    expectations: &str,
    from_tip: Option<i64>,
) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    let kind: String = sqlx::query_scalar("SELECT kind FROM actors WHERE id = $1")
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
    if let Some(tip_id) = from_tip {
        let adoption = crate::tips::store::Change {
            initiative_id: Some(id),
            ..Default::default()
        };
        if crate::tips::store::change_in(&mut tx, tip_id, &adoption, Some(user_id))
            .await?
            .is_none()
        {
            return Err(InitiativeRefusal::TipAdopted.into());
        }
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
) -> Result<i64, sqlx::Error> {
    let provenance = Provenance::of_actor(starter.kind);
    let t = now();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO initiatives (title, purpose, description, theme, address, neighbourhood, latitude_e6, \
         longitude_e6, provenance, started_by_id, owner_id, department_id, stage, initiating_side, commitment, \
         value_goals, leadership_mode, status, created_by, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19) \
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
    sqlx::query("INSERT INTO initiative_ownership (initiative_id, owner_id, from_at, changed_by) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(starter.actor_id)
        .bind(t)
        .bind(starter.user_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "INSERT INTO initiative_participants (initiative_id, actor_id, role, expectations, joined_at) \
         VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(starter.actor_id)
    .bind(ParticipantRole::Coordinator.code())
    .bind(expectations.trim())
    .bind(t)
    .execute(&mut **tx)
    .await?;
    refresh_derived(tx, id, draft).await?;
    Ok(id)
}

/// Updates what is derived from the fields: the sort key of the title and the search index.
async fn refresh_derived(tx: &mut Tx, id: i64, d: &InitiativeDraft) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE initiatives SET sort_title = $1 WHERE id = $2")
        .bind(search::sort_key(&d.title))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let themes = format!("{} {}", d.theme.label(Lang::Da), d.theme.label(Lang::En));
    let place = format!("{} {}", d.address, d.neighbourhood);
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

async fn update_fields(
    tx: &mut Tx,
    id: i64,
    expected_version: i64,
    draft: &InitiativeDraft,
) -> AppResult<()> {
    let done = sqlx::query(
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
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM initiatives WHERE id = $1")
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

async fn update_status(tx: &mut Tx, id: i64, change: &StatusChange) -> AppResult<()> {
    let t = now();
    let done = sqlx::query(
        "UPDATE initiatives SET status = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND status = $4",
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
    sqlx::query(
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
    Ok(())
}

/// Gives the initiative a new owner, closing the current period of ownership.
pub async fn transfer(
    db: &Db,
    id: i64,
    from_owner: i64,
    to_owner: i64,
    user_id: i64,
    reason: &str,
) -> AppResult<()> {
    let t = now();
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE initiatives SET owner_id = $1, updated_at = $2, version = version + 1 WHERE id = $3 AND owner_id = $4",
    )
    .bind(to_owner)
    .bind(t)
    .bind(id)
    .bind(from_owner)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(Stale::Version.into());
    }
    sqlx::query(
        "UPDATE initiative_ownership SET to_at = $1 WHERE initiative_id = $2 AND to_at IS NULL",
    )
    .bind(t)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO initiative_ownership (initiative_id, owner_id, from_at, changed_by, reason) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(id)
    .bind(to_owner)
    .bind(t)
    .bind(user_id)
    .bind(reason.trim())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
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
    sqlx::query(
        "INSERT INTO initiative_participants (initiative_id, actor_id, role, expectations, joined_at) \
         VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (initiative_id, actor_id) DO UPDATE SET role = excluded.role, expectations = excluded.expectations",
    )
    .bind(id)
    .bind(actor_id)
    .bind(role.code())
    .bind(expectations.trim())
    .bind(now())
    .execute(db.pool())
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
            "SELECT id, title AS name, latitude_e6, longitude_e6 FROM initiatives \
         WHERE latitude_e6 IS NOT NULL AND longitude_e6 IS NOT NULL AND status <> 'concluded' \
         ORDER BY updated_at DESC, id DESC LIMIT {limit}"
        ),
    )
    .await
}
