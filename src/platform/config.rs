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

    /// Largest number of database connections this process opens (default: 4 on SQLite, whose
    /// connections each run on a thread of their own, 16 on PostgreSQL).
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
            log_format: "text".into(),
        }
    }

    pub fn secure_cookies(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.starts_with("https://"))
    }

    pub fn public_url(&self) -> String {
        self.public_url
            .clone()
            .unwrap_or_else(|| format!("http://{}", self.addr))
    }
}
