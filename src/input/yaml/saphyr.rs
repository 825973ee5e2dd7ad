//! How serde-saphyr's reading of a document becomes a located [`Tree`]: the path for
//! every document the event path ([`super::events`]) leaves to it, and the build script's
//! for the built-in packs.
//!
//! Text in, [`Tree`] out. serde-saphyr hands over each value with its span; the values
//! are gathered as nested values, then laid into the tree's table by the same
//! [`Builder`] the event path uses ([`lay`]). This file uses nothing of the crate: the build script
//! includes it too.

use std::fmt;
use std::ops::Range;

use serde::de::{self, Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_saphyr::Spanned;

use super::builder::{Builder, Nested, Shape, Value, lay};
use super::tree::Tree;

/// Parses one YAML document (text after any byte order mark of `bom` bytes) into a
/// located tree, nesting at most `max_depth` levels.
pub fn parse(text: &str, bom: usize, max_depth: usize) -> Result<Tree, serde_saphyr::Error> {
    let options = serde_saphyr::options! { budget: serde_saphyr::budget! { max_depth: max_depth } };
    let root = serde_saphyr::from_str_with_options::<Spanned<Kind>>(text, options).map(located)?;
    let mut builder = Builder::new(bom);
    let tree = lay(&mut builder, &&root).and_then(|root| builder.finish(root));
    // `None` only for spans past what a record holds, of a text far larger than any file
    // charter reads (`crate::fs::MAX_FILE_BYTES`): it reads as an empty document.
    Ok(tree.unwrap_or_else(Tree::empty))
}

/// A value as serde-saphyr hands it over, with its children.
enum Kind {
    Null,
    Bool(bool),
    Int(i64),
    Float(f64),
    Str(String),
    Seq(Vec<Located>),
    Map(Vec<(Located, Located)>),
}

/// A value and its byte range.
struct Located {
    kind: Kind,
    span: Range<usize>,
}

/// A value and where serde-saphyr found it.
fn located(spanned: Spanned<Kind>) -> Located {
    let span = spanned.referenced.span();
    let start = span.byte_offset().unwrap_or(0) as usize;
    let len = span.byte_len().unwrap_or(0) as usize;
    Located {
        kind: spanned.value,
        span: start..start + len,
    }
}

impl Nested for &Located {
    fn span(&self) -> Range<usize> {
        self.span.clone()
    }

    fn shape(&self) -> Shape<'_, impl Iterator<Item = Self>> {
        let scalar = match &self.kind {
            Kind::Null => Value::Null,
            Kind::Bool(b) => Value::Bool(*b),
            Kind::Int(i) => Value::Int(*i),
            Kind::Float(f) => Value::Float(*f),
            Kind::Str(text) => Value::Str(text),
            Kind::Seq(items) => return Shape::List(children(items, &[])),
            Kind::Map(entries) => return Shape::Mapping(children(&[], entries)),
        };
        Shape::Scalar(scalar)
    }
}

/// A list's items or a mapping's keys and values (key, value, key, value), as one type.
fn children<'v>(
    items: &'v [Located],
    entries: &'v [(Located, Located)],
) -> impl Iterator<Item = &'v Located> {
    let pairs = entries.iter().flat_map(|(key, value)| [key, value]);
    items.iter().chain(pairs)
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
        Ok(Kind::Null)
    }
    fn visit_none<E: de::Error>(self) -> Result<Kind, E> {
        Ok(Kind::Null)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Kind, D::Error> {
        Kind::deserialize(d)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Kind, E> {
        Ok(Kind::Bool(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Kind, E> {
        Ok(Kind::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Kind, E> {
        Ok(i64::try_from(v).map_or(Kind::Float(v as f64), Kind::Int))
    }
    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Kind, E> {
        Ok(i64::try_from(v).map_or(Kind::Float(v as f64), Kind::Int))
    }
    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Kind, E> {
        Ok(i64::try_from(v).map_or(Kind::Float(v as f64), Kind::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Kind, E> {
        Ok(Kind::Float(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Kind, E> {
        Ok(Kind::Str(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Kind, E> {
        Ok(Kind::Str(v))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Kind, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Spanned<Kind>>()? {
            items.push(located(item));
        }
        Ok(Kind::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Kind, A::Error> {
        let mut entries = Vec::new();
        while let Some(key) = map.next_key::<Spanned<Kind>>()? {
            let value = map.next_value::<Spanned<Kind>>()?;
            entries.push((located(key), located(value)));
        }
        Ok(Kind::Map(entries))
    }
}
