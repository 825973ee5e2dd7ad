//! Workspaces (`charter.yaml`), portfolio pages and flavours: every engagement of a
//! workspace is built, the home page shows progress, and every internal link of every
//! flavour resolves.

use std::collections::BTreeSet;
use std::path::Path;

use charter::markdown;

use crate::support::{charter_in, example_engagement, org_pack, read_tree, stderr, stdout, write};

/// A workspace with two engagements (one in a subfolder) and a local pack.
fn workspace(flavor: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join("charter.yaml"),
        &format!(
            "engagements: engagements\npacks: policies\ntemplates: templates\nout: wiki\nflavor: {flavor}\n"
        ),
    );
    write(
        &root.join("engagements/acme.yaml"),
        &example_engagement("acme-payments-mvp", "[builtin:core, local:org]"),
    );
    let beta = example_engagement("beta-data-pod", "[builtin:core]")
        .replace("model: freelancer", "model: pod")
        .replace("project: Payments API (Flask)", "project: Data platform");
    write(&root.join("engagements/clients/beta.yaml"), &beta);
    write(
        &root.join("engagements/.draft.yaml"),
        "not: an engagement\n",
    );
    write(&root.join("policies/org.yaml"), &org_pack(""));
    std::fs::create_dir_all(root.join("templates")).unwrap();
    dir
}

fn build(dir: &Path, args: &[&str]) -> String {
    let output = charter_in(dir, args);
    assert!(output.status.success(), "{}", stderr(&output));
    stderr(&output)
}

fn names(dir: &Path) -> Vec<String> {
    read_tree(dir).into_iter().map(|(name, _)| name).collect()
}

#[test]
fn a_workspace_builds_every_engagement_below_its_folder() {
    let ws = workspace("markdown");
    let output = charter_in(ws.path(), &["build"]);
    // Not a terminal: no progress bar; the summary on standard error, no data.
    assert_eq!(stdout(&output), "");
    let out = stderr(&output);
    assert!(out.starts_with("wiki: 28 created"), "{out}");
    let files = names(&ws.path().join("wiki"));
    assert!(
        files.contains(&"acme-payments-mvp/raci.md".to_string()),
        "{files:?}"
    );
    assert!(
        files.contains(&"beta-data-pod/raci.md".to_string()),
        "{files:?}"
    );
    assert!(files.contains(&"index.md".to_string()), "{files:?}");
}

#[test]
fn the_workspace_is_found_from_a_subfolder_or_named_with_workspace() {
    let ws = workspace("markdown");
    build(
        &ws.path().join("engagements/clients"),
        &["build", "--quiet"],
    );
    assert!(ws.path().join("wiki/index.md").is_file());
    let elsewhere = tempfile::tempdir().unwrap();
    let dir = ws.path().to_str().unwrap();
    let out = build(elsewhere.path(), &["build", "--workspace", dir, "--check"]);
    assert!(out.contains("the wiki is current"), "{out}");
}

