//! The page's two forms as typed, and how they are read into drafts.

use super::*;

/// The indicator form as typed.
#[derive(serde::Deserialize, Default)]
pub(super) struct IndicatorForm {
    #[serde(default)]
    pub(super) goal: String,
    /// A library measure's code, or empty for one of the initiative's own.
    #[serde(default)]
    pub(super) measure: String,
    #[serde(default)]
    pub(super) name: String,
    #[serde(default)]
    pub(super) unit: String,
    #[serde(default)]
    pub(super) method: String,
    #[serde(default)]
    pub(super) baseline_value: String,
    #[serde(default)]
    pub(super) baseline_on: String,
    #[serde(default)]
    pub(super) target_value: String,
    #[serde(default)]
    pub(super) target_on: String,
}

impl IndicatorForm {
    /// The draft the form describes, with what could not be read as field errors.
    pub(super) fn draft(&self, lang: Lang) -> (IndicatorDraft, FieldErrors) {
        let mut errors = FieldErrors::new();
        let goal = ValueGoal::parse(&self.goal).unwrap_or_else(|| {
            errors.insert("goal", text!(err_choose));
            ValueGoal::Quality
        });
        let measure = optional(
            &mut errors,
            "measure",
            &self.measure,
            Measure::parse,
            text!(err_choose),
        );
        let baseline = mark(
            &mut errors,
            "baseline",
            &self.baseline_value,
            &self.baseline_on,
            lang,
        );
        let target = mark(
            &mut errors,
            "target",
            &self.target_value,
            &self.target_on,
            lang,
        );
        let draft = IndicatorDraft {
            goal,
            measure,
            name: self.name.clone(),
            unit: self.unit.clone(),
            method: self.method.clone(),
            baseline,
            target,
        };
        (draft, errors)
    }
}

/// The measurement form as typed; its fields are named apart from the indicator form's, which
/// shares the page.
#[derive(serde::Deserialize, Default)]
pub(super) struct MeasurementForm {
    #[serde(default)]
    pub(super) indicator: String,
    #[serde(default)]
    pub(super) measured_value: String,
    #[serde(default)]
    pub(super) measured_from: String,
    #[serde(default)]
    pub(super) measured_to: String,
    #[serde(default)]
    pub(super) measured_method: String,
    #[serde(default)]
    pub(super) source: String,
    #[serde(default)]
    pub(super) vouched_by: String,
    /// The measurement corrected, or empty for a new one.
    #[serde(default)]
    pub(super) supersedes: String,
}

impl MeasurementForm {
    /// The indicator and the draft the form describes, or the fields that could not be read.
    pub(super) fn draft(&self, lang: Lang) -> (Option<(i64, MeasurementDraft)>, FieldErrors) {
        let mut errors = FieldErrors::new();
        let mut required = |field: &'static str, value: Option<_>| {
            if value.is_none() && !errors.contains_key(field) {
                errors.insert(field, text!(err_required));
            }
            value
        };
        let indicator = required("indicator", self.indicator.parse::<i64>().ok());
        let vouched_by = required("vouched_by", self.vouched_by.parse::<i64>().ok());
        let supersedes = optional(
            &mut errors,
            "supersedes",
            &self.supersedes,
            |v| v.parse::<i64>().ok(),
            text!(err_choose),
        );
        let value = optional(
            &mut errors,
            "measured_value",
            &self.measured_value,
            |v| parse_number(v, lang),
            text!(err_number),
        );
        let from = day_field(&mut errors, "measured_from", &self.measured_from);
        let to = day_field(&mut errors, "measured_to", &self.measured_to);
        for (field, missing) in [
            ("measured_value", value.is_none()),
            ("measured_from", from.is_none()),
            ("measured_to", to.is_none()),
        ] {
            if missing && !errors.contains_key(field) {
                errors.insert(field, text!(err_required));
            }
        }
        let draft = match (indicator, vouched_by, value, from, to) {
            (Some(indicator), Some(vouched_by), Some(value), Some(from), Some(to)) => Some((
                indicator,
                MeasurementDraft {
                    value,
                    from,
                    to,
                    method: self.measured_method.clone(),
                    source: self.source.clone(),
                    vouched_by,
                    supersedes,
                },
            )),
            _ => None,
        };
        (draft, errors)
    }
}

/// The measurement's fields as the page names them.
pub(super) const MEASUREMENT_FIELDS: [(&str, &str); 4] = [
    ("value", "measured_value"),
    ("from", "measured_from"),
    ("to", "measured_to"),
    ("method", "measured_method"),
];

/// The question form as typed.
#[derive(serde::Deserialize, Default)]
pub(super) struct QuestionForm {
    #[serde(default)]
    pub(super) question_measurement: String,
    #[serde(default)]
    pub(super) asked_by: String,
    #[serde(default)]
    pub(super) question: String,
}

impl QuestionForm {
    /// The measurement asked about and the draft, or the fields that could not be read.
    pub(super) fn draft(&self) -> (Option<(i64, QuestionDraft)>, FieldErrors) {
        let mut errors = FieldErrors::new();
        let measurement = self.question_measurement.parse::<i64>().ok();
        let asked_by = self.asked_by.parse::<i64>().ok();
        for (field, missing) in [
            ("question_measurement", measurement.is_none()),
            ("asked_by", asked_by.is_none()),
        ] {
            if missing {
                errors.insert(field, text!(err_choose));
            }
        }
        let draft = measurement.zip(asked_by).map(|(m, asked_by)| {
            let body = self.question.clone();
            (m, QuestionDraft { asked_by, body })
        });
        (draft, errors)
    }
}

/// The form for a partner's key as typed.
#[derive(serde::Deserialize, Default)]
pub(super) struct KeyForm {
    #[serde(default)]
    pub(super) key_label: String,
    #[serde(default)]
    pub(super) key_party: String,
}

impl KeyForm {
    pub(super) fn draft(&self) -> (KeyDraft, FieldErrors) {
        let mut errors = FieldErrors::new();
        let party = self.key_party.parse::<i64>().unwrap_or_else(|_| {
            errors.insert("key_party", text!(err_choose));
            0
        });
        let label = self.key_label.clone();
        (KeyDraft { party, label }, errors)
    }
}

/// The question's and the key's fields as the page names them.
pub(super) const QUESTION_FIELDS: [(&str, &str); 1] = [("body", "question")];
pub(super) const KEY_FIELDS: [(&str, &str); 2] = [("label", "key_label"), ("party", "key_party")];

/// What was typed into the page's forms, shown again with its errors.
#[derive(Default)]
pub(super) struct Typed {
    pub(super) indicator: IndicatorForm,
    pub(super) measurement: MeasurementForm,
    pub(super) question: QuestionForm,
    pub(super) key: KeyForm,
    pub(super) errors: FieldErrors,
}

/// A value and its date, both given or neither.
fn mark(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    on: &str,
    lang: Lang,
) -> Option<Mark> {
    let (value_field, on_field) = match field {
        "baseline" => ("baseline_value", "baseline_on"),
        _ => ("target_value", "target_on"),
    };
    let value = optional(
        errors,
        value_field,
        value,
        |v| parse_number(v, lang),
        text!(err_number),
    );
    let on = day_field(errors, on_field, on);
    match (value, on) {
        (Some(value), Some(on)) => Some(Mark { value, on }),
        (Some(_), None) if !errors.contains_key(on_field) => {
            errors.insert(on_field, text!(err_required));
            None
        }
        (None, Some(_)) if !errors.contains_key(value_field) => {
            errors.insert(value_field, text!(err_required));
            None
        }
        _ => None,
    }
}
