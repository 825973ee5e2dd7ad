//! Writing: only files whose bytes change, each atomically, never outside the output root.

use std::path::{Component, Path, PathBuf};

use super as fs;
use crate::diag::Diagnostic;

/// One generated file, relative to the output root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutputFile {
    /// Relative path with `/` separators, e.g. `acme-payments-mvp/raci.md`.
    pub path: String,
    /// Complete contents.
    pub text: String,
}

/// What a write did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteReport {
    /// Files that did not exist.
    pub created: Vec<String>,
    /// Files whose bytes changed.
    pub changed: Vec<String>,
    /// Files already up to date (not touched).
    pub unchanged: usize,
}

/// Where a file would go, refusing anything that could leave `root`.
pub fn target(root: &Path, relative: &str) -> Result<PathBuf, Diagnostic> {
    let path = Path::new(relative);
    let safe = !relative.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
    if !safe {
        return Err(Diagnostic::unlocated(format!(
            "refusing to write `{relative}`: it would leave the output folder"
        )));
    }
    Ok(root.join(path))
}

/// Where a file would go, also refusing a symbolic link inside `root` (at any level of
/// `relative`) that leads outside `root`, or that leads nowhere.
pub fn safe_target(root: &Path, relative: &str) -> Result<PathBuf, Diagnostic> {
    safe_target_found(root, relative, &mut SafeFolders::default()).map(|(path, _)| path)
}

/// The folder last found safe under a root (every level there, and no link among them
/// leading out of the root): the targets of one engagement's pages, looked at one after
/// another, share a folder or two, and each is looked at once for them, not once per page.
/// A folder swapped for a link while a build runs is the same race as between a look and
/// the write it allows.
#[derive(Debug, Default)]
pub struct SafeFolders {
    /// The folder, relative to the root (`""` for the root itself).
    last: Option<String>,
}

/// As [`safe_target`], with what is there now, if anything (a link followed): the looks
/// that check for links also tell whether there is a file to replace. The folders above
/// the file are looked at unless `folders` found them safe last.
pub fn safe_target_found(
    root: &Path,
    relative: &str,
    folders: &mut SafeFolders,
) -> Result<(PathBuf, Option<std::fs::Metadata>), Diagnostic> {
    let folder = relative.rsplit_once('/').map_or("", |(folder, _)| folder);
    let levels = Path::new(relative).components().count();
    let known = folders.last.as_deref() == Some(folder);
    let skip = if known { levels.saturating_sub(1) } else { 0 };
    let (path, last, there) = checked(root, relative, skip, levels)?;
    if there + 1 >= levels && !known {
        folders.last = Some(folder.to_string());
    }
    let found = match last {
        Some(meta) if meta.file_type().is_symlink() => std::fs::metadata(&path).ok(),
        found => found,
    };
    Ok((path, found))
}

/// Where a file would go, refusing what [`safe_target`] refuses in the folders above it;
/// the file itself is not looked at (for a new file made beside it).
pub fn safe_folder_of(root: &Path, relative: &str) -> Result<PathBuf, Diagnostic> {
    let folders = Path::new(relative).components().count().saturating_sub(1);
    checked(root, relative, 0, folders).map(|(path, _, _)| path)
}

/// `relative`'s target, with its first `levels` components but the first `skip` (known to
/// be there and safe) checked for links; what the last of them is when all `levels` are
/// there, and how many are.
fn checked(
    root: &Path,
    relative: &str,
    skip: usize,
    levels: usize,
) -> Result<(PathBuf, Option<std::fs::Metadata>, usize), Diagnostic> {
    let path = target(root, relative)?;
    let mut current = root.to_path_buf();
    let mut last = None;
    for (level, part) in Path::new(relative).components().take(levels).enumerate() {
        current.push(part);
        if level < skip {
            continue;
        }
        match std::fs::symlink_metadata(&current) {
            Ok(meta) => {
                if meta.file_type().is_symlink() {
                    check_link(root, &current, relative)?;
                }
                last = Some(meta);
            }
            // Nothing below a missing folder is a link.
            Err(_) => return Ok((path, None, level)),
        }
    }
    Ok((path, last, levels))
}

fn check_link(root: &Path, link: &Path, relative: &str) -> Result<(), Diagnostic> {
    let name = fs::display(link);
    let inside = root
        .canonicalize()
        .map_err(|e| Diagnostic::unlocated(format!("cannot read `{}`: {e}", fs::display(root))))?;
    match link.canonicalize() {
        Ok(to) if to.starts_with(&inside) => Ok(()),
        Ok(to) => Err(Diagnostic::unlocated(format!(
            "refusing to write `{relative}`: `{name}` is a symbolic link to `{}`, outside the output folder",
            fs::display(&to)
        ))
        .with_help("remove the link, or choose another output folder")),
        Err(e) => Err(Diagnostic::unlocated(format!(
            "refusing to write `{relative}`: `{name}` is a symbolic link that cannot be followed: {e}"
        ))),
    }
}

/// Writes one file atomically, after checking where it goes.
pub fn write_file(root: &Path, relative: &str, text: &str) -> Result<(), Diagnostic> {
    write_atomic(&safe_target(root, relative)?, text)
}

