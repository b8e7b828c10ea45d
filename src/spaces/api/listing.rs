//! Spaces through the API: listed, read, registered and changed.

use super::*;
use crate::text;

#[utoipa::path(get, path = "/api/v1/spaces", tag = "spaces", params(SpaceListParams),
    responses((status = 200, body = [SpaceDto]), answers::BadRequest))]
/// Bookable spaces by area, date, size and facility, by name, 50 per page.
pub async fn list(
    State(state): State<AppState>,
    Query(q): Query<SpaceListParams>,
) -> AppResult<Json<Vec<SpaceDto>>> {
    let page = q.page.unwrap_or(1);
    if !(1..=MAX_PAGE).contains(&page) {
        return Err(AppError::BadRequest(crate::text!(err_paging)));
    }
    if q.min_capacity.is_some_and(|n| n < 1) {
        return Err(AppError::BadRequest(crate::text!(err_space_capacity)));
    }
    let mut features = Vec::new();
    for code in q
        .features
        .as_deref()
        .unwrap_or("")
        .split(',')
        .map(str::trim)
        .filter(|c| !c.is_empty())
    {
        features.push(
            Feature::parse(code).ok_or_else(|| AppError::BadRequest(crate::text!(err_choose)))?,
        );
    }
    let on = match q.date.as_deref() {
        None => None,
        Some(d) => Some(
            parse_iso_date(d).ok_or_else(|| AppError::BadRequest(crate::text!(err_date_iso)))?,
        ),
    };
    let filter = SpaceFilter {
        neighbourhood: printable(q.neighbourhood.as_deref().unwrap_or("")),
        min_capacity: q.min_capacity,
        features,
        on,
    };
    let spaces = store::search(&state.db, &filter, PER_PAGE, (page - 1) * PER_PAGE).await?;
    Ok(Json(space_dtos(&state, spaces).await?))
}

#[utoipa::path(get, path = "/api/v1/spaces/{id}", tag = "spaces", params(("id" = i64, Path)),
    responses((status = 200, body = SpaceDto), answers::Lookup))]
pub async fn get(State(state): State<AppState>, Path(id): Path<i64>) -> AppResult<Json<SpaceDto>> {
    let sp = store::get_space(&state.db, id).await?;
    Ok(Json(space_dto(&state, sp).await?))
}

/// A space as sent.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SpaceBody {
    /// Who lends it out: the caller or an organisation they act for. Set at creation only.
    pub owner_id: Option<i64>,
    pub kind: SpaceKind,
    pub name: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub neighbourhood: String,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    #[schema(minimum = 1, maximum = 100000)]
    pub capacity: Option<i64>,
    #[schema(minimum = 1, maximum = 1000000)]
    pub area_m2: Option<i64>,
    #[serde(default)]
    pub features: Vec<Feature>,
    #[serde(default)]
    pub house_rules: String,
    pub bookable_by: Vec<ActorKind>,
    #[serde(default)]
    pub needs_approval: bool,
    #[serde(default)]
    #[schema(minimum = 0, maximum = 1000000)]
    pub price_ore_per_hour: i64,
    /// Seven entries, Monday first: "08:00-22:00", or "" for closed. Leave out for always open.
    pub opening_hours: Option<Vec<String>>,
    #[schema(format = Date)]
    pub available_from: Option<String>,
    #[schema(format = Date)]
    pub available_until: Option<String>,
    /// When replacing: active, or withdrawn to stop taking bookings.
    pub status: Option<SpaceStatus>,
    /// Required to replace a space: the version it was read at.
    pub version: Option<i64>,
}

impl SpaceBody {
    pub(super) fn draft(self, errors: &mut FieldErrors) -> SpaceDraft {
        let hours = match &self.opening_hours {
            None => None,
            Some(days) if days.len() == 7 => {
                let parsed: Result<Vec<_>, UnreadableHours> =
                    days.iter().map(|d| OpeningHours::parse_day(d)).collect();
                match parsed {
                    Ok(p) => Some(OpeningHours(std::array::from_fn(|i| p[i]))),
                    Err(_) => {
                        errors.insert("opening_hours", text!(err_opening_hours));
                        None
                    }
                }
            }
            Some(_) => {
                errors.insert("opening_hours", text!(err_opening_hours));
                None
            }
        };
        let mut date = |field: &'static str, text: Option<&str>| {
            text.and_then(|t| {
                parse_iso_date(t).or_else(|| {
                    errors.insert(field, text!(err_date_iso));
                    None
                })
            })
        };
        let available_from = date("available_from", self.available_from.as_deref());
        let available_until = date("available_until", self.available_until.as_deref());
        SpaceDraft {
            kind: self.kind,
            name: self.name,
            description: self.description,
            address: self.address,
            neighbourhood: self.neighbourhood,
            coordinates: pair_coordinates(errors, self.latitude, self.longitude),
            capacity: self.capacity,
            area_m2: self.area_m2,
            features: self.features,
            house_rules: self.house_rules,
            bookable_by: self.bookable_by,
            needs_approval: self.needs_approval,
            price_ore_per_hour: self.price_ore_per_hour,
            opening_hours: hours,
            available_from,
            available_until,
        }
    }
}

#[utoipa::path(post, path = "/api/v1/spaces", tag = "spaces", request_body = SpaceBody, security(("bearer" = [])),
    responses((status = 201, body = SpaceDto), answers::Submission))]
/// Lists a space for the caller or an organisation they act for.
pub async fn create(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Json(body): Json<SpaceBody>,
) -> AppResult<(StatusCode, Json<SpaceDto>)> {
    let owner = body.owner_id.or(Some(viewer.person_id));
    let mut errors = FieldErrors::new();
    let draft = body.draft(&mut errors);
    let id = actions::create(&state.db, &viewer, draft, owner, errors).await?;
    let sp = store::get_space(&state.db, id).await?;
    Ok((StatusCode::CREATED, Json(space_dto(&state, sp).await?)))
}

#[utoipa::path(put, path = "/api/v1/spaces/{id}", tag = "spaces", params(("id" = i64, Path)), request_body = SpaceBody,
    security(("bearer" = [])),
    responses((status = 200, body = SpaceDto), answers::GuardedChange))]
/// Replaces a space's description and rules (its owner only).
pub async fn replace(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<SpaceBody>,
) -> AppResult<Json<SpaceDto>> {
    let current = actions::require_manager(&state.db, &viewer, id).await?;
    let (status, version) = (body.status.unwrap_or(current.status), body.version);
    let mut errors = FieldErrors::new();
    if version.is_none() {
        errors.insert("version", text!(err_required));
    }
    let draft = body.draft(&mut errors);
    actions::update(
        &state.db,
        &viewer,
        id,
        draft,
        (status, version.unwrap_or(0)),
        errors,
    )
    .await?;
    let sp = store::get_space(&state.db, id).await?;
    Ok(Json(space_dto(&state, sp).await?))
}
