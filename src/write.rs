//! Writing: only files whose bytes change, each atomically, never outside the output root.

use std::path::{Component, Path, PathBuf};

use crate::diag::Diagnostic;
use crate::fsutil;

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

/// Writes every file whose bytes differ from what is on disk.
pub fn write_all(root: &Path, files: &[OutputFile]) -> Result<WriteReport, Diagnostic> {
    let mut report = WriteReport::default();
    for file in files {
        let path = target(root, &file.path)?;
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
    let name = fsutil::display(path);
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
