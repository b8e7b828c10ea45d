//! The need and offer forms, as typed, and checking them.

use super::*;
use crate::text;

/// The form of a need or an offer as typed, kept so a form with errors comes back as it was.
#[derive(Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct ResourceForm {
    /// Offers: the actor it is offered by.
    pub actor: String,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub skills: String,
    pub quantity: String,
    pub weekdays: Vec<String>,
    pub day_parts: Vec<String>,
    pub from_date: String,
    pub to_date: String,
    /// Needs: where.
    pub address: String,
    pub neighbourhood: String,
    pub latitude: String,
    pub longitude: String,
    /// Offers: how far from the place, in kilometres.
    pub radius_km: String,
    pub conditions: String,
    pub version: String,
}

/// The parts needs and offers share, parsed.
pub(super) struct Common {
    pub(super) kind: Option<ResourceKind>,
    pub(super) quantity: Option<i64>,
    pub(super) when: Availability,
    pub(super) coordinates: Option<Coordinates>,
}

impl ResourceForm {
    pub(super) fn with_common(
        kind: ResourceKind,
        quantity: Option<i64>,
        when: &Availability,
        coordinates: Option<Coordinates>,
    ) -> ResourceForm {
        ResourceForm {
            kind: kind.code().into(),
            quantity: quantity.map(|q| q.to_string()).unwrap_or_default(),
            weekdays: when.weekdays.iter().map(|d| d.code().to_string()).collect(),
            day_parts: when
                .day_parts
                .iter()
                .map(|d| d.code().to_string())
                .collect(),
            from_date: when.from.map(|d| d.to_string()).unwrap_or_default(),
            to_date: when.to.map(|d| d.to_string()).unwrap_or_default(),
            latitude: coordinates.map(|c| c.0.to_string()).unwrap_or_default(),
            longitude: coordinates.map(|c| c.1.to_string()).unwrap_or_default(),
            ..ResourceForm::default()
        }
    }

    pub(super) fn from_need(n: &Need) -> ResourceForm {
        let d = &n.draft;
        ResourceForm {
            title: d.title.clone(),
            description: d.description.clone(),
            skills: d.skills.clone(),
            address: d.address.clone(),
            neighbourhood: d.neighbourhood.clone(),
            version: n.version.to_string(),
            ..ResourceForm::with_common(d.kind, d.quantity, &d.when, d.coordinates)
        }
    }

    pub(super) fn from_offer(o: &Offer) -> ResourceForm {
        let d = &o.draft;
        ResourceForm {
            actor: o.actor_id.to_string(),
            title: d.title.clone(),
            description: d.description.clone(),
            skills: d.skills.clone(),
            neighbourhood: d.neighbourhood.clone(),
            radius_km: d
                .radius_m
                .map(|r| (r as f64 / 1000.0).to_string())
                .unwrap_or_default(),
            conditions: d.conditions.clone(),
            version: o.version.to_string(),
            ..ResourceForm::with_common(d.kind, d.quantity, &d.when, d.coordinates)
        }
    }

    pub(super) fn common(&self, errors: &mut FieldErrors) -> Common {
        let kind = ResourceKind::parse(&self.kind);
        if kind.is_none() {
            errors.insert("kind", text!(err_choose));
        }
        let quantity = match self.quantity.trim() {
            "" => None,
            q => match parse_whole_number(q) {
                Some(n) => Some(n),
                None => {
                    errors.insert("quantity", text!(err_quantity));
                    None
                }
            },
        };
        let weekdays = pick(errors, "weekdays", &self.weekdays, Weekday::parse);
        let day_parts = pick(errors, "day_parts", &self.day_parts, DayPart::parse);
        let mut date = |field: &'static str, text: &str| match text.trim() {
            "" => None,
            t => {
                let d = parse_date(t);
                if d.is_none() {
                    errors.insert(field, text!(err_date));
                }
                d
            }
        };
        let from = date("from_date", &self.from_date);
        let to = date("to_date", &self.to_date);
        let coordinates = parse_coordinates(errors, &self.latitude, &self.longitude);
        Common {
            kind,
            quantity,
            when: Availability {
                weekdays,
                day_parts,
                from,
                to,
            },
            coordinates,
        }
    }

    pub(super) fn need(&self) -> Result<NeedDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let c = self.common(&mut errors);
        let mut draft = NeedDraft {
            kind: c.kind.unwrap_or(ResourceKind::Hands),
            title: self.title.clone(),
            description: self.description.clone(),
            skills: self.skills.clone(),
            quantity: c.quantity,
            when: c.when,
            address: self.address.clone(),
            neighbourhood: self.neighbourhood.clone(),
            coordinates: c.coordinates,
        };
        errors.extend(draft.check());
        if errors.is_empty() {
            Ok(draft)
        } else {
            Err(errors)
        }
    }

    pub(super) fn offer(&self) -> Result<OfferDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let c = self.common(&mut errors);
        let radius_m = match self.radius_km.trim() {
            "" => None,
            r => match parse_decimal(r) {
                Some(km) if km.abs() < 1e6 => Some((km * 1000.0).round() as i64),
                _ => {
                    errors.insert("radius_km", text!(err_radius));
                    None
                }
            },
        };
        let mut draft = OfferDraft {
            kind: c.kind.unwrap_or(ResourceKind::Hands),
            title: self.title.clone(),
            description: self.description.clone(),
            skills: self.skills.clone(),
            quantity: c.quantity,
            when: c.when,
            neighbourhood: self.neighbourhood.clone(),
            coordinates: c.coordinates,
            radius_m,
            conditions: self.conditions.clone(),
        };
        errors.extend(draft.check());
        if errors.is_empty() {
            Ok(draft)
        } else {
            Err(errors)
        }
    }
}

