//! Policy: ordered packs and an engagement in, the merged policy and its decisions out.
//! [`resolve`] merges layers with provenance, [`select`] decides what applies (pure), and
//! [`explain`] says why.

pub mod explain;
pub mod resolve;
pub mod select;
