//! Danish full-text search that behaves the same on both engines: text is normalised and
//! stemmed here (Snowball's Danish stemmer), and the stems go into an inverted index table per
//! searchable kind, queried with plain SQL. Ranking: documents matching more of the query's
//! stems first, then by summed field weights, then newest.

use crate::platform::db::{self, SqlBuilder, Tx, Value};
use rust_stemmers::{Algorithm, Stemmer};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// How much a match in each part of a document counts.
pub const WEIGHT_TITLE: i64 = 8;
pub const WEIGHT_SUMMARY: i64 = 3;
pub const WEIGHT_BODY: i64 = 1;

/// At most this many distinct stems of a query are used.
pub const MAX_QUERY_TERMS: usize = 8;

const STOP_WORDS: &[&str] = &[
    "og", "i", "jeg", "det", "at", "en", "den", "til", "er", "som", "på", "de", "med", "han", "af",
    "for", "ikke", "der", "var", "mig", "sig", "men", "et", "har", "om", "vi", "min", "ham", "hun",
    "nu", "over", "da", "fra", "du", "ud", "sin", "dem", "os", "op", "man", "hans", "hvor",
    "eller", "hvad", "skal", "selv", "her", "alle", "vil", "blev", "kunne", "ind", "når", "være",
    "dog", "noget", "ville", "jo", "deres", "efter", "ned", "skulle", "denne", "end", "dette",
    "mit", "også", "under", "dig", "anden", "hende", "mine", "alt", "meget", "sit", "sine", "vor",
    "mod", "disse", "hvis", "din", "nogle", "hos", "blive", "mange", "ad", "bliver", "hendes",
    "været", "thi", "jer", "sådan", "the", "and", "of", "to", "in", "a", "is", "for",
];

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::Danish))
}

/// Lower-cases and folds letters to their Danish base form: accents go (é → e), Swedish and
/// German vowels become Danish ones (ö → ø, ä → æ), and the old spelling "aa" becomes "å"
/// (Aarhus = Århus). Æ, ø and å stay: they are letters of their own in Danish.
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        let folded = match c {
            'à' | 'á' | 'â' | 'ã' => 'a',
            'ä' => 'æ',
            'ö' | 'ő' => 'ø',
            'è' | 'é' | 'ê' | 'ë' => 'e',
            'ì' | 'í' | 'î' | 'ï' => 'i',
            'ò' | 'ó' | 'ô' | 'õ' => 'o',
            'ù' | 'ú' | 'û' | 'ü' => 'u',
            'ý' | 'ÿ' => 'y',
            'ç' => 'c',
            'ñ' => 'n',
            c => c,
        };
        out.push(folded);
    }
    out.replace("aa", "å")
}

/// A key that orders names alphabetically the Danish way by plain byte comparison, which both
/// engines do alike (PostgreSQL through `COLLATE "C"` on the key columns): normalised as for
/// search, with æ, ø and å after z in that order.
pub fn sort_key(text: &str) -> String {
    normalise(text.trim())
        .chars()
        .map(|c| match c {
            'æ' => '{',
            'ø' => '|',
            'å' => '}',
            c => c,
        })
        .collect()
}

/// The stems of a text, in order, without stop words.
pub fn stems(text: &str) -> Vec<String> {
    normalise(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && !STOP_WORDS.contains(w))
        .map(|w| stemmer().stem(w).into_owned())
        .filter(|s| !s.is_empty())
        .collect()
}

/// The words of `text`, lower-cased and in order, whose stems are among `stems`: at most `max`
/// of them, each once ("Haver i gården" and the stem "hav" give "haver").
pub fn words_with_stems(text: &str, stems: &[String], max: usize) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        let lower = word.to_lowercase();
        let stem = stemmer().stem(&normalise(&lower)).into_owned();
        if stems.contains(&stem) && !words.contains(&lower) && words.len() < max {
            words.push(lower);
        }
    }
    words
}

