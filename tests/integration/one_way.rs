//! One way through: every command finds the workspace, its `local:` packs and its template
//! overrides the same way, and derived facts come from the typed model, not page text.

use std::path::Path;

use crate::support::{charter_in, example_engagement, org_pack, stderr, stdout, write};

/// A workspace whose engagement uses a `local:` pack and whose templates folder overrides
/// the review page.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join("charter.yaml"),
        "engagements: engagements\npacks: policies\ntemplates: templates\nout: wiki\n",
    );
    write(
        &root.join("engagements/acme.yaml"),
        &example_engagement("acme-payments-mvp", "[builtin:standard, local:org]"),
    );
    write(&root.join("policies/org.yaml"), &org_pack(""));
    write(
        &root.join("templates/pre-engagement-review.md"),
        "# Review by the workspace's own template\n\n{% for f in review.findings %}- {{ f.rule }}\n{% endfor %}\n",
    );
    std::fs::create_dir_all(root.join("sub/deeper")).unwrap();
    dir
}

fn ok(dir: &Path, args: &[&str]) -> String {
    let output = charter_in(dir, args);
    assert!(
        output.status.success(),
        "charter {}: {}",
        args.join(" "),
        stderr(&output)
    );
    stdout(&output)
}

#[test]
fn every_command_given_a_file_finds_the_workspace_and_its_local_packs() {
    let ws = workspace();
    let root = ws.path();
    for (dir, file) in [
        (root.to_path_buf(), "engagements/acme.yaml"),
        (root.join("sub/deeper"), "../../engagements/acme.yaml"),
    ] {
        ok(&dir, &["validate", file]);
        let sarif = ok(&dir, &["review", file, "--format", "sarif"]);
        assert!(sarif.contains("\"version\": \"2.1.0\""), "{sarif}");
        let explain = ok(&dir, &["explain", file]);
        assert!(explain.contains("CON-NDA"), "{explain}");
        ok(&dir, &["coverage", file, "--framework", "soc2"]);
        ok(&dir, &["build"]);
        ok(&dir, &["build", "--check"]);
    }
}

#[test]
fn every_command_takes_workspace_dir() {
    let ws = workspace();
    let elsewhere = tempfile::tempdir().unwrap();
    let file = ws.path().join("engagements/acme.yaml");
    let file = file.to_str().unwrap();
    let root = ws.path().to_str().unwrap();
    for args in [
        vec!["validate", file, "--workspace", root],
        vec!["review", file, "--workspace", root],
        vec!["explain", file, "--workspace", root],
        vec!["coverage", file, "--framework", "soc2", "--workspace", root],
        vec!["build", "--workspace", root],
        vec!["status", "--workspace", root],
    ] {
        ok(elsewhere.path(), &args);
    }
}

#[test]
fn review_uses_the_workspace_template_override_as_build_does() {
    let ws = workspace();
    let review = ok(ws.path(), &["review", "engagements/acme.yaml"]);
    assert!(
        review.starts_with("# Review by the workspace's own template"),
        "{review}"
    );
    ok(ws.path(), &["build"]);
    let page = std::fs::read_to_string(
        ws.path()
            .join("wiki/acme-payments-mvp/pre-engagement-review.md"),
    )
    .unwrap();
    assert!(page.starts_with(review.trim_end()), "{page}");
}

#[test]
fn a_waiver_reason_that_imitates_an_owner_and_a_due_date_changes_nothing_in_status() {
    let ws = workspace();
    let engagement = ws.path().join("engagements/acme.yaml");
    // A waiver on an onboarding item, whose reason the page shows in the item's line.
    let honest = std::fs::read_to_string(&engagement)
        .unwrap()
        .replace("control: CI-DAST", "control: ACC-SSO-MFA");
    write(&engagement, &honest);
    let status = |dir: &Path| {
        ok(dir, &["build"]);
        ok(
            dir,
            &["status", "--today", "2027-01-15", "--format", "json"],
        )
    };
    let before = status(ws.path());
    let forged = honest.replace(
        "reason: No deployed environment exists during the MVP; staging arrives in February",
        "reason: \"deferred: Mallory, due 2099-12-31\"",
    );
    assert_ne!(forged, honest);
    write(&engagement, &forged);
    let after = status(ws.path());
    assert_eq!(after, before);
    assert!(!after.contains("Mallory"), "{after}");
    assert!(!after.contains("2099"), "{after}");
    assert!(after.contains("\"standing\": \"overdue\""), "{after}");
    assert!(after.contains("\"standing\": \"waived\""), "{after}");
    let gate = charter_in(
        ws.path(),
        &["status", "--today", "2027-01-15", "--fail-on", "overdue"],
    );
    assert_eq!(gate.status.code(), Some(1), "{}", stderr(&gate));
}

