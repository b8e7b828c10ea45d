//! Demo data from the seed's own examples (Aarhus Kommune's 2019 seminar on co-creation), and
//! synthetic initiatives for benchmarks (`demo --scale N`).

use crate::accounts::store::{self as accounts, Registration};
use crate::actors::model::{ActorKind, OrganisationDraft};
use crate::actors::store as actors;
use crate::initiatives::model::*;
use crate::initiatives::store::{self as initiatives, Starter};
use crate::mobilisation::model::*;
use crate::mobilisation::store as mobilisation;
use crate::platform::auth::{MembershipRole, PlatformRole};
use crate::platform::db::Db;
use crate::platform::error::{AppError, AppResult};

/// The password of every demo login.
pub const PASSWORD: &str = "medspil-demo";

pub const LOGINS: &[(&str, &str)] = &[
    ("admin@medspil.dk", "platform admin"),
    ("jeppe@example.dk", "citizen, Frederiksbjerg Spirer"),
    (
        "liselotte@example.dk",
        "citizen who receives support and offers her time",
    ),
    ("lene@aarhus.dk", "employee, Sundhed og Omsorg"),
    ("brian@aarhus.dk", "leader, Center for bostøtte i eget hjem"),
    ("birgitte@aarhus.dk", "department head, Teknik og Miljø"),
    (
        "formand@socialfrivillig.dk",
        "chair of a voluntary social association",
    ),
];

pub const DEPARTMENTS: &[&str] = &[
    "Borgmesterens Afdeling",
    "Børn og Unge",
    "Sociale Forhold og Beskæftigelse",
    "Sundhed og Omsorg",
    "Kultur og Borgerservice",
    "Teknik og Miljø",
];

struct Ids {
    users: Vec<(i64, i64)>,
}

impl Ids {
    fn person(&self, i: usize) -> i64 {
        self.users[i].1
    }
    fn user(&self, i: usize) -> i64 {
        self.users[i].0
    }
}

async fn org(
    db: &Db,
    kind: ActorKind,
    name: &str,
    about: &str,
    neighbourhood: &str,
    parent: Option<i64>,
) -> AppResult<i64> {
    let mut tx = db.begin().await?;
    let draft = OrganisationDraft {
        name: name.into(),
        about: about.into(),
        neighbourhood: neighbourhood.into(),
        website: String::new(),
    };
    let id = actors::create_organisation(&mut tx, kind, &draft, parent).await?;
    tx.commit().await?;
    Ok(id)
}

async fn member(db: &Db, org: i64, person: i64, role: MembershipRole) -> AppResult<()> {
    let mut tx = db.begin().await?;
    actors::add_membership(&mut tx, org, person, role).await?;
    tx.commit().await?;
    Ok(())
}

struct Plan<'a> {
    title: &'a str,
    purpose: &'a str,
    description: &'a str,
    theme: Theme,
    address: &'a str,
    neighbourhood: &'a str,
    coordinates: Option<(f64, f64)>,
    stage: Stage,
    commitment: Commitment,
    value_goals: &'a [ValueGoal],
    leadership_mode: LeadershipMode,
    department: Option<i64>,
    /// The starting actor and the user acting for it.
    starter: (i64, i64),
    expectations: &'a str,
    status_path: &'a [Status],
    participants: &'a [(i64, ParticipantRole, &'a str)],
}

async fn initiative(db: &Db, p: Plan<'_>) -> AppResult<i64> {
    let draft = InitiativeDraft {
        title: p.title.into(),
        purpose: p.purpose.into(),
        description: p.description.into(),
        theme: p.theme,
        address: p.address.into(),
        neighbourhood: p.neighbourhood.into(),
        coordinates: p.coordinates,
        stage: p.stage,
        commitment: p.commitment,
        value_goals: p.value_goals.to_vec(),
        leadership_mode: p.leadership_mode,
        department_id: p.department,
    };
    let (actor_id, user_id) = p.starter;
    let id = initiatives::create(db, &draft, actor_id, user_id, p.expectations, None).await?;
    let mut status = Status::Idea;
    for &next in p.status_path {
        initiatives::change_status(db, id, status, next, user_id).await?;
        status = next;
    }
    for &(actor, role, expectations) in p.participants {
        initiatives::join(db, id, actor, role, expectations).await?;
    }
    Ok(id)
}

/// Whether the demo accounts exist in this database.
pub async fn is_loaded(db: &Db) -> AppResult<bool> {
    Ok(accounts::person_by_email(db, LOGINS[0].0).await?.is_some())
}

