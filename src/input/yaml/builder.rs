//! How a located [`Tree`] is built: as a parser reads a document ([`Builder`]), or from a
//! nested value laid into one ([`lay`]: serde-saphyr's reading, and a node copied into a
//! tree of its own).
//!
//! Scalars and closed collections in, a [`Tree`] out. This file uses nothing of the crate:
//! the build script includes it too.

use std::ops::Range;

use super::node::{Node, NodeKind};
use super::tree::{FALSE, FLOAT, INT, MAP, NULL, RECORD, Record, SEQ, STR, TRUE, Tree, string_in};

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
        string_in(&self.strings, record)
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
        Some(Tree::parsed(self.records, self.strings))
    }
}

/// What a value of a nested tree is: a scalar, or a list or a mapping and its children
/// (a mapping's as key, value, key, value).
pub enum Shape<'v, C> {
    /// A scalar.
    Scalar(Value<'v>),
    /// A list's items.
    List(C),
    /// A mapping's keys and values.
    Mapping(C),
}

/// A value of a nested tree: serde-saphyr's reading, or a node of another tree.
pub trait Nested: Sized {
    /// Its byte range in the source.
    fn span(&self) -> Range<usize>;
    /// What it is.
    fn shape(&self) -> Shape<'_, impl Iterator<Item = Self>>;
}

/// Lays `value` and its children into the builder's table; its record.
pub fn lay<N: Nested>(builder: &mut Builder, value: &N) -> Option<Record> {
    let span = value.span();
    let (children, is_map) = match value.shape() {
        Shape::Scalar(scalar) => return builder.scalar(scalar, &span),
        Shape::List(children) => (children, false),
        Shape::Mapping(children) => (children, true),
    };
    let mark = builder.mark();
    for child in children {
        let record = lay(builder, &child)?;
        builder.push(record);
    }
    builder.close(mark, is_map, &span)
}

impl Nested for Node<'_> {
    fn span(&self) -> Range<usize> {
        Node::span(self)
    }

    fn shape(&self) -> Shape<'_, impl Iterator<Item = Self>> {
        match self.kind() {
            NodeKind::Null => Shape::Scalar(Value::Null),
            NodeKind::Bool(b) => Shape::Scalar(Value::Bool(b)),
            NodeKind::Int(i) => Shape::Scalar(Value::Int(i)),
            NodeKind::Float(f) => Shape::Scalar(Value::Float(f)),
            NodeKind::Str(text) => Shape::Scalar(Value::Str(text.text())),
            NodeKind::Seq(items) => Shape::List(Children::Items(items.iter())),
            NodeKind::Map(entries) => Shape::Mapping(Children::Entries(
                entries.iter().flat_map(|(key, value)| [key, value]),
            )),
        }
    }
}

/// A node's children, as [`Nested::shape`] gives them.
enum Children<I, E> {
    Items(I),
    Entries(E),
}

impl<'t, I: Iterator<Item = Node<'t>>, E: Iterator<Item = Node<'t>>> Iterator for Children<I, E> {
    type Item = Node<'t>;

    fn next(&mut self) -> Option<Node<'t>> {
        match self {
            Children::Items(items) => items.next(),
            Children::Entries(entries) => entries.next(),
        }
    }
}

impl Node<'_> {
    /// The node and everything under it as a tree of their own, spans kept: for a value
    /// kept past its document's decoding (a parameter's, decoded once its declaration is
    /// known). Its strings are copied, so it reads as parsed, not baked.
    pub fn to_tree(self) -> Tree {
        let mut builder = Builder::new(0);
        let root = lay(&mut builder, &self);
        root.and_then(|root| builder.finish(root))
            .unwrap_or_else(Tree::empty)
    }
}
