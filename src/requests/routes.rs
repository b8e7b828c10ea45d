//! The pages of the front door: asking for help, a permit or a grant; the applicant's cases and
//! the unit's queue; a case with its questions, answers and decision; the pools.

use super::actions::{self, Filing};
use super::model::*;
use super::store::{self, Pool, Request};
use crate::actors::routes::acting_choices;
use crate::mobilisation::model::Unit;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::i18n::Lang;
use crate::platform::input::{optional, parse_whole_number};
use crate::platform::money::{format_kroner, kroner_input, parse_kroner};
use crate::platform::permissions::actors_acted_for;
use crate::platform::time::{format_civil_date, format_date, now, parse_date};
use crate::platform::web::{
    AppState, Choice, Ctx, FormPairs, Page, SignedIn, choices, render, render_status, see_other,
};
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/requests", get(list).post(file))
        .route("/requests/new", get(new_request))
        .route("/requests/{id}", get(show))
        .route("/requests/{id}/messages", post(message))
        .route("/requests/{id}/take", post(take))
        .route("/requests/{id}/decision", post(decide))
        .route("/requests/{id}/close", post(close))
        .route(
            "/requests/{id}/documents",
            post(attach).layer(axum::extract::DefaultBodyLimit::max(
                DOCUMENT_MAX_BYTES + 64 * 1024,
            )),
        )
        .route("/requests/{id}/documents/{doc}", get(document))
        .route("/pools", get(pools).post(create_pool))
        .route("/pools/new", get(new_pool))
        .route("/pools/{id}", get(show_pool))
}

/// A case as a list shows it.
pub struct CaseLine {
    pub id: i64,
    pub title: String,
    pub kind: &'static str,
    pub who: String,
    pub status: &'static str,
    pub age: String,
}

const DAY: i64 = 24 * 3600;

fn days(seconds: i64, lang: Lang) -> String {
    let d = seconds.max(0) / DAY;
    lang.strings().days(d)
}

fn case_line(r: &Request, lang: Lang, queue: bool) -> CaseLine {
    CaseLine {
        id: r.id,
        title: r.draft.title.clone(),
        kind: r.draft.kind.label(lang),
        who: if queue {
            r.applicant_name.clone()
        } else {
            r.unit_name.clone()
        },
        status: r.status.label(lang),
        age: days(r.decided_at.unwrap_or_else(now) - r.received_at, lang),
    }
}

#[derive(Template)]
#[template(path = "requests/list.html")]
struct ListPage {
    page: Page,
    mine: Vec<CaseLine>,
    queue: Vec<CaseLine>,
    handles: bool,
}

async fn list(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
) -> AppResult<Response> {
    let mine =
        store::requests_of(&state.db, "applicant_id", &actors_acted_for(viewer), false).await?;
    let units: Vec<i64> = actions::handled_units(&state.db, Some(viewer))
        .await?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let queue = store::requests_of(&state.db, "unit_id", &units, true).await?;
    render(&ListPage {
        page: ctx.page(ctx.s().requests_title),
        mine: mine.iter().map(|r| case_line(r, ctx.lang, false)).collect(),
        queue: queue.iter().map(|r| case_line(r, ctx.lang, true)).collect(),
        handles: !units.is_empty(),
    })
}

/// The request form as typed.
#[derive(Default)]
struct RequestForm {
    kind: String,
    applicant: String,
    initiative: String,
    unit: String,
    pool: String,
    title: String,
    description: String,
    amount: String,
    project_cost: String,
    needed_on: String,
    place: String,
}

#[derive(Template)]
#[template(path = "requests/form.html")]
struct FormPage {
    page: Page,
    form: RequestForm,
    kinds: Vec<Choice>,
    applicants: Vec<Choice>,
    units: Vec<Choice>,
    pools: Vec<Choice>,
    initiative_title: Option<String>,
    errors: FieldErrors,
}

