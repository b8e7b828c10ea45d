//! The JSON API under `/api/v1`, its tokens, and its OpenAPI document, generated from the same
//! types the handlers use.

use crate::accounts::actions::{self as account_actions, Attempt, LoginOutcome};
use crate::actors::api as actors;
use crate::agreements::api as agreements;
use crate::events::api as events;
use crate::following::api as following;
use crate::initiatives::api as initiatives;
use crate::mobilisation::api as mobilisation;
use crate::platform::auth::{self, ApiCaller};
use crate::platform::error::{ApiError, AppError, AppResult, GENERAL_CODES, Stale, answers};
use crate::platform::web::{AppState, Client};
use crate::requests::api as requests;
use crate::spaces::api as spaces;
use crate::tips::api as tips;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use std::sync::LazyLock;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{ObjectBuilder, Schema, Type};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_axum::{router::OpenApiRouter, routes};

pub fn routes() -> Router<AppState> {
    let (router, _) = documented().split_for_parts();
    router
        .route("/api/v1/openapi.json", get(openapi_json))
        .fallback(api_not_found)
}

/// Every API route with its documentation: each feature's, and the tokens'.
fn documented() -> OpenApiRouter<AppState> {
    OpenApiRouter::with_openapi(ApiDoc::openapi())
        .routes(routes!(create_token))
        .routes(routes!(revoke_token))
        .merge(initiatives::router())
        .merge(actors::router())
        .merge(mobilisation::router())
        .merge(following::router())
        .merge(events::router())
        .merge(spaces::router())
        .merge(requests::router())
        .merge(agreements::router())
        .merge(crate::evaluation::api::router())
        .merge(crate::surveys::api::router())
        .merge(crate::cases::api::router())
        .merge(crate::overview::api::router())
        .merge(crate::proposals::api::router())
        .merge(crate::privacy::api::router())
        .merge(tips::router())
        .merge(crate::workshops::api::router())
        .merge(crate::registers::api::router())
        .merge(crate::debate::api::router())
}

/// The OpenAPI document, made from the routes as they are registered.
pub fn document() -> utoipa::openapi::OpenApi {
    let (_, mut document) = documented().split_for_parts();
    ErrorCodes.modify(&mut document);
    document
}

async fn api_not_found(uri: axum::http::Uri) -> Response {
    if uri.path().starts_with("/api/") {
        AppError::NotFound.into_response()
    } else {
        crate::platform::web::not_found().await
    }
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
        components.add_security_scheme(
            "partner_key",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some(
                        "A partner's key (mk_…): adds measurements to one initiative's \
                         indicators in one party's name.",
                    ))
                    .build(),
            ),
        );
    }
}

/// Lists every `code` an error body can carry, so that a client can match on each refusal.
struct ErrorCodes;

impl Modify for ErrorCodes {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let Some(RefOr::T(Schema::Object(body))) = openapi
            .components
            .as_mut()
            .and_then(|c| c.schemas.get_mut("ApiErrorBody"))
        else {
            return;
        };
        let code = ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(error_codes()))
            .description(Some(
                "Stable machine-readable code: what failed, or which rule refused the request.",
            ));
        body.properties.insert("code".into(), code.into());
    }
}

