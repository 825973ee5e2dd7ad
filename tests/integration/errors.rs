//! Bad input: each fixture under `tests/fixtures/errors/` pins its exact diagnostics
//! (message, file:line:column, hint), exit code 2, and that nothing is written.
//!
//! Set `CHARTER_BLESS=1` to rewrite the `expected.txt` files after a deliberate change.

use std::path::Path;

use crate::support::{charter, charter_in, example_engagement, root, stderr, write};

fn run_fixture(dir: &Path) -> (String, i32, bool) {
    let relative = dir
        .strip_prefix(root())
        .unwrap()
        .to_string_lossy()
        .replace('\\', "/");
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("wiki");
    let engagement = format!("{relative}/engagement.yaml");
    let mut args = vec![
        "--message-format",
        "short",
        "build",
        &engagement,
        "--out",
        target.to_str().unwrap(),
    ];
    let templates = format!("{relative}/templates");
    if dir.join("templates").is_dir() {
        args.extend(["--templates", &templates]);
    }
    let output = charter(&args);
    (
        stderr(&output),
        output.status.code().unwrap_or(-1),
        target.exists(),
    )
}

#[test]
fn every_bad_input_fixture_gives_its_pinned_diagnostics_and_writes_nothing() {
    let fixtures = root().join("tests/fixtures/errors");
    let mut dirs: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.sort();
    let mut failures = Vec::new();
    for dir in &dirs {
        let (text, code, wrote) = run_fixture(dir);
        let expected_path = dir.join("expected.txt");
        if std::env::var_os("CHARTER_BLESS").is_some() {
            std::fs::write(&expected_path, &text).unwrap();
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if text != expected || code != 2 || wrote {
            failures.push(format!(
                "{}: exit {code}, wrote {wrote}\n--- got\n{text}--- expected\n{expected}",
                dir.display()
            ));
        }
    }
    assert!(dirs.len() >= 15, "fixtures missing");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_model_typo_points_at_the_line_and_suggests_the_model() {
    let output = charter(&[
        "build",
        "tests/fixtures/errors/model-typo/engagement.yaml",
        "--out",
        "target/never-written",
    ]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text.contains("tests/fixtures/errors/model-typo/engagement.yaml:5:8"),
        "{text}"
    );
    assert!(text.contains("5 │ model: freelance"), "{text}");
    assert!(text.contains("did you mean `freelancer`?"), "{text}");
    assert!(!root().join("target/never-written").exists());
}

#[test]
fn a_failed_run_leaves_an_existing_output_folder_untouched() {
    let out = crate::support::build_to_temp("examples/freelancer-mvp.yaml");
    let before = crate::support::read_tree(out.path());
    let output = charter(&[
        "build",
        "examples/freelancer-mvp.yaml",
        "tests/fixtures/errors/model-typo/engagement.yaml",
        "--out",
        out.path().to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(crate::support::read_tree(out.path()), before);
}

#[test]
fn a_file_over_the_size_limit_is_refused_before_parsing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.yaml");
    let padding = format!("# {}\n", "x".repeat(1000)).repeat(1100);
    std::fs::write(&path, format!("id: huge\n{padding}")).unwrap();
    let out = dir.path().join("wiki");
    let output = charter(&[
        "--message-format",
        "short",
        "build",
        path.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    assert!(
        text.contains("bytes, more than the limit of 1048576 bytes"),
        "{text}"
    );
    assert!(!out.exists());
}

/// Engagements naming the same packs share one walk of them; a walk that finds a problem
/// is not shared: each file that names the packs is told, at its own reference.
#[test]
fn a_pack_problem_is_named_in_every_file_that_names_the_pack() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("charter.yaml"),
        "engagements: engagements\nout: wiki\n",
    );
    for id in ["first", "second", "third"] {
        let packs = match id {
            "second" => "[builtin:core]",
            _ => "[builtin:core@^9]",
        };
        let file = dir.path().join(format!("engagements/{id}.yaml"));
        write(&file, &example_engagement(id, packs));
    }
    let output = charter_in(dir.path(), &["--message-format", "short", "build"]);
    let text = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{text}");
    for file in ["engagements/first.yaml", "engagements/third.yaml"] {
        let error = format!("{file}:24:9: error: pack `core` is version");
        assert!(text.contains(&error), "{text}");
    }
    assert!(!text.contains("second.yaml"), "{text}");
    assert!(!dir.path().join("wiki").exists());
}
