//! What facilitators and participants do in a workshop, checked once for the pages and the
//! demo data: who may do it, whether the input holds, and whether the session takes it.

use super::model::*;
use super::store::{self, Participant};
use crate::accounts::model::check_email;
use crate::events::model::EventDraft;
use crate::events::store::NewEvent;
use crate::moderation::model::ContentKind;
use crate::platform::auth::{Viewer, random_token, token_hash};
use crate::platform::db::{Db, Tx};
use crate::platform::error::{AppError, AppResult, FieldErrors, guarded, valid};
use crate::platform::input::{check_line, check_text};
use crate::platform::permissions::{Action, can, require};
use crate::platform::rate_limit;
use crate::platform::time::{now, today};
use crate::text;

/// A workshop as asked for: who hosts it (the first is who plans it, someone the viewer acts
/// for), its plan, and the places when people sign up for it beforehand.
pub struct Plan {
    pub host_id: i64,
    pub co_host_ids: Vec<i64>,
    pub draft: WorkshopDraft,
    /// Places for those who sign up; `None` when anyone may come without signing up.
    pub capacity: Option<i64>,
}

/// The event people sign up for a workshop through: the workshop's title, purpose, place and
/// time, organised by the host who plans it.
fn signup_event(plan: &Plan) -> Option<EventDraft> {
    let d = &plan.draft;
    plan.capacity.map(|capacity| EventDraft {
        title: d.title.clone(),
        description: d.purpose.clone(),
        place: d.place.clone(),
        coordinates: None,
        starts_at: d.starts_at,
        ends_at: d.ends_at,
        capacity: Some(capacity),
        cancel_until: None,
    })
}

/// Plans a workshop under a fresh session code, with an event to sign up for when it has
/// places; returns its id.
pub async fn plan(
    db: &Db,
    viewer: &Viewer,
    mut plan: Plan,
    mut errors: FieldErrors,
) -> AppResult<i64> {
    errors.extend(plan.draft.check());
    let mut event = signup_event(&plan);
    if let Some(event) = &mut event {
        errors.extend(event.check());
        if event.starts_at < now() && !errors.contains_key("starts") {
            errors.insert("starts", text!(err_starts_in_past));
        }
    }
    if !can(Some(viewer), Action::ActFor(plan.host_id)) {
        errors.insert("host", text!(err_not_allowed_actor));
    }
    let units = crate::requests::store::municipal_units(db).await?;
    let mut hosts = vec![plan.host_id];
    for id in plan.co_host_ids {
        if !units.iter().any(|u| u.0 == id) {
            errors.insert("co_hosts", text!(err_choose));
        } else if !hosts.contains(&id) {
            hosts.push(id);
        }
    }
    valid(errors)?;
    let code = fresh_code(db).await?;
    let event = event.as_ref().map(|draft| NewEvent {
        draft,
        initiative_id: None,
        organiser_id: plan.host_id,
        user_id: viewer.user_id,
    });
    store::create(
        db,
        &plan.draft,
        &hosts,
        viewer.user_id,
        &code,
        event.as_ref(),
    )
    .await
}

/// A code no other workshop has.
async fn fresh_code(db: &Db) -> AppResult<String> {
    loop {
        let mut random = [0u8; CODE_LENGTH];
        getrandom::fill(&mut random).expect("the operating system provides randomness");
        let code = code_from(random);
        if store::by_code(db, &code).await?.is_none() {
            return Ok(code);
        }
    }
}

/// Opens, closes or reopens the session, from the state the facilitator saw.
pub async fn move_session(
    db: &Db,
    viewer: &Viewer,
    id: i64,
    from: SessionState,
    to: SessionState,
) -> AppResult<()> {
    facilitated(db, viewer, id).await?;
    if from == to || to == SessionState::Planned {
        return Err(AppError::BadRequest(text!(err_choose)));
    }
    guarded(
        store::set_state(db, id, from, to).await?,
        WorkshopRefusal::StateChanged,
    )
}

/// Who joins from a phone: their name as they want it shown (empty: anonymous) and, if they
/// want to hear what becomes of their ideas without an account, an address.
#[derive(Clone, Debug, Default)]
pub struct Joining {
    pub name: String,
    pub email: String,
}

/// Someone in the session: the participant, and the secret their browser keeps when they
/// have no account.
pub struct Joined {
    pub participant_id: i64,
    pub secret: Option<String>,
}

