//! What people do with initiatives, checked once for the pages, the API and the demo data: who
//! may do it, whether the input holds, and whom to tell afterwards.

use super::model::*;
use super::notices as tell;
use super::store::{self, StatusChange};
use crate::actors::store as actor_store;
use crate::platform::auth::Viewer;
use crate::platform::db::Db;
use crate::platform::error::{AppError, AppResult, FieldErrors, Stale, valid};
use crate::platform::input::{NOTE_MAX, check_text, note};
use crate::platform::permissions::{Action, can, require};
use crate::proposals::actions as proposals;
use crate::text;
use crate::workshops::actions::{self as workshops, IdeaAdoption};

/// A new initiative as asked for: its draft as read, or what could not be read of it.
pub struct Start {
    pub draft: Result<InitiativeDraft, FieldErrors>,
    /// Who starts it: the viewer, or an organisation they act for.
    pub starter_id: i64,
    /// What the starter brings and expects.
    pub expectations: String,
    /// What it takes up as it starts, if anything.
    pub adopts: Option<Adopts>,
}

/// What a new initiative takes up, in the transaction that starts it.
pub enum Adopts {
    /// A tip about public space, which the initiative takes care of.
    Tip(i64),
    /// A workshop's idea, whose fate the initiative becomes.
    Idea(IdeaAdoption),
}

/// Everything wrong with a new initiative, all at once (empty when it may start): what could
/// not be read, who starts it, its fields and expectations, its department.
pub async fn start_problems(db: &Db, viewer: &Viewer, start: &mut Start) -> AppResult<FieldErrors> {
    let mut errors = match &mut start.draft {
        Ok(draft) => draft.check(),
        Err(unread) => unread.clone(),
    };
    if !can(Some(viewer), Action::ActFor(start.starter_id)) {
        errors.insert("started_by", text!(err_not_allowed_actor));
    }
    check_text(
        &mut errors,
        "expectations",
        &mut start.expectations,
        false,
        NOTE_MAX,
    );
    if let Ok(draft) = &start.draft {
        check_department(db, draft.department_id, &mut errors).await?;
    }
    if let Some(Adopts::Idea(adoption)) = &mut start.adopts {
        workshops::adoption_problems(db, viewer, adoption, &mut errors).await?;
    }
    Ok(errors)
}

/// Starts an initiative and tells those who follow its theme, place and starter.
pub async fn start(db: &Db, viewer: &Viewer, mut start: Start) -> AppResult<i64> {
    let errors = start_problems(db, viewer, &mut start).await?;
    let mut draft = match start.draft {
        Ok(draft) if errors.is_empty() => draft,
        _ => return Err(AppError::Invalid(errors)),
    };
    let asked = unanchored(db, viewer, &mut draft, None).await?;
    let id = store::create(
        db,
        &draft,
        start.starter_id,
        viewer,
        &start.expectations,
        start.adopts.as_ref(),
    )
    .await?;
    if let Some(department_id) = asked {
        proposals::ask_anchoring(db, viewer, id, department_id).await?;
    }
    tell::started(db, id, viewer.user_id).await;
    match &start.adopts {
        Some(Adopts::Tip(_)) => crate::tips::actions::adopted(db, id, viewer.user_id).await,
        Some(Adopts::Idea(adoption)) => workshops::adopted(db, adoption, viewer.user_id).await,
        None => {}
    }
    Ok(id)
}

/// A department anchors only what it accepts: named by someone who may not anchor there, the
/// draft keeps the department it had (`before`), and the department is returned, to be asked.
pub async fn unanchored(
    db: &Db,
    viewer: &Viewer,
    draft: &mut InitiativeDraft,
    before: Option<i64>,
) -> AppResult<Option<i64>> {
    match draft.department_id {
        Some(d) if Some(d) != before && !proposals::may_anchor(db, viewer, d).await? => {
            draft.department_id = before;
            Ok(Some(d))
        }
        _ => Ok(None),
    }
}