/// Loads the seed's examples into an empty database.
pub async fn load(db: &Db) -> AppResult<()> {
    let people: &[(&str, &str, &str, PlatformRole)] = &[
        (
            "Platformadministrator",
            "admin@medspil.dk",
            "",
            PlatformRole::Admin,
        ),
        (
            "Jeppe Spure Nielsen",
            "jeppe@example.dk",
            "Frederiksbjerg",
            PlatformRole::Citizen,
        ),
        (
            "Liselotte",
            "liselotte@example.dk",
            "Midtbyen",
            PlatformRole::Citizen,
        ),
        (
            "Lene Mortensen",
            "lene@aarhus.dk",
            "Trøjborg",
            PlatformRole::Citizen,
        ),
        (
            "Brian Kristensen",
            "brian@aarhus.dk",
            "Viby",
            PlatformRole::Citizen,
        ),
        (
            "Birgitte Holm",
            "birgitte@aarhus.dk",
            "Risskov",
            PlatformRole::Citizen,
        ),
        (
            "Hanne Sørensen",
            "formand@socialfrivillig.dk",
            "Gellerup",
            PlatformRole::Citizen,
        ),
        (
            "Sofie Lund",
            "sofie@example.dk",
            "Frederiksbjerg",
            PlatformRole::Citizen,
        ),
    ];
    let mut users = Vec::new();
    for (name, email, neighbourhood, role) in people {
        let r = Registration {
            name: (*name).into(),
            email: (*email).into(),
            password: PASSWORD.into(),
            neighbourhood: (*neighbourhood).into(),
        };
        let ids = accounts::register(db, &r, *role)
            .await?
            .ok_or_else(|| AppError::Internal(format!("{email} exists")))?;
        users.push(ids);
    }
    let ids = Ids { users };
    let (jeppe, liselotte, lene, brian, birgitte, hanne, sofie) = (1, 2, 3, 4, 5, 6, 7);
    // Someone who receives help every day and gives too; her profile says both.
    actors::update_organisation(
        db,
        ids.person(liselotte),
        &OrganisationDraft {
            name: "Liselotte".into(),
            about: "Jeg har muskelsvind, kører i el-kørestol og har ilt og hjælpere med. Jeg får hjælp hver dag – \
                    og jeg vil også give: som besøgsven er jeg 100 % til stede. Brug mig – count me in."
                .into(),
            neighbourhood: "Midtbyen".into(),
            website: String::new(),
        },
    )
    .await?;

    let mut dept = Vec::new();
    for name in DEPARTMENTS {
        dept.push(
            org(
                db,
                ActorKind::MunicipalUnit,
                name,
                "Magistratsafdeling i Aarhus Kommune.",
                "",
                None,
            )
            .await?,
        );
    }
    let (mba, msb, mso, mkb, mtm) = (dept[0], dept[2], dept[3], dept[4], dept[5]);
    let cbh = org(
        db,
        ActorKind::MunicipalUnit,
        "Center for bostøtte i eget hjem",
        "Hjælp, omsorg og støtte efter servicelovens § 85 i borgerens eget hjem og i 20 bofællesskaber: \
         omkring 2.200 borgere og 275 medarbejdere.",
        "",
        Some(msb),
    )
    .await?;
    let natur_og_vej = org(
        db,
        ActorKind::MunicipalUnit,
        "Natur og Vej",
        "Parker, vejtræer og byens grønne arealer.",
        "",
        Some(mtm),
    )
    .await?;
    let aktiv = org(
        db,
        ActorKind::MunicipalUnit,
        "Aktivitet og Frivillighed",
        "Samarbejde med frivillige og foreninger i Sundhed og Omsorg.",
        "",
        Some(mso),
    )
    .await?;
    let faellesraad = org(
        db,
        ActorKind::Association,
        "Frederiksbjerg og Langenæs Fællesråd",
        "Lokalrådet for Frederiksbjerg og Langenæs: taler bydelens sag over for kommunen og samler borgere, foreninger og butikker.",
        "Frederiksbjerg",
        None,
    )
    .await?;
    let spirer = org(
        db,
        ActorKind::Association,
        "Frederiksbjerg Spirer",
        "Aktionsgruppe af hverdagsaktivister, der gør bydelen grønnere og skaber nye mødesteder mellem husene.",
        "Frederiksbjerg",
        None,
    )
    .await?;
    let hoejkant = org(
        db,
        ActorKind::Business,
        "Butik Højkant",
        "Butik på Frederiksbjerg; sælger Frederiksbjergkassen i sin webshop.",
        "Frederiksbjerg",
        None,
    )
    .await?;
    let kirke = org(
        db,
        ActorKind::Institution,
        "Skt. Lukas Kirke",
        "Kirken over for græsplænen på Ingerslevs Boulevard.",
        "Frederiksbjerg",
        None,
    )
    .await?;
    let social = org(
        db,
        ActorKind::Association,
        "Social Frivilligforening Aarhus",
        "Frivillig social forening, der arbejder med ensomhed og fællesskab for yngre med handicap.",
        "Gellerup",
        None,
    )
    .await?;
    let varmestue = org(
        db,
        ActorKind::Association,
        "Varmestuen på Frederiksbjerg",
        "Frivillige, der tilbyder varme, mad og samvær til hjemløse.",
        "Frederiksbjerg",
        None,
    )
    .await?;

    member(db, spirer, ids.person(jeppe), MembershipRole::Admin).await?;
    member(db, faellesraad, ids.person(sofie), MembershipRole::Member).await?;
    member(db, aktiv, ids.person(lene), MembershipRole::Employee).await?;
    member(db, cbh, ids.person(brian), MembershipRole::Leader).await?;
    member(db, mtm, ids.person(birgitte), MembershipRole::Leader).await?;
    member(db, social, ids.person(hanne), MembershipRole::Admin).await?;
    member(db, social, ids.person(liselotte), MembershipRole::Member).await?;
    // One person from each of the two departments in the seed's three-party contract.
    member(db, mso, ids.person(lene), MembershipRole::Employee).await?;
    member(db, msb, ids.person(brian), MembershipRole::Employee).await?;

    let jeppe_starts = (ids.person(jeppe), ids.user(jeppe));
    let spirer_initiative = initiative(db, Plan {
        title: "Frederiksbjerg Spirer: grønne mødesteder mellem husene",
        purpose: "Vi vil gøre Frederiksbjerg grønnere og skabe nye mødesteder i byrummet, hvor naboer, genboer og andre venlige borgere får øje på hinanden.",
        description: "Hele kvarteret inviteres med. Arkitekter har tegnet Frederiksbjergkassen, en blomsterkasse med bænk, som naboer bygger sammen ved deres opgang. \
                      Aktionsgruppen sørger for plader, jord og planter; butikkerne sælger kassen; fællesrådet og kommunen bakker op.\n\n\
                      Hyg & Byg: 2. juni på græsplænen på Ingerslevs Boulevard over for Skt. Lukas Kirke, med fest om aftenen med bring-selv-mad og musik.",
        theme: Theme::GreenStreets,
        address: "Ingerslevs Boulevard, 8000 Aarhus C",
        neighbourhood: "Frederiksbjerg",
        coordinates: Some((56.1477, 10.2033)),
        stage: Stage::CoProduction,
        commitment: Commitment::NonBinding,
        value_goals: &[ValueGoal::Quality, ValueGoal::Democracy, ValueGoal::Empowerment],
        leadership_mode: LeadershipMode::Facilitating,
        department: Some(mtm),
        starter: jeppe_starts,
        expectations: "Vi driver initiativet selv; vi beder kommunen om hjælp til tilladelser og planter – ikke om at overtage det.",
        status_path: &[Status::Mobilising, Status::Active],
        participants: &[
            (spirer, ParticipantRole::Coordinator, "Plader, jord og planter; planlægger Hyg & Byg."),
            (faellesraad, ParticipantRole::Partner, "Lokal opbakning og kontakt til bydelens borgere."),
            (hoejkant, ParticipantRole::Contributor, "Sælger Frederiksbjergkassen i webshoppen (200 kr.)."),
            (kirke, ParticipantRole::Supporter, "Låner os plænen og toiletter på dagen."),
            (natur_og_vej, ParticipantRole::Facilitator, "Vejledning om tilladelser og planter."),
        ],
    })
    .await?;

    initiative(db, Plan {
        title: "Grønne gårde og mødesteder på Frederiksbjerg",
        purpose: "Fællesrådet vil samle bydelens gårdlaug og beboere om grønnere gårde og flere steder at mødes mellem husene.",
        description: "En idé fra fællesrådets seneste møde. Vi leder efter naboer, der vil være med – og efter andre, der allerede er i gang.",
        theme: Theme::GreenStreets,
        address: "",
        neighbourhood: "Frederiksbjerg",
        coordinates: Some((56.1462, 10.2010)),
        stage: Stage::CoCreation,
        commitment: Commitment::NonBinding,
        value_goals: &[ValueGoal::Democracy, ValueGoal::Quality],
        leadership_mode: LeadershipMode::Facilitating,
        department: None,
        starter: (faellesraad, ids.user(0)),
        expectations: "Fællesrådet inviterer og samler; gårdlaugene bestemmer i egne gårde.",
        status_path: &[],
        participants: &[],
    })
    .await?;

    initiative(db, Plan {
        title: "Hans Broges Gade begrønnes af borgerne",
        purpose: "Beboerne vil plante og passe grønne bede langs gaden – kimen til samtaler om det fælles starter i de små konkrete møder.",
        description: "Kommunen var med: planter, viden og mandskab på dagen.",
        theme: Theme::GreenStreets,
        address: "Hans Broges Gade, 8000 Aarhus C",
        neighbourhood: "Frederiksbjerg",
        coordinates: Some((56.1445, 10.2048)),
        stage: Stage::CoProduction,
        commitment: Commitment::NonBinding,
        value_goals: &[ValueGoal::Quality, ValueGoal::Democracy],
        leadership_mode: LeadershipMode::Facilitating,
        department: Some(mtm),
        starter: (ids.person(sofie), ids.user(sofie)),
        expectations: "Beboerne passer bedene; kommunen hjælper med planter og mandskab på plantedagen.",
        status_path: &[Status::Mobilising, Status::Active, Status::Evaluating],
        participants: &[(natur_og_vej, ParticipantRole::Contributor, "Planter, viden, mandskab på dagen.")],
    })
    .await?;

    let cbh_starts = (cbh, ids.user(brian));
    let cbh_activities: &[(&str, &str, Theme, &[Status])] = &[
        (
            "Madklub",
            "Borgere med bostøtte laver mad og spiser sammen – fællesskab om noget konkret.",
            Theme::Loneliness,
            &[Status::Mobilising, Status::Active],
        ),
        (
            "Selvhjælpsgrupper",
            "Grupper, hvor borgere med erfaring støtter hinanden på egne præmisser.",
            Theme::Health,
            &[Status::Mobilising, Status::Active],
        ),
        (
            "Besøgshunde",
            "Frivillige besøgshunde og deres førere bringer selskab og glæde til borgere, der bor alene.",
            Theme::Loneliness,
            &[Status::Mobilising, Status::Active],
        ),
        (
            "Frivillig Følgeven",
            "Frivillige følger borgere til aftaler, aktiviteter og fællesskaber, de ellers ikke ville komme til.",
            Theme::Loneliness,
            &[Status::Mobilising],
        ),
        (
            "Storbylandsbyen",
            "Et landsbyfællesskab midt i byen, hvor naboer hjælper hinanden og borgere med bostøtte er med som ligeværdige naboer.",
            Theme::Loneliness,
            &[],
        ),
    ];
    let mut folgeven = 0;
    for (title, purpose, theme, path) in cbh_activities {
        let id = initiative(db, Plan {
            title,
            purpose,
            description: "En af aktiviteterne i Center for bostøtte i eget hjem, der tager udgangspunkt i borgerens ressourcer, ønsker og behov.",
            theme: *theme,
            address: "",
            neighbourhood: "",
            coordinates: None,
            stage: Stage::CoProduction,
            commitment: Commitment::NonBinding,
            value_goals: &[ValueGoal::Quality, ValueGoal::Empowerment],
            leadership_mode: LeadershipMode::Facilitating,
            department: Some(msb),
            starter: cbh_starts,
            expectations: "Centret koordinerer og stiller rammer; deltagerne former indholdet.",
            status_path: path,
            participants: &[],
        })
        .await?;
        if *title == "Frivillig Følgeven" {
            folgeven = id;
        }
    }
    initiatives::join(
        db,
        folgeven,
        ids.person(liselotte),
        ParticipantRole::Contributor,
        "Besøgsven to eftermiddage om ugen. Jeg er 100 % til stede – nogen skal køre mig ud og hente mig igen.",
    )
    .await?;

    // Started by an association; the association later asked the centre to take over running it.
    let hjemloese = initiative(db, Plan {
        title: "Hjælp til hjemløse",
        purpose: "Varme, mad og samvær til hjemløse – og en vej ind til den hjælp, kommunen kan give.",
        description: "Startet af frivillige i varmestuen. Centret for bostøtte står nu for driften sammen med de frivillige.",
        theme: Theme::Homelessness,
        address: "",
        neighbourhood: "Frederiksbjerg",
        coordinates: None,
        stage: Stage::CoProduction,
        commitment: Commitment::NonBinding,
        value_goals: &[ValueGoal::Quality, ValueGoal::Legitimacy],
        leadership_mode: LeadershipMode::Facilitating,
        department: Some(msb),
        starter: (varmestue, ids.user(hanne)),
        expectations: "",
        status_path: &[Status::Mobilising, Status::Active],
        participants: &[(cbh, ParticipantRole::Partner, "Bostøttemedarbejdere på stedet to dage om ugen.")],
    })
    .await?;
    initiatives::transfer(
        db,
        hjemloese,
        varmestue,
        cbh,
        ids.user(1),
        "Varmestuen bad centret overtage driften; de frivillige fortsætter.",
    )
    .await?;

    initiative(db, Plan {
        title: "Folkets Møde",
        purpose: "Drøfte og motivere til mere frivillighed, medborgerskab og hverdagsaktivisme.",
        description: "Agil organisering, høj tillid til de strategiske partnere og få ressourcer hos hovedkvarteret: kommunen går forrest, men er blot en af aktørerne.",
        theme: Theme::Democracy,
        address: "",
        neighbourhood: "Midtbyen",
        coordinates: None,
        stage: Stage::CoCreation,
        commitment: Commitment::NonBinding,
        value_goals: &[ValueGoal::Democracy, ValueGoal::Legitimacy, ValueGoal::Empowerment],
        leadership_mode: LeadershipMode::Facilitating,
        department: Some(mba),
        starter: (mba, ids.user(0)),
        expectations: "",
        status_path: &[Status::Mobilising],
        participants: &[(mkb, ParticipantRole::Partner, "Lokaler og formidling.")],
    })
    .await?;

    initiative(db, Plan {
        title: "Samskabelseskontrakt: fællesskab for yngre med handicap",
        purpose: "Mindre ensomhed og mere livskvalitet for yngre med handicap – med samskabelse som formål for alle tre parter.",
        description: "En samskabelseskontrakt mellem en frivillig social forening, Sociale Forhold og Beskæftigelse og Sundhed og Omsorg. \
                      Lærerigt og svært: alle tre parter må gøre noget andet, end de plejer.",
        theme: Theme::Loneliness,
        address: "",
        neighbourhood: "Gellerup",
        coordinates: None,
        stage: Stage::CoCreation,
        commitment: Commitment::BindingPartnership,
        value_goals: &[ValueGoal::Quality, ValueGoal::Democracy],
        leadership_mode: LeadershipMode::Facilitating,
        department: Some(mso),
        starter: (social, ids.user(hanne)),
        expectations: "Foreningen leder de frivillige; afdelingerne bidrager med viden, lokaler og kontakt til borgerne.",
        status_path: &[Status::Mobilising, Status::Active],
        participants: &[
            (msb, ParticipantRole::Partner, "Kontakt til borgere og medarbejdertid."),
            (mso, ParticipantRole::Partner, "Lokaler i aktivitetscentrene og faglig sparring."),
            (ids.person(liselotte), ParticipantRole::Contributor, "Brug mig – count me in: jeg kan være besøgsven."),
        ],
    })
    .await?;

    let frederiksbjerg = Some((56.1477, 10.2033));
    let midtbyen = Some((56.1527, 10.2039));
    let hyg_og_byg = date(2027, 6, 2);
    let needs = [
        (folgeven, ids.user(brian), NeedDraft {
            title: "Besøgsvenner og følgevenner".into(),
            description: "Borgere, der bor alene, vil gerne have selskab – en samtale, en tur, en kop kaffe.".into(),
            skills: "besøgsven, samtale, følgeven".into(),
            when: Availability { day_parts: vec![DayPart::Afternoon], ..Availability::default() },
            neighbourhood: "Midtbyen".into(),
            coordinates: Some((56.1560, 10.2050)),
            ..plain_need(ResourceKind::Hands)
        }),
        (spirer_initiative, ids.user(jeppe), NeedDraft {
            title: "Hænder til Hyg & Byg".into(),
            description: "Vi bygger Frederiksbjergkasserne sammen på græsplænen. Ingen erfaring nødvendig – men tømrere er guld værd.".into(),
            skills: "tømrer, værktøj, byggeri".into(),
            quantity: Some(40),
            when: Availability { from: Some(hyg_og_byg), to: Some(hyg_og_byg), ..Availability::default() },
            address: "Ingerslevs Boulevard, 8000 Aarhus C".into(),
            neighbourhood: "Frederiksbjerg".into(),
            coordinates: frederiksbjerg,
            ..plain_need(ResourceKind::Hands)
        }),
        (spirer_initiative, ids.user(jeppe), NeedDraft {
            title: "Planter og jord til kasserne".into(),
            skills: "planter, jord".into(),
            quantity: Some(200),
            when: Availability { to: Some(hyg_og_byg), ..Availability::default() },
            neighbourhood: "Frederiksbjerg".into(),
            coordinates: frederiksbjerg,
            ..plain_need(ResourceKind::Materials)
        }),
        (spirer_initiative, ids.user(jeppe), NeedDraft {
            title: "Tilladelse til at bruge græsplænen".into(),
            quantity: Some(1),
            when: Availability { from: Some(hyg_og_byg), to: Some(hyg_og_byg), ..Availability::default() },
            neighbourhood: "Frederiksbjerg".into(),
            coordinates: frederiksbjerg,
            ..plain_need(ResourceKind::PracticalHelp)
        }),
        (hjemloese, ids.user(hanne), NeedDraft {
            title: "Frivillige i varmestuen om aftenen".into(),
            skills: "madlavning, samtale".into(),
            when: Availability { day_parts: vec![DayPart::Evening], ..Availability::default() },
            neighbourhood: "Frederiksbjerg".into(),
            coordinates: Some((56.1470, 10.2010)),
            ..plain_need(ResourceKind::Hands)
        }),
    ];
    for (initiative_id, user, draft) in &needs {
        mobilisation::create_need(db, *initiative_id, draft, *user).await?;
    }
    let offers = [
        (ids.person(liselotte), ids.user(liselotte), OfferDraft {
            title: "Besøgsven to eftermiddage om ugen".into(),
            description: "Jeg får selv hjælp hver dag – og jeg vil også give. Som besøgsven er jeg 100 % til stede.".into(),
            skills: "besøgsven, samtale, nærvær".into(),
            quantity: Some(6),
            when: Availability {
                weekdays: vec![Weekday::Tuesday, Weekday::Thursday],
                day_parts: vec![DayPart::Afternoon],
                ..Availability::default()
            },
            neighbourhood: "Midtbyen".into(),
            coordinates: midtbyen,
            radius_m: Some(3000),
            conditions: "Jeg bruger el-kørestol og har ilt med: nogen skal køre mig ud og hente mig igen.".into(),
            ..plain_offer(ResourceKind::Hands)
        }),
        (ids.person(sofie), ids.user(sofie), OfferDraft {
            title: "Hænder i weekenden".into(),
            skills: "havearbejde, planter, tømrer".into(),
            when: Availability { weekdays: vec![Weekday::Saturday, Weekday::Sunday], ..Availability::default() },
            neighbourhood: "Frederiksbjerg".into(),
            coordinates: frederiksbjerg,
            radius_m: Some(2000),
            ..plain_offer(ResourceKind::Hands)
        }),
        (hoejkant, ids.user(jeppe), OfferDraft {
            title: "Værktøj til udlån".into(),
            skills: "værktøj, skruemaskiner".into(),
            neighbourhood: "Frederiksbjerg".into(),
            coordinates: frederiksbjerg,
            radius_m: Some(2000),
            ..plain_offer(ResourceKind::Materials)
        }),
        (kirke, ids.user(0), OfferDraft {
            title: "Plænen og toiletterne ved kirken".into(),
            description: "Til arrangementer for hele kvarteret.".into(),
            neighbourhood: "Frederiksbjerg".into(),
            coordinates: frederiksbjerg,
            radius_m: Some(500),
            ..plain_offer(ResourceKind::Space)
        }),
        (natur_og_vej, ids.user(birgitte), OfferDraft {
            title: "Vejledning om tilladelser og planter".into(),
            skills: "tilladelser, planter, byrum".into(),
            ..plain_offer(ResourceKind::Knowledge)
        }),
    ];
    let mut offer_ids = Vec::new();
    for (actor, user, draft) in &offers {
        offer_ids
            .push(mobilisation::create_offer(db, *actor, draft, OfferStatus::Active, *user).await?);
    }
    // Sofie has counted herself in for Hyg & Byg; the action group has yet to answer.
    let hands: i64 = sqlx::query_scalar("SELECT MIN(id) FROM needs WHERE initiative_id = $1")
        .bind(spirer_initiative)
        .fetch_one(db.pool())
        .await?;
    mobilisation::pledge_to(
        db,
        &mobilisation::NewPledge {
            need_id: hands,
            actor_id: ids.person(sofie),
            offer_id: Some(offer_ids[1]),
            amount: Some(4),
            message: "Jeg tager fri den dag og har min egen skruemaskine med.",
            user_id: ids.user(sofie),
        },
    )
    .await?
    .map_err(|refusal| AppError::Internal(format!("demo pledge: {refusal:?}")))?;
    mobilisation::publish_call(
        db,
        spirer_initiative,
        &CallDraft {
            title: "Byg med til Hyg & Byg".into(),
            message: "Vi bygger Frederiksbjergkasserne sammen på græsplænen ved Skt. Lukas Kirke – og holder fest om aftenen. \
                      Alle kan være med: vi mangler hænder, planter og jord."
                .into(),
        },
        ids.user(jeppe),
    )
    .await?;
    hyg_and_byg_day(db, spirer, spirer_initiative, &ids, jeppe, sofie).await?;
    spaces_to_lend(
        db,
        mtm,
        aktiv,
        spirer,
        spirer_initiative,
        &ids,
        (lene, birgitte, jeppe),
    )
    .await?;
    front_door(
        db,
        (mtm, aktiv),
        spirer,
        spirer_initiative,
        &ids,
        (lene, birgitte, jeppe),
    )
    .await?;
    three_party_contract(db, (social, msb, mso), &ids, (hanne, brian, lene)).await?;
    tips_of_frederiksbjerg(db, (natur_og_vej, mtm), &ids, (sofie, birgitte)).await
}

