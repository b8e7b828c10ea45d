//! Runtime configuration: flags with environment fallbacks, validated once at start.

use std::net::SocketAddr;

#[derive(Clone, Debug, clap::Args)]
pub struct Config {
    /// Address to listen on.
    #[arg(
        long,
        global = true,
        env = "MEDSPIL_ADDR",
        default_value = "127.0.0.1:8080"
    )]
    pub addr: SocketAddr,

    /// Database URL: `sqlite://FILE` (embedded, the default) or `postgres://…`.
    #[arg(
        long,
        global = true,
        env = "MEDSPIL_DATABASE_URL",
        default_value = "sqlite://medspil.db"
    )]
    pub database_url: String,

    /// The URL people use to reach this server; an `https://` URL turns on secure cookies.
    #[arg(long, global = true, env = "MEDSPIL_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Database connections: on PostgreSQL the most this process opens (default 16); on SQLite
    /// how many idle reading connections it keeps (default 4) beside its one writing connection.
    #[arg(long, global = true, env = "MEDSPIL_DB_MAX_CONNECTIONS")]
    pub db_max_connections: Option<u32>,

    /// How long, in milliseconds, a node may answer anonymous requests for the same public page
    /// from memory (0 turns the micro-cache off).
    #[arg(
        long,
        global = true,
        env = "MEDSPIL_PAGE_CACHE_MS",
        default_value_t = 1000
    )]
    pub page_cache_ms: u64,

    /// Who is responsible for the personal data Medspil holds (the data controller), as the
    /// privacy page names it.
    #[arg(
        long,
        global = true,
        env = "MEDSPIL_DATA_CONTROLLER",
        default_value = "Aarhus Kommune, Rådhuspladsen 2, 8000 Aarhus C"
    )]
    pub data_controller: String,

    /// Where people write about their personal data (the data protection officer).
    #[arg(
        long,
        global = true,
        env = "MEDSPIL_PRIVACY_CONTACT",
        default_value = "databeskyttelse@aarhus.dk"
    )]
    pub privacy_contact: String,

    /// After how many days without a login an account is erased (its owner is warned by mail
    /// 30 days before); 0 keeps unused accounts.
    #[arg(
        long,
        global = true,
        env = "MEDSPIL_ERASE_INACTIVE_AFTER_DAYS",
        default_value_t = 1095
    )]
    pub erase_inactive_after_days: i64,

    /// For how many days after a tip is closed its anonymous reporter's name and e-mail are kept.
    #[arg(
        long,
        global = true,
        env = "MEDSPIL_TIP_REPORTER_DAYS",
        default_value_t = 90
    )]
    pub tip_reporter_days: i64,

    /// Days after a workshop ended that the e-mail addresses its participants gave without an
    /// account are kept, to tell them what became of their ideas.
    #[arg(
        long,
        global = true,
        env = "MEDSPIL_WORKSHOP_EMAIL_DAYS",
        default_value_t = 365
    )]
    pub workshop_email_days: i64,

    /// Where e-mail is sent: `smtp://host:25`, `smtp://user:password@host:587?tls=required`
    /// (STARTTLS) or `smtps://user:password@host:465` (TLS). Without it, mail waits in the
    /// outbox until a node with it runs.
    #[arg(long, global = true, env = "MEDSPIL_SMTP_URL")]
    pub smtp_url: Option<String>,

    /// The sender of e-mail.
    #[arg(
        long,
        global = true,
        env = "MEDSPIL_MAIL_FROM",
        default_value = "Medspil <noreply@medspil.local>"
    )]
    pub mail_from: String,

    /// How often, in milliseconds, the mail worker looks for mail to send.
    #[arg(
        long,
        global = true,
        env = "MEDSPIL_MAIL_POLL_MS",
        default_value_t = 5000
    )]
    pub mail_poll_ms: u64,

    /// The hour (Copenhagen time) after which the day's digests are sent.
    #[arg(long, global = true, env = "MEDSPIL_DIGEST_HOUR", default_value_t = 7)]
    pub digest_hour: i8,

    /// The municipality's area as "south,west,north,east" in WGS84 degrees: tips outside it are
    /// refused, and maps open on it. The default is Aarhus Kommune.
    #[arg(
        long,
        global = true,
        env = "MEDSPIL_AREA",
        default_value = "55.99,9.95,56.33,10.42",
        value_parser = crate::platform::geo::Area::parse
    )]
    pub area: crate::platform::geo::Area,

    /// Map tiles as a URL template with {z}, {x} and {y}, e.g.
    /// `https://tile.openstreetmap.org/{z}/{x}/{y}.png`. Without it, maps show their places on a
    /// plain background beside the list.
    #[arg(long, global = true, env = "MEDSPIL_MAP_TILES")]
    pub map_tiles: Option<String>,

    /// The attribution the tile provider asks for, shown under every map.
    #[arg(
        long,
        global = true,
        env = "MEDSPIL_MAP_ATTRIBUTION",
        default_value = "© OpenStreetMap"
    )]
    pub map_attribution: String,

    /// How many tips one client may report without logging in, per hour.
    #[arg(
        long,
        global = true,
        env = "MEDSPIL_ANONYMOUS_TIPS_PER_HOUR",
        default_value_t = 10
    )]
    pub anonymous_tips_per_hour: i64,

    /// Set when a reverse proxy stands in front: the client is then the last address in
    /// `X-Forwarded-For`, not the proxy.
    #[arg(long, global = true, env = "MEDSPIL_BEHIND_PROXY")]
    pub behind_proxy: bool,

    /// The Open311 jurisdiction this server answers for.
    #[arg(
        long,
        global = true,
        env = "MEDSPIL_OPEN311_JURISDICTION",
        default_value = "aarhus.dk"
    )]
    pub open311_jurisdiction: String,

    /// A secret that lets Prometheus read `/metrics` from another machine (as a bearer token).
    /// Without it, only a scraper on this machine may read them.
    #[arg(
        long,
        global = true,
        env = "MEDSPIL_METRICS_TOKEN",
        hide_env_values = true
    )]
    pub metrics_token: Option<String>,

    /// An OpenID Connect provider's setting, `NAME.KEY=VALUE` (repeat the flag for each), also
    /// read from environment variables `MEDSPIL_OIDC_<NAME>_<KEY>`; see the README.
    #[arg(long = "oidc", global = true, value_parser = crate::platform::oidc::Setting::parse)]
    pub oidc: Vec<crate::platform::oidc::Setting>,

    /// The least assurance a login needs for a step, `STEP=LEVEL` (repeatable, or
    /// comma-separated in the environment): steps `accept_for_organisation`, `apply_for_grant`,
    /// `handle_case`; levels `low`, `substantial`, `high`.
    #[arg(
        long = "require-assurance",
        global = true,
        env = "MEDSPIL_REQUIRE_ASSURANCE",
        value_delimiter = ',',
        value_parser = crate::platform::auth::StepAssurance::parse
    )]
    pub require_assurance: Vec<(
        crate::platform::auth::Step,
        crate::platform::auth::Assurance,
    )>,

    /// Log format: `text` or `json`.
    #[arg(
        long,
        global = true,
        env = "MEDSPIL_LOG_FORMAT",
        default_value = "text"
    )]
    pub log_format: String,
}