async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    form: RequestForm,
    errors: FieldErrors,
) -> AppResult<FormPage> {
    let viewer = ctx.require_viewer()?;
    let lang = ctx.lang;
    let s = ctx.s();
    let units = store::municipal_units(&state.db).await?;
    let pools = store::pools(&state.db, false).await?;
    let initiative_title = match form.initiative.parse::<i64>() {
        Ok(id) => match crate::initiatives::store::get(&state.db, id).await {
            Ok(i) => Some(s.request_for_initiative(&i.draft.title)),
            Err(AppError::NotFound) => None,
            Err(e) => return Err(e),
        },
        Err(_) => None,
    };
    let mut unit_choices = vec![Choice {
        value: String::new(),
        label: s.choose_unit.into(),
        selected: form.unit.is_empty(),
    }];
    unit_choices.extend(units.into_iter().map(|(id, name, _)| Choice {
        selected: form.unit == id.to_string(),
        value: id.to_string(),
        label: name,
    }));
    let mut pool_choices = vec![Choice {
        value: String::new(),
        label: s.choose_pool.into(),
        selected: form.pool.is_empty(),
    }];
    pool_choices.extend(pools.iter().map(|p| Choice {
        selected: form.pool == p.id.to_string(),
        value: p.id.to_string(),
        label: format!(
            "{} ({}, {})",
            p.draft.name,
            p.unit_name,
            pool_summary(p, lang)
        ),
    }));
    Ok(FormPage {
        page: ctx.page(s.new_request),
        kinds: choices(
            RequestKind::ALL
                .iter()
                .map(|k| (k.code(), k.label(lang)))
                .collect(),
            &[form.kind.as_str()],
        ),
        applicants: acting_choices(state, ctx, viewer, &form.applicant).await?,
        units: unit_choices,
        pools: pool_choices,
        initiative_title,
        form,
        errors,
    })
}

/// A pool's conditions in one line: "up to 50.000 kr., at least 25 % own share".
fn pool_summary(p: &Pool, lang: Lang) -> String {
    let s = lang.strings();
    let r = &p.draft.rules;
    let mut parts = vec![];
    if let Some(max) = r.max_grant_ore {
        parts.push(s.pool_up_to(format_kroner(max, lang)));
    }
    if r.own_share_pct > 0 {
        parts.push(s.pool_own_share(r.own_share_pct));
    }
    parts.push(match r.deadline {
        Some(d) => s.pool_deadline(format_civil_date(d, lang)),
        None => s.pool_rolling.into(),
    });
    parts.join(", ")
}

async fn new_request(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    let q = FormPairs::from_query(q);
    let form = RequestForm {
        kind: RequestKind::parse(&q.get("kind"))
            .unwrap_or(RequestKind::Help)
            .code()
            .into(),
        applicant: viewer.person_id.to_string(),
        initiative: q
            .get("initiative")
            .parse::<i64>()
            .map(|i| i.to_string())
            .unwrap_or_default(),
        pool: q
            .get("pool")
            .parse::<i64>()
            .map(|i| i.to_string())
            .unwrap_or_default(),
        ..RequestForm::default()
    };
    render(&form_page(&state, &ctx, form, FieldErrors::new()).await?)
}

async fn file(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let p = FormPairs(pairs);
    let s = ctx.s();
    let form = RequestForm {
        kind: p.get("kind"),
        applicant: p.get("applicant"),
        initiative: p.get("initiative"),
        unit: p.get("unit"),
        pool: p.get("pool"),
        title: p.get("title"),
        description: p.get("description"),
        amount: p.get("amount"),
        project_cost: p.get("project_cost"),
        needed_on: p.get("needed_on"),
        place: p.get("place"),
    };
    let mut errors = FieldErrors::new();
    let kind = RequestKind::parse(&form.kind).unwrap_or_else(|| {
        errors.insert("kind", s.err_choose.into());
        RequestKind::Help
    });
    let amount_ore = optional(
        &mut errors,
        "amount",
        &form.amount,
        parse_kroner,
        s.err_amount,
    );
    let project_cost_ore = optional(
        &mut errors,
        "project_cost",
        &form.project_cost,
        parse_kroner,
        s.err_amount,
    );
    let needed_on = optional(
        &mut errors,
        "needed_on",
        &form.needed_on,
        parse_date,
        s.err_date,
    );
    let filing = Filing {
        draft: RequestDraft {
            kind,
            title: form.title.clone(),
            description: form.description.clone(),
            amount_ore,
            project_cost_ore,
            needed_on,
            place: form.place.clone(),
        },
        applicant_id: form.applicant.parse().ok(),
        initiative_id: form.initiative.parse().ok(),
        unit_id: form.unit.parse().ok(),
        pool_id: form.pool.parse().ok(),
    };
    match actions::file(&state.db, viewer, ctx.lang, filing, errors).await {
        Ok(id) => Ok(see_other(&format!("/requests/{id}"))),
        Err(AppError::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &form_page(&state, &ctx, form, errors).await?,
        ),
        Err(e) => Err(e),
    }
}

