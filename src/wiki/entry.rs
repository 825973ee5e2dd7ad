//! One file of a build's plan: what happens to it, why, and its new text.

use std::borrow::Cow;
use std::sync::Arc;

use crate::wiki::stage::{Stage, Staged};

/// What happens to one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Action {
    /// A new page.
    Create,
    /// The page's bytes change.
    Change,
    /// The page is current.
    Unchanged,
    /// The page is no longer generated and holds no one's work: it is removed.
    Retire,
    /// The page is no longer generated but holds ticks or notes: it stays as it is.
    Keep,
    /// The page's generated text was edited by hand; only `--force` overwrites it.
    Conflict,
}

impl Action {
    /// The word shown in plans.
    pub fn word(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Change => "change",
            Action::Unchanged => "unchanged",
            Action::Retire => "retire",
            Action::Keep => "keep",
            Action::Conflict => "conflict",
        }
    }
}

/// One file of the plan.
#[derive(Clone, Debug)]
pub struct Entry {
    /// Path relative to the output root, `/`-separated.
    pub path: String,
    /// What happens.
    pub action: Action,
    /// Why, in a few words.
    pub reason: Cow<'static, str>,
    /// The engagement the page belongs to (none for portfolio pages), shared by its pages.
    pub engagement: Option<Arc<str>>,
    /// The file now (kept only for `--check` diffs, and only when it changes).
    pub old: Option<String>,
    /// The file after the build (only when it changes).
    pub new: Option<Content>,
    /// The change only follows people's ticks and notes (such as the progress on the home
    /// page): the inputs are unchanged, so `--check` does not count the page as stale.
    pub follows_state: bool,
}

/// A new page text, held in memory or staged on disk.
#[derive(Clone, Debug)]
pub enum Content {
    /// In memory (`--plan`, `--check`).
    Text(String),
    /// In a staged file beside its target (a build).
    Staged(Staged),
}

/// Where new page texts go while the plan is made.
#[derive(Clone, Copy, Debug)]
pub enum Keep<'a> {
    /// Keep old and new texts in memory, for diffs.
    Texts,
    /// Stage new texts on disk; old texts are not needed.
    Stage(&'a Stage),
}
