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
    serde_saphyr::from_str_with_options::<Spanned<Raw>>(text, options).map(|raw| raw.into_node(bom))
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
            Raw::Str(s) => NodeKind::Str(Scalar::Parsed(s)),
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
