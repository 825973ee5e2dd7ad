//! `charter review`: findings a reviewer would expect, their locations, SARIF, CI gating.

use crate::support::{charter, root, stderr};

const FLAWED: &str = "tests/fixtures/review/flawed/engagement.yaml";
const EXAMPLE: &str = "examples/freelancer-mvp.yaml";

fn findings(engagement: &str) -> Vec<serde_json::Value> {
    let output = charter(&["review", engagement, "--format", "json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice::<Vec<serde_json::Value>>(&output.stdout).unwrap()
}

fn line(f: &serde_json::Value) -> String {
    format!(
        "{} {} {}:{}: {}",
        f["severity"].as_str().unwrap(),
        f["rule"].as_str().unwrap(),
        f["file"].as_str().unwrap(),
        f["line"],
        f["message"].as_str().unwrap()
    )
}

#[test]
fn the_flawed_engagement_triggers_every_rule() {
    let found = findings(FLAWED);
    let mut rules: Vec<&str> = found.iter().map(|f| f["rule"].as_str().unwrap()).collect();
    rules.sort_unstable();
    rules.dedup();
    let listed = charter(&["list", "rules"]);
    let listed = String::from_utf8(listed.stdout).unwrap();
    let mut expected: Vec<&str> = listed
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .chain(["ORG-PROD-CHANGE-BOARD"])
        .collect();
    expected.sort_unstable();
    assert_eq!(rules, expected);
}

#[test]
fn each_flaw_is_reported_where_it_is_with_what_to_do() {
    let lines: Vec<String> = findings(FLAWED).iter().map(line).collect();
    let has = |needle: &str| {
        assert!(
            lines.iter().any(|l| l.contains(needle)),
            "no `{needle}` in\n{}",
            lines.join("\n")
        )
    };
    has(
        "critical contract-after-access tests/fixtures/review/flawed/org.yaml:7: contract control `CON-NDA` is due 2026-09-04 but access is granted from 2026-09-01",
    );
    has(
        "critical secret-in-file tests/fixtures/review/flawed/engagement.yaml:28: this looks like a GitHub token",
    );
    has(
        "critical production-access-unprotected tests/fixtures/review/flawed/engagement.yaml:12: production access is granted while MFA (`ACC-SSO-MFA`) is waived",
    );
    has(
        "high dates-inverted tests/fixtures/review/flawed/engagement.yaml:8: the engagement starts on 2026-09-01 but ends on 2026-08-01",
    );
    has(
        "activity `ACT-CONTRACT` (Negotiate and sign the contract, NDA and IP terms): 2 people are accountable",
    );
    has("activity `ACT-ACCESS` (Grant, review and revoke access): no one is responsible");
    has(
        "high role-unfilled tests/fixtures/review/flawed/engagement.yaml:17: no person of the engagement fills `platform-admin`, which 9 applicable controls need (`ACC-SSO-MFA`, ",
    );
    has(
        "high solo-without-backup tests/fixtures/review/flawed/engagement.yaml:17: one vendor person and no `backup-engineer`",
    );
    has("restricted data but DAST (`CI-DAST`) is waived");
    has("the waiver for `ONB-RUNBOOKS` expired on 2026-10-01");
    has(
        "`Sam Solo` approved the waiver for `CI-DAST` but is neither a `security-officer` nor the control's accountable `security-officer`",
    );
    has("the waiver for `CI-DEPS` has no `approved-by`");
    has("the waiver names `CI-SASTT`, which no applied pack defines");
    has(
        "medium overlap-too-short tests/fixtures/review/flawed/engagement.yaml:15: client and vendor working hours overlap only 0h on 2026-09-01",
    );
    has(
        "high waiver-self-approved tests/fixtures/review/flawed/engagement.yaml:27: `Sam Solo` approved the waiver for `CI-DAST` but holds its `engineer` role",
    );
    has(
        "high signoff-not-separate tests/fixtures/review/flawed/engagement.yaml:20: `Sue Secure` is both `security-officer` and `client-legal`",
    );
    has(
        "high vendor-self-attests tests/fixtures/review/flawed/org.yaml:18: in runbook `RB-ORG-ACCESS`, `Sam Solo` of the vendor side approves or confirms access as `vendor-lead`",
    );
    has(
        "medium ended-with-open-items tests/fixtures/review/flawed/engagement.yaml:9: the engagement ended on 2026-08-01",
    );
    has(
        "medium ORG-PROD-CHANGE-BOARD tests/fixtures/review/flawed/org.yaml:9: Production access needs a change-board slot",
    );
}

#[test]
fn a_secret_is_never_repeated_in_the_findings() {
    let output = charter(&["review", FLAWED, "--format", "json"]);
    assert!(!String::from_utf8_lossy(&output.stdout).contains("ghp_"));
}

#[test]
fn sarif_output_validates_against_the_sarif_2_1_0_schema() {
    let schema_text =
        std::fs::read_to_string(root().join("tests/fixtures/sarif/sarif-schema-2.1.0.json"))
            .unwrap();
    let schema: serde_json::Value = serde_json::from_str(&schema_text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let output = charter(&["review", FLAWED, "--format", "sarif"]);
    let log: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let errors: Vec<String> = validator.iter_errors(&log).map(|e| e.to_string()).collect();
    assert_eq!(errors, Vec::<String>::new());
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), findings(FLAWED).len());
    let first = &results[0]["locations"][0]["physicalLocation"];
    assert!(
        first["artifactLocation"]["uri"]
            .as_str()
            .unwrap()
            .starts_with("tests/fixtures/review/flawed/")
    );
    assert!(first["region"]["startLine"].as_u64().unwrap() > 0);
}

#[test]
fn fail_on_sets_the_exit_code() {
    assert_eq!(
        charter(&["review", FLAWED, "--fail-on", "high"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(
        charter(&["review", EXAMPLE, "--fail-on", "critical"])
            .status
            .code(),
        Some(0)
    );
    assert_eq!(
        charter(&["review", EXAMPLE, "--fail-on", "medium"])
            .status
            .code(),
        Some(1)
    );
    assert_eq!(charter(&["review", EXAMPLE]).status.code(), Some(0));
}

#[test]
fn the_markdown_report_has_findings_and_a_sign_off_table() {
    let output = charter(&["review", EXAMPLE]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(
        text.starts_with("# Pre-engagement review: Payments API (Flask)"),
        "{text}"
    );
    assert!(
        text.contains("| high | `sensitive-data-unscanned` |"),
        "{text}"
    );
    assert!(
        text.contains("| Security | security-officer | Sofia Nyberg | | |"),
        "{text}"
    );
}

#[test]
fn every_example_gets_the_findings_a_reviewer_expects() {
    let mut examples: Vec<String> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| format!("examples/{}", p.file_name().unwrap().to_string_lossy()))
        .collect();
    examples.sort();
    assert_eq!(examples.len(), 5);
    for example in examples {
        let lines: Vec<String> = findings(&example).iter().map(line).collect();
        let name = example
            .trim_start_matches("examples/")
            .trim_end_matches(".yaml")
            .to_string();
        insta::assert_snapshot!(format!("review_example_{name}"), lines.join("\n"));
    }
}

#[test]
fn a_vendor_person_in_a_client_role_over_access_is_reported_at_that_role() {
    let text = std::fs::read_to_string(root().join(EXAMPLE))
        .unwrap()
        .replace(
            "{ name: Sofia Nyberg, side: client, roles: [security-officer]",
            "{ name: Sofia Nyberg, side: vendor, roles: [security-officer]",
        );
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("policies")).unwrap();
    std::fs::copy(
        root().join("examples/policies/acme.yaml"),
        dir.path().join("policies/acme.yaml"),
    )
    .unwrap();
    let path = dir.path().join("vendor-security.yaml");
    std::fs::write(&path, text).unwrap();
    let found = findings(path.to_str().unwrap());
    let attests: Vec<String> = found
        .iter()
        .filter(|f| f["rule"] == "vendor-self-attests")
        .map(line)
        .collect();
    assert!(!attests.is_empty());
    for l in &attests {
        assert!(l.contains("vendor-security.yaml:20: "), "{l}");
        assert!(l.contains("`Sofia Nyberg` of the vendor side"), "{l}");
    }
    assert!(
        attests
            .iter()
            .any(|l| l.contains("access control `ACC-SSO-MFA`"))
    );
}

#[test]
fn the_examples_keep_duties_separate() {
    for example in crate::support::EXAMPLES {
        for f in findings(example) {
            let rule = f["rule"].as_str().unwrap();
            assert!(
                ![
                    "waiver-self-approved",
                    "signoff-not-separate",
                    "vendor-self-attests"
                ]
                .contains(&rule),
                "{example}: {}",
                line(&f)
            );
        }
    }
}
