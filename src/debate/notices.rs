//! What people hear of a debate: a new thread reaches those who follow its subject, a reply
//! those who follow the thread (everyone who wrote in it does), and its outcome both.

use super::store::{self, Thread};
use crate::following::model::Target;
use crate::following::notify::{self, Audience, Notice, NotificationKind};
use crate::platform::db::Db;
use crate::platform::i18n::Lang;

/// How the thread's subject reads; notices keep their words, in the municipality's language.
pub fn subject_words(thread: &Thread, lang: Lang) -> String {
    match &thread.subject {
        Target::Theme(theme) => theme.label(lang).to_string(),
        _ => thread.subject_label.clone(),
    }
}

fn notice(thread: &Thread, kind: NotificationKind) -> Notice {
    Notice {
        kind,
        title: thread.title.clone(),
        context: subject_words(thread, Lang::Da),
        detail: String::new(),
        link: format!("/debate/{}", thread.id),
    }
}

async fn tell(
    db: &Db,
    what: &'static str,
    thread: &Thread,
    targets: Vec<Target>,
    by_user: i64,
    kind: NotificationKind,
) {
    let audience = Audience {
        targets,
        except_user: Some(by_user),
        ..Audience::default()
    };
    notify::tell(db, what, &audience, &notice(thread, kind)).await;
}

pub async fn started(db: &Db, thread_id: i64, by_user: i64) {
    match store::get(db, thread_id).await {
        Ok(t) => {
            let subject = t.subject.clone();
            tell(
                db,
                "thread_started",
                &t,
                vec![subject],
                by_user,
                NotificationKind::ThreadStarted,
            )
            .await
        }
        Err(e) => notify::failed("thread_started", e),
    }
}

pub async fn replied(db: &Db, thread: &Thread, by_user: i64) {
    let targets = vec![Target::Thread(thread.id)];
    tell(
        db,
        "thread_replied",
        thread,
        targets,
        by_user,
        NotificationKind::ThreadReplied,
    )
    .await;
}

pub async fn concluded(db: &Db, thread: &Thread, by_user: i64) {
    let targets = vec![Target::Thread(thread.id), thread.subject.clone()];
    tell(
        db,
        "thread_concluded",
        thread,
        targets,
        by_user,
        NotificationKind::ThreadConcluded,
    )
    .await;
}
