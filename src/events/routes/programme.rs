//! The organiser's programme points and limited items.

use super::*;
use crate::text;

#[derive(Template)]
#[template(path = "events/programme_form.html")]
pub(super) struct ProgrammePage {
    pub(super) page: Page,
    pub(super) event_id: i64,
    pub(super) event_title: String,
    pub(super) day: String,
    pub(super) title: String,
    pub(super) place: String,
    pub(super) starts: String,
    pub(super) ends: String,
    pub(super) errors: FieldErrors,
}

pub(super) async fn new_programme_item(
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

pub(super) async fn add_programme_item(
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
    let starts_at = moment_field(&mut errors, "starts", &starts, true);
    let ends_at = moment_field(&mut errors, "ends", &ends, false);
    let draft = ProgrammeDraft {
        title: form.get("title"),
        place: form.get("place"),
        starts_at: starts_at.unwrap_or(e.draft.starts_at),
        ends_at,
    };
    match actions::add_programme_item(&state.db, viewer, id, draft, errors).await {
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

pub(super) async fn remove_programme_item(
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
pub(super) struct ItemPage {
    pub(super) page: Page,
    pub(super) event_id: i64,
    pub(super) event_title: String,
    pub(super) item_name: String,
    pub(super) description: String,
    pub(super) price: String,
    pub(super) stock: String,
    pub(super) household_limit: String,
    pub(super) person_limit: String,
    pub(super) errors: FieldErrors,
}

pub(super) async fn new_item(
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
        person_limit: String::new(),
        errors: FieldErrors::new(),
    })
}

pub(super) async fn add_item(
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
        errors.insert("price", text!(err_price));
        0
    });
    let stock = parse_whole_number(&form.get("stock")).unwrap_or(0);
    let limit = |field: &str| match form.get(field).trim() {
        "" => None,
        typed => Some(parse_whole_number(typed).unwrap_or(0)),
    };
    let (household_limit, person_limit) = (limit("household_limit"), limit("person_limit"));
    let draft = ItemDraft {
        name: form.get("name"),
        description: form.get("description"),
        price_ore,
        stock,
        household_limit,
        person_limit,
    };
    match actions::add_item(&state.db, viewer, id, draft, errors).await {
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
                person_limit: form.get("person_limit"),
                errors,
            },
        ),
        Err(e) => Err(e),
    }
}
