//! One person's entry: as the board or a grantee sees it (logged), as the person sees it, the
//! board recording the day they stopped and their consents; and a person's own entries in every
//! association's register.

use super::*;
use crate::registers::store::Consent;

/// One entry in the reader's words.
struct EntryView {
    id: i64,
    association: String,
    name: String,
    email: String,
    period: String,
    activities: String,
    certificate: &'static str,
    certificate_valid_until: String,
    /// Label, value and the purpose it is kept for.
    values: Vec<(String, String, String)>,
    looks: Vec<LookView>,
    /// Whether the reader sees who looked: the person and the board, not a grantee.
    show_looks: bool,
}

/// The entry in the reader's words; the looks at it only for its person and the board
/// (`with_looks`): a grantee reads the entry, not who else did.
async fn entry_view(
    state: &AppState,
    e: Entry,
    association: String,
    lang: Lang,
    with_looks: bool,
) -> AppResult<EntryView> {
    let db = &state.db;
    let (purposes, fields, activities, looks) = tokio::try_join!(
        store::purposes(db, e.association_id),
        store::fields(db, e.association_id),
        store::activities(db, e.association_id),
        async {
            match with_looks {
                true => store::looks_at(db, e.id).await,
                false => Ok(Vec::new()),
            }
        },
    )?;
    let names: HashMap<i64, String> = activities.into_iter().collect();
    Ok(EntryView {
        id: e.id,
        association,
        name: shown_name(&e.name, lang),
        email: e.email.clone(),
        period: period(&e, lang),
        activities: person_view(&e, &names, lang).activities,
        certificate: e.certificate.label(lang),
        certificate_valid_until: e
            .certificate_valid_until
            .map(|d| format_civil_date(d, lang))
            .unwrap_or_default(),
        values: e
            .values
            .iter()
            .filter_map(|(field, value)| {
                let f = fields.iter().find(|f| f.id == *field)?;
                let p = purposes.iter().find(|p| p.id == f.purpose_id)?;
                Some((f.label(lang), value.clone(), p.name.clone()))
            })
            .collect(),
        looks: look_views(looks, lang),
        show_looks: with_looks,
    })
}

#[derive(Template)]
#[template(path = "registers/entry.html")]
pub(super) struct EntryPage {
    page: Page,
    association_id: i64,
    own: bool,
    /// Whether the viewer keeps the register, and may record that the person stopped.
    board: bool,
    ends_on: String,
    e: EntryView,
    consents: Vec<ConsentView>,
    /// The purposes by consent, to record a consent to.
    consent_purposes: Vec<Choice>,
    hows: Vec<Choice>,
    consent: ConsentForm,
    /// The link that withdraws the consent just recorded, to give to the person.
    withdraw_link: Option<String>,
    errors: FieldErrors,
}

/// A consent in the reader's words.
pub(super) struct ConsentView {
    id: i64,
    purpose: String,
    version: i64,
    /// Given to an older text: the person is asked again.
    asked_again: bool,
    given_by: String,
    by_guardian: bool,
    how: &'static str,
    given_at: String,
    withdrawn_at: String,
    /// Who withdrew it and how, in the reader's words.
    withdrawn_how: String,
}

fn consent_view(c: &Consent, lang: Lang) -> ConsentView {
    let s = lang.strings();
    ConsentView {
        id: c.id,
        purpose: c.purpose.clone(),
        version: c.version,
        asked_again: c.withdrawn_at.is_none() && !c.counts(),
        given_by: c.given_by.clone(),
        by_guardian: c.by_guardian,
        how: c.how.label(lang),
        given_at: format_moment(c.given_at, lang),
        withdrawn_at: c
            .withdrawn_at
            .map(|w| format_moment(w, lang))
            .unwrap_or_default(),
        withdrawn_how: match (c.withdrawn_by, c.withdrawn_how) {
            (_, Some(how)) => s.register_withdrawn_by_board(how.label(lang)),
            (Some(_), None) => s.register_withdrawn_by_person.to_string(),
            (None, None) => s.register_withdrawn_by_link.to_string(),
        },
    }
}

/// A consent as the board types it.
#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct ConsentForm {
    pub(super) consent_purpose: String,
    pub(super) given_by: String,
    pub(super) by_guardian: String,
    pub(super) how: String,
}

