//! The located YAML tree: every node of a document in one table of records, read through
//! [`super::node::Node`] handles.
//!
//! A [`Tree`] is a table of fixed-size records, one a node (its kind, its byte range in the
//! source, and its value: a number, the place of its string, or where its children stand),
//! and one text holding the tree's strings. A collection's children stand side by side
//! before it (a mapping's as key, value, key, value), so the root is the last record and
//! every child stands before its parent. A parsed document's tree is built as the parser
//! closes each collection ([`super::builder`]): three growing buffers, not an allocation
//! a node.
//! A built-in pack's tree is the binary's own bytes in the same layout
//! ([`super::baked`]): reading it copies and allocates nothing.
//!
//! Reading never fails and never loops: a record past the table reads as null, a string
//! out of place as empty, and children that do not stand before their parent as none, so
//! even a corrupt table is walked to its end. This file uses nothing of the crate: the
//! build script includes it too.

use std::borrow::Cow;

/// Bytes of one record: five little-endian `u32`s (tag, span start, span length, `a`,
/// `b`).
pub const RECORD: usize = 20;

/// `~`, `null` or nothing.
pub const NULL: u32 = 0;
/// `false`.
pub const FALSE: u32 = 1;
/// `true`.
pub const TRUE: u32 = 2;
/// An integer: `a` and `b` its low and high halves.
pub const INT: u32 = 3;
/// A float: `a` and `b` the low and high halves of its bits.
pub const FLOAT: u32 = 4;
/// A string: `b` bytes from `a` of the tree's strings.
pub const STR: u32 = 5;
/// A list: `b` children from record `a`.
pub const SEQ: u32 = 6;
/// A mapping: `b` entries (`2b` records: key, value...) from record `a`.
pub const MAP: u32 = 7;
/// A baked tree's string that is its span's text as written ([`super::baked`]).
pub const AS_WRITTEN: u32 = 8;

/// One node's record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Record {
    /// What the node is (the constants above).
    pub tag: u32,
    /// Where its span starts in the source.
    pub start: u32,
    /// Its span's length.
    pub len: u32,
    /// The first half of its value.
    pub a: u32,
    /// The second half of its value.
    pub b: u32,
}

impl Record {
    const NULL: Record = Record {
        tag: NULL,
        start: 0,
        len: 0,
        a: 0,
        b: 0,
    };

    /// The record whose bytes these are.
    #[inline]
    pub fn read(bytes: &[u8; RECORD]) -> Record {
        let word =
            |i: usize| u32::from_le_bytes([bytes[i], bytes[i + 1], bytes[i + 2], bytes[i + 3]]);
        Record {
            tag: word(0),
            start: word(4),
            len: word(8),
            a: word(12),
            b: word(16),
        }
    }

    /// Appends the record's bytes.
    #[inline]
    pub fn write(self, out: &mut Vec<u8>) {
        let mut bytes = [0; RECORD];
        let words = [self.tag, self.start, self.len, self.a, self.b];
        for (chunk, word) in bytes.chunks_exact_mut(4).zip(words) {
            chunk.copy_from_slice(&word.to_le_bytes());
        }
        out.extend_from_slice(&bytes);
    }

    /// The record of a node over `span` (start, length), its value split in two.
    pub fn new(tag: u32, span: (u32, u32), value: u64) -> Record {
        Record {
            tag,
            start: span.0,
            len: span.1,
            a: value as u32,
            b: (value >> 32) as u32,
        }
    }
}

/// A located YAML document (see the module's notes).
#[derive(Clone)]
pub struct Tree {
    /// The nodes' records, root last.
    records: Cow<'static, [u8]>,
    /// The text `STR` records point into: borrowed from the binary only for a built-in
    /// pack's tree, baked by the build script, whose strings were found clean
    /// ([`super::node::Scalar::Baked`]); owned for any tree parsed at run time.
    strings: Cow<'static, str>,
    /// The text a baked tree was parsed from, of which `AS_WRITTEN` records are spans.
    text: &'static str,
}

impl Tree {
    /// A baked tree: its records and strings in the binary, `AS_WRITTEN` strings in `text`.
    pub fn baked(records: &'static [u8], strings: &'static str, text: &'static str) -> Tree {
        Tree {
            records: Cow::Borrowed(records),
            strings: Cow::Borrowed(strings),
            text,
        }
    }

    /// A parsed document's tree: its records, root last, and its strings.
    pub fn parsed(records: Vec<u8>, strings: String) -> Tree {
        Tree {
            records: Cow::Owned(records),
            strings: Cow::Owned(strings),
            text: "",
        }
    }

    /// A tree of nothing: its root reads as null.
    pub fn empty() -> Tree {
        Tree::parsed(Vec::new(), String::new())
    }

    /// How many records the table holds.
    pub fn count(&self) -> usize {
        self.records.len() / RECORD
    }

    /// Record `index`; null past the table.
    #[inline]
    pub fn record(&self, index: u32) -> Record {
        let at = index as usize * RECORD;
        match self
            .records
            .get(at..)
            .and_then(<[u8]>::first_chunk::<RECORD>)
        {
            Some(bytes) => Record::read(bytes),
            None => Record::NULL,
        }
    }

    /// The text of a `STR` record; empty when out of place.
    pub fn string(&self, record: Record) -> &str {
        string_in(&self.strings, record)
    }

    /// Whether the tree is a built-in pack's, baked by the build script.
    #[cfg(test)]
    pub fn is_baked(&self) -> bool {
        self.baked_strings().is_some()
    }

    /// A baked tree's strings, the binary's own; `None` for a parsed tree.
    pub fn baked_strings(&self) -> Option<&'static str> {
        match &self.strings {
            Cow::Borrowed(strings) => Some(strings),
            Cow::Owned(_) => None,
        }
    }

    /// The text a baked tree was parsed from (empty for a parsed tree).
    pub fn text(&self) -> &'static str {
        self.text
    }
}

/// The text of a `STR` record among `strings`; empty when out of place.
pub fn string_in(strings: &str, record: Record) -> &str {
    let start = record.a as usize;
    strings
        .get(start..start.saturating_add(record.b as usize))
        .unwrap_or_default()
}
