//! The pages of events: the list, planning and editing, the public event page with sign-up and
//! orders, the organiser's programme, items and check-in list (HTML to print, and CSV).

use super::actions;
use super::model::*;
use super::store::{self, Event, Item, Order, Signup};
use crate::actors::routes::acting_choices;
use crate::platform::db::page_number;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::geo::parse_coordinates;
use crate::platform::i18n::Lang;
use crate::platform::input::{optional, parse_whole_number};
use crate::platform::money::{format_price, kroner_input, parse_kroner};
use crate::platform::permissions::{Action, can};
use crate::platform::time::{
    format_clock, format_moment, format_period, moment_field, moment_input,
};
use crate::platform::web::{
    AppState, Choice, ConfirmPage, Ctx, FormPairs, Page, SignedIn, list_href, render,
    render_status, see_other,
};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum_extra::extract::Form;
use serde::Deserialize;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/events", get(list).post(create))
        .route("/events/new", get(new_event))
        .route("/events/{id}", get(show))
        .route("/events/{id}/edit", get(edit_form).post(edit))
        .route(
            "/events/{id}/cancel",
            get(confirm_cancel_event).post(cancel_event),
        )
        .route("/events/{id}/signups", post(sign_up))
        .route(
            "/events/{id}/programme",
            get(new_programme_item).post(add_programme_item),
        )
        .route("/events/{id}/items", get(new_item).post(add_item))
        .route("/events/{id}/checkin", get(checkin))
        .route("/events/{id}/checkin.csv", get(checkin_csv))
        .route("/programme/{id}/delete", post(remove_programme_item))
        .route(
            "/signups/{id}/cancel",
            get(confirm_cancel_signup).post(cancel_signup),
        )
        .route("/signups/{id}/checkin", post(check_in))
        .route("/items/{id}/orders", post(order))
        .route(
            "/orders/{id}/cancel",
            get(confirm_cancel_order).post(cancel_order),
        )
        .route("/orders/{id}/handout", post(hand_out))
}

/// An event as a list shows it.
pub struct EventCard {
    pub id: i64,
    pub title: String,
    pub when: String,
    pub place: String,
    pub places: String,
    pub cancelled: bool,
}

fn when(e: &Event, lang: Lang) -> String {
    format_period(e.draft.starts_at, e.draft.ends_at, lang)
}

fn places(e: &Event, lang: Lang) -> String {
    let s = lang.strings();
    match e.places_left() {
        None => s.event_no_signup_needed.into(),
        Some(0) => s.event_full(e.waiting),
        Some(left) => s.event_places_left(left, e.draft.capacity.unwrap_or(0)),
    }
}

pub fn event_card(e: &Event, lang: Lang) -> EventCard {
    EventCard {
        id: e.id,
        title: e.draft.title.clone(),
        when: when(e, lang),
        place: e.draft.place.clone(),
        places: places(e, lang),
        cancelled: e.status == EventStatus::Cancelled,
    }
}

/// An initiative's coming events, for its page.
pub async fn initiative_events(
    state: &AppState,
    lang: Lang,
    initiative_id: i64,
) -> AppResult<Vec<EventCard>> {
    Ok(store::upcoming(&state.db, Some(initiative_id), 20, 0)
        .await?
        .iter()
        .map(|e| event_card(e, lang))
        .collect())
}

#[derive(Template)]
#[template(path = "events/list.html")]
struct ListPage {
    page: Page,
    events: Vec<EventCard>,
    previous: Option<String>,
    next: Option<String>,
}

#[derive(Deserialize)]
struct ListQuery {
    page: Option<i64>,
}

const PER_PAGE: i64 = 20;

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(q): Query<ListQuery>,
) -> AppResult<Response> {
    let n = page_number(q.page.unwrap_or(1));
    let events = store::upcoming(&state.db, None, PER_PAGE + 1, (n - 1) * PER_PAGE).await?;
    let more = events.len() as i64 > PER_PAGE;
    render(&ListPage {
        page: ctx.page(ctx.s().events_title),
        events: events
            .iter()
            .take(PER_PAGE as usize)
            .map(|e| event_card(e, ctx.lang))
            .collect(),
        previous: (n > 1).then(|| list_href("/events", &[], n - 1)),
        next: more.then(|| list_href("/events", &[], n + 1)),
    })
}

