//! The overview's tables, made once in the reader's words: the page shows them (some beside a
//! chart of the same figures) and the CSV export writes them, so both always agree.

use super::super::actions::Overview;
use super::super::model::*;
use super::signals;
use crate::initiatives::model::{InitiatingSide, Stage, Status, Theme};
use crate::mobilisation::model::Unit;
use crate::platform::auth::Viewer;
use crate::platform::chart::{Bars, Network, bars};
use crate::platform::i18n::{Lang, Strings};
use crate::platform::money::format_kroner;
use crate::platform::numbers::format_number;

/// One cell: its words, where it leads, and for a number its plain digits (what a CSV holds).
pub struct Cell {
    pub text: String,
    pub href: Option<String>,
    pub raw: Option<String>,
}

impl Cell {
    pub(super) fn text(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            href: None,
            raw: None,
        }
    }

    pub(super) fn link(text: impl Into<String>, href: String) -> Cell {
        Cell {
            href: Some(href),
            ..Cell::text(text)
        }
    }

    pub(super) fn number(n: i64, lang: Lang) -> Cell {
        Cell {
            raw: Some(n.to_string()),
            ..Cell::text(format_number(n as f64, lang))
        }
    }

    /// A count of initiatives that leads to them, unless there are none.
    pub(super) fn counted(n: i64, lang: Lang, href: String) -> Cell {
        Cell {
            href: (n > 0).then_some(href),
            ..Cell::number(n, lang)
        }
    }

    fn kroner(kroner: i64, lang: Lang) -> Cell {
        Cell {
            raw: Some(kroner.to_string()),
            ..Cell::text(format_kroner(kroner * 100, lang))
        }
    }
}

/// A table of the overview, with the chart that draws its first figures where it has one.
pub struct Table {
    /// Its name in the CSV's address and its anchor.
    pub key: &'static str,
    pub caption: String,
    pub head: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    pub chart: Option<Bars>,
    /// Who takes part in what, drawn; its links are the rows.
    pub network: Option<Network>,
}

/// A section of the page: one of the leaders' questions and the tables that answer it.
pub struct Section {
    pub id: &'static str,
    pub title: &'static str,
    pub lead: String,
    pub tables: Vec<Table>,
}

/// Where the links of one overview lead: the list of initiatives behind a figure, with its
/// selection in the address.
pub struct Links {
    /// `scope=…&from=…&to=…`, already encoded.
    pub selection: String,
}

impl Links {
    pub fn behind(&self, facet: &[(&str, &str)]) -> String {
        let mut href = format!("/overview/initiatives?{}", self.selection);
        for (k, v) in facet {
            href.push('&');
            href.push_str(&serde_urlencoded::to_string([(k, v)]).unwrap_or_default());
        }
        href
    }
}

pub(super) fn table(
    key: &'static str,
    caption: String,
    head: Vec<&str>,
    rows: Vec<Vec<Cell>>,
) -> Table {
    Table {
        key,
        caption,
        head: head.into_iter().map(String::from).collect(),
        rows,
        chart: None,
        network: None,
    }
}

/// Adds a chart of the table's second column, labelled by its first.
fn charted(mut t: Table, lang: Lang) -> Table {
    let values: Vec<(String, f64)> = t
        .rows
        .iter()
        .filter_map(|r| {
            let v = r.get(1)?.raw.as_deref()?.parse::<f64>().ok()?;
            Some((r.first()?.text.clone(), v))
        })
        .collect();
    t.chart = bars(&values, lang);
    t
}

pub fn sections(o: &Overview, links: &Links, viewer: Option<&Viewer>, lang: Lang) -> Vec<Section> {
    let s = lang.strings();
    vec![
        Section {
            id: "where",
            title: s.overview_where,
            lead: s.overview_where_lead.into(),
            tables: vec![
                typology(o, links, s, lang),
                charted(by_status(o, links, s, lang), lang),
                charted(by_theme(o, links, s, lang), lang),
                charted(by_neighbourhood(o, links, s, lang), lang),
            ],
        },
        Section {
            id: "with-whom",
            title: s.overview_with_whom,
            lead: s.overview_with_whom_lead.into(),
            tables: vec![
                charted(partners(o, s, lang), lang),
                frequent(o, s, lang),
                super::network::table(o, s),
            ],
        },
        Section {
            id: "given",
            title: s.overview_given,
            lead: s.overview_given_lead.into(),
            tables: vec![
                given(o, s, lang),
                given_by_units(o, s, lang),
                pools(o, s, lang),
            ],
        },
        Section {
            id: "succeed",
            title: s.overview_succeed,
            lead: s.overview_succeed_lead(STUCK_AFTER_DAYS),
            tables: vec![
                signals::goals(o, s, lang),
                signals::stuck(o, links, s, lang),
                signals::unpledged(o, s, lang),
                signals::overdue_ideas(o, s, lang),
                signals::front_doors(o, viewer, s, lang),
            ],
        },
        Section {
            id: "support",
            title: s.overview_support,
            lead: s.overview_support_lead.into(),
            tables: vec![signals::supportable(o, s, lang)],
        },
        Section {
            id: "taken-over",
            title: s.overview_taken_over,
            lead: s.overview_taken_over_lead.into(),
            tables: vec![signals::taken_over(o, s, lang)],
        },
    ]
}

