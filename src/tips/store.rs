//! Storage of categories, tips, their photos, answers and history, and the Open311 keys.
//!
//! A tip and everything reported with it (answers, photos) is written in one transaction, so
//! nothing is half-stored. A change of status is guarded by the status it was made from, so two
//! handlers acting at once cannot both move the same tip.

use super::model::*;
use super::photo::Photo;
use crate::platform::db::{Db, Param, SqlBuilder, Tx, all, decode, one, rows_to};
use crate::platform::error::{AppError, AppResult};
use crate::platform::geo::{Coordinates, from_e6, to_e6, um_per_e6};
use crate::platform::i18n::Lang;
use crate::platform::time::now;
use sqlx::Row;
use sqlx::any::AnyRow;

#[derive(Clone, Debug)]
pub struct Category {
    pub id: i64,
    pub code: String,
    pub name_da: String,
    pub name_en: String,
    pub description_da: String,
    pub description_en: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub active: bool,
}

impl Category {
    pub fn name(&self, lang: Lang) -> &str {
        match lang {
            Lang::Da => &self.name_da,
            Lang::En => &self.name_en,
        }
    }

    pub fn description(&self, lang: Lang) -> &str {
        match lang {
            Lang::Da => &self.description_da,
            Lang::En => &self.description_en,
        }
    }
}

const CATEGORY_SELECT: &str =
    "SELECT c.*, a.name AS unit_name FROM tip_categories c JOIN actors a ON a.id = c.unit_id";

fn category(row: &AnyRow) -> Result<Category, sqlx::Error> {
    Ok(Category {
        id: row.try_get("id")?,
        code: row.try_get("code")?,
        name_da: row.try_get("name_da")?,
        name_en: row.try_get("name_en")?,
        description_da: row.try_get("description_da")?,
        description_en: row.try_get("description_en")?,
        unit_id: row.try_get("unit_id")?,
        unit_name: row.try_get("unit_name")?,
        active: row.try_get::<i64, _>("active")? != 0,
    })
}

/// Every category by Danish name (sorted here, the same on both engines); with
/// `only_active`, those taking new tips.
pub async fn categories(db: &Db, only_active: bool) -> AppResult<Vec<Category>> {
    let filter = if only_active {
        " WHERE c.active = 1"
    } else {
        ""
    };
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!("{CATEGORY_SELECT}{filter}")))
        .fetch_all(db.pool())
        .await?;
    let mut list = rows_to(&rows, category)?;
    list.sort_by_cached_key(|c| (crate::platform::search::sort_key(&c.name_da), c.id));
    Ok(list)
}

pub async fn category_by_id(db: &Db, id: i64) -> AppResult<Category> {
    one(
        db,
        format!("{CATEGORY_SELECT} WHERE c.id = $1"),
        id,
        category,
    )
    .await
}

/// The category with the code, if there is one (a report names it; a wrong one is the
/// reporter's mistake, not a missing page).
pub async fn find_category(db: &Db, code: &str) -> AppResult<Option<Category>> {
    match category_by_code(db, code).await {
        Ok(c) => Ok(Some(c)),
        Err(AppError::NotFound) => Ok(None),
        Err(e) => Err(e),
    }
}

pub async fn category_by_code(db: &Db, code: &str) -> AppResult<Category> {
    // No code holds a control character, and PostgreSQL refuses a NUL in a parameter.
    if code.chars().any(char::is_control) {
        return Err(AppError::NotFound);
    }
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{CATEGORY_SELECT} WHERE c.code = $1"
    )))
    .bind(code)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(category(&row)?)
}

/// A category as an admin sets it up.
#[derive(Clone, Debug, Default)]
pub struct CategoryDraft {
    pub code: String,
    pub name_da: String,
    pub name_en: String,
    pub description_da: String,
    pub description_en: String,
    pub unit_id: i64,
    pub active: bool,
}

