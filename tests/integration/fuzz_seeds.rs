//! Every fuzzing seed and crash reproducer under `fuzz/` runs through the same code as the
//! fuzz targets, so a fixed crash stays fixed without installing the fuzzer.

use std::path::Path;

use charter::probe;

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
        let _ = probe::load_engagement(text);
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
        let _ = probe::load_pack(text);
    }
}