impl Config {
    /// Configuration for a server on `addr` backed by `database_url`, everything else default.
    pub fn new(addr: SocketAddr, database_url: impl Into<String>) -> Self {
        Self {
            addr,
            database_url: database_url.into(),
            public_url: None,
            db_max_connections: None,
            page_cache_ms: 0,
            smtp_url: None,
            data_controller: "Aarhus Kommune, Rådhuspladsen 2, 8000 Aarhus C".into(),
            privacy_contact: "databeskyttelse@aarhus.dk".into(),
            erase_inactive_after_days: 1095,
            tip_reporter_days: 90,
            workshop_email_days: 365,
            mail_from: "Medspil <noreply@medspil.local>".into(),
            mail_poll_ms: 5000,
            digest_hour: 7,
            log_format: "text".into(),
            area: crate::platform::geo::Area {
                south: 55.99,
                west: 9.95,
                north: 56.33,
                east: 10.42,
            },
            map_tiles: None,
            map_attribution: "© OpenStreetMap".into(),
            anonymous_tips_per_hour: 10,
            behind_proxy: false,
            open311_jurisdiction: "aarhus.dk".into(),
            metrics_token: None,
            oidc: Vec::new(),
            require_assurance: Vec::new(),
        }
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }

    /// The OpenID providers configured, or what is wrong with their settings.
    pub fn login_providers(&self) -> Result<Vec<crate::platform::oidc::ProviderConfig>, String> {
        crate::platform::oidc::settings::providers(&self.oidc)
    }

    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.addr))
    }
}
