//! Issue 12, hostile pull requests: what an attacker tried, each as a test that failed
//! before the fix. Bad-input cases with one pinned diagnostic live in
//! `tests/fixtures/errors/hostile-*`; these need a workspace, a pipe, a FIFO, git or time.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::support::{charter, charter_in, example_engagement, root, stderr, stdout, write};

/// Runs charter with standard output closed before it writes anything.
fn into_closed_pipe(dir: &Path, args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(args)
        .current_dir(dir)
        .env("CHARTER_TODAY", "2026-11-24")
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    (output.status.code(), stderr(&output))
}

#[test]
fn every_subcommand_into_a_closed_pipe_ends_quietly_without_a_panic() {
    let wiki = crate::support::build_to_temp("examples/pod-scale.yaml");
    let wiki = wiki.path().to_str().unwrap();
    let runs: &[&[&str]] = &[
        &[
            "build",
            "examples/pod-scale.yaml",
            "--plan",
            "--out",
            "target/closed-pipe",
        ],
        &[
            "build",
            "examples/pod-scale.yaml",
            "--check",
            "--out",
            "target/closed-pipe",
        ],
        &["validate", "examples"],
        &["explain", "examples/pod-scale.yaml"],
        &["explain", "examples/pod-scale.yaml", "CON-NDA"],
        &["review", "examples/pod-scale.yaml"],
        &["review", "examples/pod-scale.yaml", "--format", "json"],
        &["review", "examples/pod-scale.yaml", "--format", "sarif"],
        &["status", wiki],
        &["status", wiki, "--format", "json"],
        &["list", "packs"],
        &["list", "controls"],
        &["list", "documents"],
        &["list", "templates"],
        &["list", "pack-reference"],
        &["schema"],
        &["coverage", "examples/pod-scale.yaml"],
        &["completions", "bash"],
        &["--help"],
    ];
    for args in runs {
        let (code, text) = into_closed_pipe(&root(), args);
        assert_ne!(code, Some(101), "{args:?} panicked: {text}");
        assert!(!text.contains("panicked"), "{args:?}: {text}");
        assert!(!text.contains("Broken pipe"), "{args:?}: {text}");
    }
}

