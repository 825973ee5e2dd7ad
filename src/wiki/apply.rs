//! Carrying out a plan: write what changed, remove what retired, touch nothing else.

use std::path::Path;

use crate::diag::Diagnostic;
use crate::fs;
use crate::wiki::plan::{Action, Content, Plan};
use crate::wiki::stage::Stage;

/// What a build did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Applied {
    /// Files written (created, changed, or forced over a conflict), sorted.
    pub written: Vec<String>,
    /// Files removed, sorted.
    pub removed: Vec<String>,
}

/// Writes and removes the plan's files; conflicts are written only when `force` is set.
/// Staged texts are renamed into place; texts held in memory are written atomically.
pub fn apply(root: &Path, plan: &Plan, stage: &Stage, force: bool) -> Result<Applied, Diagnostic> {
    let mut applied = Applied::default();
    for entry in &plan.entries {
        let write = match entry.action {
            Action::Create | Action::Change => true,
            Action::Conflict => force,
            Action::Retire => {
                fs::remove_file(root, &entry.path)?;
                applied.removed.push(entry.path.clone());
                false
            }
            Action::Unchanged | Action::Keep => false,
        };
        match (write, &entry.new) {
            (true, Some(Content::Text(text))) => fs::write_file(root, &entry.path, text)?,
            (true, Some(Content::Staged(staged))) => stage.place(staged, &entry.path)?,
            _ => continue,
        }
        applied.written.push(entry.path.clone());
    }
    Ok(applied)
}
