//! Hostile values (split at U+0001) in every field of an engagement that reaches a page,
//! rendered with every built-in template: never a panic, and no page ever holds a control,
//! bidirectional or zero-width character.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let values: Vec<&str> = text.split('\u{1}').take(8).collect();
    if let Ok(pages) = charter::probe::render_values(&values) {
        for (path, page) in pages {
            assert!(!charter::probe::has_unsafe_text(&page), "{path} holds unsafe text");
        }
    }
});
