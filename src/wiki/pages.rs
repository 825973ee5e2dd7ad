//! Planning one engagement's pages: read what is on disk, reuse the pages when nothing they
//! depend on changed, otherwise render, merge people's state in and judge each change.
//!
//! Progress (done, overdue, total) is counted from the engagement's typed checklist items
//! joined by control id with the ticks read from the pages; the items' text is never read.

use std::path::Path;

use jiff::civil::Date;

use crate::diag::{Diagnostic, Diagnostics};
use crate::fs::{self, OutputFile};
use crate::input::engagement::Engagement;
use crate::input::vocab::Document;
use crate::policy::items::{self, Item, Progress};
use crate::render::flavor::Flavor;
use crate::wiki::entry::{Action, Content, Entry, Keep};
use crate::wiki::merge::{self, Merged, PageKind};
use crate::wiki::portfolio::Summary;
use crate::wiki::state::{self, PageState, ReadPage};

/// What the wiki needs of one engagement to plan its pages.
pub struct EngagementPages<'a> {
    /// The engagement.
    pub engagement: &'a Engagement,
    /// Its checklist items.
    pub items: &'a [Item],
    /// Digest of everything its pages depend on.
    pub fingerprint: u64,
    /// The date items are judged against.
    pub today: Date,
    /// Renders its documents, given the number of open items counted in the wiki.
    pub render: &'a (dyn Fn(usize, &mut Diagnostics) -> Vec<OutputFile> + Sync),
}

/// One engagement's part of the plan.
#[derive(Debug)]
pub struct EngagementPlan {
    /// What the portfolio pages show of the engagement.
    pub summary: Summary,
    /// The engagement file, as given.
    pub file: std::path::PathBuf,
    /// Its pages.
    pub entries: Vec<Entry>,
    /// Ticked and total checklist items.
    pub progress: Progress,
}

/// A page of the engagement as found on disk.
struct OnDisk {
    document: Document,
    path: String,
    text: Option<String>,
    page: Option<ReadPage>,
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
    let mut on_disk = Vec::new();
    for document in items::documents(source.engagement) {
        let path = flavor.page_path(id, document);
        match read_existing(root, &path) {
            Ok(text) => {
                let page = text.as_deref().map(state::read);
                on_disk.push(OnDisk {
                    document,
                    path,
                    text,
                    page,
                });
            }
            Err(e) => diags.push(e),
        }
    }
    let progress = progress(source, &on_disk);
    let entries = match reusable(source, &on_disk) {
        true => on_disk.iter().map(|d| unchanged(&d.path, id)).collect(),
        false => render(root, keep, source, on_disk, progress.open(), diags),
    };
    EngagementPlan {
        summary: Summary::of(source.engagement),
        file: source.engagement.source.name.clone().into(),
        entries,
        progress,
    }
}

/// The engagement's progress: its items, ticked where the page on disk ticks them.
fn progress(source: &EngagementPages, on_disk: &[OnDisk]) -> Progress {
    let ticked = |item: &Item| {
        on_disk
            .iter()
            .filter(|d| d.document == item.document)
            .filter_map(|d| d.page.as_ref())
            .flat_map(|page| &page.state.items)
            .any(|i| i.id == item.id && i.checked && !i.retired)
    };
    items::progress(source.items, ticked, source.today)
}

/// Whether every page on disk was built from the same inputs and holds nothing a new build
/// would tidy; rendering is then skipped. Past its end an engagement's review counts the
/// open items, so its pages are always rendered again.
fn reusable(source: &EngagementPages, on_disk: &[OnDisk]) -> bool {
    let ended = source.engagement.ends.value < source.today;
    !ended
        && on_disk.iter().all(|d| {
            d.page.as_ref().is_some_and(|page| {
                page.inputs == Some(source.fingerprint) && !page.edited() && settled(&page.state)
            })
        })
}

/// Whether a merge would leave the state as it is: every retired item still holds work.
fn settled(state: &PageState) -> bool {
    state.items.iter().all(|i| !i.retired || i.holds_work())
}

