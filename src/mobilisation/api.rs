//! The mobilisation part of the JSON API: needs, offers, matches with their reasons, "where
//! can I help near here", pledges and contributions.

use super::actions::{self, PledgeRequest};
use super::matching;
use super::model::*;
use super::store::{self, Call, ListFilter, Need, Offer, Pledge, Scored, Seeker};
use crate::actors::model::ActorKind;
use crate::platform::auth::ApiCaller;
use crate::platform::db::MAX_PAGE;
use crate::platform::error::{AppError, AppResult, FieldErrors, answers};
use crate::platform::geo::pair_coordinates;
use crate::platform::i18n::Lang;
use crate::platform::input::printable;
use crate::platform::permissions::{Action, require};
use crate::platform::search;
use crate::platform::time::{parse_iso_date, rfc3339};
use crate::platform::web::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

/// When: weekdays and parts of the day (none means any), and a period (ISO dates, open ends).
#[derive(Serialize, Deserialize, ToSchema, Default, Clone)]
#[serde(deny_unknown_fields)]
pub struct AvailabilityDto {
    #[serde(default)]
    pub weekdays: Vec<Weekday>,
    #[serde(default)]
    pub day_parts: Vec<DayPart>,
    /// YYYY-MM-DD.
    #[schema(format = Date)]
    pub from_date: Option<String>,
    /// YYYY-MM-DD, on or after `from_date`.
    #[schema(format = Date)]
    pub to_date: Option<String>,
}

impl AvailabilityDto {
    fn of(a: &Availability) -> AvailabilityDto {
        AvailabilityDto {
            weekdays: a.weekdays.clone(),
            day_parts: a.day_parts.clone(),
            from_date: a.from.map(|d| d.to_string()),
            to_date: a.to.map(|d| d.to_string()),
        }
    }

    fn parse(self, errors: &mut FieldErrors, lang: Lang) -> Availability {
        let mut date = |field: &'static str, text: Option<String>| {
            text.and_then(|t| {
                let d = parse_iso_date(&t);
                if d.is_none() {
                    errors.insert(field, lang.strings().err_date_iso.into());
                }
                d
            })
        };
        let from = date("from_date", self.from_date);
        let to = date("to_date", self.to_date);
        Availability {
            weekdays: self.weekdays,
            day_parts: self.day_parts,
            from,
            to,
        }
    }
}

#[derive(Serialize, ToSchema)]
pub struct Place {
    pub latitude: f64,
    pub longitude: f64,
}

fn place(c: Option<(f64, f64)>) -> Option<Place> {
    c.map(|(latitude, longitude)| Place {
        latitude,
        longitude,
    })
}

#[derive(Serialize, ToSchema)]
pub struct NeedDto {
    pub id: i64,
    pub initiative_id: i64,
    pub initiative_title: String,
    pub kind: ResourceKind,
    pub title: String,
    pub description: String,
    /// Comma-separated, as written.
    pub skills: String,
    pub quantity: Option<i64>,
    /// What `quantity` and pledged amounts count.
    pub unit: Unit,
    pub when: AvailabilityDto,
    pub address: String,
    pub neighbourhood: String,
    pub coordinates: Option<Place>,
    pub status: NeedStatus,
    pub created_at: String,
    pub updated_at: String,
    /// Send back with a replacement to detect concurrent edits.
    pub version: i64,
}

fn need_dto(n: Need) -> NeedDto {
    let d = n.draft;
    NeedDto {
        id: n.id,
        initiative_id: n.initiative_id,
        initiative_title: n.initiative_title,
        kind: d.kind,
        unit: d.kind.unit(),
        title: d.title,
        description: d.description,
        skills: d.skills,
        quantity: d.quantity,
        when: AvailabilityDto::of(&d.when),
        address: d.address,
        neighbourhood: d.neighbourhood,
        coordinates: place(d.coordinates),
        status: n.status,
        created_at: rfc3339(n.created_at),
        updated_at: rfc3339(n.updated_at),
        version: n.version,
    }
}

