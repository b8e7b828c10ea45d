//! Filing a request through the front door.

use super::*;
use crate::text;

/// The request form as typed.
#[derive(Default)]
pub(super) struct RequestForm {
    pub(super) kind: String,
    pub(super) applicant: String,
    pub(super) initiative: String,
    pub(super) unit: String,
    pub(super) pool: String,
    pub(super) title: String,
    pub(super) description: String,
    pub(super) amount: String,
    pub(super) project_cost: String,
    pub(super) needed_on: String,
    pub(super) place: String,
}

#[derive(Template)]
#[template(path = "requests/form.html")]
pub(super) struct FormPage {
    pub(super) page: Page,
    pub(super) form: RequestForm,
    pub(super) kinds: Vec<Choice>,
    pub(super) applicants: Vec<Choice>,
    pub(super) units: Vec<Choice>,
    pub(super) pools: Vec<Choice>,
    pub(super) initiative_title: Option<String>,
    pub(super) errors: FieldErrors,
}

pub(super) async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    viewer: &Viewer,
    form: RequestForm,
    errors: FieldErrors,
) -> AppResult<FormPage> {
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
pub(super) fn pool_summary(p: &Pool, lang: Lang) -> String {
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

pub(super) async fn new_request(
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
    render(&form_page(&state, &ctx, viewer, form, FieldErrors::new()).await?)
}

pub(super) async fn file(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let p = FormPairs(pairs);
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
        errors.insert("kind", text!(err_choose));
        RequestKind::Help
    });
    let amount_ore = optional(
        &mut errors,
        "amount",
        &form.amount,
        parse_kroner,
        text!(err_amount),
    );
    let project_cost_ore = optional(
        &mut errors,
        "project_cost",
        &form.project_cost,
        parse_kroner,
        text!(err_amount),
    );
    let needed_on = day_field(&mut errors, "needed_on", &form.needed_on);
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
    match actions::file(&state.db, viewer, filing, errors).await {
        Ok(id) => Ok(see_other(&format!("/requests/{id}"))),
        Err(AppError::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &form_page(&state, &ctx, viewer, form, errors).await?,
        ),
        Err(e) => Err(e),
    }
}
