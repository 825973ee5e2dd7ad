//! Every fuzzing seed and crash reproducer under `fuzz/` runs through the same code as the
//! fuzz targets, so a fixed crash stays fixed without installing the fuzzer.

use std::path::Path;
use std::sync::Arc;

use charter::diag::Diagnostics;
use charter::diag::source::Source;
use charter::input::decode::Cx;
use charter::input::engagement::Engagement;
use charter::pack::load::{PackSet, decode_pack};

use crate::support::root;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let mut all = Vec::new();
    for folder in ["corpus", "regressions"] {
        let dir = root().join("fuzz").join(folder).join(target);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries {
            let path = entry.unwrap().path();
            if path.is_file() && !name_of(&path).starts_with('.') {
                all.push((name_of(&path), std::fs::read(&path).unwrap()));
            }
        }
    }
    all.sort();
    all
}

fn name_of(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn engagement_seeds_and_reproducers_decode_without_panicking() {
    let seeds = inputs("load_engagement");
    assert!(seeds.len() >= 20);
    for (_, data) in seeds {
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        let source = Source::new("fuzz.yaml", text);
        let mut diags = Diagnostics::default();
        if let Ok(root) = charter::input::yaml::parse(&source) {
            let _ = Engagement::decode(
                &root,
                &mut Cx {
                    source: &source,
                    diags: &mut diags,
                },
            );
        }
        diags.items().iter().for_each(|d| drop(d.render(false)));
    }
}

#[test]
fn pack_seeds_and_reproducers_decode_and_merge_without_panicking() {
    let seeds = inputs("load_pack");
    assert!(seeds.len() >= 10);
    for (_, data) in seeds {
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        let source = Source::new("fuzz.yaml", text);
        let mut diags = Diagnostics::default();
        if let Some(pack) = decode_pack(&source, &mut diags) {
            let set = PackSet {
                packs: vec![Arc::new(pack)],
                requires: Default::default(),
            };
            let _ = charter::policy::resolve::from_packs(&set, &mut diags);
        }
        diags.items().iter().for_each(|d| drop(d.render(false)));
    }
}
