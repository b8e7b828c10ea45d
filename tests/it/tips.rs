//! Tips about public space: a citizen reports with a photo from a phone, an employee handles it
//! to resolution in public, a neighbour finds it nearby instead of reporting it twice, citizens
//! adopt one as an initiative, and a real Open311 client reads and writes the same tips.

use crate::on_both_engines;
use crate::support::{Browser, TestApp, id_of, logged_in, value_of};
use medspil::platform::db;
use serde_json::Value;
use std::sync::Arc;

/// A place on Jægergårdsgade, inside Aarhus.
pub(crate) const JAEGERGAARDSGADE: (&str, &str) = ("56.148600", "10.204000");

/// A JPEG 40 wide and 20 high whose EXIF says "turn 90° clockwise" and holds a camera make and
/// a GPS position, as a phone writes it.
pub(crate) fn phone_photo() -> Vec<u8> {
    let img = image::RgbImage::from_fn(40, 20, |x, _| {
        if x < 20 {
            image::Rgb([200, 30, 30])
        } else {
            image::Rgb([30, 30, 200])
        }
    });
    let mut jpeg = std::io::Cursor::new(Vec::new());
    img.write_to(&mut jpeg, image::ImageFormat::Jpeg).unwrap();
    let jpeg = jpeg.into_inner();
    let mut tiff: Vec<u8> = b"II*\0\x08\0\0\0".to_vec();
    let entry = |tag: u16, kind: u16, count: u32, value: u32| {
        let mut e = Vec::new();
        e.extend(tag.to_le_bytes());
        e.extend(kind.to_le_bytes());
        e.extend(count.to_le_bytes());
        e.extend(value.to_le_bytes());
        e
    };
    tiff.extend(3u16.to_le_bytes());
    tiff.extend(entry(0x010F, 2, 10, 50)); // Make, at offset 50
    tiff.extend(entry(0x0112, 3, 1, 6)); // Orientation: 90° clockwise
    tiff.extend(entry(0x8825, 4, 1, 60)); // GPS IFD, at offset 60
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(b"SECRETCAM\0");
    tiff.extend(1u16.to_le_bytes());
    tiff.extend(entry(0x0001, 2, 2, u32::from_le_bytes(*b"N\0\0\0")));
    tiff.extend(0u32.to_le_bytes());
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(tiff);
    let mut out = jpeg[..2].to_vec();
    out.extend([0xFF, 0xE1]);
    out.extend(((app1.len() + 2) as u16).to_be_bytes());
    out.extend(app1);
    out.extend(&jpeg[2..]);
    out
}

/// The token in the report form's action address.
fn upload_token(body: &str) -> String {
    let marker = "action=\"/tips?csrf=";
    let start = body.find(marker).expect("the report form") + marker.len();
    body[start..start + 64].to_string()
}

/// Step one and two as a phone without JavaScript does them: category and place, then the
/// details with photos. Returns the final response. The form's token comes from a step two
/// that is always valid, so places the form would refuse are posted all the same.
pub(crate) async fn report(
    b: &Browser,
    app: &TestApp,
    category: &str,
    place: (&str, &str),
    description: &str,
    photos: Vec<Vec<u8>>,
    extra: &[(&str, &str)],
) -> reqwest::Response {
    let step = b
        .get(&format!(
            "/tips/new?step=details&category=groent&latitude={}&longitude={}",
            JAEGERGAARDSGADE.0, JAEGERGAARDSGADE.1
        ))
        .await;
    assert_eq!(step.status, 200, "{}", step.body);
    let mut form = reqwest::multipart::Form::new()
        .text("category", category.to_string())
        .text("latitude", place.0.to_string())
        .text("longitude", place.1.to_string())
        .text("address", "")
        .text("description", description.to_string());
    for (k, v) in extra {
        form = form.text(k.to_string(), v.to_string());
    }
    for (i, p) in photos.into_iter().enumerate() {
        form = form.part(
            "photos",
            reqwest::multipart::Part::bytes(p).file_name(format!("IMG_{i}.jpg")),
        );
    }
    b.client
        .post(app.url(&format!("/tips?csrf={}", upload_token(&step.body))))
        .multipart(form)
        .send()
        .await
        .unwrap()
}

pub(crate) fn tip_id(location: &str) -> i64 {
    location
        .trim_start_matches("/tips/")
        .split('?')
        .next()
        .unwrap()
        .parse()
        .expect("tip id in the address")
}

pub(crate) async fn count(app: &TestApp, sql: &str) -> i64 {
    id_of(app, sql).await
}

