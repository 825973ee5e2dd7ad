//! Policy packs: their format ([`model`], [`metric`]) and how they are found and read
//! ([`load`]).

pub mod catalog;
#[cfg(test)]
mod content_tests;
pub mod control;
pub mod load;
pub mod metric;
pub mod model;
pub mod reference;
pub mod schema;

pub use control::{Control, ControlPatch, Disable, Raci};
pub use metric::{Metric, MetricKind};
pub use model::{Activity, Framework, Pack, ReviewRule, Runbook};
