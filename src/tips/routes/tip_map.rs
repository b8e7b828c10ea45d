//! The map of tips and its open data: GeoJSON and CSV.

use super::*;
use crate::platform::db::Db;
use axum::body::Body;

/// The filters of the map, the list and the exports, as given in the address.
pub(super) struct MapFilter {
    pub(super) categories: Vec<String>,
    pub(super) statuses: Vec<TipStatus>,
    pub(super) layers: Vec<String>,
    pub(super) centre: Option<Coordinates>,
    pub(super) zoom: Option<u8>,
    /// `bbox=west,south,east,north` (the GeoJSON order): only tips inside it.
    pub(super) bbox: Option<(Coordinates, Coordinates)>,
}

impl MapFilter {
    /// Reads the filters; a `bbox` that is not four numbers in their order is refused.
    pub(super) fn from(q: &FormPairs) -> AppResult<MapFilter> {
        let bbox = match q.get("bbox").trim() {
            "" => None,
            given => Some(
                Self::bbox(given).ok_or_else(|| AppError::BadRequest(crate::text!(err_bbox)))?,
            ),
        };
        let statuses: Vec<TipStatus> = q
            .all("status")
            .iter()
            .filter_map(|s| TipStatus::parse(s))
            .collect();
        let layers = q.all("show");
        let lat = q.get("lat").parse::<f64>().ok();
        let lon = q.get("lon").parse::<f64>().ok();
        Ok(MapFilter {
            categories: q
                .all("category")
                .iter()
                .map(|c| printable(c))
                .filter(|c| !c.is_empty())
                .collect(),
            statuses: if statuses.is_empty() {
                vec![TipStatus::Received, TipStatus::InProgress]
            } else {
                statuses
            },
            layers: if layers.is_empty() {
                vec!["tips".into(), "initiatives".into(), "spaces".into()]
            } else {
                layers
            },
            centre: lat.zip(lon).filter(|c| c.0.is_finite() && c.1.is_finite()),
            zoom: q.get("z").parse::<u8>().ok(),
            bbox,
        })
    }

    /// `west,south,east,north` in degrees, west of east and south of north.
    pub(super) fn bbox(given: &str) -> Option<(Coordinates, Coordinates)> {
        let corners: Vec<f64> = given
            .split(',')
            .map(|v| v.trim().parse::<f64>().ok().filter(|v| v.is_finite()))
            .collect::<Option<_>>()?;
        match corners[..] {
            [west, south, east, north]
                if west < east
                    && south < north
                    && (-90.0..=90.0).contains(&south)
                    && north <= 90.0 =>
            {
                Some(((south, west), (north, east)))
            }
            _ => None,
        }
    }

    pub(super) fn tip_filter(&self) -> TipFilter {
        TipFilter {
            category_codes: self.categories.clone(),
            statuses: self.statuses.clone(),
            within: self.bbox,
            ..TipFilter::default()
        }
    }

    pub(super) fn shows(&self, layer: &str) -> bool {
        self.layers.iter().any(|l| l == layer)
    }

    /// The filters as an address query, with the map at `centre` and `zoom`.
    pub(super) fn href(&self, path: &str, view: Option<(Coordinates, u8)>) -> String {
        let mut parts: Vec<String> = self
            .categories
            .iter()
            .map(|c| format!("category={}", url_encode(c)))
            .collect();
        parts.extend(self.statuses.iter().map(|s| format!("status={}", s.code())));
        parts.extend(
            self.layers
                .iter()
                .map(|l| format!("show={}", url_encode(l))),
        );
        if let Some(((south, west), (north, east))) = self.bbox {
            parts.push(format!("bbox={west},{south},{east},{north}"));
        }
        if let Some(((lat, lon), z)) = view {
            parts.push(format!("lat={lat:.5}&lon={lon:.5}&z={z}"));
        }
        format!("{path}?{}", parts.join("&"))
    }
}

/// The most places of each kind a map shows; the exports hold more.
pub(super) const MAP_LIMIT: i64 = 500;
/// The most of each kind the list beside the map shows.
const LIST_LIMIT: usize = 50;
pub(super) const EXPORT_LIMIT: i64 = 100_000;

