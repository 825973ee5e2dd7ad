//! charter: policy packs and an engagement file in, an engagement's Markdown documents out.
//!
//! The stages, one folder each, every layer importing only the layers below it:
//!
//! ```text
//! input    files -> typed engagements, workspace settings, pack text (YAML, located errors)
//! pack     pack files -> decoded packs in application order, framework catalogs
//! policy   packs + engagement -> merged policy, decisions, checklist items, due dates
//! review   policy + decisions -> findings
//! render   policy + decisions + findings -> Markdown documents (Tera templates)
//! wiki     documents + pages on disk -> a plan of every file, people's state carried over
//! status   typed items + ticks read from the wiki -> progress, overdue items
//! oscal    packs, decisions and progress -> OSCAL catalogs and assessment results
//! project  command-line settings -> the one way to find, load and resolve engagements
//! cmd      one orchestration function per subcommand
//! ```
//!
//! Beside them: [`diag`] (located problems), [`fs`] (the one file-system layer),
//! [`allocator`] (the allocator's settings a run changes),
//! [`markdown`] (the one Markdown parser setup), [`fingerprint`] (stable digests) and
//! [`paths`] (file names relative to the workspace or repository).

// No panics on input: errors are diagnostics. Tests may unwrap.
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic)
)]

pub mod allocator;
mod cli;
mod cmd;
mod diag;
mod fingerprint;
mod fs;
mod input;
pub mod markdown;
mod oscal;
mod pack;
mod paths;
mod policy;
mod project;
mod render;
mod review;
mod status;
mod wiki;

pub mod probe;

pub use cli::Cli;
pub use cmd::{Exit, run};

/// Every text of at most `most` of `pieces` one after another, the empty text first, each
/// once: for tests that try every arrangement of a few characters.
#[cfg(test)]
pub(crate) fn every_text(pieces: &[&str], most: usize) -> Vec<String> {
    let mut texts = vec![String::new()];
    let mut last = texts.clone();
    for _ in 0..most {
        last = (last.iter())
            .flat_map(|t| pieces.iter().map(move |p| format!("{t}{p}")))
            .collect();
        texts.extend(last.iter().cloned());
    }
    texts
}
