//! Maps drawn on the server as SVG: tiles from the configured tile URL as images, places as
//! links. It needs no script and no inline style (the content security policy allows
//! neither), scales with the page, and each place is a link a keyboard reaches. When tiles
//! cannot be loaded, the places still stand on a plain background; every map sits beside a list
//! of the same places.

use crate::platform::db;
use crate::platform::geo::Coordinates;

/// The map's size in SVG units (pixels at 100 %).
pub const WIDTH: f64 = 768.0;
pub const HEIGHT: f64 = 480.0;
const TILE: f64 = 256.0;
pub const MIN_ZOOM: u8 = 10;
pub const MAX_ZOOM: u8 = 18;

/// What a place on the map is, which decides its mark.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Mark {
    Received,
    InProgress,
    Finished,
    Initiative,
    Space,
    /// The place being picked in a form.
    Chosen,
}

impl Mark {
    /// The CSS class of the mark (its colour and shape come from the stylesheet).
    pub fn class(self) -> &'static str {
        match self {
            Mark::Received => "mark-received",
            Mark::InProgress => "mark-progress",
            Mark::Finished => "mark-finished",
            Mark::Initiative => "mark-initiative",
            Mark::Space => "mark-space",
            Mark::Chosen => "mark-chosen",
        }
    }

    /// Squares for initiatives and spaces, circles for tips: told apart without colour.
    pub fn square(self) -> bool {
        matches!(self, Mark::Initiative | Mark::Space)
    }
}

/// A place to show.
#[derive(Clone, Debug)]
pub struct Place {
    pub at: Coordinates,
    pub label: String,
    pub href: String,
    pub mark: Mark,
}

/// A tile image at its position.
pub struct TileView {
    pub x: f64,
    pub y: f64,
    pub href: String,
}

/// A place at its position on the map.
pub struct PlaceView {
    pub x: f64,
    pub y: f64,
    pub label: String,
    pub href: String,
    pub class: &'static str,
    pub square: bool,
    /// How many places the mark stands for: more than one is a cluster, which leads to a
    /// closer view of them.
    pub count: usize,
}

/// Places closer than this (in pixels, about a mark's size) are drawn as one cluster.
const CLUSTER_CELL: f64 = 32.0;

/// Everything a template needs to draw a map.
pub struct MapView {
    pub tiles: Vec<TileView>,
    pub places: Vec<PlaceView>,
    pub zoom: u8,
    pub centre: Coordinates,
    /// The world pixel of the map's top left corner, for the script that turns a click into a
    /// place.
    pub origin: (f64, f64),
    pub attribution: String,
}

/// Web Mercator: a place as world pixels at a zoom level.
pub fn project((lat, lon): Coordinates, zoom: u8) -> (f64, f64) {
    let world = TILE * 2f64.powi(zoom as i32);
    let lat = lat.clamp(-85.0511, 85.0511).to_radians();
    let x = (lon + 180.0) / 360.0 * world;
    let y = (1.0 - (lat.tan() + 1.0 / lat.cos()).ln() / std::f64::consts::PI) / 2.0 * world;
    (x, y)
}

/// The place at world pixels at a zoom level.
pub fn unproject((x, y): (f64, f64), zoom: u8) -> Coordinates {
    let world = TILE * 2f64.powi(zoom as i32);
    let lon = x / world * 360.0 - 180.0;
    let n = std::f64::consts::PI * (1.0 - 2.0 * y / world);
    (n.sinh().atan().to_degrees(), lon)
}

/// The highest zoom at which the box from `south_west` to `north_east` fits the map.
pub fn zoom_to_fit(south_west: Coordinates, north_east: Coordinates) -> u8 {
    (MIN_ZOOM..=MAX_ZOOM)
        .rev()
        .find(|&z| {
            let (x0, y0) = project((north_east.0, south_west.1), z);
            let (x1, y1) = project((south_west.0, north_east.1), z);
            x1 - x0 <= WIDTH * 0.9 && y1 - y0 <= HEIGHT * 0.9
        })
        .unwrap_or(MIN_ZOOM)
}

/// The centre and zoom that show all the places (at most a street's zoom), if there are any.
pub fn fit(places: &[Place]) -> Option<(Coordinates, u8)> {
    let first = places.first()?.at;
    let (mut south, mut west, mut north, mut east) = (first.0, first.1, first.0, first.1);
    for p in places {
        south = south.min(p.at.0);
        north = north.max(p.at.0);
        west = west.min(p.at.1);
        east = east.max(p.at.1);
    }
    let zoom = zoom_to_fit((south, west), (north, east)).min(16);
    Some((((south + north) / 2.0, (west + east) / 2.0), zoom))
}

