//! One orchestration function per subcommand, and the shared exit codes and printing.

pub mod build;
pub mod coverage;
pub mod docs;
pub mod explain;
pub mod export;
pub mod init;
pub mod list;
pub mod output;
pub mod progress;
pub mod review;
pub mod schema;
pub mod status;
pub mod validate;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::CommandFactory;

use std::path::PathBuf;

use crate::cli::{Cli, Command, MessageFormat, ProjectArgs};
use crate::diag::Diagnostics;
use crate::project::{Job, Options, Project};
use crate::render::flavor::Flavor;

/// Exit status of a run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Exit {
    /// Everything went as asked.
    Ok = 0,
    /// A check failed or findings reached the threshold.
    Failed = 1,
    /// Bad input, or a build that failed: nothing was written.
    BadInput = 2,
    /// A build failed and could not put back every page it had replaced.
    PartlyWritten = 3,
}

impl From<Exit> for ExitCode {
    fn from(exit: Exit) -> ExitCode {
        ExitCode::from(exit as u8)
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Exit {
    let ui = Ui {
        format: cli.message_format,
    };
    match cli.command {
        Command::Build(args) => build::run(&args, &ui),
        Command::Explain(args) => explain::run(&args, &ui),
        Command::Review(args) => review::run(&args, &ui),
        Command::Status(args) => status::run(&args, &ui),
        Command::Validate(args) => validate::run(&args, &ui),
        Command::Schema(args) => schema::run(&args, &ui),
        Command::Init(args) => init::run(&args, &ui),
        Command::Eject(args) => init::eject(&args, &ui),
        Command::Export(args) => export::run(&args, &ui),
        Command::Docs { topic } => docs::run(topic),
        Command::Help { topic } => docs::help(&topic),
        Command::List(args) => list::run(&args, &ui),
        Command::Coverage(args) => coverage::run(&args, &ui),
        Command::Completions { shell } => {
            let mut command = Cli::command();
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut command, "charter", &mut script);
            output::data(&String::from_utf8_lossy(&script));
            Exit::Ok
        }
    }
}

/// Settings shared by every subcommand.
#[derive(Clone, Copy, Debug)]
pub struct Ui {
    /// How diagnostics are printed.
    pub format: MessageFormat,
}

/// Today's date in the system time zone. Without `TZ`, the zone is `/etc/localtime`'s,
/// read directly: asking jiff for the system zone reads the whole time zone database's
/// folder first (about 1 ms, a tenth of one engagement's build).
pub fn today() -> jiff::civil::Date {
    let local = std::env::var_os("TZ")
        .is_none()
        .then(|| std::fs::read("/etc/localtime").ok())
        .flatten()
        .and_then(|tzif| jiff::tz::TimeZone::tzif("localtime", &tzif).ok());
    match local {
        Some(zone) => jiff::Timestamp::now().to_zoned(zone).date(),
        None => jiff::Zoned::now().date(),
    }
}

/// `CHARTER_TODAY` when it is a date, else today.
pub fn today_or_env() -> jiff::civil::Date {
    std::env::var("CHARTER_TODAY")
        .ok()
        .and_then(|d| d.parse().ok())
        .unwrap_or_else(today)
}

/// Opens the project the command line points at: the one way every command finds the
/// workspace, the templates and the date.
pub fn open_project(
    args: &ProjectArgs,
    out: Option<PathBuf>,
    flavor: Option<Flavor>,
    diags: &mut Diagnostics,
) -> Option<Project> {
    let options = Options {
        workspace: args.workspace.clone(),
        out,
        templates: args.templates.clone(),
        flavor,
        today: args.today.unwrap_or_else(today),
    };
    Project::open(&options, diags)
}

/// Every engagement's result from `each`, for the named engagement files (or every
/// engagement of the workspace), with the project's templates.
pub fn each_engagement<T: Send>(
    project: &Project,
    named: &[PathBuf],
    each: &(dyn Fn(&Job, &mut Diagnostics) -> T + Sync),
    diags: &mut Diagnostics,
) -> Vec<T> {
    let Some(selection) = project.engagement_files(named, diags) else {
        return Vec::new();
    };
    project.each(&selection.files, None, &crate::project::Quiet, each, diags)
}

/// Prints diagnostics, one after another, in the format the command line asks for.
pub fn print_found(found: &[crate::diag::Diagnostic], ui: &Ui) {
    if found.is_empty() {
        return;
    }
    let color = color();
    let root = crate::paths::repository_root(&crate::paths::current_dir());
    let in_repository = |name: &str| crate::paths::shown(name, &root);
    let mut drawer = crate::diag::Drawer::new(color);
    let lines: Vec<String> = (found.iter())
        .map(|diagnostic| match ui.format {
            MessageFormat::Human => drawer.draw(diagnostic),
            MessageFormat::Short => diagnostic.one_line(),
            // The Actions runner reads workflow commands from standard error too.
            MessageFormat::Github => diagnostic.github_command(in_repository),
        })
        .collect();
    output::notes(&lines);
}

/// Prints a command's summary line to standard error: data goes to standard output,
/// what people read about the run to standard error.
pub fn summary(_ui: &Ui, text: &str) {
    output::note(text);
}

/// Whether standard error gets colours: `CLICOLOR_FORCE` (set, not `0`) forces them,
/// a non-empty `NO_COLOR` turns them off, else only on a terminal.
fn color() -> bool {
    let value = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
    if value("CLICOLOR_FORCE").is_some_and(|v| v != "0") {
        return true;
    }
    value("NO_COLOR").is_none() && std::io::stderr().is_terminal()
}

/// Prints every diagnostic to standard error, then a count of errors.
pub fn print_diagnostics(diags: &Diagnostics, ui: &Ui) {
    print_found(diags.items(), ui);
    let errors = diags.error_count();
    if errors > 0 {
        let plural = if errors == 1 { "" } else { "s" };
        output::note(&format!("error: {errors} problem{plural} found"));
    }
}
