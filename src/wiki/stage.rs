//! Staging: while a build is planned, each new page text goes to a hidden temporary file
//! beside its target, so page texts need not be held in memory. Once everything is known
//! to be valid, each staged file is renamed over its target (an atomic replace). A build
//! that stops before that discards what it staged, and the folders it created for it, so
//! the output folder is left as it was. A first build, into a folder that does not exist,
//! writes each page under its own name into a hidden folder beside it, renamed to the
//! output folder at the end ([`Fresh`]).

use std::collections::{HashSet, VecDeque};
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};

use crate::diag::Diagnostic;
use crate::fs;
use crate::wiki::fresh::{Fresh, Writer};

/// Files staged by one build.
#[derive(Debug)]
pub struct Stage {
    root: PathBuf,
    /// The current folder, read once: staged files are created by absolute path.
    cwd: PathBuf,
    /// `.charter-PID-`: what this build's staged files and backups are named after.
    own: String,
    /// The number the next staged file or backup is named with. Four bytes, as a plan
    /// keeps one for each page; should a build ever stage four billion files, the
    /// numbers wrap and a name still taken is passed over.
    next: AtomicU32,
    /// Staged files not yet placed: a build that stops looks for them only if there are.
    outstanding: AtomicUsize,
    made: Mutex<Made>,
    /// Files staged by earlier builds that were killed before they could discard them,
    /// as the build's walk of the wiki found them ([`Stage::found`]).
    leftovers: Mutex<Vec<PathBuf>>,
    /// The folders last checked for links and known to exist, relative to the root:
    /// pages are staged an engagement at a time, so a few are enough for each folder to
    /// be looked at about once per build, without a set of every folder of the wiki.
    checked: Mutex<VecDeque<Box<str>>>,
    /// A first build's hidden folder, when the output folder does not exist.
    fresh: Option<Fresh>,
}

/// How many folders [`Stage::checked`] remembers: an engagement's two (its own and its
/// people's) on each of a few threads.
const CHECKED: usize = 16;

/// The buffer of a text written in pieces ([`Stage::put_written`]).
const WRITTEN_BUFFER: usize = 64 * 1024;

/// A page text this build staged: its number names the file beside the page's target
/// (`.charter-PID-N.tmp`), so that a plan holds a number per page, not a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Staged(pub(super) u32);

#[cfg(test)]
impl Staged {
    /// Staged file number `n`.
    pub fn numbered(n: u32) -> Staged {
        Staged(n)
    }
}

/// A backup of a page this build replaced or removed: its number names the file beside the
/// page (`.charter-PID-N-backup.tmp`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backup(u32);

#[derive(Debug, Default)]
struct Made {
    /// The folders holding backups of replaced pages, until the build is over.
    backups: HashSet<PathBuf>,
    /// The folders this build made inside the root, relative to it, each after its
    /// parent; a folder made inside one of the last few made is not listed: discarding
    /// removes the empty folders under each folder listed. None when this build made the
    /// root: discarding then removes the empty folders under the root.
    dirs: Vec<Box<Path>>,
    /// The root and the folders above it, when this build made them, each after its
    /// parent.
    root_dirs: Vec<PathBuf>,
}

impl Stage {
    /// Stages files for the output folder `root`.
    pub fn new(root: &Path) -> Stage {
        let cwd = std::env::current_dir().unwrap_or_default();
        let own = format!("{STAGED_PREFIX}{}-", std::process::id());
        Stage {
            root: root.to_path_buf(),
            fresh: Fresh::of(root, &cwd, &own),
            cwd,
            own,
            next: AtomicU32::new(0),
            outstanding: AtomicUsize::new(0),
            made: Mutex::default(),
            leftovers: Mutex::default(),
            checked: Mutex::default(),
        }
    }

    /// Whether this is a first build, writing the whole wiki in a hidden folder beside
    /// the output folder ([`Fresh`]): its pages are in place once written, and
    /// [`Stage::publish`] makes the output folder.
    pub fn is_fresh(&self) -> bool {
        self.fresh.is_some()
    }

    /// A first build has written every page: its hidden folder becomes the output folder,
    /// which a build that stops later (a commit refused) empties and removes.
    pub fn publish(&self) -> Result<(), Diagnostic> {
        let Some(fresh) = &self.fresh else {
            return Ok(());
        };
        fresh.publish()?;
        self.lock().root_dirs.push(self.cwd.join(&self.root));
        Ok(())
    }