fn typology(o: &Overview, links: &Links, s: &Strings, lang: Lang) -> Table {
    let sides = InitiatingSide::ALL;
    let mut head = vec![s.field_stage];
    head.extend(sides.iter().map(|x| x.label(lang)));
    head.push(s.overview_total);
    let mut rows: Vec<Vec<Cell>> = Stage::ALL
        .iter()
        .map(|&stage| {
            let mut row = vec![Cell::text(stage.label(lang))];
            for &side in sides {
                let facet = Facet {
                    stage: Some(stage),
                    side: Some(side),
                    ..Facet::default()
                };
                row.push(Cell::counted(
                    count(&o.tallies, &facet),
                    lang,
                    links.behind(&[("stage", stage.code()), ("side", side.code())]),
                ));
            }
            let all = count(
                &o.tallies,
                &Facet {
                    stage: Some(stage),
                    ..Facet::default()
                },
            );
            row.push(Cell::counted(
                all,
                lang,
                links.behind(&[("stage", stage.code())]),
            ));
            row
        })
        .collect();
    let mut total = vec![Cell::text(s.overview_total)];
    for &side in sides {
        let n = count(
            &o.tallies,
            &Facet {
                side: Some(side),
                ..Facet::default()
            },
        );
        total.push(Cell::counted(
            n,
            lang,
            links.behind(&[("side", side.code())]),
        ));
    }
    total.push(Cell::counted(
        count(&o.tallies, &Facet::default()),
        lang,
        links.behind(&[]),
    ));
    rows.push(total);
    table("typology", s.overview_typology.into(), head, rows)
}

fn by_status(o: &Overview, links: &Links, s: &Strings, lang: Lang) -> Table {
    let rows = Status::ALL
        .iter()
        .map(|&status| {
            let n = count(
                &o.tallies,
                &Facet {
                    status: Some(status),
                    ..Facet::default()
                },
            );
            vec![
                Cell::text(status.label(lang)),
                Cell::counted(n, lang, links.behind(&[("status", status.code())])),
            ]
        })
        .collect();
    table(
        "stages",
        s.overview_by_status.into(),
        vec![s.field_status, s.overview_initiatives],
        rows,
    )
}

fn by_theme(o: &Overview, links: &Links, s: &Strings, lang: Lang) -> Table {
    let rows = by(&o.tallies, |t| t.theme.code())
        .into_iter()
        .filter_map(|(code, n)| {
            let theme = Theme::parse(code)?;
            Some(vec![
                Cell::text(theme.label(lang)),
                Cell::counted(n, lang, links.behind(&[("theme", code)])),
            ])
        })
        .collect();
    table(
        "themes",
        s.overview_by_theme.into(),
        vec![s.field_theme, s.overview_initiatives],
        rows,
    )
}

fn by_neighbourhood(o: &Overview, links: &Links, s: &Strings, lang: Lang) -> Table {
    let rows = by(&o.tallies, |t| t.neighbourhood.clone())
        .into_iter()
        .map(|(name, n)| {
            let label = match name.is_empty() {
                true => s.overview_no_neighbourhood.to_string(),
                false => name.clone(),
            };
            vec![
                Cell::text(label),
                Cell::counted(n, lang, links.behind(&[("neighbourhood", &name)])),
            ]
        })
        .collect();
    table(
        "neighbourhoods",
        s.overview_by_neighbourhood.into(),
        vec![s.field_neighbourhood, s.overview_initiatives],
        rows,
    )
}

