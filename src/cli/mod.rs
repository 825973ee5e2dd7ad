//! Command-line interface: clap types only.

mod args;
mod values;

pub use args::{
    BuildArgs, CoverageArgs, EjectArgs, ExplainArgs, ExportArgs, InitArgs, ListArgs, ProjectArgs,
    ReviewArgs, SchemaArgs, StatusArgs, ValidateArgs,
};
pub use values::{
    CoverageFormat, DocTopic, EjectWhat, ExportWhat, Format, ListWhat, MessageFormat, ReviewFormat,
    SchemaWhich, StatusFormat,
};

use clap::{Parser, Subcommand};

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
