//! Any two texts as a fresh rendering and the page on disk (split at the first NUL byte):
//! carrying ticks and notes across must return, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (rendered, old) = text.split_once('\0').unwrap_or((text, ""));
    let merged = charter::probe::merge_ticks(rendered, old);
    let _ = charter::probe::read_ticks(&merged).edited;
});
