//! What people hear of a survey: each person asked, a personal link to answer it.

use crate::following::notify::{self, Audience, Notice, NotificationKind};
use crate::platform::db::Db;

pub async fn invited(db: &Db, title: &str, initiative_title: &str, links: &[(i64, String)]) {
    for (person, token) in links {
        let audience = Audience {
            persons: vec![*person],
            ..Audience::default()
        };
        let notice = Notice {
            kind: NotificationKind::SurveyInvited,
            title: title.to_string(),
            context: initiative_title.to_string(),
            detail: String::new(),
            link: format!("/surveys/answer/{token}"),
        };
        notify::tell(db, "survey_invited", &audience, &notice).await;
    }
}
