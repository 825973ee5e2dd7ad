//! Planning one engagement's pages: read what is on disk, reuse the pages when nothing they
//! depend on changed, otherwise render, merge people's state in and judge each change.
//!
//! Progress (done, overdue, total) is counted from the engagement's typed checklist items
//! joined by control id with the ticks read from the pages; the items' text is never read.

use std::path::Path;
use std::sync::Arc;

use jiff::civil::Date;

use crate::diag::{Diagnostic, Diagnostics};
use crate::fs::OutputFile;
use crate::input::engagement::Engagement;
use crate::input::vocab::Document;
use crate::policy::items::{self, Item, Progress};
use crate::policy::ledger::{Ledger, Steady};
use crate::render::flavor::Flavor;
use crate::wiki::entry::{Action, Entry, Keep, Texts};
use crate::wiki::footer::{LineDigests, LineHash};
use crate::wiki::group::Group;
use crate::wiki::merge::PageKind;
use crate::wiki::on_disk::{self, OnDisk};
use crate::wiki::portfolio::{Listed, Summary};
use crate::wiki::record::Built;
use crate::wiki::state::PageState;

/// What the wiki needs of one engagement to plan its pages.
pub struct EngagementPages<'a> {
    /// The engagement.
    pub engagement: &'a Engagement,
    /// The place of its file among the files the build plans ([`EngagementPlan::file`]).
    pub file: usize,
    /// Its checklist items, made when first asked for (a build that finds the pages and
    /// standings as the last one left them needs none).
    pub items: &'a (dyn Fn() -> &'a [Item] + Sync),
    /// Digest of everything its pages depend on.
    pub fingerprint: u64,
    /// What the wiki's record holds of the engagement's last build.
    pub recorded: Option<Built>,
    /// The counts of its items the record keeps of that build, when it keeps them
    /// (with the days they stand, `Built::steady`).
    pub recorded_progress: Option<Progress>,
    /// The date items are judged against.
    pub today: Date,
    /// Whether the portfolio pages list its people ([`crate::wiki::portfolio::lists_people`]).
    pub people_listed: bool,
    /// Renders its pages, given where each item stands in the wiki.
    pub render: &'a (dyn Fn(&Ledger, &mut Diagnostics) -> Vec<OutputFile> + Sync),
}

/// One engagement's part of the plan.
#[derive(Clone, Debug)]
pub struct EngagementPlan {
    /// What the portfolio pages show of the engagement.
    pub summary: Summary,
    /// The place of the engagement's file among the files the build plans (`Input::files`
    /// in [`crate::wiki::plan`]): a plan does not keep a copy of the path (at 10,000
    /// engagements, 0.3 MB held to the build's end).
    pub file: u32,
    /// What the wiki's record keeps of this build: the digests of everything its pages
    /// depend on, of their generated lines and of their bytes.
    pub built: Built,
    /// Its pages.
    pub entries: Group,
    /// Ticked and total checklist items.
    pub progress: Progress,
    /// Listed on the home page only: this build does not touch its pages or its record.
    pub listed_only: bool,
}

impl EngagementPlan {
    /// The plan, with what it owns copied into memory of the calling thread
    /// ([`crate::project::Project::each_settled`]): a portfolio's plans then lie side by
    /// side, and the memory of the threads that made them goes back to the system.
    pub fn settled(self) -> EngagementPlan {
        self.clone()
    }

    /// The engagement's file, among the `files` the build plans.
    pub fn file<'f>(&self, files: &'f [std::path::PathBuf]) -> &'f std::path::Path {
        files
            .get(self.file as usize)
            .map_or(std::path::Path::new(""), |f| f)
    }

    /// An error about the engagement's id, at the place its file (among the `files` the
    /// build plans) writes it: read again, since a plan keeps ids, not the files' text
    /// (unlocated if the file no longer reads).
    pub fn id_error(&self, files: &[std::path::PathBuf], message: String) -> Diagnostic {
        match Engagement::id_place(self.file(files)) {
            Some(at) => Diagnostic::error(&at, message),
            None => Diagnostic::unlocated(message),
        }
    }
}

impl EngagementPlan {
    /// The engagement's id, as its pages' group keeps it.
    pub fn id(&self) -> &str {
        self.entries.engagement().unwrap_or_default()
    }
}

