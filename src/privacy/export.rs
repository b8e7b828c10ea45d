//! Everything Medspil holds about a person, as they download it: one JSON document and a CSV
//! file per part, together in a zip.

use crate::platform::csv;
use crate::platform::db::{self, Db, Value};
use crate::platform::error::{AppError, AppResult};
use crate::platform::time::now;
use serde_json::{Map, Value as Json};
use std::io::Write;

/// Which of the person's ids a part is found by.
#[derive(Clone, Copy)]
enum By {
    User,
    Person,
}

/// The parts of a person's data: a name, and the statement that reads them. Uploaded files
/// are listed, not included (the applicant has them; the case page offers them).
const PARTS: &[(&str, By, &str)] = &[
    (
        "account",
        By::User,
        "SELECT id, email, platform_role, created_at, email_confirmed_at FROM users WHERE id = $1",
    ),
    (
        "person",
        By::Person,
        "SELECT id, name, neighbourhood, about, website, created_at, updated_at FROM actors WHERE id = $1",
    ),
    (
        "memberships",
        By::Person,
        "SELECT m.organisation_id, a.name AS organisation, m.role, m.created_at \
         FROM memberships m JOIN actors a ON a.id = m.organisation_id WHERE m.person_id = $1 \
         ORDER BY m.created_at",
    ),
    (
        "initiatives_started",
        By::User,
        "SELECT id, title, purpose, status, created_at FROM initiatives WHERE created_by = $1 ORDER BY id",
    ),
    (
        "initiatives_joined",
        By::Person,
        "SELECT p.initiative_id, i.title, p.role, p.joined_at FROM initiative_participants p \
         JOIN initiatives i ON i.id = p.initiative_id WHERE p.actor_id = $1 ORDER BY p.joined_at",
    ),
    (
        "offers",
        By::User,
        "SELECT * FROM offers WHERE created_by = $1 ORDER BY id",
    ),
    (
        "pledges",
        By::User,
        "SELECT * FROM pledges WHERE pledged_by = $1 ORDER BY id",
    ),
    (
        "contributions",
        By::Person,
        "SELECT * FROM contributions WHERE actor_id = $1 ORDER BY id",
    ),
    (
        "event_signups",
        By::Person,
        "SELECT * FROM event_signups WHERE person_id = $1 ORDER BY id",
    ),
    (
        "orders",
        By::Person,
        "SELECT * FROM item_orders WHERE person_id = $1 ORDER BY id",
    ),
    (
        "bookings",
        By::User,
        "SELECT * FROM bookings WHERE created_by = $1 ORDER BY id",
    ),
    (
        "requests",
        By::User,
        "SELECT * FROM requests WHERE created_by = $1 ORDER BY id",
    ),
    (
        "request_messages",
        By::User,
        "SELECT * FROM request_messages WHERE author_id = $1 ORDER BY id",
    ),
    (
        "request_documents",
        By::User,
        "SELECT id, request_id, name, content_type, size, uploaded_at FROM request_documents \
         WHERE uploaded_by = $1 ORDER BY id",
    ),
    (
        "agreement_comments",
        By::User,
        "SELECT * FROM agreement_comments WHERE author_id = $1 ORDER BY id",
    ),
    (
        "tips",
        By::User,
        "SELECT id, category_id, description, address, latitude_e6, longitude_e6, status, \
         reporter_name, reporter_email, channel, received_at, closed_at FROM tips \
         WHERE reporter_user_id = $1 ORDER BY id",
    ),
    (
        "workshop_participations",
        By::User,
        "SELECT p.workshop_id, w.title, p.name, p.email, p.dots_given, p.joined_at \
         FROM workshop_participants p JOIN workshops w ON w.id = p.workshop_id \
         WHERE p.user_id = $1 ORDER BY p.id",
    ),
    (
        "ideas",
        By::User,
        "SELECT i.id, i.workshop_id, i.text, i.author_name, i.origin, i.created_at, i.fate, \
         i.fate_reason FROM ideas i JOIN workshop_participants p ON p.id = i.participant_id \
         WHERE p.user_id = $1 ORDER BY i.id",
    ),
    (
        "register_entries",
        By::User,
        "SELECT e.id, a.name AS association, e.name, e.email, e.starts_on, e.ends_on, e.certificate, \
         e.certificate_valid_until, e.created_at FROM register_entries e \
         JOIN actors a ON a.id = e.association_id WHERE e.user_id = $1 ORDER BY e.id",
    ),
    (
        "register_values",
        By::User,
        "SELECT v.entry_id, f.kind, f.label, p.name AS purpose, p.legal_basis, v.value \
         FROM register_values v JOIN register_entries e ON e.id = v.entry_id \
         JOIN register_fields f ON f.id = v.field_id JOIN register_purposes p ON p.id = f.purpose_id \
         WHERE e.user_id = $1 ORDER BY v.entry_id, f.id",
    ),
    (
        "register_looks",
        By::User,
        "SELECT l.entry_id, l.name, l.reason, l.grant_id, l.at FROM register_access_log l \
         JOIN register_entries e ON e.id = l.entry_id WHERE e.user_id = $1 ORDER BY l.at, l.id",
    ),
    (
        "register_consents",
        By::User,
        "SELECT c.entry_id, p.name AS purpose, c.version, t.text, c.given_by, c.by_guardian, c.how, \
         c.given_at, c.withdrawn_at FROM register_consents c \
         JOIN register_entries e ON e.id = c.entry_id JOIN register_purposes p ON p.id = c.purpose_id \
         JOIN register_consent_texts t ON t.purpose_id = c.purpose_id AND t.version = c.version \
         WHERE e.user_id = $1 ORDER BY c.id",
    ),
    (
        "register_requests",
        By::User,
        "SELECT r.entry_id, r.kind, r.details, r.made_at, r.due_on, r.answered_at, r.outcome, r.answer \
         FROM register_requests r JOIN register_entries e ON e.id = r.entry_id \
         WHERE e.user_id = $1 ORDER BY r.id",
    ),
    (
        "debate_threads",
        By::User,
        "SELECT id, subject_kind, subject_key, title, body, created_at, outcome, closed_at \
         FROM debate_threads WHERE started_by = $1 ORDER BY id",
    ),
    (
        "debate_posts",
        By::User,
        "SELECT id, thread_id, body, quote_of, written_at FROM debate_posts WHERE written_by = $1 ORDER BY id",
    ),
    (
        "notifications",
        By::User,
        "SELECT * FROM notifications WHERE user_id = $1 ORDER BY id",
    ),
    (
        "follows",
        By::User,
        "SELECT * FROM follows WHERE user_id = $1",
    ),
    (
        "notification_settings",
        By::User,
        "SELECT email_mode FROM notification_settings WHERE user_id = $1",
    ),
    (
        "sessions",
        By::User,
        "SELECT kind, user_agent, assurance, created_at, expires_at FROM sessions \
         WHERE user_id = $1 ORDER BY created_at",
    ),
    (
        "logins",
        By::User,
        "SELECT provider, subject, verified_name, at_least_15, assurance, created_at, last_used_at \
         FROM logins WHERE user_id = $1 ORDER BY created_at",
    ),
];

