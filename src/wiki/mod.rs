//! The wiki repository: merging people's ticks and notes into fresh pages, planning and
//! checking what a build changes, portfolio pages, flavours, and committing.
//!
//! The stages after rendering: [`plan`] reads each existing page ([`state`]), carries its
//! state into the new rendering ([`merge`]), adds the [`portfolio`] pages laid out for the
//! [`flavor`], and decides per file what happens; [`report`] prints a plan or its diff;
//! [`apply`] writes it; [`git`] commits what was written.

pub mod apply;
pub mod flavor;
pub mod git;
pub mod merge;
pub mod plan;
pub mod portfolio;
pub mod report;
pub mod state;
