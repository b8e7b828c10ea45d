//! Actor pages: the directory, profiles listing what an actor takes part in, registering an
//! organisation, editing a profile and managing members.

use super::actions;
use super::model::{ActorKind, OrganisationDraft};
use super::store::{self, Actor, ActorCard, ActorQuery, ActorRef, MemberEntry, Participation};
use crate::following::model::Target;
use crate::following::routes::{FollowButton, follow_buttons};
use crate::mobilisation::routes::{ResourceSummary, actor_offers};
use crate::platform::auth::{MembershipRole, Viewer};
use crate::platform::db::page_number;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::permissions::{self, Action, can};
use crate::platform::web::{
    AppState, Choice, ConfirmPage, Ctx, Page, SignedIn, choices, render, render_status, see_other,
};
use crate::text;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/actors", get(list))
        .route("/actors/{id}", get(show))
        .route("/actors/{id}/edit", get(edit_form).post(edit))
        .route("/actors/{id}/members", post(add_member))
        .route(
            "/actors/{id}/members/{person}/remove",
            get(confirm_remove_member).post(remove_member),
        )
        .route("/organisations/new", get(new_form))
        .route("/organisations", post(create))
}

/// The actors the viewer may act for, themself first, as choices for "on behalf of" fields.
pub async fn acting_choices(
    state: &AppState,
    ctx: &Ctx,
    viewer: &Viewer,
    selected: &str,
) -> AppResult<Vec<Choice>> {
    Ok(
        store::refs(&state.db, &permissions::actors_acted_for(viewer))
            .await?
            .into_iter()
            .map(|a| Choice {
                selected: a.id.to_string() == selected,
                value: a.id.to_string(),
                label: if a.id == viewer.person_id {
                    format!("{} ({})", a.name, ctx.s().starter_myself)
                } else {
                    a.name
                },
            })
            .collect(),
    )
}

#[derive(serde::Deserialize, Default)]
struct ListParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    page: String,
}

struct CardView {
    c: ActorCard,
    kind_label: &'static str,
}

#[derive(Template)]
#[template(path = "actors/list.html")]
struct ListPage {
    page: Page,
    q: String,
    kinds: Vec<Choice>,
    items: Vec<CardView>,
    prev_href: Option<String>,
    next_href: Option<String>,
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(p): Query<ListParams>,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let page_number = page_number(p.page.parse().unwrap_or(1));
    let query = ActorQuery {
        q: crate::platform::input::printable(&p.q),
        kind: ActorKind::parse(&p.kind),
        page: page_number,
        per_page: 30,
    };
    let (items, has_next) = store::list(&state.db, &query).await?;
    let href = |n: i64| {
        format!(
            "/actors?{}",
            serde_urlencoded::to_string([
                ("q", p.q.as_str()),
                ("kind", p.kind.as_str()),
                ("page", &n.to_string())
            ])
            .unwrap_or_default()
        )
    };
    render(&ListPage {
        page: ctx.page(ctx.s().actors_title),
        q: p.q.clone(),
        kinds: choices(ActorKind::options(lang), &[p.kind.as_str()]),
        items: items
            .into_iter()
            .map(|c| CardView {
                kind_label: c.kind.label(lang),
                c,
            })
            .collect(),
        prev_href: (page_number > 1).then(|| href(page_number - 1)),
        next_href: has_next.then(|| href(page_number + 1)),
    })
}

struct MemberView {
    m: MemberEntry,
    role_label: &'static str,
    kind_label: &'static str,
}

struct ParticipationView {
    p: Participation,
    role_label: &'static str,
    status_label: &'static str,
}

#[derive(Template)]
#[template(path = "actors/show.html")]
struct ShowPage {
    page: Page,
    a: Actor,
    kind_label: &'static str,
    sub_units: Vec<ActorRef>,
    members: Vec<MemberView>,
    memberships: Vec<MemberView>,
    participation: Vec<ParticipationView>,
    can_manage: bool,
    /// Whether the viewer keeps the association's register.
    keeps_register: bool,
    member_roles: Vec<Choice>,
    errors: FieldErrors,
    member_email: String,
    offers: ResourceSummary,
    follow: Vec<FollowButton>,
}