/// Creates a category, or updates the one with `id`; a taken code is a conflict.
pub async fn save_category(db: &Db, id: Option<i64>, d: &CategoryDraft) -> AppResult<i64> {
    let t = now();
    let query = match id {
        None => sqlx::query_scalar(
            "INSERT INTO tip_categories (code, name_da, name_en, description_da, description_en, unit_id, active, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) \
             ON CONFLICT (code) DO NOTHING RETURNING id",
        ),
        Some(_) => sqlx::query_scalar(
            "UPDATE tip_categories SET code = $1, name_da = $2, name_en = $3, description_da = $4, \
             description_en = $5, unit_id = $6, active = $7, updated_at = $8 WHERE id = $9 \
             AND NOT EXISTS (SELECT 1 FROM tip_categories o WHERE o.code = $1 AND o.id <> $9) RETURNING id",
        ),
    };
    let saved: Option<i64> = query
        .bind(&d.code)
        .bind(&d.name_da)
        .bind(&d.name_en)
        .bind(&d.description_da)
        .bind(&d.description_en)
        .bind(d.unit_id)
        .bind(if d.active { 1i64 } else { 0 })
        .bind(t)
        .bind(id.unwrap_or(0))
        .fetch_optional(db.pool())
        .await?;
    saved.ok_or_else(|| TipRefusal::CategoryCodeTaken.into())
}

fn question(row: &AnyRow) -> Result<Question, sqlx::Error> {
    let choices: String = row.try_get("choices")?;
    Ok(Question {
        code: row.try_get("code")?,
        datatype: decode(row, "datatype", QuestionType::parse)?,
        required: row.try_get::<i64, _>("required")? != 0,
        question_da: row.try_get("question_da")?,
        question_en: row.try_get("question_en")?,
        choices: Question::parse_choices(&choices),
    })
}

pub async fn questions(db: &Db, category_id: i64) -> AppResult<Vec<Question>> {
    all(
        db,
        "SELECT * FROM tip_category_questions WHERE category_id = $1 ORDER BY position, id".into(),
        category_id,
        question,
    )
    .await
}

/// Adds a question at the end of the category's, or replaces the one with the same code.
pub async fn save_question(db: &Db, category_id: i64, q: &Question) -> AppResult<()> {
    let choices: Vec<String> = q
        .choices
        .iter()
        .map(|(k, da, en)| format!("{k}={da}={en}"))
        .collect();
    sqlx::query(
        "INSERT INTO tip_category_questions (category_id, code, datatype, required, question_da, question_en, choices, position) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, (SELECT COUNT(*) FROM tip_category_questions WHERE category_id = $1)) \
         ON CONFLICT (category_id, code) DO UPDATE SET datatype = $3, required = $4, question_da = $5, \
         question_en = $6, choices = $7",
    )
    .bind(category_id)
    .bind(&q.code)
    .bind(q.datatype.code())
    .bind(if q.required { 1i64 } else { 0 })
    .bind(&q.question_da)
    .bind(&q.question_en)
    .bind(choices.join("\n"))
    .execute(db.pool())
    .await?;
    Ok(())
}

pub async fn remove_question(db: &Db, category_id: i64, code: &str) -> AppResult<()> {
    sqlx::query("DELETE FROM tip_category_questions WHERE category_id = $1 AND code = $2")
        .bind(category_id)
        .bind(code)
        .execute(db.pool())
        .await?;
    Ok(())
}

#[derive(Clone, Debug)]
pub struct Tip {
    pub id: i64,
    pub category_id: i64,
    pub category_code: String,
    pub category_da: String,
    pub category_en: String,
    pub unit_id: i64,
    pub unit_name: String,
    pub description: String,
    pub address: String,
    pub coordinates: Coordinates,
    pub status: TipStatus,
    pub close_reason: Option<CloseReason>,
    pub reporter_user_id: Option<i64>,
    pub reporter_name: String,
    pub reporter_email: String,
    pub token: String,
    pub initiative_id: Option<i64>,
    pub initiative_title: Option<String>,
    pub first_photo: Option<i64>,
    /// The words of the newest public update that had any.
    pub last_note: Option<String>,
    pub received_at: i64,
    pub updated_at: i64,
}

impl Tip {
    pub fn category(&self, lang: Lang) -> &str {
        match lang {
            Lang::Da => &self.category_da,
            Lang::En => &self.category_en,
        }
    }

    /// Its address, or its coordinates when none was given.
    pub fn place(&self, lang: Lang) -> String {
        place_words(&self.address, self.coordinates, lang)
    }

    /// What and where: "Huller i vej, fortov eller cykelsti, Jægergårdsgade 40".
    pub fn what_and_where(&self, lang: Lang) -> String {
        format!("{}, {}", self.category(lang), self.place(lang))
    }
}

