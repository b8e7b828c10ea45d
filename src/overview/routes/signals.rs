//! The tables that say where the scope could do more: value goals against what was measured,
//! initiatives stuck in a stage, needs nobody pledged to, requests waiting, what others started
//! that it could back, and what it took over.

use super::super::actions::Overview;
use super::super::model::*;
use super::tables::{Cell, Links, Table, table};
use crate::initiatives::model::ValueGoal;
use crate::platform::auth::Viewer;
use crate::platform::i18n::{Lang, Strings};
use crate::platform::permissions::{Action, OrganisationAccess, can};
use crate::platform::time::{day_of, format_civil_date, now};

pub(super) fn goals(o: &Overview, s: &Strings, lang: Lang) -> Table {
    let rows = o
        .goals
        .iter()
        .filter(|g| g.pursued > 0 || g.measured > 0)
        .map(|g| {
            vec![
                Cell::text(ValueGoal::label(g.goal, lang)),
                Cell::number(g.pursued, lang),
                Cell::number(g.measured, lang),
                Cell::number(g.with_figures, lang),
                match g.targets {
                    0 => Cell::text("–"),
                    _ => Cell {
                        raw: Some(g.reached.to_string()),
                        ..Cell::text(s.overview_reached_of(g.reached, g.targets))
                    },
                },
            ]
        })
        .collect();
    table(
        "goals",
        s.overview_goals.into(),
        vec![
            s.overview_goal,
            s.overview_pursued,
            s.overview_measured,
            s.overview_with_figures,
            s.overview_targets_reached,
        ],
        rows,
    )
}

pub(super) fn stuck(o: &Overview, links: &Links, s: &Strings, lang: Lang) -> Table {
    let rows = PASSING_STATUSES
        .iter()
        .map(|&status| {
            let facet = Facet {
                status: Some(status),
                stuck: true,
                ..Facet::default()
            };
            vec![
                Cell::text(status.label(lang)),
                Cell::counted(
                    count(&o.tallies, &facet),
                    lang,
                    links.behind(&[("status", status.code()), ("stuck", "1")]),
                ),
            ]
        })
        .collect();
    table(
        "stuck",
        s.overview_stuck(STUCK_AFTER_DAYS),
        vec![s.field_status, s.overview_initiatives],
        rows,
    )
}

pub(super) fn unpledged(o: &Overview, s: &Strings, lang: Lang) -> Table {
    let rows = o
        .oldest_unpledged
        .iter()
        .map(|n| {
            vec![
                Cell::link(n.title.clone(), format!("/needs/{}", n.id)),
                Cell::text(n.kind.label(lang)),
                Cell::link(
                    n.initiative_title.clone(),
                    format!("/initiatives/{}", n.initiative_id),
                ),
                Cell::text(format_civil_date(day_of(n.since), lang)),
            ]
        })
        .collect();
    table(
        "unpledged-needs",
        match o.unpledged > o.oldest_unpledged.len() as i64 {
            true => s.overview_unpledged_oldest(o.unpledged, o.oldest_unpledged.len() as i64),
            false => s.overview_unpledged(o.unpledged),
        },
        vec![
            s.overview_need,
            s.overview_need_kind,
            s.overview_initiative,
            s.overview_since,
        ],
        rows,
    )
}

pub(super) fn overdue_ideas(o: &Overview, s: &Strings, lang: Lang) -> Table {
    let rows = o
        .oldest_overdue_ideas
        .iter()
        .map(|i| {
            vec![
                Cell::link(i.text.clone(), format!("/ideas/{}", i.id)),
                Cell::link(
                    i.workshop_title.clone(),
                    format!("/workshops/{}", i.workshop_id),
                ),
                Cell::text(format_civil_date(day_of(i.workshop_ends_at), lang)),
                Cell::text(i.fate.map_or(s.idea_no_fate, |f| f.label(lang))),
            ]
        })
        .collect();
    let listed = o.oldest_overdue_ideas.len() as i64;
    table(
        "overdue-ideas",
        match o.overdue_ideas > listed {
            true => s.overview_overdue_ideas_oldest(o.overdue_ideas, listed),
            false => s.overview_overdue_ideas(o.overdue_ideas),
        },
        vec![
            s.overview_idea,
            s.overview_workshop,
            s.overview_workshop_held,
            s.idea_fate,
        ],
        rows,
    )
}

