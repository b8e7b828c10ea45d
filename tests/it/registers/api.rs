//! The register through the JSON API: the same people read and are refused as on the pages,
//! every look and refused attempt is logged, access is granted for a purpose and a period, and
//! a person reads their own entries and asks; the board answers once.

use crate::on_both_engines;
use crate::support::{DEMO_PASSWORD, api_token, id_of, send, value_of};
use serde_json::{Value, json};

on_both_engines! {
    async fn the_register_through_the_api_refuses_whoever_is_not_the_board_or_granted(app) {
        let social = id_of(&app, "SELECT id FROM actors WHERE name = 'Social Frivilligforening Aarhus'").await;
        let entry = id_of(&app, "SELECT id FROM register_entries WHERE email = 'liselotte@example.dk'").await;
        let token = |who: &'static str| api_token(&app, who, DEMO_PASSWORD);
        let (hanne, liselotte, brian, admin) = (
            token("formand@socialfrivillig.dk").await,
            token("liselotte@example.dk").await,
            token("brian@aarhus.dk").await,
            token("admin@medspil.dk").await,
        );
        let register = format!("/api/v1/associations/{social}/register");
        let one = format!("/api/v1/register/{entry}");
        let log = format!("{register}/log");
        let grants = format!("{register}/grants");

        // Without a token, nothing; outside the board, refused on every route, and logged.
        for path in [&register, &one, &log] {
            assert_eq!(send(&app, "GET", path, None, Value::Null).await.0, 401, "{path}");
            for outsider in [&brian, &admin] {
                let (status, body) = send(&app, "GET", path, Some(outsider), Value::Null).await;
                assert_eq!(status, 403, "{path}: {body}");
            }
        }
        let until = (medspil::platform::time::today() + jiff::Span::new().days(30)).to_string();
        let grant = json!({"email": "brian@aarhus.dk", "purpose": "Matche besøgsvenner", "until": until});
        assert_eq!(send(&app, "POST", &grants, Some(&brian), grant.clone()).await.0, 403);
        assert_eq!(send(&app, "GET", &register, Some(&liselotte), Value::Null).await.0, 403, "a member is not the board");

        // The board reads it all.
        let (status, read) = send(&app, "GET", &register, Some(&hanne), Value::Null).await;
        assert_eq!(status, 200, "{read}");
        assert_eq!(read["under_grant"], false);
        assert_eq!(read["people"].as_array().unwrap().len(), 40);
        assert!(read["purposes"].as_array().unwrap().iter().any(|p| p["legal_basis"] == "consent"));

        // A grant needs an account, a purpose and an end within a season.
        let (status, body) = send(&app, "POST", &grants, Some(&hanne), json!({"email": "nobody@example.dk", "purpose": "x", "until": until})).await;
        assert_eq!((status, body["error"]["code"].as_str()), (409, Some("register_unknown_person")), "{body}");
        let (status, body) = send(&app, "POST", &grants, Some(&hanne), json!({"email": "brian@aarhus.dk", "purpose": " ", "until": "2099-01-01"})).await;
        assert_eq!(status, 422, "{body}");
        let (status, body) = send(&app, "POST", &grants, Some(&hanne), grant).await;
        assert_eq!(status, 201, "{body}");
        let (status, read) = send(&app, "GET", &register, Some(&brian), Value::Null).await;
        assert_eq!((status, read["under_grant"].as_bool()), (200, Some(true)), "{read}");
        assert_eq!(send(&app, "GET", &one, Some(&brian), Value::Null).await.0, 200);
        assert_eq!(send(&app, "GET", &log, Some(&brian), Value::Null).await.0, 403, "a grantee reads, the board keeps the log");

        // The board's log holds the grantee's looks and the administrator's refused attempts.
        let (_, looks) = send(&app, "GET", &log, Some(&hanne), Value::Null).await;
        let looks = looks.as_array().unwrap();
        assert!(looks.iter().any(|l| l["name"] == "Brian Kristensen" && l["under_grant"] == true && l["reason"] == "entry"), "{looks:?}");
        assert!(looks.iter().any(|l| l["name"] == "Platformadministrator" && l["reason"] == "refused"), "{looks:?}");

        // The board ends the grant before its day; the grantee cannot.
        let grant_id: i64 = value_of(&app, "SELECT MAX(id) FROM register_grants").await;
        let end = format!("{grants}/{grant_id}/end");
        assert_eq!(send(&app, "POST", &end, Some(&brian), Value::Null).await.0, 403);
        assert_eq!(send(&app, "POST", &end, Some(&hanne), Value::Null).await.0, 204);
        assert_eq!(send(&app, "GET", &register, Some(&brian), Value::Null).await.0, 403, "the grant has ended");
        assert_eq!(send(&app, "POST", &end, Some(&hanne), Value::Null).await.0, 204, "an ended grant stays ended");
        assert_eq!(send(&app, "POST", &format!("{grants}/999999/end"), Some(&hanne), Value::Null).await.0, 404);

        // Liselotte reads her own entries with who looked, and asks; only she may.
        let (status, mine) = send(&app, "GET", "/api/v1/account/register", Some(&liselotte), Value::Null).await;
        assert_eq!(status, 200, "{mine}");
        assert_eq!(mine[0]["association"], "Social Frivilligforening Aarhus");
        assert!(mine[0]["looks"].as_array().unwrap().iter().any(|l| l["name"] == "Brian Kristensen"), "{mine}");
        assert_eq!(mine[0]["requests"][0]["kind"], "correct", "the demo's request: {mine}");
        let requests = format!("{one}/requests");
        assert_eq!(send(&app, "POST", &requests, Some(&hanne), json!({"kind": "erase"})).await.0, 403);
        let (status, body) = send(&app, "POST", &requests, Some(&liselotte), json!({"kind": "correct"})).await;
        assert_eq!(status, 422, "a correction says what: {body}");
        let (status, asked) = send(&app, "POST", &requests, Some(&liselotte), json!({"kind": "erase"})).await;
        assert_eq!(status, 201, "{asked}");
        assert_eq!(asked["due_on"], medspil::registers::rights::answer_by(medspil::platform::time::today()).to_string());

        // The board answers once; nobody else answers.
        let answer = format!("/api/v1/register/requests/{}/answer", asked["id"]);
        assert_eq!(send(&app, "POST", &answer, Some(&brian), json!({"outcome": "done"})).await.0, 403);
        let (status, body) = send(&app, "POST", &answer, Some(&hanne), json!({"outcome": "refused"})).await;
        assert_eq!(status, 422, "a refusal gives its reason: {body}");
        let (status, answered) = send(&app, "POST", &answer, Some(&hanne), json!({"outcome": "done"})).await;
        assert_eq!((status, answered["outcome"].as_str()), (200, Some("done")), "{answered}");
        let (status, body) = send(&app, "POST", &answer, Some(&hanne), json!({"outcome": "done"})).await;
        assert_eq!((status, body["error"]["code"].as_str()), (409, Some("register_request_answered")), "{body}");
        let name: String = value_of(&app, &format!("SELECT name FROM register_entries WHERE id = {entry}")).await;
        assert_eq!(name, "", "the erasure made her anonymous");
        let (_, mine) = send(&app, "GET", "/api/v1/account/register", Some(&liselotte), Value::Null).await;
        assert_eq!(mine, json!([]));
    }
}
