//! `charter coverage`: every identifier of a framework, covered by which applicable
//! controls or uncovered, as a table or JSON.

use crate::support::{charter, stderr};

const EXAMPLE: &str = "examples/freelancer-mvp.yaml";

fn stdout(args: &[&str]) -> String {
    let output = charter(args);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn the_table_lists_every_identifier_with_its_controls_or_uncovered() {
    let text = stdout(&["coverage", EXAMPLE, "--framework", "nist-ssdf-1.1"]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("IDENTIFIER  COVERED BY"), "{text}");
    assert!(lines[0].ends_with("TITLE"), "{text}");
    assert_eq!(lines.len(), 1 + 42 + 2, "{text}");
    let row = |id: &str| {
        let line = lines
            .iter()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap();
        line[id.len()..].trim().to_string()
    };
    assert!(row("PS.1.1").starts_with("ACC-ARTIFACTS "), "{text}");
    assert!(row("PW.8.2").contains("CI-DAST (waived)"), "{text}");
    assert!(row("PW.8.2").ends_with("Scope the testing, design the tests, perform the testing, and document the results, including recording and triaging all discovered issues and recommended remediations in the development team's workflow or issue tracking system"), "{text}");
    assert!(row("PO.3.3").starts_with("uncovered "), "{text}");
    assert!(
        lines.last().unwrap().starts_with("nist-ssdf-1.1: "),
        "{text}"
    );
    assert!(
        lines
            .last()
            .unwrap()
            .ends_with("applicable controls of acme-payments-mvp")
    );
}

#[test]
fn nist_sp_800_53_rows_carry_the_control_titles() {
    let text = stdout(&["coverage", EXAMPLE, "--framework", "nist-800-53r5"]);
    assert!(text.starts_with("IDENTIFIER"), "{text}");
    let revoke = text.lines().find(|l| l.starts_with("AC-2(3) ")).unwrap();
    assert!(revoke.contains("OFF-REVOKE"), "{revoke}");
    assert!(
        revoke.ends_with("Account Management | Disable Accounts"),
        "{revoke}"
    );
}

#[test]
fn json_splits_covered_and_uncovered_identifiers() {
    let text = stdout(&[
        "coverage",
        EXAMPLE,
        "--framework",
        "iso27001-2022",
        "--format",
        "json",
    ]);
    let report: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(report["engagement"], "acme-payments-mvp");
    assert_eq!(report["framework"], "iso27001-2022");
    assert_eq!(report["identifiers"], 93);
    let covered = report["covered"].as_array().unwrap();
    let uncovered = report["uncovered"].as_array().unwrap();
    assert_eq!(covered.len() + uncovered.len(), 93);
    let nda = covered.iter().find(|c| c["id"] == "A.6.6").unwrap();
    assert!(
        nda["controls"]
            .as_array()
            .unwrap()
            .contains(&"CON-NDA".into())
    );
    assert!(uncovered.iter().any(|u| u["id"] == "A.7.4"));
}

#[test]
fn an_unknown_framework_is_refused_with_the_valid_names() {
    let output = charter(&["coverage", EXAMPLE, "--framework", "soc"]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(text.contains("'soc2'"), "{text}");
    assert!(text.contains("nist-800-53r5"), "{text}");
}

#[test]
fn bad_input_exits_two_with_located_diagnostics() {
    let output = charter(&[
        "--message-format",
        "short",
        "coverage",
        "tests/fixtures/errors/unknown-framework-id/engagement.yaml",
        "--framework",
        "iso27001-2022",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(output.stdout.is_empty());
    let text = stderr(&output);
    assert!(
        text.contains("org.yaml:18:40: error: `A.6.33` is not an identifier of iso27001-2022"),
        "{text}"
    );
}
