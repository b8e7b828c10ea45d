//! Tips themselves: reported, read, listed and found nearby.

use super::*;
use crate::moderation::model::{ContentKind, visible};
use crate::platform::db;
use crate::text;

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
pub(super) fn tip_select(source: &str) -> String {
    select_from(source, Details::All)
}

/// What a list of tips reads besides each tip's own row.
#[derive(Clone, Copy, PartialEq)]
enum Details {
    /// Its first photo and its newest public words too.
    All,
    /// Only what marks it on a map: no photo, no words.
    Marks,
}

fn select_from(source: &str, details: Details) -> String {
    let (photo, note) = match details {
        Details::All => (
            "(SELECT MIN(p.id) FROM tip_photos p WHERE p.tip_id = t.id \
             AND NOT EXISTS (SELECT 1 FROM hidden_content h WHERE h.kind = 'photo' AND h.target_id = p.id))",
            "(SELECT n.body FROM tip_updates n WHERE n.tip_id = t.id AND n.internal = 0 AND n.body <> '' \
             ORDER BY n.id DESC LIMIT 1)",
        ),
        Details::Marks => ("NULL", "NULL"),
    };
    format!(
        "SELECT t.*, c.code AS category_code, c.name_da AS category_da, c.name_en AS category_en, \
         u.name AS unit_name, i.title AS initiative_title, {photo} AS first_photo, {note} AS last_note \
         FROM {source} t JOIN tip_categories c ON c.id = t.category_id JOIN actors u ON u.id = t.unit_id \
         LEFT JOIN initiatives i ON i.id = t.initiative_id"
    )
}

pub(super) fn tip(row: &Row) -> Result<Tip, db::Error> {
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
    let row = db::query(format!("{} WHERE t.token = $1", tip_select("tips")))
        .bind(token)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)?;
    Ok(tip(&row)?)
}

/// The tip an initiative was started to take care of, if any.
pub async fn adopted_by(db: &Db, initiative_id: i64) -> AppResult<Option<Tip>> {
    let row = db::query(format!("{} WHERE t.initiative_id = $1", tip_select("tips")))
        .bind(initiative_id)
        .fetch_optional(db.pool())
        .await?;
    Ok(row.as_ref().map(tip).transpose()?)
}

