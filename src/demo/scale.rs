//! Synthetic data for benchmarks: initiatives, needs, offers and tips at any scale.

use super::*;
use crate::platform::db;

pub(super) const NEIGHBOURHOODS: &[&str] = &[
    "Frederiksbjerg",
    "Midtbyen",
    "Trøjborg",
    "Vesterbro",
    "Gellerup",
    "Hasle",
    "Viby",
    "Risskov",
    "Åbyhøj",
    "Brabrand",
    "Tilst",
    "Skejby",
    "Lystrup",
    "Harlev",
    "Tranbjerg",
    "Højbjerg",
    "Egå",
    "Sabro",
];
pub(super) const WHAT: &[&str] = &[
    "fælleshave",
    "madklub",
    "lektiecafé",
    "repair café",
    "gåklub",
    "byttemarked",
    "strikkeklub",
    "legeplads",
    "kræmmermarked",
    "højskoleaften",
    "cykelværksted",
    "besøgsven",
    "insekthotel",
    "bænk ved opgangen",
    "gadefest",
];
pub(super) const FOR_WHOM: &[&str] = &[
    "for ældre",
    "for børnefamilier",
    "for unge",
    "for nye naboer",
    "for ensomme",
    "for hele gaden",
    "på tværs af generationer",
];
pub(super) const THEMES: &[Theme] = &[
    Theme::Loneliness,
    Theme::GreenStreets,
    Theme::Climate,
    Theme::Health,
    Theme::ChildrenYouth,
    Theme::Elderly,
    Theme::Culture,
    Theme::Employment,
    Theme::Democracy,
    Theme::Homelessness,
];

/// Adds `n` synthetic initiatives (one new association per ten), `n` offers by those
/// associations and `n / 2` needs of the initiatives, spread over the municipality, for
/// benchmarks.
pub async fn load_scale(db: &Db, n: u32) -> AppResult<()> {
    let user: i64 = db::query_scalar("SELECT MIN(id) FROM users")
        .fetch_one(db.pool())
        .await?;
    let mut rng = 0x2545_f491_4f6c_dd1d_u64;
    let mut next = move |m: usize| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        (rng % m as u64) as usize
    };
    let mut association = 0;
    for batch in 0..n.div_ceil(1000) {
        let mut tx = db.begin().await?;
        for k in 0..1000.min(n - batch * 1000) {
            let i = batch * 1000 + k;
            let place = NEIGHBOURHOODS[next(NEIGHBOURHOODS.len())];
            if i % 10 == 0 {
                let draft = OrganisationDraft {
                    name: format!("Beboerforeningen {place} {}", i / 10),
                    about: format!(
                        "Beboere i {place}, der mødes om fællesskab og et grønnere nærmiljø."
                    ),
                    neighbourhood: place.into(),
                    website: String::new(),
                };
                association =
                    actors::create_organisation(&mut tx, ActorKind::Association, &draft, None)
                        .await?;
            }
            let what = WHAT[next(WHAT.len())];
            let whom = FOR_WHOM[next(FOR_WHOM.len())];
            let draft = InitiativeDraft {
                title: format!("{} {whom} i {place}", capitalise(what)),
                purpose: format!(
                    "Vi vil starte en {what} {whom} i {place}, så naboer mødes og hjælper hinanden."
                ),
                description: format!(
                    "Initiativ nummer {i}. Alle er velkomne; vi mangler hænder, materialer og et sted at være."
                ),
                theme: THEMES[next(THEMES.len())],
                address: String::new(),
                neighbourhood: place.into(),
                coordinates: Some((
                    56.10 + next(1000) as f64 / 10_000.0,
                    10.10 + next(1500) as f64 / 10_000.0,
                )),
                stage: if next(2) == 0 {
                    Stage::CoCreation
                } else {
                    Stage::CoProduction
                },
                commitment: if next(5) == 0 {
                    Commitment::BindingPartnership
                } else {
                    Commitment::NonBinding
                },
                value_goals: vec![ValueGoal::Quality],
                leadership_mode: LeadershipMode::Facilitating,
                department_id: None,
            };
            initiatives::create_in(
                &mut tx,
                &draft,
                Starter {
                    actor_id: association,
                    kind: ActorKind::Association,
                    user_id: user,
                },
                "",
            )
            .await?;
        }
        tx.commit().await?;
    }
    load_scale_mobilisation(db, n, user, &mut next).await?;
    // Fresh statistics, so the query planners see the real sizes of the tables just filled.
    db::query("ANALYZE").execute(db.pool()).await?;
    Ok(())
}