/// A tip's columns with its category, unit, initiative, first photo and last public words, read
/// from `source`: the table, or a subquery that has chosen (and limited) the rows first, so the
/// per-row lookups run only for the rows returned.
fn tip_select(source: &str) -> String {
    format!(
        "SELECT t.*, c.code AS category_code, c.name_da AS category_da, c.name_en AS category_en, \
         u.name AS unit_name, i.title AS initiative_title, \
         (SELECT MIN(p.id) FROM tip_photos p WHERE p.tip_id = t.id) AS first_photo, \
         (SELECT n.body FROM tip_updates n WHERE n.tip_id = t.id AND n.internal = 0 AND n.body <> '' \
          ORDER BY n.id DESC LIMIT 1) AS last_note \
         FROM {source} t JOIN tip_categories c ON c.id = t.category_id JOIN actors u ON u.id = t.unit_id \
         LEFT JOIN initiatives i ON i.id = t.initiative_id"
    )
}

fn tip(row: &AnyRow) -> Result<Tip, sqlx::Error> {
    let reason: Option<String> = row.try_get("close_reason")?;
    Ok(Tip {
        id: row.try_get("id")?,
        category_id: row.try_get("category_id")?,
        category_code: row.try_get("category_code")?,
        category_da: row.try_get("category_da")?,
        category_en: row.try_get("category_en")?,
        unit_id: row.try_get("unit_id")?,
        unit_name: row.try_get("unit_name")?,
        description: row.try_get("description")?,
        address: row.try_get("address")?,
        coordinates: (
            from_e6(row.try_get("latitude_e6")?),
            from_e6(row.try_get("longitude_e6")?),
        ),
        status: decode(row, "status", TipStatus::parse)?,
        close_reason: reason.as_deref().and_then(CloseReason::parse),
        reporter_user_id: row.try_get("reporter_user_id")?,
        reporter_name: row.try_get("reporter_name")?,
        reporter_email: row.try_get("reporter_email")?,
        token: row.try_get("token")?,
        initiative_id: row.try_get("initiative_id")?,
        initiative_title: row.try_get("initiative_title")?,
        first_photo: row.try_get("first_photo")?,
        last_note: row.try_get("last_note")?,
        received_at: row.try_get("received_at")?,
        updated_at: row.try_get("updated_at")?,
    })
}

pub async fn get(db: &Db, id: i64) -> AppResult<Tip> {
    one(
        db,
        format!("{} WHERE t.id = $1", tip_select("tips")),
        id,
        tip,
    )
    .await
}

pub async fn by_token(db: &Db, token: &str) -> AppResult<Tip> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{} WHERE t.token = $1",
        tip_select("tips")
    )))
    .bind(token)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(tip(&row)?)
}

/// The tip an initiative was started to take care of, if any.
pub async fn adopted_by(db: &Db, initiative_id: i64) -> AppResult<Option<Tip>> {
    let row = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{} WHERE t.initiative_id = $1",
        tip_select("tips")
    )))
    .bind(initiative_id)
    .fetch_optional(db.pool())
    .await?;
    Ok(row.as_ref().map(tip).transpose()?)
}

/// The history entry that records an initiative adopting a tip.
pub async fn adoption_update(db: &Db, initiative_id: i64) -> AppResult<Option<i64>> {
    Ok(
        sqlx::query_scalar("SELECT id FROM tip_updates WHERE initiative_id = $1")
            .bind(initiative_id)
            .fetch_optional(db.pool())
            .await?,
    )
}

/// A new tip with everything reported with it.
pub struct NewTip<'a> {
    pub draft: &'a TipDraft,
    pub category: &'a Category,
    pub answers: &'a [(String, String)],
    pub photos: &'a [Photo],
    pub reporter_user_id: Option<i64>,
    pub channel: Channel,
    pub open311_key_id: Option<i64>,
}

