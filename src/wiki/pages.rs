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
use crate::policy::ledger::Ledger;
use crate::render::flavor::Flavor;
use crate::render::person;
use crate::wiki::entry::{Action, Entry, Group, Keep, Texts};
use crate::wiki::merge::PageKind;
use crate::wiki::portfolio::{Listed, Summary};
use crate::wiki::state::{self, PageState, ReadPage};

/// What the wiki needs of one engagement to plan its pages.
pub struct EngagementPages<'a> {
    /// The engagement.
    pub engagement: &'a Engagement,
    /// Its checklist items.
    pub items: &'a [Item],
    /// Digest of everything its pages depend on.
    pub fingerprint: u64,
    /// What the wiki's record holds of the engagement's last build: the digest of its
    /// inputs and of its pages' generated lines.
    pub recorded: Option<(u64, u64)>,
    /// The date items are judged against.
    pub today: Date,
    /// Whether the portfolio pages list its people ([`crate::wiki::portfolio::lists_people`]).
    pub people_listed: bool,
    /// Renders its pages, given where each item stands in the wiki.
    pub render: &'a (dyn Fn(&Ledger, &mut Diagnostics) -> Vec<OutputFile> + Sync),
}

/// One engagement's part of the plan.
#[derive(Debug)]
pub struct EngagementPlan {
    /// What the portfolio pages show of the engagement.
    pub summary: Summary,
    /// The engagement file, as given.
    pub file: std::path::PathBuf,
    /// Digest of everything its pages depend on.
    pub fingerprint: u64,
    /// Digest of its pages' generated lines after the build (see [`pages_digest`]).
    pub pages: u64,
    /// Its pages.
    pub entries: Group,
    /// Ticked and total checklist items.
    pub progress: Progress,
    /// Listed on the home page only: this build does not touch its pages or its record.
    pub listed_only: bool,
}

impl EngagementPlan {
    /// An error about the engagement's id, at the place its file writes it: read again,
    /// since a plan keeps ids, not the files' text (unlocated if the file no longer
    /// reads).
    pub fn id_error(&self, message: String) -> Diagnostic {
        let mut unused = Diagnostics::default();
        match crate::input::read(&self.file, &mut unused, Engagement::decode) {
            Some(engagement) => Diagnostic::error(&engagement.id.at, message),
            None => Diagnostic::unlocated(message),
        }
    }
}

impl Listed for EngagementPlan {
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
    let on_disk: Vec<OnDisk> = items::documents(source.engagement)
        .into_iter()
        .filter_map(|document| {
            find_page(root, flavor, id, document)
                .map_err(|e| diags.push(e))
                .ok()
        })
        .collect();
    EngagementPlan {
        summary: Summary::of(source.engagement, source.people_listed),
        file: source.engagement.source.name.clone().into(),
        fingerprint: source.fingerprint,
        pages: 0,
        entries: Group::default(),
        progress: ledger(source, &on_disk).progress(),
        listed_only: true,
    }
}

/// A page of the engagement as found on disk.
struct OnDisk {
    /// The document, or `None` for a person's page.
    document: Option<Document>,
    path: String,
    text: Option<String>,
    page: Option<ReadPage>,
    /// Where the page was found when another flavour laid it out: the build carries its
    /// state over and retires that file.
    moved_from: Option<String>,
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
    // Every flavour lays an engagement's pages out in its own folder: without the folder,
    // there is no page to look for.
    let folder = crate::fs::target(root, id).map(|f| std::fs::symlink_metadata(f).is_ok());
    let folder_exists = folder.unwrap_or(true);
    let mut on_disk = Vec::new();
    for document in items::documents(source.engagement) {
        if !folder_exists {
            on_disk.push(OnDisk::absent(
                flavor.page_path(id, document),
                Some(document),
            ));
            continue;
        }
        match find_page(root, flavor, id, document) {
            Ok(found) => on_disk.push(found),
            Err(e) => diags.push(e),
        }
    }
    for (path, _) in person::pages(flavor, source.engagement) {
        if !folder_exists {
            on_disk.push(OnDisk::absent(path, None));
            continue;
        }
        match person_page(root, path) {
            Ok(found) => on_disk.push(found),
            Err(e) => diags.push(e),
        }
    }
    let ledger = ledger(source, &on_disk);
    let progress = ledger.progress();
    let shared: Arc<str> = Arc::from(id.as_str());
    let moved: Vec<Entry> = (on_disk.iter())
        .filter_map(|d| moved_entry(d, &shared))
        .collect();
    let (mut entries, pages) = match reusable(source, &on_disk, ledger.digest()) {
        Some(pages) => (
            on_disk
                .iter()
                .map(|d| unchanged(&d.path, &shared))
                .collect(),
            pages,
        ),
        None => render(keep, flavor, source, (on_disk, &shared), &ledger, diags),
    };
    entries.extend(moved);
    // Kept until the build is over: packed.
    let entries = Group::pack(Some(shared), entries);
    EngagementPlan {
        summary: Summary::of(source.engagement, source.people_listed),
        file: source.engagement.source.name.clone().into(),
        fingerprint: source.fingerprint,
        pages,
        entries,
        progress,
        listed_only: false,
    }
}

