//! SQLite, embedded: statements run on the thread that asks, with no hand-over to another
//! thread, each connection keeping its prepared statements.
//!
//! Reads run on a reader connection taken from a stack (WAL lets them run beside a writer).
//! Everything that writes runs on the one writer connection, which a task holds for the whole
//! of a transaction: tasks queue for it in the order they asked (tokio's mutex is fair), so
//! writers wait without spinning in SQLite's busy handler and a transaction is never left
//! waiting for a lock another of this process's tasks holds.
//!
//! A request's reads share one read transaction ([`in_one_snapshot`]): SQLite takes its file
//! locks once per transaction, and taking them for every statement cost more than many of the
//! statements themselves.

use super::value::{Error, Row, Value};
use super::{Outcome, Want};
use rusqlite::types::{ToSqlOutput, ValueRef};
use rusqlite::{CachedStatement, Connection, OpenFlags, ffi};
use std::cell::RefCell;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use tokio::sync::{Mutex as AsyncMutex, OwnedMutexGuard};

/// How long a writer waits for the writing connection (as long as the busy timeout).
const WRITER_WAIT: std::time::Duration = std::time::Duration::from_secs(10);

/// How many statements each connection keeps prepared.
const STATEMENTS_KEPT: usize = 256;

pub struct Pool {
    path: String,
    readers: Arc<Readers>,
    writer: Arc<AsyncMutex<Connection>>,
}

/// The reader connections.
struct Readers {
    idle: Mutex<Vec<Connection>>,
    /// Reader connections kept open when idle.
    kept: usize,
    /// Reader connections in use now.
    reading: AtomicUsize,
}

impl Readers {
    /// Takes back a reader that is done. One left inside a transaction would serve an old
    /// snapshot and hold back checkpoints: it is closed instead of kept.
    fn put_back(&self, conn: Connection) {
        self.reading.fetch_sub(1, Ordering::Relaxed);
        if let Ok(mut idle) = self.idle.lock()
            && idle.len() < self.kept
            && conn.is_autocommit()
        {
            idle.push(conn);
        }
    }
}

tokio::task_local! {
    /// The read transaction of the request this task serves, begun at its first read.
    static SNAPSHOT: RefCell<Option<Snapshot>>;
}

/// Runs `work` with its reads in one read transaction: they see one state of the database, and
/// SQLite's locks are taken once. A write ends the transaction, so reads after it see it.
pub async fn in_one_snapshot<F: Future>(work: F) -> F::Output {
    SNAPSHOT.scope(RefCell::new(None), work).await
}

/// A reader inside a read transaction, held by one request.
struct Snapshot {
    readers: Arc<Readers>,
    conn: Option<Connection>,
}

impl Snapshot {
    fn conn(&self) -> &Connection {
        self.conn
            .as_ref()
            .expect("a snapshot holds its connection until dropped")
    }
}

impl Drop for Snapshot {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            if !conn.is_autocommit()
                && let Err(e) = conn
                    .prepare_cached("COMMIT")
                    .and_then(|mut c| c.execute([]))
            {
                tracing::warn!("ending a read transaction: {e}");
            }
            self.readers.put_back(conn);
        }
    }
}

/// The writer connection inside a transaction.
pub struct WriteConn(OwnedMutexGuard<Connection>);

impl Pool {
    /// Opens `sqlite://FILE` (or `sqlite:FILE`), creating the file when it does not exist.
    pub fn open(url: &str, readers_kept: usize) -> Result<Pool, Error> {
        let rest = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
            .ok_or_else(|| Error::Connection(format!("not an SQLite URL: {url}")))?;
        let (path, options) = rest.split_once('?').unwrap_or((rest, ""));
        let path = path.to_string();
        if path.is_empty() || path.contains(":memory:") {
            return Err(Error::Connection(
                "an SQLite database must be a file (sqlite://FILE)".into(),
            ));
        }
        let writer = connect(&path)?;
        // The writer is one long-lived connection that every write goes through: the pages
        // writes touch stay in its cache (measured: sign-ups for one event went from about
        // 1,450 to 1,750 a second with 64 MB instead of 8).
        writer
            .execute_batch("PRAGMA cache_size = -65536")
            .map_err(error)?;
        writer
            .pragma_update(None, "journal_mode", "WAL")
            .map_err(error)?;
        writer
            .pragma_update(None, "synchronous", synchronous(options)?)
            .map_err(error)?;
        Ok(Pool {
            path,
            readers: Arc::new(Readers {
                idle: Mutex::new(Vec::new()),
                kept: readers_kept.max(1),
                reading: AtomicUsize::new(0),
            }),
            writer: Arc::new(AsyncMutex::new(writer)),
        })
    }

