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

/// Every file below `dir`, as (relative path, contents), sorted.
pub fn read_tree(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
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
