//! A person's rights over their entry, the board's answers and corrections, and the data
//! processing agreement between the association and the municipality.

use super::*;
use crate::registers::rights::*;

/// The entry, for its own person to ask about; anyone else is refused, and the attempt logged.
pub async fn askable(db: &Db, viewer: &Viewer, entry_id: i64) -> AppResult<Entry> {
    let e = store::entry(db, entry_id).await?;
    let own = e.user_id == Some(viewer.user_id);
    refused_unless(db, viewer, e.association_id, Some(entry_id), own).await?;
    Ok(e)
}

/// The person asks the association to correct or erase their entry; its board hears of it and
/// answers within a month.
pub async fn ask(
    db: &Db,
    viewer: &Viewer,
    entry_id: i64,
    mut draft: RequestDraft,
) -> AppResult<i64> {
    let e = askable(db, viewer, entry_id).await?;
    valid(draft.check())?;
    let id = store::make_request(db, &e, &draft, answer_by(today())).await?;
    let association = crate::actors::store::get(db, e.association_id).await?.name;
    let kind = draft.kind.unwrap_or(RequestKind::Correct);
    crate::registers::notices::request_made(db, e.association_id, &association, kind).await;
    Ok(id)
}

/// The board answers a request: a correction it has made in the entry, or an erasure, which
/// makes the entry anonymous at once; or a refusal with its reason. The person hears of it.
pub async fn answer(
    db: &Db,
    viewer: &Viewer,
    request_id: i64,
    mut draft: AnswerDraft,
) -> AppResult<i64> {
    let r = store::request(db, request_id).await?;
    board(db, viewer, r.association_id).await?;
    valid(draft.check())?;
    // Who to tell is read before an erasure unlinks the entry from their account.
    let person = store::entry(db, r.entry_id).await?.user_id;
    if !store::answer(db, &r, &draft, viewer.user_id, today()).await? {
        return Err(RightsRefusal::Answered.into());
    }
    if let (Some(user), Some(outcome)) = (person, draft.outcome) {
        let association = crate::actors::store::get(db, r.association_id).await?.name;
        crate::registers::notices::answered(db, user, &association, outcome).await;
    }
    Ok(r.association_id)
}

/// A request, for its association's board; the look at its person is logged.
pub async fn request(db: &Db, viewer: &Viewer, id: i64) -> AppResult<store::Request> {
    let r = store::request(db, id).await?;
    let (association_id, entry_id) = (r.association_id, Some(r.entry_id));
    board(db, viewer, association_id).await?;
    looked(
        db,
        viewer,
        association_id,
        entry_id,
        Reader::Board,
        LookReason::Entry,
    )
    .await?;
    Ok(r)
}

/// The board corrects an entry: what it keeps, its activities, dates and certificate. Who the
/// entry belongs to stays as it was.
pub async fn correct(
    db: &Db,
    viewer: &Viewer,
    entry_id: i64,
    mut draft: EntryDraft,
    mut errors: FieldErrors,
) -> AppResult<()> {
    let e = kept(db, viewer, entry_id).await?;
    errors.extend(draft.check());
    valid(errors)?;
    store::correct_entry(db, &e, &draft).await
}

/// The data processing agreement between the association (controller) and the municipal unit
/// that runs Medspil for it (processor), started by the board with the register's purposes and
/// then written and accepted by both as any agreement. An association has one: starting again
/// finds it.
pub async fn processing_agreement(
    db: &Db,
    viewer: &Viewer,
    association_id: i64,
    processor_id: Option<i64>,
    lang: crate::platform::i18n::Lang,
) -> AppResult<i64> {
    use crate::agreements::{actions::Start, model::Template, model::Terms};
    board(db, viewer, association_id).await?;
    if let Some(found) = crate::agreements::store::data_processing_of(db, association_id).await? {
        return Ok(found.id);
    }
    let processor = match processor_id.map(|id| crate::actors::store::get(db, id)) {
        Some(found) => match found.await {
            Ok(actor) => Some(actor),
            Err(AppError::NotFound) => None,
            Err(e) => return Err(e),
        },
        None => None,
    }
    .filter(|p| p.kind == ActorKind::MunicipalUnit)
    .ok_or_else(|| AppError::Invalid(FieldErrors::from([("processor", text!(err_choose))])))?;
    let association = crate::actors::store::get(db, association_id).await?.name;
    let purposes: Vec<String> = store::purposes(db, association_id)
        .await?
        .into_iter()
        .map(|p| p.name)
        .collect();
    let terms = Terms::data_processing(&association, &processor.name, &purposes.join("; "), lang);
    let start = Start {
        title: lang
            .strings()
            .register_dpa_title(&association, &processor.name),
        template: Template::DataProcessing,
        initiative_id: None,
        parties: vec![association_id, processor.id],
        terms,
    };
    crate::agreements::actions::create_data_processing(db, viewer, start).await
}
