//! The registers as the demo data says them (`[[registers]]` in `aarhus.toml`): an
//! association's purposes, fields and activities, its volunteers written in by its board, and
//! access it granted a municipal coordinator, who looked while it ran and whose access has
//! since ended — all through the register's actions, so the log holds every look.

use super::scenario::{Cast, refused};
use super::*;
use crate::platform::db;
use crate::platform::i18n::Lang;
use crate::platform::time::today;
use crate::registers::actions as registers;
use crate::registers::model::*;
use crate::registers::store;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RegisterPlan {
    association: String,
    /// Who keeps it for the association.
    by: String,
    purposes: Vec<PurposePlan>,
    fields: Vec<FieldPlan>,
    activities: Vec<String>,
    /// Its people: a name (with the address of their account, for those who have one), the
    /// activities they take part in, by number from 1, and how many days ago they started.
    people: Vec<PersonPlan>,
    grant: Option<GrantPlan>,
    /// Consents to the purpose by consent, some since withdrawn by their link.
    #[serde(default)]
    consents: Vec<ConsentPlan>,
    /// People who stopped long enough ago that every purpose's period has passed: retention
    /// has made them anonymous.
    #[serde(default)]
    lapsed: Vec<String>,
    /// A person with an account asked the board to correct their entry.
    request: Option<CorrectionPlan>,
    /// The data processing agreement with the municipal unit that runs Medspil, accepted by both.
    processing: Option<ProcessingPlan>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ConsentPlan {
    person: String,
    how: ConsentHow,
    #[serde(default)]
    withdrawn: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct CorrectionPlan {
    person: String,
    details: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct ProcessingPlan {
    unit: String,
    accepted_by: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PurposePlan {
    name: String,
    basis: LegalBasis,
    retention_days: i64,
    /// What people consent to, for a purpose by consent.
    #[serde(default)]
    consent_text: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct FieldPlan {
    kind: FieldKind,
    #[serde(default)]
    label: String,
    /// The purpose it is kept for, by number from 1.
    purpose: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PersonPlan {
    name: String,
    #[serde(default)]
    email: String,
    activities: Vec<usize>,
    started_days_ago: i64,
    /// Their phone, kept for the first field.
    #[serde(default)]
    phone: String,
    #[serde(default)]
    certificate: Option<Certificate>,
    /// For a received declaration: how many days it still runs.
    valid_days: Option<i64>,
}

/// Access the board granted, which the grantee used and which has since ended.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct GrantPlan {
    to: String,
    email: String,
    purpose: String,
}

fn days_from_today(days: i64) -> AppResult<jiff::civil::Date> {
    today()
        .checked_add(jiff::Span::new().days(days))
        .map_err(|e| AppError::Internal(e.to_string()))
}

pub(super) async fn association_register(db: &Db, cast: &Cast, r: &RegisterPlan) -> AppResult<()> {
    let association = cast.actor(&r.association)?;
    let board = cast.viewer(db, &r.by).await?;
    for p in &r.purposes {
        let draft = PurposeDraft {
            name: p.name.clone(),
            legal_basis: Some(p.basis),
            retention_days: p.retention_days,
            consent_text: p.consent_text.clone(),
        };
        registers::add_purpose(db, &board, association, draft, Default::default())
            .await
            .map_err(refused(&p.name))?;
    }
    let purposes = store::purposes(db, association).await?;
    for f in &r.fields {
        let purpose = purposes
            .iter()
            .find(|p| p.name == r.purposes[f.purpose - 1].name);
        let draft = FieldDraft {
            kind: Some(f.kind),
            label: f.label.clone(),
            purpose_id: purpose.map(|p| p.id),
        };
        registers::add_field(db, &board, association, draft)
            .await
            .map_err(refused(&f.label))?;
    }
    for a in &r.activities {
        registers::add_activity(db, &board, association, a.clone()).await?;
    }
    let (fields, activities) = tokio::try_join!(
        store::fields(db, association),
        store::activities(db, association)
    )?;
    let activity_id = |name: &String| activities.iter().find(|(_, n)| n == name).map(|a| a.0);
    for p in &r.people {
        let certificate = p.certificate.unwrap_or(Certificate::NotNeeded);
        let draft = EntryDraft {
            name: p.name.clone(),
            email: p.email.clone(),
            starts_on: Some(days_from_today(-p.started_days_ago)?),
            ends_on: None,
            certificate,
            certificate_valid_until: p.valid_days.map(days_from_today).transpose()?,
            values: match (fields.first(), p.phone.is_empty()) {
                (Some(f), false) => vec![(f.id, p.phone.clone())],
                _ => Vec::new(),
            },
            activity_ids: p
                .activities
                .iter()
                .filter_map(|n| r.activities.get(n - 1).and_then(activity_id))
                .collect(),
        };
        registers::add_entry(db, &board, association, draft, Default::default())
            .await
            .map_err(refused(&p.name))?;
    }
    // They were written in when they started, not today: a look at the list since then showed them.
    db::query("UPDATE register_entries SET created_at = created_at - $1 WHERE association_id = $2")
        .bind(4 * 365 * 24 * 3600_i64)
        .bind(association)
        .execute(db.pool())
        .await?;
    let entries = store::entries(db, association).await?;
    let entry_of = |name: &str| {
        entries
            .iter()
            .find(|e| e.name == name)
            .ok_or_else(|| AppError::Internal(format!("demo data: no {name} in the register")))
    };
    let by_consent = purposes
        .iter()
        .find(|p| p.legal_basis == LegalBasis::Consent);
    for c in &r.consents {
        let e = entry_of(&c.person)?;
        let draft = ConsentDraft {
            purpose_id: by_consent.map(|p| p.id),
            given_by: c.person.clone(),
            by_guardian: false,
            how: Some(c.how),
        };
        let secret = registers::record_consent(db, &board, e.id, draft)
            .await
            .map_err(refused(&c.person))?;
        if c.withdrawn {
            registers::withdraw(db, &secret).await?;
        }
    }
    for name in &r.lapsed {
        let stopped = days_from_today(-800)?;
        registers::end(db, &board, entry_of(name)?.id, Some(stopped)).await?;
    }
    crate::registers::retention::sweep(db, today()).await?;
    if let Some(q) = &r.request {
        let draft = crate::registers::rights::RequestDraft {
            kind: Some(crate::registers::rights::RequestKind::Correct),
            details: q.details.clone(),
        };
        let e = entry_of(&q.person)?;
        // The board hears of it on its register page; the demo tells no one.
        store::make_request(db, e, &draft, crate::registers::rights::answer_by(today())).await?;
    }
    if let Some(p) = &r.processing {
        let unit = cast.actor(&p.unit)?;
        let id = registers::processing_agreement(db, &board, association, Some(unit), Lang::Da)
            .await
            .map_err(refused(&p.unit))?;
        let accepting = cast.viewer(db, &p.accepted_by).await?;
        for (viewer, party) in [(&board, association), (&accepting, unit)] {
            crate::agreements::actions::accept(db, viewer, id, 1, party)
                .await
                .map_err(refused(&p.unit))?;
        }
    }
    if let Some(g) = &r.grant {
        let grantee = cast.viewer(db, &g.to).await?;
        let draft = GrantDraft {
            email: g.email.clone(),
            purpose: g.purpose.clone(),
            until: Some(days_from_today(30)?),
        };
        registers::grant(db, &board, association, draft)
            .await
            .map_err(refused(&g.purpose))?;
        registers::people(db, &grantee, association).await?;
        // The grant ran last season: its days, and the look made under it, are moved back.
        let month = 30 * 24 * 3600 + 3600;
        db::query(
            "UPDATE register_grants SET starts_at = starts_at - $1 - $1, ends_at = ends_at - $1 - $1 \
             WHERE association_id = $2",
        )
        .bind(month)
        .bind(association)
        .execute(db.pool())
        .await?;
        db::query("UPDATE register_access_log SET at = at - $1 - $1 WHERE association_id = $2")
            .bind(month)
            .bind(association)
            .execute(db.pool())
            .await?;
    }
    Ok(())
}
