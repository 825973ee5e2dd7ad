//! A located YAML tree as bytes, and back: how the built-in packs, parsed once by the build
//! script, reach the binary without being parsed again at each start.
//!
//! [`Node`] and the text it was parsed from in, bytes out ([`encode`], used by the build
//! script); bytes and the same text in, the same [`Node`] out ([`decode`]). The bytes are
//! the tree's strings, each once, then the root node. Each node is a tag byte, its span
//! (start and length as LEB128 varints), then its value: nothing for null and booleans, 8
//! little-endian bytes for numbers, nothing for a string that is its span's text as written
//! (most keys and plain values), the place and length of any other string among the
//! strings, a count and the children for lists and mappings. The strings are checked to be
//! UTF-8 once, and a string that is its span's text is the text's own: nothing is copied.
//! A tree holding a string that is not clean text is not encoded, so every string of a
//! baked tree is clean ([`Scalar::Baked`]). This file uses nothing of the crate: the build
//! script includes it too.

use std::collections::HashMap;

use super::tree::{Node, NodeKind, Scalar};

const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const INT: u8 = 3;
const FLOAT: u8 = 4;
const STR: u8 = 5;
const SEQ: u8 = 6;
const MAP: u8 = 7;
/// A string that is its span's text as written.
const AS_WRITTEN: u8 = 8;

/// The bytes of `node`, parsed from `text`; `None` when one of its strings is not
/// `clean`.
#[cfg_attr(
    not(test),
    allow(dead_code, reason = "the build script encodes; the binary decodes")
)]
pub fn encode(node: &Node, text: &str, clean: impl Fn(&str) -> bool) -> Option<Vec<u8>> {
    let mut writer = Writer {
        text,
        clean: &clean,
        strings: String::new(),
        placed: HashMap::new(),
        nodes: Vec::new(),
    };
    writer.node(node)?;
    let mut out = Vec::with_capacity(writer.strings.len() + writer.nodes.len() + 4);
    varint(writer.strings.len(), &mut out);
    out.extend_from_slice(writer.strings.as_bytes());
    out.extend_from_slice(&writer.nodes);
    Some(out)
}

#[cfg_attr(
    not(test),
    allow(dead_code, reason = "the build script encodes; the binary decodes")
)]
struct Writer<'a> {
    text: &'a str,
    clean: &'a dyn Fn(&str) -> bool,
    /// Every string that is not its span's text, each once.
    strings: String,
    /// Where each of them is in `strings`.
    placed: HashMap<&'a str, usize>,
    nodes: Vec<u8>,
}

#[cfg_attr(
    not(test),
    allow(dead_code, reason = "the build script encodes; the binary decodes")
)]
impl<'a> Writer<'a> {
    fn node(&mut self, node: &'a Node) -> Option<()> {
        let written = |s: &str| self.text.get(node.span.clone()) == Some(s);
        let tag = match &node.kind {
            NodeKind::Null => NULL,
            NodeKind::Bool(false) => FALSE,
            NodeKind::Bool(true) => TRUE,
            NodeKind::Int(_) => INT,
            NodeKind::Float(_) => FLOAT,
            NodeKind::Str(s) if written(s) => AS_WRITTEN,
            NodeKind::Str(_) => STR,
            NodeKind::Seq(_) => SEQ,
            NodeKind::Map(_) => MAP,
        };
        self.nodes.push(tag);
        varint(node.span.start, &mut self.nodes);
        varint(node.span.end - node.span.start, &mut self.nodes);
        match &node.kind {
            NodeKind::Null | NodeKind::Bool(_) => {}
            NodeKind::Int(i) => self.nodes.extend_from_slice(&i.to_le_bytes()),
            NodeKind::Float(f) => self.nodes.extend_from_slice(&f.to_bits().to_le_bytes()),
            NodeKind::Str(s) => {
                (self.clean)(s).then_some(())?;
                if tag == STR {
                    let at = *self.placed.entry(s).or_insert_with(|| {
                        self.strings.push_str(s);
                        self.strings.len() - s.len()
                    });
                    varint(at, &mut self.nodes);
                    varint(s.len(), &mut self.nodes);
                }
            }
            NodeKind::Seq(items) => {
                varint(items.len(), &mut self.nodes);
                for item in items {
                    self.node(item)?;
                }
            }
            NodeKind::Map(entries) => {
                varint(entries.len(), &mut self.nodes);
                for (key, value) in entries {
                    self.node(key)?;
                    self.node(value)?;
                }
            }
        }
        Some(())
    }
}

