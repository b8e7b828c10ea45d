//! The leaders' overview: the city's figures are public and every one of them leads to as many
//! initiatives as it says; a department's are for those who work in it; the API and the CSV
//! files give the same figures as the page.

use crate::on_both_engines;
use crate::support::{api_token, id_of, logged_in};
use serde_json::Value;

/// How many initiatives a list page behind a figure shows.
fn cards(body: &str) -> usize {
    body.matches("<li class=\"card\">").count()
}

on_both_engines! {
    async fn every_city_figure_leads_to_the_initiatives_it_counts(app) {
        let visitor = app.browser();
        let page = visitor.get("/overview").await;
        assert_eq!(page.status, 200, "{}", page.body);
        assert!(page.body.contains("Overblik: Hele kommunen") && page.body.contains("Hvor samskaber vi?"), "{}", page.body);
        assert!(page.body.contains("Koloniseringssignaler") && page.body.contains("<svg"), "charts drawn on the server");

        let c = reqwest::Client::new();
        let o: Value = c.get(app.url("/api/v1/overview")).send().await.unwrap().json().await.unwrap();
        let all = id_of(&app, "SELECT COUNT(*) FROM initiatives").await;
        assert_eq!(o["initiatives"], all, "every demo initiative was going in the last year: {o}");
        let mut typed = 0;
        for t in o["typology"].as_array().unwrap() {
            let n = t["initiatives"].as_i64().unwrap();
            typed += n;
            let path = format!("/overview/initiatives?scope=city&stage={}&side={}", t["stage"].as_str().unwrap(), t["side"].as_str().unwrap());
            let list = visitor.get(&path).await;
            assert_eq!(list.status, 200);
            assert_eq!(cards(&list.body) as i64, n, "{path}: {}", list.body);
        }
        assert_eq!(typed, all, "the four types hold every initiative");
        for t in o["by_theme"].as_array().unwrap() {
            let path = format!("/overview/initiatives?scope=city&theme={}", t["theme"].as_str().unwrap());
            assert_eq!(cards(&visitor.get(&path).await.body) as i64, t["initiatives"].as_i64().unwrap(), "{path}");
        }
        let frederiksbjerg = o["by_neighbourhood"].as_array().unwrap().iter()
            .find(|n| n["neighbourhood"] == "Frederiksbjerg").unwrap()["initiatives"].as_i64().unwrap();
        let listed = visitor.get("/overview/initiatives?scope=city&neighbourhood=Frederiksbjerg").await.body;
        assert_eq!(cards(&listed) as i64, frederiksbjerg);
        assert!(listed.contains("Frederiksbjerg Spirer"), "{listed}");

        // Partners are counted by arena, citizens never named; organisations by name.
        let arenas: Vec<&str> = o["partners"].as_array().unwrap().iter().map(|a| a["arena"].as_str().unwrap()).collect();
        assert!(arenas.contains(&"citizens") && arenas.contains(&"associations") && arenas.contains(&"businesses"), "{arenas:?}");
        assert!(o["frequent_partners"].as_array().unwrap().iter().all(|p| p["arena"] != "citizens"));

        // What was given in the period, as the records hold it.
        let (from, to) = (o["from"].as_str().unwrap(), o["to"].as_str().unwrap());
        let hours: i64 = crate::support::id_of(&app, &format!(
            "SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM (SELECT unit, amount, given_on FROM contributions \
             UNION ALL SELECT unit, amount, given_on FROM unit_contributions) g \
             WHERE unit = 'hours' AND given_on >= '{from}' AND given_on <= '{to}'")).await;
        let given_hours: i64 = o["given"].as_array().unwrap().iter().filter(|g| g["unit"] == "hours").map(|g| g["amount"].as_i64().unwrap()).sum();
        assert_eq!(given_hours, hours, "{o}");
        assert!(hours > 0, "the demo gave hours this year");

        // The varmestue's initiative, now run by the centre: a colonisation signal, with its reason.
        let taken = o["taken_over"].as_array().unwrap();
        let hjemloese = taken.iter().find(|t| t["title"] == "Hjælp til hjemløse").expect("taken over");
        assert_eq!(hjemloese["owner_name"], "Center for bostøtte i eget hjem");
        assert!(hjemloese["reason"].as_str().unwrap().contains("overtage driften"));
        assert!(page.body.contains("Varmestuen bad centret overtage driften"));

        // An initiative in the idea stage for half a year is stuck, and listed as such.
        let idea = id_of(&app, "SELECT id FROM initiatives WHERE title = 'Grønne gårde og mødesteder på Frederiksbjerg'").await;
        medspil::platform::db::query(format!("UPDATE initiatives SET status_since = status_since - 200 * 86400 WHERE id = {idea}"))
            .execute(app.db.pool()).await.unwrap();
        let o: Value = c.get(app.url("/api/v1/overview")).send().await.unwrap().json().await.unwrap();
        let idea_status = o["by_status"].as_array().unwrap().iter().find(|s| s["status"] == "idea").unwrap().clone();
        assert_eq!(idea_status["stuck"], 1, "{o}");
        let stuck = visitor.get("/overview/initiatives?scope=city&status=idea&stuck=1").await.body;
        assert_eq!(cards(&stuck), 1);
        assert!(stuck.contains("Grønne gårde"), "{stuck}");

        // A period before any of it counts nothing; a date nobody can read is refused.
        let old: Value = c.get(app.url("/api/v1/overview?from=2020-01-01&to=2020-12-31")).send().await.unwrap().json().await.unwrap();
        assert_eq!(old["initiatives"], 0);
        assert_eq!(visitor.get("/overview?from=2020-01-01&to=2020-12-31").await.status, 200);
        assert_eq!(visitor.get("/overview?from=31.02.x").await.status, 400);
        assert_eq!(visitor.get("/overview?scope=team-4").await.status, 404);

        // Each table is a CSV file with the page's figures.
        let csv = c.get(app.url("/overview/csv/typology?scope=city")).send().await.unwrap();
        assert_eq!(csv.status(), 200);
        assert!(csv.headers()["content-type"].to_str().unwrap().starts_with("text/csv"));
        let text = csv.text().await.unwrap();
        assert!(text.starts_with("\u{feff}Fase,Civilt initieret,Kommunalt initieret,I alt\r\n"), "{text}");
        assert_eq!(text.lines().count(), 4, "a head, two stages and the total: {text}");
        assert_eq!(c.get(app.url("/overview/csv/nothing?scope=city")).send().await.unwrap().status(), 404);
    }
}

