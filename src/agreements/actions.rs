//! What parties do with an agreement, checked once for the pages and the API alike. Only a
//! person authorised to act for a party (a person for themself; for an organisation its
//! admins, employees and leaders) writes, comments and accepts for it.

use super::model::*;
use super::store::{self, Agreement, NewAgreement};
use crate::initiatives::store as initiative_store;
use crate::platform::auth::{Step, Viewer};
use crate::platform::db::Db;
use crate::platform::error::{AppError, AppResult, FieldErrors, Stale, guarded, valid};
use crate::platform::input::{NOTE_MAX, check_line, check_text};
use crate::platform::permissions::{Action, can, require_assurance};
use crate::text;

/// The parties the viewer may act for.
pub fn parties_of(viewer: Option<&Viewer>, a: &Agreement) -> Vec<i64> {
    a.parties
        .iter()
        .map(|p| p.actor_id)
        .filter(|id| can(viewer, Action::ActFor(*id)))
        .collect()
}

/// The agreement, for whoever may read it: once a version is in force, everyone (who does
/// what is the point of it); before that, only people acting for a party. A draft nobody has
/// agreed to yet is "not found" for the rest.
pub async fn readable(db: &Db, viewer: Option<&Viewer>, agreement_id: i64) -> AppResult<Agreement> {
    let a = store::get(db, agreement_id).await?;
    if !parties_of(viewer, &a).is_empty() || a.in_force.is_some() {
        Ok(a)
    } else {
        Err(AppError::NotFound)
    }
}

fn require_party(viewer: &Viewer, a: &Agreement) -> AppResult<()> {
    if parties_of(Some(viewer), a).is_empty() {
        Err(AppError::Forbidden)
    } else {
        Ok(())
    }
}

/// An agreement as started, before it is checked.
pub struct Start {
    pub title: String,
    pub template: Template,
    pub initiative_id: Option<i64>,
    /// The party the viewer acts for, then the others.
    pub parties: Vec<i64>,
    /// The first text: the template's, in the starter's language, or one written elsewhere.
    pub terms: Terms,
}

/// The most parties one agreement has.
pub const MAX_PARTIES: usize = 20;

/// Starts an agreement from a template between the viewer's party and at least one other
/// (organisations; a person is a party only for themself). A data processing agreement is
/// started from the association's register only ([`create_data_processing`]), so that the one
/// a register shows is the one its board started.
pub async fn create(
    db: &Db,
    viewer: &Viewer,
    start: Start,
    mut errors: FieldErrors,
) -> AppResult<i64> {
    if start.template == Template::DataProcessing {
        errors.insert("template", text!(err_choose));
    }
    create_any(db, viewer, start, errors).await
}

/// Starts the data processing agreement of an association's register (its board checked by the
/// caller), the association first.
pub async fn create_data_processing(db: &Db, viewer: &Viewer, start: Start) -> AppResult<i64> {
    debug_assert_eq!(start.template, Template::DataProcessing);
    create_any(db, viewer, start, FieldErrors::new()).await
}

async fn create_any(
    db: &Db,
    viewer: &Viewer,
    mut start: Start,
    mut errors: FieldErrors,
) -> AppResult<i64> {
    check_line(&mut errors, "title", &mut start.title, true, TITLE_MAX);
    if !start
        .parties
        .first()
        .is_some_and(|p| can(Some(viewer), Action::ActFor(*p)))
    {
        errors.insert("party", text!(err_not_allowed_actor));
    }
    let mut parties: Vec<i64> = Vec::new();
    for p in start.parties.iter().take(MAX_PARTIES + 1) {
        if !parties.contains(p) {
            parties.push(*p);
        }
    }
    // A person is a party only for themself; the others are organisations.
    let mut known = 0;
    for (i, p) in parties.iter().enumerate().take(MAX_PARTIES) {
        if let Ok(actor) = crate::actors::store::get(db, *p).await
            && (i == 0 || actor.kind.is_organisation())
        {
            known += 1;
        }
    }
    if parties.len() < 2 || parties.len() > MAX_PARTIES || known != parties.len() {
        errors.insert("parties", text!(err_parties));
    }
    // An agreement about an initiative is made by those who lead it or take part in it.
    if let Some(id) = start.initiative_id {
        let allowed = match initiative_store::access(db, id).await {
            Ok(a) => {
                can(Some(viewer), Action::EditInitiative(&a))
                    || initiative_store::participants(db, id)
                        .await?
                        .iter()
                        .any(|p| can(Some(viewer), Action::ActFor(p.actor_id)))
            }
            Err(AppError::NotFound) => false,
            Err(e) => return Err(e),
        };
        if !allowed {
            errors.insert("initiative", text!(err_not_initiative_party));
        }
    }
    valid(errors)?;
    store::create(
        db,
        &NewAgreement {
            title: &start.title,
            template: start.template,
            initiative_id: start.initiative_id,
            parties: &parties,
            terms: &start.terms,
            user_id: viewer.user_id,
        },
    )
    .await
}

/// A party proposes a new text, written from version `from_version`.
pub async fn propose(
    db: &Db,
    viewer: &Viewer,
    agreement_id: i64,
    (from_version, mut terms): (i64, Terms),
    note: &str,
) -> AppResult<()> {
    let a = store::get(db, agreement_id).await?;
    require_party(viewer, &a)?;
    let mut errors = terms.check();
    let mut note = note.to_string();
    check_text(&mut errors, "change_note", &mut note, false, NOTE_MAX);
    valid(errors)?;
    guarded(
        store::propose(
            db,
            agreement_id,
            from_version,
            &terms,
            &note,
            viewer.user_id,
        )
        .await?,
        Stale::Version,
    )
}

/// A person authorised for `party` accepts version `number` on its behalf.
pub async fn accept(
    db: &Db,
    viewer: &Viewer,
    agreement_id: i64,
    number: i64,
    party: i64,
) -> AppResult<()> {
    let a = store::get(db, agreement_id).await?;
    if !parties_of(Some(viewer), &a).contains(&party) {
        return Err(AppError::Forbidden);
    }
    if party != viewer.person_id {
        require_assurance(viewer, Step::AcceptForOrganisation)?;
    }
    guarded(
        store::accept(db, agreement_id, number, party, viewer.user_id).await?,
        AgreementRefusal::NewerVersion,
    )
}

/// A party comments on a section of the current version.
pub async fn comment(
    db: &Db,
    viewer: &Viewer,
    agreement_id: i64,
    section: Section,
    body: &str,
) -> AppResult<()> {
    let a = store::get(db, agreement_id).await?;
    require_party(viewer, &a)?;
    let mut body = body.to_string();
    let mut errors = FieldErrors::new();
    check_text(&mut errors, "comment", &mut body, true, NOTE_MAX);
    valid(errors)?;
    let v = store::version(db, agreement_id, a.current_version).await?;
    store::add_comment(db, v.id, section, viewer.user_id, &body).await
}
