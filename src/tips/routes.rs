//! The pages of tips: the map and list, reporting in two steps (where and what, then the
//! details, with open tips nearby shown in between), a tip's page with its history and the
//! handler's forms, a unit's queue, the exports, and the admin pages for categories and
//! Open311 keys.

use super::actions::{self, Handling, Report};
use super::model::*;
use super::photo::{PHOTO_MAX_BYTES, PHOTOS_MAX, PhotoProblem};
use super::store::{self, Category, Tip, TipFilter};
use crate::following::model::Target;
use crate::following::routes::{FollowButton, follow_buttons};
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::geo::{Coordinates, format_distance, parse_coordinates};
use crate::platform::i18n::Lang;
use crate::platform::input::printable;
use crate::platform::map::{self, MapView, Mark, Place};
use crate::platform::time::{format_date, now};
use crate::platform::web::{
    AppState, Choice, Client, Ctx, FormPairs, Page, SignedIn, choices, render, render_status,
    see_other, url_encode,
};
use askama::Template;
use axum::Router;
use axum::extract::{DefaultBodyLimit, Form, Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/tips",
            get(map_page).post(report).layer(DefaultBodyLimit::max(
                PHOTOS_MAX * PHOTO_MAX_BYTES + 256 * 1024,
            )),
        )
        .route("/tips.geojson", get(geojson))
        .route("/tips.csv", get(csv))
        .route("/tips/new", get(new_tip))
        .route("/tips/queue", get(queue))
        .route("/tips/{id}", get(show))
        .route("/tips/{id}/updates", post(update))
        .route("/tips/{id}/photos/{photo}", get(photo_file))
        .route(
            "/unsubscribe/tip/{token}",
            get(unsubscribe_page).post(unsubscribe),
        )
        .route("/static/map.js", get(map_script))
}

const DAY: i64 = 24 * 3600;

fn age(seconds: i64, lang: Lang) -> String {
    lang.strings().days(seconds.max(0) / DAY)
}

fn mark(status: TipStatus) -> Mark {
    match status {
        TipStatus::Received => Mark::Received,
        TipStatus::InProgress => Mark::InProgress,
        TipStatus::Resolved | TipStatus::Closed => Mark::Finished,
    }
}

/// A tip as lists show it.
pub struct TipLine {
    pub id: i64,
    pub category: String,
    pub address: String,
    pub status: &'static str,
    pub when: String,
    pub age: String,
}

fn tip_line(t: &Tip, lang: Lang) -> TipLine {
    TipLine {
        id: t.id,
        category: t.category(lang).to_string(),
        address: t.place(lang),
        status: t.status.label(lang),
        when: format_date(t.received_at, lang),
        age: age(now() - t.received_at, lang),
    }
}

fn tip_place(t: &Tip, lang: Lang) -> Place {
    Place {
        at: t.coordinates,
        label: format!(
            "{}, {} ({})",
            t.category(lang),
            t.place(lang),
            t.status.label(lang)
        ),
        href: format!("/tips/{}", t.id),
        mark: mark(t.status),
    }
}

/// The filters of the map, the list and the exports, as given in the address.
struct MapFilter {
    categories: Vec<String>,
    statuses: Vec<TipStatus>,
    layers: Vec<String>,
    centre: Option<Coordinates>,
    zoom: Option<u8>,
    /// `bbox=west,south,east,north` (the GeoJSON order): only tips inside it.
    bbox: Option<(Coordinates, Coordinates)>,
}

