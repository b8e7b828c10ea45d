//! The daily digests: once a day, after the digest hour (Copenhagen time), each reader of daily
//! digests gets one mail with what they were told since the last. Runs beside the mail worker;
//! the outbox's dedupe key keeps several nodes from queueing the same day's digest twice.

use super::store::enqueue_digests;
use crate::platform::db::Db;
use crate::platform::time::copenhagen;
use std::time::Duration;

/// Runs until the task is dropped, looking every `poll` whether today's digests are due.
pub async fn run(db: Db, digest_hour: i8, poll: Duration) {
    let mut digested_on = None;
    loop {
        let today = jiff::Timestamp::now().to_zoned_datetime(copenhagen().clone());
        if today.hour() >= digest_hour && digested_on != Some(today.date()) {
            match enqueue_digests(&db, &today.date().to_string()).await {
                Ok(_) => digested_on = Some(today.date()),
                Err(e) => tracing::warn!(error = ?e, "queueing digests failed"),
            }
        }
        tokio::time::sleep(poll).await;
    }
}
