//! What the two sides of an initiative do with proposals, checked once for the pages, the API
//! and the demo data: who may propose and answer, whether the proposal holds, what an accepted
//! one changes, and whom to tell.

use super::model::*;
use super::notices as tell;
use super::store::{self, Proposal};
use crate::actors::model::ActorKind;
use crate::actors::store::{self as actor_store, Actor};
use crate::initiatives::model::{InitiativeRefusal, ParticipantRole};
use crate::initiatives::store::{self as initiative_store, Initiative, Participant, StatusChange};
use crate::mobilisation::model::NeedDraft;
use crate::mobilisation::store::{self as mobilisation_store, NewPledge};
use crate::platform::auth::Viewer;
use crate::platform::db::{Db, Tx};
use crate::platform::error::{AppError, AppResult, valid};
use crate::platform::input::note;
use crate::platform::permissions::{Action, OrganisationAccess, can, require};
use crate::requests::model::{RequestDraft, RequestKind};
use crate::requests::store::{self as request_store, NewRequest};

/// Whether the viewer may answer the proposal, were it waiting.
pub fn may_answer(viewer: Option<&Viewer>, p: &Proposal) -> bool {
    let addressee = OrganisationAccess {
        id: p.to_actor_id,
        department_id: p.to_department_id,
    };
    can(viewer, Action::ConsentFor(addressee))
}

/// Whether the viewer may withdraw the proposal, were it waiting: in the initiative's name,
/// those who speak for it (`speaks`); otherwise those acting for the actor that made it.
pub fn may_withdraw(viewer: Option<&Viewer>, p: &Proposal, speaks: bool) -> bool {
    if p.draft.kind.from_the_initiative() {
        speaks
    } else {
        can(viewer, Action::ActFor(p.from_actor_id))
    }
}

/// Makes a proposal and tells its addressee.
pub async fn propose(
    db: &Db,
    viewer: &Viewer,
    initiative_id: i64,
    draft: ProposalDraft,
) -> AppResult<i64> {
    let id = record_proposal(db, viewer, initiative_id, draft).await?;
    tell::proposed(db, &store::get(db, id).await?, viewer.user_id).await;
    Ok(id)
}

/// `propose` without telling anyone: for data loaded as it stands (the demo, whose people are
/// invented). An invitation is made by those who speak for the initiative, an anchoring by
/// those who edit it (it follows from naming the department); the other kinds by an actor the
/// viewer acts for, to the owner.
pub async fn record_proposal(
    db: &Db,
    viewer: &Viewer,
    initiative_id: i64,
    draft: ProposalDraft,
) -> AppResult<i64> {
    made(db, viewer, initiative_id, draft)
        .await?
        .ok_or_else(|| ProposalRefusal::AlreadyOpen.into())
}

/// Checks and keeps a proposal: `None` when the same one waits already.
async fn made(
    db: &Db,
    viewer: &Viewer,
    initiative_id: i64,
    mut draft: ProposalDraft,
) -> AppResult<Option<i64>> {
    let (i, participants) = tokio::try_join!(
        initiative_store::get(db, initiative_id),
        initiative_store::participants(db, initiative_id),
    )?;
    let access = i.access(&participants);
    require(
        Some(viewer),
        match draft.kind {
            ProposalKind::Anchoring => Action::EditInitiative(&access),
            ProposalKind::Invitation => Action::SpeakForInitiative(&access),
            _ => Action::ActFor(draft.actor_id),
        },
    )?;
    valid(draft.check())?;
    let other = actor_store::get(db, draft.actor_id).await?;
    holds(&i, &participants, &draft, &other)?;
    store::create(db, initiative_id, i.owner_id, &draft, viewer.user_id).await
}

