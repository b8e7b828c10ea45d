//! Mobilisation pages: an initiative's needs, actors' offers, "where can I help?", and the way
//! from "count me in" to a counted contribution. Every flow is a plain HTML form.

use super::actions::{self, PledgeRequest};
use super::matching;
use super::model::*;
use super::store::{self, ListFilter, Need, Offer, Pledge};
use crate::actors::routes::acting_choices;
use crate::initiatives::store as initiative_store;
use crate::platform::auth::Viewer;
use crate::platform::error::{AppError, AppResult, FieldErrors, Refusal};
use crate::platform::geo::{Coordinates, format_distance, parse_coordinates, parse_decimal};
use crate::platform::i18n::{Lang, Strings};
use crate::platform::input::{parse_whole_number, printable};
use crate::platform::permissions::{self, Action, can, require};
use crate::platform::time::{format_date, parse_date};
use crate::platform::web::{
    AppState, Choice, Ctx, Page, SignedIn, choices, list_href, render, render_status, see_other,
};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum_extra::extract::Form;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/initiatives/{id}/needs", post(create_need))
        .route("/initiatives/{id}/needs/new", get(new_need))
        .route("/needs/{id}", get(show_need))
        .route("/needs/{id}/edit", get(edit_need_form).post(edit_need))
        .route("/needs/{id}/status", post(need_status))
        .route("/needs/{id}/pledges", post(pledge))
        .route("/pledges/{id}/decision", post(decide))
        .route("/pledges/{id}/withdraw", post(withdraw))
        .route("/pledges/{id}/contributions", post(contribute))
        .route("/offers", get(list_offers).post(create_offer))
        .route("/offers/new", get(new_offer))
        .route("/offers/{id}", get(show_offer))
        .route("/offers/{id}/edit", get(edit_offer_form).post(edit_offer))
        .route("/offers/{id}/status", post(offer_status))
        .route("/help", get(where_to_help))
}

/// How many suggestions a page shows.
const SUGGESTIONS: i64 = 10;

/// The form of a need or an offer as typed, kept so a form with errors comes back as it was.
#[derive(Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct ResourceForm {
    /// Offers: the actor it is offered by.
    pub actor: String,
    pub kind: String,
    pub title: String,
    pub description: String,
    pub skills: String,
    pub quantity: String,
    pub weekdays: Vec<String>,
    pub day_parts: Vec<String>,
    pub from_date: String,
    pub to_date: String,
    /// Needs: where.
    pub address: String,
    pub neighbourhood: String,
    pub latitude: String,
    pub longitude: String,
    /// Offers: how far from the place, in kilometres.
    pub radius_km: String,
    pub conditions: String,
    pub version: String,
}

/// The parts needs and offers share, parsed.
struct Common {
    kind: Option<ResourceKind>,
    quantity: Option<i64>,
    when: Availability,
    coordinates: Option<Coordinates>,
}

impl ResourceForm {
    fn with_common(
        kind: ResourceKind,
        quantity: Option<i64>,
        when: &Availability,
        coordinates: Option<Coordinates>,
    ) -> ResourceForm {
        ResourceForm {
            kind: kind.code().into(),
            quantity: quantity.map(|q| q.to_string()).unwrap_or_default(),
            weekdays: when.weekdays.iter().map(|d| d.code().to_string()).collect(),
            day_parts: when
                .day_parts
                .iter()
                .map(|d| d.code().to_string())
                .collect(),
            from_date: when.from.map(|d| d.to_string()).unwrap_or_default(),
            to_date: when.to.map(|d| d.to_string()).unwrap_or_default(),
            latitude: coordinates.map(|c| c.0.to_string()).unwrap_or_default(),
            longitude: coordinates.map(|c| c.1.to_string()).unwrap_or_default(),
            ..ResourceForm::default()
        }
    }

    fn from_need(n: &Need) -> ResourceForm {
        let d = &n.draft;
        ResourceForm {
            title: d.title.clone(),
            description: d.description.clone(),
            skills: d.skills.clone(),
            address: d.address.clone(),
            neighbourhood: d.neighbourhood.clone(),
            version: n.version.to_string(),
            ..ResourceForm::with_common(d.kind, d.quantity, &d.when, d.coordinates)
        }
    }