impl MapFilter {
    /// Reads the filters; a `bbox` that is not four numbers in their order is refused.
    fn from(q: &FormPairs, lang: Lang) -> AppResult<MapFilter> {
        let bbox = match q.get("bbox").trim() {
            "" => None,
            given => Some(
                Self::bbox(given)
                    .ok_or_else(|| AppError::BadRequest(lang.strings().err_bbox.into()))?,
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
    fn bbox(given: &str) -> Option<(Coordinates, Coordinates)> {
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

    fn tip_filter(&self) -> TipFilter {
        TipFilter {
            category_codes: self.categories.clone(),
            statuses: self.statuses.clone(),
            within: self.bbox,
            ..TipFilter::default()
        }
    }

    fn shows(&self, layer: &str) -> bool {
        self.layers.iter().any(|l| l == layer)
    }

    /// The filters as an address query, with the map at `centre` and `zoom`.
    fn href(&self, path: &str, view: Option<(Coordinates, u8)>) -> String {
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

/// The most places a map or list shows; the exports hold more.
const MAP_LIMIT: i64 = 500;
const EXPORT_LIMIT: i64 = 100_000;

#[derive(Template)]
#[template(path = "tips/map.html")]
struct MapPage {
    page: Page,
    map: MapView,
    tips: Vec<TipLine>,
    others: Vec<(String, String, &'static str)>,
    categories: Vec<Choice>,
    statuses: Vec<Choice>,
    layers: Vec<Choice>,
    zoom_in: String,
    zoom_out: String,
    pans: Vec<(String, &'static str)>,
    geojson: String,
    csv: String,
    handles: bool,
}

async fn map_page(
    State(state): State<AppState>,
    ctx: Ctx,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let s = ctx.s();
    let q = FormPairs::from_query(q);
    let f = MapFilter::from(&q, lang)?;
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
        store::tips(&state.db, &in_view, false, MAP_LIMIT, 0).await?
    } else {
        Vec::new()
    };
    let mut places: Vec<Place> = tips.iter().map(|t| tip_place(t, lang)).collect();
    let mut others = Vec::new();
    if f.shows("initiatives") {
        for (id, title, at) in crate::initiatives::store::places(&state.db, MAP_LIMIT).await? {
            others.push((
                format!("/initiatives/{id}"),
                title.clone(),
                s.map_initiative,
            ));
            places.push(Place {
                at,
                label: format!("{title} ({})", s.map_initiative),
                href: format!("/initiatives/{id}"),
                mark: Mark::Initiative,
            });
        }
    }
    if f.shows("spaces") {
        for (id, name, at) in crate::spaces::store::places(&state.db, MAP_LIMIT).await? {
            others.push((format!("/spaces/{id}"), name.clone(), s.map_space));
            places.push(Place {
                at,
                label: format!("{name} ({})", s.map_space),
                href: format!("/spaces/{id}"),
                mark: Mark::Space,
            });
        }
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
    );
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
        tips: tips.iter().map(|t| tip_line(t, lang)).collect(),
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
async fn geojson(
    State(state): State<AppState>,
    ctx: Ctx,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    let f = MapFilter::from(&FormPairs::from_query(q), ctx.lang)?;
    let tips = store::tips(&state.db, &f.tip_filter(), false, EXPORT_LIMIT, 0).await?;
    let base = state.config.public_url();
    let features: Vec<serde_json::Value> = tips
        .iter()
        .map(|t| {
            serde_json::json!({
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
            })
        })
        .collect();
    let body = serde_json::json!({"type": "FeatureCollection", "features": features});
    Ok((
        [
            (header::CONTENT_TYPE, "application/geo+json"),
            (header::CACHE_CONTROL, "public, max-age=60"),
        ],
        body.to_string(),
    )
        .into_response())
}

/// The tips of the map's filters as CSV, one line each.
async fn csv(
    State(state): State<AppState>,
    ctx: Ctx,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    let f = MapFilter::from(&FormPairs::from_query(q), ctx.lang)?;
    let tips = store::tips(&state.db, &f.tip_filter(), false, EXPORT_LIMIT, 0).await?;
    let mut out = String::from(
        "id,category,status,close_reason,latitude,longitude,address,description,unit,received,updated\r\n",
    );
    for t in &tips {
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
        crate::platform::csv::push_row(&mut out, &fields);
    }
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"tips.csv\"",
            ),
        ],
        out,
    )
        .into_response())
}

/// The report form as typed, over both steps.
#[derive(Default, Clone)]
struct TipForm {
    category: String,
    address: String,
    latitude: String,
    longitude: String,
    description: String,
    name: String,
    email: String,
    answers: Vec<(String, String)>,
}

impl TipForm {
    fn from(p: &FormPairs) -> TipForm {
        TipForm {
            category: p.get("category"),
            address: p.get("address"),
            latitude: p.get("latitude"),
            longitude: p.get("longitude"),
            description: p.get("description"),
            name: p.get("name"),
            email: p.get("email"),
            answers: p
                .0
                .iter()
                .filter_map(|(k, v)| {
                    k.strip_prefix("answer-")
                        .map(|code| (code.to_string(), v.clone()))
                })
                .collect(),
        }
    }

    fn answer(&self, code: &str) -> String {
        self.answers
            .iter()
            .find(|(c, _)| c == code)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

/// A category's question as the form shows it.
pub struct QuestionField {
    pub name: String,
    pub text: String,
    pub required: bool,
    pub long: bool,
    pub value: String,
    pub choices: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "tips/new.html")]
struct NewTipPage {
    page: Page,
    form: TipForm,
    categories: Vec<Choice>,
    /// Step two: the category and place are known.
    details: Option<Details>,
    map: MapView,
    errors: FieldErrors,
    anonymous: bool,
}

struct Details {
    category: String,
    category_about: String,
    place: String,
    questions: Vec<QuestionField>,
    nearby: Vec<(TipLine, String, Option<FollowButton>)>,
}

/// Where the form's place is: the coordinates picked on the map or typed, else the typed
/// address found in the address register.
async fn find_place(
    state: &AppState,
    lang: Lang,
    form: &TipForm,
    errors: &mut FieldErrors,
) -> AppResult<Option<Coordinates>> {
    let s = lang.strings();
    let given = parse_coordinates(errors, s, &form.latitude, &form.longitude);
    if !errors.is_empty() {
        return Ok(None);
    }
    let found = actions::place(&state.db, lang, errors, given, &form.address, "address").await?;
    if found.is_none() && !errors.contains_key("address") {
        errors.insert("address", s.err_tip_place.into());
    }
    Ok(found)
}

async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    form: TipForm,
    mut errors: FieldErrors,
    step_two: bool,
) -> AppResult<NewTipPage> {
    let lang = ctx.lang;
    let s = ctx.s();
    let categories = store::categories(&state.db, true).await?;
    let chosen = categories.iter().find(|c| c.code == form.category).cloned();
    let mut category_choices = vec![Choice {
        value: String::new(),
        label: s.choose_category.into(),
        selected: chosen.is_none(),
    }];
    category_choices.extend(categories.iter().map(|c| Choice {
        selected: c.code == form.category,
        value: c.code.clone(),
        label: c.name(lang).to_string(),
    }));
    let mut details = None;
    let mut place_mark = Vec::new();
    let area = state.config.area;
    let mut centre = area.centre();
    let mut zoom = map::zoom_to_fit((area.south, area.west), (area.north, area.east));
    if step_two {
        let mut step_errors = FieldErrors::new();
        if chosen.is_none() {
            step_errors.insert("category", s.err_tip_category.into());
        }
        let place = find_place(state, lang, &form, &mut step_errors).await?;
        if let Some(c) = place.filter(|c| !area.contains(*c)) {
            step_errors.insert("address", s.err_tip_outside.into());
            centre = c;
        }
        match (chosen, place) {
            (Some(category), Some(at)) if step_errors.is_empty() => {
                centre = at;
                zoom = 17;
                place_mark.push(Place {
                    at,
                    label: s.tip_your_place.into(),
                    href: "#description".into(),
                    mark: Mark::Chosen,
                });
                let (found, nearby_marks) = details_of(state, ctx, &category, at, &form).await?;
                place_mark.extend(nearby_marks);
                details = Some(found);
            }
            _ => {
                for (k, v) in step_errors {
                    errors.entry(k).or_insert(v);
                }
            }
        }
    }
    let mut form = form;
    // Once the place is settled, step two carries it as coordinates.
    if let Some(p) = place_mark.first() {
        form.latitude = format!("{:.6}", p.at.0);
        form.longitude = format!("{:.6}", p.at.1);
    }
    Ok(NewTipPage {
        page: ctx.page(s.new_tip),
        map: map::draw(
            centre,
            zoom,
            state.config.map_tiles.as_deref(),
            &state.config.map_attribution,
            &place_mark,
        ),
        anonymous: ctx.viewer.is_none(),
        categories: category_choices,
        details,
        form,
        errors,
    })
}

async fn details_of(
    state: &AppState,
    ctx: &Ctx,
    category: &Category,
    at: Coordinates,
    form: &TipForm,
) -> AppResult<(Details, Vec<Place>)> {
    let lang = ctx.lang;
    let nearby = store::open_nearby(&state.db, category.id, at, DUPLICATE_RADIUS_M).await?;
    let marks = nearby.iter().map(|(t, _)| tip_place(t, lang)).collect();
    let buttons = follow_buttons(
        state,
        ctx,
        nearby
            .iter()
            .map(|(t, _)| (Target::Tip(t.id), t.what_and_where(lang)))
            .collect(),
    )
    .await?;
    let mut buttons = buttons.into_iter();
    let nearby = nearby
        .iter()
        .map(|(t, d)| (tip_line(t, lang), format_distance(*d, lang), buttons.next()))
        .collect();
    let questions = store::questions(&state.db, category.id)
        .await?
        .into_iter()
        .map(|q| {
            let value = form.answer(&q.code);
            let mut list = vec![Choice {
                value: String::new(),
                label: ctx.s().choose_one.into(),
                selected: value.is_empty(),
            }];
            list.extend(q.choices.iter().map(|(k, da, en)| Choice {
                selected: *k == value,
                value: k.clone(),
                label: match lang {
                    Lang::Da => da.clone(),
                    Lang::En => en.clone(),
                },
            }));
            QuestionField {
                name: format!("answer-{}", q.code),
                text: q.text(lang).to_string(),
                required: q.required,
                long: q.datatype == QuestionType::Text,
                choices: if q.datatype == QuestionType::SingleValueList {
                    list
                } else {
                    Vec::new()
                },
                value,
            }
        })
        .collect();
    let details = Details {
        category: category.name(lang).to_string(),
        category_about: category.description(lang).to_string(),
        place: place_words(&form.address, at, lang),
        questions,
        nearby,
    };
    Ok((details, marks))
}

/// Step one (where and what) until both are given; then step two (the details), with open tips
/// of the same kind nearby.
async fn new_tip(
    State(state): State<AppState>,
    ctx: Ctx,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    let q = FormPairs::from_query(q);
    let form = TipForm::from(&q);
    let step_two = q.get("step") == "details";
    let page = form_page(&state, &ctx, form, FieldErrors::new(), step_two).await?;
    if step_two && page.details.is_none() {
        render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
    } else {
        render(&page)
    }
}

/// Reads a report: the form's fields and the uploads in the `photo_field`, as they came. Only
/// their number and size are checked here; they are decoded after the report has passed every
/// cheaper check (key, rate limit, fields).
pub async fn read_report(
    mut multipart: axum::extract::Multipart,
    photo_field: &str,
) -> (FormPairs, Vec<axum::body::Bytes>, Option<PhotoProblem>) {
    let mut pairs = Vec::new();
    let mut uploads = Vec::new();
    let mut problem = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(_) => {
                problem = Some(PhotoProblem::TooLarge);
                break;
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        match field.bytes().await {
            Ok(bytes) if name == photo_field => {
                if bytes.len() > PHOTO_MAX_BYTES {
                    problem = Some(PhotoProblem::TooLarge);
                } else if uploads.len() >= PHOTOS_MAX {
                    problem = problem.or(Some(PhotoProblem::TooMany));
                } else if !bytes.is_empty() {
                    uploads.push(bytes);
                }
            }
            Ok(bytes) => pairs.push((name, String::from_utf8_lossy(&bytes).into_owned())),
            Err(_) => {
                problem = Some(PhotoProblem::TooLarge);
                break;
            }
        }
    }
    (FormPairs(pairs), uploads, problem)
}

async fn report(
    State(state): State<AppState>,
    ctx: Ctx,
    client: Client,
    multipart: axum::extract::Multipart,
) -> AppResult<Response> {
    let s = ctx.s();
    let (pairs, photos, problem) = read_report(multipart, "photos").await;
    let had_photos = !photos.is_empty();
    let form = TipForm::from(&pairs);
    let category = store::find_category(&state.db, &form.category).await?;
    let mut place_errors = FieldErrors::new();
    let given = parse_coordinates(&mut place_errors, s, &form.latitude, &form.longitude);
    let coordinates = actions::place(
        &state.db,
        ctx.lang,
        &mut place_errors,
        given,
        &form.address,
        "address",
    )
    .await?;
    let draft = TipDraft {
        description: form.description.clone(),
        address: form.address.clone(),
        coordinates,
        reporter_name: if ctx.viewer.is_some() {
            String::new()
        } else {
            form.name.clone()
        },
        reporter_email: if ctx.viewer.is_some() {
            String::new()
        } else {
            form.email.clone()
        },
    };
    // An upload that cannot be taken stops the report: the reporter chose it for a reason.
    if let Some(p) = problem {
        place_errors.insert("photos", p.message(s).into());
    }
    let result = actions::report(
        &state.db,
        &state.config,
        ctx.viewer.as_ref(),
        &client.0,
        ctx.lang,
        Report {
            category,
            draft,
            answers: form.answers.clone(),
            photos,
            channel: Channel::Web,
            open311_key_id: None,
            problems: place_errors,
        },
    )
    .await;
    let (status, mut errors) = match result {
        Ok((id, _)) => return Ok(see_other(&format!("/tips/{id}?reported=1"))),
        Err(AppError::Invalid(errors)) => (StatusCode::UNPROCESSABLE_ENTITY, errors),
        // Over the hourly limit: the form comes back with what was typed, to send later.
        Err(AppError::TooManyRequests) => (
            StatusCode::TOO_MANY_REQUESTS,
            FieldErrors::from([("report-form", s.err_tip_too_many.to_string())]),
        ),
        Err(e) => return Err(e),
    };
    // A browser never fills a file field again: say so, rather than lose them silently.
    if had_photos {
        errors
            .entry("photos")
            .or_insert_with(|| s.tip_photos_again.into());
    }
    let page = form_page(&state, &ctx, form, errors, true).await?;
    render_status(status, &page)
}

/// An entry of a tip's history as the page shows it.
pub struct UpdateView {
    pub when: String,
    pub who: String,
    pub internal: bool,
    pub what: String,
    pub body: String,
    pub initiative: Option<(i64, String)>,
}

#[derive(Template)]
#[template(path = "tips/show.html")]
struct TipPage {
    page: Page,
    t: Tip,
    category: String,
    place: String,
    status: &'static str,
    reason: String,
    received: String,
    photos: Vec<(i64, i64, i64)>,
    answers: Vec<(String, String)>,
    updates: Vec<UpdateView>,
    map: MapView,
    follow: Vec<FollowButton>,
    /// Right after reporting: thanks, and how to follow it.
    reported: bool,
    handler: bool,
    reporter: String,
    status_choices: Vec<Choice>,
    reasons: Vec<Choice>,
    units: Vec<Choice>,
    typed: Typed,
    errors: FieldErrors,
    can_adopt: bool,
}

/// What a failed handling form held, to show again.
#[derive(Default)]
struct Typed {
    status: String,
    close_reason: String,
    body: String,
    note: String,
    unit: String,
}

async fn tip_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    reported: bool,
    typed: Typed,
    errors: FieldErrors,
) -> AppResult<TipPage> {
    let lang = ctx.lang;
    let s = ctx.s();
    let t = store::get(&state.db, id).await?;
    let handler = actions::handler(&state.db, ctx.viewer.as_ref(), &t).await?;
    let questions = store::questions(&state.db, t.category_id).await?;
    let answers = store::answers(&state.db, id)
        .await?
        .into_iter()
        .map(|(code, answer)| {
            let q = questions.iter().find(|q| q.code == code);
            let shown = q
                .and_then(|q| q.choices.iter().find(|(k, ..)| *k == answer))
                .map(|(_, da, en)| if lang == Lang::Da { da } else { en }.clone())
                .unwrap_or(answer);
            (q.map(|q| q.text(lang).to_string()).unwrap_or(code), shown)
        })
        .collect();
    let updates = store::updates(&state.db, id, handler)
        .await?
        .into_iter()
        .map(|u| {
            let mut what = Vec::new();
            if let Some(st) = u.status {
                what.push(s.tip_status_now(st.label(lang)));
            }
            if let Some(r) = u.close_reason {
                what.push(r.label(lang).to_string());
            }
            if let Some(unit) = &u.unit_name {
                what.push(s.tip_moved_to(unit));
            }
            UpdateView {
                when: format_date(u.created_at, lang),
                who: u.author_name.unwrap_or_default(),
                internal: u.internal,
                what: what.join(" · "),
                body: u.body,
                initiative: u.initiative,
            }
        })
        .collect();
    let units = if handler {
        let mut v = vec![Choice {
            value: String::new(),
            label: s.tip_keep_unit.into(),
            selected: typed.unit.is_empty(),
        }];
        v.extend(
            crate::requests::store::municipal_units(&state.db)
                .await?
                .into_iter()
                .filter(|(uid, ..)| *uid != t.unit_id)
                .map(|(uid, name, _)| Choice {
                    selected: typed.unit == uid.to_string(),
                    value: uid.to_string(),
                    label: name,
                }),
        );
        v
    } else {
        Vec::new()
    };
    let next: Vec<(&str, &str)> = TipStatus::ALL
        .iter()
        .filter(|to| t.status.may_become(**to))
        .map(|to| (to.code(), to.label(lang)))
        .collect();
    let mut status_choices = vec![Choice {
        value: String::new(),
        label: s.tip_keep_status(t.status.label(lang)),
        selected: typed.status.is_empty(),
    }];
    status_choices.extend(choices(next, &[typed.status.as_str()]));
    let mut reasons = vec![Choice {
        value: String::new(),
        label: s.choose_one.into(),
        selected: typed.close_reason.is_empty(),
    }];
    let offered: Vec<(&str, &str)> = CloseReason::ALL
        .iter()
        .filter(|r| **r != CloseReason::Adopted || t.initiative_id.is_some())
        .map(|r| (r.code(), r.label(lang)))
        .collect();
    reasons.extend(choices(offered, &[typed.close_reason.as_str()]));
    Ok(TipPage {
        page: ctx.page(t.what_and_where(lang)),
        category: t.category(lang).to_string(),
        place: t.place(lang),
        status: t.status.label(lang),
        reason: t
            .close_reason
            .map(|r| r.label(lang).to_string())
            .unwrap_or_default(),
        received: format_date(t.received_at, lang),
        photos: store::photo_ids(&state.db, id).await?,
        answers,
        updates,
        map: map::draw(
            t.coordinates,
            17,
            state.config.map_tiles.as_deref(),
            &state.config.map_attribution,
            &[tip_place(&t, lang)],
        ),
        follow: follow_buttons(
            state,
            ctx,
            vec![(Target::Tip(t.id), t.what_and_where(lang))],
        )
        .await?,
        reported,
        reporter: if handler {
            let mut who = Vec::new();
            if let Some(uid) = t.reporter_user_id {
                who.push(format!("{} {uid}", s.tip_reporter_account));
            }
            if !t.reporter_name.is_empty() {
                who.push(t.reporter_name.clone());
            }
            if !t.reporter_email.is_empty() {
                who.push(t.reporter_email.clone());
            }
            if who.is_empty() {
                s.tip_reporter_anonymous.into()
            } else {
                who.join(", ")
            }
        } else {
            String::new()
        },
        can_adopt: t.initiative_id.is_none() && t.status.is_open(),
        handler,
        status_choices,
        reasons,
        units,
        typed,
        errors,
        t,
    })
}

async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    let q = FormPairs::from_query(q);
    let reported = q.get("reported") == "1";
    render(
        &tip_page(
            &state,
            &ctx,
            id,
            reported,
            Typed::default(),
            FieldErrors::new(),
        )
        .await?,
    )
}

async fn update(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let p = FormPairs(pairs);
    let s = ctx.s();
    let internal = p.get("kind") == "note";
    let typed = Typed {
        status: p.get("status"),
        close_reason: p.get("close_reason"),
        body: if internal {
            String::new()
        } else {
            p.get("body")
        },
        note: if internal {
            p.get("body")
        } else {
            String::new()
        },
        unit: p.get("unit"),
    };
    let mut errors = FieldErrors::new();
    let status = match typed.status.as_str() {
        "" => None,
        code => TipStatus::parse(code).or_else(|| {
            errors.insert("status", s.err_choose.into());
            None
        }),
    };
    let handling = Handling {
        status,
        close_reason: CloseReason::parse(&typed.close_reason),
        body: p.get("body"),
        internal,
        unit_id: typed.unit.parse().ok(),
    };
    let result = if errors.is_empty() {
        actions::handle(&state.db, viewer, ctx.lang, id, handling).await
    } else {
        Err(AppError::Invalid(errors))
    };
    match result {
        Ok(_) => Ok(see_other(&format!("/tips/{id}#history"))),
        Err(AppError::Invalid(errors)) => {
            let errors = if internal {
                errors
                    .into_iter()
                    .map(|(k, v)| (if k == "body" { "note" } else { k }, v))
                    .collect()
            } else {
                errors
            };
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &tip_page(&state, &ctx, id, false, typed, errors).await?,
            )
        }
        Err(AppError::Refused(refusal)) => render_status(
            StatusCode::CONFLICT,
            &tip_page(
                &state,
                &ctx,
                id,
                false,
                typed,
                FieldErrors::from([("status", refusal.message(ctx.s()))]),
            )
            .await?,
        ),
        Err(e) => Err(e),
    }
}

/// A tip's photo: public, like the tip, and already stripped of everything but its pixels.
async fn photo_file(
    State(state): State<AppState>,
    Path((id, photo)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let data = store::photo(&state.db, id, photo).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/jpeg"),
            (header::CACHE_CONTROL, "public, max-age=86400, immutable"),
        ],
        data,
    )
        .into_response())
}

