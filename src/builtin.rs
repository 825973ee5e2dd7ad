//! Built-in packs and templates, embedded in the binary at compile time.
//!
//! They are addressed as `builtin:NAME` (packs) and by file name (templates). A test checks
//! that every file in `policies/` and `templates/` is listed here.

/// Built-in packs: name -> YAML text.
pub const PACKS: &[(&str, &str)] = &[
    ("core", include_str!("../policies/core.yaml")),
    ("staffing", include_str!("../policies/staffing.yaml")),
    ("ownership", include_str!("../policies/ownership.yaml")),
    ("contracts", include_str!("../policies/contracts.yaml")),
    ("access", include_str!("../policies/access.yaml")),
    ("ci-security", include_str!("../policies/ci-security.yaml")),
    ("onboarding", include_str!("../policies/onboarding.yaml")),
    ("reliability", include_str!("../policies/reliability.yaml")),
    ("continuity", include_str!("../policies/continuity.yaml")),
    ("metrics", include_str!("../policies/metrics.yaml")),
    (
        "collaboration",
        include_str!("../policies/collaboration.yaml"),
    ),
    ("handoff", include_str!("../policies/handoff.yaml")),
    ("offboarding", include_str!("../policies/offboarding.yaml")),
    ("standard", include_str!("../policies/standard.yaml")),
];

/// Built-in templates: file name -> Tera source.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("index.md", include_str!("../templates/index.md")),
    (
        "onboarding-checklist.md",
        include_str!("../templates/onboarding-checklist.md"),
    ),
    (
        "compliance-checklist.md",
        include_str!("../templates/compliance-checklist.md"),
    ),
    ("raci.md", include_str!("../templates/raci.md")),
    ("runbooks.md", include_str!("../templates/runbooks.md")),
    ("slas-kpis.md", include_str!("../templates/slas-kpis.md")),
    (
        "handoff-plan.md",
        include_str!("../templates/handoff-plan.md"),
    ),
    (
        "offboarding-checklist.md",
        include_str!("../templates/offboarding-checklist.md"),
    ),
];

/// The YAML text of a built-in pack.
pub fn pack(name: &str) -> Option<&'static str> {
    PACKS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}
