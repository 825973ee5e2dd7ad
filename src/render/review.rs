//! The review as data for templates and JSON: findings, counts and the sign-off table.

use std::path::Path;

use serde::Serialize;

use crate::input::engagement::Engagement;
use crate::input::vocab::Severity;
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
        findings: findings.iter().map(|f| row(f, root)).collect(),
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

fn row(f: &Finding, root: &Path) -> FindingRow {
    let v = f.view(root);
    FindingRow {
        severity: v.severity.to_string(),
        rule: v.rule,
        message: inline(&v.message),
        location: inline(&format!("{}:{}", v.file, v.line)),
    }
}
