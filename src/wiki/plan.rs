//! The plan: what a build does to each page of the wiki, and why, decided before anything
//! is written.
//!
//! Each rendered page is merged with the page on disk (see [`super::merge`]). A page whose
//! generated text was edited by hand is a conflict: writing it would lose the edit. A page
//! charter wrote earlier that is no longer generated is retired: removed, or kept when
//! it holds ticks or notes. Pages without charter's footer that charter does not generate
//! are never touched.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::render::Renderer;
use crate::render::context::DOCUMENTS;
use crate::wiki::flavor::{Flavor, page_name};
use crate::wiki::pages::{self, EngagementPlan};
use crate::wiki::portfolio;
use crate::wiki::stage::Stage;
use crate::wiki::state;

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
    pub reason: String,
    /// The engagement the page belongs to (none for portfolio pages).
    pub engagement: Option<String>,
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
    Staged(PathBuf),
}

/// Where new page texts go while the plan is made.
#[derive(Clone, Copy, Debug)]
pub enum Keep<'a> {
    /// Keep old and new texts in memory, for diffs.
    Texts,
    /// Stage new texts on disk; old texts are not needed.
    Stage(&'a Stage),
}

/// Every file a build touches or considered, sorted by path.
#[derive(Debug, Default)]
pub struct Plan {
    /// The entries, sorted by path.
    pub entries: Vec<Entry>,
}

impl Plan {
    /// Entries with the given action.
    pub fn with(&self, action: Action) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(move |e| e.action == action)
    }

    /// Whether the wiki already matches the build: nothing to write, no conflicts.
    pub fn is_current(&self) -> bool {
        self.entries.iter().all(|e| match e.action {
            Action::Unchanged | Action::Keep => true,
            Action::Change => e.follows_state,
            _ => false,
        })
    }
}

/// Which existing pages a build may retire.
#[derive(Clone, Debug)]
pub enum Scope {
    /// The whole wiki: a workspace build knows every engagement.
    Everything,
    /// Only the folders of these engagements: a build of named engagement files.
    Engagements(BTreeSet<String>),
}

/// What a plan is made from besides the engagements.
pub struct Input<'a> {
    /// The output root.
    pub root: &'a Path,
    /// The wiki's flavour.
    pub flavor: Flavor,
    /// For the portfolio pages.
    pub renderer: &'a Renderer,
    /// Which pages may be retired.
    pub scope: Scope,
    /// Whether to make the portfolio pages.
    pub portfolio: bool,
    /// Where new page texts go.
    pub keep: Keep<'a>,
}

/// Completes the plan from every engagement's pages (see [`pages::engagement`]): adds the
/// portfolio pages and the retired pages, sorted by path.
pub fn plan(input: &Input, engagements: Vec<EngagementPlan>, diags: &mut Diagnostics) -> Plan {
    check_page_names(input.flavor, &engagements, diags);
    let mut entries = Vec::new();
    let mut rows = Vec::new();
    for e in engagements {
        entries.extend(e.entries);
        rows.push((e.summary, e.progress));
    }
    let pages = match input.portfolio {
        true => portfolio::render(input.renderer, input.flavor, &rows, diags),
        false => Vec::new(),
    };
    let inputs = portfolio::fingerprint(input.renderer, input.flavor, &rows);
    for (page, kind) in pages {
        match pages::page_entry(
            input.root,
            &page,
            kind,
            input.keep,
            (None, Some(inputs)),
            None,
        ) {
            Ok((entry, _)) => entries.push(entry),
            Err(e) => diags.push(e),
        }
    }
    let generated: BTreeSet<String> = entries.iter().map(|e| e.path.clone()).collect();
    entries.extend(retired_entries(input, &generated, diags));
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    Plan { entries }
}

/// Pages charter wrote earlier (they carry its footer) that this build no longer makes.
fn retired_entries(
    input: &Input,
    generated: &BTreeSet<String>,
    diags: &mut Diagnostics,
) -> Vec<Entry> {
    let mut entries = Vec::new();
    for relative in markdown_files(input.root) {
        if generated.contains(&relative) || !in_scope(&input.scope, &relative) {
            continue;
        }
        let old = match pages::read_existing(input.root, &relative) {
            Ok(Some(old)) => old,
            Ok(None) => continue,
            Err(e) => {
                diags.push(e);
                continue;
            }
        };
        let page = state::read(&old);
        if !page.is_generated() {
            continue;
        }
        let (action, reason) = if page.state.holds_work() {
            let why = "no longer generated; kept because it holds ticks or notes";
            (Action::Keep, why)
        } else {
            (Action::Retire, "no longer generated")
        };
        let engagement = relative.split_once('/').map(|(e, _)| e.to_string());
        entries.push(Entry {
            path: relative,
            action,
            reason: reason.to_string(),
            engagement,
            old: (action == Action::Retire && matches!(input.keep, Keep::Texts)).then_some(old),
            new: None,
            follows_state: false,
        });
    }
    entries
}

fn in_scope(scope: &Scope, relative: &str) -> bool {
    match scope {
        Scope::Everything => true,
        Scope::Engagements(ids) => relative
            .split_once('/')
            .is_some_and(|(folder, _)| ids.contains(folder)),
    }
}

/// Every `.md` file under `root`, sorted, skipping hidden folders and links.
fn markdown_files(root: &Path) -> Vec<String> {
    walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.file_name().to_string_lossy().ends_with(".md"))
        .filter_map(|e| {
            let relative = e.path().strip_prefix(root).ok()?;
            Some(relative.to_string_lossy().replace('\\', "/"))
        })
        .collect()
}

/// GitHub wikis link by page name across folders: every name must be unique.
fn check_page_names(flavor: Flavor, engagements: &[EngagementPlan], diags: &mut Diagnostics) {
    if flavor != Flavor::GithubWiki {
        return;
    }
    let mut seen: BTreeMap<String, String> = flavor
        .reserved()
        .iter()
        .map(|name| (name.to_string(), "the wiki itself".to_string()))
        .collect();
    for e in engagements {
        let id = &e.summary.id;
        for (document, _) in DOCUMENTS {
            let name = page_name(&flavor.page_path(id, document)).to_lowercase();
            let owner = format!("engagement `{}`", id.value);
            if let Some(first) = seen.get(&name) {
                let message = format!(
                    "page name `{name}` of {owner} is also used by {first}; GitHub wikis need unique page names"
                );
                let help = "rename one of the engagement ids";
                diags.push(Diagnostic::error(&id.at, message).with_help(help));
            } else {
                seen.insert(name, owner);
            }
        }
    }
}