#[derive(Serialize, ToSchema)]
pub struct OfferDto {
    pub id: i64,
    pub actor_id: i64,
    pub actor_name: String,
    pub actor_kind: ActorKind,
    pub kind: ResourceKind,
    pub title: String,
    pub description: String,
    pub skills: String,
    pub quantity: Option<i64>,
    pub unit: Unit,
    pub when: AvailabilityDto,
    pub neighbourhood: String,
    /// The centre of the area the offer applies to; anywhere when absent.
    pub coordinates: Option<Place>,
    pub radius_m: Option<i64>,
    /// What must be in place.
    pub conditions: String,
    pub status: OfferStatus,
    pub created_at: String,
    pub updated_at: String,
    pub version: i64,
}

fn offer_dto(o: Offer) -> OfferDto {
    let d = o.draft;
    OfferDto {
        id: o.id,
        actor_id: o.actor_id,
        actor_name: o.actor_name,
        actor_kind: o.actor_kind,
        kind: d.kind,
        unit: d.kind.unit(),
        title: d.title,
        description: d.description,
        skills: d.skills,
        quantity: d.quantity,
        when: AvailabilityDto::of(&d.when),
        neighbourhood: d.neighbourhood,
        coordinates: place(d.coordinates),
        radius_m: d.radius_m,
        conditions: d.conditions,
        status: o.status,
        created_at: rfc3339(o.created_at),
        updated_at: rfc3339(o.updated_at),
        version: o.version,
    }
}

#[derive(Serialize, ToSchema)]
pub struct PledgeDto {
    pub id: i64,
    pub need_id: i64,
    pub need_title: String,
    pub initiative_id: i64,
    pub offer_id: Option<i64>,
    pub actor_id: i64,
    pub actor_name: String,
    pub amount: Option<i64>,
    /// To the initiative; empty in public lists.
    pub message: String,
    pub status: PledgeStatus,
    /// Why it was declined, if it was; empty in public lists.
    pub reason: String,
    pub pledged_at: String,
    pub decided_at: Option<String>,
    /// What has been given under this pledge so far, in `unit`.
    pub given: i64,
    pub unit: Unit,
}

fn pledge_dto(p: Pledge) -> PledgeDto {
    PledgeDto {
        id: p.id,
        need_id: p.need_id,
        need_title: p.need_title,
        initiative_id: p.initiative_id,
        offer_id: p.offer_id,
        actor_id: p.actor_id,
        actor_name: p.actor_name,
        amount: p.amount,
        message: p.message,
        status: p.status,
        reason: p.reason,
        pledged_at: rfc3339(p.pledged_at),
        decided_at: p.decided_at.map(rfc3339),
        given: p.given,
        unit: p.unit,
    }
}

#[derive(Serialize, ToSchema)]
pub struct NeedDetail {
    #[serde(flatten)]
    pub need: NeedDto,
    pub pledges: Vec<PledgeDto>,
}

#[derive(Serialize, ToSchema)]
pub struct NeedList {
    pub items: Vec<NeedDto>,
    pub page: i64,
    pub per_page: i64,
    pub has_next: bool,
}

#[derive(Serialize, ToSchema)]
pub struct OfferList {
    pub items: Vec<OfferDto>,
    pub page: i64,
    pub per_page: i64,
    pub has_next: bool,
}

/// A suggested offer for a need, best first.
#[derive(Serialize, ToSchema)]
pub struct OfferMatch {
    pub offer: OfferDto,
    /// Higher fits better (kind, shared skills, nearness, time; at most 100).
    pub score: i64,
    /// Why it fits, in the requested language.
    pub reasons: Vec<String>,
}

/// A suggested need, best first.
#[derive(Serialize, ToSchema)]
pub struct NeedMatch {
    pub need: NeedDto,
    pub score: i64,
    pub reasons: Vec<String>,
}

