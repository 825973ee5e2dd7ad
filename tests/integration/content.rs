//! The built-in content says what a security and compliance reviewer needs: every mapping
//! is a reviewed pair, each regulation changes the documents and brings its notice clocks,
//! one severity scale serves every runbook, SLA and incident step, each engagement model
//! gets the controls that fit it, and security evidence comes from the client's own
//! records rather than the vendor's word.

use crate::support::{EXAMPLES, build_to_temp, read_tree, root, write};

/// The documents of an engagement file written from `text`, by file name.
fn docs_of(dir: &std::path::Path, name: &str, text: &str) -> Vec<(String, String)> {
    let path = dir.join(format!("{name}.yaml"));
    write(&path, text);
    let out = build_to_temp(path.to_str().unwrap());
    read_tree(out.path())
        .into_iter()
        .map(|(n, t)| (n.rsplit('/').next().unwrap().to_string(), t))
        .collect()
}

fn doc<'a>(docs: &'a [(String, String)], name: &str) -> &'a str {
    &docs.iter().find(|(n, _)| n == name).unwrap().1
}

/// The dedicated example with its regulations and classification replaced.
fn engagement(regulations: &str, classification: &str) -> String {
    let text = std::fs::read_to_string(root().join("examples/dedicated-growth.yaml")).unwrap();
    text.replace(
        "regulations: [gdpr]",
        &format!("regulations: [{regulations}]"),
    )
    .replace(
        "data-classification: confidential",
        &format!("data-classification: {classification}"),
    )
}

const REGULATIONS: [(&str, &str); 14] = [
    ("gdpr", "GDPR"),
    ("uk-gdpr", "UK GDPR"),
    ("ccpa", "CCPA"),
    ("hipaa", "HIPAA"),
    ("pci-dss", "PCI DSS"),
    ("sox", "SOX"),
    ("glba", "GLBA"),
    ("ferpa", "FERPA"),
    ("dora", "DORA"),
    ("nis2", "NIS2"),
    ("fedramp", "FedRAMP"),
    ("lgpd", "LGPD"),
    ("pipeda", "PIPEDA"),
    ("dpdp", "DPDP"),
];

#[test]
fn each_regulation_adds_controls_and_a_notice_runbook_with_its_clocks() {
    let dir = tempfile::tempdir().unwrap();
    let base = docs_of(dir.path(), "base", &engagement("", "internal"));
    for (key, name) in REGULATIONS {
        let docs = docs_of(dir.path(), key, &engagement(key, "internal"));
        let id = format!("`REL-NOTICE-{}`", key.to_uppercase());
        let compliance = doc(&docs, "compliance-checklist.md");
        assert!(compliance.contains(&id), "{key}: no {id}");
        assert!(!doc(&base, "compliance-checklist.md").contains(&id));
        let runbooks = doc(&docs, "runbooks.md");
        let heading = format!("## Regulatory notice: {name}\n");
        assert!(runbooks.contains(&heading), "{key}: no notice runbook");
        let notice = &runbooks[runbooks.find(&heading).unwrap()..];
        let notice = &notice[..notice[3..].find("\n## ").map_or(notice.len(), |i| i + 3)];
        assert!(
            notice.contains(" hours") || notice.contains(" days") || notice.contains(" minutes"),
            "{key}: the notice runbook names no deadline:\n{notice}"
        );
        let added = compliance.lines().filter(|l| l.starts_with("| `")).count()
            - doc(&base, "compliance-checklist.md")
                .lines()
                .filter(|l| l.starts_with("| `"))
                .count();
        assert!(added >= 1, "{key}");
    }
}

#[test]
fn privacy_controls_follow_the_regulation_not_the_classification() {
    let dir = tempfile::tempdir().unwrap();
    let internal = docs_of(dir.path(), "gdpr-internal", &engagement("gdpr", "internal"));
    let compliance = doc(&internal, "compliance-checklist.md");
    for id in [
        "CON-DPA",
        "CON-TRANSFER",
        "CON-DPIA",
        "COL-DSR-ASSIST",
        "REL-NOTICE-GDPR",
    ] {
        assert!(compliance.contains(&format!("`{id}`")), "{id}");
    }
    let none = docs_of(dir.path(), "no-law", &engagement("", "restricted"));
    let compliance = doc(&none, "compliance-checklist.md");
    for id in ["CON-DPA", "CON-TRANSFER", "COL-DSR-ASSIST"] {
        assert!(!compliance.contains(&format!("`{id}`")), "{id}");
    }
}

