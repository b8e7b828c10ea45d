//! Writing what was learned, checked once for the pages and the API.

use super::model::*;
use super::store;
use crate::initiatives::store as initiative_store;
use crate::platform::auth::Viewer;
use crate::platform::db::Db;
use crate::platform::error::{AppResult, FieldErrors, valid};
use crate::platform::permissions::{Action, require};

/// The initiative's leaders write what they learned, once it is evaluated or concluded; its
/// words are found by search from then on.
pub async fn write(
    db: &Db,
    viewer: &Viewer,
    initiative_id: i64,
    mut draft: LearningDraft,
    mut errors: FieldErrors,
) -> AppResult<i64> {
    let (access, i) = tokio::try_join!(
        initiative_store::access(db, initiative_id),
        initiative_store::get(db, initiative_id),
    )?;
    require(Some(viewer), Action::LeadEvaluation(&access))?;
    if !is_case(i.status) {
        return Err(CaseRefusal::TooEarly.into());
    }
    errors.extend(draft.check());
    valid(errors)?;
    let mut tx = db.begin().await?;
    let id = store::add(&mut tx, initiative_id, &draft, viewer.user_id).await?;
    initiative_store::refresh_derived(&mut tx, initiative_id, &i.draft).await?;
    tx.commit().await?;
    Ok(id)
}
