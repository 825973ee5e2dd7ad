//! The `charter` binary: parse the command line, run, exit with the run's code.

use std::process::ExitCode;

use clap::Parser;

/// Rendering a portfolio allocates many small strings; mimalloc (without transparent huge
/// pages) makes that a third cheaper than the system allocator (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = charter::Cli::parse();
    charter::run(cli).into()
}