fn lang(headers: &HeaderMap) -> Lang {
    Lang::of_headers(headers)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ListParams {
    pub kind: Option<ResourceKind>,
    pub neighbourhood: Option<String>,
    #[param(minimum = 1, maximum = 10000)]
    pub page: Option<i64>,
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<i64>,
}

impl ListParams {
    fn filter(self, lang: Lang) -> AppResult<ListFilter> {
        let per_page = self.per_page.unwrap_or(store::PER_PAGE);
        if !(1..=100).contains(&per_page) || self.page.is_some_and(|n| !(1..=MAX_PAGE).contains(&n))
        {
            return Err(AppError::BadRequest(lang.strings().err_paging.into()));
        }
        Ok(ListFilter {
            kind: self.kind,
            neighbourhood: printable(&self.neighbourhood.unwrap_or_default()),
            page: self.page.unwrap_or(1),
            per_page,
        })
    }
}

#[utoipa::path(get, path = "/api/v1/needs", tag = "mobilisation", params(ListParams),
    responses((status = 200, body = NeedList), answers::BadRequest))]
pub async fn list_needs(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(p): Query<ListParams>,
) -> AppResult<Json<NeedList>> {
    let filter = p.filter(lang(&headers))?;
    let (needs, has_next) = store::open_needs(&state.db, &filter).await?;
    Ok(Json(NeedList {
        items: needs.into_iter().map(need_dto).collect(),
        page: filter.page,
        per_page: filter.per_page,
        has_next,
    }))
}

#[utoipa::path(get, path = "/api/v1/offers", tag = "mobilisation", params(ListParams),
    responses((status = 200, body = OfferList), answers::BadRequest))]
pub async fn list_offers(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(p): Query<ListParams>,
) -> AppResult<Json<OfferList>> {
    let filter = p.filter(lang(&headers))?;
    let (offers, has_next) = store::active_offers(&state.db, &filter).await?;
    Ok(Json(OfferList {
        items: offers.into_iter().map(offer_dto).collect(),
        page: filter.page,
        per_page: filter.per_page,
        has_next,
    }))
}

#[utoipa::path(get, path = "/api/v1/needs/{id}", tag = "mobilisation", params(("id" = i64, Path)),
    responses((status = 200, body = NeedDetail), answers::BadRequest, answers::NotFound))]
pub async fn get_need(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> AppResult<Json<NeedDetail>> {
    let need = store::get_need(&state.db, id).await?;
    let pledges = store::pledges_of_need(&state.db, id).await?;
    Ok(Json(NeedDetail {
        need: need_dto(need),
        // Messages and reasons are between the one who pledged and the initiative.
        pledges: pledges
            .into_iter()
            .map(|p| PledgeDto {
                message: String::new(),
                reason: String::new(),
                ..pledge_dto(p)
            })
            .collect(),
    }))
}

#[utoipa::path(get, path = "/api/v1/offers/{id}", tag = "mobilisation", params(("id" = i64, Path)),
    responses((status = 200, body = OfferDto), answers::BadRequest, answers::NotFound))]
pub async fn get_offer(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> AppResult<Json<OfferDto>> {
    Ok(Json(offer_dto(store::get_offer(&state.db, id).await?)))
}

/// How many suggestions the match endpoints return.
const MATCHES: i64 = 20;

#[utoipa::path(get, path = "/api/v1/needs/{id}/matches", tag = "mobilisation", params(("id" = i64, Path)),
    responses((status = 200, body = [OfferMatch]), answers::BadRequest, answers::NotFound))]
