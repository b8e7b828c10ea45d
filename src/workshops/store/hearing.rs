//! Who hears of an idea and when: its authors, those who gave it dots and its followers, through
//! the ideas it came from (merged into it, or split from); ideas overdue for a fate; parked ideas
//! whose day has come; and the addresses participants gave, until they are forgotten.

use super::own_fate;
use crate::moderation::model::{ContentKind, visible};
use crate::platform::db::{self, Db, Row, decode_optional, rows_to};
use crate::platform::error::AppResult;
use crate::platform::time::now;
use crate::workshops::model::*;
use jiff::civil::Date;

/// Someone who hears of an idea: who wrote it (or an idea merged into it) on their phone, or
/// gave it a dot; by their account, or the address they gave without one (with the secret of
/// the link that forgets it). A post-it's author is known by name only.
#[derive(Clone, Debug)]
pub struct Interested {
    pub participant_id: i64,
    /// The idea they hear of (the one merged ideas became).
    pub idea_id: i64,
    pub user_id: Option<i64>,
    pub email: Option<(String, String)>,
}

fn interested_row(r: &Row) -> Result<Interested, db::Error> {
    let email: Option<String> = r.try_get("email")?;
    let token: Option<String> = r.try_get("forget_token")?;
    Ok(Interested {
        participant_id: r.try_get("participant_id")?,
        idea_id: r.try_get("root")?,
        user_id: r.try_get("user_id")?,
        email: email.zip(token),
    })
}

/// The ideas `roots` selects (by `id, root`) with the ideas they came from at any depth: those
/// merged into them, and the one they were split from; each with the root it came to.
fn family(roots: &str) -> String {
    format!(
        "WITH RECURSIVE family (id, root) AS ({roots} \
         UNION ALL SELECT i.id, f.root FROM family f JOIN ideas c ON c.id = f.id \
         JOIN ideas i ON i.merged_into = c.id OR i.id = c.split_from) "
    )
}

/// The participants interested in the ideas `roots` selects, and in the ideas they came from.
fn interested_sql(roots: &str) -> String {
    format!(
        "{}SELECT DISTINCT p.id AS participant_id, f.root, p.user_id, p.email, p.forget_token \
         FROM family f JOIN ideas i ON i.id = f.id JOIN workshop_participants p \
         ON p.id = i.participant_id OR p.id IN (SELECT d.participant_id FROM idea_dots d WHERE d.idea_id = f.id) \
         ORDER BY p.id",
        family(roots)
    )
}

const ONE_IDEA: &str = "SELECT id, id FROM ideas WHERE id = $1";
const ADOPTED_AS_INITIATIVE: &str =
    "SELECT id, id FROM ideas WHERE adopted_as = 'initiative' AND adopted_id = $1";

/// Who hears of an idea's fate.
pub async fn interested_in(db: &Db, idea_id: i64) -> AppResult<Vec<Interested>> {
    db::all(db, interested_sql(ONE_IDEA), idea_id, interested_row).await
}

/// Who hears of each step of the initiative ideas became.
pub async fn interested_in_initiative(db: &Db, initiative_id: i64) -> AppResult<Vec<Interested>> {
    db::all(
        db,
        interested_sql(ADOPTED_AS_INITIATIVE),
        initiative_id,
        interested_row,
    )
    .await
}

/// The idea and those it came from, whose followers hear of it.
pub async fn lineage(db: &Db, idea_id: i64) -> AppResult<Vec<i64>> {
    lineage_of(db, ONE_IDEA, idea_id).await
}

/// The ideas an initiative took up and those they came from.
pub async fn lineage_of_initiative(db: &Db, initiative_id: i64) -> AppResult<Vec<i64>> {
    lineage_of(db, ADOPTED_AS_INITIATIVE, initiative_id).await
}

async fn lineage_of(db: &Db, roots: &str, id: i64) -> AppResult<Vec<i64>> {
    Ok(db::query_scalar(format!(
        "{}SELECT DISTINCT id FROM family ORDER BY id",
        family(roots)
    ))
    .bind(id)
    .fetch_all(db.pool())
    .await?)
}

/// An idea that should have had its fate by now, with its workshop.
#[derive(Clone, Debug, PartialEq)]
pub struct OverdueIdea {
    pub id: i64,
    pub text: String,
    pub fate: Option<Fate>,
    pub workshop_id: i64,
    pub workshop_title: String,
    pub workshop_ends_at: i64,
}

