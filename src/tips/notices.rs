//! What people hear of a tip: the reporter and the tip's followers hear of its public updates.
//! A reporter without an account who left an e-mail address gets a mail there, with a link that
//! forgets the address.

use super::store::Tip;
use crate::following::notify::{self, Audience, Notice, NotificationKind, Target};
use crate::platform::db::Db;
use crate::platform::i18n::Lang;

pub async fn tip_updated(db: &Db, tip: &Tip, update_id: i64, by_user: Option<i64>) {
    let notice = Notice {
        kind: NotificationKind::TipUpdated,
        // Notices keep their words; Danish is the municipality's language.
        title: tip.what_and_where(Lang::Da),
        context: tip.unit_name.clone(),
        detail: tip.status.code().to_string(),
        link: format!("/tips/{}", tip.id),
    };
    let audience = Audience {
        targets: vec![Target::Tip(tip.id)],
        users: tip.reporter_user_id.into_iter().collect(),
        except_user: by_user,
        ..Audience::default()
    };
    notify::tell(db, "tip_updated", &audience, &notice).await;
    if tip.reporter_user_id.is_none() && !tip.reporter_email.is_empty() {
        notify::mail_address(
            db,
            "tip_updated_reporter",
            &tip.reporter_email,
            &format!("tip-update:{update_id}"),
            &notice,
            &format!("/unsubscribe/tip/{}", tip.token),
        )
        .await;
    }
}