/// Stores a tip, its answers and photos in one transaction; returns its id and token.
pub async fn create(db: &Db, n: &NewTip<'_>) -> AppResult<(i64, String)> {
    let (lat, lon) = n.draft.coordinates.ok_or(AppError::Invalid(
        [("place", Lang::Da.strings().err_tip_place.to_string())].into(),
    ))?;
    let token = crate::platform::auth::random_token();
    let t = now();
    let mut tx = db.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO tips (category_id, unit_id, description, address, latitude_e6, longitude_e6, status, \
         reporter_user_id, reporter_name, reporter_email, channel, open311_key_id, token, received_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'received', $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id",
    )
    .bind(n.category.id)
    .bind(n.category.unit_id)
    .bind(&n.draft.description)
    .bind(&n.draft.address)
    .bind(to_e6(lat))
    .bind(to_e6(lon))
    .bind(n.reporter_user_id)
    .bind(&n.draft.reporter_name)
    .bind(&n.draft.reporter_email)
    .bind(n.channel.code())
    .bind(n.open311_key_id)
    .bind(&token)
    .bind(t)
    .fetch_one(&mut *tx)
    .await?;
    for (code, answer) in n.answers {
        sqlx::query("INSERT INTO tip_answers (tip_id, code, answer) VALUES ($1, $2, $3)")
            .bind(id)
            .bind(code)
            .bind(answer)
            .execute(&mut *tx)
            .await?;
    }
    for photo in n.photos {
        add_photo_in(&mut tx, id, photo).await?;
    }
    tx.commit().await?;
    Ok((id, token))
}

async fn add_photo_in(tx: &mut Tx, tip_id: i64, photo: &Photo) -> AppResult<i64> {
    Ok(sqlx::query_scalar(
        "INSERT INTO tip_photos (tip_id, width, height, size, data, created_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(tip_id)
    .bind(photo.width as i64)
    .bind(photo.height as i64)
    .bind(photo.jpeg.len() as i64)
    .bind(photo.jpeg.clone())
    .bind(now())
    .fetch_one(&mut **tx)
    .await?)
}

pub async fn answers(db: &Db, tip_id: i64) -> AppResult<Vec<(String, String)>> {
    let rows = sqlx::query("SELECT code, answer FROM tip_answers WHERE tip_id = $1 ORDER BY code")
        .bind(tip_id)
        .fetch_all(db.pool())
        .await?;
    Ok(rows
        .iter()
        .map(|r| Ok((r.try_get("code")?, r.try_get("answer")?)))
        .collect::<Result<_, sqlx::Error>>()?)
}

pub async fn photo_ids(db: &Db, tip_id: i64) -> AppResult<Vec<(i64, i64, i64)>> {
    let rows =
        sqlx::query("SELECT id, width, height FROM tip_photos WHERE tip_id = $1 ORDER BY id")
            .bind(tip_id)
            .fetch_all(db.pool())
            .await?;
    Ok(rows
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("width")?, r.try_get("height")?)))
        .collect::<Result<_, sqlx::Error>>()?)
}

pub async fn photo(db: &Db, tip_id: i64, id: i64) -> AppResult<Vec<u8>> {
    sqlx::query_scalar("SELECT data FROM tip_photos WHERE tip_id = $1 AND id = $2")
        .bind(tip_id)
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)
}

/// Which tips a list shows.
#[derive(Clone, Debug, Default)]
pub struct TipFilter {
    pub ids: Vec<i64>,
    pub category_codes: Vec<String>,
    pub statuses: Vec<TipStatus>,
    pub unit_ids: Option<Vec<i64>>,
    pub received_from: Option<i64>,
    pub received_until: Option<i64>,
    /// A box on the map: (south, west) and (north, east).
    pub within: Option<(Coordinates, Coordinates)>,
}

fn in_list(sql: &mut SqlBuilder, column: &str, values: Vec<Param>) {
    if values.is_empty() {
        sql.push(" AND 1 = 0");
        return;
    }
    let marks: Vec<String> = values.into_iter().map(|v| sql.bind(v)).collect();
    sql.push(&format!(" AND {column} IN ({})", marks.join(", ")));
}