impl Listed for EngagementPlan {
    fn id(&self) -> &str {
        EngagementPlan::id(self)
    }

    fn summary(&self) -> &Summary {
        &self.summary
    }

    fn progress(&self) -> Progress {
        self.progress
    }
}

/// An engagement the wiki holds that this build does not name: what the home page shows
/// of it (its progress read from its pages), and nothing to write.
pub fn listed(
    root: &Path,
    flavor: Flavor,
    source: &EngagementPages,
    diags: &mut Diagnostics,
) -> EngagementPlan {
    let id = &source.engagement.id.value;
    let folders = &mut crate::fs::SafeFolders::default();
    let mut on_disk: Vec<OnDisk> = items::documents(source.engagement)
        .into_iter()
        .filter_map(|document| {
            on_disk::find_page(root, flavor, id, document, folders)
                .map_err(|e| diags.push(e))
                .ok()
        })
        .collect();
    on_disk::read_states(&mut on_disk);
    EngagementPlan {
        summary: Summary::of(source.engagement, source.people_listed),
        file: u32::try_from(source.file).unwrap_or(u32::MAX),
        built: Built {
            inputs: source.fingerprint,
            pages: 0,
            files: None,
            steady: Steady::NEVER,
        },
        // No pages: the group keeps the id.
        entries: Group::pack(Some(Arc::from(id.as_str())), Vec::new()),
        progress: ledger(source, &on_disk).progress(),
        listed_only: true,
    }
}

/// Plans one engagement's pages.
pub fn engagement(
    root: &Path,
    flavor: Flavor,
    keep: Keep,
    source: &EngagementPages,
    diags: &mut Diagnostics,
) -> EngagementPlan {
    let id = &source.engagement.id.value;
    let mut on_disk = on_disk::pages(root, flavor, source.engagement, diags);
    let shared: Arc<str> = Arc::from(id.as_str());
    let moved: Vec<Entry> = (on_disk.iter())
        .filter_map(|d| moved_entry(d, &shared))
        .collect();
    // The digest of the pages' bytes, taken once and only when the inputs did not change:
    // whether the pages are as the last build left them, and what the record keeps of
    // them when a build that reads them whole leaves them as they are.
    let found = same_inputs(source).and_then(|_| on_disk::digest_of(&on_disk));
    let (mut entries, built, progress) = match untouched(source, &on_disk, found) {
        Some((built, progress)) => (unchanged(&on_disk, &shared, UNTOUCHED), built, progress),
        None => {
            on_disk::read_states(&mut on_disk);
            let ledger = ledger(source, &on_disk);
            let progress = ledger.progress();
            match reusable(source, &on_disk, &ledger, found) {
                Some(built) => (unchanged(&on_disk, &shared, "up to date"), built, progress),
                None => {
                    let (entries, built) =
                        render(keep, flavor, source, (on_disk, &shared), &ledger, diags);
                    (entries, built, progress)
                }
            }
        }
    };
    entries.extend(moved);
    // Kept until the build is over: packed.
    let entries = Group::pack(Some(shared), entries);
    EngagementPlan {
        summary: Summary::of(source.engagement, source.people_listed),
        file: u32::try_from(source.file).unwrap_or(u32::MAX),
        built,
        entries,
        progress,
        listed_only: false,
    }
}

/// Why a page the last build left as it is, from the same inputs, is not rendered again.
const UNTOUCHED: &str = "untouched since the last build, from the same inputs";

/// The entry that retires a page another flavour laid out, once its state moves.
fn moved_entry(d: &OnDisk, engagement: &Arc<str>) -> Option<Entry> {
    let from = d.moved_from.clone()?;
    Some(Entry {
        reason: format!("moved to `{}` with its ticks and notes", d.path).into(),
        path: from,
        action: Action::Retire,
        engagement: Some(Arc::clone(engagement)),
        texts: Texts::None,
        follows_state: false,
    })
}

/// The engagement's items, ticked where the page on disk ticks them.
fn ledger<'a>(source: &EngagementPages<'a>, on_disk: &[OnDisk]) -> Ledger<'a> {
    let ticked = |item: &Item| {
        on_disk
            .iter()
            .filter(|d| d.document == Some(item.document))
            .filter_map(|d| d.page.as_ref())
            .filter_map(|page| page.state.current(&item.key))
            .any(|i| i.checked)
    };
    Ledger::new((source.items)(), ticked, source.today)
}

