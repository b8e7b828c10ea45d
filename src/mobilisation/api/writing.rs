//! Writing needs, offers, pledges and contributions.

use super::*;
use crate::text;

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
    pub(super) fn draft(self) -> AppResult<NeedDraft> {
        let mut errors = FieldErrors::new();
        let coordinates = pair_coordinates(&mut errors, self.latitude, self.longitude);
        let mut draft = NeedDraft {
            kind: self.kind,
            title: self.title,
            description: self.description,
            skills: self.skills,
            quantity: self.quantity,
            when: self.when.parse(&mut errors),
            address: self.address,
            neighbourhood: self.neighbourhood,
            coordinates,
        };
        errors.extend(draft.check());
        if errors.is_empty() {
            Ok(draft)
        } else {
            Err(AppError::Invalid(errors))
        }
    }
}

#[utoipa::path(post, path = "/api/v1/initiatives/{id}/needs", tag = "mobilisation", params(("id" = i64, Path)),
    request_body = NeedBody, security(("bearer" = [])),
    responses((status = 201, body = NeedDto), answers::GuardedEdit))]
pub async fn create_need(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<NeedBody>,
) -> AppResult<(StatusCode, Json<NeedDto>)> {
    let need_id = actions::add_need(&state.db, &viewer, id, body.draft()).await?;
    Ok((
        StatusCode::CREATED,
        Json(need_dto(store::get_need(&state.db, need_id).await?)),
    ))
}

#[utoipa::path(put, path = "/api/v1/needs/{id}", tag = "mobilisation", params(("id" = i64, Path)),
    request_body = NeedBody, security(("bearer" = [])),
    responses((status = 200, body = NeedDto), answers::GuardedChange))]
pub async fn replace_need(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<NeedBody>,
) -> AppResult<Json<NeedDto>> {
    actions::edit_need(&state.db, &viewer, id, body.version, body.draft()).await?;
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
    pub(super) fn draft(&self) -> AppResult<OfferDraft> {
        let mut errors = FieldErrors::new();
        let coordinates = pair_coordinates(&mut errors, self.latitude, self.longitude);
        let when = self.when.clone();
        let mut draft = OfferDraft {
            kind: self.kind,
            title: self.title.clone(),
            description: self.description.clone(),
            skills: self.skills.clone(),
            quantity: self.quantity,
            when: when.parse(&mut errors),
            neighbourhood: self.neighbourhood.clone(),
            coordinates,
            radius_m: self.radius_m,
            conditions: self.conditions.clone(),
        };
        errors.extend(draft.check());
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
    ApiCaller(viewer): ApiCaller,
    Json(body): Json<OfferBody>,
) -> AppResult<(StatusCode, Json<OfferDto>)> {
    let actor = body.actor_id.unwrap_or(viewer.person_id);
    require(Some(&viewer), Action::ActFor(actor))?;
    let status = body.status.unwrap_or(OfferStatus::Active);
    let draft = body.draft()?;
    let id = actions::add_offer(&state.db, &viewer, actor, draft, status).await?;
    Ok((
        StatusCode::CREATED,
        Json(offer_dto(store::get_offer(&state.db, id).await?)),
    ))
}

#[utoipa::path(put, path = "/api/v1/offers/{id}", tag = "mobilisation", params(("id" = i64, Path)),
    request_body = OfferBody, security(("bearer" = [])),
    responses((status = 200, body = OfferDto), answers::GuardedChange))]
pub async fn replace_offer(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<OfferBody>,
) -> AppResult<Json<OfferDto>> {
    let draft = body.draft();
    actions::edit_offer(&state.db, &viewer, id, body.version, draft, body.status).await?;
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
              answers::NotFound, answers::Gone, answers::Refused, answers::Invalid))]
/// Count me in: pledge to a need. One live pledge per actor and need.
pub async fn pledge(
    State(state): State<AppState>,
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
    let pledge_id = actions::pledge(&state.db, &viewer, id, request, FieldErrors::new()).await?;
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
    responses((status = 200, body = PledgeDto), answers::GuardedStep))]
/// The initiative accepts or declines a pledge.
pub async fn decide(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<DecisionBody>,
) -> AppResult<Json<PledgeDto>> {
    let accept = matches!(body.decision, Decision::Accept);
    let p = actions::decide(&state.db, &viewer, id, accept, &body.reason).await?;
    Ok(Json(pledge_dto(p)))
}

#[utoipa::path(post, path = "/api/v1/pledges/{id}/withdrawal", tag = "mobilisation", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = PledgeDto), answers::GuardedStep))]
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
    /// Confirms that more was given than pledged (or than the need asked for); without it such
    /// a contribution is refused with `beyond_pledge`. A confirmed one stays marked.
    #[serde(default)]
    pub beyond_pledge: bool,
}

#[utoipa::path(post, path = "/api/v1/pledges/{id}/contributions", tag = "mobilisation", params(("id" = i64, Path)),
    request_body = ContributionBody, security(("bearer" = [])),
    responses((status = 201, body = PledgeDto), answers::GuardedChange))]
/// Records what was given under an accepted pledge; these facts are what evaluation counts.
pub async fn contribute(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<ContributionBody>,
) -> AppResult<(StatusCode, Json<PledgeDto>)> {
    let given_on = match body.given_on.as_deref() {
        None => Ok(None),
        Some(t) => parse_iso_date(t).map(Some).ok_or(text!(err_date_iso)),
    };
    let c = actions::Contribution {
        amount: Some(body.amount),
        given_on,
        note: &body.note,
        beyond_confirmed: body.beyond_pledge,
    };
    let p = actions::contribute(&state.db, &viewer, id, c).await?;
    Ok((StatusCode::CREATED, Json(pledge_dto(p))))
}
