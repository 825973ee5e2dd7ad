//! Reading input files: regular files only, at most [`MAX_FILE_BYTES`] bytes whatever the
//! file system says, and, for paths that come from input files, only inside a [`Confine`]
//! root after symbolic links are followed.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::{MAX_FILE_BYTES, display, normalize};
use crate::diag::Diagnostic;
use crate::diag::source::Source;

/// The folder that paths read from input files must stay inside: the workspace's root, or
/// the folder of the engagement file when there is no workspace.
#[derive(Clone, Debug)]
pub struct Confine {
    /// The root with every symbolic link resolved.
    real: PathBuf,
    /// The root as the user knows it, for messages.
    shown: String,
}

impl Confine {
    /// Confinement to `root` (a folder that must exist).
    pub fn new(root: &Path) -> Result<Confine, Diagnostic> {
        let root = if root.as_os_str().is_empty() {
            Path::new(".")
        } else {
            root
        };
        let real = root
            .canonicalize()
            .map_err(|e| Diagnostic::unlocated(format!("cannot read `{}`: {e}", display(root))))?;
        Ok(Confine {
            real,
            shown: display(root),
        })
    }

    /// Where `path` really is, if that is inside the root; a path that does not exist is
    /// judged by its name alone (reading it then fails as usual).
    pub fn resolve(&self, path: &Path) -> Result<PathBuf, String> {
        let outside = || {
            format!(
                "`{}` is outside `{}`; files named in input files must stay inside it",
                display(path),
                self.shown
            )
        };
        match path.canonicalize() {
            Ok(real) if real.starts_with(&self.real) => Ok(real),
            Ok(_) => Err(outside()),
            Err(_) => {
                let absolute = std::env::current_dir()
                    .map(|cwd| normalize(&cwd.join(path)))
                    .unwrap_or_else(|_| normalize(path));
                let lexical_root = std::env::current_dir()
                    .map(|cwd| normalize(&cwd.join(&self.shown)))
                    .unwrap_or_else(|_| PathBuf::from(&self.shown));
                let inside =
                    absolute.starts_with(&lexical_root) || absolute.starts_with(&self.real);
                if inside && std::fs::symlink_metadata(path).is_err() {
                    Ok(path.to_path_buf())
                } else if inside {
                    Err(format!(
                        "`{}` is a symbolic link that cannot be followed",
                        display(path)
                    ))
                } else {
                    Err(outside())
                }
            }
        }
    }
}

/// Reads a path the user typed: a UTF-8 regular file of at most [`MAX_FILE_BYTES`].
pub fn read_source(path: &Path) -> Result<Arc<Source>, Diagnostic> {
    let text = read_bounded(path)?;
    Ok(Source::new(display(path), text))
}

/// Reads a path named in an input file, after checking that it stays inside `confine`;
/// the target is never opened when it does not.
pub fn read_confined(path: &Path, confine: &Confine) -> Result<Arc<Source>, Diagnostic> {
    let real = confine.resolve(path).map_err(|message| {
        Diagnostic::unlocated(message)
            .with_help("name files inside the workspace (or the engagement's folder), without `..`, absolute paths or links that lead out")
    })?;
    let text = read_text(&real, &display(path), MAX_FILE_BYTES)?;
    Ok(Source::new(display(path), text))
}

/// The text of a UTF-8 regular file, refusing devices, pipes and folders, and files over
/// [`MAX_FILE_BYTES`] (counted while reading, not taken from the file's reported size).
pub fn read_bounded(path: &Path) -> Result<String, Diagnostic> {
    read_text(path, &display(path), MAX_FILE_BYTES)
}

/// Largest wiki page (or wiki record) charter reads back, in bytes. Pages grow with what
/// they list (a portfolio's home page, a large engagement's checklists: see
/// `render::bounds::page_limit`), so the bound is far above any page a real portfolio
/// gives; it only keeps a stray giant file from being read whole.
pub const MAX_PAGE_BYTES: usize = 256 * 1024 * 1024;

/// The text of a wiki page, or `None` when there is none: a regular UTF-8 file of at most
/// [`MAX_PAGE_BYTES`] (a device, a pipe or a folder in its place is an error, never read).
pub fn read_page(path: &Path) -> Result<Option<String>, Diagnostic> {
    match std::fs::metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        looked => read_looked(path, looked, &display(path), MAX_PAGE_BYTES).map(Some),
    }
}

/// As [`read_page`], given what a look at `path` found, so that a file looked at already
/// is not looked at again (`None`: the look found nothing, and [`read_page`] looks again
/// to tell a missing file from one it may not look at).
pub fn read_found_page(
    path: &Path,
    found: Option<std::fs::Metadata>,
) -> Result<Option<String>, Diagnostic> {
    match found {
        Some(found) => read_looked(path, Ok(found), &display(path), MAX_PAGE_BYTES).map(Some),
        None => read_page(path),
    }
}