/// The streets of Frederiksbjerg (8000 Aarhus C) in the address register, house numbers 1 to 80,
/// and where each runs: the register places an address between the two ends by its number.
type StreetEnds = (&'static str, (f64, f64), (f64, f64));
const STREET_ENDS: &[StreetEnds] = &[
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

/// BorgerTIP in Frederiksbjerg: the categories (each routed to a unit), the address register's
/// places, and a handful of tips in every status.
async fn tips_of_frederiksbjerg(
    db: &Db,
    (natur_og_vej, mtm): (i64, i64),
    ids: &Ids,
    (sofie, birgitte): (usize, usize),
) -> AppResult<()> {
    use crate::events::household::Address;
    use crate::tips::model::{Channel, CloseReason, Question, QuestionType, TipDraft, TipStatus};
    use crate::tips::store::{self as tips, CategoryDraft, Change, NewTip};
    let mut places = Vec::new();
    for (street, ..) in STREET_ENDS {
        for n in 1..=80 {
            let address = Address {
                street: street.to_string(),
                house_number: n.to_string(),
                unit: String::new(),
                postcode: "8000".into(),
                city: "Aarhus C".into(),
            };
            if let Some(at) = demo_place(street, n) {
                places.push((address.household(), at));
            }
        }
    }
    tips::place_addresses(db, &places).await?;

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
        by: Option<usize>,
        handling: &'static [(Option<TipStatus>, Option<CloseReason>, &'static str)],
    }
    let demo = [
        DemoTip {
            code: "groent",
            street: "Ingerslevs Boulevard",
            n: 20,
            description: "Bedet for enden af græsplænen er groet helt til i ukrudt. Det kunne blive et fint blomsterbed, hvis nogen tog sig af det.",
            answers: &[],
            by: Some(sofie),
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
            by: Some(sofie),
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
                reporter_user_id: d.by.map(|i| ids.user(i)),
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
            tips::change(db, id, &change, Some(ids.user(birgitte))).await?;
            status = to.unwrap_or(status);
        }
    }
    Ok(())
}

