//! SARIF 2.1.0 output, so code scanning on a Git host shows findings on the right line.

use serde_json::{Value, json};

use crate::input::vocab::Severity;
use crate::review::Finding;
use crate::review::rules::RULES;

/// The findings as a SARIF 2.1.0 log with one run.
pub fn log(findings: &[Finding]) -> Value {
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "charter",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules(findings),
            }},
            "results": findings.iter().map(result).collect::<Vec<_>>(),
        }]
    })
}

fn rules(findings: &[Finding]) -> Vec<Value> {
    let mut out: Vec<Value> = RULES
        .iter()
        .map(|r| rule(r.id, r.title, r.severity))
        .collect();
    let mut pack_rules: Vec<&Finding> = findings
        .iter()
        .filter(|f| !RULES.iter().any(|r| r.id == f.rule))
        .collect();
    pack_rules.sort_by(|a, b| a.rule.cmp(&b.rule));
    pack_rules.dedup_by(|a, b| a.rule == b.rule);
    out.extend(
        pack_rules
            .iter()
            .map(|f| rule(&f.rule, &f.message, f.severity)),
    );
    out
}

fn rule(id: &str, title: &str, severity: Severity) -> Value {
    json!({
        "id": id,
        "shortDescription": { "text": title },
        "defaultConfiguration": { "level": level(severity) },
        "properties": { "security-severity": security_severity(severity) },
    })
}

fn result(f: &Finding) -> Value {
    let view = f.view();
    json!({
        "ruleId": view.rule,
        "level": level(f.severity),
        "message": { "text": view.message },
        "locations": [{ "physicalLocation": {
            "artifactLocation": { "uri": view.file },
            "region": { "startLine": view.line, "startColumn": view.column },
        }}],
        "properties": { "security-severity": security_severity(f.severity) },
    })
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
