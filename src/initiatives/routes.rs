//! Initiative pages: list with filters and search, create, view, edit, lifecycle, participants
//! and ownership. Every flow is a plain HTML form.

use super::model::*;
use super::store::{
    self, Initiative, InitiativeCard, ListQuery, Ownership, Participant, Similar, Sort,
};
use crate::actors::routes::acting_choices;
use crate::actors::store::{self as actor_store, ActorRef};
use crate::following::model::Target;
use crate::following::routes::{FollowButton, follow_buttons};
use crate::mobilisation::routes::{ResourceSummary, initiative_needs};
use crate::platform::auth::Viewer;
use crate::platform::db::page_number;
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::geo::{format_distance, parse_coordinates};
use crate::platform::i18n::Lang;
use crate::platform::input::{NOTE_MAX, check_text, note, printable};
use crate::platform::permissions::{Action, can, require};
use crate::platform::time::format_date;
use crate::platform::web::{
    AppState, Choice, Ctx, FormPairs, Page, SignedIn, choices, list_href, render, render_status,
    see_other,
};
use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, RawQuery, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};
use axum_extra::extract::Form;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/initiatives", get(list).post(create))
        .route("/initiatives/new", get(new_form))
        .route("/initiatives/{id}", get(show))
        .route("/initiatives/{id}/edit", get(edit_form).post(edit))
        .route("/initiatives/{id}/status", post(change_status))
        .route("/initiatives/{id}/participants", post(join))
        .route("/initiatives/{id}/owner", post(transfer))
}

/// The list's query string, as typed; unknown values are ignored rather than refused, so a
/// shared link keeps working.
#[derive(serde::Deserialize, Default)]
pub struct ListParams {
    #[serde(default)]
    pub q: String,
    #[serde(default)]
    pub theme: String,
    #[serde(default)]
    pub stage: String,
    #[serde(default)]
    pub side: String,
    #[serde(default)]
    pub commitment: String,
    #[serde(default)]
    pub department: String,
    #[serde(default)]
    pub neighbourhood: String,
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub sort: String,
    #[serde(default)]
    pub page: String,
}

impl ListParams {
    pub fn to_query(&self, per_page: i64) -> ListQuery {
        ListQuery {
            q: printable(&self.q),
            theme: Theme::parse(&self.theme),
            stage: Stage::parse(&self.stage),
            side: InitiatingSide::parse(&self.side),
            commitment: Commitment::parse(&self.commitment),
            department_id: self.department.parse().ok(),
            neighbourhood: printable(&self.neighbourhood),
            status: Status::parse(&self.status),
            sort: Sort::parse(&self.sort),
            page: self.page.parse().unwrap_or(1),
            per_page,
        }
    }

    /// The query string for another page of the same list.
    fn page_href(&self, page: i64) -> String {
        list_href(
            "/initiatives",
            &[
                ("q", &self.q),
                ("theme", &self.theme),
                ("stage", &self.stage),
                ("side", &self.side),
                ("commitment", &self.commitment),
                ("department", &self.department),
                ("neighbourhood", &self.neighbourhood),
                ("status", &self.status),
                ("sort", &self.sort),
            ],
            page,
        )
    }
}

struct Filter {
    name: &'static str,
    label: &'static str,
    options: Vec<Choice>,
}

#[derive(Template)]
#[template(path = "initiatives/list.html")]
struct ListPage {
    page: Page,
    q: String,
    neighbourhood: String,
    filters: Vec<Filter>,
    /// Whether any filter besides the search is set, so the filter panel starts open.
    filters_active: bool,
    sorts: Vec<Choice>,
    items: Vec<InitiativeCard>,
    prev_href: Option<String>,
    next_href: Option<String>,
    page_number: i64,
}

