//! Parses the built-in packs (`policies/*.yaml`) once, at compile time, into located YAML
//! trees the binary reads where they stand instead of parsing the text at each start
//! (`src/input/yaml/baked.rs`, docs/performance.md), and digests their texts, and the
//! built-in templates', for the pages' input fingerprints. A pack that does not parse, or
//! holds a string that is not clean text, is left out: the binary then parses its text
//! and reports the error with its location.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

#[allow(dead_code)]
#[path = "src/input/yaml/tree.rs"]
mod tree;

#[allow(dead_code)]
#[path = "src/input/yaml/builder.rs"]
mod builder;

#[allow(dead_code)]
#[path = "src/input/yaml/node.rs"]
mod node;

#[allow(dead_code)]
#[path = "src/input/yaml/saphyr.rs"]
mod saphyr;

#[allow(dead_code)]
#[path = "src/input/yaml/baked.rs"]
mod baked;

#[allow(dead_code)]
#[path = "src/fingerprint.rs"]
mod fingerprint;

#[allow(dead_code)]
#[path = "src/diag/text.rs"]
mod text;

#[path = "src/pack/catalog_file.rs"]
mod catalog_file;

/// The deepest nesting a built-in pack may have; the same as for every YAML file.
const MAX_DEPTH: usize = 64;

fn main() {
    println!("cargo::rerun-if-changed=policies");
    println!("cargo::rerun-if-changed=src/input/yaml/tree.rs");
    println!("cargo::rerun-if-changed=src/input/yaml/builder.rs");
    println!("cargo::rerun-if-changed=src/input/yaml/node.rs");
    println!("cargo::rerun-if-changed=src/input/yaml/saphyr.rs");
    println!("cargo::rerun-if-changed=src/input/yaml/baked.rs");
    println!("cargo::rerun-if-changed=src/fingerprint.rs");
    println!("cargo::rerun-if-changed=src/diag/text.rs");
    println!("cargo::rerun-if-changed=catalogs");
    println!("cargo::rerun-if-changed=src/pack/catalog_file.rs");
    println!("cargo::rerun-if-changed=templates");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    sort_catalog_ids(&out);
    digest_templates(&out);
    let mut table = String::from("/// Built-in packs parsed and digested at compile time.\n");
    table.push_str("static BAKED: &[Baked] = &[\n");
    for (name, path) in packs(Path::new("policies")) {
        let text = std::fs::read_to_string(&path).expect("a built-in pack is UTF-8 text");
        let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let Ok(tree) = saphyr::parse(body, text.len() - body.len(), MAX_DEPTH) else {
            continue;
        };
        let clean = |s: &str| text::first_unsafe(s).is_none();
        let Some(bytes) = baked::encode(&tree, &text, clean) else {
            continue;
        };
        let file = format!("{name}.pack-tree");
        std::fs::write(out.join(&file), bytes).expect("OUT_DIR is writable");
        let digest = fingerprint::of_text(&text);
        // Named from OUT_DIR when compiled, so that a moved target folder still builds.
        let tree = format!("include_bytes!(concat!(env!(\"OUT_DIR\"), \"/{file}\"))");
        let entry = format!("name: {name:?}, tree: {tree}, digest: {digest}");
        writeln!(table, "    Baked {{ {entry} }},").unwrap();
    }
    table.push_str("];\n");
    std::fs::write(out.join("baked_packs.rs"), table).expect("OUT_DIR is writable");
}

/// Writes the digest of the built-in templates as the renderer makes it of them alone
/// (each name under `builtin/` and its text, in the order of the names): the pages'
/// input fingerprint, which would otherwise digest every template's text at each start.
fn digest_templates(out: &Path) {
    let mut hash = fingerprint::Fnv::default();
    for (name, path) in files(Path::new("templates"), "") {
        let text = std::fs::read_to_string(&path).expect("a built-in template is UTF-8 text");
        hash.write_str(&format!("builtin/{name}"));
        hash.write_str(&text);
    }
    let digest = hash.finish();
    let code = format!(
        "/// The built-in templates' digest, made by the build script.\npub const TEMPLATES_DIGEST: u64 = {digest};\n"
    );
    std::fs::write(out.join("templates_digest.rs"), code).expect("OUT_DIR is writable");
}

/// Writes each framework catalog's identifiers, sorted, so that checking a mapping
/// searches a table in the binary instead of parsing the catalogs at each start.
fn sort_catalog_ids(out: &Path) {
    let mut table = String::from("/// Each catalog's identifiers, sorted, by file.\n");
    table.push_str("const SORTED_IDS: &[(&str, &[&str])] = &[\n");
    let catalogs = files(Path::new("catalogs"), ".tsv");
    for (_, path) in catalogs
        .iter()
        .filter(|(name, _)| name != "reviewed-mappings")
    {
        let text = std::fs::read_to_string(path).expect("a catalog is UTF-8 text");
        let mut ids: Vec<&str> = catalog_file::entries(&text).map(|(id, _)| id).collect();
        ids.sort_unstable();
        let file = path.to_str().expect("catalog names are UTF-8");
        writeln!(table, "    ({file:?}, &{ids:?}),").unwrap();
    }
    table.push_str("];\n");
    std::fs::write(out.join("catalog_ids.rs"), table).expect("OUT_DIR is writable");
}

/// The `.yaml` files of `dir`, by name.
fn packs(dir: &Path) -> Vec<(String, PathBuf)> {
    files(dir, ".yaml")
}

/// The files of `dir` whose names end in `suffix`, by name without it.
fn files(dir: &Path, suffix: &str) -> Vec<(String, PathBuf)> {
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .expect("the policies and catalogs folders are readable")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?.strip_suffix(suffix)?.to_owned();
            Some((name, path))
        })
        .collect();
    found.sort();
    found
}