/// The values ticked in a checkbox group; an unknown one is an error on the group.
pub(super) fn pick<T>(
    errors: &mut FieldErrors,
    field: &'static str,
    codes: &[String],
    parse: fn(&str) -> Option<T>,
) -> Vec<T> {
    let parsed: Vec<T> = codes.iter().filter_map(|c| parse(c)).collect();
    if parsed.len() != codes.len() {
        errors.insert(field, text!(err_choose));
    }
    parsed
}

#[derive(Template)]
#[template(path = "mobilisation/form.html")]
pub(super) struct FormPage {
    pub(super) page: Page,
    pub(super) action: String,
    pub(super) is_offer: bool,
    pub(super) editing: bool,
    /// Where the form belongs, e.g. the initiative a need is added to.
    pub(super) context_title: String,
    pub(super) context_href: String,
    pub(super) title_hint: &'static str,
    pub(super) form: ResourceForm,
    pub(super) errors: FieldErrors,
    pub(super) conflict: bool,
    pub(super) kinds: Vec<Choice>,
    pub(super) weekdays: Vec<Choice>,
    pub(super) day_parts: Vec<Choice>,
    pub(super) actors: Vec<Choice>,
}

pub(super) fn codes(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

pub(super) struct FormTarget {
    pub(super) action: String,
    pub(super) is_offer: bool,
    pub(super) editing: bool,
    pub(super) context_title: String,
    pub(super) context_href: String,
}

pub(super) async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    viewer: &Viewer,
    target: FormTarget,
    form: ResourceForm,
    errors: FieldErrors,
) -> AppResult<FormPage> {
    let lang = ctx.lang;
    let s = ctx.s();
    let actors = if target.is_offer && !target.editing {
        acting_choices(state, ctx, viewer, &form.actor).await?
    } else {
        Vec::new()
    };
    let title = match (target.is_offer, target.editing) {
        (true, false) => s.new_offer,
        (true, true) => s.edit_offer,
        (false, false) => s.new_need,
        (false, true) => s.edit_need,
    };
    Ok(FormPage {
        page: ctx.page(title),
        action: target.action,
        is_offer: target.is_offer,
        editing: target.editing,
        context_title: target.context_title,
        context_href: target.context_href,
        title_hint: if target.is_offer {
            s.hint_offer_title
        } else {
            s.hint_need_title
        },
        kinds: choices(ResourceKind::options(lang), &[form.kind.as_str()]),
        weekdays: choices(Weekday::options(lang), &codes(&form.weekdays)),
        day_parts: choices(DayPart::options(lang), &codes(&form.day_parts)),
        actors,
        conflict: errors.contains_key("version"),
        form,
        errors,
    })
}

/// Renders a form with errors: 409 when someone saved meanwhile, else 422.
pub(super) fn form_with_errors(page: &FormPage) -> AppResult<Response> {
    let status = if page.conflict {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(status, page)
}

pub(super) fn need_target(initiative_id: i64, title: String, editing: Option<i64>) -> FormTarget {
    FormTarget {
        action: match editing {
            Some(id) => format!("/needs/{id}/edit"),
            None => format!("/initiatives/{initiative_id}/needs"),
        },
        is_offer: false,
        editing: editing.is_some(),
        context_title: title,
        context_href: format!("/initiatives/{initiative_id}"),
    }
}

pub(super) async fn new_need(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    actions::require_initiative_editor(&state.db, viewer, id).await?;
    let i = initiative_store::get(&state.db, id).await?;
    let form = ResourceForm {
        kind: ResourceKind::Hands.code().into(),
        address: i.draft.address.clone(),
        neighbourhood: i.draft.neighbourhood.clone(),
        latitude: i
            .draft
            .coordinates
            .map(|c| c.0.to_string())
            .unwrap_or_default(),
        longitude: i
            .draft
            .coordinates
            .map(|c| c.1.to_string())
            .unwrap_or_default(),
        ..ResourceForm::default()
    };
    let target = need_target(id, i.draft.title, None);
    render(&form_page(&state, &ctx, viewer, target, form, FieldErrors::new()).await?)
}

pub(super) async fn create_need(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<ResourceForm>,
) -> AppResult<Response> {
    let draft = form.need().map_err(AppError::Invalid);
    let added = actions::add_need(&state.db, viewer, id, draft).await;
    let errors = match added {
        Ok(need_id) => return Ok(see_other(&format!("/needs/{need_id}"))),
        Err(e) => e.on_form("title")?.1,
    };
    let i = initiative_store::get(&state.db, id).await?;
    let page = form_page(
        &state,
        &ctx,
        viewer,
        need_target(id, i.draft.title, None),
        form,
        errors,
    )
    .await?;
    form_with_errors(&page)
}

pub(super) async fn edit_need_form(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let n = store::get_need(&state.db, id).await?;
    actions::require_initiative_editor(&state.db, viewer, n.initiative_id).await?;
    let form = ResourceForm::from_need(&n);
    let target = need_target(n.initiative_id, n.initiative_title, Some(id));
    render(&form_page(&state, &ctx, viewer, target, form, FieldErrors::new()).await?)
}

pub(super) async fn edit_need(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<ResourceForm>,
) -> AppResult<Response> {
    let n = store::get_need(&state.db, id).await?;
    let version = form.version.parse().unwrap_or(-1);
    let draft = form.need().map_err(AppError::Invalid);
    let saved = actions::edit_need(&state.db, viewer, id, Some(version), draft).await;
    let errors = match saved {
        Ok(()) => return Ok(see_other(&format!("/needs/{id}"))),
        Err(e) => e.on_form("version")?.1,
    };
    let target = need_target(n.initiative_id, n.initiative_title, Some(id));
    form_with_errors(&form_page(&state, &ctx, viewer, target, form, errors).await?)
}
