//! The initiative form: starting one, from a tip too, and editing it.

use super::*;
use crate::text;

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
    /// The workshop idea it takes up, when it starts from one, and why.
    pub idea: String,
    pub idea_reason: String,
}

impl InitiativeForm {
    pub(super) fn from_initiative(i: &Initiative) -> InitiativeForm {
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
            idea: String::new(),
            idea_reason: String::new(),
        }
    }

    /// Parses and validates the form into a draft, or explains each problem.
    pub(super) fn draft(&self, departments: &[ActorRef]) -> Result<InitiativeDraft, FieldErrors> {
        let mut errors = FieldErrors::new();
        let theme = chosen(&mut errors, "theme", Theme::parse(&self.theme));
        let stage = chosen(&mut errors, "stage", Stage::parse(&self.stage));
        let commitment = chosen(
            &mut errors,
            "commitment",
            Commitment::parse(&self.commitment),
        );
        let leadership_mode = chosen(
            &mut errors,
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
                    errors.insert("department", text!(err_choose));
                    None
                }
            },
        };
        let mut value_goals = Vec::new();
        for code in &self.value_goals {
            match ValueGoal::parse(code) {
                Some(g) => value_goals.push(g),
                None => {
                    errors.insert("value_goals", text!(err_choose));
                }
            }
        }
        let coordinates = parse_coordinates(&mut errors, &self.latitude, &self.longitude);
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
            errors.extend(partial.check());
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
        errors.extend(draft.check());
        if errors.is_empty() {
            Ok(draft)
        } else {
            Err(errors)
        }
    }
}

/// A required choice: the parsed value, or an error on the field.
pub(super) fn chosen<T>(
    errors: &mut FieldErrors,
    field: &'static str,
    value: Option<T>,
) -> Option<T> {
    if value.is_none() {
        errors.insert(field, text!(err_choose));
    }
    value
}

/// Borrowed (value, label) pairs for [`choices`].
pub(super) fn pairs(v: &[(String, String)]) -> Vec<(&str, &str)> {
    v.iter().map(|(a, b)| (a.as_str(), b.as_str())).collect()
}

#[derive(Template)]
#[template(path = "initiatives/form.html")]
pub(super) struct FormPage {
    pub(super) page: Page,
    /// Where the form posts to.
    pub(super) action: String,
    pub(super) editing: bool,
    pub(super) form: InitiativeForm,
    pub(super) errors: FieldErrors,
    pub(super) themes: Vec<Choice>,
    pub(super) stages: Vec<Choice>,
    pub(super) commitments: Vec<Choice>,
    pub(super) value_goals: Vec<Choice>,
    pub(super) leadership_modes: Vec<Choice>,
    pub(super) departments: Vec<Choice>,
    pub(super) starters: Vec<Choice>,
    /// Initiatives like the one being started, shown before it is saved.
    pub(super) similar: Vec<SimilarView>,
    /// Cases like it, to learn from before starting.
    pub(super) cases: Vec<SimilarView>,
}

pub(super) async fn form_page(
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
        similar: Vec::new(),
        cases: Vec::new(),
    })
}

pub(super) async fn new_form(
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
    // Taking up a workshop's idea: the initiative starts from its words.
    if let Ok(idea_id) = q.get("idea").parse::<i64>() {
        let idea = crate::workshops::actions::adoptable(&state.db, viewer, idea_id).await?;
        let short = idea.text.chars().count() <= TITLE_MAX;
        form = InitiativeForm {
            title: if short {
                idea.text.clone()
            } else {
                String::new()
            },
            purpose: idea.text,
            idea: idea_id.to_string(),
            ..form
        };
    }
    render(&form_page(&state, &ctx, viewer, None, form, FieldErrors::new()).await?)
}

/// What the form asks the new initiative to take up: a tip, or a workshop's idea.
fn adopts(form: &InitiativeForm) -> Option<actions::Adopts> {
    if let Ok(tip) = form.tip.parse() {
        return Some(actions::Adopts::Tip(tip));
    }
    form.idea.parse().ok().map(|idea_id| {
        actions::Adopts::Idea(crate::workshops::actions::IdeaAdoption {
            idea_id,
            reason: form.idea_reason.clone(),
            before: None,
        })
    })
}

pub(super) async fn create(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Form(form): Form<InitiativeForm>,
) -> AppResult<Response> {
    let departments = actor_store::departments(&state.db).await?;
    let mut start = actions::Start {
        draft: form.draft(&departments),
        starter_id: form.started_by.parse().unwrap_or(-1),
        expectations: form.expectations.clone(),
        adopts: adopts(&form),
    };
    let errors = match actions::start_problems(&state.db, viewer, &mut start).await {
        Ok(errors) => errors,
        Err(refused) => return form_again(&state, &ctx, viewer, form, refused).await,
    };
    if !errors.is_empty() {
        return form_again(&state, &ctx, viewer, form, AppError::Invalid(errors)).await;
    }
    if let (Ok(draft), false) = (&start.draft, form.confirm_new == "yes") {
        let (similar, cases) = tokio::try_join!(
            store::similar(&state.db, draft, None, store::Among::Going, 5, ctx.lang),
            store::similar(&state.db, draft, None, store::Among::Cases, 3, ctx.lang),
        )?;
        if !similar.is_empty() || !cases.is_empty() {
            let form = InitiativeForm {
                confirm_new: "yes".into(),
                ..form
            };
            let mut page = form_page(&state, &ctx, viewer, None, form, FieldErrors::new()).await?;
            page.similar = similar.iter().map(|x| similar_view(x, ctx.lang)).collect();
            page.cases = cases.iter().map(|x| similar_view(x, ctx.lang)).collect();
            return render(&page);
        }
    }
    match actions::start(&state.db, viewer, start).await {
        Ok(id) => Ok(see_other(&format!("/initiatives/{id}"))),
        Err(e) => form_again(&state, &ctx, viewer, form, e).await,
    }
}

/// The new-initiative form again, as typed, with what was wrong. A tip adopted or closed, or an
/// idea decided, meanwhile is dropped from the form, and the form says why.
async fn form_again(
    state: &AppState,
    ctx: &Ctx,
    viewer: &Viewer,
    mut form: InitiativeForm,
    error: AppError,
) -> AppResult<Response> {
    let (status, errors) = error.on_form("adopts")?;
    if status == StatusCode::CONFLICT {
        form.tip.clear();
        form.idea.clear();
    }
    render_status(
        status,
        &form_page(state, ctx, viewer, None, form, errors).await?,
    )
}

pub(super) async fn edit_form(
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

pub(super) async fn edit(
    State(state): State<AppState>,
    SignedIn(ctx, ref viewer): SignedIn,
    Path(id): Path<i64>,
    Form(form): Form<InitiativeForm>,
) -> AppResult<Response> {
    let departments = actor_store::departments(&state.db).await?;
    let edit = actions::Edit {
        from_version: Some(form.version.parse().unwrap_or(-1)),
        draft: Some(form.draft(&departments).map_err(AppError::Invalid)),
        status: None,
    };
    let (status, errors) = match actions::edit(&state.db, viewer, id, edit).await {
        Ok(()) => return Ok(see_other(&format!("/initiatives/{id}"))),
        Err(e) => e.on_form("version")?,
    };
    render_status(
        status,
        &form_page(&state, &ctx, viewer, Some(id), form, errors).await?,
    )
}
