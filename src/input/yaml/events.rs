//! The located tree built straight from the YAML parser's events, for the plain documents
//! charter's own reader ([`super::reader`]) leaves to it.
//!
//! Text in, `Some(`[`Node`]`)` out, or `None` when the document holds anything this path
//! leaves to serde-saphyr ([`super::tree`]): a syntax error, an anchor, an alias, a tag, a
//! directive, a merge key, a key that is not a string, two keys with the same text, a
//! number spelled with a radix prefix, an underscore, a leading zero or a leading dot, a
//! float that does not fit, more than one document, nesting as deep as the limit, or more
//! nodes than its budget. serde-saphyr then parses the document again and says what it
//! says of it, so every error, limit and rule stays its own; this path only skips its
//! per-key recording and replaying for the documents that need none of it.
//!
//! The parser is the one serde-saphyr drives (`granit-parser`, with the options serde-saphyr
//! gives it), each node's span is the byte range of the event that starts it, as serde-saphyr
//! reports it, and a plain scalar gets the type serde-saphyr's untyped reading gives it:
//! null, a YAML 1.1 boolean, an integer, a float or a string. A test holds the two paths to
//! the same trees, spans included, over every YAML file of the repository and over a set
//! of scalars and documents on the edges of each rule.

use std::ops::Range;

use serde_saphyr::granit_parser::{Event, Options, Parser, ScalarStyle, Span};

use super::stack::Stack;
use super::tree::Tree;