/// The rules a proposal keeps beyond its fields: it is made between the owner and another
/// actor; organisations are brought in, offer and take over; a permit comes from a municipal
/// unit; an anchoring goes to a department; a status is proposed by a party and follows the
/// lifecycle.
fn holds(
    i: &Initiative,
    participants: &[Participant],
    d: &ProposalDraft,
    other: &Actor,
) -> AppResult<()> {
    let refused = |r: ProposalRefusal| Err(r.into());
    let is_unit = other.kind == ActorKind::MunicipalUnit;
    if other.id == i.owner_id {
        return refused(ProposalRefusal::ToItself);
    }
    match d.kind {
        ProposalKind::StatusChange => {
            let party = participants.iter().any(|p| p.actor_id == other.id)
                || i.draft.department_id == Some(other.id);
            match d.status_to {
                _ if !party => refused(ProposalRefusal::NotAParty),
                Some(to) if !i.status.can_become(to) => {
                    Err(InitiativeRefusal::StatusTransition { from: i.status, to }.into())
                }
                _ => Ok(()),
            }
        }
        ProposalKind::Anchoring if !(is_unit && other.parent_id.is_none()) => {
            refused(ProposalRefusal::NotADepartment)
        }
        ProposalKind::Anchoring => Ok(()),
        _ if other.kind == ActorKind::Person => refused(ProposalRefusal::NotAnOrganisation),
        _ if d.ask == Some(Ask::Permit) && !is_unit => refused(ProposalRefusal::PermitFromUnit),
        _ => Ok(()),
    }
}

/// Whether the viewer may anchor an initiative in the department without asking it.
pub async fn may_anchor(db: &Db, viewer: &Viewer, department_id: i64) -> AppResult<bool> {
    let units: Vec<i64> = crate::requests::store::municipal_units(db)
        .await?
        .into_iter()
        .filter(|(_, _, department)| *department == Some(department_id))
        .map(|(id, _, _)| id)
        .collect();
    let anchor = Action::AnchorIn {
        department_id,
        units: &units,
    };
    Ok(can(Some(viewer), anchor))
}

/// Asks the department to anchor the initiative, in its owner's name, and tells the department:
/// asked by starting or editing an initiative in a department the viewer does not speak for.
/// Asked again while the first request waits, it is the same request.
pub async fn ask_anchoring(
    db: &Db,
    viewer: &Viewer,
    initiative_id: i64,
    department_id: i64,
) -> AppResult<()> {
    let draft = ProposalDraft::anchoring(department_id);
    if let Some(id) = made(db, viewer, initiative_id, draft).await? {
        tell::proposed(db, &store::get(db, id).await?, viewer.user_id).await;
    }
    Ok(())
}

/// The addressee accepts or declines, with a reason shown to the other side, and the side that
/// proposed is told.
pub async fn answer(
    db: &Db,
    viewer: &Viewer,
    id: i64,
    accept: bool,
    reason: &str,
) -> AppResult<Proposal> {
    let answered = record_answer(db, viewer, id, accept, reason).await?;
    tell::answered(db, &answered, viewer.user_id).await;
    Ok(answered)
}

/// `answer` without telling anyone: for data loaded as it stands (the demo). The answer and
/// what an acceptance changes are kept together or not at all, and only one answer counts,
/// however many are given at the same moment.
pub async fn record_answer(
    db: &Db,
    viewer: &Viewer,
    id: i64,
    accept: bool,
    reason: &str,
) -> AppResult<Proposal> {
    let p = store::get(db, id).await?;
    if !may_answer(Some(viewer), &p) {
        return Err(AppError::Forbidden);
    }
    let reason = note(reason)?;
    if p.state != ProposalState::Open {
        return Err(ProposalRefusal::Answered.into());
    }
    let i = initiative_store::get(db, p.initiative_id).await?;
    if p.owner_side() != i.owner_id {
        return Err(ProposalRefusal::OwnerChanged.into());
    }
    let to = if accept {
        ProposalState::Accepted
    } else {
        ProposalState::Declined
    };
    let mut tx = db.begin().await?;
    if !store::settle_in(&mut tx, id, to, viewer.user_id, &reason).await? {
        return Err(ProposalRefusal::Answered.into());
    }
    if accept {
        carry_out(&mut tx, viewer, &p, &i).await?;
    }
    tx.commit().await?;
    if accept && p.draft.kind == ProposalKind::StatusChange {
        let to = p.draft.status_to.unwrap_or(i.status);
        crate::initiatives::notices::status_changed(db, i.id, to, viewer.user_id).await;
    }
    store::get(db, id).await
}

/// The side that made a proposal takes it back while it waits.
pub async fn withdraw(db: &Db, viewer: &Viewer, id: i64) -> AppResult<Proposal> {
    let p = store::get(db, id).await?;
    let access = initiative_store::access(db, p.initiative_id).await?;
    let speaks = can(Some(viewer), Action::SpeakForInitiative(&access));
    if !may_withdraw(Some(viewer), &p, speaks) {
        return Err(AppError::Forbidden);
    }
    let mut tx = db.begin().await?;
    let withdrawn =
        store::settle_in(&mut tx, id, ProposalState::Withdrawn, viewer.user_id, "").await?;
    tx.commit().await?;
    if !withdrawn {
        return Err(ProposalRefusal::Answered.into());
    }
    store::get(db, id).await
}