    fn from_offer(o: &Offer) -> ResourceForm {
        let d = &o.draft;
        ResourceForm {
            actor: o.actor_id.to_string(),
            title: d.title.clone(),
            description: d.description.clone(),
            skills: d.skills.clone(),
            neighbourhood: d.neighbourhood.clone(),
            radius_km: d
                .radius_m
                .map(|r| (r as f64 / 1000.0).to_string())
                .unwrap_or_default(),
            conditions: d.conditions.clone(),
            version: o.version.to_string(),
            ..ResourceForm::with_common(d.kind, d.quantity, &d.when, d.coordinates)
        }
    }

    fn common(&self, errors: &mut FieldErrors, lang: Lang) -> Common {
        let s = lang.strings();
        let kind = ResourceKind::parse(&self.kind);
        if kind.is_none() {
            errors.insert("kind", s.err_choose.into());
        }
        let quantity = match self.quantity.trim() {
            "" => None,
            q => match parse_whole_number(q) {
                Some(n) => Some(n),
                None => {
                    errors.insert("quantity", s.err_quantity.into());
                    None
                }
            },
        };
        let weekdays = pick(errors, s, "weekdays", &self.weekdays, Weekday::parse);
        let day_parts = pick(errors, s, "day_parts", &self.day_parts, DayPart::parse);
        let mut date = |field: &'static str, text: &str| match text.trim() {
            "" => None,
            t => {
                let d = parse_date(t);
                if d.is_none() {
                    errors.insert(field, s.err_date.into());
                }
                d
            }
        };
        let from = date("from_date", &self.from_date);
        let to = date("to_date", &self.to_date);
        let coordinates = parse_coordinates(errors, s, &self.latitude, &self.longitude);
        Common {
            kind,
            quantity,
            when: Availability {
                weekdays,
                day_parts,
                from,
                to,
            },
            coordinates,
        }
    }

    fn need(&self, lang: Lang) -> Result<NeedDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let c = self.common(&mut errors, lang);
        let mut draft = NeedDraft {
            kind: c.kind.unwrap_or(ResourceKind::Hands),
            title: self.title.clone(),
            description: self.description.clone(),
            skills: self.skills.clone(),
            quantity: c.quantity,
            when: c.when,
            address: self.address.clone(),
            neighbourhood: self.neighbourhood.clone(),
            coordinates: c.coordinates,
        };
        errors.extend(draft.check(lang));
        if errors.is_empty() {
            Ok(draft)
        } else {
            Err(errors)
        }
    }

    fn offer(&self, lang: Lang) -> Result<OfferDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let c = self.common(&mut errors, lang);
        let radius_m = match self.radius_km.trim() {
            "" => None,
            r => match parse_decimal(r) {
                Some(km) if km.abs() < 1e6 => Some((km * 1000.0).round() as i64),
                _ => {
                    errors.insert("radius_km", lang.strings().err_radius.into());
                    None
                }
            },
        };
        let mut draft = OfferDraft {
            kind: c.kind.unwrap_or(ResourceKind::Hands),
            title: self.title.clone(),
            description: self.description.clone(),
            skills: self.skills.clone(),
            quantity: c.quantity,
            when: c.when,
            neighbourhood: self.neighbourhood.clone(),
            coordinates: c.coordinates,
            radius_m,
            conditions: self.conditions.clone(),
        };
        errors.extend(draft.check(lang));
        if errors.is_empty() {
            Ok(draft)
        } else {
            Err(errors)
        }
    }
}

/// The values ticked in a checkbox group; an unknown one is an error on the group.
fn pick<T>(
    errors: &mut FieldErrors,
    s: &Strings,
    field: &'static str,
    codes: &[String],
    parse: fn(&str) -> Option<T>,
) -> Vec<T> {
    let parsed: Vec<T> = codes.iter().filter_map(|c| parse(c)).collect();
    if parsed.len() != codes.len() {
        errors.insert(field, s.err_choose.into());
    }
    parsed
}

#[derive(Template)]
#[template(path = "mobilisation/form.html")]
struct FormPage {
    page: Page,
    action: String,
    is_offer: bool,
    editing: bool,
    /// Where the form belongs, e.g. the initiative a need is added to.
    context_title: String,
    context_href: String,
    title_hint: &'static str,
    form: ResourceForm,
    errors: FieldErrors,
    conflict: bool,
    kinds: Vec<Choice>,
    weekdays: Vec<Choice>,
    day_parts: Vec<Choice>,
    actors: Vec<Choice>,
}

