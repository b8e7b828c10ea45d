//! What applicants and handlers do with requests and pools, checked once for the pages and the
//! API alike.

use super::model::*;
use super::store::{self, CaseRefusal, NewRequest, Pool, Request};
use crate::initiatives::store as initiative_store;
use crate::mobilisation::model::Unit;
use crate::platform::auth::{Step, Viewer};
use crate::platform::db::Db;
use crate::platform::documents::{Upload, accept};
use crate::platform::error::{AppError, AppResult, FieldErrors, Text, guarded, valid};
use crate::platform::input::check_text;
use crate::platform::permissions::{Action, can, require_assurance};
use crate::platform::time::today;
use crate::text;

/// Whether the viewer handles the unit's cases and pools.
pub async fn handles(db: &Db, viewer: Option<&Viewer>, unit_id: i64) -> AppResult<bool> {
    if viewer.is_none() {
        return Ok(false);
    }
    let unit = store::unit_access(db, unit_id).await?;
    Ok(can(viewer, Action::HandleCases(unit)))
}

/// The municipal units whose cases and pools the viewer handles, by name (one query).
pub async fn handled_units(db: &Db, viewer: Option<&Viewer>) -> AppResult<Vec<(i64, String)>> {
    if viewer.is_none() {
        return Ok(Vec::new());
    }
    Ok(store::municipal_units(db)
        .await?
        .into_iter()
        .filter(|(id, _, department_id)| {
            let unit = crate::platform::permissions::OrganisationAccess {
                id: *id,
                department_id: *department_id,
            };
            can(viewer, Action::HandleCases(unit))
        })
        .map(|(id, name, _)| (id, name))
        .collect())
}

/// Who the viewer is to a request: its applicant, its handler, or neither (no access). Someone
/// who is both (an employee asking for their association) takes part as the applicant: nobody
/// handles their own case.
pub struct Roles {
    pub applicant: bool,
    pub handler: bool,
}

pub async fn roles(db: &Db, viewer: &Viewer, r: &Request) -> AppResult<Roles> {
    let applicant =
        r.created_by == viewer.user_id || can(Some(viewer), Action::ActFor(r.applicant_id));
    let roles = Roles {
        applicant,
        handler: !applicant && handles(db, Some(viewer), r.unit_id).await?,
    };
    if roles.applicant || roles.handler {
        Ok(roles)
    } else {
        Err(AppError::Forbidden)
    }
}

/// A request as filed through the front door, before it is checked.
pub struct Filing {
    pub draft: RequestDraft,
    pub applicant_id: Option<i64>,
    pub initiative_id: Option<i64>,
    /// Who to ask for help or a permit; a grant goes to its pool's unit.
    pub unit_id: Option<i64>,
    pub pool_id: Option<i64>,
}

/// Files a request for an actor the viewer acts for. A grant must fit its pool's conditions.
pub async fn file(
    db: &Db,
    viewer: &Viewer,
    mut f: Filing,
    mut errors: FieldErrors,
) -> AppResult<i64> {
    if f.draft.kind == RequestKind::Grant {
        require_assurance(viewer, Step::ApplyForGrant)?;
    }
    let applicant = f
        .applicant_id
        .filter(|a| can(Some(viewer), Action::ActFor(*a)));
    if applicant.is_none() {
        errors.insert("applicant", text!(err_not_allowed_actor));
    }
    if let Some(id) = f.initiative_id {
        let access = match initiative_store::access(db, id).await {
            Ok(a) => Some(a),
            Err(AppError::NotFound) => None,
            Err(e) => return Err(e),
        };
        if !access.is_some_and(|a| can(Some(viewer), Action::EditInitiative(&a))) {
            errors.insert("initiative", text!(err_not_initiative_editor));
        }
    }
    errors.extend(f.draft.check());
    let unit_id = if f.draft.kind == RequestKind::Grant {
        f.unit_id = None;
        let pool = match f.pool_id {
            Some(id) => match store::get_pool(db, id).await {
                Ok(p) if p.status == PoolStatus::Open => Some(p),
                Ok(_) | Err(AppError::NotFound) => None,
                Err(e) => return Err(e),
            },
            None => None,
        };
        match pool {
            None => {
                errors.insert("pool", text!(err_choose_pool));
                None
            }
            Some(p) => {
                if let Some(problem) = f.draft.amount_ore.and_then(|a| {
                    grant_problem(&p.draft.rules, a, f.draft.project_cost_ore, today())
                }) {
                    errors.insert(
                        problem.field(),
                        Text::new(move |s| problem.message(s, s.lang)),
                    );
                }
                Some(p.unit_id)
            }
        }
    } else {
        f.pool_id = None;
        match f.unit_id {
            Some(id) if store::is_municipal_unit(db, id).await? => Some(id),
            _ => {
                errors.insert("unit", text!(err_choose_unit));
                None
            }
        }
    };
    let (Some(applicant_id), Some(unit_id)) = (applicant, unit_id) else {
        return Err(AppError::Invalid(errors));
    };
    valid(errors)?;
    store::create_request(
        db,
        &NewRequest {
            draft: &f.draft,
            applicant_id,
            initiative_id: f.initiative_id,
            unit_id,
            pool_id: f.pool_id,
            user_id: viewer.user_id,
        },
    )
    .await
}