async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(params): Query<ListParams>,
) -> AppResult<Response> {
    let lang = ctx.lang;
    let s = ctx.s();
    let query = params.to_query(store::PER_PAGE_DEFAULT);
    let result = store::list(&state.db, &query, lang).await?;
    let departments = actor_store::departments(&state.db).await?;
    let department_options: Vec<(String, &str)> = departments
        .iter()
        .map(|d| (d.id.to_string(), d.name.as_str()))
        .collect();
    let filter = |name, label, options: Vec<(&str, &str)>, selected: &str| Filter {
        name,
        label,
        options: choices(options, &[selected]),
    };
    let filters = vec![
        filter("theme", s.field_theme, Theme::options(lang), &params.theme),
        filter(
            "status",
            s.field_status,
            Status::options(lang),
            &params.status,
        ),
        filter("stage", s.field_stage, Stage::options(lang), &params.stage),
        filter(
            "side",
            s.field_initiating_side,
            InitiatingSide::options(lang),
            &params.side,
        ),
        filter(
            "commitment",
            s.field_commitment,
            Commitment::options(lang),
            &params.commitment,
        ),
        filter(
            "department",
            s.field_department,
            department_options
                .iter()
                .map(|(id, n)| (id.as_str(), *n))
                .collect(),
            &params.department,
        ),
    ];
    let sorts = choices(
        vec![
            ("", s.sort_default),
            (Sort::Updated.code(), s.sort_updated),
            (Sort::Created.code(), s.sort_created),
            (Sort::Title.code(), s.sort_title),
            (Sort::Relevance.code(), s.sort_relevance),
        ],
        &[params.sort.as_str()],
    );
    let page_number = page_number(query.page);
    let filters_active = [
        &params.theme,
        &params.status,
        &params.stage,
        &params.side,
        &params.commitment,
        &params.department,
        &params.neighbourhood,
        &params.sort,
    ]
    .iter()
    .any(|v| !v.trim().is_empty());
    render(&ListPage {
        page: ctx.page(s.initiatives_title),
        q: params.q.clone(),
        neighbourhood: params.neighbourhood.clone(),
        filters,
        filters_active,
        sorts,
        items: result.items,
        prev_href: (page_number > 1).then(|| params.page_href(page_number - 1)),
        next_href: result.has_next.then(|| params.page_href(page_number + 1)),
        page_number,
    })
}

/// The initiative form as typed, kept so a form with errors comes back as the user left it.
#[derive(Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct InitiativeForm {
    pub title: String,
    pub purpose: String,
    pub description: String,
    pub theme: String,
    pub address: String,
    pub neighbourhood: String,
    pub latitude: String,
    pub longitude: String,
    pub stage: String,
    pub commitment: String,
    pub value_goals: Vec<String>,
    pub leadership_mode: String,
    pub department: String,
    pub started_by: String,
    pub expectations: String,
    pub version: String,
    /// "yes" once the person has seen the similar initiatives and still wants a new one.
    pub confirm_new: String,
    /// The tip the initiative takes care of, when it adopts one.
    pub tip: String,
}

impl InitiativeForm {
    fn from_initiative(i: &Initiative) -> InitiativeForm {
        let d = &i.draft;
        InitiativeForm {
            title: d.title.clone(),
            purpose: d.purpose.clone(),
            description: d.description.clone(),
            theme: d.theme.code().into(),
            address: d.address.clone(),
            neighbourhood: d.neighbourhood.clone(),
            latitude: d.coordinates.map(|c| c.0.to_string()).unwrap_or_default(),
            longitude: d.coordinates.map(|c| c.1.to_string()).unwrap_or_default(),
            stage: d.stage.code().into(),
            commitment: d.commitment.code().into(),
            value_goals: d.value_goals.iter().map(|g| g.code().to_string()).collect(),
            leadership_mode: d.leadership_mode.code().into(),
            department: d.department_id.map(|x| x.to_string()).unwrap_or_default(),
            started_by: i.started_by_id.to_string(),
            expectations: String::new(),
            version: i.version.to_string(),
            confirm_new: String::new(),
            tip: String::new(),
        }
    }

