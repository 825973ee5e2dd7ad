//! The `charter` binary: parse the command line, run, exit with the run's code.

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = charter::cli::Cli::parse();
    charter::cmd::run(cli).into()
}