/// Each stem of a text once, sorted (a skill written twice counts once).
pub fn distinct_stems(text: &str) -> Vec<String> {
    let mut terms = stems(text);
    terms.sort();
    terms.dedup();
    terms
}

/// The distinct stems of a list of skills, sorted, each between spaces (" musik regnskab "),
/// so that a stored list can be searched for a stem with `LIKE '% stem %'`.
pub fn skill_terms(skills: &str) -> String {
    let mut terms = distinct_stems(skills);
    terms.truncate(32);
    if terms.is_empty() {
        String::new()
    } else {
        format!(" {} ", terms.join(" "))
    }
}

/// The distinct stems of a search query, in the order typed.
pub fn query_terms(query: &str) -> Vec<String> {
    let mut terms: Vec<String> = Vec::new();
    for s in stems(query) {
        if !terms.contains(&s) && terms.len() < MAX_QUERY_TERMS {
            terms.push(s);
        }
    }
    terms
}

/// Each stem of a document with its weight: the sum over the fields it occurs in, counting
/// repeats within a field at most three times.
pub fn document_terms(fields: &[(&str, i64)]) -> BTreeMap<String, i64> {
    let mut terms: BTreeMap<String, i64> = BTreeMap::new();
    for (text, weight) in fields {
        let mut counts: BTreeMap<String, i64> = BTreeMap::new();
        for s in stems(text) {
            *counts.entry(s).or_default() += 1;
        }
        for (s, n) in counts {
            *terms.entry(s).or_default() += weight * n.min(3);
        }
    }
    terms
}

/// The searchable kinds, each with its own index table.
#[derive(Clone, Copy, Debug)]
pub enum SearchIndex {
    Initiatives,
    Actors,
    Ideas,
    Threads,
}

impl SearchIndex {
    fn table(self) -> &'static str {
        match self {
            SearchIndex::Initiatives => "initiative_terms",
            SearchIndex::Actors => "actor_terms",
            SearchIndex::Ideas => "idea_terms",
            SearchIndex::Threads => "thread_terms",
        }
    }
}

/// Replaces the index entries of one document. Call inside the transaction that saves it.
pub async fn index_document(
    tx: &mut Tx,
    index: SearchIndex,
    id: i64,
    fields: &[(&str, i64)],
) -> Result<(), db::Error> {
    let table = index.table();
    db::query(format!("DELETE FROM {table} WHERE doc_id = $1"))
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let entries: Vec<(String, i64)> = document_terms(fields).into_iter().collect();
    // Batched so a long description is a few statements, not hundreds.
    for chunk in entries.chunks(100) {
        let mut sql = format!("INSERT INTO {table} (term, doc_id, weight) VALUES ");
        for i in 0..chunk.len() {
            if i > 0 {
                sql.push_str(", ");
            }
            sql.push_str(&format!("(${}, $1, ${})", 2 * i + 2, 2 * i + 3));
        }
        let mut q = db::query(sql).bind(id);
        for (term, weight) in chunk {
            q = q.bind(term.as_str()).bind(*weight);
        }
        q.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Joins `sql` to a subquery `r` ranking the documents of `index` against `terms`: it yields
/// `r.doc_id`, `r.matched` (how many of the terms a document contains) and `r.score`. With
/// `top` = (limit, offset), only that page of the ranking (by relevance, newest first among
/// equals) is joined.
pub fn join_ranking(
    sql: &mut SqlBuilder,
    index: SearchIndex,
    terms: &[String],
    doc_id: &str,
    top: Option<(i64, i64)>,
) {
    let table = index.table();
    if let ([term], Some((limit, offset))) = (terms, top) {
        // One term: its documents rank by its weight alone, and the index on (term, weight,
        // doc_id) holds them in that order: the page is read off it however common the word.
        let p = sql.bind(Value::Text(term.clone()));
        sql.push(&format!(
            "JOIN (SELECT doc_id, 1 AS matched, weight AS score FROM {table} WHERE term = {p} \
             ORDER BY weight DESC, doc_id DESC LIMIT {limit} OFFSET {offset}) r ON r.doc_id = {doc_id} "
        ));
        return;
    }
    let placeholders: Vec<String> = terms
        .iter()
        .map(|t| sql.bind(Value::Text(t.clone())))
        .collect();
    let postings = format!(
        "SELECT doc_id, weight FROM {table} WHERE term IN ({})",
        placeholders.join(", ")
    );
    join_postings(sql, &postings, doc_id, top);
}

/// Like [`join_ranking`], but each term contributes only its `per_term` newest documents: for
/// comparing a document with the others ("similar initiatives"), where a term common to half
/// of them says little and would cost a scan of half the index.
pub fn join_ranking_recent(
    sql: &mut SqlBuilder,
    index: SearchIndex,
    terms: &[String],
    doc_id: &str,
    per_term: i64,
) {
    let table = index.table();
    let branches: Vec<String> = terms
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let p = sql.bind(Value::Text(t.clone()));
            format!(
                "SELECT doc_id, weight FROM (SELECT doc_id, weight FROM {table} WHERE term = {p} \
                 ORDER BY doc_id DESC LIMIT {per_term}) t{i}"
            )
        })
        .collect();
    join_postings(sql, &branches.join(" UNION ALL "), doc_id, None);
}