    /// Runs a statement outside a transaction: on a reader if it only reads (the request's
    /// snapshot when it has one), else on the writer.
    pub(super) async fn run(
        &self,
        sql: &str,
        params: &[Value],
        want: Want,
    ) -> Result<Outcome, Error> {
        if let Some(read) = self.read_in_snapshot(sql, params, want) {
            return read;
        }
        {
            let reader = self.reader()?;
            let statement = prepare(reader.conn(), sql).map_err(error)?;
            if statement.readonly() {
                return run_prepared(reader.conn(), statement, sql, params, want);
            }
        }
        let writer = self.writer_in_time(self.writer.lock()).await?;
        run(&writer, sql, params, want)
    }

    /// Runs a statement that only reads in the request's snapshot, begun here if this is its
    /// first read; `None` outside a request, or for a statement that writes, which ends the
    /// snapshot first.
    fn read_in_snapshot(
        &self,
        sql: &str,
        params: &[Value],
        want: Want,
    ) -> Option<Result<Outcome, Error>> {
        SNAPSHOT
            .try_with(|slot| {
                let mut slot = slot.borrow_mut();
                if slot
                    .as_ref()
                    .is_some_and(|s| !Arc::ptr_eq(&s.readers, &self.readers))
                {
                    return None; // a request reading another database (never, in Medspil)
                }
                if slot.is_none() {
                    let begun = self.reader().and_then(|mut r| {
                        let conn = r.conn.take().expect("a reader holds its connection");
                        let snapshot = Snapshot {
                            readers: self.readers.clone(),
                            conn: Some(conn),
                        };
                        let begin = snapshot.conn().prepare_cached("BEGIN");
                        begin.and_then(|mut b| b.execute([])).map_err(error)?;
                        Ok(snapshot)
                    });
                    match begun {
                        Ok(snapshot) => *slot = Some(snapshot),
                        Err(e) => return Some(Err(e)),
                    }
                }
                let snapshot = slot.as_ref()?;
                let statement = match prepare(snapshot.conn(), sql) {
                    Ok(statement) => statement,
                    Err(e) => return Some(Err(error(e))),
                };
                if statement.readonly() {
                    return Some(run_prepared(snapshot.conn(), statement, sql, params, want));
                }
                drop(statement);
                *slot = None;
                None
            })
            .ok()
            .flatten()
    }

    /// Ends the request's snapshot, if it has one, before it writes.
    fn end_snapshot(&self) {
        let _ = SNAPSHOT.try_with(|slot| slot.borrow_mut().take());
    }

    /// Takes the writer and starts a transaction that holds SQLite's write lock from its start.
    pub async fn begin(&self) -> Result<WriteConn, Error> {
        self.end_snapshot();
        let writer = self
            .writer_in_time(self.writer.clone().lock_owned())
            .await?;
        writer.execute_batch("BEGIN IMMEDIATE").map_err(error)?;
        Ok(WriteConn(writer))
    }

    /// Gathers the statistics the query planner lacks (tables never analysed, or grown much),
    /// as SQLite advises for long-lived connections; PostgreSQL does this by itself.
    pub async fn optimize(&self) -> Result<(), Error> {
        let writer = self.writer_in_time(self.writer.lock()).await?;
        writer
            .execute_batch("PRAGMA optimize = 0x10002")
            .map_err(error)
    }

    /// Writes a consistent copy of the database to `target` while it serves: `VACUUM INTO` reads
    /// one snapshot, as any reader does, so writers go on meanwhile.
    pub async fn backup_into(&self, target: &str) -> Result<(), Error> {
        let conn = connect(&self.path)?;
        let target = target.to_string();
        tokio::task::spawn_blocking(move || conn.execute("VACUUM INTO ?1", [target]))
            .await
            .map_err(|e| Error::Connection(e.to_string()))?
            .map_err(error)?;
        Ok(())
    }

    /// Replaces the whole database with a backup's pages, through the writer (SQLite's online
    /// backup), so that nothing writes in between.
    pub async fn restore_from(&self, backup: &str) -> Result<(), Error> {
        let source = Connection::open_with_flags(backup, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| Error::Connection(format!("{backup}: {e}")))?;
        let mut writer = self.writer_in_time(self.writer.lock()).await?;
        tokio::task::block_in_place(|| {
            let copy = rusqlite::backup::Backup::new(&source, &mut writer).map_err(error)?;
            copy.run_to_completion(1024, std::time::Duration::ZERO, None)
                .map_err(error)
        })
    }

