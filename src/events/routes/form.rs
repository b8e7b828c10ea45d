//! The event form: planning a new event and editing one.

use super::*;
use crate::text;

/// The event form as typed: every field a string, so a mistake comes back as it was written.
#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct EventForm {
    pub(super) organiser: String,
    pub(super) initiative: String,
    pub(super) title: String,
    pub(super) description: String,
    pub(super) place: String,
    pub(super) latitude: String,
    pub(super) longitude: String,
    pub(super) starts: String,
    pub(super) ends: String,
    pub(super) capacity: String,
    pub(super) cancel_until: String,
    pub(super) version: String,
}

impl EventForm {
    pub(super) fn of(e: &Event) -> EventForm {
        let d = &e.draft;
        EventForm {
            organiser: e.organiser_id.to_string(),
            initiative: e.initiative_id.map(|i| i.to_string()).unwrap_or_default(),
            title: d.title.clone(),
            description: d.description.clone(),
            place: d.place.clone(),
            latitude: d.coordinates.map(|c| c.0.to_string()).unwrap_or_default(),
            longitude: d.coordinates.map(|c| c.1.to_string()).unwrap_or_default(),
            starts: moment_input(d.starts_at),
            ends: moment_input(d.ends_at),
            capacity: d.capacity.map(|c| c.to_string()).unwrap_or_default(),
            cancel_until: d.cancel_until.map(moment_input).unwrap_or_default(),
            version: e.version.to_string(),
        }
    }

    /// The typed draft, with a message for each field that cannot be read.
    pub(super) fn draft(&self, errors: &mut FieldErrors) -> EventDraft {
        let starts_at = moment_field(errors, "starts", &self.starts, true);
        let ends_at = moment_field(errors, "ends", &self.ends, true);
        let cancel_until = moment_field(errors, "cancel_until", &self.cancel_until, false);
        let capacity = optional(
            errors,
            "capacity",
            &self.capacity,
            parse_whole_number,
            text!(err_capacity),
        );
        EventDraft {
            title: self.title.clone(),
            description: self.description.clone(),
            place: self.place.clone(),
            coordinates: parse_coordinates(errors, &self.latitude, &self.longitude),
            // An unreadable time is reported above; the span check then has nothing to add.
            starts_at: starts_at.unwrap_or(0),
            ends_at: ends_at.or(starts_at.map(|s| s + 1)).unwrap_or(1),
            capacity,
            cancel_until,
        }
    }
}

#[derive(Template)]
#[template(path = "events/form.html")]
pub(super) struct FormPage {
    pub(super) page: Page,
    pub(super) form: EventForm,
    pub(super) organisers: Vec<Choice>,
    pub(super) initiative_title: Option<String>,
    pub(super) action: String,
    pub(super) editing: bool,
    pub(super) errors: FieldErrors,
}

#[derive(Deserialize)]
pub(super) struct NewQuery {
    pub(super) initiative: Option<i64>,
}

pub(super) async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    viewer: &Viewer,
    form: EventForm,
    editing: Option<i64>,
    errors: FieldErrors,
) -> AppResult<FormPage> {
    let initiative_title = match form.initiative.parse::<i64>() {
        Ok(id) => Some(
            crate::initiatives::store::get(&state.db, id)
                .await?
                .draft
                .title,
        ),
        Err(_) => None,
    };
    Ok(FormPage {
        page: ctx.page(match editing {
            Some(_) => ctx.s().edit_event,
            None => ctx.s().new_event,
        }),
        organisers: acting_choices(state, ctx, viewer, &form.organiser).await?,
        initiative_title,
        action: match editing {
            Some(id) => format!("/events/{id}/edit"),
            None => "/events".into(),
        },
        editing: editing.is_some(),
        form,
        errors,
    })
}

pub(super) async fn new_event(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    let form = EventForm {
        organiser: viewer.person_id.to_string(),
        initiative: q.initiative.map(|i| i.to_string()).unwrap_or_default(),
        ..EventForm::default()
    };
    render(&form_page(&state, &ctx, viewer, form, None, FieldErrors::new()).await?)
}

pub(super) async fn create(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Form(form): Form<EventForm>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::new();
    let draft = form.draft(&mut errors);
    let created = actions::create(
        &state.db,
        viewer,
        draft,
        form.organiser.parse().ok(),
        form.initiative.parse().ok(),
        errors,
    )
    .await;
    match created {
        Ok(id) => Ok(see_other(&format!("/events/{id}"))),
        Err(AppError::Invalid(errors)) => {
            let page = form_page(&state, &ctx, viewer, form, None, errors).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(e),
    }
}

pub(super) async fn edit_form(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let e = actions::require_organiser(&state.db, viewer, id).await?;
    render(
        &form_page(
            &state,
            &ctx,
            viewer,
            EventForm::of(&e),
            Some(id),
            FieldErrors::new(),
        )
        .await?,
    )
}

pub(super) async fn edit(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(mut form): Form<EventForm>,
) -> AppResult<Response> {
    let e = actions::require_organiser(&state.db, viewer, id).await?;
    // Who organises and which initiative it belongs to are fixed once planned.
    form.organiser = e.organiser_id.to_string();
    form.initiative = e.initiative_id.map(|i| i.to_string()).unwrap_or_default();
    let mut errors = FieldErrors::new();
    let draft = form.draft(&mut errors);
    let version = form.version.parse().unwrap_or(0);
    let Err(failed) = actions::update(&state.db, viewer, id, draft, version, errors).await else {
        return Ok(see_other(&format!("/events/{id}")));
    };
    let (status, errors) = failed.on_form("title")?;
    render_status(
        status,
        &form_page(&state, &ctx, viewer, form, Some(id), errors).await?,
    )
}
