//! The session in the JSON API, for an app on participants' phones: joining by the code on the
//! screen in the room (with a bearer token as that account, or without one under a secret the
//! app keeps), adding ideas and giving dots while the session is open.

use super::*;
use crate::platform::web::Client;
use axum::http::StatusCode;

/// Who joins: the name to show with their ideas (empty: anonymous) and, without an account, an
/// address to hear what becomes of them.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct JoinBody {
    #[serde(default)]
    #[schema(max_length = 100)]
    pub name: String,
    #[serde(default)]
    pub email: String,
}

#[derive(Serialize, ToSchema)]
pub struct JoinedDto {
    pub workshop_id: i64,
    pub participant_id: i64,
    /// Without an account: the secret that names this participant in `participant` of later
    /// requests. Shown once; keep it on the phone.
    pub secret: Option<String>,
}

#[utoipa::path(post, path = "/api/v1/sessions/{code}/participants", tag = "workshops",
    params(("code" = String, Path)), request_body = JoinBody, security((), ("bearer" = [])),
    responses((status = 201, body = JoinedDto), answers::BadRequest, answers::Unauthenticated,
        answers::Refused, answers::Invalid, answers::TooManyRequests))]
/// Joins an open session by its code (409 `workshop_code_unknown`, `workshop_not_open`); one
/// client joins at most 200 phones an hour without an account.
pub async fn join(
    State(state): State<AppState>,
    OptionalApiCaller(viewer): OptionalApiCaller,
    Client(client): Client,
    Path(code): Path<String>,
    Json(body): Json<JoinBody>,
) -> AppResult<(StatusCode, Json<JoinedDto>)> {
    let joining = actions::Joining {
        name: body.name,
        email: body.email,
    };
    let (workshop_id, joined) =
        actions::join(&state.db, viewer.as_ref(), &client, &code, joining).await?;
    Ok((
        StatusCode::CREATED,
        Json(JoinedDto {
            workshop_id,
            participant_id: joined.participant_id,
            secret: joined.secret,
        }),
    ))
}

/// An idea from a phone.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PhoneIdeaBody {
    /// The secret from joining; left out with a bearer token.
    pub participant: Option<String>,
    pub question_id: i64,
    #[schema(max_length = 1000)]
    pub text: String,
    /// Shown without the participant's name.
    #[serde(default)]
    pub anonymous: bool,
}

#[utoipa::path(post, path = "/api/v1/sessions/{code}/ideas", tag = "workshops",
    params(("code" = String, Path)), request_body = PhoneIdeaBody, security((), ("bearer" = [])),
    responses((status = 201, body = IdeaDto), answers::BadRequest, answers::Unauthenticated,
        answers::NotFound, answers::Refused, answers::Invalid))]
/// Adds an idea while the session is open (409 `workshop_not_joined`, `workshop_not_open`,
/// `idea_flood` beyond 30 an hour from one phone).
pub async fn add(
    State(state): State<AppState>,
    OptionalApiCaller(viewer): OptionalApiCaller,
    Path(code): Path<String>,
    Json(body): Json<PhoneIdeaBody>,
) -> AppResult<(StatusCode, Json<IdeaDto>)> {
    let participant =
        actions::joined(&state.db, &code, viewer.as_ref(), |_| body.participant).await?;
    let draft = IdeaDraft {
        question_id: body.question_id,
        text: body.text,
        author_name: match body.anonymous {
            true => String::new(),
            false => participant.name.clone(),
        },
        origin: Some(Origin::Phone),
    };
    let idea = actions::add_from_phone(&state.db, &participant, draft)
        .await
        .map_err(|e| e.renamed_fields(&[("question", "question_id")]))?;
    Ok((
        StatusCode::CREATED,
        Json(idea_with_history(&state, idea).await?),
    ))
}

/// A dot for an idea.
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct DotBody {
    /// The secret from joining; left out with a bearer token.
    pub participant: Option<String>,
    pub idea_id: i64,
}

#[utoipa::path(post, path = "/api/v1/sessions/{code}/dots", tag = "workshops",
    params(("code" = String, Path)), request_body = DotBody, security((), ("bearer" = [])),
    responses((status = 200, body = IdeaDto), answers::BadRequest, answers::Unauthenticated,
        answers::NotFound, answers::Refused))]
/// Gives one of the participant's dots to an idea while the session is open (409
/// `already_dotted`, `no_dots_left`, `idea_not_dottable`, `workshop_not_joined`).
pub async fn give_dot(
    State(state): State<AppState>,
    OptionalApiCaller(viewer): OptionalApiCaller,
    Path(code): Path<String>,
    Json(body): Json<DotBody>,
) -> AppResult<Json<IdeaDto>> {
    let participant =
        actions::joined(&state.db, &code, viewer.as_ref(), |_| body.participant).await?;
    actions::give_dot(&state.db, &participant, body.idea_id).await?;
    Ok(Json(idea_with_history(&state, body.idea_id).await?))
}
