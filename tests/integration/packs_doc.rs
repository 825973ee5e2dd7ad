//! `docs/builtin-packs.md` is generated from the embedded packs (`charter list
//! pack-reference`), so it cannot drift: this test compares the output with the committed
//! file. After changing a pack, run `CHARTER_BLESS=1 cargo test` to rewrite it (and the
//! decoded packs, `src/pack/baked/packs.bin`).

use crate::support::{charter, root, stderr};

const PATH: &str = "docs/builtin-packs.md";

#[test]
fn the_builtin_packs_page_is_generated_from_the_embedded_packs() {
    let output = charter(&["list", "pack-reference"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout).unwrap();
    let path = root().join(PATH);
    if std::env::var_os("CHARTER_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == text,
        "{PATH} is out of date; run `CHARTER_BLESS=1 cargo test packs_doc` and commit it"
    );
}
