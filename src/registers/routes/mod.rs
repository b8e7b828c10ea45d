//! The register's pages: the association's people with the board's tools (purposes, fields,
//! activities, grants and the log of every look), writing a person in, one person's entry, and
//! a person's own entries in every association's register.

use super::actions::{self, Reader};
use super::model::*;
use super::store::{self, Entry, Field, Look, Purpose};
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::i18n::Lang;
use crate::platform::input::{optional, parse_whole_number};
use crate::platform::time::{day_field, format_civil_date, format_moment, today};
use crate::platform::web::{
    AppState, Choice, Ctx, Page, SignedIn, choices, render, render_status, see_other,
};
use crate::text;
use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use axum_extra::extract::Form;
use std::collections::HashMap;

mod consent;
mod entry;
mod people;
mod rights;
mod work;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/actors/{id}/register", get(show))
        .route(
            "/actors/{id}/register/purposes",
            axum::routing::post(add_purpose),
        )
        .route(
            "/actors/{id}/register/fields",
            axum::routing::post(add_field),
        )
        .route(
            "/actors/{id}/register/activities",
            axum::routing::post(add_activity),
        )
        .route("/actors/{id}/register/grants", axum::routing::post(grant))
        .route(
            "/actors/{id}/register/grants/{grant}/end",
            axum::routing::post(end_grant),
        )
        .route(
            "/actors/{id}/register/mailings",
            axum::routing::post(work::mail),
        )
        .route("/actors/{id}/register/list", get(work::list))
        .route(
            "/actors/{id}/register/delete",
            get(work::delete_form).post(work::delete),
        )
        .route(
            "/actors/{id}/register/processing",
            axum::routing::post(processing),
        )
        .route(
            "/actors/{id}/register/people",
            get(people::new_entry).post(people::add_entry),
        )
        .route("/register/{id}", get(entry::show))
        .route("/register/{id}/end", axum::routing::post(entry::end))
        .route(
            "/register/{id}/consents",
            axum::routing::post(consent::record),
        )
        .route(
            "/register/purposes/{id}",
            get(consent::text_form).post(consent::change_text),
        )
        .route(
            "/register/consents/{id}/withdraw",
            get(consent::withdraw_here_form).post(consent::withdraw_here),
        )
        .route(
            "/consent/withdraw/{secret}",
            get(consent::withdraw_page).post(consent::withdraw),
        )
        .route(
            "/register/{id}/edit",
            get(people::correct_form).post(people::correct),
        )
        .route(
            "/register/{id}/request",
            get(rights::ask_form).post(rights::ask),
        )
        .route(
            "/register/requests/{id}",
            get(rights::answer_form).post(rights::answer),
        )
        .route("/account/register", get(entry::mine))
}

/// A person in a list, in the reader's words.
pub(super) struct PersonView {
    id: i64,
    name: String,
    pub(super) activities: String,
    period: String,
    certificate: &'static str,
    certificate_due: bool,
}

/// A look, in the reader's words.
pub(super) struct LookView {
    who: String,
    what: &'static str,
    at: String,
    under_grant: bool,
}

pub(super) fn look_views(looks: Vec<Look>, lang: Lang) -> Vec<LookView> {
    looks
        .into_iter()
        .map(|l| LookView {
            who: l.name,
            what: LookReason::parse(&l.reason).map_or("", |r| r.label(lang)),
            at: format_moment(l.at, lang),
            under_grant: l.under_grant,
        })
        .collect()
}

pub(super) fn period(e: &Entry, lang: Lang) -> String {
    let from = format_civil_date(e.starts_on, lang);
    match e.ends_on {
        Some(to) => format!("{from} – {}", format_civil_date(to, lang)),
        None => from,
    }
}

/// A person's name, or that retention made them anonymous.
pub(super) fn shown_name(name: &str, lang: Lang) -> String {
    match name {
        "" => lang.strings().register_anonymous.to_string(),
        name => name.to_string(),
    }
}

