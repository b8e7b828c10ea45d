//! Tips in the JSON API: the categories, the public tips with their history, reporting with a
//! token, and handling by the unit's people. The same actions as the pages and Open311.

use super::actions::{self, Handling, Report};
use super::model::*;
use super::store::{self, Category, Tip, TipFilter};
use crate::platform::auth::ApiCaller;
use crate::platform::db::api_page;
use crate::platform::error::{AppError, AppResult, FieldErrors, answers};
use crate::platform::geo::pair_coordinates;
use crate::platform::i18n::Lang;
use crate::platform::input::printable;
use crate::platform::time::rfc3339;
use crate::platform::web::AppState;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use utoipa::{IntoParams, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

#[derive(Serialize, ToSchema)]
pub struct QuestionDto {
    pub code: String,
    pub datatype: QuestionType,
    pub required: bool,
    pub question_da: String,
    pub question_en: String,
    /// For a list: the keys to answer with, and their names.
    pub choices: Vec<ChoiceDto>,
}

#[derive(Serialize, ToSchema)]
pub struct ChoiceDto {
    pub key: String,
    pub name_da: String,
    pub name_en: String,
}

#[derive(Serialize, ToSchema)]
pub struct CategoryDto {
    /// The Open311 service_code.
    pub code: String,
    pub name_da: String,
    pub name_en: String,
    pub description_da: String,
    pub description_en: String,
    /// The municipal unit new tips go to.
    pub unit_id: i64,
    pub unit_name: String,
    pub questions: Vec<QuestionDto>,
}

async fn category_dto(state: &AppState, c: Category) -> AppResult<CategoryDto> {
    let questions = store::questions(&state.db, c.id)
        .await?
        .into_iter()
        .map(|q| QuestionDto {
            code: q.code,
            datatype: q.datatype,
            required: q.required,
            question_da: q.question_da,
            question_en: q.question_en,
            choices: q
                .choices
                .into_iter()
                .map(|(key, name_da, name_en)| ChoiceDto {
                    key,
                    name_da,
                    name_en,
                })
                .collect(),
        })
        .collect();
    Ok(CategoryDto {
        code: c.code,
        name_da: c.name_da,
        name_en: c.name_en,
        description_da: c.description_da,
        description_en: c.description_en,
        unit_id: c.unit_id,
        unit_name: c.unit_name,
        questions,
    })
}

#[utoipa::path(get, path = "/api/v1/tip-categories", tag = "tips",
    responses((status = 200, body = [CategoryDto])))]
/// The categories taking new tips, with the questions each asks.
pub async fn categories(State(state): State<AppState>) -> AppResult<Json<Vec<CategoryDto>>> {
    let mut out = Vec::new();
    for c in store::categories(&state.db, true).await? {
        out.push(category_dto(&state, c).await?);
    }
    Ok(Json(out))
}

#[derive(Serialize, ToSchema)]
pub struct UpdateDto {
    #[schema(format = DateTime)]
    pub created_at: String,
    pub author_name: Option<String>,
    /// Only for the unit's handlers.
    pub internal: bool,
    pub status: Option<TipStatus>,
    pub close_reason: Option<CloseReason>,
    /// Passed on to this unit.
    pub unit_name: Option<String>,
    /// Adopted by this initiative.
    pub initiative_id: Option<i64>,
    pub body: String,
}

#[derive(Serialize, ToSchema)]
pub struct TipDto {
    pub id: i64,
    /// The category's code.
    pub category: String,
    pub category_name: String,
    pub status: TipStatus,
    pub close_reason: Option<CloseReason>,
    pub description: String,
    pub address: String,
    pub latitude: f64,
    pub longitude: f64,
    pub unit_id: i64,
    pub unit_name: String,
    /// The initiative citizens started to take care of it.
    pub initiative_id: Option<i64>,
    /// The first photo; a single tip lists all of them in `photos`.
    pub photo_url: Option<String>,
    pub answers: BTreeMap<String, String>,
    #[schema(format = DateTime)]
    pub received_at: String,
    #[schema(format = DateTime)]
    pub updated_at: String,
    /// With a single tip: every photo and the public history (and, for handlers, the internal
    /// notes).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub photos: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub updates: Option<Vec<UpdateDto>>,
}

