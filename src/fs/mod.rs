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
pub use read::{Confine, page_holds, read_confined, read_found_page, read_page, read_source};
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
/// may be a single file (depth 0); a folder that does not exist has no files.
pub fn each_file(
    dir: &Path,
    enter: impl Fn(&OsStr, usize) -> bool,
    mut each: impl FnMut(PathBuf, usize),
) -> Result<(), Diagnostic> {
    if !dir.exists() {
        return Ok(());
    }
    let entered = |e: &walkdir::DirEntry| {
        e.depth() == 0 || !e.file_type().is_dir() || enter(e.file_name(), e.depth())
    };
    let walk = walkdir::WalkDir::new(dir).sort_by_file_name().into_iter();
    for entry in walk.filter_entry(entered) {
        let entry = entry
            .map_err(|e| Diagnostic::unlocated(format!("cannot read `{}`: {e}", display(dir))))?;
        if entry.file_type().is_file() {
            let depth = entry.depth();
            each(entry.into_path(), depth);
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