    /// The name of this build's file number `n`.
    fn name(&self, n: u32, kind: &str) -> String {
        format!("{}{n}{kind}{STAGED_SUFFIX}", self.own)
    }

    /// Writes `text` to a new hidden file in the folder of `relative`'s target.
    pub fn put(&self, relative: &str, text: &str) -> Result<Staged, Diagnostic> {
        self.put_with(relative, &mut |file| file.write_all(text.as_bytes()))
    }

    /// As [`Stage::put`], the text given as what writes it, through a buffer (the record of
    /// a large wiki, written in many small pieces, never held whole).
    pub fn put_written(&self, relative: &str, write: fs::WriteText) -> Result<Staged, Diagnostic> {
        self.put_with(relative, &mut |file| {
            let mut out = std::io::BufWriter::with_capacity(WRITTEN_BUFFER, file);
            write(&mut out)?;
            out.flush()
        })
    }

    /// Writes a new hidden file in the folder of `relative`'s target with `write`.
    fn put_with(&self, relative: &str, write: Writer) -> Result<Staged, Diagnostic> {
        if let Some(fresh) = &self.fresh {
            fresh.put_with(relative, write)?;
            return Ok(Staged(self.next.fetch_add(1, Ordering::Relaxed)));
        }
        let target = self.folder_of(relative)?;
        let dir = target.parent().unwrap_or(&self.root).to_path_buf();
        let fail = |e: std::io::Error| {
            let name = fs::display(&target);
            Diagnostic::unlocated(format!("cannot write `{name}`: {e}"))
        };
        let dir = self.cwd.join(&dir);
        loop {
            let n = self.next.fetch_add(1, Ordering::Relaxed);
            let path = dir.join(self.name(n, ""));
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o644);
            let mut file = match options.open(&path) {
                Ok(file) => file,
                // Left by a killed build that had this process id: take the next name.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(fail(e)),
            };
            self.outstanding.fetch_add(1, Ordering::Relaxed);
            write(&mut file).map_err(fail)?;
            return Ok(Staged(n));
        }
    }

    /// Links the page at `target` (checked by [`fs::safe_target`]) to a new hidden backup
    /// beside it; a build that stops removes it, and so does the next build's sweep when
    /// this one is killed.
    pub fn back_up(&self, target: &Path) -> Result<Backup, Diagnostic> {
        let backup = Backup(self.next.fetch_add(1, Ordering::Relaxed));
        let file = self.backup_file(target, backup);
        let folder = target.parent().unwrap_or(&self.root);
        let mut made = self.lock();
        if !made.backups.contains(folder) {
            made.backups.insert(folder.to_path_buf());
        }
        drop(made);
        std::fs::hard_link(target, &file)
            .or_else(|_| std::fs::copy(target, &file).map(|_| ()))
            .map_err(|e| {
                let name = fs::display(target);
                Diagnostic::unlocated(format!(
                    "cannot keep a copy of `{name}` while replacing it: {e}"
                ))
            })?;
        Ok(backup)
    }

    /// Where the backup of the page at `target` is.
    pub fn backup_file(&self, target: &Path, backup: Backup) -> PathBuf {
        target.with_file_name(self.name(backup.0, "-backup"))
    }

    /// Renames a staged file over its `target` (checked by [`fs::safe_target`]), giving it
    /// the mode and group of the file it replaces, when there is one (`replaced`).
    pub fn place(
        &self,
        staged: Staged,
        target: &Path,
        replaced: Option<&std::fs::Metadata>,
    ) -> Result<(), Diagnostic> {
        let staged = target.with_file_name(self.name(staged.0, ""));
        if let Some(meta) = replaced {
            keep_mode_and_group(meta, &staged);
        }
        std::fs::rename(&staged, target).map_err(|e| {
            let name = fs::display(target);
            Diagnostic::unlocated(format!("cannot replace `{name}`: {e}"))
        })?;
        self.outstanding.fetch_sub(1, Ordering::Relaxed);
        Ok(())
    }

    /// Notes a hidden file the build's walk of the output folder found (which it makes to
    /// find pages to retire): one staged by an earlier build that was killed before it
    /// could discard it (`.charter-*.tmp`, not this build's own, which are named after its
    /// process id) is removed when this build writes
    /// ([`Stage::sweep_leftovers_of_killed_builds`]).
    pub fn found(&self, file: PathBuf) {
        let name = file.file_name().map(|n| n.to_string_lossy());
        if name.is_some_and(|name| is_staged_name(&name) && !name.starts_with(&self.own)) {
            let mut leftovers = self.leftovers.lock().unwrap_or_else(|p| p.into_inner());
            leftovers.push(file);
        }
    }

    /// Removes the files staged by earlier builds that were killed before they could
    /// discard them, as the build's walk found them ([`Stage::found`]); returns how many
    /// there were.
    pub fn sweep_leftovers_of_killed_builds(&self) -> usize {
        if let Some(fresh) = &self.fresh {
            return fresh.sweep_leftovers_of_killed_builds();
        }
        let leftovers =
            std::mem::take(&mut *self.leftovers.lock().unwrap_or_else(|p| p.into_inner()));
        leftovers
            .iter()
            .filter(|f| std::fs::remove_file(f).is_ok())
            .count()
    }

    /// The build is over and everything it staged is in place: the folders it made hold
    /// pages and stay (discarding would try to remove each one, in vain).
    /// Backups are removed by whoever finished the build ([`crate::wiki::apply::Applied`]).
    pub fn finish(&self) {
        if self.outstanding.load(Ordering::Relaxed) == 0 {
            let mut made = self.lock();
            made.dirs.clear();
            made.root_dirs.clear();
            made.backups.clear();
        }
    }

    /// Removes what is still staged and the folders made for it that are empty.
    pub fn discard(&self) {
        if let Some(fresh) = &self.fresh {
            fresh.discard();
        }
        let made = std::mem::take(&mut *self.lock());
        for dir in &made.backups {
            self.remove_own_files(dir);
        }
        if self.outstanding.swap(0, Ordering::Relaxed) > 0 {
            // A build that stops before its pages are placed: its files may be in any
            // folder of the wiki (this path only, so a build keeps no list of them).
            let walk = walkdir::WalkDir::new(&self.root).follow_links(false);
            let folders = walk.into_iter().filter_map(Result::ok);
            for folder in folders.filter(|e| e.file_type().is_dir()) {
                self.remove_own_files(folder.path());
            }
        }
        if made.root_dirs.is_empty() {
            for dir in made.dirs.iter().rev() {
                remove_empty_folders(&self.root.join(dir));
            }
        } else {
            remove_empty_folders(&self.root);
        }
        for dir in made.root_dirs.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }

    /// Removes the files of this build left in `dir`.
    fn remove_own_files(&self, dir: &Path) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.filter_map(Result::ok) {
            let name = entry.file_name();
            let name = name.to_string_lossy();
            if name.starts_with(&self.own) && name.ends_with(STAGED_SUFFIX) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }

    /// Creates `dir` and its missing parents, remembering the ones this build made.
    /// `relative`'s target, its folders checked for links ([`fs::safe_folder_of`]) and
    /// made: once per folder and build, as a build's pages share a few folders.
    fn folder_of(&self, relative: &str) -> Result<PathBuf, Diagnostic> {
        let target = fs::target(&self.root, relative)?;
        let dir = target.parent().unwrap_or(&self.root);
        let folder = relative.rsplit_once('/').map_or("", |(folder, _)| folder);
        if !self.was_checked(folder) {
            fs::safe_folder_of(&self.root, relative)?;
            self.make_dirs(dir)?;
            self.remember_checked(folder);
        }
        Ok(target)
    }

    /// Whether `folder` (relative to the root) was lately checked and made.
    fn was_checked(&self, folder: &str) -> bool {
        let checked = self.checked.lock().unwrap_or_else(|p| p.into_inner());
        checked.iter().any(|f| **f == *folder)
    }

    fn remember_checked(&self, folder: &str) {
        let mut checked = self.checked.lock().unwrap_or_else(|p| p.into_inner());
        if checked.len() == CHECKED {
            checked.pop_front();
        }
        checked.push_back(folder.into());
    }

    fn make_dirs(&self, dir: &Path) -> Result<(), Diagnostic> {
        let missing: Vec<&Path> = dir
            .ancestors()
            .take_while(|d| !d.as_os_str().is_empty() && !d.is_dir())
            .collect();
        for d in missing.into_iter().rev() {
            match std::fs::create_dir(d) {
                Ok(()) => {
                    let mut made = self.lock();
                    match d.strip_prefix(&self.root) {
                        // Every folder in a root this build made is its own: discarding
                        // empties the root, without a list of them (a portfolio's first
                        // build makes one for each engagement).
                        Ok(inside)
                            if !made.root_dirs.is_empty() && !inside.as_os_str().is_empty() => {}
                        // An engagement's folders are made one after the other: its
                        // `people` folder goes with the engagement's.
                        Ok(inside) if !inside.as_os_str().is_empty() => {
                            let parent = inside.parent().unwrap_or(Path::new(""));
                            let mut recent = made.dirs.iter().rev().take(CHECKED);
                            if !recent.any(|dir| **dir == *parent) {
                                made.dirs.push(inside.into());
                            }
                        }
                        _ => made.root_dirs.push(d.to_path_buf()),
                    }
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => {
                    let name = fs::display(d);
                    return Err(Diagnostic::unlocated(format!(
                        "cannot create the folder `{name}`: {e}"
                    )));
                }
            }
        }
        Ok(())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Made> {
        self.made.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// Removes `dir` and the folders under it, deepest first, that are empty; any folder
/// that holds a file stays, and so do the folders above it.
fn remove_empty_folders(dir: &Path) {
    let walk = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .contents_first(true);
    for entry in walk.into_iter().filter_map(Result::ok) {
        if entry.file_type().is_dir() {
            let _ = std::fs::remove_dir(entry.path());
        }
    }
}

/// Gives `staged` the permissions and group of the file it replaces (`meta`).
fn keep_mode_and_group(meta: &std::fs::Metadata, staged: &Path) {
    let _ = std::fs::set_permissions(staged, meta.permissions());
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        let _ = std::os::unix::fs::chown(staged, None, Some(meta.gid()));
    }
}

/// Whether a file name is one [`Stage::put`] gives.
fn is_staged_name(name: &str) -> bool {
    name.starts_with(STAGED_PREFIX) && name.ends_with(STAGED_SUFFIX)
}

const STAGED_PREFIX: &str = ".charter-";
const STAGED_SUFFIX: &str = ".tmp";

impl Drop for Stage {
    fn drop(&mut self) {
        self.discard();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_discarded_stage_leaves_the_folder_as_it_was() {
        let root = tempfile::tempdir().unwrap();
        let stage = Stage::new(root.path());
        stage.put("acme/deep/raci.md", "text").unwrap();
        drop(stage);
        assert_eq!(std::fs::read_dir(root.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_discarded_stage_removes_its_files_from_folders_it_did_not_make_and_the_root_it_made() {
        let top = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(top.path().join("kept/acme")).unwrap();
        std::fs::write(top.path().join("kept/acme/notes.md"), "mine").unwrap();
        let stage = Stage::new(&top.path().join("kept"));
        for n in 0..40 {
            stage.put(&format!("e{n}/people/p.md"), "text").unwrap();
            stage.put("acme/raci.md", "text").unwrap();
        }
        drop(stage);
        let left: Vec<_> = walkdir::WalkDir::new(top.path().join("kept"))
            .min_depth(1)
            .into_iter()
            .map(|e| {
                e.unwrap()
                    .path()
                    .strip_prefix(top.path())
                    .unwrap()
                    .to_path_buf()
            })
            .collect();
        assert_eq!(
            left,
            [Path::new("kept/acme"), Path::new("kept/acme/notes.md")]
        );
        // A root the build made, in a folder it made, goes too, with every folder the
        // build made in it.
        let stage = Stage::new(&top.path().join("new/wiki"));
        for n in 0..40 {
            stage.put(&format!("e{n}/people/p.md"), "text").unwrap();
            stage.put("acme/raci.md", "text").unwrap();
        }
        assert!(stage.lock().dirs.is_empty());
        drop(stage);
        assert!(!top.path().join("new").exists());
    }

    #[test]
    fn placed_files_replace_their_targets_and_stay() {
        let root = tempfile::tempdir().unwrap();
        let stage = Stage::new(root.path());
        let staged = stage.put("acme/raci.md", "new").unwrap();
        let target = fs::safe_target(root.path(), "acme/raci.md").unwrap();
        stage.place(staged, &target, None).unwrap();
        drop(stage);
        let text = std::fs::read_to_string(root.path().join("acme/raci.md")).unwrap();
        assert_eq!(text, "new");
        assert_eq!(
            std::fs::read_dir(root.path().join("acme")).unwrap().count(),
            1
        );
    }
}
