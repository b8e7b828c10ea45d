//! The pages of agreements: starting one from a template, drafting it together (new texts and
//! comments per section), accepting it per party, and every version, print-ready.

use super::actions::{self, Start};
use super::model::*;
use super::store::{self, Agreement, Version};
use crate::actors::routes::acting_choices;
use crate::platform::auth::Viewer;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::i18n::Lang;
use crate::platform::time::{format_date, format_moment};
use crate::platform::web::{
    AppState, Choice, Ctx, FormPairs, Page, SignedIn, choices, render, render_status, see_other,
};
use crate::text;
use askama::Template as Askama;
use axum::Router;
use axum::extract::{Form, Path, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/agreements", get(list).post(create))
        .route("/agreements/new", get(new_agreement))
        .route("/agreements/{id}", get(show))
        .route("/agreements/{id}/edit", get(edit_form).post(edit))
        .route("/agreements/{id}/accept", post(accept))
        .route("/agreements/{id}/comments", post(comment))
        .route("/agreements/{id}/versions/{n}", get(show_version))
}

#[derive(Askama)]
#[template(path = "agreements/list.html")]
struct ListPage {
    page: Page,
    agreements: Vec<(i64, String)>,
}

async fn list(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let mut agreements = Vec::new();
    for (id, title) in store::list(&state.db, None).await? {
        if actions::readable(&state.db, ctx.viewer.as_ref(), id)
            .await
            .is_ok()
        {
            agreements.push((id, title));
        }
    }
    render(&ListPage {
        page: ctx.page(ctx.s().agreements_title),
        agreements,
    })
}

#[derive(Askama)]
#[template(path = "agreements/new.html")]
struct NewPage {
    page: Page,
    title: String,
    initiative: String,
    initiative_title: Option<String>,
    templates: Vec<Choice>,
    first: Vec<Choice>,
    others: Vec<Choice>,
    errors: FieldErrors,
}