fn codes(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

struct FormTarget {
    action: String,
    is_offer: bool,
    editing: bool,
    context_title: String,
    context_href: String,
}

async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    target: FormTarget,
    form: ResourceForm,
    errors: FieldErrors,
) -> AppResult<FormPage> {
    let lang = ctx.lang;
    let s = ctx.s();
    let viewer = ctx.require_viewer()?;
    let actors = if target.is_offer && !target.editing {
        acting_choices(state, ctx, viewer, &form.actor).await?
    } else {
        Vec::new()
    };
    let title = match (target.is_offer, target.editing) {
        (true, false) => s.new_offer,
        (true, true) => s.edit_offer,
        (false, false) => s.new_need,
        (false, true) => s.edit_need,
    };
    Ok(FormPage {
        page: ctx.page(title),
        action: target.action,
        is_offer: target.is_offer,
        editing: target.editing,
        context_title: target.context_title,
        context_href: target.context_href,
        title_hint: if target.is_offer {
            s.hint_offer_title
        } else {
            s.hint_need_title
        },
        kinds: choices(ResourceKind::options(lang), &[form.kind.as_str()]),
        weekdays: choices(Weekday::options(lang), &codes(&form.weekdays)),
        day_parts: choices(DayPart::options(lang), &codes(&form.day_parts)),
        actors,
        conflict: errors.contains_key("version"),
        form,
        errors,
    })
}

/// Renders a form with errors: 409 when someone saved meanwhile, else 422.
fn form_with_errors(page: &FormPage) -> AppResult<Response> {
    let status = if page.conflict {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(status, page)
}

/// Fails unless the viewer may edit the initiative.
async fn editable_initiative(state: &AppState, ctx: &Ctx, initiative_id: i64) -> AppResult<()> {
    actions::require_initiative_editor(&state.db, ctx.require_viewer()?, initiative_id).await
}

fn need_target(initiative_id: i64, title: String, editing: Option<i64>) -> FormTarget {
    FormTarget {
        action: match editing {
            Some(id) => format!("/needs/{id}/edit"),
            None => format!("/initiatives/{initiative_id}/needs"),
        },
        is_offer: false,
        editing: editing.is_some(),
        context_title: title,
        context_href: format!("/initiatives/{initiative_id}"),
    }
}

async fn new_need(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    editable_initiative(&state, &ctx, id).await?;
    let i = initiative_store::get(&state.db, id).await?;
    let form = ResourceForm {
        kind: ResourceKind::Hands.code().into(),
        address: i.draft.address.clone(),
        neighbourhood: i.draft.neighbourhood.clone(),
        latitude: i
            .draft
            .coordinates
            .map(|c| c.0.to_string())
            .unwrap_or_default(),
        longitude: i
            .draft
            .coordinates
            .map(|c| c.1.to_string())
            .unwrap_or_default(),
        ..ResourceForm::default()
    };
    let target = need_target(id, i.draft.title, None);
    render(&form_page(&state, &ctx, target, form, FieldErrors::new()).await?)
}

async fn create_need(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<ResourceForm>,
) -> AppResult<Response> {
    editable_initiative(&state, &ctx, id).await?;
    match form.need(ctx.lang) {
        Ok(draft) => {
            let need_id = store::create_need(&state.db, id, &draft, viewer.user_id).await?;
            super::notices::need_added(&state.db, need_id, viewer.user_id).await;
            Ok(see_other(&format!("/needs/{need_id}")))
        }
        Err(errors) => {
            let i = initiative_store::get(&state.db, id).await?;
            let page = form_page(
                &state,
                &ctx,
                need_target(id, i.draft.title, None),
                form,
                errors,
            )
            .await?;
            form_with_errors(&page)
        }
    }
}

async fn edit_need_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let n = store::get_need(&state.db, id).await?;
    editable_initiative(&state, &ctx, n.initiative_id).await?;
    let form = ResourceForm::from_need(&n);
    let target = need_target(n.initiative_id, n.initiative_title, Some(id));
    render(&form_page(&state, &ctx, target, form, FieldErrors::new()).await?)
}

