//! The fællesråd's workshop as the demo data says it (`[[workshops]]` in `aarhus.toml`):
//! planned by its host and opened; ideas added from residents' phones through the session and
//! from paper by a facilitator; dots given from the phones in the room; ideas grouped under
//! themes, merged and split; the session closed and every idea's fate decided, all through the
//! workshops' actions, their silent halves where they tell people, since the people are
//! invented.

use super::neighbourhood::{at, next_day};
use super::scenario::{Cast, InitiativePlan, initiative, refused};
use super::*;
use crate::events::actions as events;
use crate::initiatives::actions::Adopts;
use crate::platform::db;
use crate::platform::time::{parse_moment, today};
use crate::workshops::actions::{self as workshops, Joining, Plan};
use crate::workshops::model::*;
use crate::workshops::store::{self, Participant};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct WorkshopPlan {
    by: String,
    host: String,
    #[serde(default)]
    co_hosts: Vec<String>,
    title: String,
    purpose: String,
    #[serde(default)]
    agenda: String,
    place: String,
    /// `YYYY-MM-DDTHH:MM`, or `HH:MM` on the next `day` (`MM-DD`) for a workshop to come.
    starts: String,
    ends: String,
    day: Option<String>,
    questions: Vec<String>,
    /// Places for those who sign up beforehand, and who did.
    capacity: Option<i64>,
    #[serde(default)]
    signups: Vec<String>,
    /// Who types in the paper post-its and works the ideas.
    facilitator: String,
    /// The phones in the room, those who added ideas included.
    #[serde(default)]
    residents: usize,
    #[serde(default)]
    themes: Vec<String>,
    /// None for a workshop to come.
    #[serde(default)]
    ideas: Vec<IdeaPlan>,
    #[serde(default)]
    merges: Vec<MergePlan>,
    #[serde(default)]
    splits: Vec<SplitPlan>,
    /// Initiatives started from ideas, which take the idea up as they start.
    #[serde(default)]
    initiatives: Vec<StartPlan>,
}

/// An initiative started from the idea numbered `idea` (from 1), with the reason it is taken up.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct StartPlan {
    idea: usize,
    reason: String,
    initiative: InitiativePlan,
}

/// An idea under the question numbered `q` (from 1), by `author` (none: anonymous), from a
/// phone unless `paper`; its theme, the dots it got, and its fate unless it was merged.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct IdeaPlan {
    q: usize,
    text: String,
    #[serde(default)]
    author: String,
    #[serde(default)]
    paper: bool,
    theme: Option<String>,
    #[serde(default)]
    dots: usize,
    decided: Option<DecisionPlan>,
}

/// Ideas (by their numbers, from 1) merged into one, and its fate.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct MergePlan {
    ideas: Vec<usize>,
    text: String,
    decided: DecisionPlan,
}

/// An idea (by its number, from 1) split into parts, each with its fate.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct SplitPlan {
    idea: usize,
    parts: Vec<PartPlan>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PartPlan {
    text: String,
    decided: DecisionPlan,
}

/// An idea's fate as `by` decided it.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DecisionPlan {
    fate: Fate,
    adopted_as: Option<AdoptedAs>,
    /// What an adopted idea became: an initiative by its key, or a need or a request to the
    /// municipality by its title.
    initiative: Option<String>,
    need: Option<String>,
    request: Option<String>,
    /// A parked idea is taken up again this many days from the day the demo is loaded.
    parked_days: Option<i64>,
    reason: String,
    responsible: String,
    by: String,
}

impl DecisionPlan {
    async fn draft(&self, db: &Db, cast: &Cast) -> AppResult<FateDraft> {
        let titled = |table: &'static str, title: &str| {
            let title = title.to_string();
            async move {
                let id: Option<i64> =
                    db::query_scalar(format!("SELECT MIN(id) FROM {table} WHERE title = $1"))
                        .bind(&title)
                        .fetch_one(db.pool())
                        .await?;
                id.ok_or_else(|| missing(format!("{table}: {title:?}")))
            }
        };
        let adopted_id = match (&self.initiative, &self.need, &self.request) {
            (Some(key), _, _) => Some(cast.initiative(key)?),
            (_, Some(title), _) => Some(titled("needs", title).await?),
            (_, _, Some(title)) => Some(titled("requests", title).await?),
            _ => None,
        };
        let parked_until = self
            .parked_days
            .map(|days| today().checked_add(jiff::Span::new().days(days)))
            .transpose()
            .map_err(|e| AppError::Internal(e.to_string()))?;
        Ok(FateDraft {
            fate: self.fate,
            adopted_as: self.adopted_as,
            adopted_id,
            parked_until,
            reason: self.reason.clone(),
            responsible: self.responsible.clone(),
        })
    }
}

fn missing(what: String) -> AppError {
    AppError::Internal(format!("demo data: {what}"))
}

