//! The neighbourhood's side: spaces lent out and the Hyg & Byg day, with the helpers the seed's needs and offers share.

use super::*;

/// Spaces the municipality lends out: a room, an empty shop for half a year, and the lawn at
/// Ingerslevs Boulevard, which the Spirer have booked for Hyg & Byg.
pub(super) async fn spaces_to_lend(db: &Db, cast: &Cast) -> AppResult<()> {
    let (mtm, aktiv, spirer) = (
        cast.actor("mtm")?,
        cast.actor("aktiv")?,
        cast.actor("spirer")?,
    );
    let initiative_id = cast.initiative("spirer")?;
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
    spaces::create_space(db, &room, aktiv, cast.user("lene")?).await?;
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
    spaces::create_space(db, &shop, mtm, cast.user("birgitte")?).await?;
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
    let lawn = spaces::create_space(db, &lawn, mtm, cast.user("birgitte")?).await?;
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
            user_id: cast.user("jeppe")?,
        },
    )
    .await?
    .map_err(|taken| AppError::Internal(format!("demo booking: {taken:?}")))?;
    spaces::decide(db, booking, true, "", cast.user("birgitte")?)
        .await?
        .map_err(|taken| AppError::Internal(format!("demo decision: {taken:?}")))?;
    Ok(())
}

/// The seed's Hyg & Byg day on the next 2 June: building flower boxes on the lawn at Ingerslevs
/// Boulevard, one box per stairwell at 200 kr., first come first served, and a party at night.
pub(super) async fn hyg_and_byg_day(db: &Db, cast: &Cast) -> AppResult<()> {
    let (spirer, initiative_id) = (cast.actor("spirer")?, cast.initiative("spirer")?);
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
            user_id: cast.user("jeppe")?,
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
    events::sign_up(db, event, cast.person("sofie")?)
        .await?
        .map_err(|refusal| AppError::Internal(format!("demo sign-up: {refusal:?}")))?;
    let address = Address::parse("Ingerslevs Boulevard 12, 2. tv, 8000 Aarhus C")
        .ok_or_else(|| AppError::Internal("demo address".into()))?;
    events::place_order(
        db,
        &events::NewOrder {
            item_id: boxes,
            person_id: cast.person("sofie")?,
            address: &address,
            quantity: 1,
        },
    )
    .await?
    .map_err(|refusal| AppError::Internal(format!("demo order: {refusal:?}")))?;
    Ok(())
}

pub(super) fn date(year: i16, month: i8, day: i8) -> jiff::civil::Date {
    jiff::civil::Date::new(year, month, day).expect("a valid date")
}
