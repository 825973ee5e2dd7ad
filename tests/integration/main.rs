//! The one integration-test binary: runs the `charter` executable over fixture folders.

mod build;
mod builtin;
mod coverage;
mod errors;
mod gfm;
mod models;
mod packs_doc;
mod support;
mod wording;
