//! Policy packs: their format ([`model`], [`metric`]) and how they are found and read
//! ([`load`]).

pub mod catalog;
pub mod control;
pub mod load;
pub mod metric;
pub mod model;
pub mod reference;

pub use control::{Control, ControlPatch, Disable};
pub use metric::{Metric, MetricKind};
pub use model::{Activity, Framework, Pack, Raci, ReviewRule, Runbook};
