//! Any bytes as an engagement file: parse and decode must return, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = charter::probe::load_engagement(text);
});
