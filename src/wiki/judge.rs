//! One page of the plan: a rendered page merged with the page on disk, the change judged
//! (new, changed, up to date, or a conflict when someone's text would have to move), and
//! what the merge repairs or recovers reported with the page and line.

use std::borrow::Cow;
use std::path::Path;
use std::sync::Arc;

use crate::diag::{Diagnostic, Diagnostics};
use crate::fs::{self, OutputFile, SafeFolders};
use crate::wiki::entry::{Action, Entry, Keep, Texts};
use crate::wiki::footer::LineDigests;
use crate::wiki::merge::{self, Merged, PageKind};
use crate::wiki::state::{self, KnownLines, ReadPage};

/// Merges one rendered page with the page on disk (`old`) and decides what happens to
/// it; `owner` is the engagement the page belongs to and the fingerprint its footer
/// records. Someone's lines outside the state are kept in the page's Recovered section;
/// such a page is a conflict that only `--force` writes. What the merge repairs or
/// recovers is reported as warnings naming the page and line.
pub fn page_entry(
    file: OutputFile,
    old: Option<String>,
    kind: PageKind,
    keep: Keep,
    (engagement, inputs): (Option<&Arc<str>>, Option<u64>),
    diags: &mut Diagnostics,
) -> Result<Judged, Diagnostic> {
    let page = old.as_deref().map(state::read).unwrap_or_default();
    let OutputFile { path, text } = file;
    let merged = merge::merge(text, &page, kind, inputs, true);
    let (action, mut reason) = match &old {
        Some(old) if *old != merged.text => judge_change(old, &page, &merged),
        Some(_) => (Action::Unchanged, Cow::Borrowed("up to date")),
        None => (Action::Create, Cow::Borrowed("new page")),
    };
    if action != Action::Unchanged {
        report_repairs(&path, &page, &merged, diags);
    }
    let follows_state = action == Action::Change
        && page.inputs.is_some()
        && page.inputs == merged.inputs
        && !page.edited();
    if follows_state {
        reason = Cow::Borrowed("follows people's ticks and notes; inputs unchanged");
    }
    let bytes = crate::fingerprint::of_file(merged.text.as_bytes());
    let texts = match (action, keep) {
        (Action::Unchanged, _) => Texts::None,
        (_, Keep::Texts) => Texts::held(old, Some(merged.text.clone())),
        (_, Keep::Stage(stage)) => Texts::Staged(stage.put(&path, &merged.text)?),
    };
    let entry = Entry {
        path,
        action,
        reason,
        engagement: engagement.cloned(),
        texts,
        follows_state,
    };
    Ok(Judged {
        entry,
        lines: merged.lines,
        bytes,
    })
}

/// A page judged: its entry in the plan, and the page as the build leaves it when the
/// plan is carried out.
pub struct Judged {
    /// What happens to the page.
    pub entry: Entry,
    /// The digests of its generated lines.
    pub lines: LineDigests,
    /// The digest of its bytes ([`crate::fingerprint::of_file`]).
    pub bytes: u64,
}

/// Warns of each structural repair, and of each line a forced write moves to Recovered.
fn report_repairs(path: &str, page: &ReadPage, merged: &Merged, diags: &mut Diagnostics) {
    for repair in &page.repairs {
        let message = format!("{path}:{}: {}", repair.line, repair.what);
        diags.push(Diagnostic::warning_unlocated(message));
    }
    for stray in merged.recovered.iter().filter(|_| page.edited()) {
        let message = format!(
            "{path}:{}: {} is kept in the page's Recovered section if the page is overwritten: {}",
            stray.line,
            stray.why,
            stray.text.trim()
        );
        diags.push(Diagnostic::warning_unlocated(message));
    }
}

/// Whether the page's known lines are the merge's (whose digests are sorted, each once).
fn same_lines(known: &KnownLines, lines: &[u32]) -> bool {
    known.digests() == lines
}

/// A changed page is a conflict when someone's text would have to move to Recovered.
fn judge_change(old: &str, page: &ReadPage, new: &Merged) -> (Action, Cow<'static, str>) {
    if !page.is_generated() {
        let reason = "not written by charter (no charter footer); --force replaces it and keeps its text in the Recovered section";
        return (Action::Conflict, Cow::Borrowed(reason));
    }
    if page.edited() {
        let lines: Vec<String> = page.strays.iter().map(|s| s.line.to_string()).collect();
        let reason = format!(
            "edited by hand outside the boxes and notes (line {}); --force rebuilds it and keeps those lines in the Recovered section",
            lines.join(", ")
        );
        return (Action::Conflict, Cow::Owned(reason));
    }
    if page
        .known
        .as_ref()
        .is_some_and(|k| same_lines(k, &new.lines.digests))
    {
        let reason = if page.inputs != new.inputs {
            "inputs changed; content unchanged, footer updated"
        } else {
            "layout tidied; content unchanged"
        };
        return (Action::Change, Cow::Borrowed(reason));
    }
    (Action::Change, Cow::Owned(line_counts(old, &new.text)))
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

/// The file's text, or `None` when it does not exist (through the bounded page reader);
/// its folder is looked at unless `folders` found it safe last.
pub fn read_existing(
    root: &Path,
    relative: &str,
    folders: &mut SafeFolders,
) -> Result<Option<String>, Diagnostic> {
    let (path, found) = fs::safe_target_found(root, relative, folders)?;
    fs::read_found_page(&path, found)
}

/// Whether the file holds exactly the bytes `write` writes, or `None` when it does not
/// exist, compared as they are written, without reading it whole (through the bounded
/// page reader's checks).
pub fn existing_holds(
    root: &Path,
    relative: &str,
    write: fs::WriteText,
) -> Result<Option<bool>, Diagnostic> {
    let (path, found) = fs::safe_target_found(root, relative, &mut SafeFolders::default())?;
    fs::page_holds_written(&path, found, write)
}