on_both_engines! {
    async fn a_department_sees_its_units_and_nobody_else_does(app) {
        let msb = id_of(&app, "SELECT id FROM actors WHERE name = 'Sociale Forhold og Beskæftigelse'").await;
        let cbh = id_of(&app, "SELECT id FROM actors WHERE name = 'Center for bostøtte i eget hjem'").await;
        let scope = format!("department-{msb}");

        // Brian works in the department: his overview starts there, with the centre's initiatives.
        let brian = logged_in(&app, "brian@aarhus.dk").await;
        let own = brian.get("/overview").await;
        assert_eq!(own.status, 200);
        assert!(own.body.contains("Overblik: Sociale Forhold og Beskæftigelse"), "{}", own.body);
        let listed = brian.get(&format!("/overview/initiatives?scope={scope}")).await.body;
        for title in ["Madklub", "Besøgshunde", "Hjælp til hjemløse", "Storbylandsbyen"] {
            assert!(listed.contains(title), "{title}: {listed}");
        }
        assert!(!listed.contains("Folkets Møde"), "another department's initiative: {listed}");
        // The network: the department's initiatives and who takes part, each a link, the
        // centre set apart as one of its own units.
        let network = own.body.split("class=\"chart network\"").nth(1).unwrap_or_else(|| panic!("{}", own.body)).split("</figure>").next().unwrap();
        assert!(network.contains(&format!("<a href=\"/actors/{cbh}\"><title>Center for bostøtte i eget hjem</title><circle")), "{network}");
        assert!(network.contains("class=\"ours\"") && network.contains("<title>Social Frivilligforening Aarhus</title>"), "{network}");
        assert!(network.contains("<title>Madklub</title>") && network.contains("<line "), "{network}");
        let unit = brian.get(&format!("/overview?scope=unit-{cbh}")).await;
        assert_eq!(unit.status, 200);
        assert!(unit.body.contains("Overblik: Center for bostøtte i eget hjem"));

        // What others started near the centre's work, that it could back instead: the same theme
        // first (loneliness), never one of its own.
        let c = reqwest::Client::new();
        let token = api_token(&app, "brian@aarhus.dk", "medspil-demo").await;
        let centre: Value = c.get(app.url(&format!("/api/v1/overview?scope=unit-{cbh}"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        let backable: Vec<&str> = centre["supportable"].as_array().unwrap().iter().map(|x| x["title"].as_str().unwrap()).collect();
        assert_eq!(backable.first(), Some(&"Besøgsvenner i plejeboligerne"), "{backable:?}");
        assert!(backable.contains(&"Frederiksbjerg Spirer: grønne mødesteder mellem husene"), "same neighbourhood as the varmestue: {backable:?}");
        assert!(!backable.iter().any(|t| ["Madklub", "Hjælp til hjemløse", "Folkets Møde"].contains(t)), "{backable:?}");
        assert!(unit.body.contains("Hvor kan vi støtte det, der allerede sker?") && unit.body.contains("Besøgsvenner i plejeboligerne"));

        // The same for his API token; a citizen, anonymous or with a token, is refused.
        let o: Value = c.get(app.url(&format!("/api/v1/overview?scope={scope}"))).bearer_auth(&token).send().await.unwrap().json().await.unwrap();
        assert_eq!(o["scope"], scope.as_str());
        assert!(o["initiatives"].as_i64().unwrap() >= 4, "{o}");
        assert!(o["partners"].as_array().unwrap().iter().all(|a| a["arena"] != "us"), "the department's own units are not its partners");
        assert_eq!(c.get(app.url(&format!("/api/v1/overview?scope={scope}"))).send().await.unwrap().status(), 403);
        let jeppe_token = api_token(&app, "jeppe@example.dk", "medspil-demo").await;
        assert_eq!(c.get(app.url(&format!("/api/v1/overview?scope={scope}"))).bearer_auth(&jeppe_token).send().await.unwrap().status(), 403);
        assert_eq!(c.get(app.url("/api/v1/overview")).bearer_auth("not-a-token").send().await.unwrap().status(), 401);
        let jeppe = logged_in(&app, "jeppe@example.dk").await;
        assert_eq!(jeppe.get(&format!("/overview?scope={scope}")).await.status, 403);
        assert_eq!(jeppe.get(&format!("/overview/csv/typology?scope={scope}")).await.status, 403);
        assert!(jeppe.get("/overview").await.body.contains("Overblik: Hele kommunen"), "a citizen starts from the city");
        assert!(!jeppe.get("/overview").await.body.contains(&format!("value=\"{scope}\"")), "nor is offered the department");
    }
}

on_both_engines! {
    async fn what_the_overview_keeps_beside_the_records_agrees_with_them(app) {
        // The demo moved initiatives through their stages, concluded one, let people join and
        // pledge, all through the actions; what the overview keeps must say what the records say.
        let disagreeing = [
            "SELECT COUNT(*) FROM initiatives WHERE (status = 'concluded') <> (concluded_at IS NOT NULL)",
            "SELECT COUNT(*) FROM initiatives i WHERE i.status_since <> COALESCE((SELECT MAX(c.changed_at) \
             FROM initiative_status_changes c WHERE c.initiative_id = i.id), i.created_at)",
            "SELECT COUNT(*) FROM initiative_participants p JOIN actors a ON a.id = p.actor_id WHERE p.actor_kind <> a.kind",
            "SELECT COUNT(*) FROM initiative_participants p JOIN initiatives i ON i.id = p.initiative_id \
             WHERE COALESCE(p.concluded_at, -1) <> COALESCE(i.concluded_at, -1)",
            "SELECT COUNT(*) FROM needs n WHERE COALESCE(n.first_pledged_at, -1) <> \
             COALESCE((SELECT MIN(p.pledged_at) FROM pledges p WHERE p.need_id = n.id), -1)",
        ];
        for sql in disagreeing {
            assert_eq!(id_of(&app, sql).await, 0, "{sql}");
        }
        let concluded = id_of(&app, "SELECT COUNT(*) FROM initiative_participants WHERE concluded_at IS NOT NULL").await;
        assert!(concluded > 0, "Besøgshunde concluded with its partners");
        let pledged = id_of(&app, "SELECT COUNT(*) FROM needs WHERE first_pledged_at IS NOT NULL").await;
        assert!(pledged > 0, "the demo's pledges");

        // A need pledged to through the API is kept as pledged to at once.
        let c = reqwest::Client::new();
        let token = api_token(&app, "sofie@example.dk", "medspil-demo").await;
        let need = id_of(&app, "SELECT id FROM needs WHERE first_pledged_at IS NULL AND status = 'open' ORDER BY id LIMIT 1").await;
        let me = id_of(&app, "SELECT person_id FROM users WHERE email = 'sofie@example.dk'").await;
        let r = c.post(app.url(&format!("/api/v1/needs/{need}/pledges"))).bearer_auth(&token)
            .json(&serde_json::json!({"actor_id": me, "amount": 1, "message": "Jeg kan hjælpe."})).send().await.unwrap();
        assert_eq!(r.status(), 201, "{}", r.text().await.unwrap());
        let kept = id_of(&app, &format!("SELECT COUNT(*) FROM needs WHERE id = {need} AND first_pledged_at IS NOT NULL")).await;
        assert_eq!(kept, 1);
    }
}
