//! What the two sides of an initiative do with proposals, checked once for the pages, the API
//! and the demo data: who may propose and answer, whether the proposal holds, what an accepted
//! one changes, and whom to tell.

use super::model::*;
use super::notices as tell;
use super::store::{self, Proposal};
use crate::actors::model::ActorKind;
use crate::actors::store::{self as actor_store, Actor};
use crate::initiatives::model::{InitiativeRefusal, ParticipantRole};
use crate::initiatives::store::{self as initiative_store, Initiative};
use crate::mobilisation::model::{NeedDraft, PledgeStatus};
use crate::mobilisation::store::{self as mobilisation_store, NewPledge};
use crate::platform::auth::Viewer;
use crate::platform::db::Db;
use crate::platform::error::{AppError, AppResult, valid};
use crate::platform::input::note;
use crate::platform::permissions::{Action, OrganisationAccess, can, require};
use crate::requests::model::{RequestDraft, RequestKind};
use crate::requests::store::{self as request_store, NewRequest};
use crate::text;

/// Whether the viewer may consent in the actor's name.
pub fn consents_for(viewer: Option<&Viewer>, actor: &Actor) -> bool {
    let access = OrganisationAccess {
        id: actor.id,
        department_id: actor.department_id,
    };
    can(viewer, Action::ConsentFor(access))
}

/// Whether the viewer may answer the proposal, were it waiting.
pub fn may_answer(viewer: Option<&Viewer>, p: &Proposal) -> bool {
    let addressee = OrganisationAccess {
        id: p.draft.to_actor_id,
        department_id: p.to_department_id,
    };
    can(viewer, Action::ConsentFor(addressee))
}

/// Whether the viewer may withdraw the proposal, were it waiting: in the initiative's name, its
/// leaders (`leads`); otherwise those acting for the actor that made it.
pub fn may_withdraw(viewer: Option<&Viewer>, p: &Proposal, leads: bool) -> bool {
    if p.draft.kind.from_the_initiative() {
        leads
    } else {
        can(viewer, Action::ActFor(p.draft.from_actor_id))
    }
}

