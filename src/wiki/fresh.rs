//! A first build into an output folder that does not exist yet: every page is written
//! under its own name into a hidden folder this build makes beside the output folder
//! (`.charter-PID-NAME.tmp`), which is renamed to the output folder once every page is
//! written. The wiki appears whole or not at all, and a page costs a new file and its
//! bytes: no temporary name, no rename and no look for links (nothing in a folder this
//! build made can be one). In: the output folder's path and the pages' texts. Out: the
//! output folder, made at once.
//!
//! A build that stops before the rename removes the hidden folder; one that was killed
//! leaves it, and the next first build of the same folder removes it
//! ([`Fresh::sweep_leftovers_of_killed_builds`]).

use std::collections::VecDeque;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::diag::Diagnostic;
use crate::fs;

/// What writes a page's bytes into its new file.
pub type Writer<'a> = &'a mut dyn FnMut(&mut std::fs::File) -> std::io::Result<()>;

/// The hidden folder a first build writes the wiki in.
#[derive(Debug)]
pub struct Fresh {
    /// The output folder, as given (for messages).
    root: PathBuf,
    /// The output folder's absolute path.
    target: PathBuf,
    /// The hidden folder beside it, absolute.
    building: PathBuf,
    /// The folders last made in `building`, relative to it: pages are written an
    /// engagement at a time, so a few are enough for each folder to be made once, without
    /// a set of every folder of the wiki.
    folders: Mutex<VecDeque<Box<str>>>,
    /// Whether `building` became the output folder.
    published: AtomicBool,
}

impl Fresh {
    /// A first build of `root` (relative to `cwd`) when nothing is there (not even a link)
    /// and the folder it would be in exists: the hidden folder beside it, named after
    /// `own` (`.charter-PID-`), is made now. `None` otherwise, or when the hidden folder
    /// cannot be made (the build then takes the usual way, which reports why).
    pub fn of(root: &Path, cwd: &Path, own: &str) -> Option<Fresh> {
        let target = cwd.join(root);
        let name = target.file_name()?.to_str()?;
        let parent = target.parent()?;
        if std::fs::symlink_metadata(&target).is_ok() || !parent.is_dir() {
            return None;
        }
        let building = parent.join(format!("{own}{name}{SUFFIX}"));
        std::fs::create_dir(&building).ok()?;
        Some(Fresh {
            root: root.to_path_buf(),
            target,
            building,
            folders: Mutex::default(),
            published: AtomicBool::new(false),
        })
    }

    /// Writes the page `relative` (checked by [`fs::target`]) with `write`, making its
    /// folders.
    pub fn put_with(&self, relative: &str, write: Writer) -> Result<(), Diagnostic> {
        let path = fs::target(&self.building, relative)?;
        let fail = |e: std::io::Error| {
            let name = fs::display(&self.root.join(relative));
            Diagnostic::unlocated(format!("cannot write `{name}`: {e}"))
        };
        if let Some((folder, _)) = relative.rsplit_once('/') {
            let mut folders = self.folders.lock().unwrap_or_else(|p| p.into_inner());
            if !folders.iter().any(|f| **f == *folder) {
                std::fs::create_dir_all(self.building.join(folder)).map_err(fail)?;
                if folders.len() == RECENT {
                    folders.pop_front();
                }
                folders.push_back(folder.into());
            }
        }
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o644);
        let mut file = options.open(&path).map_err(fail)?;
        write(&mut file).map_err(fail)
    }

    /// Every page is written: the hidden folder becomes the output folder.
    pub fn publish(&self) -> Result<(), Diagnostic> {
        std::fs::rename(&self.building, &self.target).map_err(|e| {
            let name = fs::display(&self.root);
            Diagnostic::unlocated(format!("cannot make the wiki folder `{name}`: {e}"))
        })?;
        self.published.store(true, Ordering::Relaxed);
        Ok(())
    }

    /// Whether the hidden folder became the output folder.
    pub fn is_published(&self) -> bool {
        self.published.load(Ordering::Relaxed)
    }

    /// The build stops before its wiki is published: the hidden folder goes, with every
    /// page written in it (all of them this build's).
    pub fn discard(&self) {
        if !self.is_published() {
            let _ = std::fs::remove_dir_all(&self.building);
        }
    }

    /// Removes the hidden folders that earlier first builds of the same output folder
    /// left when they were killed (`.charter-*-NAME.tmp`, not this build's own); returns
    /// how many there were.
    pub fn sweep_leftovers_of_killed_builds(&self) -> usize {
        let (Some(parent), Some(own)) = (self.building.parent(), self.building.file_name()) else {
            return 0;
        };
        let Some(name) = self.target.file_name().and_then(|n| n.to_str()) else {
            return 0;
        };
        let ending = format!("-{name}{SUFFIX}");
        let Ok(entries) = std::fs::read_dir(parent) else {
            return 0;
        };
        let leftover = |entry: &std::fs::DirEntry| {
            let file = entry.file_name();
            let file = file.to_string_lossy();
            file.starts_with(PREFIX) && file.ends_with(&ending) && *file != *own.to_string_lossy()
        };
        (entries.filter_map(Result::ok))
            .filter(|e| leftover(e) && e.file_type().is_ok_and(|t| t.is_dir()))
            .filter(|e| std::fs::remove_dir_all(e.path()).is_ok())
            .count()
    }
}

