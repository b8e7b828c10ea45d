//! The pages of spaces: search, listing and editing a space, its page with the booking form
//! and what is taken, blocked periods, and a booking's own page (decide, move, cancel).

use super::actions::{self, BookingRequest};
use super::model::*;
use super::store::{self, Booking, Space, SpaceFilter};
use crate::actors::model::ActorKind;
use crate::actors::routes::acting_choices;
use crate::mobilisation::model::Weekday;
use crate::platform::db::page_number;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::geo::parse_coordinates;
use crate::platform::i18n::Lang;
use crate::platform::input::{optional, parse_whole_number, printable};
use crate::platform::time::{format_period, moment_field, moment_input, parse_date};
use crate::platform::web::{
    AppState, Choice, ConfirmPage, Ctx, FormPairs, Page, SignedIn, choices, list_href, render,
    render_status, see_other,
};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/spaces", get(list).post(create))
        .route("/spaces/new", get(new_space))
        .route("/spaces/{id}", get(show))
        .route("/spaces/{id}/edit", get(edit_form).post(edit))
        .route("/spaces/{id}/calendar.ics", get(feed))
        .route("/spaces/{id}/bookings", post(book))
        .route("/spaces/{id}/blocks", get(new_block).post(add_block))
        .route("/blocks/{id}/delete", post(remove_block))
        .route("/bookings/{id}", get(show_booking))
        .route("/bookings/{id}/decision", post(decide))
        .route("/bookings/{id}/time", post(reschedule))
        .route("/bookings/{id}/cancel", get(confirm_cancel).post(cancel))
}

/// A space as a list shows it.
pub struct SpaceCard {
    pub id: i64,
    pub name: String,
    pub kind: &'static str,
    pub facts: String,
    pub features: String,
}

fn card(s: &Space, lang: Lang) -> SpaceCard {
    let d = &s.draft;
    let t = lang.strings();
    let mut facts = vec![];
    if !d.neighbourhood.is_empty() {
        facts.push(d.neighbourhood.clone());
    }
    if let Some(c) = d.capacity {
        facts.push(t.people_count(c));
    }
    if let Some(a) = d.area_m2 {
        facts.push(format!("{a} m²"));
    }
    facts.push(price_per_hour(d.price_ore_per_hour, lang));
    SpaceCard {
        id: s.id,
        name: d.name.clone(),
        kind: d.kind.label(lang),
        facts: facts.join(" · "),
        features: d
            .features
            .iter()
            .map(|f| f.label(lang))
            .collect::<Vec<_>>()
            .join(", "),
    }
}

fn price_per_hour(ore: i64, lang: Lang) -> String {
    match ore {
        0 => lang.strings().free.into(),
        _ => lang
            .strings()
            .per_hour(crate::platform::money::format_price(ore, lang)),
    }
}

#[derive(Template)]
#[template(path = "spaces/list.html")]
struct ListPage {
    page: Page,
    spaces: Vec<SpaceCard>,
    neighbourhood: String,
    capacity: String,
    date: String,
    features: Vec<Choice>,
    previous: Option<String>,
    next: Option<String>,
    errors: FieldErrors,
}