on_both_engines! {
    /// Anna reports a hole from her phone without an account, with a photo; the photo is kept
    /// upright without its camera data. Birgitte's unit takes it in hand with a public update
    /// and an internal note, then resolves it; Anna is mailed each public update and can have
    /// her address forgotten.
    async fn a_tip_with_a_photo_is_handled_to_resolution_in_public(app) {
        let anna = app.browser();
        let r = report(&anna, &app, "huller", JAEGERGAARDSGADE, "Dybt hul i kørebanen ud for nr. 38.",
            vec![phone_photo()], &[("answer-surface", "road"), ("name", "Anna"), ("email", "Anna@Example.dk")]).await;
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
        let location = r.headers()["location"].to_str().unwrap().to_string();
        let id = tip_id(&location);
        let thanks = anna.get(&location).await;
        assert!(thanks.body.contains("Tak for dit tip!"), "{}", thanks.body);

        let photo: i64 = count(&app, &format!("SELECT MIN(id) FROM tip_photos WHERE tip_id = {id}")).await;
        let bytes = reqwest::get(app.url(&format!("/tips/{id}/photos/{photo}"))).await.unwrap().bytes().await.unwrap();
        let stored = image::load_from_memory(&bytes).unwrap();
        assert_eq!((stored.width(), stored.height()), (20, 40), "the orientation is applied to the pixels");
        let window = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
        assert!(!window(b"Exif") && !window(b"SECRETCAM"), "no EXIF, camera or GPS data is kept");

        let public = app.browser().get(&format!("/tips/{id}")).await.body;
        assert!(public.contains("Dybt hul i kørebanen") && public.contains("Kørebane"));
        assert!(!public.contains("anna@example.dk") && !public.contains(">Anna<"), "the reporter stays private");

        let birgitte = logged_in(&app, "birgitte@aarhus.dk").await;
        let queue = birgitte.get("/tips/queue").await;
        assert!(queue.body.contains(&format!("/tips/{id}\"")), "{}", queue.body);
        let page = format!("/tips/{id}");
        let handled = birgitte.submit(&page, &format!("/tips/{id}/updates"), &[("kind", "public"), ("status", "in_progress"), ("body", "Vejholdet kommer torsdag.")]).await;
        assert_eq!(handled.status, 303, "{}", handled.body);
        let noted = birgitte.submit(&page, &format!("/tips/{id}/updates"), &[("kind", "note"), ("body", "Kræver afspærring af den ene vejbane.")]).await;
        assert_eq!(noted.status, 303);
        let skipped = birgitte.submit(&page, &format!("/tips/{id}/updates"), &[("kind", "public"), ("status", "closed"), ("body", "Lukket")]).await;
        assert_eq!(skipped.status, 422, "closing needs a reason");
        assert!(skipped.body.contains("id=\"close_reason-error\""));
        let resolved = birgitte.submit(&page, &format!("/tips/{id}/updates"), &[("kind", "public"), ("status", "resolved"), ("body", "Hullet er lappet.")]).await;
        assert_eq!(resolved.status, 303);

        let public = app.browser().get(&page).await.body;
        assert!(public.contains("Vejholdet kommer torsdag.") && public.contains("Hullet er lappet."));
        assert!(public.contains("Løst"));
        assert!(!public.contains("afspærring"), "internal notes stay internal");
        assert!(birgitte.get(&page).await.body.contains("afspærring"));
        assert!(birgitte.get(&page).await.body.contains("anna@example.dk"), "the handler sees who reported it");

        let mails: Vec<(String, String)> = db::query_as("SELECT to_address, unsubscribe_path FROM mail_outbox WHERE to_address = 'anna@example.dk' ORDER BY id")
            .fetch_all(app.db.pool()).await.unwrap();
        assert_eq!(mails.len(), 2, "one mail per public update, none for the note");
        let forget = app.browser().post(&mails[0].1, &[]).await;
        assert_eq!(forget.status, 200);
        assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM tips WHERE id = {id} AND reporter_email = ''")).await, 1);
    }
}

on_both_engines! {
    /// A neighbour about to report the same hole 30 m away is shown Anna's tip and follows it
    /// instead; one 80 m away or of another kind is not offered. The follower hears of updates.
    async fn a_neighbour_finds_the_tip_nearby_and_follows_it(app) {
        let anna = app.browser();
        let r = report(&anna, &app, "huller", JAEGERGAARDSGADE, "Hul i cykelstien.", vec![], &[("answer-surface", "cycle_path")]).await;
        assert_eq!(r.status(), 303);
        let id = tip_id(r.headers()["location"].to_str().unwrap());
        let sofie = logged_in(&app, "sofie@example.dk").await;
        // 30 m east: 0.000485° of longitude at this latitude.
        let near = sofie.get("/tips/new?step=details&category=huller&latitude=56.148600&longitude=10.204485").await;
        assert!(near.body.contains("Er det det samme som et af disse?"), "{}", near.body);
        assert!(near.body.contains(&format!("href=\"/tips/{id}\"")));
        assert!(near.body.contains("Følg dette tip i stedet"));
        let far = sofie.get("/tips/new?step=details&category=huller&latitude=56.148600&longitude=10.205300").await;
        assert!(!far.body.contains(&format!("href=\"/tips/{id}\"")), "80 m away is another place");
        let other = sofie.get("/tips/new?step=details&category=graffiti&latitude=56.148600&longitude=10.204485").await;
        assert!(!other.body.contains(&format!("href=\"/tips/{id}\"")), "another kind of tip");

        let followed = sofie.submit("/tips/new?step=details&category=huller&latitude=56.148600&longitude=10.204485", "/follows",
            &[("kind", "tip"), ("target", &id.to_string()), ("label", "Hul"), ("back", &format!("/tips/{id}"))]).await;
        assert_eq!(followed.status, 303);
        assert_eq!(followed.location.as_deref(), Some(format!("/tips/{id}").as_str()));

        let birgitte = logged_in(&app, "birgitte@aarhus.dk").await;
        let page = format!("/tips/{id}");
        birgitte.submit(&page, &format!("/tips/{id}/updates"), &[("kind", "public"), ("status", "in_progress"), ("body", "Vi kigger på det.")]).await;
        app.notices_told().await;
        let inbox = sofie.get("/inbox").await.body;
        assert!(inbox.contains("Nyt om tippet") && inbox.contains("Under behandling"), "{inbox}");
    }
}

