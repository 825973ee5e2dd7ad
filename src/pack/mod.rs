//! Policy packs: their format ([`model`], [`metric`]), the changes later layers make to
//! them ([`patch`], [`patches`]) and how they are found and read ([`load`]).

pub mod baked;
pub mod catalog;
mod catalog_file;
#[cfg(test)]
mod content_tests;
pub mod control;
pub mod file;
pub mod load;
pub mod metric;
pub mod model;
pub mod patch;
pub mod patches;
pub mod reference;
pub mod schema;
pub mod setters;

pub use control::{Control, ControlPatch, Raci};
pub use file::Pack;
pub use metric::{Metric, MetricKind};
pub use model::{Activity, Framework, ReviewRule, Runbook};
pub use patch::{Disable, Kind, Override, Target};