const PER_PAGE: i64 = 20;

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    let q = FormPairs::from_query(q);
    let s = ctx.s();
    let mut errors = FieldErrors::new();
    let (neighbourhood, capacity, date) = (
        printable(&q.get("neighbourhood")),
        q.get("capacity"),
        q.get("date"),
    );
    let min_capacity = optional(
        &mut errors,
        "capacity",
        &capacity,
        parse_whole_number,
        s.err_space_capacity,
    );
    let on = optional(&mut errors, "date", &date, parse_date, s.err_date);
    let wanted: Vec<String> = q.all("feature");
    let features: Vec<Feature> = wanted.iter().filter_map(|f| Feature::parse(f)).collect();
    let n = page_number(q.get("page").parse().unwrap_or(1));
    let filter = SpaceFilter {
        neighbourhood: neighbourhood.clone(),
        min_capacity,
        features,
        on,
    };
    let found = store::search(&state.db, &filter, PER_PAGE + 1, (n - 1) * PER_PAGE).await?;
    let more = found.len() as i64 > PER_PAGE;
    let wanted_refs: Vec<&str> = wanted.iter().map(String::as_str).collect();
    let filters: Vec<(&str, &str)> = [
        ("neighbourhood", neighbourhood.as_str()),
        ("capacity", capacity.as_str()),
        ("date", date.as_str()),
    ]
    .into_iter()
    .chain(wanted_refs.iter().map(|f| ("feature", *f)))
    .collect();
    render(&ListPage {
        page: ctx.page(s.spaces_title),
        spaces: found
            .iter()
            .take(PER_PAGE as usize)
            .map(|sp| card(sp, ctx.lang))
            .collect(),
        features: choices(
            Feature::ALL
                .iter()
                .map(|f| (f.code(), f.label(ctx.lang)))
                .collect(),
            &wanted_refs,
        ),
        previous: (n > 1).then(|| list_href("/spaces", &filters, n - 1)),
        next: more.then(|| list_href("/spaces", &filters, n + 1)),
        neighbourhood,
        capacity,
        date,
        errors,
    })
}

/// The space form as typed.
#[derive(Default)]
struct SpaceForm {
    owner: String,
    kind: String,
    name: String,
    description: String,
    address: String,
    neighbourhood: String,
    latitude: String,
    longitude: String,
    capacity: String,
    area: String,
    features: Vec<String>,
    house_rules: String,
    bookable_by: Vec<String>,
    approval: String,
    price: String,
    hours: [String; 7],
    available_from: String,
    available_until: String,
    status: String,
    version: String,
}

