//! The `medspil` command: serve (default), migrate, demo, backup, restore, addresses,
//! open311-key.

use crate::platform::config::Config;
use crate::platform::db::Engine;
use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "medspil",
    version,
    about = "Medspil: co-creation between citizens and the municipality"
)]
struct Cli {
    #[command(flatten)]
    config: Config,
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (the default). A new database is migrated and given demo data.
    Serve {
        /// Do not load demo data into a new, empty database.
        #[arg(long)]
        no_demo: bool,
    },
    /// Apply pending database migrations and exit.
    Migrate,
    /// Load the demo data (if the database is empty) and, with --scale, synthetic initiatives,
    /// offers and needs.
    Demo {
        /// Add this many synthetic initiatives, with actors, for benchmarks.
        #[arg(long, default_value_t = 0)]
        scale: u32,
        /// Add this many synthetic tips, for benchmarks.
        #[arg(long, default_value_t = 0)]
        tips: u32,
    },
    /// Write a consistent copy of the SQLite database to FILE while Medspil serves. (PostgreSQL:
    /// use pg_dump or continuous archiving, see the README.)
    Backup {
        /// Where the copy goes; it must not exist yet.
        file: std::path::PathBuf,
    },
    /// Put a backup made by `medspil backup` in place of the SQLite database, after checking
    /// that it is whole and sound; then bring it up to this version. Stop the server first.
    Restore {
        file: std::path::PathBuf,
        /// Replace a database that holds data already.
        #[arg(long)]
        replace: bool,
    },
    /// The official address register.
    Addresses {
        #[command(subcommand)]
        action: AddressAction,
    },
    /// Keys of the systems that post tips through Open311.
    #[command(name = "open311-key")]
    Open311Key {
        #[command(subcommand)]
        action: KeyAction,
    },
}

#[derive(Subcommand)]
enum AddressAction {
    /// Replace the address register with the access addresses in FILE: DAWA's CSV of access
    /// addresses (or of addresses) or Datafordeler's DAR extract (JSON), told apart by their
    /// first bytes. All or nothing: a file that cannot be read leaves the register as it was.
    Import {
        /// The file, e.g. adgangsadresser.csv or DAR_Totaludtraek.json.
        file: std::path::PathBuf,
    },
}

#[derive(Subcommand)]
enum KeyAction {
    /// Issue a key and print it (only a hash is kept, so it is shown this once).
    Create {
        /// Who the key is for, e.g. "BorgerTIP app".
        #[arg(long)]
        name: String,
    },
    /// Revoke a key by its number (see the admin page /admin/open311-keys).
    Revoke {
        #[arg(long)]
        id: i64,
    },
}

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    init_logging(&cli.config.log_format);
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("medspil: cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "medspil stopped");
            eprintln!("medspil: {e}");
            ExitCode::FAILURE
        }
    }
}

