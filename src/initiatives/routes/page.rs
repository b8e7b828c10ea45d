//! The initiative page: everything about it in one place, from its own and other features.

use super::*;

/// What can be followed from an initiative's page: it, its theme and its neighbourhood.
pub(super) fn initiative_targets(i: &Initiative, lang: Lang) -> Vec<(Target, String)> {
    let mut targets = vec![
        (Target::Initiative(i.id), i.draft.title.clone()),
        (
            Target::Theme(i.draft.theme),
            i.draft.theme.label(lang).to_string(),
        ),
    ];
    if !i.draft.neighbourhood.is_empty() {
        targets.push((
            Target::Neighbourhood(i.draft.neighbourhood.clone()),
            i.draft.neighbourhood.clone(),
        ));
    }
    targets
}

/// A similar initiative and, in words, what it has in common.
pub struct SimilarView {
    pub id: i64,
    pub title: String,
    pub owner_name: String,
    pub status_label: &'static str,
    pub reasons: Vec<String>,
}

pub(super) fn similar_view(x: &Similar, lang: Lang) -> SimilarView {
    let s = lang.strings();
    let mut reasons = Vec::new();
    if !x.shared_words.is_empty() {
        reasons.push(s.similar_words(x.shared_words.join(", ")));
    }
    if x.same_theme {
        reasons.push(s.similar_theme(x.card.theme_label));
    }
    if x.same_neighbourhood {
        reasons.push(s.similar_place(&x.card.neighbourhood));
    }
    if let Some(m) = x.distance_m {
        reasons.push(s.why_distance(format_distance(m, lang)));
    }
    SimilarView {
        id: x.card.id,
        title: x.card.title.clone(),
        owner_name: x.card.owner_name.clone(),
        status_label: x.card.status_label,
        reasons,
    }
}

/// The statuses an initiative may move on to from `status`, for a choice.
pub fn next_statuses(status: Status, lang: Lang) -> Vec<Choice> {
    let next = status.next().iter().map(|st| (st.code(), st.label(lang)));
    choices(next.collect(), &[])
}

pub(super) struct ParticipantView {
    pub(super) p: Participant,
    pub(super) kind_label: &'static str,
    pub(super) role_label: &'static str,
    pub(super) joined: String,
}

pub(super) struct OwnershipView {
    pub(super) o: Ownership,
    pub(super) kind_label: &'static str,
    pub(super) from: String,
    pub(super) to: Option<String>,
}

#[derive(Template)]
#[template(path = "initiatives/show.html")]
pub struct ShowPage {
    pub(super) page: Page,
    pub(super) i: Initiative,
    /// Hidden by a moderator: its people and the moderators still see it, with the reason.
    pub(super) moderation: crate::moderation::routes::Moderation,
    pub(super) theme_label: &'static str,
    pub(super) status_label: &'static str,
    pub(super) provenance_label: &'static str,
    pub(super) side_label: &'static str,
    pub(super) stage_label: &'static str,
    pub(super) commitment_label: &'static str,
    pub(super) leadership_label: &'static str,
    pub(super) value_goal_labels: Vec<&'static str>,
    pub(super) created: String,
    pub(super) updated: String,
    pub(super) participants: Vec<ParticipantView>,
    pub(super) history: Vec<OwnershipView>,
    /// The lifecycle so far: (from, to, date) in the viewer's language.
    pub(super) steps: Vec<(&'static str, &'static str, String)>,
    /// "Started by citizens, owned by X since …" when ownership has moved.
    pub(super) moved_since: Option<String>,
    pub(super) can_edit: bool,
    pub(super) can_transfer: bool,
    pub(super) next_statuses: Vec<Choice>,
    /// It is a case, with a page of what it left behind.
    pub(super) is_case: bool,
    pub(super) join_as: Vec<Choice>,
    pub(super) roles: Vec<Choice>,
    pub(super) transfer_to: Vec<Choice>,
    pub(super) needs: ResourceSummary,
    pub(super) events: Vec<crate::events::routes::EventCard>,
    pub(super) agreements: Vec<(i64, String)>,
    pub(super) similar: Vec<SimilarView>,
    pub(super) follow: Vec<FollowButton>,
    pub(super) calls: Vec<(i64, String)>,
    /// The tip it was started to take care of: its id and what and where it was.
    pub(super) from_tip: Option<(i64, String)>,
    pub(super) proposals: crate::proposals::routes::ProposalSection,
}