/// Joins an open session by its code: with an account as that account, otherwise under a new
/// secret, of which one client (a room shares one) makes at most [`JOINS_PER_HOUR`].
pub async fn join(
    db: &Db,
    viewer: Option<&Viewer>,
    client: &str,
    code: &str,
    mut joining: Joining,
) -> AppResult<(i64, Joined)> {
    let id = store::by_code(db, &typed_code(code))
        .await?
        .ok_or(WorkshopRefusal::UnknownCode)?;
    let w = store::get(db, id).await?;
    if w.state != SessionState::Open {
        return Err(WorkshopRefusal::NotOpen.into());
    }
    let bucket = format!("workshop-join:{client}");
    if viewer.is_none() && !rate_limit::allowed(db, &bucket, JOINS_PER_HOUR, 3600).await? {
        return Err(AppError::TooManyRequests);
    }
    let mut errors = FieldErrors::new();
    check_line(&mut errors, "name", &mut joining.name, false, NAME_MAX);
    let email = joining.email.trim();
    let email = match (viewer, email.is_empty()) {
        (Some(_), _) | (None, true) => None,
        (None, false) => {
            let mut email = email.to_string();
            if let Some(problem) = check_email(&mut email) {
                errors.insert("email", problem);
            }
            Some(email)
        }
    };
    valid(errors)?;
    let joined = match viewer {
        Some(v) => Joined {
            participant_id: store::join(db, id, Some(v.user_id), None, &joining.name, None).await?,
            secret: None,
        },
        None => {
            let secret = random_token();
            let participant_id = store::join(
                db,
                id,
                None,
                Some(&token_hash(&secret)),
                &joining.name,
                email.as_deref(),
            )
            .await?;
            rate_limit::record(db, &bucket).await?;
            Joined {
                participant_id,
                secret: Some(secret),
            }
        }
    };
    Ok((id, joined))
}

/// The workshop a session code opens, typed as people type it.
pub async fn session(db: &Db, code: &str) -> AppResult<i64> {
    store::by_code(db, &typed_code(code))
        .await?
        .ok_or(AppError::NotFound)
}

/// The participant a phone is in the session a code opens, by its account or by the secret it
/// keeps (`secret_of` the workshop); refused until it joins.
pub async fn joined(
    db: &Db,
    code: &str,
    viewer: Option<&Viewer>,
    secret_of: impl FnOnce(i64) -> Option<String>,
) -> AppResult<Participant> {
    let id = session(db, code).await?;
    participant(db, id, viewer, secret_of(id).as_deref())
        .await?
        .ok_or_else(|| WorkshopRefusal::NotJoined.into())
}

/// The participant a browser is in a workshop: by its account, or by the secret it keeps.
pub async fn participant(
    db: &Db,
    workshop_id: i64,
    viewer: Option<&Viewer>,
    secret: Option<&str>,
) -> AppResult<Option<Participant>> {
    let secret_hash = secret.map(token_hash);
    store::participant(
        db,
        workshop_id,
        viewer.map(|v| v.user_id),
        secret_hash.as_deref(),
    )
    .await
}

/// A participant adds an idea from their phone while the session is open; a phone adding more
/// than [`IDEAS_PER_HOUR`] is held back (a room shares one network, so the count is per phone).
pub async fn add_from_phone(
    db: &Db,
    participant: &Participant,
    mut draft: IdeaDraft,
) -> AppResult<i64> {
    let w = store::get(db, participant.workshop_id).await?;
    if w.state != SessionState::Open {
        return Err(WorkshopRefusal::NotOpen.into());
    }
    valid(draft.check())?;
    let bucket = format!("idea:{}", participant.id);
    if !rate_limit::allowed(db, &bucket, IDEAS_PER_HOUR, 3600).await? {
        return Err(WorkshopRefusal::IdeaFlood.into());
    }
    let id = store::add_idea(db, w.id, &draft, Origin::Phone, Some(participant.id), None)
        .await?
        .ok_or_else(other_question)?;
    rate_limit::record(db, &bucket).await?;
    Ok(id)
}

/// A facilitator types in an idea from a paper post-it (or their own), at any time.
pub async fn add_from_paper(
    db: &Db,
    viewer: &Viewer,
    workshop_id: i64,
    mut draft: IdeaDraft,
) -> AppResult<i64> {
    facilitated(db, viewer, workshop_id).await?;
    let origin = draft
        .origin
        .filter(|o| *o != Origin::Phone)
        .unwrap_or(Origin::Paper);
    valid(draft.check())?;
    store::add_idea(db, workshop_id, &draft, origin, None, Some(viewer.user_id))
        .await?
        .ok_or_else(other_question)
}

/// An idea goes under one of its own workshop's questions.
fn other_question() -> AppError {
    AppError::Invalid(FieldErrors::from([(
        "question",
        text!(err_idea_question_unknown),
    )]))
}

