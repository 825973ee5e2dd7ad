//! The wiki repository: merging people's ticks and notes into fresh pages, planning and
//! checking what a build changes, portfolio pages, flavours, and committing.
//!
//! The stages after rendering: [`pages`] reads each engagement's existing pages
//! ([`on_disk`]; their state by [`state`], located by [`scan`], charter's lines known by
//! the [`line_digest`]s their [`footer`] records), reuses them when their inputs did not
//! change or carries their state into
//! the new rendering ([`merge`]) and judges each page's change ([`judge`]); [`plan`] adds the [`portfolio`] pages laid out for the
//! [`flavor`] and the retired pages, deciding per file what happens ([`entry`], kept packed by [`group`]); [`report`] prints a plan or its diff;
//! new texts are staged on disk ([`stage`]) until [`apply`] moves them into place; [`git`] commits what was written.

pub mod apply;
pub mod entry;
pub mod footer;
pub mod fresh;
pub mod git;
pub mod group;
pub mod judge;
pub mod line_digest;
pub mod merge;
#[cfg(test)]
mod merge_props;
pub mod on_disk;
pub mod page_path;
pub mod pages;
pub mod plan;
pub mod portfolio;
pub mod record;
pub mod report;
pub mod scan;
pub mod stage;
pub mod state;
