//! Command-line interface: clap types only.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::pack::Framework;
use crate::render::flavor::Flavor;

/// charter turns YAML policy packs and an engagement file into the Markdown documents a
/// team needs when it brings in outside developers: onboarding and compliance checklists,
/// RACI, runbooks, SLAs and KPIs, a hand-off plan and an offboarding checklist.
///
/// Exit codes: 0 success, 1 check failed or findings, 2 bad input (nothing written).
#[derive(Debug, Parser)]
#[command(
    name = "charter",
    version,
    propagate_version = true,
    disable_help_subcommand = true
)]
pub struct Cli {
    /// How problems are printed: `human` (excerpt with a caret), `short` (one line each:
    /// path:line:column: severity: message) or `github` (GitHub Actions workflow commands,
    /// `::error file=...,line=...::message`, shown as annotations on the pull request).
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
    /// slas-kpis.md, offboarding-checklist.md and pre-engagement-review.md (and
    /// handoff-plan.md for hybrid engagements), plus a home page listing every engagement.
    /// Everything is validated first: if any input has a problem, every problem is reported
    /// and nothing is written. Ticked boxes and notes in existing pages are kept. Files whose bytes
    /// would not change are left untouched.
    ///
    /// With no ENGAGEMENT, builds every engagement of the workspace: the charter.yaml
    /// found in the current folder or a parent (or in --workspace DIR).
    ///
    /// Exit codes: 0 built (or current, with --check), 1 --check found the wiki stale or
    /// a page edited by hand outside its boxes and notes (a conflict: nothing is written
    /// without --force), 2 bad input (nothing written).
    Build(BuildArgs),
    /// Explain why each control is or is not on an engagement's checklists, and what later
    /// packs changed.
    ///
    /// Without an id: one line per control (applies, not applicable, disabled, waived,
    /// required again) with the clause that decided it, then the runbooks, steps, metrics,
    /// activities and review rules later packs overrode or disabled. With a control id: the
    /// control's status, its waiver, and every field's final value with the file:line that
    /// set it. With another item's id (`RB-INCIDENT`, `RB-INCIDENT/open-incident`, or
    /// `KIND:ID` such as `metric:KPI-MTTR`): the pack that introduced it, its status, and
    /// each field a later layer set or the disable and its reason.
    Explain(ExplainArgs),
    /// Review engagements before access is granted.
    ///
    /// The gaps a security, legal and delivery reviewer would find, each with a rule id,
    /// severity, what to do and where. With no ENGAGEMENT, every engagement of the
    /// workspace, in one report. Exit 1 when a finding at or above --fail-on exists (for CI), else 0.
    Review(ReviewArgs),
    /// Read progress back from the wiki: done/total per engagement and document, overdue
    /// items, items due soon, and open items per person.
    ///
    /// Works on pages people edited by hand; a task item without a control id is reported
    /// rather than guessed at. Exit 1 with --fail-on overdue when an item is overdue.
    Status(StatusArgs),
    /// Check packs, engagements and templates, reporting every problem at once.
    ///
    /// PATHs may be files or folders (searched recursively for .yaml files, and for .md
    /// templates inside folders named `templates`). A YAML file with a top-level `pack:` is
    /// read as a pack, one with `id:` as an engagement (which is then fully resolved and
    /// rendered). The built-in packs and templates are always checked. Exit 0 when clean,
    /// 2 on errors (or on warnings with --deny-warnings).
    Validate(ValidateArgs),
    /// Print the JSON Schema of the engagement or pack format, for editors and CI.
    ///
    /// Prints one schema to standard output; with --out DIR, writes
    /// `engagement.schema.json` and `pack.schema.json` into DIR instead. Point your
    /// editor's YAML language server at them with a first line such as
    /// `# yaml-language-server: $schema=../schemas/engagement.schema.json`.
    Schema(SchemaArgs),
    /// Create a workspace to start from.
    ///
    /// Writes charter.yaml, an engagement to edit, an organisation pack, the JSON Schemas,
    /// mkdocs.yml, CI workflows for GitHub Actions and GitLab CI, and a pre-commit
    /// configuration. Refuses to overwrite a file that exists. Then `charter build` writes the wiki and
    /// `charter build --check` passes with no edit.
    Init(InitArgs),
    /// Copy the built-in templates out for overriding.
    ///
    /// `charter eject templates [DIR]` writes every built-in template into DIR (default:
    /// `templates`), which the workspace's `templates:` or --templates then uses.
    Eject(EjectArgs),
    /// Export the packs, or an engagement and its progress, as OSCAL.
    ///
    /// `charter export oscal` prints an OSCAL 1.1 catalog of the packs; `charter export
    /// oscal ENGAGEMENT` prints the engagement's applicable controls with their status in
    /// the wiki as OSCAL assessment results.
    Export(ExportArgs),
    /// Print a reference page: `charter docs formats` describes every field.
    ///
    /// The pages ship in the binary: `formats` (the file formats, every field), `packs`,
    /// `templates`, `review`, `wiki` and `builtin-packs`.
    Docs {
        /// The page to print; none: the list of pages.
        topic: Option<DocTopic>,
    },
    /// List what is available: packs, controls, documents or templates.
    ///
    /// Built-in content is always listed; local packs and templates are found under the
    /// given PATHs (default: the workspace's packs and templates folders; outside a
    /// workspace, the built-in content only).
    List(ListArgs),
    /// Show which identifiers of a framework an engagement's controls cover.
    ///
    /// Lists every identifier of the framework with the applicable controls that map to it
    /// (a waived control is marked), or `uncovered`, then a count. Exit code 0 whatever
    /// the coverage; 2 on bad input.
    Coverage(CoverageArgs),
    /// Print the help of a command, or a reference page (`charter help formats`).
    ///
    /// `charter help build` is `charter build --help`; `charter help formats`, `packs`,
    /// `templates`, `wiki` and `builtin-packs` print the pages `charter docs` prints
    /// (`charter docs review` prints the review's page).
    Help {
        /// A command (and subcommand), or a reference page.
        topic: Vec<String>,
    },
    /// Print shell completions for charter to standard output.
    Completions {
        /// The shell to complete for.
        shell: clap_complete::Shell,
    },
}

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