on_both_engines! {
    /// The weedy bed on Ingerslevs Boulevard becomes the Spirer's initiative: the form starts
    /// from the tip, the initiative and the tip point to each other, and a second adoption is
    /// refused.
    async fn a_tip_is_adopted_as_an_initiative(app) {
        let tip = id_of(&app, "SELECT id FROM tips WHERE description LIKE 'Bedet for enden%'").await;
        let jeppe = logged_in(&app, "jeppe@example.dk").await;
        let new = format!("/initiatives/new?tip={tip}");
        let form = jeppe.get(&new).await;
        assert!(form.body.contains(&format!("name=\"tip\" value=\"{tip}\"")));
        assert!(form.body.contains("Ingerslevs Boulevard 20"));
        let fields = [("title", "Vi passer bedet på Ingerslevs Boulevard"), ("purpose", "Et blomsterbed i stedet for ukrudt."),
            ("theme", "green_streets"), ("stage", "co_creation"), ("commitment", "non_binding"), ("leadership_mode", "facilitating"),
            ("tip", &tip.to_string()), ("confirm_new", "yes")];
        let mut with_starter: Vec<(&str, &str)> = fields.to_vec();
        let person = id_of(&app, "SELECT person_id FROM users WHERE email = 'jeppe@example.dk'").await.to_string();
        with_starter.push(("started_by", &person));
        let created = jeppe.submit(&new, "/initiatives", &with_starter).await;
        assert_eq!(created.status, 303, "{}", created.body);
        let initiative = created.location.unwrap();
        let tip_page = app.browser().get(&format!("/tips/{tip}")).await.body;
        assert!(tip_page.contains(&format!("href=\"{initiative}\"")), "{tip_page}");
        assert!(tip_page.contains("Vi passer bedet på Ingerslevs Boulevard"));
        let initiative_page = app.browser().get(&initiative).await.body;
        assert!(initiative_page.contains(&format!("Startet ud fra tippet <a href=\"/tips/{tip}\">")), "the provenance is kept");
        let again = jeppe.submit(&new, "/initiatives", &with_starter).await;
        assert_eq!(again.status, 409, "one tip, one adopting initiative");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM initiatives WHERE title = 'Vi passer bedet på Ingerslevs Boulevard'").await, 1,
            "the refused initiative is not stored");
        assert!(again.body.contains("id=\"adopts\"") && again.body.contains("Vi passer bedet"), "the form comes back, as typed, saying why");
        let resolved = id_of(&app, "SELECT id FROM tips WHERE status = 'resolved'").await.to_string();
        let mut adopt_resolved = with_starter.clone();
        adopt_resolved.retain(|(k, _)| *k != "tip");
        adopt_resolved.push(("tip", &resolved));
        let refused = jeppe.submit(&new, "/initiatives", &adopt_resolved).await;
        assert_eq!(refused.status, 409, "a resolved tip is not adopted");
    }
}

on_both_engines! {
    /// Bad reports are refused with a reason next to the field, and nothing is stored.
    async fn bad_reports_are_refused_and_nothing_is_stored(app) {
        let b = app.browser();
        let before = count(&app, "SELECT COUNT(*) FROM tips").await;
        let photos_before = count(&app, "SELECT COUNT(*) FROM tip_photos").await;
        let step = b.get("/tips/new?step=details&category=huller&latitude=55.6761&longitude=12.5683").await;
        assert_eq!(step.status, 422);
        assert!(step.body.contains("uden for kommunen"));
        let copenhagen = report(&b, &app, "huller", ("55.676100", "12.568300"), "Hul", vec![], &[("answer-surface", "road")]).await;
        assert_eq!(copenhagen.status(), 422);
        assert!(copenhagen.text().await.unwrap().contains("uden for kommunen"));
        let empty = report(&b, &app, "huller", JAEGERGAARDSGADE, "   ", vec![phone_photo()], &[("answer-surface", "road")]).await;
        assert_eq!(empty.status(), 422);
        let body = empty.text().await.unwrap();
        assert!(body.contains("id=\"description-error\"") && body.contains("Vælg billederne igen"), "{body}");
        let unanswered = report(&b, &app, "huller", JAEGERGAARDSGADE, "Hul", vec![], &[]).await;
        assert_eq!(unanswered.status(), 422);
        assert!(unanswered.text().await.unwrap().contains("Hvor er hullet?"));
        let pdf = report(&b, &app, "groent", JAEGERGAARDSGADE, "Bed", vec![b"%PDF-1.7 named like a photo".to_vec()], &[]).await;
        assert_eq!(pdf.status(), 422);
        assert!(pdf.text().await.unwrap().contains("ikke et JPEG- eller PNG-billede"));
        let mut heic = vec![0, 0, 0, 24];
        heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
        let heic = report(&b, &app, "groent", JAEGERGAARDSGADE, "Bed", vec![heic], &[]).await;
        assert!(heic.text().await.unwrap().contains("HEIC"));
        let huge = report(&b, &app, "groent", JAEGERGAARDSGADE, "Bed", vec![vec![0xFF; 10 * 1024 * 1024 + 1]], &[]).await;
        assert_eq!(huge.status(), 422);
        assert!(huge.text().await.unwrap().contains("større end 10 MB"));
        let too_many = report(&b, &app, "groent", JAEGERGAARDSGADE, "Bed", vec![phone_photo(); 6], &[]).await;
        assert_eq!(too_many.status(), 422);
        let unknown = b.get("/tips/new?step=details&category=ufo&latitude=56.1486&longitude=10.204").await;
        assert_eq!(unknown.status, 422);
        assert!(unknown.body.contains("id=\"category-error\""));
        let unknown_address = b.get("/tips/new?step=details&category=huller&address=Findesikkevej+3,+8000").await;
        assert!(unknown_address.body.contains("Vi kender ikke den adresse"));
        let known = b.get("/tips/new?step=details&category=huller&address=J%C3%A6gerg%C3%A5rdsgade+40,+8000+Aarhus+C").await;
        assert_eq!(known.status, 200, "the address register places a typed address");
        assert!(known.body.contains("name=\"latitude\" value=\"56.14"));
        let no_token = reqwest::Client::new().post(app.url("/tips")).multipart(reqwest::multipart::Form::new().text("category", "huller")).send().await.unwrap();
        assert_eq!(no_token.status(), 403, "an upload needs its form's token");
        assert_eq!(count(&app, "SELECT COUNT(*) FROM tips").await, before);
        assert_eq!(count(&app, "SELECT COUNT(*) FROM tip_photos").await, photos_before);
    }
}

