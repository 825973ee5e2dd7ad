//! Policy: ordered packs and an engagement in, the merged policy and its decisions out.
//! [`resolve`] merges layers with provenance ([`layers`]: overrides and disables of every
//! kind of item, recorded in [`changes`]), [`select`] decides what applies (pure),
//! [`schedule`] holds the due-date rule, [`items`] lists the checklist items as facts,
//! [`ledger`] joins them with their ticks, and [`explain`] and [`explain_item`] say why;
//! [`draft`] finds a first draft's mistakes.

pub mod changes;
pub mod draft;
pub mod explain;
pub mod explain_item;
pub mod items;
pub mod layers;
pub mod ledger;
pub mod places;
pub mod resolve;
pub mod schedule;
pub mod select;
pub mod shown;