/// Every code an API error may have: the general failures and each feature's refusals.
pub fn error_codes() -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = [
        GENERAL_CODES,
        Stale::CODES,
        crate::accounts::model::AccountRefusal::CODES,
        crate::actors::model::MembershipRefusal::CODES,
        crate::agreements::model::AgreementRefusal::CODES,
        crate::evaluation::model::EvaluationRefusal::CODES,
        crate::surveys::model::SurveyRefusal::CODES,
        crate::proposals::model::ProposalRefusal::CODES,
        crate::privacy::api::PrivacyRefusal::CODES,
        crate::cases::model::CaseRefusal::CODES,
        crate::events::model::SignupRefusal::CODES,
        crate::events::model::OrderRefusal::CODES,
        crate::events::model::EventRefusal::CODES,
        crate::initiatives::model::InitiativeRefusal::CODES,
        crate::mobilisation::store::PledgeRefusal::CODES,
        crate::requests::store::CaseRefusal::CODES,
        crate::spaces::store::Taken::CODES,
        crate::tips::model::TipRefusal::CODES,
        crate::workshops::model::WorkshopRefusal::CODES,
        crate::debate::model::DebateRefusal::CODES,
        crate::registers::model::RegisterRefusal::CODES,
        crate::registers::rights::RightsRefusal::CODES,
    ]
    .concat();
    codes.sort_unstable();
    codes.dedup();
    codes
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Medspil API", description = "Initiatives, actors, needs and offers of Medspil, the open co-creation platform. \
        Reading is open; writing needs a bearer token from POST /api/v1/tokens. Errors share one format (ApiError). \
        Messages follow Accept-Language (da, en)."),
    components(schemas(ApiError)),
    modifiers(&BearerAuth),
    tags((name = "initiatives"), (name = "actors"), (name = "mobilisation", description = "Needs, offers, matching, pledges, contributions and calls for help"),
        (name = "following", description = "What the caller follows, their notifications and e-mail settings"),
        (name = "events", description = "Events, their programme, sign-ups with a waiting list, limited items ordered per household, and check-in"),
        (name = "spaces", description = "Spaces lent out for initiatives, their blocked periods and bookings"),
        (name = "requests", description = "The front door: requests for help, permits and grants from pools, handled as cases"),
        (name = "agreements", description = "Agreements between parties: versions, acceptance per party"),
        (name = "evaluation", description = "Indicators per value goal, counted from the records where Medspil knows them"),
        (name = "overview", description = "The leaders' overview: where the municipality co-creates, with whom, what is given, where it succeeds"),
        (name = "proposals", description = "Invitations, offers, proposals to scale up, take over or change status, and anchorings, each waiting for the other side's consent"),
        (name = "privacy", description = "The caller's own data: everything held about them, and erasing the account"),
        (name = "tips", description = "Tips about public space: categories, reporting, handling in public (also as Open311 GeoReport v2 at /open311/v2)"),
        (name = "workshops", description = "Workshops: their questions, themes, and every idea with its history and fate"),
        (name = "registers", description = "Associations' registers of members and volunteers: read only by the board and those it grants access, every look logged; a person's own entries and their requests to correct or erase them"),
        (name = "debate", description = "Debate across initiatives: threads on an initiative, a theme or a neighbourhood, their replies and outcome"),
        (name = "tokens"))
)]
pub struct ApiDoc;

async fn openapi_json() -> Response {
    static JSON: LazyLock<String> = LazyLock::new(|| document().to_json().unwrap_or_default());
    ([(header::CONTENT_TYPE, "application/json")], JSON.as_str()).into_response()
}

#[derive(Deserialize, ToSchema)]
pub struct TokenRequest {
    pub email: String,
    pub password: String,
}

#[derive(Serialize, ToSchema)]
pub struct TokenResponse {
    /// Send as `Authorization: Bearer <token>`.
    pub token: String,
    pub token_type: String,
}

#[utoipa::path(post, path = "/api/v1/tokens", tag = "tokens", request_body = TokenRequest,
    responses((status = 201, body = TokenResponse), answers::BadRequest, answers::Unauthenticated,
              answers::TooManyRequests))]
pub async fn create_token(
    State(state): State<AppState>,
    Client(client): Client,
    headers: HeaderMap,
    Json(body): Json<TokenRequest>,
) -> AppResult<(StatusCode, Json<TokenResponse>)> {
    let attempt = Attempt {
        email: &body.email,
        password: &body.password,
        client: &client,
        browser: None,
        signed_in: false,
    };
    let user_id = match account_actions::log_in(&state.db, &attempt).await? {
        LoginOutcome::LoggedIn { user_id, .. } => user_id,
        LoginOutcome::Refused => return Err(AppError::Unauthenticated),
        LoginOutcome::Wait(_) => return Err(AppError::TooManyRequests),
    };
    let user_agent = crate::accounts::routes::user_agent(&headers);
    let token = auth::create_session(
        &state.db,
        user_id,
        "api",
        user_agent,
        auth::Assurance::Password,
    )
    .await?;
    Ok((
        StatusCode::CREATED,
        Json(TokenResponse {
            token,
            token_type: "Bearer".into(),
        }),
    ))
}

#[utoipa::path(delete, path = "/api/v1/tokens/current", tag = "tokens", security(("bearer" = [])),
    responses((status = 204), answers::Unauthenticated))]
pub async fn revoke_token(
    State(state): State<AppState>,
    _caller: ApiCaller,
    headers: HeaderMap,
) -> AppResult<StatusCode> {
    if let Some(token) = auth::bearer_token(&headers) {
        auth::end_session(&state.db, token).await?;
    }
    Ok(StatusCode::NO_CONTENT)
}
