//! Storage of needs, offers, pledges and contributions, and the matching queries.

use super::matching::{self, *};
use super::model::*;
use crate::actors::model::ActorKind;
use crate::platform::db::{Db, Param, SqlBuilder, Tx, all, decode, one, rows_to};
use crate::platform::error::{AppError, AppResult, Stale};
use crate::platform::geo::{Coordinates, from_e6_pair, to_e6, um_per_e6};
use crate::platform::search::{distinct_stems, skill_terms};
use crate::platform::time::{now, parse_date};
use crate::refusals;
use jiff::civil::Date;
use sqlx::Row;
use sqlx::any::AnyRow;

/// A need with its initiative.
#[derive(Clone, Debug)]
pub struct Need {
    pub id: i64,
    pub initiative_id: i64,
    pub initiative_title: String,
    pub draft: NeedDraft,
    pub status: NeedStatus,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

/// An offer with its actor.
#[derive(Clone, Debug)]
pub struct Offer {
    pub id: i64,
    pub actor_id: i64,
    pub actor_name: String,
    pub actor_kind: ActorKind,
    pub draft: OfferDraft,
    pub status: OfferStatus,
    pub created_at: i64,
    pub updated_at: i64,
    pub version: i64,
}

const NEED_COLUMNS: &str = "n.id, n.initiative_id, i.title AS initiative_title, n.kind, n.title, n.description, \
     n.skills, n.quantity, n.weekdays, n.day_parts, n.from_date, n.to_date, n.address, n.neighbourhood, \
     n.latitude_e6, n.longitude_e6, n.status, n.created_at, n.updated_at, n.version";
const NEED_JOINS: &str = "JOIN initiatives i ON i.id = n.initiative_id";

const OFFER_COLUMNS: &str = "o.id, o.actor_id, a.name AS actor_name, a.kind AS actor_kind, o.kind, o.title, \
     o.description, o.skills, o.quantity, o.weekdays, o.day_parts, o.from_date, o.to_date, o.neighbourhood, \
     o.latitude_e6, o.longitude_e6, o.radius_m, o.conditions, o.status, o.created_at, o.updated_at, o.version";
const OFFER_JOINS: &str = "JOIN actors a ON a.id = o.actor_id";

fn availability(row: &AnyRow) -> Result<Availability, sqlx::Error> {
    let date = |column: &str| -> Result<Option<Date>, sqlx::Error> {
        let text: Option<String> = row.try_get(column)?;
        Ok(text.as_deref().and_then(parse_date))
    };
    Ok(Availability {
        weekdays: from_mask(Weekday::ALL, row.try_get("weekdays")?),
        day_parts: from_mask(DayPart::ALL, row.try_get("day_parts")?),
        from: date("from_date")?,
        to: date("to_date")?,
    })
}

fn need(row: &AnyRow) -> Result<Need, sqlx::Error> {
    Ok(Need {
        id: row.try_get("id")?,
        initiative_id: row.try_get("initiative_id")?,
        initiative_title: row.try_get("initiative_title")?,
        draft: NeedDraft {
            kind: decode(row, "kind", ResourceKind::parse)?,
            title: row.try_get("title")?,
            description: row.try_get("description")?,
            skills: row.try_get("skills")?,
            quantity: row.try_get("quantity")?,
            when: availability(row)?,
            address: row.try_get("address")?,
            neighbourhood: row.try_get("neighbourhood")?,
            coordinates: from_e6_pair(row.try_get("latitude_e6")?, row.try_get("longitude_e6")?),
        },
        status: decode(row, "status", NeedStatus::parse)?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        version: row.try_get("version")?,
    })
}

fn offer(row: &AnyRow) -> Result<Offer, sqlx::Error> {
    Ok(Offer {
        id: row.try_get("id")?,
        actor_id: row.try_get("actor_id")?,
        actor_name: row.try_get("actor_name")?,
        actor_kind: decode(row, "actor_kind", ActorKind::parse)?,
        draft: OfferDraft {
            kind: decode(row, "kind", ResourceKind::parse)?,
            title: row.try_get("title")?,
            description: row.try_get("description")?,
            skills: row.try_get("skills")?,
            quantity: row.try_get("quantity")?,
            when: availability(row)?,
            neighbourhood: row.try_get("neighbourhood")?,
            coordinates: from_e6_pair(row.try_get("latitude_e6")?, row.try_get("longitude_e6")?),
            radius_m: row.try_get("radius_m")?,
            conditions: row.try_get("conditions")?,
        },
        status: decode(row, "status", OfferStatus::parse)?,
        created_at: row.try_get("created_at")?,
        updated_at: row.try_get("updated_at")?,
        version: row.try_get("version")?,
    })
}

fn iso(date: Option<Date>) -> Option<String> {
    date.map(|d| d.to_string())
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments>;

/// Binds an availability as the six columns needs and offers share, in their order: weekdays,
/// day_parts, from_date, to_date, match_weekdays, match_day_parts.
trait BindAvailability {
    fn bind_availability(self, when: &Availability) -> Self;
}

impl BindAvailability for AnyQuery<'_> {
    fn bind_availability(self, when: &Availability) -> Self {
        self.bind(to_mask(Weekday::ALL, &when.weekdays))
            .bind(to_mask(DayPart::ALL, &when.day_parts))
            .bind(iso(when.from))
            .bind(iso(when.to))
            .bind(when.match_weekdays())
            .bind(when.match_day_parts())
    }
}

// ---- needs ----

pub async fn create_need(
    db: &Db,
    initiative_id: i64,
    draft: &NeedDraft,
    user_id: i64,
) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    let id = create_need_in(&mut tx, initiative_id, draft, user_id).await?;
    tx.commit().await?;
    Ok(id)
}

