//! Everything a pack declares is overridable and disableable by id from a later layer:
//! runbooks, runbook steps, metrics, activities and review rules, as controls are. The
//! documents, the review and `explain` show the result; unknown ids and fields a kind does
//! not have are located errors. Pack texts name the engagement's tools through
//! `{{ tooling.NAME }}`, with generic wording when the engagement names none.

use std::path::Path;

use crate::support::{charter_in, example_engagement, stderr, stdout, write};

/// A pack standing in for a shared one: a metric to override, one to disable, a review
/// rule to disable.
const BASE: &str = r#"pack: base
version: 1.0.0
title: Shared rules
description: Metrics and a review rule the organisation pack changes
requires: [builtin:core]
metrics:
  - id: KPI-ORG-LEAD
    title: Lead time for changes
    kind: kpi
    description: From first commit to production, per change
    target: under 5 days
    owner: engineering-manager
    review: monthly
  - id: KPI-ORG-ESCAPES
    title: Escaped defects
    kind: kpi
    description: Defects found in production per release
    target: fewer than 2
    owner: engineering-manager
    review: per-release
review-rules:
  - id: BASE-ALWAYS
    severity: low
    when: { model: [freelancer] }
    message: The shared rule the organisation switches off
"#;

/// The organisation pack: overrides a step and a metric, disables one of each kind.
const ORG: &str = r#"pack: org
version: 1.0.0
title: Organisation rules
description: Changes to the built-in and shared packs
requires: [builtin:core]
overrides:
  - step: RB-INCIDENT-ESCALATION/open-incident
    do: Open an incident in {{ tooling.tracker }} and call the duty phone at once.
  - metric: KPI-ORG-LEAD
    target: under 3 days
disable:
  - runbook: RB-ACCESS-REVOKE
    reason: Revocation follows the organisation's HR leaver process
  - step: RB-INCIDENT-ESCALATION/write-postmortem
    reason: Postmortems are written by the organisation's SRE team
  - metric: KPI-ORG-ESCAPES
    reason: Release quality is tracked by the QA team
  - activity: ACT-API
    reason: APIs are designed by the platform team
  - review-rule: BASE-ALWAYS
    reason: Not relevant to this organisation
"#;

fn workspace(org: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let packs = "[builtin:core, ./base.yaml, ./org.yaml]";
    write(
        &dir.path().join("e.yaml"),
        &example_engagement("acme-payments-mvp", packs),
    );
    write(&dir.path().join("base.yaml"), BASE);
    write(&dir.path().join("org.yaml"), org);
    dir
}

fn page(dir: &Path, name: &str) -> String {
    std::fs::read_to_string(dir.join("w/acme-payments-mvp").join(name)).unwrap()
}

