//! Finding offers for a need and needs for an offer, ranked.

use super::*;
use crate::moderation::model::{ContentKind, visible};
use crate::platform::db;

/// What is looked for: the kinds that fit with their points, skill stems, times, and place.
pub struct Seeker {
    pub kinds: Vec<(ResourceKind, i64)>,
    pub terms: Vec<String>,
    pub match_weekdays: i64,
    pub match_day_parts: i64,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub place: Option<Coordinates>,
    /// How far the seeker reaches (an offer looking for needs); offers carry their own reach.
    pub reach_m: Option<i64>,
}

impl Seeker {
    pub fn for_need(n: &NeedDraft) -> Seeker {
        Seeker {
            kinds: matching::kinds_for(n.kind),
            terms: distinct_stems(&n.skills),
            match_weekdays: n.when.match_weekdays(),
            match_day_parts: n.when.match_day_parts(),
            from: n.when.from,
            to: n.when.to,
            place: n.coordinates,
            reach_m: None,
        }
    }

    /// An offer looking for needs: needs of its kind, and needs its kind can stand in for.
    pub fn for_offer(o: &OfferDraft) -> Seeker {
        let mut kinds = vec![(o.kind, SAME_KIND)];
        kinds.extend(
            ResourceKind::ALL
                .iter()
                .filter(|k| k.related().contains(&o.kind))
                .map(|k| (*k, RELATED_KIND)),
        );
        Seeker {
            kinds,
            terms: distinct_stems(&o.skills),
            match_weekdays: o.when.match_weekdays(),
            match_day_parts: o.when.match_day_parts(),
            from: o.when.from,
            to: o.when.to,
            place: o.coordinates,
            reach_m: o.coordinates.and(o.radius_m),
        }
    }
}

/// A suggestion with the points it scored.
pub struct Scored<T> {
    pub item: T,
    pub score: i64,
}

/// The best-fitting active offers for a need.
pub async fn matching_offers(db: &Db, need: &Need, limit: i64) -> AppResult<Vec<Scored<Offer>>> {
    let sql = matches(
        Target::Offers,
        &[Seeker::for_need(&need.draft)],
        limit,
        &today_iso(),
    );
    let rows = sql.query().fetch_all(db.pool()).await?;
    scored(&rows, offer)
}

/// The best-fitting open needs for each of several offers, in one statement: each need with
/// the position of the offer it was found for.
pub async fn matching_needs_of(
    db: &Db,
    offers: &[&OfferDraft],
    limit: i64,
) -> AppResult<Vec<(usize, Scored<Need>)>> {
    if offers.is_empty() {
        return Ok(Vec::new());
    }
    let seekers: Vec<Seeker> = offers.iter().map(|o| Seeker::for_offer(o)).collect();
    let sql = matches(Target::Needs, &seekers, limit, &today_iso());
    let rows = sql.query().fetch_all(db.pool()).await?;
    let found = scored(&rows, need)?;
    rows.iter()
        .zip(found)
        .map(|(row, m)| {
            let seeker: i64 = row.try_get("seeker")?;
            Ok((seeker as usize, m))
        })
        .collect::<Result<_, db::Error>>()
        .map_err(AppError::from)
}

/// The best-fitting open needs for an offer.
pub async fn matching_needs(
    db: &Db,
    offer: &OfferDraft,
    limit: i64,
) -> AppResult<Vec<Scored<Need>>> {
    needs_for(db, &Seeker::for_offer(offer), limit).await
}

/// The best-fitting open needs for any seeker: an offer, or a place and what one can give.
pub async fn needs_for(db: &Db, seeker: &Seeker, limit: i64) -> AppResult<Vec<Scored<Need>>> {
    let sql = matches(
        Target::Needs,
        std::slice::from_ref(seeker),
        limit,
        &today_iso(),
    );
    let rows = sql.query().fetch_all(db.pool()).await?;
    scored(&rows, need)
}

pub(super) fn today_iso() -> String {
    crate::platform::time::today().to_string()
}