pub(super) fn person_view(e: &Entry, activities: &HashMap<i64, String>, lang: Lang) -> PersonView {
    PersonView {
        id: e.id,
        name: shown_name(&e.name, lang),
        activities: e
            .activity_ids
            .iter()
            .filter_map(|a| activities.get(a).cloned())
            .collect::<Vec<_>>()
            .join(", "),
        period: period(e, lang),
        certificate: e.certificate.label(lang),
        // Someone who has stopped needs no new declaration.
        certificate_due: e.ends_on.is_none_or(|end| end > today())
            && certificate_due(e.certificate, e.certificate_valid_until, today()),
    }
}

/// A grant in the reader's words, and whether it runs (and may be ended now).
struct GrantView {
    id: i64,
    who: String,
    purpose: String,
    until: String,
    running: bool,
}

/// What the board's forms hold as typed.
#[derive(Default, serde::Deserialize)]
#[serde(default)]
struct Typed {
    purpose_name: String,
    legal_basis: String,
    retention_days: String,
    consent_text: String,
    kind: String,
    label: String,
    purpose: String,
    activity_name: String,
    email: String,
    grant_purpose: String,
    until: String,
    processor: String,
    activity: String,
    mail_purpose: String,
    subject: String,
    body: String,
    /// The mail form's own key, made when it is first shown: it is sent once.
    form_key: String,
    list_activity: String,
    list_purpose: String,
}

