//! The administration of tips: categories (the Open311 services), the unit each routes to and
//! the questions each asks, and the keys of systems that post tips through Open311.

use super::model::*;
use super::store::{self, CategoryDraft};
use crate::platform::error::{AppError, AppResult, FieldErrors};
use crate::platform::input::{check_line, check_text};
use crate::platform::time::format_date;
use crate::platform::web::{
    Administrator, AppState, Choice, ConfirmPage, Ctx, FormPairs, Page, choices, render,
    render_status, see_other,
};
use crate::text;
use askama::Template;
use axum::Router;
use axum::extract::{Form, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::{get, post};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/tips", get(categories_page).post(create_category))
        .route(
            "/admin/tips/categories/{id}",
            get(category_page).post(save_category),
        )
        .route("/admin/tips/categories/{id}/questions", post(save_question))
        .route(
            "/admin/tips/categories/{id}/questions/{code}/remove",
            get(confirm_remove_question).post(remove_question),
        )
        .route("/admin/open311-keys", get(keys_page).post(create_key))
        .route(
            "/admin/open311-keys/{id}/revoke",
            get(confirm_revoke).post(revoke_key),
        )
}

/// A category form as typed.
#[derive(Default)]
struct CategoryForm {
    code: String,
    name_da: String,
    name_en: String,
    description_da: String,
    description_en: String,
    unit: String,
    active: bool,
}

impl CategoryForm {
    fn from(p: &FormPairs) -> CategoryForm {
        CategoryForm {
            code: p.get("code"),
            name_da: p.get("name_da"),
            name_en: p.get("name_en"),
            description_da: p.get("description_da"),
            description_en: p.get("description_en"),
            unit: p.get("unit"),
            active: p.get("active") == "yes",
        }
    }

    /// The draft, checked against what a category must hold.
    async fn draft(&self, state: &AppState) -> AppResult<CategoryDraft> {
        let mut errors = FieldErrors::new();
        let mut d = CategoryDraft {
            code: self.code.trim().to_lowercase(),
            name_da: self.name_da.clone(),
            name_en: self.name_en.clone(),
            description_da: self.description_da.clone(),
            description_en: self.description_en.clone(),
            unit_id: 0,
            active: self.active,
        };
        if !is_code(&d.code) {
            errors.insert("code", text!(err_tip_code));
        }
        check_line(&mut errors, "name_da", &mut d.name_da, true, 100);
        check_line(&mut errors, "name_en", &mut d.name_en, true, 100);
        check_text(
            &mut errors,
            "description_da",
            &mut d.description_da,
            false,
            1000,
        );
        check_text(
            &mut errors,
            "description_en",
            &mut d.description_en,
            false,
            1000,
        );
        match self.unit.parse::<i64>() {
            Ok(id) if crate::requests::store::is_municipal_unit(&state.db, id).await? => {
                d.unit_id = id;
            }
            _ => {
                errors.insert("unit", text!(err_choose_unit));
            }
        }
        if errors.is_empty() {
            Ok(d)
        } else {
            Err(AppError::Invalid(errors))
        }
    }
}

/// A code as Open311 clients use it: lower-case letters, digits, '-' and '_', at most 40.
fn is_code(code: &str) -> bool {
    !code.is_empty()
        && code.len() <= 40
        && code
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

async fn unit_choices(state: &AppState, ctx: &Ctx, selected: &str) -> AppResult<Vec<Choice>> {
    let mut v = vec![Choice {
        value: String::new(),
        label: ctx.s().choose_unit.into(),
        selected: selected.is_empty(),
    }];
    v.extend(
        crate::requests::store::municipal_units(&state.db)
            .await?
            .into_iter()
            .map(|(id, name, _)| Choice {
                selected: selected == id.to_string(),
                value: id.to_string(),
                label: name,
            }),
    );
    Ok(v)
}

#[derive(Template)]
#[template(path = "tips/admin_categories.html")]
struct CategoriesPage {
    page: Page,
    categories: Vec<store::Category>,
    form: CategoryForm,
    units: Vec<Choice>,
    errors: FieldErrors,
}

async fn categories_view(
    state: &AppState,
    ctx: &Ctx,
    form: CategoryForm,
    errors: FieldErrors,
) -> AppResult<CategoriesPage> {
    Ok(CategoriesPage {
        page: ctx.page(ctx.s().admin_tips_title),
        categories: store::categories(&state.db, false).await?,
        units: unit_choices(state, ctx, &form.unit).await?,
        form,
        errors,
    })
}

async fn categories_page(
    State(state): State<AppState>,
    Administrator(ctx, _): Administrator,
) -> AppResult<Response> {
    let form = CategoryForm {
        active: true,
        ..CategoryForm::default()
    };
    render(&categories_view(&state, &ctx, form, FieldErrors::new()).await?)
}

/// Renders a failed form again with its problems; a taken code is a problem of the code field.
fn invalid(e: AppError) -> Result<FieldErrors, AppError> {
    match e {
        AppError::Invalid(errors) => Ok(errors),
        AppError::Refused(_) => Ok(FieldErrors::from([("code", text!(err_tip_code_taken))])),
        e => Err(e),
    }
}

async fn create_category(
    State(state): State<AppState>,
    Administrator(ctx, _): Administrator,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let form = CategoryForm::from(&FormPairs(pairs));
    let result = match form.draft(&state).await {
        Ok(d) => store::save_category(&state.db, None, &d).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(id) => Ok(see_other(&format!("/admin/tips/categories/{id}"))),
        Err(e) => {
            let errors = invalid(e)?;
            render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &categories_view(&state, &ctx, form, errors).await?,
            )
        }
    }
}

