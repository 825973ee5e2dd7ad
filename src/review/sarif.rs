//! SARIF 2.1.0 output, so code scanning on a Git host shows findings on the right line.
//!
//! What GitHub code scanning and the SARIF validators ask of a log: every rule has a
//! name, a full description, help (text and Markdown) and a help URI; the driver names its
//! information URI; artifact URIs are relative to the repository's root (`%SRCROOT%`); the
//! run carries an `automationDetails.id`, so several engagements reviewed together make one
//! upload; messages end with a period.

use std::path::Path;

use serde_json::{Value, json};

use crate::fingerprint::Fnv;
use crate::input::vocab::Severity;
use crate::paths;
use crate::review::Finding;
use crate::review::rules::RULES;

/// Where the review rules are documented.
pub const RULES_URI: &str = concat!(env!("CARGO_PKG_HOMEPAGE"), "/blob/main/docs/review.md");

/// The findings of each engagement (`(engagement id, findings)`) as one SARIF 2.1.0 log
/// with one run; URIs relative to `root`, the repository's root.
pub fn log(reviews: &[(String, Vec<Finding>)], root: &Path) -> Value {
    let all: Vec<(&str, &Finding)> = reviews
        .iter()
        .flat_map(|(id, findings)| findings.iter().map(move |f| (id.as_str(), f)))
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "charter",
                "fullName": "charter pre-engagement review",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_HOMEPAGE"),
                "rules": rules(&all),
            }},
            "automationDetails": { "id": "charter/review/" },
            "originalUriBaseIds": { "%SRCROOT%": {
                "description": { "text": "The root of the repository holding the engagements." },
            }},
            "columnKind": "unicodeCodePoints",
            "results": all.iter().map(|(id, f)| result(id, f, root)).collect::<Vec<_>>(),
        }]
    })
}

fn rules(all: &[(&str, &Finding)]) -> Vec<Value> {
    let mut out: Vec<Value> = RULES
        .iter()
        .map(|r| rule(r.id, r.title, r.help, r.severity))
        .collect();
    let mut pack_rules: Vec<&Finding> = all
        .iter()
        .map(|(_, f)| *f)
        .filter(|f| !RULES.iter().any(|r| r.id == f.rule))
        .collect();
    pack_rules.sort_by(|a, b| a.rule.cmp(&b.rule));
    pack_rules.dedup_by(|a, b| a.rule == b.rule);
    let pack_help =
        "A rule of an organisation pack (`review-rules:`): its message says what to do.";
    out.extend(
        pack_rules
            .iter()
            .map(|f| rule(&f.rule, &f.message, pack_help, f.severity)),
    );
    out
}

fn rule(id: &str, title: &str, help: &str, severity: Severity) -> Value {
    let title = sentence(title);
    let help = sentence(help);
    json!({
        "id": id,
        "name": pascal_case(id),
        "shortDescription": { "text": title },
        "fullDescription": { "text": format!("{title} {help}") },
        "help": {
            "text": format!("{title} {help}"),
            "markdown": format!("**{title}**\n\n{help}\n\nSee [the review rules]({RULES_URI}#rules)."),
        },
        "helpUri": format!("{RULES_URI}#rules"),
        "defaultConfiguration": { "level": level(severity) },
        "properties": {
            "security-severity": security_severity(severity),
            "tags": ["security", "compliance"],
        },
    })
}

fn result(engagement: &str, f: &Finding, root: &Path) -> Value {
    let (line, column) = f.at.source.line_col(f.at.span.start);
    let name = &f.at.source.name;
    let location = match paths::under(name, root) {
        Some(relative) => json!({ "uri": relative, "uriBaseId": "%SRCROOT%" }),
        None => json!({ "uri": file_uri(&paths::absolute(Path::new(name))) }),
    };
    let mut digest = Fnv::default();
    for part in [engagement, &f.rule, &f.message] {
        digest.write_str(part);
    }
    json!({
        "ruleId": f.rule,
        "level": level(f.severity),
        "message": { "text": sentence(&f.message) },
        "locations": [{ "physicalLocation": {
            "artifactLocation": location,
            "region": { "startLine": line, "startColumn": column },
        }}],
        "partialFingerprints": { "charterFinding/v1": format!("{:016x}", digest.finish()) },
        "properties": {
            "engagement": engagement,
            "security-severity": security_severity(f.severity),
        },
    })
}

/// A `file://` URI of an absolute path.
fn file_uri(path: &Path) -> String {
    let text = path.to_string_lossy().replace('\\', "/");
    let text = text.replace(' ', "%20");
    match text.starts_with('/') {
        true => format!("file://{text}"),
        false => format!("file:///{text}"),
    }
}

/// The text ending with a full stop.
fn sentence(text: &str) -> String {
    let text = text.trim_end();
    match text.ends_with(['.', '!', '?']) {
        true => text.to_string(),
        false => format!("{text}."),
    }
}

/// `role-unfilled` -> `RoleUnfilled`.
fn pascal_case(id: &str) -> String {
    id.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(|w| {
            let lower = w.to_ascii_lowercase();
            let mut chars = lower.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low => "note",
    }
}

/// The score GitHub code scanning maps to critical/high/medium/low.
fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.0",
        Severity::Low => "2.0",
    }
}