pub struct MessageView {
    pub author: String,
    pub from_municipality: bool,
    pub when: String,
    pub body: String,
}

#[derive(Template)]
#[template(path = "requests/show.html")]
struct CasePage {
    page: Page,
    r: Request,
    kind: &'static str,
    status: &'static str,
    open: bool,
    decided: bool,
    received: String,
    age: String,
    amount: String,
    project_cost: String,
    needed_on: String,
    outcome: String,
    messages: Vec<MessageView>,
    documents: Vec<(i64, String, String)>,
    can_attach: bool,
    handler: bool,
    grant: bool,
    message_label: &'static str,
    outcomes: Vec<Choice>,
    units: Vec<Choice>,
    message_text: String,
    granted: String,
    reason: String,
    given: String,
    errors: FieldErrors,
}

/// What a failed form on the case page held, to show again.
#[derive(Default)]
struct Typed {
    message: String,
    outcome: String,
    granted: String,
    reason: String,
    given: String,
    given_unit: String,
}

async fn case_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    typed: Typed,
    errors: FieldErrors,
) -> AppResult<CasePage> {
    let viewer = ctx.require_viewer()?;
    let lang = ctx.lang;
    let r = store::get_request(&state.db, id).await?;
    let roles = actions::roles(&state.db, viewer, &r).await?;
    let price = |o: Option<i64>| o.map(|v| format_kroner(v, lang)).unwrap_or_default();
    let outcome = match r.outcome {
        Some(o) => match r.granted_ore {
            Some(g) if r.draft.kind == RequestKind::Grant => {
                format!("{}: {}", o.label(lang), format_kroner(g, lang))
            }
            _ => o.label(lang).to_string(),
        },
        None => String::new(),
    };
    let messages = store::messages(&state.db, id)
        .await?
        .into_iter()
        .map(|m| MessageView {
            author: m.author_name,
            from_municipality: m.from_municipality,
            when: format_date(m.created_at, lang),
            body: m.body,
        })
        .collect();
    // No outcome is chosen beforehand: a decision, and a grant taken from a pool, is never a default.
    let selected_outcome = typed.outcome.clone();
    Ok(CasePage {
        page: ctx.page(r.draft.title.clone()),
        kind: r.draft.kind.label(lang),
        status: r.status.label(lang),
        open: r.status.is_open(),
        decided: r.status == RequestStatus::Decided,
        received: format_date(r.received_at, lang),
        age: days(r.decided_at.unwrap_or_else(now) - r.received_at, lang),
        amount: price(r.draft.amount_ore),
        project_cost: price(r.draft.project_cost_ore),
        needed_on: r
            .draft
            .needed_on
            .map(|d| format_civil_date(d, lang))
            .unwrap_or_default(),
        outcome,
        messages,
        documents: store::documents(&state.db, id)
            .await?
            .into_iter()
            .map(|d| {
                let about = format!(
                    "{} kB · {} · {}",
                    (d.size + 1023) / 1024,
                    d.uploaded_by,
                    format_date(d.uploaded_at, lang)
                );
                (d.id, d.name, about)
            })
            .collect(),
        can_attach: r.status != RequestStatus::Closed,
        handler: roles.handler,
        grant: r.draft.kind == RequestKind::Grant,
        message_label: if roles.handler {
            lang.strings().request_ask
        } else {
            lang.strings().request_answer
        },
        outcomes: choices(
            Outcome::ALL
                .iter()
                .map(|o| (o.code(), o.label(lang)))
                .collect(),
            &[selected_outcome.as_str()],
        ),
        units: choices(
            [Unit::Items, Unit::Hours]
                .iter()
                .map(|u| (u.code(), u.label(lang)))
                .collect(),
            &[if typed.given_unit.is_empty() {
                Unit::Items.code()
            } else {
                typed.given_unit.as_str()
            }],
        ),
        message_text: typed.message,
        granted: if typed.granted.is_empty() {
            r.draft.amount_ore.map(kroner_input).unwrap_or_default()
        } else {
            typed.granted
        },
        reason: typed.reason,
        given: typed.given,
        errors,
        r,
    })
}

