//! The built-in packs' mappings and evidence, checked against the catalogs: every mapping
//! is a reviewed pair with a catalogued title (`catalogs/reviewed-mappings.tsv`), and
//! security evidence comes from records a third party can check.

use std::collections::BTreeSet;

use crate::diag::Diagnostics;
use crate::diag::source::Source;
use crate::input::builtin;
use crate::input::vocab::{Category, Severity};
use crate::pack::catalog;
use crate::pack::load::decode_pack;
use crate::pack::{Control, Pack};

/// The title of a framework identifier, from the embedded catalogs.
fn title(framework: &str, id: &str) -> String {
    catalog::framework(framework)
        .and_then(|fw| catalog::title(fw, id))
        .unwrap_or_default()
        .to_string()
}

fn root() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every built-in pack, decoded.
fn packs() -> Vec<Pack> {
    builtin::PACKS
        .iter()
        .map(|(name, text)| {
            let source = Source::builtin(name, text);
            decode_pack(&source, &mut Diagnostics::default()).expect("built-in packs decode")
        })
        .collect()
}

fn controls(packs: &[Pack]) -> impl Iterator<Item = &Control> {
    packs.iter().flat_map(|p| p.controls.iter().map(|c| &**c))
}

/// (control, framework, identifier) of every mapping in the built-in packs.
fn mapped_pairs(packs: &[Pack]) -> BTreeSet<(String, String, String)> {
    let mut pairs = BTreeSet::new();
    for c in controls(packs) {
        for (framework, ids) in &c.mappings.value.0 {
            for id in ids {
                pairs.insert((
                    c.id.value.clone(),
                    framework.value.to_string(),
                    id.value.to_string(),
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

/// The example engagements.
const EXAMPLES: [&str; 5] = [
    "examples/freelancer-mvp.yaml",
    "examples/dedicated-growth.yaml",
    "examples/pod-scale.yaml",
    "examples/retainer-maintenance.yaml",
    "examples/hybrid-migration.yaml",
];

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
            let doers: Vec<&str> = std::iter::once(&*c.owner.value)
                .chain(raci.responsible.iter().map(|r| &*r.value))
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
        let vendor = ["vendor-lead", "engineer"].contains(&&*step.role.value);
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

#[test]
fn just_in_time_access_needs_no_per_session_approver_on_call() {
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