/// The event form as typed: every field a string, so a mistake comes back as it was written.
#[derive(Default, serde::Deserialize)]
#[serde(default)]
struct EventForm {
    organiser: String,
    initiative: String,
    title: String,
    description: String,
    place: String,
    latitude: String,
    longitude: String,
    starts: String,
    ends: String,
    capacity: String,
    cancel_until: String,
    version: String,
}

impl EventForm {
    fn of(e: &Event) -> EventForm {
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
    fn draft(&self, lang: Lang, errors: &mut FieldErrors) -> EventDraft {
        let s = lang.strings();
        let starts_at = moment_field(errors, s, "starts", &self.starts, true);
        let ends_at = moment_field(errors, s, "ends", &self.ends, true);
        let cancel_until = moment_field(errors, s, "cancel_until", &self.cancel_until, false);
        let capacity = optional(
            errors,
            "capacity",
            &self.capacity,
            parse_whole_number,
            s.err_capacity,
        );
        EventDraft {
            title: self.title.clone(),
            description: self.description.clone(),
            place: self.place.clone(),
            coordinates: parse_coordinates(errors, s, &self.latitude, &self.longitude),
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
struct FormPage {
    page: Page,
    form: EventForm,
    organisers: Vec<Choice>,
    initiative_title: Option<String>,
    action: String,
    editing: bool,
    errors: FieldErrors,
}

#[derive(Deserialize)]
struct NewQuery {
    initiative: Option<i64>,
}

async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    form: EventForm,
    editing: Option<i64>,
    errors: FieldErrors,
) -> AppResult<FormPage> {
    let viewer = ctx.require_viewer()?;
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

async fn new_event(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    let form = EventForm {
        organiser: viewer.person_id.to_string(),
        initiative: q.initiative.map(|i| i.to_string()).unwrap_or_default(),
        ..EventForm::default()
    };
    render(&form_page(&state, &ctx, form, None, FieldErrors::new()).await?)
}

async fn create(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Form(form): Form<EventForm>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::new();
    let draft = form.draft(ctx.lang, &mut errors);
    let created = actions::create(
        &state.db,
        viewer,
        ctx.lang,
        draft,
        form.organiser.parse().ok(),
        form.initiative.parse().ok(),
        errors,
    )
    .await;
    match created {
        Ok(id) => Ok(see_other(&format!("/events/{id}"))),
        Err(AppError::Invalid(errors)) => {
            let page = form_page(&state, &ctx, form, None, errors).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(e) => Err(e),
    }
}

async fn edit_form(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let e = actions::require_organiser(&state.db, viewer, id).await?;
    render(
        &form_page(
            &state,
            &ctx,
            EventForm::of(&e),
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
    Form(mut form): Form<EventForm>,
) -> AppResult<Response> {
    let e = actions::require_organiser(&state.db, viewer, id).await?;
    // Who organises and which initiative it belongs to are fixed once planned.
    form.organiser = e.organiser_id.to_string();
    form.initiative = e.initiative_id.map(|i| i.to_string()).unwrap_or_default();
    let mut errors = FieldErrors::new();
    let draft = form.draft(ctx.lang, &mut errors);
    let version = form.version.parse().unwrap_or(0);
    match actions::update(&state.db, viewer, ctx.lang, id, draft, version, errors).await {
        Ok(()) => Ok(see_other(&format!("/events/{id}"))),
        Err(AppError::Invalid(errors)) => {
            let page = form_page(&state, &ctx, form, Some(id), errors).await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(AppError::Refused(refusal)) => {
            let mut errors = FieldErrors::new();
            errors.insert("title", refusal.message(ctx.s()));
            let page = form_page(&state, &ctx, form, Some(id), errors).await?;
            render_status(StatusCode::CONFLICT, &page)
        }
        Err(e) => Err(e),
    }
}

pub struct ProgrammeView {
    pub id: i64,
    pub time: String,
    pub title: String,
    pub place: String,
}

pub struct ItemView {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub price: String,
    pub left: String,
    pub rule: String,
    pub sold_out: bool,
}

fn item_view(i: &Item, lang: Lang) -> ItemView {
    let s = lang.strings();
    ItemView {
        id: i.id,
        name: i.draft.name.clone(),
        description: i.draft.description.clone(),
        price: format_price(i.draft.price_ore, lang),
        left: s.item_left(i.remaining, i.draft.stock),
        rule: i
            .draft
            .household_limit
            .map(|l| s.item_household_limit(l))
            .unwrap_or_default(),
        sold_out: i.remaining == 0,
    }
}

pub struct OrderView {
    pub id: i64,
    pub item: String,
    pub quantity: i64,
    pub address: String,
    pub status: &'static str,
    pub reserved: bool,
}

fn order_view(o: &Order, lang: Lang) -> OrderView {
    OrderView {
        id: o.id,
        item: o.item_name.clone(),
        quantity: o.quantity,
        address: o.address.clone(),
        status: o.status.label(lang),
        reserved: o.status == OrderStatus::Reserved,
    }
}

#[derive(Template)]
#[template(path = "events/show.html")]
struct EventPage {
    page: Page,
    e: Event,
    when: String,
    places: String,
    status_label: &'static str,
    cancelled: bool,
    programme: Vec<ProgrammeView>,
    items: Vec<ItemView>,
    mine: Option<Signup>,
    my_status: String,
    can_cancel_mine: bool,
    cancel_deadline: String,
    my_orders: Vec<OrderView>,
    manages: bool,
    open: bool,
    order_item: i64,
    address: String,
    quantity: String,
    errors: FieldErrors,
}

/// What the viewer typed into an order form that failed, to show again.
#[derive(Default)]
struct OrderAttempt {
    item_id: i64,
    address: String,
    quantity: String,
    errors: FieldErrors,
}

async fn event_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    attempt: OrderAttempt,
) -> AppResult<EventPage> {
    let lang = ctx.lang;
    let s = ctx.s();
    let e = store::get_event(&state.db, id).await?;
    let viewer = ctx.viewer.as_ref();
    let manages = actions::manages(&state.db, viewer, &e).await?;
    let (mine, my_orders) = match viewer {
        Some(v) => (
            store::signup_of(&state.db, id, v.person_id).await?,
            store::orders_of(&state.db, id, v.person_id).await?,
        ),
        None => (None, Vec::new()),
    };
    let now = crate::platform::time::now();
    let my_status = match &mine {
        Some(m) => match m.waiting_position {
            Some(p) => s.signup_waiting_at(p),
            None => s.signup_confirmed.into(),
        },
        None => String::new(),
    };
    let programme = store::programme(&state.db, id)
        .await?
        .into_iter()
        .map(|p| ProgrammeView {
            id: p.id,
            time: match p.draft.ends_at {
                Some(end) => format!(
                    "{}–{}",
                    format_clock(p.draft.starts_at, lang),
                    format_clock(end, lang)
                ),
                None => format_clock(p.draft.starts_at, lang),
            },
            title: p.draft.title,
            place: p.draft.place,
        })
        .collect();
    let items = store::items(&state.db, id)
        .await?
        .iter()
        .map(|i| item_view(i, lang))
        .collect();
    Ok(EventPage {
        page: ctx.page(e.draft.title.clone()),
        when: when(&e, lang),
        places: places(&e, lang),
        status_label: e.status.label(lang),
        cancelled: e.status == EventStatus::Cancelled,
        open: e.status == EventStatus::Planned && now < e.draft.starts_at,
        programme,
        items,
        can_cancel_mine: mine.is_some() && may_cancel(now, e.draft.starts_at, e.draft.cancel_until),
        cancel_deadline: format_moment(e.draft.cancel_until.unwrap_or(e.draft.starts_at), lang),
        mine,
        my_status,
        my_orders: my_orders.iter().map(|o| order_view(o, lang)).collect(),
        manages,
        order_item: attempt.item_id,
        address: attempt.address,
        quantity: attempt.quantity,
        errors: attempt.errors,
        e,
    })
}

async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    render(&event_page(&state, &ctx, id, OrderAttempt::default()).await?)
}

async fn sign_up(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    actions::sign_up(&state.db, viewer, id).await?;
    Ok(see_other(&format!("/events/{id}#signup")))
}

async fn confirm_cancel_signup(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let signup = store::get_signup(&state.db, id).await?;
    let e = store::get_event(&state.db, signup.event_id).await?;
    if !can(Some(viewer), Action::ActFor(signup.person_id))
        && !actions::manages(&state.db, Some(viewer), &e).await?
    {
        return Err(AppError::Forbidden);
    }
    let s = ctx.s();
    let message = if signup.person_id == viewer.person_id {
        s.confirm_cancel_signup(&e.draft.title)
    } else {
        s.confirm_remove_signup(&signup.person_name, &e.draft.title)
    };
    render(&ConfirmPage {
        page: ctx.page(s.cancel_signup),
        message,
        action: format!("/signups/{id}/cancel"),
        button: s.cancel_signup,
        cancel_href: format!("/events/{}", e.id),
    })
}

async fn cancel_signup(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let signup = store::get_signup(&state.db, id).await?;
    actions::cancel_signup(&state.db, viewer, id).await?;
    let back = if signup.person_id == viewer.person_id {
        format!("/events/{}#signup", signup.event_id)
    } else {
        format!("/events/{}/checkin", signup.event_id)
    };
    Ok(see_other(&back))
}

async fn order(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(item_id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let item = store::get_item(&state.db, item_id).await?;
    let form = FormPairs(pairs);
    let (address, quantity) = (form.get("address"), form.get("quantity"));
    let typed_quantity = match quantity.trim() {
        "" => Some(1),
        q => parse_whole_number(q).or(Some(0)),
    };
    let placed = actions::order(
        &state.db,
        viewer,
        ctx.lang,
        item_id,
        &address,
        typed_quantity,
    )
    .await;
    let (status, errors) = match placed {
        Ok(_) => return Ok(see_other(&format!("/events/{}#orders", item.event_id))),
        Err(AppError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        Err(AppError::Refused(refusal)) => {
            let mut errors = FieldErrors::new();
            errors.insert("address", refusal.message(ctx.s()));
            (StatusCode::CONFLICT, errors)
        }
        Err(e) => return Err(e),
    };
    let attempt = OrderAttempt {
        item_id,
        address,
        quantity,
        errors,
    };
    render_status(
        status,
        &event_page(&state, &ctx, item.event_id, attempt).await?,
    )
}

async fn confirm_cancel_order(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let o = store::get_order(&state.db, id).await?;
    if o.person_id != viewer.person_id {
        actions::require_organiser(&state.db, viewer, o.event_id).await?;
    }
    let s = ctx.s();
    render(&ConfirmPage {
        page: ctx.page(s.cancel_order),
        message: s.confirm_cancel_order(&o.item_name, &o.address),
        action: format!("/orders/{id}/cancel"),
        button: s.cancel_order,
        cancel_href: format!("/events/{}", o.event_id),
    })
}

async fn cancel_order(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let o = store::get_order(&state.db, id).await?;
    actions::cancel_order(&state.db, viewer, id).await?;
    let back = if o.person_id == viewer.person_id {
        format!("/events/{}#orders", o.event_id)
    } else {
        format!("/events/{}/checkin", o.event_id)
    };
    Ok(see_other(&back))
}

async fn confirm_cancel_event(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let e = actions::require_organiser(&state.db, viewer, id).await?;
    let s = ctx.s();
    render(&ConfirmPage {
        page: ctx.page(s.cancel_event),
        message: s.confirm_cancel_event(&e.draft.title),
        action: format!("/events/{id}/cancel"),
        button: s.cancel_event,
        cancel_href: format!("/events/{id}"),
    })
}

async fn cancel_event(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    actions::cancel_event(&state.db, viewer, id).await?;
    Ok(see_other(&format!("/events/{id}")))
}

#[derive(Template)]
#[template(path = "events/programme_form.html")]
struct ProgrammePage {
    page: Page,
    event_id: i64,
    event_title: String,
    day: String,
    title: String,
    place: String,
    starts: String,
    ends: String,
    errors: FieldErrors,
}

async fn new_programme_item(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let e = actions::require_organiser(&state.db, viewer, id).await?;
    render(&ProgrammePage {
        page: ctx.page(ctx.s().add_programme_item),
        event_id: id,
        event_title: e.draft.title.clone(),
        day: when(&e, ctx.lang),
        title: String::new(),
        place: String::new(),
        starts: moment_input(e.draft.starts_at),
        ends: String::new(),
        errors: FieldErrors::new(),
    })
}

async fn add_programme_item(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let e = actions::require_organiser(&state.db, viewer, id).await?;
    let form = FormPairs(pairs);
    let s = ctx.s();
    let mut errors = FieldErrors::new();
    let starts = form.get("starts");
    let ends = form.get("ends");
    let starts_at = moment_field(&mut errors, s, "starts", &starts, true);
    let ends_at = moment_field(&mut errors, s, "ends", &ends, false);
    let draft = ProgrammeDraft {
        title: form.get("title"),
        place: form.get("place"),
        starts_at: starts_at.unwrap_or(e.draft.starts_at),
        ends_at,
    };
    match actions::add_programme_item(&state.db, viewer, ctx.lang, id, draft, errors).await {
        Ok(_) => Ok(see_other(&format!("/events/{id}#programme"))),
        Err(AppError::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ProgrammePage {
                page: ctx.page(s.add_programme_item),
                event_id: id,
                event_title: e.draft.title.clone(),
                day: when(&e, ctx.lang),
                title: form.get("title"),
                place: form.get("place"),
                starts,
                ends,
                errors,
            },
        ),
        Err(e) => Err(e),
    }
}

async fn remove_programme_item(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let p = store::get_programme_item(&state.db, id).await?;
    actions::require_organiser(&state.db, viewer, p.event_id).await?;
    store::remove_programme_item(&state.db, id).await?;
    Ok(see_other(&format!("/events/{}#programme", p.event_id)))
}

#[derive(Template)]
#[template(path = "events/item_form.html")]
struct ItemPage {
    page: Page,
    event_id: i64,
    event_title: String,
    item_name: String,
    description: String,
    price: String,
    stock: String,
    household_limit: String,
    errors: FieldErrors,
}

async fn new_item(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let e = actions::require_organiser(&state.db, viewer, id).await?;
    render(&ItemPage {
        page: ctx.page(ctx.s().add_item),
        event_id: id,
        event_title: e.draft.title,
        item_name: String::new(),
        description: String::new(),
        price: String::new(),
        stock: String::new(),
        household_limit: String::new(),
        errors: FieldErrors::new(),
    })
}

async fn add_item(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let e = actions::require_organiser(&state.db, viewer, id).await?;
    let form = FormPairs(pairs);
    let s = ctx.s();
    let mut errors = FieldErrors::new();
    let price_ore = parse_kroner(&form.get("price")).unwrap_or_else(|| {
        errors.insert("price", s.err_price.into());
        0
    });
    let stock = parse_whole_number(&form.get("stock")).unwrap_or(0);
    let household_limit = match form.get("household_limit").trim() {
        "" => None,
        typed => Some(parse_whole_number(typed).unwrap_or(0)),
    };
    let draft = ItemDraft {
        name: form.get("name"),
        description: form.get("description"),
        price_ore,
        stock,
        household_limit,
    };
    match actions::add_item(&state.db, viewer, ctx.lang, id, draft, errors).await {
        Ok(_) => Ok(see_other(&format!("/events/{id}#items"))),
        Err(AppError::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ItemPage {
                page: ctx.page(s.add_item),
                event_id: id,
                event_title: e.draft.title,
                item_name: form.get("name"),
                description: form.get("description"),
                price: form.get("price"),
                stock: form.get("stock"),
                household_limit: form.get("household_limit"),
                errors,
            },
        ),
        Err(e) => Err(e),
    }
}

pub struct CheckinRow {
    pub id: i64,
    pub number: i64,
    pub name: String,
    pub arrived: bool,
}

pub struct HandoutRow {
    pub id: i64,
    pub number: i64,
    pub name: String,
    pub item: String,
    pub quantity: i64,
    pub address: String,
    pub to_pay: String,
    pub price_kroner: String,
    pub handed_out: bool,
    pub paid: String,
}

#[derive(Template)]
#[template(path = "events/checkin.html")]
struct CheckinPage {
    page: Page,
    e: Event,
    when: String,
    confirmed: Vec<CheckinRow>,
    waiting: Vec<CheckinRow>,
    arrived: usize,
    orders: Vec<HandoutRow>,
}

fn handout_row(o: &Order, lang: Lang) -> HandoutRow {
    HandoutRow {
        id: o.id,
        number: o.accepted_order,
        name: o.person_name.clone(),
        item: o.item_name.clone(),
        quantity: o.quantity,
        address: o.address.clone(),
        to_pay: format_price(o.price_ore * o.quantity, lang),
        price_kroner: kroner_input(o.price_ore * o.quantity),
        handed_out: o.status == OrderStatus::HandedOut,
        paid: o
            .paid_ore
            .map(|p| format_price(p, lang))
            .unwrap_or_default(),
    }
}

async fn checkin(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let e = actions::require_organiser(&state.db, viewer, id).await?;
    let signups = store::signups(&state.db, id).await?;
    let row = |s: &Signup| CheckinRow {
        id: s.id,
        number: s.waiting_position.unwrap_or(s.accepted_order),
        name: s.person_name.clone(),
        arrived: s.checked_in_at.is_some(),
    };
    let (confirmed, waiting): (Vec<&Signup>, Vec<&Signup>) = signups
        .iter()
        .partition(|s| s.status == SignupStatus::Confirmed);
    let orders = store::orders(&state.db, id).await?;
    render(&CheckinPage {
        page: ctx.page(ctx.s().checkin_title(&e.draft.title)),
        when: when(&e, ctx.lang),
        arrived: confirmed
            .iter()
            .filter(|s| s.checked_in_at.is_some())
            .count(),
        confirmed: confirmed.into_iter().map(row).collect(),
        waiting: waiting.into_iter().map(row).collect(),
        orders: orders.iter().map(|o| handout_row(o, ctx.lang)).collect(),
        e,
    })
}

async fn checkin_csv(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    actions::require_organiser(&state.db, viewer, id).await?;
    let s = ctx.s();
    let lang = ctx.lang;
    let mut out = String::new();
    let mut line = |fields: &[&str]| {
        crate::platform::csv::push_row(&mut out, fields);
    };
    line(&[
        s.csv_kind,
        s.csv_number,
        s.name,
        s.csv_status,
        s.csv_item,
        s.csv_quantity,
        s.csv_address,
        s.csv_to_pay,
        s.csv_paid,
        s.csv_arrived,
    ]);
    for su in store::signups(&state.db, id).await? {
        let number = su.waiting_position.unwrap_or(su.accepted_order).to_string();
        let arrived = su
            .checked_in_at
            .map(|t| format_moment(t, lang))
            .unwrap_or_default();
        line(&[
            s.csv_signup,
            &number,
            &su.person_name,
            su.status.label(lang),
            "",
            "",
            "",
            "",
            "",
            &arrived,
        ]);
    }
    for o in store::orders(&state.db, id).await? {
        let h = handout_row(&o, lang);
        line(&[
            s.csv_order,
            &h.number.to_string(),
            &h.name,
            o.status.label(lang),
            &h.item,
            &h.quantity.to_string(),
            &h.address,
            &h.to_pay,
            &h.paid,
            "",
        ]);
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"medspil-event-{id}.csv\""),
            ),
        ],
        // A byte-order mark, so spreadsheets read æ, ø and å as UTF-8.
        format!("\u{feff}{out}"),
    )
        .into_response())
}

async fn check_in(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let arrived = FormPairs(pairs).get("arrived") == "1";
    let s = actions::check_in(&state.db, viewer, id, arrived).await?;
    Ok(see_other(&format!(
        "/events/{}/checkin#signup-{id}",
        s.event_id
    )))
}

async fn hand_out(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = FormPairs(pairs);
    let paid = match form.get("undo").as_str() {
        "1" => None,
        _ => Some(
            parse_kroner(&form.get("paid"))
                .ok_or_else(|| AppError::BadRequest(ctx.s().err_price.into()))?,
        ),
    };
    let o = actions::hand_out(&state.db, viewer, ctx.lang, id, paid).await?;
    Ok(see_other(&format!(
        "/events/{}/checkin#order-{id}",
        o.event_id
    )))
}
