//! The closed sets of words options take (output formats, what to list, export or print,
//! how problems are printed), each read by clap and listed in `--help`.

use crate::pack::Framework;
use crate::render::flavor::Flavor;

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

/// The schemas `charter schema` knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum SchemaWhich {
    /// Engagement files.
    Engagement,
    /// Pack files.
    Pack,
}

/// What `charter eject` copies out.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum EjectWhat {
    /// The built-in templates.
    Templates,
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
