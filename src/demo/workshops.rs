//! The fællesråd's workshop as the demo data says it (`[[workshops]]` in `aarhus.toml`): planned
//! by its host, opened, ideas added from residents' phones through the session and from paper
//! by a facilitator, closed, and every idea's fate decided, all through the workshops' actions.

use super::scenario::{Cast, refused};
use super::*;
use crate::platform::time::{parse_moment, today};
use crate::workshops::actions::{self as workshops, Joining, Plan};
use crate::workshops::model::*;
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
    starts: String,
    ends: String,
    questions: Vec<String>,
    /// Who types in the paper post-its.
    facilitator: String,
    ideas: Vec<IdeaPlan>,
}

/// An idea under the question numbered `q` (from 1), by `author` (none: anonymous), from a
/// phone unless `paper`, and its fate as decided by `by`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct IdeaPlan {
    q: usize,
    text: String,
    #[serde(default)]
    author: String,
    #[serde(default)]
    paper: bool,
    fate: Fate,
    adopted_as: Option<AdoptedAs>,
    /// The initiative an adopted idea became, by its key.
    initiative: Option<String>,
    /// A parked idea is taken up again this many days from the day the demo is loaded.
    parked_days: Option<i64>,
    reason: String,
    responsible: String,
    by: String,
}

pub(super) async fn workshop(db: &Db, cast: &Cast, w: &WorkshopPlan) -> AppResult<()> {
    let host = cast.viewer(db, &w.by).await?;
    let moment = |t: &str| {
        parse_moment(t).ok_or_else(|| AppError::Internal(format!("demo data: time {t:?}")))
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
    };
    let id = workshops::plan(db, &host, plan, Default::default())
        .await
        .map_err(refused(&w.title))?;
    let (planned, open) = (SessionState::Planned, SessionState::Open);
    workshops::move_session(db, &host, id, planned, open).await?;
    let questions = crate::workshops::store::get(db, id).await?.questions;
    let facilitator = cast.viewer(db, &w.facilitator).await?;
    let code = crate::workshops::store::get(db, id).await?.code;
    let mut ideas = Vec::new();
    for i in &w.ideas {
        let question = questions
            .get(i.q - 1)
            .ok_or_else(|| AppError::Internal(format!("demo data: no question {}", i.q)))?;
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
            let joining = Joining {
                name: i.author.clone(),
                email: String::new(),
            };
            let (_, joined) = workshops::join(db, None, &code, joining).await?;
            let phone = workshops::participant(db, id, None, joined.secret.as_deref())
                .await?
                .ok_or_else(|| AppError::Internal("demo data: a phone that joined".into()))?;
            workshops::add_from_phone(db, &phone, draft).await
        };
        ideas.push(idea.map_err(refused(&i.text))?);
    }
    workshops::move_session(db, &host, id, open, SessionState::Closed).await?;
    for (i, idea) in w.ideas.iter().zip(ideas) {
        let by = cast.viewer(db, &i.by).await?;
        let fate = FateDraft {
            fate: i.fate,
            adopted_as: i.adopted_as,
            adopted_id: i
                .initiative
                .as_deref()
                .map(|k| cast.initiative(k))
                .transpose()?,
            parked_until: i
                .parked_days
                .map(|days| today().checked_add(jiff::Span::new().days(days)))
                .transpose()
                .map_err(|e| AppError::Internal(e.to_string()))?,
            reason: i.reason.clone(),
            responsible: i.responsible.clone(),
        };
        workshops::decide(db, &by, idea, None, fate, Default::default())
            .await
            .map_err(refused(&i.text))?;
    }
    Ok(())
}
