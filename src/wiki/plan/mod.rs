//! The plan: what a build does to each page of the wiki, and why, decided before anything
//! is written.
//!
//! Each rendered page is merged with the page on disk (see [`super::merge`]). A page whose
//! generated text was edited by hand is a conflict: writing it would lose the edit. A page
//! charter wrote earlier that is no longer generated is retired: removed, or kept when
//! it holds ticks or notes. Pages without charter's footer that charter does not generate
//! are never touched.

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::Diagnostics;
use crate::fs;
use crate::render::Renderer;
use crate::render::flavor::{Flavor, page_name};
pub use crate::wiki::entry::{Action, Content, Entry, Keep, PagePath, PlannedFile, Texts};
pub use crate::wiki::group::Group;
use crate::wiki::pages::{self, EngagementPlan};
use crate::wiki::portfolio;
use crate::wiki::record::{self, Record, Recorded};
use crate::wiki::stage::Stage;
use crate::wiki::state;

mod order;

pub use order::Plan;

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
    /// The wiki's record as the build found it.
    pub record: &'a Record,
    /// The engagement files, where each plan's file is ([`EngagementPlan::file`]).
    pub files: &'a [PathBuf],
}

/// Completes the plan from every engagement's pages (see [`pages::engagement`]): adds the
/// portfolio pages and the retired pages, sorted by path.
pub fn plan(input: &Input, engagements: Vec<EngagementPlan>, diags: &mut Diagnostics) -> Plan {
    check_page_names(input, &engagements, diags);
    let mut entries: Vec<Entry> = record_entry(input, &engagements, diags)
        .into_iter()
        .collect();
    let pages = match input.portfolio {
        true => portfolio::render(input.renderer, input.flavor, &engagements, diags),
        false => Vec::new(),
    };
    let inputs = portfolio::fingerprint(input.renderer, input.flavor, &engagements);
    let mut groups = Vec::with_capacity(engagements.len() + 2);
    groups.extend(engagements.into_iter().map(|e| e.entries));
    let folders = &mut fs::SafeFolders::default();
    for (page, kind) in pages {
        let owner = (None, Some(inputs));
        let entry = pages::read_existing(input.root, &page.path, folders)
            .and_then(|old| pages::page_entry(page, old, kind, input.keep, owner, diags))
            .map(|judged| judged.entry);
        match entry {
            Ok(entry) => entries.push(entry),
            Err(e) => diags.push(e),
        }
    }
    groups.extend(Group::pack_runs(entries));
    let mut plan = Plan::new(groups);
    let retired = retired_entries(input, &plan, diags);
    plan.add(Group::pack_runs(retired));
    plan
}

/// The wiki's record of its engagements, updated with this build's: an id recorded for
/// another engagement file that still exists is an error naming both.
fn record_entry(
    input: &Input,
    engagements: &[EngagementPlan],
    diags: &mut Diagnostics,
) -> Option<Entry> {
    let old = input.record;
    let built = engagements.iter().filter(|e| !e.listed_only);
    for e in built.clone() {
        let id = e.id();
        if let Some(other) = old.file_of(input.root, id) {
            // The same path is the same file: only another path is looked up.
            let same = |a: &Path, b: &Path| a.canonicalize().ok() == b.canonicalize().ok();
            let file = e.file(input.files);
            if other != file && other.is_file() && !same(&other, file) {
                let message = format!(
                    "engagement id `{id}` already belongs to `{}` in this wiki",
                    fs::display(&other)
                );
                let help = format!(
                    "give this engagement its own id; `{}` records which file each id was built from",
                    record::PATH
                );
                diags.push(e.id_error(input.files, message).with_help(help));
            }
        }
    }
    let flavor = input.flavor.to_string();
    // Written as it is compared or staged: neither a record nor its text is held beside
    // the engagements. A build of the whole workspace writes the record anew from them,
    // sorted by id: `Project::each` gives them in id order (each id once: one used twice
    // stops the build before); the sort, a pass over sorted ids, keeps the record's order
    // from resting on it. A build of named engagements writes the old record with theirs
    // in place.
    let mut sorted: Vec<&EngagementPlan> = Vec::new();
    let mut newer: Vec<(&str, Recorded)> = Vec::new();
    match input.scope {
        Scope::Everything => {
            sorted.extend(built);
            sorted.sort_by(|a, b| a.id().cmp(b.id()));
        }
        Scope::Engagements(_) => {
            newer.extend(built.map(|e| {
                let recorded = Recorded::of(input.root, e.file(input.files), e.built, e.progress);
                (e.id(), recorded)
            }));
            // Each id once (one used twice stops the build before).
            newer.sort_by(|a, b| a.0.cmp(b.0));
            newer.dedup_by(|a, b| a.0 == b.0);
        }
    }
    let listed = || {
        (sorted.iter()).map(|e| {
            let recorded = Recorded::of(input.root, e.file(input.files), e.built, e.progress);
            (e.id(), recorded)
        })
    };
    let write: fs::WriteText = &|out| match input.scope {
        Scope::Everything => record::write_of(&flavor, listed(), out),
        Scope::Engagements(_) => old.write_with(&flavor, &newer, out),
    };
    // Compared with the file as it is read: a record left as it was is not held twice.
    let same = pages::existing_holds(input.root, record::PATH, write);
    let (action, reason) = match same.map_err(|e| diags.push(e)).ok()? {
        Some(true) => (Action::Unchanged, "up to date"),
        Some(false) => (Action::Change, "engagements and their inputs recorded"),
        None => (Action::Create, "new record of the wiki's engagements"),
    };
    let texts = match (action, input.keep) {
        (Action::Unchanged, _) => Texts::None,
        (_, Keep::Texts) => {
            let old_text = match action {
                Action::Create => None,
                _ => pages::read_existing(input.root, record::PATH, &mut Default::default())
                    .map_err(|e| diags.push(e))
                    .ok()?,
            };
            // Room for a workspace's record at once (about 350 bytes an engagement): a
            // buffer that doubles as it grows holds up to three times the text at once.
            let mut text = Vec::with_capacity(256 + 368 * sorted.len());
            write(&mut text)
                .map_err(|e| diags.push(cannot_write_record(&e)))
                .ok()?;
            let text = String::from_utf8(text).unwrap_or_default();
            Texts::held(old_text, Some(text))
        }
        (_, Keep::Stage(stage)) => Texts::Staged(
            stage
                .put_written(record::PATH, write)
                .map_err(|e| diags.push(e))
                .ok()?,
        ),
    };
    Some(Entry {
        path: record::PATH.to_string(),
        action,
        reason: reason.into(),
        engagement: None,
        texts,
        // Bookkeeping: the pages say whether the wiki is current.
        follows_state: action == Action::Change,
    })
}

