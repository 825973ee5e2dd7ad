//! The located YAML tree: every node of a document in one table, read through [`Node`]
//! handles.
//!
//! A [`Tree`] is a table of fixed-size records, one a node (its kind, its byte range in the
//! source, and its value: a number, the place of its string, or where its children stand),
//! and one text holding the tree's strings. A collection's children stand side by side
//! before it (a mapping's as key, value, key, value), so the root is the last record and
//! every child stands before its parent. A parsed document's tree is built as the parser
//! closes each collection ([`Builder`]): three growing buffers, not an allocation a node.
//! A built-in pack's tree is the binary's own bytes in the same layout
//! ([`super::baked`]): reading it copies and allocates nothing.
//!
//! Reading never fails and never loops: a record past the table reads as null, a string
//! out of place as empty, and children that do not stand before their parent as none, so
//! even a corrupt table is walked to its end. This file uses nothing of the crate: the
//! build script includes it too.

use std::borrow::Cow;
use std::fmt;
use std::ops::{Deref, Range};

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

    /// The record of a scalar or an empty collection over `span`, its value split in two.
    fn new(tag: u32, span: (u32, u32), value: u64) -> Record {
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
    /// The text `STR` records point into.
    strings: Cow<'static, str>,
    /// The text a baked tree was parsed from, of which `AS_WRITTEN` records are spans.
    text: &'static str,
    /// Whether this is a built-in pack's tree, baked by the build script, whose strings
    /// are the binary's own and were found clean ([`Scalar::Baked`]).
    baked: bool,
}

impl Tree {
    /// A baked tree: its records and strings in the binary, `AS_WRITTEN` strings in `text`.
    pub fn baked(records: &'static [u8], strings: &'static str, text: &'static str) -> Tree {
        Tree {
            records: Cow::Borrowed(records),
            strings: Cow::Borrowed(strings),
            text,
            baked: true,
        }
    }

    /// A tree of nothing: its root reads as null.
    pub fn empty() -> Tree {
        Tree {
            records: Cow::Borrowed(&[]),
            strings: Cow::Borrowed(""),
            text: "",
            baked: false,
        }
    }

    /// The document's top node.
    pub fn root(&self) -> Node<'_> {
        let count = self.records.len() / RECORD;
        Node {
            tree: self,
            index: u32::try_from(count.saturating_sub(1)).unwrap_or(u32::MAX),
        }
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
        let start = record.a as usize;
        self.strings
            .get(start..start.saturating_add(record.b as usize))
            .unwrap_or_default()
    }

    /// Whether the tree is a built-in pack's, baked by the build script.
    #[cfg(test)]
    pub fn is_baked(&self) -> bool {
        self.baked
    }
}

/// Trees are equal when their roots are: a baked tree equals the one parsed.
impl PartialEq for Tree {
    fn eq(&self, other: &Tree) -> bool {
        self.root() == other.root()
    }
}

impl fmt::Debug for Tree {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.root().fmt(f)
    }
}

/// One node of a [`Tree`]: a handle, copied freely.
#[derive(Clone, Copy)]
pub struct Node<'t> {
    tree: &'t Tree,
    index: u32,
}

/// The shapes a YAML value can take.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NodeKind<'t> {
    /// `~`, `null` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string scalar.
    Str(Scalar<'t>),
    /// A sequence.
    Seq(Items<'t>),
    /// A mapping, in source order.
    Map(Pairs<'t>),
}

/// A string scalar's text, and whether it was checked to be clean.
#[derive(Clone, Copy, Debug)]
pub enum Scalar<'t> {
    /// What the parser read: not checked yet.
    Parsed(&'t str),
    /// A built-in pack's, in the tree the build script baked: the binary's bytes, which
    /// the build script found clean (it bakes no tree holding a string that
    /// `crate::diag::text::first_unsafe` refuses).
    Baked(&'static str),
}

impl Deref for Scalar<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        match self {
            Scalar::Parsed(text) => text,
            Scalar::Baked(text) => text,
        }
    }
}

/// Scalars are equal when their texts are: a baked tree equals the one parsed.
impl PartialEq for Scalar<'_> {
    fn eq(&self, other: &Scalar<'_>) -> bool {
        **self == **other
    }
}

