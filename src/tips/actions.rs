//! What reporters and handlers do with tips, checked once for the pages, the JSON API and
//! Open311 alike.

use super::model::*;
use super::notices::tip_updated;
use super::store::{self, Category, Change, NewTip, Tip};
use crate::audit;
use crate::platform::auth::Viewer;
use crate::platform::config::Config;
use crate::platform::db::Db;
use crate::platform::error::{AppError, AppResult, FieldErrors, Text, valid};
use crate::platform::geo::Coordinates;
use crate::platform::i18n::Strings;
use crate::platform::input::check_text;
use crate::platform::permissions::{Action, require};
use crate::platform::rate_limit;
use crate::requests::actions::handles;
use crate::text;

/// A tip as it arrives, before it is checked.
pub struct Report {
    pub category: Option<Category>,
    pub draft: TipDraft,
    /// Answers to the category's questions by code, as given.
    pub answers: Vec<(String, String)>,
    /// Photos as uploaded; they are cleaned only once everything else has passed.
    pub photos: Vec<axum::body::Bytes>,
    pub channel: Channel,
    pub open311_key_id: Option<i64>,
    /// Problems the caller found already (reading the place), reported with the others.
    pub problems: FieldErrors,
}

/// Someone reporting without an account is counted per client, an hour at a time.
fn anonymous_bucket(client: &str) -> String {
    format!("tip:{client}")
}

/// Checks and stores a tip; returns its id and token. Nothing is stored unless all is well.
/// A reporter without a confirmed account (and without an Open311 key) is rate limited per
/// client.
pub async fn report(
    db: &Db,
    config: &Config,
    viewer: Option<&Viewer>,
    client: &str,
    mut r: Report,
) -> AppResult<(i64, String)> {
    // Someone whose address is not confirmed yet counts as anonymous, so that a new account
    // cannot escape the limit.
    let limited = !viewer.is_some_and(|v| v.email_confirmed) && r.open311_key_id.is_none();
    if limited
        && !rate_limit::allowed(
            db,
            &anonymous_bucket(client),
            config.anonymous_tips_per_hour,
            3600,
        )
        .await?
    {
        return Err(AppError::TooManyRequests);
    }
    let mut errors = r.draft.check(&config.area);
    errors.extend(std::mem::take(&mut r.problems));
    let category = r.category.take().filter(|c| c.active);
    let mut answers = Vec::new();
    match &category {
        None => {
            errors.insert("category", text!(err_tip_category));
        }
        Some(c) => {
            let mut problems = Vec::new();
            for q in store::questions(db, c.id).await? {
                let given = r
                    .answers
                    .iter()
                    .find(|(code, _)| *code == q.code)
                    .map(|(_, a)| a.as_str())
                    .unwrap_or("");
                match q.check_answer(given) {
                    Ok(Some(a)) => answers.push((q.code.clone(), a)),
                    Ok(None) => {}
                    Err(e) => problems.push((q, e)),
                }
            }
            if !problems.is_empty() {
                let words = move |s: &Strings| {
                    let said: Vec<String> = problems
                        .iter()
                        .map(|(q, e)| format!("{} {}", q.text(s.lang), e.words(s)))
                        .collect();
                    said.join(" ")
                };
                errors.insert("answers", Text::new(words));
            }
        }
    }
    let Some(category) = category else {
        return Err(AppError::Invalid(errors));
    };
    valid(errors)?;
    let photos = super::photo::clean_all(r.photos).await.map_err(|p| {
        AppError::Invalid([("photos", Text::new(move |s| p.message(s).into()))].into())
    })?;
    let created = store::create(
        db,
        &NewTip {
            draft: &r.draft,
            category: &category,
            answers: &answers,
            photos: &photos,
            reporter_user_id: viewer.map(|v| v.user_id),
            channel: r.channel,
            open311_key_id: r.open311_key_id,
        },
    )
    .await?;
    if limited {
        rate_limit::record(db, &anonymous_bucket(client)).await?;
    }
    Ok(created)
}

/// Whether the viewer handles tips of the tip's unit.
pub async fn handler(db: &Db, viewer: Option<&Viewer>, tip: &Tip) -> AppResult<bool> {
    handles(db, viewer, tip.unit_id).await
}

/// What a handler does to a tip from its page or the API.
#[derive(Clone, Debug, Default)]
pub struct Handling {
    pub status: Option<TipStatus>,
    pub close_reason: Option<CloseReason>,
    pub body: String,
    pub internal: bool,
    /// Re-assignment to another municipal unit.
    pub unit_id: Option<i64>,
}

