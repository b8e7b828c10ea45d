//! Experience surveys: a few short questions to the people who took part, answered on a phone
//! through a personal link, anonymously; results only for groups large enough that nobody can
//! be picked out.

use crate::platform::error::FieldErrors;
use crate::platform::input::{check_line, check_text};
use crate::{labelled_enum, refusals, text};

labelled_enum! {
    /// What a question asks for.
    pub enum QuestionKind {
        Scale = "scale" => question_kind_scale,
        Choice = "choice" => question_kind_choice,
        Text = "text" => question_kind_text,
    }
}

labelled_enum! {
    /// Who a survey goes to.
    pub enum SurveyAudience {
        Participants = "participants" => survey_audience_participants,
        Attended = "attended" => survey_audience_attended,
        Contributors = "contributors" => survey_audience_contributors,
        Booked = "booked" => survey_audience_booked,
    }
}

/// A survey is short: at most this many questions, one of them free text.
pub const QUESTIONS_MAX: usize = 8;
/// Results are shown only when at least this many answered.
pub const MIN_GROUP: usize = 5;
/// A scale runs from 1 (not at all) to 5 (very much).
pub const SCALE: std::ops::RangeInclusive<i64> = 1..=5;
pub const TITLE_MAX: usize = 140;
pub const PROMPT_MAX: usize = 300;
pub const CHOICE_MAX: usize = 100;
pub const CHOICES_MAX: usize = 8;
pub const ANSWER_MAX: usize = 2_000;

/// The form's and the API's name for each question's fields, by position.
pub const PROMPT_FIELDS: [&str; QUESTIONS_MAX] = [
    "prompt_1", "prompt_2", "prompt_3", "prompt_4", "prompt_5", "prompt_6", "prompt_7", "prompt_8",
];
pub const CHOICE_FIELDS: [&str; QUESTIONS_MAX] = [
    "choices_1",
    "choices_2",
    "choices_3",
    "choices_4",
    "choices_5",
    "choices_6",
    "choices_7",
    "choices_8",
];
pub const ANSWER_FIELDS: [&str; QUESTIONS_MAX] = [
    "answer_1", "answer_2", "answer_3", "answer_4", "answer_5", "answer_6", "answer_7", "answer_8",
];

/// A question as its survey's author writes it.
#[derive(Clone, Debug, PartialEq, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionDraft {
    pub kind: QuestionKind,
    pub prompt: String,
    /// For a choice: two to eight answers to choose from.
    #[serde(default)]
    pub choices: Vec<String>,
}

/// A survey as the initiative's leaders write it (also the API's body).
#[derive(Clone, Debug, PartialEq, serde::Deserialize, utoipa::ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SurveyDraft {
    pub title: String,
    pub audience: SurveyAudience,
    /// For `attended`: the initiative's event whose checked-in people are asked.
    pub event_id: Option<i64>,
    pub questions: Vec<QuestionDraft>,
}

impl SurveyDraft {
    /// A title; one to eight questions, each with its words, a choice with two to eight
    /// answers, at most one free text; an event when the audience is those who attended one.
    pub fn check(&mut self) -> FieldErrors {
        let mut errors = FieldErrors::new();
        check_line(&mut errors, "title", &mut self.title, true, TITLE_MAX);
        if self.questions.is_empty() {
            errors.insert("prompt_1", text!(err_survey_no_questions));
        }
        if self.questions.len() > QUESTIONS_MAX {
            errors.insert("questions", text!(err_survey_too_many(QUESTIONS_MAX)));
        }
        let texts = self
            .questions
            .iter()
            .filter(|q| q.kind == QuestionKind::Text)
            .count();
        for (n, q) in self.questions.iter_mut().take(QUESTIONS_MAX).enumerate() {
            check_line(
                &mut errors,
                PROMPT_FIELDS[n],
                &mut q.prompt,
                true,
                PROMPT_MAX,
            );
            if q.kind != QuestionKind::Choice {
                q.choices.clear();
                continue;
            }
            q.choices.iter_mut().for_each(|c| *c = c.trim().to_string());
            q.choices.retain(|c| !c.is_empty());
            let long = q.choices.iter().any(|c| c.chars().count() > CHOICE_MAX);
            if !(2..=CHOICES_MAX).contains(&q.choices.len()) || long {
                errors.insert(CHOICE_FIELDS[n], text!(err_survey_choices(CHOICES_MAX)));
            }
        }
        if texts > 1 {
            errors.insert("questions", text!(err_survey_one_text));
        }
        if (self.audience == SurveyAudience::Attended) != self.event_id.is_some() {
            errors.insert("event", text!(err_survey_event));
        }
        errors
    }
}

