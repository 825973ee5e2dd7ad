//! Helpers shared by the integration tests.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Every example engagement, one per engagement model.
pub const EXAMPLES: [&str; 5] = [
    "examples/freelancer-mvp.yaml",
    "examples/dedicated-growth.yaml",
    "examples/pod-scale.yaml",
    "examples/retainer-maintenance.yaml",
    "examples/hybrid-migration.yaml",
];

/// The repository root; tests run `charter` from here so paths in messages are relative.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `charter` with `args` from the repository root, with a fixed "today".
pub fn charter(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(args)
        .current_dir(root())
        .env("CHARTER_TODAY", "2026-11-24")
        .env("NO_COLOR", "1")
        .output()
        .expect("charter runs")
}

/// Standard error as text.
pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

/// Every file below `dir`, as (relative path, contents), sorted; hidden files and folders
/// (such as the wiki's record, `.charter/`) are left out.
pub fn read_tree(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let relative = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (relative, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect();
    files.sort();
    files
}

/// Builds `engagement` into a fresh temporary folder and returns the folder.
pub fn build_to_temp(engagement: &str) -> tempfile::TempDir {
    let out = tempfile::tempdir().unwrap();
    let result = charter(&["build", engagement, "--out", out.path().to_str().unwrap()]);
    assert!(
        result.status.success(),
        "build of {engagement} failed:\n{}",
        stderr(&result)
    );
    out
}

/// Runs `charter` with `args` in `dir`, with a fixed "today".
pub fn charter_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(args)
        .current_dir(dir)
        .env("CHARTER_TODAY", "2026-11-24")
        .env("NO_COLOR", "1")
        .output()
        .expect("charter runs")
}

/// Standard output as text.
pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Copies every visible file below `from` to the same place below `to`.
pub fn copy_tree(from: &Path, to: &Path) {
    for (name, text) in read_tree(from) {
        write(&to.join(name), &text);
    }
}

/// Writes `text` to `path`, creating folders.
pub fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// The example engagement's text with its id and packs list replaced. Its people who fill
/// roles only the wider built-in packs declare are left out, so `builtin:core` suffices.
pub fn example_engagement(id: &str, packs: &str) -> String {
    let text = std::fs::read_to_string(root().join("examples/freelancer-mvp.yaml")).unwrap();
    let lines = text.lines().filter(|l| !l.contains("backup-engineer"));
    let lines = lines.map(|l| {
        if l.starts_with("packs:") {
            format!("packs: {packs}")
        } else {
            l.to_string()
        }
    });
    let text: String = lines.map(|l| l + "\n").collect();
    text.replace("id: acme-payments-mvp", &format!("id: {id}"))
}

/// An organisation pack on top of the built-in core pack, with `body` appended.
pub fn org_pack(body: &str) -> String {
    format!(
        "pack: org\nversion: 1.0.0\ntitle: Test organisation\ndescription: Changes made by the tests\nrequires: [builtin:core]\n{body}"
    )
}
