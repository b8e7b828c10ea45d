//! The evaluation of an initiative on the web: its page (`page.rs`), the forms as typed
//! (`forms.rs`), questions and partners' keys (`provenance.rs`), and the same as CSV
//! (`table.rs`).

use super::actions::{self, Evaluation};
use super::model::*;
use super::store;
use crate::initiatives::model::ValueGoal;
use crate::initiatives::store::{self as initiative_store, Initiative};
use crate::mobilisation::model::Unit;
use crate::platform::documents::{DOCUMENT_MAX_BYTES, download, read_form};
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::i18n::Lang;
use crate::platform::input::optional;
use crate::platform::money::format_kroner;
use crate::platform::numbers::{format_number, parse_number};
use crate::platform::permissions::{Action, can};
use crate::platform::time::{day_field, day_of, format_civil_date};
use crate::platform::web::{
    AppState, Choice, Ctx, Page, SignedIn, choices, render, render_status, see_other,
};
use crate::text;
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum_extra::extract::Form;
use std::collections::HashMap;

mod forms;
pub(crate) mod goals;
mod page;
mod provenance;
mod table;
use forms::*;
use goals::*;
use page::*;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/initiatives/{id}/evaluation", get(show))
        .route("/initiatives/{id}/evaluation.csv", get(table::table))
        .route("/initiatives/{id}/indicators", post(add))
        .route(
            "/initiatives/{id}/measurements",
            post(add_measurement).layer(axum::extract::DefaultBodyLimit::max(
                DOCUMENT_MAX_BYTES + 64 * 1024,
            )),
        )
        .route(
            "/initiatives/{id}/measurements/{measurement_id}/document",
            get(document),
        )
        .route("/initiatives/{id}/questions", post(provenance::ask))
        .route(
            "/initiatives/{id}/measurement-keys",
            post(provenance::add_key),
        )
        .route(
            "/initiatives/{id}/measurement-keys/{key_id}/revoke",
            get(provenance::confirm_revoke_key).post(provenance::revoke_key),
        )
}

/// The period as typed in the page's query string; empty means the default.
#[derive(serde::Deserialize, Default)]
pub(super) struct PeriodParams {
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    /// A measurement to correct, chosen beside it in the list.
    #[serde(default)]
    correct: String,
    /// A measurement to ask about, chosen beside it in the list.
    #[serde(default)]
    ask: String,
}

async fn show(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<i64>,
    Query(params): Query<PeriodParams>,
) -> AppResult<Response> {
    let i = initiative_store::get(&state.db, id).await?;
    let from = crate::platform::time::typed_day(&params.from)?;
    let to = crate::platform::time::typed_day(&params.to)?;
    let evaluation = actions::evaluation(&state.db, &i, from, to).await?;
    let mut typed = Typed::default();
    if let Some(m) = evaluation
        .measurements
        .iter()
        .find(|m| m.id.to_string() == params.correct)
    {
        typed.measurement.indicator = m.indicator_id.to_string();
        typed.measurement.supersedes = params.correct;
    }
    typed.question.question_measurement = params.ask;
    render(&evaluation_page(&state, &ctx, i, evaluation, typed).await?)
}

async fn add(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<IndicatorForm>,
) -> AppResult<Response> {
    let (draft, errors) = form.draft(ctx.lang);
    match actions::add_indicator(&state.db, viewer, id, draft, errors).await {
        Ok(_) => Ok(see_other(&format!(
            "/initiatives/{id}/evaluation#goal-{}",
            form.goal
        ))),
        Err(AppError::Invalid(errors)) => {
            let typed = Typed {
                indicator: form,
                errors,
                ..Typed::default()
            };
            again(&state, &ctx, id, typed).await
        }
        Err(e) => Err(e),
    }
}

/// Adds a measurement from the page; its source is a link, or a document uploaded with it.
async fn add_measurement(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    request: axum::extract::Request,
) -> AppResult<Response> {
    actions::may_measure(&state.db, viewer, id).await?;
    let sent = read_form(request, "document").await?;
    let form: MeasurementForm = sent.fields.decode()?;
    let (draft, mut errors) = form.draft(ctx.lang);
    if sent.too_large {
        errors.insert("document", text!(err_document_too_large));
    }
    let added = match draft {
        Some((indicator, draft)) => {
            let by = actions::Measurer::Person(viewer);
            let sourced = (draft, sent.file);
            actions::add_measurement(&state.db, by, id, indicator, sourced, errors).await
        }
        None => Err(AppError::Invalid(errors)),
    };
    match added.map_err(|e| e.renamed_fields(&MEASUREMENT_FIELDS)) {
        Ok(_) => Ok(see_other(&format!(
            "/initiatives/{id}/evaluation#measurements"
        ))),
        Err(AppError::Invalid(errors)) => {
            let typed = Typed {
                measurement: form,
                errors,
                ..Typed::default()
            };
            again(&state, &ctx, id, typed).await
        }
        Err(e) => Err(e),
    }
}

/// The document a party gave as a measurement's source, for anyone who reads the evaluation.
async fn document(
    State(state): State<AppState>,
    Path((id, measurement_id)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let (name, content_type, data) = store::document(&state.db, id, measurement_id).await?;
    Ok(download(&name, &content_type, data))
}

/// The page again, over the default period, with what was typed and why it was refused.
async fn again(state: &AppState, ctx: &Ctx, id: i64, typed: Typed) -> AppResult<Response> {
    let i = initiative_store::get(&state.db, id).await?;
    let evaluation = actions::evaluation(&state.db, &i, None, None).await?;
    let page = evaluation_page(state, ctx, i, evaluation, typed).await?;
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}
