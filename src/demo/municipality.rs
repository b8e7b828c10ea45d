//! The municipality's side: the seed's three-party contract, and requests through the front door.

use super::*;

/// The seed's three-party co-creation contract between the voluntary social association and
/// the two departments, drafted by Lene and accepted by the association's chair and one person
/// from each department.
pub(super) async fn three_party_contract(db: &Db, cast: &Cast) -> AppResult<()> {
    let (social, msb, mso) = (
        cast.actor("social")?,
        cast.actor("msb")?,
        cast.actor("mso")?,
    );
    use crate::agreements::model::{Commitment, Template, Terms};
    use crate::agreements::store as agreements;
    let initiative_id: Option<i64> = sqlx::query_scalar(
        "SELECT MIN(id) FROM initiatives WHERE title LIKE 'Samskabelseskontrakt%'",
    )
    .fetch_one(db.pool())
    .await?;
    let terms = Terms {
        purpose: "Mindre ensomhed og mere livskvalitet for yngre med handicap – med samskabelse som formål for alle tre parter.".into(),
        contributions: "Social Frivilligforening Aarhus leder de frivillige og fællesskabet.\n\
                        Sociale Forhold og Beskæftigelse giver kontakt til borgerne og medarbejdertid.\n\
                        Sundhed og Omsorg giver lokaler i aktivitetscentrene og faglig sparring."
            .into(),
        ownership: "Fællesskabet og dets aktiviteter ejes af foreningen. Viden fra samarbejdet deles frit mellem parterne.".into(),
        commitment: Commitment::NonBinding,
        binding_terms: String::new(),
        data_roles: "Foreningen er dataansvarlig for deltagerlisten. Kommunen behandler ingen persondata i samarbejdet.".into(),
        duration: "Et år fra underskrift. En part kan træde ud med en måneds varsel.".into(),
        evaluation: "To gange om året ser parterne sammen med deltagerne på, hvad fællesskabet giver: for deltagerne, foreningen og kommunen.".into(),
    };
    let id = agreements::create(
        db,
        &agreements::NewAgreement {
            title: "Samskabelseskontrakt om fællesskab for yngre med handicap",
            template: Template::CoCreation,
            initiative_id,
            parties: &[social, msb, mso],
            terms: &terms,
            user_id: cast.user("lene")?,
        },
    )
    .await?;
    for (party, person) in [(social, "hanne"), (msb, "brian"), (mso, "lene")] {
        agreements::accept(db, id, 1, party, cast.user(person)?).await?;
    }
    Ok(())
}

/// Two grant pools like Aarhus' own (a pool of up to 50,000 kr. with a quarter own financing,
/// and a fast pool of up to 5,000 kr.), and the Spirer's request for plants, waiting in Teknik
/// og Miljø's queue.
pub(super) async fn front_door(db: &Db, cast: &Cast) -> AppResult<()> {
    let (mtm, aktiv, spirer) = (
        cast.actor("mtm")?,
        cast.actor("aktiv")?,
        cast.actor("spirer")?,
    );
    let initiative_id = cast.initiative("spirer")?;
    use crate::requests::model::{PoolDraft, PoolRules, RequestDraft, RequestKind};
    use crate::requests::store as requests;
    requests::create_pool(
        db,
        mtm,
        &PoolDraft {
            name: "Puljen til grønne fællesskaber".into(),
            description: "Støtte til borgere og foreninger, der gør byens rum grønnere sammen med naboerne.".into(),
            criteria: "Projektet er åbent for alle, foregår i byens rum og har mindst 25 % egenfinansiering (penge eller frivillige timer).".into(),
            rules: PoolRules {
                budget_ore: 50_000_000,
                max_grant_ore: Some(5_000_000),
                own_share_pct: 25,
                opens_on: None,
                deadline: None,
                decision_days: Some(30),
            },
        },
        cast.user("birgitte")?,
    )
    .await?;
    requests::create_pool(
        db,
        aktiv,
        &PoolDraft {
            name: "Hurtigpuljen".into(),
            description: "Små beløb til aktiviteter, der skal ske snart. Svar inden for få dage."
                .into(),
            criteria: "Aktiviteten er frivillig og åben.".into(),
            rules: PoolRules {
                budget_ore: 10_000_000,
                max_grant_ore: Some(500_000),
                own_share_pct: 0,
                opens_on: None,
                deadline: None,
                decision_days: Some(5),
            },
        },
        cast.user("lene")?,
    )
    .await?;
    let starts: i64 =
        sqlx::query_scalar("SELECT MIN(starts_at) FROM events WHERE initiative_id = $1")
            .bind(initiative_id)
            .fetch_one(db.pool())
            .await?;
    let needed_on = jiff::Timestamp::from_second(starts).ok().map(|t| {
        t.to_zoned_datetime(crate::platform::time::copenhagen().clone())
            .date()
    });
    requests::create_request(
        db,
        &requests::NewRequest {
            draft: &RequestDraft {
                kind: RequestKind::Help,
                title: "Planter og jord til Frederiksbjergkasserne".into(),
                description: "Vi bygger 40 blomsterkasser til Hyg & Byg og mangler stauder og jord. Kan kommunens gartnere hjælpe?".into(),
                amount_ore: None,
                project_cost_ore: None,
                needed_on,
                place: String::new(),
            },
            applicant_id: spirer,
            initiative_id: Some(initiative_id),
            unit_id: mtm,
            pool_id: None,
            user_id: cast.user("jeppe")?,
        },
    )
    .await?;
    Ok(())
}