#[derive(Template)]
#[template(path = "registers/show.html")]
struct RegisterPage {
    page: Page,
    id: i64,
    board: bool,
    people: Vec<PersonView>,
    due: usize,
    /// Id, name, legal basis, days kept, version of the consent text (0: none).
    purposes: Vec<(i64, String, &'static str, i64, i64)>,
    fields: Vec<(String, String)>,
    activities: Vec<String>,
    grants: Vec<GrantView>,
    looks: Vec<LookView>,
    /// What retention removed: the entry, what went (a purpose's data, or the whole person), when.
    erasures: Vec<(i64, String, String)>,
    /// The data processing agreement: its id, title and whether it is in force.
    processing: Option<(i64, String, bool)>,
    /// The municipal departments that may be the processor.
    processors: Vec<Choice>,
    /// People's unanswered requests, the nearest deadline first.
    requests: Vec<rights::RequestView>,
    bases: Vec<Choice>,
    kinds: Vec<Choice>,
    purpose_choices: Vec<Choice>,
    mail_purposes: Vec<Choice>,
    list_purposes: Vec<Choice>,
    /// An activity's people, or (the empty value) everyone active.
    mail_groups: Vec<Choice>,
    list_activities: Vec<Choice>,
    /// The latest group mails, in the reader's words.
    mailings: Vec<String>,
    typed: Typed,
    errors: FieldErrors,
}

async fn register_page(
    state: &AppState,
    ctx: &Ctx,
    viewer: &crate::platform::auth::Viewer,
    id: i64,
    mut typed: Typed,
    errors: FieldErrors,
) -> AppResult<RegisterPage> {
    let (lang, s) = (ctx.lang, ctx.s());
    if typed.form_key.is_empty() {
        typed.form_key = crate::platform::auth::random_token();
    }
    let (reader, entries) = actions::people(&state.db, viewer, id).await?;
    let board = reader == Reader::Board;
    let db = &state.db;
    let (association, purposes, fields, activities) = tokio::try_join!(
        crate::actors::store::get(db, id),
        store::purposes(db, id),
        store::fields(db, id),
        store::activities(db, id),
    )?;
    let (grants, looks, erasures, requests, processing, departments, mailings) = match board {
        true => tokio::try_join!(
            store::grants(db, id),
            store::looks(db, id, 50),
            store::erasures(db, id),
            store::open_requests(db, id),
            crate::agreements::store::data_processing_of(db, id),
            crate::actors::store::departments(db),
            store::mailings(db, id),
        )?,
        false => Default::default(),
    };
    let purpose_options: Vec<(String, String)> = purposes
        .iter()
        .map(|p| (p.id.to_string(), p.name.clone()))
        .collect();
    let activity_options: Vec<(String, String)> = activities
        .iter()
        .map(|(aid, name)| (aid.to_string(), name.clone()))
        .collect();
    let names: HashMap<i64, String> = activities.iter().cloned().collect();
    let people: Vec<PersonView> = entries
        .iter()
        .map(|e| person_view(e, &names, lang))
        .collect();
    let now = crate::platform::time::now();
    let purpose_name = |p: &Purpose| p.name.clone();
    let purpose_of = |f: &Field| {
        purposes
            .iter()
            .find(|p| p.id == f.purpose_id)
            .map(purpose_name)
            .unwrap_or_default()
    };
    Ok(RegisterPage {
        page: ctx.page(s.register_title(&association.name)),
        id,
        due: people.iter().filter(|p| p.certificate_due).count(),
        people,
        board,
        fields: fields
            .iter()
            .map(|f| (f.label(lang), purpose_of(f)))
            .collect(),
        purposes: purposes
            .iter()
            .map(|p| {
                let basis = p.legal_basis.label(lang);
                (
                    p.id,
                    p.name.clone(),
                    basis,
                    p.retention_days,
                    p.consent_version,
                )
            })
            .collect(),
        activities: activities.into_iter().map(|(_, name)| name).collect(),
        grants: grants
            .into_iter()
            .map(|g| {
                let until = format_moment(g.ends_at, lang);
                GrantView {
                    id: g.id,
                    who: format!("{} ({})", g.name, g.email),
                    purpose: g.purpose,
                    until,
                    running: g.ends_at > now,
                }
            })
            .collect(),
        looks: look_views(looks, lang),
        erasures: erasures
            .into_iter()
            .map(|(entry, purpose, at)| {
                let what = match purpose {
                    Some(p) => s.register_erased_purpose(p.as_str()),
                    None => s.register_erased_entry.to_string(),
                };
                (entry, what, format_moment(at, lang))
            })
            .collect(),
        processing: processing.map(|a| (a.id, a.title, a.in_force.is_some())),
        processors: departments
            .into_iter()
            .map(|d| Choice {
                selected: d.id.to_string() == typed.processor,
                value: d.id.to_string(),
                label: d.name,
            })
            .collect(),
        requests: requests
            .iter()
            .map(|r| rights::request_view(r, lang))
            .collect(),
        bases: choices(LegalBasis::options(lang), &[typed.legal_basis.as_str()]),
        kinds: choices(FieldKind::options(lang), &[typed.kind.as_str()]),
        purpose_choices: by_id(&purpose_options, &typed.purpose),
        mail_purposes: by_id(&purpose_options, &typed.mail_purpose),
        list_purposes: by_id(&purpose_options, &typed.list_purpose),
        mail_groups: by_id(
            &std::iter::once((String::new(), s.register_mail_everyone.to_string()))
                .chain(activity_options.iter().cloned())
                .collect::<Vec<_>>(),
            &typed.activity,
        ),
        list_activities: by_id(&activity_options, &typed.list_activity),
        mailings: mailings
            .into_iter()
            .map(|m| {
                let group = m
                    .activity
                    .unwrap_or_else(|| s.register_mail_everyone.into());
                let at = format_moment(m.sent_at, lang);
                s.register_mailed(&at, &group, m.recipients, &m.purpose, &m.subject)
            })
            .collect(),
        typed,
        errors,
    })
}

async fn show(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let page = register_page(
        &state,
        &ctx,
        viewer,
        id,
        Typed::default(),
        FieldErrors::new(),
    );
    render(&page.await?)
}

/// Choices of the register's own things, by id, with the typed one selected.
fn by_id(options: &[(String, String)], typed: &str) -> Vec<Choice> {
    let options = options
        .iter()
        .map(|(v, l)| (v.as_str(), l.as_str()))
        .collect();
    choices(options, &[typed])
}

/// The register again with what was typed and why it was not taken; or where to go when it was.
async fn after(
    state: &AppState,
    SignedIn(ctx, viewer): &SignedIn,
    id: i64,
    typed: Typed,
    done: AppResult<()>,
    field: &'static str,
    section: &str,
) -> AppResult<Response> {
    match done {
        Ok(()) => Ok(see_other(&format!("/actors/{id}/register#{section}"))),
        Err(e) => {
            let (status, errors) = e.on_form(field)?;
            let page = register_page(state, ctx, viewer, id, typed, errors).await?;
            render_status(status, &page)
        }
    }
}

async fn add_purpose(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<i64>,
    Form(typed): Form<Typed>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::new();
    let retention_days = optional(
        &mut errors,
        "retention_days",
        &typed.retention_days,
        parse_whole_number,
        text!(err_register_retention(RETENTION_DAYS_MAX)),
    );
    if retention_days.is_none() && !errors.contains_key("retention_days") {
        errors.insert("retention_days", text!(err_required));
    }
    let draft = PurposeDraft {
        name: typed.purpose_name.clone(),
        legal_basis: LegalBasis::parse(&typed.legal_basis),
        retention_days: retention_days.unwrap_or(0),
        consent_text: typed.consent_text.clone(),
    };
    let done = actions::add_purpose(&state.db, &signed.1, id, draft, errors)
        .await
        .map_err(|e| e.renamed_fields(&[("name", "purpose_name")]));
    after(&state, &signed, id, typed, done, "purpose_name", "purposes").await
}

async fn add_field(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<i64>,
    Form(typed): Form<Typed>,
) -> AppResult<Response> {
    let draft = FieldDraft {
        kind: FieldKind::parse(&typed.kind),
        label: typed.label.clone(),
        purpose_id: typed.purpose.parse().ok(),
    };
    let done = actions::add_field(&state.db, &signed.1, id, draft).await;
    after(&state, &signed, id, typed, done, "purpose", "fields").await
}

async fn add_activity(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<i64>,
    Form(typed): Form<Typed>,
) -> AppResult<Response> {
    let done = actions::add_activity(&state.db, &signed.1, id, typed.activity_name.clone())
        .await
        .map_err(|e| e.renamed_fields(&[("name", "activity_name")]));
    after(
        &state,
        &signed,
        id,
        typed,
        done,
        "activity_name",
        "activities",
    )
    .await
}

async fn grant(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<i64>,
    Form(typed): Form<Typed>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::new();
    let until = day_field(&mut errors, "until", &typed.until);
    let draft = GrantDraft {
        email: typed.email.clone(),
        purpose: typed.grant_purpose.clone(),
        until,
    };
    let done = match errors.is_empty() {
        true => actions::grant(&state.db, &signed.1, id, draft)
            .await
            .map(|_| ())
            .map_err(|e| e.renamed_fields(&[("purpose", "grant_purpose")])),
        false => Err(AppError::Invalid(errors)),
    };
    after(&state, &signed, id, typed, done, "email", "grants").await
}

/// The board ends a grant now.
async fn end_grant(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path((id, grant)): Path<(i64, i64)>,
) -> AppResult<Response> {
    actions::end_grant(&state.db, viewer, id, grant).await?;
    Ok(see_other(&format!("/actors/{id}/register#grants")))
}

/// The board starts the data processing agreement, or finds the one it has.
async fn processing(
    State(state): State<AppState>,
    signed: SignedIn,
    Path(id): Path<i64>,
    Form(typed): Form<Typed>,
) -> AppResult<Response> {
    let processor = typed.processor.parse().ok();
    let lang = signed.0.lang;
    match actions::processing_agreement(&state.db, &signed.1, id, processor, lang).await {
        Ok(agreement) => Ok(see_other(&format!("/agreements/{agreement}"))),
        Err(e) => {
            after(
                &state,
                &signed,
                id,
                typed,
                Err(e),
                "processor",
                "processing",
            )
            .await
        }
    }
}