/// The actor an accepted invitation or offer brings in, who gives what is asked.
fn newcomer(d: &ProposalDraft) -> i64 {
    if d.kind.from_the_initiative() {
        d.to_actor_id
    } else {
        d.from_actor_id
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
/// invented). An invitation or anchoring is made by the initiative's leaders in its owner's
/// name; the other kinds by an actor the viewer acts for, to the owner.
pub async fn record_proposal(
    db: &Db,
    viewer: &Viewer,
    initiative_id: i64,
    mut draft: ProposalDraft,
) -> AppResult<i64> {
    let (i, participants) = tokio::try_join!(
        initiative_store::get(db, initiative_id),
        initiative_store::participants(db, initiative_id),
    )?;
    if draft.kind.from_the_initiative() {
        require(
            Some(viewer),
            Action::EditInitiative(&i.access(&participants)),
        )?;
        draft.from_actor_id = i.owner_id;
    } else {
        require(Some(viewer), Action::ActFor(draft.from_actor_id))?;
        draft.to_actor_id = i.owner_id;
    }
    let mut errors = draft.check();
    let other = if draft.kind.from_the_initiative() {
        draft.to_actor_id
    } else {
        draft.from_actor_id
    };
    let other = match actor_store::get(db, other).await {
        Ok(actor) => Some(actor),
        Err(AppError::NotFound) => {
            errors.insert("to", text!(err_choose));
            None
        }
        Err(e) => return Err(e),
    };
    valid(errors)?;
    let other = other.ok_or(AppError::NotFound)?;
    holds(&i, &participants, &draft, &other)?;
    store::create(db, initiative_id, &draft, viewer.user_id).await
}

/// The rules a proposal keeps beyond its fields: a permit comes from a municipal unit, an
/// anchoring goes to a department, a status is proposed by a party and follows the lifecycle.
fn holds(
    i: &Initiative,
    participants: &[initiative_store::Participant],
    d: &ProposalDraft,
    other: &Actor,
) -> AppResult<()> {
    let giver_is_unit = other.kind == ActorKind::MunicipalUnit;
    match d.kind {
        ProposalKind::Invitation | ProposalKind::Offer
            if d.ask == Some(Ask::Permit) && !giver_is_unit =>
        {
            Err(ProposalRefusal::PermitFromUnit.into())
        }
        ProposalKind::Anchoring if !(giver_is_unit && other.parent_id.is_none()) => {
            Err(ProposalRefusal::NotADepartment.into())
        }
        ProposalKind::StatusChange => {
            let party = participants.iter().any(|p| p.actor_id == d.from_actor_id)
                || i.draft.department_id == Some(d.from_actor_id);
            if !party {
                return Err(ProposalRefusal::NotAParty.into());
            }
            match d.status_to {
                Some(to) if !i.status.can_become(to) || to == i.status => {
                    Err(InitiativeRefusal::StatusTransition { from: i.status, to }.into())
                }
                _ => Ok(()),
            }
        }
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
    let draft = ProposalDraft {
        kind: ProposalKind::Anchoring,
        from_actor_id: 0,
        to_actor_id: department_id,
        role: None,
        ask: None,
        what: String::new(),
        amount: None,
        status_to: None,
        message: String::new(),
    };
    match propose(db, viewer, initiative_id, draft).await {
        Err(AppError::Refused(r)) if r.code() == "proposal_already_open" => Ok(()),
        other => other.map(|_| ()),
    }
}

/// The addressee accepts or declines, with a reason shown to the other side. An acceptance is
/// carried out at once; only one answer counts, however many are given at the same moment.
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

/// `answer` without telling anyone: for data loaded as it stands (the demo).
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
    let to = if accept {
        ProposalState::Accepted
    } else {
        ProposalState::Declined
    };
    if p.state != ProposalState::Open || !store::settle(db, id, to, viewer.user_id, &reason).await?
    {
        return Err(ProposalRefusal::Answered.into());
    }
    if accept && let Err(e) = carry_out(db, viewer, &p).await {
        store::reopen(db, id).await?;
        return Err(e);
    }
    store::get(db, id).await
}

/// The side that made a proposal takes it back while it waits.
pub async fn withdraw(db: &Db, viewer: &Viewer, id: i64) -> AppResult<Proposal> {
    let p = store::get(db, id).await?;
    let access = initiative_store::access(db, p.initiative_id).await?;
    let leads = can(Some(viewer), Action::EditInitiative(&access));
    if !may_withdraw(Some(viewer), &p, leads) {
        return Err(AppError::Forbidden);
    }
    let withdrawn = p.state == ProposalState::Open
        && store::settle(db, id, ProposalState::Withdrawn, viewer.user_id, "").await?;
    if !withdrawn {
        return Err(ProposalRefusal::Answered.into());
    }
    store::get(db, id).await
}

/// What an accepted proposal changes on the initiative.
async fn carry_out(db: &Db, viewer: &Viewer, p: &Proposal) -> AppResult<()> {
    let d = &p.draft;
    let iid = p.initiative_id;
    match d.kind {
        ProposalKind::Invitation | ProposalKind::Offer => {
            let role = d.role.unwrap_or(ParticipantRole::Partner);
            initiative_store::join(db, iid, newcomer(d), role, &d.message).await?;
            if let Some(ask) = d.ask {
                give(db, viewer, p, ask).await?;
            }
        }
        ProposalKind::ScaleUp => {
            take_part(
                db,
                iid,
                d.from_actor_id,
                ParticipantRole::Partner,
                &d.message,
            )
            .await?;
        }
        ProposalKind::TakeOver => {
            take_part(db, iid, d.from_actor_id, ParticipantRole::Coordinator, "").await?;
            initiative_store::transfer(
                db,
                iid,
                d.to_actor_id,
                d.from_actor_id,
                viewer.user_id,
                &d.message,
            )
            .await?;
        }
        ProposalKind::StatusChange => {
            let i = initiative_store::get(db, iid).await?;
            let to = d.status_to.ok_or(AppError::NotFound)?;
            if !i.status.can_become(to) {
                return Err(InitiativeRefusal::StatusTransition { from: i.status, to }.into());
            }
            initiative_store::change_status(db, iid, i.status, to, viewer.user_id).await?;
            crate::initiatives::notices::status_changed(db, iid, to, viewer.user_id).await;
        }
        ProposalKind::Anchoring => {
            initiative_store::anchor(db, iid, d.to_actor_id).await?;
            store::withdraw_others(db, iid, ProposalKind::Anchoring, p.id).await?;
        }
    }
    Ok(())
}

/// Joins in a role unless already taking part (a role already held is kept).
async fn take_part(
    db: &Db,
    iid: i64,
    actor_id: i64,
    role: ParticipantRole,
    expectations: &str,
) -> AppResult<()> {
    let participants = initiative_store::participants(db, iid).await?;
    if participants.iter().any(|x| x.actor_id == actor_id) {
        return Ok(());
    }
    initiative_store::join(db, iid, actor_id, role, expectations).await
}

/// An accepted ask becomes what it implies: a permit, a case in the unit's queue filed for the
/// initiative's owner; anything else, a need of the initiative with the newcomer's pledge,
/// accepted by the initiative since it asked for it or agreed to it.
async fn give(db: &Db, viewer: &Viewer, p: &Proposal, ask: Ask) -> AppResult<()> {
    let d = &p.draft;
    let giver = newcomer(d);
    let owner = if d.kind.from_the_initiative() {
        d.from_actor_id
    } else {
        d.to_actor_id
    };
    // Who acted on each side: the one who proposed, the one who answered.
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
        request_store::create_request(
            db,
            &NewRequest {
                draft: &request,
                applicant_id: owner,
                initiative_id: Some(p.initiative_id),
                unit_id: giver,
                pool_id: None,
                user_id: initiative_user,
            },
        )
        .await?;
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
        mobilisation_store::create_need(db, p.initiative_id, &need, initiative_user).await?;
    let pledge = NewPledge {
        need_id,
        actor_id: giver,
        offer_id: None,
        amount: d.amount,
        message: &d.message,
        user_id: giver_user,
    };
    let pledge_id = mobilisation_store::pledge_to(db, &pledge)
        .await?
        .map_err(AppError::from)?;
    mobilisation_store::move_pledge(
        db,
        pledge_id,
        &[PledgeStatus::Pledged],
        PledgeStatus::Accepted,
        Some(("", initiative_user)),
    )
    .await?;
    Ok(())
}
