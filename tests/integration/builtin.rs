//! Built-in content is complete: every file in `policies/` and `templates/` is embedded.

use charter::builtin;

use crate::support::root;

fn names_in(folder: &str, extension: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root().join(folder))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(extension))
        .collect();
    names.sort();
    names
}

#[test]
fn every_pack_file_is_embedded() {
    let mut embedded: Vec<String> = builtin::PACKS
        .iter()
        .map(|(n, _)| format!("{n}.yaml"))
        .collect();
    embedded.sort();
    assert_eq!(embedded, names_in("policies", ".yaml"));
}

#[test]
fn every_template_file_is_embedded() {
    let mut embedded: Vec<String> = builtin::TEMPLATES
        .iter()
        .map(|(n, _)| n.to_string())
        .collect();
    embedded.sort();
    assert_eq!(embedded, names_in("templates", ".md"));
}
