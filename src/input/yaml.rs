//! The one place that parses YAML.
//!
//! Text becomes a [`Node`] tree in which every node knows its byte range, so later stages
//! can point at the exact key or value they reject. Parsing uses `serde-saphyr` with its
//! resource budgets on (alias bombs, deep nesting and oversized documents are refused with a
//! located error instead of exhausting memory); see `docs/adr/0001-yaml-parser.md`.

use std::fmt;
use std::ops::Range;
use std::sync::Arc;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use crate::diag::Diagnostic;
use crate::diag::source::{Loc, Source};

pub use crate::fs::MAX_FILE_BYTES;

/// Deepest nesting of mappings and sequences accepted.
pub const MAX_DEPTH: usize = 64;

/// A YAML value with its byte range in the source.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    /// The value.
    pub kind: NodeKind,
    /// Byte range of the value in the source text.
    pub span: Range<usize>,
}

/// The shapes a YAML value can take.
#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    /// `~`, `null` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string scalar.
    Str(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order.
    Map(Vec<(Node, Node)>),
}

impl NodeKind {
    /// What the value is, for "expected X, found Y" messages.
    pub fn describe(&self) -> &'static str {
        match self {
            NodeKind::Null => "nothing (null)",
            NodeKind::Bool(_) => "a boolean",
            NodeKind::Int(_) => "an integer",
            NodeKind::Float(_) => "a number",
            NodeKind::Str(_) => "a string",
            NodeKind::Seq(_) => "a list",
            NodeKind::Map(_) => "a mapping",
        }
    }
}

/// Parses one YAML document into a located tree.
pub fn parse(source: &Arc<Source>) -> Result<Node, Diagnostic> {
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
    let options = serde_saphyr::options! { budget: serde_saphyr::budget! { max_depth: MAX_DEPTH } };
    match serde_saphyr::from_str_with_options::<Spanned<Raw>>(text, options) {
        Ok(raw) => Ok(raw.into_node(bom)),
        Err(error) => Err(syntax_error(source, &error, bom)),
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

/// What serde-saphyr hands us: a value whose children carry their own spans.
enum Raw {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Spanned<Raw>>),
    Map(Vec<(Spanned<Raw>, Spanned<Raw>)>),
}

trait IntoNode {
    fn into_node(self, shift: usize) -> Node;
}

impl IntoNode for Spanned<Raw> {
    fn into_node(self, shift: usize) -> Node {
        let span = self.referenced.span();
        let start = span.byte_offset().unwrap_or(0) as usize + shift;
        let len = span.byte_len().unwrap_or(0) as usize;
        let kind = match self.value {
            Raw::Null => NodeKind::Null,
            Raw::Bool(b) => NodeKind::Bool(b),
            Raw::Int(i) => NodeKind::Int(i),
            Raw::Float(f) => NodeKind::Float(f),
            Raw::Str(s) => NodeKind::Str(s),
            Raw::Seq(items) => {
                NodeKind::Seq(items.into_iter().map(|n| n.into_node(shift)).collect())
            }
            Raw::Map(entries) => NodeKind::Map(
                entries
                    .into_iter()
                    .map(|(k, v)| (k.into_node(shift), v.into_node(shift)))
                    .collect(),
            ),
        };
        Node {
            kind,
            span: start..start + len,
        }
    }
}

impl<'de> Deserialize<'de> for Raw {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Raw, D::Error> {
        deserializer.deserialize_any(RawVisitor)
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = Raw;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Raw, E> {
        Ok(Raw::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Raw, D::Error> {
        Raw::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Raw, E> {
        Ok(Raw::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Raw, E> {
        Ok(Raw::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Raw, E> {
        Ok(i64::try_from(v).map_or(Raw::Float(v as f64), Raw::Int))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Raw, E> {
        Ok(i64::try_from(v).map_or(Raw::Float(v as f64), Raw::Int))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Raw, E> {
        Ok(i64::try_from(v).map_or(Raw::Float(v as f64), Raw::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Raw, E> {
        Ok(Raw::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Raw, E> {
        Ok(Raw::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Raw, E> {
        Ok(Raw::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Raw, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Raw>>()? {
            items.push(item);
        }
        Ok(Raw::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Raw, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Raw>>()? {
            let value = map.next_value::<Spanned<Raw>>()?;
            entries.push((key, value));
        }
        Ok(Raw::Map(entries))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(text: &str) -> Result<Node, Diagnostic> {
        parse(&Source::new("t.yaml", text))
    }

    #[test]
    fn nodes_carry_byte_spans() {
        let text = "id: x\nmodel: freelance\nlist: [a, b]\n";
        let node = parse_str(text).unwrap();
        let NodeKind::Map(entries) = node.kind else {
            panic!("not a map")
        };
        let (key, value) = &entries[1];
        assert_eq!(&text[key.span.clone()], "model");
        assert_eq!(&text[value.span.clone()], "freelance");
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
        assert!(!error.render(false).is_empty());
    }

    #[test]
    fn a_byte_order_mark_is_skipped_and_spans_still_match() {
        let text = "\u{feff}id: x\n";
        let node = parse_str(text).unwrap();
        let NodeKind::Map(entries) = node.kind else {
            panic!("not a map")
        };
        assert_eq!(&text[entries[0].1.span.clone()], "x");
    }
}
