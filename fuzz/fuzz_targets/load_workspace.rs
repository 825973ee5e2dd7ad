//! Any bytes as `charter.yaml` of a workspace that sits beside a folder it must not read
//! (and holds links into it): opening, finding, loading and rendering never panic, and no
//! diagnostic ever prints the outside file's content.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if text.contains("OUTSIDE") {
        return; // the marker itself would be quoted from charter.yaml
    }
    for message in charter::probe::load_workspace(text) {
        assert!(
            !message.contains(charter::probe::OUTSIDE_MARKER),
            "printed a file outside the workspace: {message}"
        );
    }
});