async fn new_page(
    state: &AppState,
    ctx: &Ctx,
    viewer: &Viewer,
    p: &FormPairs,
    errors: FieldErrors,
) -> AppResult<NewPage> {
    let lang = ctx.lang;
    let initiative = p.get("initiative").parse::<i64>().ok();
    let mut candidates: Vec<(i64, String)> = crate::requests::store::municipal_units(&state.db)
        .await?
        .into_iter()
        .map(|(id, name, _)| (id, name))
        .collect();
    let mut initiative_title = None;
    if let Some(id) = initiative {
        match crate::initiatives::store::get(&state.db, id).await {
            Ok(i) => {
                initiative_title = Some(i.draft.title);
                for part in crate::initiatives::store::participants(&state.db, id).await? {
                    if !candidates.iter().any(|(c, _)| *c == part.actor_id) {
                        candidates.insert(0, (part.actor_id, part.name));
                    }
                }
            }
            Err(AppError::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    let chosen = p.all("parties");
    let chosen: Vec<&str> = chosen.iter().map(String::as_str).collect();
    let template = match p.get("template") {
        t if t.is_empty() => Template::CoCreation.code().to_string(),
        t => t,
    };
    Ok(NewPage {
        page: ctx.page(ctx.s().new_agreement),
        title: p.get("title"),
        initiative: initiative.map(|i| i.to_string()).unwrap_or_default(),
        initiative_title,
        templates: choices(
            Template::ALL
                .iter()
                .filter(|t| **t != Template::DataProcessing)
                .map(|t| (t.code(), t.label(lang)))
                .collect(),
            &[template.as_str()],
        ),
        first: acting_choices(state, ctx, viewer, &p.get("party")).await?,
        others: candidates
            .into_iter()
            .map(|(id, name)| Choice {
                selected: chosen.contains(&id.to_string().as_str()),
                value: id.to_string(),
                label: name,
            })
            .collect(),
        errors,
    })
}

async fn new_agreement(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    render(
        &new_page(
            &state,
            &ctx,
            viewer,
            &FormPairs::from_query(q),
            FieldErrors::new(),
        )
        .await?,
    )
}

async fn create(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let p = FormPairs(pairs);
    let mut errors = FieldErrors::new();
    let template = Template::parse(&p.get("template")).unwrap_or_else(|| {
        errors.insert("template", text!(err_choose));
        Template::CoCreation
    });
    let mut parties: Vec<i64> = p.get("party").parse().ok().into_iter().collect();
    parties.extend(
        p.all("parties")
            .iter()
            .filter_map(|v| v.parse::<i64>().ok()),
    );
    let start = Start {
        title: p.get("title"),
        template,
        initiative_id: p.get("initiative").parse().ok(),
        parties,
        terms: Terms::from_template(template, ctx.lang),
    };
    match actions::create(&state.db, viewer, start, errors).await {
        Ok(id) => Ok(see_other(&format!("/agreements/{id}/edit"))),
        Err(AppError::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &new_page(&state, &ctx, viewer, &p, errors).await?,
        ),
        Err(e) => Err(e),
    }
}

pub struct SectionView {
    pub code: &'static str,
    pub label: &'static str,
    pub text: String,
    pub comments: Vec<(String, String, String)>,
}

pub struct PartyView {
    pub name: String,
    pub accepted: String,
    pub can_accept: bool,
    pub accept_label: String,
    pub actor_id: i64,
}

fn sections(v: &Version, comments: &[store::Comment], lang: Lang) -> Vec<SectionView> {
    Section::ALL
        .iter()
        .map(|sec| SectionView {
            code: sec.code(),
            label: sec.label(lang),
            text: v.terms.section(*sec, lang),
            comments: comments
                .iter()
                .filter(|c| c.section == *sec)
                .map(|c| {
                    (
                        c.author.clone(),
                        format_date(c.created_at, lang),
                        c.body.clone(),
                    )
                })
                .collect(),
        })
        .collect()
}

fn parties(a: &Agreement, v: &Version, mine: &[i64], lang: Lang) -> Vec<PartyView> {
    let s = lang.strings();
    a.parties
        .iter()
        .map(|p| {
            let accepted = v.acceptances.iter().find(|x| x.actor_id == p.actor_id);
            PartyView {
                name: p.name.clone(),
                accepted: match accepted {
                    Some(x) => {
                        let by = s.agreement_accepted_by(
                            &x.person_name,
                            format_moment(x.accepted_at, lang),
                        );
                        match x.verified {
                            true => format!("{by} ({})", s.identity_verified),
                            false => by,
                        }
                    }
                    None => s.agreement_not_accepted.into(),
                },
                can_accept: accepted.is_none() && mine.contains(&p.actor_id),
                accept_label: s.agreement_accept_for(v.number, &p.name),
                actor_id: p.actor_id,
            }
        })
        .collect()
}

#[derive(Askama)]
#[template(path = "agreements/show.html")]
struct ShowPage {
    page: Page,
    a: Agreement,
    v: Version,
    template: &'static str,
    standing: String,
    sections: Vec<SectionView>,
    parties: Vec<PartyView>,
    versions: Vec<i64>,
    is_party: bool,
    section_choices: Vec<Choice>,
    errors: FieldErrors,
}

fn standing(a: &Agreement, lang: Lang) -> String {
    let s = lang.strings();
    match a.in_force {
        Some(n) if n == a.current_version => s.agreement_in_force(n),
        Some(n) => s.agreement_amendment_pending(a.current_version, n),
        None => s.agreement_draft.into(),
    }
}

async fn show_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    errors: FieldErrors,
) -> AppResult<ShowPage> {
    let lang = ctx.lang;
    let a = actions::readable(&state.db, ctx.viewer.as_ref(), id).await?;
    let v = store::version(&state.db, id, a.current_version).await?;
    let comments = store::comments(&state.db, v.id).await?;
    let mine = actions::parties_of(ctx.viewer.as_ref(), &a);
    Ok(ShowPage {
        page: ctx.page(a.title.clone()),
        template: a.template.label(lang),
        standing: standing(&a, lang),
        sections: sections(&v, &comments, lang),
        parties: parties(&a, &v, &mine, lang),
        versions: (1..=a.current_version).rev().collect(),
        is_party: !mine.is_empty(),
        section_choices: choices(
            Section::ALL
                .iter()
                .map(|s| (s.code(), s.label(lang)))
                .collect(),
            &[],
        ),
        errors,
        a,
        v,
    })
}

async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    render(&show_page(&state, &ctx, id, FieldErrors::new()).await?)
}

#[derive(Askama)]
#[template(path = "agreements/version.html")]
struct VersionPage {
    page: Page,
    a: Agreement,
    v: Version,
    proposed: String,
    sections: Vec<SectionView>,
    parties: Vec<PartyView>,
}

async fn show_version(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((id, n)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let a = actions::readable(&state.db, ctx.viewer.as_ref(), id).await?;
    let v = store::version(&state.db, id, n).await?;
    render(&VersionPage {
        page: ctx.page(ctx.s().agreement_version_title(n, &a.title)),
        proposed: ctx
            .s()
            .agreement_proposed(&v.proposed_by, format_moment(v.proposed_at, lang)),
        sections: sections(&v, &[], lang),
        parties: parties(&a, &v, &[], lang),
        a,
        v,
    })
}

#[derive(Askama)]
#[template(path = "agreements/edit.html")]
struct EditPage {
    page: Page,
    a: Agreement,
    version: i64,
    commitments: Vec<Choice>,
    t: Terms,
    note: String,
    errors: FieldErrors,
}

async fn edit_form(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let a = store::get(&state.db, id).await?;
    if actions::parties_of(Some(viewer), &a).is_empty() {
        return Err(AppError::Forbidden);
    }
    let v = store::version(&state.db, id, a.current_version).await?;
    render(&EditPage {
        page: ctx.page(ctx.s().edit_agreement),
        version: v.number,
        commitments: choices(
            Commitment::ALL
                .iter()
                .map(|c| (c.code(), c.label(ctx.lang)))
                .collect(),
            &[v.terms.commitment.code()],
        ),
        t: v.terms,
        note: String::new(),
        errors: FieldErrors::new(),
        a,
    })
}

async fn edit(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let p = FormPairs(pairs);
    let commitment = Commitment::parse(&p.get("commitment")).unwrap_or(Commitment::NonBinding);
    let terms = Terms {
        purpose: p.get("purpose"),
        contributions: p.get("contributions"),
        ownership: p.get("ownership"),
        commitment,
        binding_terms: p.get("binding_terms"),
        data_roles: p.get("data_roles"),
        duration: p.get("duration"),
        evaluation: p.get("evaluation"),
    };
    let from: i64 = p.get("version").parse().unwrap_or(0);
    let note = p.get("change_note");
    let failed = match actions::propose(&state.db, viewer, id, (from, terms.clone()), &note).await {
        Ok(()) => return Ok(see_other(&format!("/agreements/{id}"))),
        Err(e) => e.on_form("purpose")?,
    };
    let a = store::get(&state.db, id).await?;
    render_status(
        failed.0,
        &EditPage {
            page: ctx.page(ctx.s().edit_agreement),
            // After a conflict the text kept here is proposed on top of the newest version
            // when sent again; nothing anyone wrote is lost, each is a version of its own.
            version: if failed.0 == StatusCode::CONFLICT {
                a.current_version
            } else {
                from
            },
            commitments: choices(
                Commitment::ALL
                    .iter()
                    .map(|c| (c.code(), c.label(ctx.lang)))
                    .collect(),
                &[commitment.code()],
            ),
            t: terms,
            note,
            errors: failed.1,
            a,
        },
    )
}

async fn accept(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let p = FormPairs(pairs);
    let number = p.get("version").parse().unwrap_or(0);
    let party = p.get("party").parse().unwrap_or(0);
    match actions::accept(&state.db, viewer, id, number, party).await {
        Ok(()) => Ok(see_other(&format!("/agreements/{id}#parties"))),
        Err(AppError::Refused(refusal)) => render_status(
            StatusCode::CONFLICT,
            &show_page(
                &state,
                &ctx,
                id,
                FieldErrors::from([("parties", refusal.into())]),
            )
            .await?,
        ),
        Err(e) => Err(e),
    }
}

async fn comment(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let p = FormPairs(pairs);
    let Some(section) = Section::parse(&p.get("section")) else {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &show_page(
                &state,
                &ctx,
                id,
                FieldErrors::from([("section", text!(err_choose))]),
            )
            .await?,
        );
    };
    match actions::comment(&state.db, viewer, id, section, &p.get("comment")).await {
        Ok(()) => Ok(see_other(&format!(
            "/agreements/{id}#section-{}",
            section.code()
        ))),
        Err(AppError::Invalid(errors)) => render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &show_page(&state, &ctx, id, errors).await?,
        ),
        Err(e) => Err(e),
    }
}