/// The record could not be written out (serialization never fails on the record's types).
fn cannot_write_record(e: &std::io::Error) -> crate::diag::Diagnostic {
    let message = format!("cannot write `{}`: {e}", record::PATH);
    crate::diag::Diagnostic::unlocated(message)
}

/// Pages charter wrote earlier (they carry its footer) that this build no longer makes.
fn retired_entries(input: &Input, generated: &Plan, diags: &mut Diagnostics) -> Vec<Entry> {
    let mut entries = Vec::new();
    let candidate = |relative: &str| !generated.has(relative) && in_scope(&input.scope, relative);
    let stage = match input.keep {
        Keep::Stage(stage) => Some(stage),
        Keep::Texts => None,
    };
    let folders = &mut fs::SafeFolders::default();
    for relative in markdown_files(input.root, candidate, stage, diags) {
        let old = match pages::read_existing(input.root, &relative, folders) {
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
        let engagement = relative.split_once('/').map(|(e, _)| Arc::from(e));
        entries.push(Entry {
            path: relative,
            action,
            reason: reason.into(),
            engagement,
            texts: match (action, input.keep) {
                (Action::Retire, Keep::Texts) => Texts::held(Some(old), None),
                _ => Texts::None,
            },
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

/// Every `.md` file under `root` that is `wanted`, sorted, relative to it, skipping hidden
/// files and folders. Only those are kept: the wiki's other pages (every page of an
/// unchanged rebuild) are looked at one by one. The same walk finds, for the `stage` of a
/// build that writes, the files an earlier build staged and left behind (in the folders
/// builds write in: the visible ones and the record's), so that the wiki is walked once.
fn markdown_files(
    root: &Path,
    wanted: impl Fn(&str) -> bool,
    stage: Option<&Stage>,
    diags: &mut Diagnostics,
) -> Vec<String> {
    let record_folder = record::PATH.split_once('/').map(|(folder, _)| folder);
    let enter = |name: &OsStr, depth: usize| {
        !fs::is_hidden(name) || (depth == 1 && name.to_str() == record_folder)
    };
    let mut files = Vec::new();
    let found = fs::each_file(root, enter, |path, _| {
        let Some(relative) = path.strip_prefix(root).ok().map(fs::display) else {
            return;
        };
        let hidden = path.file_name().is_some_and(fs::is_hidden);
        // Pages are visible files in visible folders (not in the record's).
        let page = !hidden && !relative.starts_with('.') && fs::has_extension(&path, &["md"]);
        if page && wanted(&relative) {
            files.push(relative);
        } else if let (true, Some(stage)) = (hidden, stage) {
            stage.found(path);
        }
    });
    found.unwrap_or_else(|e| diags.push(e));
    files
}

/// GitHub wikis link by page name across folders: every name must be unique (the
/// documents' and the person pages').
fn check_page_names(input: &Input, engagements: &[EngagementPlan], diags: &mut Diagnostics) {
    let flavor = input.flavor;
    if flavor != Flavor::GithubWiki {
        return;
    }
    let mut seen: BTreeMap<String, String> = flavor
        .reserved()
        .iter()
        .map(|name| (name.to_string(), "the wiki itself".to_string()))
        .collect();
    for e in engagements.iter().filter(|e| !e.listed_only) {
        let id = e.id();
        let pages = (e.entries.iter()).filter(|entry| entry.action != Action::Retire);
        for page in pages {
            let name = page_name(&page.path.to_string()).to_lowercase();
            let owner = format!("engagement `{id}`");
            if let Some(first) = seen.get(&name) {
                let message = format!(
                    "page name `{name}` of {owner} is also used by {first}; GitHub wikis need unique page names"
                );
                let help = "rename one of the engagement ids";
                diags.push(e.id_error(input.files, message).with_help(help));
            } else {
                seen.insert(name, owner);
            }
        }
    }
}