/// Creates a need inside a transaction the caller commits (also used to load data in bulk).
pub async fn create_need_in(
    tx: &mut Tx,
    initiative_id: i64,
    d: &NeedDraft,
    user_id: i64,
) -> AppResult<i64> {
    let t = now();
    let row = sqlx::query(
        "INSERT INTO needs (initiative_id, kind, title, description, skills, quantity, weekdays, day_parts, \
         from_date, to_date, match_weekdays, match_day_parts, address, neighbourhood, latitude_e6, longitude_e6, \
         status, created_by, created_at, updated_at, skill_terms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $19, $20) RETURNING id",
    )
    .bind(initiative_id)
    .bind(d.kind.code())
    .bind(&d.title)
    .bind(&d.description)
    .bind(&d.skills)
    .bind(d.quantity)
    .bind_availability(&d.when)
    .bind(&d.address)
    .bind(&d.neighbourhood)
    .bind(d.coordinates.map(|c| to_e6(c.0)))
    .bind(d.coordinates.map(|c| to_e6(c.1)))
    .bind(NeedStatus::Open.code())
    .bind(user_id)
    .bind(t)
    .bind(skill_terms(&d.skills))
    .fetch_one(&mut **tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    Ok(id)
}

/// Saves an edit made from `expected_version`; a newer edit is never overwritten.
pub async fn update_need(db: &Db, id: i64, expected_version: i64, d: &NeedDraft) -> AppResult<()> {
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE needs SET kind = $1, title = $2, description = $3, skills = $4, quantity = $5, weekdays = $6, \
         day_parts = $7, from_date = $8, to_date = $9, match_weekdays = $10, match_day_parts = $11, address = $12, \
         neighbourhood = $13, latitude_e6 = $14, longitude_e6 = $15, updated_at = $16, version = version + 1, \
         skill_terms = $19 WHERE id = $17 AND version = $18",
    )
    .bind(d.kind.code())
    .bind(&d.title)
    .bind(&d.description)
    .bind(&d.skills)
    .bind(d.quantity)
    .bind_availability(&d.when)
    .bind(&d.address)
    .bind(&d.neighbourhood)
    .bind(d.coordinates.map(|c| to_e6(c.0)))
    .bind(d.coordinates.map(|c| to_e6(c.1)))
    .bind(now())
    .bind(id)
    .bind(expected_version)
    .bind(skill_terms(&d.skills))
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(missing_or_conflict(&mut tx, "needs", id).await);
    }
    refresh_need_status(&mut tx, id).await?;
    tx.commit().await?;
    Ok(())
}

async fn missing_or_conflict(tx: &mut Tx, table: &str, id: i64) -> AppError {
    let exists: Result<Option<i64>, _> = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
        "SELECT id FROM {table} WHERE id = $1"
    )))
    .bind(id)
    .fetch_optional(&mut **tx)
    .await;
    match exists {
        Ok(Some(_)) => Stale::Version.into(),
        Ok(None) => AppError::NotFound,
        Err(e) => e.into(),
    }
}

pub async fn get_need(db: &Db, id: i64) -> AppResult<Need> {
    one(
        db,
        format!("SELECT {NEED_COLUMNS} FROM needs n {NEED_JOINS} WHERE n.id = $1"),
        id,
        need,
    )
    .await
}

/// The needs of an initiative: open ones first, then the rest, newest first.
pub async fn needs_of_initiative(db: &Db, initiative_id: i64) -> AppResult<Vec<Need>> {
    let sql = format!(
        "SELECT {NEED_COLUMNS} FROM needs n {NEED_JOINS} WHERE n.initiative_id = $1 \
         ORDER BY CASE WHEN n.status IN ('open', 'partly_met') THEN 0 ELSE 1 END, n.id DESC"
    );
    all(db, sql, initiative_id, need).await
}

/// Filters for lists of needs and offers.
#[derive(Clone, Debug, Default)]
pub struct ListFilter {
    pub kind: Option<ResourceKind>,
    pub neighbourhood: String,
    pub page: i64,
    pub per_page: i64,
}

pub const PER_PAGE: i64 = 20;

fn filtered(sql: &mut SqlBuilder, alias: &str, filter: &ListFilter) {
    if let Some(kind) = filter.kind {
        let p = sql.bind(Param::Text(kind.code().into()));
        sql.push(&format!(" AND {alias}.kind = {p}"));
    }
    if !filter.neighbourhood.is_empty() {
        let p = sql.bind(Param::Text(filter.neighbourhood.clone()));
        sql.push(&format!(" AND {alias}.neighbourhood = {p}"));
    }
}