pub(super) fn scored<T>(
    rows: &[Row],
    f: fn(&Row) -> Result<T, db::Error>,
) -> AppResult<Vec<Scored<T>>> {
    rows.iter()
        .map(|r| {
            Ok(Scored {
                item: f(r)?,
                score: r.try_get("score")?,
            })
        })
        .collect::<Result<_, db::Error>>()
        .map_err(AppError::from)
}

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Target {
    Needs,
    Offers,
}

/// The ranking query: for each seeker, candidates of a fitting kind whose period has not ended
/// and that are within reach, scored by the weights in `matching` and cut to the best `limit`;
/// each row says in `seeker` whose it is. Ranked from the covering index alone; only the
/// winners' rows are read and joined.
pub(super) fn matches(target: Target, seekers: &[Seeker], limit: i64, today: &str) -> SqlBuilder {
    let (table, columns, joins, alias) = target.parts();
    let mut sql = SqlBuilder::new("");
    let ranked: Vec<String> = seekers
        .iter()
        .enumerate()
        .map(|(n, seeker)| {
            format!(
                "SELECT * FROM (SELECT match_id, score, {n} AS seeker FROM ({}) c \
                 ORDER BY score DESC, match_id DESC LIMIT {limit}) s{n}",
                candidates(&mut sql, target, seeker, today)
            )
        })
        .collect();
    sql.push(&format!(
        "SELECT {columns}, m.score, m.seeker FROM ({}) m JOIN {table} {alias} ON {alias}.id = m.match_id {joins} \
         ORDER BY m.score DESC, {alias}.id DESC",
        ranked.join(" UNION ALL ")
    ));
    sql
}

impl Target {
    /// The table, its columns and joins as read, and its alias.
    fn parts(self) -> (&'static str, &'static str, &'static str, &'static str) {
        match self {
            Target::Needs => ("needs", NEED_COLUMNS, NEED_JOINS, "n"),
            Target::Offers => ("offers", OFFER_COLUMNS, OFFER_JOINS, "o"),
        }
    }
}

