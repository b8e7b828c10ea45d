//! A space's page: its calendar of free and taken slots, booking it, and blocking periods.

use super::*;

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
pub(super) struct SpacePage {
    pub(super) page: Page,
    pub(super) sp: Space,
    pub(super) kind: &'static str,
    pub(super) status: &'static str,
    pub(super) withdrawn: bool,
    pub(super) price: String,
    pub(super) features: Vec<&'static str>,
    pub(super) bookable_by: String,
    pub(super) hours: Vec<HoursLine>,
    pub(super) dates: String,
    pub(super) taken: Vec<Slot>,
    pub(super) blocked: Vec<Slot>,
    pub(super) blocks: Vec<store::Block>,
    pub(super) manages: bool,
    pub(super) bookers: Vec<Choice>,
    pub(super) initiative: String,
    pub(super) purpose: String,
    pub(super) attendees: String,
    pub(super) starts: String,
    pub(super) ends: String,
    pub(super) errors: FieldErrors,
}

/// A booking form as typed, to show again when it failed.
#[derive(Default)]
pub(super) struct BookingAttempt {
    pub(super) booker: String,
    pub(super) initiative: String,
    pub(super) purpose: String,
    pub(super) attendees: String,
    pub(super) starts: String,
    pub(super) ends: String,
    pub(super) errors: FieldErrors,
}

pub(super) async fn space_page(
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

pub(super) async fn show(
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

pub(super) async fn book(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = FormPairs(pairs);
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
    let starts_at = moment_field(&mut errors, "starts", &attempt.starts, true);
    let ends_at = moment_field(&mut errors, "ends", &attempt.ends, true);
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
    let (status, errors) = match actions::book(&state.db, viewer, id, req, errors).await {
        Ok(b) => return Ok(see_other(&format!("/bookings/{}", b.id))),
        Err(e) => e.on_form("starts")?,
    };
    render_status(
        status,
        &space_page(&state, &ctx, id, BookingAttempt { errors, ..attempt }).await?,
    )
}

#[derive(Template)]
#[template(path = "spaces/block_form.html")]
pub(super) struct BlockPage {
    pub(super) page: Page,
    pub(super) space_id: i64,
    pub(super) space_name: String,
    pub(super) starts: String,
    pub(super) ends: String,
    pub(super) reason: String,
    pub(super) errors: FieldErrors,
}

pub(super) async fn new_block(
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

pub(super) async fn add_block(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = FormPairs(pairs);
    let s = ctx.s();
    let mut errors = FieldErrors::new();
    let (starts, ends, reason) = (form.get("starts"), form.get("ends"), form.get("reason"));
    let starts_at = moment_field(&mut errors, "starts", &starts, true).unwrap_or(0);
    let ends_at = moment_field(&mut errors, "ends", &ends, true).unwrap_or(0);
    match actions::block(&state.db, viewer, id, (starts_at, ends_at), &reason, errors).await {
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

pub(super) async fn remove_block(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let b = store::get_block(&state.db, id).await?;
    actions::require_manager(&state.db, viewer, b.space_id).await?;
    store::remove_block(&state.db, id).await?;
    Ok(see_other(&format!("/spaces/{}#blocked", b.space_id)))
}