/// How many folders [`Fresh::put`] remembers: an engagement's two (its own and its
/// people's) on each of a few threads.
const RECENT: usize = 16;

const PREFIX: &str = ".charter-";
const SUFFIX: &str = ".tmp";

#[cfg(test)]
mod tests {
    use super::*;

    fn put(fresh: &Fresh, relative: &str, text: &str) -> Result<(), Diagnostic> {
        fresh.put_with(relative, &mut |file| {
            std::io::Write::write_all(file, text.as_bytes())
        })
    }

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = (std::fs::read_dir(dir).unwrap())
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn a_first_build_appears_whole_at_the_end_and_nothing_beside_it() {
        let top = tempfile::tempdir().unwrap();
        let fresh = Fresh::of(Path::new("wiki"), top.path(), ".charter-7-").unwrap();
        put(&fresh, "index.md", "home").unwrap();
        put(&fresh, "acme/raci.md", "raci").unwrap();
        put(&fresh, "acme/people/eva.md", "eva").unwrap();
        assert_eq!(names(top.path()), [".charter-7-wiki.tmp"]);
        fresh.publish().unwrap();
        fresh.discard();
        assert_eq!(names(top.path()), ["wiki"]);
        let page = std::fs::read_to_string(top.path().join("wiki/acme/people/eva.md"));
        assert_eq!(page.unwrap(), "eva");
        assert!(put(&fresh, "../x.md", "x").is_err());
    }

    #[test]
    fn a_first_build_that_stops_leaves_nothing_and_a_killed_ones_folder_is_swept() {
        let top = tempfile::tempdir().unwrap();
        let fresh = Fresh::of(Path::new("wiki"), top.path(), ".charter-7-").unwrap();
        put(&fresh, "acme/raci.md", "raci").unwrap();
        fresh.discard();
        assert!(names(top.path()).is_empty());
        // Killed: its folder stays until the next first build of the same folder.
        let killed = Fresh::of(Path::new("wiki"), top.path(), ".charter-8-").unwrap();
        put(&killed, "acme/raci.md", "raci").unwrap();
        std::fs::create_dir(top.path().join(".charter-9-other.tmp")).unwrap();
        let next = Fresh::of(Path::new("wiki"), top.path(), ".charter-10-").unwrap();
        assert_eq!(next.sweep_leftovers_of_killed_builds(), 1);
        let left = names(top.path());
        assert_eq!(left, [".charter-10-wiki.tmp", ".charter-9-other.tmp"]);
    }

    #[test]
    fn only_a_folder_that_does_not_exist_in_one_that_does_is_built_fresh() {
        let top = tempfile::tempdir().unwrap();
        std::fs::create_dir(top.path().join("there")).unwrap();
        assert!(Fresh::of(Path::new("there"), top.path(), ".charter-7-").is_none());
        assert!(Fresh::of(Path::new("deep/wiki"), top.path(), ".charter-7-").is_none());
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(top.path().join("nowhere"), top.path().join("link"))
                .unwrap();
            assert!(Fresh::of(Path::new("link"), top.path(), ".charter-7-").is_none());
        }
        assert!(names(top.path()).iter().all(|n| !n.starts_with(PREFIX)));
    }
}
