//! The address register, and BorgerTIP there as the demo data says it
//! (`[[tip_categories]]`, `[[tips]]` in `aarhus.toml`): the categories and a tip in every status.

use super::scenario::{Cast, refused};
use super::*;
use crate::platform::config::Config;
use crate::platform::error::FieldErrors;
use crate::tips::actions::{self as tip_actions, Handling, Report};
use crate::tips::model::{Channel, CloseReason, Question, QuestionType, TipDraft, TipStatus};
use crate::tips::store::{self as tips, CategoryDraft};
use serde::Deserialize;

/// The address register: the sample of a few Aarhus streets that the repository ships in
/// DAWA's format (`samples/addresses`), read as an import reads a municipality's whole file.
pub(super) async fn address_register(db: &Db) -> AppResult<()> {
    const SAMPLE: &[u8] = include_bytes!("../../samples/addresses/aarhus-dawa.csv");
    crate::addresses::actions::import(db, SAMPLE).await?;
    Ok(())
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CategoryPlan {
    code: String,
    name_da: String,
    name_en: String,
    unit: String,
    #[serde(default)]
    questions: Vec<QuestionPlan>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionPlan {
    code: String,
    datatype: QuestionType,
    #[serde(default)]
    required: bool,
    question_da: String,
    question_en: String,
    #[serde(default)]
    choices: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct TipPlan {
    category: String,
    street: String,
    number: u32,
    description: String,
    /// The reporter; without an account when not given.
    by: Option<String>,
    #[serde(default)]
    answers: std::collections::BTreeMap<String, String>,
    #[serde(default)]
    handling: Vec<HandlingPlan>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HandlingPlan {
    by: String,
    status: Option<TipStatus>,
    close_reason: Option<CloseReason>,
    #[serde(default)]
    body: String,
}

/// A category the municipality sets up, with its questions (configuration, stored as records).
pub(super) async fn tip_category(db: &Db, cast: &Cast, c: &CategoryPlan) -> AppResult<()> {
    let draft = CategoryDraft {
        code: c.code.clone(),
        name_da: c.name_da.clone(),
        name_en: c.name_en.clone(),
        description_da: String::new(),
        description_en: String::new(),
        unit_id: cast.actor(&c.unit)?,
        active: true,
    };
    let id = tips::save_category(db, None, &draft).await?;
    for q in &c.questions {
        let question = Question {
            code: q.code.clone(),
            datatype: q.datatype,
            required: q.required,
            question_da: q.question_da.clone(),
            question_en: q.question_en.clone(),
            choices: Question::parse_choices(&q.choices),
        };
        tips::save_question(db, id, &question).await?;
    }
    Ok(())
}

/// A tip reported through the tips' action (in the municipality's area of the default
/// configuration, Aarhus), then handled step by step.
pub(super) async fn tip(db: &Db, cast: &Cast, t: &TipPlan) -> AppResult<()> {
    let reporter = match &t.by {
        Some(person) => Some(cast.viewer(db, person).await?),
        None => None,
    };
    // Placed by the address register, as a tip with only an address is.
    let mut problems = FieldErrors::new();
    let typed = format!("{} {}, 8000 Aarhus C", t.street, t.number);
    let place = tip_actions::place(db, &mut problems, None, &typed, "address").await?;
    let report = Report {
        category: Some(tips::category_by_code(db, &t.category).await?),
        draft: TipDraft {
            description: t.description.clone(),
            address: place.address,
            coordinates: place.coordinates,
            reporter_name: String::new(),
            reporter_email: String::new(),
        },
        answers: t.answers.clone().into_iter().collect(),
        photos: Vec::new(),
        channel: Channel::Web,
        open311_key_id: None,
        problems,
    };
    let config = Config::new(([127, 0, 0, 1], 0).into(), "");
    let (id, _) = tip_actions::report(db, &config, reporter.as_ref(), "demo data", report)
        .await
        .map_err(refused(&t.description))?;
    for h in &t.handling {
        let handler = cast.viewer(db, &h.by).await?;
        let handling = Handling {
            status: h.status,
            close_reason: h.close_reason,
            body: h.body.clone(),
            internal: false,
            unit_id: None,
        };
        tip_actions::handle(db, &handler, id, handling)
            .await
            .map_err(refused(&t.description))?;
    }
    Ok(())
}