#[test]
fn an_organisation_pack_overrides_and_disables_runbooks_steps_metrics_activities_and_rules() {
    let dir = workspace(ORG);
    let output = charter_in(dir.path(), &["build", "e.yaml", "--out", "w"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let runbooks = page(dir.path(), "runbooks.md");
    assert!(
        runbooks
            .contains("Open an incident in project PAY in Jira and call the duty phone at once."),
        "{runbooks}"
    );
    assert!(!runbooks.contains("Access revocation"), "{runbooks}");
    assert!(!runbooks.contains("write the postmortem"), "{runbooks}");
    assert!(runbooks.contains("Access provisioning"), "{runbooks}");
    let metrics = page(dir.path(), "slas-kpis.md");
    assert!(metrics.contains("under 3 days"), "{metrics}");
    assert!(!metrics.contains("under 5 days"), "{metrics}");
    assert!(!metrics.contains("Escaped defects"), "{metrics}");
    let raci = page(dir.path(), "raci.md");
    assert!(
        !raci.contains("Design and change public and internal APIs"),
        "{raci}"
    );
    assert!(raci.contains("Negotiate and sign the contract"), "{raci}");

    let review = charter_in(dir.path(), &["review", "e.yaml", "--format", "json"]);
    let findings = stdout(&review);
    assert!(!findings.contains("BASE-ALWAYS"), "{findings}");
}

#[test]
fn explain_shows_who_introduced_overrode_and_disabled_each_item() {
    let dir = workspace(ORG);
    let summary = stdout(&charter_in(dir.path(), &["explain", "e.yaml"]));
    let changed = summary
        .split("Changed by later packs:")
        .nth(1)
        .unwrap_or_else(|| panic!("{summary}"));
    for expected in [
        "runbook      RB-ACCESS-REVOKE",
        "disabled by pack `org`: Revocation follows the organisation's HR leaver process (org.yaml:",
        "step         RB-INCIDENT-ESCALATION/open-incident",
        "overridden: do (pack `org`, org.yaml:8:9)",
        "metric       KPI-ORG-LEAD",
        "overridden: target (pack `org`, org.yaml:10:13)",
        "activity     ACT-API",
        "review-rule  BASE-ALWAYS",
    ] {
        assert!(changed.contains(expected), "{expected}\n{changed}");
    }

    let runbook = stdout(&charter_in(
        dir.path(),
        &["explain", "e.yaml", "RB-INCIDENT-ESCALATION"],
    ));
    assert!(
        runbook.starts_with("runbook RB-INCIDENT-ESCALATION: "),
        "{runbook}"
    );
    assert!(
        runbook.contains("  pack:    core (defined at builtin:core:"),
        "{runbook}"
    );
    assert!(
        runbook.contains("open-incident            applies; overridden: do"),
        "{runbook}"
    );
    assert!(
        runbook.contains("write-postmortem         disabled (org.yaml:"),
        "{runbook}"
    );

    let metric = stdout(&charter_in(
        dir.path(),
        &["explain", "e.yaml", "metric:KPI-ORG-LEAD"],
    ));
    assert!(
        metric.contains("  pack:    base (defined at base.yaml:7:9)"),
        "{metric}"
    );
    assert!(
        metric.contains("target       set at org.yaml:10:13 by pack `org`"),
        "{metric}"
    );

    let step = charter_in(
        dir.path(),
        &[
            "explain",
            "e.yaml",
            "RB-INCIDENT-ESCALATION/write-postmortem",
            "--format",
            "json",
        ],
    );
    let json: serde_json::Value = serde_json::from_str(&stdout(&step)).unwrap();
    assert_eq!(json["status"], "disabled");
    assert_eq!(json["kind"], "step");
    assert!(
        json["reason"].as_str().unwrap().contains("SRE team"),
        "{json}"
    );
}

/// `validate` output (short format) of the workspace with `org` as the organisation pack.
fn problems(org: &str) -> (String, i32) {
    let dir = workspace(org);
    let output = charter_in(
        dir.path(),
        &["--message-format", "short", "validate", "e.yaml"],
    );
    (stderr(&output), output.status.code().unwrap())
}

#[test]
fn unknown_ids_and_fields_a_kind_does_not_have_are_located_errors_with_a_suggestion() {
    let org = ORG
        .replace(
            "step: RB-INCIDENT-ESCALATION/open-incident",
            "step: RB-INCIDENT-ESCALATION/open-incidnet",
        )
        .replace("metric: KPI-ORG-LEAD", "metric: KPI-ORG-LAED")
        .replace("runbook: RB-ACCESS-REVOKE", "runbook: RB-ACCESS-REVOK");
    let (text, code) = problems(&org);
    assert_eq!(code, 2, "{text}");
    for expected in [
        "org.yaml:7:11: error: runbook `RB-INCIDENT-ESCALATION` has no step `open-incidnet`",
        "did you mean `open-incident`?",
        "org.yaml:9:13: error: unknown metric `KPI-ORG-LAED`",
        "did you mean `KPI-ORG-LEAD`?",
        "error: unknown runbook `RB-ACCESS-REVOK`",
        "did you mean `RB-ACCESS-REVOKE`?",
    ] {
        assert!(text.contains(expected), "{expected}\n{text}");
    }
}

#[test]
fn a_field_the_kind_does_not_have_is_a_located_error() {
    let org = ORG.replace(
        "    target: under 3 days",
        "    target: under 3 days\n    severity: high",
    );
    let (text, code) = problems(&org);
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains("org.yaml:11:5: error: unknown field `severity` in a metric override"),
        "{text}"
    );
}

#[test]
fn a_disable_needs_a_reason_and_an_override_names_one_item() {
    let org = ORG
        .replace(
            "    reason: Not relevant to this organisation\n",
            "    reason: \" \"\n",
        )
        .replace(
            "  - metric: KPI-ORG-LEAD\n",
            "  - metric: KPI-ORG-LEAD\n    runbook: RB-SEVERITY\n",
        );
    let (text, code) = problems(&org);
    assert_eq!(code, 2, "{text}");
    assert!(text.contains("error: the reason is empty"), "{text}");
    assert!(
        text.contains("error: an override names more than one item (`runbook`, `metric`)"),
        "{text}"
    );
}

#[test]
fn a_runbook_step_without_an_id_is_an_error_naming_its_runbook() {
    let org = format!(
        "{ORG}runbooks:\n  - id: RB-ORG\n    title: Org procedure\n    purpose: Test\n    steps:\n      - {{ role: engineer, do: Something }}\n"
    );
    let (text, code) = problems(&org);
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains("error: step 1 of runbook `RB-ORG` has no `id`"),
        "{text}"
    );
}

#[test]
fn an_unknown_tool_placeholder_is_a_located_error_with_a_suggestion() {
    let org = ORG.replace("{{ tooling.tracker }}", "{{ tooling.trakcer }}");
    let (text, code) = problems(&org);
    assert_eq!(code, 2, "{text}");
    assert!(
        text.contains("org.yaml:8:9: error: `{{ tooling.trakcer }}` names an unknown tool"),
        "{text}"
    );
    assert!(text.contains("did you mean `tracker`?"), "{text}");
}

#[test]
fn tool_placeholders_fall_back_to_generic_wording_without_tooling() {
    let dir = workspace(ORG);
    let text = std::fs::read_to_string(dir.path().join("e.yaml")).unwrap();
    let bare: String = text
        .lines()
        .take_while(|l| *l != "tooling:")
        .map(|l| format!("{l}\n"))
        .collect();
    write(&dir.path().join("e.yaml"), &bare);
    let output = charter_in(dir.path(), &["build", "e.yaml", "--out", "w"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let runbooks = page(dir.path(), "runbooks.md");
    assert!(
        runbooks.contains("Open an incident in the tracker and call the duty phone at once."),
        "{runbooks}"
    );
    assert!(
        runbooks.contains("Create the account in the identity provider with MFA enforced"),
        "{runbooks}"
    );
}
