//! The check-in list for the day, on screen, printed and as CSV.

use super::*;

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
pub(super) struct CheckinPage {
    pub(super) page: Page,
    pub(super) e: Event,
    pub(super) when: String,
    pub(super) confirmed: Vec<CheckinRow>,
    pub(super) waiting: Vec<CheckinRow>,
    pub(super) arrived: usize,
    pub(super) orders: Vec<HandoutRow>,
}

pub(super) fn handout_row(o: &Order, lang: Lang) -> HandoutRow {
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

pub(super) async fn checkin(
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

pub(super) async fn checkin_csv(
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
    Ok(crate::platform::csv::spreadsheet(
        &format!("medspil-event-{id}.csv"),
        &out,
    ))
}

pub(super) async fn check_in(
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

pub(super) async fn hand_out(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = FormPairs(pairs);
    let paid = match form.get("undo").as_str() {
        "1" => None,
        _ => Some(
            parse_kroner(&form.get("paid"))
                .ok_or_else(|| AppError::BadRequest(crate::text!(err_price)))?,
        ),
    };
    let o = actions::hand_out(&state.db, viewer, id, paid).await?;
    Ok(see_other(&format!(
        "/events/{}/checkin#order-{id}",
        o.event_id
    )))
}