/// What the record keeps of this build, and the engagement's progress, when its pages are
/// byte for byte as the last build from the same inputs left them and the items stand as
/// they stood then: rendering is skipped. On a day the record says those standings hold
/// ([`Built::steady`]), the pages' ticks are those the last build counted, and the
/// record's counts stand; otherwise the pages are read for their ticks and their footers'
/// lines ([`on_disk::as_built`]). Past its end an engagement's review counts the open
/// items, so its pages are always rendered again.
fn untouched(
    source: &EngagementPages,
    on_disk: &[OnDisk],
    found: Option<u64>,
) -> Option<(Built, Progress)> {
    let last = same_inputs(source)?;
    if let Some(progress) = source.recorded_progress
        && last.steady.holds(source.today)
        && on_disk::as_left(on_disk, found, last.files?)
    {
        return Some((last, progress));
    }
    let pages = on_disk::as_built(on_disk, found, last.files?)?;
    let ticked = |item: &Item| {
        let mut on_pages = on_disk.iter().zip(&pages);
        on_pages.any(|(d, page)| d.document == Some(item.document) && page.ticked(&item.key))
    };
    let ledger = Ledger::new((source.items)(), ticked, source.today);
    let lines: Vec<(&str, &LineDigests)> = (on_disk.iter().zip(&pages))
        .map(|(d, page)| (d.path.as_str(), &page.known))
        .collect();
    let digest = build_digest(&lines, ledger.digest());
    (digest == last.pages).then_some((last, ledger.progress()))
}

/// What the record keeps of the engagement's last build, when it was built from the same
/// inputs and has not ended.
fn same_inputs(source: &EngagementPages) -> Option<Built> {
    let last = source.recorded?;
    let ended = source.engagement.ends.value < source.today;
    (last.inputs == source.fingerprint && !ended).then_some(last)
}

/// What the record keeps of this build, when the pages are as the wiki's record says a
/// build from the same inputs and the same standings left them (their generated lines;
/// their bytes may differ, in people's ticks and notes), and hold nothing a new build
/// would tidy; rendering is then skipped. `found` is the digest of their bytes; `ledger`
/// where the items stand by the pages' ticks.
fn reusable(
    source: &EngagementPages,
    on_disk: &[OnDisk],
    ledger: &Ledger,
    found: Option<u64>,
) -> Option<Built> {
    let last = same_inputs(source)?;
    let mut pages = Vec::new();
    for d in on_disk {
        if d.moved_from.is_some() {
            return None;
        }
        let page = d.page.as_ref()?;
        let known = page.known.as_ref()?;
        if page.edited() || !page.repairs.is_empty() || !settled(&page.state) {
            return None;
        }
        let digests = known.digests().to_vec();
        let hash = page.hash;
        pages.push((d.path.as_str(), LineDigests { hash, digests }));
    }
    let lines: Vec<(&str, &LineDigests)> = pages.iter().map(|(p, l)| (*p, l)).collect();
    let digest = build_digest(&lines, ledger.digest());
    (digest == last.pages).then(|| Built {
        inputs: last.inputs,
        pages: digest,
        files: found,
        steady: ledger.steady(source.today),
    })
}

/// One digest of every page's path and generated lines, in page order. Lines of the
/// current kind ([`LineHash::Words`]) are marked by their footer field's name; the older
/// kind's are not, so a record made before the current kind still matches its pages.
fn pages_digest(pages: &[(&str, &LineDigests)]) -> u64 {
    let mut hash = crate::fingerprint::Fnv::default();
    for (path, lines) in pages {
        hash.write_str(path);
        if lines.hash == LineHash::Words {
            hash.write_str(lines.hash.field());
        }
        (lines.digests.iter()).for_each(|l| hash.write(&l.to_le_bytes()));
    }
    hash.finish()
}

/// What the wiki's record keeps of a build's pages: the digest of their generated lines
/// and of the standings the index page and the person pages show.
fn build_digest(pages: &[(&str, &LineDigests)], standings: u64) -> u64 {
    let mut hash = crate::fingerprint::Fnv::default();
    hash.write_u64(pages_digest(pages));
    hash.write_u64(standings);
    hash.finish()
}