/// Parses one YAML document into a located tree when it is plain enough (see the module's
/// notes); `None` leaves it to serde-saphyr.
pub fn parse(text: &str, bom: usize, max_depth: usize) -> Option<Tree> {
    let mut options = Options::default();
    options.emit_comments = false;
    let mut events = Parser::new_from_str_with_options(text, options);
    let mut stack = Stack::new(bom, max_depth);
    let mut root = None;
    let mut documents = 0;
    for item in &mut events {
        let (event, span) = item.ok()?;
        match event {
            Event::StreamStart | Event::DocumentEnd | Event::StreamEnd => {}
            Event::DocumentStart(_, version) => {
                documents += 1;
                if documents > 1 || version.is_some() {
                    return None;
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                let plain = style == ScalarStyle::Plain;
                root = stack.scalar(&value, plain, &range(&span)?)?;
            }
            Event::SequenceStart(_, anchor, ref tag) | Event::MappingStart(_, anchor, ref tag) => {
                if anchor != 0 || tag.is_some() {
                    return None;
                }
                let is_map = matches!(event, Event::MappingStart(..));
                stack.open(is_map, range(&span)?)?;
            }
            Event::SequenceEnd | Event::MappingEnd => root = stack.close()?,
            _ => return None,
        }
    }
    stack.finish(root?)
}

/// The byte range serde-saphyr gives a node: from its event's start, as long as the event.
fn range(span: &Span) -> Option<Range<usize>> {
    let start = span.start.byte_offset()?;
    let end = span.end.byte_offset()?;
    Some(start..start + end.saturating_sub(start))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The tree serde-saphyr gives, as `mod.rs` asks for it.
    fn slow(text: &str) -> Option<Tree> {
        super::super::saphyr::parse(text, 0, crate::input::yaml::MAX_DEPTH).ok()
    }

    /// Whether this path kept the document; when it did, its tree must be serde-saphyr's.
    fn agrees(text: &str) -> bool {
        let Some(fast) = parse(text, 0, crate::input::yaml::MAX_DEPTH) else {
            return false;
        };
        assert_eq!(Some(&fast), slow(text).as_ref(), "{text:?}");
        true
    }

    #[test]
    fn every_yaml_file_of_the_repository_gets_serde_saphyrs_tree() {
        let (mut kept, mut all) = (0, 0);
        for text in crate::input::yaml::tests::repository_texts() {
            all += 1;
            kept += usize::from(agrees(&text));
        }
        assert!(all > 200 && kept * 10 > all * 8, "{kept} of {all} kept");
    }

    /// Spellings on the edges of each scalar rule, in each place a scalar can stand.
    #[test]
    fn scalars_on_the_edges_get_serde_saphyrs_types() {
        let bodies = [
            "",
            "~",
            "null",
            "Null",
            "NULL",
            "nULL",
            "true",
            "True",
            "TRUE",
            "tRUE",
            "yes",
            "Yes",
            "Y",
            "y",
            "on",
            "ON",
            "false",
            "No",
            "n",
            "off",
            "OFF",
            "0",
            "00",
            "01",
            "012",
            "7",
            "10",
            "123456789",
            "9223372036854775807",
            "9223372036854775808",
            "18446744073709551615",
            "18446744073709551616",
            "99999999999999999999999",
            "1_000",
            "1__0",
            "_1",
            "0x1F",
            "0X1f",
            "0xG",
            "0o17",
            "0O8",
            "0b101",
            "0B2",
            "1.5",
            "1.",
            "1.0e3",
            "1e3",
            "1E+3",
            "1e-3",
            "1e999",
            "1e",
            "1.2.3",
            "2026-12-01",
            "2026-12-01T10:00:00Z",
            "12:30",
            "1:30:00",
            ".5",
            ".5e3",
            ".5e999",
            ".",
            "..",
            "../x",
            ".inf",
            ".Inf",
            ".INF",
            ".nan",
            ".NaN",
            ".NAN",
            ".iNf",
            "inf",
            "infinity",
            "nan",
            "NaN",
            "1Password",
            "3rd",
            "1 2",
            "0.1.2",
            "1e3x",
            "v1",
            "#x",
            "x#y",
            "a b",
            "@x",
            "%x",
            "héllo",
            "1,5",
            "1;5",
        ];
        let mut kept = 0;
        for body in bodies {
            for sign in ["", "+", "-"] {
                let scalar = format!("{sign}{body}");
                for text in [
                    format!("k: {scalar}\n"),
                    format!("- {scalar}\n"),
                    format!("k: [{scalar}]\n"),
                    format!("k: {{x: {scalar}}}\n"),
                    format!("k: '{scalar}'\n"),
                    format!("k: \"{scalar}\"\n"),
                    format!("{scalar}\n"),
                    format!("k: |\n  {scalar}\n"),
                    format!("{scalar}: v\n"),
                ] {
                    kept += usize::from(agrees(&text));
                }
            }
        }
        assert!(kept > 1_000, "{kept}");
    }

    /// Documents this path must leave to serde-saphyr, or build as it does.
    #[test]
    fn documents_on_the_edges_are_left_to_serde_saphyr_or_built_as_it_builds_them() {
        let depth = |n: usize| "- ".repeat(n) + "x\n";
        let flow = |n: usize| "[".repeat(n) + &"]".repeat(n) + "\n";
        let mut keys = String::new();
        for i in 0..40 {
            keys.push_str(&format!("k{i}: {i}\n"));
        }
        let cases = [
            "a: 1\na: 2\n".to_string(),
            "a: 1\n'a': 2\n".to_string(),
            "{a: 1, a: 2}\n".to_string(),
            format!("{keys}k7: again\n"),
            "a: &x 1\nb: *x\n".to_string(),
            "a: &x [1]\n".to_string(),
            "base: &b {x: 1}\nother:\n  <<: *b\n  y: 2\n".to_string(),
            "<<: {x: 1}\n".to_string(),
            "a: !!str 1\n".to_string(),
            "a: !custom x\n".to_string(),
            "!!map {a: 1}\n".to_string(),
            "%YAML 1.2\n---\na: 1\n".to_string(),
            "%TAG !e! tag:example.com,2000:\n---\na: !e!x 1\n".to_string(),
            keys.clone(),
            "---\na: 1\n".to_string(),
            "---\na: 1\n...\n".to_string(),
            "a: 1\n---\nb: 2\n".to_string(),
            "# only a comment\n".to_string(),
            "a: 1 # comment\n# trailing\n".to_string(),
            "? a\n: 1\n".to_string(),
            "? [a]\n: 1\n".to_string(),
            "{[a]: 1}\n".to_string(),
            "1: a\n2: b\n".to_string(),
            "~: a\n".to_string(),
            ": a\n".to_string(),
            "a:\n".to_string(),
            "a:\n  -\n  - b\n".to_string(),
            "a: [1, 2,]\n".to_string(),
            "a: [\n".to_string(),
            "a: b: c\n".to_string(),
            "a:\n\tb: 1\n".to_string(),
            "a: 'unterminated\n".to_string(),
            "a: >\n  folded\n  text\n\n  more\nb: |-\n  kept\n".to_string(),
            "a: plain\n  continued\n  lines\n".to_string(),
            "a: \"esc\\u0041\\n\"\n".to_string(),
            "\u{feff}a: 1\n".to_string(),
            "a: 1\r\nb: [x, y]\r\n".to_string(),
            depth(62),
            depth(63),
            depth(64),
            depth(65),
            flow(62),
            flow(64),
            flow(70),
        ];
        let kept = cases.iter().filter(|text| agrees(text)).count();
        assert!(kept >= 15, "{kept}");
        for text in &cases[..13] {
            assert!(parse(text, 0, 64).is_none(), "{text:?}");
        }
    }

    #[test]
    fn a_byte_order_mark_moves_every_span() {
        let text = "a: [b]\n";
        let plain = parse(text, 0, 64).unwrap();
        let moved = parse(text, 3, 64).unwrap();
        let super::super::NodeKind::Map(entries) = moved.root().kind() else {
            panic!("{moved:?}");
        };
        assert_eq!(moved.root().span().start, plain.root().span().start + 3);
        assert_eq!(entries.get(0).unwrap().1.span(), 6..7);
    }
}
