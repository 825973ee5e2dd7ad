//! Policy packs: their format ([`model`]) and how they are found and read ([`load`]).

pub mod load;
pub mod model;

pub use model::{
    Activity, Control, ControlPatch, Disable, Framework, Pack, Raci, ReviewRule, Runbook, Step,
};
