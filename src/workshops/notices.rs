//! What people hear of their ideas: the author of an idea hears when its fate is decided, and
//! again at each step of the initiative it became — in their inbox (and by mail as they chose)
//! with an account, by mail to the address they gave without one, with a link that forgets it.

use super::model::Fate;
use super::store::{self, Author, Idea};
use crate::following::notify::{self, Audience, Notice, NotificationKind};
use crate::platform::db::Db;
use crate::platform::time::now;

/// The idea's fate was decided by `by_user`.
pub async fn decided(db: &Db, idea: &Idea, fate: Fate, workshop_title: &str, by_user: i64) {
    let what = "idea_decided";
    let author = match store::author(db, idea.id).await {
        Ok(Some(author)) => author,
        Ok(None) => return,
        Err(e) => return notify::failed(what, e),
    };
    let notice = Notice {
        kind: NotificationKind::IdeaDecided,
        title: idea.text.clone(),
        context: workshop_title.to_string(),
        detail: fate.code().to_string(),
        link: format!("/ideas/{}", idea.id),
    };
    let audience = Audience {
        users: author.user_id.into_iter().collect(),
        except_user: Some(by_user),
        ..Audience::default()
    };
    notify::tell(db, what, &audience, &notice).await;
    mail_without_account(
        db,
        what,
        &author,
        &format!("idea-decided:{}:{}", idea.id, now()),
        &notice,
    )
    .await;
}

/// The initiative ideas became took a step: their authors with an account join the audience
/// of its notice; those without one are mailed it.
pub async fn initiative_moved(
    db: &Db,
    initiative_id: i64,
    audience: &mut Audience,
    notice: &Notice,
) {
    let what = "idea_initiative_moved";
    let authors = match store::authors_adopted_by(db, initiative_id).await {
        Ok(authors) => authors,
        Err(e) => return notify::failed(what, e),
    };
    let at = now();
    for author in &authors {
        audience.users.extend(author.user_id);
        let key = format!("idea-moved:{}:{}:{}", author.idea_id, notice.detail, at);
        mail_without_account(db, what, author, &key, notice).await;
    }
}

async fn mail_without_account(
    db: &Db,
    what: &'static str,
    author: &Author,
    key: &str,
    notice: &Notice,
) {
    if let (None, Some((address, token))) = (author.user_id, &author.email) {
        let forget = format!("/unsubscribe/workshop/{token}");
        notify::mail_address(db, what, address, key, notice, &forget).await;
    }
}