pub(super) async fn show(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(
        &entry_page(
            &state,
            &ctx,
            viewer,
            id,
            Typed::default(),
            FieldErrors::new(),
        )
        .await?,
    )
}

/// What the board's forms on an entry hold as typed, and the link of a consent just recorded.
#[derive(Default)]
pub(super) struct Typed {
    pub(super) ends_on: Option<String>,
    pub(super) consent: ConsentForm,
    pub(super) withdraw_link: Option<String>,
}

pub(super) async fn entry_page(
    state: &AppState,
    ctx: &Ctx,
    viewer: &crate::platform::auth::Viewer,
    id: i64,
    typed: Typed,
    errors: FieldErrors,
) -> AppResult<EntryPage> {
    let lang = ctx.lang;
    let (reader, e) = actions::entry(&state.db, viewer, id).await?;
    let (association, consents, purposes) = tokio::try_join!(
        crate::actors::store::get(&state.db, e.association_id),
        store::consents_of(&state.db, id),
        store::purposes(&state.db, e.association_id),
    )?;
    let (association_id, anonymised) = (e.association_id, e.anonymised);
    let ends_on =
        (typed.ends_on).unwrap_or_else(|| e.ends_on.map(|d| d.to_string()).unwrap_or_default());
    let with_looks = matches!(reader, None | Some(Reader::Board));
    let view = entry_view(state, e, association.name, lang, with_looks).await?;
    let form = typed.consent;
    Ok(EntryPage {
        page: ctx.page(view.name.clone()),
        association_id,
        own: reader.is_none(),
        // An anonymous entry has nothing left for the board to change.
        board: reader == Some(Reader::Board) && !anonymised,
        ends_on,
        e: view,
        consents: consents.iter().map(|c| consent_view(c, lang)).collect(),
        consent_purposes: purposes
            .iter()
            .filter(|p| p.legal_basis == LegalBasis::Consent)
            .map(|p| Choice {
                selected: p.id.to_string() == form.consent_purpose,
                value: p.id.to_string(),
                label: p.name.clone(),
            })
            .collect(),
        hows: choices(ConsentHow::options(lang), &[form.how.as_str()]),
        consent: form,
        withdraw_link: typed.withdraw_link,
        errors,
    })
}

#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct EndForm {
    ends_on: String,
}

/// The board records the day a person stopped.
pub(super) async fn end(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<EndForm>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::new();
    let ends_on = day_field(&mut errors, "ends_on", &form.ends_on);
    let done = match errors.is_empty() {
        true => actions::end(&state.db, viewer, id, ends_on).await,
        false => Err(AppError::Invalid(errors)),
    };
    match done {
        Ok(()) => Ok(see_other(&format!("/register/{id}"))),
        Err(e) => {
            let (status, errors) = e.on_form("ends_on")?;
            let typed = Typed {
                ends_on: Some(form.ends_on),
                ..Typed::default()
            };
            let page = entry_page(&state, &ctx, viewer, id, typed, errors).await?;
            render_status(status, &page)
        }
    }
}

#[derive(Template)]
#[template(path = "registers/mine.html")]
struct MinePage {
    page: Page,
    /// Each entry with the person's requests about it.
    entries: Vec<(EntryView, Vec<super::rights::RequestView>)>,
}

/// The person's own entries, in every association's register, with who looked at each and what
/// they asked of the association.
pub(super) async fn mine(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
) -> AppResult<Response> {
    let found = store::entries_of_user(&state.db, viewer.user_id).await?;
    let ids: Vec<i64> = found.iter().map(|(e, _)| e.id).collect();
    let mut requests =
        crate::platform::db::grouped(store::requests_about(&state.db, &ids).await?, |r| {
            r.entry_id
        });
    let mut entries = Vec::new();
    for (e, association) in found {
        let asked = requests.remove(&e.id).unwrap_or_default();
        let asked = asked
            .iter()
            .map(|r| super::rights::request_view(r, ctx.lang))
            .collect();
        entries.push((
            entry_view(&state, e, association, ctx.lang, true).await?,
            asked,
        ));
    }
    render(&MinePage {
        page: ctx.page(ctx.s().register_mine_title),
        entries,
    })
}
