//! The network of the overview: its initiatives and the organisations taking part in them (the
//! scope's own units set apart), drawn as two linked columns, with the same as a table.

use super::super::actions::{NETWORK_INITIATIVES, Overview};
use super::tables::{Cell, Table};
use crate::platform::chart::{Named, network};
use crate::platform::i18n::Strings;

/// The initiatives with most of the drawn organisations first (then the most recently changed),
/// and beside each, who of them takes part.
pub fn table(o: &Overview, s: &Strings) -> Table {
    let mut initiatives: Vec<(i64, String, Vec<i64>)> = Vec::new();
    for (id, title, actor) in &o.links {
        match initiatives.iter_mut().find(|(i, _, _)| i == id) {
            Some((_, _, actors)) => actors.push(*actor),
            None => initiatives.push((*id, title.clone(), vec![*actor])),
        }
    }
    initiatives.sort_by_key(|(_, _, actors)| std::cmp::Reverse(actors.len()));
    initiatives.truncate(NETWORK_INITIATIVES);
    let linked = |id: i64| initiatives.iter().any(|(_, _, a)| a.contains(&id));
    // The scope's own units first, then the partners, most frequent first.
    let actors: Vec<(i64, String, bool)> = o
        .units
        .iter()
        .filter(|u| linked(u.id))
        .map(|u| (u.id, u.name.clone(), true))
        .chain(
            o.frequent
                .iter()
                .filter(|p| linked(p.id))
                .map(|p| (p.id, p.name.clone(), false)),
        )
        .collect();
    let name = |id: &i64| {
        actors
            .iter()
            .find(|(a, _, _)| a == id)
            .map_or("", |(_, n, _)| n.as_str())
    };
    let links: Vec<(usize, usize)> = initiatives
        .iter()
        .enumerate()
        .flat_map(|(l, (_, _, who))| {
            who.iter()
                .filter_map(|a| actors.iter().position(|(x, _, _)| x == a))
                .map(move |r| (l, r))
        })
        .collect();
    let rows = initiatives
        .iter()
        .map(|(id, title, who)| {
            let names: Vec<&str> = who.iter().map(name).collect();
            vec![
                Cell::link(title.clone(), format!("/initiatives/{id}")),
                Cell::text(names.join(", ")),
            ]
        })
        .collect();
    let drawn = network(
        initiatives
            .iter()
            .map(|(id, title, _)| Named {
                name: title.clone(),
                href: format!("/initiatives/{id}"),
                marked: false,
            })
            .collect(),
        actors
            .iter()
            .map(|(id, name, ours)| Named {
                name: name.clone(),
                href: format!("/actors/{id}"),
                marked: *ours,
            })
            .collect(),
        &links,
    );
    Table {
        network: drawn,
        ..super::tables::table(
            "network",
            s.overview_network.into(),
            vec![s.overview_initiative, s.overview_network_who],
            rows,
        )
    }
}
