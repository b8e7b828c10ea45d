//! Calls for help through the API.

use super::*;
use crate::mobilisation::store::Need;
use crate::platform::db::grouped;

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

/// One call as sent.
pub(super) async fn call_dto(state: &AppState, c: Call) -> AppResult<CallDto> {
    let mut one = call_dtos(state, vec![c]).await?;
    Ok(one.remove(0))
}

/// Calls as sent, with their initiatives' open needs (read for all of them at once).
async fn call_dtos(state: &AppState, calls: Vec<Call>) -> AppResult<Vec<CallDto>> {
    let ids: Vec<i64> = calls.iter().map(|c| c.initiative_id).collect();
    let needs = grouped(store::needs_of_initiatives(&state.db, &ids).await?, |n| {
        n.initiative_id
    });
    Ok(calls
        .into_iter()
        .map(|c| {
            let needs = needs.get(&c.initiative_id).cloned().unwrap_or_default();
            as_dto(c, needs)
        })
        .collect())
}

fn as_dto(c: Call, needs: Vec<Need>) -> CallDto {
    CallDto {
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
    }
}

#[utoipa::path(get, path = "/api/v1/calls", tag = "mobilisation",
    responses((status = 200, body = [CallDto])))]
/// Open calls for help, newest first (at most 50).
pub async fn list_calls(State(state): State<AppState>) -> AppResult<Json<Vec<CallDto>>> {
    let calls = store::open_calls(&state.db, None, 50).await?;
    Ok(Json(call_dtos(&state, calls).await?))
}

#[utoipa::path(get, path = "/api/v1/calls/{id}", tag = "mobilisation", params(("id" = i64, Path)),
    responses((status = 200, body = CallDto), answers::Lookup))]
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
    responses((status = 201, body = CallDto), answers::GuardedEdit))]
/// Sends out a call for help made of the initiative's open needs; its followers are told.
pub async fn publish_call(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<CallBody>,
) -> AppResult<(StatusCode, Json<CallDto>)> {
    let draft = CallDraft {
        title: body.title,
        message: body.message,
    };
    let call_id = actions::publish_call(&state.db, &viewer, id, draft).await?;
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
    responses((status = 200, body = NeedDto), answers::GuardedEdit))]
/// The initiative marks a need met, withdraws it, or reopens it.
pub async fn set_need_status(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
    Json(body): Json<NeedStatusBody>,
) -> AppResult<Json<NeedDto>> {
    let to = match body.status {
        NeedStatusChange::Met => NeedStatus::Met,
        NeedStatusChange::Withdrawn => NeedStatus::Withdrawn,
        NeedStatusChange::Open => NeedStatus::Open,
    };
    actions::set_need_status(&state.db, &viewer, id, to).await?;
    Ok(Json(need_dto(store::get_need(&state.db, id).await?)))
}

#[utoipa::path(post, path = "/api/v1/calls/{id}/closure", tag = "mobilisation", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = CallDto), answers::Guarded))]
/// Ends a call for help.
pub async fn close_call(
    State(state): State<AppState>,
    ApiCaller(viewer): ApiCaller,
    Path(id): Path<i64>,
) -> AppResult<Json<CallDto>> {
    actions::close_call(&state.db, &viewer, id).await?;
    let c = store::get_call(&state.db, id).await?;
    Ok(Json(call_dto(&state, c).await?))
}