/// One seeker's candidates with their scores. Distances are compared on a flat map scaled at
/// the seeker's latitude, exact enough within a city; the bounding box lets the index skip
/// candidates surely out of reach.
fn candidates(sql: &mut SqlBuilder, target: Target, seeker: &Seeker, today: &str) -> String {
    let (table, _, _, alias) = target.parts();
    let open = match target {
        Target::Needs => format!(
            "n.status IN ('open', 'partly_met') AND {}",
            visible(ContentKind::Need, "n")
        ),
        Target::Offers => format!(
            "o.status = 'active' AND {}",
            visible(ContentKind::Offer, "o")
        ),
    };
    // Kind points.
    let mut kind_case = String::from("(CASE");
    let mut kind_list = Vec::new();
    for (kind, points) in &seeker.kinds {
        let k = sql.bind(Value::Text(kind.code().into()));
        kind_case.push_str(&format!(" WHEN {alias}.kind = {k} THEN {points}"));
        kind_list.push(k);
    }
    kind_case.push_str(" ELSE 0 END)");
    // Shared skills: stems of the seeker found among the candidate's skill terms.
    let skill_points = if seeker.terms.is_empty() {
        "0".to_string()
    } else {
        let shared: Vec<String> = seeker
            .terms
            .iter()
            .take(16)
            .map(|t| {
                let p = sql.bind(Value::Text(format!("% {t} %")));
                format!("(CASE WHEN {alias}.skill_terms LIKE {p} THEN 1 ELSE 0 END)")
            })
            .collect();
        let shared = shared.join(" + ");
        // Each LIKE costs a scan of the candidate's skills: with no more stems than are
        // counted, the cap cannot apply, and the sum is written (and evaluated) once.
        if seeker.terms.len() as i64 <= SHARED_SKILLS_COUNTED {
            format!("(({shared}) * {PER_SHARED_SKILL})")
        } else {
            format!(
                "(CASE WHEN {shared} > {SHARED_SKILLS_COUNTED} THEN {} ELSE ({shared}) * {PER_SHARED_SKILL} END)",
                SHARED_SKILLS_COUNTED * PER_SHARED_SKILL
            )
        }
    };
    // Time overlap.
    let wd = sql.bind(Value::Int(seeker.match_weekdays));
    let dp = sql.bind(Value::Int(seeker.match_day_parts));
    let time_points = format!(
        "(CASE WHEN ({alias}.match_weekdays & {wd}) <> 0 AND ({alias}.match_day_parts & {dp}) <> 0 THEN {TIME_OVERLAP} ELSE 0 END)"
    );
    let mut conditions = vec![open, format!("{alias}.kind IN ({})", kind_list.join(", "))];
    // The period: not ended before the seeker starts (or before today), nor starting after the seeker ends.
    let start = seeker
        .from
        .map(|d| d.to_string())
        .filter(|d| d.as_str() > today)
        .unwrap_or_else(|| today.to_string());
    let s = sql.bind(Value::Text(start));
    conditions.push(format!(
        "({alias}.to_date IS NULL OR {alias}.to_date >= {s})"
    ));
    if let Some(end) = seeker.to {
        let e = sql.bind(Value::Text(end.to_string()));
        conditions.push(format!(
            "({alias}.from_date IS NULL OR {alias}.from_date <= {e})"
        ));
    }
    // Place: candidates with a place must be within reach, those without score as open. The
    // two are separate branches so each is a range scan of the covering index (an OR would
    // make SQLite fetch every candidate's row).
    let base = format!("{kind_case} + {skill_points} + {time_points}");
    let branch = |place_points: &str, place_condition: &str| {
        format!(
            "SELECT {alias}.id AS match_id, {base} + {place_points} AS score FROM {table} {alias} WHERE {} AND {place_condition}",
            conditions.join(" AND ")
        )
    };
    match seeker.place {
        None => branch(&PLACE_OPEN.to_string(), "1 = 1"),
        Some((lat, lon)) => {
            let (north_um, east_um) = um_per_e6(lat);
            let la = sql.bind(Value::Int(to_e6(lat)));
            let lo = sql.bind(Value::Int(to_e6(lon)));
            let d2 = format!(
                "((({alias}.latitude_e6 - {la}) * {north_um} / 1000000) * (({alias}.latitude_e6 - {la}) * {north_um} / 1000000) + \
                 (({alias}.longitude_e6 - {lo}) * {east_um} / 1000000) * (({alias}.longitude_e6 - {lo}) * {east_um} / 1000000))"
            );
            // A bound reach is a BIGINT on both engines; a literal would be a 32-bit integer
            // on PostgreSQL, and its square overflow.
            let (reach, max_reach) = match (target, seeker.reach_m) {
                (Target::Offers, _) => (format!("{alias}.radius_m"), *RADIUS_M.end()),
                (Target::Needs, r) => {
                    let r = r.unwrap_or(*RADIUS_M.end());
                    (sql.bind(Value::Int(r)), r)
                }
            };
            let box_e6 = max_reach * 1_000_000 / north_um + 1;
            let lo_box = sql.bind(Value::Int(to_e6(lat) - box_e6));
            let hi_box = sql.bind(Value::Int(to_e6(lat) + box_e6));
            // East and west too: a comparison of the index's longitude is much cheaper than
            // the distance, which is then worked out only for candidates inside the box.
            // At a pole a degree of longitude has no width, and the box no edge east or west.
            let box_lon_e6 = max_reach * 1_000_000 / east_um.max(1) + 1;
            let west = sql.bind(Value::Int(to_e6(lon) - box_lon_e6));
            let east = sql.bind(Value::Int(to_e6(lon) + box_lon_e6));
            let near = format!(
                "(CASE WHEN {d2} <= 1000000 THEN {WITHIN_1_KM} WHEN {d2} <= 9000000 THEN {WITHIN_3_KM} ELSE {WITHIN_REACH} END)"
            );
            format!(
                "{} UNION ALL {}",
                branch(
                    &near,
                    &format!(
                        "{alias}.latitude_e6 BETWEEN {lo_box} AND {hi_box} \
                         AND {alias}.longitude_e6 BETWEEN {west} AND {east} AND {d2} <= {reach} * {reach}"
                    )
                ),
                branch(
                    &PLACE_OPEN.to_string(),
                    &format!("{alias}.latitude_e6 IS NULL")
                )
            )
        }
    }
}

// ---- pledges and contributions ----
