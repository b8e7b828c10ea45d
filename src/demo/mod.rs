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

mod cast;
mod municipality;
mod neighbourhood;
mod scale;
mod tips;
pub use cast::*;
use municipality::*;
use neighbourhood::*;
pub use scale::*;
pub use tips::*;

/// Whether the demo accounts exist in this database.
pub async fn is_loaded(db: &Db) -> AppResult<bool> {
    Ok(accounts::person_by_email(db, LOGINS[0].0).await?.is_some())
}

/// Loads the seed's examples into an empty database.
pub async fn load(db: &Db) -> AppResult<()> {
    let mut users = Vec::new();
    for (name, email, neighbourhood, role) in PEOPLE {
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
