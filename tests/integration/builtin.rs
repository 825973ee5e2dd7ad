//! Built-in content is complete and sound: every file in `policies/` and `templates/` is
//! embedded, and every built-in pack decodes, without a warning, with catalogued framework
//! identifiers (the decoder checks each mapping against the catalogs).

use crate::support::{charter_in, root, stderr};

fn names_in(folder: &str, extension: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join(folder))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(extension))
        .collect();
    names.sort();
    names
}

/// The first column of `charter list WHAT`'s rows whose source column is built in, run
/// outside any workspace.
fn listed(what: &str, builtin: &str) -> Vec<String> {
    let empty = tempfile::tempdir().unwrap();
    let output = charter_in(empty.path(), &["list", what]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout).unwrap();
    let rows = text.lines().skip(1).filter(|l| l.contains(builtin));
    let mut names: Vec<String> = rows
        .map(|l| l.split('\t').next().unwrap().to_string())
        .collect();
    names.sort();
    names
}

#[test]
fn every_pack_file_is_embedded() {
    let embedded: Vec<String> = listed("packs", "builtin:")
        .iter()
        .map(|n| format!("{n}.yaml"))
        .collect();
    assert_eq!(embedded, names_in("policies", ".yaml"));
}

#[test]
fn every_template_file_is_embedded() {
    assert_eq!(
        listed("templates", "built-in"),
        names_in("templates", ".md")
    );
}

#[test]
fn every_builtin_pack_decodes_and_maps_only_catalogued_identifiers() {
    let empty = tempfile::tempdir().unwrap();
    let output = charter_in(empty.path(), &["validate", "--deny-warnings"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("0 errors, 0 warnings"),
        "{}",
        stderr(&output)
    );
}