    /// The writer, as soon as it is free, or `PoolTimedOut` after as long as SQLite itself
    /// would wait for a lock: a request fails with "busy" rather than wait for ever.
    async fn writer_in_time<G>(&self, lock: impl Future<Output = G>) -> Result<G, Error> {
        tokio::time::timeout(WRITER_WAIT, lock)
            .await
            .map_err(|_| Error::PoolTimedOut)
    }

    /// Reader connections: in use, idle, and the most kept idle.
    pub fn readers(&self) -> (usize, usize, usize) {
        let r = &self.readers;
        let idle = r.idle.lock().map_or(0, |i| i.len());
        (r.reading.load(Ordering::Relaxed), idle, r.kept)
    }

    fn reader(&self) -> Result<Reader<'_>, Error> {
        let idle = self.readers.idle.lock().ok().and_then(|mut r| r.pop());
        let conn = match idle {
            Some(conn) => conn,
            None => connect(&self.path)?,
        };
        self.readers.reading.fetch_add(1, Ordering::Relaxed);
        Ok(Reader {
            readers: &self.readers,
            conn: Some(conn),
        })
    }
}

/// A reader connection, back on the stack when dropped.
struct Reader<'a> {
    readers: &'a Readers,
    conn: Option<Connection>,
}

impl Reader<'_> {
    fn conn(&self) -> &Connection {
        self.conn
            .as_ref()
            .expect("a reader holds its connection until dropped")
    }
}

impl Drop for Reader<'_> {
    fn drop(&mut self) {
        if let Some(conn) = self.conn.take() {
            self.readers.put_back(conn);
        }
    }
}

impl WriteConn {
    pub(super) fn run(
        &mut self,
        sql: &str,
        params: &[Value],
        want: Want,
    ) -> Result<Outcome, Error> {
        run(&self.0, sql, params, want)
    }

    pub fn batch(&mut self, sql: &str) -> Result<(), Error> {
        self.0.execute_batch(sql).map_err(error)
    }

    /// Commits; if that fails, the transaction is rolled back, so the writer is handed on
    /// outside any transaction.
    pub fn commit(self) -> Result<(), Error> {
        let committed = self.0.execute_batch("COMMIT").map_err(error);
        if committed.is_err() && !self.0.is_autocommit() {
            let _ = self.0.execute_batch("ROLLBACK");
        }
        committed
    }

    pub fn rollback(self) -> Result<(), Error> {
        if self.0.is_autocommit() {
            return Ok(());
        }
        self.0.execute_batch("ROLLBACK").map_err(error)
    }
}

/// A connection as Medspil uses it.
/// How surely a commit is on disk before it is acknowledged, from the URL's `synchronous=`:
/// `normal` (the default) survives the process being killed, since a commit is in the WAL
/// before it returns, but an operating system crash or power cut may lose the last commits;
/// `full` waits for the disk at every commit and survives those too, at the cost BENCHMARKS.md
/// gives.
fn synchronous(options: &str) -> Result<&'static str, Error> {
    let asked = options
        .split('&')
        .find_map(|o| o.strip_prefix("synchronous="))
        .unwrap_or("normal");
    match asked.to_ascii_lowercase().as_str() {
        "normal" => Ok("NORMAL"),
        "full" => Ok("FULL"),
        other => Err(Error::Connection(format!(
            "synchronous={other}: use normal or full"
        ))),
    }
}

fn connect(path: &str) -> Result<Connection, Error> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )
    .map_err(|e| Error::Connection(format!("{path}: {e}")))?;
    // No memory-mapped reads: a mapped page read once stays resident in the process, so a full
    // export or a scan would grow the server by the size of the file it read. Each connection
    // keeps its own 8 MB of pages; the rest is the operating system's cache.
    conn.execute_batch(
        "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; \
         PRAGMA busy_timeout = 10000; PRAGMA cache_size = -8192;",
    )
    .map_err(error)?;
    conn.set_prepared_statement_cache_capacity(STATEMENTS_KEPT);
    Ok(conn)
}

fn run(conn: &Connection, sql: &str, params: &[Value], want: Want) -> Result<Outcome, Error> {
    let statement = prepare(conn, sql).map_err(error)?;
    run_prepared(conn, statement, sql, params, want)
}

/// A statement prepared once per connection, its `$n` parameters numbered as SQLite numbers
/// them.
fn prepare<'c>(conn: &'c Connection, sql: &str) -> rusqlite::Result<CachedStatement<'c>> {
    conn.prepare_cached(&numbered(sql))
}

