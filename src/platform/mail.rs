//! E-mail. Whatever causes a mail writes it to the `mail_outbox` table; this worker, running in
//! every node that has an SMTP server configured, claims due mails, sends them and marks them
//! sent, retrying failures with a growing pause. A claim keeps other nodes off a mail, so two
//! nodes never send the same one; a node that dies mid-send leaves its claim to run out, and the
//! mail keeps its Message-ID, so a receiver can tell a resend. Once a day, after the digest hour,
//! it also puts the daily digests in the outbox.

use crate::following::store as outbox;
use crate::platform::config::Config;
use crate::platform::db::Db;
use crate::platform::time::copenhagen;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Mailbox, Message};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::time::Duration;

pub struct Mailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    base: String,
    node: String,
    poll: Duration,
    digest_hour: i8,
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
            digest_hour: config.digest_hour,
        }))
    }

    /// Sends what is due; returns how many were sent.
    pub async fn send_due(&self, db: &Db) -> Result<usize, crate::platform::error::AppError> {
        let mut sent = 0;
        loop {
            let batch = outbox::claim_mail(db, &self.node, 20).await?;
            if batch.is_empty() {
                return Ok(sent);
            }
            for mail in &batch {
                // A slow server can outlast the claim; a mail another node took over is left to it.
                if !outbox::renew_claim(db, mail.id, &self.node).await? {
                    continue;
                }
                match self.send(mail).await {
                    Ok(()) => {
                        outbox::mark_sent(db, mail.id, &self.node).await?;
                        sent += 1;
                    }
                    Err(e) => {
                        tracing::warn!(mail = mail.id, error = %e, "sending mail failed; will retry");
                        outbox::mark_failed(db, mail, &self.node, &e).await?;
                    }
                }
            }
        }
    }

    async fn send(&self, mail: &outbox::OutgoingMail) -> Result<(), String> {
        let host = self.from.email.domain().to_string();
        let mut builder = Message::builder()
            .from(self.from.clone())
            .to(mail.to.parse().map_err(|e| format!("address: {e}"))?)
            .subject(mail.subject.clone())
            .message_id(Some(format!("<outbox-{}@{host}>", mail.id)))
            .header(ContentType::TEXT_PLAIN);
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

    /// Runs until the task is dropped: sends due mail every poll, and the digests once a day.
    pub async fn run(self, db: Db) {
        let mut digested_on = None;
        loop {
            let today = jiff::Timestamp::now().to_zoned_datetime(copenhagen().clone());
            if today.hour() >= self.digest_hour && digested_on != Some(today.date()) {
                match outbox::enqueue_digests(&db, &today.date().to_string()).await {
                    Ok(_) => digested_on = Some(today.date()),
                    Err(e) => tracing::warn!(error = ?e, "queueing digests failed"),
                }
            }
            if let Err(e) = self.send_due(&db).await {
                tracing::warn!(error = ?e, "mail worker");
            }
            tokio::time::sleep(self.poll).await;
        }
    }
}