/// A question form as typed.
#[derive(Default)]
struct QuestionForm {
    code: String,
    datatype: String,
    required: bool,
    question_da: String,
    question_en: String,
    choices: String,
}

#[derive(Template)]
#[template(path = "tips/admin_category.html")]
struct CategoryPage {
    page: Page,
    id: i64,
    form: CategoryForm,
    units: Vec<Choice>,
    questions: Vec<Question>,
    question: QuestionForm,
    datatypes: Vec<Choice>,
    errors: FieldErrors,
}

async fn category_view(
    state: &AppState,
    ctx: &Ctx,
    id: i64,
    form: Option<CategoryForm>,
    question: QuestionForm,
    errors: FieldErrors,
) -> AppResult<CategoryPage> {
    let c = store::category_by_id(&state.db, id).await?;
    let form = form.unwrap_or(CategoryForm {
        code: c.code.clone(),
        name_da: c.name_da.clone(),
        name_en: c.name_en.clone(),
        description_da: c.description_da.clone(),
        description_en: c.description_en.clone(),
        unit: c.unit_id.to_string(),
        active: c.active,
    });
    let datatype = if question.datatype.is_empty() {
        QuestionType::String.code()
    } else {
        question.datatype.as_str()
    };
    Ok(CategoryPage {
        page: ctx.page(c.name(ctx.lang).to_string()),
        id,
        units: unit_choices(state, ctx, &form.unit).await?,
        form,
        questions: store::questions(&state.db, id).await?,
        datatypes: choices(QuestionType::options(ctx.lang), &[datatype]),
        question,
        errors,
    })
}

async fn category_page(
    State(state): State<AppState>,
    Administrator(ctx, _): Administrator,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render(
        &category_view(
            &state,
            &ctx,
            id,
            None,
            QuestionForm::default(),
            FieldErrors::new(),
        )
        .await?,
    )
}

