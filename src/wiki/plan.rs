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

/// The places of the entries of `groups` from number `first` on, in path order. Each
/// group's entries are in path order ([`Group::pack`]), and most groups (one engagement's
/// folder each) hold paths that no other group's fall between: those are laid one after
/// another, ordered by their first paths, and the entries of any group that does not fit
/// so (pages at the wiki's top, beside the engagements' folders) are sorted and merged in.
/// A build of 10,000 engagements compares a few hundred thousand paths rather than a few
/// million.
fn in_path_order(groups: &[Group], first: usize) -> Vec<(u32, u32)> {
    let path = |g: usize, i: usize| groups[g].path(i);
    let mut runs: Vec<usize> = (first..groups.len())
        .filter(|&g| groups[g].len() > 0)
        .collect();
    runs.sort_unstable_by(|&a, &b| path(a, 0).cmp(&path(b, 0)));
    let places = |g: usize| (0..groups[g].len()).map(move |i| (g as u32, i as u32));
    let mut laid: Vec<(u32, u32)> = Vec::with_capacity(runs.iter().map(|&g| groups[g].len()).sum());
    let mut rest = Vec::new();
    let mut last: Option<usize> = None;
    for g in runs {
        let after = last.is_none_or(|l| path(l, groups[l].len() - 1) < path(g, 0));
        match after {
            true => {
                laid.extend(places(g));
                last = Some(g);
            }
            false => rest.extend(places(g)),
        }
    }
    let at = |&(g, i): &(u32, u32)| path(g as usize, i as usize);
    debug_assert!(laid.is_sorted_by(|a, b| at(a) < at(b)));
    // Paths are unique: an unstable sort gives the same order, without a buffer.
    rest.sort_unstable_by(|a, b| at(a).cmp(&at(b)));
    merge_sorted(groups, &mut laid, rest);
    laid
}

/// Merges `added` into `order`, both in path order, from the back, in place.
fn merge_sorted(groups: &[Group], order: &mut Vec<(u32, u32)>, added: Vec<(u32, u32)>) {
    let path = |&(g, i): &(u32, u32)| groups[g as usize].path(i as usize);
    let (mut a, mut b) = (order.len(), added.len());
    order.resize(a + b, (0, 0));
    while b > 0 {
        let take_a = a > 0 && path(&order[a - 1]) > path(&added[b - 1]);
        let place = a + b - 1;
        if take_a {
            order[place] = order[a - 1];
            a -= 1;
        } else {
            order[place] = added[b - 1];
            b -= 1;
        }
    }
}

/// Every file a build touches or considered, sorted by path.
///
/// The entries stay in the groups they were made in (an engagement's pages, packed on the
/// thread that planned it; the portfolio's; the retired pages), and an index of places
/// gives them in path order: a portfolio's entries are not moved into one list, which
/// would hold them twice while it grows.
#[derive(Debug, Default)]
pub struct Plan {
    groups: Vec<Group>,
    /// Each entry's group and place in it, sorted by the entry's path.
    order: Vec<(u32, u32)>,
}

impl Plan {
    /// A plan of these groups of entries; paths are unique.
    fn new(groups: Vec<Group>) -> Plan {
        let order = in_path_order(&groups, 0);
        Plan { groups, order }
    }

    /// Adds these groups of entries, whose paths are not in the plan yet.
    fn add(&mut self, groups: Vec<Group>) {
        let first = self.groups.len();
        self.groups.extend(groups);
        let added = in_path_order(&self.groups, first);
        let mut order = std::mem::take(&mut self.order);
        merge_sorted(&self.groups, &mut order, added);
        self.order = order;
    }

    /// Whether a page at `path` is in the plan.
    pub fn has(&self, path: &str) -> bool {
        let at = |&(g, i): &(u32, u32)| self.groups[g as usize].path(i as usize);
        (self.order.binary_search_by(|place| at(place).cmp_str(path))).is_ok()
    }

