//! Open311 GeoReport v2 at `/open311/v2/`: the categories are its services, the tips its
//! service requests. Every resource answers as `.json` or `.xml`; errors take the
//! specification's form (`[{"code", "description"}]`, `<errors><error>`), by [`ERRORS`], which
//! the platform's error middleware uses for these paths.
//!
//! Posting needs a key issued by an admin (`medspil open311-key create`); reading is open and
//! never shows who reported a tip. A `media_url` is not fetched (the server does not reach out
//! to addresses it is given); a photo comes as a `media` file in a multipart post instead.

use super::actions::{self, Report};
use super::model::*;
use super::store::{self, Tip, TipFilter};
use crate::platform::error::{AppError, AppResult, ErrorFormat, Failure, FieldErrors, Text};
use crate::platform::geo::parse_coordinates;
use crate::platform::i18n::Lang;
use crate::platform::time::{now, parse_moment, rfc3339};
use crate::platform::web::{AppState, Ctx, FormPairs};
use crate::text;
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequest, Path, RawQuery, Request, State};
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde_json::{Value, json};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route(
            "/open311/v2/{file}",
            get(top).post(post_request).layer(DefaultBodyLimit::max(
                super::photo::PHOTO_MAX_BYTES + 256 * 1024,
            )),
        )
        .route("/open311/v2/services/{file}", get(service_definition))
        .route("/open311/v2/requests/{file}", get(one_request))
        .route("/open311/v2/tokens/{file}", get(token))
}

/// Every failure under `/open311/`, in the specification's error form and the format the path
/// asks for.
pub const ERRORS: ErrorFormat = ErrorFormat {
    prefix: "/open311/",
    render: render_failure,
};

fn render_failure(failure: Failure, lang: Lang, path: &str) -> Response {
    let format = format_of_path(path);
    match failure {
        Failure::Error(error) => error_response(&error, lang, format),
        Failure::MethodNotAllowed => method_not_allowed(lang, format),
    }
}

/// The two formats of every resource.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Format {
    Json,
    Xml,
}

/// Splits "requests.json" into its name and format; an unknown format is not found.
fn split(file: &str) -> AppResult<(&str, Format)> {
    match file.rsplit_once('.') {
        Some((name, "json")) if !name.is_empty() => Ok((name, Format::Json)),
        Some((name, "xml")) if !name.is_empty() => Ok((name, Format::Xml)),
        _ => Err(AppError::NotFound),
    }
}

/// The format a path asks for, for its errors: XML for `.xml`, JSON otherwise.
fn format_of_path(path: &str) -> Format {
    if path.ends_with(".xml") {
        Format::Xml
    } else {
        Format::Json
    }
}