fn unchanged(path: &str, engagement: &str) -> Entry {
    Entry {
        path: path.to_string(),
        action: Action::Unchanged,
        reason: "up to date".to_string(),
        engagement: Some(engagement.to_string()),
        old: None,
        new: None,
        follows_state: false,
    }
}

/// Renders the engagement's pages and merges each with the page on disk.
fn render(
    _root: &Path,
    keep: Keep,
    source: &EngagementPages,
    on_disk: Vec<OnDisk>,
    open_items: usize,
    diags: &mut Diagnostics,
) -> Vec<Entry> {
    let id = &source.engagement.id.value;
    let mut entries = Vec::new();
    let mut on_disk = on_disk;
    for file in (source.render)(open_items, diags) {
        let old = on_disk
            .iter_mut()
            .find(|d| d.path == file.path)
            .and_then(|d| d.text.take());
        let owner = (Some(id.as_str()), Some(source.fingerprint));
        match page_entry(&file, old, PageKind::Document, keep, owner) {
            Ok(entry) => entries.push(entry),
            Err(e) => diags.push(e),
        }
    }
    entries
}

/// Merges one rendered page with the page on disk (`old`) and decides what happens to
/// it; `owner` is the engagement the page belongs to and the fingerprint of its inputs.
pub fn page_entry(
    file: &OutputFile,
    old: Option<String>,
    kind: PageKind,
    keep: Keep,
    (engagement, inputs): (Option<&str>, Option<u64>),
) -> Result<Entry, Diagnostic> {
    let page = old.as_deref().map(state::read);
    let empty = PageState::default();
    let merged = merge::merge(
        &file.text,
        page.as_ref().map_or(&empty, |p| &p.state),
        kind,
        inputs,
    );
    let (action, mut reason) = match (&old, &page) {
        (Some(old), Some(page)) if *old != merged.text => judge_change(old, page, &merged),
        (Some(_), _) => (Action::Unchanged, "up to date".to_string()),
        (None, _) => (Action::Create, "new page".to_string()),
    };
    let follows_state = action == Action::Change
        && page
            .as_ref()
            .is_some_and(|p| p.inputs.is_some() && p.inputs == merged.inputs && !p.edited());
    if follows_state {
        reason = "follows people's ticks and notes; inputs unchanged".to_string();
    }
    let changes = action != Action::Unchanged;
    let new = match (changes, keep) {
        (false, _) => None,
        (true, Keep::Texts) => Some(Content::Text(merged.text)),
        (true, Keep::Stage(stage)) => Some(Content::Staged(stage.put(&file.path, &merged.text)?)),
    };
    Ok(Entry {
        path: file.path.clone(),
        action,
        reason,
        engagement: engagement.map(str::to_string),
        old: old.filter(|_| changes && matches!(keep, Keep::Texts)),
        new,
        follows_state,
    })
}

/// A changed page is a conflict when generated text was edited and the edit would be lost.
fn judge_change(old: &str, page: &ReadPage, new: &Merged) -> (Action, String) {
    if page.digest == new.digest {
        let reason = if page.inputs != new.inputs {
            "inputs changed; content unchanged, footer updated"
        } else {
            "layout tidied; content unchanged"
        };
        return (Action::Change, reason.to_string());
    }
    if !page.is_generated() {
        let reason = "not written by charter (no charter footer); --force replaces it";
        return (Action::Conflict, reason.to_string());
    }
    if page.edited() {
        let reason = "edited by hand outside the boxes and notes; --force replaces it";
        return (Action::Conflict, reason.to_string());
    }
    (Action::Change, line_counts(old, &new.text))
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
pub fn read_existing(root: &Path, relative: &str) -> Result<Option<String>, Diagnostic> {
    let path = fs::safe_target(root, relative)?;
    match std::fs::read(&path) {
        Ok(bytes) => String::from_utf8(bytes).map(Some).map_err(|_| {
            let name = fs::display(&path);
            Diagnostic::unlocated(format!("`{name}` is not valid UTF-8"))
                .with_help("charter pages are UTF-8; restore the file from version control")
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(Diagnostic::unlocated(format!(
            "cannot read `{}`: {e}",
            fs::display(&path)
        ))),
    }
}
