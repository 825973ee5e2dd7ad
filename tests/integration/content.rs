//! The built-in content says what a security and compliance reviewer needs: every mapping
//! is a reviewed pair, each regulation changes the documents and brings its notice clocks,
//! one severity scale serves every runbook, SLA and incident step, each engagement model
//! gets the controls that fit it, and security evidence comes from the client's own
//! records rather than the vendor's word.

use std::collections::BTreeSet;

use charter::builtin;
use charter::catalog;
use charter::diag::Diagnostics;
use charter::pack::load::decode_pack;
use charter::pack::{Control, Pack};
use charter::source::Source;
use charter::vocab::{Category, Severity};

use crate::packs_doc::title;
use crate::support::{EXAMPLES, build_to_temp, read_tree, root, write};

/// Every built-in pack, decoded.
fn packs() -> Vec<Pack> {
    builtin::PACKS
        .iter()
        .map(|(name, text)| {
            let source = Source::new(format!("builtin:{name}"), *text);
            decode_pack(&source, &mut Diagnostics::default()).expect("built-in packs decode")
        })
        .collect()
}

fn controls(packs: &[Pack]) -> impl Iterator<Item = &Control> {
    packs.iter().flat_map(|p| p.controls.iter())
}

/// (control, framework, identifier) of every mapping in the built-in packs.
fn mapped_pairs(packs: &[Pack]) -> BTreeSet<(String, String, String)> {
    let mut pairs = BTreeSet::new();
    for c in controls(packs) {
        for (framework, ids) in &c.mappings.value.0 {
            for id in ids {
                pairs.insert((
                    c.id.value.clone(),
                    framework.value.clone(),
                    id.value.clone(),
                ));
            }
        }
    }
    pairs
}

/// The reviewed pairs of `catalogs/reviewed-mappings.tsv`, each with why it fits.
fn reviewed() -> Vec<((String, String, String), String)> {
    let text = std::fs::read_to_string(root().join("catalogs/reviewed-mappings.tsv")).unwrap();
    text.lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 4, "reviewed-mappings.tsv: bad line {l:?}");
            let pair = (f[0].to_string(), f[1].to_string(), f[2].to_string());
            (pair, f[3].trim().to_string())
        })
        .collect()
}

/// What is wrong between the packs' mappings and the reviewed list: unreviewed pairs (with
/// the identifier's title, to review against), stale reviewed pairs, missing reasons.
fn mapping_problems(
    mapped: &BTreeSet<(String, String, String)>,
    reviewed: &[((String, String, String), String)],
) -> Vec<String> {
    let listed: BTreeSet<_> = reviewed.iter().map(|(p, _)| p.clone()).collect();
    let mut problems = Vec::new();
    for (c, fw, id) in mapped.difference(&listed) {
        let t = title(fw, id);
        problems.push(format!("unreviewed mapping {c} -> {fw} {id} ({t})"));
    }
    for (c, fw, id) in listed.difference(mapped) {
        problems.push(format!("reviewed pair no longer mapped: {c} -> {fw} {id}"));
    }
    for ((c, fw, id), why) in reviewed {
        if why.is_empty() {
            problems.push(format!("no reason given for {c} -> {fw} {id}"));
        }
    }
    problems
}

