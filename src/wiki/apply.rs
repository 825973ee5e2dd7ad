//! Carrying out a plan as one transaction: write what changed, remove what retired, touch
//! nothing else; if any step fails, put back every page already replaced.
//!
//! Each replaced or removed page is first hard-linked to a hidden backup beside it, then
//! the staged text is renamed over it (an atomic replace). Until the build is finished the
//! backups can undo it; a finished build deletes them. A killed build leaves each page old
//! or new, and the backups for the next build to sweep. The wiki's record is written last,
//! so it never claims pages that were not written.

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::fs;
use crate::wiki::plan::{Action, Content, Plan, PlannedFile};
use crate::wiki::record;
use crate::wiki::stage::Stage;

/// What a build did, and how to undo it until it is finished; paths are the plan's.
#[derive(Debug, Default)]
pub struct Applied<'p> {
    /// Files written (created, changed, or forced over a conflict), sorted.
    pub written: Vec<&'p str>,
    /// Files removed, sorted.
    pub removed: Vec<&'p str>,
    root: PathBuf,
    undo: Vec<Undo<'p>>,
}

/// How to undo one step, for the page at `path` (relative to the root, as the plan has
/// it).
#[derive(Debug)]
enum Undo<'p> {
    /// A page that did not exist: remove it.
    Created { path: &'p str },
    /// A page replaced or removed: put its backup back.
    Replaced { path: &'p str, backup: PathBuf },
}

/// A build that failed after it started replacing pages.
#[derive(Debug)]
pub struct Failed {
    /// Why it failed.
    pub error: Box<Diagnostic>,
    /// Pages that could not be put back (empty when everything was).
    pub left_changed: Vec<String>,
}

impl Applied<'_> {
    /// Every path written or removed, sorted.
    pub fn touched(&self) -> Vec<String> {
        let mut all: Vec<String> = (self.written.iter().chain(&self.removed))
            .map(|path| path.to_string())
            .collect();
        all.sort();
        all
    }

    /// The build is done: deletes the backups, and the folders retired pages left empty.
    pub fn finish(self) {
        for step in self.undo {
            if let Undo::Replaced { backup, .. } = step {
                let _ = std::fs::remove_file(backup);
            }
        }
        for path in self.removed {
            let _ = fs::remove_empty_folders(&self.root, path);
        }
    }

    /// Puts back every page as it was before the build; returns the pages it could not.
    pub fn roll_back(self) -> Vec<String> {
        let mut left = Vec::new();
        // Each path was checked when its step was taken.
        let target = |path| fs::target(&self.root, path).ok();
        for step in self.undo.into_iter().rev() {
            let (path, done) = match step {
                Undo::Created { path } => {
                    let gone = target(path)
                        .is_some_and(|t| std::fs::remove_file(&t).is_ok() || !t.exists());
                    (path, gone)
                }
                Undo::Replaced { path, backup } => {
                    let back = target(path).is_some_and(|t| std::fs::rename(&backup, t).is_ok());
                    (path, back)
                }
            };
            if !done {
                left.push(path.to_string());
            }
        }
        left.sort();
        left
    }
}

/// Writes and removes the plan's files; conflicts are written only when `force` is set.
/// On failure every page already replaced is put back.
pub fn apply<'p>(
    root: &Path,
    plan: &'p Plan,
    stage: &Stage,
    force: bool,
) -> Result<Applied<'p>, Failed> {
    let mut applied = Applied {
        root: root.to_path_buf(),
        ..Applied::default()
    };
    // The record last: it never claims pages that were not written.
    let pages = plan.entries().filter(|e| e.path != record::PATH);
    let record = plan.entries().filter(|e| e.path == record::PATH);
    for entry in pages.chain(record) {
        if let Err(error) = step(root, entry, stage, force, &mut applied) {
            let left_changed = applied.roll_back();
            return Err(Failed {
                error: Box::new(error),
                left_changed,
            });
        }
    }
    Ok(applied)
}

/// Carries out one entry, recording how to undo it.
fn step<'p>(
    root: &Path,
    entry: PlannedFile<'p>,
    stage: &Stage,
    force: bool,
    applied: &mut Applied<'p>,
) -> Result<(), Diagnostic> {
    let path = entry.path;
    let write = match entry.action {
        Action::Create | Action::Change => true,
        Action::Conflict => force,
        Action::Retire => {
            let target = fs::safe_target(root, path)?;
            let backup = back_up(&target, stage)?;
            remove(&target)?;
            applied.undo.push(Undo::Replaced { path, backup });
            applied.removed.push(path);
            return Ok(());
        }
        Action::Unchanged | Action::Keep => false,
    };
    let Some(content) = entry.content().filter(|_| write) else {
        return Ok(());
    };
    let target = fs::safe_target(root, path)?;
    // Looked at once: whether there is a page to back up, and the mode it gives the new.
    let replaced = std::fs::metadata(&target).ok();
    let undo = match replaced {
        Some(_) => Undo::Replaced {
            path,
            backup: back_up(&target, stage)?,
        },
        None => Undo::Created { path },
    };
    let placed = match content {
        Content::Text(text) => fs::write_file(root, path, text),
        Content::Staged(staged) => stage.place(staged, &target, replaced.as_ref()),
    };
    if let Err(e) = placed {
        if let Undo::Replaced { backup, .. } = undo {
            let _ = std::fs::remove_file(backup);
        }
        return Err(e);
    }
    applied.undo.push(undo);
    applied.written.push(path);
    Ok(())
}

/// Links the page at `target` (checked by [`fs::safe_target`]) to a hidden backup beside
/// it, and gives the backup's path.
fn back_up(target: &Path, stage: &Stage) -> Result<PathBuf, Diagnostic> {
    let backup = stage.backup_path(target);
    std::fs::hard_link(target, &backup)
        .or_else(|_| std::fs::copy(target, &backup).map(|_| ()))
        .map_err(|e| {
            let name = fs::display(target);
            Diagnostic::unlocated(format!(
                "cannot keep a copy of `{name}` while replacing it: {e}"
            ))
        })?;
    Ok(backup)
}

fn remove(target: &Path) -> Result<(), Diagnostic> {
    std::fs::remove_file(target).map_err(|e| {
        Diagnostic::unlocated(format!("cannot remove `{}`: {e}", fs::display(target)))
    })?;
    Ok(())
}