async fn save_category(
    State(state): State<AppState>,
    Administrator(ctx, _): Administrator,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    store::category_by_id(&state.db, id).await?;
    let form = CategoryForm::from(&FormPairs(pairs));
    let result = match form.draft(&state).await {
        Ok(d) => store::save_category(&state.db, Some(id), &d).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(see_other(&format!("/admin/tips/categories/{id}"))),
        Err(e) => {
            let errors = invalid(e)?;
            let page = category_view(
                &state,
                &ctx,
                id,
                Some(form),
                QuestionForm::default(),
                errors,
            )
            .await?;
            render_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
    }
}

async fn save_question(
    State(state): State<AppState>,
    Administrator(ctx, _): Administrator,
    Path(id): Path<i64>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    store::category_by_id(&state.db, id).await?;
    let p = FormPairs(pairs);
    let form = QuestionForm {
        code: p.get("question_code").trim().to_lowercase(),
        datatype: p.get("datatype"),
        required: p.get("required") == "yes",
        question_da: p.get("question_da"),
        question_en: p.get("question_en"),
        choices: p.get("choices"),
    };
    let mut errors = FieldErrors::new();
    if !is_code(&form.code) {
        errors.insert("question_code", text!(err_tip_code));
    }
    let datatype = QuestionType::parse(&form.datatype).unwrap_or_else(|| {
        errors.insert("datatype", text!(err_choose));
        QuestionType::String
    });
    let (mut da, mut en) = (form.question_da.clone(), form.question_en.clone());
    check_line(&mut errors, "question_da", &mut da, true, 300);
    check_line(&mut errors, "question_en", &mut en, true, 300);
    let list = Question::parse_choices(&form.choices);
    for (key, da, en) in &list {
        for text in [key, da, en] {
            let mut checked = text.clone();
            check_text(&mut errors, "choices", &mut checked, true, 200);
        }
    }
    if datatype == QuestionType::Singlevaluelist && list.len() < 2 {
        errors.insert("choices", text!(err_tip_choices));
    }
    if !errors.is_empty() {
        let page = category_view(&state, &ctx, id, None, form, errors).await?;
        return render_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    }
    let question = Question {
        code: form.code,
        datatype,
        required: form.required,
        question_da: da,
        question_en: en,
        choices: if datatype == QuestionType::Singlevaluelist {
            list
        } else {
            Vec::new()
        },
    };
    store::save_question(&state.db, id, &question).await?;
    Ok(see_other(&format!("/admin/tips/categories/{id}#questions")))
}

async fn confirm_remove_question(
    Administrator(ctx, _): Administrator,
    Path((id, code)): Path<(i64, String)>,
) -> AppResult<Response> {
    let s = ctx.s();
    render(&ConfirmPage {
        page: ctx.page(s.tip_remove_question),
        message: s.tip_remove_question_confirm(&code),
        action: format!("/admin/tips/categories/{id}/questions/{code}/remove"),
        button: s.tip_remove_question,
        cancel_href: format!("/admin/tips/categories/{id}"),
    })
}

async fn remove_question(
    State(state): State<AppState>,
    Administrator(_, _): Administrator,
    Path((id, code)): Path<(i64, String)>,
) -> AppResult<Response> {
    store::remove_question(&state.db, id, &code).await?;
    Ok(see_other(&format!("/admin/tips/categories/{id}#questions")))
}

/// A key as the list shows it.
pub struct KeyLine {
    pub id: i64,
    pub name: String,
    pub created: String,
    pub revoked: String,
    pub tips: i64,
}

#[derive(Template)]
#[template(path = "tips/admin_keys.html")]
struct KeysPage {
    page: Page,
    keys: Vec<KeyLine>,
    new_key: Option<(String, String)>,
    key_name: String,
    errors: FieldErrors,
}

async fn keys_view(
    state: &AppState,
    ctx: &Ctx,
    new_key: Option<(String, String)>,
    name: String,
    errors: FieldErrors,
) -> AppResult<KeysPage> {
    let lang = ctx.lang;
    Ok(KeysPage {
        page: ctx.page(ctx.s().open311_keys_title),
        keys: store::keys(&state.db)
            .await?
            .into_iter()
            .map(|k| KeyLine {
                id: k.id,
                name: k.name,
                created: format_date(k.created_at, lang),
                revoked: k
                    .revoked_at
                    .map(|t| format_date(t, lang))
                    .unwrap_or_default(),
                tips: k.tips,
            })
            .collect(),
        new_key,
        key_name: name,
        errors,
    })
}

async fn keys_page(
    State(state): State<AppState>,
    Administrator(ctx, _): Administrator,
) -> AppResult<Response> {
    render(&keys_view(&state, &ctx, None, String::new(), FieldErrors::new()).await?)
}

/// Issues a key and shows it this once (only its hash is kept).
async fn create_key(
    State(state): State<AppState>,
    Administrator(ctx, viewer): Administrator,
    Form(pairs): Form<Vec<(String, String)>>,
) -> AppResult<Response> {
    let mut name = FormPairs(pairs).get("name");
    let mut errors = FieldErrors::new();
    check_line(&mut errors, "name", &mut name, true, 100);
    if !errors.is_empty() {
        return render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &keys_view(&state, &ctx, None, name, errors).await?,
        );
    }
    let (_, key) = super::actions::issue_key(&state.db, Some(&viewer), &name).await?;
    let mut response = render(
        &keys_view(
            &state,
            &ctx,
            Some((name, key)),
            String::new(),
            FieldErrors::new(),
        )
        .await?,
    )?;
    response.headers_mut().insert(
        axum::http::header::CACHE_CONTROL,
        axum::http::HeaderValue::from_static("no-store"),
    );
    Ok(response)
}

async fn confirm_revoke(
    Administrator(ctx, _): Administrator,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let s = ctx.s();
    render(&ConfirmPage {
        page: ctx.page(s.open311_revoke),
        message: s.open311_revoke_confirm.to_string(),
        action: format!("/admin/open311-keys/{id}/revoke"),
        button: s.open311_revoke,
        cancel_href: "/admin/open311-keys".into(),
    })
}

async fn revoke_key(
    State(state): State<AppState>,
    Administrator(_, viewer): Administrator,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    super::actions::revoke_key(&state.db, Some(&viewer), id).await?;
    Ok(see_other("/admin/open311-keys"))
}
