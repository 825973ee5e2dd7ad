//! Built-in packs and templates, embedded in the binary at compile time.
//!
//! They are addressed as `builtin:NAME` (packs) and by file name (templates). A test checks
//! that every file in `policies/` and `templates/` is listed here.

/// Built-in packs: name -> YAML text.
pub const PACKS: &[(&str, &str)] = &[("core", include_str!("../policies/core.yaml"))];

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
    (
        "offboarding-checklist.md",
        include_str!("../templates/offboarding-checklist.md"),
    ),
    ("home.md", include_str!("../templates/home.md")),
    ("sidebar.md", include_str!("../templates/sidebar.md")),
];

/// The YAML text of a built-in pack.
pub fn pack(name: &str) -> Option<&'static str> {
    PACKS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}
