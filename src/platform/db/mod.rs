//! The database: SQLite (embedded) or PostgreSQL, chosen by URL at start, behind one way of
//! asking.
//!
//! Queries are written once in SQL both engines accept (`$1` placeholders, `RETURNING`,
//! `ON CONFLICT`, `BIGINT`/`TEXT`/`DOUBLE PRECISION` columns, flags as 0 or 1) and run with
//! [`query`], [`query_as`] or [`query_scalar`] on the pool ([`Db::pool`]) or in a transaction
//! ([`Db::begin`]). Every place the engines really differ is in this folder: connection setup
//! and how statements run (`sqlite.rs`, `postgres.rs`), how a write transaction starts, the
//! column type of generated ids, and how migrations are serialised across nodes.

mod lists;
mod postgres;
mod sqlite;
mod value;

pub use lists::*;
pub use value::{Bind, Decode, Error, FromRow, Kind, Row, Value};

use std::borrow::Cow;
use std::cell::Cell;
use std::ops::{Deref, DerefMut};
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// The database: a handle, cheap to clone, on the pool of its engine.
#[derive(Clone)]
pub struct Db {
    pool: Arc<Pool>,
}

/// The connections of one engine.
pub enum Pool {
    Sqlite(sqlite::Pool),
    Postgres(postgres::Pool),
}

/// How many connections a pool has: open, idle, and the most it keeps.
pub struct PoolUse {
    pub open: usize,
    pub idle: usize,
    pub max: usize,
}

/// Versioned migrations, applied in order. Each file is shared by both engines; the little that
/// differs is written as `{{ID}}`, `{{WITHOUT_ROWID}}`, `{{BYTEWISE}}`, `{{BLOB}}` or
/// `{{APPEND_ONLY table}}` and filled in by [`Engine::dialect`].
const MIGRATIONS: &[(i64, &str, &str)] = &[
    (
        1,
        "foundation",
        include_str!("../../../migrations/0001_foundation.sql"),
    ),
    (
        2,
        "mobilisation",
        include_str!("../../../migrations/0002_mobilisation.sql"),
    ),
    (
        3,
        "following",
        include_str!("../../../migrations/0003_following.sql"),
    ),
    (
        4,
        "events",
        include_str!("../../../migrations/0004_events.sql"),
    ),
    (
        5,
        "spaces",
        include_str!("../../../migrations/0005_spaces.sql"),
    ),
    (
        6,
        "requests",
        include_str!("../../../migrations/0006_requests.sql"),
    ),
    (
        7,
        "agreements",
        include_str!("../../../migrations/0007_agreements.sql"),
    ),
    (
        8,
        "request_documents",
        include_str!("../../../migrations/0008_request_documents.sql"),
    ),
    (9, "tips", include_str!("../../../migrations/0009_tips.sql")),
    (
        10,
        "list_indexes",
        include_str!("../../../migrations/0010_list_indexes.sql"),
    ),
    (
        11,
        "notice_fanouts",
        include_str!("../../../migrations/0011_notice_fanouts.sql"),
    ),
    (
        12,
        "ranked_terms",
        include_str!("../../../migrations/0012_ranked_terms.sql"),
    ),
    (
        13,
        "evaluation",
        include_str!("../../../migrations/0013_evaluation.sql"),
    ),
    (
        14,
        "measurement_provenance",
        include_str!("../../../migrations/0014_measurement_provenance.sql"),
    ),
    (
        15,
        "contribution_plausibility",
        include_str!("../../../migrations/0015_contribution_plausibility.sql"),
    ),
    (
        16,
        "surveys",
        include_str!("../../../migrations/0016_surveys.sql"),
    ),
    (
        17,
        "learning_notes",
        include_str!("../../../migrations/0017_learning_notes.sql"),
    ),
    (
        18,
        "measurement_documents",
        include_str!("../../../migrations/0018_measurement_documents.sql"),
    ),
    (
        19,
        "overview",
        include_str!("../../../migrations/0019_overview.sql"),
    ),
    (
        20,
        "proposals",
        include_str!("../../../migrations/0020_proposals.sql"),
    ),
    (
        21,
        "account life",
        include_str!("../../../migrations/0021_account_life.sql"),
    ),
    (
        22,
        "audit log",
        include_str!("../../../migrations/0022_audit_log.sql"),
    ),
    (
        23,
        "erasure",
        include_str!("../../../migrations/0023_erasure.sql"),
    ),
    (
        24,
        "retention",
        include_str!("../../../migrations/0024_retention.sql"),
    ),
    (
        25,
        "moderation",
        include_str!("../../../migrations/0025_moderation.sql"),
    ),
    (
        26,
        "link passwords",
        include_str!("../../../migrations/0026_link_passwords.sql"),
    ),
    (
        27,
        "logins",
        include_str!("../../../migrations/0027_logins.sql"),
    ),
    (
        28,
        "workshops",
        include_str!("../../../migrations/0028_workshops.sql"),
    ),
    (
        29,
        "debate",
        include_str!("../../../migrations/0029_debate.sql"),
    ),
    (
        30,
        "idea_thread_search",
        include_str!("../../../migrations/0030_idea_thread_search.sql"),
    ),
    (
        31,
        "idea_split",
        include_str!("../../../migrations/0031_idea_split.sql"),
    ),
    (
        32,
        "parked_idea_reminders",
        include_str!("../../../migrations/0032_parked_idea_reminders.sql"),
    ),
    (
        33,
        "workshop_events",
        include_str!("../../../migrations/0033_workshop_events.sql"),
    ),
];

