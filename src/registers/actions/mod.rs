//! What the board and others do with an association's register, checked once for every page
//! and the API: who may keep it, who may read it and under which grant, and that every look by
//! someone other than its person is logged.

use crate::actors::model::ActorKind;
use crate::platform::auth::Viewer;
use crate::platform::db::Db;
use crate::platform::error::{AppError, AppResult, FieldErrors, valid};
use crate::platform::input::check_line;
use crate::platform::permissions::{Action, can, require};
use crate::platform::time::{day_starts, today};
use crate::registers::model::*;
use crate::registers::store::{self, Entry};
use crate::text;

mod rights;
mod work;

pub use rights::*;
pub use work::*;

/// Who reads a register: its board, or a named person under a running grant.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Reader {
    Board,
    Granted(i64),
}

/// The association whose register this is; any other actor has none.
async fn association(db: &Db, association_id: i64) -> AppResult<()> {
    match crate::actors::store::get(db, association_id).await?.kind {
        ActorKind::Association => Ok(()),
        _ => Err(AppError::NotFound),
    }
}

/// Fails unless the viewer keeps the association's register.
pub async fn board(db: &Db, viewer: &Viewer, association_id: i64) -> AppResult<()> {
    association(db, association_id).await?;
    refused_unless(
        db,
        viewer,
        association_id,
        None,
        can_keep(viewer, association_id),
    )
    .await
}

fn can_keep(viewer: &Viewer, association_id: i64) -> bool {
    can(Some(viewer), Action::KeepRegister { association_id })
}

/// A refusal is logged for the board to see, since who tries to look matters as much as who did.
async fn refused_unless(
    db: &Db,
    viewer: &Viewer,
    association_id: i64,
    entry_id: Option<i64>,
    allowed: bool,
) -> AppResult<()> {
    if allowed {
        return Ok(());
    }
    let reason = LookReason::Refused.code();
    store::log_look(
        db,
        association_id,
        entry_id,
        viewer.user_id,
        &viewer.name,
        reason,
        None,
    )
    .await?;
    Err(AppError::Forbidden)
}

/// How the viewer may read the association's register; refused (and logged) otherwise.
pub async fn reader(
    db: &Db,
    viewer: &Viewer,
    association_id: i64,
    entry_id: Option<i64>,
) -> AppResult<Reader> {
    association(db, association_id).await?;
    if can_keep(viewer, association_id) {
        return Ok(Reader::Board);
    }
    let grant = store::running_grant(db, association_id, viewer.user_id).await?;
    let granted = can(
        Some(viewer),
        Action::ReadRegister {
            association_id,
            granted: grant.is_some(),
        },
    );
    refused_unless(db, viewer, association_id, entry_id, granted).await?;
    Ok(grant.map_or(Reader::Board, Reader::Granted))
}

/// Records that the viewer looked, and why, under the grant they read by.
async fn looked(
    db: &Db,
    viewer: &Viewer,
    association_id: i64,
    entry_id: Option<i64>,
    reader: Reader,
    why: LookReason,
) -> AppResult<()> {
    let grant = match reader {
        Reader::Board => None,
        Reader::Granted(id) => Some(id),
    };
    let (user, name, reason) = (viewer.user_id, &viewer.name, why.code());
    store::log_look(db, association_id, entry_id, user, name, reason, grant).await
}

/// The association's people, for its board or a grantee; the look is logged.
pub async fn people(
    db: &Db,
    viewer: &Viewer,
    association_id: i64,
) -> AppResult<(Reader, Vec<Entry>)> {
    let reader = reader(db, viewer, association_id, None).await?;
    looked(db, viewer, association_id, None, reader, LookReason::List).await?;
    Ok((reader, store::entries(db, association_id).await?))
}

/// One entry: its own person sees it unlogged; the board and grantees see it logged.
pub async fn entry(db: &Db, viewer: &Viewer, entry_id: i64) -> AppResult<(Option<Reader>, Entry)> {
    let e = store::entry(db, entry_id).await?;
    if e.user_id == Some(viewer.user_id) {
        return Ok((None, e));
    }
    let reader = reader(db, viewer, e.association_id, Some(entry_id)).await?;
    looked(
        db,
        viewer,
        e.association_id,
        Some(entry_id),
        reader,
        LookReason::Entry,
    )
    .await?;
    Ok((Some(reader), e))
}

/// An entry the board changes: refused when it is anonymous, since nothing of the person is
/// left to change.
pub async fn kept(db: &Db, viewer: &Viewer, entry_id: i64) -> AppResult<Entry> {
    let e = store::entry(db, entry_id).await?;
    board(db, viewer, e.association_id).await?;
    match e.anonymised {
        true => Err(RegisterRefusal::Anonymised.into()),
        false => Ok(e),
    }
}

