//! Any text as a wiki page: reading ticks, notes and edits must return, never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let _ = charter::probe::read_ticks(text);
});
