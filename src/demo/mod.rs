//! Demo data from the seed's own examples (Aarhus Kommune's 2019 seminar on co-creation: the
//! people, organisations and what they do in `aarhus.toml`, loaded by `scenario.rs`), and
//! synthetic initiatives for benchmarks (`demo --scale N`).

use crate::accounts::model::Registration;
use crate::accounts::store as accounts;
use crate::actors::model::{ActorKind, OrganisationDraft};
use crate::actors::store as actors;
use crate::initiatives::model::*;
use crate::initiatives::store::{self as initiatives, Starter};
use crate::mobilisation::model::*;
use crate::mobilisation::store as mobilisation;
use crate::platform::auth::{MembershipRole, PlatformRole};
use crate::platform::db::Db;
use crate::platform::error::{AppError, AppResult};

mod debate;
mod evaluation;
mod municipality;
mod neighbourhood;
mod proposals;
mod registers;
mod scale;
mod scenario;
mod tips;
mod workshops;
use debate::*;
use evaluation::*;
use municipality::*;
use neighbourhood::*;
use proposals::*;
use registers::*;
pub use scale::*;
pub use scenario::{is_loaded, load, logins};
use tips::*;
use workshops::*;

/// The password of every demo login.
pub const PASSWORD: &str = "medspil-demo";
