//! Learning notes as stored; their words are part of what the initiative is found by.

use super::model::*;
use crate::initiatives::model::Theme;
use crate::moderation::store::{HIDDEN_COLUMNS, Hidden, hidden_in_row};
use crate::platform::db::{self, Db, Tx};
use crate::platform::error::AppResult;
use crate::platform::time::now;

/// A learning note as stored, with who wrote it.
#[derive(Clone, Debug)]
pub struct Note {
    pub id: i64,
    pub draft: LearningDraft,
    pub written_by_name: String,
    pub written_at: i64,
    /// Hidden by a moderator: shown only to the initiative's leaders and the moderators.
    pub hidden: Option<Hidden>,
}

pub async fn add(
    tx: &mut Tx,
    initiative_id: i64,
    d: &LearningDraft,
    user_id: i64,
) -> Result<i64, db::Error> {
    let themes: Vec<&str> = d.themes.iter().map(|t| t.code()).collect();
    db::query_scalar(
        "INSERT INTO learning_notes (initiative_id, worked, did_not_work, advice, themes, written_by, written_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(initiative_id)
    .bind(&d.worked)
    .bind(&d.did_not_work)
    .bind(&d.advice)
    .bind(themes.join(" "))
    .bind(user_id)
    .bind(now())
    .fetch_one(&mut **tx)
    .await
}

/// An initiative's learning notes, oldest first, those a moderator hid among them.
pub async fn notes(db: &Db, initiative_id: i64) -> AppResult<Vec<Note>> {
    let rows = db::query(format!(
        "SELECT n.*, a.name AS written_by_name, {HIDDEN_COLUMNS} FROM learning_notes n \
             JOIN users u ON u.id = n.written_by JOIN actors a ON a.id = u.person_id \
             LEFT JOIN hidden_content h ON h.kind = 'learning_note' AND h.target_id = n.id \
             WHERE n.initiative_id = $1 ORDER BY n.id"
    ))
    .bind(initiative_id)
    .fetch_all(db.pool())
    .await?;
    Ok(rows
        .iter()
        .map(|r| {
            let themes: String = r.try_get("themes")?;
            Ok(Note {
                id: r.try_get("id")?,
                draft: LearningDraft {
                    worked: r.try_get("worked")?,
                    did_not_work: r.try_get("did_not_work")?,
                    advice: r.try_get("advice")?,
                    themes: themes.split(' ').filter_map(Theme::parse).collect(),
                },
                written_by_name: r.try_get("written_by_name")?,
                written_at: r.try_get("written_at")?,
                hidden: hidden_in_row(r)?,
            })
        })
        .collect::<Result<_, db::Error>>()?)
}

/// Everything an initiative's leaders learned, as one text for the search index.
pub async fn initiative_of_note(db: &Db, id: i64) -> AppResult<i64> {
    db::query_scalar("SELECT initiative_id FROM learning_notes WHERE id = $1")
        .bind(id)
        .fetch_optional(db.pool())
        .await?
        .ok_or(crate::platform::error::AppError::NotFound)
}

pub async fn learned_text(tx: &mut Tx, initiative_id: i64) -> Result<String, db::Error> {
    let rows: Vec<(String, String, String)> = db::query_as(
        "SELECT worked, did_not_work, advice FROM learning_notes WHERE initiative_id = $1 ORDER BY id",
    )
    .bind(initiative_id)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(a, b, c)| format!("{a} {b} {c}"))
        .collect::<Vec<_>>()
        .join(" "))
}