/// One part: its column names and rows.
pub struct Part {
    pub name: &'static str,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

/// Reads every part of the person's data, for them to download; the audit log keeps that they
/// did.
pub async fn gather(db: &Db, user_id: i64, person_id: i64) -> AppResult<Vec<Part>> {
    let mut tx = db.begin().await?;
    let entry = crate::audit::Entry::own(user_id, crate::audit::Act::DataExported, String::new());
    crate::audit::record_in(&mut tx, &entry).await?;
    tx.commit().await?;
    let mut parts = Vec::with_capacity(PARTS.len());
    for (name, by, sql) in PARTS {
        let id = match by {
            By::User => user_id,
            By::Person => person_id,
        };
        let rows = db::query(*sql).bind(id).fetch_all(db.pool()).await?;
        parts.push(Part {
            name,
            columns: rows
                .first()
                .map(|r| r.columns().to_vec())
                .unwrap_or_default(),
            rows: rows.iter().map(|r| r.values().to_vec()).collect(),
        });
    }
    Ok(parts)
}

fn json_value(v: &Value) -> Json {
    match v {
        Value::Null => Json::Null,
        Value::Int(n) => Json::from(*n),
        Value::Real(x) => Json::from(*x),
        Value::Text(t) => Json::from(t.as_str()),
        Value::Blob(b) => Json::from(format!("({} bytes)", b.len())),
    }
}

fn text_value(v: &Value) -> String {
    match json_value(v) {
        Json::Null => String::new(),
        Json::String(s) => s,
        other => other.to_string(),
    }
}

/// The whole export as one JSON document: when it was made, and each part as a list of
/// objects.
pub fn document(parts: &[Part]) -> Json {
    let mut out = Map::new();
    out.insert("exported_at".into(), Json::from(now()));
    for part in parts {
        let rows = part
            .rows
            .iter()
            .map(|row| {
                let object: Map<String, Json> = part
                    .columns
                    .iter()
                    .zip(row)
                    .map(|(c, v)| (c.clone(), json_value(v)))
                    .collect();
                Json::Object(object)
            })
            .collect();
        out.insert(part.name.into(), Json::Array(rows));
    }
    Json::Object(out)
}

/// The zip a person downloads: `medspil.json` and a CSV file per part.
pub fn zip(parts: &[Part]) -> AppResult<Vec<u8>> {
    let failed = |e: &dyn std::fmt::Display| AppError::Internal(format!("export zip: {e}"));
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let json = serde_json::to_vec_pretty(&document(parts)).map_err(|e| failed(&e))?;
    zip.start_file("medspil.json", options)
        .map_err(|e| failed(&e))?;
    zip.write_all(&json).map_err(|e| failed(&e))?;
    for part in parts {
        let mut table = String::from("\u{feff}");
        csv::push_row(&mut table, &part.columns);
        for row in &part.rows {
            let fields: Vec<String> = row.iter().map(text_value).collect();
            csv::push_row(&mut table, &fields);
        }
        zip.start_file(format!("{}.csv", part.name), options)
            .map_err(|e| failed(&e))?;
        zip.write_all(table.as_bytes()).map_err(|e| failed(&e))?;
    }
    let cursor = zip.finish().map_err(|e| failed(&e))?;
    Ok(cursor.into_inner())
}