/// A public update (with or without a new status), an internal note, or a re-assignment.
/// Public updates reach the reporter and the tip's followers.
pub async fn handle(db: &Db, viewer: &Viewer, tip_id: i64, mut h: Handling) -> AppResult<Tip> {
    let tip = store::get(db, tip_id).await?;
    if !handler(db, Some(viewer), &tip).await? {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::new();
    check_text(
        &mut errors,
        "body",
        &mut h.body,
        h.internal || (h.status.is_none() && h.unit_id.is_none()),
        DESCRIPTION_MAX,
    );
    if h.internal && (h.status.is_some() || h.unit_id.is_some()) {
        errors.insert("body", text!(err_tip_note_only));
    }
    if let Some(to) = h.status {
        if !tip.status.may_become(to) {
            errors.insert("status", {
                let from = tip.status;
                Text::new(move |s| s.err_tip_status(from.label_in(s), to.label_in(s)))
            });
        }
        if to == TipStatus::Closed && h.close_reason.is_none() {
            errors.insert("close_reason", text!(err_tip_close_reason));
        }
        // "Citizens take care of it" is true only once an initiative has adopted it.
        if to == TipStatus::Closed
            && h.close_reason == Some(CloseReason::Adopted)
            && tip.initiative_id.is_none()
        {
            errors.insert("close_reason", text!(err_tip_not_adopted));
        }
    }
    if h.status != Some(TipStatus::Closed) {
        h.close_reason = None;
    }
    if let Some(unit) = h.unit_id {
        if unit == tip.unit_id || !crate::requests::store::is_municipal_unit(db, unit).await? {
            errors.insert("unit", text!(err_choose_unit));
        }
    }
    valid(errors)?;
    let change = Change {
        internal: h.internal,
        body: h.body,
        status: h.status.map(|to| (tip.status, to)),
        close_reason: h.close_reason,
        unit_id: h.unit_id,
        initiative_id: None,
    };
    let Some(update_id) = store::change(db, tip_id, &change, Some(viewer.user_id)).await? else {
        return Err(TipRefusal::Changed.into());
    };
    let tip = store::get(db, tip_id).await?;
    if !change.internal {
        tip_updated(db, &tip, update_id, Some(viewer.user_id)).await;
    }
    Ok(tip)
}

/// Tells the tip's reporter and followers that citizens started an initiative to take care of
/// it (the adoption itself is stored with the initiative).
pub async fn adopted(db: &Db, initiative_id: i64, by_user: i64) {
    let result = async {
        let Some(tip) = store::adopted_by(db, initiative_id).await? else {
            return Ok(None);
        };
        let update = store::adoption_update(db, initiative_id).await?;
        Ok::<_, AppError>(update.map(|u| (tip, u)))
    }
    .await;
    match result {
        Ok(Some((tip, update_id))) => tip_updated(db, &tip, update_id, Some(by_user)).await,
        Ok(None) => {}
        Err(e) => tracing::error!(error = ?e, initiative_id, "telling of an adoption failed"),
    }
}

/// Where a report is: its coordinates and its address.
#[derive(Debug, Default, PartialEq)]
pub struct Place {
    pub coordinates: Option<Coordinates>,
    pub address: String,
}

/// The place of a report: the coordinates given (with the address typed, else the nearest one
/// in the address register), else where the register puts the typed address, spelled as the
/// register spells it. A problem with the address goes to `errors` under `address_field`.
pub async fn place(
    db: &Db,
    errors: &mut FieldErrors,
    given: Option<Coordinates>,
    address: &str,
    address_field: &'static str,
) -> AppResult<Place> {
    use crate::addresses::actions::{self as addresses, AddressProblem};
    let typed = address.trim();
    if let Some(point) = given {
        let address = match typed {
            "" => crate::addresses::store::nearest(db, point)
                .await?
                .map(|a| a.display())
                .unwrap_or_default(),
            typed => typed.to_string(),
        };
        return Ok(Place {
            coordinates: Some(point),
            address,
        });
    }
    if typed.is_empty() {
        return Ok(Place::default());
    }
    let found = match addresses::place(db, typed).await? {
        Err(AddressProblem::Unreadable) => Err(text!(err_tip_address_form)),
        Ok(placed) => match placed.official.as_ref().and_then(|o| o.place) {
            Some(point) => Ok(Place {
                coordinates: Some(point),
                address: placed.display(),
            }),
            None => Err(text!(err_tip_address_unknown)),
        },
        Err(AddressProblem::Unknown) => Err(text!(err_tip_address_unknown)),
    };
    Ok(found.unwrap_or_else(|problem| {
        errors.insert(address_field, problem);
        Place {
            coordinates: None,
            address: typed.to_string(),
        }
    }))
}

/// Issues a key for a system that posts tips through Open311: an administrator (`by`) or the
/// operator at the command line (`None`). Returns its id and the key, shown this once; the
/// issue goes into the audit log.
pub async fn issue_key(db: &Db, by: Option<&Viewer>, name: &str) -> AppResult<(i64, String)> {
    if let Some(viewer) = by {
        require(Some(viewer), Action::AdministerPlatform)?;
    }
    let mut tx = db.begin().await?;
    let (id, key) = store::create_key_in(&mut tx, name, by.map(|v| v.user_id)).await?;
    let subject = format!("open311_key:{id}");
    let entry = audit::Entry::by(by, audit::Act::Open311KeyCreated, subject, name.into(), "");
    audit::record_in(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok((id, key))
}

/// Revokes a key; false when it was revoked already (and nothing is logged).
pub async fn revoke_key(db: &Db, by: Option<&Viewer>, id: i64) -> AppResult<bool> {
    if let Some(viewer) = by {
        require(Some(viewer), Action::AdministerPlatform)?;
    }
    let mut tx = db.begin().await?;
    if !store::revoke_key_in(&mut tx, id).await? {
        return Ok(false);
    }
    let subject = format!("open311_key:{id}");
    let entry = audit::Entry::by(
        by,
        audit::Act::Open311KeyRevoked,
        subject,
        String::new(),
        "",
    );
    audit::record_in(&mut tx, &entry).await?;
    tx.commit().await?;
    Ok(true)
}