/// One answer as given.
#[derive(Clone, Debug, PartialEq)]
pub enum AnswerValue {
    Scale(i64),
    /// The position of the choice.
    Choice(usize),
    Text(String),
}

/// The answers as typed, one text per question (empty: skipped), read against the questions;
/// a value that does not fit its question is refused beside it.
pub fn read_answers(
    questions: &[QuestionDraft],
    typed: &[String],
) -> Result<Vec<Option<AnswerValue>>, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut answers = Vec::new();
    for (n, q) in questions.iter().enumerate().take(QUESTIONS_MAX) {
        let mut t = typed.get(n).cloned().unwrap_or_default();
        let answer = match (q.kind, t.trim()) {
            (_, "") => None,
            (QuestionKind::Scale, v) => match v.parse::<i64>() {
                Ok(v) if SCALE.contains(&v) => Some(AnswerValue::Scale(v)),
                _ => {
                    errors.insert(ANSWER_FIELDS[n], text!(err_choose));
                    None
                }
            },
            (QuestionKind::Choice, v) => match v.parse::<usize>() {
                Ok(i) if i < q.choices.len() => Some(AnswerValue::Choice(i)),
                _ => {
                    errors.insert(ANSWER_FIELDS[n], text!(err_choose));
                    None
                }
            },
            (QuestionKind::Text, _) => {
                check_text(&mut errors, ANSWER_FIELDS[n], &mut t, false, ANSWER_MAX);
                Some(AnswerValue::Text(t))
            }
        };
        answers.push(answer);
    }
    match errors.is_empty() {
        true => Ok(answers),
        false => Err(errors),
    }
}

/// What a group answered to one question.
#[derive(Clone, Debug, PartialEq)]
pub enum Tally {
    /// How many chose each point of the scale, 1 to 5, and the mean.
    Scale {
        counts: [usize; 5],
        mean: Option<f64>,
    },
    /// How many chose each choice, in the question's order.
    Choice(Vec<usize>),
    /// The free texts, for the initiative's leaders only.
    Text(Vec<String>),
}

/// Tallies one question's answers.
pub fn tally(q: &QuestionDraft, answers: &[AnswerValue]) -> Tally {
    match q.kind {
        QuestionKind::Scale => {
            let mut counts = [0; 5];
            for a in answers {
                if let AnswerValue::Scale(v) = a
                    && SCALE.contains(v)
                {
                    counts[(*v - 1) as usize] += 1;
                }
            }
            let n: usize = counts.iter().sum();
            let sum: usize = counts.iter().enumerate().map(|(i, c)| (i + 1) * c).sum();
            let mean = (n > 0).then(|| sum as f64 / n as f64);
            Tally::Scale { counts, mean }
        }
        QuestionKind::Choice => {
            let mut counts = vec![0; q.choices.len()];
            for a in answers {
                if let AnswerValue::Choice(i) = a
                    && let Some(c) = counts.get_mut(*i)
                {
                    *c += 1;
                }
            }
            Tally::Choice(counts)
        }
        QuestionKind::Text => Tally::Text(
            answers
                .iter()
                .filter_map(|a| match a {
                    AnswerValue::Text(t) if !t.is_empty() => Some(t.clone()),
                    _ => None,
                })
                .collect(),
        ),
    }
}

/// Whether a group's answers may be shown: never fewer than `MIN_GROUP` answers, so that no
/// reader can pick out a person.
pub fn shown(respondents: usize) -> bool {
    respondents >= MIN_GROUP
}