/// The board states a purpose.
pub async fn add_purpose(
    db: &Db,
    viewer: &Viewer,
    association_id: i64,
    mut draft: PurposeDraft,
    mut errors: FieldErrors,
) -> AppResult<()> {
    board(db, viewer, association_id).await?;
    errors.extend(draft.check());
    valid(errors)?;
    if !store::add_purpose(db, association_id, &draft).await? {
        return Err(AppError::Invalid(FieldErrors::from([(
            "name",
            text!(err_register_name_taken),
        )])));
    }
    Ok(())
}

/// The board adds a field for one of its purposes.
pub async fn add_field(
    db: &Db,
    viewer: &Viewer,
    association_id: i64,
    mut draft: FieldDraft,
) -> AppResult<()> {
    board(db, viewer, association_id).await?;
    valid(draft.check())?;
    let (Some(kind), Some(purpose)) = (draft.kind, draft.purpose_id) else {
        unreachable!("checked above");
    };
    // A chosen field without a label of its own is named by its kind, in the reader's language.
    let label = match draft.label.as_str() {
        "" => kind.code().to_string(),
        label => label.to_string(),
    };
    let taken = store::fields(db, association_id).await?;
    if taken.iter().any(|f| f.label == label) {
        let field = if draft.label.is_empty() {
            "kind"
        } else {
            "label"
        };
        return Err(AppError::Invalid(FieldErrors::from([(
            field,
            text!(err_register_field_taken),
        )])));
    }
    if !store::add_field(db, association_id, kind, &label, purpose).await? {
        return Err(AppError::Invalid(FieldErrors::from([(
            "purpose",
            text!(err_register_field_purpose),
        )])));
    }
    Ok(())
}

/// The board adds an activity people take part in.
pub async fn add_activity(
    db: &Db,
    viewer: &Viewer,
    association_id: i64,
    mut name: String,
) -> AppResult<()> {
    board(db, viewer, association_id).await?;
    let mut errors = FieldErrors::new();
    check_line(&mut errors, "name", &mut name, true, NAME_MAX);
    valid(errors)?;
    store::add_activity(db, association_id, &name).await
}

/// The board writes a person into the register.
pub async fn add_entry(
    db: &Db,
    viewer: &Viewer,
    association_id: i64,
    mut draft: EntryDraft,
    mut errors: FieldErrors,
) -> AppResult<i64> {
    board(db, viewer, association_id).await?;
    errors.extend(draft.check());
    valid(errors)?;
    store::add_entry(db, association_id, &draft).await
}

/// The board grants a named person access to read the register, for a purpose, until a day.
pub async fn grant(
    db: &Db,
    viewer: &Viewer,
    association_id: i64,
    mut draft: GrantDraft,
) -> AppResult<i64> {
    board(db, viewer, association_id).await?;
    let today = today();
    valid(draft.check(today))?;
    let until = draft.until.unwrap_or(today);
    let ends_at = day_starts(until.tomorrow().unwrap_or(until));
    store::grant(db, association_id, &draft, ends_at, viewer.user_id)
        .await?
        .ok_or_else(|| RegisterRefusal::UnknownPerson.into())
}

/// The board ends a grant before its day, when the work it was for is done; one that has ended
/// stays ended.
pub async fn end_grant(
    db: &Db,
    viewer: &Viewer,
    association_id: i64,
    grant_id: i64,
) -> AppResult<()> {
    board(db, viewer, association_id).await?;
    match store::end_grant(db, association_id, grant_id).await? {
        true => Ok(()),
        false => Err(AppError::NotFound),
    }
}

/// Whether the viewer keeps the register (for links to it); never an error.
pub fn keeps(viewer: Option<&Viewer>, association_id: i64) -> bool {
    can(viewer, Action::KeepRegister { association_id })
}

/// Fails unless the viewer keeps the register, without logging: for forms that show nothing of it.
pub fn require_board(viewer: &Viewer, association_id: i64) -> AppResult<()> {
    require(Some(viewer), Action::KeepRegister { association_id })
}

/// The board records that a person stopped (or, with none, is back): from that day each
/// purpose's retention runs.
pub async fn end(
    db: &Db,
    viewer: &Viewer,
    entry_id: i64,
    ends_on: Option<jiff::civil::Date>,
) -> AppResult<()> {
    let e = kept(db, viewer, entry_id).await?;
    if ends_on.is_some_and(|end| end < e.starts_on) {
        return Err(AppError::Invalid(FieldErrors::from([(
            "ends_on",
            text!(err_ends_before_start),
        )])));
    }
    store::set_ended(db, entry_id, ends_on).await
}

/// The board changes a purpose's consent text: a new version, so that everyone who consented to
/// an older one is asked again.
pub async fn change_consent_text(
    db: &Db,
    viewer: &Viewer,
    purpose_id: i64,
    mut text: String,
) -> AppResult<i64> {
    let (association_id, purpose) = store::purpose(db, purpose_id).await?;
    board(db, viewer, association_id).await?;
    if purpose.legal_basis != LegalBasis::Consent {
        return Err(RegisterRefusal::NotByConsent.into());
    }
    let mut errors = FieldErrors::new();
    check_consent_text(&mut errors, &mut text);
    valid(errors)?;
    store::change_consent_text(db, purpose_id, &text).await
}

