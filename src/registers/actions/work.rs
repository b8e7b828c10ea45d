//! Working with the register: the board mails a group in the association's name, and takes out
//! the list for a day's activity with only the fields its purpose allows. Both are logged as
//! looks at the register.

use super::*;
use crate::platform::i18n::Lang;
use crate::platform::mail::{self, Mail, Sender};

/// The board mails an activity's people (or everyone still active) for one of its purposes,
/// through the outbox, from the association and with replies to the board member; for a
/// purpose by consent only those who consented to its current text. Returns how many.
pub async fn mail_group(
    db: &Db,
    viewer: &Viewer,
    association_id: i64,
    mut draft: MailDraft,
) -> AppResult<usize> {
    board(db, viewer, association_id).await?;
    valid(draft.check())?;
    let purpose = own_purpose(db, association_id, draft.purpose_id, "mail_purpose").await?;
    own_activity(db, association_id, draft.activity_id, "activity").await?;
    let to = store::recipients(db, association_id, draft.activity_id, &purpose, today()).await?;
    let association = crate::actors::store::get(db, association_id).await?.name;
    if draft.form_key.is_empty() {
        draft.form_key = crate::platform::auth::random_token();
    }
    let mut tx = db.begin().await?;
    let mailing = store::record_mailing(&mut tx, association_id, &draft, viewer.user_id, to.len())
        .await?
        .ok_or(RegisterRefusal::MailingSent)?;
    let (da, en) = mail::in_both(|s| s.register_mail_footer(&association, &purpose.name));
    let mail = Mail {
        subject: draft.subject.clone(),
        body: format!(
            "{}\n\n-- \n{da}\n{{base}}/account/register\n\n{en}\n{{base}}/account/register\n",
            draft.body
        ),
    };
    let sender = Sender {
        name: association,
        reply_to: viewer.email.clone(),
    };
    for (entry, address) in &to {
        let key = format!("{}:{mailing}:{entry}", store::mailing_key(association_id));
        mail::queue_from(&mut *tx, &sender, address, &key, &mail, "").await?;
    }
    tx.commit().await?;
    let why = LookReason::Mailed;
    looked(db, viewer, association_id, None, Reader::Board, why).await?;
    Ok(to.len())
}

/// The list for a day's activity, for the board, as a spreadsheet: the names of its people still
/// active (for a purpose by consent, those whose consent stands) and the fields kept for
/// `purpose_id`, nothing else. Returns the file's name and text.
pub async fn activity_list(
    db: &Db,
    viewer: &Viewer,
    association_id: i64,
    activity_id: Option<i64>,
    purpose_id: Option<i64>,
    lang: Lang,
) -> AppResult<(String, String)> {
    board(db, viewer, association_id).await?;
    let mut errors = FieldErrors::new();
    if activity_id.is_none() {
        errors.insert("list_activity", text!(err_choose));
    }
    if purpose_id.is_none() {
        errors.insert("list_purpose", text!(err_choose));
    }
    valid(errors)?;
    let purpose = own_purpose(db, association_id, purpose_id, "list_purpose").await?;
    let activity = own_activity(db, association_id, activity_id, "list_activity").await?;
    let (fields, entries) = tokio::try_join!(
        store::fields(db, association_id),
        store::entries(db, association_id)
    )?;
    let fields: Vec<_> = fields
        .into_iter()
        .filter(|f| f.purpose_id == purpose.id)
        .collect();
    // For a purpose by consent, only those whose consent stands are on its list.
    let consenting = match purpose.legal_basis {
        LegalBasis::Consent => Some(store::consenting(db, &purpose).await?),
        _ => None,
    };
    looked(
        db,
        viewer,
        association_id,
        None,
        Reader::Board,
        LookReason::Listed,
    )
    .await?;
    let today = today();
    let mut table = String::new();
    let mut header = vec![lang.strings().name.to_string()];
    header.extend(fields.iter().map(|f| f.label(lang)));
    crate::platform::csv::push_row(&mut table, &header);
    for e in entries.iter().filter(|e| {
        !e.name.is_empty()
            && e.ends_on.is_none_or(|end| end >= today)
            && activity_id.is_some_and(|a| e.activity_ids.contains(&a))
            && consenting.as_ref().is_none_or(|c| c.contains(&e.id))
    }) {
        let mut row = vec![e.name.clone()];
        row.extend(fields.iter().map(|f| {
            e.values
                .iter()
                .find(|(id, _)| *id == f.id)
                .map(|(_, v)| v.clone())
                .unwrap_or_default()
        }));
        crate::platform::csv::push_row(&mut table, &row);
    }
    let name = activity
        .unwrap_or_default()
        .to_lowercase()
        .replace(|c: char| !c.is_alphanumeric(), "-");
    Ok((format!("{name}-{today}.csv"), table))
}

/// One of the association's own purposes, chosen in `field`.
async fn own_purpose(
    db: &Db,
    association_id: i64,
    purpose_id: Option<i64>,
    field: &'static str,
) -> AppResult<store::Purpose> {
    store::purposes(db, association_id)
        .await?
        .into_iter()
        .find(|p| Some(p.id) == purpose_id)
        .ok_or_else(|| AppError::Invalid(FieldErrors::from([(field, text!(err_choose))])))
}

/// The name of one of the association's own activities (none chosen: none), chosen in `field`.
async fn own_activity(
    db: &Db,
    association_id: i64,
    activity_id: Option<i64>,
    field: &'static str,
) -> AppResult<Option<String>> {
    let Some(id) = activity_id else {
        return Ok(None);
    };
    store::activities(db, association_id)
        .await?
        .into_iter()
        .find(|(a, _)| *a == id)
        .map(|(_, name)| Some(name))
        .ok_or_else(|| AppError::Invalid(FieldErrors::from([(field, text!(err_choose))])))
}