/// The name of an array's items in XML, by the array's own name.
fn item_name(list: &str) -> &str {
    match list {
        "services" => "service",
        "service_requests" => "request",
        "attributes" => "attribute",
        "values" => "value",
        "endpoints" => "endpoint",
        "formats" => "format",
        "errors" => "error",
        other => other,
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

fn write_xml(out: &mut String, name: &str, value: &Value) {
    match value {
        Value::Null => out.push_str(&format!("<{name}/>")),
        Value::Array(items) => {
            out.push_str(&format!("<{name}>"));
            for item in items {
                write_xml(out, item_name(name), item);
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::Object(fields) => {
            out.push_str(&format!("<{name}>"));
            for (key, v) in fields {
                write_xml(out, key, v);
            }
            out.push_str(&format!("</{name}>"));
        }
        Value::String(s) => out.push_str(&format!("<{name}>{}</{name}>", escape(s))),
        other => out.push_str(&format!("<{name}>{other}</{name}>")),
    }
}

/// A GeoReport XML document: `root` holds the value (an array's items named after it).
pub fn to_xml(root: &str, value: &Value) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>");
    write_xml(&mut out, root, value);
    out
}

/// A response in the asked format; XML documents are rooted at `root`.
pub fn respond(status: StatusCode, format: Format, root: &str, value: &Value) -> Response {
    let (content_type, body) = match format {
        Format::Json => ("application/json; charset=utf-8", value.to_string()),
        Format::Xml => ("text/xml; charset=utf-8", to_xml(root, value)),
    };
    (
        status,
        [
            (header::CONTENT_TYPE, content_type),
            (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        ],
        body,
    )
        .into_response()
}

/// The specification's error body for an error, and its status: validation problems are 400,
/// one error per field.
fn error_response(error: &AppError, lang: Lang, format: Format) -> Response {
    let s = lang.strings();
    let (status, descriptions): (StatusCode, Vec<String>) = match error {
        AppError::Invalid(fields) => (
            StatusCode::BAD_REQUEST,
            fields
                .iter()
                .map(|(k, v)| format!("{k}: {}", v.words(s)))
                .collect(),
        ),
        AppError::BadRequest(m) => (StatusCode::BAD_REQUEST, vec![m.words(s)]),
        AppError::Unauthenticated | AppError::Forbidden | AppError::Csrf => {
            (StatusCode::FORBIDDEN, vec![s.open311_key_needed.into()])
        }
        AppError::StrongerLogin(_) => (StatusCode::FORBIDDEN, vec![error.message(s)]),
        AppError::NotFound | AppError::Hidden => {
            (StatusCode::NOT_FOUND, vec![s.error_not_found.into()])
        }
        AppError::Refused(r) => (StatusCode::CONFLICT, vec![r.message(s)]),
        AppError::TooManyRequests => (StatusCode::TOO_MANY_REQUESTS, vec![s.error_too_many.into()]),
        AppError::Internal(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            vec![s.error_internal.into()],
        ),
    };
    let errors: Vec<Value> = descriptions
        .into_iter()
        .map(|d| json!({"code": status.as_u16(), "description": d}))
        .collect();
    respond(status, format, "errors", &Value::Array(errors))
}

/// A method the resource does not take, in the specification's error form.
fn method_not_allowed(lang: Lang, format: Format) -> Response {
    let status = StatusCode::METHOD_NOT_ALLOWED;
    let errors = json!([{"code": status.as_u16(), "description": lang.strings().error_method}]);
    respond(status, format, "errors", &errors)
}

/// A `jurisdiction_id`, where given, must be this server's.
fn check_jurisdiction(state: &AppState, q: &FormPairs) -> AppResult<()> {
    let j = q.get("jurisdiction_id");
    if j.is_empty() || j == state.config.open311_jurisdiction {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// `discovery`, `services` and `requests` (GET).
async fn top(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(file): Path<String>,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    let (name, format) = split(&file)?;
    let q = FormPairs::from_query(q);
    match name {
        "discovery" => Ok(discovery(&state, format)),
        "services" => {
            check_jurisdiction(&state, &q)?;
            services(&state, ctx.lang, format).await
        }
        "requests" => {
            check_jurisdiction(&state, &q)?;
            requests(&state, ctx.lang, format, &q).await
        }
        _ => Err(AppError::NotFound),
    }
}

fn discovery(state: &AppState, format: Format) -> Response {
    let base = state.config.public_url();
    let value = json!({
        "changeset": "2026-11-27T00:00:00Z",
        "contact": format!("{base}/tilgaengelighed"),
        "key_service": format!("{base}/admin/open311-keys"),
        "endpoints": [{
            "specification": "http://wiki.open311.org/GeoReport_v2",
            "url": format!("{base}/open311/v2"),
            "changeset": "2026-11-27T00:00:00Z",
            "type": "production",
            "formats": ["application/json", "text/xml"],
        }],
    });
    respond(StatusCode::OK, format, "discovery", &value)
}

async fn services(state: &AppState, lang: Lang, format: Format) -> AppResult<Response> {
    let mut list = Vec::new();
    for c in store::categories(&state.db, true).await? {
        let asks = !store::questions(&state.db, c.id).await?.is_empty();
        list.push(json!({
            "service_code": c.code,
            "service_name": c.name(lang),
            "description": c.description(lang),
            "metadata": asks,
            "type": "realtime",
            "keywords": "",
            "group": c.unit_name,
        }));
    }
    Ok(respond(
        StatusCode::OK,
        format,
        "services",
        &Value::Array(list),
    ))
}

async fn service_definition(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(file): Path<String>,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    let (code, format) = split(&file)?;
    check_jurisdiction(&state, &FormPairs::from_query(q))?;
    let c = store::category_by_code(&state.db, code).await?;
    if !c.active {
        return Err(AppError::NotFound);
    }
    let lang = ctx.lang;
    let attributes: Vec<Value> = store::questions(&state.db, c.id)
        .await?
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let values: Vec<Value> = q
                .choices
                .iter()
                .map(|(key, da, en)| json!({"key": key, "name": if lang == Lang::Da { da } else { en }}))
                .collect();
            json!({
                "variable": true,
                "code": q.code,
                "datatype": q.datatype.code(),
                "required": q.required,
                "datatype_description": "",
                "order": i + 1,
                "description": q.text(lang),
                "values": values,
            })
        })
        .collect();
    let value = json!({"service_code": c.code, "attributes": attributes});
    Ok(respond(
        StatusCode::OK,
        format,
        "service_definition",
        &value,
    ))
}

/// The most requests one answer holds, and the window without dates (the specification's
/// 90 days).
const REQUESTS_MAX: i64 = 1000;
const DEFAULT_WINDOW: i64 = 90 * 24 * 3600;

/// A tip as a GeoReport service request. Its notes are what the public was last told: the
/// newest public update's words, else the reason it was closed.
fn service_request(state: &AppState, t: &Tip, lang: Lang) -> Value {
    let notes = t
        .last_note
        .clone()
        .or_else(|| t.close_reason.map(|r| r.label(lang).to_string()))
        .unwrap_or_default();
    let base = state.config.public_url();
    let zipcode = crate::addresses::model::Address::parse(&t.address)
        .map(|a| a.postcode)
        .unwrap_or_default();
    json!({
        "service_request_id": t.id.to_string(),
        "status": t.status.open311(),
        "status_notes": notes,
        "service_name": t.category(lang),
        "service_code": t.category_code,
        "description": t.description,
        "agency_responsible": t.unit_name,
        "service_notice": "",
        "requested_datetime": rfc3339(t.received_at),
        "updated_datetime": rfc3339(t.updated_at),
        "expected_datetime": Value::Null,
        "address": t.address,
        "address_id": "",
        "zipcode": zipcode,
        "lat": t.coordinates.0,
        "long": t.coordinates.1,
        "media_url": t.first_photo.map(|p| format!("{base}/tips/{}/photos/{p}", t.id)).unwrap_or_default(),
    })
}

fn service_requests(state: &AppState, lang: Lang, format: Format, tips: &[Tip]) -> Response {
    let list = tips
        .iter()
        .map(|t| service_request(state, t, lang))
        .collect();
    respond(
        StatusCode::OK,
        format,
        "service_requests",
        &Value::Array(list),
    )
}

/// A comma-separated parameter's values.
fn listed(q: &FormPairs, key: &str) -> Vec<String> {
    q.all(key)
        .iter()
        .flat_map(|v| v.split(','))
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .collect()
}

async fn requests(
    state: &AppState,
    lang: Lang,
    format: Format,
    q: &FormPairs,
) -> AppResult<Response> {
    let mut errors = FieldErrors::new();
    let ids: Vec<i64> = listed(q, "service_request_id")
        .iter()
        .filter_map(|v| match v.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => {
                errors.insert("service_request_id", text!(open311_bad_id));
                None
            }
        })
        .collect();
    let mut date = |key: &'static str| {
        let v = q.get(key);
        if v.trim().is_empty() {
            return None;
        }
        let parsed = parse_moment(&v);
        if parsed.is_none() {
            errors.insert(key, text!(open311_bad_date));
        }
        parsed
    };
    let (start, end) = (date("start_date"), date("end_date"));
    let mut statuses = Vec::new();
    for st in listed(q, "status") {
        match st.as_str() {
            "open" => statuses.extend([TipStatus::Received, TipStatus::InProgress]),
            "closed" => statuses.extend([TipStatus::Resolved, TipStatus::Closed]),
            _ => {
                errors.insert("status", text!(open311_bad_status));
            }
        }
    }
    if ids.len() as i64 > REQUESTS_MAX {
        errors.insert("service_request_id", text!(open311_bad_id));
    }
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    // Ids override every other filter; without them, the last 90 days (before the end date,
    // if one is given) unless a start is given.
    let filter = if ids.is_empty() {
        TipFilter {
            category_codes: listed(q, "service_code"),
            statuses,
            received_from: start.or(Some(end.unwrap_or_else(now) - DEFAULT_WINDOW)),
            received_until: end,
            ..TipFilter::default()
        }
    } else {
        TipFilter {
            ids,
            ..TipFilter::default()
        }
    };
    let tips = store::tips(&state.db, &filter, false, REQUESTS_MAX, 0).await?;
    Ok(service_requests(state, lang, format, &tips))
}

async fn one_request(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(file): Path<String>,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    let (id, format) = split(&file)?;
    check_jurisdiction(&state, &FormPairs::from_query(q))?;
    let id: i64 = id.parse().map_err(|_| AppError::NotFound)?;
    let hidden = crate::moderation::model::ContentKind::Tip;
    crate::moderation::routes::not_hidden(&state, hidden, id).await?;
    let tip = store::get(&state.db, id).await?;
    Ok(service_requests(&state, ctx.lang, format, &[tip]))
}

async fn token(State(state): State<AppState>, Path(file): Path<String>) -> AppResult<Response> {
    let (token, format) = split(&file)?;
    let tip = store::by_token(&state.db, token).await?;
    let value = json!([{"service_request_id": tip.id.to_string(), "token": token}]);
    Ok(respond(StatusCode::OK, format, "service_requests", &value))
}

/// `POST requests`: a tip from another system, form-encoded or multipart (with a `media`
/// photo), with a valid `api_key`.
async fn post_request(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(file): Path<String>,
    request: Request,
) -> AppResult<Response> {
    let (name, format) = split(&file)?;
    if name != "requests" {
        return Err(AppError::NotFound);
    }
    let lang = ctx.lang;
    let s = lang.strings();
    let multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    let (p, photos, problem) = if multipart {
        let form = axum::extract::Multipart::from_request(request, &state)
            .await
            .map_err(|_| AppError::BadRequest(crate::text!(error_bad_request)))?;
        super::routes::read_report(form, "media").await
    } else {
        let bytes = axum::body::to_bytes(request.into_body(), 256 * 1024)
            .await
            .map_err(|_| AppError::BadRequest(crate::text!(error_too_large)))?;
        let pairs = serde_urlencoded::from_bytes(&bytes)
            .map_err(|_| AppError::BadRequest(crate::text!(error_bad_request)))?;
        (FormPairs(pairs), Vec::new(), None)
    };
    check_jurisdiction(&state, &p)?;
    let key_id = match p.get("api_key").trim() {
        "" => None,
        key => store::key_id(&state.db, key).await?,
    };
    let Some(key_id) = key_id else {
        return Err(AppError::Forbidden);
    };
    if let Some(problem) = problem {
        return Err(AppError::Invalid(FieldErrors::from([(
            "media",
            Text::new(move |s| problem.message(s).into()),
        )])));
    }
    let category = store::find_category(&state.db, &p.get("service_code")).await?;
    let mut errors = FieldErrors::new();
    let given = parse_coordinates(&mut errors, &p.get("lat"), &p.get("long"));
    let address = p.get("address_string");
    let place = actions::place(&state.db, &mut errors, given, &address, "address").await?;
    let name = [p.get("first_name"), p.get("last_name")]
        .map(|n| n.trim().to_string())
        .join(" ")
        .trim()
        .to_string();
    let report = Report {
        category,
        draft: TipDraft {
            description: p.get("description"),
            address: place.address,
            coordinates: place.coordinates,
            reporter_name: name,
            reporter_email: p.get("email"),
        },
        answers: p
            .0
            .iter()
            .filter_map(|(k, v)| {
                k.strip_prefix("attribute[")
                    .and_then(|k| k.strip_suffix(']'))
                    .map(|code| (code.to_string(), v.clone()))
            })
            .collect(),
        photos,
        channel: Channel::Open311,
        open311_key_id: Some(key_id),
        problems: errors,
    };
    let renamed = [
        ("category", "service_code"),
        ("place", "lat"),
        ("latitude", "lat"),
        ("longitude", "long"),
        ("address", "address_string"),
        ("answers", "attribute"),
        ("photos", "media"),
    ];
    let (id, _) = actions::report(&state.db, &state.config, None, "", report)
        .await
        .map_err(|e| e.renamed_fields(&renamed))?;
    // The tip is made before the answer, so the answer names it; a token is only for servers
    // that queue a request to make it later (GeoReport v2: one or the other). Tips keep their
    // token, and `tokens/{token}` still finds them, for the reporter's own link.
    let value = json!([{
        "service_request_id": id.to_string(),
        "service_notice": s.open311_notice,
        "account_id": Value::Null,
    }]);
    Ok(respond(
        StatusCode::CREATED,
        format,
        "service_requests",
        &value,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_names_items_after_their_list() {
        let v = json!([{"service_code": "lys", "attributes": [{"values": [{"key": "a&b", "name": "<x>"}]}], "n": 2, "e": null}]);
        assert_eq!(
            to_xml("services", &v),
            "<?xml version=\"1.0\" encoding=\"utf-8\"?><services><service>\
             <attributes><attribute><values><value><key>a&amp;b</key><name>&lt;x&gt;</name></value></values>\
             </attribute></attributes><e/><n>2</n><service_code>lys</service_code></service></services>"
        );
    }

    #[test]
    fn files_split_into_name_and_format() {
        assert_eq!(split("requests.json").unwrap(), ("requests", Format::Json));
        assert_eq!(split("12.xml").unwrap(), ("12", Format::Xml));
        assert!(split("requests").is_err());
        assert!(split("requests.html").is_err());
        assert_eq!(format_of_path("/open311/v2/services.xml"), Format::Xml);
    }
}
