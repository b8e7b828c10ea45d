//! Who may look and who did: the grants an association gives, and the log of every look.

use super::*;

/// A look at the register: by whom, when, why, and the entry looked at (none: the list).
#[derive(Clone, Debug)]
pub struct Look {
    pub name: String,
    pub reason: String,
    pub entry_id: Option<i64>,
    pub under_grant: bool,
    pub at: i64,
}

/// Access given to a named person.
#[derive(Clone, Debug)]
pub struct Grant {
    pub id: i64,
    pub name: String,
    pub email: String,
    pub purpose: String,
    pub starts_at: i64,
    pub ends_at: i64,
}

/// Records a look at the register (at one entry, or the list) by someone other than its person.
pub async fn log_look(
    db: &Db,
    association_id: i64,
    entry_id: Option<i64>,
    user_id: i64,
    name: &str,
    reason: &str,
    grant_id: Option<i64>,
) -> AppResult<()> {
    db::query(
        "INSERT INTO register_access_log (association_id, entry_id, user_id, name, reason, grant_id, at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(association_id)
    .bind(entry_id)
    .bind(user_id)
    .bind(name)
    .bind(reason)
    .bind(grant_id)
    .bind(now())
    .execute(db.pool())
    .await?;
    Ok(())
}

fn look_row(r: &Row) -> Result<Look, db::Error> {
    Ok(Look {
        name: r.try_get("name")?,
        reason: r.try_get("reason")?,
        entry_id: r.try_get("entry_id")?,
        under_grant: r.try_get::<Option<i64>, _>("grant_id")?.is_some(),
        at: r.try_get("at")?,
    })
}

/// The latest looks at the association's register, newest first.
pub async fn looks(db: &Db, association_id: i64, limit: i64) -> AppResult<Vec<Look>> {
    let rows = db::query(
        "SELECT name, reason, entry_id, grant_id, at FROM register_access_log \
         WHERE association_id = $1 ORDER BY at DESC, id DESC LIMIT $2",
    )
    .bind(association_id)
    .bind(limit)
    .fetch_all(db.pool())
    .await?;
    rows_to(&rows, look_row)
}

/// The looks at one person's data, newest first, as they see them: at their entry, and — while
/// they were in the register — at the list of its people, a group mail or a day's list, each
/// of which showed their name. Refused attempts at the list saw nothing of them.
pub async fn looks_at(db: &Db, entry_id: i64) -> AppResult<Vec<Look>> {
    all(
        db,
        "SELECT id, name, reason, entry_id, grant_id, at FROM register_access_log WHERE entry_id = $1 \
         UNION ALL \
         SELECT l.id, l.name, l.reason, l.entry_id, l.grant_id, l.at FROM register_access_log l \
         JOIN register_entries e ON e.id = $1 \
         WHERE l.entry_id IS NULL AND l.association_id = e.association_id AND l.at >= e.created_at \
         AND l.reason <> 'refused' \
         ORDER BY at DESC, id DESC"
            .into(),
        entry_id,
        look_row,
    )
    .await
}

/// Grants the person with this confirmed address access until `ends_at`; `None` when nobody
/// has an account there.
pub async fn grant(
    db: &Db,
    association_id: i64,
    g: &GrantDraft,
    ends_at: i64,
    granted_by: i64,
) -> AppResult<Option<i64>> {
    Ok(db::query_scalar(
        "INSERT INTO register_grants (association_id, user_id, purpose, starts_at, ends_at, granted_by) \
         SELECT $1, u.id, $2, $3, $4, $5 FROM users u \
         WHERE u.email = $6 AND u.email_confirmed_at IS NOT NULL RETURNING id",
    )
    .bind(association_id)
    .bind(&g.purpose)
    .bind(now())
    .bind(ends_at)
    .bind(granted_by)
    .bind(&g.email)
    .fetch_optional(db.pool())
    .await?)
}

/// Ends one of the association's grants now, if it still runs; false when it is not the
/// association's. Times are whole seconds and a grant ends after it starts, so one ended in the
/// second it was given is recorded as given a second before.
pub async fn end_grant(db: &Db, association_id: i64, grant_id: i64) -> AppResult<bool> {
    let done = db::query(
        "UPDATE register_grants SET \
         starts_at = CASE WHEN ends_at > $3 AND starts_at >= $3 THEN $3 - 1 ELSE starts_at END, \
         ends_at = CASE WHEN ends_at > $3 THEN $3 ELSE ends_at END \
         WHERE id = $1 AND association_id = $2",
    )
    .bind(grant_id)
    .bind(association_id)
    .bind(now())
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() > 0)
}

/// The grant under which the person reads the association's register now, if one runs.
pub async fn running_grant(db: &Db, association_id: i64, user_id: i64) -> AppResult<Option<i64>> {
    Ok(db::query_scalar(
        "SELECT MAX(id) FROM register_grants WHERE association_id = $1 AND user_id = $2 \
         AND starts_at <= $3 AND ends_at > $3",
    )
    .bind(association_id)
    .bind(user_id)
    .bind(now())
    .fetch_one(db.pool())
    .await?)
}

/// Every grant of the association, the latest first, running or ended.
pub async fn grants(db: &Db, association_id: i64) -> AppResult<Vec<Grant>> {
    all(
        db,
        "SELECT g.id, g.purpose, g.starts_at, g.ends_at, a.name, u.email FROM register_grants g \
         JOIN users u ON u.id = g.user_id JOIN actors a ON a.id = u.person_id \
         WHERE g.association_id = $1 ORDER BY g.starts_at DESC, g.id DESC"
            .into(),
        association_id,
        |r| {
            Ok(Grant {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                email: r.try_get("email")?,
                purpose: r.try_get("purpose")?,
                starts_at: r.try_get("starts_at")?,
                ends_at: r.try_get("ends_at")?,
            })
        },
    )
    .await
}
