//! The built-in document templates are written by code; the same templates given with
//! `--templates` are rendered by Tera. Both must give the same pages, byte for byte.

use crate::support::{
    EXAMPLES, charter_in, copy_tree, example_engagement, read_tree, root, stderr, write,
};

/// Every page of the wiki built from `engagement` in `flavor`, without the footers (the
/// digest of the inputs names the templates, so it differs), and the build's errors.
fn pages(engagement: &str, flavor: &str, templated: bool) -> Vec<(String, String)> {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    copy_tree(&root().join("examples/policies"), &ws.join("policies"));
    write(&ws.join("e.yaml"), engagement);
    let mut args = vec!["build", "e.yaml", "--out", "wiki", "--flavor", flavor];
    if templated {
        copy_tree(&root().join("templates"), &ws.join("t"));
        args.extend(["--templates", "t"]);
    }
    let out = charter_in(ws, &args);
    assert!(
        out.status.success(),
        "{flavor}:\n{}\n{engagement}",
        stderr(&out)
    );
    let body = |(name, text): (String, String)| {
        let end = text.find("<!-- charter:generated").unwrap_or(text.len());
        (name, text[..end].to_string())
    };
    read_tree(&ws.join("wiki")).into_iter().map(body).collect()
}

/// Asserts that every page written by code for `engagement` is written as a page's
/// normalization leaves it (no trailing white space, no run of blank lines): the wiki
/// lays it without copying it to normalize it (the pages are the same either way).
fn not_normalized_pages(engagement: &str) {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path();
    copy_tree(&root().join("examples/policies"), &ws.join("policies"));
    write(&ws.join("e.yaml"), engagement);
    let today = "2026-11-24".parse().unwrap();
    let pages = charter::probe::pages_not_normalized(&ws.join("e.yaml"), today).unwrap();
    assert!(pages.is_empty(), "{pages:?}:\n{engagement}");
}

/// The example with no parameters, waivers, tooling or contacts, no regulations,
/// repositories or environments, a person with no role, and no pack with service levels or
/// indicators: the branches where a page says "none" or leaves out a section.
fn bare(text: &str) -> String {
    let hybrid = text.contains("\nmodel: hybrid");
    let packs = match hybrid {
        true => format!("{LEAN_PACKS}, builtin:handoff"),
        false => LEAN_PACKS.to_string(),
    };
    let text = &text[..text.find("\nparameters:").unwrap()];
    let lines = text.lines().map(|line| {
        let key = line.split(':').next().unwrap_or_default();
        match key {
            "regulations" | "repositories" | "environments" => format!("{key}: []"),
            "packs" => line.replace("builtin:standard", &packs),
            "people" => "people:\n  - { name: Nora Quist, side: client, roles: [] }".into(),
            _ => match line.find(", email:") {
                Some(at) => format!("{} }}", &line[..at]),
                None => line.to_string(),
            },
        }
    });
    lines.collect::<Vec<_>>().join("\n") + "\n"
}

/// Every built-in pack but those with metrics and the hand-off (which a hybrid engagement
/// keeps).
const LEAN_PACKS: &str = "builtin:core, builtin:staffing, builtin:ownership, builtin:contracts, \
    builtin:access, builtin:ci-security, builtin:onboarding, builtin:reliability, \
    builtin:continuity, builtin:offboarding";

/// The example with names and a project that need escaping.
fn odd(text: &str) -> String {
    let project = text.lines().find(|l| l.starts_with("project:")).unwrap();
    let client = text.lines().find(|l| l.starts_with("client:")).unwrap();
    text.replace(
        project,
        "project: \"Pipes | [links](x) *stars* `ticks` <b>é</b> _u_\"",
    )
    .replace(client, "client: \"Client #1 | <i>co</i> \\\\ back\"")
}

#[test]
fn the_built_in_documents_are_the_bytes_their_templates_give() {
    let mut seen = std::collections::BTreeSet::new();
    for example in EXAMPLES {
        let text = std::fs::read_to_string(root().join(example)).unwrap();
        let variants = [
            (
                text.clone(),
                &["markdown", "github-wiki", "gitlab-wiki"][..],
            ),
            (bare(&text), &["markdown"][..]),
            (odd(&text), &["markdown"][..]),
        ];
        for (engagement, flavors) in variants {
            for flavor in flavors {
                not_normalized_pages(&engagement);
                let written = pages(&engagement, flavor, false);
                let templated = pages(&engagement, flavor, true);
                assert_eq!(written.len(), templated.len(), "{example} {flavor}");
                for (w, t) in written.iter().zip(&templated) {
                    assert_eq!(w, t, "{example} {flavor}:\n{engagement}");
                }
                for (_, page) in &written {
                    for line in page.lines().filter(|l| SECTIONS.contains(l)) {
                        seen.insert(line.to_string());
                    }
                }
            }
        }
    }
    // Core controls alone: no service levels or indicators.
    let core = example_engagement("core-only", "[builtin:core]");
    assert_eq!(
        pages(&core, "markdown", false),
        pages(&core, "markdown", true)
    );
    seen.extend(
        pages(&core, "markdown", false)
            .into_iter()
            .flat_map(|(_, page)| {
                page.lines()
                    .filter(|l| SECTIONS.contains(l))
                    .map(str::to_string)
                    .collect::<Vec<_>>()
            }),
    );
    // The variants reach every branch of the templates that prints a line of its own.
    let missing: Vec<&&str> = SECTIONS.iter().filter(|s| !seen.contains(**s)).collect();
    assert!(missing.is_empty(), "no page showed {missing:?}");
}

/// Lines that only one branch of a template prints.
const SECTIONS: [&str; 14] = [
    "No findings: every rule passed.",
    "## Steps",
    "## Where things happen",
    "## Who to reach",
    "## Service levels",
    "## Performance indicators",
    "## How each one is measured",
    "No roles.",
    "Nothing to do.",
    "No recurring duties.",
    "## Recurring duties",
    "| Severity | Rule | Finding | Where |",
    "| Item | Title | Every | Done | Overdue | Next due | Document |",
    "No applied pack defines a service level or indicator for this engagement; add `builtin:metrics` to its `packs` to get the built-in set.",
];
