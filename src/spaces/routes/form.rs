//! The space form: registering a space and editing it, opening hours included.

use super::*;
use crate::text;

/// The space form as typed.
#[derive(Default)]
pub(super) struct SpaceForm {
    pub(super) owner: String,
    pub(super) kind: String,
    pub(super) name: String,
    pub(super) description: String,
    pub(super) address: String,
    pub(super) neighbourhood: String,
    pub(super) latitude: String,
    pub(super) longitude: String,
    pub(super) capacity: String,
    pub(super) area: String,
    pub(super) features: Vec<String>,
    pub(super) house_rules: String,
    pub(super) bookable_by: Vec<String>,
    pub(super) approval: String,
    pub(super) price: String,
    pub(super) hours: [String; 7],
    pub(super) available_from: String,
    pub(super) available_until: String,
    pub(super) status: String,
    pub(super) version: String,
}

impl SpaceForm {
    pub(super) fn from_pairs(p: &FormPairs) -> SpaceForm {
        SpaceForm {
            owner: p.get("owner"),
            kind: p.get("kind"),
            name: p.get("name"),
            description: p.get("description"),
            address: p.get("address"),
            neighbourhood: p.get("neighbourhood"),
            latitude: p.get("latitude"),
            longitude: p.get("longitude"),
            capacity: p.get("capacity"),
            area: p.get("area_m2"),
            features: p.all("features"),
            house_rules: p.get("house_rules"),
            bookable_by: p.all("bookable_by"),
            approval: p.get("approval"),
            price: p.get("price"),
            hours: std::array::from_fn(|i| p.get(&format!("hours_{}", Weekday::ALL[i].code()))),
            available_from: p.get("available_from"),
            available_until: p.get("available_until"),
            status: p.get("status"),
            version: p.get("version"),
        }
    }

    pub(super) fn of(s: &Space) -> SpaceForm {
        let d = &s.draft;
        let number = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_default();
        SpaceForm {
            owner: s.owner_id.to_string(),
            kind: d.kind.code().into(),
            name: d.name.clone(),
            description: d.description.clone(),
            address: d.address.clone(),
            neighbourhood: d.neighbourhood.clone(),
            latitude: d.coordinates.map(|c| c.0.to_string()).unwrap_or_default(),
            longitude: d.coordinates.map(|c| c.1.to_string()).unwrap_or_default(),
            capacity: number(d.capacity),
            area: number(d.area_m2),
            features: d.features.iter().map(|f| f.code().to_string()).collect(),
            house_rules: d.house_rules.clone(),
            bookable_by: d.bookable_by.iter().map(|k| k.code().to_string()).collect(),
            approval: if d.needs_approval { "yes" } else { "no" }.into(),
            price: crate::platform::money::kroner_input(d.price_ore_per_hour),
            hours: std::array::from_fn(|i| {
                d.opening_hours
                    .and_then(|h| h.0[i])
                    .map(|(o, c)| format!("{}-{}", clock(o), clock(c)))
                    .unwrap_or_default()
            }),
            available_from: d.available_from.map(|d| d.to_string()).unwrap_or_default(),
            available_until: d.available_until.map(|d| d.to_string()).unwrap_or_default(),
            status: s.status.code().into(),
            version: s.version.to_string(),
        }
    }

    pub(super) fn draft(&self, errors: &mut FieldErrors) -> SpaceDraft {
        let capacity = optional(
            errors,
            "capacity",
            &self.capacity,
            parse_whole_number,
            text!(err_space_capacity),
        );
        let area_m2 = optional(
            errors,
            "area_m2",
            &self.area,
            parse_whole_number,
            text!(err_area),
        );
        let kind = SpaceKind::parse(&self.kind).unwrap_or_else(|| {
            errors.insert("kind", text!(err_choose));
            SpaceKind::Other
        });
        let price_ore_per_hour =
            crate::platform::money::parse_kroner(&self.price).unwrap_or_else(|| {
                errors.insert("price", text!(err_price));
                0
            });
        let mut hours = [None; 7];
        for (i, typed) in self.hours.iter().enumerate() {
            match OpeningHours::parse_day(typed) {
                Ok(h) => hours[i] = h,
                Err(_) => {
                    errors.insert("opening_hours", text!(err_opening_hours));
                }
            }
        }
        let available_from = day_field(errors, "available_from", &self.available_from);
        let available_until = day_field(errors, "available_until", &self.available_until);
        SpaceDraft {
            kind,
            name: self.name.clone(),
            description: self.description.clone(),
            address: self.address.clone(),
            neighbourhood: self.neighbourhood.clone(),
            coordinates: parse_coordinates(errors, &self.latitude, &self.longitude),
            capacity,
            area_m2,
            features: self
                .features
                .iter()
                .filter_map(|f| Feature::parse(f))
                .collect(),
            house_rules: self.house_rules.clone(),
            bookable_by: self
                .bookable_by
                .iter()
                .filter_map(|k| ActorKind::parse(k))
                .collect(),
            needs_approval: self.approval == "yes",
            price_ore_per_hour,
            opening_hours: hours
                .iter()
                .any(Option::is_some)
                .then_some(OpeningHours(hours)),
            available_from,
            available_until,
        }
    }
}