fn tip_dto(state: &AppState, t: Tip, lang: Lang) -> TipDto {
    let base = state.config.public_url();
    TipDto {
        category_name: t.category(lang).to_string(),
        photo_url: t
            .first_photo
            .map(|p| format!("{base}/tips/{}/photos/{p}", t.id)),
        id: t.id,
        category: t.category_code,
        status: t.status,
        close_reason: t.close_reason,
        description: t.description,
        address: t.address,
        latitude: t.coordinates.0,
        longitude: t.coordinates.1,
        unit_id: t.unit_id,
        unit_name: t.unit_name,
        initiative_id: t.initiative_id,
        answers: BTreeMap::new(),
        received_at: rfc3339(t.received_at),
        updated_at: rfc3339(t.updated_at),
        photos: None,
        updates: None,
    }
}

/// A tip with its answers, photos and history, as the caller may see it.
async fn full_tip(state: &AppState, id: i64, handler: bool, lang: Lang) -> AppResult<TipDto> {
    let t = store::get(&state.db, id).await?;
    let base = state.config.public_url();
    let mut dto = tip_dto(state, t, lang);
    dto.answers = store::answers(&state.db, id).await?.into_iter().collect();
    dto.photos = Some(
        store::photo_ids(&state.db, id, false)
            .await?
            .into_iter()
            .map(|(p, ..)| format!("{base}/tips/{id}/photos/{p}"))
            .collect(),
    );
    dto.updates = Some(
        store::updates(&state.db, id, handler)
            .await?
            .into_iter()
            .map(|u| UpdateDto {
                created_at: rfc3339(u.created_at),
                author_name: u.author_name,
                internal: u.internal,
                status: u.status,
                close_reason: u.close_reason,
                unit_name: u.unit_name,
                initiative_id: u.initiative.map(|(i, _)| i),
                body: u.body,
            })
            .collect(),
    );
    Ok(dto)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct TipListParams {
    /// Only this category (its code).
    pub category: Option<String>,
    /// Only this status.
    pub status: Option<TipStatus>,
    #[param(minimum = 1, maximum = 10000)]
    pub page: Option<i64>,
}

const PER_PAGE: i64 = 100;

#[utoipa::path(get, path = "/api/v1/tips", tag = "tips", params(TipListParams),
    responses((status = 200, body = [TipDto]), answers::BadRequest))]
/// Tips, newest first, a hundred to a page. Who reported them is never shown.
pub async fn list(
    State(state): State<AppState>,
    headers: HeaderMap,
    Query(q): Query<TipListParams>,
) -> AppResult<Json<Vec<TipDto>>> {
    let lang = Lang::of_headers(&headers);
    let filter = TipFilter {
        category_codes: q.category.map(|c| printable(&c)).into_iter().collect(),
        statuses: q.status.into_iter().collect(),
        ..TipFilter::default()
    };
    let Some(page) = api_page(q.page) else {
        return Err(AppError::BadRequest(crate::text!(err_paging)));
    };
    let tips = store::tips(&state.db, &filter, false, PER_PAGE, (page - 1) * PER_PAGE).await?;
    Ok(Json(
        tips.into_iter().map(|t| tip_dto(&state, t, lang)).collect(),
    ))
}

#[utoipa::path(get, path = "/api/v1/tips/{id}", tag = "tips", params(("id" = i64, Path)),
    responses((status = 200, body = TipDto), answers::Lookup))]
