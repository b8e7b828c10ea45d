//! Charts drawn on the server as SVG: a measure over time, as points joined by a line, with the
//! baseline and the target marked; amounts side by side, as bars; or who is linked to what, as
//! two columns of named nodes with lines between them. Like the maps, they need no script and no inline style
//! (colours and strokes come from the stylesheet), and each stands beside a table of the same
//! figures, which is what a screen reader reads.

use crate::platform::i18n::Lang;
use crate::platform::numbers::format_number;
use jiff::civil::Date;

/// The chart's size in SVG units; it scales with the page.
pub const WIDTH: f64 = 640.0;
pub const HEIGHT: f64 = 260.0;
/// Room for the value labels on the left and the dates below.
const LEFT: f64 = 56.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 16.0;
const BOTTOM: f64 = 36.0;

/// A chart laid out: every position in SVG units, every label in the reader's words.
#[derive(Clone, Debug, PartialEq)]
pub struct Chart {
    /// The measured points joined, as the `points` of a polyline.
    pub line: String,
    pub points: Vec<(f64, f64)>,
    /// Horizontal grid lines with their values.
    pub ticks: Vec<(f64, String)>,
    /// The first and the last day, where they stand.
    pub days: Vec<(f64, String)>,
    pub baseline: Option<(f64, f64)>,
    pub target: Option<(f64, f64)>,
    pub left: f64,
    pub right: f64,
    pub bottom: f64,
}

/// Lays out values over time (each at a day), with a baseline and a target; none without a
/// value to draw.
pub fn over_time(
    values: &[(Date, f64)],
    baseline: Option<(Date, f64)>,
    target: Option<(Date, f64)>,
    lang: Lang,
    day_label: impl Fn(Date) -> String,
) -> Option<Chart> {
    let all: Vec<(Date, f64)> = values
        .iter()
        .copied()
        .chain(baseline)
        .chain(target)
        .filter(|(_, v)| v.is_finite())
        .collect();
    if values.is_empty() || all.is_empty() {
        return None;
    }
    let first = all.iter().map(|(d, _)| *d).min()?;
    let last = all.iter().map(|(d, _)| *d).max()?;
    let top = nice_ceiling(all.iter().map(|(_, v)| *v).fold(0.0, f64::max));
    let bottom_value = all.iter().map(|(_, v)| *v).fold(0.0, f64::min);
    let span_days = (last - first).get_days().max(1) as f64;
    let x = |d: Date| LEFT + (WIDTH - LEFT - RIGHT) * ((d - first).get_days() as f64 / span_days);
    let y = |v: f64| {
        let range = (top - bottom_value).max(f64::EPSILON);
        TOP + (HEIGHT - TOP - BOTTOM) * (1.0 - (v - bottom_value) / range)
    };
    let points: Vec<(f64, f64)> = values.iter().map(|&(d, v)| (x(d), y(v))).collect();
    let line = points
        .iter()
        .map(|(px, py)| format!("{px:.1},{py:.1}"))
        .collect::<Vec<_>>()
        .join(" ");
    let ticks = [bottom_value, (bottom_value + top) / 2.0, top]
        .iter()
        .map(|&v| (y(v), format_number(v, lang)))
        .collect();
    let mut days = vec![(x(first), day_label(first))];
    if last != first {
        days.push((x(last), day_label(last)));
    }
    Some(Chart {
        line,
        points,
        ticks,
        days,
        baseline: baseline.map(|(d, v)| (x(d), y(v))),
        target: target.map(|(d, v)| (x(d), y(v))),
        left: LEFT,
        right: WIDTH - RIGHT,
        bottom: HEIGHT - BOTTOM,
    })
}

/// Bars laid out: one row each, its label on the left, its length in proportion to the largest.
#[derive(Clone, Debug, PartialEq)]
pub struct Bars {
    /// (top, length, label, value as read) of each bar.
    pub rows: Vec<Bar>,
    pub height: f64,
    /// Where the bars start, after the labels.
    pub left: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub top: f64,
    /// The middle of the row, where its texts stand.
    pub middle: f64,
    pub length: f64,
    /// Where the value is written, just after the bar.
    pub value_at: f64,
    pub label: String,
    pub value: String,
}

