//! One build per wiki at a time: an advisory lock on the output folder itself. A build
//! that writes holds it exclusively from planning to the last rename; `--check` and
//! `--plan` share it. The lock goes with the process, so a killed build never leaves the
//! wiki locked.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};

use crate::diag::Diagnostic;
use crate::fs::display;

/// A held lock; released when dropped. A folder the lock had to create is removed again
/// if it is still empty.
#[derive(Debug)]
pub struct FolderLock {
    _file: Option<File>,
    created: Option<PathBuf>,
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        if let Some(dir) = &self.created {
            let _ = std::fs::remove_dir(dir);
        }
    }
}

/// Locks `dir` (exclusively when `write`); when another build holds it, calls `waiting`
/// once and waits. A folder that does not exist is created for a write and left alone
/// (nothing to protect) otherwise.
pub fn lock_folder(
    dir: &Path,
    write: bool,
    waiting: impl FnOnce(),
) -> Result<FolderLock, Diagnostic> {
    let fail = |e: std::io::Error| {
        Diagnostic::unlocated(format!(
            "cannot lock the wiki folder `{}`: {e}",
            display(dir)
        ))
    };
    let mut created = None;
    if !dir.exists() {
        if !write {
            return Ok(FolderLock {
                _file: None,
                created,
            });
        }
        std::fs::create_dir_all(dir).map_err(fail)?;
        created = Some(dir.to_path_buf());
    }
    let file = File::open(dir).map_err(fail)?;
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
    Ok(FolderLock {
        _file: Some(file),
        created,
    })
}
