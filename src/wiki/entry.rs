//! One file of a build's plan: what happens to it, why, and its new text.

use std::borrow::Cow;
use std::sync::Arc;

pub use crate::wiki::page_path::PagePath;
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

/// One file of the plan, as planning makes it; a plan keeps it packed in a
/// [`crate::wiki::group::Group`].
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
    /// The file's texts, as far as this run keeps them.
    pub texts: Texts,
    /// The change only follows people's ticks and notes (such as the progress on the home
    /// page): the inputs are unchanged, so `--check` does not count the page as stale.
    pub follows_state: bool,
}

/// One file of the plan, as the plan gives it.
#[derive(Clone, Copy, Debug)]
pub struct PlannedFile<'p> {
    /// Path relative to the output root, `/`-separated.
    pub path: PagePath<'p>,
    /// What happens.
    pub action: Action,
    /// Why, in a few words.
    pub reason: &'p str,
    /// The engagement the page belongs to (none for portfolio pages).
    pub engagement: Option<&'p str>,
    /// The file's texts, as far as this run keeps them.
    pub(super) texts: Kept<'p>,
    /// The change only follows people's ticks and notes (see [`Entry::follows_state`]).
    pub follows_state: bool,
}

/// An entry's texts as the plan gives them.
#[derive(Clone, Copy, Debug)]
pub(super) enum Kept<'p> {
    None,
    Staged(Staged),
    Held(&'p Held),
}

impl<'p> PlannedFile<'p> {
    /// The file now, when it changes and this run keeps texts (`--plan`, `--check`).
    pub fn old(&self) -> Option<&'p str> {
        match self.texts {
            Kept::Held(held) => held.old.as_deref(),
            _ => None,
        }
    }

    /// The file after the build, when it changes.
    pub fn content(&self) -> Option<Content<'p>> {
        match self.texts {
            Kept::None => None,
            Kept::Staged(staged) => Some(Content::Staged(staged)),
            Kept::Held(held) => held.new.as_deref().map(Content::Text),
        }
    }
}

/// What an entry keeps of its file's texts: one word in a build, where most entries keep
/// a staged page or nothing, so that a portfolio's plan stays small.
#[derive(Clone, Debug, Default)]
pub enum Texts {
    /// Nothing: the file does not change, or a build retires it.
    #[default]
    None,
    /// The new text, staged on disk beside its target (a build).
    Staged(Staged),
    /// The texts in memory, for diffs (`--plan`, `--check`).
    Held(Box<Held>),
}

/// A file's texts held in memory.
#[derive(Clone, Debug, Default)]
pub struct Held {
    /// The file now.
    pub old: Option<String>,
    /// The file after the build.
    pub new: Option<String>,
}

impl Texts {
    /// Texts held in memory: the new text, and the old one when there is one.
    pub fn held(old: Option<String>, new: Option<String>) -> Texts {
        Texts::Held(Box::new(Held { old, new }))
    }
}

/// A new page text, in memory or staged on disk.
#[derive(Clone, Copy, Debug)]
pub enum Content<'a> {
    /// In memory (`--plan`, `--check`).
    Text(&'a str),
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