impl SpaceForm {
    fn from_pairs(p: &FormPairs) -> SpaceForm {
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

    fn of(s: &Space) -> SpaceForm {
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

    fn draft(&self, lang: Lang, errors: &mut FieldErrors) -> SpaceDraft {
        let s = lang.strings();
        let capacity = optional(
            errors,
            "capacity",
            &self.capacity,
            parse_whole_number,
            s.err_space_capacity,
        );
        let area_m2 = optional(
            errors,
            "area_m2",
            &self.area,
            parse_whole_number,
            s.err_area,
        );
        let kind = SpaceKind::parse(&self.kind).unwrap_or_else(|| {
            errors.insert("kind", s.err_choose.into());
            SpaceKind::Other
        });
        let price_ore_per_hour =
            crate::platform::money::parse_kroner(&self.price).unwrap_or_else(|| {
                errors.insert("price", s.err_price.into());
                0
            });
        let mut hours = [None; 7];
        for (i, typed) in self.hours.iter().enumerate() {
            match OpeningHours::parse_day(typed) {
                Ok(h) => hours[i] = h,
                Err(_) => {
                    errors.insert("opening_hours", s.err_opening_hours.into());
                }
            }
        }
        let available_from = optional(
            errors,
            "available_from",
            &self.available_from,
            parse_date,
            s.err_date,
        );
        let available_until = optional(
            errors,
            "available_until",
            &self.available_until,
            parse_date,
            s.err_date,
        );
        SpaceDraft {
            kind,
            name: self.name.clone(),
            description: self.description.clone(),
            address: self.address.clone(),
            neighbourhood: self.neighbourhood.clone(),
            coordinates: parse_coordinates(errors, s, &self.latitude, &self.longitude),
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
struct FormPage {
    page: Page,
    form: SpaceForm,
    owners: Vec<Choice>,
    kinds: Vec<Choice>,
    features: Vec<Choice>,
    bookable_by: Vec<Choice>,
    approval: Vec<Choice>,
    statuses: Vec<Choice>,
    hours: Vec<HoursField>,
    action: String,
    editing: bool,
    errors: FieldErrors,
}

async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    form: SpaceForm,
    editing: Option<i64>,
    errors: FieldErrors,
) -> AppResult<FormPage> {
    let viewer = ctx.require_viewer()?;
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
fn booker_label(kind: ActorKind, lang: Lang) -> &'static str {
    let s = lang.strings();
    match kind {
        ActorKind::Person => s.booker_citizens,
        ActorKind::Association => s.booker_associations,
        ActorKind::Business => s.booker_businesses,
        ActorKind::Institution => s.booker_institutions,
        ActorKind::MunicipalUnit => s.booker_employees,
    }
}

async fn new_space(
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
    render(&form_page(&state, &ctx, form, None, FieldErrors::new()).await?)
}

async fn create(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = SpaceForm::from_pairs(&FormPairs(pairs));
    let mut errors = FieldErrors::new();
    let draft = form.draft(ctx.lang, &mut errors);
    match actions::create(
        &state.db,
        viewer,
        ctx.lang,
        draft,
        form.owner.parse().ok(),
        errors,
    )
    .await
    {
        Ok(id) => Ok(see_other(&format!("/spaces/{id}"))),
        Err(AppError::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &form_page(&state, &ctx, form, None, errors).await?,
        ),
        Err(e) => Err(e),
    }
}

async fn edit_form(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let space = actions::require_manager(&state.db, viewer, id).await?;
    render(
        &form_page(
            &state,
            &ctx,
            SpaceForm::of(&space),
            Some(id),
            FieldErrors::new(),
        )
        .await?,
    )
}

async fn edit(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let space = actions::require_manager(&state.db, viewer, id).await?;
    let mut form = SpaceForm::from_pairs(&FormPairs(pairs));
    form.owner = space.owner_id.to_string();
    let mut errors = FieldErrors::new();
    let draft = form.draft(ctx.lang, &mut errors);
    let status = SpaceStatus::parse(&form.status).unwrap_or(space.status);
    let version = form.version.parse().unwrap_or(0);
    match actions::update(
        &state.db,
        viewer,
        ctx.lang,
        id,
        draft,
        (status, version),
        errors,
    )
    .await
    {
        Ok(()) => Ok(see_other(&format!("/spaces/{id}"))),
        Err(AppError::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &form_page(&state, &ctx, form, Some(id), errors).await?,
        ),
        Err(AppError::Refused(refusal)) => {
            let mut errors = FieldErrors::new();
            errors.insert("name", refusal.message(ctx.s()));
            render_status(
                StatusCode::CONFLICT,
                &form_page(&state, &ctx, form, Some(id), errors).await?,
            )
        }
        Err(e) => Err(e),
    }
}

pub struct Slot {
    pub when: String,
    pub label: String,
    pub href: Option<String>,
}

pub struct HoursLine {
    pub day: &'static str,
    pub hours: String,
}

#[derive(Template)]
#[template(path = "spaces/show.html")]
struct SpacePage {
    page: Page,
    sp: Space,
    kind: &'static str,
    status: &'static str,
    withdrawn: bool,
    price: String,
    features: Vec<&'static str>,
    bookable_by: String,
    hours: Vec<HoursLine>,
    dates: String,
    taken: Vec<Slot>,
    blocked: Vec<Slot>,
    blocks: Vec<store::Block>,
    manages: bool,
    bookers: Vec<Choice>,
    initiative: String,
    purpose: String,
    attendees: String,
    starts: String,
    ends: String,
    errors: FieldErrors,
}

/// A booking form as typed, to show again when it failed.
#[derive(Default)]
struct BookingAttempt {
    booker: String,
    initiative: String,
    purpose: String,
    attendees: String,
    starts: String,
    ends: String,
    errors: FieldErrors,
}

async fn space_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    attempt: BookingAttempt,
) -> AppResult<SpacePage> {
    let lang = ctx.lang;
    let s = ctx.s();
    let sp = store::get_space(&state.db, id).await?;
    let manages = actions::manages(ctx.viewer.as_ref(), &sp);
    let d = &sp.draft;
    let hours = match d.opening_hours {
        None => vec![HoursLine {
            day: s.space_always_open,
            hours: String::new(),
        }],
        Some(h) => Weekday::ALL
            .iter()
            .zip(h.0)
            .map(|(day, open)| HoursLine {
                day: day.label(lang),
                hours: open
                    .map(|(o, c)| format!("{}–{}", clock(o), clock(c)))
                    .unwrap_or_else(|| s.space_closed.into()),
            })
            .collect(),
    };
    let dates = match (d.available_from, d.available_until) {
        (None, None) => String::new(),
        (from, until) => format!(
            "{} – {}",
            from.map(|d| crate::platform::time::format_civil_date(d, lang))
                .unwrap_or_default(),
            until
                .map(|d| crate::platform::time::format_civil_date(d, lang))
                .unwrap_or_default()
        ),
    };
    let viewer = ctx.viewer.as_ref();
    let taken = store::coming_bookings(&state.db, id)
        .await?
        .into_iter()
        .filter(|b| manages || b.status == BookingStatus::Confirmed)
        .map(|b| Slot {
            when: format_period(b.starts_at, b.ends_at, lang),
            label: if manages {
                format!(
                    "{}: {} ({})",
                    b.booker_name,
                    b.purpose,
                    b.status.label(lang)
                )
            } else {
                b.initiative_title
                    .clone()
                    .unwrap_or_else(|| s.space_taken.into())
            },
            href: (manages
                || viewer.is_some_and(|v| {
                    crate::platform::permissions::can(
                        Some(v),
                        crate::platform::permissions::Action::ActFor(b.booker_id),
                    )
                }))
            .then(|| format!("/bookings/{}", b.id)),
        })
        .collect();
    let blocks = store::blocks(&state.db, id).await?;
    let bookers = match viewer {
        Some(v) => acting_choices(state, ctx, v, &attempt.booker).await?,
        None => Vec::new(),
    };
    Ok(SpacePage {
        page: ctx.page(d.name.clone()),
        kind: d.kind.label(lang),
        status: sp.status.label(lang),
        withdrawn: sp.status == SpaceStatus::Withdrawn,
        price: price_per_hour(d.price_ore_per_hour, lang),
        features: d.features.iter().map(|f| f.label(lang)).collect(),
        bookable_by: d
            .bookable_by
            .iter()
            .map(|k| booker_label(*k, lang))
            .collect::<Vec<_>>()
            .join(", "),
        hours,
        dates,
        taken,
        blocked: blocks
            .iter()
            .map(|b| Slot {
                when: format_period(b.starts_at, b.ends_at, lang),
                label: b.reason.clone(),
                href: None,
            })
            .collect(),
        blocks,
        manages,
        bookers,
        initiative: attempt.initiative,
        purpose: attempt.purpose,
        attendees: attempt.attendees,
        starts: attempt.starts,
        ends: attempt.ends,
        errors: attempt.errors,
        sp,
    })
}

async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    let q = FormPairs::from_query(q);
    let attempt = BookingAttempt {
        initiative: q
            .get("initiative")
            .parse::<i64>()
            .map(|i| i.to_string())
            .unwrap_or_default(),
        ..BookingAttempt::default()
    };
    render(&space_page(&state, &ctx, id, attempt).await?)
}

async fn book(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = FormPairs(pairs);
    let s = ctx.s();
    let mut errors = FieldErrors::new();
    let attempt = BookingAttempt {
        booker: form.get("booker"),
        initiative: form.get("initiative"),
        purpose: form.get("purpose"),
        attendees: form.get("attendees"),
        starts: form.get("starts"),
        ends: form.get("ends"),
        errors: FieldErrors::new(),
    };
    let starts_at = moment_field(&mut errors, s, "starts", &attempt.starts, true);
    let ends_at = moment_field(&mut errors, s, "ends", &attempt.ends, true);
    let attendees = match attempt.attendees.trim() {
        "" => None,
        typed => Some(parse_whole_number(typed).unwrap_or(0)),
    };
    let req = BookingRequest {
        booker_id: attempt.booker.parse().ok(),
        initiative_id: attempt.initiative.parse().ok(),
        purpose: attempt.purpose.clone(),
        attendees,
        starts_at: starts_at.unwrap_or(0),
        ends_at: ends_at.unwrap_or(0),
    };
    let (status, errors) = match actions::book(&state.db, viewer, ctx.lang, id, req, errors).await {
        Ok(b) => return Ok(see_other(&format!("/bookings/{}", b.id))),
        Err(AppError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        Err(AppError::Refused(refusal)) => {
            let mut errors = FieldErrors::new();
            errors.insert("starts", refusal.message(ctx.s()));
            (StatusCode::CONFLICT, errors)
        }
        Err(e) => return Err(e),
    };
    render_status(
        status,
        &space_page(&state, &ctx, id, BookingAttempt { errors, ..attempt }).await?,
    )
}

#[derive(Template)]
#[template(path = "spaces/block_form.html")]
struct BlockPage {
    page: Page,
    space_id: i64,
    space_name: String,
    starts: String,
    ends: String,
    reason: String,
    errors: FieldErrors,
}

async fn new_block(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let sp = actions::require_manager(&state.db, viewer, id).await?;
    render(&BlockPage {
        page: ctx.page(ctx.s().block_period),
        space_id: id,
        space_name: sp.draft.name,
        starts: String::new(),
        ends: String::new(),
        reason: String::new(),
        errors: FieldErrors::new(),
    })
}

async fn add_block(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = FormPairs(pairs);
    let s = ctx.s();
    let mut errors = FieldErrors::new();
    let (starts, ends, reason) = (form.get("starts"), form.get("ends"), form.get("reason"));
    let starts_at = moment_field(&mut errors, s, "starts", &starts, true).unwrap_or(0);
    let ends_at = moment_field(&mut errors, s, "ends", &ends, true).unwrap_or(0);
    match actions::block(
        &state.db,
        viewer,
        ctx.lang,
        id,
        (starts_at, ends_at),
        &reason,
        errors,
    )
    .await
    {
        Ok(_) => Ok(see_other(&format!("/spaces/{id}#blocked"))),
        Err(AppError::Invalid(errors)) => {
            let sp = store::get_space(&state.db, id).await?;
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &BlockPage {
                    page: ctx.page(s.block_period),
                    space_id: id,
                    space_name: sp.draft.name,
                    starts,
                    ends,
                    reason,
                    errors,
                },
            )
        }
        Err(e) => Err(e),
    }
}

async fn remove_block(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let b = store::get_block(&state.db, id).await?;
    actions::require_manager(&state.db, viewer, b.space_id).await?;
    store::remove_block(&state.db, id).await?;
    Ok(see_other(&format!("/spaces/{}#blocked", b.space_id)))
}

#[derive(Template)]
#[template(path = "spaces/booking.html")]
struct BookingPage {
    page: Page,
    b: Booking,
    when: String,
    status: &'static str,
    live: bool,
    requested: bool,
    manages: bool,
    is_booker: bool,
    starts: String,
    ends: String,
    reason: String,
    errors: FieldErrors,
}

async fn booking_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    typed: Option<(String, String, String)>,
    errors: FieldErrors,
) -> AppResult<BookingPage> {
    let viewer = ctx.require_viewer()?;
    let b = store::get_booking(&state.db, id).await?;
    let sp = store::get_space(&state.db, b.space_id).await?;
    let manages = actions::manages(Some(viewer), &sp);
    let is_booker = crate::platform::permissions::can(
        Some(viewer),
        crate::platform::permissions::Action::ActFor(b.booker_id),
    );
    if !manages && !is_booker {
        return Err(AppError::Forbidden);
    }
    let (starts, ends, reason) = typed.unwrap_or_else(|| {
        (
            moment_input(b.starts_at),
            moment_input(b.ends_at),
            String::new(),
        )
    });
    Ok(BookingPage {
        page: ctx.page(ctx.s().booking_title(&b.space_name)),
        when: format_period(b.starts_at, b.ends_at, ctx.lang),
        status: b.status.label(ctx.lang),
        live: matches!(
            b.status,
            BookingStatus::Requested | BookingStatus::Confirmed
        ),
        requested: b.status == BookingStatus::Requested,
        manages,
        is_booker,
        starts,
        ends,
        reason,
        errors,
        b,
    })
}

async fn show_booking(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(&booking_page(&state, &ctx, id, None, FieldErrors::new()).await?)
}

async fn decide(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = FormPairs(pairs);
    let accept = form.get("decision") == "confirm";
    let reason = form.get("reason");
    match actions::decide(&state.db, viewer, ctx.lang, id, accept, &reason).await {
        Ok(_) => Ok(see_other(&format!("/bookings/{id}"))),
        Err(AppError::Invalid(errors)) => {
            let page = booking_page(&state, &ctx, id, None, errors).await?;
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &BookingPage { reason, ..page },
            )
        }
        Err(AppError::Refused(refusal)) => {
            let mut errors = FieldErrors::new();
            errors.insert("reason", refusal.message(ctx.s()));
            render_status(
                StatusCode::CONFLICT,
                &booking_page(&state, &ctx, id, None, errors).await?,
            )
        }
        Err(e) => Err(e),
    }
}

