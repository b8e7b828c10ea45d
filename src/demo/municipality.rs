//! The municipality's side as the demo data says it (`[[pools]]`, `[[requests]]`,
//! `[[agreements]]` in `aarhus.toml`): grant pools and a request through the front door, and
//! the seed's three-party contract, loaded through the requests' and agreements' actions.

use super::scenario::{Cast, refused};
use super::*;
use crate::agreements::actions as agreement_actions;
use crate::agreements::model::{Template, Terms};
use crate::mobilisation::model::Unit;
use crate::platform::error::FieldErrors;
use crate::requests::actions::{self as request_actions, Filing};
use crate::requests::model::{Decision, Outcome, PoolDraft, RequestDraft};
use serde::Deserialize;

#[derive(Deserialize)]
pub(super) struct PoolPlan {
    unit: String,
    by: String,
    #[serde(flatten)]
    draft: PoolDraft,
}

#[derive(Deserialize)]
pub(super) struct RequestPlan {
    by: String,
    applicant: String,
    initiative: Option<String>,
    unit: Option<String>,
    /// Needed on the day of this event.
    needed_for: Option<String>,
    /// How the unit decided it, and what it gave.
    decided: Option<DecisionPlan>,
    #[serde(flatten)]
    draft: RequestDraft,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionPlan {
    by: String,
    outcome: Outcome,
    #[serde(default)]
    reason: String,
    given: Option<(Unit, i64)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct AgreementPlan {
    by: String,
    title: String,
    template: Template,
    initiative: Option<String>,
    /// The party `by` acts for first, then the others.
    parties: Vec<String>,
    terms: Terms,
    /// Who accepts the first text for each party.
    #[serde(default)]
    accepted_by: Vec<Acceptance>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Acceptance {
    party: String,
    by: String,
}

pub(super) async fn pool(db: &Db, cast: &Cast, p: &PoolPlan) -> AppResult<()> {
    let viewer = cast.viewer(db, &p.by).await?;
    let unit = Some(cast.actor(&p.unit)?);
    request_actions::create_pool(db, &viewer, unit, p.draft.clone())
        .await
        .map_err(refused(&p.draft.name))?;
    Ok(())
}

pub(super) async fn request(db: &Db, cast: &Cast, r: &RequestPlan) -> AppResult<()> {
    let viewer = cast.viewer(db, &r.by).await?;
    let mut draft = r.draft.clone();
    if let Some(event) = &r.needed_for {
        let (starts_at, _) = cast.event(event)?;
        draft.needed_on = jiff::Timestamp::from_second(starts_at).ok().map(|t| {
            t.to_zoned_datetime(crate::platform::time::copenhagen().clone())
                .date()
        });
    }
    let filing = Filing {
        draft,
        applicant_id: Some(cast.actor(&r.applicant)?),
        initiative_id: r
            .initiative
            .as_deref()
            .map(|i| cast.initiative(i))
            .transpose()?,
        unit_id: r.unit.as_deref().map(|u| cast.actor(u)).transpose()?,
        pool_id: None,
    };
    let id = request_actions::file(db, &viewer, filing, FieldErrors::new())
        .await
        .map_err(refused(&r.draft.title))?;
    if let Some(d) = &r.decided {
        let handler = cast.viewer(db, &d.by).await?;
        let decision = Decision {
            outcome: d.outcome,
            granted_ore: None,
            reason: d.reason.clone(),
        };
        request_actions::record_decision(db, &handler, id, decision, d.given)
            .await
            .map_err(refused(&r.draft.title))?;
    }
    Ok(())
}

pub(super) async fn agreement(db: &Db, cast: &Cast, a: &AgreementPlan) -> AppResult<()> {
    let viewer = cast.viewer(db, &a.by).await?;
    let parties = a
        .parties
        .iter()
        .map(|p| cast.actor(p))
        .collect::<AppResult<Vec<i64>>>()?;
    let start = agreement_actions::Start {
        title: a.title.clone(),
        template: a.template,
        initiative_id: a
            .initiative
            .as_deref()
            .map(|i| cast.initiative(i))
            .transpose()?,
        parties,
        terms: a.terms.clone(),
    };
    let id = agreement_actions::create(db, &viewer, start, FieldErrors::new())
        .await
        .map_err(refused(&a.title))?;
    for acceptance in &a.accepted_by {
        let viewer = cast.viewer(db, &acceptance.by).await?;
        let party = cast.actor(&acceptance.party)?;
        agreement_actions::accept(db, &viewer, id, 1, party)
            .await
            .map_err(refused(&a.title))?;
    }
    Ok(())
}