/// A department, when one is named, must be one of the municipality's.
async fn check_department(db: &Db, id: Option<i64>, errors: &mut FieldErrors) -> AppResult<()> {
    if let Some(id) = id {
        let departments = actor_store::departments(db).await?;
        if !departments.iter().any(|d| d.id == id) {
            errors.insert("department_id", text!(err_choose));
        }
    }
    Ok(())
}

/// A change to an initiative: its fields (as read, or why they could not be), its status, or
/// both.
#[derive(Default)]
pub struct Edit {
    /// The version the change was made from: a save in between makes it stale.
    pub from_version: Option<i64>,
    pub draft: Option<AppResult<InitiativeDraft>>,
    pub status: Option<Status>,
}

/// Saves changed fields and a move to another status, both or neither; those who follow the
/// initiative hear of the move.
pub async fn edit(db: &Db, viewer: &Viewer, id: i64, edit: Edit) -> AppResult<()> {
    let access = store::access(db, id).await?;
    require(Some(viewer), Action::EditInitiative(&access))?;
    let current = store::get(db, id).await?;
    if edit.from_version.is_some_and(|v| v != current.version) {
        return Err(Stale::Version.into());
    }
    let mut draft = edit.draft.transpose()?;
    let mut asked = None;
    if let Some(draft) = &mut draft {
        let mut errors = draft.check();
        check_department(db, draft.department_id, &mut errors).await?;
        valid(errors)?;
        asked = unanchored(db, viewer, draft, current.draft.department_id).await?;
    }
    let to = edit.status.filter(|s| *s != current.status);
    if let Some(to) = to
        && !current.status.can_become(to)
    {
        return Err(InitiativeRefusal::StatusTransition {
            from: current.status,
            to,
        }
        .into());
    }
    let fields = draft
        .as_ref()
        .filter(|d| **d != current.draft)
        .map(|d| (current.version, d));
    let change = to.map(|to| StatusChange {
        from: current.status,
        to,
        user_id: viewer.user_id,
    });
    store::edit(db, id, fields, change).await?;
    if let Some(department_id) = asked {
        proposals::ask_anchoring(db, viewer, id, department_id).await?;
    }
    if let Some(to) = to {
        tell::status_changed(db, id, to, viewer.user_id).await;
    }
    Ok(())
}

/// An actor the viewer acts for takes part, in a role and with what they bring. Only those who
/// may edit the initiative appoint coordinators, since coordinators may edit it.
pub async fn join(
    db: &Db,
    viewer: &Viewer,
    id: i64,
    actor_id: i64,
    role: ParticipantRole,
    expectations: &str,
) -> AppResult<()> {
    let access = store::access(db, id).await?;
    require(Some(viewer), Action::ActFor(actor_id))?;
    if role == ParticipantRole::Coordinator {
        require(Some(viewer), Action::EditInitiative(&access))?;
    }
    let expectations = note(expectations)?;
    store::join(db, id, actor_id, role, &expectations).await
}

/// The owner gives the initiative to another of its participants, saying why; the move goes
/// into the audit log, since the owner may be the municipality acting through its leaders.
pub async fn transfer(db: &Db, viewer: &Viewer, id: i64, to: i64, reason: &str) -> AppResult<()> {
    let access = store::access(db, id).await?;
    require(Some(viewer), Action::TransferInitiative(&access))?;
    let participants = store::participants(db, id).await?;
    if !participants.iter().any(|p| p.actor_id == to) || to == access.owner_id {
        return Err(AppError::BadRequest(text!(err_transfer_participant)));
    }
    let reason = note(reason)?;
    let mut tx = db.begin().await?;
    store::transfer_in(&mut tx, id, access.owner_id, to, viewer.user_id, &reason).await?;
    let entry = crate::audit::Entry::by(
        Some(viewer),
        crate::audit::Act::OwnershipTransferred,
        format!("initiative:{id}"),
        format!("actor:{} → actor:{to}", access.owner_id),
        &reason,
    );
    crate::audit::record_in(&mut tx, &entry).await?;
    // What was proposed to or by the former owner is theirs no more to answer.
    crate::proposals::store::withdraw_open_in(&mut tx, id, None).await?;
    tx.commit().await?;
    Ok(())
}