fn read_text(path: &Path, name: &str, max: usize) -> Result<String, Diagnostic> {
    read_looked(path, std::fs::metadata(path), name, max)
}

/// A text given as what writes it: a large text is written to its file, or compared
/// with one, as it is made, never held whole. Writing it again gives the same bytes.
pub type WriteText<'a> = &'a dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>;

/// Whether the page at `path` holds exactly the bytes `write` writes, given what a look
/// at it found (`None` as for [`read_found_page`]); `Ok(None)` when there is no page. The
/// page is checked as [`read_page`] checks it, and compared a block at a time as the bytes
/// are written, up to the first that differs: neither text is held whole (the record of a
/// large wiki is megabytes).
pub fn page_holds_written(
    path: &Path,
    found: Option<std::fs::Metadata>,
    write: WriteText,
) -> Result<Option<bool>, Diagnostic> {
    let looked = match found {
        Some(found) => Ok(found),
        None => match std::fs::metadata(path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            looked => looked,
        },
    };
    let name = display(path);
    let fail =
        |e: &dyn std::fmt::Display| Diagnostic::unlocated(format!("cannot read `{name}`: {e}"));
    let (file, _) = open_looked(path, looked, &name, MAX_PAGE_BYTES)?;
    let mut compare = Compare {
        file,
        block: vec![0; COMPARED],
        start: 0,
        end: 0,
        differs: false,
        failed: None,
    };
    let written = write(&mut compare);
    if let Some(e) = compare.failed {
        return Err(fail(&e));
    }
    match (compare.differs, written) {
        (true, _) => Ok(Some(false)),
        (false, Err(e)) => Err(fail(&e)),
        // Nothing may follow: a file that grew while being read is not the same.
        (false, Ok(())) => compare.is_at_end().map(Some).map_err(|e| fail(&e)),
    }
}

/// A writer that compares what it is given with a file, a block at a time; it stops
/// (an error) at the first byte that differs, or when reading fails (kept in `failed`).
struct Compare {
    file: std::fs::File,
    block: Vec<u8>,
    /// The part of `block` read and not compared yet.
    start: usize,
    end: usize,
    differs: bool,
    failed: Option<std::io::Error>,
}

impl Compare {
    /// Reads the file's next block; false at its end.
    fn fill(&mut self) -> std::io::Result<bool> {
        loop {
            match self.file.read(&mut self.block) {
                Ok(n) => {
                    (self.start, self.end) = (0, n);
                    return Ok(n > 0);
                }
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
    }

    /// Stops the writing: the file differs, or it could not be read (`failed`).
    fn stop(&mut self, failed: Option<std::io::Error>) -> std::io::Result<usize> {
        self.differs = failed.is_none();
        self.failed = failed;
        Err(std::io::Error::other("compared up to here"))
    }

    /// Whether every byte of the file was compared.
    fn is_at_end(&mut self) -> std::io::Result<bool> {
        Ok(self.start == self.end && !self.fill()?)
    }
}

impl std::io::Write for Compare {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        let mut rest = bytes;
        while !rest.is_empty() {
            if self.start == self.end {
                match self.fill() {
                    Ok(true) => {}
                    // Shorter than the text: it differs.
                    Ok(false) => return self.stop(None),
                    Err(e) => return self.stop(Some(e)),
                }
            }
            let take = rest.len().min(self.end - self.start);
            if rest[..take] != self.block[self.start..self.start + take] {
                return self.stop(None);
            }
            self.start += take;
            rest = &rest[take..];
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// How many bytes [`page_holds_written`] compares at a time.
const COMPARED: usize = 64 * 1024;

/// The text of the file at `path`, given what a look at it found: a regular UTF-8 file of
/// at most `max` bytes.
fn read_looked(
    path: &Path,
    looked: std::io::Result<std::fs::Metadata>,
    name: &str,
    max: usize,
) -> Result<String, Diagnostic> {
    let fail =
        |e: &dyn std::fmt::Display| Diagnostic::unlocated(format!("cannot read `{name}`: {e}"));
    let (file, meta) = open_looked(path, looked, name, max)?;
    // Room for the whole file and one byte more: two reads, the second finding the end
    // (an empty vector grows by doubling, a read each time).
    let mut bytes = Vec::with_capacity(meta.len() as usize + 1);
    let limit = max as u64 + 1;
    file.take(limit)
        .read_to_end(&mut bytes)
        .map_err(|e| fail(&e))?;
    if bytes.len() > max {
        return Err(too_large(name, None, max));
    }
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let message = format!("`{name}` is not valid UTF-8 (invalid byte at offset {at})");
        Diagnostic::unlocated(message).with_help("save the file as UTF-8")
    })
}

/// The file at `path` opened, and what it is, given what a look at it found: a regular
/// file of at most `max` bytes. What is not a regular file is refused before it is opened
/// (opening a device can act on it, and opening a FIFO waits for a writer); the opened
/// file is looked at again, in case it was swapped in between.
fn open_looked(
    path: &Path,
    looked: std::io::Result<std::fs::Metadata>,
    name: &str,
    max: usize,
) -> Result<(std::fs::File, std::fs::Metadata), Diagnostic> {
    let fail =
        |e: &dyn std::fmt::Display| Diagnostic::unlocated(format!("cannot read `{name}`: {e}"));
    if !looked.map_err(|e| fail(&e))?.is_file() {
        return Err(not_regular(name));
    }
    let file = open_for_reading(path).map_err(|e| fail(&e))?;
    let meta = file.metadata().map_err(|e| fail(&e))?;
    if !meta.is_file() {
        return Err(not_regular(name));
    }
    if meta.len() > max as u64 {
        return Err(too_large(name, Some(meta.len()), max));
    }
    Ok((file, meta))
}

/// Opens a file for reading without waiting, so that a FIFO swapped in after the look
/// cannot hold the run.
fn open_for_reading(path: &Path) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    options.open(path)
}

fn not_regular(name: &str) -> Diagnostic {
    Diagnostic::unlocated(format!("`{name}` is not a regular file"))
        .with_help("charter reads regular files only, not devices, pipes or folders")
}

fn too_large(name: &str, size: Option<u64>, max: usize) -> Diagnostic {
    let message = match size {
        Some(size) => format!("`{name}` is {size} bytes, more than the limit of {max} bytes"),
        None => format!("`{name}` is more than the limit of {max} bytes"),
    };
    Diagnostic::unlocated(message).with_help("split the file; policy files are small")
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn devices_pipes_and_growing_files_are_refused() {
        assert!(read_bounded(Path::new("/dev/zero")).is_err());
        let dir = tempfile::tempdir().unwrap();
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let e = read_bounded(&fifo).unwrap_err();
            assert!(e.message.contains("not a regular file"), "{e:?}");
        }
    }

