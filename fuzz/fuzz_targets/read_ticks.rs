//! Any text as a wiki page: reading ticks, notes and status must return, never panic.
#![no_main]

use charter::status;
use charter::wiki::state;
use jiff::civil::Date;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let page = state::read(text);
    let _ = page.edited();
    let _ = status::read_page("e/onboarding-checklist.md", text, Date::constant(2026, 11, 24), 14);
});