async fn edit_need(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<ResourceForm>,
) -> AppResult<Response> {
    let n = store::get_need(&state.db, id).await?;
    editable_initiative(&state, &ctx, n.initiative_id).await?;
    let errors = match form.need(ctx.lang) {
        Ok(draft) => {
            let version = form.version.parse().unwrap_or(-1);
            match store::update_need(&state.db, id, version, &draft).await {
                Ok(()) => return Ok(see_other(&format!("/needs/{id}"))),
                Err(AppError::Refused(refusal)) => refused_version(ctx.s(), refusal),
                Err(e) => return Err(e),
            }
        }
        Err(errors) => errors,
    };
    let target = need_target(n.initiative_id, n.initiative_title, Some(id));
    form_with_errors(&form_page(&state, &ctx, target, form, errors).await?)
}

fn refused_version(s: &Strings, refusal: Box<dyn Refusal>) -> FieldErrors {
    FieldErrors::from([("version", refusal.message(s))])
}

/// A suggestion on a page: the other side of a match and why it fits.
struct MatchView {
    href: String,
    title: String,
    /// Who offers it, or the initiative that needs it.
    by: String,
    kind_label: &'static str,
    reasons: Vec<String>,
    /// For a need suggested to an offer: the pledge that offer could make ((actor, offer)).
    pledge_as: Option<(i64, i64)>,
    need_id: i64,
}

fn need_suggestion(n: &Need, offer: &Offer, lang: Lang, can_pledge: bool) -> MatchView {
    MatchView {
        href: format!("/needs/{}", n.id),
        title: n.draft.title.clone(),
        by: n.initiative_title.clone(),
        kind_label: n.draft.kind.label(lang),
        reasons: matching::explain(&n.draft, &offer.draft, lang),
        pledge_as: can_pledge.then_some((offer.actor_id, offer.id)),
        need_id: n.id,
    }
}

struct PledgeView {
    p: Pledge,
    /// Whether the viewer may read the message and the reason: the initiative and the one who
    /// pledged, not everyone.
    private: bool,
    status_label: &'static str,
    unit_label: &'static str,
    /// The unit's code, for counting in it.
    unit: &'static str,
    pledged: String,
    can_decide: bool,
    can_withdraw: bool,
    can_record: bool,
}

fn pledge_view(p: Pledge, lang: Lang, viewer: Option<&Viewer>, edits: bool) -> PledgeView {
    let live = matches!(p.status, PledgeStatus::Pledged | PledgeStatus::Accepted);
    PledgeView {
        private: edits || can(viewer, Action::ActFor(p.actor_id)),
        status_label: p.status.label(lang),
        unit_label: p.unit.label(lang),
        unit: p.unit.code(),
        pledged: format_date(p.pledged_at, lang),
        can_decide: edits && p.status == PledgeStatus::Pledged,
        can_withdraw: live && can(viewer, Action::ActFor(p.actor_id)),
        can_record: edits && matches!(p.status, PledgeStatus::Accepted | PledgeStatus::Fulfilled),
        p,
    }
}

/// The "count me in" form as typed.
#[derive(Default, Clone, serde::Deserialize)]
pub struct PledgeForm {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    offer: String,
    #[serde(default)]
    amount: String,
    #[serde(default)]
    message: String,
}

#[derive(Template)]
#[template(path = "mobilisation/need.html")]
struct NeedPage {
    page: Page,
    n: Need,
    kind_label: &'static str,
    status_label: &'static str,
    unit_label: &'static str,
    unit: &'static str,
    when: String,
    can_edit: bool,
    pledges: Vec<PledgeView>,
    suggestions: Vec<MatchView>,
    pledge_actors: Vec<Choice>,
    my_offers: Vec<Choice>,
    pledge: PledgeForm,
    errors: FieldErrors,
    status_actions: Vec<Choice>,
}