/// Whether a merge would leave the state as it is: every retired item still holds work.
fn settled(state: &PageState) -> bool {
    state.items.iter().all(|i| !i.retired || i.holds_work())
}

/// The entries of pages left as they are.
fn unchanged(on_disk: &[OnDisk], engagement: &Arc<str>, reason: &'static str) -> Vec<Entry> {
    let entry = |d: &OnDisk| Entry {
        path: d.path.clone(),
        action: Action::Unchanged,
        reason: reason.into(),
        engagement: Some(Arc::clone(engagement)),
        texts: Texts::None,
        follows_state: false,
    };
    on_disk.iter().map(entry).collect()
}

/// Renders the engagement's pages and merges each with the page on disk; returns their
/// entries and what the record keeps of the build.
fn render(
    keep: Keep,
    flavor: Flavor,
    source: &EngagementPages,
    (on_disk, shared): (Vec<OnDisk>, &Arc<str>),
    ledger: &Ledger,
    diags: &mut Diagnostics,
) -> (Vec<Entry>, Built) {
    let id = &source.engagement.id.value;
    let index = flavor.page_path(id, Document::Index);
    let same_inputs = source.recorded.map(|last| last.inputs) == Some(source.fingerprint);
    let steady = match on_disk.iter().all(keeps_ticks) {
        true => ledger.steady(source.today),
        false => Steady::NEVER,
    };
    let mut entries: Vec<Entry> = Vec::new();
    // Each judged page's generated lines and the digest of its bytes, beside its entry.
    let mut judged_pages: Vec<(LineDigests, u64)> = Vec::new();
    let mut on_disk = on_disk;
    let rendered = (source.render)(ledger, diags);
    let all_rendered = rendered.len();
    // By value: each page's text is dropped once it is judged.
    for file in rendered {
        let found = on_disk.iter_mut().find(|d| d.path == file.path);
        let view = found.as_ref().is_none_or(|d| d.document.is_none());
        let old = found.and_then(|d| d.text.take());
        let kind = if view {
            PageKind::View
        } else {
            PageKind::Document
        };
        let live = view || file.path == index;
        match page_entry(file, old, kind, keep, (Some(shared), None), diags) {
            Ok(mut judged) => {
                if live && same_inputs {
                    follow_state(&mut judged.entry);
                }
                entries.push(judged.entry);
                judged_pages.push((judged.lines, judged.bytes));
            }
            Err(e) => diags.push(e),
        }
    }
    let paths = entries.iter().map(|e| e.path.as_str());
    let lines: Vec<(&str, &LineDigests)> = (paths.clone().zip(&judged_pages))
        .map(|(path, (lines, _))| (path, lines))
        .collect();
    let mut files: Vec<(&str, u64)> = (paths.zip(&judged_pages))
        .map(|(path, (_, bytes))| (path, *bytes))
        .collect();
    let built = Built {
        inputs: source.fingerprint,
        pages: build_digest(&lines, ledger.digest()),
        files: (files.len() == all_rendered).then(|| on_disk::files_digest(&mut files)),
        steady,
    };
    (entries, built)
}

/// Whether the merge leaves the page's ticks as the ledger counts them (its items
/// outside the Retired section): a page with no retired item, no repair and no edit, or
/// none at all. Only then does the record say over which days the standings hold; after
/// a merge that brings back a retired item's tick, or tidies a page, the next build reads
/// the ticks from the pages.
fn keeps_ticks(d: &OnDisk) -> bool {
    d.moved_from.is_none()
        && d.page.as_ref().is_none_or(|page| {
            page.repairs.is_empty() && !page.edited() && page.state.items.iter().all(|i| !i.retired)
        })
}

/// A page that shows where items stand (the index page's timeline, a person's page)
/// and changed while the engagement's inputs did not: it follows people's ticks and the
/// day, as the home page does, and `--check` does not call the wiki stale for it.
fn follow_state(entry: &mut Entry) {
    if entry.action == Action::Change {
        entry.follows_state = true;
        entry.reason = "follows people's ticks and the day; inputs unchanged".into();
    }
}

pub use crate::wiki::judge::{existing_holds, page_entry, read_existing};
