//! Storage of categories, tips, their photos, answers and history, and the Open311 keys.
//!
//! A tip and everything reported with it (answers, photos) is written in one transaction, so
//! nothing is half-stored. A change of status is guarded by the status it was made from, so two
//! handlers acting at once cannot both move the same tip.

use super::model::*;
use super::photo::Photo;
use crate::platform::db::{self, Db, Row, SqlBuilder, Tx, Value, all, decode, one, rows_to};
use crate::platform::error::{AppError, AppResult};
use crate::platform::geo::{Coordinates, from_e6, to_e6, um_per_e6};
use crate::platform::i18n::Lang;
use crate::platform::time::now;

mod keys;
mod reports;
mod updates;
pub use keys::*;
pub use reports::*;
pub use updates::*;

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

fn category(row: &Row) -> Result<Category, db::Error> {
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
    let rows = db::query(format!("{CATEGORY_SELECT}{filter}"))
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
    let row = db::query(format!("{CATEGORY_SELECT} WHERE c.code = $1"))
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
        None => db::query_scalar(
            "INSERT INTO tip_categories (code, name_da, name_en, description_da, description_en, unit_id, active, \
             created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) \
             ON CONFLICT (code) DO NOTHING RETURNING id",
        ),
        Some(_) => db::query_scalar(
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

fn question(row: &Row) -> Result<Question, db::Error> {
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
    db::query(
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
    db::query("DELETE FROM tip_category_questions WHERE category_id = $1 AND code = $2")
        .bind(category_id)
        .bind(code)
        .execute(db.pool())
        .await?;
    Ok(())
}