fn partners(o: &Overview, s: &Strings, lang: Lang) -> Table {
    let rows = o
        .partners
        .iter()
        .map(|(arena, actors, places)| {
            vec![
                Cell::text(arena.label(lang)),
                Cell::number(*actors, lang),
                Cell::number(*places, lang),
            ]
        })
        .collect();
    table(
        "partners",
        s.overview_partners.into(),
        vec![
            s.overview_arena,
            s.overview_partner_count,
            s.overview_places,
        ],
        rows,
    )
}

fn frequent(o: &Overview, s: &Strings, lang: Lang) -> Table {
    let rows = o
        .frequent
        .iter()
        .map(|p| {
            vec![
                Cell::link(p.name.clone(), format!("/actors/{}", p.id)),
                Cell::text(PartnerArena::of(p.kind, false).label(lang)),
                Cell::number(p.initiatives, lang),
            ]
        })
        .collect();
    table(
        "frequent-partners",
        s.overview_frequent.into(),
        vec![s.overview_partner, s.overview_arena, s.overview_initiatives],
        rows,
    )
}

/// The head of a table of amounts given: who, then one column per unit of measure.
fn given_head<'a>(s: &'a Strings, first: &'a str) -> Vec<&'a str> {
    let mut head = vec![first];
    head.extend(Unit::ALL.iter().map(|u| u.label_in(s)));
    head
}

fn amounts(amount_of: impl Fn(Unit) -> i64, lang: Lang) -> Vec<Cell> {
    Unit::ALL
        .iter()
        .map(|&u| match u {
            Unit::Kroner => Cell::kroner(amount_of(u), lang),
            _ => Cell::number(amount_of(u), lang),
        })
        .collect()
}

/// One row per giver that gave anything, in the order given: its cell, then what it gave in
/// each unit of measure.
fn given_rows<K: Copy + PartialEq>(
    givers: Vec<(K, Cell)>,
    given: &[(K, Unit, i64)],
    lang: Lang,
) -> Vec<Vec<Cell>> {
    givers
        .into_iter()
        .filter(|(k, _)| given.iter().any(|g| g.0 == *k))
        .map(|(k, first)| {
            let mut row = vec![first];
            row.extend(amounts(
                |u| {
                    given
                        .iter()
                        .filter(|g| g.0 == k && g.1 == u)
                        .map(|g| g.2)
                        .sum()
                },
                lang,
            ));
            row
        })
        .collect()
}

fn given(o: &Overview, s: &Strings, lang: Lang) -> Table {
    let arenas = PartnerArena::ALL
        .iter()
        .map(|&a| (a, Cell::text(a.label(lang))))
        .collect();
    table(
        "given",
        s.overview_given_by_arena.into(),
        given_head(s, s.overview_arena),
        given_rows(arenas, &o.given, lang),
    )
}

fn given_by_units(o: &Overview, s: &Strings, lang: Lang) -> Table {
    let units = o
        .units
        .iter()
        .map(|u| {
            (
                u.id,
                Cell::link(u.name.clone(), format!("/actors/{}", u.id)),
            )
        })
        .collect();
    table(
        "given-by-units",
        s.overview_given_by_units.into(),
        given_head(s, s.overview_unit),
        given_rows(units, &o.given_by_units, lang),
    )
}

fn pools(o: &Overview, s: &Strings, lang: Lang) -> Table {
    let ore = |n: i64| Cell {
        raw: Some(format!("{}", n / 100)),
        ..Cell::text(format_kroner(n, lang))
    };
    let rows = o
        .pools
        .iter()
        .map(|p| {
            vec![
                Cell::link(p.name.clone(), format!("/pools/{}", p.id)),
                Cell::text(o.unit_name(p.unit_id)),
                ore(p.budget_ore),
                ore(p.granted_ore),
                ore(p.budget_ore - p.granted_ore),
                ore(p.granted_in_period_ore),
            ]
        })
        .collect();
    table(
        "pools",
        s.overview_pools.into(),
        vec![
            s.overview_pool,
            s.overview_unit,
            s.overview_budget,
            s.overview_granted,
            s.overview_remaining,
            s.overview_granted_in_period,
        ],
        rows,
    )
}

/// A table as CSV: its head, then its rows, numbers as plain digits.
pub fn csv(t: &Table) -> String {
    let mut out = String::new();
    crate::platform::csv::push_row(&mut out, &t.head);
    for row in &t.rows {
        let fields: Vec<&str> = row
            .iter()
            .map(|c| c.raw.as_deref().unwrap_or(&c.text))
            .collect();
        crate::platform::csv::push_row(&mut out, &fields);
    }
    out
}
