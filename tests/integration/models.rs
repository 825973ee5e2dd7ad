//! Each engagement model gets the controls, SLAs, KPIs and runbooks that fit it, and not
//! those of the other models: one example engagement per model, built with
//! `builtin:standard`.

use crate::support::{build_to_temp, read_tree};

/// The documents of one example, by file name.
struct Docs(Vec<(String, String)>);

impl Docs {
    fn build(example: &str) -> Docs {
        let out = build_to_temp(example);
        let files = read_tree(out.path())
            .into_iter()
            .map(|(name, text)| (name.rsplit('/').next().unwrap().to_string(), text))
            .collect();
        Docs(files)
    }

    fn doc(&self, name: &str) -> &str {
        let found = self.0.iter().find(|(n, _)| n == name);
        &found.unwrap_or_else(|| panic!("no {name}")).1
    }

    /// Asserts that `doc` names each id in `present` and none in `absent`.
    fn has(&self, doc: &str, present: &[&str], absent: &[&str]) {
        let text = self.doc(doc);
        for id in present {
            assert!(text.contains(&format!("`{id}`")), "{doc} lacks {id}");
        }
        for id in absent {
            assert!(!text.contains(&format!("`{id}`")), "{doc} has {id}");
        }
    }
}

const FOR_ALL_MODELS: [&str; 1] = ["KPI-THROUGHPUT"];
/// Measured where the vendor side runs production (time to restore) or assigns a team
/// (turnover).
const FOR_TEAMS_IN_PRODUCTION: [&str; 2] = ["KPI-MTTR", "KPI-TURNOVER"];

#[test]
fn a_freelancer_is_held_to_milestones_with_a_backup_engineer() {
    let docs = Docs::build("examples/freelancer-mvp.yaml");
    docs.has(
        "slas-kpis.md",
        &[
            "SLA-MILESTONE",
            "SLA-DAILY-UPDATE",
            "KPI-MILESTONE-BURN",
            "KPI-PR-CADENCE",
            "KPI-DEFECT-ESCAPE",
        ],
        &[
            "KPI-VELOCITY",
            "SLA-SLO-COMPLIANCE",
            "SLA-RESPONSE-TIME",
            "SLA-CAPACITY",
            "KPI-ONCALL-RESOLUTION",
        ],
    );
    docs.has("slas-kpis.md", &FOR_ALL_MODELS, &FOR_TEAMS_IN_PRODUCTION);
    docs.has(
        "compliance-checklist.md",
        &[
            "CON-BACKUP-ENGINEER",
            "CON-MILESTONE-PAYMENT",
            "STF-MVP-SCOPE",
            "COL-ASYNC-UPDATES",
            "CNT-BACKUP-CURRENT",
        ],
        &[
            "REL-GAME-DAY",
            "REL-ONCALL",
            "CON-RETAINER-FLOOR",
            "CNT-ROTATION",
            "HND-DESIGN-REVIEW",
        ],
    );
    let runbooks = docs.doc("runbooks.md");
    assert!(runbooks.contains("## Backup engineer activation"));
    assert!(!runbooks.contains("## On-call shift and escalation"));
    assert!(runbooks.contains("**Omar Haddad** (platform-admin): Deploy to production"));
}

#[test]
fn a_dedicated_team_is_measured_on_velocity_lead_time_and_change_failure() {
    let docs = Docs::build("examples/dedicated-growth.yaml");
    docs.has(
        "slas-kpis.md",
        &[
            "SLA-CAPACITY",
            "KPI-VELOCITY",
            "KPI-LEAD-TIME",
            "KPI-CHANGE-FAILURE",
        ],
        &[
            "KPI-MILESTONE-BURN",
            "KPI-PR-CADENCE",
            "KPI-ERROR-BUDGET",
            "SLA-RESPONSE-TIME",
        ],
    );
    docs.has("slas-kpis.md", &FOR_ALL_MODELS, &[]);
    docs.has("slas-kpis.md", &["KPI-TURNOVER"], &["KPI-MTTR"]);
    assert!(
        docs.doc("slas-kpis.md")
            .contains("Median of at most 3 days")
    );
    docs.has(
        "compliance-checklist.md",
        &[
            "STF-GROWTH-CAPACITY",
            "CNT-ROTATION",
            "CNT-PAIRING",
            "CON-INCENTIVES",
            "REL-SECOND-LINE",
        ],
        &[
            "CON-BACKUP-ENGINEER",
            "ACC-PROD-JIT",
            "CON-RETAINER-FLOOR",
            "REL-SLO-POLICY",
            "REL-ONCALL",
        ],
    );
}

