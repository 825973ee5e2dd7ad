//! The plan: what a build does to each page of the wiki, and why, decided before anything
//! is written.
//!
//! Each rendered page is merged with the page on disk (see [`super::merge`]). A page whose
//! generated text was edited by hand is a conflict: writing it would lose the edit. A page
//! charter wrote earlier that is no longer generated is retired: removed, or kept when
//! it holds ticks or notes. Pages without charter's footer that charter does not generate
//! are never touched.

use std::collections::BTreeSet;
use std::path::Path;

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics};
use crate::fsutil;
use crate::pipeline::Generated;
use crate::render::Renderer;
use crate::wiki::flavor::{Flavor, page_name};
use crate::wiki::merge::{self, PageKind};
use crate::wiki::portfolio::{self, Progress};
use crate::wiki::state::{self, PageState};
use crate::write::{self, OutputFile};

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
    /// The file now (kept only when it changes).
    pub old: Option<String>,
    /// The file after the build (kept only when it changes).
    pub new: Option<String>,
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
        self.entries
            .iter()
            .all(|e| matches!(e.action, Action::Unchanged | Action::Keep))
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

/// What a plan is made from.
pub struct Input<'a> {
    /// The output root.
    pub root: &'a Path,
    /// The wiki's flavour.
    pub flavor: Flavor,
    /// Rendered engagements, sorted by id.
    pub generated: &'a [Generated],
    /// For the portfolio pages.
    pub renderer: &'a Renderer,
    /// Which pages may be retired.
    pub scope: Scope,
}

/// Decides what happens to every page.
pub fn plan(input: &Input, diags: &mut Diagnostics) -> Plan {
    check_page_names(input, diags);
    let results: Vec<(Vec<Entry>, Progress, Diagnostics)> = input
        .generated
        .par_iter()
        .map(|g| engagement_entries(input.root, g))
        .collect();
    let mut entries = Vec::new();
    let mut progress = Vec::new();
    for ((found, p, d), g) in results.into_iter().zip(input.generated) {
        entries.extend(found);
        diags.extend(d.into_items());
        progress.push((&g.engagement, p));
    }
    let pages = portfolio::render(input.renderer, input.flavor, &progress, diags);
    for (page, kind) in pages {
        match page_entry(input.root, &page, kind, None) {
            Ok((entry, _)) => entries.push(entry),
            Err(e) => diags.push(e),
        }
    }
    let generated: BTreeSet<String> = entries.iter().map(|e| e.path.clone()).collect();
    entries.extend(retired_entries(input, &generated, diags));
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    Plan { entries }
}

fn engagement_entries(root: &Path, g: &Generated) -> (Vec<Entry>, Progress, Diagnostics) {
    let mut diags = Diagnostics::default();
    let mut progress = Progress::default();
    let mut entries = Vec::new();
    let id = &g.engagement.id.value;
    for file in &g.files {
        match page_entry(root, file, PageKind::Document, Some(id)) {
            Ok((entry, p)) => {
                entries.push(entry);
                progress.add(p);
            }
            Err(e) => diags.push(e),
        }
    }
    (entries, progress, diags)
}

/// Merges one rendered page with the page on disk and decides what happens to it.
fn page_entry(
    root: &Path,
    file: &OutputFile,
    kind: PageKind,
    engagement: Option<&str>,
) -> Result<(Entry, Progress), Diagnostic> {
    let old = read_existing(root, &file.path)?;
    let page = old.as_deref().map(state::read);
    let empty = PageState::default();
    let merged = merge::merge(&file.text, page.as_ref().map_or(&empty, |p| &p.state), kind);
    let progress = Progress {
        done: merged.done,
        total: merged.total,
    };
    let (action, reason) = match (&old, &page) {
        (None, _) => (Action::Create, "new page".to_string()),
        (Some(old), _) if *old == merged.text => (Action::Unchanged, "up to date".to_string()),
        (Some(old), Some(page)) => judge_change(old, page, &merged.text),
        (Some(_), None) => (Action::Change, String::new()),
    };
    let keep_text = action != Action::Unchanged;
    let entry = Entry {
        path: file.path.clone(),
        action,
        reason,
        engagement: engagement.map(str::to_string),
        old: old.filter(|_| keep_text),
        new: keep_text.then_some(merged.text),
    };
    Ok((entry, progress))
}

/// A changed page is a conflict when generated text was edited and the edit would be lost.
fn judge_change(old: &str, page: &state::ReadPage, new: &str) -> (Action, String) {
    let new_digest = state::digest(new);
    if page.digest == new_digest {
        return (
            Action::Change,
            "layout tidied; content unchanged".to_string(),
        );
    }
    if !page.is_generated() {
        let reason = "not written by charter (no charter footer); --force replaces it";
        return (Action::Conflict, reason.to_string());
    }
    if page.edited() {
        let reason = "edited by hand outside the boxes and notes; --force replaces it";
        return (Action::Conflict, reason.to_string());
    }
    (Action::Change, line_counts(old, new))
}

fn line_counts(old: &str, new: &str) -> String {
    let diff = similar::TextDiff::from_lines(old, new);
    let (mut added, mut removed) = (0, 0);
    for change in diff.iter_all_changes() {
        match change.tag() {
            similar::ChangeTag::Insert => added += 1,
            similar::ChangeTag::Delete => removed += 1,
            similar::ChangeTag::Equal => {}
        }
    }
    format!("generated text changed (+{added} -{removed} lines)")
}

/// The file's text, or `None` when it does not exist.
fn read_existing(root: &Path, relative: &str) -> Result<Option<String>, Diagnostic> {
    let path = write::safe_target(root, relative)?;
    match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| {
            let name = fsutil::display(&path);
            Diagnostic::unlocated(format!("`{name}` is not valid UTF-8"))
                .with_help("charter pages are UTF-8; restore the file from version control")
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Diagnostic::unlocated(format!(
            "cannot read `{}`: {e}",
            fsutil::display(&path)
        ))),
    }
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
        let old = match read_existing(input.root, &relative) {
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
            old: (action == Action::Retire).then_some(old),
            new: None,
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
fn check_page_names(input: &Input, diags: &mut Diagnostics) {
    if input.flavor != Flavor::GithubWiki {
        return;
    }
    let mut seen: std::collections::BTreeMap<String, String> = input
        .flavor
        .reserved()
        .iter()
        .map(|name| (name.to_string(), "the wiki itself".to_string()))
        .collect();
    for g in input.generated {
        for file in &g.files {
            let name = page_name(&file.path).to_lowercase();
            let owner = format!("engagement `{}`", g.engagement.id.value);
            if let Some(first) = seen.get(&name) {
                let message = format!(
                    "page name `{name}` of {owner} is also used by {first}; GitHub wikis need unique page names"
                );
                diags.push(
                    Diagnostic::error(&g.engagement.id.at, message)
                        .with_help("rename one of the engagement ids"),
                );
            } else {
                seen.insert(name, owner);
            }
        }
    }
}