pub(super) const SKILLS: &[&str] = &[
    "besøgsven",
    "samtale",
    "madlavning",
    "havearbejde",
    "tømrer",
    "kørsel",
    "lektiehjælp",
    "it-hjælp",
    "musik",
    "regnskab",
    "maling",
    "cykelreparation",
    "syning",
    "oversættelse",
    "fotografi",
    "planter",
];

/// A point in Aarhus Kommune, from Harlev in the west to Egå in the east.
pub(super) fn somewhere(next: &mut impl FnMut(usize) -> usize) -> (f64, f64) {
    (
        56.08 + next(2000) as f64 / 10_000.0,
        10.00 + next(3000) as f64 / 10_000.0,
    )
}

pub(super) fn some_skills(next: &mut impl FnMut(usize) -> usize) -> String {
    let mut skills: Vec<&str> = (0..1 + next(3))
        .map(|_| SKILLS[next(SKILLS.len())])
        .collect();
    skills.dedup();
    skills.join(", ")
}

pub(super) fn some_time(next: &mut impl FnMut(usize) -> usize) -> Availability {
    let weekdays = if next(2) == 0 {
        Vec::new()
    } else {
        vec![Weekday::ALL[next(7)], Weekday::ALL[next(7)]]
    };
    Availability {
        weekdays,
        day_parts: if next(3) == 0 {
            Vec::new()
        } else {
            vec![DayPart::ALL[next(3)]]
        },
        ..Availability::default()
    }
}

pub(super) async fn load_scale_mobilisation(
    db: &Db,
    n: u32,
    user: i64,
    next: &mut impl FnMut(usize) -> usize,
) -> AppResult<()> {
    let associations: Vec<i64> =
        db::query_scalar("SELECT id FROM actors WHERE kind = 'association' ORDER BY id DESC")
            .fetch_all(db.pool())
            .await?;
    let initiatives: Vec<i64> = db::query_scalar("SELECT id FROM initiatives ORDER BY id DESC")
        .fetch_all(db.pool())
        .await?;
    for batch in 0..n.div_ceil(1000) {
        let mut tx = db.begin().await?;
        for k in 0..1000.min(n - batch * 1000) {
            let kind = ResourceKind::ALL[next(ResourceKind::ALL.len())];
            let place = NEIGHBOURHOODS[next(NEIGHBOURHOODS.len())];
            let offer = OfferDraft {
                title: format!("{} i {place}", kind.label(crate::platform::i18n::Lang::Da)),
                skills: some_skills(next),
                quantity: Some(1 + next(20) as i64),
                when: some_time(next),
                neighbourhood: place.into(),
                coordinates: (next(10) > 0).then(|| somewhere(next)),
                ..plain_offer(kind)
            };
            let offer = OfferDraft {
                radius_m: offer.coordinates.map(|_| 500 + 500 * next(10) as i64),
                ..offer
            };
            let by = associations[next(associations.len())];
            mobilisation::create_offer_in(&mut tx, by, &offer, OfferStatus::Active, user).await?;
            if k % 2 == 0 {
                let need = NeedDraft {
                    title: format!(
                        "Vi mangler {}",
                        kind.label(crate::platform::i18n::Lang::Da).to_lowercase()
                    ),
                    skills: some_skills(next),
                    quantity: Some(1 + next(50) as i64),
                    when: some_time(next),
                    neighbourhood: place.into(),
                    coordinates: (next(10) > 0).then(|| somewhere(next)),
                    ..plain_need(kind)
                };
                let of = initiatives[next(initiatives.len())];
                mobilisation::create_need_in(&mut tx, of, &need, user).await?;
            }
        }
        tx.commit().await?;
    }
    Ok(())
}