pub(super) async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(&show_page(&state, ctx, id, Default::default()).await?)
}

/// The initiative page, with its proposal forms as typed (shown again with their errors).
pub async fn show_page(
    state: &AppState,
    ctx: Ctx,
    id: i64,
    typed: crate::proposals::routes::Typed,
) -> AppResult<ShowPage> {
    let lang = ctx.lang;
    let db = &state.db;
    let initiative = crate::moderation::model::ContentKind::Initiative;
    let moderation = crate::moderation::routes::on_page(state, &ctx, initiative, id).await?;
    // The page's parts are read together: on PostgreSQL they go out as one pipeline.
    let (i, participants, history, steps, needs, events, agreements, calls, from_tip) = tokio::try_join!(
        store::get(db, id),
        store::participants(db, id),
        store::ownership_history(db, id),
        store::status_history(db, id),
        initiative_needs(state, lang, id),
        crate::events::routes::initiative_events(state, lang, id),
        crate::agreements::store::list(db, Some(id)),
        crate::mobilisation::store::open_calls(db, Some(id), 5),
        crate::tips::store::adopted_by(db, id),
    )?;
    let viewer = ctx.viewer.as_ref();
    let kept = state.kept.get();
    let (join_as, follow, similar) = tokio::try_join!(
        async {
            match viewer {
                Some(v) => acting_choices(state, &ctx, v, "").await,
                None => Ok(Vec::new()),
            }
        },
        follow_buttons(state, &ctx, initiative_targets(&i, lang)),
        store::similar_kept(db, &kept, &i, 3, lang),
    )?;
    let access = i.access(&participants);
    let can_edit = can(viewer, Action::EditInitiative(&access));
    let can_transfer = can(viewer, Action::TransferInitiative(&access));
    let speaks = can(viewer, Action::SpeakForInitiative(&access));
    let proposals =
        crate::proposals::routes::section(state, &ctx, &i, speaks, &join_as, typed).await?;
    let next_statuses = next_statuses(i.status, lang);
    let mut transfer_to = Vec::new();
    if can_transfer {
        for p in participants.iter().filter(|p| p.actor_id != i.owner_id) {
            transfer_to.push(Choice {
                value: p.actor_id.to_string(),
                label: p.name.clone(),
                selected: false,
            });
        }
    }
    let moved_since = (i.owner_id != i.started_by_id)
        .then(|| history.last().map(|h| format_date(h.from_at, lang)))
        .flatten();
    let page = ShowPage {
        moderation,
        page: ctx.page(i.draft.title.clone()),
        theme_label: i.draft.theme.label(lang),
        status_label: i.status.label(lang),
        provenance_label: i.provenance.label(lang),
        side_label: i.initiating_side.label(lang),
        stage_label: i.draft.stage.label(lang),
        commitment_label: i.draft.commitment.label(lang),
        leadership_label: i.draft.leadership_mode.label(lang),
        value_goal_labels: i.draft.value_goals.iter().map(|g| g.label(lang)).collect(),
        created: format_date(i.created_at, lang),
        updated: format_date(i.updated_at, lang),
        participants: participants
            .into_iter()
            .map(|p| ParticipantView {
                kind_label: p.kind.label(lang),
                role_label: p.role.label(lang),
                joined: format_date(p.joined_at, lang),
                p,
            })
            .collect(),
        history: history
            .into_iter()
            .map(|o| OwnershipView {
                kind_label: o.owner_kind.label(lang),
                from: format_date(o.from_at, lang),
                to: o.to_at.map(|t| format_date(t, lang)),
                o,
            })
            .collect(),
        steps: steps
            .iter()
            .map(|st| {
                (
                    st.from.label(lang),
                    st.to.label(lang),
                    format_date(st.at, lang),
                )
            })
            .collect(),
        moved_since,
        can_edit,
        can_transfer,
        next_statuses,
        is_case: crate::cases::model::is_case(i.status),
        join_as,
        roles: choices(
            ParticipantRole::options(lang),
            &[ParticipantRole::Supporter.code()],
        ),
        transfer_to,
        needs,
        events,
        agreements,
        follow,
        calls: calls.into_iter().map(|c| (c.id, c.draft.title)).collect(),
        similar: similar.iter().map(|x| similar_view(x, lang)).collect(),
        from_tip: from_tip.map(|t| (t.id, t.what_and_where(lang))),
        proposals,
        i,
    };
    Ok(page)
}