async fn need_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    pledge: PledgeForm,
    errors: FieldErrors,
) -> AppResult<NeedPage> {
    let lang = ctx.lang;
    let s = ctx.s();
    let n = store::get_need(&state.db, id).await?;
    let viewer = ctx.viewer.as_ref();
    let access = initiative_store::access(&state.db, n.initiative_id).await?;
    let can_edit = can(viewer, Action::EditInitiative(&access));
    let pledges = store::pledges_of_need(&state.db, id)
        .await?
        .into_iter()
        .map(|p| pledge_view(p, lang, viewer, can_edit))
        .collect();
    let suggestions = if n.status.is_open() {
        store::matching_offers(&state.db, &n, SUGGESTIONS)
            .await?
            .into_iter()
            .map(|m| MatchView {
                href: format!("/offers/{}", m.item.id),
                title: m.item.draft.title.clone(),
                by: m.item.actor_name.clone(),
                kind_label: m.item.draft.kind.label(lang),
                reasons: matching::explain(&n.draft, &m.item.draft, lang),
                pledge_as: None,
                need_id: n.id,
            })
            .collect()
    } else {
        Vec::new()
    };
    let (pledge_actors, my_offers) = match viewer {
        Some(v) if n.status.is_open() => {
            let mut ids = vec![v.person_id];
            ids.extend(permissions::organisations_acted_for(v));
            let mut offers = choices(vec![("", s.no_offer_chosen)], &[]);
            for o in store::offers_of(&state.db, &ids).await? {
                if o.status == OfferStatus::Active {
                    offers.push(Choice {
                        selected: o.id.to_string() == pledge.offer,
                        value: o.id.to_string(),
                        label: format!("{} ({})", o.draft.title, o.actor_name),
                    });
                }
            }
            (acting_choices(state, ctx, v, &pledge.actor).await?, offers)
        }
        _ => (Vec::new(), Vec::new()),
    };
    let status_actions = if can_edit {
        let targets: &[NeedStatus] = match n.status {
            NeedStatus::Open | NeedStatus::PartlyMet => &[NeedStatus::Met, NeedStatus::Withdrawn],
            NeedStatus::Met | NeedStatus::Withdrawn => &[NeedStatus::Open],
        };
        targets
            .iter()
            .map(|t| Choice {
                value: t.code().into(),
                label: match t {
                    NeedStatus::Met => s.mark_met.into(),
                    NeedStatus::Withdrawn => s.withdraw_need.into(),
                    _ => s.reopen_need.into(),
                },
                selected: false,
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(NeedPage {
        page: ctx.page(n.draft.title.clone()),
        kind_label: n.draft.kind.label(lang),
        status_label: n.status.label(lang),
        unit_label: n.draft.kind.unit().label(lang),
        unit: n.draft.kind.unit().code(),
        when: n.draft.when.describe(lang),
        can_edit,
        pledges,
        suggestions,
        pledge_actors,
        my_offers,
        pledge,
        errors,
        status_actions,
        n,
    })
}

async fn show_need(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(&need_page(&state, &ctx, id, PledgeForm::default(), FieldErrors::new()).await?)
}

#[derive(serde::Deserialize)]
struct StatusForm {
    to: String,
}

async fn need_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<StatusForm>,
) -> AppResult<Response> {
    let n = store::get_need(&state.db, id).await?;
    editable_initiative(&state, &ctx, n.initiative_id).await?;
    let to = NeedStatus::parse(&form.to)
        .filter(|t| *t != NeedStatus::PartlyMet)
        .ok_or_else(|| AppError::BadRequest(ctx.s().err_choose.into()))?;
    store::set_need_status(&state.db, id, to).await?;
    Ok(see_other(&format!("/needs/{id}")))
}

/// A whole number as typed (spaces and thousands points allowed), or none when empty; the
/// limits are checked by the action it is for.
fn parse_amount(
    errors: &mut FieldErrors,
    lang: Lang,
    field: &'static str,
    text: &str,
) -> Option<i64> {
    match text.trim() {
        "" => None,
        t => {
            let n = parse_whole_number(t);
            if n.is_none() {
                errors.insert(field, lang.strings().err_quantity.into());
            }
            n
        }
    }
}

async fn pledge(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<PledgeForm>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::new();
    let request = PledgeRequest {
        actor_id: form.actor.parse().ok(),
        offer_id: match form.offer.trim() {
            "" => None,
            o => Some(o.parse().unwrap_or(-1)),
        },
        amount: parse_amount(&mut errors, ctx.lang, "amount", &form.amount),
        message: form.message.clone(),
    };
    let errors = match actions::pledge(&state.db, viewer, ctx.lang, id, request, errors).await {
        Ok(_) => return Ok(see_other(&format!("/needs/{id}#pledges"))),
        Err(AppError::Invalid(errors)) => errors,
        Err(AppError::Refused(refusal)) => FieldErrors::from([("actor", refusal.message(ctx.s()))]),
        Err(e) => return Err(e),
    };
    let page = need_page(&state, &ctx, id, form, errors).await?;
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

#[derive(serde::Deserialize)]
struct DecisionForm {
    decision: String,
    #[serde(default)]
    reason: String,
}

async fn decide(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> AppResult<Response> {
    let accept = match form.decision.as_str() {
        "accept" => true,
        "decline" => false,
        _ => return Err(AppError::BadRequest(ctx.s().err_choose.into())),
    };
    let p = actions::decide(&state.db, viewer, ctx.lang, id, accept, &form.reason).await?;
    Ok(see_other(&format!("/needs/{}#pledges", p.need_id)))
}

async fn withdraw(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let p = actions::withdraw(&state.db, viewer, id).await?;
    Ok(see_other(&format!("/needs/{}#pledges", p.need_id)))
}

#[derive(serde::Deserialize)]
struct ContributionForm {
    #[serde(default)]
    amount: String,
    #[serde(default)]
    given_on: String,
    #[serde(default)]
    note: String,
}

async fn contribute(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<ContributionForm>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::new();
    let amount = parse_amount(&mut errors, ctx.lang, "amount", &form.amount);
    let given_on = match form.given_on.trim() {
        "" => Ok(None),
        t => parse_date(t).map(Some).ok_or(ctx.s().err_date),
    };
    let result = match errors.is_empty() {
        true => {
            actions::contribute(
                &state.db, viewer, ctx.lang, id, amount, given_on, &form.note,
            )
            .await
        }
        false => Err(AppError::Invalid(errors)),
    };
    // The form is a small one inside the pledge list: its problems are shown as one message.
    let p = result.map_err(|e| match e {
        AppError::Invalid(errors) => {
            AppError::BadRequest(errors.into_values().collect::<Vec<_>>().join(" "))
        }
        e => e,
    })?;
    Ok(see_other(&format!("/needs/{}#pledges", p.need_id)))
}

// ---- offers ----

fn offer_target(editing: Option<i64>) -> FormTarget {
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

async fn new_offer(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
) -> AppResult<Response> {
    let form = ResourceForm {
        actor: viewer.person_id.to_string(),
        kind: ResourceKind::Hands.code().into(),
        ..ResourceForm::default()
    };
    render(&form_page(&state, &ctx, offer_target(None), form, FieldErrors::new()).await?)
}

async fn create_offer(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Form(form): Form<ResourceForm>,
) -> AppResult<Response> {
    let actor = form
        .actor
        .parse::<i64>()
        .ok()
        .filter(|a| can(Some(viewer), Action::ActFor(*a)));
    match (form.offer(ctx.lang), actor) {
        (Ok(draft), Some(actor_id)) => {
            let id = store::create_offer(
                &state.db,
                actor_id,
                &draft,
                OfferStatus::Active,
                viewer.user_id,
            )
            .await?;
            Ok(see_other(&format!("/offers/{id}")))
        }
        (result, actor) => {
            let mut errors = result.err().unwrap_or_default();
            if actor.is_none() {
                errors.insert("actor", ctx.s().err_not_allowed_actor.into());
            }
            form_with_errors(&form_page(&state, &ctx, offer_target(None), form, errors).await?)
        }
    }
}

/// An offer, checked to be editable by the viewer (they act for its actor).
async fn editable_offer(state: &AppState, ctx: &Ctx, id: i64) -> AppResult<Offer> {
    let viewer = ctx.require_viewer()?;
    let o = store::get_offer(&state.db, id).await?;
    require(Some(viewer), Action::ActFor(o.actor_id))?;
    Ok(o)
}

async fn edit_offer_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let o = editable_offer(&state, &ctx, id).await?;
    let form = ResourceForm::from_offer(&o);
    render(
        &form_page(
            &state,
            &ctx,
            offer_target(Some(id)),
            form,
            FieldErrors::new(),
        )
        .await?,
    )
}

async fn edit_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<ResourceForm>,
) -> AppResult<Response> {
    editable_offer(&state, &ctx, id).await?;
    let errors = match form.offer(ctx.lang) {
        Ok(draft) => {
            let version = form.version.parse().unwrap_or(-1);
            match store::update_offer(&state.db, id, version, &draft, None).await {
                Ok(()) => return Ok(see_other(&format!("/offers/{id}"))),
                Err(AppError::Refused(refusal)) => refused_version(ctx.s(), refusal),
                Err(e) => return Err(e),
            }
        }
        Err(errors) => errors,
    };
    form_with_errors(&form_page(&state, &ctx, offer_target(Some(id)), form, errors).await?)
}

async fn offer_status(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Form(form): Form<StatusForm>,
) -> AppResult<Response> {
    editable_offer(&state, &ctx, id).await?;
    let to = OfferStatus::parse(&form.to)
        .ok_or_else(|| AppError::BadRequest(ctx.s().err_choose.into()))?;
    store::set_offer_status(&state.db, id, to).await?;
    Ok(see_other(&format!("/offers/{id}")))
}

#[derive(Template)]
#[template(path = "mobilisation/offer.html")]
struct OfferPage {
    page: Page,
    o: Offer,
    kind_label: &'static str,
    status_label: &'static str,
    unit: &'static str,
    when: String,
    reach: String,
    can_edit: bool,
    suggestions: Vec<MatchView>,
    status_actions: Vec<Choice>,
}

async fn show_offer(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let s = ctx.s();
    let o = store::get_offer(&state.db, id).await?;
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
        o,
    })
}

#[derive(serde::Deserialize, Default)]
struct ListParams {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    neighbourhood: String,
    #[serde(default)]
    page: String,
}

impl ListParams {
    fn filter(&self) -> ListFilter {
        ListFilter {
            kind: ResourceKind::parse(&self.kind),
            neighbourhood: printable(&self.neighbourhood),
            page: self.page.parse().unwrap_or(1),
            per_page: store::PER_PAGE,
        }
    }

    fn page_href(&self, path: &str, page: i64) -> String {
        let filters = [
            ("kind", self.kind.as_str()),
            ("neighbourhood", self.neighbourhood.as_str()),
        ];
        list_href(path, &filters, page)
    }
}

/// A need or an offer in a list.
pub struct ItemView {
    pub href: String,
    pub title: String,
    pub by: String,
    pub by_href: String,
    pub kind_label: &'static str,
    pub status_label: &'static str,
    pub when: String,
    pub place: String,
}

fn offer_item(o: &Offer, lang: Lang) -> ItemView {
    ItemView {
        href: format!("/offers/{}", o.id),
        title: o.draft.title.clone(),
        by: o.actor_name.clone(),
        by_href: format!("/actors/{}", o.actor_id),
        kind_label: o.draft.kind.label(lang),
        status_label: o.status.label(lang),
        when: o.draft.when.describe(lang),
        place: o.draft.neighbourhood.clone(),
    }
}

pub fn need_item(n: &Need, lang: Lang) -> ItemView {
    ItemView {
        href: format!("/needs/{}", n.id),
        title: n.draft.title.clone(),
        by: n.initiative_title.clone(),
        by_href: format!("/initiatives/{}", n.initiative_id),
        kind_label: n.draft.kind.label(lang),
        status_label: n.status.label(lang),
        when: n.draft.when.describe(lang),
        place: n.draft.neighbourhood.clone(),
    }
}

#[derive(Template)]
#[template(path = "mobilisation/list.html")]
struct ListPage {
    page: Page,
    intro: &'static str,
    path: &'static str,
    kinds: Vec<Choice>,
    neighbourhood: String,
    items: Vec<ItemView>,
    prev_href: Option<String>,
    next_href: Option<String>,
}

fn list_page(
    ctx: &Ctx,
    title: &'static str,
    intro: &'static str,
    path: &'static str,
    params: &ListParams,
    (items, more): (Vec<ItemView>, bool),
) -> ListPage {
    let page_number = crate::platform::db::page_number(params.page.parse().unwrap_or(1));
    let mut kinds = choices(vec![("", ctx.s().any)], &[]);
    kinds.extend(choices(
        ResourceKind::options(ctx.lang),
        &[params.kind.as_str()],
    ));
    ListPage {
        page: ctx.page(title),
        intro,
        path,
        kinds,
        neighbourhood: params.neighbourhood.clone(),
        items,
        prev_href: (page_number > 1).then(|| params.page_href(path, page_number - 1)),
        next_href: more.then(|| params.page_href(path, page_number + 1)),
    }
}

async fn list_offers(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<ListParams>,
) -> AppResult<Response> {
    let (offers, more) = store::active_offers(&state.db, &params.filter()).await?;
    let items = offers.iter().map(|o| offer_item(o, ctx.lang)).collect();
    let s = ctx.s();
    render(&list_page(
        &ctx,
        s.offers_title,
        s.offers_intro,
        "/offers",
        &params,
        (items, more),
    ))
}

#[derive(Template)]
#[template(path = "mobilisation/help.html")]
struct HelpPage {
    page: Page,
    /// The viewer's active offers, which the suggestions are for.
    offers: Vec<(i64, String)>,
    suggestions: Vec<MatchView>,
    pledges: Vec<PledgeView>,
    list: ListPage,
}

/// "Where can I help?": for someone with offers, the open needs that fit them best, each with
/// its reasons; for everyone, the open needs to browse.
async fn where_to_help(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<ListParams>,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let s = ctx.s();
    let (mut offers, mut suggestions, mut pledges) = (Vec::new(), Vec::new(), Vec::new());
    if let Some(v) = ctx.viewer.as_ref() {
        let mut ids = vec![v.person_id];
        ids.extend(permissions::organisations_acted_for(v));
        let mut best: Vec<(i64, MatchView)> = Vec::new();
        for o in store::offers_of(&state.db, &ids).await? {
            if o.status != OfferStatus::Active {
                continue;
            }
            for m in store::matching_needs(&state.db, &o.draft, SUGGESTIONS).await? {
                match best.iter_mut().find(|(_, b)| b.need_id == m.item.id) {
                    Some(existing) if existing.0 >= m.score => {}
                    Some(existing) => {
                        *existing = (m.score, need_suggestion(&m.item, &o, lang, true))
                    }
                    None => best.push((m.score, need_suggestion(&m.item, &o, lang, true))),
                }
            }
            offers.push((o.id, o.draft.title.clone()));
        }
        best.sort_by_key(|b| std::cmp::Reverse(b.0));
        suggestions = best
            .into_iter()
            .take(SUGGESTIONS as usize)
            .map(|(_, m)| m)
            .collect();
        pledges = store::pledges_of(&state.db, &ids)
            .await?
            .into_iter()
            .map(|p| pledge_view(p, lang, Some(v), false))
            .collect();
    }
    let (needs, more) = store::open_needs(&state.db, &params.filter()).await?;
    let items = needs.iter().map(|n| need_item(n, lang)).collect();
    let list = list_page(
        &ctx,
        s.help_title,
        s.help_intro,
        "/help",
        &params,
        (items, more),
    );
    render(&HelpPage {
        page: ctx.page(s.help_title),
        offers,
        suggestions,
        pledges,
        list,
    })
}

/// What a page of an initiative or an actor shows of mobilisation: its needs or offers, and
/// what has been given (to the initiative, or by the actor), per unit.
pub struct ResourceSummary {
    pub items: Vec<ItemView>,
    pub given: Vec<String>,
}

fn totals(given: &[(Unit, i64)], lang: Lang) -> Vec<String> {
    given
        .iter()
        .map(|(unit, n)| format!("{n} {}", unit.label(lang)))
        .collect()
}

pub async fn initiative_needs(
    state: &AppState,
    lang: Lang,
    initiative_id: i64,
) -> AppResult<ResourceSummary> {
    let needs = store::needs_of_initiative(&state.db, initiative_id).await?;
    let given = store::contribution_totals(&state.db, initiative_id).await?;
    Ok(ResourceSummary {
        items: needs.iter().map(|n| need_item(n, lang)).collect(),
        given: totals(&given, lang),
    })
}

pub async fn actor_offers(
    state: &AppState,
    lang: Lang,
    actor_id: i64,
) -> AppResult<ResourceSummary> {
    let offers = store::offers_of(&state.db, &[actor_id]).await?;
    let given = store::given_by(&state.db, actor_id).await?;
    Ok(ResourceSummary {
        items: offers
            .iter()
            .filter(|o| o.status != OfferStatus::Withdrawn)
            .map(|o| offer_item(o, lang))
            .collect(),
        given: totals(&given, lang),
    })
}