#[test]
fn one_severity_scale_is_defined_in_the_packs_and_heads_every_runbook_page() {
    let mut all = String::new();
    for entry in std::fs::read_dir(root().join("policies")).unwrap() {
        all.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    assert_eq!(all.matches("Sev-1 (critical)").count(), 1, "defined once");
    for word in ["P1", "P2", "sooner for outages", "standing in for a person"] {
        assert!(!all.contains(word), "`{word}` in a built-in pack");
    }
    let lower = all.to_lowercase();
    for (i, _) in lower.match_indices("sev-") {
        let level = lower[i + 4..].chars().next().unwrap();
        assert!(
            ('1'..='4').contains(&level),
            "sev-{level} is not on the scale"
        );
    }
    for example in EXAMPLES {
        let out = build_to_temp(example);
        let (_, runbooks) = read_tree(out.path())
            .into_iter()
            .find(|(n, _)| n.ends_with("/runbooks.md"))
            .unwrap();
        let first = runbooks.find("\n## ").unwrap();
        assert!(
            runbooks[first..].starts_with("\n## Severity scale\n"),
            "{example}"
        );
        for level in [
            "Sev-1 (critical)",
            "Sev-2 (high)",
            "Sev-3 (medium)",
            "Sev-4 (low)",
        ] {
            assert_eq!(runbooks.matches(level).count(), 1, "{example}: {level}");
        }
    }
}

/// The documents of an example, by file name.
fn example(path: &str) -> Vec<(String, String)> {
    let out = build_to_temp(path);
    read_tree(out.path())
        .into_iter()
        .map(|(n, t)| (n.rsplit('/').next().unwrap().to_string(), t))
        .collect()
}

fn has(docs: &[(String, String)], name: &str, present: &[&str], absent: &[&str]) {
    let text = doc(docs, name);
    for id in present {
        assert!(text.contains(&format!("`{id}`")), "{name} lacks {id}");
    }
    for id in absent {
        assert!(!text.contains(&format!("`{id}`")), "{name} has {id}");
    }
}

#[test]
fn a_freelancer_without_production_is_not_measured_on_restore_time_or_turnover() {
    let docs = example("examples/freelancer-mvp.yaml");
    has(
        &docs,
        "slas-kpis.md",
        &["KPI-URGENT-RESOLUTION"],
        &["KPI-MTTR", "KPI-TURNOVER", "KPI-ONCALL-RESOLUTION"],
    );
}

#[test]
fn a_dedicated_team_without_production_is_second_line_and_carries_no_pager() {
    let docs = example("examples/dedicated-growth.yaml");
    has(
        &docs,
        "compliance-checklist.md",
        &["REL-SECOND-LINE", "REL-ESCALATION"],
        &["REL-ONCALL", "ONB-ONCALL-SHADOW"],
    );
    has(
        &docs,
        "slas-kpis.md",
        &[],
        &["KPI-ONCALL-RESOLUTION", "KPI-MTTR"],
    );
    let runbooks = doc(&docs, "runbooks.md");
    assert!(runbooks.contains("## Escalation to the vendor\n"));
    assert!(!runbooks.contains("## On-call shift and escalation"));
    assert!(!doc(&docs, "raci.md").contains("Staff the on-call rotation"));
}

#[test]
fn a_retainer_measures_its_slos_and_puts_them_in_the_contract() {
    let docs = example("examples/retainer-maintenance.yaml");
    has(
        &docs,
        "slas-kpis.md",
        &["SLA-SLO-COMPLIANCE", "SLA-RESPONSE-TIME"],
        &[],
    );
    has(
        &docs,
        "compliance-checklist.md",
        &["CON-SLA-SCHEDULE", "STF-MAINT-SLO"],
        &[],
    );
    assert!(doc(&docs, "slas-kpis.md").contains("Sev-1 within 2 hours"));
}

#[test]
fn a_hybrid_has_contracts_per_party_a_backup_for_its_specialist_and_one_pager_date() {
    let docs = example("examples/hybrid-migration.yaml");
    has(
        &docs,
        "compliance-checklist.md",
        &[
            "CON-HYBRID-PARTIES",
            "CON-BACKUP-ENGINEER",
            "CNT-BACKUP-CURRENT",
            "HND-ONCALL-TRANSFER",
        ],
        &["ONB-ONCALL-SHADOW"],
    );
    assert!(doc(&docs, "runbooks.md").contains("## Backup engineer activation\n"));
}

#[test]
fn a_pci_pod_reviews_logs_daily_and_on_call_needs_no_per_session_manager_approval() {
    let docs = example("examples/pod-scale.yaml");
    has(
        &docs,
        "compliance-checklist.md",
        &[
            "ACC-PCI-LOG-REVIEW",
            "ACC-PCI-CDE",
            "STF-SCREENING",
            "REL-NOTICE-PCI-DSS",
        ],
        &[],
    );
}