pub async fn need_matches(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<OfferMatch>>> {
    let lang = lang(&headers);
    let need = store::get_need(&state.db, id).await?;
    if !need.status.is_open() {
        return Ok(Json(Vec::new()));
    }
    let found = store::matching_offers(&state.db, &need, MATCHES).await?;
    Ok(Json(
        found
            .into_iter()
            .map(|Scored { item, score }| OfferMatch {
                reasons: matching::explain(&need.draft, &item.draft, lang),
                score,
                offer: offer_dto(item),
            })
            .collect(),
    ))
}

fn need_matches_for(found: Vec<Scored<Need>>, offer: &OfferDraft, lang: Lang) -> Vec<NeedMatch> {
    found
        .into_iter()
        .map(|Scored { item, score }| NeedMatch {
            reasons: matching::explain(&item.draft, offer, lang),
            score,
            need: need_dto(item),
        })
        .collect()
}

#[utoipa::path(get, path = "/api/v1/offers/{id}/matches", tag = "mobilisation", params(("id" = i64, Path)),
    responses((status = 200, body = [NeedMatch]), answers::BadRequest, answers::NotFound))]
pub async fn offer_matches(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<NeedMatch>>> {
    let offer = store::get_offer(&state.db, id).await?;
    if offer.status != OfferStatus::Active {
        return Ok(Json(Vec::new()));
    }
    let found = store::matching_needs(&state.db, &offer.draft, MATCHES).await?;
    Ok(Json(need_matches_for(found, &offer.draft, lang(&headers))))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct NearParams {
    #[param(minimum = -90, maximum = 90)]
    pub latitude: f64,
    #[param(minimum = -180, maximum = 180)]
    pub longitude: f64,
    /// How far to look, in kilometres (default 3).
    #[param(minimum = 0.1, maximum = 50)]
    pub radius_km: Option<f64>,
    /// What you can give (default: anything).
    pub kind: Option<ResourceKind>,
    /// Your skills, comma-separated.
    pub skills: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/needs/near", tag = "mobilisation", params(NearParams),
    responses((status = 200, body = [NeedMatch]), answers::BadRequest, answers::Invalid))]
/// Where can I help near here: open needs within reach of a place, best fit first.
pub async fn needs_near(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(p): Query<NearParams>,
) -> AppResult<Json<Vec<NeedMatch>>> {
    let lang = lang(&headers);
    let radius_m = (p.radius_km.unwrap_or(3.0) * 1000.0).round();
    let mut seeker = OfferDraft {
        kind: p.kind.unwrap_or(ResourceKind::Hands),
        title: "near".into(),
        description: String::new(),
        skills: printable(&p.skills.unwrap_or_default()),
        quantity: None,
        when: Availability::default(),
        neighbourhood: String::new(),
        coordinates: Some((p.latitude, p.longitude)),
        // Not a number or out of bounds becomes a radius the check refuses.
        radius_m: Some(radius_m as i64),
        conditions: String::new(),
    };
    let errors = seeker.check(lang);
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let mut query = Seeker::for_offer(&seeker);
    if p.kind.is_none() {
        query.kinds = ResourceKind::ALL
            .iter()
            .map(|k| (*k, matching::SAME_KIND))
            .collect();
    }
    query.terms = search::stems(&seeker.skills);
    let found = store::needs_for(&state.db, &query, MATCHES).await?;
    Ok(Json(need_matches_for(found, &seeker, lang)))
}

/// A need as sent: the same fields to create one and to replace one.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NeedBody {
    pub kind: ResourceKind,
    #[schema(min_length = 1, max_length = 140)]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub description: String,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub skills: String,
    #[schema(minimum = 1, maximum = 10000000)]
    pub quantity: Option<i64>,
    #[serde(default)]
    pub when: AvailabilityDto,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub address: String,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub neighbourhood: String,
    #[schema(minimum = -90, maximum = 90)]
    pub latitude: Option<f64>,
    #[schema(minimum = -180, maximum = 180)]
    pub longitude: Option<f64>,
    /// When replacing: the version the change is based on; an outdated one is refused (409).
    pub version: Option<i64>,
}

