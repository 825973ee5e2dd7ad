//! Command-line interface: clap types only.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::wiki::flavor::Flavor;

/// charter turns YAML policy packs and an engagement file into the Markdown documents a
/// team needs when it brings in outside developers: onboarding and compliance checklists,
/// RACI, runbooks and an offboarding checklist.
///
/// Exit codes: 0 success, 1 check failed or findings, 2 bad input (nothing written).
#[derive(Debug, Parser)]
#[command(name = "charter", version, propagate_version = true)]
pub struct Cli {
    /// How problems are printed: `human` (excerpt with a caret) or `short` (one line each:
    /// path:line:column: severity: message).
    #[arg(long, global = true, value_enum, default_value_t = MessageFormat::Human)]
    pub message_format: MessageFormat,
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the documents of one or more engagements into an output folder.
    ///
    /// Each engagement gets a folder named by its id with index.md,
    /// onboarding-checklist.md, compliance-checklist.md, raci.md, runbooks.md and
    /// offboarding-checklist.md, plus a home page listing every engagement. Everything is
    /// validated first: if any input has a problem, every problem is reported and nothing
    /// is written. Ticked boxes and notes in existing pages are kept. Files whose bytes
    /// would not change are left untouched.
    ///
    /// With no ENGAGEMENT, builds every engagement of the workspace: the charter.yaml
    /// found in the current folder or a parent (or in --workspace DIR).
    ///
    /// Exit codes: 0 built (or current, with --check), 1 --check found the wiki stale or
    /// a page edited by hand outside its boxes and notes (a conflict: nothing is written
    /// without --force), 2 bad input (nothing written).
    Build(BuildArgs),
    /// Print shell completions for charter to standard output.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
}

/// Arguments of `charter build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Engagement files (YAML); none: every engagement of the workspace.
    #[arg(value_name = "ENGAGEMENT")]
    pub engagements: Vec<PathBuf>,
    /// Output folder; each engagement is written to OUT/<engagement-id>/ [default: the
    /// workspace's `out`, else wiki]
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Folder of templates that replace built-in ones of the same file name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Folder holding charter.yaml [default: the current folder or the nearest parent
    /// that has one]
    #[arg(long, value_name = "DIR")]
    pub workspace: Option<PathBuf>,
    /// Page layout and links: markdown (relative .md links; MkDocs, any Git host),
    /// github-wiki or gitlab-wiki [default: the workspace's `flavor`, else markdown]
    #[arg(long, value_name = "FLAVOR")]
    pub flavor: Option<Flavor>,
    /// List each file that would be created, changed, retired or left alone, and why;
    /// write nothing.
    #[arg(long, conflicts_with_all = ["check", "commit"])]
    pub plan: bool,
    /// Write nothing; exit 1 with a unified diff if the wiki is stale or has conflicts.
    #[arg(long, conflicts_with = "commit")]
    pub check: bool,
    /// After writing, stage exactly the files written or removed and commit them with git.
    #[arg(long)]
    pub commit: bool,
    /// Overwrite pages whose generated text was edited by hand (ticks and notes are still
    /// kept).
    #[arg(long)]
    pub force: bool,
    /// Date to judge waiver expiry against (YYYY-MM-DD); defaults to today.
    #[arg(long, value_name = "DATE", env = "CHARTER_TODAY")]
    pub today: Option<jiff::civil::Date>,
    /// Print nothing but problems (and no progress bar).
    #[arg(long, short)]
    pub quiet: bool,
}

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum MessageFormat {
    /// rustc-style report with a caret excerpt and help.
    Human,
    /// One line per problem: `path:line:column: severity: message`.
    Short,
}
