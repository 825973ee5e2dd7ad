//! What `--plan`, `--check` and a build print about a plan.

use std::fmt::Write;

use crate::wiki::apply::Applied;
use crate::wiki::plan::{Action, Content, Plan, PlannedFile};

/// One line per file: action, path and reason; then the counts.
pub fn plan_text(plan: &Plan) -> String {
    let mut out = String::new();
    for entry in plan.entries() {
        let _ = writeln!(
            out,
            "{:<9} {}  ({})",
            entry.action.word(),
            entry.path,
            entry.reason
        );
    }
    out.push_str(&counts(plan));
    out.push('\n');
    out
}

/// `N create, N change, ...` for the actions that occur.
pub fn counts(plan: &Plan) -> String {
    let actions = [
        Action::Create,
        Action::Change,
        Action::Unchanged,
        Action::Retire,
        Action::Keep,
        Action::Conflict,
    ];
    let parts: Vec<String> = actions
        .iter()
        .map(|a| (a, plan.with(*a).count()))
        .filter(|(a, n)| *n > 0 || matches!(a, Action::Create | Action::Change | Action::Unchanged))
        .map(|(a, n)| format!("{n} {}", a.word()))
        .collect();
    parts.join(", ")
}

/// A unified diff for every file that is not current.
pub fn diff_text(plan: &Plan) -> String {
    let mut out = String::new();
    for entry in plan.entries() {
        if matches!(entry.action, Action::Unchanged | Action::Keep) || entry.follows_state {
            continue;
        }
        let _ = writeln!(
            out,
            "{}: {} ({})",
            entry.action.word(),
            entry.path,
            entry.reason
        );
        out.push_str(&diff(entry));
    }
    out
}

fn diff(entry: PlannedFile) -> String {
    let old = entry.old().unwrap_or("");
    let new = match entry.content() {
        Some(Content::Text(text)) => text,
        // Diffs are shown by `--plan` and `--check`, which keep texts; a build stages them.
        Some(Content::Staged(_)) | None => "",
    };
    let (a, b) = (format!("a/{}", entry.path), format!("b/{}", entry.path));
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(&a, &b)
        .to_string()
}

/// Pages that only follow people's ticks and notes, which the next build refreshes.
pub fn refresh_text(plan: &Plan) -> String {
    let mut out = String::new();
    for entry in plan.entries().filter(|e| e.follows_state) {
        let _ = writeln!(out, "refresh: {} ({})", entry.path, entry.reason);
    }
    out
}

/// What to do about conflicts, one line per file.
pub fn conflicts_text(plan: &Plan) -> String {
    let mut out = String::new();
    for entry in plan.with(Action::Conflict) {
        let _ = writeln!(out, "conflict: {} ({})", entry.path, entry.reason);
    }
    out.push_str(
        "nothing was written: move hand edits into the notes areas or the packs, or rerun with --force to overwrite them (`--check` shows the diff)\n",
    );
    out
}

/// What a build did: `N created, N changed, N unchanged, N retired, N kept`, and the
/// conflicts `--force` overwrote.
pub fn summary(plan: &Plan, applied: &Applied) -> String {
    let count = |a| plan.with(a).count();
    let forced = if applied.written().count() > count(Action::Create) + count(Action::Change) {
        format!(", {} conflicts overwritten", count(Action::Conflict))
    } else {
        String::new()
    };
    format!(
        "{} created, {} changed, {} unchanged, {} retired, {} kept{forced}",
        count(Action::Create),
        count(Action::Change),
        count(Action::Unchanged),
        count(Action::Retire),
        count(Action::Keep),
    )
}