/// What an accepted proposal changes on the initiative, in the answer's transaction. Someone
/// already taking part keeps their role.
async fn carry_out(tx: &mut Tx, viewer: &Viewer, p: &Proposal, i: &Initiative) -> AppResult<()> {
    let d = &p.draft;
    match d.kind {
        ProposalKind::Invitation | ProposalKind::Offer => {
            let role = d.role.unwrap_or(ParticipantRole::Partner);
            takes_part(tx, p, role).await?;
            if let Some(ask) = d.ask {
                give(tx, viewer, p, ask).await?;
            }
        }
        ProposalKind::ScaleUp => takes_part(tx, p, ParticipantRole::Partner).await?,
        ProposalKind::TakeOver => {
            takes_part(tx, p, ParticipantRole::Coordinator).await?;
            initiative_store::transfer_in(
                tx,
                i.id,
                i.owner_id,
                d.actor_id,
                viewer.user_id,
                &d.message,
            )
            .await?;
            // What was proposed to or by the former owner is theirs no more to answer.
            store::withdraw_open_in(tx, i.id, None).await?;
        }
        ProposalKind::StatusChange => {
            let to = d.status_to.ok_or(AppError::NotFound)?;
            if !i.status.can_become(to) {
                return Err(InitiativeRefusal::StatusTransition { from: i.status, to }.into());
            }
            let change = StatusChange {
                from: i.status,
                to,
                user_id: viewer.user_id,
            };
            initiative_store::update_status(tx, i.id, &change).await?;
        }
        ProposalKind::Anchoring => {
            initiative_store::anchor_in(tx, i.id, d.actor_id).await?;
            store::withdraw_open_in(tx, i.id, Some(ProposalKind::Anchoring)).await?;
        }
    }
    Ok(())
}

/// The other actor takes part in `role`, unless it already does (and keeps its role).
async fn takes_part(tx: &mut Tx, p: &Proposal, role: ParticipantRole) -> AppResult<()> {
    let d = &p.draft;
    initiative_store::join_in(tx, p.initiative_id, d.actor_id, role, &d.message, true).await
}

/// An accepted ask becomes what it implies: a permit, a case in the unit's queue filed for the
/// initiative's owner; anything else, a need of the initiative with the other actor's pledge,
/// accepted, since the initiative asked for it or agreed to it.
async fn give(tx: &mut Tx, viewer: &Viewer, p: &Proposal, ask: Ask) -> AppResult<()> {
    let d = &p.draft;
    // Who acted on each side: the one who proposed and the one who answered.
    let (initiative_user, giver_user) = if d.kind.from_the_initiative() {
        (p.created_by, viewer.user_id)
    } else {
        (viewer.user_id, p.created_by)
    };
    let Some(kind) = ask.need_kind() else {
        let request = RequestDraft {
            kind: RequestKind::Permit,
            title: d.what.clone(),
            description: d.message.clone(),
            amount_ore: None,
            project_cost_ore: None,
            needed_on: None,
            place: String::new(),
        };
        let filed = NewRequest {
            draft: &request,
            applicant_id: p.owner_side(),
            initiative_id: Some(p.initiative_id),
            unit_id: d.actor_id,
            pool_id: None,
            user_id: initiative_user,
        };
        request_store::create_request_in(tx, &filed).await?;
        return Ok(());
    };
    let need = NeedDraft {
        kind,
        title: d.what.clone(),
        description: d.message.clone(),
        skills: String::new(),
        quantity: d.amount,
        when: Default::default(),
        address: String::new(),
        neighbourhood: String::new(),
        coordinates: None,
    };
    let need_id =
        mobilisation_store::create_need_in(tx, p.initiative_id, &need, initiative_user).await?;
    let pledge = NewPledge {
        need_id,
        actor_id: d.actor_id,
        offer_id: None,
        amount: d.amount,
        message: &d.message,
        user_id: giver_user,
    };
    mobilisation_store::agreed_pledge_in(tx, &pledge, initiative_user).await?;
    Ok(())
}