impl<'t> Node<'t> {
    #[inline]
    fn record(&self) -> Record {
        self.tree.record(self.index)
    }

    /// Byte range of the value in the source text.
    pub fn span(&self) -> Range<usize> {
        let record = self.record();
        let start = record.start as usize;
        start..start + record.len as usize
    }

    /// Whether the node is the string `text`: a mapping's key asked for by name. Lengths
    /// are compared first, from the record alone.
    #[inline]
    pub fn is_str(&self, text: &str) -> bool {
        let record = self.record();
        let len = match record.tag {
            STR => record.b,
            AS_WRITTEN => record.len,
            _ => return false,
        };
        len as usize == text.len() && *self.scalar(record) == *text
    }

    /// The value.
    pub fn kind(&self) -> NodeKind<'t> {
        let record = self.record();
        match record.tag {
            FALSE => NodeKind::Bool(false),
            TRUE => NodeKind::Bool(true),
            INT => NodeKind::Int(wide(record) as i64),
            FLOAT => NodeKind::Float(f64::from_bits(wide(record))),
            STR | AS_WRITTEN => NodeKind::Str(self.scalar(record)),
            SEQ => NodeKind::Seq(Items(self.children(record, 1))),
            MAP => NodeKind::Map(Pairs(self.children(record, 2))),
            _ => NodeKind::Null,
        }
    }

    #[inline]
    fn scalar(&self, record: Record) -> Scalar<'t> {
        let tree: &'t Tree = self.tree;
        if record.tag == AS_WRITTEN {
            let start = record.start as usize;
            let span = start..start + record.len as usize;
            return Scalar::Baked(tree.text.get(span).unwrap_or_default());
        }
        match &tree.strings {
            Cow::Borrowed(strings) if tree.baked => {
                let start = record.a as usize;
                let place = start..start.saturating_add(record.b as usize);
                Scalar::Baked(strings.get(place).unwrap_or_default())
            }
            _ => Scalar::Parsed(tree.string(record)),
        }
    }

    /// The records of a collection's children, `per` records each: none unless they all
    /// stand before it (so that no walk of the tree, whatever its bytes, comes back to a
    /// node it left).
    fn children(&self, record: Record, per: u32) -> Span<'t> {
        let len = record.b;
        let fits = len
            .checked_mul(per)
            .and_then(|n| n.checked_add(record.a))
            .is_some_and(|end| end <= self.index);
        Span {
            tree: self.tree,
            first: record.a,
            len: if fits { len } else { 0 },
        }
    }
}

impl NodeKind<'_> {
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

impl Node<'_> {
    /// The node and everything under it as a tree of their own, spans kept: for a value
    /// kept past its document's decoding (a parameter's, decoded once its declaration is
    /// known). Its strings are copied, so it reads as parsed, not baked.
    pub fn to_tree(self) -> Tree {
        let mut builder = Builder::new(0);
        let root = copy(&mut builder, self);
        root.and_then(|root| builder.finish(root))
            .unwrap_or_else(Tree::empty)
    }
}

/// Lays `node` and its children into the builder's table; its record.
fn copy(builder: &mut Builder, node: Node<'_>) -> Option<Record> {
    let span = node.span();
    let value = match node.kind() {
        NodeKind::Null => Value::Null,
        NodeKind::Bool(b) => Value::Bool(b),
        NodeKind::Int(i) => Value::Int(i),
        NodeKind::Float(f) => Value::Float(f),
        NodeKind::Str(text) => return builder.scalar(Value::Str(&text), &span),
        NodeKind::Seq(items) => {
            let mark = builder.mark();
            for item in items {
                let record = copy(builder, item)?;
                builder.push(record);
            }
            return builder.close(mark, false, &span);
        }
        NodeKind::Map(entries) => {
            let mark = builder.mark();
            for (key, value) in entries {
                let key = copy(builder, key)?;
                builder.push(key);
                let value = copy(builder, value)?;
                builder.push(value);
            }
            return builder.close(mark, true, &span);
        }
    };
    builder.scalar(value, &span)
}

