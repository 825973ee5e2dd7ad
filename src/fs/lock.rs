//! One build per wiki at a time: an advisory lock on the output folder itself. A build
//! that writes holds it exclusively from planning to the last rename; `--check` and
//! `--plan` share it. The lock goes with the process, so a killed build never leaves the
//! wiki locked.

use std::fs::{File, TryLockError};
use std::path::Path;

use crate::diag::Diagnostic;
use crate::fs::display;

/// A held lock; released when dropped (or when the process ends).
#[derive(Debug)]
pub struct FolderLock {
    _file: Option<File>,
}

/// Locks `dir` (exclusively when `write`); when another build holds it, calls `waiting`
/// once and waits. When `dir` does not exist yet, a write locks its nearest existing
/// parent instead (creating nothing), and a read locks nothing.
pub fn lock_folder(
    dir: &Path,
    write: bool,
    waiting: impl FnOnce(),
) -> Result<FolderLock, Diagnostic> {
    let fail = |e: std::io::Error| {
        let name = display(dir);
        Diagnostic::unlocated(format!("cannot lock the wiki folder `{name}`: {e}"))
    };
    let absolute = std::path::absolute(dir).map_err(fail)?;
    let existing = absolute.ancestors().find(|d| d.is_dir());
    let Some(existing) = existing.filter(|e| write || *e == absolute) else {
        return Ok(FolderLock { _file: None });
    };
    let file = File::open(existing).map_err(fail)?;
    let tried = match write {
        true => file.try_lock(),
        false => file.try_lock_shared(),
    };
    match tried {
        Ok(()) => {}
        Err(TryLockError::WouldBlock) => {
            waiting();
            match write {
                true => file.lock(),
                false => file.lock_shared(),
            }
            .map_err(fail)?;
        }
        Err(TryLockError::Error(e)) => return Err(fail(e)),
    }
    Ok(FolderLock { _file: Some(file) })
}