/// Decides what becomes of an idea, from the fate the facilitator saw (none, or parked), and
/// tells whoever wrote it or gave it a dot.
pub async fn decide(
    db: &Db,
    viewer: &Viewer,
    idea_id: i64,
    from: Option<Fate>,
    draft: FateDraft,
    errors: FieldErrors,
) -> AppResult<()> {
    let (idea, fate, workshop) = record_fate(db, viewer, idea_id, from, draft, errors).await?;
    super::notices::decided(db, &idea, fate, &workshop, viewer.user_id).await;
    Ok(())
}

/// [`decide`], telling nobody: an adopted or declined idea keeps its fate, and a merged one has
/// the fate of the idea it became. Returns the idea as it was, its fate and its workshop's title.
pub async fn record_fate(
    db: &Db,
    viewer: &Viewer,
    idea_id: i64,
    from: Option<Fate>,
    mut draft: FateDraft,
    mut errors: FieldErrors,
) -> AppResult<(store::Idea, Fate, String)> {
    let (idea, w) = facilitated_idea(db, viewer, idea_id).await?;
    decidable(&idea)?;
    errors.extend(draft.check(today()));
    if let (Some(became), Some(id)) = (draft.adopted_as, draft.adopted_id)
        && !errors.contains_key("adopted_id")
        && !exists(db, became, id).await?
    {
        errors.insert("adopted_id", text!(err_idea_adopted_where));
    }
    valid(errors)?;
    guarded(
        store::set_fate(db.pool(), idea_id, from, &draft, viewer.user_id).await?,
        WorkshopRefusal::FateChanged,
    )?;
    Ok((idea, draft.fate, w.draft.title))
}

/// An idea that a new initiative takes up: the initiative becomes its fate, in the transaction
/// that starts it, with the facilitator who starts it answerable.
pub struct IdeaAdoption {
    pub idea_id: i64,
    /// Why the idea is taken up, in the facilitator's words.
    pub reason: String,
    /// The idea as it was when the initiative was asked for (set by [`adoption_problems`]): a
    /// decision made about it since refuses the initiative.
    pub before: Option<Box<store::Idea>>,
}

/// What stands in the way of an initiative taking up an idea: not the viewer's to decide, or
/// decided or merged already (refused outright), or no reason given (next to `idea_reason`).
pub async fn adoption_problems(
    db: &Db,
    viewer: &Viewer,
    adoption: &mut IdeaAdoption,
    errors: &mut FieldErrors,
) -> AppResult<()> {
    let (idea, _) = facilitated_idea(db, viewer, adoption.idea_id).await?;
    decidable(&idea)?;
    check_text(
        errors,
        "idea_reason",
        &mut adoption.reason,
        true,
        REASON_MAX,
    );
    adoption.before = Some(Box::new(idea));
    Ok(())
}

/// The idea a facilitator may start an initiative from: not hidden, theirs to decide, and
/// without a final fate.
pub async fn adoptable(db: &Db, viewer: &Viewer, idea_id: i64) -> AppResult<store::Idea> {
    if crate::moderation::store::hidden_of(db, ContentKind::Idea, idea_id)
        .await?
        .is_some()
    {
        return Err(AppError::Hidden);
    }
    let (idea, _) = facilitated_idea(db, viewer, idea_id).await?;
    decidable(&idea)?;
    Ok(idea)
}

/// Makes the new initiative the idea's fate, inside the transaction that creates it; refused
/// when the idea was decided since it was read.
pub async fn adopt_in(
    tx: &mut Tx,
    viewer: &Viewer,
    adoption: &IdeaAdoption,
    initiative_id: i64,
) -> AppResult<()> {
    let fate = FateDraft {
        fate: Fate::Adopted,
        adopted_as: Some(AdoptedAs::Initiative),
        adopted_id: Some(initiative_id),
        parked_until: None,
        reason: adoption.reason.clone(),
        responsible: viewer.name.clone(),
    };
    let from = adoption.before.as_ref().and_then(|i| i.fate);
    guarded(
        store::set_fate(&mut **tx, adoption.idea_id, from, &fate, viewer.user_id).await?,
        WorkshopRefusal::FateChanged,
    )
}

/// Tells those interested in an idea that an initiative took it up.
pub async fn adopted(db: &Db, adoption: &IdeaAdoption, by_user: i64) {
    let Some(idea) = &adoption.before else {
        return;
    };
    match store::get(db, idea.workshop_id).await {
        Ok(w) => super::notices::decided(db, idea, Fate::Adopted, &w.draft.title, by_user).await,
        Err(e) => tracing::error!(error = ?e, idea = idea.id, "telling of an adoption failed"),
    }
}