    /// Parses and validates the form into a draft, or explains each problem.
    fn draft(&self, lang: Lang, departments: &[ActorRef]) -> Result<InitiativeDraft, FieldErrors> {
        let s = lang.strings();
        let mut errors = FieldErrors::new();
        let theme = chosen(&mut errors, lang, "theme", Theme::parse(&self.theme));
        let stage = chosen(&mut errors, lang, "stage", Stage::parse(&self.stage));
        let commitment = chosen(
            &mut errors,
            lang,
            "commitment",
            Commitment::parse(&self.commitment),
        );
        let leadership_mode = chosen(
            &mut errors,
            lang,
            "leadership_mode",
            LeadershipMode::parse(&self.leadership_mode),
        );
        let department_id = match self.department.trim() {
            "" => None,
            d => match d
                .parse::<i64>()
                .ok()
                .filter(|id| departments.iter().any(|x| x.id == *id))
            {
                Some(id) => Some(id),
                None => {
                    errors.insert("department", s.err_choose.into());
                    None
                }
            },
        };
        let mut value_goals = Vec::new();
        for code in &self.value_goals {
            match ValueGoal::parse(code) {
                Some(g) => value_goals.push(g),
                None => {
                    errors.insert("value_goals", s.err_choose.into());
                }
            }
        }
        let coordinates = parse_coordinates(&mut errors, s, &self.latitude, &self.longitude);
        let (Some(theme), Some(stage), Some(commitment), Some(leadership_mode)) =
            (theme, stage, commitment, leadership_mode)
        else {
            // Still check the text fields so every problem is shown at once.
            let mut partial = InitiativeDraft {
                title: self.title.clone(),
                purpose: self.purpose.clone(),
                description: self.description.clone(),
                theme: Theme::Loneliness,
                address: self.address.clone(),
                neighbourhood: self.neighbourhood.clone(),
                coordinates: None,
                stage: Stage::CoCreation,
                commitment: Commitment::NonBinding,
                value_goals: Vec::new(),
                leadership_mode: LeadershipMode::Facilitating,
                department_id: None,
            };
            errors.extend(partial.check(lang));
            return Err(errors);
        };
        let mut draft = InitiativeDraft {
            title: self.title.clone(),
            purpose: self.purpose.clone(),
            description: self.description.clone(),
            theme,
            address: self.address.clone(),
            neighbourhood: self.neighbourhood.clone(),
            coordinates,
            stage,
            commitment,
            value_goals,
            leadership_mode,
            department_id,
        };
        errors.extend(draft.check(lang));
        if errors.is_empty() {
            Ok(draft)
        } else {
            Err(errors)
        }
    }
}

/// A required choice: the parsed value, or an error on the field.
fn chosen<T>(
    errors: &mut FieldErrors,
    lang: Lang,
    field: &'static str,
    value: Option<T>,
) -> Option<T> {
    if value.is_none() {
        errors.insert(field, lang.strings().err_choose.into());
    }
    value
}

/// Borrowed (value, label) pairs for [`choices`].
fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
}

#[derive(Template)]
#[template(path = "initiatives/form.html")]
struct FormPage {
    page: Page,
    /// Where the form posts to.
    action: String,
    editing: bool,
    form: InitiativeForm,
    errors: FieldErrors,
    conflict: bool,
    themes: Vec<Choice>,
    stages: Vec<Choice>,
    commitments: Vec<Choice>,
    value_goals: Vec<Choice>,
    leadership_modes: Vec<Choice>,
    departments: Vec<Choice>,
    starters: Vec<Choice>,
    /// Initiatives like the one being started, shown before it is saved.
    similar: Vec<SimilarView>,
}

