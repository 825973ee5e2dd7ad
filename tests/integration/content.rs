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

#[test]
fn due_dates_fall_on_working_days_of_the_engagement_calendar() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(root().join("examples/dedicated-growth.yaml")).unwrap();
    let dates = |docs: &[(String, String)]| -> Vec<jiff::civil::Date> {
        doc(docs, "onboarding-checklist.md")
            .match_indices(", due ")
            .filter_map(|(i, _)| {
                doc(docs, "onboarding-checklist.md")[i + 6..i + 16]
                    .parse()
                    .ok()
            })
            .collect()
    };
    // Starts Monday 2027-02-01: items due on the weekend before move to Friday 29 January.
    let usual = docs_of(dir.path(), "usual", &text);
    let usual_dates = dates(&usual);
    assert!(!usual_dates.is_empty());
    for date in &usual_dates {
        let day = date.weekday().to_monday_one_offset();
        assert!(day <= 5, "{date} is a weekend day");
    }
    assert!(usual_dates.contains(&jiff::civil::Date::constant(2027, 1, 29)));
    // A holiday on that Friday moves them to Thursday; a Friday-Saturday weekend keeps
    // Sunday 31 January as a working day.
    let holiday = text.replace("packs:", "calendar: { holidays: [2027-01-29] }\npacks:");
    let holiday_dates = dates(&docs_of(dir.path(), "holiday", &holiday));
    assert!(!holiday_dates.contains(&jiff::civil::Date::constant(2027, 1, 29)));
    assert!(holiday_dates.contains(&jiff::civil::Date::constant(2027, 1, 28)));
    let gulf = text.replace(
        "packs:",
        "calendar: { weekend: [friday, saturday] }\npacks:",
    );
    let gulf_dates = dates(&docs_of(dir.path(), "gulf", &gulf));
    assert!(gulf_dates.contains(&jiff::civil::Date::constant(2027, 1, 31)));
    for date in &gulf_dates {
        let day = date.weekday().to_monday_one_offset();
        assert!(day != 5 && day != 6, "{date} is a weekend day");
    }
}

#[test]
fn every_severity_level_a_pack_names_is_on_the_scale_with_a_response_time() {
    let mut all = String::new();
    for entry in std::fs::read_dir(root().join("policies")).unwrap() {
        all.push_str(&std::fs::read_to_string(entry.unwrap().path()).unwrap());
    }
    let start = all
        .find("- id: RB-SEVERITY")
        .expect("the scale is runbook RB-SEVERITY");
    let scale = &all[start..];
    let scale = &scale[..scale[2..].find("\n  - id: ").map_or(scale.len(), |i| i + 2)];
    let level = |at: &str| {
        at.chars()
            .take_while(char::is_ascii_digit)
            .collect::<String>()
    };
    let on_scale: Vec<String> = scale
        .match_indices("Sev-")
        .map(|(i, _)| level(&scale[i + 4..]))
        .filter(|n| !n.is_empty())
        .collect();
    assert_eq!(on_scale, ["1", "2", "3", "4"]);
    let lower = all.to_lowercase();
    for (i, _) in lower.match_indices("sev-") {
        let n = level(&lower[i + 4..]);
        assert!(
            on_scale.contains(&n),
            "sev-{n} is named but not on the scale"
        );
        assert!(
            all.contains(&format!("\n  sev-{n}-response:")),
            "sev-{n} has no declared response-time parameter"
        );
    }
}

/// The control rows of a RACI page: (control id, role -> letters).
fn raci_control_rows(page: &str) -> Vec<(String, Vec<(String, String)>)> {
    let controls = &page[page.find("\n## Controls\n").expect("a Controls section")..];
    let controls = &controls[..controls.find("\n## Who fills").unwrap()];
    let mut roles: Vec<String> = Vec::new();
    let mut rows = Vec::new();
    for line in controls.lines() {
        let cells: Vec<&str> = line.trim_matches('|').split(" |").map(str::trim).collect();
        if line.starts_with("| Control |") {
            roles = cells[1..].iter().map(|c| c.to_string()).collect();
        } else if line.starts_with("| `") {
            let id = cells[0][1..].split('`').next().unwrap().to_string();
            let letters = roles
                .iter()
                .cloned()
                .zip(cells[1..].iter().map(|c| c.to_string()));
            rows.push((id, letters.collect()));
        }
    }
    rows
}

#[test]
fn the_raci_page_lists_every_checklist_control_with_its_own_raci() {
    for path in EXAMPLES {
        let docs = example(path);
        let rows = raci_control_rows(doc(&docs, "raci.md"));
        let mut on_raci: Vec<&str> = rows.iter().map(|(id, _)| id.as_str()).collect();
        on_raci.sort_unstable();
        let mut in_checklists: Vec<String> = docs
            .iter()
            .filter(|(n, _)| n.ends_with("-checklist.md") || n == "handoff-plan.md")
            .flat_map(|(_, text)| text.lines())
            .filter_map(|l| {
                l.strip_prefix("- [ ] `")
                    .or_else(|| l.strip_prefix("- [x] `"))
                    .or_else(|| l.strip_prefix("| `"))
            })
            // One RACI row per control, whatever boxes it has (per person, per occurrence).
            .map(|l| l.split(['`', '@', '#']).next().unwrap().to_string())
            .collect();
        in_checklists.sort_unstable();
        in_checklists.dedup();
        assert_eq!(on_raci, in_checklists, "{path}");
        for (id, letters) in &rows {
            let accountable = letters.iter().filter(|(_, l)| l.contains('A')).count();
            assert_eq!(accountable, 1, "{path}: {id} {letters:?}");
            assert!(letters.iter().any(|(_, l)| l.contains('R')), "{path}: {id}");
        }
        let nda = &rows.iter().find(|(id, _)| id == "CON-NDA").unwrap().1;
        let letter = |role: &str| nda.iter().find(|(r, _)| r == role).unwrap().1.as_str();
        assert_eq!(letter("client-legal"), "R", "{path}");
        assert_eq!(letter("engineering-manager"), "A", "{path}");
    }
}

#[test]
fn special_categories_of_personal_data_bring_the_full_impact_assessment() {
    let dir = tempfile::tempdir().unwrap();
    let with = |categories: &str| {
        engagement("", "internal").replace(
            "data-classification: internal",
            &format!("data-classification: internal\ndata-categories: [{categories}]"),
        )
    };
    for (name, categories, full) in [
        ("health", "contact, health", true),
        ("children", "children", true),
        ("contact", "contact, financial", false),
        ("none", "", false),
    ] {
        let docs = docs_of(dir.path(), name, &with(categories));
        let compliance = doc(&docs, "compliance-checklist.md");
        assert_eq!(compliance.contains("`CON-DPIA-FULL`"), full, "{categories}");
    }
}
