//! The one place that parses YAML.
//!
//! Text becomes a [`Tree`] in which every [`Node`] knows its byte range, so later stages
//! can point at the exact key or value they reject. Parsing uses `serde-saphyr` with its
//! resource budgets on (alias bombs, deep nesting and oversized documents are refused with a
//! located error instead of exhausting memory); see `docs/adr/0001-yaml-parser.md`. A document
//! in the common form (block and flow collections, one-line scalars, block scalars) is read
//! by charter's own reader (`reader`), any other plain document built from the parser's
//! events (`events`), both through one `stack`; anything else goes to serde-saphyr
//! (`saphyr`). Each gives the same tree (`tree`: one table of records, not a node an
//! allocation), or leaves the document to the next.

mod baked;
mod builder;
mod events;
mod node;
mod reader;
mod saphyr;
mod stack;
mod tree;

use std::sync::Arc;

use crate::diag::Diagnostic;
use crate::diag::source::{Loc, Source};

pub use crate::fs::MAX_FILE_BYTES;
pub use baked::decode as unbake;
pub use node::{Node, NodeKind, Pairs, Scalar};
pub use tree::Tree;

/// Deepest nesting of mappings and sequences accepted.
pub const MAX_DEPTH: usize = 64;

/// Parses one YAML document into a located tree.
pub fn parse(source: &Arc<Source>) -> Result<Tree, Diagnostic> {
    let text = source.text.strip_prefix('\u{feff}').unwrap_or(&source.text);
    let bom = source.text.len() - text.len();
    if source.text.len() > MAX_FILE_BYTES {
        return Err(
            Diagnostic::error(&Loc::file_start(source), too_large(source))
                .with_help("split the file, or trim text that does not belong in a policy"),
        );
    }
    if text.trim().is_empty() {
        return Err(
            Diagnostic::error(&Loc::file_start(source), "the file is empty").with_help(
                "an empty file has no fields; `charter help formats` says what it needs",
            ),
        );
    }
    let plain = reader::parse(text, bom, MAX_DEPTH).or_else(|| events::parse(text, bom, MAX_DEPTH));
    match plain {
        Some(root) => Ok(root),
        None => {
            saphyr::parse(text, bom, MAX_DEPTH).map_err(|error| syntax_error(source, &error, bom))
        }
    }
}

fn too_large(source: &Source) -> String {
    format!(
        "the file is {} bytes, more than the limit of {MAX_FILE_BYTES} bytes",
        source.text.len()
    )
}

fn syntax_error(source: &Arc<Source>, error: &serde_saphyr::Error, bom: usize) -> Diagnostic {
    let text = &source.text[bom..];
    let start = error
        .location()
        .map_or(0, |l| match l.span().byte_offset() {
            Some(byte) => byte as usize,
            None => Source::offset_in(text, l.line() as usize, l.column() as usize),
        });
    let start = (start.min(text.len()) + bom).min(source.text.len());
    let message = first_line(&error.without_snippet().to_string());
    let help = syntax_help(&message, source.text.get(start..).unwrap_or_default());
    Diagnostic::error(
        &Loc::new(source, start..start),
        format!("invalid YAML: {message}"),
    )
    .with_help_opt(help)
}

/// serde-saphyr's message without its own location suffix (we print ours).
fn first_line(message: &str) -> String {
    let line = message.lines().next().unwrap_or(message).trim();
    let line = line
        .split(", set DuplicateKeyPolicy")
        .next()
        .unwrap_or(line);
    match line.find(" at line ") {
        Some(i) => line[..i].trim_end_matches(',').to_string(),
        None => line.to_string(),
    }
}