/// Tips matching the filter, newest first (oldest first for a queue), at most `limit` after
/// skipping `offset`.
pub async fn tips(
    db: &Db,
    f: &TipFilter,
    oldest_first: bool,
    limit: i64,
    offset: i64,
) -> AppResult<Vec<Tip>> {
    let mut sql = SqlBuilder::new("SELECT * FROM tips t WHERE 1 = 1");
    if !f.ids.is_empty() {
        in_list(
            &mut sql,
            "t.id",
            f.ids.iter().map(|i| Param::Int(*i)).collect(),
        );
    }
    if !f.category_codes.is_empty() {
        let codes = f.category_codes.iter().map(|c| Param::Text(c.clone()));
        sql.push(" AND t.category_id IN (SELECT id FROM tip_categories WHERE 1 = 1");
        in_list(&mut sql, "code", codes.collect());
        sql.push(")");
    }
    if !f.statuses.is_empty() {
        let codes = f.statuses.iter().map(|s| Param::Text(s.code().into()));
        in_list(&mut sql, "t.status", codes.collect());
    }
    if let Some(units) = &f.unit_ids {
        in_list(
            &mut sql,
            "t.unit_id",
            units.iter().map(|i| Param::Int(*i)).collect(),
        );
    }
    if let Some(from) = f.received_from {
        let p = sql.bind(Param::Int(from));
        sql.push(&format!(" AND t.received_at >= {p}"));
    }
    if let Some(until) = f.received_until {
        let p = sql.bind(Param::Int(until));
        sql.push(&format!(" AND t.received_at <= {p}"));
    }
    if let Some(((south, west), (north, east))) = f.within {
        let [s, w, n, e] = [south, west, north, east].map(|d| sql.bind(Param::Int(to_e6(d))));
        sql.push(&format!(
            " AND t.latitude_e6 BETWEEN {s} AND {n} AND t.longitude_e6 BETWEEN {w} AND {e}"
        ));
    }
    let order = if oldest_first {
        " ORDER BY t.received_at, t.id"
    } else {
        " ORDER BY t.received_at DESC, t.id DESC"
    };
    sql.push(order);
    sql.limit(limit, offset);
    sql.text = format!("{}{order}", tip_select(&format!("({})", sql.text)));
    let rows = sql.query().fetch_all(db.pool()).await?;
    rows_to(&rows, tip)
}

/// Open tips of the category within `radius_m` of the place, nearest first, with their
/// distance. The database narrows by a box on the indexed coordinates; the exact distance is
/// measured here.
pub async fn open_nearby(
    db: &Db,
    category_id: i64,
    place: Coordinates,
    radius_m: f64,
) -> AppResult<Vec<(Tip, f64)>> {
    let (north, east) = um_per_e6(place.0);
    let dlat = (radius_m * 1e6 / north as f64).ceil() as i64 + 1;
    let dlon = (radius_m * 1e6 / east as f64).ceil() as i64 + 1;
    let (lat, lon) = (to_e6(place.0), to_e6(place.1));
    let rows = sqlx::query(sqlx::AssertSqlSafe(format!(
        "{} WHERE t.category_id = $1 AND t.status IN ('received', 'in_progress') \
         AND t.latitude_e6 BETWEEN $2 AND $3 AND t.longitude_e6 BETWEEN $4 AND $5 LIMIT 200",
        tip_select("tips")
    )))
    .bind(category_id)
    .bind(lat - dlat)
    .bind(lat + dlat)
    .bind(lon - dlon)
    .bind(lon + dlon)
    .fetch_all(db.pool())
    .await?;
    let mut near: Vec<(Tip, f64)> = rows_to(&rows, tip)?
        .into_iter()
        .map(|t| {
            let d = crate::platform::geo::distance_m(place, t.coordinates);
            (t, d)
        })
        .filter(|(_, d)| *d <= radius_m)
        .collect();
    near.sort_by(|a, b| a.1.total_cmp(&b.1));
    Ok(near)
}

/// An entry in a tip's history.
#[derive(Clone, Debug)]
pub struct Update {
    pub author_name: Option<String>,
    pub internal: bool,
    pub status: Option<TipStatus>,
    pub close_reason: Option<CloseReason>,
    pub unit_name: Option<String>,
    pub initiative: Option<(i64, String)>,
    pub body: String,
    pub created_at: i64,
}

