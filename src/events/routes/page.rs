//! The event page: its programme, places, sign-ups and orders, and cancelling them.

use super::*;

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

pub(super) fn item_view(i: &Item, lang: Lang) -> ItemView {
    let s = lang.strings();
    ItemView {
        id: i.id,
        name: i.draft.name.clone(),
        description: i.draft.description.clone(),
        price: format_price(i.draft.price_ore, lang),
        left: s.item_left(i.remaining, i.draft.stock),
        rule: [
            i.draft.household_limit.map(|l| s.item_household_limit(l)),
            i.draft.person_limit.map(|l| s.item_person_limit(l)),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" · "),
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

pub(super) fn order_view(o: &Order, lang: Lang) -> OrderView {
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
pub(super) struct EventPage {
    pub(super) page: Page,
    pub(super) e: Event,
    pub(super) when: String,
    pub(super) places: String,
    pub(super) status_label: &'static str,
    pub(super) cancelled: bool,
    pub(super) programme: Vec<ProgrammeView>,
    pub(super) items: Vec<ItemView>,
    pub(super) mine: Option<Signup>,
    pub(super) my_status: String,
    pub(super) can_cancel_mine: bool,
    pub(super) cancel_deadline: String,
    pub(super) my_orders: Vec<OrderView>,
    pub(super) manages: bool,
    pub(super) open: bool,
    pub(super) order_item: i64,
    pub(super) address: String,
    pub(super) quantity: String,
    pub(super) errors: FieldErrors,
}

/// What the viewer typed into an order form that failed, to show again.
#[derive(Default)]
pub(super) struct OrderAttempt {
    pub(super) item_id: i64,
    pub(super) address: String,
    pub(super) quantity: String,
    pub(super) errors: FieldErrors,
}

pub(super) async fn event_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    attempt: OrderAttempt,
) -> AppResult<EventPage> {
    let lang = ctx.lang;
    let s = ctx.s();
    let db = &state.db;
    let viewer = ctx.viewer.as_ref();
    // Read together: on PostgreSQL they go out as one pipeline.
    let ids = [id];
    let (e, mine, my_orders, programme, items) = tokio::try_join!(
        store::get_event(db, id),
        async {
            match viewer {
                Some(v) => store::signup_of(db, id, v.person_id).await,
                None => Ok(None),
            }
        },
        async {
            match viewer {
                Some(v) => store::orders_of(db, id, v.person_id).await,
                None => Ok(Vec::new()),
            }
        },
        store::programme(db, &ids),
        store::items(db, &ids),
    )?;
    let manages = actions::manages(db, viewer, &e).await?;
    let now = crate::platform::time::now();
    let my_status = match &mine {
        Some(m) => match m.waiting_position {
            Some(p) => s.signup_waiting_at(p),
            None => s.signup_confirmed.into(),
        },
        None => String::new(),
    };
    let programme = programme
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
    let items = items.iter().map(|i| item_view(i, lang)).collect();
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

pub(super) async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(&event_page(&state, &ctx, id, OrderAttempt::default()).await?)
}

pub(super) async fn sign_up(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    actions::sign_up(&state.db, viewer, id).await?;
    Ok(see_other(&format!("/events/{id}#signup")))
}

pub(super) async fn confirm_cancel_signup(
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

pub(super) async fn cancel_signup(
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

pub(super) async fn order(
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
    let placed = actions::order(&state.db, viewer, item_id, &address, typed_quantity).await;
    let (status, errors) = match placed {
        Ok(_) => return Ok(see_other(&format!("/events/{}#orders", item.event_id))),
        Err(e) => e.on_form("address")?,
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

pub(super) async fn confirm_cancel_order(
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
        message: s.confirm_cancel_order(&o.address, &o.item_name),
        action: format!("/orders/{id}/cancel"),
        button: s.cancel_order,
        cancel_href: format!("/events/{}", o.event_id),
    })
}

pub(super) async fn cancel_order(
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

pub(super) async fn confirm_cancel_event(
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

pub(super) async fn cancel_event(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    actions::cancel_event(&state.db, viewer, id).await?;
    Ok(see_other(&format!("/events/{id}")))
}