async fn show_page(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    errors: FieldErrors,
    member_email: String,
) -> AppResult<ShowPage> {
    let lang = ctx.lang;
    let a = store::get(&state.db, id).await?;
    let view = |m: MemberEntry| MemberView {
        role_label: m.role.label(lang),
        kind_label: m.actor.kind.label(lang),
        m,
    };
    let (members, memberships) = if a.kind.is_organisation() {
        (
            store::members(&state.db, id)
                .await?
                .into_iter()
                .map(view)
                .collect(),
            Vec::new(),
        )
    } else {
        (
            Vec::new(),
            store::memberships_of(&state.db, id)
                .await?
                .into_iter()
                .map(view)
                .collect(),
        )
    };
    let participation = store::participation(&state.db, id)
        .await?
        .into_iter()
        .map(|p| ParticipationView {
            role_label: p.role.label(lang),
            status_label: p.status.label(lang),
            p,
        })
        .collect();
    let can_manage = match a.kind {
        ActorKind::Person => can(ctx.viewer.as_ref(), Action::ActFor(a.id)),
        _ => can(ctx.viewer.as_ref(), Action::ManageOrganisation(a.access())),
    };
    let roles: &[MembershipRole] = if a.kind == ActorKind::MunicipalUnit {
        &[MembershipRole::Employee, MembershipRole::Leader]
    } else {
        &[MembershipRole::Member, MembershipRole::Admin]
    };
    Ok(ShowPage {
        page: ctx.page(a.name.clone()),
        kind_label: a.kind.label(lang),
        sub_units: store::sub_units(&state.db, id).await?,
        members,
        memberships,
        participation,
        can_manage,
        keeps_register: a.kind == ActorKind::Association
            && crate::registers::actions::keeps(ctx.viewer.as_ref(), a.id),
        member_roles: choices(
            roles.iter().map(|r| (r.code(), r.label(lang))).collect(),
            &[roles[0].code()],
        ),
        errors,
        member_email,
        offers: actor_offers(state, lang, id).await?,
        follow: match ctx.viewer.as_ref() {
            Some(v) if v.person_id != a.id => {
                follow_buttons(state, ctx, vec![(Target::Actor(a.id), a.name.clone())]).await?
            }
            _ => Vec::new(),
        },
        a,
    })
}

async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    render(&show_page(&state, &ctx, id, FieldErrors::new(), String::new()).await?)
}

#[derive(serde::Deserialize)]
struct MemberForm {
    email: String,
    role: String,
}

async fn add_member(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<MemberForm>,
) -> AppResult<Response> {
    let role = MembershipRole::parse(&form.role);
    let (status, errors) = match actions::set_member(&state.db, viewer, id, &form.email, role).await
    {
        Ok(()) => return Ok(see_other(&format!("/actors/{id}#members"))),
        Err(e) => e.on_form("role")?,
    };
    render_status(
        status,
        &show_page(&state, &ctx, id, errors, form.email).await?,
    )
}

async fn confirm_remove_member(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path((id, person)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let (actor, member) = actions::member(&state.db, viewer, id, person).await?;
    let s = ctx.s();
    render(&ConfirmPage {
        page: ctx.page(s.remove_member),
        message: s.confirm_remove_member(&actor.name, &member.actor.name),
        action: format!("/actors/{id}/members/{person}/remove"),
        button: s.remove,
        cancel_href: format!("/actors/{id}#members"),
    })
}

async fn remove_member(
    State(state): State<AppState>,
    SignedIn(_, ref viewer): SignedIn,
    Path((id, person)): Path<(i64, i64)>,
) -> AppResult<Response> {
    actions::remove_member(&state.db, viewer, id, person).await?;
    Ok(see_other(&format!("/actors/{id}#members")))
}

#[derive(serde::Deserialize, Default, Clone)]
struct OrganisationForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    about: String,
    #[serde(default)]
    neighbourhood: String,
    #[serde(default)]
    website: String,
    #[serde(default)]
    parent_id: String,
}

