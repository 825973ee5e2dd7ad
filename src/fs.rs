//! File-system helpers whose errors always name the path.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::diag::source::Source;
use crate::input::yaml::MAX_FILE_BYTES;

/// Reads a UTF-8 text file into a [`Source`] named by its path as given.
pub fn read_source(path: &Path) -> Result<Arc<Source>, Diagnostic> {
    let name = display(path);
    let size = std::fs::metadata(path)
        .map_err(|e| Diagnostic::unlocated(format!("cannot read `{name}`: {e}")))?
        .len();
    if size > MAX_FILE_BYTES as u64 {
        let message =
            format!("`{name}` is {size} bytes, more than the limit of {MAX_FILE_BYTES} bytes");
        return Err(
            Diagnostic::unlocated(message).with_help("split the file; policy files are small")
        );
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::unlocated(format!("cannot read `{name}`: {e}")))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source::new(name, text)),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            let message = format!("`{name}` is not valid UTF-8 (invalid byte at offset {at})");
            Err(Diagnostic::unlocated(message).with_help("save the file as UTF-8"))
        }
    }
}

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
