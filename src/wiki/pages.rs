//! Planning one engagement's pages: reuse them when nothing they depend on changed,
//! otherwise render, merge with the pages on disk and judge each change.

use jiff::civil::Date;

use std::path::Path;

use crate::diag::{Diagnostic, Diagnostics};
use crate::fs;
use crate::project::batch::Job;
use crate::render::context::documents_for;
use crate::status;
use crate::wiki::flavor::Flavor;
use crate::wiki::merge::{self, Merged, PageKind};
use crate::wiki::plan::{Action, Content, Entry, Keep};
use crate::wiki::portfolio::{Progress, Summary};
use crate::wiki::state::{self, PageState, ReadPage};
use crate::wiki::write::{self, OutputFile};

/// One engagement's part of the plan.
#[derive(Debug)]
pub struct EngagementPlan {
    /// What the portfolio pages show of the engagement.
    pub summary: Summary,
    /// Its pages.
    pub entries: Vec<Entry>,
    /// Ticked and total checklist items.
    pub progress: Progress,
}

/// Plans one engagement's pages.
pub fn engagement(
    root: &Path,
    flavor: Flavor,
    keep: Keep,
    job: &Job,
    diags: &mut Diagnostics,
) -> EngagementPlan {
    let mut plan = EngagementPlan {
        summary: Summary::of(job.engagement),
        entries: Vec::new(),
        progress: Progress::default(),
    };
    if reuse(root, flavor, job, &mut plan) {
        return plan;
    }
    plan.entries.clear();
    plan.progress = Progress::default();
    let id = &job.engagement.id.value;
    for file in job.render(diags) {
        let owner = (Some(id.as_str()), Some(job.fingerprint));
        let today = Some(job.options.today);
        match page_entry(root, &file, PageKind::Document, keep, owner, today) {
            Ok((entry, progress)) => {
                plan.entries.push(entry);
                plan.progress.add(progress);
            }
            Err(e) => diags.push(e),
        }
    }
    plan
}

/// Fills `plan` with the pages on disk if every one of them was built from the same
/// inputs and holds nothing a new build would tidy; rendering is then skipped.
fn reuse(root: &Path, flavor: Flavor, job: &Job, plan: &mut EngagementPlan) -> bool {
    let id = &job.engagement.id.value;
    let documents = documents_for(job.engagement);
    let first = flavor.page_path(id, "index");
    if !root.join(&first).is_file() {
        return false; // a new engagement: nothing to reuse
    }
    for (document, _) in documents {
        let path = flavor.page_path(id, document);
        let Ok(Some(text)) = read_existing(root, &path) else {
            return false;
        };
        let page = state::read(&text);
        if page.inputs != Some(job.fingerprint) || page.edited() || !settled(&page.state) {
            return false;
        }
        plan.progress
            .add(progress_of(&page.state, job.options.today));
        plan.entries.push(Entry {
            path,
            action: Action::Unchanged,
            reason: "up to date".to_string(),
            engagement: Some(id.clone()),
            old: None,
            new: None,
            follows_state: false,
        });
    }
    true
}

/// Whether a merge would leave the state as it is: every retired item still holds work.
fn settled(state: &PageState) -> bool {
    state.items.iter().all(|i| !i.retired || i.holds_work())
}

fn progress_of(state: &PageState, today: Date) -> Progress {
    let current = state.items.iter().filter(|i| !i.retired);
    let overdue = current
        .clone()
        .filter(|i| status::is_overdue(i.checked, &i.line, today));
    Progress {
        done: current.clone().filter(|i| i.checked).count(),
        overdue: overdue.count(),
        total: current.count(),
    }
}

/// Merges one rendered page with the page on disk and decides what happens to it;
/// `owner` is the engagement the page belongs to and the fingerprint of its inputs.
pub fn page_entry(
    root: &Path,
    file: &OutputFile,
    kind: PageKind,
    keep: Keep,
    (engagement, inputs): (Option<&str>, Option<u64>),
    today: Option<Date>,
) -> Result<(Entry, Progress), Diagnostic> {
    let old = read_existing(root, &file.path)?;
    let page = old.as_deref().map(state::read);
    let empty = PageState::default();
    let merged = merge::merge(
        &file.text,
        page.as_ref().map_or(&empty, |p| &p.state),
        kind,
        inputs,
        today,
    );
    let progress = Progress {
        done: merged.done,
        total: merged.total,
        overdue: merged.overdue,
    };
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
    let entry = Entry {
        path: file.path.clone(),
        action,
        reason,
        engagement: engagement.map(str::to_string),
        old: old.filter(|_| changes && matches!(keep, Keep::Texts)),
        new,
        follows_state,
    };
    Ok((entry, progress))
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
    let path = write::safe_target(root, relative)?;
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
