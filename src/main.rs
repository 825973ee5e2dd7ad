//! The `charter` binary: parse the command line, run, exit with the run's code.

use std::process::ExitCode;

use clap::Parser;

/// Rendering a portfolio allocates many small strings; mimalloc (without transparent huge
/// pages) makes that a third cheaper than the system allocator (docs/performance.md).
#[global_allocator]
static ALLOCATOR: charter::allocator::Allocator = charter::allocator::Allocator;

fn main() -> ExitCode {
    default_sigpipe();
    charter::allocator::run_ends_process();
    let cli = charter::Cli::parse();
    let code = charter::run(cli).into();
    charter::allocator::keep_pages_at_exit();
    code
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
