//! Debates as the demo data says them (`[[debates]]` in `aarhus.toml`): started, replied to
//! (a reply may quote an earlier one by its number) and concluded through the debate's actions,
//! their silent halves, since the people are invented.

use super::scenario::{Cast, refused};
use super::*;
use crate::debate::actions as debate;
use crate::debate::model::{OutcomeDraft, PostDraft, ThreadDraft};
use crate::following::model::Target;
use crate::platform::time::today;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DebatePlan {
    by: String,
    theme: Option<Theme>,
    neighbourhood: Option<String>,
    /// An initiative, by its key.
    initiative: Option<String>,
    title: String,
    body: String,
    #[serde(default)]
    replies: Vec<ReplyPlan>,
    outcome: Option<OutcomePlan>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ReplyPlan {
    by: String,
    body: String,
    /// The reply it quotes, numbered from 1.
    quote: Option<usize>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct OutcomePlan {
    by: String,
    outcome: String,
    concluded_by: String,
    /// It is reviewed this many days from the day the demo is loaded.
    review_days: Option<i64>,
}

pub(super) async fn debate(db: &Db, cast: &Cast, d: &DebatePlan) -> AppResult<()> {
    let subject = match (&d.theme, &d.neighbourhood, &d.initiative) {
        (Some(t), _, _) => Target::Theme(*t),
        (_, Some(n), _) => Target::Neighbourhood(n.clone()),
        (_, _, Some(key)) => Target::Initiative(cast.initiative(key)?),
        _ => {
            return Err(AppError::Internal(format!(
                "demo data: {} is about nothing",
                d.title
            )));
        }
    };
    let starter = cast.viewer(db, &d.by).await?;
    let draft = ThreadDraft {
        subject,
        title: d.title.clone(),
        body: d.body.clone(),
    };
    let label = d.neighbourhood.clone().unwrap_or_default();
    let id = debate::write_thread(db, &starter, draft, &label)
        .await
        .map_err(refused(&d.title))?;
    let mut posts = Vec::new();
    for r in &d.replies {
        let by = cast.viewer(db, &r.by).await?;
        let quote_of = r.quote.and_then(|n| posts.get(n - 1).copied());
        let post = PostDraft {
            body: r.body.clone(),
            quote_of,
        };
        let (_, post) = debate::write_reply(db, &by, id, post)
            .await
            .map_err(refused(&r.body))?;
        posts.push(post);
    }
    if let Some(o) = &d.outcome {
        let by = cast.viewer(db, &o.by).await?;
        let review_on = o
            .review_days
            .map(|days| today().checked_add(jiff::Span::new().days(days)))
            .transpose()
            .map_err(|e| AppError::Internal(e.to_string()))?;
        let outcome = OutcomeDraft {
            outcome: o.outcome.clone(),
            concluded_by: o.concluded_by.clone(),
            review_on,
        };
        debate::record_outcome(db, &by, id, outcome, Default::default())
            .await
            .map_err(refused(&o.outcome))?;
    }
    Ok(())
}
