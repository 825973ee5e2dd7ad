//! Any two texts as a fresh rendering and the page on disk (split at the first NUL byte):
//! carrying ticks and notes across must return, never panic.
#![no_main]

use charter::wiki::merge::{PageKind, merge};
use charter::wiki::state;
use jiff::civil::Date;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let (rendered, old) = text.split_once('\0').unwrap_or((text, ""));
    let old = state::read(old);
    let merged = merge(rendered, &old.state, PageKind::Document, Some(1), Some(Date::constant(2026, 11, 24)));
    let again = state::read(&merged.text);
    let _ = again.edited();
});
