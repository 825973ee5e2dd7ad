//! Policy packs: their format ([`model`], [`metric`]) and how they are found and read
//! ([`load`]).

pub mod load;
pub mod metric;
pub mod model;

pub use metric::{Cadence, Metric, MetricKind};
pub use model::{
    Activity, Control, ControlPatch, Disable, Framework, Pack, Raci, ReviewRule, Runbook, Step,
};
