//! Built-in content is complete and sound: every file in `policies/` and `templates/` is
//! embedded, and every built-in pack decodes with catalogued framework identifiers.

use charter::diag::Diagnostics;
use charter::diag::source::Source;
use charter::pack::load::decode_pack;
use charter::{input::builtin, pack::catalog};

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

#[test]
fn every_builtin_pack_decodes_and_maps_only_catalogued_identifiers() {
    for (name, text) in builtin::PACKS {
        let source = Source::new(format!("builtin:{name}"), *text);
        let mut diags = Diagnostics::default();
        let pack = decode_pack(&source, &mut diags);
        let problems: Vec<String> = diags.items().iter().map(|d| d.one_line()).collect();
        assert!(problems.is_empty(), "{}", problems.join("\n"));
        let pack = pack.expect("decodes");
        for control in &pack.controls {
            for (framework, ids) in &control.mappings.value.0 {
                let framework = catalog::framework(&framework.value).expect("known framework");
                for id in ids {
                    assert!(
                        catalog::catalog(framework).contains(&id.value),
                        "{}",
                        id.value
                    );
                }
            }
        }
    }
}