pub struct HoursField {
    pub name: String,
    pub label: &'static str,
    pub value: String,
}

#[derive(Template)]
#[template(path = "spaces/form.html")]
pub(super) struct FormPage {
    pub(super) page: Page,
    pub(super) form: SpaceForm,
    pub(super) owners: Vec<Choice>,
    pub(super) kinds: Vec<Choice>,
    pub(super) features: Vec<Choice>,
    pub(super) bookable_by: Vec<Choice>,
    pub(super) approval: Vec<Choice>,
    pub(super) statuses: Vec<Choice>,
    pub(super) hours: Vec<HoursField>,
    pub(super) action: String,
    pub(super) editing: bool,
    pub(super) errors: FieldErrors,
}

pub(super) async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    viewer: &Viewer,
    form: SpaceForm,
    editing: Option<i64>,
    errors: FieldErrors,
) -> AppResult<FormPage> {
    let lang = ctx.lang;
    let s = ctx.s();
    Ok(FormPage {
        page: ctx.page(if editing.is_some() {
            s.edit_space
        } else {
            s.new_space
        }),
        owners: acting_choices(state, ctx, viewer, &form.owner).await?,
        kinds: choices(
            SpaceKind::ALL
                .iter()
                .map(|k| (k.code(), k.label(lang)))
                .collect(),
            &[form.kind.as_str()],
        ),
        features: choices(
            Feature::ALL
                .iter()
                .map(|f| (f.code(), f.label(lang)))
                .collect(),
            &form.features.iter().map(String::as_str).collect::<Vec<_>>(),
        ),
        bookable_by: choices(
            ActorKind::ALL
                .iter()
                .map(|k| (k.code(), booker_label(*k, lang)))
                .collect(),
            &form
                .bookable_by
                .iter()
                .map(String::as_str)
                .collect::<Vec<_>>(),
        ),
        approval: choices(
            vec![("no", s.space_instant), ("yes", s.space_needs_approval)],
            &[form.approval.as_str()],
        ),
        statuses: choices(
            SpaceStatus::ALL
                .iter()
                .map(|k| (k.code(), k.label(lang)))
                .collect(),
            &[form.status.as_str()],
        ),
        hours: Weekday::ALL
            .iter()
            .enumerate()
            .map(|(i, d)| HoursField {
                name: format!("hours_{}", d.code()),
                label: d.label(lang),
                value: form.hours[i].clone(),
            })
            .collect(),
        action: match editing {
            Some(id) => format!("/spaces/{id}/edit"),
            None => "/spaces".into(),
        },
        editing: editing.is_some(),
        form,
        errors,
    })
}

/// Who may book, in the words of the space form.
pub(super) fn booker_label(kind: ActorKind, lang: Lang) -> &'static str {
    let s = lang.strings();
    match kind {
        ActorKind::Person => s.booker_citizens,
        ActorKind::Association => s.booker_associations,
        ActorKind::Business => s.booker_businesses,
        ActorKind::Institution => s.booker_institutions,
        ActorKind::MunicipalUnit => s.booker_employees,
    }
}

pub(super) async fn new_space(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
) -> AppResult<Response> {
    let form = SpaceForm {
        owner: viewer.person_id.to_string(),
        kind: SpaceKind::Room.code().into(),
        approval: "no".into(),
        bookable_by: vec![
            ActorKind::Person.code().into(),
            ActorKind::Association.code().into(),
        ],
        status: SpaceStatus::Active.code().into(),
        ..SpaceForm::default()
    };
    render(&form_page(&state, &ctx, viewer, form, None, FieldErrors::new()).await?)
}

pub(super) async fn create(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = SpaceForm::from_pairs(&FormPairs(pairs));
    let mut errors = FieldErrors::new();
    let draft = form.draft(&mut errors);
    match actions::create(&state.db, viewer, draft, form.owner.parse().ok(), errors).await {
        Ok(id) => Ok(see_other(&format!("/spaces/{id}"))),
        Err(AppError::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &form_page(&state, &ctx, viewer, form, None, errors).await?,
        ),
        Err(e) => Err(e),
    }
}

pub(super) async fn edit_form(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let space = actions::require_manager(&state.db, viewer, id).await?;
    render(
        &form_page(
            &state,
            &ctx,
            viewer,
            SpaceForm::of(&space),
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
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let space = actions::require_manager(&state.db, viewer, id).await?;
    let mut form = SpaceForm::from_pairs(&FormPairs(pairs));
    form.owner = space.owner_id.to_string();
    let mut errors = FieldErrors::new();
    let draft = form.draft(&mut errors);
    let status = SpaceStatus::parse(&form.status).unwrap_or(space.status);
    let version = form.version.parse().unwrap_or(0);
    let Err(failed) =
        actions::update(&state.db, viewer, id, draft, (status, version), errors).await
    else {
        return Ok(see_other(&format!("/spaces/{id}")));
    };
    let (status, errors) = failed.on_form("name")?;
    render_status(
        status,
        &form_page(&state, &ctx, viewer, form, Some(id), errors).await?,
    )
}