impl OrganisationForm {
    fn draft(&self) -> OrganisationDraft {
        OrganisationDraft {
            name: self.name.clone(),
            about: self.about.clone(),
            neighbourhood: self.neighbourhood.clone(),
            website: self.website.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "actors/form.html")]
struct FormPage {
    page: Page,
    action: String,
    editing: bool,
    form: OrganisationForm,
    errors: FieldErrors,
    kinds: Vec<Choice>,
    parents: Vec<Choice>,
}

async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    editing: Option<&Actor>,
    form: OrganisationForm,
    errors: FieldErrors,
) -> AppResult<FormPage> {
    let lang = ctx.lang;
    let s = ctx.s();
    let admin = can(ctx.viewer.as_ref(), Action::AdministerPlatform);
    let mut kinds: Vec<ActorKind> = ActorKind::SELF_REGISTERED.to_vec();
    if admin {
        kinds.push(ActorKind::MunicipalUnit);
    }
    let mut parents = choices(vec![("", s.none_chosen)], &[]);
    if admin && editing.is_none() {
        let departments = store::departments(&state.db).await?;
        let options: Vec<(String, String)> = departments
            .iter()
            .map(|d| (d.id.to_string(), d.name.clone()))
            .collect();
        parents.extend(choices(
            options
                .iter()
                .map(|(a, b)| (a.as_str(), b.as_str()))
                .collect(),
            &[form.parent_id.as_str()],
        ));
    }
    Ok(FormPage {
        page: ctx.page(if editing.is_some() {
            s.edit_profile
        } else {
            s.new_organisation
        }),
        action: match editing {
            Some(a) => format!("/actors/{}/edit", a.id),
            None => "/organisations".into(),
        },
        editing: editing.is_some(),
        kinds: choices(
            kinds.iter().map(|k| (k.code(), k.label(lang))).collect(),
            &[form.kind.as_str()],
        ),
        parents: if admin { parents } else { Vec::new() },
        form,
        errors,
    })
}

async fn new_form(
    State(state): State<AppState>,
    SignedIn(ctx, _): SignedIn,
) -> AppResult<Response> {
    let form = OrganisationForm {
        kind: ActorKind::Association.code().into(),
        ..Default::default()
    };
    render(&form_page(&state, &ctx, None, form, FieldErrors::new()).await?)
}

async fn create(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Form(form): Form<OrganisationForm>,
) -> AppResult<Response> {
    let mut errors = FieldErrors::new();
    let kind = ActorKind::parse(&form.kind).unwrap_or_else(|| {
        errors.insert("kind", text!(err_choose));
        ActorKind::Association
    });
    let parent = match form.parent_id.trim() {
        "" => None,
        p => p.parse().ok().or_else(|| {
            errors.insert("parent_id", text!(err_choose));
            None
        }),
    };
    let founded = actions::found(&state.db, viewer, kind, form.draft(), parent, errors).await;
    let errors = match founded {
        Ok(id) => return Ok(see_other(&format!("/actors/{id}"))),
        // A kind of organisation this person may not register: the choice was not one offered.
        Err(AppError::Forbidden) => FieldErrors::from([("kind", text!(err_choose))]),
        Err(e) => e.on_form("kind")?.1,
    };
    let page = form_page(&state, &ctx, None, form, errors).await?;
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}

async fn edit_form(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let actor = actions::editable(&state.db, viewer, id).await?;
    let form = OrganisationForm {
        kind: actor.kind.code().into(),
        name: actor.name.clone(),
        about: actor.about.clone(),
        neighbourhood: actor.neighbourhood.clone(),
        website: actor.website.clone(),
        parent_id: String::new(),
    };
    render(&form_page(&state, &ctx, Some(&actor), form, FieldErrors::new()).await?)
}

async fn edit(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<OrganisationForm>,
) -> AppResult<Response> {
    let errors = match actions::edit(&state.db, viewer, id, form.draft()).await {
        Ok(()) => return Ok(see_other(&format!("/actors/{id}"))),
        Err(e) => e.on_form("name")?.1,
    };
    let actor = store::get(&state.db, id).await?;
    let page = form_page(&state, &ctx, Some(&actor), form, errors).await?;
    render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
}