const BAR_ROW: f64 = 28.0;
const BAR_THICKNESS: f64 = 18.0;
const BAR_LABELS: f64 = 200.0;
/// Room for the value after the longest bar.
const BAR_VALUE: f64 = 72.0;

/// Lays out amounts as horizontal bars in the order given; none without an amount above zero.
/// Labels are cut to fit; the table beside the chart has them whole.
pub fn bars(values: &[(String, f64)], lang: Lang) -> Option<Bars> {
    let largest = values.iter().map(|(_, v)| *v).fold(0.0, f64::max);
    if largest <= 0.0 {
        return None;
    }
    let room = WIDTH - BAR_LABELS - BAR_VALUE;
    let rows = values
        .iter()
        .enumerate()
        .map(|(i, (label, v))| {
            let top = i as f64 * BAR_ROW + (BAR_ROW - BAR_THICKNESS) / 2.0;
            let length = (room * v.max(0.0) / largest).max(if *v > 0.0 { 1.0 } else { 0.0 });
            Bar {
                top,
                middle: i as f64 * BAR_ROW + BAR_ROW / 2.0,
                length,
                value_at: BAR_LABELS + length + 6.0,
                label: shortened(label, 26),
                value: format_number(*v, lang),
            }
        })
        .collect();
    Some(Bars {
        rows,
        height: values.len() as f64 * BAR_ROW,
        left: BAR_LABELS,
    })
}

/// Two columns of nodes (each a link to its page) and the lines that join them.
#[derive(Clone, Debug, PartialEq)]
pub struct Network {
    pub left: Vec<Node>,
    pub right: Vec<Node>,
    /// (x1, y1, x2, y2) of each line.
    pub lines: Vec<(f64, f64, f64, f64)>,
    pub height: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub x: f64,
    pub y: f64,
    /// Where its label stands, and which way it runs from there.
    pub label_x: f64,
    pub anchor: &'static str,
    pub label: String,
    /// The whole name, for the node's title.
    pub name: String,
    pub href: String,
    /// A node set apart (the scope's own units).
    pub marked: bool,
}

/// A named node of a network: its name, where it leads, and whether it is set apart.
pub struct Named {
    pub name: String,
    pub href: String,
    pub marked: bool,
}

const NODE_ROW: f64 = 26.0;
const LEFT_NODES: f64 = 250.0;
const RIGHT_NODES: f64 = 390.0;

/// Lays out `left` and `right` in columns in the order given, each joined by a line to the
/// nodes `links` pairs it with (indexes into the two); none without a link.
pub fn network(left: Vec<Named>, right: Vec<Named>, links: &[(usize, usize)]) -> Option<Network> {
    if links.is_empty() {
        return None;
    }
    let rows = left.len().max(right.len()) as f64;
    let height = rows * NODE_ROW;
    // Each column centred in the height of the taller one.
    let column = |nodes: Vec<Named>, x: f64, label_x: f64, anchor: &'static str| -> Vec<Node> {
        let offset = (height - nodes.len() as f64 * NODE_ROW) / 2.0;
        nodes
            .into_iter()
            .enumerate()
            .map(|(i, n)| Node {
                x,
                y: offset + i as f64 * NODE_ROW + NODE_ROW / 2.0,
                label_x,
                anchor,
                label: shortened(&n.name, 30),
                name: n.name,
                href: n.href,
                marked: n.marked,
            })
            .collect()
    };
    let left = column(left, LEFT_NODES, LEFT_NODES - 10.0, "end");
    let right = column(right, RIGHT_NODES, RIGHT_NODES + 10.0, "start");
    let lines = links
        .iter()
        .filter_map(|&(l, r)| {
            let (a, b) = (left.get(l)?, right.get(r)?);
            Some((a.x, a.y, b.x, b.y))
        })
        .collect();
    Some(Network {
        left,
        right,
        lines,
        height,
    })
}