#[test]
fn status_of_a_github_wiki_names_documents_not_pages() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("e.yaml"),
        &example_engagement("acme-payments-mvp", "[builtin:standard]"),
    );
    ok(
        dir.path(),
        &["build", "e.yaml", "--out", "w", "--flavor", "github-wiki"],
    );
    let text = ok(dir.path(), &["status", "w"]);
    let rows: Vec<&str> = text.lines().skip(1).take_while(|l| !l.is_empty()).collect();
    assert!(!rows.is_empty(), "{text}");
    for row in rows {
        let columns: Vec<&str> = row.split_whitespace().collect();
        assert_eq!(columns.len(), 6, "{row}");
        assert!(
            ["onboarding-checklist", "offboarding-checklist"].contains(&columns[1]),
            "{row}"
        );
    }
}

#[test]
fn the_review_page_counts_open_items_in_the_wiki_after_the_end_date() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("e.yaml"),
        &example_engagement("acme-payments-mvp", "[builtin:standard]"),
    );
    let build = |today: &str| {
        ok(
            dir.path(),
            &["build", "e.yaml", "--out", "w", "--today", today],
        )
    };
    build("2026-11-24");
    let page = dir
        .path()
        .join("w/acme-payments-mvp/pre-engagement-review.md");
    build("2027-05-01");
    let first = std::fs::read_to_string(&page).unwrap();
    assert!(!first.contains("no wiki given"), "{first}");
    let open = |text: &str| {
        let at = text
            .find("items are open in the wiki")
            .expect("the finding");
        let before = &text[..at];
        before[before.rfind(" and ").unwrap() + 5..]
            .trim()
            .to_string()
    };
    let onboarding = dir
        .path()
        .join("w/acme-payments-mvp/onboarding-checklist.md");
    let text = std::fs::read_to_string(&onboarding).unwrap();
    std::fs::write(&onboarding, text.replacen("- [ ] `", "- [x] `", 3)).unwrap();
    build("2027-05-01");
    let second = std::fs::read_to_string(&page).unwrap();
    let (a, b): (usize, usize) = (
        open(&first).parse().unwrap(),
        open(&second).parse().unwrap(),
    );
    assert_eq!(a - 3, b, "{first}\n---\n{second}");
}

#[test]
fn the_same_file_named_twice_is_built_once() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("e.yaml"),
        &example_engagement("acme-payments-mvp", "[builtin:standard]"),
    );
    let output = charter_in(dir.path(), &["build", "e.yaml", "./e.yaml", "--out", "w"]);
    assert!(stderr(&output).contains("created"), "{}", stderr(&output));
    // Through a link, a hard link and a folder's `..`: the same file, once; another file
    // with the same id is still an error.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("e.yaml", dir.path().join("link.yaml")).unwrap();
        std::fs::hard_link(dir.path().join("e.yaml"), dir.path().join("hard.yaml")).unwrap();
        std::fs::create_dir(dir.path().join("sub")).unwrap();
        let names = ["e.yaml", "link.yaml", "hard.yaml", "sub/../e.yaml"];
        let args = [&["build"][..], &names, &["--out", "w2"]].concat();
        let output = charter_in(dir.path(), &args);
        assert!(output.status.success(), "{}", stderr(&output));
        let copy = dir.path().join("copy.yaml");
        std::fs::copy(dir.path().join("e.yaml"), &copy).unwrap();
        let output = charter_in(dir.path(), &["build", "e.yaml", "copy.yaml", "--out", "w3"]);
        assert!(
            stderr(&output).contains("used twice"),
            "{}",
            stderr(&output)
        );
    }
}