#[derive(Template)]
#[template(path = "tips/map.html")]
pub(super) struct MapPage {
    pub(super) page: Page,
    pub(super) map: MapView,
    pub(super) tips: Vec<TipLine>,
    pub(super) legend: String,
    /// Said when the list holds fewer than the map.
    pub(super) shortened: Option<String>,
    pub(super) others: Vec<(String, String, &'static str)>,
    pub(super) categories: Vec<Choice>,
    pub(super) statuses: Vec<Choice>,
    pub(super) layers: Vec<Choice>,
    pub(super) zoom_in: String,
    pub(super) zoom_out: String,
    pub(super) pans: Vec<(String, &'static str)>,
    pub(super) geojson: String,
    pub(super) csv: String,
    pub(super) handles: bool,
}

pub(super) async fn map_page(
    State(state): State<AppState>,
    ctx: Ctx,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let s = ctx.s();
    let q = FormPairs::from_query(q);
    let f = MapFilter::from(&q)?;
    let area = state.config.area;
    let (centre, zoom) = match (f.centre, f.zoom) {
        (Some(c), Some(z)) => (c, z),
        _ => (
            area.centre(),
            map::zoom_to_fit((area.south, area.west), (area.north, area.east)),
        ),
    };
    // The tips in view (or in the bbox asked for), the newest first.
    let in_view = TipFilter {
        within: f.bbox.or(Some(map::view_bounds(centre, zoom))),
        ..f.tip_filter()
    };
    let tips = if f.shows("tips") {
        store::tip_marks(&state.db, &in_view, MAP_LIMIT).await?
    } else {
        Vec::new()
    };
    let mut places: Vec<Place> = tips.iter().map(|t| tip_place(t, lang)).collect();
    let mut others = Vec::new();
    // Each kind is listed up to LIST_LIMIT; the map shows up to MAP_LIMIT of each.
    let mut shortened = tips.len() > LIST_LIMIT;
    let mut layer = |found: Vec<(i64, String, Coordinates)>, path, what: &'static str, mark| {
        shortened |= found.len() > LIST_LIMIT;
        for (n, (id, name, at)) in found.into_iter().enumerate() {
            let href = format!("{path}/{id}");
            places.push(Place {
                at,
                label: format!("{name} ({what})"),
                href: href.clone(),
                mark,
            });
            if n < LIST_LIMIT {
                others.push((href, name, what));
            }
        }
    };
    if f.shows("initiatives") {
        let found = crate::initiatives::store::places(&state.db, MAP_LIMIT).await?;
        layer(found, "/initiatives", s.map_initiative, Mark::Initiative);
    }
    if f.shows("spaces") {
        let found = crate::spaces::store::places(&state.db, MAP_LIMIT).await?;
        layer(found, "/spaces", s.map_space, Mark::Space);
    }
    // Without a view asked for, the map opens on the places it has to show.
    let (centre, zoom) = match (f.centre.zip(f.zoom), map::fit(&places)) {
        (None, Some(fitted)) => fitted,
        _ => (centre, zoom),
    };
    let view = map::draw(
        centre,
        zoom,
        state.config.map_tiles.as_deref(),
        &state.config.map_attribution,
        &places,
    )
    .clustered(|at, z, n| (f.href("/tips", Some((at, z))), s.map_cluster(n)));
    // The list holds the newest of what the map shows; the open data holds them all.
    let shortened = shortened.then(|| s.map_list_newest(LIST_LIMIT));
    let z = view.zoom;
    let pans = vec![
        (
            f.href("/tips", Some((view.moved(0.0, -1.0), z))),
            s.map_north,
        ),
        (
            f.href("/tips", Some((view.moved(-1.0, 0.0), z))),
            s.map_west,
        ),
        (f.href("/tips", Some((view.moved(1.0, 0.0), z))), s.map_east),
        (
            f.href("/tips", Some((view.moved(0.0, 1.0), z))),
            s.map_south,
        ),
    ];
    let all_categories = store::categories(&state.db, false).await?;
    let selected: Vec<&str> = f.categories.iter().map(String::as_str).collect();
    let statuses: Vec<&str> = f.statuses.iter().map(|s| s.code()).collect();
    let layers: Vec<&str> = f.layers.iter().map(String::as_str).collect();
    render(&MapPage {
        page: ctx.page(s.tips_title),
        zoom_in: f.href("/tips", Some((view.centre, (z + 1).min(map::MAX_ZOOM)))),
        zoom_out: f.href(
            "/tips",
            Some((view.centre, z.saturating_sub(1).max(map::MIN_ZOOM))),
        ),
        pans,
        geojson: f.href("/tips.geojson", None),
        csv: f.href("/tips.csv", None),
        map: view,
        tips: tips
            .iter()
            .take(LIST_LIMIT)
            .map(|t| tip_line(t, lang))
            .collect(),
        legend: s.map_legend(MAP_LIMIT),
        shortened,
        others,
        categories: choices(
            all_categories
                .iter()
                .map(|c| (c.code.as_str(), c.name(lang)))
                .collect(),
            &selected,
        ),
        statuses: choices(TipStatus::options(lang), &statuses),
        layers: choices(
            vec![
                ("tips", s.map_layer_tips),
                ("initiatives", s.map_layer_initiatives),
                ("spaces", s.map_layer_spaces),
            ],
            &layers,
        ),
        handles: !crate::requests::actions::handled_units(&state.db, ctx.viewer.as_ref())
            .await?
            .is_empty(),
    })
}

/// The tips of the map's filters as GeoJSON: a FeatureCollection of points (RFC 7946).
pub(super) async fn geojson(
    State(state): State<AppState>,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    let f = MapFilter::from(&FormPairs::from_query(q))?;
    let base = state.config.public_url();
    let body = export(
        state.db.clone(),
        f.tip_filter(),
        r#"{"type":"FeatureCollection","features":["#.into(),
        "]}",
        move |t, first, out| {
            if !first {
                out.push(',');
            }
            let feature = serde_json::json!({
                "type": "Feature",
                "id": t.id,
                "geometry": {"type": "Point", "coordinates": [t.coordinates.1, t.coordinates.0]},
                "properties": {
                    "category": t.category_code,
                    "category_name": t.category_da,
                    "status": t.status.code(),
                    "close_reason": t.close_reason.map(|r| r.code()),
                    "description": t.description,
                    "address": t.address,
                    "unit": t.unit_name,
                    "received": crate::platform::time::rfc3339(t.received_at),
                    "updated": crate::platform::time::rfc3339(t.updated_at),
                    "url": format!("{base}/tips/{}", t.id),
                    "photo": t.first_photo.map(|p| format!("{base}/tips/{}/photos/{p}", t.id)),
                },
            });
            out.push_str(&feature.to_string());
        },
    );
    Ok((
        [
            (header::CONTENT_TYPE, "application/geo+json"),
            (header::CACHE_CONTROL, "public, max-age=60"),
        ],
        body,
    )
        .into_response())
}

/// The tips of the map's filters as CSV, one line each.
pub(super) async fn csv(
    State(state): State<AppState>,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    let f = MapFilter::from(&FormPairs::from_query(q))?;
    let body = export(
        state.db.clone(),
        f.tip_filter(),
        "id,category,status,close_reason,latitude,longitude,address,description,unit,received,updated\r\n"
            .into(),
        "",
        |t, _, out| {
            let fields = [
                t.id.to_string(),
                t.category_code.clone(),
                t.status.code().into(),
                t.close_reason.map(|r| r.code()).unwrap_or("").into(),
                format!("{:.6}", t.coordinates.0),
                format!("{:.6}", t.coordinates.1),
                t.address.clone(),
                t.description.clone(),
                t.unit_name.clone(),
                crate::platform::time::rfc3339(t.received_at),
                crate::platform::time::rfc3339(t.updated_at),
            ];
            crate::platform::csv::push_row(out, &fields);
        },
    );
    Ok(crate::platform::csv::attachment("tips.csv", body))
}

/// How many tips an export reads and writes at a time.
const EXPORT_PART: i64 = 1_000;

/// An export of the tips of `filter`, newest first (at most [`EXPORT_LIMIT`]), sent as it is
/// read: `head`, each tip as `write` puts it (told whether it is the first), then `tail`. The
/// tips are read a part at a time, each part after the last one's tip, so memory holds one
/// part and the first bytes leave before the last tip is read. A failure half-way ends the
/// answer short, and is logged.
fn export(
    db: Db,
    filter: TipFilter,
    head: String,
    tail: &'static str,
    write: impl Fn(&Tip, bool, &mut String) + Send + Sync + 'static,
) -> Body {
    struct Reading<W> {
        db: Db,
        filter: TipFilter,
        write: W,
        head: Option<String>,
        tail: Option<&'static str>,
        sent: i64,
    }
    let start = Reading {
        db,
        filter,
        write,
        head: Some(head),
        tail: Some(tail),
        sent: 0,
    };
    let parts = futures_util::stream::unfold(start, |mut r| async move {
        if let Some(head) = r.head.take() {
            return Some((Ok(head), r));
        }
        let tail = r.tail.take()?;
        let limit = EXPORT_PART.min(EXPORT_LIMIT - r.sent);
        let part = if limit > 0 {
            match store::tips(&r.db, &r.filter, false, limit, 0).await {
                Ok(part) => part,
                Err(e) => {
                    tracing::error!(error = ?e, "exporting tips");
                    return Some((Err(std::io::Error::other("the export failed")), r));
                }
            }
        } else {
            Vec::new()
        };
        let Some(last) = part.last() else {
            return Some((Ok(tail.to_string()), r));
        };
        r.filter.before = Some((last.received_at, last.id));
        let mut out = String::new();
        for t in &part {
            (r.write)(t, r.sent == 0, &mut out);
            r.sent += 1;
        }
        r.tail = Some(tail);
        Some((Ok(out), r))
    });
    Body::from_stream(parts)
}
