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

#[test]
fn hostile_value_seeds_render_without_panicking_or_unsafe_text() {
    let seeds = inputs("render_values");
    assert!(seeds.len() >= 4);
    for (name, data) in seeds {
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        let values: Vec<&str> = text.split('\u{1}').take(8).collect();
        let rendered = probe::render_values(&values);
        if name == "plain" {
            assert!(rendered.as_ref().is_ok_and(|p| p.len() > 5), "{rendered:?}");
        }
        if let Ok(pages) = rendered {
            for (path, page) in pages {
                assert!(!probe::has_unsafe_text(&page), "{name}: {path}");
            }
        }
    }
}

#[test]
fn workspace_seeds_load_without_panicking_or_reading_outside() {
    let seeds = inputs("load_workspace");
    assert!(seeds.len() >= 5);
    for (name, data) in seeds {
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        let messages = probe::load_workspace(text);
        if name == "plain" {
            let all = messages.join("\n");
            assert!(all.contains("is outside"), "{all}");
        }
        for message in messages {
            assert!(
                !message.contains(probe::OUTSIDE_MARKER),
                "{name}: {message}"
            );
        }
    }
}

#[test]
fn page_seeds_and_reproducers_are_read_without_panicking() {
    let seeds = inputs("read_ticks");
    assert!(seeds.len() >= 10);
    for (name, data) in seeds {
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        let read = probe::read_ticks(text);
        // The seeds are pages as charter wrote them, with each kind of footer it has
        // written (`digest=`, `lines=`, `lines2=`): none is an edit, and a line added
        // under the title of any is.
        if text.contains("<!-- charter:generated ") {
            assert!(!read.edited, "{name}");
            let edited = text.replacen('\n', "\nAn edited line.\n", 1);
            assert!(probe::read_ticks(&edited).edited, "{name}");
        }
    }
}

#[test]
fn merge_seeds_and_reproducers_merge_without_panicking() {
    let seeds = inputs("merge_ticks");
    assert!(seeds.len() >= 5);
    for (_, data) in seeds {
        let Ok(text) = std::str::from_utf8(&data) else {
            continue;
        };
        let (rendered, old) = text.split_once('\0').unwrap_or((text, ""));
        let merged = probe::merge_ticks(rendered, old);
        let _ = probe::read_ticks(&merged).edited;
    }
}
