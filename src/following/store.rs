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
        Target::Thread(_) => Some("debate_threads"),
        Target::Idea(_) => Some("ideas"),
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

/// An audience as a waiting notice keeps it: the followed targets by their stored kind and key.
#[derive(serde::Serialize, serde::Deserialize)]
struct StoredAudience {
    targets: Vec<(String, String)>,
    users: Vec<i64>,
    persons: Vec<i64>,
    except_user: Option<i64>,
}

impl From<&Audience> for StoredAudience {
    fn from(a: &Audience) -> Self {
        StoredAudience {
            targets: a
                .targets
                .iter()
                .map(|t| (t.kind().code().to_string(), t.key()))
                .collect(),
            users: a.users.clone(),
            persons: a.persons.clone(),
            except_user: a.except_user,
        }
    }
}

/// Keeps a notice for its audience, to be told by [`tell_waiting`] after the request: one row,
/// however many people follow.
pub async fn keep_notice(
    db: &Db,
    what: &str,
    audience: &Audience,
    notice: &Notice,
) -> AppResult<()> {
    let audience = serde_json::to_string(&StoredAudience::from(audience))
        .map_err(|e| AppError::Internal(format!("audience: {e}")))?;
    let q = db::query(
        "INSERT INTO notice_fanouts (what, kind, title, context, detail, link, audience, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(what);
    with_notice(q, notice)
        .bind(audience)
        .bind(now())
        .execute(db.pool())
        .await?;
    Ok(())
}

/// Binds a notice's kind, title, context, detail and link, in that order.
fn with_notice(q: db::Query, notice: &Notice) -> db::Query {
    q.bind(notice.kind.code())
        .bind(&notice.title)
        .bind(&notice.context)
        .bind(&notice.detail)
        .bind(&notice.link)
}

/// A notice as the inbox and the waiting notices store it.
fn notice_of(r: &db::Row) -> Result<Notice, db::Error> {
    Ok(Notice {
        kind: decode(r, "kind", NotificationKind::parse)?,
        title: r.try_get("title")?,
        context: r.try_get("context")?,
        detail: r.try_get("detail")?,
        link: r.try_get("link")?,
    })
}

/// A kept notice claimed by one node.
pub struct WaitingNotice {
    pub id: i64,
    pub what: String,
    pub notice: Notice,
    audience: StoredAudience,
    told_through: i64,
}

/// How long a claim on a waiting notice holds before another node takes it over (a node that
/// died); each batch told renews it.
const CLAIM_SECONDS: i64 = 60;
/// How many people are told in one transaction, so that a large audience does not hold the
/// writer long.
const TOLD_PER_BATCH: usize = 500;

/// Claims the oldest waiting notice for `node`. The claim's condition is checked again on the
/// row by the UPDATE, so two nodes racing for the same notice cannot both get it.
pub async fn claim_notice(db: &Db, node: &str) -> AppResult<Option<WaitingNotice>> {
    let t = now();
    let row = db::query(
        "UPDATE notice_fanouts SET claimed_by = $1, claimed_until = $2 \
         WHERE id = (SELECT id FROM notice_fanouts WHERE claimed_until < $3 AND failed_at IS NULL \
                     ORDER BY id LIMIT 1) \
         AND claimed_until < $3 AND failed_at IS NULL \
         RETURNING id, what, kind, title, context, detail, link, audience, told_through",
    )
    .bind(node)
    .bind(t + CLAIM_SECONDS)
    .bind(t)
    .fetch_optional(db.pool())
    .await?;
    let Some(r) = row else { return Ok(None) };
    let id: i64 = r.try_get("id")?;
    let read = || -> AppResult<WaitingNotice> {
        let audience: String = r.try_get("audience")?;
        Ok(WaitingNotice {
            id,
            what: r.try_get("what")?,
            notice: notice_of(&r)?,
            audience: serde_json::from_str(&audience)
                .map_err(|e| AppError::Internal(format!("audience of notice {id}: {e}")))?,
            told_through: r.try_get("told_through")?,
        })
    };
    match read() {
        Ok(waiting) => Ok(Some(waiting)),
        // One this node cannot read counts as a failed telling, so it is set aside in the end.
        Err(e) => {
            telling_failed(db, node, id).await?;
            Err(e)
        }
    }
}

/// The users a waiting notice is for and has not reached yet, in ascending id.
async fn audience_left(db: &Db, waiting: &WaitingNotice) -> AppResult<Vec<i64>> {
    let a = &waiting.audience;
    let mut sql = SqlBuilder::new("SELECT DISTINCT user_id FROM follows WHERE (1 = 0");
    for (kind, key) in &a.targets {
        let k = sql.bind(Value::Text(kind.clone()));
        let v = sql.bind(Value::Text(key.clone()));
        sql.push(&format!(" OR (target_kind = {k} AND target = {v})"));
    }
    // Named users are read back too, so that one deleted since is left out, not a failed insert.
    for (column, ids) in [("person_id", &a.persons), ("id", &a.users)] {
        let listed = sql.bind_ids(ids);
        let more = if listed.is_empty() { "" } else { ", " };
        sql.push(&format!(
            ") UNION SELECT id AS user_id FROM users WHERE {column} IN (0{more}{listed}"
        ));
    }
    sql.push(")");
    let mut users: Vec<i64> = sql
        .query()
        .fetch_all(db.pool())
        .await?
        .iter()
        .map(|r| r.try_get::<i64, _>("user_id"))
        .collect::<Result<_, _>>()?;
    users.sort_unstable();
    users.dedup();
    users.retain(|&u| Some(u) != a.except_user && u > waiting.told_through);
    Ok(users)
}

/// Tells a claimed notice to everyone left in its audience, a batch per transaction: each
/// person gets one inbox entry, and those who want e-mail at once a mail in the outbox. Each
/// batch moves the notice's `told_through` on, the last deletes it, both only while this node
/// still holds the claim; when the claim was lost to another node, it stops (the other goes on).
pub async fn tell_waiting(db: &Db, node: &str, waiting: &WaitingNotice) -> AppResult<()> {
    let users = audience_left(db, waiting).await?;
    let mut batches = users.chunks(TOLD_PER_BATCH).peekable();
    loop {
        let batch = batches.next().unwrap_or_default();
        let last = batches.peek().is_none();
        let mut tx = db.begin().await?;
        let t = now();
        for &user in batch {
            tell_one(&mut tx, user, &waiting.notice, t).await?;
        }
        let kept = if last {
            db::query("DELETE FROM notice_fanouts WHERE id = $1 AND claimed_by = $2")
                .bind(waiting.id)
                .bind(node)
                .execute(&mut *tx)
                .await?
        } else {
            db::query(
                "UPDATE notice_fanouts SET told_through = $1, claimed_until = $2 WHERE id = $3 AND claimed_by = $4",
            )
            .bind(batch.last().copied().unwrap_or(0))
            .bind(t + CLAIM_SECONDS)
            .bind(waiting.id)
            .bind(node)
            .execute(&mut *tx)
            .await?
        };
        if kept.rows_affected() == 0 {
            return Ok(()); // dropping the transaction rolls this batch back
        }
        tx.commit().await?;
        if last {
            return Ok(());
        }
    }
}

/// One person's inbox entry, and the mail when they want it at once.
async fn tell_one(tx: &mut Tx, user: i64, notice: &Notice, t: i64) -> AppResult<()> {
    let (mode, token) = settings_in(tx, user).await?;
    // Only a digest reader's notifications wait for a mail; with e-mail off, none is due
    // later either, so turning digests on does not send the backlog.
    let mailed_at = (mode != EmailMode::Daily).then_some(t);
    let q = db::query(
        "INSERT INTO notifications (user_id, kind, title, context, detail, link, created_at, mailed_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(user);
    let id: i64 = with_notice(q, notice)
        .bind(t)
        .bind(mailed_at)
        .fetch_one(&mut **tx)
        .await?
        .try_get("id")?;
    if mode == EmailMode::Immediate {
        let path = format!("/unsubscribe/{token}");
        let mail = immediate_mail(notice, &path);
        enqueue(tx, user, &format!("notification:{id}"), &mail, &path).await?;
    }
    Ok(())
}

/// How often telling a notice may fail before it is set aside.
const TELLING_ATTEMPTS: i64 = 5;

/// Counts a failed telling of a notice this node holds; the claim runs out as it would, and
/// the next worker tries again, unless this was the last attempt. True when it is set aside.
pub async fn telling_failed(db: &Db, node: &str, id: i64) -> AppResult<bool> {
    let row = db::query(
        "UPDATE notice_fanouts SET attempts = attempts + 1, \
         failed_at = CASE WHEN attempts + 1 >= $1 THEN $2 END \
         WHERE id = $3 AND claimed_by = $4 RETURNING failed_at",
    )
    .bind(TELLING_ATTEMPTS)
    .bind(now())
    .bind(id)
    .bind(node)
    .fetch_optional(db.pool())
    .await?;
    Ok(match row {
        Some(r) => r.try_get::<Option<i64>, _>("failed_at")?.is_some(),
        None => false,
    })
}

/// How many notices wait to be told, on every node (those set aside do not wait).
pub async fn notices_waiting(db: &Db) -> AppResult<i64> {
    Ok(
        db::query_scalar("SELECT COUNT(*) FROM notice_fanouts WHERE failed_at IS NULL")
            .fetch_one(db.pool())
            .await?,
    )
}

/// Puts a mail to the user in the outbox, once per `dedupe_key` however often it is asked for,
/// if they have confirmed their address; false when one with that key was there already.
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
         SELECT $1, email, $2, $3, $4, $5, $5 FROM users WHERE id = $6 AND email_confirmed_at IS NOT NULL \
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
    crate::platform::mail::queue(db, address, dedupe_key, &mail, unsubscribe_path).await?;
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
                notice: notice_of(r)?,
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
         JOIN users u ON u.id = n.user_id \
         WHERE n.mailed_at IS NULL AND s.email_mode = 'daily' AND u.email_confirmed_at IS NOT NULL",
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
