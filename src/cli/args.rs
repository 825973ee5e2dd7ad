//! Each command's arguments as clap reads them from the command line, with the arguments
//! every command that reads engagements shares ([`ProjectArgs`]).

use std::path::PathBuf;

use crate::pack::Framework;
use crate::render::flavor::Flavor;

use super::values::{
    CoverageFormat, EjectWhat, ExportWhat, Format, ListWhat, ReviewFormat, SchemaWhich,
    StatusFormat,
};

/// Where the project is and what date it is: shared by every command that reads
/// engagements.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct ProjectArgs {
    /// Folder holding charter.yaml [default: the current folder or the nearest parent
    /// that has one]
    #[arg(long, value_name = "DIR")]
    pub workspace: Option<PathBuf>,
    /// Folder of templates that replace built-in ones of the same file name [default: the
    /// workspace's `templates`]
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Date to judge waivers and due dates against (YYYY-MM-DD); defaults to today.
    #[arg(long, value_name = "DATE", env = "CHARTER_TODAY")]
    pub today: Option<jiff::civil::Date>,
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
    /// Workspace, templates and date.
    #[command(flatten)]
    pub project: ProjectArgs,
    /// Print nothing but problems (and no progress bar).
    #[arg(long, short)]
    pub quiet: bool,
}

/// Arguments of `charter explain`.
#[derive(Debug, clap::Args)]
pub struct ExplainArgs {
    /// The engagement file.
    pub engagement: PathBuf,
    /// One control id, or the id of a runbook, step (`RUNBOOK/STEP`), metric, activity or
    /// review rule (`KIND:ID` when ids of two kinds are the same), to explain in detail.
    #[arg(value_name = "ID")]
    pub control: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Workspace, templates and date.
    #[command(flatten)]
    pub project: ProjectArgs,
}

/// Arguments of `charter review`.
#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    /// Engagement files; none: every engagement of the workspace, in one report.
    #[arg(value_name = "ENGAGEMENT")]
    pub engagements: Vec<PathBuf>,
    /// Output format: Markdown report, JSON, SARIF 2.1.0 for code scanning, or a JUnit
    /// XML report (one test case per rule and engagement) for CI test reports.
    #[arg(long, value_enum, default_value_t = ReviewFormat::Md)]
    pub format: ReviewFormat,
    /// Exit 1 when a finding of this severity or worse exists.
    #[arg(long, value_name = "SEVERITY", value_parser = ["critical", "high", "medium", "low"])]
    pub fail_on: Option<String>,
    /// Workspace, templates and date.
    #[command(flatten)]
    pub project: ProjectArgs,
}

/// Arguments of `charter status`.
#[derive(Debug, clap::Args)]
pub struct StatusArgs {
    /// The wiki folder (default: the workspace's output folder, else `wiki`).
    pub wiki: Option<PathBuf>,
    /// Workspace, templates and date.
    #[command(flatten)]
    pub project: ProjectArgs,
    /// How many days ahead "due soon" looks.
    #[arg(long, value_name = "DAYS", default_value_t = 14)]
    pub within: i64,
    /// Output format: `csv` is one row per item, for auditors.
    #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
    pub format: StatusFormat,
    /// Read from the wiki's git history who ticked each ticked item, in which commit and
    /// when (the commit that turned its box from `[ ]` to `[x]`).
    #[arg(long)]
    pub history: bool,
    /// Only the items this person owns or that are about them, every document, by due date.
    #[arg(long, value_name = "NAME")]
    pub person: Option<String>,
    /// Exit 1 when an item is overdue.
    #[arg(long, value_name = "WHAT", value_parser = ["overdue"])]
    pub fail_on: Option<String>,
}

/// Arguments of `charter validate`.
#[derive(Debug, clap::Args)]
pub struct ValidateArgs {
    /// Files or folders to check [default: the workspace's engagements, packs and
    /// templates; outside a workspace, the built-in content only].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Fail (exit 2) on warnings too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// Workspace, templates and date.
    #[command(flatten)]
    pub project: ProjectArgs,
}

/// Arguments of `charter list`.
#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// What to list.
    #[arg(value_enum)]
    pub what: ListWhat,
    /// Where to look for local packs and templates [default: the workspace's packs and
    /// templates folders; outside a workspace, none].
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// `text` (tab-separated columns) or `json` (an array of objects).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Folder holding charter.yaml [default: the current folder or the nearest parent
    /// that has one]
    #[arg(long, value_name = "DIR")]
    pub workspace: Option<PathBuf>,
}

/// Arguments of `charter schema`.
#[derive(Debug, clap::Args)]
pub struct SchemaArgs {
    /// Which schema to print.
    #[arg(value_enum, default_value_t = SchemaWhich::Engagement)]
    pub which: SchemaWhich,
    /// Write both schemas into this folder instead of printing one.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

/// Arguments of `charter init`.
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// Folder to create the workspace in (created if missing).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
}

/// Arguments of `charter eject`.
#[derive(Debug, clap::Args)]
pub struct EjectArgs {
    /// What to copy out.
    #[arg(value_enum)]
    pub what: EjectWhat,
    /// Folder to write into.
    #[arg(value_name = "DIR", default_value = "templates")]
    pub dir: PathBuf,
}

/// Arguments of `charter export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The format.
    #[arg(value_enum)]
    pub what: ExportWhat,
    /// Engagement files: with some, an assessment-results document of their applicable
    /// controls and their status in the wiki; none: a catalog of the packs.
    #[arg(value_name = "ENGAGEMENT")]
    pub engagements: Vec<PathBuf>,
    /// The wiki folder whose ticks give each control's status [default: the workspace's
    /// output folder, else wiki].
    #[arg(long, value_name = "DIR")]
    pub wiki: Option<PathBuf>,
    /// Workspace, templates and date.
    #[command(flatten)]
    pub project: ProjectArgs,
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
    /// Workspace, templates and date.
    #[command(flatten)]
    pub project: ProjectArgs,
    /// `table` (aligned columns) or `json`.
    #[arg(long, value_enum, default_value_t = CoverageFormat::Table)]
    pub format: CoverageFormat,
}
