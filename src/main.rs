//! The `charter` binary: parse the command line, run, exit with the run's code.

use std::process::ExitCode;

use clap::Parser;

/// Rendering a portfolio allocates many small strings; mimalloc (without transparent huge
/// pages) makes that a third cheaper than the system allocator (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    default_sigpipe();
    let cli = charter::Cli::parse();
    let code = charter::run(cli).into();
    allocator::keep_pages_at_exit();
    code
}

/// The allocator's settings charter changes.
mod allocator {
    use libc::{c_int, c_long};

    /// `mi_option_purge_delay` in `mimalloc.h` (mimalloc 3):
    /// how long freed pages wait before they go back to the system; -1 keeps them.
    pub const PURGE_DELAY: c_int = 15;

    unsafe extern "C" {
        fn mi_option_set(option: c_int, value: c_long);
        #[cfg(test)]
        fn mi_option_get(option: c_int) -> c_long;
    }

    /// On the way out mimalloc hands every free page back to the system, one call per
    /// range: a tenth of one engagement's build, for memory that the exit frees anyway.
    pub fn keep_pages_at_exit() {
        // SAFETY: `mi_option_set` only stores the option's value; both arguments are
        // plain integers in range.
        unsafe { mi_option_set(PURGE_DELAY, -1) }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn the_purge_delay_is_the_option_it_is_taken_for() {
            // SAFETY: as above; `mi_option_get` only reads the option.
            let (default, kept) = unsafe {
                let default = mi_option_get(PURGE_DELAY);
                keep_pages_at_exit();
                (default, mi_option_get(PURGE_DELAY))
            };
            assert_eq!(default, 1000, "mimalloc 3 waits 1 s before a purge");
            assert_eq!(kept, -1);
        }
    }
}

/// A closed standard output (`charter status WIKI | head -1`) ends charter the way it ends
/// `cat` or `git log`: quietly, by SIGPIPE (status 141 in shells), never with a panic, and
/// never with status 0, which would let a failing `--check` pass. Rust ignores SIGPIPE by
/// default, which turns every later `print!` into a panic (docs/security.md).
#[cfg(unix)]
fn default_sigpipe() {
    // SAFETY: called first thing in `main`, before any thread exists; SIG_DFL is a valid
    // disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn default_sigpipe() {}