async fn reschedule(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = FormPairs(pairs);
    let s = ctx.s();
    let (starts, ends) = (form.get("starts"), form.get("ends"));
    let mut errors = FieldErrors::new();
    let starts_at = moment_field(&mut errors, s, "starts", &starts, true).unwrap_or(0);
    let ends_at = moment_field(&mut errors, s, "ends", &ends, true).unwrap_or(0);
    let (status, errors) = match actions::reschedule(
        &state.db, viewer, ctx.lang, id, starts_at, ends_at, errors,
    )
    .await
    {
        Ok(_) => return Ok(see_other(&format!("/bookings/{id}"))),
        Err(AppError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        Err(AppError::Refused(refusal)) => {
            let mut errors = FieldErrors::new();
            errors.insert("starts", refusal.message(ctx.s()));
            (StatusCode::CONFLICT, errors)
        }
        Err(e) => return Err(e),
    };
    render_status(
        status,
        &booking_page(
            &state,
            &ctx,
            id,
            Some((starts, ends, String::new())),
            errors,
        )
        .await?,
    )
}

async fn confirm_cancel(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let page = booking_page(&state, &ctx, id, None, FieldErrors::new()).await?;
    let s = ctx.s();
    render(&ConfirmPage {
        page: ctx.page(s.cancel_booking),
        message: s.confirm_cancel_booking(&page.b.space_name, &page.when),
        action: format!("/bookings/{id}/cancel"),
        button: s.cancel_booking,
        cancel_href: format!("/bookings/{id}"),
    })
}

async fn cancel(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    actions::cancel(&state.db, viewer, id).await?;
    Ok(see_other(&format!("/bookings/{id}")))
}

/// The space's confirmed bookings that have not ended, as iCalendar: when it is taken.
async fn feed(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    use crate::platform::ical::{Calendar, text};
    let sp = store::get_space(&state.db, id).await?;
    let mut c = Calendar::new(&sp.draft.name, &state.config.public_url());
    let location = [sp.draft.name.as_str(), sp.draft.address.as_str()]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    for b in store::coming_bookings(&state.db, id).await? {
        if b.status != BookingStatus::Confirmed {
            continue;
        }
        c.line("BEGIN:VEVENT");
        c.line(&format!("UID:booking-{}@{}", b.id, c.host));
        c.stamp();
        c.local_time("DTSTART", b.starts_at);
        c.local_time("DTEND", b.ends_at);
        let summary = b
            .initiative_title
            .unwrap_or_else(|| ctx.s().space_taken.into());
        c.line(&format!("SUMMARY:{}", text(&summary)));
        c.line(&format!("LOCATION:{}", text(&location)));
        c.line(&format!("URL:{}/spaces/{id}", c.base));
        c.line("STATUS:CONFIRMED");
        c.line("END:VEVENT");
    }
    Ok(c.finish())
}