/// Anonymous reporting is limited per client; behind a proxy the client is the forwarded
/// address, and another client is not held back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn anonymous_reporting_is_limited_per_client() {
    let app = TestApp::start_configured(crate::support::Engine::Sqlite, |c| {
        c.anonymous_tips_per_hour = 2;
        c.behind_proxy = true;
    })
    .await
    .unwrap();
    medspil::demo::load(&app.db).await.unwrap();
    let client = |ip: &'static str| {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            format!("10.0.0.1, {ip}").parse().unwrap(),
        );
        app.browser_with(headers)
    };
    let first = client("203.0.113.7");
    for _ in 0..2 {
        let r = report(
            &first,
            &app,
            "groent",
            JAEGERGAARDSGADE,
            "Ukrudt",
            vec![],
            &[],
        )
        .await;
        assert_eq!(r.status(), 303);
    }
    let limited = report(
        &first,
        &app,
        "groent",
        JAEGERGAARDSGADE,
        "Ukrudt i bedet",
        vec![],
        &[],
    )
    .await;
    assert_eq!(limited.status(), 429);
    let body = limited.text().await.unwrap();
    assert!(
        body.contains("mange tip herfra") && body.contains("Ukrudt i bedet</textarea>"),
        "the form comes back as typed: {body}"
    );
    let other = client("198.51.100.9");
    let r = report(
        &other,
        &app,
        "groent",
        JAEGERGAARDSGADE,
        "Ukrudt",
        vec![],
        &[],
    )
    .await;
    assert_eq!(r.status(), 303, "another client may still report");
    let newcomer = client("203.0.113.7");
    let account = [
        ("name", "Ny Nabo"),
        ("email", "ny.nabo@example.org"),
        ("password", "en lang adgangskode"),
    ];
    newcomer.submit("/register", "/register", &account).await;
    let sofie = client("203.0.113.7");
    let who = [
        (
            &newcomer,
            "ny.nabo@example.org",
            "en lang adgangskode",
            429,
            "a new account counts as anonymous until its address is confirmed",
        ),
        (
            &sofie,
            "sofie@example.dk",
            crate::support::DEMO_PASSWORD,
            303,
            "someone logged in is not counted as anonymous",
        ),
    ];
    for (b, email, password, expected, why) in who {
        assert_eq!(b.login(email, password).await.status, 303);
        let r = report(b, &app, "groent", JAEGERGAARDSGADE, "Ukrudt", vec![], &[]).await;
        assert_eq!(r.status(), expected, "{why}");
    }
}

on_both_engines! {
    /// Only the handlers of the tip's unit (and admins) handle it; only admins set up
    /// categories and keys.
    async fn who_may_handle_tips_and_set_them_up(app) {
        let tip = id_of(&app, "SELECT id FROM tips WHERE description LIKE 'Bænken ved kirken%'").await;
        let page = format!("/tips/{tip}");
        let action = format!("/tips/{tip}/updates");
        let form = [("kind", "note"), ("body", "Set.")];
        let anonymous = app.browser();
        assert_eq!(anonymous.submit("/login", &action, &form).await.status, 401);
        for (who, may) in [("sofie@example.dk", false), ("lene@aarhus.dk", false), ("birgitte@aarhus.dk", true), ("admin@medspil.dk", true)] {
            let b = logged_in(&app, who).await;
            let r = b.submit(&page, &action, &form).await;
            assert_eq!(r.status == 303, may, "{who} handles tips of Natur og Vej: {may} ({})", r.status);
            assert_eq!(b.get("/admin/tips").await.status == 200, who == "admin@medspil.dk", "{who} on the admin page");
        }
    }
}

