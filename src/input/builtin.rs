//! Built-in packs and templates, embedded in the binary at compile time.
//!
//! They are addressed as `builtin:NAME` (packs) and by file name (templates). A test checks
//! that every file in `policies/` and `templates/` is listed here.

use crate::input::yaml::{self, Node};

/// Embeds files of a folder as (name, text) pairs.
macro_rules! embed {
    ($folder:literal, $suffix:literal: $($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../", $folder, "/", $name, $suffix)))),*]
    };
}

/// Built-in packs: name -> YAML text, in the order `charter list packs` shows them.
pub const PACKS: &[(&str, &str)] = embed!("policies", ".yaml":
    "core",
    "staffing",
    "ownership",
    "contracts",
    "access",
    "ci-security",
    "onboarding",
    "reliability",
    "continuity",
    "metrics",
    "collaboration",
    "handoff",
    "offboarding",
    "standard",
);

/// Built-in templates: file name -> Tera source.
pub const TEMPLATES: &[(&str, &str)] = embed!("templates", "":
    "index.md",
    "onboarding-checklist.md",
    "compliance-checklist.md",
    "raci.md",
    "runbooks.md",
    "slas-kpis.md",
    "handoff-plan.md",
    "offboarding-checklist.md",
    "pre-engagement-review.md",
    "home.md",
    "sidebar.md",
    "person.md",
);

include!(concat!(env!("OUT_DIR"), "/baked_packs.rs"));

/// The located tree of a built-in pack, parsed by the build script; `None` for a name that
/// is not a built-in pack and for a pack the build script could not parse (its text is then
/// parsed at run time, which reports the error).
pub fn pack_tree(name: &str) -> Option<Node> {
    let (_, bytes) = BAKED.iter().find(|(n, _)| *n == name)?;
    yaml::unbake(bytes)
}

/// The YAML text of a built-in pack.
pub fn pack(name: &str) -> Option<&'static str> {
    PACKS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}