    #[test]
    fn confinement_follows_links_and_refuses_what_leaves() {
        let root = tempfile::tempdir().unwrap();
        std::fs::write(root.path().join("in.yaml"), "a: 1\n").unwrap();
        std::os::unix::fs::symlink("/etc/passwd", root.path().join("out.yaml")).unwrap();
        let confine = Confine::new(root.path()).unwrap();
        assert!(read_confined(&root.path().join("in.yaml"), &confine).is_ok());
        for bad in ["out.yaml", "../x.yaml", "/proc/self/environ"] {
            let e = read_confined(&root.path().join(bad), &confine).unwrap_err();
            assert!(e.message.contains("is outside"), "{bad}: {e:?}");
            assert!(!e.message.contains("root:"), "{e:?}");
        }
    }

    #[test]
    fn a_page_is_compared_block_by_block_with_the_checks_of_reading_it() {
        let dir = tempfile::tempdir().unwrap();
        let page = dir.path().join("page.md");
        // The text written whole, and in pieces of one to a hundred bytes.
        let holds = |text: &str| {
            let whole = page_holds_written(&page, None, &|out| out.write_all(text.as_bytes()));
            let pieces = page_holds_written(&page, None, &|out| {
                let mut rest = text.as_bytes();
                for size in (1..=100).cycle() {
                    let (piece, after) = rest.split_at(size.min(rest.len()));
                    out.write_all(piece)?;
                    rest = after;
                    if rest.is_empty() {
                        return Ok(());
                    }
                }
                Ok(())
            });
            let (whole, pieces) = (whole.unwrap(), pieces.unwrap());
            assert_eq!(whole, pieces, "{} bytes", text.len());
            whole
        };
        assert_eq!(holds("x"), None);
        // Three blocks and a bit: equal, or differing in the first, a middle or the last byte.
        let text: String = (0..COMPARED * 3 + 7)
            .map(|i| (b'a' + (i % 26) as u8) as char)
            .collect();
        std::fs::write(&page, &text).unwrap();
        assert_eq!(holds(&text), Some(true));
        for at in [0, COMPARED, COMPARED * 2 + 5, text.len() - 1] {
            let mut other = text.clone().into_bytes();
            other[at] = b'#';
            assert_eq!(
                holds(std::str::from_utf8(&other).unwrap()),
                Some(false),
                "at {at}"
            );
        }
        assert_eq!(holds(&text[1..]), Some(false));
        assert_eq!(holds(&format!("{text}x")), Some(false));
        std::fs::write(&page, "").unwrap();
        assert_eq!(holds(""), Some(true));
        let nothing: WriteText = &|_| Ok(());
        let e = page_holds_written(dir.path(), None, nothing).unwrap_err();
        assert!(e.message.contains("not a regular file"), "{e:?}");
        let fifo = dir.path().join("fifo");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        if made.is_ok_and(|s| s.success()) {
            let e = page_holds_written(&fifo, None, nothing).unwrap_err();
            assert!(e.message.contains("not a regular file"), "{e:?}");
        }
    }
}