pub(super) fn front_doors(o: &Overview, viewer: Option<&Viewer>, s: &Strings, lang: Lang) -> Table {
    let rows = o
        .front_doors
        .iter()
        .map(|d| {
            let unit = o.units.iter().find(|u| u.id == d.unit_id);
            let handles = unit.is_some_and(|u| {
                can(
                    viewer,
                    Action::HandleCases(OrganisationAccess {
                        id: u.id,
                        department_id: u.department_id,
                    }),
                )
            });
            let waiting = Cell::number(d.waiting, lang);
            vec![
                Cell::link(o.unit_name(d.unit_id), format!("/actors/{}", d.unit_id)),
                match handles && d.waiting > 0 {
                    true => Cell {
                        href: Some("/requests".into()),
                        ..waiting
                    },
                    false => waiting,
                },
                Cell::text(
                    d.oldest_waiting_since
                        .map(|t| s.days((now() - t).max(0) / 86_400))
                        .unwrap_or_default(),
                ),
                Cell::number(d.decided, lang),
                Cell {
                    raw: d.median_seconds.map(|t| (t / 86_400).to_string()),
                    ..Cell::text(
                        d.median_seconds
                            .map(|t| s.days(t.max(0) / 86_400))
                            .unwrap_or_default(),
                    )
                },
            ]
        })
        .collect();
    table(
        "front-doors",
        s.overview_front_doors.into(),
        vec![
            s.overview_unit,
            s.overview_waiting,
            s.overview_oldest_waiting,
            s.overview_decided,
            s.overview_median_decision,
        ],
        rows,
    )
}

pub(super) fn supportable(o: &Overview, s: &Strings, lang: Lang) -> Table {
    let rows = o
        .supportable
        .iter()
        .map(|x| {
            vec![
                Cell::link(x.title.clone(), format!("/initiatives/{}", x.id)),
                started_by(&x.starter, s),
                Cell::text(x.theme.label(lang)),
                Cell::text(x.neighbourhood.clone()),
                Cell::counted(x.open_needs, lang, format!("/initiatives/{}#needs", x.id)),
            ]
        })
        .collect();
    table(
        "supportable",
        s.overview_supportable.into(),
        vec![
            s.overview_initiative,
            s.overview_started_by,
            s.field_theme,
            s.field_neighbourhood,
            s.overview_open_needs,
        ],
        rows,
    )
}

/// Who started an initiative: the organisation, or citizens, never named.
fn started_by(starter: &Option<(i64, String)>, s: &Strings) -> Cell {
    match starter {
        Some((id, name)) => Cell::link(name.clone(), format!("/actors/{id}")),
        None => Cell::text(s.overview_started_by_citizens),
    }
}

pub(super) fn taken_over(o: &Overview, s: &Strings, lang: Lang) -> Table {
    let rows = o
        .taken_over
        .iter()
        .map(|t| {
            vec![
                Cell::link(t.title.clone(), format!("/initiatives/{}", t.id)),
                started_by(&t.starter, s),
                Cell::link(t.owner_name.clone(), format!("/actors/{}", t.owner_id)),
                Cell::text(
                    t.handed_over_at
                        .map(|at| format_civil_date(day_of(at), lang))
                        .unwrap_or_default(),
                ),
                Cell::text(t.reason.clone()),
                Cell::text(match t.starters_lead {
                    true => s.yes,
                    false => s.no,
                }),
            ]
        })
        .collect();
    table(
        "taken-over",
        s.overview_taken_over_table.into(),
        vec![
            s.overview_initiative,
            s.overview_started_by,
            s.overview_owned_by,
            s.overview_handed_over,
            s.overview_reason,
            s.overview_starters_lead,
        ],
        rows,
    )
}
