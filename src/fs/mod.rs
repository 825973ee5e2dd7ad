//! The one file-system layer: read text, walk visible files sorted, write atomically and
//! only inside the output root. Every error names the path.
//!
//! Reading goes through [`read_source`] (a path the user typed on the command line) or
//! [`read_confined`] (a path read from an input file: a pack reference, a `local:` name, a
//! workspace folder). Both read regular files only, through a reader that stops at
//! [`MAX_FILE_BYTES`] whatever size the file system reports; the confined reader first
//! resolves the path, symbolic links included, and refuses anything outside its
//! [`Confine`] root without opening it (docs/security.md).

mod lock;
mod read;
mod write;

/// Largest input file charter reads, in bytes. Larger files are refused before parsing.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

pub use lock::{FolderLock, lock_folder};
pub use read::{
    Confine, WriteText, page_holds_written, read_confined, read_found_page, read_page, read_source,
};
pub use write::{
    OutputFile, SafeFolders, remove_empty_folders, safe_folder_of, safe_target, safe_target_found,
    target, write_all, write_file,
};

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;

/// A path as shown to users: forward slashes, no leading `./`.
pub fn display(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    text.strip_prefix("./").map(str::to_string).unwrap_or(text)
}

/// `base`'s folder joined with a relative path (as written in a file).
pub fn relative_to(base: &Path, relative: &str) -> PathBuf {
    let dir = base.parent().unwrap_or(Path::new(""));
    let joined = dir.join(relative);
    normalize(&joined)
}

/// Removes `.` and resolves `..` lexically, so the same file gets the same name.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for part in path.components() {
        match part {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Every file under `dir` that `keep` accepts, sorted by path; hidden files and folders
/// (a name starting with `.`) and folders that `skip` names are left out. `dir` itself may
/// be a single file; a folder that does not exist has no files.
pub fn visible_files(
    dir: &Path,
    skip: impl Fn(&OsStr) -> bool,
    keep: impl Fn(&Path) -> bool,
) -> Result<Vec<PathBuf>, Diagnostic> {
    let shown = |name: &OsStr| !(is_hidden(name) || skip(name));
    let mut files = Vec::new();
    each_file(
        dir,
        |name, _| shown(name),
        |path, depth| {
            if (depth == 0 || path.file_name().is_none_or(shown)) && keep(&path) {
                files.push(path);
            }
        },
    )?;
    // A portfolio's list is kept for the whole run: without the room the vector grew
    // into (up to as much again).
    files.shrink_to_fit();
    Ok(files)
}

/// Gives `each` every file under `dir`, sorted by path, with its depth (1 for the files in
/// `dir`), in the folders `enter` lets in (given a folder's name and depth). `dir` itself
/// may be a single file (depth 0); a folder that does not exist has no files. Symbolic
/// links under `dir` are neither files nor folders here: they are left out.
pub fn each_file(
    dir: &Path,
    enter: impl Fn(&OsStr, usize) -> bool,
    mut each: impl FnMut(PathBuf, usize),
) -> Result<(), Diagnostic> {
    match std::fs::metadata(dir) {
        Ok(found) if found.is_dir() => each_file_in(dir, 1, &enter, &mut each),
        Ok(found) if found.is_file() => {
            each(dir.to_path_buf(), 0);
            Ok(())
        }
        _ => Ok(()),
    }
}

/// [`each_file`] in `folder`, whose files are at `depth`. A folder's entries are read
/// whole and sorted by name before any is handed on or entered: only their paths and
/// kinds are held, one folder deep at a time (a portfolio's folder of 10,000 engagement
/// files holds 10,000 paths, each moved on to `each`, not copied).
fn each_file_in(
    folder: &Path,
    depth: usize,
    enter: &dyn Fn(&OsStr, usize) -> bool,
    each: &mut dyn FnMut(PathBuf, usize),
) -> Result<(), Diagnostic> {
    let cannot = |e: std::io::Error| {
        Diagnostic::unlocated(format!("cannot read `{}`: {e}", display(folder)))
    };
    let mut entries = Vec::new();
    for entry in std::fs::read_dir(folder).map_err(cannot)? {
        let entry = entry.map_err(cannot)?;
        entries.push((entry.path(), entry.file_type().map_err(cannot)?));
    }
    // Every path is the folder's joined with a name: ordered as the names are.
    entries.sort_unstable_by(|(a, _), (b, _)| a.as_os_str().cmp(b.as_os_str()));
    for (path, kind) in entries {
        if kind.is_file() {
            each(path, depth);
        } else if kind.is_dir() && path.file_name().is_some_and(|name| enter(name, depth)) {
            each_file_in(&path, depth + 1, enter, each)?;
        }
    }
    Ok(())
}

/// Whether a file or folder name is hidden (starts with `.`).
pub fn is_hidden(name: &OsStr) -> bool {
    name.as_encoded_bytes().starts_with(b".")
}

/// Whether the path's extension is one of `extensions`.
pub fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.contains(&e))
}

#[cfg(test)]
mod tests {
    use super::each_file;
    use std::ffi::OsStr;
    use std::path::PathBuf;

    /// The files and depths a walk gives: the same as a walk sorted by file name, which
    /// enters a folder where its name sorts (`a/` before `a-b`, though `-` sorts before
    /// `/`), leaves out folders `enter` refuses and symbolic links, and takes a single
    /// file as the whole walk.
    #[test]
    fn a_walk_gives_the_files_a_walk_sorted_by_name_gives() {
        let top = tempfile::tempdir().unwrap();
        let root = top.path().join("root");
        let files = [
            "a-b",
            "a/z.md",
            "a/b/c.yaml",
            "a/.hid/x.md",
            "a.md",
            "b",
            "skip/y.md",
            "Z",
            "é",
        ];
        for file in files {
            let path = root.join(file);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(&path, file).unwrap();
        }
        std::fs::create_dir_all(root.join("empty/deeper")).unwrap();
        #[cfg(unix)]
        std::os::unix::fs::symlink(root.join("a"), root.join("link")).unwrap();
        let enter =
            |name: &OsStr, depth: usize| !(name == ".hid" || (name == "skip" && depth == 1));
        let walked = |dir: &std::path::Path| {
            let mut got = Vec::new();
            each_file(dir, enter, |path, depth| got.push((path, depth))).unwrap();
            got
        };
        let expected = |dir: &std::path::Path| -> Vec<(PathBuf, usize)> {
            let walk = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter();
            let entered = |e: &walkdir::DirEntry| {
                e.depth() == 0 || !e.file_type().is_dir() || enter(e.file_name(), e.depth())
            };
            (walk.filter_entry(entered).map(Result::unwrap))
                .filter(|e| e.file_type().is_file())
                .map(|e| (e.path().to_path_buf(), e.depth()))
                .collect()
        };
        let got = walked(&root);
        assert_eq!(got, expected(&root));
        let names: Vec<_> = got
            .iter()
            .map(|(p, _)| p.strip_prefix(&root).unwrap())
            .collect();
        let names: Vec<_> = names.iter().map(|p| p.to_str().unwrap()).collect();
        assert_eq!(
            names,
            ["Z", "a/b/c.yaml", "a/z.md", "a-b", "a.md", "b", "é"]
        );
        let single = root.join("a.md");
        assert_eq!(walked(&single), [(single.clone(), 0)]);
        assert!(walked(&root.join("missing")).is_empty());
    }
}
