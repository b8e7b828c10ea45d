//! E-mail. Whatever causes a mail writes it to the `mail_outbox` table; this worker, running in
//! every node that has an SMTP server configured, claims due mails, sends them and marks them
//! sent, retrying failures with a growing pause. A claim keeps other nodes off a mail, so two
//! nodes never send the same one; a node that dies mid-send leaves its claim to run out, and the
//! mail keeps its Message-ID, so a receiver can tell a resend.

use crate::platform::config::Config;
use crate::platform::db::{self, Db};
use crate::platform::error::{AppError, AppResult};
use crate::platform::i18n::{Lang, Strings};
use crate::platform::time::now;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, Message};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::time::Duration;

/// An e-mail before it is sent: links start with `{base}`, the public URL.
#[derive(Clone, Debug, PartialEq)]
pub struct Mail {
    pub subject: String,
    pub body: String,
}

/// A text in Danish and in English, for mails that carry both.
pub fn in_both(text: impl Fn(&Strings) -> String) -> (String, String) {
    (text(Lang::Da.strings()), text(Lang::En.strings()))
}

/// Puts a mail to `address` in the outbox, once per `dedupe_key` however often it is asked
/// for; false when one with that key was there already.
pub async fn queue(
    db: &Db,
    address: &str,
    dedupe_key: &str,
    mail: &Mail,
    unsubscribe_path: &str,
) -> AppResult<bool> {
    queue_from(
        db.pool(),
        &Sender::default(),
        address,
        dedupe_key,
        mail,
        unsubscribe_path,
    )
    .await
}

/// Who a mail is from when it is not the platform itself: a name shown as the sender (at the
/// platform's own address, which receivers can trust) and where replies go.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Sender {
    pub name: String,
    pub reply_to: String,
}

/// [`queue`], sent in `sender`'s name, on `db` or in a transaction.
pub async fn queue_from<'e>(
    db: impl Into<db::Exec<'e>>,
    sender: &Sender,
    address: &str,
    dedupe_key: &str,
    mail: &Mail,
    unsubscribe_path: &str,
) -> AppResult<bool> {
    let t = now();
    let done = db::query(
        "INSERT INTO mail_outbox (dedupe_key, to_address, subject, body, unsubscribe_path, created_at, \
         send_after, from_name, reply_to) \
         VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8) ON CONFLICT (dedupe_key) DO NOTHING",
    )
    .bind(dedupe_key)
    .bind(address)
    .bind(&mail.subject)
    .bind(&mail.body)
    .bind(unsubscribe_path)
    .bind(t)
    .bind(&sender.name)
    .bind(&sender.reply_to)
    .execute(db)
    .await?;
    Ok(done.rows_affected() > 0)
}

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    base: String,
    node: String,
    poll: Duration,
}

impl Mailer {
    /// The mailer the configuration asks for, if any.
    pub fn from_config(config: &Config) -> Result<Option<Mailer>, String> {
        let Some(url) = config.smtp_url.as_deref() else {
            return Ok(None);
        };
        let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
            .map_err(|e| format!("MEDSPIL_SMTP_URL: {e}"))?
            .timeout(Some(Duration::from_secs(30)))
            .build();
        let from = config
            .mail_from
            .parse()
            .map_err(|e| format!("MEDSPIL_MAIL_FROM: {e}"))?;
        Ok(Some(Mailer {
            transport,
            from,
            base: config.public_url().trim_end_matches('/').to_string(),
            node: format!(
                "{}-{}",
                std::process::id(),
                crate::platform::auth::random_token()
            ),
            poll: Duration::from_millis(config.mail_poll_ms.max(10)),
        }))
    }

    /// Sends what is due; returns how many were sent.
    pub async fn send_due(&self, db: &Db) -> AppResult<usize> {
        let mut sent = 0;
        loop {
            let batch = claim_mail(db, &self.node, 20).await?;
            if batch.is_empty() {
                return Ok(sent);
            }
            for mail in &batch {
                // A slow server can outlast the claim; a mail another node took over is left to it.
                if !renew_claim(db, mail.id, &self.node).await? {
                    continue;
                }
                match self.send(mail).await {
                    Ok(()) => {
                        mark_sent(db, mail.id, &self.node).await?;
                        sent += 1;
                    }
                    Err(e) => {
                        tracing::warn!(mail = mail.id, error = %e, "sending mail failed; will retry");
                        mark_failed(db, mail, &self.node, &e).await?;
                    }
                }
            }
        }
    }

    async fn send(&self, mail: &OutgoingMail) -> Result<(), String> {
        let host = self.from.email.domain().to_string();
        let from = match mail.sender.name.as_str() {
            "" => self.from.clone(),
            name => Mailbox::new(Some(name.to_string()), self.from.email.clone()),
        };
        let mut builder = Message::builder()
            .from(from)
            .to(mail.to.parse().map_err(|e| format!("address: {e}"))?)
            .subject(mail.subject.clone())
            .message_id(Some(format!("<outbox-{}@{host}>", mail.id)))
            .header(ContentType::TEXT_PLAIN);
        if let Ok(reply_to) = mail.sender.reply_to.parse() {
            builder = builder.reply_to(reply_to);
        }
        if !mail.unsubscribe_path.is_empty() {
            let url = format!("{}{}", self.base, mail.unsubscribe_path);
            builder = builder
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe"),
                    format!("<{url}>"),
                ))
                .raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str("List-Unsubscribe-Post"),
                    "List-Unsubscribe=One-Click".into(),
                ));
        }
        let message = builder
            .body(mail.body.replace("{base}", &self.base))
            .map_err(|e| format!("message: {e}"))?;
        self.transport
            .send(message)
            .await
            .map(|_| ())
            .map_err(|e| e.to_string())
    }

    /// Runs until the task is dropped: sends due mail every poll.
    pub async fn run(self, db: Db) {
        loop {
            if let Err(e) = self.send_due(&db).await {
                tracing::warn!(error = ?e, "mail worker");
            }
            tokio::time::sleep(self.poll).await;
        }
    }
}

