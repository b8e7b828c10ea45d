//! What passes between Rust and either engine: values bound to a statement, rows read back,
//! and the errors of both drivers as one type.

use std::fmt;
use std::sync::Arc;

/// The type a bound value has in SQL: PostgreSQL is told it when a statement is prepared, so
/// that a `NULL` has a type too.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Int,
    Real,
    Text,
    Blob,
}

/// One value, as both engines can hold it: booleans travel as integers, times as Unix seconds.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Real(f64),
    Text(String),
    Blob(Vec<u8>),
}

/// A database failure, from either driver.
#[derive(Debug)]
pub enum Error {
    /// The statement broke a constraint or was refused; `unique` when it was a unique index.
    Database { message: String, unique: bool },
    /// A query that must find a row found none.
    RowNotFound,
    /// A value was not of the type asked for, or a stored code is unknown.
    Decode(String),
    /// No connection was free in time.
    PoolTimedOut,
    /// The database URL or the connection failed.
    Connection(String),
}

impl Value {
    /// The kind of a value built without a Rust type behind it (a filter's value).
    pub fn kind(&self) -> Kind {
        match self {
            Value::Int(_) => Kind::Int,
            Value::Real(_) => Kind::Real,
            Value::Blob(_) => Kind::Blob,
            Value::Null | Value::Text(_) => Kind::Text,
        }
    }
}

impl Error {
    pub fn is_unique_violation(&self) -> bool {
        matches!(self, Error::Database { unique: true, .. })
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Database { message, .. } => write!(f, "database: {message}"),
            Error::RowNotFound => f.write_str("no row found"),
            Error::Decode(m) => write!(f, "decoding a column: {m}"),
            Error::PoolTimedOut => f.write_str("no database connection was free in time"),
            Error::Connection(m) => write!(f, "database connection: {m}"),
        }
    }
}

impl std::error::Error for Error {}

/// A Rust value that can be bound to a statement.
pub trait Bind {
    /// Its kind in SQL, also when it is `None`.
    const KIND: Kind;

    fn into_value(self) -> Value;
}

macro_rules! bind {
    ($kind:ident: $($t:ty => |$v:ident| $e:expr),* $(,)?) => {$(
        impl Bind for $t {
            const KIND: Kind = Kind::$kind;
            fn into_value(self) -> Value {
                let $v = self;
                $e
            }
        }
    )*};
}
bind!(Int:
    i64 => |v| Value::Int(v),
    &i64 => |v| Value::Int(*v),
    i32 => |v| Value::Int(v.into()),
    i16 => |v| Value::Int(v.into()),
    u32 => |v| Value::Int(v.into()),
    u16 => |v| Value::Int(v.into()),
    u8 => |v| Value::Int(v.into()),
);
// Flags are BIGINT 0/1 columns on both engines.
bind!(Int: bool => |v| Value::Int(v.into()));
bind!(Real: f64 => |v| Value::Real(v));
bind!(Text:
    String => |v| Value::Text(v),
    &str => |v| Value::Text(v.to_string()),
    &String => |v| Value::Text(v.clone()),
);
bind!(Blob:
    Vec<u8> => |v| Value::Blob(v),
    &[u8] => |v| Value::Blob(v.to_vec()),
);

impl<T: Bind> Bind for Option<T> {
    const KIND: Kind = T::KIND;
    fn into_value(self) -> Value {
        self.map_or(Value::Null, Bind::into_value)
    }
}

impl<T: Bind + Clone> Bind for &Option<T> {
    const KIND: Kind = T::KIND;
    fn into_value(self) -> Value {
        self.clone().into_value()
    }
}

/// A Rust value that can be read from a column.
pub trait Decode: Sized {
    fn decode(value: &Value) -> Result<Self, String>;
}

fn mismatch<T>(value: &Value, wanted: &str) -> Result<T, String> {
    Err(format!("{value:?} is not {wanted}"))
}

impl Decode for i64 {
    fn decode(value: &Value) -> Result<i64, String> {
        match value {
            Value::Int(i) => Ok(*i),
            other => mismatch(other, "an integer"),
        }
    }
}

impl Decode for i32 {
    fn decode(value: &Value) -> Result<i32, String> {
        i32::try_from(i64::decode(value)?).map_err(|e| e.to_string())
    }
}

impl Decode for bool {
    fn decode(value: &Value) -> Result<bool, String> {
        Ok(i64::decode(value)? != 0)
    }
}

impl Decode for f64 {
    fn decode(value: &Value) -> Result<f64, String> {
        match value {
            Value::Real(f) => Ok(*f),
            Value::Int(i) => Ok(*i as f64),
            other => mismatch(other, "a number"),
        }
    }
}

impl Decode for String {
    fn decode(value: &Value) -> Result<String, String> {
        match value {
            Value::Text(s) => Ok(s.clone()),
            other => mismatch(other, "text"),
        }
    }
}

impl Decode for Vec<u8> {
    fn decode(value: &Value) -> Result<Vec<u8>, String> {
        match value {
            Value::Blob(b) => Ok(b.clone()),
            other => mismatch(other, "bytes"),
        }
    }
}

impl<T: Decode> Decode for Option<T> {
    fn decode(value: &Value) -> Result<Option<T>, String> {
        match value {
            Value::Null => Ok(None),
            other => T::decode(other).map(Some),
        }
    }
}

/// A row read back: its values, and the names of its columns (shared by the rows of a query).
#[derive(Clone, Debug)]
pub struct Row {
    columns: Arc<[String]>,
    values: Vec<Value>,
}

/// Where a column is found: by name or by position.
pub trait ColumnIndex {
    fn position(&self, row: &Row) -> Result<usize, Error>;
}

impl ColumnIndex for &str {
    fn position(&self, row: &Row) -> Result<usize, Error> {
        row.columns
            .iter()
            .position(|c| c == self)
            .ok_or_else(|| Error::Decode(format!("no column {self:?}")))
    }
}

impl ColumnIndex for usize {
    fn position(&self, row: &Row) -> Result<usize, Error> {
        (*self < row.values.len())
            .then_some(*self)
            .ok_or_else(|| Error::Decode(format!("no column {self}")))
    }
}

impl Row {
    pub fn new(columns: Arc<[String]>, values: Vec<Value>) -> Row {
        Row { columns, values }
    }

    /// The names of the columns, in order.
    pub fn columns(&self) -> &[String] {
        &self.columns
    }

    /// The values, in the columns' order.
    pub fn values(&self) -> &[Value] {
        &self.values
    }

    pub fn try_get<T: Decode, I: ColumnIndex>(&self, index: I) -> Result<T, Error> {
        let i = index.position(self)?;
        T::decode(&self.values[i]).map_err(|e| Error::Decode(format!("{}: {e}", self.columns[i])))
    }
}

/// A row read as a Rust type: a tuple of its columns in order.
pub trait FromRow: Sized {
    fn from_row(row: &Row) -> Result<Self, Error>;
}

macro_rules! tuple_from_row {
    ($($t:ident $i:tt),*) => {
        impl<$($t: Decode),*> FromRow for ($($t,)*) {
            fn from_row(row: &Row) -> Result<Self, Error> {
                Ok(($(row.try_get::<$t, usize>($i)?,)*))
            }
        }
    };
}
tuple_from_row!(A 0);
tuple_from_row!(A 0, B 1);
tuple_from_row!(A 0, B 1, C 2);
tuple_from_row!(A 0, B 1, C 2, D 3);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6);
tuple_from_row!(A 0, B 1, C 2, D 3, E 4, F 5, G 6, H 7);
