//! Offers: making, editing and showing one.

use super::*;
use crate::moderation::{self, model::ContentKind, routes::Moderation};
use crate::text;

pub(super) fn offer_target(editing: Option<i64>) -> FormTarget {
    FormTarget {
        action: match editing {
            Some(id) => format!("/offers/{id}/edit"),
            None => "/offers".into(),
        },
        is_offer: true,
        editing: editing.is_some(),
        context_title: String::new(),
        context_href: String::new(),
    }
}

pub(super) async fn new_offer(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
) -> AppResult<Response> {
    let form = ResourceForm {
        actor: viewer.person_id.to_string(),
        kind: ResourceKind::Hands.code().into(),
        ..ResourceForm::default()
    };
    render(
        &form_page(
            &state,
            &ctx,
            viewer,
            offer_target(None),
            form,
            FieldErrors::new(),
        )
        .await?,
    )
}

pub(super) async fn create_offer(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Form(form): Form<ResourceForm>,
) -> AppResult<Response> {
    let actor = form.actor.parse().unwrap_or(-1);
    let made = match form.offer() {
        Ok(draft) => actions::add_offer(&state.db, viewer, actor, draft, OfferStatus::Active).await,
        Err(mut errors) => {
            if !can(Some(viewer), Action::ActFor(actor)) {
                errors.insert("actor", text!(err_not_allowed_actor));
            }
            Err(AppError::Invalid(errors))
        }
    };
    match made {
        Ok(id) => Ok(see_other(&format!("/offers/{id}"))),
        Err(e) => {
            let errors = e.on_form("actor")?.1;
            form_with_errors(
                &form_page(&state, &ctx, viewer, offer_target(None), form, errors).await?,
            )
        }
    }
}

pub(super) async fn edit_offer_form(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let o = actions::own_offer(&state.db, viewer, id).await?;
    let form = ResourceForm::from_offer(&o);
    render(
        &form_page(
            &state,
            &ctx,
            viewer,
            offer_target(Some(id)),
            form,
            FieldErrors::new(),
        )
        .await?,
    )
}

pub(super) async fn edit_offer(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<ResourceForm>,
) -> AppResult<Response> {
    let version = form.version.parse().unwrap_or(-1);
    let draft = form.offer().map_err(AppError::Invalid);
    let saved = actions::edit_offer(&state.db, viewer, id, Some(version), draft, None).await;
    let errors = match saved {
        Ok(()) => return Ok(see_other(&format!("/offers/{id}"))),
        Err(e) => e.on_form("version")?.1,
    };
    form_with_errors(&form_page(&state, &ctx, viewer, offer_target(Some(id)), form, errors).await?)
}

pub(super) async fn offer_status(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<StatusForm>,
) -> AppResult<Response> {
    let to = OfferStatus::parse(&form.to).ok_or(AppError::BadRequest(text!(err_choose)))?;
    actions::set_offer_status(&state.db, viewer, id, to).await?;
    Ok(see_other(&format!("/offers/{id}")))
}

#[derive(Template)]
#[template(path = "mobilisation/offer.html")]
pub(super) struct OfferPage {
    pub(super) page: Page,
    pub(super) o: Offer,
    pub(super) kind_label: &'static str,
    pub(super) status_label: &'static str,
    pub(super) unit: &'static str,
    pub(super) when: String,
    pub(super) reach: String,
    pub(super) can_edit: bool,
    pub(super) suggestions: Vec<MatchView>,
    pub(super) status_actions: Vec<Choice>,
    /// Hidden by a moderator: its author and the moderators still see it, with the reason.
    pub(super) moderation: Moderation,
}

pub(super) async fn show_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let s = ctx.s();
    let o = store::get_offer(&state.db, id).await?;
    let moderation = moderation::routes::on_page(&state, &ctx, ContentKind::Offer, id).await?;
    let can_edit = can(ctx.viewer.as_ref(), Action::ActFor(o.actor_id));
    let suggestions = if o.status == OfferStatus::Active {
        store::matching_needs(&state.db, &o.draft, SUGGESTIONS)
            .await?
            .iter()
            .map(|m| need_suggestion(&m.item, &o, lang, can_edit))
            .collect()
    } else {
        Vec::new()
    };
    let status_actions = if can_edit {
        OfferStatus::ALL
            .iter()
            .filter(|st| **st != o.status)
            .map(|st| Choice {
                value: st.code().into(),
                label: format!("{} {}", s.status_to, st.label(lang).to_lowercase()),
                selected: false,
            })
            .collect()
    } else {
        Vec::new()
    };
    let reach = match (o.draft.coordinates, o.draft.radius_m) {
        (Some(_), Some(r)) => s.reach_within(format_distance(r as f64, lang)),
        _ => s.why_offer_anywhere.into(),
    };
    render(&OfferPage {
        page: ctx.page(o.draft.title.clone()),
        kind_label: o.draft.kind.label(lang),
        status_label: o.status.label(lang),
        unit: o.draft.kind.unit().code(),
        when: o.draft.when.describe(lang),
        reach,
        can_edit,
        suggestions,
        status_actions,
        moderation,
        o,
    })
}