/// Whether what an idea is said to have become exists. A request may be another's: a group of
/// residents files it, and the facilitators record that the idea went there.
async fn exists(db: &Db, became: AdoptedAs, id: i64) -> AppResult<bool> {
    let found = match became {
        AdoptedAs::Initiative => return crate::initiatives::store::exists(db, id).await,
        AdoptedAs::Need => crate::mobilisation::store::get_need(db, id)
            .await
            .map(|_| ()),
        AdoptedAs::Request => crate::requests::store::get_request(db, id)
            .await
            .map(|_| ()),
        AdoptedAs::Plan => return Ok(false),
    };
    match found {
        Ok(()) => Ok(true),
        Err(AppError::NotFound) => Ok(false),
        Err(e) => Err(e),
    }
}

/// Whether a fate can be decided for the idea: not once it is adopted or declined, and not for
/// an idea merged into another or split into parts.
fn decidable(idea: &store::Idea) -> Result<(), WorkshopRefusal> {
    if matches!(idea.fate, Some(Fate::Adopted | Fate::Declined)) {
        Err(WorkshopRefusal::FateFinal)
    } else if idea.merged_into.is_some() {
        Err(WorkshopRefusal::Merged)
    } else if idea.split_at.is_some() {
        Err(WorkshopRefusal::Split)
    } else {
        Ok(())
    }
}

/// Whether the idea is past the time its workshop set for a fate (a merged or split idea's
/// fate is not its own).
pub fn is_overdue(w: &store::Workshop, idea: &store::Idea) -> bool {
    idea.has_own_fate()
        && overdue(
            w.draft.ends_at,
            w.draft.fate_within_days,
            idea.fate,
            idea.parked_until,
            now(),
            today(),
        )
}

/// Facilitators add a theme to group ideas under.
pub async fn add_theme(
    db: &Db,
    viewer: &Viewer,
    workshop_id: i64,
    mut name: String,
) -> AppResult<()> {
    facilitated(db, viewer, workshop_id).await?;
    let mut errors = FieldErrors::new();
    check_line(&mut errors, "theme_name", &mut name, true, THEME_MAX);
    valid(errors)?;
    store::add_theme(db, workshop_id, &name).await
}

/// Facilitators put an idea under one of the workshop's themes, or none.
pub async fn set_theme(
    db: &Db,
    viewer: &Viewer,
    idea_id: i64,
    theme: Option<i64>,
) -> AppResult<()> {
    facilitated_idea(db, viewer, idea_id).await?;
    if !store::set_theme(db, idea_id, theme).await? {
        return Err(AppError::Invalid(FieldErrors::from([(
            "theme",
            text!(err_choose),
        )])));
    }
    Ok(())
}

/// Facilitators merge ideas that say the same into one, which keeps them under it.
pub async fn merge(
    db: &Db,
    viewer: &Viewer,
    workshop_id: i64,
    mut draft: MergeDraft,
) -> AppResult<i64> {
    facilitated(db, viewer, workshop_id).await?;
    valid(draft.check())?;
    store::merge(db, workshop_id, &draft, viewer.user_id)
        .await?
        .ok_or_else(|| WorkshopRefusal::MergeRefused.into())
}

/// Facilitators split an idea that holds several proposals into parts, each with its own fate;
/// the idea stays, naming its parts. Returns the parts.
pub async fn split(
    db: &Db,
    viewer: &Viewer,
    idea_id: i64,
    draft: SplitDraft,
) -> AppResult<Vec<i64>> {
    facilitated_idea(db, viewer, idea_id).await?;
    valid(draft.check())?;
    store::split(db, idea_id, &draft, viewer.user_id)
        .await?
        .ok_or_else(|| WorkshopRefusal::SplitRefused.into())
}

/// A participant gives one of their dots to an idea while the session is open.
pub async fn give_dot(db: &Db, participant: &Participant, idea_id: i64) -> AppResult<()> {
    let w = store::get(db, participant.workshop_id).await?;
    if w.state != SessionState::Open {
        return Err(WorkshopRefusal::NotOpen.into());
    }
    store::give_dot(db, idea_id, participant, w.draft.dots)
        .await?
        .map_err(AppError::from)
}

/// The workshop, when the viewer may run it.
async fn facilitated(db: &Db, viewer: &Viewer, workshop_id: i64) -> AppResult<store::Workshop> {
    let w = store::get(db, workshop_id).await?;
    require(
        Some(viewer),
        Action::FacilitateWorkshop {
            hosts: &w.host_ids(),
        },
    )?;
    Ok(w)
}

/// The idea and its workshop, when the viewer may run the workshop.
async fn facilitated_idea(
    db: &Db,
    viewer: &Viewer,
    idea_id: i64,
) -> AppResult<(store::Idea, store::Workshop)> {
    let idea = store::idea(db, idea_id).await?;
    let w = facilitated(db, viewer, idea.workshop_id).await?;
    Ok((idea, w))
}
