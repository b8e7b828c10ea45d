//! Queries built from optional parts, and the helpers stores read rows with: pages, lookups
//! by id, the details of many items at once, stored codes.

use super::{Db, Error, Query, Row, Value, query};
use crate::platform::error::{AppError, AppResult};
use std::collections::HashMap;

/// A query assembled from optional parts (filters, sorting), with `$n` placeholders numbered
/// as values are bound, so the same text runs on both engines.
#[derive(Default)]
pub struct SqlBuilder {
    pub text: String,
    params: Vec<Value>,
}

impl SqlBuilder {
    pub fn new(start: &str) -> SqlBuilder {
        SqlBuilder {
            text: start.to_string(),
            params: Vec::new(),
        }
    }

    pub fn push(&mut self, sql: &str) -> &mut Self {
        self.text.push_str(sql);
        self
    }

    /// Binds a value and returns its placeholder.
    pub fn bind(&mut self, value: Value) -> String {
        self.params.push(value);
        format!("${}", self.params.len())
    }

    /// Binds ids and returns their placeholders as a list, for `IN (…)`.
    pub fn bind_ids(&mut self, ids: &[i64]) -> String {
        let placeholders: Vec<String> = ids.iter().map(|id| self.bind(Value::Int(*id))).collect();
        placeholders.join(", ")
    }

    /// Appends `LIMIT … OFFSET …` for a 1-based page (at most [`MAX_PAGE`]) as literals: SQLite re-prepares a statement on every run when
    /// its LIMIT is a bound parameter, which costs more than the query itself.
    pub fn limit(&mut self, limit: i64, offset: i64) -> &mut Self {
        self.push(&format!(" LIMIT {limit} OFFSET {offset}"))
    }

    pub fn query(&self) -> Query {
        Query {
            sql: self.text.clone().into(),
            kinds: self.params.iter().map(Value::kind).collect(),
            params: self.params.clone(),
        }
    }
}

/// The last page any list shows; deeper pages are refused by the API and capped on the web,
/// which also keeps `(page - 1) * per_page` far from overflowing.
pub const MAX_PAGE: i64 = 10_000;

/// A 1-based page number as given, within 1..=[`MAX_PAGE`].
pub fn page_number(page: i64) -> i64 {
    page.clamp(1, MAX_PAGE)
}

/// A 1-based page number as an API caller gives it (1 when left out); `None` when outside
/// 1..=[`MAX_PAGE`], which the API refuses.
pub fn api_page(page: Option<i64>) -> Option<i64> {
    let page = page.unwrap_or(1);
    (1..=MAX_PAGE).contains(&page).then_some(page)
}

/// Rows decoded one by one.
pub fn rows_to<T>(rows: &[Row], f: fn(&Row) -> Result<T, Error>) -> AppResult<Vec<T>> {
    rows.iter()
        .map(f)
        .collect::<Result<_, _>>()
        .map_err(AppError::from)
}

/// The row a query with one id parameter finds, decoded; `NotFound` when there is none.
pub async fn one<T>(
    db: &Db,
    sql: String,
    id: i64,
    f: fn(&Row) -> Result<T, Error>,
) -> AppResult<T> {
    let row = query(sql)
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(f(&row)?)
}

/// Every row a query with one id parameter finds, decoded.
pub async fn all<T>(
    db: &Db,
    sql: String,
    id: i64,
    f: fn(&Row) -> Result<T, Error>,
) -> AppResult<Vec<T>> {
    let rows = query(sql).bind(id).fetch_all(db.pool()).await?;
    rows_to(&rows, f)
}

/// Every row a query finds for any of `ids`, decoded: `{ids}` in `sql` stands for their list
/// of placeholders. A list page asks once for all its items' details, not once per item.
pub async fn all_for<T>(
    db: &Db,
    sql: &str,
    ids: &[i64],
    f: fn(&Row) -> Result<T, Error>,
) -> AppResult<Vec<T>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut built = SqlBuilder::default();
    let list = built.bind_ids(ids);
    built.push(&sql.replace("{ids}", &list));
    rows_to(&built.query().fetch_all(db.pool()).await?, f)
}

/// Items grouped by the key each belongs to, in the order they came.
pub fn grouped<T>(items: Vec<T>, key: fn(&T) -> i64) -> HashMap<i64, Vec<T>> {
    let mut groups: HashMap<i64, Vec<T>> = HashMap::new();
    for item in items {
        groups.entry(key(&item)).or_default().push(item);
    }
    groups
}

/// Decodes a stored code into its enum; an unknown code means the database was changed
/// behind the application's back.
pub fn decode<T>(row: &Row, column: &str, parse: fn(&str) -> Option<T>) -> Result<T, Error> {
    let code: String = row.try_get(column)?;
    parse(&code).ok_or_else(|| Error::Decode(format!("unknown {column} code {code:?}")))
}

/// [`decode`] for a column that may be empty (NULL).
pub fn decode_optional<T>(
    row: &Row,
    column: &str,
    parse: fn(&str) -> Option<T>,
) -> Result<Option<T>, Error> {
    let code: Option<String> = row.try_get(column)?;
    code.map(|c| parse(&c).ok_or_else(|| Error::Decode(format!("unknown {column} code {c:?}"))))
        .transpose()
}