fn shortened(text: &str, max: usize) -> String {
    match text.chars().count() > max {
        true => format!("{}…", text.chars().take(max - 1).collect::<String>()),
        false => text.to_string(),
    }
}

/// The smallest of 1, 2 or 5 times a power of ten at or above `v`, so the axis reads round.
fn nice_ceiling(v: f64) -> f64 {
    if v <= 0.0 {
        return 1.0;
    }
    let power = 10f64.powf(v.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * power)
        .find(|n| *n >= v)
        .unwrap_or(10.0 * power)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(text: &str) -> Date {
        text.parse().unwrap()
    }

    #[test]
    fn values_stand_in_time_and_the_axis_reads_round() {
        let values = [(on("2026-03-31"), 3.6), (on("2026-06-30"), 3.9)];
        let chart = over_time(
            &values,
            Some((on("2026-01-01"), 3.4)),
            Some((on("2027-12-31"), 4.2)),
            Lang::Da,
            |d| d.to_string(),
        )
        .unwrap();
        let (bx, _) = chart.baseline.unwrap();
        let (tx, ty) = chart.target.unwrap();
        assert_eq!(bx, LEFT, "the baseline is the first day");
        assert_eq!(tx, WIDTH - RIGHT, "the target the last");
        assert!(chart.points[0].0 < chart.points[1].0);
        assert!(
            chart.points[1].1 < chart.points[0].1,
            "a higher value stands higher"
        );
        assert!(ty < chart.points[1].1, "the target above both");
        assert_eq!(chart.ticks[2].1, "5", "the top of the axis is round");
        assert_eq!(chart.days[1].1, "2027-12-31");
        assert!(over_time(&[], None, None, Lang::Da, |d| d.to_string()).is_none());
    }

    #[test]
    fn bars_are_as_long_as_their_share_of_the_largest() {
        let values = [
            ("Klima".to_string(), 10.0),
            ("Et meget langt tema om alt muligt".to_string(), 5.0),
            ("Tomt".to_string(), 0.0),
        ];
        let b = bars(&values, Lang::Da).unwrap();
        assert_eq!(b.rows.len(), 3);
        assert_eq!(b.rows[0].length, WIDTH - BAR_LABELS - BAR_VALUE);
        assert_eq!(b.rows[1].length * 2.0, b.rows[0].length);
        assert_eq!(b.rows[2].length, 0.0);
        assert!(b.rows[1].label.ends_with('…') && b.rows[1].label.chars().count() == 26);
        assert!(b.rows[0].top < b.rows[1].top);
        assert!(bars(&[("Ingen".to_string(), 0.0)], Lang::Da).is_none());
    }

    #[test]
    fn a_network_joins_its_columns_where_they_are_linked() {
        let named = |name: &str| Named {
            name: name.into(),
            href: format!("/{name}"),
            marked: false,
        };
        let n = network(
            vec![named("Madklub"), named("Besøgshunde"), named("Følgeven")],
            vec![named("Foreningen")],
            &[(0, 0), (2, 0)],
        )
        .unwrap();
        assert_eq!(n.height, 3.0 * NODE_ROW);
        assert_eq!(n.right[0].y, n.left[1].y, "the shorter column is centred");
        assert_eq!(
            n.lines,
            vec![
                (LEFT_NODES, n.left[0].y, RIGHT_NODES, n.right[0].y),
                (LEFT_NODES, n.left[2].y, RIGHT_NODES, n.right[0].y)
            ]
        );
        assert!(network(vec![named("Alene")], vec![], &[]).is_none());
    }

    #[test]
    fn round_ceilings() {
        assert_eq!(nice_ceiling(4.2), 5.0);
        assert_eq!(nice_ceiling(12.0), 20.0);
        assert_eq!(nice_ceiling(500.0), 500.0);
        assert_eq!(nice_ceiling(0.0), 1.0);
    }
}
