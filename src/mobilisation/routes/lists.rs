//! The lists of needs and offers, where to help, and the summaries other pages show.

use super::*;
use crate::evaluation::model::Arena;

#[derive(serde::Deserialize, Default)]
pub(super) struct ListParams {
    #[serde(default)]
    pub(super) kind: String,
    #[serde(default)]
    pub(super) neighbourhood: String,
    #[serde(default)]
    pub(super) page: String,
}

impl ListParams {
    pub(super) fn filter(&self) -> ListFilter {
        ListFilter {
            kind: ResourceKind::parse(&self.kind),
            neighbourhood: printable(&self.neighbourhood),
            page: self.page.parse().unwrap_or(1),
            per_page: store::PER_PAGE,
        }
    }

    pub(super) fn page_href(&self, path: &str, page: i64) -> String {
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

pub(super) fn offer_item(o: &Offer, lang: Lang) -> ItemView {
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
pub(super) struct ListPage {
    pub(super) page: Page,
    pub(super) intro: &'static str,
    pub(super) path: &'static str,
    pub(super) kinds: Vec<Choice>,
    pub(super) neighbourhood: String,
    pub(super) items: Vec<ItemView>,
    pub(super) prev_href: Option<String>,
    pub(super) next_href: Option<String>,
}

pub(super) fn list_page(
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

pub(super) async fn list_offers(
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
pub(super) struct HelpPage {
    pub(super) page: Page,
    /// The viewer's active offers, which the suggestions are for.
    pub(super) offers: Vec<(i64, String)>,
    pub(super) suggestions: Vec<MatchView>,
    pub(super) pledges: Vec<PledgeView>,
    pub(super) list: ListPage,
}

/// "Where can I help?": for someone with offers, the open needs that fit them best, each with
/// its reasons; for everyone, the open needs to browse.
pub(super) async fn where_to_help(
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
        let active: Vec<_> = store::offers_of(&state.db, &ids)
            .await?
            .into_iter()
            .filter(|o| o.status == OfferStatus::Active)
            .collect();
        let drafts: Vec<_> = active.iter().map(|o| &o.draft).collect();
        for (n, m) in store::matching_needs_of(&state.db, &drafts, SUGGESTIONS).await? {
            let o = &active[n];
            match best.iter_mut().find(|(_, b)| b.need_id == m.item.id) {
                Some(existing) if existing.0 >= m.score => {}
                Some(existing) => *existing = (m.score, need_suggestion(&m.item, o, lang, true)),
                None => best.push((m.score, need_suggestion(&m.item, o, lang, true))),
            }
        }
        offers = active
            .iter()
            .map(|o| (o.id, o.draft.title.clone()))
            .collect();
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
/// what has been given (to the initiative, or by the actor), per unit; for an initiative, also
/// who gave it, by arena.
pub struct ResourceSummary {
    pub items: Vec<ItemView>,
    pub given: Vec<String>,
    pub givers: Vec<GiverGroup>,
}

/// What one arena gave an initiative.
pub struct GiverGroup {
    pub arena: &'static str,
    pub givers: Vec<GiverLine>,
}

/// One giver and what they gave: an organisation or a unit by name, the citizens together.
pub struct GiverLine {
    pub href: Option<String>,
    pub name: String,
    pub gave: String,
}

/// Who gave what, the municipality first (the seed asks it to say what it brings, permits
/// granted too: `permits` per unit), then associations and businesses, then the citizens,
/// counted and not named.
fn giver_groups(
    gifts: &[store::Gift],
    permits: &[(i64, String, i64)],
    lang: Lang,
) -> Vec<GiverGroup> {
    let s = lang.strings();
    let shown = store::shown_gifts(gifts);
    [Arena::Municipality, Arena::Organisations, Arena::Citizens]
        .into_iter()
        .filter_map(|arena| {
            let mut givers: Vec<(Option<i64>, GiverLine)> = Vec::new();
            for g in shown.iter().filter(|g| Arena::of(g.kind) == arena) {
                let what = format!("{} {}", g.amount, g.unit.label(lang));
                let id = g.giver.as_ref().map(|(id, _)| *id);
                match givers.last_mut() {
                    Some((last, line)) if *last == id && id.is_some() => {
                        line.gave = format!("{}, {what}", line.gave);
                    }
                    _ => givers.push((
                        id,
                        GiverLine {
                            href: id.map(|id| format!("/actors/{id}")),
                            name: match &g.giver {
                                Some((_, name)) => name.clone(),
                                None => s.givers_citizens(g.citizens),
                            },
                            gave: what,
                        },
                    )),
                }
            }
            if arena == Arena::Municipality {
                for (unit, name, n) in permits {
                    let what = s.givers_permits(*n);
                    match givers.iter_mut().find(|(id, _)| *id == Some(*unit)) {
                        Some((_, line)) => line.gave = format!("{}, {what}", line.gave),
                        None => givers.push((
                            Some(*unit),
                            GiverLine {
                                href: Some(format!("/actors/{unit}")),
                                name: name.clone(),
                                gave: what,
                            },
                        )),
                    }
                }
            }
            (!givers.is_empty()).then(|| GiverGroup {
                arena: arena.label(lang),
                givers: givers.into_iter().map(|(_, line)| line).collect(),
            })
        })
        .collect()
}

pub(super) fn totals(given: &[(Unit, i64)], lang: Lang) -> Vec<String> {
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
    let (needs, gifts, permits) = tokio::try_join!(
        store::needs_of_initiative(&state.db, initiative_id),
        store::gifts_to(&state.db, initiative_id),
        crate::requests::store::permits_granted_to(&state.db, initiative_id),
    )?;
    Ok(ResourceSummary {
        items: needs.iter().map(|n| need_item(n, lang)).collect(),
        given: totals(&store::per_unit(&gifts), lang),
        givers: giver_groups(&gifts, &permits, lang),
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
        givers: Vec::new(),
    })
}
