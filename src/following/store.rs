//! Storage of follows, notification settings, the inbox and the mail outbox.

use super::model::*;
use crate::platform::auth::random_token;
use crate::platform::db::{self, Db, SqlBuilder, Tx, Value, decode};
use crate::platform::error::{AppError, AppResult};
use crate::platform::time::now;

/// Follows a target; an initiative or actor that does not exist is `NotFound`.
pub async fn follow(db: &Db, user_id: i64, target: &Target, label: &str) -> AppResult<()> {
    let table = match target {
        Target::Initiative(_) => Some("initiatives"),
        Target::Actor(_) => Some("actors"),
        Target::Tip(_) => Some("tips"),
        Target::Theme(_) | Target::Neighbourhood(_) => None,
    };
    if let Some(table) = table {
        let id: i64 = target.key().parse().unwrap_or(0);
        let found: Option<i64> = db::query_scalar(format!("SELECT id FROM {table} WHERE id = $1"))
            .bind(id)
            .fetch_optional(db.pool())
            .await?;
        found.ok_or(AppError::NotFound)?;
    }
    db::query(
        "INSERT INTO follows (user_id, target_kind, target, label, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (user_id, target_kind, target) DO NOTHING",
    )
    .bind(user_id)
    .bind(target.kind().code())
    .bind(target.key())
    .bind(label)
    .bind(now())
    .execute(db.pool())
    .await?;
    Ok(())
}

pub async fn unfollow(db: &Db, user_id: i64, kind: TargetKind, key: &str) -> AppResult<()> {
    db::query("DELETE FROM follows WHERE user_id = $1 AND target_kind = $2 AND target = $3")
        .bind(user_id)
        .bind(kind.code())
        .bind(key)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Which of `targets` the user follows, as (kind, key) pairs.
pub async fn followed_among(
    db: &Db,
    user_id: i64,
    targets: &[Target],
) -> AppResult<Vec<(TargetKind, String)>> {
    let mut sql = SqlBuilder::new("SELECT target_kind, target FROM follows WHERE user_id = ");
    let p = sql.bind(Value::Int(user_id));
    sql.push(&p);
    sql.push(" AND (1 = 0");
    for t in targets {
        let k = sql.bind(Value::Text(t.kind().code().into()));
        let v = sql.bind(Value::Text(t.key()));
        sql.push(&format!(" OR (target_kind = {k} AND target = {v})"));
    }
    sql.push(")");
    let rows = sql.query().fetch_all(db.pool()).await?;
    rows.iter()
        .map(|r| {
            Ok((
                decode(r, "target_kind", TargetKind::parse)?,
                r.try_get("target")?,
            ))
        })
        .collect::<Result<_, db::Error>>()
        .map_err(AppError::from)
}

/// A follow as listed on the settings page.
pub struct Follow {
    pub kind: TargetKind,
    pub key: String,
    pub label: String,
}

pub async fn follows_of(db: &Db, user_id: i64) -> AppResult<Vec<Follow>> {
    let rows = db::query(
        "SELECT target_kind, target, label FROM follows WHERE user_id = $1 ORDER BY created_at, target_kind, target",
    )
    .bind(user_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(Follow {
                kind: decode(r, "target_kind", TargetKind::parse)?,
                key: r.try_get("target")?,
                label: r.try_get("label")?,
            })
        })
        .collect::<Result<_, db::Error>>()
        .map_err(AppError::from)
}

