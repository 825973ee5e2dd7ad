//! The located YAML tree, and how serde-saphyr's output becomes one.
//!
//! Text in, [`Node`] out. This file uses nothing of the crate: the build script includes it
//! too, to parse the built-in packs once at compile time ([`super::baked`]).

use std::fmt;
use std::ops::{Deref, Range};

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

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
    Str(Scalar),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order.
    Map(Vec<(Node, Node)>),
}

/// A string scalar's text, and whether it was checked to be clean.
#[derive(Clone, Debug)]
pub enum Scalar {
    /// What the parser read: not checked yet.
    Parsed(String),
    /// A built-in pack's, in the tree the build script baked: the binary's bytes, which
    /// the build script found clean (it bakes no tree holding a string that
    /// `crate::diag::text::first_unsafe` refuses).
    Baked(&'static str),
}

impl Deref for Scalar {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Scalar::Parsed(text) => text,
            Scalar::Baked(text) => text,
        }
    }
}

/// Scalars are equal when their texts are: a baked tree equals the one parsed.
impl PartialEq for Scalar {
    fn eq(&self, other: &Scalar) -> bool {
        **self == **other
    }
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

/// Parses one YAML document (text after any byte order mark of `bom` bytes) into a
/// located tree, nesting at most `max_depth` levels.
pub fn parse(text: &str, bom: usize, max_depth: usize) -> Result<Node, serde_saphyr::Error> {
    let options = serde_saphyr::options! { budget: serde_saphyr::budget! { max_depth: max_depth } };
    let mut root = serde_saphyr::from_str_with_options::<Spanned<Kind>>(text, options).map(node)?;
    if bom > 0 {
        root.shift(bom);
    }
    Ok(root)
}

/// What serde-saphyr hands us for a value: its kind, the children already located
/// [`Node`]s (built as they are read, not from a second tree).
struct Kind(NodeKind);

/// A value and where serde-saphyr found it, as a node.
fn node(spanned: Spanned<Kind>) -> Node {
    let span = spanned.referenced.span();
    let start = span.byte_offset().unwrap_or(0) as usize;
    let len = span.byte_len().unwrap_or(0) as usize;
    Node {
        kind: spanned.value.0,
        span: start..start + len,
    }
}

impl Node {
    /// Moves the spans of the node and its children `by` bytes on (past a byte order mark,
    /// which the parser did not see).
    pub fn shift(&mut self, by: usize) {
        self.span = self.span.start + by..self.span.end + by;
        match &mut self.kind {
            NodeKind::Seq(items) => items.iter_mut().for_each(|n| n.shift(by)),
            NodeKind::Map(entries) => entries.iter_mut().for_each(|(k, v)| {
                k.shift(by);
                v.shift(by);
            }),
            _ => {}
        }
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Kind, D::Error> {
        deserializer.deserialize_any(KindVisitor)
    }
}

struct KindVisitor;

impl<'de> Visitor<'de> for KindVisitor {
    type Value = Kind;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }
    fn visit_unit<E: de::Error>(self) -> Result<Kind, E> {
        Ok(Kind(NodeKind::Null))
    }
    fn visit_none<E: de::Error>(self) -> Result<Kind, E> {
        Ok(Kind(NodeKind::Null))
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Kind, D::Error> {
        Kind::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Kind, E> {
        Ok(Kind(NodeKind::Bool(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Kind, E> {
        Ok(Kind(NodeKind::Int(v)))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Kind, E> {
        Ok(Kind(
            i64::try_from(v).map_or(NodeKind::Float(v as f64), NodeKind::Int),
        ))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Kind, E> {
        Ok(Kind(
            i64::try_from(v).map_or(NodeKind::Float(v as f64), NodeKind::Int),
        ))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Kind, E> {
        Ok(Kind(
            i64::try_from(v).map_or(NodeKind::Float(v as f64), NodeKind::Int),
        ))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Kind, E> {
        Ok(Kind(NodeKind::Float(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Kind, E> {
        Ok(Kind(NodeKind::Str(Scalar::Parsed(v.to_string()))))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Kind, E> {
        Ok(Kind(NodeKind::Str(Scalar::Parsed(v))))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Kind, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Kind>>()? {
            items.push(node(item));
        }
        Ok(Kind(NodeKind::Seq(items)))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Kind>>()? {
            let value = map.next_value::<Spanned<Kind>>()?;
            entries.push((node(key), node(value)));
        }
        Ok(Kind(NodeKind::Map(entries)))
    }
}
