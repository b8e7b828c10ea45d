//! Initiatives like one another, by shared words, theme and place.

use super::*;
use std::collections::HashMap;
use std::sync::Mutex;

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
pub(super) const SIMILARITY_TERMS: usize = 6;
/// How many of the newest initiatives using each of those stems are compared.
pub(super) const SIMILARITY_POSTINGS: i64 = 300;

/// Which initiatives are compared.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Among {
    /// Those not concluded, which one might join instead of starting anew.
    Going,
    /// Cases: those being evaluated or concluded, which one might learn from.
    Cases,
}

/// Initiatives `among` those compared that look like `draft` (other than `except`): they share
/// at least two words of its title (or purpose, when the title is short), or one word and the
/// theme; ranked by shared words, then theme and neighbourhood, then weight.
pub async fn similar(
    db: &Db,
    draft: &InitiativeDraft,
    except: Option<i64>,
    among: Among,
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
    let theme = sql.bind(Value::Text(draft.theme.code().into()));
    let place = sql.bind(Value::Text(draft.neighbourhood.clone()));
    let except = sql.bind(Value::Int(except.unwrap_or(0)));
    let compared = match among {
        Among::Going => "i.status <> 'concluded'",
        Among::Cases => "i.status IN ('evaluating', 'concluded')",
    };
    let shown =
        crate::moderation::model::visible(crate::moderation::model::ContentKind::Initiative, "i");
    sql.push(&format!(
        "WHERE {compared} AND {shown} AND i.id <> {except} AND (r.matched >= 2 OR i.theme = {theme}) \
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

/// The similar initiatives shown on each initiative's page, kept until an initiative is written
/// (on any node): ranking them reads thousands of index rows, a page view should not.
#[derive(Default)]
pub struct KeptSimilar(Mutex<KeptSimilarInner>);

#[derive(Default)]
struct KeptSimilarInner {
    /// The last write to initiatives the kept lists have seen: its time and the newest id.
    seen: (i64, i64),
    lists: HashMap<(i64, Lang), Vec<Similar>>,
}

/// How many lists are kept at most; past that they are all forgotten and made again.
const SIMILAR_KEPT: usize = 10_000;

/// The similar initiatives of a stored initiative, from `kept` while no initiative has been
/// written since they were ranked.
pub async fn similar_kept(
    db: &Db,
    kept: &KeptSimilar,
    i: &Initiative,
    limit: i64,
    lang: Lang,
) -> AppResult<Vec<Similar>> {
    let (last_write, newest): (Option<i64>, Option<i64>) = db::query_as(
        "SELECT (SELECT MAX(updated_at) FROM initiatives), (SELECT MAX(id) FROM initiatives)",
    )
    .fetch_one(db.pool())
    .await?;
    let seen = (last_write.unwrap_or(0), newest.unwrap_or(0));
    // A write may still come within the second of the last one, with the same time: lists
    // ranked then are not kept.
    let keep = seen.0 < now();
    let key = (i.id, lang);
    if keep {
        let kept = kept.0.lock().unwrap_or_else(|e| e.into_inner());
        if let (true, Some(list)) = (kept.seen == seen, kept.lists.get(&key)) {
            return Ok(list.clone());
        }
    }
    let list = similar(db, &i.draft, Some(i.id), Among::Going, limit, lang).await?;
    if keep {
        let mut kept = kept.0.lock().unwrap_or_else(|e| e.into_inner());
        if kept.seen != seen || kept.lists.len() >= SIMILAR_KEPT {
            kept.lists.clear();
            kept.seen = seen;
        }
        kept.lists.insert(key, list.clone());
    }
    Ok(list)
}

/// Fills in which of the compared words each similar initiative uses.
pub(super) async fn shared_words(
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
        .map(|t| sql.bind(Value::Text(t.clone())))
        .collect();
    sql.push(&placeholders.join(", "));
    sql.push(") AND doc_id IN (");
    let ids: Vec<String> = similar
        .iter()
        .map(|s| sql.bind(Value::Int(s.card.id)))
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