impl NeedBody {
    fn draft(self, lang: Lang) -> AppResult<NeedDraft> {
        let mut errors = FieldErrors::new();
        let coordinates =
            pair_coordinates(&mut errors, lang.strings(), self.latitude, self.longitude);
        let mut draft = NeedDraft {
            kind: self.kind,
            title: self.title,
            description: self.description,
            skills: self.skills,
            quantity: self.quantity,
            when: self.when.parse(&mut errors, lang),
            address: self.address,
            neighbourhood: self.neighbourhood,
            coordinates,
        };
        errors.extend(draft.check(lang));
        if errors.is_empty() {
            Ok(draft)
        } else {
            Err(AppError::Invalid(errors))
        }
    }
}

#[utoipa::path(post, path = "/api/v1/initiatives/{id}/needs", tag = "mobilisation", params(("id" = i64, Path)),
    request_body = NeedBody, security(("bearer" = [])),
    responses((status = 201, body = NeedDto), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound, answers::Invalid))]
pub async fn create_need(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<NeedBody>,
) -> AppResult<(StatusCode, Json<NeedDto>)> {
    actions::require_initiative_editor(&state.db, &viewer, id).await?;
    let draft = body.draft(lang(&headers))?;
    let need_id = store::create_need(&state.db, id, &draft, viewer.user_id).await?;
    super::notices::need_added(&state.db, need_id, viewer.user_id).await;
    Ok((
        StatusCode::CREATED,
        Json(need_dto(store::get_need(&state.db, need_id).await?)),
    ))
}

#[utoipa::path(put, path = "/api/v1/needs/{id}", tag = "mobilisation", params(("id" = i64, Path)),
    request_body = NeedBody, security(("bearer" = [])),
    responses((status = 200, body = NeedDto), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound, answers::Refused,
              answers::Invalid))]
pub async fn replace_need(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<NeedBody>,
) -> AppResult<Json<NeedDto>> {
    let lang = lang(&headers);
    let current = store::get_need(&state.db, id).await?;
    actions::require_initiative_editor(&state.db, &viewer, current.initiative_id).await?;
    let version = body.version.unwrap_or(current.version);
    let draft = body.draft(lang)?;
    store::update_need(&state.db, id, version, &draft).await?;
    Ok(Json(need_dto(store::get_need(&state.db, id).await?)))
}

/// An offer as sent: the same fields to create one and to replace one.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OfferBody {
    /// Who offers it: the caller's own person (default) or an organisation the caller acts for.
    /// Ignored when replacing.
    pub actor_id: Option<i64>,
    pub kind: ResourceKind,
    #[schema(min_length = 1, max_length = 140)]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub description: String,
    #[serde(default)]
    #[schema(max_length = 500)]
    pub skills: String,
    #[schema(minimum = 1, maximum = 10000000)]
    pub quantity: Option<i64>,
    #[serde(default)]
    pub when: AvailabilityDto,
    #[serde(default)]
    #[schema(max_length = 200)]
    pub neighbourhood: String,
    #[schema(minimum = -90, maximum = 90)]
    pub latitude: Option<f64>,
    #[schema(minimum = -180, maximum = 180)]
    pub longitude: Option<f64>,
    /// How far from the point the offer applies, in metres (needs a point).
    #[schema(minimum = 100, maximum = 50000)]
    pub radius_m: Option<i64>,
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub conditions: String,
    /// Pause or withdraw the offer, or make it active again.
    pub status: Option<OfferStatus>,
    /// When replacing: the version the change is based on; an outdated one is refused (409).
    pub version: Option<i64>,
}

