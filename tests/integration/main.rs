//! The one integration-test binary: runs the `charter` executable over fixture folders.

mod attacks;
mod build;
mod builtin;
mod commands;
mod content;
mod coverage;
mod crash;
mod ecosystem;
mod errors;
mod fuzz_seeds;
mod gfm;
mod git;
mod hostile;
mod models;
mod one_way;
mod packs_doc;
mod portfolio;
mod props;
mod review;
mod schema;
mod state;
mod status;
mod support;
mod wiki;
mod wiki_edits;
mod wording;
