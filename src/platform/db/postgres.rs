//! PostgreSQL, through tokio-postgres: a pool of connections (deadpool), each keeping its
//! prepared statements, so a query is one round trip.
//!
//! A request's statements outside a transaction share one connection ([`on_one_connection`]):
//! statements it awaits together are sent together (tokio-postgres pipelines what is asked of
//! one client at once), so a page's independent reads cost one round trip, not one each.

use super::value::{Error, Kind, Row, Value};
use super::{Outcome, Want};
use deadpool_postgres::{Manager, ManagerConfig, Object, PoolError, RecyclingMethod, Runtime};
use std::cell::RefCell;
use std::sync::Arc;
use std::time::Duration;
use tokio_postgres::error::SqlState;
use tokio_postgres::types::{ToSql, Type};
use tokio_postgres::{NoTls, Statement};

/// How many statements a connection keeps prepared before it forgets them all; queries built
/// from filters have many texts.
const STATEMENTS_KEPT: usize = 512;

pub struct Pool(deadpool_postgres::Pool);

/// A connection inside a transaction.
pub struct TxConn(Object);

tokio::task_local! {
    /// The connection the request this task serves runs its statements on, taken at its first.
    static PINNED: RefCell<Option<Arc<Object>>>;
}

/// Runs `work` with its statements outside transactions on one connection, taken from the pool
/// at the first of them and given back when `work` is done.
pub async fn on_one_connection<F: Future>(work: F) -> F::Output {
    PINNED.scope(RefCell::new(None), work).await
}

impl Pool {
    pub fn open(url: &str, max_connections: usize) -> Result<Pool, Error> {
        let config: tokio_postgres::Config =
            url.parse().map_err(|e| Error::Connection(format!("{e}")))?;
        let manager = Manager::from_config(
            config,
            NoTls,
            ManagerConfig {
                recycling_method: RecyclingMethod::Fast,
            },
        );
        deadpool_postgres::Pool::builder(manager)
            .max_size(max_connections.max(1))
            .wait_timeout(Some(Duration::from_secs(10)))
            .create_timeout(Some(Duration::from_secs(10)))
            .runtime(Runtime::Tokio1)
            .build()
            .map(Pool)
            .map_err(|e| Error::Connection(e.to_string()))
    }

    pub(super) async fn run(
        &self,
        sql: &str,
        params: &[Value],
        kinds: &[Kind],
        want: Want,
    ) -> Result<Outcome, Error> {
        let client = self.client().await?;
        run(&client, sql, params, kinds, want).await
    }

    /// The request's connection, or one for this statement outside a request.
    async fn client(&self) -> Result<Arc<Object>, Error> {
        if let Ok(Some(client)) = PINNED.try_with(|slot| slot.borrow().clone()) {
            return Ok(client);
        }
        let client = Arc::new(self.get().await?);
        let _ = PINNED.try_with(|slot| slot.borrow_mut().get_or_insert(client.clone()).clone());
        Ok(client)
    }

    pub async fn begin(&self) -> Result<TxConn, Error> {
        // A request's own connection goes back first: one request never holds two, so requests
        // waiting for a transaction cannot hold every connection between them.
        let _ = PINNED.try_with(|slot| slot.borrow_mut().take());
        // Until BEGIN is answered, a dropped future (a client gone) must not hand the
        // connection back to the pool in an unknown state: it is thrown away instead.
        let mut starting = Starting(Some(self.get().await?));
        if let Some(client) = &starting.0 {
            client.batch_execute("BEGIN").await.map_err(error)?;
        }
        Ok(TxConn(
            starting.0.take().expect("held until BEGIN is answered"),
        ))
    }

    /// Connections open now, idle ones, and the most there may be.
    pub fn status(&self) -> (usize, usize, usize) {
        let s = self.0.status();
        (s.size, s.available, s.max_size)
    }

    pub fn close(&self) {
        self.0.close();
    }

    async fn get(&self) -> Result<Object, Error> {
        self.0.get().await.map_err(|e| match e {
            PoolError::Timeout(_) => Error::PoolTimedOut,
            PoolError::Backend(e) => error(e),
            other => Error::Connection(other.to_string()),
        })
    }
}

/// A connection whose transaction is being started.
struct Starting(Option<Object>);

impl Drop for Starting {
    fn drop(&mut self) {
        if let Some(client) = self.0.take() {
            drop(Object::take(client));
        }
    }
}

impl TxConn {
    /// Throws the connection away instead of handing it back to the pool: for a transaction
    /// that cannot be rolled back (no runtime left to do it).
    pub fn discard(self) {
        drop(Object::take(self.0));
    }

    pub(super) async fn run(
        &mut self,
        sql: &str,
        params: &[Value],
        kinds: &[Kind],
        want: Want,
    ) -> Result<Outcome, Error> {
        run(&self.0, sql, params, kinds, want).await
    }

    pub async fn batch(&mut self, sql: &str) -> Result<(), Error> {
        self.0.batch_execute(sql).await.map_err(error)
    }

    pub async fn commit(self) -> Result<(), Error> {
        self.0.batch_execute("COMMIT").await.map_err(error)
    }

    /// Ends the transaction unfinished. Also called when a transaction is dropped, from a task
    /// of its own, so the connection goes back to the pool clean.
    pub async fn rollback(self) -> Result<(), Error> {
        self.0.batch_execute("ROLLBACK").await.map_err(error)
    }
}