impl Engine {
    /// A column written so that no index serves a comparison with it, for a range known to
    /// hold most rows. SQLite's planner cannot weigh a range by its bound values and must be
    /// told (a unary plus); PostgreSQL's weighs it from its statistics, which only the plain
    /// column has.
    pub fn unindexed(self, column: &str) -> String {
        match self {
            Engine::Sqlite => format!("+{column}"),
            Engine::Postgres => column.to_string(),
        }
    }

    pub fn from_url(url: &str) -> Result<Engine, Error> {
        if url.starts_with("sqlite:") {
            Ok(Engine::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Engine::Postgres)
        } else {
            Err(Error::Connection(format!(
                "unsupported database URL (use sqlite:// or postgres://): {url}"
            )))
        }
    }

    fn dialect(self, sql: &str) -> String {
        let (id, without_rowid, bytewise, blob) = match self {
            Engine::Sqlite => (
                "INTEGER PRIMARY KEY AUTOINCREMENT",
                " WITHOUT ROWID",
                "",
                "BLOB",
            ),
            Engine::Postgres => (
                "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
                "",
                " COLLATE \"C\"",
                "BYTEA",
            ),
        };
        let sql = sql
            .replace("{{ID}}", id)
            .replace("{{WITHOUT_ROWID}}", without_rowid)
            .replace("{{BYTEWISE}}", bytewise)
            .replace("{{BLOB}}", blob);
        self.append_only(&sql)
    }

    /// `{{APPEND_ONLY table}}`: triggers by which the database refuses to change or delete any
    /// row of the table.
    fn append_only(self, sql: &str) -> String {
        let mut out = sql.to_string();
        while let Some(start) = out.find("{{APPEND_ONLY ") {
            let Some(len) = out[start..].find("}}") else {
                break;
            };
            let table = out[start + "{{APPEND_ONLY ".len()..start + len]
                .trim()
                .to_string();
            let triggers = match self {
                Engine::Sqlite => format!(
                    "CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} \
                     BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;\n\
                     CREATE TRIGGER {table}_no_delete BEFORE DELETE ON {table} \
                     BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END;"
                ),
                Engine::Postgres => format!(
                    "CREATE FUNCTION {table}_append_only() RETURNS trigger LANGUAGE plpgsql AS \
                     $$ BEGIN RAISE EXCEPTION '{table} is append-only'; END $$;\n\
                     CREATE TRIGGER {table}_no_change BEFORE UPDATE OR DELETE ON {table} \
                     FOR EACH ROW EXECUTE FUNCTION {table}_append_only();"
                ),
            };
            out.replace_range(start..start + len + 2, &triggers);
        }
        out
    }
}

