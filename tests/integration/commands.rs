//! `explain`, `validate`, `list` and `schema`, through the CLI.

use crate::support::{charter, stderr};

const EXAMPLE: &str = "examples/freelancer-mvp.yaml";

fn stdout(args: &[&str]) -> String {
    let output = charter(args);
    assert!(
        output.status.success(),
        "charter {args:?} failed:\n{}",
        stderr(&output)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

#[test]
fn explain_lists_every_control_with_its_status_and_deciding_clause() {
    insta::assert_snapshot!("explain_summary", stdout(&["explain", EXAMPLE]));
}

#[test]
fn explain_shows_the_organisation_pack_changes_with_file_and_line() {
    let nda = stdout(&["explain", EXAMPLE, "CON-NDA"]);
    assert!(nda.contains("owner        engineering-manager (Lars Berg)\n                 set at examples/policies/acme.yaml:19:12 [override]"), "{nda}");
    let adrs = stdout(&["explain", EXAMPLE, "ONB-ADRS"]);
    assert!(
        adrs.contains("status:  disabled: Acme records decisions"),
        "{adrs}"
    );
    assert!(
        adrs.contains("(examples/policies/acme.yaml:24:13)"),
        "{adrs}"
    );
    let added = stdout(&["explain", EXAMPLE, "ACME-SEC-TRAINING"]);
    assert!(
        added.contains("pack:    acme (defined at examples/policies/acme.yaml:27:9)"),
        "{added}"
    );
    let logs = stdout(&["explain", EXAMPLE, "ACC-LOGS"]);
    assert!(logs.contains("log-retention-days = 730 (set at examples/policies/acme.yaml:15:23 [changed from the default])"), "{logs}");
    insta::assert_snapshot!("explain_con_nda", nda);
}

#[test]
fn explain_json_carries_status_reason_and_provenance() {
    let text = stdout(&["explain", EXAMPLE, "CI-DAST", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(json["status"], "waived");
    assert_eq!(json["waiver"]["approved_by"], "Sofia Nyberg");
    assert_eq!(json["decided_at"], "examples/freelancer-mvp.yaml:29:5");
    let owner = json["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "owner")
        .unwrap();
    assert!(
        owner["set_at"]
            .as_str()
            .unwrap()
            .starts_with("builtin:core:"),
        "{owner}"
    );
}

#[test]
fn explain_of_an_unknown_control_suggests_the_nearest() {
    let output = charter(&["--message-format", "short", "explain", EXAMPLE, "CON-NDAA"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains(
        "no control, runbook, step, metric, activity or review rule `CON-NDAA` in this engagement's packs (help: did you mean `CON-NDA`?)"
    ));
}

#[test]
fn validate_passes_on_the_examples_and_reports_every_problem_of_a_broken_folder() {
    let clean = charter(&["validate", "examples"]);
    assert_eq!(clean.status.code(), Some(0), "{}", stderr(&clean));
    assert!(
        stderr(&clean)
            .contains("checked 15 packs, 5 engagements, 1 template folders: 0 errors, 0 warnings"),
        "{}",
        stderr(&clean)
    );
    let broken = charter(&[
        "--message-format",
        "short",
        "validate",
        "tests/fixtures/errors/five-problems",
    ]);
    assert_eq!(broken.status.code(), Some(2));
    let text = stderr(&broken);
    assert_eq!(
        text.lines().filter(|l| l.contains(": error: ")).count(),
        5,
        "{text}"
    );
}

#[test]
fn validate_reports_template_errors_at_their_line() {
    let output = charter(&[
        "--message-format",
        "short",
        "validate",
        "tests/fixtures/errors/template-syntax",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains(
            "tests/fixtures/errors/template-syntax/templates/raci.md:4:18: error: template error"
        ),
        "{}",
        stderr(&output)
    );
}

#[test]
fn validate_fails_on_warnings_only_when_asked() {
    let dir = tempfile::tempdir().unwrap();
    let pack = "pack: org\nversion: 1.0.0\ntitle: T\ndescription: D\nrequires: [builtin:core]\ncontrols:\n  - id: ORG-X\n    title: X\n    description: X\n    category: onboarding\n    documents: []\n    phase: day-1\n    due-days: 0\n    owner: engineer\n    raci: { responsible: [engineer], accountable: engineer }\n    evidence: X\n    severity: low\n";
    std::fs::write(dir.path().join("org.yaml"), pack).unwrap();
    let path = dir.path().to_str().unwrap();
    let lenient = charter(&["--message-format", "short", "validate", path]);
    assert_eq!(lenient.status.code(), Some(0));
    assert!(
        stderr(&lenient).contains("warning: no document lists control `ORG-X`"),
        "{}",
        stderr(&lenient)
    );
    let strict = charter(&["validate", "--deny-warnings", path]);
    assert_eq!(strict.status.code(), Some(2));
}

#[test]
fn list_shows_built_in_and_local_packs_with_versions() {
    let packs = stdout(&["list", "packs", "examples"]);
    assert!(
        packs
            .lines()
            .any(|l| l.starts_with("core") && l.contains("1.1.0") && l.contains("builtin:core")),
        "{packs}"
    );
    assert!(
        packs.lines().any(|l| l.starts_with("acme")
            && l.contains("1.2.0")
            && l.contains("examples/policies/acme.yaml")),
        "{packs}"
    );
    let controls = stdout(&["list", "controls", "examples"]);
    assert!(controls.contains("ACME-SEC-TRAINING"), "{controls}");
    assert!(stdout(&["list", "documents"]).contains("raci.md"));
    assert!(
        stdout(&["list", "templates", "tests/fixtures/errors/template-syntax"])
            .contains("tests/fixtures/errors/template-syntax/templates/raci.md")
    );
}

#[test]
fn validate_reports_a_broken_pack_once_even_when_engagements_use_it() {
    let output = charter(&[
        "--message-format",
        "short",
        "validate",
        "tests/fixtures/errors/undeclared-control-role",
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output)
            .matches("role `security-oficer` is not declared")
            .count(),
        1,
        "{}",
        stderr(&output)
    );
}
