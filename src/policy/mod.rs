//! Policy: ordered packs and an engagement in, the merged policy and its decisions out.
//! [`resolve`] merges layers with provenance, [`select`] decides what applies (pure),
//! [`schedule`] holds the due-date rule, [`items`] lists the checklist items as facts,
//! [`ledger`] joins them with their ticks, and [`explain`] says why; [`draft`] finds a
//! first draft's mistakes.

pub mod draft;
pub mod explain;
pub mod items;
pub mod ledger;
pub mod resolve;
pub mod schedule;
pub mod select;
