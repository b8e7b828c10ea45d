//! Storage of initiatives: named queries, one SQL text for both engines.

use super::model::*;
use crate::actors::model::ActorKind;
use crate::moderation::model::{ContentKind, visible};
use crate::platform::db::{self, Db, Row, SqlBuilder, Tx, Value, decode, page_number};
use crate::platform::error::{AppError, AppResult, Stale};
use crate::platform::geo::{from_e6_pair, to_e6};
use crate::platform::i18n::Lang;
use crate::platform::permissions::InitiativeAccess;
use crate::platform::search::{self, SearchIndex, WEIGHT_BODY, WEIGHT_SUMMARY, WEIGHT_TITLE};
use crate::platform::time::now;

mod reading;
mod similar;
mod writing;
pub use reading::*;
pub use similar::*;
pub use writing::*;

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
    /// The owner's department, when a municipal unit owns it.
    pub owner_department_id: Option<i64>,
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
            owner_department_id: self.owner_department_id,
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
    /// Only cases: initiatives being evaluated or concluded.
    pub cases: bool,
    pub sort: Option<Sort>,
    /// 1-based.
    pub page: i64,
    pub per_page: i64,
}

pub struct ListPage {
    pub items: Vec<InitiativeCard>,
    pub has_next: bool,
}

pub(crate) const CARD_COLUMNS: &str = "i.id, i.title, i.purpose, i.theme, i.status, i.stage, i.provenance, \
    i.neighbourhood, i.updated_at, o.name AS owner_name";

pub(crate) fn card(row: &Row, lang: Lang) -> Result<InitiativeCard, db::Error> {
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
        || query.cases
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
    sql.push(&format!("WHERE {}", visible(ContentKind::Initiative, "i")));
    let eq = |sql: &mut SqlBuilder, column: &str, value: Value| {
        let p = sql.bind(value);
        sql.push(&format!(" AND {column} = {p}"));
    };
    if let Some(v) = query.theme {
        eq(&mut sql, "i.theme", Value::Text(v.code().into()));
    }
    if let Some(v) = query.stage {
        eq(&mut sql, "i.stage", Value::Text(v.code().into()));
    }
    if let Some(v) = query.side {
        eq(&mut sql, "i.initiating_side", Value::Text(v.code().into()));
    }
    if let Some(v) = query.commitment {
        eq(&mut sql, "i.commitment", Value::Text(v.code().into()));
    }
    if let Some(v) = query.status {
        eq(&mut sql, "i.status", Value::Text(v.code().into()));
    }
    if query.cases {
        sql.push(" AND i.status IN ('evaluating', 'concluded')");
    }
    if !query.neighbourhood.trim().is_empty() {
        eq(
            &mut sql,
            "i.neighbourhood",
            Value::Text(query.neighbourhood.trim().into()),
        );
    }
    if let Some(d) = query.department_id {
        eq(&mut sql, "i.department_id", Value::Int(d));
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