#[cfg(unix)]
#[test]
fn a_fifo_is_refused_at_once_as_a_pack_and_on_the_command_line() {
    let dir = tempfile::tempdir().unwrap();
    let made = Command::new("mkfifo")
        .arg(dir.path().join("p.yaml"))
        .status();
    if !made.is_ok_and(|s| s.success()) {
        return; // no mkfifo here
    }
    let engagement = example_engagement("fifo", "[builtin:core, ./p.yaml]");
    write(&dir.path().join("e.yaml"), &engagement);
    for args in [&["validate", "e.yaml"][..], &["validate", "p.yaml"][..]] {
        let output = charter_in(dir.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(
            stderr(&output).contains("is not a regular file"),
            "{}",
            stderr(&output)
        );
    }
}

#[cfg(unix)]
#[test]
fn a_device_named_on_the_command_line_is_refused_before_it_is_read() {
    for device in ["/dev/zero", "/dev/urandom"] {
        let output = charter(&["--message-format", "short", "validate", device]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{device}: {err}");
        assert!(err.contains("is not a regular file"), "{device}: {err}");
    }
}

#[test]
fn proc_environ_as_a_pack_never_prints_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let engagement = example_engagement("environ", "[builtin:core, /proc/self/environ]");
    write(&dir.path().join("e.yaml"), &engagement);
    for command in ["validate", "build", "review", "explain"] {
        let output = Command::new(env!("CARGO_BIN_EXE_charter"))
            .args([command, "e.yaml"])
            .current_dir(dir.path())
            .env("RUNNER_SECRET", "s3cr3t-runner-value")
            .output()
            .unwrap();
        let all = format!("{}{}", stderr(&output), stdout(&output));
        assert_eq!(output.status.code(), Some(2), "{command}: {all}");
        assert!(!all.contains("s3cr3t-runner-value"), "{command}: {all}");
        assert!(all.contains("is outside"), "{command}: {all}");
    }
}

/// A workspace beside a folder it must not read.
fn workspace(charter_yaml: &str) -> tempfile::TempDir {
    let top = tempfile::tempdir().unwrap();
    let outside = top.path().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    write(
        &outside.join("secret.yaml"),
        "pack: stolen\nid: stolen-content\n",
    );
    let ws = top.path().join("ws");
    for dir in ["engagements", "packs", "templates"] {
        std::fs::create_dir_all(ws.join(dir)).unwrap();
    }
    write(&ws.join("charter.yaml"), charter_yaml);
    top
}

#[cfg(unix)]
#[test]
fn workspace_folders_and_local_names_stay_inside_the_workspace() {
    let cases = [
        ("engagements: ../outside\n", "is outside"),
        ("packs: linked\n", "is outside"),
        ("templates: /etc\n", "is outside"),
        ("out: ../../elsewhere\n", "is outside"),
    ];
    for (text, expected) in cases {
        let top = workspace(text);
        let ws = top.path().join("ws");
        std::os::unix::fs::symlink(top.path().join("outside"), ws.join("linked")).unwrap();
        let output = charter_in(&ws, &["--message-format", "short", "validate"]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{text}: {err}");
        assert!(err.contains(expected), "{text}: {err}");
        assert!(
            err.contains("charter.yaml:1:"),
            "{text}: not located: {err}"
        );
        assert!(!err.contains("stolen-content"), "{text}: {err}");
    }
    let top = workspace("packs: packs\n");
    let ws = top.path().join("ws");
    let engagement = example_engagement("climb", "[builtin:core, \"local:../../outside/secret\"]");
    write(&ws.join("engagements/e.yaml"), &engagement);
    std::os::unix::fs::symlink(
        top.path().join("outside/secret.yaml"),
        ws.join("engagements/s.yaml"),
    )
    .unwrap();
    let output = charter_in(&ws, &["--message-format", "short", "build", "--plan"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("is not a pack name"), "{err}");
    assert!(
        !err.contains("stolen"),
        "a linked engagement was read: {err}"
    );
}

#[test]
fn due_days_out_of_range_is_located_in_every_command() {
    let fixture = "tests/fixtures/errors/hostile-due-days-huge/engagement.yaml";
    for command in ["build", "validate", "explain", "review"] {
        let output = charter(&["--message-format", "short", command, fixture]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{command}: {err}");
        assert!(
            err.contains("acme.yaml:13:15: error: `due-days: 8000000` is out of range"),
            "{command}: {err}"
        );
    }
}

#[test]
fn status_within_any_number_of_days_does_not_panic() {
    let wiki = crate::support::build_to_temp("examples/pod-scale.yaml");
    let wiki = wiki.path().to_str().unwrap();
    for within in ["7304485", "9223372036854775807", "-9223372036854775808"] {
        let output = charter(&["status", wiki, "--within", within]);
        assert_ne!(
            output.status.code(),
            Some(101),
            "{within}: {}",
            stderr(&output)
        );
        assert!(!stderr(&output).contains("panicked"), "{within}");
    }
}

#[test]
fn bare_urls_and_addresses_in_values_render_inert() {
    let dir = tempfile::tempdir().unwrap();
    let engagement = example_engagement("links", "[builtin:core]").replacen(
        "\nclient: ",
        "\nclient: see https://evil.example/login www.evil.example eve@evil.example ",
        1,
    );
    write(&dir.path().join("e.yaml"), &engagement);
    let output = charter_in(dir.path(), &["build", "e.yaml", "--out", "wiki"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let index = std::fs::read_to_string(dir.path().join("wiki/links/index.md")).unwrap();
    assert!(index.contains("`https://evil.example/login`"), "{index}");
    assert!(index.contains("`www.evil.example`"), "{index}");
    assert!(index.contains("`eve@evil.example`"), "{index}");
}

#[test]
fn a_secret_in_a_value_fails_the_build_unless_the_engagement_says_why() {
    let dir = tempfile::tempdir().unwrap();
    let token = "ghp_abcdefghijklmnopqrstuvwxyz0123456789AB";
    let engagement = example_engagement("leak", "[builtin:core]")
        .replace("project: ", &format!("project: {token} "));
    write(&dir.path().join("e.yaml"), &engagement);
    let output = charter_in(dir.path(), &["build", "e.yaml", "--out", "wiki"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        err.contains("ghp_…REDACTED") && !err.contains(token),
        "{err}"
    );
    assert!(!dir.path().join("wiki").exists());
    let waived =
        format!("{engagement}publish-secrets: a revoked sample token, kept for the training\n");
    write(&dir.path().join("e.yaml"), &waived);
    let output = charter_in(dir.path(), &["build", "e.yaml", "--out", "wiki"]);
    let err = stderr(&output);
    assert!(output.status.success(), "{err}");
    assert!(
        err.contains("published anyway") && !err.contains(token),
        "{err}"
    );
}

#[test]
fn commit_passes_paths_literally() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .args(args)
            .current_dir(root)
            .output()
            .unwrap();
        assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
        stdout(&out)
    };
    git(&["init", "--quiet", "--initial-branch=main"]);
    git(&["config", "user.name", "Test Person"]);
    git(&["config", "user.email", "test@example.com"]);
    git(&["config", "commit.gpgsign", "false"]);
    write(
        &root.join("acme.yaml"),
        &example_engagement("acme", "[builtin:core]"),
    );
    write(
        &root.join("my wiki v-old/acme/raci.md"),
        "unrelated notes\n",
    );
    git(&["add", "acme.yaml"]);
    git(&["commit", "--quiet", "-m", "Start"]);
    let output = charter_in(
        root,
        &["build", "acme.yaml", "--out", "my wiki [v1]*", "--commit"],
    );
    assert!(output.status.success(), "{}", stderr(&output));
    let files = git(&["show", "--name-only", "--format=", "HEAD"]);
    assert!(files.contains("my wiki [v1]*/acme/raci.md"), "{files}");
    assert!(
        !files.contains("v-old"),
        "an unrelated file was committed: {files}"
    );
}

#[test]
fn a_template_that_loops_without_writing_is_stopped_by_the_time_budget() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("e.yaml"),
        &example_engagement("slow", "[builtin:core]"),
    );
    let template = "{% set r = range(end=1000) %}{% for a in r %}{% for b in r %}{% for c in r %}{% endfor %}{% endfor %}{% endfor %}\n";
    write(&dir.path().join("templates/raci.md"), template);
    let started = std::time::Instant::now();
    let output = charter_in(
        dir.path(),
        &[
            "build",
            "e.yaml",
            "--out",
            "wiki",
            "--templates",
            "templates",
        ],
    );
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(
        err.contains("template `raci.md` took longer than 10 seconds"),
        "{err}"
    );
    assert!(started.elapsed().as_secs() < 60);
    assert!(!dir.path().join("wiki").exists());
}

#[test]
fn excerpts_redact_secrets_on_neighbouring_lines_and_escape_controls() {
    let fixture = "tests/fixtures/errors/hostile-secret-in-comment-beside-error/engagement.yaml";
    let output = charter(&["build", fixture, "--out", "target/never-written"]);
    let err = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{err}");
    assert!(err.contains("5 │ # deploy token: glpa…REDACTED"), "{err}");
    assert!(!err.contains("glpat-abcdefghij"), "{err}");
    let fixture = "tests/fixtures/errors/hostile-key-escape/engagement.yaml";
    let output = charter(&["build", fixture, "--out", "target/never-written"]);
    let err = stderr(&output);
    assert!(err.contains("x\\u{1b}]0;pwned\\u{7}"), "{err}");
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err}");
}

#[cfg(unix)]
#[test]
fn default_workspace_folders_that_are_links_out_are_refused() {
    for folder in ["engagements", "wiki"] {
        let top = workspace("flavor: markdown\n");
        let ws = top.path().join("ws");
        let _ = std::fs::remove_dir(ws.join(folder));
        std::os::unix::fs::symlink(top.path().join("outside"), ws.join(folder)).unwrap();
        let output = charter_in(&ws, &["--message-format", "short", "build"]);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{folder}: {err}");
        assert!(
            err.contains(&format!("`{folder}` is outside")),
            "{folder}: {err}"
        );
        assert!(!err.contains("stolen"), "{folder}: {err}");
    }
}