pub(super) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Adds `n` synthetic tips in every status, spread over Aarhus and the past year, for
/// benchmarks (`demo --tips N`); the demo's categories must be there.
pub async fn load_tips(db: &Db, n: u32) -> AppResult<()> {
    use crate::platform::db::{SqlBuilder, Value};
    let categories: Vec<(i64, i64)> =
        db::query_as("SELECT id, unit_id FROM tip_categories ORDER BY id")
            .fetch_all(db.pool())
            .await?;
    if categories.is_empty() {
        return Err(AppError::Internal(
            "load the demo data before synthetic tips".into(),
        ));
    }
    let mut rng = 0x9e37_79b9_7f4a_7c15_u64;
    let mut next = move |m: u64| {
        rng ^= rng << 13;
        rng ^= rng >> 7;
        rng ^= rng << 17;
        rng % m
    };
    let now = crate::platform::time::now();
    const STATUSES: [&str; 10] = [
        "received",
        "received",
        "received",
        "received",
        "received",
        "in_progress",
        "in_progress",
        "resolved",
        "resolved",
        "closed",
    ];
    let mut tx = db.begin().await?;
    for batch in 0..n.div_ceil(500) {
        let mut sql = SqlBuilder::new(
            "INSERT INTO tips (category_id, unit_id, description, latitude_e6, longitude_e6, status, close_reason, \
             channel, token, received_at, updated_at) VALUES ",
        );
        for k in 0..500.min(n - batch * 500) {
            let (category, unit) = categories[next(categories.len() as u64) as usize];
            let status = STATUSES[next(10) as usize];
            let received = now - next(365 * 24 * 3600) as i64;
            let values = [
                Value::Int(category),
                Value::Int(unit),
                Value::Text(format!("Syntetisk tip nummer {}.", batch * 500 + k)),
                Value::Int(56_100_000 + next(100_000) as i64),
                Value::Int(10_100_000 + next(150_000) as i64),
                Value::Text(status.into()),
                Value::Text(if status == "closed" { "duplicate" } else { "" }.into()),
                Value::Text("web".into()),
                Value::Text(crate::platform::auth::random_token()),
                Value::Int(received),
            ]
            .map(|v| sql.bind(v));
            sql.push(if k == 0 { "(" } else { ", (" }).push(&format!(
                "{}, {}, {}, {}, {}, {}, NULLIF({}, ''), {}, {}, {}, {})",
                values[0],
                values[1],
                values[2],
                values[3],
                values[4],
                values[5],
                values[6],
                values[7],
                values[8],
                values[9],
                values[9]
            ));
        }
        sql.query().execute(&mut *tx).await?;
    }
    tx.commit().await?;
    db::query("ANALYZE tips").execute(db.pool()).await?;
    Ok(())
}

fn plain_need(kind: ResourceKind) -> NeedDraft {
    NeedDraft {
        kind,
        title: String::new(),
        description: String::new(),
        skills: String::new(),
        quantity: None,
        when: Availability::default(),
        address: String::new(),
        neighbourhood: String::new(),
        coordinates: None,
    }
}

fn plain_offer(kind: ResourceKind) -> OfferDraft {
    OfferDraft {
        kind,
        title: String::new(),
        description: String::new(),
        skills: String::new(),
        quantity: None,
        when: Availability::default(),
        neighbourhood: String::new(),
        coordinates: None,
        radius_m: None,
        conditions: String::new(),
    }
}