/// The seed's three-party co-creation contract between the voluntary social association and
/// the two departments, drafted by Lene and accepted by the association's chair and one person
/// from each department.
async fn three_party_contract(
    db: &Db,
    (social, msb, mso): (i64, i64, i64),
    ids: &Ids,
    (hanne, brian, lene): (usize, usize, usize),
) -> AppResult<()> {
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
            user_id: ids.user(lene),
        },
    )
    .await?;
    for (party, person) in [(social, hanne), (msb, brian), (mso, lene)] {
        agreements::accept(db, id, 1, party, ids.user(person)).await?;
    }
    Ok(())
}

/// Two grant pools like Aarhus' own (a pool of up to 50,000 kr. with a quarter own financing,
/// and a fast pool of up to 5,000 kr.), and the Spirer's request for plants, waiting in Teknik
/// og Miljø's queue.
async fn front_door(
    db: &Db,
    (mtm, aktiv): (i64, i64),
    spirer: i64,
    initiative_id: i64,
    ids: &Ids,
    (lene, birgitte, jeppe): (usize, usize, usize),
) -> AppResult<()> {
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
        ids.user(birgitte),
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
        ids.user(lene),
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
            user_id: ids.user(jeppe),
        },
    )
    .await?;
    Ok(())
}

/// Spaces the municipality lends out: a room, an empty shop for half a year, and the lawn at
/// Ingerslevs Boulevard, which the Spirer have booked for Hyg & Byg.
async fn spaces_to_lend(
    db: &Db,
    mtm: i64,
    aktiv: i64,
    spirer: i64,
    initiative_id: i64,
    ids: &Ids,
    (lene, birgitte, jeppe): (usize, usize, usize),
) -> AppResult<()> {
    use crate::spaces::model::{Feature, OpeningHours, SpaceDraft, SpaceKind};
    use crate::spaces::store as spaces;
    let today = crate::platform::time::today();
    let weekdays = Some((8 * 60, 22 * 60));
    let base = SpaceDraft {
        kind: SpaceKind::Room,
        name: String::new(),
        description: String::new(),
        address: String::new(),
        neighbourhood: "Frederiksbjerg".into(),
        coordinates: None,
        capacity: None,
        area_m2: None,
        features: Vec::new(),
        house_rules: String::new(),
        bookable_by: vec![ActorKind::Person, ActorKind::Association],
        needs_approval: false,
        price_ore_per_hour: 0,
        opening_hours: None,
        available_from: None,
        available_until: None,
    };
    let room = SpaceDraft {
        name: "Mødelokalet i Aktivitetshuset på Frederiksbjerg".into(),
        description:
            "Lyst lokale i stueetagen med borde til 30 og et lille køkken. Bookes med det samme."
                .into(),
        address: "Bruunsgade 20, 8000 Aarhus C".into(),
        coordinates: Some((56.149_4, 10.204_1)),
        capacity: Some(30),
        area_m2: Some(60),
        features: vec![
            Feature::StepFree,
            Feature::AccessibleToilet,
            Feature::HearingLoop,
            Feature::Kitchen,
            Feature::Tables,
            Feature::Wifi,
            Feature::Projector,
        ],
        house_rules: "Stil borde og stole tilbage, og tag affaldet med.".into(),
        bookable_by: vec![
            ActorKind::Person,
            ActorKind::Association,
            ActorKind::Institution,
            ActorKind::MunicipalUnit,
        ],
        opening_hours: Some(OpeningHours([
            weekdays,
            weekdays,
            weekdays,
            weekdays,
            weekdays,
            Some((10 * 60, 16 * 60)),
            None,
        ])),
        ..base.clone()
    };
    spaces::create_space(db, &room, aktiv, ids.user(lene)).await?;
    let shop = SpaceDraft {
        kind: SpaceKind::Shop,
        name: "Den tomme butik i Jægergårdsgade".into(),
        description: "Butikken står tom, indtil den nye lejer flytter ind. Indtil da kan den bruges til værksteder, udstillinger og møder."
            .into(),
        address: "Jægergårdsgade 42, 8000 Aarhus C".into(),
        coordinates: Some((56.148_2, 10.203_2)),
        capacity: Some(40),
        area_m2: Some(120),
        features: vec![Feature::StepFree, Feature::Toilet, Feature::Power, Feature::Water, Feature::Tables],
        needs_approval: true,
        opening_hours: Some(OpeningHours([Some((8 * 60, 22 * 60)); 7])),
        available_from: Some(today),
        available_until: today.checked_add(jiff::Span::new().days(180)).ok(),
        ..base.clone()
    };
    spaces::create_space(db, &shop, mtm, ids.user(birgitte)).await?;
    let lawn = SpaceDraft {
        kind: SpaceKind::Garden,
        name: "Græsplænen på Ingerslevs Boulevard".into(),
        description:
            "Den store plæne over for Skt. Lukas Kirke. Til arrangementer, der er åbne for alle."
                .into(),
        address: "Ingerslevs Boulevard, 8000 Aarhus C".into(),
        coordinates: Some((56.148_6, 10.206_4)),
        capacity: Some(500),
        features: vec![Feature::StepFree],
        house_rules: "Arrangementer skal være åbne for alle. Efterlad plænen, som I fandt den."
            .into(),
        needs_approval: true,
        ..base
    };
    let lawn = spaces::create_space(db, &lawn, mtm, ids.user(birgitte)).await?;
    let event: (i64, i64) = sqlx::query_as(
        "SELECT starts_at, ends_at FROM events WHERE initiative_id = $1 ORDER BY id LIMIT 1",
    )
    .bind(initiative_id)
    .fetch_one(db.pool())
    .await?;
    let booking = spaces::request_booking(
        db,
        &spaces::NewBooking {
            space_id: lawn,
            booker_id: spirer,
            initiative_id: Some(initiative_id),
            purpose: "Hyg & Byg: vi bygger blomsterkasser og holder fest om aftenen",
            attendees: Some(200),
            starts_at: event.0,
            ends_at: event.1,
            user_id: ids.user(jeppe),
        },
    )
    .await?
    .map_err(|taken| AppError::Internal(format!("demo booking: {taken:?}")))?;
    spaces::decide(db, booking, true, "", ids.user(birgitte))
        .await?
        .map_err(|taken| AppError::Internal(format!("demo decision: {taken:?}")))?;
    Ok(())
}