async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    let q = FormPairs::from_query(q);
    let errors = match DocumentProblem::parse(&q.get("document")) {
        Some(p) => FieldErrors::from([("document", p.message(ctx.s()).to_string())]),
        None => FieldErrors::new(),
    };
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(
        status,
        &case_page(&state, &ctx, id, Typed::default(), errors).await?,
    )
}

/// Renders the case page again with what was typed and why it failed, or passes other errors on.
async fn again(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    typed: Typed,
    failed: AppError,
    field: &'static str,
) -> AppResult<Response> {
    let (status, errors) = match failed {
        AppError::Invalid(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        AppError::Refused(refusal) => (
            StatusCode::CONFLICT,
            FieldErrors::from([(field, refusal.message(ctx.s()))]),
        ),
        e => return Err(e),
    };
    render_status(status, &case_page(state, ctx, id, typed, errors).await?)
}

async fn message(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let body = FormPairs(pairs).get("message");
    match actions::message(&state.db, viewer, ctx.lang, id, &body).await {
        Ok(()) => Ok(see_other(&format!("/requests/{id}#messages"))),
        Err(e) => {
            again(
                &state,
                &ctx,
                id,
                Typed {
                    message: body,
                    ..Typed::default()
                },
                e,
                "message",
            )
            .await
        }
    }
}

async fn take(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    actions::take(&state.db, viewer, id).await?;
    Ok(see_other(&format!("/requests/{id}")))
}

async fn decide(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let p = FormPairs(pairs);
    let s = ctx.s();
    let typed = Typed {
        outcome: p.get("outcome"),
        granted: p.get("granted"),
        reason: p.get("reason"),
        given: p.get("given"),
        given_unit: p.get("given_unit"),
        ..Typed::default()
    };
    let mut errors = FieldErrors::new();
    let Some(outcome) = Outcome::parse(&typed.outcome) else {
        errors.insert("outcome", s.err_choose.into());
        return again(
            &state,
            &ctx,
            id,
            typed,
            AppError::Invalid(errors),
            "outcome",
        )
        .await;
    };
    let granted_ore = match typed.granted.trim() {
        "" => None,
        t => Some(parse_kroner(t).unwrap_or(-1)),
    };
    let given = match typed.given.trim() {
        "" => None,
        t => Some((
            Unit::parse(&typed.given_unit).unwrap_or(Unit::Items),
            parse_whole_number(t).unwrap_or(0),
        )),
    };
    let decision = Decision {
        outcome,
        granted_ore,
        reason: typed.reason.clone(),
    };
    match actions::decide(&state.db, viewer, ctx.lang, id, decision, given).await {
        Ok(_) => Ok(see_other(&format!("/requests/{id}"))),
        Err(e) => again(&state, &ctx, id, typed, e, "outcome").await,
    }
}

async fn close(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    actions::close(&state.db, viewer, id).await?;
    Ok(see_other(&format!("/requests/{id}")))
}

pub struct PoolCard {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub conditions: String,
    pub left: String,
    pub decision_time: String,
}

async fn pool_card(state: &AppState, p: &Pool, lang: Lang) -> AppResult<PoolCard> {
    let s = lang.strings();
    let times = store::decision_times(&state.db, "pool_id", p.id).await?;
    let n = times.len();
    Ok(PoolCard {
        id: p.id,
        name: p.draft.name.clone(),
        unit: p.unit_name.clone(),
        conditions: pool_summary(p, lang),
        left: s.pool_left(
            format_kroner(p.remaining_ore(), lang),
            format_kroner(p.draft.rules.budget_ore, lang),
        ),
        decision_time: match median(times) {
            Some(t) => s.pool_decision_time(days(t, lang), n),
            None => s.pool_no_decisions.into(),
        },
    })
}

#[derive(Template)]
#[template(path = "requests/pools.html")]
struct PoolsPage {
    page: Page,
    pools: Vec<PoolCard>,
    can_create: bool,
}

async fn pools(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let mut cards = Vec::new();
    for p in store::pools(&state.db, true).await? {
        cards.push(pool_card(&state, &p, ctx.lang).await?);
    }
    render(&PoolsPage {
        page: ctx.page(ctx.s().pools_title),
        pools: cards,
        can_create: !actions::handled_units(&state.db, ctx.viewer.as_ref())
            .await?
            .is_empty(),
    })
}

#[derive(Template)]
#[template(path = "requests/pool.html")]
struct PoolPage {
    page: Page,
    p: Pool,
    taking_applications: bool,
    card: PoolCard,
    unit_decision_time: String,
    promised: String,
}

async fn show_pool(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let s = ctx.s();
    let p = store::get_pool(&state.db, id).await?;
    let unit_times = store::decision_times(&state.db, "unit_id", p.unit_id).await?;
    let n = unit_times.len();
    render(&PoolPage {
        page: ctx.page(p.draft.name.clone()),
        card: pool_card(&state, &p, lang).await?,
        unit_decision_time: match median(unit_times) {
            Some(t) => s.pool_decision_time(days(t, lang), n),
            None => s.pool_no_decisions.into(),
        },
        taking_applications: p.status == PoolStatus::Open
            && p.draft
                .rules
                .opens_on
                .is_none_or(|d| d <= crate::platform::time::today())
            && p.draft
                .rules
                .deadline
                .is_none_or(|d| d >= crate::platform::time::today()),
        promised: p
            .draft
            .rules
            .decision_days
            .map(|d| s.days(d))
            .unwrap_or_default(),
        p,
    })
}

/// The pool form as typed.
#[derive(Default)]
struct PoolForm {
    unit: String,
    name: String,
    description: String,
    criteria: String,
    budget: String,
    max_grant: String,
    own_share: String,
    opens_on: String,
    deadline: String,
    decision_days: String,
}

#[derive(Template)]
#[template(path = "requests/pool_form.html")]
struct PoolFormPage {
    page: Page,
    form: PoolForm,
    units: Vec<Choice>,
    errors: FieldErrors,
}

async fn pool_form_page(
    state: &AppState,
    ctx: &Ctx,
    form: PoolForm,
    errors: FieldErrors,
) -> AppResult<PoolFormPage> {
    let viewer = ctx.require_viewer()?;
    let units: Vec<Choice> = actions::handled_units(&state.db, Some(viewer))
        .await?
        .into_iter()
        .map(|(id, name)| Choice {
            selected: form.unit == id.to_string(),
            value: id.to_string(),
            label: name,
        })
        .collect();
    if units.is_empty() {
        return Err(AppError::Forbidden);
    }
    Ok(PoolFormPage {
        page: ctx.page(ctx.s().new_pool),
        form,
        units,
        errors,
    })
}

async fn new_pool(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    render(&pool_form_page(&state, &ctx, PoolForm::default(), FieldErrors::new()).await?)
}

async fn create_pool(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let p = FormPairs(pairs);
    let s = ctx.s();
    let form = PoolForm {
        unit: p.get("unit"),
        name: p.get("name"),
        description: p.get("description"),
        criteria: p.get("criteria"),
        budget: p.get("budget"),
        max_grant: p.get("max_grant"),
        own_share: p.get("own_share"),
        opens_on: p.get("opens_on"),
        deadline: p.get("deadline"),
        decision_days: p.get("decision_days"),
    };
    let mut errors = FieldErrors::new();
    let budget_ore = parse_kroner(&form.budget)
        .filter(|b| *b > 0)
        .unwrap_or_else(|| {
            errors.insert("budget", s.err_amount.into());
            0
        });
    let max_grant_ore = match form.max_grant.trim() {
        "" => None,
        t => Some(parse_kroner(t).unwrap_or(-1)),
    };
    let own_share_pct = optional(
        &mut errors,
        "own_share",
        &form.own_share,
        parse_whole_number,
        s.err_percent,
    )
    .unwrap_or(0);
    let decision_days = optional(
        &mut errors,
        "decision_days",
        &form.decision_days,
        parse_whole_number,
        s.err_decision_days,
    );
    let opens_on = optional(
        &mut errors,
        "opens_on",
        &form.opens_on,
        parse_date,
        s.err_date,
    );
    let deadline = optional(
        &mut errors,
        "deadline",
        &form.deadline,
        parse_date,
        s.err_date,
    );
    let draft = PoolDraft {
        name: form.name.clone(),
        description: form.description.clone(),
        criteria: form.criteria.clone(),
        rules: PoolRules {
            budget_ore,
            max_grant_ore,
            own_share_pct,
            opens_on,
            deadline,
            decision_days,
        },
    };
    if !errors.is_empty() {
        let mut all = draft.clone().check(ctx.lang);
        all.extend(errors);
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &pool_form_page(&state, &ctx, form, all).await?,
        );
    }
    match actions::create_pool(&state.db, viewer, ctx.lang, form.unit.parse().ok(), draft).await {
        Ok(pool) => Ok(see_other(&format!("/pools/{}", pool.id))),
        Err(AppError::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &pool_form_page(&state, &ctx, form, errors).await?,
        ),
        Err(e) => Err(e),
    }
}