on_both_engines! {
    /// Two handlers resolve and close the same tip at the same moment through two nodes: one
    /// wins, the other is refused, and the history holds one change.
    async fn simultaneous_changes_do_not_both_apply(app) {
        let second = app.second_node().await;
        let tip = id_of(&app, "SELECT id FROM tips WHERE description LIKE 'Bænken ved kirken%'").await;
        let page = format!("/tips/{tip}");
        let action = format!("/tips/{tip}/updates");
        let a = Arc::new(logged_in(&app, "birgitte@aarhus.dk").await);
        let b = Arc::new(crate::support::logged_in(&second, "admin@medspil.dk").await);
        let (ta, tb) = (a.get(&page).await.csrf(), b.get(&page).await.csrf());
        let resolve = {
            let (a, action) = (a.clone(), action.clone());
            tokio::spawn(async move { a.post(&action, &[("csrf", &ta), ("kind", "public"), ("status", "resolved"), ("body", "Bænken er skiftet.")]).await.status })
        };
        let close = {
            let (b, action) = (b.clone(), action.clone());
            tokio::spawn(async move { b.post(&action, &[("csrf", &tb), ("kind", "public"), ("status", "closed"), ("close_reason", "duplicate"), ("body", "Dublet.")]).await.status })
        };
        let mut statuses = [resolve.await.unwrap(), close.await.unwrap()];
        statuses.sort();
        // The loser is refused either by the guard in SQL (409, both read "received") or, when
        // it read the tip after the winner's change, by the rule that a resolved tip is not
        // closed (422).
        assert_eq!(statuses[0], 303);
        assert!(matches!(statuses[1], 409 | 422), "{statuses:?}");
        assert_eq!(count(&app, &format!("SELECT COUNT(*) FROM tip_updates WHERE tip_id = {tip} AND status IS NOT NULL")).await, 1);
    }
}

on_both_engines! {
    /// An admin sets up a category with a question (it becomes an Open311 service with its
    /// definition), issues a key on the web page and revokes it.
    async fn admins_set_up_categories_and_keys(app) {
        let admin = logged_in(&app, "admin@medspil.dk").await;
        let unit = id_of(&app, "SELECT id FROM actors WHERE name = 'Natur og Vej'").await.to_string();
        let taken = admin.submit("/admin/tips", "/admin/tips", &[("code", "huller"), ("name_da", "Huller"), ("name_en", "Holes"), ("unit", &unit), ("active", "yes")]).await;
        assert_eq!(taken.status, 422);
        assert!(taken.body.contains("allerede i brug"));
        let created = admin.submit("/admin/tips", "/admin/tips", &[("code", "legeplads"), ("name_da", "Legepladser"), ("name_en", "Playgrounds"), ("unit", &unit), ("active", "yes")]).await;
        assert_eq!(created.status, 303, "{}", created.body);
        let page = created.location.unwrap();
        let asked = admin.submit(&page, &format!("{page}/questions"), &[("question_code", "redskab"), ("datatype", "singlevaluelist"), ("question_da", "Hvilket redskab?"), ("question_en", "Which equipment?"), ("choices", "gynge=Gynge=Swing\nrutsjebane=Rutsjebane=Slide"), ("required", "yes")]).await;
        assert_eq!(asked.status, 303);
        let services: Value = reqwest::get(app.url("/open311/v2/services.json")).await.unwrap().json().await.unwrap();
        let playground = services.as_array().unwrap().iter().find(|s| s["service_code"] == "legeplads").expect("the new service");
        assert_eq!(playground["metadata"], true);
        let definition: Value = reqwest::get(app.url("/open311/v2/services/legeplads.json")).await.unwrap().json().await.unwrap();
        assert_eq!(definition["attributes"][0]["values"][1]["key"], "rutsjebane");

        let issued = admin.submit("/admin/open311-keys", "/admin/open311-keys", &[("name", "BorgerTIP-appen")]).await;
        assert_eq!(issued.status, 200);
        let marker = "<code class=\"secret\">";
        let start = issued.body.find(marker).unwrap() + marker.len();
        let key = issued.body[start..start + 64].to_string();
        let post = |key: String| {
            let url = app.url("/open311/v2/requests.json");
            async move {
                reqwest::Client::new().post(url).form(&[("api_key", key.as_str()), ("service_code", "legeplads"), ("lat", "56.1486"), ("long", "10.204"),
                    ("description", "Gyngen er knækket"), ("attribute[redskab]", "gynge")]).send().await.unwrap().status()
            }
        };
        assert_eq!(post(key.clone()).await, 201);
        let id = id_of(&app, "SELECT id FROM open311_keys WHERE name = 'BorgerTIP-appen'").await;
        let confirm = admin.get(&format!("/admin/open311-keys/{id}/revoke")).await;
        assert_eq!(confirm.status, 200, "revoking asks first");
        let revoked = admin.submit(&format!("/admin/open311-keys/{id}/revoke"), &format!("/admin/open311-keys/{id}/revoke"), &[]).await;
        assert_eq!(revoked.status, 303);
        assert_eq!(post(key).await, 403, "a revoked key no longer posts");
    }
}