/// The SQL with each `$n` written `?n`. To SQLite `$n` is a name, found by a search through the
/// statement's names for every value bound — a cost that grows with the square of the number of
/// values (an import's inserts bind thousands) — while `?n` is simply the n-th value.
fn numbered(sql: &str) -> std::borrow::Cow<'_, str> {
    if !sql.contains('$') {
        return sql.into();
    }
    let mut out = String::with_capacity(sql.len());
    let mut quoted = false;
    let mut chars = sql.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => quoted = !quoted,
            '$' if !quoted && chars.peek().is_some_and(char::is_ascii_digit) => {
                out.push('?');
                continue;
            }
            _ => {}
        }
        out.push(c);
    }
    out.into()
}

fn run_prepared(
    conn: &Connection,
    mut statement: CachedStatement<'_>,
    sql: &str,
    params: &[Value],
    want: Want,
) -> Result<Outcome, Error> {
    // `?n` is the n-th value (see `numbered`).
    for index in 1..=statement.parameter_count() {
        let value = params
            .get(index - 1)
            .ok_or_else(|| Error::Decode(format!("no value bound for ${index} in {sql}")))?;
        statement.raw_bind_parameter(index, value).map_err(error)?;
    }
    match want {
        Want::Rows => {
            let columns: Arc<[String]> = statement
                .column_names()
                .into_iter()
                .map(String::from)
                .collect();
            let width = columns.len();
            let mut rows = statement.raw_query();
            let mut out = Vec::new();
            while let Some(row) = rows.next().map_err(error)? {
                let mut values = Vec::with_capacity(width);
                for i in 0..width {
                    values.push(value_of(row.get_ref(i).map_err(error)?)?);
                }
                out.push(Row::new(columns.clone(), values));
            }
            Ok(Outcome::Rows(out))
        }
        Want::Affected => {
            // A statement that only reads changed nothing; `changes()` would still tell of
            // the last one that wrote.
            let reads = statement.readonly();
            let mut rows = statement.raw_query();
            while rows.next().map_err(error)?.is_some() {}
            Ok(Outcome::Affected(if reads { 0 } else { conn.changes() }))
        }
    }
}

fn value_of(value: ValueRef<'_>) -> Result<Value, Error> {
    Ok(match value {
        ValueRef::Null => Value::Null,
        ValueRef::Integer(i) => Value::Int(i),
        ValueRef::Real(f) => Value::Real(f),
        ValueRef::Text(t) => {
            Value::Text(String::from_utf8(t.to_vec()).map_err(|e| Error::Decode(e.to_string()))?)
        }
        ValueRef::Blob(b) => Value::Blob(b.to_vec()),
    })
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
        Ok(ToSqlOutput::Borrowed(match self {
            Value::Null => ValueRef::Null,
            Value::Int(i) => ValueRef::Integer(*i),
            Value::Real(f) => ValueRef::Real(*f),
            Value::Text(s) => ValueRef::Text(s.as_bytes()),
            Value::Blob(b) => ValueRef::Blob(b),
        }))
    }
}

fn error(e: rusqlite::Error) -> Error {
    let unique = matches!(
        &e,
        rusqlite::Error::SqliteFailure(f, _)
            if f.extended_code == ffi::SQLITE_CONSTRAINT_UNIQUE
                || f.extended_code == ffi::SQLITE_CONSTRAINT_PRIMARYKEY
    );
    Error::Database {
        message: e.to_string(),
        unique,
    }
}

/// What a backup file holds: `None` unless it is a whole, sound Medspil database; else the last
/// migration it has.
pub fn backup_version(path: &str) -> Result<Option<i64>, Error> {
    let conn = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(|e| Error::Connection(format!("{path}: {e}")))?;
    let sound: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(error)?;
    if sound != "ok" {
        return Ok(None);
    }
    Ok(conn
        .query_row("SELECT MAX(version) FROM medspil_migrations", [], |r| {
            r.get(0)
        })
        .ok()
        .flatten())
}

#[cfg(test)]
mod tests {
    use super::numbered;

    #[test]
    fn parameters_are_numbered_outside_quotes_only() {
        assert_eq!(
            numbered("SELECT $1, '$2', $10 FROM t WHERE a = $1"),
            "SELECT ?1, '$2', ?10 FROM t WHERE a = ?1"
        );
        assert_eq!(numbered("SELECT 'it''s $3', $2"), "SELECT 'it''s $3', ?2");
        assert_eq!(numbered("SELECT 1"), "SELECT 1");
    }
}