/// Nodes are equal when their spans and values are.
impl PartialEq for Node<'_> {
    fn eq(&self, other: &Node<'_>) -> bool {
        self.span() == other.span() && self.kind() == other.kind()
    }
}

impl fmt::Debug for Node<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Node")
            .field("kind", &self.kind())
            .field("span", &self.span())
            .finish()
    }
}

/// An integer's or a float's 64 bits.
fn wide(record: Record) -> u64 {
    u64::from(record.a) | u64::from(record.b) << 32
}

/// Where a collection's children stand.
#[derive(Clone, Copy)]
struct Span<'t> {
    tree: &'t Tree,
    first: u32,
    len: u32,
}

impl<'t> Span<'t> {
    fn node(&self, index: u32) -> Node<'t> {
        Node {
            tree: self.tree,
            index: self.first + index,
        }
    }
}

/// A list's items.
#[derive(Clone, Copy)]
pub struct Items<'t>(Span<'t>);

impl<'t> Items<'t> {
    /// The items, in order.
    pub fn iter(&self) -> Walk<'t, 1> {
        Walk {
            span: self.0,
            next: 0,
        }
    }
}

impl<'t> IntoIterator for Items<'t> {
    type Item = Node<'t>;
    type IntoIter = Walk<'t, 1>;

    fn into_iter(self) -> Walk<'t, 1> {
        self.iter()
    }
}

/// The items of a list (`PER` 1: a node each) or the entries of a mapping (`PER` 2: a key
/// and a value each), in order.
pub struct Walk<'t, const PER: u32> {
    span: Span<'t>,
    next: u32,
}

impl<'t> Iterator for Walk<'t, 1> {
    type Item = Node<'t>;

    fn next(&mut self) -> Option<Node<'t>> {
        (self.next < self.span.len).then(|| {
            self.next += 1;
            self.span.node(self.next - 1)
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = (self.span.len - self.next) as usize;
        (left, Some(left))
    }
}

impl<'t> Iterator for Walk<'t, 2> {
    type Item = (Node<'t>, Node<'t>);

    fn next(&mut self) -> Option<(Node<'t>, Node<'t>)> {
        (self.next < self.span.len).then(|| {
            self.next += 1;
            let key = 2 * (self.next - 1);
            (self.span.node(key), self.span.node(key + 1))
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let left = (self.span.len - self.next) as usize;
        (left, Some(left))
    }
}

impl ExactSizeIterator for Walk<'_, 1> {}
impl ExactSizeIterator for Walk<'_, 2> {}

impl PartialEq for Items<'_> {
    fn eq(&self, other: &Items<'_>) -> bool {
        self.0.len == other.0.len && self.iter().zip(other.iter()).all(|(a, b)| a == b)
    }
}

impl fmt::Debug for Items<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A mapping's entries, key and value.
#[derive(Clone, Copy)]
pub struct Pairs<'t>(Span<'t>);

impl<'t> Pairs<'t> {
    /// Entry `index`'s key and value.
    pub fn get(&self, index: usize) -> Option<(Node<'t>, Node<'t>)> {
        let index = u32::try_from(index).ok().filter(|i| *i < self.0.len)?;
        Some((self.0.node(2 * index), self.0.node(2 * index + 1)))
    }

    /// The entries, in order.
    pub fn iter(&self) -> Walk<'t, 2> {
        Walk {
            span: self.0,
            next: 0,
        }
    }
}

impl<'t> IntoIterator for Pairs<'t> {
    type Item = (Node<'t>, Node<'t>);
    type IntoIter = Walk<'t, 2>;

    fn into_iter(self) -> Walk<'t, 2> {
        self.iter()
    }
}

impl PartialEq for Pairs<'_> {
    fn eq(&self, other: &Pairs<'_>) -> bool {
        self.0.len == other.0.len && self.iter().zip(other.iter()).all(|(a, b)| a == b)
    }
}

