//! The review as data for templates and JSON: findings, counts and the sign-off table.

use std::path::Path;
use std::sync::Arc;

use serde::Serialize;

use crate::diag::source::Source;
use crate::input::engagement::Engagement;
use crate::input::vocab::Severity;
use crate::paths;
use crate::render::escape::inline;
use crate::render::people::people_text;
use crate::review::Finding;

/// What the `pre-engagement-review.md` template sees as `review`.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ReviewView {
    /// Findings, worst first; message and location escaped for Markdown.
    pub findings: Vec<FindingRow>,
    /// Number of findings per severity, worst first.
    pub counts: Vec<Count>,
    /// Who signs off, by area.
    pub signoff: Vec<SignOff>,
}

/// One finding, ready for a table row.
#[derive(Clone, Debug, Serialize)]
pub struct FindingRow {
    pub severity: String,
    pub rule: String,
    pub message: String,
    pub location: String,
}

/// How many findings of one severity.
#[derive(Clone, Debug, Serialize)]
pub struct Count {
    pub severity: String,
    pub count: usize,
}

/// One line of the sign-off table.
#[derive(Clone, Debug, Serialize)]
pub struct SignOff {
    pub area: String,
    pub role: String,
    pub people: String,
}

const SIGNERS: [(&str, &str); 3] = [
    ("Security", "security-officer"),
    ("Legal", "client-legal"),
    ("Delivery", "engineering-manager"),
];

/// Builds the view of a review; locations relative to `root` (the workspace's folder).
pub fn view(findings: &[Finding], engagement: &Engagement, root: &Path) -> ReviewView {
    ReviewView {
        findings: rows(findings, root),
        counts: Severity::ALL
            .iter()
            .map(|s| Count {
                severity: s.to_string(),
                count: findings.iter().filter(|f| f.severity == *s).count(),
            })
            .collect(),
        signoff: SIGNERS
            .iter()
            .map(|(area, role)| SignOff {
                area: area.to_string(),
                role: role.to_string(),
                people: people_text(engagement, role),
            })
            .collect(),
    }
}

/// Each finding as a table row, its file named relative to `root`.
fn rows(findings: &[Finding], root: &Path) -> Vec<FindingRow> {
    let mut rows = Vec::with_capacity(findings.len());
    // The last finding's file, as shown: a review's findings point into a few files.
    let mut last: Option<(&Arc<Source>, String)> = None;
    for f in findings {
        let file = match &last {
            Some((source, file)) if Arc::ptr_eq(source, &f.at.source) => file.clone(),
            _ => paths::shown(&f.at.source.name, root),
        };
        last = Some((&f.at.source, file.clone()));
        let v = f.view_in(file);
        rows.push(FindingRow {
            severity: v.severity.to_string(),
            rule: v.rule,
            message: inline(&v.message),
            location: inline(&format!("{}:{}", v.file, v.line)),
        });
    }
    rows
}
