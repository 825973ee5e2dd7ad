//! Pre-engagement review: the gaps a security, legal and delivery reviewer would find
//! before anyone outside the company gets access, each with a rule id, a severity, what to
//! do, and the file and line it concerns.

pub mod duties;
pub mod overlap;
pub mod rules;
pub mod sarif;
pub mod secrets;
pub mod tooling;
pub mod waivers;

use std::path::Path;

use jiff::civil::Date;
use serde::Serialize;

use crate::diag::source::Loc;
use crate::input::engagement::Engagement;
use crate::input::vocab::Severity;
use crate::paths;
use crate::policy::resolve::Policy;
use crate::policy::select::Decision;

/// One review result.
#[derive(Clone, Debug)]
pub struct Finding {
    /// Rule id (`role-unfilled`, or a pack rule's id).
    pub rule: String,
    /// How bad it is.
    pub severity: Severity,
    /// What is wrong and what to do, in one or two sentences.
    pub message: String,
    /// The file and line it concerns.
    pub at: Loc,
}

/// A finding as data, for JSON output.
#[derive(Debug, Serialize)]
pub struct FindingView {
    /// Rule id.
    pub rule: String,
    /// `critical`, `high`, `medium` or `low`.
    pub severity: Severity,
    /// What is wrong and what to do.
    pub message: String,
    /// File name.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// A finding of `rule`.
pub(crate) fn finding(rule: &str, severity: Severity, message: String, at: Loc) -> Finding {
    Finding {
        rule: rule.to_string(),
        severity,
        message,
        at,
    }
}

impl Finding {
    /// The finding as data; its file relative to `root` (the workspace's folder) when it
    /// is under it.
    pub fn view(&self, root: &Path) -> FindingView {
        self.view_in(paths::shown(&self.at.source.name, root))
    }

    /// [`Finding::view`], its file's name as shown (relative to the workspace's folder)
    /// given: the findings of a file name it once.
    pub fn view_in(&self, file: String) -> FindingView {
        let (line, column) = self.at.source.line_col(self.at.span.start);
        FindingView {
            rule: self.rule.clone(),
            severity: self.severity,
            message: self.message.clone(),
            file,
            line,
            column,
        }
    }
}

/// What the rules look at.
pub struct Subject<'a> {
    /// The engagement.
    pub engagement: &'a Engagement,
    /// Its merged policy.
    pub policy: &'a Policy,
    /// Every control's decision.
    pub decisions: &'a [Decision<'a>],
    /// The review date.
    pub today: Date,
    /// Checklist items not ticked: read from the wiki when `wiki_read`, else every item.
    pub open_items: usize,
    /// Whether `open_items` was counted in the wiki.
    pub wiki_read: bool,
    /// What looks like a secret in the engagement file and its pack files
    /// ([`secrets::in_inputs`]).
    pub secrets: &'a [(Loc, &'static str)],
    /// Each role an applicable control names that no person fills, with the controls that
    /// need it ([`crate::policy::draft::unfilled_roles`]).
    pub unfilled_roles: &'a [(String, Vec<String>)],
}

impl Subject<'_> {
    /// A location users can open: lines of built-in packs point at the engagement's people.
    pub fn anchor(&self, at: &Loc) -> Loc {
        if at.source.is_builtin() {
            self.engagement.people.at.clone()
        } else {
            at.clone()
        }
    }

    /// The decision on control `id`, if a pack defines it.
    pub fn decision(&self, id: &str) -> Option<&Decision<'_>> {
        self.decisions
            .iter()
            .find(|d| d.control.control.id.value == id)
    }
}

/// Runs every rule; findings sorted by severity, rule, file and position.
pub fn review(subject: &Subject) -> Vec<Finding> {
    let mut findings: Vec<Finding> = rules::RULES
        .iter()
        .flat_map(|rule| (rule.check)(subject))
        .collect();
    findings.extend(rules::pack_rules(subject));
    findings.sort_by(|a, b| {
        (a.severity, &a.rule, &a.at.source.name, a.at.span.start).cmp(&(
            b.severity,
            &b.rule,
            &b.at.source.name,
            b.at.span.start,
        ))
    });
    findings
}

/// Whether any finding is at `threshold` or worse.
pub fn reaches(findings: &[Finding], threshold: Severity) -> bool {
    findings.iter().any(|f| f.severity <= threshold)
}