/// A tip with its photos and public history.
pub async fn get(
    State(state): State<AppState>,
    headers: HeaderMap,
    Path(id): Path<i64>,
) -> AppResult<Json<TipDto>> {
    let lang = Lang::of_headers(&headers);
    let tip = crate::moderation::model::ContentKind::Tip;
    crate::moderation::routes::not_hidden(&state, tip, id).await?;
    Ok(Json(full_tip(&state, id, false, lang).await?))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct TipBody {
    /// The category's code.
    pub category: String,
    #[schema(minimum = -90, maximum = 90)]
    pub latitude: Option<f64>,
    #[schema(minimum = -180, maximum = 180)]
    pub longitude: Option<f64>,
    /// An address the register knows, used for the place when no coordinates are given.
    #[serde(default)]
    pub address: String,
    pub description: String,
    /// Answers to the category's questions, by code.
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
}

#[utoipa::path(post, path = "/api/v1/tips", tag = "tips", request_body = TipBody, security(("bearer" = [])),
    responses((status = 201, body = TipDto), answers::Submission))]
/// Reports a tip as the caller. Photos come through the web form or Open311's `media`.
pub async fn create(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Json(body): Json<TipBody>,
) -> AppResult<(StatusCode, Json<TipDto>)> {
    let lang = Lang::of_headers(&headers);
    let mut errors = FieldErrors::new();
    let given = pair_coordinates(&mut errors, body.latitude, body.longitude);
    let place = actions::place(&state.db, &mut errors, given, &body.address, "address").await?;
    let category = store::find_category(&state.db, &body.category).await?;
    let report = Report {
        category,
        draft: TipDraft {
            description: body.description,
            address: place.address,
            coordinates: place.coordinates,
            reporter_name: String::new(),
            reporter_email: String::new(),
        },
        answers: body.answers.into_iter().collect(),
        photos: Vec::new(),
        channel: Channel::Web,
        open311_key_id: None,
        problems: errors,
    };
    // Someone with a token is never counted as an anonymous client.
    let (id, _) = actions::report(&state.db, &state.config, Some(&viewer), "", report)
        .await
        .map_err(|e| e.renamed_fields(&[("place", "latitude")]))?;
    Ok((
        StatusCode::CREATED,
        Json(full_tip(&state, id, false, lang).await?),
    ))
}

#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct HandlingBody {
    /// A new status; closing needs a `close_reason`.
    pub status: Option<TipStatus>,
    pub close_reason: Option<CloseReason>,
    /// The words of the update or note (required for a note, and for an update that changes
    /// nothing else).
    #[serde(default)]
    pub body: String,
    /// An internal note, seen only by the unit's handlers.
    #[serde(default)]
    pub internal: bool,
    /// Pass the tip on to this municipal unit.
    pub unit_id: Option<i64>,
}

#[utoipa::path(post, path = "/api/v1/tips/{id}/updates", tag = "tips", params(("id" = i64, Path)),
    request_body = HandlingBody, security(("bearer" = [])),
    responses((status = 200, body = TipDto), answers::GuardedChange))]
/// A handler of the tip's unit publishes an update (telling the reporter and followers), adds
/// an internal note, or passes the tip on. Returns the tip as its handlers see it.
pub async fn handle(
    State(state): State<AppState>,
    headers: HeaderMap,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<HandlingBody>,
) -> AppResult<Json<TipDto>> {
    let lang = Lang::of_headers(&headers);
    let handling = Handling {
        status: body.status,
        close_reason: body.close_reason,
        body: body.body,
        internal: body.internal,
        unit_id: body.unit_id,
    };
    actions::handle(&state.db, &viewer, id, handling)
        .await
        .map_err(|e| e.renamed_fields(&[("unit", "unit_id")]))?;
    Ok(Json(full_tip(&state, id, true, lang).await?))
}

/// The feature's API routes, each registered once with its documentation.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(categories))
        .routes(routes!(list, create))
        .routes(routes!(get))
        .routes(routes!(handle))
}