fn init_logging(format: &str) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("MEDSPIL_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    // Colours only for a person at a terminal, never into a file or a log collector.
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_writer(std::io::stderr);
    if format == "json" {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    let mut config = cli.config;
    // Providers' settings from the environment first, so that flags given after win.
    let flags = std::mem::take(&mut config.oidc);
    config.oidc = crate::platform::oidc::settings::from_env(std::env::vars());
    config.oidc.extend(flags);
    config
        .login_providers()
        .map_err(|e| format!("OpenID provider settings: {e}"))?;
    match cli.command.unwrap_or(Command::Serve { no_demo: false }) {
        Command::Migrate => {
            crate::open_database(&config).await?;
            println!("Database is up to date.");
        }
        Command::Demo { scale, tips } => {
            let db = crate::open_database(&config).await?;
            if db.is_empty().await? {
                crate::demo::load(&db).await?;
                println!("Demo data loaded.");
            }
            if scale > 0 {
                let started = std::time::Instant::now();
                crate::demo::load_scale(&db, scale).await?;
                println!(
                    "{scale} synthetic initiatives and offers, and {} needs, added in {:.1?}.",
                    scale / 2,
                    started.elapsed()
                );
            }
            if tips > 0 {
                let started = std::time::Instant::now();
                crate::demo::load_tips(&db, tips).await?;
                println!("{tips} synthetic tips added in {:.1?}.", started.elapsed());
            }
        }
        Command::Backup { file } => {
            if file.exists() {
                return Err(format!("{} exists already; choose a new file", file.display()).into());
            }
            let db = crate::open_database(&config).await?;
            let started = std::time::Instant::now();
            db.backup(&file.to_string_lossy()).await?;
            let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
            println!(
                "Backed up to {} ({:.1} MB) in {:.1?}.",
                file.display(),
                size as f64 / 1e6,
                started.elapsed()
            );
        }
        Command::Restore { file, replace } => {
            if !file.is_file() {
                return Err(format!("{}: no such backup", file.display()).into());
            }
            let db = crate::open_database(&config).await?;
            if !replace && !db.is_empty().await? {
                return Err("the database holds data already; give --replace to put the backup in its place".into());
            }
            db.restore(&file.to_string_lossy()).await?;
            println!(
                "Restored {}: the database is now the backup.",
                file.display()
            );
        }
        Command::Addresses {
            action: AddressAction::Import { file },
        } => {
            let db = crate::open_database(&config).await?;
            let started = std::time::Instant::now();
            let on_terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
            let done = crate::addresses::actions::import_file(&db, &file, on_terminal).await?;
            let seconds = started.elapsed().as_secs_f64();
            println!(
                "{} access addresses imported from {} ({}) in {seconds:.1} s, {:.0} a second; \
                 {} records not in use left out; {} addresses replaced.",
                done.addresses,
                file.display(),
                done.format.name(),
                done.addresses as f64 / seconds.max(0.001),
                done.skipped,
                done.replaced,
            );
        }
        Command::Open311Key { action } => {
            let db = crate::open_database(&config).await?;
            match action {
                KeyAction::Create { name } => {
                    let mut name = name;
                    let mut problems = crate::platform::error::FieldErrors::new();
                    crate::platform::input::check_text(&mut problems, "name", &mut name, true, 100);
                    if let Some(problem) = problems.get("name") {
                        return Err(format!("--name: {problem:?}").into());
                    }
                    let (id, key) = crate::tips::actions::issue_key(&db, None, &name).await?;
                    eprintln!("Open311 key {id} for {name:?} (shown only now):");
                    println!("{key}");
                }
                KeyAction::Revoke { id } => {
                    if !crate::tips::actions::revoke_key(&db, None, id).await? {
                        return Err(format!("no key {id} that is not revoked already").into());
                    }
                    println!("Open311 key {id} is revoked.");
                }
            }
        }
        Command::Serve { no_demo } => {
            let db = crate::open_database(&config).await?;
            // Demo data, with its well-known passwords, comes by itself only into a new embedded
            // database that is not served publicly; anywhere else `medspil demo` must be asked for.
            let embedded_trial = db.engine() == Engine::Sqlite && !config.secure_cookies();
            if !no_demo && embedded_trial && db.is_empty().await? {
                crate::demo::load(&db).await?;
                tracing::info!("demo data loaded into the new database");
            }
            let listener = tokio::net::TcpListener::bind(config.addr).await?;
            let url = config.public_url.clone().unwrap_or_else(|| {
                format!(
                    "http://{}",
                    listener
                        .local_addr()
                        .map(|a| a.to_string())
                        .unwrap_or_default()
                )
            });
            println!("Medspil is running on {url}");
            if crate::demo::is_loaded(&db).await? {
                println!("Demo logins (password \"{}\"):", crate::demo::PASSWORD);
                for (email, who) in crate::demo::logins() {
                    println!("  {email:<28} {who}");
                }
            }
            tracing::info!(%url, database = %redact(&config.database_url), "listening");
            crate::serve(db, config, listener, shutdown_signal()).await?;
            tracing::info!("stopped");
        }
    }
    Ok(())
}

/// The database URL without its password, for logs.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://…{}", &url[..scheme], &url[at..]),
        _ => url.to_string(),
    }
}

/// Resolves on SIGTERM or Ctrl-C; requests in flight are finished before the process exits.
async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
    tracing::info!("shutdown requested; finishing requests in flight");
}