#[derive(Template)]
#[template(path = "tips/queue.html")]
struct QueuePage {
    page: Page,
    units: Vec<(String, Vec<TipLine>)>,
}

/// The open tips of the units the viewer handles, oldest first, with their age.
async fn queue(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
) -> AppResult<Response> {
    let units = crate::requests::actions::handled_units(&state.db, Some(viewer)).await?;
    if units.is_empty() {
        return Err(AppError::Forbidden);
    }
    let filter = TipFilter {
        statuses: vec![TipStatus::Received, TipStatus::InProgress],
        unit_ids: Some(units.iter().map(|(id, _)| *id).collect()),
        ..TipFilter::default()
    };
    let tips = store::tips(&state.db, &filter, true, 1000, 0).await?;
    let lang = ctx.lang;
    render(&QueuePage {
        page: ctx.page(ctx.s().tip_queue),
        units: units
            .into_iter()
            .map(|(id, name)| {
                let lines = tips
                    .iter()
                    .filter(|t| t.unit_id == id)
                    .map(|t| tip_line(t, lang))
                    .collect();
                (name, lines)
            })
            .collect(),
    })
}

#[derive(Template)]
#[template(path = "tips/unsubscribe.html")]
struct UnsubscribePage {
    page: Page,
    token: String,
    done: bool,
}

async fn unsubscribe_page(ctx: Ctx, Path(token): Path<String>) -> AppResult<Response> {
    render(&UnsubscribePage {
        page: ctx.page(ctx.s().tip_unsubscribe_title),
        token,
        done: false,
    })
}

/// Forgets an anonymous reporter's e-mail address (also the one-click unsubscribe of RFC 8058).
async fn unsubscribe(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(token): Path<String>,
) -> AppResult<Response> {
    if !store::forget_reporter_email(&state.db, &token).await? {
        return Err(AppError::NotFound);
    }
    render(&UnsubscribePage {
        page: ctx.page(ctx.s().tip_unsubscribe_title),
        token,
        done: true,
    })
}

async fn map_script() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "public, max-age=3600"),
        ],
        include_str!("../../static/map.js"),
    )
        .into_response()
}
