//! A node of a located [`Tree`] and what it holds: [`Node`] is a handle (the tree and a
//! record's place), copied freely; [`Node::kind`] reads the record into a [`NodeKind`], a
//! scalar's text borrowed from the tree (from the binary, for a baked tree) and a
//! collection's children as [`Items`] or [`Pairs`], themselves handles.
//!
//! Reading never fails and never loops (see [`super::tree`]): children that do not stand
//! before their parent read as none, so every walk down a tree ends. This file uses
//! nothing of the crate: the build script includes it too.

use std::fmt;
use std::ops::{Deref, Range};

use super::tree::{AS_WRITTEN, FALSE, FLOAT, INT, MAP, Record, SEQ, STR, TRUE, Tree, string_in};

impl Tree {
    /// The document's top node.
    pub fn root(&self) -> Node<'_> {
        let count = self.count();
        Node {
            tree: self,
            index: u32::try_from(count.saturating_sub(1)).unwrap_or(u32::MAX),
        }
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

impl<'t> Scalar<'t> {
    /// The text, for as long as the tree lives.
    pub fn text(self) -> &'t str {
        match self {
            Scalar::Parsed(text) => text,
            Scalar::Baked(text) => text,
        }
    }
}

impl Deref for Scalar<'_> {
    type Target = str;

    fn deref(&self) -> &str {
        self.text()
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
        span_of(self.record())
    }

    /// Whether the node is the string `text`: a mapping's key asked for by name. Lengths
    /// are compared first, from the record alone.
    #[inline]
    pub fn is_str(&self, text: &str) -> bool {
        let record = self.record();
        str_len(record) == Some(text.len()) && *self.scalar(record) == *text
    }

    /// The length of the node's text when it is a string, from its record alone.
    #[inline]
    pub fn str_len(&self) -> Option<usize> {
        str_len(self.record())
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
            return Scalar::Baked(tree.text().get(span_of(record)).unwrap_or_default());
        }
        match tree.baked_strings() {
            Some(strings) => Scalar::Baked(string_in(strings, record)),
            None => Scalar::Parsed(tree.string(record)),
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

/// A record's byte range in the source.
fn span_of(record: Record) -> Range<usize> {
    let start = record.start as usize;
    start..start + record.len as usize
}

/// The length of a string record's text; `None` for any other record.
fn str_len(record: Record) -> Option<usize> {
    match record.tag {
        STR => Some(record.b as usize),
        AS_WRITTEN => Some(record.len as usize),
        _ => None,
    }
}

/// An integer's or a float's 64 bits.
fn wide(record: Record) -> u64 {
    u64::from(record.a) | u64::from(record.b) << 32
}

/// Where a collection's children stand: `len` of them (records, or pairs of records)
/// from record `first`.
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
