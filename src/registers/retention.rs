//! Retention of registers: once someone has stopped, the data kept for each purpose goes when
//! that purpose's period has passed, and the entry is made anonymous when every purpose's has;
//! each erasure is recorded with when it happened and for which purpose, never what it was.
//! Runs in every node with the platform's retention sweep; each step is conditional, so two
//! nodes never record an erasure twice.

use super::store::{self, Purpose};
use crate::platform::db::{self, Db};
use crate::platform::error::AppResult;
use jiff::civil::Date;

/// Entries looked at in one sweep; the next sweep takes the rest.
const BATCH: i64 = 500;

/// What one sweep removed: values kept for a lapsed purpose, and entries made anonymous.
#[derive(Debug, Default, PartialEq)]
pub struct Swept {
    pub values: u64,
    pub entries: u64,
}

/// The day the data kept for `purpose` about someone who stopped on `ended` goes.
pub fn lapses(ended: Date, purpose: &Purpose) -> Date {
    ended
        .checked_add(jiff::Span::new().days(purpose.retention_days))
        .unwrap_or(Date::MAX)
}

/// One sweep, as of `today`: every entry of someone who has stopped, a batch at a time.
pub async fn sweep(db: &Db, today: Date) -> AppResult<Swept> {
    let mut swept = Swept::default();
    let mut purposes = Purposes::default();
    let mut after = 0;
    loop {
        let ended: Vec<(i64, i64, String)> = db::query_as(
            "SELECT id, association_id, ends_on FROM register_entries \
             WHERE anonymised_at IS NULL AND ends_on IS NOT NULL AND ends_on <= $1 AND id > $2 \
             ORDER BY id LIMIT $3",
        )
        .bind(today.to_string())
        .bind(after)
        .bind(BATCH)
        .fetch_all(db.pool())
        .await?;
        let last_batch = (ended.len() as i64) < BATCH;
        after = ended.last().map_or(after, |e| e.0);
        for (entry, association, ends_on) in ended {
            sweep_entry(
                db,
                today,
                &mut purposes,
                &mut swept,
                (entry, association, &ends_on),
            )
            .await?;
        }
        if last_batch {
            return Ok(swept);
        }
    }
}

/// The purposes of each association, read once a sweep.
type Purposes = std::collections::HashMap<i64, Vec<Purpose>>;

/// Erases what one ended entry keeps past its purposes' periods, and the person when all have
/// passed.
async fn sweep_entry(
    db: &Db,
    today: Date,
    purposes: &mut Purposes,
    swept: &mut Swept,
    (entry, association, ends_on): (i64, i64, &str),
) -> AppResult<()> {
    let Ok(ended) = ends_on.parse::<Date>() else {
        return Ok(());
    };
    if let std::collections::hash_map::Entry::Vacant(slot) = purposes.entry(association) {
        slot.insert(store::purposes(db, association).await?);
    }
    let mut all_lapsed = true;
    for p in &purposes[&association] {
        if lapses(ended, p) <= today {
            swept.values += store::erase_purpose(db, association, entry, p.id, ends_on).await?;
        } else {
            all_lapsed = false;
        }
    }
    if all_lapsed && store::anonymise(db, association, entry, ends_on).await? {
        swept.entries += 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registers::model::LegalBasis;
    use jiff::civil::date;

    #[test]
    fn a_purposes_data_goes_its_period_after_the_person_stopped() {
        let purpose = |days| Purpose {
            id: 1,
            name: "Koordinering".into(),
            legal_basis: LegalBasis::Membership,
            retention_days: days,
            consent_version: 0,
        };
        let stopped = date(2026, 1, 31);
        assert_eq!(lapses(stopped, &purpose(0)), stopped);
        assert_eq!(lapses(stopped, &purpose(365)), date(2027, 1, 31));
        assert_eq!(lapses(stopped, &purpose(29)), date(2026, 3, 1));
    }
}