/// How many ideas are overdue for a fate ([`overdue`]: none by the time their workshop set, or
/// a parking that ran out) in the workshops `hosts` host (all workshops for `None`), and the
/// `limit` of the oldest workshops.
pub async fn overdue_ideas(
    db: &Db,
    hosts: Option<&[i64]>,
    limit: i64,
) -> AppResult<(i64, Vec<OverdueIdea>)> {
    let select = |start: &str| {
        let mut sql = db::SqlBuilder::new(start);
        let t = sql.bind(db::Value::Int(now()));
        let day = sql.bind(db::Value::Text(crate::platform::time::today().to_string()));
        sql.push(&format!(
            " FROM ideas i JOIN workshops w ON w.id = i.workshop_id \
             WHERE {} AND {} \
             AND ((i.fate IS NULL AND w.ends_at + CAST(w.fate_within_days AS BIGINT) * 86400 < {t}) \
             OR (i.fate = 'parked' AND i.parked_until <= {day}))",
            own_fate("i"),
            visible(ContentKind::Idea, "i")
        ));
        if let Some(hosts) = hosts {
            let ids = sql.bind_ids(hosts);
            sql.push(&format!(
                " AND i.workshop_id IN (SELECT workshop_id FROM workshop_hosts WHERE actor_id IN ({ids}))"
            ));
        }
        sql
    };
    let count = select("SELECT COUNT(*) AS n");
    let mut oldest = select(
        "SELECT i.id, i.text, i.fate, w.id AS workshop_id, w.title AS workshop_title, w.ends_at",
    );
    oldest.push(" ORDER BY w.ends_at, i.id");
    oldest.limit(limit, 0);
    let (count, oldest) = (count.query(), oldest.query());
    let (total, rows) = tokio::try_join!(count.fetch_one(db.pool()), oldest.fetch_all(db.pool()))?;
    let ideas = rows_to(&rows, |r| {
        Ok(OverdueIdea {
            id: r.try_get("id")?,
            text: r.try_get("text")?,
            fate: decode_optional(r, "fate", Fate::parse)?,
            workshop_id: r.try_get("workshop_id")?,
            workshop_title: r.try_get("workshop_title")?,
            workshop_ends_at: r.try_get("ends_at")?,
        })
    })?;
    Ok((total.try_get("n")?, ideas))
}

/// A parked idea whose day has come, and who is reminded of it.
#[derive(Clone, Debug)]
pub struct ParkedDue {
    pub id: i64,
    pub text: String,
    pub workshop_title: String,
    pub parked_until: String,
    /// Whoever parked it and whoever planned its workshop.
    pub users: Vec<i64>,
}

/// Parked ideas whose day has come (`today` or before) and that nobody was reminded of for
/// this parking.
pub async fn parked_due(db: &Db, today: Date) -> AppResult<Vec<ParkedDue>> {
    let rows = db::query(format!(
        "SELECT i.id, i.text, i.parked_until, i.fate_set_by, w.title, w.created_by FROM ideas i \
         JOIN workshops w ON w.id = i.workshop_id WHERE i.fate = 'parked' AND i.parked_until <= $1 \
         AND (i.parked_reminded_for IS NULL OR i.parked_reminded_for <> i.parked_until) \
         AND {} AND {} ORDER BY i.id",
        own_fate("i"),
        visible(ContentKind::Idea, "i")
    ))
    .bind(today.to_string())
    .fetch_all(db.pool())
    .await?;
    rows_to(&rows, |r| {
        let mut users: Vec<i64> = vec![r.try_get("created_by")?];
        if let Some(parker) = r.try_get::<Option<i64>, _>("fate_set_by")?
            && !users.contains(&parker)
        {
            users.push(parker);
        }
        Ok(ParkedDue {
            id: r.try_get("id")?,
            text: r.try_get("text")?,
            workshop_title: r.try_get("title")?,
            parked_until: r.try_get("parked_until")?,
            users,
        })
    })
}

/// Claims the reminder of one parking: `false` when another node sent it, or the idea was
/// decided or parked anew meanwhile.
pub async fn claim_parked_reminder(db: &Db, id: i64, parked_until: &str) -> AppResult<bool> {
    let done = db::query(
        "UPDATE ideas SET parked_reminded_for = parked_until WHERE id = $1 AND fate = 'parked' \
         AND parked_until = $2 AND (parked_reminded_for IS NULL OR parked_reminded_for <> parked_until)",
    )
    .bind(id)
    .bind(parked_until)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Forgets the address a participant gave without an account; `false` when the link is unknown.
pub async fn forget_email(db: &Db, token: &str) -> AppResult<bool> {
    let done = db::query(
        "UPDATE workshop_participants SET email = NULL, forget_token = NULL WHERE forget_token = $1",
    )
    .bind(token)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() == 1)
}