impl Db {
    /// Opens the database a URL names. `max_connections` is the size of PostgreSQL's pool
    /// (16 by default) and the number of idle reader connections SQLite keeps (4).
    pub async fn connect(url: &str, max_connections: Option<u32>) -> Result<Db, Error> {
        let engine = Engine::from_url(url)?;
        let max = |default: u32| max_connections.unwrap_or(default).max(1) as usize;
        let pool = match engine {
            Engine::Sqlite => Pool::Sqlite(sqlite::Pool::open(url, max(4))?),
            Engine::Postgres => {
                let pool = postgres::Pool::open(url, max(16))?;
                // Connect now, so a wrong URL fails at start rather than at the first request.
                pool.run("SELECT 1", &[], &[], Want::Affected).await?;
                Pool::Postgres(pool)
            }
        };
        Ok(Db {
            pool: Arc::new(pool),
        })
    }

    /// Where a statement runs outside a transaction.
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    pub fn engine(&self) -> Engine {
        match *self.pool {
            Pool::Sqlite(_) => Engine::Sqlite,
            Pool::Postgres(_) => Engine::Postgres,
        }
    }

    /// A transaction that will write: on SQLite it holds the write lock from its first statement.
    pub async fn begin(&self) -> Result<Tx, Error> {
        let conn = match &*self.pool {
            Pool::Sqlite(p) => Conn::Sqlite(p.begin().await?),
            Pool::Postgres(p) => Conn::Postgres(Box::new(p.begin().await?)),
        };
        Ok(Tx { conn: Some(conn) })
    }

    pub async fn ping(&self) -> Result<(), Error> {
        query("SELECT 1").execute(self.pool()).await.map(|_| ())
    }

    /// The pool's connections now, for the metrics.
    pub fn pool_use(&self) -> PoolUse {
        match &*self.pool {
            Pool::Sqlite(p) => {
                // The writing connection counts as in use: it is never idle for a reader.
                let (reading, idle, kept) = p.readers();
                PoolUse {
                    open: reading + idle + 1,
                    idle,
                    max: kept + 1,
                }
            }
            Pool::Postgres(p) => {
                let (open, idle, max) = p.status();
                PoolUse { open, idle, max }
            }
        }
    }

    /// Applies the migrations this database has not seen yet. Safe to run from several nodes at
    /// once: on PostgreSQL an advisory lock serialises them, on SQLite the write lock does.
    pub async fn migrate(&self) -> Result<Vec<i64>, Error> {
        let engine = self.engine();
        let mut tx = self.begin().await?;
        if engine == Engine::Postgres {
            tx.batch("SELECT pg_advisory_xact_lock(727274)").await?;
        }
        tx.batch(
            "CREATE TABLE IF NOT EXISTS medspil_migrations \
             (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
        )
        .await?;
        let applied: Vec<i64> = query_scalar("SELECT version FROM medspil_migrations")
            .fetch_all(&mut *tx)
            .await?;
        let mut newly = Vec::new();
        for (version, name, sql) in MIGRATIONS {
            if applied.contains(version) {
                continue;
            }
            tx.batch(&engine.dialect(sql)).await?;
            query("INSERT INTO medspil_migrations (version, name, applied_at) VALUES ($1, $2, $3)")
                .bind(*version)
                .bind(*name)
                .bind(crate::platform::time::now())
                .execute(&mut *tx)
                .await?;
            newly.push(*version);
        }
        tx.commit().await?;
        if let Pool::Sqlite(p) = &*self.pool {
            p.optimize().await?;
        }
        Ok(newly)
    }

    /// Whether the database holds no actors yet, i.e. was just created.
    pub async fn is_empty(&self) -> Result<bool, Error> {
        let n: i64 = query_scalar("SELECT COUNT(*) FROM actors")
            .fetch_one(self.pool())
            .await?;
        Ok(n == 0)
    }

    pub async fn close(&self) {
        if let Pool::Postgres(p) = &*self.pool {
            p.close();
        }
    }
}

