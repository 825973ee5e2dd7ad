//! Any bytes as an engagement file: parse and decode must return, never panic.
#![no_main]

use charter::input::decode::Cx;
use charter::diag::Diagnostics;
use charter::input::engagement::Engagement;
use charter::diag::source::Source;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let source = Source::new("fuzz.yaml", text);
    let mut diags = Diagnostics::default();
    if let Ok(root) = charter::input::yaml::parse(&source) {
        let _ = Engagement::decode(&root, &mut Cx { source: &source, diags: &mut diags });
    }
    for d in diags.items() {
        let _ = d.render(false);
    }
});
