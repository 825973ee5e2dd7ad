//! What commands print and write: pretty JSON, and files people keep (readable by
//! everyone, never overwriting a file with other content unless asked).

use std::io::Write;
use std::path::Path;

use crate::diag::Diagnostic;
use crate::fs::{self, OutputFile};

/// Writes data to standard output. A reader that stops early (`charter list controls |
/// head`) is not an error: what it did not read is dropped quietly.
pub fn data(text: &str) {
    data_from(|out| out.write_all(text.as_bytes()));
}

/// Writes data to standard output as `write` makes it, buffered, as [`data`] does.
pub fn data_from(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
    let mut out = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    if let Err(e) = write(&mut out).and_then(|()| out.flush())
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write to standard output: {e}");
    }
}

/// Writes a line for people to standard error; a closed standard error is no reason to
/// stop.
pub fn note(text: &str) {
    notes(&[text]);
}

/// Writes lines for people to standard error, each with its line break, in one write (a
/// run that warns about each of a thousand engagements makes one call, not two a line).
pub fn notes(lines: &[impl AsRef<str>]) {
    let mut text = String::with_capacity(lines.iter().map(|l| l.as_ref().len() + 1).sum());
    for line in lines {
        text.push_str(line.as_ref());
        text.push('\n');
    }
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Pretty JSON with a final newline.
pub fn pretty(value: &serde_json::Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_default() + "\n"
}

/// Writes `files` under `dir`, readable by everyone (0644). Unless `overwrite`, refuses
/// (writing nothing) when a file exists with other content; a file with the same content
/// is left as it is. Returns the paths written, as shown to users.
pub fn write_new_or_same(
    dir: &Path,
    files: &[OutputFile],
    overwrite: bool,
) -> Result<Vec<String>, Diagnostic> {
    let taken: Vec<String> = files
        .iter()
        .filter(|f| {
            let path = dir.join(&f.path);
            !overwrite
                && (path.exists() || path.is_symlink())
                && std::fs::read(&path).ok().as_deref() != Some(f.text.as_bytes())
        })
        .map(|f| fs::display(&dir.join(&f.path)))
        .collect();
    if !taken.is_empty() {
        let message = format!("{} already exist: {}", taken.len(), taken.join(", "));
        return Err(Diagnostic::unlocated(message)
            .with_help("nothing was written; move them aside or choose another folder"));
    }
    let report = fs::write_all(dir, files)?;
    let written: Vec<String> = report.created.into_iter().chain(report.changed).collect();
    for path in &written {
        readable(&dir.join(path))?;
    }
    Ok(written.iter().map(|p| fs::display(&dir.join(p))).collect())
}

/// Makes a file charter wrote readable by everyone, as files people keep usually are.
fn readable(path: &Path) -> Result<(), Diagnostic> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let permissions = std::fs::Permissions::from_mode(0o644);
        std::fs::set_permissions(path, permissions).map_err(|e| {
            Diagnostic::unlocated(format!(
                "cannot set the permissions of `{}`: {e}",
                fs::display(path)
            ))
        })?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