#[test]
fn every_mapping_is_a_reviewed_pair_with_a_catalogued_title() {
    let packs = packs();
    let mapped = mapped_pairs(&packs);
    let mut problems = mapping_problems(&mapped, &reviewed());
    for (c, fw, id) in &mapped {
        let framework = catalog::framework(fw).expect("known framework");
        if !catalog::catalog(framework).contains(id) {
            problems.push(format!("{c}: `{id}` is not an identifier of {fw}"));
        } else if title(fw, id).is_empty() {
            problems.push(format!("{c}: `{fw} {id}` has no title in catalogs/"));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn a_new_or_unknown_mapping_is_caught() {
    let mut mapped = mapped_pairs(&packs());
    // Static analysis is code analysis (PW.7.2), not a test of executable code (PW.8.2).
    let wrong = (
        "CI-SAST".to_string(),
        "nist-ssdf-1.1".to_string(),
        "PW.8.2".to_string(),
    );
    assert!(!mapped.contains(&wrong));
    mapped.insert(wrong);
    let problems = mapping_problems(&mapped, &reviewed());
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        problems[0]
            .starts_with("unreviewed mapping CI-SAST -> nist-ssdf-1.1 PW.8.2 (Scope the testing")
    );
    let iso = catalog::framework("iso27001-2022").unwrap();
    assert!(!catalog::catalog(iso).contains("A.8.35"));
}

#[test]
fn outsourced_development_is_mapped_in_every_framework_that_names_it() {
    let mapped = mapped_pairs(&packs());
    for (c, fw, id) in [
        ("CON-SECURITY-TERMS", "iso27001-2022", "A.8.30"),
        ("CON-SECURITY-TERMS", "nist-800-53r5", "SA-4"),
        ("CON-SECURITY-TERMS", "nist-800-53r5", "SA-9"),
        ("CON-SECURITY-TERMS", "soc2", "CC9.2"),
        ("CON-SECURITY-TERMS", "nist-ssdf-1.1", "PO.1.3"),
        ("CON-DUE-DILIGENCE", "iso27001-2022", "A.8.30"),
        ("CON-AUDIT-RIGHTS", "iso27001-2022", "A.8.30"),
    ] {
        let pair = (c.to_string(), fw.to_string(), id.to_string());
        assert!(mapped.contains(&pair), "{c} -> {fw} {id}");
    }
    for (c, id) in [("ACC-PROD-JIT", "A.8.18"), ("CON-RETAINER-FLOOR", "A.5.20")] {
        let pair = (c.to_string(), "iso27001-2022".to_string(), id.to_string());
        assert!(!mapped.contains(&pair), "{c} -> {id}");
    }
}

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
    let all: String = builtin::PACKS.iter().map(|(_, t)| *t).collect();
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
    let packs = packs();
    let jit = controls(&packs)
        .find(|c| c.id.value == "ACC-PROD-JIT")
        .unwrap();
    assert!(
        jit.description
            .value
            .contains("without waiting for an approver")
    );
    assert!(!jit.title.value.contains("approved per session"));
}

/// (name, roles) of each person in an example file's `people:` lines.
fn people(text: &str) -> Vec<(String, Vec<String>)> {
    text.lines()
        .filter_map(|l| l.trim().strip_prefix("- { name: "))
        .map(|rest| {
            let name = rest.split(',').next().unwrap().trim().to_string();
            let roles = rest
                .split("roles: [")
                .nth(1)
                .unwrap()
                .split(']')
                .next()
                .unwrap();
            let roles = roles.split(',').map(|r| r.trim().to_string()).collect();
            (name, roles)
        })
        .collect()
}

#[test]
fn no_example_lets_one_person_hold_both_sides_of_a_check() {
    let packs = packs();
    for path in EXAMPLES {
        let text = std::fs::read_to_string(root().join(path)).unwrap();
        let people = people(&text);
        for (name, roles) in &people {
            let both = roles.contains(&"security-officer".into())
                && roles.contains(&"client-legal".into());
            assert!(!both, "{path}: {name} signs off both security and legal");
        }
        let waived = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("- control: "));
        let approvers = text
            .lines()
            .filter_map(|l| l.trim().strip_prefix("approved-by: "));
        for (control, approver) in waived.zip(approvers) {
            let c = controls(&packs).find(|c| c.id.value == control).unwrap();
            let raci = &c.raci.value;
            let doers: Vec<&str> = std::iter::once(c.owner.value.as_str())
                .chain(raci.responsible.iter().map(|r| r.value.as_str()))
                .collect();
            let (_, roles) = people.iter().find(|(n, _)| n == approver).unwrap();
            let conflict = roles.iter().find(|r| doers.contains(&r.as_str()));
            assert!(
                conflict.is_none(),
                "{path}: {approver} approved the waiver of {control}, which they carry out as {conflict:?}"
            );
        }
    }
    let core = packs.iter().find(|p| p.name.value == "core").unwrap();
    let grant = core
        .runbooks
        .iter()
        .find(|r| r.id.value == "RB-ACCESS-GRANT")
        .unwrap();
    for step in &grant.steps {
        let vendor = ["vendor-lead", "engineer"].contains(&step.role.value.as_str());
        let checks = ["compare", "export", "nothing else", "limited"]
            .iter()
            .any(|w| step.action.value.to_lowercase().contains(w));
        assert!(
            !(vendor && checks),
            "the vendor checks its own access: {}",
            step.action.value
        );
    }
}

/// Words that make evidence rest on the vendor's own statement.
const VENDOR_WORD: [&str; 4] = [
    "attest",
    "self-assess",
    "vendor's confirmation",
    "vendor confirms",
];
/// Artefacts a third party can check in the client's systems or with an outside party.
const CHECKABLE: [&str; 16] = [
    "export",
    "log",
    "report",
    "settings",
    "configuration",
    "record",
    "screenshot",
    "policy",
    "history",
    "register",
    "ticket",
    "scan",
    "run",
    "certificate",
    "signed",
    "sbom",
];

#[test]
fn security_evidence_comes_from_records_a_third_party_can_check() {
    let packs = packs();
    let mut problems = Vec::new();
    for c in controls(&packs) {
        let serious = matches!(c.severity.value, Severity::Critical | Severity::High);
        let is_security = match c.category.value {
            Category::Access | Category::CiGates => true,
            Category::Offboarding => serious,
            Category::Contracts => false,
            _ => c.severity.value == Severity::Critical,
        };
        if !is_security {
            continue;
        }
        let evidence = c.evidence.value.to_lowercase();
        if let Some(w) = VENDOR_WORD.iter().find(|w| evidence.contains(*w)) {
            problems.push(format!("{}: evidence rests on `{w}`", c.id.value));
        }
        if !CHECKABLE.iter().any(|w| evidence.contains(w)) {
            problems.push(format!(
                "{}: no checkable artefact in {evidence:?}",
                c.id.value
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
