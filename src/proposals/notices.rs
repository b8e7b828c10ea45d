//! What the two sides hear of a proposal: its addressee that it was made, the side that made
//! it how it was answered. They hear it as the people who speak for them.

use super::store::Proposal;
use crate::following::notify::{self, Audience, Notice, NotificationKind};
use crate::platform::db::{self, Db};
use crate::platform::error::AppResult;

/// The people who speak for an actor: a person, or those acting for an organisation.
async fn speakers(db: &Db, actor_id: i64) -> AppResult<Vec<i64>> {
    Ok(db::query_scalar(
        "SELECT id FROM actors WHERE id = $1 AND kind = 'person' \
         UNION SELECT person_id FROM memberships WHERE organisation_id = $1 \
         AND role IN ('admin', 'employee', 'leader')",
    )
    .bind(actor_id)
    .fetch_all(db.pool())
    .await?)
}

async fn tell(db: &Db, what: &'static str, actor_id: i64, by_user: i64, notice: Notice) {
    match speakers(db, actor_id).await {
        Ok(persons) => {
            let audience = Audience {
                persons,
                except_user: Some(by_user),
                ..Audience::default()
            };
            notify::tell(db, what, &audience, &notice).await;
        }
        Err(e) => notify::failed(what, e),
    }
}

pub async fn proposed(db: &Db, p: &Proposal, by_user: i64) {
    let notice = Notice {
        kind: NotificationKind::ProposalMade,
        title: p.initiative_title.clone(),
        context: p.from_name.clone(),
        detail: p.draft.kind.code().into(),
        link: format!("/initiatives/{}#proposals", p.initiative_id),
    };
    tell(db, "proposal_made", p.to_actor_id, by_user, notice).await;
}

pub async fn answered(db: &Db, p: &Proposal, by_user: i64) {
    let notice = Notice {
        kind: NotificationKind::ProposalAnswered,
        title: p.initiative_title.clone(),
        context: p.to_name.clone(),
        detail: p.state.code().into(),
        link: format!("/initiatives/{}#proposals", p.initiative_id),
    };
    tell(db, "proposal_answered", p.from_actor_id, by_user, notice).await;
}