pub(super) async fn workshop(db: &Db, cast: &mut Cast, w: &WorkshopPlan) -> AppResult<()> {
    let host = cast.viewer(db, &w.by).await?;
    let facilitator = cast.viewer(db, &w.facilitator).await?;
    let day = w.day.as_deref().map(next_day).transpose()?;
    let moment = |t: &str| match day {
        Some(day) => at(day, t),
        None => parse_moment(t).ok_or_else(|| missing(format!("time {t:?}"))),
    };
    let plan = Plan {
        host_id: cast.actor(&w.host)?,
        co_host_ids: w
            .co_hosts
            .iter()
            .map(|k| cast.actor(k))
            .collect::<AppResult<_>>()?,
        draft: WorkshopDraft {
            title: w.title.clone(),
            purpose: w.purpose.clone(),
            agenda: w.agenda.clone(),
            place: w.place.clone(),
            starts_at: moment(&w.starts)?,
            ends_at: moment(&w.ends)?,
            questions: w.questions.clone(),
            dots: 3,
            fate_within_days: 60,
        },
        capacity: w.capacity,
    };
    let id = workshops::plan(db, &host, plan, Default::default())
        .await
        .map_err(refused(&w.title))?;
    let workshop = store::get(db, id).await?;
    if let Some(event) = workshop.event_id {
        for person in &w.signups {
            let viewer = cast.viewer(db, person).await?;
            events::sign_up(db, &viewer, event).await?;
        }
    }
    if w.ideas.is_empty() {
        return Ok(());
    }
    let (planned, open) = (SessionState::Planned, SessionState::Open);
    workshops::move_session(db, &host, id, planned, open).await?;
    for theme in &w.themes {
        workshops::add_theme(db, &facilitator, id, theme.clone()).await?;
    }
    let themes = store::themes(db, id).await?;
    let mut phones = Vec::new();
    let mut ideas = Vec::new();
    for i in &w.ideas {
        let question = (workshop.questions.get(i.q - 1))
            .ok_or_else(|| missing(format!("question {}", i.q)))?;
        let draft = IdeaDraft {
            question_id: question.id,
            text: i.text.clone(),
            author_name: i.author.clone(),
            origin: Some(if i.paper {
                Origin::Paper
            } else {
                Origin::Phone
            }),
        };
        let idea = if i.paper {
            workshops::add_from_paper(db, &facilitator, id, draft).await
        } else {
            let phone = join(db, id, &workshop.code, &i.author).await?;
            let idea = workshops::add_from_phone(db, &phone, draft).await;
            phones.push(phone);
            idea
        };
        let idea = idea.map_err(refused(&i.text))?;
        if let Some(theme) = &i.theme {
            let found = themes.iter().find(|(_, name)| name == theme);
            let (theme_id, _) = found.ok_or_else(|| missing(format!("theme {theme:?}")))?;
            workshops::set_theme(db, &facilitator, idea, Some(*theme_id)).await?;
        }
        ideas.push(idea);
    }
    while phones.len() < w.residents {
        phones.push(join(db, id, &workshop.code, "").await?);
    }
    give_dots(db, w, &ideas, &phones).await?;
    let mut decisions = Vec::new();
    for m in &w.merges {
        let idea_ids = m.ideas.iter().map(|n| ideas[n - 1]).collect();
        let draft = MergeDraft {
            idea_ids,
            text: m.text.clone(),
        };
        let merged = workshops::merge(db, &facilitator, id, draft)
            .await
            .map_err(refused(&m.text))?;
        decisions.push((merged, &m.decided));
    }
    for split in &w.splits {
        let draft = SplitDraft {
            parts: split.parts.iter().map(|p| p.text.clone()).collect(),
        };
        let parts = workshops::split(db, &facilitator, ideas[split.idea - 1], draft)
            .await
            .map_err(refused(&w.ideas[split.idea - 1].text))?;
        decisions.extend(
            parts
                .into_iter()
                .zip(split.parts.iter().map(|p| &p.decided)),
        );
    }
    workshops::move_session(db, &host, id, open, SessionState::Closed).await?;
    decisions.extend(
        w.ideas
            .iter()
            .zip(&ideas)
            .filter_map(|(i, idea)| i.decided.as_ref().map(|d| (*idea, d))),
    );
    for (idea, decided) in decisions {
        let by = cast.viewer(db, &decided.by).await?;
        let fate = decided.draft(db, cast).await?;
        workshops::record_fate(db, &by, idea, None, fate, Default::default())
            .await
            .map_err(refused(&decided.reason))?;
    }
    for start in &w.initiatives {
        let adoption = workshops::IdeaAdoption {
            idea_id: ideas[start.idea - 1],
            reason: start.reason.clone(),
            before: None,
        };
        initiative(db, cast, &start.initiative, Some(Adopts::Idea(adoption))).await?;
    }
    Ok(())
}

/// A phone joins the session without an account, under `name`.
async fn join(db: &Db, workshop: i64, code: &str, name: &str) -> AppResult<Participant> {
    let joining = Joining {
        name: name.to_string(),
        email: String::new(),
    };
    let (_, joined) = workshops::join(db, None, "demo", code, joining).await?;
    workshops::participant(db, workshop, None, joined.secret.as_deref())
        .await?
        .ok_or_else(|| missing("a phone that joined".into()))
}

/// Each idea gets its dots from the first phones in the room that still have one to give.
async fn give_dots(
    db: &Db,
    w: &WorkshopPlan,
    ideas: &[i64],
    phones: &[Participant],
) -> AppResult<()> {
    let mut left = vec![3usize; phones.len()];
    let mut from = 0;
    for (plan, idea) in w.ideas.iter().zip(ideas) {
        for _ in 0..plan.dots {
            let phone = (0..phones.len())
                .map(|k| (from + k) % phones.len())
                .find(|&k| left[k] > 0)
                .ok_or_else(|| missing(format!("dots for {:?}", plan.text)))?;
            workshops::give_dot(db, &phones[phone], *idea)
                .await
                .map_err(refused(&plan.text))?;
            left[phone] -= 1;
            from = phone + 1;
        }
    }
    Ok(())
}