/// A transaction's connection, on which its statements run.
pub enum Conn {
    Sqlite(sqlite::WriteConn),
    Postgres(Box<postgres::TxConn>),
}

/// A transaction: committed with [`Tx::commit`], rolled back when dropped without it.
/// Statements run on `&mut *tx` (or `&mut **tx` through a `&mut Tx`).
pub struct Tx {
    conn: Option<Conn>,
}

impl Tx {
    pub async fn commit(mut self) -> Result<(), Error> {
        match self.conn.take() {
            Some(Conn::Sqlite(c)) => c.commit(),
            Some(Conn::Postgres(c)) => c.commit().await,
            None => Ok(()),
        }
    }

    /// Runs statements as they are, without parameters (migrations, locks).
    pub async fn batch(&mut self, sql: &str) -> Result<(), Error> {
        match &mut **self {
            Conn::Sqlite(c) => c.batch(sql),
            Conn::Postgres(c) => c.batch(sql).await,
        }
    }
}

impl Deref for Tx {
    type Target = Conn;
    fn deref(&self) -> &Conn {
        self.conn
            .as_ref()
            .expect("a transaction holds its connection until it ends")
    }
}

impl DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut Conn {
        self.conn
            .as_mut()
            .expect("a transaction holds its connection until it ends")
    }
}

impl Drop for Tx {
    fn drop(&mut self) {
        match self.conn.take() {
            Some(Conn::Sqlite(c)) => {
                if let Err(e) = c.rollback() {
                    tracing::error!("rolling back: {e}");
                }
            }
            Some(Conn::Postgres(c)) => {
                // Drop cannot wait: the rollback runs on its own, and the connection goes back
                // to the pool when it is done.
                match tokio::runtime::Handle::try_current() {
                    Ok(runtime) => {
                        runtime.spawn(async move {
                            if let Err(e) = c.rollback().await {
                                tracing::error!("rolling back: {e}");
                            }
                        });
                    }
                    Err(_) => c.discard(),
                }
            }
            None => {}
        }
    }
}