fn update(row: &AnyRow) -> Result<Update, sqlx::Error> {
    let status: Option<String> = row.try_get("status")?;
    let reason: Option<String> = row.try_get("close_reason")?;
    Ok(Update {
        author_name: row.try_get("author_name")?,
        internal: row.try_get::<i64, _>("internal")? != 0,
        status: status.as_deref().and_then(TipStatus::parse),
        close_reason: reason.as_deref().and_then(CloseReason::parse),
        unit_name: row.try_get("unit_name")?,
        initiative: row
            .try_get::<Option<i64>, _>("initiative_id")?
            .zip(row.try_get::<Option<String>, _>("initiative_title")?),
        body: row.try_get("body")?,
        created_at: row.try_get("created_at")?,
    })
}

/// The history of a tip, oldest first; internal notes only with `with_internal`.
pub async fn updates(db: &Db, tip_id: i64, with_internal: bool) -> AppResult<Vec<Update>> {
    let filter = if with_internal {
        ""
    } else {
        " AND u.internal = 0"
    };
    all(
        db,
        format!(
            "SELECT u.*, a.name AS author_name, un.name AS unit_name, i.title AS initiative_title \
             FROM tip_updates u LEFT JOIN users us ON us.id = u.author_id \
             LEFT JOIN actors a ON a.id = us.person_id LEFT JOIN actors un ON un.id = u.unit_id \
             LEFT JOIN initiatives i ON i.id = u.initiative_id WHERE u.tip_id = $1{filter} ORDER BY u.id"
        ),
        tip_id,
        update,
    )
    .await
}

/// A change to a tip by a handler (or by the initiative that adopts it).
#[derive(Clone, Debug, Default)]
pub struct Change {
    pub internal: bool,
    pub body: String,
    /// A new status, made from `from`; with Closed, the reason.
    pub status: Option<(TipStatus, TipStatus)>,
    pub close_reason: Option<CloseReason>,
    pub unit_id: Option<i64>,
    pub initiative_id: Option<i64>,
}

/// Records a change and its entry in the history in one transaction; the entry's id, or `None`
/// when the tip is no longer in the status the change was made from (someone else moved it
/// first) or was adopted already.
pub async fn change(
    db: &Db,
    tip_id: i64,
    c: &Change,
    author: Option<i64>,
) -> AppResult<Option<i64>> {
    let mut tx = db.begin().await?;
    let done = change_in(&mut tx, tip_id, c, author).await?;
    if done.is_some() {
        tx.commit().await?;
    }
    Ok(done)
}