impl OfferBody {
    fn draft(&self, lang: Lang) -> AppResult<OfferDraft> {
        let mut errors = FieldErrors::new();
        let coordinates =
            pair_coordinates(&mut errors, lang.strings(), self.latitude, self.longitude);
        let when = self.when.clone();
        let mut draft = OfferDraft {
            kind: self.kind,
            title: self.title.clone(),
            description: self.description.clone(),
            skills: self.skills.clone(),
            quantity: self.quantity,
            when: when.parse(&mut errors, lang),
            neighbourhood: self.neighbourhood.clone(),
            coordinates,
            radius_m: self.radius_m,
            conditions: self.conditions.clone(),
        };
        errors.extend(draft.check(lang));
        if errors.is_empty() {
            Ok(draft)
        } else {
            Err(AppError::Invalid(errors))
        }
    }
}

#[utoipa::path(post, path = "/api/v1/offers", tag = "mobilisation", request_body = OfferBody, security(("bearer" = [])),
    responses((status = 201, body = OfferDto), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::Invalid))]
pub async fn create_offer(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Json(body): Json<OfferBody>,
) -> AppResult<(StatusCode, Json<OfferDto>)> {
    let actor = body.actor_id.unwrap_or(viewer.person_id);
    require(Some(&viewer), Action::ActFor(actor))?;
    let draft = body.draft(lang(&headers))?;
    let status = body.status.unwrap_or(OfferStatus::Active);
    let id = store::create_offer(&state.db, actor, &draft, status, viewer.user_id).await?;
    Ok((
        StatusCode::CREATED,
        Json(offer_dto(store::get_offer(&state.db, id).await?)),
    ))
}

#[utoipa::path(put, path = "/api/v1/offers/{id}", tag = "mobilisation", params(("id" = i64, Path)),
    request_body = OfferBody, security(("bearer" = [])),
    responses((status = 200, body = OfferDto), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound, answers::Refused,
              answers::Invalid))]
pub async fn replace_offer(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<OfferBody>,
) -> AppResult<Json<OfferDto>> {
    let lang = lang(&headers);
    let current = store::get_offer(&state.db, id).await?;
    require(Some(&viewer), Action::ActFor(current.actor_id))?;
    let draft = body.draft(lang)?;
    let version = body.version.unwrap_or(current.version);
    store::update_offer(&state.db, id, version, &draft, body.status).await?;
    Ok(Json(offer_dto(store::get_offer(&state.db, id).await?)))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PledgeBody {
    /// Who counts in: the caller's own person (default) or an organisation the caller acts for.
    pub actor_id: Option<i64>,
    /// One of that actor's active offers, if the pledge comes from one.
    pub offer_id: Option<i64>,
    /// How much, in the need's unit.
    #[schema(minimum = 1, maximum = 10000000)]
    pub amount: Option<i64>,
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub message: String,
}

#[utoipa::path(post, path = "/api/v1/needs/{id}/pledges", tag = "mobilisation", params(("id" = i64, Path)),
    request_body = PledgeBody, security(("bearer" = [])),
    responses((status = 201, body = PledgeDto), answers::BadRequest, answers::Unauthenticated,
              answers::NotFound, answers::Refused, answers::Invalid))]
/// Count me in: pledge to a need. One live pledge per actor and need.
pub async fn pledge(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<PledgeBody>,
) -> AppResult<(StatusCode, Json<PledgeDto>)> {
    store::get_need(&state.db, id).await?;
    let request = PledgeRequest {
        actor_id: Some(body.actor_id.unwrap_or(viewer.person_id)),
        offer_id: body.offer_id,
        amount: body.amount,
        message: body.message,
    };
    let pledge_id = actions::pledge(
        &state.db,
        &viewer,
        lang(&headers),
        id,
        request,
        FieldErrors::new(),
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(pledge_dto(store::get_pledge(&state.db, pledge_id).await?)),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Accept,
    Decline,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DecisionBody {
    pub decision: Decision,
    /// Why; shown to the one who pledged, not in public lists.
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub reason: String,
}

#[utoipa::path(post, path = "/api/v1/pledges/{id}/decision", tag = "mobilisation", params(("id" = i64, Path)),
    request_body = DecisionBody, security(("bearer" = [])),
    responses((status = 200, body = PledgeDto), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound, answers::Refused))]