/// Runs the Open311 client script (civicbot for JSON reads and writes, georeport for XML)
/// against the server, with a key issued by `medspil open311-key create`.
fn open311_client(app: &TestApp, key: &str) -> Option<Value> {
    let output = std::process::Command::new("python3")
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/open311/client.py"
        ))
        .arg(app.url(""))
        .arg(key)
        .env("NO_PROXY", "127.0.0.1,localhost")
        .output()
        .expect("python3 runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    if stderr.contains("ModuleNotFoundError") {
        assert!(
            std::env::var("MEDSPIL_REQUIRE_OPEN311").as_deref() != Ok("1"),
            "the Open311 clients are required (MEDSPIL_REQUIRE_OPEN311=1) but missing: {stderr}"
        );
        eprintln!("\n!!! SKIPPED: pip install -r tests/open311/requirements.txt !!!\n");
        return None;
    }
    assert!(output.status.success(), "{stderr}");
    Some(serde_json::from_slice(&output.stdout).expect("the script prints JSON"))
}

on_both_engines! {
    /// A real Open311 client reads the services and tips, posts a tip with a key from the
    /// command line, follows it by id, posts one by its address alone, and reads the same records as XML; the tip
    /// is the one on the web, and handling it on the web shows through Open311.
    async fn a_real_open311_client_reads_and_writes_the_same_tips(app) {
        let cli = std::process::Command::new(env!("CARGO_BIN_EXE_medspil"))
            .args(["--database-url", app.database_url(), "open311-key", "create", "--name", "Testklient"])
            .env("MEDSPIL_LOG", "warn")
            .output()
            .expect("medspil runs");
        assert!(cli.status.success(), "{}", String::from_utf8_lossy(&cli.stderr));
        let key = String::from_utf8(cli.stdout).unwrap().trim().to_string();
        assert_eq!(key.len(), 64);
        let Some(out) = open311_client(&app, &key) else { return };

        let codes: Vec<&str> = out["services"].as_array().unwrap().iter().map(|s| s["service_code"].as_str().unwrap()).collect();
        assert!(codes.contains(&"huller") && codes.contains(&"gadelys"), "{codes:?}");
        assert_eq!(out["definition"]["attributes"][0]["code"], "surface");
        let created = &out["created"][0];
        let id: i64 = created["service_request_id"].as_str().unwrap().parse().unwrap();
        assert_eq!(out["request"]["service_request_id"], id.to_string());
        assert_eq!(out["request"]["status"], "open");
        assert_eq!(out["request"]["agency_responsible"], "Natur og Vej");
        assert!(created.get("token").is_none(), "an id or a token, not both: {created}");
        // The token route still finds a tip by its token.
        let token: String = value_of(&app, &format!("SELECT token FROM tips WHERE id = {id}")).await;
        let by_token: Value = reqwest::get(app.url(&format!("/open311/v2/tokens/{token}.json"))).await.unwrap().json().await.unwrap();
        assert_eq!(by_token[0]["service_request_id"], id.to_string());
        // A report by its address alone is placed by the address register: the city hall.
        let city_hall = &out["by_address"];
        assert_eq!(city_hall["address"], "Rådhuspladsen 2, 8000 Aarhus C", "{city_hall}");
        assert!((city_hall["lat"].as_f64().unwrap() - 56.1527333).abs() < 1e-5, "{city_hall}");
        assert_eq!(out["unknown_address"][0], 400, "{}", out["unknown_address"]);
        assert!(out["open_huller"].as_array().unwrap().iter().any(|r| r["service_request_id"].as_str() == Some(id.to_string().as_str())));
        assert!(out["open_huller"].as_array().unwrap().iter().all(|r| r["service_code"] == "huller" && r["status"] == "open"));
        assert_eq!(out["by_ids"].as_array().unwrap().len(), 2);
        assert_eq!(out["bad_key"][0], 403);
        assert_eq!(out["bad_key"][1][0]["code"], 403);
        assert_eq!(out["missing_attribute"][0], 400);
        assert!(out["missing_attribute"][1][0]["description"].as_str().unwrap().contains("attribute"));
        assert_eq!(out["outside"][0], 400);
        assert_eq!(out["bad_date"][0], 400);
        assert!(out["xml_services"].as_array().unwrap().iter().any(|s| s["service_code"] == "huller"));
        assert_eq!(out["xml_definition"]["service_code"], "huller");
        assert_eq!(out["xml_request"]["service_request_id"], id.to_string());
        assert_eq!(out["xml_request"]["lat"], "56.1485");
        assert_eq!(out["json_request"]["description"], "Hul i kørebanen (fra appen)");

        let wrong_method = reqwest::Client::new().delete(app.url("/open311/v2/services.xml")).send().await.unwrap();
        assert_eq!(wrong_method.status(), 405);
        assert!(wrong_method.text().await.unwrap().contains("<errors><error><code>405</code>"));
        let web = app.browser().get(&format!("/tips/{id}")).await;
        assert!(web.body.contains("Hul i kørebanen (fra appen)"), "the same record on the web");
        let birgitte = logged_in(&app, "birgitte@aarhus.dk").await;
        let r = birgitte.submit(&format!("/tips/{id}"), &format!("/tips/{id}/updates"), &[("kind", "public"), ("status", "resolved"), ("body", "Lappet.")]).await;
        assert_eq!(r.status, 303);
        let after: Value = reqwest::get(app.url(&format!("/open311/v2/requests/{id}.json"))).await.unwrap().json().await.unwrap();
        assert_eq!(after[0]["status"], "closed");
        assert_eq!(after[0]["status_notes"], "Lappet.");

        // A photo comes as a multipart `media` file and is served as the request's media_url.
        let form = reqwest::multipart::Form::new()
            .text("api_key", key.clone()).text("service_code", "groent").text("lat", "56.1466").text("long", "10.2064")
            .text("description", "Væltet træ").part("media", reqwest::multipart::Part::bytes(phone_photo()).file_name("træ.jpg"));
        let r = reqwest::Client::new().post(app.url("/open311/v2/requests.xml")).multipart(form).send().await.unwrap();
        assert_eq!(r.status(), 201);
        let xml = r.text().await.unwrap();
        let start = xml.find("<service_request_id>").unwrap() + "<service_request_id>".len();
        let with_photo: i64 = xml[start..xml[start..].find('<').unwrap() + start].parse().unwrap();
        let read: Value = reqwest::get(app.url(&format!("/open311/v2/requests/{with_photo}.json"))).await.unwrap().json().await.unwrap();
        let media = read[0]["media_url"].as_str().unwrap().to_string();
        assert!(media.contains(&format!("/tips/{with_photo}/photos/")), "{media}");
        assert_eq!(reqwest::get(media).await.unwrap().headers()["content-type"], "image/jpeg");
    }
}