/// Removes the folders of `relative`, up to `root`, that are empty.
pub fn remove_empty_folders(root: &Path, relative: &str) -> Result<(), Diagnostic> {
    let path = safe_target(root, relative)?;
    let mut dir = path.parent();
    while let Some(d) = dir.filter(|d| *d != root && d.starts_with(root)) {
        if std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
    Ok(())
}

/// Writes every file whose bytes differ from what is on disk.
pub fn write_all(root: &Path, files: &[OutputFile]) -> Result<WriteReport, Diagnostic> {
    let mut report = WriteReport::default();
    for file in files {
        let path = safe_target(root, &file.path)?;
        match std::fs::read(&path) {
            Ok(existing) if existing == file.text.as_bytes() => report.unchanged += 1,
            Ok(_) => {
                write_atomic(&path, &file.text)?;
                report.changed.push(file.path.clone());
            }
            Err(_) => {
                write_atomic(&path, &file.text)?;
                report.created.push(file.path.clone());
            }
        }
    }
    Ok(report)
}

/// Writes to a temporary file in the same folder, then renames it over the target.
fn write_atomic(path: &Path, text: &str) -> Result<(), Diagnostic> {
    let name = fs::display(path);
    let fail = |what: &str, e: &dyn std::fmt::Display| {
        Diagnostic::unlocated(format!("cannot {what} `{name}`: {e}"))
    };
    let dir = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| fail("create the folder of", &e))?;
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(|e| fail("write", &e))?;
    std::io::Write::write_all(&mut temp, text.as_bytes()).map_err(|e| fail("write", &e))?;
    temp.persist(path).map_err(|e| fail("replace", &e.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_that_leave_the_root_are_refused() {
        let root = Path::new("/tmp/out");
        for bad in ["../x.md", "/etc/passwd", "a/../../b", ""] {
            assert!(target(root, bad).is_err(), "{bad} accepted");
        }
        assert_eq!(target(root, "a/b.md").unwrap(), root.join("a/b.md"));
    }

    #[cfg(unix)]
    #[test]
    fn links_that_lead_outside_the_root_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        let root = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("acme")).unwrap();
        let error = safe_target(root.path(), "acme/raci.md").unwrap_err();
        assert!(
            error.message.contains("outside the output folder"),
            "{error:?}"
        );
        std::fs::create_dir(root.path().join("real")).unwrap();
        std::os::unix::fs::symlink(root.path().join("real"), root.path().join("alias")).unwrap();
        assert!(safe_target(root.path(), "alias/raci.md").is_ok());
        assert!(write_file(root.path(), "acme/raci.md", "x").is_err());
        assert!(!outside.path().join("raci.md").exists());
    }

    #[cfg(unix)]
    #[test]
    fn a_checked_target_tells_what_is_there_through_links_inside_the_root() {
        use std::os::unix::fs::PermissionsExt;
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir(root.path().join("real")).unwrap();
        std::fs::write(root.path().join("real/raci.md"), "old").unwrap();
        let mode = std::fs::Permissions::from_mode(0o600);
        std::fs::set_permissions(root.path().join("real/raci.md"), mode).unwrap();
        std::os::unix::fs::symlink(root.path().join("real"), root.path().join("alias")).unwrap();
        let page = root.path().join("real/raci.md");
        std::os::unix::fs::symlink(&page, root.path().join("real/link.md")).unwrap();
        for relative in ["real/raci.md", "alias/raci.md", "real/link.md"] {
            let (path, found) =
                safe_target_found(root.path(), relative, &mut SafeFolders::default()).unwrap();
            assert_eq!(path, root.path().join(relative));
            let found = found.unwrap_or_else(|| panic!("{relative}: nothing found"));
            assert!(found.is_file(), "{relative}");
            assert_eq!(found.permissions().mode() & 0o777, 0o600, "{relative}");
        }
        for relative in ["real/new.md", "missing/new.md"] {
            let (_, found) =
                safe_target_found(root.path(), relative, &mut SafeFolders::default()).unwrap();
            assert!(found.is_none(), "{relative}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_folder_found_safe_is_looked_at_once_and_its_files_each_time() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.md"), "x").unwrap();
        let root = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(root.path().join("real/people")).unwrap();
        std::fs::write(root.path().join("real/a.md"), "a").unwrap();
        std::os::unix::fs::symlink(outside.path(), root.path().join("out")).unwrap();
        let secret = outside.path().join("secret.md");
        std::os::unix::fs::symlink(&secret, root.path().join("real/link.md")).unwrap();
        let folders = &mut SafeFolders::default();
        let found = |relative: &str, folders: &mut SafeFolders| {
            safe_target_found(root.path(), relative, folders).map(|(_, found)| found.is_some())
        };
        assert!(found("real/a.md", folders).unwrap());
        assert!(!found("real/new.md", folders).unwrap());
        // The folder is known; its file is still looked at, a link out of the root refused.
        assert!(found("real/link.md", folders).is_err());
        // Another folder is looked at, and a link out of the root among its folders refused.
        assert!(found("out/secret.md", folders).is_err());
        assert!(!found("real/people/b.md", folders).unwrap());
        assert!(found("real/a.md", folders).unwrap());
        // A missing folder is not known: once it exists, and is a link, it is refused.
        assert!(!found("later/a.md", folders).unwrap());
        std::os::unix::fs::symlink(outside.path(), root.path().join("later")).unwrap();
        assert!(found("later/secret.md", folders).is_err());
    }

    #[test]
    fn only_changed_files_are_written() {
        let dir = tempfile::tempdir().unwrap();
        let file = OutputFile {
            path: "e/a.md".into(),
            text: "one\n".into(),
        };
        let first = write_all(dir.path(), std::slice::from_ref(&file)).unwrap();
        assert_eq!(first.created, vec!["e/a.md".to_string()]);
        let second = write_all(dir.path(), &[file]).unwrap();
        assert_eq!(second.unchanged, 1);
        assert!(second.created.is_empty() && second.changed.is_empty());
    }
}