/// Open needs, most recently changed first; the second value says whether a page follows.
pub async fn open_needs(db: &Db, filter: &ListFilter) -> AppResult<(Vec<Need>, bool)> {
    let mut sql = SqlBuilder::new(&format!(
        "SELECT {NEED_COLUMNS} FROM needs n {NEED_JOINS} WHERE n.status IN ('open', 'partly_met')"
    ));
    filtered(&mut sql, "n", filter);
    sql.push(" ORDER BY n.updated_at DESC, n.id DESC");
    page(db, sql, filter, need).await
}

async fn page<T>(
    db: &Db,
    mut sql: SqlBuilder,
    filter: &ListFilter,
    f: fn(&AnyRow) -> Result<T, sqlx::Error>,
) -> AppResult<(Vec<T>, bool)> {
    let per_page = filter.per_page.clamp(1, 100);
    let page = crate::platform::db::page_number(filter.page);
    sql.limit(per_page + 1, (page - 1) * per_page);
    let rows = sql.query().fetch_all(db.pool()).await?;
    let mut items = rows_to(&rows, f)?;
    let more = items.len() as i64 > per_page;
    items.truncate(per_page as usize);
    Ok((items, more))
}

/// Withdraws a need, marks it met, or reopens it (back to what its pledges say).
pub async fn set_need_status(db: &Db, id: i64, to: NeedStatus) -> AppResult<()> {
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE needs SET status = $1, updated_at = $2, version = version + 1 WHERE id = $3",
    )
    .bind(to.code())
    .bind(now())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    if to == NeedStatus::Open {
        refresh_need_status(&mut tx, id).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Sets the need's status from its accepted pledges (`NeedStatus::after_pledges`).
async fn refresh_need_status(tx: &mut Tx, need_id: i64) -> AppResult<()> {
    let (status, quantity): (String, Option<i64>) =
        sqlx::query_as("SELECT status, quantity FROM needs WHERE id = $1")
            .bind(need_id)
            .fetch_one(&mut **tx)
            .await?;
    let current = NeedStatus::parse(&status)
        .ok_or_else(|| AppError::Internal(format!("need status {status:?}")))?;
    let (amount, count): (i64, i64) = sqlx::query_as(
        "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT), COUNT(*) FROM pledges \
         WHERE need_id = $1 AND status IN ('accepted', 'fulfilled')",
    )
    .bind(need_id)
    .fetch_one(&mut **tx)
    .await?;
    let next = current.after_pledges(quantity, amount, count);
    if next != current {
        sqlx::query("UPDATE needs SET status = $1, updated_at = $2 WHERE id = $3")
            .bind(next.code())
            .bind(now())
            .bind(need_id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

// ---- offers ----

pub async fn create_offer(
    db: &Db,
    actor_id: i64,
    draft: &OfferDraft,
    status: OfferStatus,
    user_id: i64,
) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    let id = create_offer_in(&mut tx, actor_id, draft, status, user_id).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn create_offer_in(
    tx: &mut Tx,
    actor_id: i64,
    d: &OfferDraft,
    status: OfferStatus,
    user_id: i64,
) -> AppResult<i64> {
    let t = now();
    let row = sqlx::query(
        "INSERT INTO offers (actor_id, kind, title, description, skills, quantity, weekdays, day_parts, from_date, \
         to_date, match_weekdays, match_day_parts, neighbourhood, latitude_e6, longitude_e6, radius_m, conditions, \
         status, created_by, created_at, updated_at, skill_terms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $20, $21) RETURNING id",
    )
    .bind(actor_id)
    .bind(d.kind.code())
    .bind(&d.title)
    .bind(&d.description)
    .bind(&d.skills)
    .bind(d.quantity)
    .bind_availability(&d.when)
    .bind(&d.neighbourhood)
    .bind(d.coordinates.map(|c| to_e6(c.0)))
    .bind(d.coordinates.map(|c| to_e6(c.1)))
    .bind(d.radius_m)
    .bind(&d.conditions)
    .bind(status.code())
    .bind(user_id)
    .bind(t)
    .bind(skill_terms(&d.skills))
    .fetch_one(&mut **tx)
    .await?;
    let id: i64 = row.try_get("id")?;
    Ok(id)
}

pub async fn update_offer(
    db: &Db,
    id: i64,
    expected_version: i64,
    d: &OfferDraft,
    status: Option<OfferStatus>,
) -> AppResult<()> {
    let mut tx = db.begin().await?;
    let done = sqlx::query(
        "UPDATE offers SET kind = $1, title = $2, description = $3, skills = $4, quantity = $5, weekdays = $6, \
         day_parts = $7, from_date = $8, to_date = $9, match_weekdays = $10, match_day_parts = $11, \
         neighbourhood = $12, latitude_e6 = $13, longitude_e6 = $14, radius_m = $15, conditions = $16, \
         updated_at = $17, version = version + 1, skill_terms = $20, status = COALESCE($21, status) WHERE id = $18 AND version = $19",
    )
    .bind(d.kind.code())
    .bind(&d.title)
    .bind(&d.description)
    .bind(&d.skills)
    .bind(d.quantity)
    .bind_availability(&d.when)
    .bind(&d.neighbourhood)
    .bind(d.coordinates.map(|c| to_e6(c.0)))
    .bind(d.coordinates.map(|c| to_e6(c.1)))
    .bind(d.radius_m)
    .bind(&d.conditions)
    .bind(now())
    .bind(id)
    .bind(expected_version)
    .bind(skill_terms(&d.skills))
    .bind(status.map(|s| s.code()))
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(missing_or_conflict(&mut tx, "offers", id).await);
    }
    tx.commit().await?;
    Ok(())
}

pub async fn set_offer_status(db: &Db, id: i64, to: OfferStatus) -> AppResult<()> {
    let done = sqlx::query(
        "UPDATE offers SET status = $1, updated_at = $2, version = version + 1 WHERE id = $3",
    )
    .bind(to.code())
    .bind(now())
    .bind(id)
    .execute(db.pool())
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    Ok(())
}

pub async fn get_offer(db: &Db, id: i64) -> AppResult<Offer> {
    one(
        db,
        format!("SELECT {OFFER_COLUMNS} FROM offers o {OFFER_JOINS} WHERE o.id = $1"),
        id,
        offer,
    )
    .await
}

/// The offers of some actors (a person and the organisations they act for), active first.
pub async fn offers_of(db: &Db, actor_ids: &[i64]) -> AppResult<Vec<Offer>> {
    if actor_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = SqlBuilder::new(&format!(
        "SELECT {OFFER_COLUMNS} FROM offers o {OFFER_JOINS} WHERE o.actor_id IN ("
    ));
    for (i, id) in actor_ids.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        let p = sql.bind(Param::Int(*id));
        sql.push(&p);
    }
    sql.push(
        ") ORDER BY CASE o.status WHEN 'active' THEN 0 WHEN 'paused' THEN 1 ELSE 2 END, o.id DESC",
    );
    let rows = sql.query().fetch_all(db.pool()).await?;
    rows_to(&rows, offer)
}

/// Active offers, most recently changed first.
pub async fn active_offers(db: &Db, filter: &ListFilter) -> AppResult<(Vec<Offer>, bool)> {
    let mut sql = SqlBuilder::new(&format!(
        "SELECT {OFFER_COLUMNS} FROM offers o {OFFER_JOINS} WHERE o.status = 'active'"
    ));
    filtered(&mut sql, "o", filter);
    sql.push(" ORDER BY o.updated_at DESC, o.id DESC");
    page(db, sql, filter, offer).await
}

// ---- matching ----

/// What is looked for: the kinds that fit with their points, skill stems, times, and place.
pub struct Seeker {
    pub kinds: Vec<(ResourceKind, i64)>,
    pub terms: Vec<String>,
    pub match_weekdays: i64,
    pub match_day_parts: i64,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub place: Option<Coordinates>,
    /// How far the seeker reaches (an offer looking for needs); offers carry their own reach.
    pub reach_m: Option<i64>,
}

impl Seeker {
    pub fn for_need(n: &NeedDraft) -> Seeker {
        Seeker {
            kinds: matching::kinds_for(n.kind),
            terms: distinct_stems(&n.skills),
            match_weekdays: n.when.match_weekdays(),
            match_day_parts: n.when.match_day_parts(),
            from: n.when.from,
            to: n.when.to,
            place: n.coordinates,
            reach_m: None,
        }
    }

    /// An offer looking for needs: needs of its kind, and needs its kind can stand in for.
    pub fn for_offer(o: &OfferDraft) -> Seeker {
        let mut kinds = vec![(o.kind, SAME_KIND)];
        kinds.extend(
            ResourceKind::ALL
                .iter()
                .filter(|k| k.related().contains(&o.kind))
                .map(|k| (*k, RELATED_KIND)),
        );
        Seeker {
            kinds,
            terms: distinct_stems(&o.skills),
            match_weekdays: o.when.match_weekdays(),
            match_day_parts: o.when.match_day_parts(),
            from: o.when.from,
            to: o.when.to,
            place: o.coordinates,
            reach_m: o.coordinates.and(o.radius_m),
        }
    }
}

/// A suggestion with the points it scored.
pub struct Scored<T> {
    pub item: T,
    pub score: i64,
}

/// The best-fitting active offers for a need.
pub async fn matching_offers(db: &Db, need: &Need, limit: i64) -> AppResult<Vec<Scored<Offer>>> {
    let sql = matches(
        Target::Offers,
        &Seeker::for_need(&need.draft),
        limit,
        &today_iso(),
    );
    let rows = sql.query().fetch_all(db.pool()).await?;
    scored(&rows, offer)
}

/// The best-fitting open needs for an offer.
pub async fn matching_needs(
    db: &Db,
    offer: &OfferDraft,
    limit: i64,
) -> AppResult<Vec<Scored<Need>>> {
    needs_for(db, &Seeker::for_offer(offer), limit).await
}

/// The best-fitting open needs for any seeker: an offer, or a place and what one can give.
pub async fn needs_for(db: &Db, seeker: &Seeker, limit: i64) -> AppResult<Vec<Scored<Need>>> {
    let sql = matches(Target::Needs, seeker, limit, &today_iso());
    let rows = sql.query().fetch_all(db.pool()).await?;
    scored(&rows, need)
}

fn today_iso() -> String {
    crate::platform::time::today().to_string()
}

fn scored<T>(
    rows: &[AnyRow],
    f: fn(&AnyRow) -> Result<T, sqlx::Error>,
) -> AppResult<Vec<Scored<T>>> {
    rows.iter()
        .map(|r| {
            Ok(Scored {
                item: f(r)?,
                score: r.try_get("score")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()
        .map_err(AppError::from)
}

#[derive(Clone, Copy, PartialEq)]
enum Target {
    Needs,
    Offers,
}

/// The ranking query: candidates of a fitting kind whose period has not ended and that are
/// within reach, scored by the weights in `matching` and cut to the best `limit`. Distances
/// are compared on a flat map scaled at the seeker's latitude, exact enough within a city; the
/// bounding box lets the index skip candidates surely out of reach.
fn matches(target: Target, seeker: &Seeker, limit: i64, today: &str) -> SqlBuilder {
    let (table, columns, joins, alias, open) = match target {
        Target::Needs => (
            "needs",
            NEED_COLUMNS,
            NEED_JOINS,
            "n",
            "n.status IN ('open', 'partly_met')",
        ),
        Target::Offers => (
            "offers",
            OFFER_COLUMNS,
            OFFER_JOINS,
            "o",
            "o.status = 'active'",
        ),
    };
    let mut sql = SqlBuilder::new("");
    // Kind points.
    let mut kind_case = String::from("(CASE");
    let mut kind_list = Vec::new();
    for (kind, points) in &seeker.kinds {
        let k = sql.bind(Param::Text(kind.code().into()));
        kind_case.push_str(&format!(" WHEN {alias}.kind = {k} THEN {points}"));
        kind_list.push(k);
    }
    kind_case.push_str(" ELSE 0 END)");
    // Shared skills: stems of the seeker found among the candidate's skill terms.
    let skill_points = if seeker.terms.is_empty() {
        "0".to_string()
    } else {
        let shared: Vec<String> = seeker
            .terms
            .iter()
            .take(16)
            .map(|t| {
                let p = sql.bind(Param::Text(format!("% {t} %")));
                format!("(CASE WHEN {alias}.skill_terms LIKE {p} THEN 1 ELSE 0 END)")
            })
            .collect();
        let shared = shared.join(" + ");
        format!(
            "(CASE WHEN {shared} > {SHARED_SKILLS_COUNTED} THEN {} ELSE ({shared}) * {PER_SHARED_SKILL} END)",
            SHARED_SKILLS_COUNTED * PER_SHARED_SKILL
        )
    };
    // Time overlap.
    let wd = sql.bind(Param::Int(seeker.match_weekdays));
    let dp = sql.bind(Param::Int(seeker.match_day_parts));
    let time_points = format!(
        "(CASE WHEN ({alias}.match_weekdays & {wd}) <> 0 AND ({alias}.match_day_parts & {dp}) <> 0 THEN {TIME_OVERLAP} ELSE 0 END)"
    );
    let mut conditions = vec![
        open.to_string(),
        format!("{alias}.kind IN ({})", kind_list.join(", ")),
    ];
    // The period: not ended before the seeker starts (or before today), nor starting after the seeker ends.
    let start = seeker
        .from
        .map(|d| d.to_string())
        .filter(|d| d.as_str() > today)
        .unwrap_or_else(|| today.to_string());
    let s = sql.bind(Param::Text(start));
    conditions.push(format!(
        "({alias}.to_date IS NULL OR {alias}.to_date >= {s})"
    ));
    if let Some(end) = seeker.to {
        let e = sql.bind(Param::Text(end.to_string()));
        conditions.push(format!(
            "({alias}.from_date IS NULL OR {alias}.from_date <= {e})"
        ));
    }
    // Place: candidates with a place must be within reach, those without score as open. The
    // two are separate branches so each is a range scan of the covering index (an OR would
    // make SQLite fetch every candidate's row).
    let base = format!("{kind_case} + {skill_points} + {time_points}");
    let candidates = |place_points: &str, place_condition: &str| {
        format!(
            "SELECT {alias}.id AS match_id, {base} + {place_points} AS score FROM {table} {alias} WHERE {} AND {place_condition}",
            conditions.join(" AND ")
        )
    };
    let branches = match seeker.place {
        None => candidates(&PLACE_OPEN.to_string(), "1 = 1"),
        Some((lat, lon)) => {
            let (north_um, east_um) = um_per_e6(lat);
            let la = sql.bind(Param::Int(to_e6(lat)));
            let lo = sql.bind(Param::Int(to_e6(lon)));
            let d2 = format!(
                "((({alias}.latitude_e6 - {la}) * {north_um} / 1000000) * (({alias}.latitude_e6 - {la}) * {north_um} / 1000000) + \
                 (({alias}.longitude_e6 - {lo}) * {east_um} / 1000000) * (({alias}.longitude_e6 - {lo}) * {east_um} / 1000000))"
            );
            // A bound reach is a BIGINT on both engines; a literal would be a 32-bit integer
            // on PostgreSQL, and its square overflow.
            let (reach, max_reach) = match (target, seeker.reach_m) {
                (Target::Offers, _) => (format!("{alias}.radius_m"), *RADIUS_M.end()),
                (Target::Needs, r) => {
                    let r = r.unwrap_or(*RADIUS_M.end());
                    (sql.bind(Param::Int(r)), r)
                }
            };
            let box_e6 = max_reach * 1_000_000 / north_um + 1;
            let lo_box = sql.bind(Param::Int(to_e6(lat) - box_e6));
            let hi_box = sql.bind(Param::Int(to_e6(lat) + box_e6));
            let near = format!(
                "(CASE WHEN {d2} <= 1000000 THEN {WITHIN_1_KM} WHEN {d2} <= 9000000 THEN {WITHIN_3_KM} ELSE {WITHIN_REACH} END)"
            );
            format!(
                "{} UNION ALL {}",
                candidates(
                    &near,
                    &format!(
                        "{alias}.latitude_e6 BETWEEN {lo_box} AND {hi_box} AND {d2} <= {reach} * {reach}"
                    )
                ),
                candidates(
                    &PLACE_OPEN.to_string(),
                    &format!("{alias}.latitude_e6 IS NULL")
                )
            )
        }
    };
    // Ranked from the covering index alone; only the winners' rows are read and joined.
    sql.push(&format!(
        "SELECT {columns}, m.score FROM (SELECT match_id, score FROM ({branches}) c \
         ORDER BY score DESC, match_id DESC LIMIT {limit}) m JOIN {table} {alias} ON {alias}.id = m.match_id {joins} \
         ORDER BY m.score DESC, {alias}.id DESC"
    ));
    sql
}

// ---- pledges and contributions ----

#[derive(Clone, Debug)]
pub struct Pledge {
    pub id: i64,
    pub need_id: i64,
    pub need_title: String,
    pub initiative_id: i64,
    pub initiative_title: String,
    pub offer_id: Option<i64>,
    pub actor_id: i64,
    pub actor_name: String,
    pub amount: Option<i64>,
    pub message: String,
    pub status: PledgeStatus,
    /// The user who made it.
    pub pledged_by: i64,
    pub reason: String,
    pub pledged_at: i64,
    pub decided_at: Option<i64>,
    /// What has been given so far, in the need's unit.
    pub given: i64,
    pub unit: Unit,
}

const PLEDGE_SELECT: &str = "SELECT p.id, p.need_id, n.title AS need_title, n.initiative_id, i.title AS initiative_title, \
     n.kind, p.offer_id, p.actor_id, a.name AS actor_name, p.amount, p.message, p.status, p.reason, p.pledged_at, p.pledged_by, \
     p.decided_at, CAST(COALESCE((SELECT SUM(c.amount) FROM contributions c WHERE c.pledge_id = p.id), 0) AS BIGINT) AS given \
     FROM pledges p JOIN needs n ON n.id = p.need_id JOIN initiatives i ON i.id = n.initiative_id \
     JOIN actors a ON a.id = p.actor_id";

fn pledge(row: &AnyRow) -> Result<Pledge, sqlx::Error> {
    Ok(Pledge {
        id: row.try_get("id")?,
        need_id: row.try_get("need_id")?,
        need_title: row.try_get("need_title")?,
        initiative_id: row.try_get("initiative_id")?,
        initiative_title: row.try_get("initiative_title")?,
        offer_id: row.try_get("offer_id")?,
        actor_id: row.try_get("actor_id")?,
        actor_name: row.try_get("actor_name")?,
        amount: row.try_get("amount")?,
        message: row.try_get("message")?,
        status: decode(row, "status", PledgeStatus::parse)?,
        pledged_by: row.try_get("pledged_by")?,
        reason: row.try_get("reason")?,
        pledged_at: row.try_get("pledged_at")?,
        decided_at: row.try_get("decided_at")?,
        given: row.try_get("given")?,
        unit: decode(row, "kind", ResourceKind::parse)?.unit(),
    })
}

pub async fn get_pledge(db: &Db, id: i64) -> AppResult<Pledge> {
    one(db, format!("{PLEDGE_SELECT} WHERE p.id = $1"), id, pledge).await
}

pub async fn pledges_of_need(db: &Db, need_id: i64) -> AppResult<Vec<Pledge>> {
    let sql = format!("{PLEDGE_SELECT} WHERE p.need_id = $1 ORDER BY p.pledged_at, p.id");
    all(db, sql, need_id, pledge).await
}

/// The pledges some actors made, newest first.
pub async fn pledges_of(db: &Db, actor_ids: &[i64]) -> AppResult<Vec<Pledge>> {
    if actor_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut sql = SqlBuilder::new(&format!("{PLEDGE_SELECT} WHERE p.actor_id IN ("));
    for (i, id) in actor_ids.iter().enumerate() {
        if i > 0 {
            sql.push(", ");
        }
        let p = sql.bind(Param::Int(*id));
        sql.push(&p);
    }
    sql.push(") ORDER BY p.pledged_at DESC, p.id DESC");
    sql.limit(50, 0);
    let rows = sql.query().fetch_all(db.pool()).await?;
    rows_to(&rows, pledge)
}

/// A new pledge of an actor to a need.
pub struct NewPledge<'a> {
    pub need_id: i64,
    pub actor_id: i64,
    pub offer_id: Option<i64>,
    pub amount: Option<i64>,
    pub message: &'a str,
    pub user_id: i64,
}

refusals! {
    /// Why a pledge was refused, or a pledge could not move on.
    pub enum PledgeRefusal {
        NeedClosed = "need_closed" => |s| s.err_need_closed,
        AlreadyPledged = "already_pledged" => |s| s.err_already_pledged,
        AlreadyDecided = "pledge_already_decided" => |s| s.err_pledge_decided,
        NotAccepted = "pledge_not_accepted" => |s| s.err_pledge_not_accepted,
    }
}

/// Pledges to an open need. The need's row is locked first, so a need closed meanwhile is
/// never pledged to; the unique index keeps one live pledge per actor and need.
pub async fn pledge_to(db: &Db, p: &NewPledge<'_>) -> AppResult<Result<i64, PledgeRefusal>> {
    let mut tx = db.begin().await?;
    let open = sqlx::query(
        "UPDATE needs SET version = version WHERE id = $1 AND status IN ('open', 'partly_met')",
    )
    .bind(p.need_id)
    .execute(&mut *tx)
    .await?;
    if open.rows_affected() == 0 {
        let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM needs WHERE id = $1")
            .bind(p.need_id)
            .fetch_optional(&mut *tx)
            .await?;
        return match exists {
            Some(_) => Ok(Err(PledgeRefusal::NeedClosed)),
            None => Err(AppError::NotFound),
        };
    }
    let live: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM pledges WHERE need_id = $1 AND actor_id = $2 AND status IN ('pledged', 'accepted', 'fulfilled')",
    )
    .bind(p.need_id)
    .bind(p.actor_id)
    .fetch_optional(&mut *tx)
    .await?;
    if live.is_some() {
        return Ok(Err(PledgeRefusal::AlreadyPledged));
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO pledges (need_id, offer_id, actor_id, amount, message, status, pledged_by, pledged_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(p.need_id)
    .bind(p.offer_id)
    .bind(p.actor_id)
    .bind(p.amount)
    .bind(p.message)
    .bind(PledgeStatus::Pledged.code())
    .bind(p.user_id)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Ok(id))
}

/// Locks a need's row for the rest of the transaction, so changes to its pledges and status
/// happen one at a time (a row lock both engines take with a no-op update).
async fn lock_need(tx: &mut Tx, need_id: i64) -> AppResult<()> {
    sqlx::query("UPDATE needs SET version = version WHERE id = $1")
        .bind(need_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Moves a pledge from one of `from` to `to` and updates the need's status. A decision by the
/// initiative (`Some((reason, user))`) is recorded with who and when; a withdrawal keeps the
/// earlier decision. Returns false when the pledge was no longer in one of `from`.
pub async fn move_pledge(
    db: &Db,
    pledge_id: i64,
    from: &[PledgeStatus],
    to: PledgeStatus,
    decision: Option<(&str, i64)>,
) -> AppResult<bool> {
    let mut tx = db.begin().await?;
    let need_id: i64 = sqlx::query_scalar("SELECT need_id FROM pledges WHERE id = $1")
        .bind(pledge_id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AppError::NotFound)?;
    lock_need(&mut tx, need_id).await?;
    let mut sql = SqlBuilder::new("UPDATE pledges SET status = ");
    let p = sql.bind(Param::Text(to.code().into()));
    sql.push(&p);
    if let Some((reason, user_id)) = decision {
        let r = sql.bind(Param::Text(reason.into()));
        let u = sql.bind(Param::Int(user_id));
        let t = sql.bind(Param::Int(now()));
        sql.push(&format!(
            ", reason = {r}, decided_by = {u}, decided_at = {t}"
        ));
    }
    let p = sql.bind(Param::Int(pledge_id));
    sql.push(&format!(" WHERE id = {p} AND status IN ("));
    let statuses: Vec<String> = from
        .iter()
        .map(|st| sql.bind(Param::Text(st.code().into())))
        .collect();
    sql.push(&statuses.join(", "));
    sql.push(")");
    let done = sql.query().execute(&mut *tx).await?;
    if done.rows_affected() == 0 {
        return Ok(false);
    }
    refresh_need_status(&mut tx, need_id).await?;
    tx.commit().await?;
    Ok(true)
}

/// A contribution given under an accepted pledge.
pub struct NewContribution<'a> {
    pub pledge_id: i64,
    pub amount: i64,
    pub given_on: Date,
    pub note: &'a str,
    pub user_id: i64,
}

/// Records what was given, in the need's unit, and marks the pledge as given. Returns false
/// when the pledge has not been accepted.
pub async fn record_contribution(db: &Db, c: &NewContribution<'_>) -> AppResult<bool> {
    let mut tx = db.begin().await?;
    let row: Option<(i64, i64, i64, String)> = sqlx::query_as(
        "SELECT p.need_id, n.initiative_id, p.actor_id, n.kind FROM pledges p \
         JOIN needs n ON n.id = p.need_id WHERE p.id = $1",
    )
    .bind(c.pledge_id)
    .fetch_optional(&mut *tx)
    .await?;
    let (need_id, initiative_id, actor_id, kind) = row.ok_or(AppError::NotFound)?;
    lock_need(&mut tx, need_id).await?;
    let accepted = sqlx::query(
        "UPDATE pledges SET status = 'fulfilled' WHERE id = $1 AND status IN ('accepted', 'fulfilled')",
    )
    .bind(c.pledge_id)
    .execute(&mut *tx)
    .await?;
    if accepted.rows_affected() == 0 {
        return Ok(false);
    }
    let unit = ResourceKind::parse(&kind)
        .ok_or_else(|| AppError::Internal(format!("need kind {kind:?}")))?
        .unit();
    sqlx::query(
        "INSERT INTO contributions (pledge_id, need_id, initiative_id, actor_id, unit, amount, given_on, note, \
         recorded_by, recorded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(c.pledge_id)
    .bind(need_id)
    .bind(initiative_id)
    .bind(actor_id)
    .bind(unit.code())
    .bind(c.amount)
    .bind(c.given_on.to_string())
    .bind(c.note)
    .bind(c.user_id)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    refresh_need_status(&mut tx, need_id).await?;
    tx.commit().await?;
    Ok(true)
}

/// What has been given to an initiative, per unit: through pledges, and by municipal units
/// through requests.
pub async fn contribution_totals(db: &Db, initiative_id: i64) -> AppResult<Vec<(Unit, i64)>> {
    totals(db, "initiative_id", initiative_id).await
}

/// What an actor has given, per unit.
pub async fn given_by(db: &Db, actor_id: i64) -> AppResult<Vec<(Unit, i64)>> {
    totals(db, "actor_id", actor_id).await
}

async fn totals(db: &Db, column: &str, id: i64) -> AppResult<Vec<(Unit, i64)>> {
    let rows: Vec<(String, i64)> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT unit, CAST(SUM(amount) AS BIGINT) FROM (\
         SELECT unit, amount FROM contributions WHERE {column} = $1 \
         UNION ALL SELECT unit, amount FROM unit_contributions WHERE {column} = $1) given \
         GROUP BY unit ORDER BY unit"
    )))
    .bind(id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(u, n)| Unit::parse(&u).map(|u| (u, n)))
        .collect())
}

// ---- calls ----

/// A call for help ("opråb").
#[derive(Clone, Debug)]
pub struct Call {
    pub id: i64,
    pub initiative_id: i64,
    pub initiative_title: String,
    pub draft: CallDraft,
    pub published_at: i64,
    pub closed_at: Option<i64>,
}

const CALL_SELECT: &str = "SELECT c.id, c.initiative_id, i.title AS initiative_title, c.title, c.message, \
     c.published_at, c.closed_at FROM calls c JOIN initiatives i ON i.id = c.initiative_id";

fn call(row: &AnyRow) -> Result<Call, sqlx::Error> {
    Ok(Call {
        id: row.try_get("id")?,
        initiative_id: row.try_get("initiative_id")?,
        initiative_title: row.try_get("initiative_title")?,
        draft: CallDraft {
            title: row.try_get("title")?,
            message: row.try_get("message")?,
        },
        published_at: row.try_get("published_at")?,
        closed_at: row.try_get("closed_at")?,
    })
}

pub async fn publish_call(
    db: &Db,
    initiative_id: i64,
    d: &CallDraft,
    user_id: i64,
) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO calls (initiative_id, title, message, published_by, published_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(initiative_id)
    .bind(&d.title)
    .bind(&d.message)
    .bind(user_id)
    .bind(now())
    .fetch_one(db.pool())
    .await?)
}

pub async fn get_call(db: &Db, id: i64) -> AppResult<Call> {
    one(db, format!("{CALL_SELECT} WHERE c.id = $1"), id, call).await
}

/// Open calls, newest first: all of them, or one initiative's.
pub async fn open_calls(db: &Db, initiative_id: Option<i64>, limit: i64) -> AppResult<Vec<Call>> {
    let mut sql = SqlBuilder::new(&format!("{CALL_SELECT} WHERE c.closed_at IS NULL"));
    if let Some(id) = initiative_id {
        let p = sql.bind(Param::Int(id));
        sql.push(&format!(" AND c.initiative_id = {p}"));
    }
    sql.push(" ORDER BY c.published_at DESC, c.id DESC");
    sql.limit(limit, 0);
    let rows = sql.query().fetch_all(db.pool()).await?;
    rows_to(&rows, call)
}

pub async fn close_call(db: &Db, id: i64) -> AppResult<()> {
    sqlx::query("UPDATE calls SET closed_at = $1 WHERE id = $2 AND closed_at IS NULL")
        .bind(now())
        .bind(id)
        .execute(db.pool())
        .await?;
    Ok(())
}