/// The statement prepared with its parameters' types, as the values bound to it have them.
async fn prepared(client: &Object, sql: &str, kinds: &[Kind]) -> Result<Statement, Error> {
    if client.statement_cache.size() >= STATEMENTS_KEPT {
        client.statement_cache.clear();
    }
    let types: Vec<Type> = kinds
        .iter()
        .map(|k| match k {
            Kind::Int => Type::INT8,
            Kind::Real => Type::FLOAT8,
            Kind::Text => Type::TEXT,
            Kind::Blob => Type::BYTEA,
        })
        .collect();
    client
        .prepare_typed_cached(sql, &types)
        .await
        .map_err(error)
}

async fn run(
    client: &Object,
    sql: &str,
    params: &[Value],
    kinds: &[Kind],
    want: Want,
) -> Result<Outcome, Error> {
    let statement = prepared(client, sql, kinds).await?;
    let typed = statement
        .params()
        .iter()
        .zip(params)
        .map(|(ty, value)| typed(ty, value))
        .collect::<Result<Vec<_>, _>>()?;
    let refs: Vec<&(dyn ToSql + Sync)> = typed.iter().map(|p| &**p as _).collect();
    match want {
        Want::Rows => {
            let rows = client.query(&statement, &refs).await.map_err(error)?;
            let columns: Arc<[String]> = statement
                .columns()
                .iter()
                .map(|c| c.name().to_string())
                .collect();
            let out = rows
                .iter()
                .map(|row| {
                    let values = statement
                        .columns()
                        .iter()
                        .enumerate()
                        .map(|(i, c)| value_of(row, i, c.type_()))
                        .collect::<Result<Vec<_>, _>>()?;
                    Ok(Row::new(columns.clone(), values))
                })
                .collect::<Result<Vec<_>, Error>>()?;
            Ok(Outcome::Rows(out))
        }
        Want::Affected => Ok(Outcome::Affected(
            client.execute(&statement, &refs).await.map_err(error)?,
        )),
    }
}

/// A value as the Rust type the server expects for its parameter (it infers each parameter's
/// type from the statement, and the driver checks it).
fn typed(ty: &Type, value: &Value) -> Result<Box<dyn ToSql + Sync + Send>, Error> {
    let wrong = || Error::Decode(format!("{value:?} cannot be bound as {ty}"));
    let int = |v: &Value| match v {
        Value::Int(i) => Ok(*i),
        _ => Err(wrong()),
    };
    Ok(match (ty, value) {
        (_, Value::Null) => match *ty {
            Type::INT2 => Box::new(None::<i16>),
            Type::INT4 => Box::new(None::<i32>),
            Type::INT8 => Box::new(None::<i64>),
            Type::BOOL => Box::new(None::<bool>),
            Type::FLOAT4 => Box::new(None::<f32>),
            Type::FLOAT8 => Box::new(None::<f64>),
            Type::BYTEA => Box::new(None::<Vec<u8>>),
            _ => Box::new(None::<String>),
        },
        (&Type::INT8, v) => Box::new(int(v)?),
        (&Type::INT4, v) => Box::new(i32::try_from(int(v)?).map_err(|_| wrong())?),
        (&Type::INT2, v) => Box::new(i16::try_from(int(v)?).map_err(|_| wrong())?),
        (&Type::BOOL, v) => Box::new(int(v)? != 0),
        (&Type::FLOAT8, Value::Real(f)) => Box::new(*f),
        (&Type::FLOAT8, Value::Int(i)) => Box::new(*i as f64),
        (&Type::FLOAT4, Value::Real(f)) => Box::new(*f as f32),
        (&Type::BYTEA, Value::Blob(b)) => Box::new(b.clone()),
        (_, Value::Text(s)) => Box::new(s.clone()),
        (&Type::TEXT | &Type::VARCHAR, Value::Int(i)) => Box::new(i.to_string()),
        _ => return Err(wrong()),
    })
}

fn value_of(row: &tokio_postgres::Row, i: usize, ty: &Type) -> Result<Value, Error> {
    fn get<'a, T: tokio_postgres::types::FromSql<'a>>(
        row: &'a tokio_postgres::Row,
        i: usize,
    ) -> Result<Option<T>, Error> {
        row.try_get::<_, Option<T>>(i)
            .map_err(|e| Error::Decode(e.to_string()))
    }
    let value = match *ty {
        Type::INT8 => get::<i64>(row, i)?.map(Value::Int),
        Type::INT4 => get::<i32>(row, i)?.map(|v| Value::Int(v.into())),
        Type::INT2 => get::<i16>(row, i)?.map(|v| Value::Int(v.into())),
        Type::BOOL => get::<bool>(row, i)?.map(|v| Value::Int(v.into())),
        Type::FLOAT8 => get::<f64>(row, i)?.map(Value::Real),
        Type::FLOAT4 => get::<f32>(row, i)?.map(|v| Value::Real(v.into())),
        Type::BYTEA => get::<Vec<u8>>(row, i)?.map(Value::Blob),
        Type::TEXT | Type::VARCHAR | Type::BPCHAR | Type::NAME | Type::UNKNOWN => {
            get::<String>(row, i)?.map(Value::Text)
        }
        _ => {
            return Err(Error::Decode(format!(
                "column {i} has type {ty}, which Medspil does not read"
            )));
        }
    };
    Ok(value.unwrap_or(Value::Null))
}

fn error(e: tokio_postgres::Error) -> Error {
    match e.as_db_error() {
        Some(db) => Error::Database {
            message: match db.detail() {
                Some(detail) => format!("{} ({detail})", db.message()),
                None => db.message().to_string(),
            },
            unique: *db.code() == SqlState::UNIQUE_VIOLATION,
        },
        None => Error::Connection(e.to_string()),
    }
}