/// The history entry that records an initiative adopting a tip.
pub async fn adoption_update(db: &Db, initiative_id: i64) -> AppResult<Option<i64>> {
    Ok(
        db::query_scalar("SELECT id FROM tip_updates WHERE initiative_id = $1")
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
    let (lat, lon) = n
        .draft
        .coordinates
        .ok_or(AppError::Invalid([("place", text!(err_tip_place))].into()))?;
    let token = crate::platform::auth::random_token();
    let t = now();
    let mut tx = db.begin().await?;
    let id: i64 = db::query_scalar(
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
        db::query("INSERT INTO tip_answers (tip_id, code, answer) VALUES ($1, $2, $3)")
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

pub(super) async fn add_photo_in(tx: &mut Tx, tip_id: i64, photo: &Photo) -> AppResult<i64> {
    Ok(db::query_scalar(
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
    let rows = db::query("SELECT code, answer FROM tip_answers WHERE tip_id = $1 ORDER BY code")
        .bind(tip_id)
        .fetch_all(db.pool())
        .await?;
    Ok(rows
        .iter()
        .map(|r| Ok((r.try_get("code")?, r.try_get("answer")?)))
        .collect::<Result<_, db::Error>>()?)
}

/// The tip's photos, but those a moderator hid unless `with_hidden` (for the tip's people).
pub async fn photo_ids(db: &Db, tip_id: i64, with_hidden: bool) -> AppResult<Vec<(i64, i64, i64)>> {
    let shown = match with_hidden {
        true => "1 = 1".to_string(),
        false => visible(ContentKind::Photo, "p"),
    };
    let rows = db::query(format!(
        "SELECT p.id, p.width, p.height FROM tip_photos p WHERE p.tip_id = $1 AND {shown} ORDER BY p.id"
    ))
    .bind(tip_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| Ok((r.try_get("id")?, r.try_get("width")?, r.try_get("height")?)))
        .collect::<Result<_, db::Error>>()?)
}

pub async fn tip_of_photo(db: &Db, id: i64) -> AppResult<i64> {
    db::query_scalar("SELECT tip_id FROM tip_photos WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn photo(db: &Db, tip_id: i64, id: i64) -> AppResult<Vec<u8>> {
    db::query_scalar("SELECT data FROM tip_photos WHERE tip_id = $1 AND id = $2")
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
    /// The units' own queue, which keeps tips a moderator hid; without it, only tips shown to
    /// everyone.
    pub unit_ids: Option<Vec<i64>>,
    pub received_from: Option<i64>,
    pub received_until: Option<i64>,
    /// A box on the map: (south, west) and (north, east).
    pub within: Option<(Coordinates, Coordinates)>,
    /// Only tips received before this one (its time and id), newest first: where the next
    /// part of a long list starts.
    pub before: Option<(i64, i64)>,
}

pub(super) fn in_list(sql: &mut SqlBuilder, column: &str, values: Vec<Value>) {
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
    tips_with(db, f, oldest_first, limit, offset, Details::All).await
}

/// The newest tips of a filter with only what marks them on a map.
pub async fn tip_marks(db: &Db, f: &TipFilter, limit: i64) -> AppResult<Vec<Tip>> {
    tips_with(db, f, false, limit, 0, Details::Marks).await
}

async fn tips_with(
    db: &Db,
    f: &TipFilter,
    oldest_first: bool,
    limit: i64,
    offset: i64,
    details: Details,
) -> AppResult<Vec<Tip>> {
    let mut sql = SqlBuilder::new("SELECT * FROM tips t WHERE 1 = 1");
    // A unit's own queue keeps what a moderator hid: the problem is still theirs to fix.
    if f.unit_ids.is_none() {
        sql.push(&format!(" AND {}", visible(ContentKind::Tip, "t")));
    }
    if !f.ids.is_empty() {
        in_list(
            &mut sql,
            "t.id",
            f.ids.iter().map(|i| Value::Int(*i)).collect(),
        );
    }
    if !f.category_codes.is_empty() {
        let codes = f.category_codes.iter().map(|c| Value::Text(c.clone()));
        sql.push(" AND t.category_id IN (SELECT id FROM tip_categories WHERE 1 = 1");
        in_list(&mut sql, "code", codes.collect());
        sql.push(")");
    }
    if !f.statuses.is_empty() {
        let codes = f.statuses.iter().map(|s| Value::Text(s.code().into()));
        in_list(&mut sql, "t.status", codes.collect());
    }
    if let Some(units) = &f.unit_ids {
        in_list(
            &mut sql,
            "t.unit_id",
            units.iter().map(|i| Value::Int(*i)).collect(),
        );
    }
    if let Some(from) = f.received_from {
        let p = sql.bind(Value::Int(from));
        sql.push(&format!(" AND t.received_at >= {p}"));
    }
    if let Some(until) = f.received_until {
        let p = sql.bind(Value::Int(until));
        sql.push(&format!(" AND t.received_at <= {p}"));
    }
    if let Some((at, id)) = f.before {
        let (at, id) = (sql.bind(Value::Int(at)), sql.bind(Value::Int(id)));
        sql.push(&format!(
            " AND (t.received_at < {at} OR (t.received_at = {at} AND t.id < {id}))"
        ));
    }
    if let Some(((south, west), (north, east))) = f.within {
        // The bounds are written as numbers, not bound: PostgreSQL plans a prepared statement
        // once for any values, and only with the numbers can it tell a box over the whole city,
        // best read newest first and filtered, from a street's, best read from the place index.
        let [s, w, n, e] = [south, west, north, east].map(to_e6);
        let column = |c: &str| {
            if north - south > WIDE_BOX_DEGREES {
                db.engine().unindexed(c)
            } else {
                c.to_string()
            }
        };
        let (lat, lon) = (column("t.latitude_e6"), column("t.longitude_e6"));
        sql.push(&format!(
            " AND {lat} BETWEEN {s} AND {n} AND {lon} BETWEEN {w} AND {e}"
        ));
    }
    let order = if oldest_first {
        " ORDER BY t.received_at, t.id"
    } else {
        " ORDER BY t.received_at DESC, t.id DESC"
    };
    sql.push(order);
    sql.limit(limit, offset);
    sql.text = format!(
        "{}{order}",
        select_from(&format!("({})", sql.text), details)
    );
    let rows = sql.query().fetch_all(db.pool()).await?;
    rows_to(&rows, tip)
}

/// A box taller than this (about 5.5 km) counts as wide.
const WIDE_BOX_DEGREES: f64 = 0.05;

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
    let rows = db::query(format!(
        "{} WHERE t.category_id = $1 AND t.status IN ('received', 'in_progress') \
         AND t.latitude_e6 BETWEEN $2 AND $3 AND t.longitude_e6 BETWEEN $4 AND $5 AND {} LIMIT 200",
        tip_select("tips"),
        visible(ContentKind::Tip, "t")
    ))
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
