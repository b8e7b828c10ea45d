//! Reading needs and offers: lists, one at a time, matches, and needs near a place.

use super::*;
use crate::moderation::{model::ContentKind, routes::not_hidden};

#[utoipa::path(get, path = "/api/v1/needs", tag = "mobilisation", params(ListParams),
    responses((status = 200, body = NeedList), answers::BadRequest))]
pub async fn list_needs(
    State(state): State<AppState>,
    Query(p): Query<ListParams>,
) -> AppResult<Json<NeedList>> {
    let filter = p.filter()?;
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
    Query(p): Query<ListParams>,
) -> AppResult<Json<OfferList>> {
    let filter = p.filter()?;
    let (offers, has_next) = store::active_offers(&state.db, &filter).await?;
    Ok(Json(OfferList {
        items: offers.into_iter().map(offer_dto).collect(),
        page: filter.page,
        per_page: filter.per_page,
        has_next,
    }))
}

#[utoipa::path(get, path = "/api/v1/needs/{id}", tag = "mobilisation", params(("id" = i64, Path)),
    responses((status = 200, body = NeedDetail), answers::Lookup))]
pub async fn get_need(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> AppResult<Json<NeedDetail>> {
    let need = visible_need(&state, id).await?;
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

/// The need, unless a moderator has hidden it: then it is not found through the API (its
/// authors see it on its page).
async fn visible_need(state: &AppState, id: i64) -> AppResult<Need> {
    not_hidden(state, ContentKind::Need, id).await?;
    store::get_need(&state.db, id).await
}

/// The offer, unless a moderator has hidden it: then it is not found through the API (its
/// author sees it on its page).
async fn visible_offer(state: &AppState, id: i64) -> AppResult<store::Offer> {
    not_hidden(state, ContentKind::Offer, id).await?;
    store::get_offer(&state.db, id).await
}

/// An offer; one a moderator has hidden is not found.
#[utoipa::path(get, path = "/api/v1/offers/{id}", tag = "mobilisation", params(("id" = i64, Path)),
    responses((status = 200, body = OfferDto), answers::Lookup))]
pub async fn get_offer(
    State(state): State<AppState>,
    Path(id): Path<i64>,
) -> AppResult<Json<OfferDto>> {
    Ok(Json(offer_dto(visible_offer(&state, id).await?)))
}

/// How many suggestions the match endpoints return.
pub(super) const MATCHES: i64 = 20;

#[utoipa::path(get, path = "/api/v1/needs/{id}/matches", tag = "mobilisation", params(("id" = i64, Path)),
    responses((status = 200, body = [OfferMatch]), answers::Lookup))]
pub async fn need_matches(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<OfferMatch>>> {
    let lang = lang(&headers);
    let need = visible_need(&state, id).await?;
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

pub(super) fn need_matches_for(
    found: Vec<Scored<Need>>,
    offer: &OfferDraft,
    lang: Lang,
) -> Vec<NeedMatch> {
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
    responses((status = 200, body = [NeedMatch]), answers::Lookup))]
pub async fn offer_matches(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<NeedMatch>>> {
    let offer = visible_offer(&state, id).await?;
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
    let errors = seeker.check();
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