on_both_engines! {
    /// The map and its list show the tips, initiatives and spaces; the filters narrow them; the
    /// exports carry the same tips as GeoJSON and CSV.
    async fn the_map_list_and_exports_show_the_same_tips(app) {
        let b = app.browser();
        let map = b.get("/tips").await.body;
        assert!(map.contains("<svg") && map.contains("Bænke, skilte og byinventar"));
        assert!(map.contains("class=\"map-place mark-received\""), "tips are marks on the map");
        assert!(map.contains("mark-initiative") || map.contains("mark-space"));
        assert!(map.contains("id=\"tip-list\""), "the list is the map's alternative");
        let only_holes = b.get("/tips?category=huller").await.body;
        assert!(only_holes.contains("Jægergårdsgade 40") && !only_holes.contains("Sankt Pauls Kirkeplads 3"));
        let closed = b.get("/tips?status=closed").await.body;
        assert!(closed.contains("Bruunsgade 30") && !closed.contains("Jægergårdsgade 40"));
        let geo: Value = reqwest::get(app.url("/tips.geojson?status=received&status=in_progress&status=resolved&status=closed")).await.unwrap().json().await.unwrap();
        assert_eq!(geo["type"], "FeatureCollection");
        assert_eq!(geo["features"].as_array().unwrap().len(), 5);
        let lon = geo["features"][0]["geometry"]["coordinates"][0].as_f64().unwrap();
        assert!((10.0..10.3).contains(&lon), "GeoJSON gives longitude first");
        let boxed: Value = reqwest::get(app.url("/tips.geojson?bbox=10.2070,56.1465,10.2080,56.1475")).await.unwrap().json().await.unwrap();
        let inside: Vec<&str> = boxed["features"].as_array().unwrap().iter().map(|f| f["properties"]["address"].as_str().unwrap()).collect();
        assert_eq!(inside, ["Sankt Pauls Kirkeplads 3, 8000 Aarhus C"], "only the tips inside the box");
        let csv = reqwest::get(app.url("/tips.csv?category=huller")).await.unwrap().text().await.unwrap();
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), 2, "{csv}");
        assert!(lines[0].starts_with("id,category,status"));
        assert!(lines[1].contains("huller,in_progress"));
    }
}