fn join_postings(sql: &mut SqlBuilder, postings: &str, doc_id: &str, top: Option<(i64, i64)>) {
    let page = match top {
        Some((limit, offset)) => {
            format!(" ORDER BY matched DESC, score DESC, doc_id DESC LIMIT {limit} OFFSET {offset}")
        }
        None => String::new(),
    };
    sql.push(&format!(
        "JOIN (SELECT doc_id, COUNT(*) AS matched, SUM(weight) AS score FROM ({postings}) p \
         GROUP BY doc_id{page}) r ON r.doc_id = {doc_id} "
    ));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skill_terms_are_stems_between_spaces() {
        assert_eq!(
            skill_terms("Samtaler, it-hjælp; samtale"),
            " hjælp it samtal "
        );
        assert_eq!(skill_terms(" , "), "");
    }

    fn same_stem(a: &str, b: &str) {
        assert_eq!(query_terms(a), query_terms(b), "{a} ~ {b}");
    }

    #[test]
    fn danish_inflections_share_a_stem() {
        same_stem("haver", "have");
        same_stem("grønne", "grøn");
        same_stem("ensomhed", "ensomme");
        same_stem("initiativer", "initiativet");
    }

    #[test]
    fn case_and_accents_are_folded_but_danish_letters_kept() {
        same_stem("GRØNNE", "grønne");
        same_stem("café", "cafe");
        same_stem("Aarhus", "Århus");
        assert_ne!(query_terms("grøn"), query_terms("gron"));
    }

    #[test]
    fn names_sort_the_danish_way() {
        let mut names = vec![
            "Østergade",
            "Aarhus Ø",
            "Zoo",
            "æbler",
            "bager",
            "Århus C",
            "Åbyhøj",
        ];
        names.sort_by_key(|n| sort_key(n));
        assert_eq!(
            names,
            vec![
                "bager",
                "Zoo",
                "æbler",
                "Østergade",
                "Åbyhøj",
                "Århus C",
                "Aarhus Ø"
            ]
        );
    }

    #[test]
    fn stop_words_and_punctuation_are_dropped() {
        assert_eq!(query_terms("og i at, -- !"), Vec::<String>::new());
        assert_eq!(query_terms("haver og haver"), vec!["hav".to_string()]);
    }

    #[test]
    fn title_matches_outweigh_body_matches() {
        let terms = document_terms(&[
            ("Grønne gårde", WEIGHT_TITLE),
            ("en grøn have", WEIGHT_BODY),
        ]);
        assert_eq!(terms["grøn"], WEIGHT_TITLE + WEIGHT_BODY);
    }
}