/// [`change`] inside a transaction the caller commits (an initiative adopting the tip).
pub async fn change_in(
    tx: &mut Tx,
    tip_id: i64,
    c: &Change,
    author: Option<i64>,
) -> AppResult<Option<i64>> {
    let t = now();
    let mut sql = SqlBuilder::default();
    let at = sql.bind(Param::Int(t));
    let mut sets = vec![format!("updated_at = {at}")];
    let id = sql.bind(Param::Int(tip_id));
    let mut conditions = vec![format!("id = {id}")];
    if let Some((from, to)) = c.status {
        let to_p = sql.bind(Param::Text(to.code().into()));
        let reason = sql.bind(Param::Text(
            c.close_reason.map(|r| r.code()).unwrap_or("").into(),
        ));
        sets.push(format!("status = {to_p}"));
        sets.push(format!("close_reason = NULLIF({reason}, '')"));
        sets.push(if to.is_open() {
            "closed_at = NULL".into()
        } else {
            format!("closed_at = {at}")
        });
        let from_p = sql.bind(Param::Text(from.code().into()));
        conditions.push(format!("status = {from_p}"));
    }
    if let Some(unit) = c.unit_id {
        let u = sql.bind(Param::Int(unit));
        sets.push(format!("unit_id = {u}"));
    }
    if let Some(initiative) = c.initiative_id {
        let i = sql.bind(Param::Int(initiative));
        sets.push(format!("initiative_id = {i}"));
        // Only an open tip nobody has adopted yet.
        conditions.push("initiative_id IS NULL AND status IN ('received', 'in_progress')".into());
    }
    sql.text = format!(
        "UPDATE tips SET {} WHERE {}",
        sets.join(", "),
        conditions.join(" AND ")
    );
    if sql.query().execute(&mut **tx).await?.rows_affected() == 0 {
        return Ok(None);
    }
    let update_id: i64 = sqlx::query_scalar(
        "INSERT INTO tip_updates (tip_id, author_id, internal, status, close_reason, unit_id, initiative_id, body, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(tip_id)
    .bind(author)
    .bind(if c.internal { 1i64 } else { 0 })
    .bind(c.status.map(|(_, to)| to.code()))
    .bind(c.close_reason.map(|r| r.code()))
    .bind(c.unit_id)
    .bind(c.initiative_id)
    .bind(&c.body)
    .bind(t)
    .fetch_one(&mut **tx)
    .await?;
    Ok(Some(update_id))
}

/// Forgets the e-mail address of an anonymous reporter who no longer wants to hear.
pub async fn forget_reporter_email(db: &Db, token: &str) -> AppResult<bool> {
    let done = sqlx::query("UPDATE tips SET reporter_email = '' WHERE token = $1")
        .bind(token)
        .execute(db.pool())
        .await?;
    Ok(done.rows_affected() > 0)
}

/// Where the address register places an address, if it knows it.
pub async fn locate(db: &Db, household: &str) -> AppResult<Option<Coordinates>> {
    let row = sqlx::query(
        "SELECT latitude_e6, longitude_e6 FROM access_addresses WHERE household = $1 \
         AND latitude_e6 IS NOT NULL AND longitude_e6 IS NOT NULL",
    )
    .bind(household)
    .fetch_optional(db.pool())
    .await?;
    Ok(match row {
        Some(r) => Some((
            from_e6(r.try_get("latitude_e6")?),
            from_e6(r.try_get("longitude_e6")?),
        )),
        None => None,
    })
}

/// Sets where access addresses are (demo data and imports): (household key, place).
pub async fn place_addresses(db: &Db, places: &[(String, Coordinates)]) -> AppResult<()> {
    let mut tx = db.begin().await?;
    for (household, (lat, lon)) in places {
        sqlx::query(
            "UPDATE access_addresses SET latitude_e6 = $1, longitude_e6 = $2 WHERE household = $3",
        )
        .bind(to_e6(*lat))
        .bind(to_e6(*lon))
        .bind(household)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

#[derive(Clone, Debug)]
pub struct Open311Key {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub revoked_at: Option<i64>,
    pub tips: i64,
}

fn key_hash(key: &str) -> String {
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(key.as_bytes());
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Issues a key; only its hash is kept, so the key is shown this once.
pub async fn create_key(db: &Db, name: &str, by_user: Option<i64>) -> AppResult<(i64, String)> {
    let key = crate::platform::auth::random_token();
    let id = sqlx::query_scalar(
        "INSERT INTO open311_keys (name, key_hash, created_by, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(name)
    .bind(key_hash(&key))
    .bind(by_user)
    .bind(now())
    .fetch_one(db.pool())
    .await?;
    Ok((id, key))
}

/// Every key, with how many tips it posted.
pub async fn keys(db: &Db) -> AppResult<Vec<Open311Key>> {
    let rows = sqlx::query(
        "SELECT k.id, k.name, k.created_at, k.revoked_at, \
         (SELECT COUNT(*) FROM tips t WHERE t.open311_key_id = k.id) AS tips \
         FROM open311_keys k",
    )
    .fetch_all(db.pool())
    .await?;
    let mut list: Vec<Open311Key> = rows
        .iter()
        .map(|r| {
            Ok(Open311Key {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                created_at: r.try_get("created_at")?,
                revoked_at: r.try_get("revoked_at")?,
                tips: r.try_get("tips")?,
            })
        })
        .collect::<Result<_, sqlx::Error>>()?;
    // Keys in use first, by name (sorted here, the same on both engines).
    list.sort_by_cached_key(|k| {
        (
            k.revoked_at.is_some(),
            crate::platform::search::sort_key(&k.name),
            k.id,
        )
    });
    Ok(list)
}

pub async fn revoke_key(db: &Db, id: i64) -> AppResult<bool> {
    let done =
        sqlx::query("UPDATE open311_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now())
            .bind(id)
            .execute(db.pool())
            .await?;
    Ok(done.rows_affected() > 0)
}

/// The key's id, if the key is known and not revoked.
pub async fn key_id(db: &Db, key: &str) -> AppResult<Option<i64>> {
    Ok(
        sqlx::query_scalar(
            "SELECT id FROM open311_keys WHERE key_hash = $1 AND revoked_at IS NULL",
        )
        .bind(key_hash(key))
        .fetch_optional(db.pool())
        .await?,
    )
}