on_both_engines! {
    /// Through the JSON API: Sofie reports by address, Birgitte's unit handles it with a public
    /// update and an internal note; the public sees the update but not the note, and a citizen
    /// cannot handle tips.
    async fn the_tip_api_reports_and_handles(app) {
        let client = reqwest::Client::new();
        let sofie = crate::support::api_token(&app, "sofie@example.dk", crate::support::DEMO_PASSWORD).await;
        let birgitte = crate::support::api_token(&app, "birgitte@aarhus.dk", crate::support::DEMO_PASSWORD).await;
        let categories: Value = client.get(app.url("/api/v1/tip-categories")).send().await.unwrap().json().await.unwrap();
        let holes = categories.as_array().unwrap().iter().find(|c| c["code"] == "huller").unwrap();
        assert_eq!(holes["questions"][0]["choices"][1]["key"], "cycle_path");
        assert_eq!(holes["questions"][0]["datatype"], "singlevaluelist", "the datatype's name in Open311 and in the forms");
        let r = client.post(app.url("/api/v1/tips")).bearer_auth(&sofie)
            .json(&serde_json::json!({"category": "huller", "address": "Bruunsgade 12, 8000 Aarhus C", "description": "Hul i fortovet", "answers": {"surface": "pavement"}}))
            .send().await.unwrap();
        assert_eq!(r.status(), 201);
        let tip: Value = r.json().await.unwrap();
        let id = tip["id"].as_i64().unwrap();
        assert_eq!(tip["answers"]["surface"], "pavement");
        assert!((56.14..56.16).contains(&tip["latitude"].as_f64().unwrap()), "placed by the address register");
        let missing = client.post(app.url("/api/v1/tips")).bearer_auth(&sofie)
            .json(&serde_json::json!({"category": "huller", "description": "Hul", "answers": {"surface": "road"}}))
            .send().await.unwrap();
        assert_eq!(missing.status(), 422);
        assert!(missing.json::<Value>().await.unwrap()["error"]["fields"]["latitude"].is_string());
        let refused = client.post(app.url(&format!("/api/v1/tips/{id}/updates"))).bearer_auth(&sofie)
            .json(&serde_json::json!({"status": "resolved"})).send().await.unwrap();
        assert_eq!(refused.status(), 403);
        let note = client.post(app.url(&format!("/api/v1/tips/{id}/updates"))).bearer_auth(&birgitte)
            .json(&serde_json::json!({"internal": true, "body": "Ejendommens fortov?"})).send().await.unwrap();
        assert_eq!(note.status(), 200);
        let done = client.post(app.url(&format!("/api/v1/tips/{id}/updates"))).bearer_auth(&birgitte)
            .json(&serde_json::json!({"status": "resolved", "body": "Fliserne er lagt om."})).send().await.unwrap();
        assert_eq!(done.status(), 200);
        let handled: Value = done.json().await.unwrap();
        assert_eq!(handled["updates"].as_array().unwrap().len(), 2, "the handler sees the note");
        let public: Value = client.get(app.url(&format!("/api/v1/tips/{id}"))).send().await.unwrap().json().await.unwrap();
        assert_eq!(public["status"], "resolved");
        let updates = public["updates"].as_array().unwrap();
        assert_eq!(updates.len(), 1);
        assert_eq!(updates[0]["body"], "Fliserne er lagt om.");
        // A tip passed on to another unit leaves Birgitte's hands and reaches Lene's queue.
        let r = client.post(app.url("/api/v1/tips")).bearer_auth(&sofie)
            .json(&serde_json::json!({"category": "inventar", "latitude": 56.1470, "longitude": 10.2080, "description": "Bænken ved plejehjemmet er væk"}))
            .send().await.unwrap();
        let bench = r.json::<Value>().await.unwrap()["id"].as_i64().unwrap();
        let aktiv = id_of(&app, "SELECT id FROM actors WHERE name = 'Aktivitet og Frivillighed'").await;
        let moved = client.post(app.url(&format!("/api/v1/tips/{bench}/updates"))).bearer_auth(&birgitte)
            .json(&serde_json::json!({"unit_id": aktiv, "body": "Bænken hører til plejehjemmet."})).send().await.unwrap();
        assert_eq!(moved.status(), 200);
        assert_eq!(moved.json::<Value>().await.unwrap()["unit_name"], "Aktivitet og Frivillighed");
        let not_hers = client.post(app.url(&format!("/api/v1/tips/{bench}/updates"))).bearer_auth(&birgitte)
            .json(&serde_json::json!({"internal": true, "body": "Set."})).send().await.unwrap();
        assert_eq!(not_hers.status(), 403, "the tip is no longer Birgitte's unit's");
        let lene = logged_in(&app, "lene@aarhus.dk").await;
        assert!(lene.get("/tips/queue").await.body.contains(&format!("href=\"/tips/{bench}\"")));

        let listed: Value = client.get(app.url("/api/v1/tips?status=resolved&category=huller")).send().await.unwrap().json().await.unwrap();
        assert!(listed.as_array().unwrap().iter().any(|t| t["id"] == id));
        assert!(!listed.to_string().contains("sofie"), "who reported it is never shown");
    }
}

on_both_engines! {
    /// The full export of 100,000 tips is sent as it is read: the process's memory stays
    /// under 150 MB all the while, and the answer starts before its end is known.
    async fn the_full_export_is_sent_as_it_is_read_in_bounded_memory(app) {
        let loaded = std::process::Command::new(env!("CARGO_BIN_EXE_medspil"))
            .args(["--database-url", app.database_url(), "demo", "--tips", "100000"])
            .env("MEDSPIL_LOG", "warn")
            .status()
            .unwrap();
        assert!(loaded.success());
        let node = app.serve_process().await;
        let idle = node.resident_kb();
        let mut export = reqwest::get(format!(
            "{}/tips.geojson?status=received&status=in_progress&status=resolved&status=closed",
            node.base
        ))
        .await
        .unwrap();
        assert_eq!(export.status(), 200);
        assert!(export.content_length().is_none(), "sent in parts, its length unknown at the start");
        let (mut body, mut peak, mut parts) = (Vec::new(), idle, 0);
        while let Some(part) = export.chunk().await.unwrap() {
            body.extend_from_slice(&part);
            parts += 1;
            if parts % 16 == 0 {
                peak = peak.max(node.resident_kb());
            }
        }
        peak = peak.max(node.resident_kb());
        let geo: Value = serde_json::from_slice(&body).expect("one GeoJSON document");
        let features = geo["features"].as_array().unwrap().len();
        assert!(features >= 100_000, "every tip: {features}");
        assert!(peak < 150 * 1024, "resident memory peaked at {peak} kB ({idle} kB idle) for {} MB sent", body.len() / 1_000_000);
    }
}
