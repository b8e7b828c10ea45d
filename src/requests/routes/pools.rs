//! Pools: their cards, pages and forms.

use super::*;
use crate::text;

pub struct PoolCard {
    pub id: i64,
    pub name: String,
    pub unit: String,
    pub conditions: String,
    pub left: String,
    pub decision_time: String,
}

/// A pool as listed, with `times`, its times to decision.
pub(super) fn pool_card(p: &Pool, times: Vec<i64>, lang: Lang) -> PoolCard {
    let s = lang.strings();
    let n = times.len();
    PoolCard {
        id: p.id,
        name: p.draft.name.clone(),
        unit: p.unit_name.clone(),
        conditions: pool_summary(p, lang),
        left: s.pool_left(
            format_kroner(p.draft.rules.budget_ore, lang),
            format_kroner(p.remaining_ore(), lang),
        ),
        decision_time: match median(times) {
            Some(t) => s.pool_decision_time(days(t, lang), n),
            None => s.pool_no_decisions.into(),
        },
    }
}

#[derive(Template)]
#[template(path = "requests/pools.html")]
pub(super) struct PoolsPage {
    pub(super) page: Page,
    pub(super) pools: Vec<PoolCard>,
    pub(super) can_create: bool,
}

pub(super) async fn pools(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let pools = store::pools(&state.db, true).await?;
    let ids: Vec<i64> = pools.iter().map(|p| p.id).collect();
    let mut times = store::decision_times_of(&state.db, "pool_id", &ids).await?;
    let cards = pools
        .iter()
        .map(|p| pool_card(p, times.remove(&p.id).unwrap_or_default(), ctx.lang))
        .collect();
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
pub(super) struct PoolPage {
    pub(super) page: Page,
    pub(super) p: Pool,
    pub(super) taking_applications: bool,
    pub(super) card: PoolCard,
    pub(super) unit_decision_time: String,
    pub(super) promised: String,
}

pub(super) async fn show_pool(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let s = ctx.s();
    let p = store::get_pool(&state.db, id).await?;
    let (unit_times, pool_times) = tokio::try_join!(
        store::decision_times(&state.db, "unit_id", p.unit_id),
        store::decision_times(&state.db, "pool_id", p.id),
    )?;
    let n = unit_times.len();
    render(&PoolPage {
        page: ctx.page(p.draft.name.clone()),
        card: pool_card(&p, pool_times, lang),
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
pub(super) struct PoolForm {
    pub(super) unit: String,
    pub(super) name: String,
    pub(super) description: String,
    pub(super) criteria: String,
    pub(super) budget: String,
    pub(super) max_grant: String,
    pub(super) own_share: String,
    pub(super) opens_on: String,
    pub(super) deadline: String,
    pub(super) decision_days: String,
}

#[derive(Template)]
#[template(path = "requests/pool_form.html")]
pub(super) struct PoolFormPage {
    pub(super) page: Page,
    pub(super) form: PoolForm,
    pub(super) units: Vec<Choice>,
    pub(super) errors: FieldErrors,
}

pub(super) async fn pool_form_page(
    state: &AppState,
    ctx: &Ctx,
    viewer: &Viewer,
    form: PoolForm,
    errors: FieldErrors,
) -> AppResult<PoolFormPage> {
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

pub(super) async fn new_pool(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
) -> AppResult<Response> {
    render(
        &pool_form_page(
            &state,
            &ctx,
            viewer,
            PoolForm::default(),
            FieldErrors::new(),
        )
        .await?,
    )
}

pub(super) async fn create_pool(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let p = FormPairs(pairs);
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
            errors.insert("budget", text!(err_amount));
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
        text!(err_percent),
    )
    .unwrap_or(0);
    let decision_days = optional(
        &mut errors,
        "decision_days",
        &form.decision_days,
        parse_whole_number,
        text!(err_decision_days),
    );
    let opens_on = day_field(&mut errors, "opens_on", &form.opens_on);
    let deadline = day_field(&mut errors, "deadline", &form.deadline);
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
        let mut all = draft.clone().check();
        all.extend(errors);
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &pool_form_page(&state, &ctx, viewer, form, all).await?,
        );
    }
    match actions::create_pool(&state.db, viewer, form.unit.parse().ok(), draft).await {
        Ok(pool) => Ok(see_other(&format!("/pools/{}", pool.id))),
        Err(AppError::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &pool_form_page(&state, &ctx, viewer, form, errors).await?,
        ),
        Err(e) => Err(e),
    }
}