/// A question from the handler, or an answer from the applicant.
pub async fn message(db: &Db, viewer: &Viewer, request_id: i64, body: &str) -> AppResult<()> {
    let r = store::get_request(db, request_id).await?;
    let roles = roles(db, viewer, &r).await?;
    if roles.handler && !roles.applicant {
        require_assurance(viewer, Step::HandleCase)?;
    }
    let mut body = body.to_string();
    let mut errors = FieldErrors::new();
    check_text(&mut errors, "message", &mut body, true, TEXT_MAX);
    valid(errors)?;
    if store::add_message(db, request_id, viewer.user_id, roles.handler, &body).await? {
        if roles.handler {
            super::notices::request_changed(
                db,
                &r,
                crate::following::model::NotificationKind::RequestQuestion,
                viewer.user_id,
            )
            .await;
        }
        Ok(())
    } else {
        Err(CaseRefusal::NotOpen.into())
    }
}

/// Only the case's handlers handle it, with the login the municipality requires for that.
async fn require_handler(db: &Db, viewer: &Viewer, r: &Request) -> AppResult<()> {
    if !roles(db, viewer, r).await?.handler {
        return Err(AppError::Forbidden);
    }
    require_assurance(viewer, Step::HandleCase)
}

/// The handler takes the case.
pub async fn take(db: &Db, viewer: &Viewer, request_id: i64) -> AppResult<()> {
    let r = store::get_request(db, request_id).await?;
    require_handler(db, viewer, &r).await?;
    guarded(
        store::take(db, request_id, viewer.user_id).await?,
        CaseRefusal::NotOpen,
    )
}

/// The handler decides; a grant comes out of its pool, which is never overdrawn. The applicant
/// and those following the case are told.
pub async fn decide(
    db: &Db,
    viewer: &Viewer,
    request_id: i64,
    decision: Decision,
    given: Option<(Unit, i64)>,
) -> AppResult<Request> {
    let decided = record_decision(db, viewer, request_id, decision, given).await?;
    super::notices::request_changed(
        db,
        &decided,
        crate::following::model::NotificationKind::RequestDecided,
        viewer.user_id,
    )
    .await;
    Ok(decided)
}

/// The decision itself, telling nobody (`decide` tells; the demo, whose people are invented,
/// records its decisions with this alone).
pub async fn record_decision(
    db: &Db,
    viewer: &Viewer,
    request_id: i64,
    mut decision: Decision,
    given: Option<(Unit, i64)>,
) -> AppResult<Request> {
    let r = store::get_request(db, request_id).await?;
    require_handler(db, viewer, &r).await?;
    let mut errors = decision.check(r.draft.kind, r.draft.amount_ore);
    if given.is_some_and(|(_, n)| !(1..=crate::mobilisation::model::QUANTITY_MAX).contains(&n)) {
        errors.insert("given", text!(err_quantity));
    }
    valid(errors)?;
    let given = given
        .filter(|_| decision.outcome != Outcome::Declined && r.draft.kind != RequestKind::Grant);
    match store::decide(db, request_id, &decision, given, viewer).await? {
        Ok(()) => store::get_request(db, request_id).await,
        Err(refusal) => Err(refusal.into()),
    }
}

/// The handler closes a decided case.
pub async fn close(db: &Db, viewer: &Viewer, request_id: i64) -> AppResult<()> {
    let r = store::get_request(db, request_id).await?;
    require_handler(db, viewer, &r).await?;
    guarded(store::close(db, request_id).await?, CaseRefusal::NotDecided)
}

/// A unit the viewer handles for opens a pool.
pub async fn create_pool(
    db: &Db,
    viewer: &Viewer,
    unit_id: Option<i64>,
    mut draft: PoolDraft,
) -> AppResult<Pool> {
    let mut errors = draft.check();
    let unit = match unit_id {
        Some(id)
            if store::is_municipal_unit(db, id).await? && handles(db, Some(viewer), id).await? =>
        {
            Some(id)
        }
        _ => {
            errors.insert("unit", text!(err_choose_unit));
            None
        }
    };
    let Some(unit_id) = unit.filter(|_| errors.is_empty()) else {
        return Err(AppError::Invalid(errors));
    };
    let id = store::create_pool(db, unit_id, &draft, viewer.user_id).await?;
    store::get_pool(db, id).await
}

/// Whether the viewer may attach to the request now: its applicant or a handler, while the
/// case is not closed. Checked before an upload is read.
pub async fn may_attach(db: &Db, viewer: &Viewer, request_id: i64) -> AppResult<()> {
    let r = store::get_request(db, request_id).await?;
    let roles = roles(db, viewer, &r).await?;
    if roles.handler && !roles.applicant {
        require_assurance(viewer, Step::HandleCase)?;
    }
    if r.status == RequestStatus::Closed {
        return Err(CaseRefusal::Closed.into());
    }
    Ok(())
}

/// The applicant or a handler attaches a document (checked by its bytes, not its name) to a
/// case that is not closed.
pub async fn attach(db: &Db, viewer: &Viewer, request_id: i64, upload: Upload) -> AppResult<()> {
    may_attach(db, viewer, request_id).await?;
    let mut errors = FieldErrors::new();
    let Some(d) = accept(&mut errors, "document", upload) else {
        return Err(AppError::Invalid(errors));
    };
    guarded(
        store::attach(
            db,
            request_id,
            &d.name,
            d.content_type,
            &d.bytes,
            viewer.user_id,
        )
        .await?,
        CaseRefusal::TooManyDocuments,
    )
}