/// The seed's Hyg & Byg day on the next 2 June: building flower boxes on the lawn at Ingerslevs
/// Boulevard, one box per stairwell at 200 kr., first come first served, and a party at night.
async fn hyg_and_byg_day(
    db: &Db,
    spirer: i64,
    initiative_id: i64,
    ids: &Ids,
    jeppe: usize,
    sofie: usize,
) -> AppResult<()> {
    use crate::events::household::Address;
    use crate::events::model::{EventDraft, ItemDraft, ProgrammeDraft};
    use crate::events::store as events;
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
    events::add_access_addresses(db, &register).await?;

    let today = crate::platform::time::today();
    let june_2 = date(today.year(), 6, 2);
    let day = if today < june_2 {
        june_2
    } else {
        date(today.year() + 1, 6, 2)
    };
    let at = |d: jiff::civil::Date, hour: i8, minute: i8| {
        crate::platform::time::parse_moment(&format!("{d}T{hour:02}:{minute:02}"))
            .ok_or_else(|| AppError::Internal("demo time".into()))
    };
    let draft = EventDraft {
        title: "Hyg & Byg på Ingerslevs Boulevard".into(),
        description: "Vi bygger Frederiksbjergkasserne sammen: blomsterkasser med bænk, tegnet af arkitekter, som naboer stiller ved deres opgang. \
                      Kom og byg med om dagen – om aftenen holder vi fest på plænen for alle, med bring-selv-mad og musik.\n\n\
                      Kasserne koster 200 kr. og betales på dagen. Der er højst én pr. opgang eller rækkehus, og først til mølle."
            .into(),
        place: "Græsplænen på Ingerslevs Boulevard, over for Skt. Lukas Kirke".into(),
        coordinates: Some((56.148_6, 10.206_4)),
        starts_at: at(day, 10, 0)?,
        ends_at: at(day, 23, 0)?,
        capacity: Some(40),
        cancel_until: Some(at(day.yesterday().map_err(|e| AppError::Internal(e.to_string()))?, 12, 0)?),
    };
    let event = events::create_event(
        db,
        &events::NewEvent {
            draft: &draft,
            initiative_id: Some(initiative_id),
            organiser_id: spirer,
            user_id: ids.user(jeppe),
        },
    )
    .await?;
    let programme = [
        ((10, 0), Some((10, 30)), "Kaffe og velkomst", ""),
        (
            (10, 30),
            Some((15, 0)),
            "Vi bygger blomsterkasser",
            "Værkstedet på plænen",
        ),
        ((12, 30), Some((13, 15)), "Frokost", ""),
        (
            (15, 0),
            Some((17, 0)),
            "Kasserne plantes og bæres hjem til opgangene",
            "",
        ),
        (
            (18, 0),
            Some((23, 0)),
            "Fest på plænen – for alle, med bring-selv-mad og musik",
            "",
        ),
    ];
    for ((h, m), end, title, place) in programme {
        let ends_at = match end {
            Some((eh, em)) => Some(at(day, eh, em)?),
            None => None,
        };
        events::add_programme_item(
            db,
            event,
            &ProgrammeDraft {
                title: title.into(),
                place: place.into(),
                starts_at: at(day, h, m)?,
                ends_at,
            },
        )
        .await?;
    }
    let boxes = events::add_item(
        db,
        event,
        &ItemDraft {
            name: "Frederiksbjergkassen – blomsterkasse med bænk".into(),
            description: "Tegnet af arkitekter og bygget af naboerne selv på dagen. Plader, jord og planter er med.".into(),
            price_ore: 20_000,
            stock: 40,
            household_limit: Some(1),
        },
    )
    .await?;
    events::sign_up(db, event, ids.person(sofie))
        .await?
        .map_err(|refusal| AppError::Internal(format!("demo sign-up: {refusal:?}")))?;
    let address = Address::parse("Ingerslevs Boulevard 12, 2. tv, 8000 Aarhus C")
        .ok_or_else(|| AppError::Internal("demo address".into()))?;
    events::place_order(
        db,
        &events::NewOrder {
            item_id: boxes,
            person_id: ids.person(sofie),
            address: &address,
            quantity: 1,
        },
    )
    .await?
    .map_err(|refusal| AppError::Internal(format!("demo order: {refusal:?}")))?;
    Ok(())
}

