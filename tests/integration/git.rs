//! `--commit`: exactly the files a build wrote are committed, with a message naming the
//! engagements; unrelated staged changes make it refuse before writing anything.

use std::path::Path;
use std::process::Command;

use crate::support::{charter_in, example_engagement, stderr, stdout, write};

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("git runs");
    assert!(output.status.success(), "git {args:?}: {}", stderr(&output));
    stdout(&output)
}

/// A git repository holding an engagement file; the wiki goes to `wiki/`.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "--quiet", "--initial-branch=main"]);
    git(root, &["config", "user.name", "Test Person"]);
    git(root, &["config", "user.email", "test@example.com"]);
    git(root, &["config", "commit.gpgsign", "false"]);
    write(
        &root.join("acme.yaml"),
        &example_engagement("acme-payments-mvp", "[builtin:core]"),
    );
    write(&root.join("README.md"), "# Wiki\n");
    git(root, &["add", "README.md"]);
    git(root, &["commit", "--quiet", "-m", "Start"]);
    dir
}

fn build(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build", "acme.yaml", "--out", "wiki", "--commit"];
    args.extend(extra);
    charter_in(dir, &args)
}

#[test]
fn commit_stages_exactly_the_files_written_and_names_the_engagements() {
    let repo = repo();
    let output = build(repo.path(), &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stderr(&output).contains("committed: Update the wiki for acme-payments-mvp"));
    let files = git(repo.path(), &["show", "--name-only", "--format=", "HEAD"]);
    let mut expected: Vec<String> = [
        "compliance-checklist",
        "index",
        "offboarding-checklist",
        "onboarding-checklist",
        "people/eva-lind",
        "people/lars-berg",
        "people/omar-haddad",
        "people/priya-shah",
        "people/sofia-nyberg",
        "pre-engagement-review",
        "raci",
        "runbooks",
        "slas-kpis",
    ]
    .iter()
    .map(|d| format!("wiki/acme-payments-mvp/{d}.md"))
    .collect();
    expected.push("wiki/index.md".into());
    expected.insert(0, "wiki/.charter/engagements.json".into());
    assert_eq!(files.lines().collect::<Vec<_>>(), expected);
    let message = git(repo.path(), &["log", "-1", "--format=%B"]);
    assert!(
        message.contains("Engagements changed:\n- acme-payments-mvp\n"),
        "{message}"
    );
    // The engagement file itself was not staged or committed.
    assert!(git(repo.path(), &["status", "--porcelain"]).contains("?? acme.yaml"));

    let again = build(repo.path(), &[]);
    assert!(
        stderr(&again).contains("nothing to commit"),
        "{}",
        stderr(&again)
    );
}

#[test]
fn commit_refuses_unrelated_staged_changes_and_writes_nothing() {
    let repo = repo();
    write(&repo.path().join("README.md"), "# Wiki, edited\n");
    git(repo.path(), &["add", "README.md"]);
    let output = build(repo.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("the index already holds changes to README.md"),
        "{}",
        stderr(&output)
    );
    assert!(!repo.path().join("wiki").exists());
}

#[test]
fn commit_outside_a_git_work_tree_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("acme.yaml"),
        &example_engagement("acme-payments-mvp", "[builtin:core]"),
    );
    std::fs::create_dir(dir.path().join("wiki")).unwrap();
    let output = build(dir.path(), &[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("--commit needs the output folder"),
        "{}",
        stderr(&output)
    );
}
