//! The one integration-test binary: runs the `charter` executable over fixture folders.

mod build;
mod builtin;
mod errors;
mod gfm;
mod git;
mod portfolio;
mod props;
mod support;
mod wiki;
