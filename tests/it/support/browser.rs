//! A browser-like HTTP client: cookies, the CSRF token of the page a form is on, redirects
//! read rather than followed.

use medspil::platform::db::{self, Db};

/// One visitor: their own cookie jar, on one server.
pub struct Browser {
    pub client: reqwest::Client,
    pub(super) base: String,
    pub(super) db: Db,
}

/// A response as a page: its status, where it redirects, its body.
pub struct Page {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
}

impl Page {
    /// The CSRF token of the first form on the page.
    pub fn csrf(&self) -> String {
        let marker = "name=\"csrf\" value=\"";
        let start = self
            .body
            .find(marker)
            .expect("page has a form with a CSRF token")
            + marker.len();
        self.body[start..start + 64].to_string()
    }
}

impl Browser {
    pub async fn get(&self, path: &str) -> Page {
        let r = self
            .client
            .get(format!("{}{}", self.base, path))
            .send()
            .await
            .expect("GET");
        Self::page(r).await
    }

    pub async fn post(&self, path: &str, form: &[(&str, &str)]) -> Page {
        let r = self
            .client
            .post(format!("{}{}", self.base, path))
            .form(form)
            .send()
            .await
            .expect("POST");
        Self::page(r).await
    }

    /// Posts a form the way a browser does after loading the page it is on: with its token.
    pub async fn submit(&self, page_path: &str, action: &str, form: &[(&str, &str)]) -> Page {
        let csrf = self.get(page_path).await.csrf();
        let mut fields: Vec<(&str, &str)> = vec![("csrf", &csrf)];
        fields.extend_from_slice(form);
        self.post(action, &fields).await
    }

    async fn page(r: reqwest::Response) -> Page {
        let status = r.status().as_u16();
        let location = r
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(String::from);
        Page {
            status,
            location,
            body: r.text().await.expect("body"),
        }
    }

    /// Registers and follows the confirmation link from the mail, as a newcomer does: the
    /// answer sends them to their profile, logged in.
    pub async fn register(&self, name: &str, email: &str) -> Page {
        let registered = self
            .submit(
                "/register",
                "/register",
                &[
                    ("name", name),
                    ("email", email),
                    ("password", "en lang adgangskode"),
                ],
            )
            .await;
        assert_eq!(
            registered.location.as_deref(),
            Some("/register/sent"),
            "{}",
            registered.body
        );
        let link = self
            .link_mailed_to(&email.trim().to_lowercase(), "/account/confirm/")
            .await;
        self.submit(&link, &link, &[]).await
    }

    /// The path of the newest link starting with `prefix` mailed to `address` (from the
    /// outbox, where every mail waits for the mail worker).
    pub async fn link_mailed_to(&self, address: &str, prefix: &str) -> String {
        let bodies: Vec<String> =
            db::query_scalar("SELECT body FROM mail_outbox WHERE to_address = $1 ORDER BY id DESC")
                .bind(address)
                .fetch_all(self.db.pool())
                .await
                .expect("outbox");
        let marker = format!("{{base}}{prefix}");
        bodies
            .iter()
            .find_map(|body| {
                let start = body.find(&marker)? + "{base}".len();
                let end = body[start..]
                    .find(char::is_whitespace)
                    .map_or(body.len(), |n| start + n);
                Some(body[start..end].to_string())
            })
            .unwrap_or_else(|| panic!("no {prefix} link was mailed to {address}: {bodies:?}"))
    }

    pub async fn login(&self, email: &str, password: &str) -> Page {
        self.submit(
            "/login",
            "/login",
            &[("email", email), ("password", password), ("next", "/")],
        )
        .await
    }
}