/// The south-west and north-east corners of the map around `centre` at `zoom`.
pub fn view_bounds(centre: Coordinates, zoom: u8) -> (Coordinates, Coordinates) {
    let zoom = zoom.clamp(MIN_ZOOM, MAX_ZOOM);
    let (cx, cy) = project(centre, zoom);
    let south_west = unproject((cx - WIDTH / 2.0, cy + HEIGHT / 2.0), zoom);
    let north_east = unproject((cx + WIDTH / 2.0, cy - HEIGHT / 2.0), zoom);
    (south_west, north_east)
}

/// The map around `centre` at `zoom`, with the places that fall on it.
pub fn draw(
    centre: Coordinates,
    zoom: u8,
    tiles: Option<&str>,
    attribution: &str,
    places: &[Place],
) -> MapView {
    let zoom = zoom.clamp(MIN_ZOOM, MAX_ZOOM);
    let (cx, cy) = project(centre, zoom);
    let (x0, y0) = (cx - WIDTH / 2.0, cy - HEIGHT / 2.0);
    let tile_views = match tiles {
        None => Vec::new(),
        Some(template) => {
            let last = 2i64.pow(zoom as u32) - 1;
            let (tx0, ty0) = ((x0 / TILE).floor() as i64, (y0 / TILE).floor() as i64);
            let (tx1, ty1) = (
                ((x0 + WIDTH) / TILE).floor() as i64,
                ((y0 + HEIGHT) / TILE).floor() as i64,
            );
            let mut v = Vec::new();
            for ty in ty0.max(0)..=ty1.min(last) {
                for tx in tx0.max(0)..=tx1.min(last) {
                    v.push(TileView {
                        x: tx as f64 * TILE - x0,
                        y: ty as f64 * TILE - y0,
                        // `{s}`: the tile server's subdomains, shared out by column.
                        href: template
                            .replace("{s}", ["a", "b", "c"][tx.rem_euclid(3) as usize])
                            .replace("{z}", &zoom.to_string())
                            .replace("{x}", &tx.to_string())
                            .replace("{y}", &ty.to_string()),
                    });
                }
            }
            v
        }
    };
    let places = places
        .iter()
        .filter_map(|p| {
            let (x, y) = project(p.at, zoom);
            let (x, y) = (x - x0, y - y0);
            ((0.0..=WIDTH).contains(&x) && (0.0..=HEIGHT).contains(&y)).then(|| PlaceView {
                x: (x * 10.0).round() / 10.0,
                y: (y * 10.0).round() / 10.0,
                label: p.label.clone(),
                href: p.href.clone(),
                class: p.mark.class(),
                square: p.mark.square(),
                count: 1,
            })
        })
        .collect();
    MapView {
        tiles: tile_views,
        places,
        zoom,
        centre,
        origin: (x0, y0),
        attribution: if tiles.is_some() {
            attribution.to_string()
        } else {
            String::new()
        },
    }
}

impl MapView {
    /// Draws the places that fall in one cell of the map's grid as one mark with their number,
    /// a link to the view two steps closer around them; `closer(centre, zoom, count)` gives
    /// that link and the mark's label. A whole city's places stay legible this way, and the
    /// page small. At the closest zoom every place is drawn.
    pub fn clustered(
        mut self,
        closer: impl Fn(Coordinates, u8, usize) -> (String, String),
    ) -> MapView {
        if self.zoom >= MAX_ZOOM {
            return self;
        }
        let mut cells: Vec<((i64, i64), Vec<PlaceView>)> = Vec::new();
        let mut index = std::collections::HashMap::new();
        for p in self.places {
            let cell = ((p.x / CLUSTER_CELL) as i64, (p.y / CLUSTER_CELL) as i64);
            let at = *index.entry(cell).or_insert_with(|| {
                cells.push((cell, Vec::new()));
                cells.len() - 1
            });
            cells[at].1.push(p);
        }
        let zoom = (self.zoom + 2).min(MAX_ZOOM);
        self.places = cells
            .into_iter()
            .map(|(_, mut members)| {
                if members.len() == 1 {
                    return members.remove(0);
                }
                let n = members.len();
                let x = members.iter().map(|p| p.x).sum::<f64>() / n as f64;
                let y = members.iter().map(|p| p.y).sum::<f64>() / n as f64;
                let centre = unproject((self.origin.0 + x, self.origin.1 + y), self.zoom);
                let (href, label) = closer(centre, zoom, n);
                PlaceView {
                    x: (x * 10.0).round() / 10.0,
                    y: (y * 10.0).round() / 10.0,
                    label,
                    href,
                    class: "map-cluster",
                    square: false,
                    count: n,
                }
            })
            .collect();
        self
    }