async fn form_page(
    state: &AppState,
    ctx: &Ctx,
    viewer: &Viewer,
    editing: Option<i64>,
    form: InitiativeForm,
    errors: FieldErrors,
) -> AppResult<FormPage> {
    let lang = ctx.lang;
    let s = ctx.s();
    let departments = actor_store::departments(&state.db).await?;
    let department_options: Vec<(String, String)> = departments
        .iter()
        .map(|d| (d.id.to_string(), d.name.clone()))
        .collect();
    let goals: Vec<&str> = form.value_goals.iter().map(String::as_str).collect();
    let mut department_choices = choices(vec![("", s.none_chosen)], &[]);
    department_choices.extend(choices(
        pairs(&department_options),
        &[form.department.as_str()],
    ));
    let conflict = errors.contains_key("version");
    Ok(FormPage {
        page: ctx.page(if editing.is_some() {
            s.edit_initiative
        } else {
            s.new_initiative
        }),
        action: match editing {
            Some(id) => format!("/initiatives/{id}/edit"),
            None => "/initiatives".into(),
        },
        editing: editing.is_some(),
        themes: choices(Theme::options(lang), &[form.theme.as_str()]),
        stages: choices(Stage::options(lang), &[form.stage.as_str()]),
        commitments: choices(Commitment::options(lang), &[form.commitment.as_str()]),
        value_goals: choices(ValueGoal::options(lang), &goals),
        leadership_modes: choices(
            LeadershipMode::options(lang),
            &[form.leadership_mode.as_str()],
        ),
        departments: department_choices,
        starters: acting_choices(state, ctx, viewer, &form.started_by).await?,
        form,
        errors,
        conflict,
        similar: Vec::new(),
    })
}

async fn new_form(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    RawQuery(q): RawQuery,
) -> AppResult<Response> {
    let q = FormPairs::from_query(q);
    let mut form = InitiativeForm {
        stage: Stage::CoCreation.code().into(),
        commitment: Commitment::NonBinding.code().into(),
        leadership_mode: LeadershipMode::Facilitating.code().into(),
        started_by: viewer.person_id.to_string(),
        ..InitiativeForm::default()
    };
    // Adopting a tip: the initiative starts from its place and words.
    if let Ok(tip_id) = q.get("tip").parse::<i64>() {
        let tip = crate::tips::store::get(&state.db, tip_id).await?;
        form = InitiativeForm {
            title: ctx.s().adopt_title(tip.what_and_where(ctx.lang)),
            purpose: tip.description.clone(),
            theme: Theme::GreenStreets.code().into(),
            address: tip.address.clone(),
            latitude: tip.coordinates.0.to_string(),
            longitude: tip.coordinates.1.to_string(),
            tip: tip.id.to_string(),
            ..form
        };
    }
    render(&form_page(&state, &ctx, viewer, None, form, FieldErrors::new()).await?)
}

async fn create(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Form(form): Form<InitiativeForm>,
) -> AppResult<Response> {
    let departments = actor_store::departments(&state.db).await?;
    let mut draft = form.draft(ctx.lang, &departments);
    let starter_id: Option<i64> = form
        .started_by
        .parse()
        .ok()
        .filter(|id| can(Some(viewer), Action::ActFor(*id)));
    let mut expectations = form.expectations.clone();
    let mut errors = draft.as_ref().err().cloned().unwrap_or_default();
    check_text(
        &mut errors,
        ctx.s(),
        "expectations",
        &mut expectations,
        false,
        NOTE_MAX,
    );
    if starter_id.is_none() {
        errors.insert("started_by", ctx.s().err_not_allowed_actor.into());
    }
    if !errors.is_empty() {
        draft = Err(errors);
    }
    let draft = match draft {
        Ok(d) => d,
        Err(errors) => {
            let page = form_page(&state, &ctx, viewer, None, form, errors).await?;
            return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
        }
    };
    if form.confirm_new != "yes" {
        let similar = store::similar(&state.db, &draft, None, 5, ctx.lang).await?;
        if !similar.is_empty() {
            let form = InitiativeForm {
                confirm_new: "yes".into(),
                ..form
            };
            let mut page = form_page(&state, &ctx, viewer, None, form, FieldErrors::new()).await?;
            page.similar = similar.iter().map(|x| similar_view(x, ctx.lang)).collect();
            return render(&page);
        }
    }
    let from_tip = form.tip.parse::<i64>().ok();
    let id = match store::create(
        &state.db,
        &draft,
        starter_id.unwrap_or(viewer.person_id),
        viewer.user_id,
        &expectations,
        from_tip,
    )
    .await
    {
        // The tip was adopted or closed meanwhile: the form comes back without it, typed
        // words kept, and says why.
        Err(AppError::Refused(_)) if from_tip.is_some() => {
            let form = InitiativeForm {
                tip: String::new(),
                ..form
            };
            let errors = FieldErrors::from([("tip", ctx.s().err_tip_adopted.to_string())]);
            let page = form_page(&state, &ctx, viewer, None, form, errors).await?;
            return render_status(StatusCode::CONFLICT, &page);
        }
        other => other?,
    };
    super::notices::started(&state.db, id, viewer.user_id).await;
    if from_tip.is_some() {
        crate::tips::actions::adopted(&state.db, id, viewer.user_id).await;
    }
    Ok(see_other(&format!("/initiatives/{id}")))
}

