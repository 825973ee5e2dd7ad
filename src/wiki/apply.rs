//! Carrying out a plan as one transaction: write what changed, remove what retired, touch
//! nothing else; if any step fails, put back every page already replaced.
//!
//! Each replaced or removed page is first hard-linked to a hidden backup beside it, then
//! the staged text is renamed over it (an atomic replace). Until the build is finished the
//! backups can undo it; a finished build deletes them. A killed build leaves each page old
//! or new, and the backups for the next build to sweep. The wiki's record is written last,
//! so it never claims pages that were not written. A first build's pages are all in a
//! hidden folder already, which becomes the output folder at once (`Stage::publish`).

use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::fs;
use crate::wiki::plan::{Action, Content, PagePath, Plan, PlannedFile};
use crate::wiki::record;
use crate::wiki::stage::{Backup, Stage};

/// What a build did, and how to undo it until it is finished: one step per file written
/// or removed, each naming its file by its place in the plan (16 bytes a file).
#[derive(Debug)]
pub struct Applied<'p> {
    plan: &'p Plan,
    stage: &'p Stage,
    root: PathBuf,
    steps: Vec<Step>,
}

/// One file written or removed: its place in the plan's order, and the backup of the page
/// it replaced or removed (none for a page that did not exist).
#[derive(Clone, Copy, Debug)]
struct Step {
    place: u32,
    backup: Option<Backup>,
}

/// A build that failed after it started replacing pages.
#[derive(Debug)]
pub struct Failed {
    /// Why it failed.
    pub error: Box<Diagnostic>,
    /// Pages that could not be put back (empty when everything was).
    pub left_changed: Vec<String>,
}

impl<'p> Applied<'p> {
    fn file(&self, step: &Step) -> PlannedFile<'p> {
        self.plan.at(step.place as usize)
    }

    /// Every file written or removed, in the order it was.
    pub fn files(&self) -> impl Iterator<Item = PlannedFile<'p>> + Clone + '_ {
        self.steps.iter().map(|s| self.file(s))
    }

    /// Files written (created, changed, or forced over a conflict), in the order written.
    pub fn written(&self) -> impl Iterator<Item = PagePath<'p>> + '_ {
        (self.files().filter(|f| f.action != Action::Retire)).map(|f| f.path)
    }

    /// Files removed, sorted.
    pub fn removed(&self) -> impl Iterator<Item = PagePath<'p>> + '_ {
        (self.files().filter(|f| f.action == Action::Retire)).map(|f| f.path)
    }

    /// Every path written or removed, sorted.
    pub fn touched(&self) -> Vec<String> {
        let mut all: Vec<String> = self.files().map(|f| f.path.to_string()).collect();
        all.sort();
        all
    }

    /// The build is done: deletes the backups, and the folders retired pages left empty.
    pub fn finish(self) {
        for step in &self.steps {
            let file = self.file(step);
            if let Some(backup) = step.backup
                && let Ok(target) = fs::target(&self.root, &file.path.to_string())
            {
                let _ = std::fs::remove_file(self.stage.backup_file(&target, backup));
            }
            if file.action == Action::Retire {
                let _ = fs::remove_empty_folders(&self.root, &file.path.to_string());
            }
        }
    }

    /// Puts back every page as it was before the build; returns the pages it could not.
    pub fn roll_back(self) -> Vec<String> {
        let mut left = Vec::new();
        for step in self.steps.iter().rev() {
            let path = &self.file(step).path.to_string();
            // Each path was checked when its step was taken.
            let Ok(target) = fs::target(&self.root, path) else {
                left.push(path.to_string());
                continue;
            };
            let done = match step.backup {
                None => std::fs::remove_file(&target).is_ok() || !target.exists(),
                Some(backup) => {
                    std::fs::rename(self.stage.backup_file(&target, backup), &target).is_ok()
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
    stage: &'p Stage,
    force: bool,
) -> Result<Applied<'p>, Failed> {
    let touched = plan
        .entries()
        .filter(|e| e.content().is_some() || e.action == Action::Retire);
    let mut applied = Applied {
        plan,
        stage,
        root: root.to_path_buf(),
        steps: Vec::with_capacity(touched.count()),
    };
    if stage.is_fresh() {
        return apply_fresh(plan, stage, applied);
    }
    // The record last: it never claims pages that were not written.
    let places = plan.entries().enumerate();
    let pages = places.clone().filter(|(_, e)| !e.path.is(record::PATH));
    let record = places.filter(|(_, e)| e.path.is(record::PATH));
    // Entries in path order: the pages of a folder one after another.
    let folders = &mut fs::SafeFolders::default();
    for (place, entry) in pages.chain(record) {
        let place = u32::try_from(place).unwrap_or(u32::MAX);
        match step(root, entry, stage, force, folders) {
            Ok(Some(backup)) => applied.steps.push(Step { place, backup }),
            Ok(None) => {}
            Err(error) => {
                let left_changed = applied.roll_back();
                return Err(Failed {
                    error: Box::new(error),
                    left_changed,
                });
            }
        }
    }
    Ok(applied)
}

/// [`apply`] for a first build ([`Stage::is_fresh`]): every page, the record too, is
/// already written in the hidden folder that now becomes the output folder. Nothing was
/// there before, so there is nothing to back up or retire.
fn apply_fresh<'p>(
    plan: &'p Plan,
    stage: &'p Stage,
    mut applied: Applied<'p>,
) -> Result<Applied<'p>, Failed> {
    let fail = |error: Diagnostic| Failed {
        error: Box::new(error),
        left_changed: Vec::new(),
    };
    for (place, entry) in plan.entries().enumerate() {
        let place = u32::try_from(place).unwrap_or(u32::MAX);
        match entry.content() {
            Some(Content::Text(text)) => {
                let path = entry.path.to_string();
                stage.put(&path, text).map_err(fail)?;
            }
            Some(Content::Staged(_)) => {}
            None => continue,
        }
        applied.steps.push(Step {
            place,
            backup: None,
        });
    }
    stage.publish().map_err(fail)?;
    Ok(applied)
}