/// Attaches a document. Who may attach is checked before the upload is read; a problem comes
/// back as the case page with the reason (a redirect, so the token in this form's address
/// never becomes the page's address).
async fn attach(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    mut form: axum::extract::Multipart,
) -> AppResult<Response> {
    actions::may_attach(&state.db, viewer, id).await?;
    let mut file: Option<(String, axum::body::Bytes)> = None;
    let mut too_large = false;
    loop {
        match form.next_field().await {
            Ok(Some(field)) if field.name() == Some("document") => {
                let name = field.file_name().unwrap_or_default().to_string();
                match field.bytes().await {
                    Ok(bytes) if !bytes.is_empty() => file = Some((name, bytes)),
                    Ok(_) => {}
                    Err(_) => too_large = true,
                }
            }
            Ok(Some(_)) => {}
            Ok(None) => break,
            Err(_) => {
                too_large = true;
                break;
            }
        }
    }
    let problem = match (&file, too_large) {
        (_, true) => Some(DocumentProblem::TooLarge),
        (None, false) => Some(DocumentProblem::Missing),
        (Some((name, bytes)), false) => {
            match actions::attach(&state.db, viewer, ctx.lang, id, name, bytes).await {
                Ok(()) => None,
                Err(AppError::Invalid(_)) if bytes.len() > DOCUMENT_MAX_BYTES => {
                    Some(DocumentProblem::TooLarge)
                }
                Err(AppError::Invalid(_)) => Some(DocumentProblem::Type),
                Err(AppError::Refused(_)) => Some(DocumentProblem::TooMany),
                Err(e) => return Err(e),
            }
        }
    };
    Ok(see_other(&match problem {
        None => format!("/requests/{id}#documents"),
        Some(p) => format!("/requests/{id}?document={}#documents", p.code()),
    }))
}