/// Where a statement runs: on the pool, or in a transaction.
pub enum Exec<'e> {
    Pool(&'e Pool),
    Tx(&'e mut Conn),
}

impl<'e> From<&'e Pool> for Exec<'e> {
    fn from(pool: &'e Pool) -> Exec<'e> {
        Exec::Pool(pool)
    }
}

impl<'e> From<&'e mut Conn> for Exec<'e> {
    fn from(conn: &'e mut Conn) -> Exec<'e> {
        Exec::Tx(conn)
    }
}

/// What a statement is run for: its rows, or how many rows it changed.
#[derive(Clone, Copy)]
enum Want {
    Rows,
    Affected,
}

enum Outcome {
    Rows(Vec<Row>),
    Affected(u64),
}

tokio::task_local! {
    /// The statements run so far by the request this task serves.
    static STATEMENTS: Cell<u64>;
}

/// Runs `work`, counting the statements it runs; returns what it returned and the count.
pub async fn counting_statements<F: Future>(work: F) -> (F::Output, u64) {
    STATEMENTS
        .scope(Cell::new(0), async {
            let out = work.await;
            (out, STATEMENTS.with(Cell::get))
        })
        .await
}

/// Runs `work` (a request that only reads) so that its statements cost least: on SQLite in one
/// read transaction (one consistent view, its locks taken once; a write ends it, so what is read
/// after a write sees the write), on PostgreSQL on one connection (statements awaited together
/// are sent together).
pub async fn in_one_snapshot<F: Future>(work: F) -> F::Output {
    sqlite::in_one_snapshot(postgres::on_one_connection(work)).await
}

async fn run(exec: Exec<'_>, q: &Query, want: Want) -> Result<Outcome, Error> {
    let _ = STATEMENTS.try_with(|n| n.set(n.get() + 1));
    if tracing::enabled!(tracing::Level::DEBUG) {
        let started = std::time::Instant::now();
        let outcome = run_on(exec, q, want).await;
        let micros = started.elapsed().as_micros() as u64;
        tracing::debug!(micros, sql = %q.sql, "statement");
        return outcome;
    }
    run_on(exec, q, want).await
}

async fn run_on(exec: Exec<'_>, q: &Query, want: Want) -> Result<Outcome, Error> {
    let (sql, params) = (&*q.sql, &q.params[..]);
    match exec {
        Exec::Pool(Pool::Sqlite(p)) => p.run(sql, params, want).await,
        Exec::Pool(Pool::Postgres(p)) => p.run(sql, params, &q.kinds, want).await,
        Exec::Tx(Conn::Sqlite(c)) => c.run(sql, params, want),
        Exec::Tx(Conn::Postgres(c)) => c.run(sql, params, &q.kinds, want).await,
    }
}

/// A statement and the values bound to its `$n` placeholders.
pub struct Query {
    sql: Cow<'static, str>,
    params: Vec<Value>,
    kinds: Vec<Kind>,
}

/// A statement: a fixed text, or one built for this call.
pub fn query(sql: impl Into<Cow<'static, str>>) -> Query {
    Query {
        sql: sql.into(),
        params: Vec::new(),
        kinds: Vec::new(),
    }
}

/// A statement whose rows are read as tuples.
pub fn query_as<T: FromRow>(sql: impl Into<Cow<'static, str>>) -> QueryOf<T> {
    QueryOf {
        query: query(sql),
        read: T::from_row,
    }
}

/// A statement whose rows are read as their first column.
pub fn query_scalar<T: Decode>(sql: impl Into<Cow<'static, str>>) -> QueryOf<T> {
    QueryOf {
        query: query(sql),
        read: first_column,
    }
}

fn first_column<T: Decode>(row: &Row) -> Result<T, Error> {
    row.try_get(0usize)
}

/// What a statement that writes did.
pub struct Done(u64);

impl Done {
    pub fn rows_affected(&self) -> u64 {
        self.0
    }
}

impl Query {
    pub fn bind<B: Bind>(mut self, value: B) -> Query {
        self.params.push(value.into_value());
        self.kinds.push(B::KIND);
        self
    }

    pub async fn fetch_all<'e>(self, exec: impl Into<Exec<'e>>) -> Result<Vec<Row>, Error> {
        match run(exec.into(), &self, Want::Rows).await? {
            Outcome::Rows(rows) => Ok(rows),
            Outcome::Affected(_) => Ok(Vec::new()),
        }
    }

    pub async fn fetch_optional<'e>(self, exec: impl Into<Exec<'e>>) -> Result<Option<Row>, Error> {
        Ok(self.fetch_all(exec).await?.into_iter().next())
    }

    pub async fn fetch_one<'e>(self, exec: impl Into<Exec<'e>>) -> Result<Row, Error> {
        self.fetch_optional(exec).await?.ok_or(Error::RowNotFound)
    }

    pub async fn execute<'e>(self, exec: impl Into<Exec<'e>>) -> Result<Done, Error> {
        match run(exec.into(), &self, Want::Affected).await? {
            Outcome::Affected(n) => Ok(Done(n)),
            Outcome::Rows(rows) => Ok(Done(rows.len() as u64)),
        }
    }
}

/// A statement whose rows are read as Rust values (tuples, or single values).
pub struct QueryOf<T> {
    query: Query,
    read: fn(&Row) -> Result<T, Error>,
}

impl<T> QueryOf<T> {
    pub fn bind(self, value: impl Bind) -> Self {
        QueryOf {
            query: self.query.bind(value),
            read: self.read,
        }
    }

    pub async fn fetch_all<'e>(self, exec: impl Into<Exec<'e>>) -> Result<Vec<T>, Error> {
        let rows = self.query.fetch_all(exec).await?;
        rows.iter().map(self.read).collect()
    }

    pub async fn fetch_optional<'e>(self, exec: impl Into<Exec<'e>>) -> Result<Option<T>, Error> {
        let row = self.query.fetch_optional(exec).await?;
        row.as_ref().map(self.read).transpose()
    }

    pub async fn fetch_one<'e>(self, exec: impl Into<Exec<'e>>) -> Result<T, Error> {
        (self.read)(&self.query.fetch_one(exec).await?)
    }
}