impl fmt::Debug for Pairs<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// A scalar's value, as a parser hands it to the [`Builder`].
#[derive(Clone, Copy, Debug)]
pub enum Value<'v> {
    /// `~`, `null` or nothing.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// An integer.
    Int(i64),
    /// A floating-point number.
    Float(f64),
    /// A string.
    Str(&'v str),
}

/// Builds a [`Tree`] as a parser reads a document: each finished node waits among the
/// `pending` until its collection closes, which moves its children into the table side by
/// side and makes its own record.
pub struct Builder {
    records: Vec<u8>,
    strings: String,
    pending: Vec<Record>,
    /// Added to every span: the bytes of a byte order mark the parser did not see.
    shift: usize,
}

impl Builder {
    /// A builder whose spans start `shift` bytes on.
    pub fn new(shift: usize) -> Builder {
        Builder {
            records: Vec::new(),
            strings: String::new(),
            pending: Vec::new(),
            shift,
        }
    }

    fn span(&self, span: &Range<usize>) -> Option<(u32, u32)> {
        let start = u32::try_from(span.start.checked_add(self.shift)?).ok()?;
        let len = u32::try_from(span.end.checked_sub(span.start)?).ok()?;
        Some((start, len))
    }

    /// A scalar's record over `span`; `None` if the document is past what a record holds.
    pub fn scalar(&mut self, value: Value<'_>, span: &Range<usize>) -> Option<Record> {
        let span = self.span(span)?;
        Some(match value {
            Value::Null => Record::new(NULL, span, 0),
            Value::Bool(false) => Record::new(FALSE, span, 0),
            Value::Bool(true) => Record::new(TRUE, span, 0),
            Value::Int(i) => Record::new(INT, span, i as u64),
            Value::Float(f) => Record::new(FLOAT, span, f.to_bits()),
            Value::Str(text) => {
                let at = u64::from(u32::try_from(self.strings.len()).ok()?);
                let len = u64::from(u32::try_from(text.len()).ok()?);
                self.strings.push_str(text);
                Record::new(STR, span, at | len << 32)
            }
        })
    }

    /// The text of a `STR` record this builder made.
    pub fn text(&self, record: Record) -> &str {
        let start = record.a as usize;
        self.strings
            .get(start..start.saturating_add(record.b as usize))
            .unwrap_or_default()
    }

    /// Where the children of a collection opened now will start among the pending.
    pub fn mark(&self) -> usize {
        self.pending.len()
    }

    /// Puts a finished node among the pending.
    pub fn push(&mut self, record: Record) {
        self.pending.push(record);
    }

    /// The pending from `mark` on (a collection's children so far).
    pub fn since(&self, mark: usize) -> &[Record] {
        self.pending.get(mark..).unwrap_or_default()
    }

    /// Closes the collection whose children are the pending from `mark` on: moves them
    /// into the table and returns the collection's record.
    pub fn close(&mut self, mark: usize, is_map: bool, span: &Range<usize>) -> Option<Record> {
        let span = self.span(span)?;
        let children = self.pending.len().checked_sub(mark)?;
        if is_map && children % 2 != 0 {
            return None;
        }
        let first = u64::from(u32::try_from(self.records.len() / RECORD).ok()?);
        for record in self.pending.drain(mark..) {
            record.write(&mut self.records);
        }
        let (tag, len) = if is_map {
            (MAP, children / 2)
        } else {
            (SEQ, children)
        };
        let len = u64::from(u32::try_from(len).ok()?);
        Some(Record::new(tag, span, first | len << 32))
    }

    /// The tree whose root is `root`.
    pub fn finish(mut self, root: Record) -> Option<Tree> {
        u32::try_from(self.records.len() / RECORD + 1).ok()?;
        root.write(&mut self.records);
        Some(Tree {
            records: Cow::Owned(self.records),
            strings: Cow::Owned(self.strings),
            text: "",
            baked: false,
        })
    }
}
