//! Backing initiatives where they are born, as the demo data says it (`[[proposals]]` in
//! `aarhus.toml`, `anchored_by` on an initiative): proposals made and answered through the
//! proposals' actions, and the anchorings the departments accepted.

use super::scenario::{Cast, refused};
use super::*;
use crate::platform::auth::Viewer;
use crate::proposals::actions as proposals;
use crate::proposals::model::{Ask, ProposalDraft, ProposalKind};
use serde::Deserialize;

/// A proposal made by `by` for `actor` (the actor invited, for an invitation), and its answer.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProposalPlan {
    initiative: String,
    kind: ProposalKind,
    by: String,
    actor: String,
    role: Option<ParticipantRole>,
    ask: Option<Ask>,
    #[serde(default)]
    what: String,
    amount: Option<i64>,
    status_to: Option<Status>,
    #[serde(default)]
    message: String,
    answer: Option<AnswerPlan>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AnswerPlan {
    by: String,
    accept: bool,
    #[serde(default)]
    reason: String,
}

pub(super) async fn proposal(db: &Db, cast: &Cast, p: &ProposalPlan) -> AppResult<()> {
    let viewer = cast.viewer(db, &p.by).await?;
    let actor = cast.actor(&p.actor)?;
    let draft = ProposalDraft {
        kind: p.kind,
        actor_id: actor,
        role: p.role,
        ask: p.ask,
        what: p.what.clone(),
        amount: p.amount,
        status_to: p.status_to,
        message: p.message.clone(),
    };
    let initiative = cast.initiative(&p.initiative)?;
    let id = proposals::record_proposal(db, &viewer, initiative, draft)
        .await
        .map_err(refused(&p.message))?;
    if let Some(a) = &p.answer {
        let by = cast.viewer(db, &a.by).await?;
        proposals::record_answer(db, &by, id, a.accept, &a.reason)
            .await
            .map_err(refused(&a.reason))?;
    }
    Ok(())
}

/// Asks the department to anchor the initiative, as its starter would by naming it, and has
/// the person the plan names accept it (without one, it waits).
pub(super) async fn anchoring(
    db: &Db,
    cast: &Cast,
    viewer: &Viewer,
    id: i64,
    department: i64,
    by: Option<&str>,
) -> AppResult<()> {
    let draft = ProposalDraft::anchoring(department);
    let asked = proposals::record_proposal(db, viewer, id, draft).await?;
    if let Some(by) = by {
        let by = cast.viewer(db, by).await?;
        proposals::record_answer(db, &by, asked, true, "").await?;
    }
    Ok(())
}