/// Why an upload was not attached, carried to the case page in its address.
#[derive(Clone, Copy)]
enum DocumentProblem {
    TooLarge,
    Type,
    Missing,
    TooMany,
}

impl DocumentProblem {
    const ALL: [DocumentProblem; 4] = [
        DocumentProblem::TooLarge,
        DocumentProblem::Type,
        DocumentProblem::Missing,
        DocumentProblem::TooMany,
    ];

    fn code(self) -> &'static str {
        match self {
            DocumentProblem::TooLarge => "too_large",
            DocumentProblem::Type => "type",
            DocumentProblem::Missing => "missing",
            DocumentProblem::TooMany => "too_many",
        }
    }

    fn parse(code: &str) -> Option<DocumentProblem> {
        DocumentProblem::ALL.into_iter().find(|p| p.code() == code)
    }

    fn message(self, s: &crate::platform::i18n::Strings) -> &'static str {
        match self {
            DocumentProblem::TooLarge => s.err_document_too_large,
            DocumentProblem::Type => s.err_document_type,
            DocumentProblem::Missing => s.err_document_missing,
            DocumentProblem::TooMany => s.err_too_many_documents,
        }
    }
}

/// A document, for the applicant and the handlers only; always offered as a download.
async fn document(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path((id, doc)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let r = store::get_request(&state.db, id).await?;
    actions::roles(&state.db, viewer, &r).await?;
    let (name, content_type, data) = store::document(&state.db, id, doc).await?;
    Ok((
        [
            (axum::http::header::CONTENT_TYPE, content_type),
            (
                axum::http::header::CONTENT_DISPOSITION,
                format!(
                    "attachment; filename=\"{}\"; filename*=UTF-8''{}",
                    name.replace(|c: char| !c.is_ascii(), "_"),
                    crate::platform::web::url_encode(&name)
                ),
            ),
            (
                axum::http::header::CACHE_CONTROL,
                "private, no-store".to_string(),
            ),
        ],
        data,
    )
        .into_response())
}