fn syntax_help(message: &str, rest: &str) -> Option<String> {
    let lower = message.to_lowercase();
    if lower.contains("duplicate") {
        Some("each key may appear once in a mapping; remove or rename one of them".into())
    } else if lower.contains("tab") || rest.starts_with('\t') {
        Some("YAML indents with spaces only; replace the tab with spaces".into())
    } else if ["budget", "alias", "depth", "recursion"]
        .iter()
        .any(|w| lower.contains(w))
    {
        Some(format!(
            "charter limits aliases and nesting (at most {MAX_DEPTH} levels) to protect against hostile files"
        ))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every YAML file of the repository (build output and dependencies aside) and every
    /// built-in pack, each without a byte order mark: what the readers of YAML are held to
    /// each other over.
    pub(super) fn repository_texts() -> Vec<String> {
        fn yaml_files(dir: &std::path::Path, found: &mut Vec<std::path::PathBuf>) {
            let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
            entries.sort_by_key(|e| e.path());
            for entry in entries {
                let path = entry.path();
                let name = entry.file_name().to_string_lossy().into_owned();
                if path.is_dir() && !matches!(name.as_str(), "target" | ".git" | "node_modules") {
                    yaml_files(&path, found);
                } else if name.ends_with(".yaml") || name.ends_with(".yml") {
                    found.push(path);
                }
            }
        }
        let mut files = Vec::new();
        yaml_files(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), &mut files);
        let texts = files
            .iter()
            .filter_map(|path| std::fs::read_to_string(path).ok());
        let packs = crate::input::builtin::PACKS
            .iter()
            .map(|(_, text)| text.to_string());
        texts
            .chain(packs)
            .map(|text| text.strip_prefix('\u{feff}').unwrap_or(&text).to_string())
            .collect()
    }

    fn parse_str(text: &str) -> Result<Tree, Diagnostic> {
        parse(&Source::new("t.yaml", text))
    }

    #[test]
    fn every_built_in_pack_decodes_to_the_tree_its_text_parses_to() {
        for (name, text) in crate::input::builtin::PACKS {
            let source = Source::builtin(name, text);
            let parsed = parse(&source).unwrap();
            let baked = crate::input::builtin::baked_tree(&source);
            let digest = crate::input::builtin::baked_digest(&source);
            assert_eq!(
                digest,
                Some(crate::fingerprint::of_text(text)),
                "builtin:{name}"
            );
            assert_eq!(baked.as_ref(), Some(&parsed), "builtin:{name}");
            assert!(baked.unwrap().is_baked(), "builtin:{name}");
            let bytes = baked::encode(&parsed, text, clean).unwrap();
            // A baked tree lives as long as the binary, as its strings do.
            let bytes: &'static [u8] = bytes.leak();
            assert_eq!(
                unbake(bytes, text).as_ref(),
                Some(&parsed),
                "builtin:{name}"
            );
        }
    }

    fn clean(text: &str) -> bool {
        crate::diag::text::first_unsafe(text).is_none()
    }

    /// Encodes `text`'s tree; the bytes and the text live as long as the binary.
    fn baked(text: &str) -> (&'static [u8], &'static str) {
        let text: &'static str = text.to_string().leak();
        let bytes = baked::encode(&parse_str(text).unwrap(), text, clean).unwrap();
        (bytes.leak(), text)
    }

    /// Every node of `node`'s tree, depth first: a walk that ends.
    fn walk(node: Node<'_>, seen: &mut usize) {
        *seen += 1;
        assert!(*seen < 10_000, "a walk that does not end");
        match node.kind() {
            NodeKind::Seq(items) => items.iter().for_each(|item| walk(item, seen)),
            NodeKind::Map(entries) => entries.iter().for_each(|(key, value)| {
                walk(key, seen);
                walk(value, seen);
            }),
            _ => {}
        }
    }

    #[test]
    fn strings_as_written_and_others_come_back_the_same() {
        let text =
            "a: [1, 2.5, true, ~, x]\n'b c': \"d\\te\"\nf: >\n  folded\n  text\ng: \"x\"\nh: x\n";
        let (bytes, text) = baked(text);
        let tree = unbake(bytes, text).unwrap();
        assert!(tree.is_baked());
        assert_eq!(tree, parse_str(text).unwrap());
        // `x` is kept once among the strings although three values hold it, and only the
        // strings that are not their text as written are there.
        let len = u32::from_le_bytes(bytes[..4].try_into().unwrap()) as usize;
        let strings = std::str::from_utf8(&bytes[4..4 + len]).unwrap();
        assert_eq!(strings, "b cd\tefolded text\nx");
    }

    #[test]
    fn a_tree_holding_text_that_is_not_clean_is_not_baked() {
        for text in [
            "a: \"x\\u202Ey\"\n",
            "\"\\u200B\": 1\n",
            "a: [\"\\u0007\"]\n",
        ] {
            let tree = parse_str(text).unwrap();
            assert_eq!(baked::encode(&tree, text, clean), None, "{text}");
        }
    }

    #[test]
    fn bytes_that_are_not_strings_and_whole_records_decode_to_nothing() {
        let (whole, text) = baked("a: [1, 2.5, true, ~, x, \"y\"]\n");
        let cuts = (0..whole.len()).filter(|cut| unbake(&whole[..*cut], text).is_some());
        // Only a cut between records keeps a table; the shorter table still reads.
        assert!(
            cuts.clone().all(|cut| (cut - 5) % tree::RECORD == 0),
            "{whole:?}"
        );
        for cut in cuts {
            walk(unbake(&whole[..cut], text).unwrap().root(), &mut 0);
        }
        let mut longer = whole.to_vec();
        longer.push(0);
        assert_eq!(unbake(longer.leak(), text), None);
        // Strings past the bytes, or not UTF-8.
        assert_eq!(unbake(&[200, 0, 0, 0, b'x'], text), None);
        assert_eq!(unbake(&[1, 0, 0, 0, 0xff], text), None);
        // Another text than the tree's: its spans do not hold the same strings.
        assert_ne!(
            unbake(whole, "b: [9, 8.5, true, ~, z, \"w\"]\n"),
            unbake(whole, text)
        );
    }

    #[test]
    fn any_bytes_of_a_baked_tree_read_without_a_panic_and_every_walk_ends() {
        let (whole, text) = baked("a: [1, {b: x}, [c, [d]]]\ne: f\n");
        for at in 0..whole.len() {
            for byte in [0, 1, 5, 6, 7, 8, 0x7f, 0xff] {
                let mut bytes = whole.to_vec();
                bytes[at] = byte;
                if let Some(tree) = unbake(bytes.leak(), text) {
                    walk(tree.root(), &mut 0);
                }
            }
        }
    }

    #[test]
    fn nodes_carry_byte_spans() {
        let text = "id: x\nmodel: freelance\nlist: [a, b]\n";
        let tree = parse_str(text).unwrap();
        let NodeKind::Map(entries) = tree.root().kind() else {
            panic!("not a map")
        };
        let (key, value) = entries.get(1).unwrap();
        assert_eq!(&text[key.span()], "model");
        assert_eq!(&text[value.span()], "freelance");
    }

    #[test]
    fn duplicate_keys_are_located_errors() {
        let error = parse_str("id: a\nid: b\n").unwrap_err();
        assert_eq!(error.at.unwrap().line(), 2, "{}", error.message);
    }

    #[test]
    fn an_empty_file_is_an_error() {
        assert_eq!(parse_str("  \n").unwrap_err().message, "the file is empty");
    }

    #[test]
    fn a_syntax_error_after_a_byte_order_mark_stays_inside_the_file() {
        let source = Source::new("t.yaml", "\u{feff}v #g  ]\u{1a}");
        let error = parse(&source).unwrap_err();
        let at = error.at.clone().unwrap();
        assert!(
            at.span.end <= source.text.len(),
            "{:?} {}",
            at.span,
            error.message
        );
        assert!(!crate::diag::Drawer::new(false).draw(&error).is_empty());
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_spans_still_match() {
        let text = "\u{feff}id: x\n";
        let tree = parse_str(text).unwrap();
        let NodeKind::Map(entries) = tree.root().kind() else {
            panic!("not a map")
        };
        assert_eq!(&text[entries.get(0).unwrap().1.span()], "x");
    }
}