/// A mail claimed for sending.
pub struct OutgoingMail {
    pub id: i64,
    pub to: String,
    pub subject: String,
    pub body: String,
    pub unsubscribe_path: String,
    pub attempts: i64,
    pub sender: Sender,
}

/// How long a claim holds before another node may take the mail over (a node that died).
pub const CLAIM_SECONDS: i64 = 120;
/// After this many failed attempts a mail is given up.
pub const MAX_ATTEMPTS: i64 = 8;

/// Claims up to `limit` due mails for `node`. A mail claimed by one node is not claimed by
/// another until the claim runs out: the claim conditions are checked again on the row itself
/// by the UPDATE, so two nodes racing for the same mail cannot both get it.
pub async fn claim_mail(db: &Db, node: &str, limit: i64) -> AppResult<Vec<OutgoingMail>> {
    let t = now();
    let rows = db::query(format!(
        "UPDATE mail_outbox SET claimed_by = $1, claimed_until = $2 \
         WHERE id IN (SELECT id FROM mail_outbox WHERE sent_at IS NULL AND failed_at IS NULL AND send_after <= $3 \
                      AND (claimed_until IS NULL OR claimed_until < $3) ORDER BY id LIMIT {limit}) \
         AND sent_at IS NULL AND failed_at IS NULL AND (claimed_until IS NULL OR claimed_until < $3) \
         RETURNING id, to_address, subject, body, unsubscribe_path, attempts, from_name, reply_to"
    ))
    .bind(node)
    .bind(t + CLAIM_SECONDS)
    .bind(t)
    .fetch_all(db.pool())
    .await?;
    rows.iter()
        .map(|r| {
            Ok(OutgoingMail {
                id: r.try_get("id")?,
                to: r.try_get("to_address")?,
                subject: r.try_get("subject")?,
                body: r.try_get("body")?,
                unsubscribe_path: r.try_get("unsubscribe_path")?,
                attempts: r.try_get("attempts")?,
                sender: Sender {
                    name: r.try_get("from_name")?,
                    reply_to: r.try_get("reply_to")?,
                },
            })
        })
        .collect::<Result<_, db::Error>>()
        .map_err(AppError::from)
}

/// Extends this node's claim on a mail just before sending it; false when the claim was lost
/// (it ran out and another node took the mail), and the mail must not be sent.
pub async fn renew_claim(db: &Db, id: i64, node: &str) -> AppResult<bool> {
    let done = db::query(
        "UPDATE mail_outbox SET claimed_until = $1 WHERE id = $2 AND claimed_by = $3 AND sent_at IS NULL",
    )
    .bind(now() + CLAIM_SECONDS)
    .bind(id)
    .bind(node)
    .execute(db.pool())
    .await?;
    Ok(done.rows_affected() > 0)
}

/// Marks a mail sent. A mail carrying a secret link (`link:` in its dedupe key) keeps no body
/// once sent, so the outbox holds no working link.
pub async fn mark_sent(db: &Db, id: i64, node: &str) -> AppResult<()> {
    db::query(
        "UPDATE mail_outbox SET sent_at = $1, claimed_until = NULL, \
         body = CASE WHEN dedupe_key LIKE 'link:%' THEN '' ELSE body END \
         WHERE id = $2 AND claimed_by = $3",
    )
    .bind(now())
    .bind(id)
    .bind(node)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// Records a failed attempt: retried later with a growing pause, or given up.
pub async fn mark_failed(db: &Db, mail: &OutgoingMail, node: &str, error: &str) -> AppResult<()> {
    let attempts = mail.attempts + 1;
    let t = now();
    let pause = 30 * (1_i64 << attempts.min(7));
    db::query(
        "UPDATE mail_outbox SET attempts = $1, last_error = $2, claimed_by = NULL, claimed_until = NULL, \
         send_after = $3, failed_at = $4 WHERE id = $5 AND claimed_by = $6",
    )
    .bind(attempts)
    .bind(error.chars().take(500).collect::<String>())
    .bind(t + pause)
    .bind((attempts >= MAX_ATTEMPTS).then_some(t))
    .bind(mail.id)
    .bind(node)
    .execute(db.pool())
    .await?;
    Ok(())
}

/// How many mails wait in the outbox (neither sent nor given up), and when the oldest was written.
pub async fn outbox_depth(db: &Db) -> AppResult<(i64, Option<i64>)> {
    let row = db::query(
        "SELECT COUNT(*) AS waiting, MIN(created_at) AS oldest FROM mail_outbox \
         WHERE sent_at IS NULL AND failed_at IS NULL",
    )
    .fetch_one(db.pool())
    .await?;
    Ok((row.try_get("waiting")?, row.try_get("oldest")?))
}
