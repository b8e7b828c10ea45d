//! A need's page: suggestions, pledges, and deciding and recording them.

use super::*;
use crate::moderation::{self, model::ContentKind, routes::Moderation};
use crate::text;

/// A suggestion on a page: the other side of a match and why it fits.
pub(super) struct MatchView {
    pub(super) href: String,
    pub(super) title: String,
    /// Who offers it, or the initiative that needs it.
    pub(super) by: String,
    pub(super) kind_label: &'static str,
    pub(super) reasons: Vec<String>,
    /// For a need suggested to an offer: the pledge that offer could make ((actor, offer)).
    pub(super) pledge_as: Option<(i64, i64)>,
    pub(super) need_id: i64,
}

pub(super) fn need_suggestion(n: &Need, offer: &Offer, lang: Lang, can_pledge: bool) -> MatchView {
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

pub(super) struct PledgeView {
    pub(super) p: Pledge,
    /// Whether the viewer may read the message and the reason: the initiative and the one who
    /// pledged, not everyone.
    pub(super) private: bool,
    pub(super) status_label: &'static str,
    pub(super) unit_label: &'static str,
    /// The unit's code, for counting in it.
    pub(super) unit: &'static str,
    pub(super) pledged: String,
    pub(super) can_decide: bool,
    pub(super) can_withdraw: bool,
    pub(super) can_record: bool,
}

pub(super) fn pledge_view(
    p: Pledge,
    lang: Lang,
    viewer: Option<&Viewer>,
    edits: bool,
) -> PledgeView {
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
    pub(super) actor: String,
    #[serde(default)]
    pub(super) offer: String,
    #[serde(default)]
    pub(super) amount: String,
    #[serde(default)]
    pub(super) message: String,
}

#[derive(Template)]
#[template(path = "mobilisation/need.html")]
pub(super) struct NeedPage {
    pub(super) page: Page,
    pub(super) n: Need,
    pub(super) kind_label: &'static str,
    pub(super) status_label: &'static str,
    pub(super) unit_label: &'static str,
    pub(super) unit: &'static str,
    pub(super) when: String,
    pub(super) can_edit: bool,
    pub(super) pledges: Vec<PledgeView>,
    pub(super) suggestions: Vec<MatchView>,
    pub(super) pledge_actors: Vec<Choice>,
    pub(super) my_offers: Vec<Choice>,
    pub(super) pledge: PledgeForm,
    pub(super) errors: FieldErrors,
    pub(super) status_actions: Vec<Choice>,
    /// Hidden by a moderator: its authors and the moderators still see it, with the reason.
    pub(super) moderation: Moderation,
}

pub(super) async fn need_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    pledge: PledgeForm,
    errors: FieldErrors,
) -> AppResult<NeedPage> {
    let lang = ctx.lang;
    let s = ctx.s();
    let n = store::get_need(&state.db, id).await?;
    let moderation = moderation::routes::on_page(state, ctx, ContentKind::Need, id).await?;
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
        moderation,
        n,
    })
}

pub(super) async fn show_need(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(&need_page(&state, &ctx, id, PledgeForm::default(), FieldErrors::new()).await?)
}

#[derive(serde::Deserialize)]
pub(super) struct StatusForm {
    pub(super) to: String,
}

pub(super) async fn need_status(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<StatusForm>,
) -> AppResult<Response> {
    let to = NeedStatus::parse(&form.to)
        .filter(|t| *t != NeedStatus::PartlyMet)
        .ok_or_else(|| AppError::BadRequest(crate::text!(err_choose)))?;
    actions::set_need_status(&state.db, viewer, id, to).await?;
    Ok(see_other(&format!("/needs/{id}")))
}

/// A whole number as typed (spaces and thousands points allowed), or none when empty; the
/// limits are checked by the action it is for.
pub(super) fn parse_amount(
    errors: &mut FieldErrors,
    field: &'static str,
    text: &str,
) -> Option<i64> {
    match text.trim() {
        "" => None,
        t => {
            let n = parse_whole_number(t);
            if n.is_none() {
                errors.insert(field, text!(err_quantity));
            }
            n
        }
    }
}

pub(super) async fn pledge(
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
        amount: parse_amount(&mut errors, "amount", &form.amount),
        message: form.message.clone(),
    };
    let errors = match actions::pledge(&state.db, viewer, id, request, errors).await {
        Ok(_) => return Ok(see_other(&format!("/needs/{id}#pledges"))),
        Err(AppError::Invalid(errors)) => errors,
        Err(AppError::Refused(refusal)) => FieldErrors::from([("actor", refusal.into())]),
        Err(e) => return Err(e),
    };
    let page = need_page(&state, &ctx, id, form, errors).await?;
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

#[derive(serde::Deserialize)]
pub(super) struct DecisionForm {
    pub(super) decision: String,
    #[serde(default)]
    pub(super) reason: String,
}

pub(super) async fn decide(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<DecisionForm>,
) -> AppResult<Response> {
    let accept = match form.decision.as_str() {
        "accept" => true,
        "decline" => false,
        _ => return Err(AppError::BadRequest(crate::text!(err_choose))),
    };
    let p = actions::decide(&state.db, viewer, id, accept, &form.reason).await?;
    Ok(see_other(&format!("/needs/{}#pledges", p.need_id)))
}

pub(super) async fn withdraw(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let p = actions::withdraw(&state.db, viewer, id).await?;
    Ok(see_other(&format!("/needs/{}#pledges", p.need_id)))
}

#[derive(serde::Deserialize)]
pub(super) struct ContributionForm {
    #[serde(default)]
    pub(super) amount: String,
    #[serde(default)]
    pub(super) given_on: String,
    #[serde(default)]
    pub(super) note: String,
    /// Ticked to confirm that more was given than pledged.
    #[serde(default)]
    pub(super) beyond_pledge: Option<String>,
}

pub(super) async fn contribute(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<ContributionForm>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::new();
    let amount = parse_amount(&mut errors, "amount", &form.amount);
    let given_on = match form.given_on.trim() {
        "" => Ok(None),
        t => parse_date(t).map(Some).ok_or(text!(err_date)),
    };
    let result = match errors.is_empty() {
        true => {
            let c = actions::Contribution {
                amount,
                given_on,
                note: &form.note,
                beyond_confirmed: form.beyond_pledge.is_some(),
            };
            actions::contribute(&state.db, viewer, id, c).await
        }
        false => Err(AppError::Invalid(errors)),
    };
    // The form is a small one inside the pledge list: its problems are shown as one message.
    let p = result.map_err(|e| match e {
        AppError::Invalid(errors) => {
            AppError::BadRequest(crate::platform::error::Text::new(move |s| {
                let words: Vec<String> = errors.values().map(|t| t.words(s)).collect();
                words.join(" ")
            }))
        }
        e => e,
    })?;
    Ok(see_other(&format!("/needs/{}#pledges", p.need_id)))
}

// ---- offers ----
