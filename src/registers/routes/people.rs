//! The board writing a person into the register, or correcting one, on the same form.

use super::*;

/// A person as the board types them.
#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct EntryForm {
    name: String,
    email: String,
    starts_on: String,
    ends_on: String,
    certificate: String,
    certificate_valid_until: String,
    activities: Vec<String>,
    /// The association's fields, named `field-{id}`.
    #[serde(flatten)]
    values: HashMap<String, String>,
}

impl EntryForm {
    fn draft(&self, errors: &mut FieldErrors) -> EntryDraft {
        let mut day = |field, typed: &str| day_field(errors, field, typed);
        EntryDraft {
            name: self.name.clone(),
            email: self.email.clone(),
            starts_on: day("starts_on", &self.starts_on),
            ends_on: day("ends_on", &self.ends_on),
            certificate: Certificate::parse(&self.certificate).unwrap_or(Certificate::NotNeeded),
            certificate_valid_until: day("certificate_valid_until", &self.certificate_valid_until),
            values: self
                .values
                .iter()
                .filter_map(|(k, v)| Some((k.strip_prefix("field-")?.parse().ok()?, v.clone())))
                .collect(),
            activity_ids: self
                .activities
                .iter()
                .filter_map(|a| a.parse().ok())
                .collect(),
        }
    }
}

#[derive(Template)]
#[template(path = "registers/new_entry.html")]
struct EntryFormPage {
    page: Page,
    /// The association's id, and the entry's when the board corrects one.
    id: i64,
    entry_id: Option<i64>,
    form: EntryForm,
    /// The association's fields: name, label, purpose, value as typed.
    fields: Vec<(String, String, String, String)>,
    activities: Vec<Choice>,
    certificates: Vec<Choice>,
    errors: FieldErrors,
}

async fn entry_form(
    state: &AppState,
    ctx: &Ctx,
    viewer: &crate::platform::auth::Viewer,
    id: i64,
    entry_id: Option<i64>,
    form: EntryForm,
    errors: FieldErrors,
) -> AppResult<EntryFormPage> {
    actions::require_board(viewer, id)?;
    let db = &state.db;
    let (purposes, fields, activities) = tokio::try_join!(
        store::purposes(db, id),
        store::fields(db, id),
        store::activities(db, id),
    )?;
    let lang = ctx.lang;
    Ok(EntryFormPage {
        page: ctx.page(match entry_id {
            None => ctx.s().register_new_entry,
            Some(_) => ctx.s().register_correct_entry,
        }),
        id,
        entry_id,
        fields: fields
            .iter()
            .map(|f| {
                let name = format!("field-{}", f.id);
                let purpose = purposes.iter().find(|p| p.id == f.purpose_id);
                let value = form.values.get(&name).cloned().unwrap_or_default();
                let hint = purpose
                    .map(|p| ctx.s().register_kept_for(&p.name))
                    .unwrap_or_default();
                (name, f.label(lang), hint, value)
            })
            .collect(),
        activities: activities
            .into_iter()
            .map(|(aid, name)| Choice {
                selected: form.activities.contains(&aid.to_string()),
                value: aid.to_string(),
                label: name,
            })
            .collect(),
        certificates: choices(
            Certificate::options(lang),
            &[match form.certificate.as_str() {
                "" => "not_needed",
                typed => typed,
            }],
        ),
        form,
        errors,
    })
}

pub(super) async fn new_entry(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    actions::board(&state.db, viewer, id).await?;
    let page = entry_form(
        &state,
        &ctx,
        viewer,
        id,
        None,
        EntryForm::default(),
        FieldErrors::new(),
    );
    render(&page.await?)
}

pub(super) async fn add_entry(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<EntryForm>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::new();
    let draft = form.draft(&mut errors);
    let done = actions::add_entry(&state.db, viewer, id, draft, errors).await;
    saved(&state, &ctx, viewer, id, None, form, done).await
}

/// The entry's page once it is saved; or the form again with what was typed and why it was
/// not taken.
async fn saved(
    state: &AppState,
    ctx: &Ctx,
    viewer: &crate::platform::auth::Viewer,
    association_id: i64,
    entry_id: Option<i64>,
    form: EntryForm,
    done: AppResult<i64>,
) -> AppResult<Response> {
    match done {
        Ok(entry) => Ok(see_other(&format!("/register/{entry}"))),
        Err(e) => {
            let (status, errors) = e.on_form("name")?;
            let page = entry_form(state, ctx, viewer, association_id, entry_id, form, errors);
            render_status(status, &page.await?)
        }
    }
}

/// The entry as the correction form shows it first.
fn typed_entry(e: &Entry) -> EntryForm {
    let day = |d: Option<jiff::civil::Date>| d.map(|d| d.to_string()).unwrap_or_default();
    EntryForm {
        name: e.name.clone(),
        email: e.email.clone(),
        starts_on: e.starts_on.to_string(),
        ends_on: day(e.ends_on),
        certificate: e.certificate.code().to_string(),
        certificate_valid_until: day(e.certificate_valid_until),
        activities: e.activity_ids.iter().map(i64::to_string).collect(),
        values: e
            .values
            .iter()
            .map(|(field, value)| (format!("field-{field}"), value.clone()))
            .collect(),
    }
}

/// The board's form to correct an entry, filled in as it stands; reading it is a logged look.
pub(super) async fn correct_form(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    // Only the board corrects, and only a person not yet anonymous: anyone else is refused
    // before the entry is read.
    actions::kept(&state.db, viewer, id).await?;
    let (_, e) = actions::entry(&state.db, viewer, id).await?;
    let form = typed_entry(&e);
    let page = entry_form(
        &state,
        &ctx,
        viewer,
        e.association_id,
        Some(id),
        form,
        FieldErrors::new(),
    );
    render(&page.await?)
}

pub(super) async fn correct(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<EntryForm>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::new();
    let draft = form.draft(&mut errors);
    let association = store::entry(&state.db, id).await?.association_id;
    let done = actions::correct(&state.db, viewer, id, draft, errors).await;
    saved(
        &state,
        &ctx,
        viewer,
        association,
        Some(id),
        form,
        done.map(|()| id),
    )
    .await
}