impl OnDisk {
    /// A page not written yet: the document's, or a person's (`None`).
    fn absent(path: String, document: Option<Document>) -> OnDisk {
        OnDisk {
            document,
            path,
            text: None,
            page: None,
            moved_from: None,
        }
    }
}

/// The document's page where this flavour puts it, or where another flavour put it.
fn find_page(
    root: &Path,
    flavor: Flavor,
    id: &str,
    document: Document,
) -> Result<OnDisk, Diagnostic> {
    let path = flavor.page_path(id, document);
    let mut found = OnDisk {
        document: Some(document),
        text: read_existing(root, &path)?,
        path,
        page: None,
        moved_from: None,
    };
    if found.text.is_none() {
        for other in Flavor::ALL.iter().filter(|f| **f != flavor) {
            let old = other.page_path(id, document);
            if old == found.path {
                continue;
            }
            if let Some(text) = read_existing(root, &old)?.filter(|t| state::read(t).is_generated())
            {
                found.text = Some(text);
                found.moved_from = Some(old);
                break;
            }
        }
    }
    found.page = found.text.as_deref().map(state::read);
    Ok(found)
}

/// A person's page as found on disk.
fn person_page(root: &Path, path: String) -> Result<OnDisk, Diagnostic> {
    let text = read_existing(root, &path)?;
    Ok(OnDisk {
        document: None,
        page: text.as_deref().map(state::read),
        text,
        path,
        moved_from: None,
    })
}

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
    Ledger::new(source.items, ticked, source.today)
}

/// The digest of the pages' generated lines and of the items' standings, when the pages
/// are as the wiki's record says a build from the same inputs and the same standings left
/// them, and hold nothing a new build would tidy; rendering is then skipped. Past its end
/// an engagement's review counts the open items, so its pages are always rendered again.
fn reusable(source: &EngagementPages, on_disk: &[OnDisk], standings: u64) -> Option<u64> {
    let (inputs, recorded_pages) = source.recorded?;
    let ended = source.engagement.ends.value < source.today;
    if inputs != source.fingerprint || ended {
        return None;
    }
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
        let mut lines: Vec<u32> = known.iter().copied().collect();
        lines.sort_unstable();
        pages.push((d.path.clone(), lines));
    }
    let digest = build_digest(&pages, standings);
    (digest == recorded_pages).then_some(digest)
}

/// One digest of every page's path and generated lines, in page order.
pub fn pages_digest(pages: &[(String, Vec<u32>)]) -> u64 {
    let mut hash = crate::fingerprint::Fnv::default();
    for (path, lines) in pages {
        hash.write_str(path);
        lines.iter().for_each(|l| hash.write(&l.to_le_bytes()));
    }
    hash.finish()
}

/// What the wiki's record keeps of a build's pages: the digest of their generated lines
/// and of the standings the index page and the person pages show.
fn build_digest(pages: &[(String, Vec<u32>)], standings: u64) -> u64 {
    let mut hash = crate::fingerprint::Fnv::default();
    hash.write_u64(pages_digest(pages));
    hash.write_u64(standings);
    hash.finish()
}

/// Whether a merge would leave the state as it is: every retired item still holds work.
fn settled(state: &PageState) -> bool {
    state.items.iter().all(|i| !i.retired || i.holds_work())
}

fn unchanged(path: &str, engagement: &Arc<str>) -> Entry {
    Entry {
        path: path.to_string(),
        action: Action::Unchanged,
        reason: "up to date".into(),
        engagement: Some(Arc::clone(engagement)),
        texts: Texts::None,
        follows_state: false,
    }
}

/// Renders the engagement's pages and merges each with the page on disk; returns their
/// entries and the digest of their generated lines.
fn render(
    keep: Keep,
    flavor: Flavor,
    source: &EngagementPages,
    (on_disk, shared): (Vec<OnDisk>, &Arc<str>),
    ledger: &Ledger,
    diags: &mut Diagnostics,
) -> (Vec<Entry>, u64) {
    let id = &source.engagement.id.value;
    let index = flavor.page_path(id, Document::Index);
    let same_inputs = source.recorded.map(|(inputs, _)| inputs) == Some(source.fingerprint);
    let mut entries = Vec::new();
    let mut pages = Vec::new();
    let mut on_disk = on_disk;
    for file in (source.render)(ledger, diags) {
        let found = on_disk.iter_mut().find(|d| d.path == file.path);
        let view = found.as_ref().is_none_or(|d| d.document.is_none());
        let old = found.and_then(|d| d.text.take());
        let kind = if view {
            PageKind::View
        } else {
            PageKind::Document
        };
        let live = view || file.path == index;
        match page_entry(&file, old, kind, keep, (Some(shared), None), diags) {
            Ok((mut entry, lines)) => {
                if live && same_inputs {
                    follow_state(&mut entry);
                }
                entries.push(entry);
                pages.push((file.path.clone(), lines));
            }
            Err(e) => diags.push(e),
        }
    }
    (entries, build_digest(&pages, ledger.digest()))
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

pub use crate::wiki::judge::{page_entry, read_existing};