/// The initiative accepts or declines a pledge.
pub async fn decide(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<DecisionBody>,
) -> AppResult<Json<PledgeDto>> {
    let accept = matches!(body.decision, Decision::Accept);
    let p = actions::decide(&state.db, &viewer, lang(&headers), id, accept, &body.reason).await?;
    Ok(Json(pledge_dto(p)))
}

#[utoipa::path(post, path = "/api/v1/pledges/{id}/withdrawal", tag = "mobilisation", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = PledgeDto), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound, answers::Refused))]
/// The one who pledged takes it back.
pub async fn withdraw(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
) -> AppResult<Json<PledgeDto>> {
    Ok(Json(pledge_dto(
        actions::withdraw(&state.db, &viewer, id).await?,
    )))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ContributionBody {
    /// How much was given, in the need's unit.
    #[schema(minimum = 1, maximum = 10000000)]
    pub amount: i64,
    /// YYYY-MM-DD, not in the future; today when absent.
    #[schema(format = Date)]
    pub given_on: Option<String>,
    #[serde(default)]
    #[schema(max_length = 1000)]
    pub note: String,
}

#[utoipa::path(post, path = "/api/v1/pledges/{id}/contributions", tag = "mobilisation", params(("id" = i64, Path)),
    request_body = ContributionBody, security(("bearer" = [])),
    responses((status = 201, body = PledgeDto), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound, answers::Refused,
              answers::Invalid))]
/// Records what was given under an accepted pledge; these facts are what evaluation counts.
pub async fn contribute(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<ContributionBody>,
) -> AppResult<(StatusCode, Json<PledgeDto>)> {
    let given_on = match body.given_on.as_deref() {
        None => Ok(None),
        Some(t) => parse_iso_date(t)
            .map(Some)
            .ok_or(lang(&headers).strings().err_date_iso),
    };
    let p = actions::contribute(
        &state.db,
        &viewer,
        lang(&headers),
        id,
        Some(body.amount),
        given_on,
        &body.note,
    )
    .await?;
    Ok((StatusCode::CREATED, Json(pledge_dto(p))))
}

#[derive(Serialize, ToSchema)]
pub struct CallDto {
    pub id: i64,
    pub initiative_id: i64,
    pub initiative_title: String,
    pub title: String,
    pub message: String,
    pub published_at: String,
    /// When the call ended; absent while it is open.
    pub closed_at: Option<String>,
    /// The initiative's needs that are open now.
    pub open_needs: Vec<NeedDto>,
}

async fn call_dto(state: &AppState, c: Call) -> AppResult<CallDto> {
    let needs = store::needs_of_initiative(&state.db, c.initiative_id).await?;
    Ok(CallDto {
        id: c.id,
        initiative_id: c.initiative_id,
        initiative_title: c.initiative_title,
        title: c.draft.title,
        message: c.draft.message,
        published_at: rfc3339(c.published_at),
        closed_at: c.closed_at.map(rfc3339),
        open_needs: needs
            .into_iter()
            .filter(|n| n.status.is_open())
            .map(need_dto)
            .collect(),
    })
}

#[utoipa::path(get, path = "/api/v1/calls", tag = "mobilisation",
    responses((status = 200, body = [CallDto])))]
/// Open calls for help, newest first (at most 50).
pub async fn list_calls(State(state): State<AppState>) -> AppResult<Json<Vec<CallDto>>> {
    let mut out = Vec::new();
    for c in store::open_calls(&state.db, None, 50).await? {
        out.push(call_dto(&state, c).await?);
    }
    Ok(Json(out))
}

#[utoipa::path(get, path = "/api/v1/calls/{id}", tag = "mobilisation", params(("id" = i64, Path)),
    responses((status = 200, body = CallDto), answers::BadRequest, answers::NotFound))]