/// A user's e-mail mode and the token of their unsubscribe link, created on first need.
pub async fn settings_in(tx: &mut Tx, user_id: i64) -> AppResult<(EmailMode, String)> {
    db::query(
        "INSERT INTO notification_settings (user_id, email_mode, unsubscribe_token) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id) DO NOTHING",
    )
    .bind(user_id)
    .bind(EmailMode::Immediate.code())
    .bind(random_token())
    .execute(&mut **tx)
    .await?;
    let (mode, token): (String, String) = db::query_as(
        "SELECT email_mode, unsubscribe_token FROM notification_settings WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_one(&mut **tx)
    .await?;
    Ok((
        EmailMode::parse(&mode).unwrap_or(EmailMode::Immediate),
        token,
    ))
}

pub async fn settings(db: &Db, user_id: i64) -> AppResult<(EmailMode, String)> {
    let mut tx = db.begin().await?;
    let settings = settings_in(&mut tx, user_id).await?;
    tx.commit().await?;
    Ok(settings)
}

pub async fn set_email_mode(db: &Db, user_id: i64, mode: EmailMode) -> AppResult<()> {
    let mut tx = db.begin().await?;
    settings_in(&mut tx, user_id).await?;
    db::query("UPDATE notification_settings SET email_mode = $1 WHERE user_id = $2")
        .bind(mode.code())
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}

/// Turns e-mail off for the owner of an unsubscribe token; false when the token is unknown.
pub async fn unsubscribe(db: &Db, token: &str) -> AppResult<bool> {
    let done = db::query(
        "UPDATE notification_settings SET email_mode = 'off' WHERE unsubscribe_token = $1",
    )
    .bind(token)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Who is told: followers of any of `targets`, named users, and the people with these person
/// ids who have a login; never the one who acted.
#[derive(Default)]
pub struct Audience {
    pub targets: Vec<Target>,
    pub users: Vec<i64>,
    pub persons: Vec<i64>,
    pub except_user: Option<i64>,
}

/// Tells the audience: one inbox entry each, and for those who want e-mail at once, a mail in
/// the outbox, all in one transaction.
pub async fn notify(db: &Db, audience: &Audience, notice: &Notice) -> AppResult<()> {
    let mut sql = SqlBuilder::new("SELECT DISTINCT user_id FROM follows WHERE (1 = 0");
    for t in &audience.targets {
        let k = sql.bind(Value::Text(t.kind().code().into()));
        let v = sql.bind(Value::Text(t.key()));
        sql.push(&format!(" OR (target_kind = {k} AND target = {v})"));
    }
    sql.push(") UNION SELECT id AS user_id FROM users WHERE person_id IN (0");
    for &person in &audience.persons {
        let p = sql.bind(Value::Int(person));
        sql.push(&format!(", {p}"));
    }
    sql.push(")");
    let mut users: Vec<i64> = sql
        .query()
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| r.try_get::<i64, _>("user_id"))
        .collect::<Result<_, _>>()?;
    users.extend(&audience.users);
    users.sort_unstable();
    users.dedup();
    users.retain(|u| Some(*u) != audience.except_user);
    if users.is_empty() {
        return Ok(());
    }
    let mut tx = db.begin().await?;
    let t = now();
    for user in users {
        let id: i64 = db::query_scalar(
            "INSERT INTO notifications (user_id, kind, title, context, detail, link, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
        )
        .bind(user)
        .bind(notice.kind.code())
        .bind(&notice.title)
        .bind(&notice.context)
        .bind(&notice.detail)
        .bind(&notice.link)
        .bind(t)
        .fetch_one(&mut *tx)
        .await?;
        let (mode, token) = settings_in(&mut tx, user).await?;
        if mode == EmailMode::Immediate {
            let path = format!("/unsubscribe/{token}");
            let mail = immediate_mail(notice, &path);
            enqueue(&mut tx, user, &format!("notification:{id}"), &mail, &path).await?;
        }
        // Only a digest reader's notifications wait for a mail; with e-mail off, none is due
        // later either, so turning digests on does not send the backlog.
        if mode != EmailMode::Daily {
            db::query("UPDATE notifications SET mailed_at = $1 WHERE id = $2")
                .bind(t)
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
    }
    tx.commit().await?;
    Ok(())
}

/// Puts a mail to the user in the outbox, once per `dedupe_key` however often it is asked for;
/// false when one with that key was there already.
async fn enqueue(
    tx: &mut Tx,
    user_id: i64,
    dedupe_key: &str,
    mail: &Mail,
    unsubscribe_path: &str,
) -> AppResult<bool> {
    let t = now();
    let done = db::query(
        "INSERT INTO mail_outbox (dedupe_key, to_address, subject, body, unsubscribe_path, created_at, send_after) \
         SELECT $1, email, $2, $3, $4, $5, $5 FROM users WHERE id = $6 \
         ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(dedupe_key)
    .bind(&mail.subject)
    .bind(&mail.body)
    .bind(unsubscribe_path)
    .bind(t)
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Mails a notice to an address without an account (an anonymous reporter), once per
/// `dedupe_key`.
pub async fn mail_address(
    db: &Db,
    address: &str,
    dedupe_key: &str,
    notice: &Notice,
    unsubscribe_path: &str,
) -> AppResult<()> {
    let mail = immediate_mail(notice, unsubscribe_path);
    let t = now();
    db::query(
        "INSERT INTO mail_outbox (dedupe_key, to_address, subject, body, unsubscribe_path, created_at, send_after) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(dedupe_key)
    .bind(address)
    .bind(&mail.subject)
    .bind(&mail.body)
    .bind(unsubscribe_path)
    .bind(t)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// An inbox entry.
pub struct InboxEntry {
    pub id: i64,
    pub notice: Notice,
    pub created_at: i64,
    pub read: bool,
}

pub async fn inbox(db: &Db, user_id: i64, limit: i64) -> AppResult<Vec<InboxEntry>> {
    let rows = db::query(format!(
        "SELECT id, kind, title, context, detail, link, created_at, read_at FROM notifications \
         WHERE user_id = $1 ORDER BY id DESC LIMIT {limit}"
    ))
    .bind(user_id)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(InboxEntry {
                id: r.try_get("id")?,
                notice: Notice {
                    kind: decode(r, "kind", NotificationKind::parse)?,
                    title: r.try_get("title")?,
                    context: r.try_get("context")?,
                    detail: r.try_get("detail")?,
                    link: r.try_get("link")?,
                },
                created_at: r.try_get("created_at")?,
                read: r.try_get::<Option<i64>, _>("read_at")?.is_some(),
            })
        })
        .collect::<Result<_, db::Error>>()
        .map_err(AppError::from)
}

pub async fn unread_count(db: &Db, user_id: i64) -> AppResult<i64> {
    Ok(db::query_scalar(
        "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL",
    )
    .bind(user_id)
    .fetch_one(db.pool())
    .await?)
}

pub async fn mark_all_read(db: &Db, user_id: i64) -> AppResult<()> {
    db::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
        .bind(now())
        .bind(user_id)
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Puts one digest per daily-mode user with unmailed notifications in the outbox, keyed by the
/// day so several nodes (or runs) never send the same day's digest twice. Returns how many.
pub async fn enqueue_digests(db: &Db, day: &str) -> AppResult<usize> {
    let users: Vec<i64> = db::query_scalar(
        "SELECT DISTINCT n.user_id FROM notifications n JOIN notification_settings s ON s.user_id = n.user_id \
         WHERE n.mailed_at IS NULL AND s.email_mode = 'daily'",
    )
    .fetch_all(db.pool())
    .await?;
    let mut queued = 0;
    for user in users {
        let mut tx = db.begin().await?;
        let rows = db::query(
            "SELECT id, kind, title, context, detail, link FROM notifications \
             WHERE user_id = $1 AND mailed_at IS NULL ORDER BY id",
        )
        .bind(user)
        .fetch_all(&mut *tx)
        .await?;
        let notices: Vec<Notice> = rows
            .iter()
            .map(|r| {
                Ok(Notice {
                    kind: decode(r, "kind", NotificationKind::parse)?,
                    title: r.try_get("title")?,
                    context: r.try_get("context")?,
                    detail: r.try_get("detail")?,
                    link: r.try_get("link")?,
                })
            })
            .collect::<Result<_, db::Error>>()?;
        if notices.is_empty() {
            continue;
        }
        let (_, token) = settings_in(&mut tx, user).await?;
        let path = format!("/unsubscribe/{token}");
        let key = format!("digest:{user}:{day}");
        if !enqueue(&mut tx, user, &key, &digest_mail(&notices, &path), &path).await? {
            // Today's digest went out already (another node, or before a restart): what came
            // since waits for tomorrow's.
            continue;
        }
        let last: i64 = rows
            .last()
            .map(|r| r.try_get("id"))
            .transpose()?
            .unwrap_or(0);
        db::query("UPDATE notifications SET mailed_at = $1 WHERE user_id = $2 AND mailed_at IS NULL AND id <= $3")
            .bind(now())
            .bind(user)
            .bind(last)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        queued += 1;
    }
    Ok(queued)
}
