//! Any bytes as a pack file: parse, decode and merge must return, never panic.
#![no_main]

use std::sync::Arc;

use charter::diag::Diagnostics;
use charter::pack::load::{PackSet, decode_pack};
use charter::diag::source::Source;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let source = Source::new("fuzz.yaml", text);
    let mut diags = Diagnostics::default();
    if let Some(pack) = decode_pack(&source, &mut diags) {
        let set = PackSet { packs: vec![Arc::new(pack)], requires: Default::default() };
        let _ = charter::policy::resolve::from_packs(&set, &mut diags);
    }
    for d in diags.items() {
        let _ = d.render(false);
    }
});