    /// The centre after moving a half map in a direction (-1, 0 or 1 on each axis).
    pub fn moved(&self, right: f64, down: f64) -> Coordinates {
        let (cx, cy) = project(self.centre, self.zoom);
        unproject(
            (cx + right * WIDTH / 2.0, cy + down * HEIGHT / 2.0),
            self.zoom,
        )
    }
}

/// Places a query finds: its columns `id`, `name`, `latitude_e6` and `longitude_e6`.
pub async fn named_places(
    db: &crate::platform::db::Db,
    sql: &str,
) -> crate::platform::error::AppResult<Vec<(i64, String, Coordinates)>> {
    let rows = db::query(sql.to_string()).fetch_all(db.pool()).await?;
    Ok(rows
        .iter()
        .map(|r| {
            Ok((
                r.try_get("id")?,
                r.try_get("name")?,
                (
                    crate::platform::geo::from_e6(r.try_get("latitude_e6")?),
                    crate::platform::geo::from_e6(r.try_get("longitude_e6")?),
                ),
            ))
        })
        .collect::<Result<_, db::Error>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn projection_goes_there_and_back() {
        let aarhus = (56.1527, 10.2039);
        let (x, y) = project(aarhus, 15);
        // The tile of Aarhus Rådhus at zoom 15 is x 17312, y 10178 on OpenStreetMap.
        assert_eq!(((x / 256.0) as i64, (y / 256.0) as i64), (17312, 10178));
        let back = unproject((x, y), 15);
        assert!((back.0 - aarhus.0).abs() < 1e-9 && (back.1 - aarhus.1).abs() < 1e-9);
    }

    #[test]
    fn a_map_holds_the_places_in_view_and_the_tiles_under_them() {
        let places = [
            Place {
                at: (56.1466, 10.2064),
                label: "Bænk".into(),
                href: "/tips/1".into(),
                mark: Mark::Received,
            },
            Place {
                at: (55.6761, 12.5683),
                label: "København".into(),
                href: "/tips/2".into(),
                mark: Mark::Received,
            },
        ];
        let map = draw(
            (56.1466, 10.2064),
            16,
            Some("https://tiles.example/{z}/{x}/{y}.png"),
            "© OpenStreetMap",
            &places,
        );
        assert_eq!(map.places.len(), 1);
        assert_eq!((map.places[0].x, map.places[0].y), (384.0, 240.0));
        assert!(map.tiles.len() >= 6 && map.tiles.len() <= 12);
        assert!(map.tiles[0].href.starts_with("https://tiles.example/16/"));
        let plain = draw((56.1466, 10.2064), 16, None, "© OpenStreetMap", &places);
        assert!(plain.tiles.is_empty() && plain.attribution.is_empty());
        let north = plain.moved(0.0, -1.0);
        assert!(north.0 > 56.1466 && (north.1 - 10.2064).abs() < 1e-9);
    }

    #[test]
    fn places_close_together_are_drawn_as_one_mark_leading_closer() {
        let place = |at, n: i64| Place {
            at,
            label: format!("Tip {n}"),
            href: format!("/tips/{n}"),
            mark: Mark::Received,
        };
        // Two tips a few metres apart at the Rådhus, one at Marselisborg, 3 km south.
        let places = [
            place((56.1527, 10.2039), 1),
            place((56.1528, 10.2040), 2),
            place((56.1260, 10.2100), 3),
        ];
        let map = draw((56.14, 10.205), 13, None, "", &places)
            .clustered(|at, z, n| (format!("/tips?lat={:.3}&z={z}", at.0), format!("{n} her")));
        assert_eq!(map.places.len(), 2);
        let cluster = &map.places[0];
        assert_eq!((cluster.count, cluster.class), (2, "map-cluster"));
        assert_eq!(
            cluster.href, "/tips?lat=56.153&z=15",
            "two steps closer, around them"
        );
        assert_eq!(cluster.label, "2 her");
        assert_eq!(
            (map.places[1].count, map.places[1].href.as_str()),
            (1, "/tips/3")
        );
        let closest = draw((56.1527, 10.2039), MAX_ZOOM, None, "", &places)
            .clustered(|_, _, _| unreachable!());
        assert!(
            closest.places.iter().all(|p| p.count == 1),
            "at the closest zoom, every place"
        );
    }

    #[test]
    fn the_zoom_fits_the_box() {
        let z = zoom_to_fit((55.99, 9.95), (56.33, 10.42));
        assert_eq!(z, 10);
        let z = zoom_to_fit((56.146, 10.205), (56.147, 10.207));
        assert_eq!(z, 18);
    }
}