    /// Every entry, sorted by path.
    pub fn entries(&self) -> impl Iterator<Item = PlannedFile<'_>> + Clone {
        (self.order.iter()).map(|&(g, i)| self.groups[g as usize].get(i as usize))
    }

    /// The entry at `place` in path order.
    pub fn at(&self, place: usize) -> PlannedFile<'_> {
        let (g, i) = self.order[place];
        self.groups[g as usize].get(i as usize)
    }

    /// Entries with the given action.
    pub fn with(&self, action: Action) -> impl Iterator<Item = PlannedFile<'_>> {
        self.entries().filter(move |e| e.action == action)
    }

    /// The paths a build may write or remove: everything but unchanged and kept files.
    pub fn touched(&self) -> Vec<String> {
        let touched = self
            .entries()
            .filter(|e| !matches!(e.action, Action::Unchanged | Action::Keep));
        touched.map(|e| e.path.to_string()).collect()
    }

    /// Whether the wiki already matches the build: nothing to write, no conflicts.
    pub fn is_current(&self) -> bool {
        self.entries().all(|e| match e.action {
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn group(engagement: Option<&str>, paths: &[&str]) -> Group {
        let entries = paths.iter().map(|path| Entry {
            path: path.to_string(),
            action: Action::Create,
            reason: Cow::Borrowed("new page"),
            engagement: engagement.map(Arc::from),
            texts: Texts::None,
            follows_state: false,
        });
        Group::pack(engagement.map(Arc::from), entries.collect())
    }

    #[test]
    fn added_entries_are_merged_into_path_order() {
        let mut plan = Plan::new(vec![
            group(Some("b"), &["b/index.md", "b/raci.md"]),
            group(Some("a"), &["a/index.md", "a/z.md"]),
            group(None, &["index.md"]),
        ]);
        assert!(plan.has("a/z.md") && plan.has("index.md"));
        assert!(!plan.has("a/old.md") && !plan.has("c/index.md"));
        plan.add(vec![
            group(None, &["zz.md", "a/old.md", "0.md"]),
            group(Some("b"), &["b/people/x.md"]),
        ]);
        plan.add(Vec::new());
        let paths: Vec<String> = plan.entries().map(|e| e.path.to_string()).collect();
        let mut sorted = paths.clone();
        sorted.sort_unstable();
        assert_eq!(paths, sorted);
        assert_eq!(paths.len(), 9);
        assert!(
            ["a/old.md", "0.md", "zz.md", "b/people/x.md"]
                .iter()
                .all(|p| plan.has(p))
        );
        assert!(plan.at(0).path.is("0.md"));
    }

    /// However the groups' paths fall among each other (engagements' folders whose names
    /// begin alike, pages at the top between and around them, groups given in any order),
    /// a plan's entries are in path order.
    #[test]
    fn entries_are_in_path_order_however_groups_interleave() {
        let folders = ["e1/", "e1-x/", "e10/", "e1/people/", "", "f/", "E/", "_/"];
        let names = [
            "index.md",
            "raci.md",
            "_Sidebar.md",
            "Home.md",
            "a.md",
            "z-.md",
        ];
        let mut seed = 7u64;
        let mut next = |n: usize| {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            (seed >> 33) as usize % n
        };
        for round in 0..200 {
            let mut used = std::collections::BTreeSet::new();
            let mut groups = Vec::new();
            for g in 0..1 + next(8) {
                let folder = folders[next(folders.len())];
                let paths: Vec<String> = (0..next(5))
                    .map(|_| format!("{folder}{}{}", next(3), names[next(names.len())]))
                    .filter(|path| used.insert(path.clone()))
                    .collect();
                let paths: Vec<&str> = paths.iter().map(String::as_str).collect();
                groups.push(group(Some(&format!("g{g}")), &paths));
            }
            let later = groups.split_off(next(groups.len() + 1));
            let mut plan = Plan::new(groups);
            plan.add(later);
            let paths: Vec<String> = plan.entries().map(|e| e.path.to_string()).collect();
            let mut sorted: Vec<String> = used.into_iter().collect();
            sorted.sort_unstable();
            assert_eq!(paths, sorted, "round {round}");
        }
    }
}
