//! Diagnostics: located problems, collected across a whole run, printed rustc-style.
//!
//! Stages never stop at the first problem: they push [`Diagnostic`]s into a
//! [`Diagnostics`] list and carry on, so one run reports everything. The command layer
//! prints them (with a caret excerpt of the file, drawn as miette draws it) and picks the
//! exit code.

mod nearby;
mod plain;
mod report;
pub mod secrets;
pub mod source;
pub mod suggest;
pub mod text;

use crate::diag::source::Loc;

pub use report::Drawer;

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// Fails the run (exit code 2); nothing is written.
    Error,
    /// Printed, does not fail the run unless warnings are denied.
    Warning,
}

/// One problem, with where it is and what to do about it.
#[derive(Clone, Debug)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where it is, if it has a place.
    pub at: Option<Loc>,
    /// Short text shown under the caret.
    pub label: Option<String>,
    /// What to do about it.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at a location.
    pub fn error(at: &Loc, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            at: Some(at.clone()),
            label: None,
            help: None,
        }
    }

    /// A warning at a location.
    pub fn warning(at: &Loc, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(at, message)
        }
    }

    /// An error that concerns no file position (a missing file, an I/O failure).
    pub fn unlocated(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Error,
            message: message.into(),
            at: None,
            label: None,
            help: None,
        }
    }

    /// A warning that concerns no file position.
    pub fn warning_unlocated(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::unlocated(message)
        }
    }

    /// Adds the text shown under the caret.
    pub fn with_label(mut self, label: impl Into<String>) -> Diagnostic {
        self.label = Some(label.into());
        self
    }

    /// Adds a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Diagnostic {
        self.help = Some(help.into());
        self
    }

    /// Adds a hint when there is one.
    pub fn with_help_opt(mut self, help: Option<String>) -> Diagnostic {
        self.help = help.or(self.help);
        self
    }

    /// `path:line:column: message`, one line, for logs and tests.
    pub fn one_line(&self) -> String {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let help = self
            .help
            .as_ref()
            .map(|h| format!(" (help: {h})"))
            .unwrap_or_default();
        let line = match &self.at {
            Some(at) => format!("{at}: {kind}: {}{help}", self.message),
            None => format!("{kind}: {}{help}", self.message),
        };
        secrets::scrub(&line)
    }

    /// A GitHub Actions workflow command (`::error file=...,line=...,col=...::message`),
    /// which the Actions runner shows as an annotation on the file; `file` is the path as
    /// the repository names it.
    pub fn github_command(&self, file: impl Fn(&str) -> String) -> String {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let mut text = self.message.clone();
        if let Some(help) = &self.help {
            text.push_str("\nhelp: ");
            text.push_str(help);
        }
        let text = text
            .replace('%', "%25")
            .replace('\r', "%0D")
            .replace('\n', "%0A");
        let property = |value: &str| {
            value
                .replace('%', "%25")
                .replace('\r', "%0D")
                .replace('\n', "%0A")
                .replace(':', "%3A")
                .replace(',', "%2C")
        };
        match &self.at {
            Some(at) => {
                let (line, column) = at.source.line_col(at.span.start);
                let path = property(&file(&at.source.name));
                format!("::{kind} file={path},line={line},col={column},title=charter::{text}")
            }
            None => format!("::{kind} title=charter::{text}"),
        }
    }
}

/// Every diagnostic of a run, in the order found. Those already taken out to be printed
/// ([`Diagnostics::take_found`]) still count as errors.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
    taken_errors: usize,
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Diagnostics {
        let mut diags = Diagnostics::default();
        diags.extend(items);
        diags
    }
}

impl Diagnostics {
    /// Records one problem.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Records several problems.
    pub fn extend(&mut self, diagnostics: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(diagnostics);
    }

    /// Whether any error (not warning) was recorded.
    pub fn has_errors(&self) -> bool {
        self.error_count() > 0
    }

    /// Number of errors recorded.
    pub fn error_count(&self) -> usize {
        let held = self.items.iter().filter(|d| d.severity == Severity::Error);
        self.taken_errors + held.count()
    }

    /// Takes out the problems recorded so far, to print them while the run goes on; their
    /// errors still count.
    pub fn take_found(&mut self) -> Vec<Diagnostic> {
        let found = std::mem::take(&mut self.items);
        self.taken_errors += found
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        found
    }

    /// Drops repeats of the same problem at the same place (a file checked twice).
    pub fn dedup(&mut self) {
        let mut seen = std::collections::BTreeSet::new();
        self.items.retain(|d| seen.insert(d.one_line()));
    }

    /// The recorded problems, in the order found.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Takes the recorded problems out.
    pub fn into_items(self) -> Vec<Diagnostic> {
        self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::source::Source;

    #[test]
    fn github_commands_escape_what_the_runner_would_split_on() {
        let source = Source::new("a,b:c.yaml", "id: x\nmodel: freelance\n");
        let at = Loc::new(&source, 13..22);
        let text = Diagnostic::error(&at, "100% wrong\nsecond line")
            .with_help("fix it")
            .github_command(|name| name.to_string());
        assert_eq!(
            text,
            "::error file=a%2Cb%3Ac.yaml,line=2,col=8,title=charter::100%25 wrong%0Asecond line%0Ahelp: fix it"
        );
    }
}