#[test]
fn naming_one_engagement_of_a_workspace_leaves_the_home_page_and_the_others_alone() {
    let ws = workspace("markdown");
    build(ws.path(), &["build"]);
    let home = std::fs::read_to_string(ws.path().join("wiki/index.md")).unwrap();
    let file = ws.path().join("engagements/acme.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("ends: 2027-03-31", "ends: 2027-04-30")).unwrap();
    std::fs::remove_file(ws.path().join("engagements/clients/beta.yaml")).unwrap();
    let plan = build(ws.path(), &["build", "engagements/acme.yaml", "--plan"]);
    let home_planned = plan
        .lines()
        .any(|l| l.split_whitespace().nth(1) == Some("index.md"));
    assert!(!home_planned, "{plan}");
    assert!(!plan.contains("beta-data-pod"), "{plan}");
    build(ws.path(), &["build", "engagements/acme.yaml"]);
    assert_eq!(
        std::fs::read_to_string(ws.path().join("wiki/index.md")).unwrap(),
        home
    );
    assert!(ws.path().join("wiki/beta-data-pod/raci.md").exists());
}

#[test]
fn without_files_or_workspace_build_explains_what_it_needs() {
    let empty = tempfile::tempdir().unwrap();
    let output = charter_in(empty.path(), &["build"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("no `charter.yaml` in this folder or any parent"));
}

#[test]
fn an_unknown_workspace_field_is_a_located_error_with_a_suggestion() {
    let ws = workspace("markdown");
    let file = ws.path().join("charter.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("flavor:", "flavour:")).unwrap();
    let output = charter_in(ws.path(), &["--message-format", "short", "build"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(
        stderr(&output).lines().next().unwrap(),
        "charter.yaml:5:1: error: unknown field `flavour` in the workspace (help: did you mean `flavor`?)"
    );
    std::fs::write(
        &file,
        text.replace("templates: templates", "templates: nowhere"),
    )
    .unwrap();
    let output = charter_in(ws.path(), &["--message-format", "short", "build"]);
    assert!(
        stderr(&output).starts_with("charter.yaml:3:12: error: folder `nowhere` does not exist"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn the_home_page_lists_engagements_with_progress_from_ticks() {
    let ws = workspace("markdown");
    build(ws.path(), &["build"]);
    let page = ws
        .path()
        .join("wiki/acme-payments-mvp/onboarding-checklist.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, text.replacen("- [ ] `", "- [x] `", 2)).unwrap();
    // Ticks alone do not make the wiki stale for CI; the next build refreshes the progress.
    let check = build(ws.path(), &["build", "--check"]);
    assert!(
        check.contains("refresh: index.md (follows people's ticks and notes"),
        "{check}"
    );
    assert!(check.contains("the wiki is current"), "{check}");
    build(ws.path(), &["build"]);
    let home = std::fs::read_to_string(ws.path().join("wiki/index.md")).unwrap();
    assert!(
        home.contains("| [Payments API (Flask)](acme-payments-mvp/index.md) (`acme-payments-mvp`) | Acme Corp | freelancer | mvp | 2026-12-01 to 2027-03-31 | 2/26 |"),
        "{home}"
    );
    assert!(
        home.contains("| [Data platform](beta-data-pod/index.md)"),
        "{home}"
    );
    assert!(home.contains("2 engagements; 2 of "), "{home}");
}

#[test]
fn github_wiki_page_names_are_unique_and_it_has_home_and_sidebar() {
    let ws = workspace("github-wiki");
    build(ws.path(), &["build"]);
    let files = names(&ws.path().join("wiki"));
    for expected in [
        "Home.md",
        "_Sidebar.md",
        "acme-payments-mvp/acme-payments-mvp.md",
        "acme-payments-mvp/acme-payments-mvp-raci.md",
    ] {
        assert!(
            files.contains(&expected.to_string()),
            "{expected}: {files:?}"
        );
    }
    let stems: BTreeSet<String> = files.iter().map(|f| page_name(f).to_lowercase()).collect();
    assert_eq!(stems.len(), files.len(), "{files:?}");
}

#[test]
fn engagements_whose_github_page_names_clash_are_refused() {
    let ws = workspace("github-wiki");
    let clash = example_engagement("acme-payments-mvp-raci", "[builtin:core]");
    write(&ws.path().join("engagements/clash.yaml"), &clash);
    let output = charter_in(ws.path(), &["--message-format", "short", "build"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("page name `acme-payments-mvp-raci`"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn every_internal_link_resolves_in_every_flavour() {
    for flavor in ["markdown", "github-wiki", "gitlab-wiki"] {
        let ws = workspace(flavor);
        build(ws.path(), &["build"]);
        let tree = read_tree(&ws.path().join("wiki"));
        let files: BTreeSet<String> = tree.iter().map(|(name, _)| name.clone()).collect();
        let mut checked = 0;
        for (from, text) in &tree {
            for link in markdown::links(text) {
                assert!(
                    !link.contains("://"),
                    "{flavor} {from}: external link {link}"
                );
                let target = resolve(flavor, from, &link, &files);
                assert!(
                    target.is_some(),
                    "{flavor}: {from} links to {link}, which is missing"
                );
                checked += 1;
            }
        }
        assert!(checked >= 14, "{flavor}: only {checked} links");
    }
}

/// Where a link leads, following each wiki's own rules, if the page exists.
fn resolve(flavor: &str, from: &str, link: &str, files: &BTreeSet<String>) -> Option<String> {
    match flavor {
        "markdown" => {
            assert!(link.ends_with(".md"), "{from}: {link}");
            let mut parts: Vec<&str> = from.split('/').collect();
            parts.pop();
            for part in link.split('/') {
                match part {
                    ".." => {
                        parts.pop()?;
                    }
                    "." => {}
                    other => parts.push(other),
                }
            }
            Some(parts.join("/")).filter(|p| files.contains(p))
        }
        "github-wiki" => {
            assert!(
                !link.contains('/') && !link.ends_with(".md"),
                "{from}: {link}"
            );
            let matches: Vec<&String> = files.iter().filter(|f| page_name(f) == link).collect();
            (matches.len() == 1).then(|| matches[0].clone())
        }
        _ => {
            assert!(
                !link.ends_with(".md") && !link.starts_with('/'),
                "{from}: {link}"
            );
            Some(format!("{link}.md")).filter(|p| files.contains(p))
        }
    }
}

fn page_name(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap();
    name.strip_suffix(".md").unwrap_or(name)
}

#[test]
fn validate_without_paths_checks_the_workspace() {
    let ws = workspace("markdown");
    let output = charter_in(ws.path(), &["validate"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains(", 2 engagements, 2 template folders: 0 errors"),
        "{}",
        stderr(&output)
    );
}

/// Two files with one id: the second is an error at its id, whose help names the place
/// the first file writes it; nothing is written.
#[test]
fn an_id_used_by_two_files_names_both_places() {
    let ws = workspace("markdown");
    let copy = example_engagement("acme-payments-mvp", "[builtin:core]");
    let copy = format!("# the same id again\n\n{copy}");
    write(&ws.path().join("engagements/zz-copy.yaml"), &copy);
    let output = charter_in(ws.path(), &["--message-format", "short", "build"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    let line = (err.lines())
        .find(|l| l.contains("is used twice"))
        .unwrap_or_else(|| panic!("{err}"));
    assert!(
        line.starts_with(
            "engagements/zz-copy.yaml:4:5: error: engagement id `acme-payments-mvp` is used twice"
        ),
        "{line}"
    );
    assert!(
        line.contains("also used at engagements/acme.yaml:2:5;"),
        "{line}"
    );
    assert!(!ws.path().join("wiki").exists(), "{err}");
}

/// A build prints each chunk's diagnostics as the chunk is done: in the order of the
/// files, all of them, and an error in a late chunk still stops the build with nothing
/// written.
#[test]
fn a_large_portfolio_prints_its_problems_in_file_order_and_a_late_error_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join("charter.yaml"),
        "engagements: engagements\nout: wiki\n",
    );
    let count = 150;
    for i in 0..count {
        let mut text = example_engagement(&format!("e{i:03}"), "[builtin:core]");
        if i % 50 == 0 {
            // An unfilled role: a warning.
            text = text.replace("roles: [engineer, vendor-lead]", "roles: [engineer]");
        }
        if i == count - 1 {
            text = text.replace("model: freelancer", "model: freelance-ish");
        }
        write(&root.join(format!("engagements/e{i:03}.yaml")), &text);
    }
    let output = charter_in(root, &["--message-format", "short", "build", "--quiet"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(!root.join("wiki").exists(), "{err}");
    let warned: Vec<usize> = (0..count)
        .filter_map(|i| err.find(&format!("engagements/e{i:03}.yaml")))
        .collect();
    assert_eq!(warned.len(), 4, "{err}");
    assert!(warned.windows(2).all(|w| w[0] < w[1]), "{err}");
    assert!(err.contains("error: 1 problem found"), "{err}");
}

#[test]
fn people_reach_every_portfolio_template_that_names_them() {
    // The built-in home page of the markdown flavour lists no people; an override that
    // reaches them through a template of its own still gets each person's page.
    let ws = workspace("markdown");
    write(
        &ws.path().join("templates/home.md"),
        "# Team\n\n{% for e in engagements %}{% include \"row.md\" %}{% endfor %}",
    );
    write(
        &ws.path().join("templates/row.md"),
        "{% for p in e.people %}- [{{ p.name }}]({{ p.link }})\n{% endfor %}",
    );
    build(ws.path(), &["build"]);
    let home = std::fs::read_to_string(ws.path().join("wiki/index.md")).unwrap();
    assert!(
        home.contains("](acme-payments-mvp/people/") && home.contains("](beta-data-pod/people/"),
        "{home}"
    );
    // The GitHub sidebar lists them with the built-in templates.
    let ws = workspace("github-wiki");
    build(ws.path(), &["build"]);
    let sidebar = std::fs::read_to_string(ws.path().join("wiki/_Sidebar.md")).unwrap();
    // Each engagement's people are listed under it, as docs/wiki.md says.
    assert!(
        sidebar.contains(
            "- [acme-payments-mvp](acme-payments-mvp)\n  - [Priya Shah](acme-payments-mvp-people-priya-shah)\n"
        ),
        "{sidebar}"
    );
}

#[test]
fn the_built_in_portfolio_pages_are_the_bytes_their_templates_give() {
    // With the built-in templates the home page and the sidebar are written by code;
    // the same templates given with --templates are rendered by Tera. Every flavour, with
    // names that need escaping and with no engagements at all, gives the same pages.
    let odd = |text: String| {
        text.replace(
            "project: Payments API (Flask)",
            "project: \"Pipes | [links](x) *stars* `ticks` <b>é</b>\"",
        )
        .replace("name: Priya Shah", "name: \"Priya | Shah [*]\"")
    };
    for flavor in ["markdown", "github-wiki", "gitlab-wiki"] {
        for engagements in [true, false] {
            let [written, templated] = [false, true].map(|templates| {
                let ws = workspace(flavor);
                let acme = ws.path().join("engagements/acme.yaml");
                write(&acme, &odd(std::fs::read_to_string(&acme).unwrap()));
                if !engagements {
                    std::fs::remove_dir_all(ws.path().join("engagements")).unwrap();
                    std::fs::create_dir(ws.path().join("engagements")).unwrap();
                }
                if templates {
                    let builtin = [
                        ("home.md", include_str!("../../templates/home.md")),
                        ("sidebar.md", include_str!("../../templates/sidebar.md")),
                    ];
                    for (name, text) in builtin {
                        write(&ws.path().join("templates").join(name), text);
                    }
                }
                build(ws.path(), &["build"]);
                let pages = [
                    "index.md",
                    "Home.md",
                    "home.md",
                    "_Sidebar.md",
                    "_sidebar.md",
                ];
                let read = |name: &str| std::fs::read_to_string(ws.path().join("wiki").join(name));
                let found = pages
                    .iter()
                    .filter_map(|name| Some((*name, read(name).ok()?)));
                // The footer's digest of the inputs names the templates: it differs.
                let generated = |(name, text): (&'static str, String)| {
                    let end = text.find("<!-- charter:generated").unwrap_or(text.len());
                    (name, text[..end].to_string())
                };
                found.map(generated).collect::<Vec<_>>()
            });
            let expected = if flavor == "markdown" { 1 } else { 2 };
            assert_eq!(written.len(), expected, "{flavor}: {written:?}");
            assert_eq!(written, templated, "{flavor}");
            let shows = |needle: &str| written.iter().any(|(_, text)| text.contains(needle));
            assert_eq!(shows("No engagements yet."), !engagements, "{written:?}");
            assert_eq!(shows("Pipes \\|"), engagements, "{written:?}");
        }
    }
}

#[test]
fn an_engagement_reads_the_same_in_a_portfolio_as_built_alone() {
    // Engagements on the same packs: some fill every placeholder alike, others with a
    // value or a tool of their own. Texts shown once for the packs must never carry one
    // engagement's values into another's pages.
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join("charter.yaml"),
        "engagements: engagements\nout: wiki\n",
    );
    let pack = crate::support::root().join("examples/policies/acme.yaml");
    write(
        &root.join("policies/acme.yaml"),
        &std::fs::read_to_string(pack).unwrap(),
    );
    let example = crate::support::root().join("examples/freelancer-mvp.yaml");
    let base = std::fs::read_to_string(example)
        .unwrap()
        .replace("./policies/acme.yaml", "../policies/acme.yaml");
    let variants = [
        ("a-first", base.clone()),
        ("b-alike", base.clone()),
        (
            "c-weekly",
            base.replace("access-review-days: 14", "access-review-days: 7"),
        ),
        ("d-alike", base.clone()),
        ("e-linear", base.replace("tracker: Jira", "tracker: Linear")),
        (
            "f-no-vault",
            base.replace("  vault: 1Password Business\n", ""),
        ),
        (
            "g-weekly",
            base.replace("access-review-days: 14", "access-review-days: 7"),
        ),
    ];
    for (id, text) in &variants {
        let text = text.replace("id: acme-payments-mvp", &format!("id: {id}"));
        write(&root.join(format!("engagements/{id}.yaml")), &text);
    }
    build(root, &["build"]);
    for (id, _) in &variants {
        let alone = root.join(format!("alone/{id}"));
        let file = format!("engagements/{id}.yaml");
        build(root, &["build", &file, "--out", alone.to_str().unwrap()]);
        let in_portfolio = read_tree(&root.join("wiki").join(id));
        let built_alone = read_tree(&alone.join(id));
        assert!(in_portfolio.len() > 5, "{id}: {} pages", in_portfolio.len());
        assert_eq!(names_of(&in_portfolio), names_of(&built_alone), "{id}");
        for ((page, text), (_, alone)) in in_portfolio.iter().zip(&built_alone) {
            let differs = text.lines().zip(alone.lines()).find(|(a, b)| a != b);
            assert_eq!(
                differs, None,
                "{id}/{page}: the portfolio's line, then the alone one"
            );
            assert_eq!(text, alone, "{id}/{page}");
        }
    }
}

fn names_of(tree: &[(String, String)]) -> Vec<&str> {
    tree.iter().map(|(name, _)| name.as_str()).collect()
}