/// The board records a person's consent to a purpose's current text (a guardian's for a child
/// under 15, where the register knows the year of birth); returns the secret of the link that
/// withdraws it, to be given to the person.
pub async fn record_consent(
    db: &Db,
    viewer: &Viewer,
    entry_id: i64,
    mut draft: ConsentDraft,
) -> AppResult<String> {
    let e = kept(db, viewer, entry_id).await?;
    let fields = store::fields(db, e.association_id).await?;
    let this_year = i64::from(today().year());
    let age = e.values.iter().find_map(|(field, value)| {
        let birth_year = fields
            .iter()
            .any(|f| f.id == *field && f.kind == FieldKind::BirthYear);
        birth_year.then(|| age_from(value, this_year)).flatten()
    });
    valid(draft.check(age))?;
    let secret = crate::platform::auth::random_token();
    let hash = crate::platform::auth::token_hash(&secret);
    store::record_consent(db, entry_id, &draft, viewer.user_id, &hash)
        .await?
        .ok_or(RegisterRefusal::NotByConsent)?;
    Ok(secret)
}

/// What a withdrawal link shows before it is used: the association, the purpose and the text
/// consented to; refused when the consent is withdrawn already.
pub async fn withdrawable(db: &Db, secret: &str) -> AppResult<store::LinkedConsent> {
    let hash = crate::platform::auth::token_hash(secret);
    match store::consent_by_link(db, &hash).await? {
        None => Err(AppError::NotFound),
        Some(c) if c.withdrawn => Err(RegisterRefusal::AlreadyWithdrawn.into()),
        Some(c) => Ok(c),
    }
}

/// Withdraws a consent by its link, no login needed: at once, and what was kept for its purpose
/// goes with it. A link used twice is refused.
pub async fn withdraw(db: &Db, secret: &str) -> AppResult<String> {
    let consent = withdrawable(db, secret).await?;
    withdrawn(store::withdraw(db, consent.id, None, None).await?)
}

fn withdrawn(done: store::Withdrawal) -> AppResult<String> {
    match done {
        store::Withdrawal::Already => Err(RegisterRefusal::AlreadyWithdrawn.into()),
        store::Withdrawal::Done { purpose, .. } => Ok(purpose),
    }
}

/// A consent someone means to withdraw on the platform, with its entry: the person on their own
/// entry, or the board; refused (and logged) for anyone else, and when it is withdrawn already.
pub async fn withdrawable_here(
    db: &Db,
    viewer: &Viewer,
    consent_id: i64,
) -> AppResult<(store::Consent, Entry)> {
    let consent = store::consent(db, consent_id).await?;
    let (reader, e) = entry(db, viewer, consent.entry_id).await?;
    let association_id = e.association_id;
    let own = reader.is_none();
    let allowed = can(
        Some(viewer),
        Action::WithdrawConsent {
            association_id,
            own,
        },
    );
    refused_unless(db, viewer, association_id, Some(e.id), allowed).await?;
    if consent.withdrawn_at.is_some() {
        return Err(RegisterRefusal::AlreadyWithdrawn.into());
    }
    Ok((consent, e))
}

/// Withdraws a consent on the platform: by the person on their own entry, or by the board,
/// which records how the person told it (in person, on paper, by e-mail). Like the link, at once
/// and with what the purpose kept. Returns the entry.
pub async fn withdraw_here(
    db: &Db,
    viewer: &Viewer,
    consent_id: i64,
    how: Option<ConsentHow>,
) -> AppResult<i64> {
    let (_, e) = withdrawable_here(db, viewer, consent_id).await?;
    let own = e.user_id == Some(viewer.user_id);
    if !own && how.is_none() {
        return Err(AppError::Invalid(FieldErrors::from([(
            "withdrawn_how",
            text!(err_choose),
        )])));
    }
    let how = how.filter(|_| !own);
    withdrawn(store::withdraw(db, consent_id, Some(viewer.user_id), how).await?)?;
    Ok(e.id)
}

/// The board deletes the association's whole register, with its people, consents, requests,
/// grants and log: when the association closes or stops keeping its register here. It cannot
/// be undone; the audit log keeps who did it and how many people it held.
pub async fn delete_register(db: &Db, viewer: &Viewer, association_id: i64) -> AppResult<i64> {
    board(db, viewer, association_id).await?;
    let audit = crate::audit::Entry::by(
        Some(viewer),
        crate::audit::Act::RegisterDeleted,
        format!("actor:{association_id}"),
        String::new(),
        "",
    );
    store::delete_register(db, association_id, audit).await
}
