//! charter: policy packs and an engagement file in, an engagement's Markdown documents out.
//!
//! The pipeline, one module per stage:
//! [`yaml`] parses (the only YAML code) -> [`decode`] builds typed [`engagement`] and
//! [`pack`] values, collecting every problem -> [`pack::load`] finds packs and orders them
//! -> [`resolve`] merges layers with provenance -> [`select`] decides what applies (pure)
//! -> [`render`] fills Tera templates -> [`wiki`] merges people's ticks and notes into the
//! pages and plans every file -> [`write`] writes what changed, atomically.
//! [`pipeline`] strings the stages together and [`batch`] runs them over many engagements
//! in parallel; [`workspace`] reads `charter.yaml`;
//! [`markdown`] is the one place Markdown parsing is configured; [`cmd`] holds one function
//! per subcommand.
//! [`catalog`] holds the framework identifiers that control mappings are checked against.

// No panics on input: errors are diagnostics. Tests may unwrap.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod batch;
pub mod builtin;
pub mod catalog;
pub mod cli;
pub mod cmd;
pub mod decode;
pub mod diag;
pub mod engagement;
pub mod explain;
pub mod fingerprint;
pub mod fsutil;
pub mod markdown;
pub mod pack;
pub mod params;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod review;
pub mod schema;
pub mod select;
pub mod source;
pub mod status;
pub mod suggest;
pub mod validate;
pub mod vocab;
pub mod when;
pub mod wiki;
pub mod workspace;
pub mod write;
pub mod yaml;