/// Carries out one entry; returns, when it wrote or removed the file, the backup of the
/// page it replaced or removed, if there was one (`folders`: as for
/// [`fs::safe_target_found`]).
fn step(
    root: &Path,
    entry: PlannedFile,
    stage: &Stage,
    force: bool,
    folders: &mut fs::SafeFolders,
) -> Result<Option<Option<Backup>>, Diagnostic> {
    let path = &entry.path.to_string();
    let write = match entry.action {
        Action::Create | Action::Change => true,
        Action::Conflict => force,
        Action::Retire => {
            let target = fs::safe_target(root, path)?;
            let backup = stage.back_up(&target)?;
            if let Err(e) = remove(&target) {
                let _ = std::fs::remove_file(stage.backup_file(&target, backup));
                return Err(e);
            }
            return Ok(Some(Some(backup)));
        }
        Action::Unchanged | Action::Keep => false,
    };
    let Some(content) = entry.content().filter(|_| write) else {
        return Ok(None);
    };
    // Looked at once: whether there is a page to back up, and the mode it gives the new.
    let (target, replaced) = fs::safe_target_found(root, path, folders)?;
    let backup = match replaced {
        Some(_) => Some(stage.back_up(&target)?),
        None => None,
    };
    let placed = match content {
        Content::Text(text) => fs::write_file(root, path, text),
        Content::Staged(staged) => stage.place(staged, &target, replaced.as_ref()),
    };
    if let Err(e) = placed {
        if let Some(backup) = backup {
            let _ = std::fs::remove_file(stage.backup_file(&target, backup));
        }
        return Err(e);
    }
    Ok(Some(backup))
}

fn remove(target: &Path) -> Result<(), Diagnostic> {
    std::fs::remove_file(target).map_err(|e| {
        Diagnostic::unlocated(format!("cannot remove `{}`: {e}", fs::display(target)))
    })?;
    Ok(())
}
