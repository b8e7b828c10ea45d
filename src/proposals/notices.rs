//! What the two sides hear of a proposal: its addressee that it was made, the side that made
//! it how it was answered. They hear it as the people who speak for them.

use super::store::Proposal;
use crate::following::notify::{self, Audience, Notice, NotificationKind};
use crate::platform::db::Db;

async fn tell(db: &Db, what: &'static str, actor_id: i64, by_user: i64, notice: Notice) {
    match crate::actors::store::speakers(db, actor_id).await {
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
