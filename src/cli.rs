//! Command-line interface: clap types only.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::pack::Framework;

/// charter turns YAML policy packs and an engagement file into the Markdown documents a
/// team needs when it brings in outside developers: onboarding and compliance checklists,
/// RACI, runbooks, SLAs and KPIs, a hand-off plan and an offboarding checklist.
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
    /// onboarding-checklist.md, compliance-checklist.md, raci.md, runbooks.md,
    /// slas-kpis.md and offboarding-checklist.md, and handoff-plan.md for hybrid
    /// engagements. Everything is validated first: if any input has a
    /// problem, every problem is reported and nothing is written. Files whose bytes
    /// would not change are left untouched.
    Build(BuildArgs),
    /// Show which identifiers of a framework an engagement's controls cover.
    ///
    /// Lists every identifier of the framework with the applicable controls that map to it
    /// (a waived control is marked), or `uncovered`, then a count. Exit code 0 whatever
    /// the coverage; 2 on bad input.
    Coverage(CoverageArgs),
    /// Print shell completions for charter to standard output.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
}

/// Arguments of `charter build`.
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// Engagement files (YAML).
    #[arg(required = true, value_name = "ENGAGEMENT")]
    pub engagements: Vec<PathBuf>,
    /// Output folder; each engagement is written to OUT/<engagement-id>/.
    #[arg(long, short, value_name = "DIR", default_value = "wiki")]
    pub out: PathBuf,
    /// Folder of templates that replace built-in ones of the same file name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Date to judge waiver expiry against (YYYY-MM-DD); defaults to today.
    #[arg(long, value_name = "DATE", env = "CHARTER_TODAY")]
    pub today: Option<jiff::civil::Date>,
    /// Print nothing but problems.
    #[arg(long, short)]
    pub quiet: bool,
}

/// Arguments of `charter coverage`.
#[derive(Debug, clap::Args)]
pub struct CoverageArgs {
    /// Engagement file (YAML).
    #[arg(value_name = "ENGAGEMENT")]
    pub engagement: PathBuf,
    /// The framework, by its mapping key.
    #[arg(long, value_name = "NAME")]
    pub framework: Framework,
    /// `table` (aligned columns) or `json`.
    #[arg(long, value_enum, default_value_t = CoverageFormat::Table)]
    pub format: CoverageFormat,
}

/// How `charter coverage` prints its report.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum CoverageFormat {
    /// One identifier a line with the controls covering it, then a summary line.
    Table,
    /// The report as a JSON object.
    Json,
}

impl clap::ValueEnum for Framework {
    fn value_variants<'a>() -> &'a [Self] {
        Framework::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.as_str()))
    }
}

/// How diagnostics are printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum MessageFormat {
    /// rustc-style report with a caret excerpt and help.
    Human,
    /// One line per problem: `path:line:column: severity: message`.
    Short,
}
