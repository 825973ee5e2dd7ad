//! Building the example engagements: the documents (snapshots), determinism, overrides.

use crate::support::{EXAMPLES, build_to_temp, charter, read_tree, stderr};

const EXAMPLE: &str = "examples/freelancer-mvp.yaml";

#[test]
fn the_example_builds_its_eight_documents_a_page_per_person_and_a_home_page() {
    let out = build_to_temp(EXAMPLE);
    let names: Vec<String> = read_tree(out.path())
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    assert_eq!(
        names,
        [
            "acme-payments-mvp/compliance-checklist.md",
            "acme-payments-mvp/index.md",
            "acme-payments-mvp/offboarding-checklist.md",
            "acme-payments-mvp/onboarding-checklist.md",
            "acme-payments-mvp/people/eva-lind.md",
            "acme-payments-mvp/people/karan-mehta.md",
            "acme-payments-mvp/people/lars-berg.md",
            "acme-payments-mvp/people/omar-haddad.md",
            "acme-payments-mvp/people/priya-shah.md",
            "acme-payments-mvp/people/sofia-nyberg.md",
            "acme-payments-mvp/pre-engagement-review.md",
            "acme-payments-mvp/raci.md",
            "acme-payments-mvp/runbooks.md",
            "acme-payments-mvp/slas-kpis.md",
            "index.md",
        ]
    );
}

#[test]
fn every_example_document_matches_its_snapshot() {
    for example in EXAMPLES {
        let out = build_to_temp(example);
        for (name, text) in read_tree(out.path()) {
            // The home page has the same name in every build: name it after the example.
            let stem = example
                .trim_start_matches("examples/")
                .trim_end_matches(".yaml");
            let snapshot = match name.contains('/') {
                true => name.replace('/', "__"),
                false => format!("home-of-{stem}__{name}"),
            };
            insta::assert_snapshot!(snapshot, text);
        }
    }
}

#[test]
fn only_hybrid_engagements_get_a_handoff_plan_and_the_index_links_what_exists() {
    for example in EXAMPLES {
        let out = build_to_temp(example);
        let files = read_tree(out.path());
        let hybrid = example.contains("hybrid");
        let has_plan = files.iter().any(|(n, _)| n.ends_with("/handoff-plan.md"));
        assert_eq!(has_plan, hybrid, "{example}");
        let (_, index) = files
            .iter()
            .find(|(n, _)| n.ends_with("/index.md"))
            .unwrap();
        assert_eq!(index.contains("(handoff-plan.md)"), hybrid, "{example}");
        for (name, _) in &files {
            let file = name.split_once('/').map_or(name.as_str(), |(_, f)| f);
            if file != "index.md" {
                assert!(index.contains(&format!("]({file})")), "{example}: {file}");
            }
        }
    }
}

#[test]
fn building_twice_gives_identical_bytes_and_writes_nothing_the_second_time() {
    let first = build_to_temp(EXAMPLE);
    let second = build_to_temp(EXAMPLE);
    assert_eq!(read_tree(first.path()), read_tree(second.path()));
    let again = charter(&["build", EXAMPLE, "--out", first.path().to_str().unwrap()]);
    let text = String::from_utf8_lossy(&again.stderr);
    assert!(
        text.contains("0 created, 0 changed, 16 unchanged"),
        "{text}"
    );
}

#[test]
fn only_controls_whose_when_matches_appear() {
    let out = build_to_temp(EXAMPLE);
    let onboarding =
        std::fs::read_to_string(out.path().join("acme-payments-mvp/onboarding-checklist.md"))
            .unwrap();
    // The example has no production access: the just-in-time production control is absent.
    assert!(!onboarding.contains("ACC-PROD-JIT"));
    assert!(onboarding.contains("`ACC-SSO-MFA@priya-shah`"));
}

#[test]
fn a_template_override_replaces_one_document_and_keeps_the_rest_built_in() {
    let templates = tempfile::tempdir().unwrap();
    std::fs::write(
        templates.path().join("raci.md"),
        "# Custom RACI for {{ engagement.id }}\n\nAccess reviewed every {{ params[\"access-review-days\"] }} days.\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let result = charter(&[
        "build",
        EXAMPLE,
        "--out",
        out.path().to_str().unwrap(),
        "--templates",
        templates.path().to_str().unwrap(),
    ]);
    assert!(result.status.success(), "{}", stderr(&result));
    let raci = std::fs::read_to_string(out.path().join("acme-payments-mvp/raci.md")).unwrap();
    assert!(
        raci.starts_with(
            "# Custom RACI for acme-payments-mvp\n\nAccess reviewed every 14 days.\n\n## Notes\n"
        ),
        "{raci}"
    );
    let index = std::fs::read_to_string(out.path().join("acme-payments-mvp/index.md")).unwrap();
    assert!(index.starts_with("# Payments API (Flask)"));
}

#[test]
fn an_expired_waiver_makes_the_control_required_again_with_a_warning() {
    let out = tempfile::tempdir().unwrap();
    let result = charter(&[
        "build",
        EXAMPLE,
        "--out",
        out.path().to_str().unwrap(),
        "--today",
        "2027-02-15",
    ]);
    assert!(result.status.success());
    let text = stderr(&result);
    assert!(
        text.contains("the waiver for `CI-DAST` expired on 2027-01-31"),
        "{text}"
    );
    assert!(text.contains("examples/freelancer-mvp.yaml:29:5"), "{text}");
    let compliance =
        std::fs::read_to_string(out.path().join("acme-payments-mvp/compliance-checklist.md"))
            .unwrap();
    let dast = compliance
        .lines()
        .find(|l| l.contains("`CI-DAST`"))
        .unwrap();
    assert!(!dast.contains("waived"), "{dast}");
}

#[test]
fn help_and_completions_explain_themselves() {
    let help = charter(&["build", "--help"]);
    let text = String::from_utf8_lossy(&help.stdout);
    assert!(text.contains("--templates"), "{text}");
    assert!(text.contains("nothing is written"), "{text}");
    let completions = charter(&["completions", "bash"]);
    assert!(completions.status.success());
    assert!(String::from_utf8_lossy(&completions.stdout).contains("charter"));
}
