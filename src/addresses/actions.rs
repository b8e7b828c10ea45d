//! Placing a typed address, and importing the register from a file.

use super::import::{self, Format, ImportError};
use super::model::{Address, Official};
use super::store;
use crate::platform::db::Db;
use crate::platform::error::{AppError, AppResult};
use std::io::{BufRead, BufReader, Read};
use std::path::Path;

/// What is wrong with a typed address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressProblem {
    /// Not street, house number, (floor and door,) postcode and town.
    Unreadable,
    /// Well-formed, but not an address the register knows.
    Unknown,
}

/// A typed address, understood and found.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    pub typed: Address,
    /// The access address in the register; none where the municipality keeps no register.
    pub official: Option<Official>,
}

impl Placed {
    /// The household the address belongs to: its official access address, or (without a
    /// register) its entrance as typed.
    pub fn household(&self) -> String {
        match &self.official {
            Some(o) => o.id.clone(),
            None => self.typed.key(),
        }
    }

    /// The address as printed: the register's spelling of street and town, with the floor and
    /// door as typed.
    pub fn display(&self) -> String {
        match &self.official {
            Some(o) => Address {
                street: o.street.clone(),
                house_number: o.house_number.clone(),
                unit: self.typed.unit.clone(),
                postcode: o.postcode.clone(),
                city: o.city.clone(),
            }
            .display(),
            None => self.typed.display(),
        }
    }
}

/// Places a typed address: in the register when the municipality keeps one (an address it does
/// not know is refused), else by its form alone.
pub async fn place(db: &Db, typed: &str) -> AppResult<Result<Placed, AddressProblem>> {
    let Some(address) = Address::parse(typed) else {
        return Ok(Err(AddressProblem::Unreadable));
    };
    let official = store::find(db, &address).await?;
    if official.is_none() && store::has_register(db).await? {
        return Ok(Err(AddressProblem::Unknown));
    }
    Ok(Ok(Placed {
        typed: address,
        official,
    }))
}

/// What an import did.
#[derive(Debug)]
pub struct Imported {
    pub format: Format,
    pub addresses: u64,
    pub skipped: u64,
    /// How many access addresses the register held before.
    pub replaced: i64,
}

/// Replaces the register with the access addresses in the file at `path`, in one transaction:
/// a file that cannot be read leaves the register as it was. The file is read on its own thread
/// while the database writes; `progress` is shown on a terminal.
pub async fn import_file(db: &Db, path: &Path, progress: bool) -> AppResult<Imported> {
    let file = std::fs::File::open(path)
        .map_err(|e| AppError::Internal(format!("{}: {e}", path.display())))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let bar = match progress {
        true => indicatif::ProgressBar::new(size),
        false => indicatif::ProgressBar::hidden(),
    };
    bar.set_style(
        indicatif::ProgressStyle::with_template(
            "{bar:40} {bytes}/{total_bytes} · {per_sec} · {eta} left",
        )
        .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
    );
    import(db, bar.wrap_read(file))
        .await
        .inspect(|_| bar.finish_and_clear())
}

/// [`import_file`], from any reader.
pub async fn import(db: &Db, input: impl Read + Send + 'static) -> AppResult<Imported> {
    let mut input = BufReader::with_capacity(1 << 20, input);
    let format = Format::detect(
        input
            .fill_buf()
            .map_err(|e| AppError::Internal(e.to_string()))?,
    )
    .ok_or_else(|| AppError::Internal(ImportError::UnknownFormat.to_string()))?;
    let (send, mut batches) = tokio::sync::mpsc::channel::<Vec<Official>>(4);
    let now = jiff::Timestamp::now();
    let reading = tokio::task::spawn_blocking(move || {
        import::read(format, input, now, store::CHUNK * 4, &mut |batch| {
            // The database side has stopped: it says why.
            send.blocking_send(batch)
                .map_err(|_| ImportError::Unreadable("the import stopped".into()))
        })
    });
    let mut tx = db.begin().await?;
    let replaced = store::count_in(&mut tx).await?;
    store::clear(&mut tx).await?;
    while let Some(batch) = batches.recv().await {
        store::add(&mut tx, &batch).await?;
    }
    let read = reading
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
        .map_err(|e| AppError::Internal(e.to_string()))?;
    tx.commit().await?;
    Ok(Imported {
        format,
        addresses: read.addresses,
        skipped: read.skipped,
        replaced,
    })
}
