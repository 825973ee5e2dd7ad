//! A located YAML tree as bytes, and back: how the built-in packs, parsed once by the build
//! script, reach the binary without being parsed again at each start.
//!
//! [`Node`] in, bytes out ([`encode`], used by the build script); bytes in, the same
//! [`Node`] out ([`decode`]). Each node is a tag byte, its span (start and length as
//! LEB128 varints), then its value: nothing for null and booleans, 8 little-endian bytes
//! for numbers, a length and the bytes for a string, a count and the children for lists
//! and mappings. This file uses nothing of the crate: the build script includes it too.

use std::borrow::Cow;

use super::tree::{Node, NodeKind};

const NULL: u8 = 0;
const FALSE: u8 = 1;
const TRUE: u8 = 2;
const INT: u8 = 3;
const FLOAT: u8 = 4;
const STR: u8 = 5;
const SEQ: u8 = 6;
const MAP: u8 = 7;

/// Appends `node` to `out`.
#[cfg_attr(
    not(test),
    allow(dead_code, reason = "the build script encodes; the binary decodes")
)]
pub fn encode(node: &Node, out: &mut Vec<u8>) {
    let tag = match &node.kind {
        NodeKind::Null => NULL,
        NodeKind::Bool(false) => FALSE,
        NodeKind::Bool(true) => TRUE,
        NodeKind::Int(_) => INT,
        NodeKind::Float(_) => FLOAT,
        NodeKind::Str(_) => STR,
        NodeKind::Seq(_) => SEQ,
        NodeKind::Map(_) => MAP,
    };
    out.push(tag);
    varint(node.span.start, out);
    varint(node.span.end - node.span.start, out);
    match &node.kind {
        NodeKind::Null | NodeKind::Bool(_) => {}
        NodeKind::Int(i) => out.extend_from_slice(&i.to_le_bytes()),
        NodeKind::Float(f) => out.extend_from_slice(&f.to_bits().to_le_bytes()),
        NodeKind::Str(s) => {
            varint(s.len(), out);
            out.extend_from_slice(s.as_bytes());
        }
        NodeKind::Seq(items) => {
            varint(items.len(), out);
            items.iter().for_each(|item| encode(item, out));
        }
        NodeKind::Map(entries) => {
            varint(entries.len(), out);
            for (key, value) in entries {
                encode(key, out);
                encode(value, out);
            }
        }
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

/// The tree `encode` wrote, or `None` if the bytes are not one whole tree.
pub fn decode(bytes: &'static [u8]) -> Option<Node> {
    let mut reader = Reader { bytes, at: 0 };
    let node = reader.node(0)?;
    (reader.at == bytes.len()).then_some(node)
}

/// Deepest nesting `decode` follows; the build script's parse allows less.
const MAX_DEPTH: usize = 256;

struct Reader {
    /// The strings of the tree are read where they stand, not copied.
    bytes: &'static [u8],
    at: usize,
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
            STR => {
                let len = self.varint()?;
                let text = self.take(len)?;
                NodeKind::Str(Cow::Borrowed(std::str::from_utf8(text).ok()?))
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

    fn varint(&mut self) -> Option<usize> {
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