/// Experienced quality as the people asked tell it: each respondent's mean over the scale
/// questions they answered, then the mean over respondents, so that each person weighs the
/// same however many questions they answered; with how many respondents. None for a group
/// smaller than `MIN_GROUP`.
pub fn experienced_quality<'a>(
    responses: impl IntoIterator<Item = &'a [Option<AnswerValue>]>,
) -> Option<(f64, usize)> {
    let means: Vec<f64> = responses
        .into_iter()
        .filter_map(|answers| {
            let scale: Vec<i64> = answers
                .iter()
                .filter_map(|a| match a {
                    Some(AnswerValue::Scale(v)) => Some(*v),
                    _ => None,
                })
                .collect();
            (!scale.is_empty()).then(|| scale.iter().sum::<i64>() as f64 / scale.len() as f64)
        })
        .collect();
    shown(means.len()).then(|| (means.iter().sum::<f64>() / means.len() as f64, means.len()))
}

refusals! {
    pub enum SurveyRefusal {
        /// The personal link was used already: one answer per person.
        AlreadyAnswered = "survey_already_answered" => |s| s.err_survey_already_answered,
        /// Nobody is in the audience chosen.
        NoAudience = "survey_no_audience" => |s| s.err_survey_no_audience,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(kind: QuestionKind, choices: &[&str]) -> QuestionDraft {
        QuestionDraft {
            kind,
            prompt: "Hvordan var turen?".into(),
            choices: choices.iter().map(|c| c.to_string()).collect(),
        }
    }

    fn survey(questions: Vec<QuestionDraft>) -> SurveyDraft {
        SurveyDraft {
            title: "Efter turen".into(),
            audience: SurveyAudience::Participants,
            event_id: None,
            questions,
        }
    }

    #[test]
    fn a_survey_is_short_and_each_question_complete() {
        assert!(
            survey(vec![question(QuestionKind::Scale, &[])])
                .check()
                .is_empty()
        );
        assert!(survey(vec![]).check().contains_key("prompt_1"));
        let nine = vec![question(QuestionKind::Scale, &[]); 9];
        assert!(survey(nine).check().contains_key("questions"));
        let two_texts = vec![question(QuestionKind::Text, &[]); 2];
        assert!(survey(two_texts).check().contains_key("questions"));
        let one_choice = survey(vec![question(QuestionKind::Choice, &["Ja", " "])]).check();
        assert!(one_choice.contains_key("choices_1"));
        let mut attended = survey(vec![question(QuestionKind::Scale, &[])]);
        attended.audience = SurveyAudience::Attended;
        assert!(attended.check().contains_key("event"));
    }

    #[test]
    fn answers_fit_their_questions() {
        let qs = [
            question(QuestionKind::Scale, &[]),
            question(QuestionKind::Choice, &["Ja", "Nej"]),
            question(QuestionKind::Text, &[]),
        ];
        let read = |typed: [&str; 3]| read_answers(&qs, &typed.map(String::from));
        assert_eq!(
            read(["4", "1", "Dejligt"]).unwrap(),
            [
                Some(AnswerValue::Scale(4)),
                Some(AnswerValue::Choice(1)),
                Some(AnswerValue::Text("Dejligt".into()))
            ]
        );
        assert_eq!(
            read(["", "", ""]).unwrap(),
            [None, None, None],
            "any may be skipped"
        );
        let wrong = read(["6", "2", ""]).unwrap_err();
        assert!(wrong.contains_key("answer_1") && wrong.contains_key("answer_2"));
    }

    #[test]
    fn a_tally_counts_and_a_small_group_is_not_shown() {
        let scale = question(QuestionKind::Scale, &[]);
        let given = [4, 5, 5, 3].map(AnswerValue::Scale);
        assert_eq!(
            tally(&scale, &given),
            Tally::Scale {
                counts: [0, 0, 1, 1, 2],
                mean: Some(4.25)
            }
        );
        assert!(!shown(4));
        assert!(shown(5));
    }

    #[test]
    fn experienced_quality_weighs_each_person_the_same_and_needs_a_group() {
        use AnswerValue::*;
        let one = [Some(Scale(5)), Some(Scale(3)), Some(Text("Fint".into()))];
        let skipped = [None, None, Some(Choice(0))];
        let others = [Some(Scale(4)), None, None];
        let group = [&one[..], &others, &others, &others, &skipped, &one];
        let (mean, respondents) = experienced_quality(group).unwrap();
        assert_eq!(respondents, 5, "one answered no scale question");
        assert!((mean - 4.0).abs() < 1e-9, "{mean}");
        assert_eq!(
            experienced_quality([&one[..], &others, &others, &others]),
            None
        );
    }
}