pub async fn get_call(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> AppResult<Json<CallDto>> {
    let c = store::get_call(&state.db, id).await?;
    Ok(Json(call_dto(&state, c).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CallBody {
    #[schema(min_length = 1, max_length = 140)]
    pub title: String,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub message: String,
}

#[utoipa::path(post, path = "/api/v1/initiatives/{id}/calls", tag = "mobilisation", params(("id" = i64, Path)),
    request_body = CallBody, security(("bearer" = [])),
    responses((status = 201, body = CallDto), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound, answers::Invalid))]
/// Sends out a call for help made of the initiative's open needs; its followers are told.
pub async fn publish_call(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<CallBody>,
) -> AppResult<(StatusCode, Json<CallDto>)> {
    actions::require_initiative_editor(&state.db, &viewer, id).await?;
    let mut draft = CallDraft {
        title: body.title,
        message: body.message,
    };
    let errors = draft.check(lang(&headers));
    if !errors.is_empty() {
        return Err(AppError::Invalid(errors));
    }
    let call_id = store::publish_call(&state.db, id, &draft, viewer.user_id).await?;
    super::notices::call_published(&state.db, call_id, viewer.user_id).await;
    let c = store::get_call(&state.db, call_id).await?;
    Ok((StatusCode::CREATED, Json(call_dto(&state, c).await?)))
}

/// What the initiative may set a need to by hand.
#[derive(Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum NeedStatusChange {
    /// Met, whatever the pledges say.
    Met,
    Withdrawn,
    /// Open again: the status follows the accepted pledges once more.
    Open,
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct NeedStatusBody {
    pub status: NeedStatusChange,
}

#[utoipa::path(post, path = "/api/v1/needs/{id}/status", tag = "mobilisation", params(("id" = i64, Path)),
    request_body = NeedStatusBody, security(("bearer" = [])),
    responses((status = 200, body = NeedDto), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound, answers::Invalid))]
/// The initiative marks a need met, withdraws it, or reopens it.
pub async fn set_need_status(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<NeedStatusBody>,
) -> AppResult<Json<NeedDto>> {
    let need = store::get_need(&state.db, id).await?;
    actions::require_initiative_editor(&state.db, &viewer, need.initiative_id).await?;
    let to = match body.status {
        NeedStatusChange::Met => NeedStatus::Met,
        NeedStatusChange::Withdrawn => NeedStatus::Withdrawn,
        NeedStatusChange::Open => NeedStatus::Open,
    };
    store::set_need_status(&state.db, id, to).await?;
    Ok(Json(need_dto(store::get_need(&state.db, id).await?)))
}

#[utoipa::path(post, path = "/api/v1/calls/{id}/closure", tag = "mobilisation", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = CallDto), answers::BadRequest, answers::Unauthenticated,
              answers::Forbidden, answers::NotFound))]
/// Ends a call for help.
pub async fn close_call(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
) -> AppResult<Json<CallDto>> {
    let c = store::get_call(&state.db, id).await?;
    actions::require_initiative_editor(&state.db, &viewer, c.initiative_id).await?;
    store::close_call(&state.db, id).await?;
    let c = store::get_call(&state.db, id).await?;
    Ok(Json(call_dto(&state, c).await?))
}

/// The feature's API routes, each registered once with its documentation.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(create_need))
        .routes(routes!(list_needs))
        .routes(routes!(needs_near))
        .routes(routes!(get_need, replace_need))
        .routes(routes!(need_matches))
        .routes(routes!(pledge))
        .routes(routes!(list_offers, create_offer))
        .routes(routes!(get_offer, replace_offer))
        .routes(routes!(offer_matches))
        .routes(routes!(decide))
        .routes(routes!(withdraw))
        .routes(routes!(contribute))
        .routes(routes!(publish_call))
        .routes(routes!(list_calls))
        .routes(routes!(get_call))
        .routes(routes!(close_call))
        .routes(routes!(set_need_status))
}