#[test]
fn a_pod_is_governed_by_slos_error_budgets_and_incident_trends() {
    let docs = Docs::build("examples/pod-scale.yaml");
    docs.has(
        "slas-kpis.md",
        &[
            "SLA-SLO-COMPLIANCE",
            "KPI-ERROR-BUDGET",
            "KPI-INCIDENT-TREND",
            "KPI-ONCALL-RESOLUTION",
        ],
        &[
            "KPI-VELOCITY",
            "KPI-PR-CADENCE",
            "SLA-MILESTONE",
            "KPI-RETAINER-USE",
        ],
    );
    docs.has("slas-kpis.md", &FOR_ALL_MODELS, &[]);
    docs.has("slas-kpis.md", &FOR_TEAMS_IN_PRODUCTION, &[]);
    assert!(docs.doc("slas-kpis.md").contains("99.95%"));
    docs.has(
        "compliance-checklist.md",
        &[
            "REL-SLO-POLICY",
            "REL-GAME-DAY",
            "ACC-PROD-JIT",
            "ACC-PCI-CDE",
            "CON-PCI-RESPONSIBILITY",
            "CON-SLA-SCHEDULE",
            "CI-DAST-AUTH",
        ],
        &[
            "CON-MILESTONE-PAYMENT",
            "COL-ASYNC-UPDATES",
            "CON-BACKUP-ENGINEER",
            "STF-MAINT-SLO",
        ],
    );
    let runbooks = docs.doc("runbooks.md");
    assert!(runbooks.contains("## On-call shift and escalation"));
    assert!(runbooks.contains("**Camila Rocha** (vendor-lead): Let the pipeline deploy"));
}

#[test]
fn a_retainer_is_held_to_patch_cadence_and_response_times() {
    let docs = Docs::build("examples/retainer-maintenance.yaml");
    docs.has(
        "slas-kpis.md",
        &["SLA-PATCH-CADENCE", "SLA-RESPONSE-TIME", "KPI-RETAINER-USE"],
        &[
            "KPI-VELOCITY",
            "KPI-ERROR-BUDGET",
            "SLA-MILESTONE",
            "SLA-CAPACITY",
            "KPI-PR-CADENCE",
        ],
    );
    docs.has("slas-kpis.md", &FOR_ALL_MODELS, &[]);
    docs.has("slas-kpis.md", &FOR_TEAMS_IN_PRODUCTION, &[]);
    let slas = docs.doc("slas-kpis.md");
    assert!(slas.contains("Sev-1 within 2 hours"), "{slas}");
    assert!(slas.contains("within 5 days"), "{slas}");
    docs.has(
        "compliance-checklist.md",
        &[
            "CON-RETAINER-FLOOR",
            "STF-MAINT-SLO",
            "COL-RETAINER-REPORT",
            "CON-SLA-SCHEDULE",
        ],
        &[
            "REL-GAME-DAY",
            "CNT-ROTATION",
            "CON-INCENTIVES",
            "STF-GROWTH-CAPACITY",
        ],
    );
}

#[test]
fn a_hybrid_engagement_gets_a_handoff_plan_and_both_sides_metrics() {
    let docs = Docs::build("examples/hybrid-migration.yaml");
    docs.has(
        "handoff-plan.md",
        &[
            "HND-SPIKE-SCOPE",
            "HND-DESIGN-REVIEW",
            "HND-ADR-SIGNOFF",
            "HND-RUNBOOK-TRANSFER",
            "HND-PAIRED-OVERLAP",
            "HND-ACCEPTANCE",
        ],
        &["CON-NDA", "REL-ONCALL"],
    );
    let plan = docs.doc("handoff-plan.md");
    assert!(plan.contains("- [ ] `HND-DESIGN-REVIEW`"), "{plan}");
    assert!(plan.contains("## Procedure: Hand-off from specialists to the delivery team"));
    assert!(plan.contains("| spike-specialist |"));
    docs.has(
        "slas-kpis.md",
        &["SLA-MILESTONE", "KPI-LEAD-TIME", "KPI-CHANGE-FAILURE"],
        &["KPI-ERROR-BUDGET", "SLA-RESPONSE-TIME", "KPI-PR-CADENCE"],
    );
    assert!(
        docs.doc("runbooks.md")
            .contains("## Hand-off from specialists to the delivery team")
    );
}

#[test]
fn every_model_gets_the_runbooks_the_engagement_needs() {
    for example in crate::support::EXAMPLES {
        let docs = Docs::build(example);
        let runbooks = docs.doc("runbooks.md");
        for title in [
            "Access provisioning",
            "Access revocation",
            "Incident escalation",
            "Release",
        ] {
            assert!(
                runbooks.contains(&format!("## {title}\n")),
                "{example}: {title}"
            );
        }
    }
}

#[test]
fn every_example_staffs_every_role_its_documents_name() {
    for example in crate::support::EXAMPLES {
        let docs = Docs::build(example);
        for (name, text) in &docs.0 {
            assert!(
                !text.contains("unassigned"),
                "{example}: {name} names an unfilled role"
            );
        }
    }
}
