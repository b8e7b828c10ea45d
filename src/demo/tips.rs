//! The address register of Frederiksbjerg, and BorgerTIP there: the categories and a tip in every status.

use super::*;

/// The streets of Frederiksbjerg (8000 Aarhus C) in the address register, house numbers 1 to 80,
/// and where each runs: the register places an address between the two ends by its number.
pub(super) type StreetEnds = (&'static str, (f64, f64), (f64, f64));
pub(super) const STREET_ENDS: &[StreetEnds] = &[
    (
        "Ingerslevs Boulevard",
        (56.1468, 10.1990),
        (56.1462, 10.2100),
    ),
    ("Jægergårdsgade", (56.1492, 10.1985), (56.1478, 10.2105)),
    ("Hans Broges Gade", (56.1455, 10.2010), (56.1505, 10.2030)),
    ("Bruunsgade", (56.1475, 10.2040), (56.1510, 10.2065)),
    ("Sankt Pauls Gade", (56.1450, 10.2070), (56.1500, 10.2090)),
    (
        "Sankt Pauls Kirkeplads",
        (56.1470, 10.2075),
        (56.1474, 10.2095),
    ),
    ("Haslegade", (56.1458, 10.1995), (56.1500, 10.2000)),
    ("Lundbyesgade", (56.1485, 10.2000), (56.1488, 10.2080)),
    ("Niels Juels Gade", (56.1445, 10.2045), (56.1492, 10.2055)),
    ("Dalgas Avenue", (56.1440, 10.2040), (56.1500, 10.2115)),
    ("M.P. Bruuns Gade", (56.1500, 10.2040), (56.1525, 10.2060)),
    ("Ole Rømers Gade", (56.1455, 10.2055), (56.1495, 10.2068)),
    ("Frederiks Allé", (56.1505, 10.1990), (56.1520, 10.2075)),
    ("Tordenskjoldsgade", (56.1450, 10.2088), (56.1475, 10.2100)),
    ("Heibergsgade", (56.1465, 10.2005), (56.1480, 10.2035)),
    ("Kriegersvej", (56.1445, 10.2010), (56.1455, 10.2075)),
];

/// The place of a demo address: its street, house number n of 80 along it.
pub fn demo_place(street: &str, n: u32) -> Option<crate::platform::geo::Coordinates> {
    let (_, a, b) = STREET_ENDS.iter().find(|(s, ..)| *s == street)?;
    let f = (n.clamp(1, 80) - 1) as f64 / 79.0;
    Some((a.0 + (b.0 - a.0) * f, a.1 + (b.1 - a.1) * f))
}

/// The address register of Frederiksbjerg: the households that may order at an event, and the
/// place of each address for tips.
pub(super) async fn street_register(db: &Db) -> AppResult<()> {
    use crate::events::household::Address;
    let register: Vec<Address> = STREET_ENDS
        .iter()
        .flat_map(|(street, ..)| {
            (1..=80).map(move |n| Address {
                street: street.to_string(),
                house_number: n.to_string(),
                unit: String::new(),
                postcode: "8000".into(),
                city: "Aarhus C".into(),
            })
        })
        .collect();
    crate::events::store::add_access_addresses(db, &register).await?;
    let places: Vec<_> = register
        .iter()
        .filter_map(|a| {
            let n = a.house_number.parse().ok()?;
            Some((a.household(), demo_place(&a.street, n)?))
        })
        .collect();
    crate::tips::store::place_addresses(db, &places).await
}

/// BorgerTIP in Frederiksbjerg: the categories (each routed to a unit), the address register's
/// places, and a handful of tips in every status.
pub(super) async fn tips_of_frederiksbjerg(db: &Db, cast: &Cast) -> AppResult<()> {
    let (natur_og_vej, mtm) = (cast.actor("natur_og_vej")?, cast.actor("mtm")?);
    use crate::tips::model::{Channel, CloseReason, Question, QuestionType, TipDraft, TipStatus};
    use crate::tips::store::{self as tips, CategoryDraft, Change, NewTip};

    let categories = [
        (
            "huller",
            "Huller i vej, fortov eller cykelsti",
            "Holes in road, pavement or cycle path",
            natur_og_vej,
        ),
        (
            "gadelys",
            "Gadelys der ikke virker",
            "Street lights that are out",
            natur_og_vej,
        ),
        (
            "groent",
            "Træer, bede og grønne områder",
            "Trees, flower beds and green areas",
            natur_og_vej,
        ),
        (
            "inventar",
            "Bænke, skilte og byinventar",
            "Benches, signs and street furniture",
            natur_og_vej,
        ),
        (
            "graffiti",
            "Graffiti og hærværk",
            "Graffiti and vandalism",
            mtm,
        ),
        (
            "affald",
            "Affald og henkastet skrald",
            "Litter and dumped waste",
            mtm,
        ),
    ];
    let mut category = std::collections::HashMap::new();
    for (code, da, en, unit) in categories {
        let id = tips::save_category(
            db,
            None,
            &CategoryDraft {
                code: code.into(),
                name_da: da.into(),
                name_en: en.into(),
                description_da: String::new(),
                description_en: String::new(),
                unit_id: unit,
                active: true,
            },
        )
        .await?;
        category.insert(code, tips::category_by_id(db, id).await?);
    }
    tips::save_question(
        db,
        category["huller"].id,
        &Question {
            code: "surface".into(),
            datatype: QuestionType::SingleValueList,
            required: true,
            question_da: "Hvor er hullet?".into(),
            question_en: "Where is the hole?".into(),
            choices: Question::parse_choices(
                "road=Kørebane=Road\ncycle_path=Cykelsti=Cycle path\npavement=Fortov=Pavement",
            ),
        },
    )
    .await?;
    tips::save_question(
        db,
        category["gadelys"].id,
        &Question {
            code: "lamp_number".into(),
            datatype: QuestionType::String,
            required: false,
            question_da: "Nummer på lygtepælen, hvis du kan se det".into(),
            question_en: "Number on the lamp post, if you can see it".into(),
            choices: Vec::new(),
        },
    )
    .await?;

    struct DemoTip {
        code: &'static str,
        street: &'static str,
        n: u32,
        description: &'static str,
        answers: &'static [(&'static str, &'static str)],
        by: Option<&'static str>,
        handling: &'static [(Option<TipStatus>, Option<CloseReason>, &'static str)],
    }
    let demo = [
        DemoTip {
            code: "groent",
            street: "Ingerslevs Boulevard",
            n: 20,
            description: "Bedet for enden af græsplænen er groet helt til i ukrudt. Det kunne blive et fint blomsterbed, hvis nogen tog sig af det.",
            answers: &[],
            by: Some("sofie"),
            handling: &[],
        },
        DemoTip {
            code: "huller",
            street: "Jægergårdsgade",
            n: 40,
            description: "Dybt hul i cykelstien, ca. 30 cm bredt. Man ser det først, når man er lige over det.",
            answers: &[("surface", "cycle_path")],
            by: None,
            handling: &[(
                Some(TipStatus::InProgress),
                None,
                "Tak for tippet. Vejholdet lapper hullet i denne uge og sætter en afmærkning op indtil da.",
            )],
        },
        DemoTip {
            code: "gadelys",
            street: "Hans Broges Gade",
            n: 10,
            description: "Gadelampen ud for nr. 10 har været slukket i en uge; det er helt mørkt på hjørnet.",
            answers: &[("lamp_number", "HB-0107")],
            by: None,
            handling: &[
                (Some(TipStatus::InProgress), None, ""),
                (
                    Some(TipStatus::Resolved),
                    None,
                    "Pæren er skiftet, og lampen lyser igen.",
                ),
            ],
        },
        DemoTip {
            code: "inventar",
            street: "Sankt Pauls Kirkeplads",
            n: 3,
            description: "Bænken ved kirken er knækket i ryglænet.",
            answers: &[],
            by: Some("sofie"),
            handling: &[],
        },
        DemoTip {
            code: "affald",
            street: "Bruunsgade",
            n: 30,
            description: "En sofa er sat ud på fortovet ved gården.",
            answers: &[],
            by: None,
            handling: &[(
                Some(TipStatus::Closed),
                Some(CloseReason::PrivateLand),
                "Sofaen står inde i ejendommens gård, så det er grundejerens opgave. Vi har givet ejendommen besked.",
            )],
        },
    ];
    for d in demo {
        let c = &category[d.code];
        let draft = TipDraft {
            description: d.description.into(),
            address: format!("{} {}, 8000 Aarhus C", d.street, d.n),
            coordinates: demo_place(d.street, d.n),
            reporter_name: String::new(),
            reporter_email: String::new(),
        };
        let answers: Vec<(String, String)> = d
            .answers
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        let (id, _) = tips::create(
            db,
            &NewTip {
                draft: &draft,
                category: c,
                answers: &answers,
                photos: &[],
                reporter_user_id: d.by.map(|p| cast.user(p)).transpose()?,
                channel: Channel::Web,
                open311_key_id: None,
            },
        )
        .await?;
        let mut status = TipStatus::Received;
        for (to, reason, body) in d.handling {
            let change = Change {
                body: body.to_string(),
                status: to.map(|to| (status, to)),
                close_reason: *reason,
                ..Change::default()
            };
            tips::change(db, id, &change, Some(cast.user("birgitte")?)).await?;
            status = to.unwrap_or(status);
        }
    }
    Ok(())
}