fn date(year: i16, month: i8, day: i8) -> jiff::civil::Date {
    jiff::civil::Date::new(year, month, day).expect("a valid date")
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

const NEIGHBOURHOODS: &[&str] = &[
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
const WHAT: &[&str] = &[
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
const FOR_WHOM: &[&str] = &[
    "for ældre",
    "for børnefamilier",
    "for unge",
    "for nye naboer",
    "for ensomme",
    "for hele gaden",
    "på tværs af generationer",
];
const THEMES: &[Theme] = &[
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
    let user: i64 = sqlx::query_scalar("SELECT MIN(id) FROM users")
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
    sqlx::query("ANALYZE").execute(db.pool()).await?;
    Ok(())
}

const SKILLS: &[&str] = &[
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
fn somewhere(next: &mut impl FnMut(usize) -> usize) -> (f64, f64) {
    (
        56.08 + next(2000) as f64 / 10_000.0,
        10.00 + next(3000) as f64 / 10_000.0,
    )
}

fn some_skills(next: &mut impl FnMut(usize) -> usize) -> String {
    let mut skills: Vec<&str> = (0..1 + next(3))
        .map(|_| SKILLS[next(SKILLS.len())])
        .collect();
    skills.dedup();
    skills.join(", ")
}

fn some_time(next: &mut impl FnMut(usize) -> usize) -> Availability {
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

async fn load_scale_mobilisation(
    db: &Db,
    n: u32,
    user: i64,
    next: &mut impl FnMut(usize) -> usize,
) -> AppResult<()> {
    let associations: Vec<i64> =
        sqlx::query_scalar("SELECT id FROM actors WHERE kind = 'association' ORDER BY id DESC")
            .fetch_all(db.pool())
            .await?;
    let initiatives: Vec<i64> = sqlx::query_scalar("SELECT id FROM initiatives ORDER BY id DESC")
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

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

/// Adds `n` synthetic tips in every status, spread over Aarhus and the past year, for
/// benchmarks (`demo --tips N`); the demo's categories must be there.
pub async fn load_tips(db: &Db, n: u32) -> AppResult<()> {
    use crate::platform::db::{Param, SqlBuilder};
    let categories: Vec<(i64, i64)> =
        sqlx::query_as("SELECT id, unit_id FROM tip_categories ORDER BY id")
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
                Param::Int(category),
                Param::Int(unit),
                Param::Text(format!("Syntetisk tip nummer {}.", batch * 500 + k)),
                Param::Int(56_100_000 + next(100_000) as i64),
                Param::Int(10_100_000 + next(150_000) as i64),
                Param::Text(status.into()),
                Param::Text(if status == "closed" { "duplicate" } else { "" }.into()),
                Param::Text("web".into()),
                Param::Text(crate::platform::auth::random_token()),
                Param::Int(received),
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
    Ok(())
}