async fn edit_form(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let access = store::access(&state.db, id).await?;
    require(Some(viewer), Action::EditInitiative(&access))?;
    let initiative = store::get(&state.db, id).await?;
    let form = InitiativeForm::from_initiative(&initiative);
    render(&form_page(&state, &ctx, viewer, Some(id), form, FieldErrors::new()).await?)
}

async fn edit(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<InitiativeForm>,
) -> AppResult<Response> {
    let access = store::access(&state.db, id).await?;
    require(Some(viewer), Action::EditInitiative(&access))?;
    let departments = actor_store::departments(&state.db).await?;
    let result = match form.draft(ctx.lang, &departments) {
        Ok(draft) => {
            let version = form.version.parse().unwrap_or(-1);
            match store::update(&state.db, id, version, &draft).await {
                Ok(()) => return Ok(see_other(&format!("/initiatives/{id}"))),
                Err(AppError::Refused(refusal)) => {
                    FieldErrors::from([("version", refusal.message(ctx.s()))])
                }
                Err(e) => return Err(e),
            }
        }
        Err(errors) => errors,
    };
    let page = form_page(&state, &ctx, viewer, Some(id), form, result).await?;
    let status = if page.conflict {
        StatusCode::CONFLICT
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render_status(status, &page)
}

/// What can be followed from an initiative's page: it, its theme and its neighbourhood.
fn initiative_targets(i: &Initiative, lang: Lang) -> Vec<(Target, String)> {
    let mut targets = vec![
        (Target::Initiative(i.id), i.draft.title.clone()),
        (
            Target::Theme(i.draft.theme),
            i.draft.theme.label(lang).to_string(),
        ),
    ];
    if !i.draft.neighbourhood.is_empty() {
        targets.push((
            Target::Neighbourhood(i.draft.neighbourhood.clone()),
            i.draft.neighbourhood.clone(),
        ));
    }
    targets
}

/// A similar initiative and, in words, what it has in common.
pub struct SimilarView {
    pub id: i64,
    pub title: String,
    pub owner_name: String,
    pub status_label: &'static str,
    pub reasons: Vec<String>,
}

fn similar_view(x: &Similar, lang: Lang) -> SimilarView {
    let s = lang.strings();
    let mut reasons = Vec::new();
    if !x.shared_words.is_empty() {
        reasons.push(s.similar_words(x.shared_words.join(", ")));
    }
    if x.same_theme {
        reasons.push(s.similar_theme(x.card.theme_label));
    }
    if x.same_neighbourhood {
        reasons.push(s.similar_place(&x.card.neighbourhood));
    }
    if let Some(m) = x.distance_m {
        reasons.push(s.why_distance(format_distance(m, lang)));
    }
    SimilarView {
        id: x.card.id,
        title: x.card.title.clone(),
        owner_name: x.card.owner_name.clone(),
        status_label: x.card.status_label,
        reasons,
    }
}

struct ParticipantView {
    p: Participant,
    kind_label: &'static str,
    role_label: &'static str,
    joined: String,
}

struct OwnershipView {
    o: Ownership,
    kind_label: &'static str,
    from: String,
    to: Option<String>,
}

#[derive(Template)]
#[template(path = "initiatives/show.html")]
struct ShowPage {
    page: Page,
    i: Initiative,
    theme_label: &'static str,
    status_label: &'static str,
    provenance_label: &'static str,
    side_label: &'static str,
    stage_label: &'static str,
    commitment_label: &'static str,
    leadership_label: &'static str,
    value_goal_labels: Vec<&'static str>,
    created: String,
    updated: String,
    participants: Vec<ParticipantView>,
    history: Vec<OwnershipView>,
    /// The lifecycle so far: (from, to, date) in the viewer's language.
    steps: Vec<(&'static str, &'static str, String)>,
    /// "Started by citizens, owned by X since …" when ownership has moved.
    moved_since: Option<String>,
    can_edit: bool,
    can_transfer: bool,
    next_statuses: Vec<Choice>,
    join_as: Vec<Choice>,
    roles: Vec<Choice>,
    transfer_to: Vec<Choice>,
    needs: ResourceSummary,
    events: Vec<crate::events::routes::EventCard>,
    agreements: Vec<(i64, String)>,
    similar: Vec<SimilarView>,
    follow: Vec<FollowButton>,
    calls: Vec<(i64, String)>,
    /// The tip it was started to take care of: its id and what and where it was.
    from_tip: Option<(i64, String)>,
}

async fn show(State(state): State<AppState>, ctx: Ctx, Path(id): Path<i64>) -> AppResult<Response> {
    let lang = ctx.lang;
    let i = store::get(&state.db, id).await?;
    let participants = store::participants(&state.db, id).await?;
    let history = store::ownership_history(&state.db, id).await?;
    let steps = store::status_history(&state.db, id).await?;
    let access = i.access(&participants);
    let viewer = ctx.viewer.as_ref();
    let can_edit = can(viewer, Action::EditInitiative(&access));
    let can_transfer = can(viewer, Action::TransferInitiative(&access));
    let next_statuses = i
        .status
        .next()
        .iter()
        .map(|st| Choice {
            value: st.code().into(),
            label: st.label(lang).into(),
            selected: false,
        })
        .collect();
    let join_as = match viewer {
        Some(v) => acting_choices(&state, &ctx, v, "").await?,
        None => Vec::new(),
    };
    let mut transfer_to = Vec::new();
    if can_transfer {
        for p in participants.iter().filter(|p| p.actor_id != i.owner_id) {
            transfer_to.push(Choice {
                value: p.actor_id.to_string(),
                label: p.name.clone(),
                selected: false,
            });
        }
    }
    let moved_since = (i.owner_id != i.started_by_id)
        .then(|| history.last().map(|h| format_date(h.from_at, lang)))
        .flatten();
    let page = ShowPage {
        page: ctx.page(i.draft.title.clone()),
        theme_label: i.draft.theme.label(lang),
        status_label: i.status.label(lang),
        provenance_label: i.provenance.label(lang),
        side_label: i.initiating_side.label(lang),
        stage_label: i.draft.stage.label(lang),
        commitment_label: i.draft.commitment.label(lang),
        leadership_label: i.draft.leadership_mode.label(lang),
        value_goal_labels: i.draft.value_goals.iter().map(|g| g.label(lang)).collect(),
        created: format_date(i.created_at, lang),
        updated: format_date(i.updated_at, lang),
        participants: participants
            .into_iter()
            .map(|p| ParticipantView {
                kind_label: p.kind.label(lang),
                role_label: p.role.label(lang),
                joined: format_date(p.joined_at, lang),
                p,
            })
            .collect(),
        history: history
            .into_iter()
            .map(|o| OwnershipView {
                kind_label: o.owner_kind.label(lang),
                from: format_date(o.from_at, lang),
                to: o.to_at.map(|t| format_date(t, lang)),
                o,
            })
            .collect(),
        steps: steps
            .iter()
            .map(|st| {
                (
                    st.from.label(lang),
                    st.to.label(lang),
                    format_date(st.at, lang),
                )
            })
            .collect(),
        moved_since,
        can_edit,
        can_transfer,
        next_statuses,
        join_as,
        roles: choices(
            ParticipantRole::options(lang),
            &[ParticipantRole::Supporter.code()],
        ),
        transfer_to,
        needs: initiative_needs(&state, lang, id).await?,
        events: crate::events::routes::initiative_events(&state, lang, id).await?,
        agreements: crate::agreements::store::list(&state.db, Some(id)).await?,
        follow: follow_buttons(&state, &ctx, initiative_targets(&i, lang)).await?,
        calls: crate::mobilisation::store::open_calls(&state.db, Some(id), 5)
            .await?
            .into_iter()
            .map(|c| (c.id, c.draft.title))
            .collect(),
        similar: store::similar(&state.db, &i.draft, Some(id), 3, lang)
            .await?
            .iter()
            .map(|x| similar_view(x, lang))
            .collect(),
        from_tip: crate::tips::store::adopted_by(&state.db, id)
            .await?
            .map(|t| (t.id, t.what_and_where(lang))),
        i,
    };
    render(&page)
}

#[derive(serde::Deserialize)]
struct StatusForm {
    to: String,
}

async fn change_status(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<StatusForm>,
) -> AppResult<Response> {
    let access = store::access(&state.db, id).await?;
    require(Some(viewer), Action::EditInitiative(&access))?;
    let current = store::get(&state.db, id).await?.status;
    let to =
        Status::parse(&form.to).ok_or_else(|| AppError::BadRequest(ctx.s().err_choose.into()))?;
    if !current.can_become(to) {
        return Err(InitiativeRefusal::StatusTransition { from: current, to }.into());
    }
    store::change_status(&state.db, id, current, to, viewer.user_id).await?;
    super::notices::status_changed(&state.db, id, to, viewer.user_id).await;
    Ok(see_other(&format!("/initiatives/{id}")))
}

#[derive(serde::Deserialize)]
struct JoinForm {
    actor: String,
    role: String,
    #[serde(default)]
    expectations: String,
}

async fn join(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<JoinForm>,
) -> AppResult<Response> {
    let s = ctx.s();
    let access = store::access(&state.db, id).await?;
    let actor: i64 = form
        .actor
        .parse()
        .map_err(|_| AppError::BadRequest(s.err_not_allowed_actor.into()))?;
    require(Some(viewer), Action::ActFor(actor))?;
    let role = ParticipantRole::parse(&form.role)
        .ok_or_else(|| AppError::BadRequest(s.err_choose.into()))?;
    // Only editors may appoint coordinators, since coordinators may edit.
    if role == ParticipantRole::Coordinator && !can(Some(viewer), Action::EditInitiative(&access)) {
        return Err(AppError::Forbidden);
    }
    let expectations = note(s, &form.expectations)?;
    store::join(&state.db, id, actor, role, &expectations).await?;
    Ok(see_other(&format!("/initiatives/{id}#participants")))
}

#[derive(serde::Deserialize)]
struct TransferForm {
    to: String,
    #[serde(default)]
    reason: String,
    #[serde(default)]
    confirm: String,
}

async fn transfer(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<TransferForm>,
) -> AppResult<Response> {
    let s = ctx.s();
    let access = store::access(&state.db, id).await?;
    require(Some(viewer), Action::TransferInitiative(&access))?;
    if form.confirm != "yes" {
        return Err(AppError::BadRequest(s.err_confirm_transfer.into()));
    }
    let to: i64 = form
        .to
        .parse()
        .map_err(|_| AppError::BadRequest(s.err_choose.into()))?;
    let participants = store::participants(&state.db, id).await?;
    if !participants.iter().any(|p| p.actor_id == to) || to == access.owner_id {
        return Err(AppError::BadRequest(s.err_transfer_participant.into()));
    }
    let reason = note(s, &form.reason)?;
    store::transfer(&state.db, id, access.owner_id, to, viewer.user_id, &reason).await?;
    Ok(see_other(&format!("/initiatives/{id}#ownership")))
}
