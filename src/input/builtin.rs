//! Built-in packs and templates, embedded in the binary at compile time.
//!
//! They are addressed as `builtin:NAME` (packs) and by file name (templates). A test checks
//! that every file in `policies/` and `templates/` is listed here.

use crate::diag::source::{BUILTIN_PREFIX, Source};
use crate::input::yaml::{self, Tree};

/// Embeds files of a folder as (name, text) pairs.
macro_rules! embed {
    ($folder:literal, $suffix:literal: $($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../", $folder, "/", $name, $suffix)))),*]
    };
}

/// Built-in packs: name -> YAML text, in the order `charter list packs` shows them.
pub static PACKS: &[(&str, &str)] = embed!("policies", ".yaml":
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
pub static TEMPLATES: &[(&str, &str)] = embed!("templates", "":
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

/// What the build script made of a built-in pack's text.
struct Baked {
    name: &'static str,
    /// The located tree, encoded (`crate::input::yaml::unbake`): only for a pack whose
    /// strings are all clean text.
    tree: &'static [u8],
    /// `crate::fingerprint::of_text` of the text.
    digest: u64,
}

include!(concat!(env!("OUT_DIR"), "/baked_packs.rs"));

// `TEMPLATES_DIGEST`: what `Renderer::fingerprint` makes of the built-in templates alone.
include!(concat!(env!("OUT_DIR"), "/templates_digest.rs"));

/// The build script's work on `source`, and its text as the binary holds it, when it is
/// a built-in pack whose text is the one the build script read; `None` for any other
/// source (and for a pack the build script did not bake, whose text is then parsed at run
/// time, which reports the error).
fn baked(source: &Source) -> Option<(&'static Baked, &'static str)> {
    let name = source.name.strip_prefix(BUILTIN_PREFIX)?;
    // The binary's own bytes (the usual case) are the same text without comparing them.
    let same = |text: &&str| std::ptr::eq(*text, &*source.text) || *text == source.text;
    let text = pack(name).filter(same)?;
    Some((BAKED.iter().find(|baked| baked.name == name)?, text))
}

/// The located tree of a built-in pack's source, parsed by the build script.
pub fn baked_tree(source: &Source) -> Option<Tree> {
    let (baked, text) = baked(source)?;
    yaml::unbake(baked.tree, text)
}

/// The digest of a built-in pack's text (`crate::fingerprint::of_text`), made by the
/// build script.
pub fn baked_digest(source: &Source) -> Option<u64> {
    Some(baked(source)?.0.digest)
}

/// The YAML text of a built-in pack.
pub fn pack(name: &str) -> Option<&'static str> {
    PACKS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, text)| *text)
}
