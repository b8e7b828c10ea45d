//! The address register of Frederiksbjerg, and BorgerTIP there as the demo data says it
//! (`[[tip_categories]]`, `[[tips]]` in `aarhus.toml`): the categories and a tip in every status.

use super::scenario::{Cast, refused};
use super::*;
use crate::platform::config::Config;
use crate::platform::error::FieldErrors;
use crate::tips::actions::{self as tip_actions, Handling, Report};
use crate::tips::model::{Channel, CloseReason, Question, QuestionType, TipDraft, TipStatus};
use crate::tips::store::{self as tips, CategoryDraft};
use serde::Deserialize;

/// The streets of Frederiksbjerg (8000 Aarhus C) in the address register, house numbers 1 to 80,
/// and where each runs: the register places an address between the two ends by its number.
pub(super) type StreetEnds = (&'static str, (f64, f64), (f64, f64));
pub(super) const STREET_ENDS: &[StreetEnds] = &[
    (
        "Ingerslevs Boulevard",
        (56.1468, 10.1990),
        (56.1462, 10.2100),
    ),
    ("Jægergårdsgade", (56.1492, 10.1985), (56.1478, 10.2105)),
    ("Hans Broges Gade", (56.1455, 10.2010), (56.1505, 10.2030)),
    ("Bruunsgade", (56.1475, 10.2040), (56.1510, 10.2065)),
    ("Sankt Pauls Gade", (56.1450, 10.2070), (56.1500, 10.2090)),
    (
        "Sankt Pauls Kirkeplads",
        (56.1470, 10.2075),
        (56.1474, 10.2095),
    ),
    ("Haslegade", (56.1458, 10.1995), (56.1500, 10.2000)),
    ("Lundbyesgade", (56.1485, 10.2000), (56.1488, 10.2080)),
    ("Niels Juels Gade", (56.1445, 10.2045), (56.1492, 10.2055)),
    ("Dalgas Avenue", (56.1440, 10.2040), (56.1500, 10.2115)),
    ("M.P. Bruuns Gade", (56.1500, 10.2040), (56.1525, 10.2060)),
    ("Ole Rømers Gade", (56.1455, 10.2055), (56.1495, 10.2068)),
    ("Frederiks Allé", (56.1505, 10.1990), (56.1520, 10.2075)),
    ("Tordenskjoldsgade", (56.1450, 10.2088), (56.1475, 10.2100)),
    ("Heibergsgade", (56.1465, 10.2005), (56.1480, 10.2035)),
    ("Kriegersvej", (56.1445, 10.2010), (56.1455, 10.2075)),
];

/// The place of a demo address: its street, house number n of 80 along it.
pub fn demo_place(street: &str, n: u32) -> Option<crate::platform::geo::Coordinates> {
    let (_, a, b) = STREET_ENDS.iter().find(|(s, ..)| *s == street)?;
    let f = (n.clamp(1, 80) - 1) as f64 / 79.0;
    Some((a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f))
}

/// The address register of Frederiksbjerg: the households that may order at an event, and the
/// place of each address for tips.
pub(super) async fn street_register(db: &Db) -> AppResult<()> {
    use crate::events::household::Address;
    let register: Vec<Address> = STREET_ENDS
        .iter()
        .flat_map(|(street, ..)| {
            (1..=80).map(move |n| Address {
                street: street.to_string(),
                house_number: n.to_string(),
                unit: String::new(),
                postcode: "8000".into(),
                city: "Aarhus C".into(),
            })
        })
        .collect();
    crate::events::store::add_access_addresses(db, &register).await?;
    let places: Vec<_> = register
        .iter()
        .filter_map(|a| {
            let n = a.house_number.parse().ok()?;
            Some((a.household(), demo_place(&a.street, n)?))
        })
        .collect();
    crate::tips::store::place_addresses(db, &places).await
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
    let report = Report {
        category: Some(tips::category_by_code(db, &t.category).await?),
        draft: TipDraft {
            description: t.description.clone(),
            address: format!("{} {}, 8000 Aarhus C", t.street, t.number),
            coordinates: demo_place(&t.street, t.number),
            reporter_name: String::new(),
            reporter_email: String::new(),
        },
        answers: t.answers.clone().into_iter().collect(),
        photos: Vec::new(),
        channel: Channel::Web,
        open311_key_id: None,
        problems: FieldErrors::new(),
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