/// Output formats of `charter review`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ReviewFormat {
    /// Markdown report with a sign-off table.
    Md,
    /// JSON list of findings.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// JUnit XML.
    Junit,
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

/// The schemas `charter schema` knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaWhich {
    /// Engagement files.
    Engagement,
    /// Pack files.
    Pack,
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

/// What `charter eject` copies out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum EjectWhat {
    /// The built-in templates.
    Templates,
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

/// The formats `charter export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportWhat {
    /// OSCAL 1.1 JSON: a catalog, or assessment results.
    Oscal,
}

/// Reference pages `charter docs` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DocTopic {
    /// The engagement, pack and workspace formats, every field.
    Formats,
    /// Writing an organisation pack.
    Packs,
    /// The template context.
    Templates,
    /// The review rules, SARIF, JUnit and status.
    Review,
    /// Keeping a wiki: what is kept, flavours, MkDocs, CI.
    Wiki,
    /// Every built-in pack.
    BuiltinPacks,
}

/// What `charter list` lists.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ListWhat {
    /// Packs with their versions and where they come from.
    Packs,
    /// Controls of every pack.
    Controls,
    /// The documents an engagement gets.
    Documents,
    /// Templates, built-in and local.
    Templates,
    /// The built-in review rules: id, severity and what each checks.
    Rules,
    /// The reference page of the built-in packs, as Markdown.
    PackReference,
}

/// Output format of `charter status`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusFormat {
    /// Text for people.
    Text,
    /// JSON for programs.
    Json,
    /// CSV, one row per item, for auditors and spreadsheets.
    Csv,
    /// iCalendar (RFC 5545): an all-day event per dated item, for the calendars people use.
    Ics,
}

/// Output format of reports.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Text for people.
    Text,
    /// JSON for programs.
    Json,
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
    /// GitHub Actions workflow commands: `::error file=PATH,line=N,col=N::message`.
    Github,
}

impl clap::ValueEnum for Flavor {
    fn value_variants<'a>() -> &'a [Flavor] {
        Flavor::ALL
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.as_str()))
    }
}