#[cfg_attr(
    not(test),
    allow(dead_code, reason = "the build script encodes; the binary decodes")
)]
fn varint(mut n: usize, out: &mut Vec<u8>) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// The tree `encode` wrote of `text`, or `None` if the bytes are not one whole tree of it.
pub fn decode(bytes: &'static [u8], text: &'static str) -> Option<Node> {
    let mut reader = Reader {
        bytes,
        at: 0,
        text,
        strings: "",
    };
    let len = reader.varint()?;
    reader.strings = std::str::from_utf8(reader.take(len)?).ok()?;
    let node = reader.node(0)?;
    (reader.at == bytes.len()).then_some(node)
}

/// Deepest nesting `decode` follows; the build script's parse allows less.
const MAX_DEPTH: usize = 256;

struct Reader {
    /// The strings of the tree are read where they stand, not copied.
    bytes: &'static [u8],
    at: usize,
    /// The text the tree was parsed from.
    text: &'static str,
    /// The tree's strings that are not their span's text.
    strings: &'static str,
}

impl Reader {
    fn node(&mut self, depth: usize) -> Option<Node> {
        if depth > MAX_DEPTH {
            return None;
        }
        let tag = self.byte()?;
        let start = self.varint()?;
        let span = start..start.checked_add(self.varint()?)?;
        let kind = match tag {
            NULL => NodeKind::Null,
            FALSE => NodeKind::Bool(false),
            TRUE => NodeKind::Bool(true),
            INT => NodeKind::Int(i64::from_le_bytes(self.eight()?)),
            FLOAT => NodeKind::Float(f64::from_bits(u64::from_le_bytes(self.eight()?))),
            AS_WRITTEN => NodeKind::Str(Scalar::Baked(self.text.get(span.clone())?)),
            STR => {
                let at = self.varint()?;
                let place = at..at.checked_add(self.varint()?)?;
                NodeKind::Str(Scalar::Baked(self.strings.get(place)?))
            }
            SEQ => {
                let count = self.count()?;
                let mut items = Vec::with_capacity(count);
                for _ in 0..count {
                    items.push(self.node(depth + 1)?);
                }
                NodeKind::Seq(items)
            }
            MAP => {
                let count = self.count()?;
                let mut entries = Vec::with_capacity(count);
                for _ in 0..count {
                    let key = self.node(depth + 1)?;
                    entries.push((key, self.node(depth + 1)?));
                }
                NodeKind::Map(entries)
            }
            _ => return None,
        };
        Some(Node { kind, span })
    }

    fn byte(&mut self) -> Option<u8> {
        let byte = *self.bytes.get(self.at)?;
        self.at += 1;
        Some(byte)
    }

    fn take(&mut self, len: usize) -> Option<&'static [u8]> {
        let end = self.at.checked_add(len)?;
        let taken = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(taken)
    }

    fn eight(&mut self) -> Option<[u8; 8]> {
        self.take(8)?.try_into().ok()
    }

    #[inline]
    fn varint(&mut self) -> Option<usize> {
        // Most lengths and many places fit one byte.
        let first = *self.bytes.get(self.at)?;
        if first < 0x80 {
            self.at += 1;
            return Some(usize::from(first));
        }
        let mut n = 0usize;
        for shift in (0..usize::BITS).step_by(7) {
            let byte = self.byte()?;
            n |= usize::from(byte & 0x7f).checked_shl(shift)?;
            if byte < 0x80 {
                return Some(n);
            }
        }
        None
    }

    /// A count of children, each at least three bytes: never more than the bytes left
    /// could hold, so a corrupt count cannot ask for a huge allocation.
    fn count(&mut self) -> Option<usize> {
        let count = self.varint()?;
        (count <= (self.bytes.len() - self.at) / 3).then_some(count)
    }
}
