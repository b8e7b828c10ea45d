//! Sending a survey and answering it, checked once for the pages and the API.

use super::model::*;
use super::notices;
use super::store::{self, Survey};
use crate::initiatives::store as initiative_store;
use crate::platform::auth::Viewer;
use crate::platform::db::Db;
use crate::platform::error::{AppError, AppResult, FieldErrors, valid};
use crate::platform::permissions::{Action, require};
use crate::text;

/// A survey sent: its id, and each person's personal link (they are told it; nothing else
/// keeps it).
pub struct Sent {
    pub id: i64,
    pub links: Vec<(i64, String)>,
}

/// The initiative's leaders send a survey to an audience of people who took part; each is told
/// by inbox and e-mail, as they chose, with a personal link.
pub async fn send(
    db: &Db,
    viewer: &Viewer,
    initiative_id: i64,
    draft: SurveyDraft,
    errors: FieldErrors,
) -> AppResult<Sent> {
    let title = draft.title.clone();
    let sent = create(db, viewer, initiative_id, draft, errors).await?;
    let initiative = initiative_store::get(db, initiative_id).await?;
    notices::invited(db, title.trim(), &initiative.draft.title, &sent.links).await;
    Ok(sent)
}

/// A survey checked and stored with a link for each person asked, nobody told yet (the demo
/// answers through the links of its invented people without mailing them).
pub async fn create(
    db: &Db,
    viewer: &Viewer,
    initiative_id: i64,
    mut draft: SurveyDraft,
    mut errors: FieldErrors,
) -> AppResult<Sent> {
    let access = initiative_store::access(db, initiative_id).await?;
    require(Some(viewer), Action::LeadEvaluation(&access))?;
    errors.extend(draft.check());
    if let Some(event) = draft.event_id {
        let e = crate::events::store::get_event(db, event).await;
        if !e.is_ok_and(|e| e.initiative_id == Some(initiative_id)) {
            errors.insert("event", text!(err_survey_event));
        }
    }
    valid(errors)?;
    let people = store::audience(db, initiative_id, draft.audience, draft.event_id).await?;
    if people.is_empty() {
        return Err(SurveyRefusal::NoAudience.into());
    }
    let (id, links) = store::create(db, initiative_id, &draft, viewer.user_id, &people).await?;
    Ok(Sent { id, links })
}

/// The survey behind a personal link, unless it was answered already.
pub async fn to_answer(db: &Db, token: &str) -> AppResult<Survey> {
    match store::invitation(db, token).await? {
        None => Err(AppError::NotFound),
        Some((_, true)) => Err(SurveyRefusal::AlreadyAnswered.into()),
        Some((survey, false)) => Ok(survey),
    }
}

/// Keeps the answers given through a personal link, once, without who gave them.
pub async fn answer(db: &Db, token: &str, typed: &[String]) -> AppResult<()> {
    let survey = to_answer(db, token).await?;
    let answers = read_answers(&survey.questions, typed).map_err(AppError::Invalid)?;
    store::answer(db, token, survey.id, &answers).await??;
    Ok(())
}
