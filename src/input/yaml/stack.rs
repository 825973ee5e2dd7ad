//! A document's nodes as a parser meets them, into a located [`Tree`]: the part both
//! readers of a plain document share (charter's own, [`super::reader`], and the one on
//! granit-parser's events, [`super::events`]).
//!
//! Scalars (their text, whether plain, and their span), collections opened and closed in;
//! the tree out, or `None` for anything left to serde-saphyr: a key that is not a string or
//! is the merge key, two keys with the same text, nesting as deep as the limit, more nodes
//! than the budget, a plain scalar spelled in a way serde-saphyr reads otherwise. A plain
//! scalar gets the type serde-saphyr's untyped reading gives it: null, a YAML 1.1 boolean,
//! an integer, a float or a string.

use std::ops::Range;

use super::builder::{self, Value};
use super::tree::{Record, STR, Tree};

/// More nodes than this leave the document to serde-saphyr, whose budget counts them
/// (250,000 by default): well below it, so this path never accepts what it would refuse.
const MAX_NODES: usize = 200_000;

/// A collection being filled.
struct Open {
    span: Range<usize>,
    is_map: bool,
    /// Where its children start among the builder's pending nodes.
    mark: usize,
    /// Whether a key of this mapping waits for its value.
    key_waiting: bool,
}

/// Collections open at the moment, innermost last, and the tree they go into.
pub struct Stack {
    tree: builder::Builder,
    open: Vec<Open>,
    nodes: usize,
    max_depth: usize,
}

impl Stack {
    /// A stack for a document whose spans start `bom` bytes on, nesting at most
    /// `max_depth` deep.
    pub fn new(bom: usize, max_depth: usize) -> Stack {
        Stack {
            tree: builder::Builder::new(bom),
            open: Vec::new(),
            nodes: 0,
            max_depth,
        }
    }

    /// Adds a scalar of `text` over `span` (`plain`: written without quotes, so typed);
    /// `Some(Some(root))` when it is the whole document.
    pub fn scalar(
        &mut self,
        text: &str,
        plain: bool,
        span: &Range<usize>,
    ) -> Option<Option<Record>> {
        let value = if plain {
            self::plain(text)?
        } else {
            Value::Str(text)
        };
        let record = self.tree.scalar(value, span)?;
        self.add(record)
    }

    /// The tree whose root is `root`.
    pub fn finish(self, root: Record) -> Option<Tree> {
        self.tree.finish(root)
    }

    /// Opens a mapping (`is_map`) or a list starting at `span`.
    pub fn open(&mut self, is_map: bool, span: Range<usize>) -> Option<()> {
        self.count()?;
        if self.open.len() + 1 >= self.max_depth {
            return None;
        }
        let mark = self.tree.mark();
        self.open.push(Open {
            span,
            is_map,
            mark,
            key_waiting: false,
        });
        Some(())
    }

    /// Ends the innermost collection; `Some(Some(root))` when it was the document's.
    pub fn close(&mut self) -> Option<Option<Record>> {
        let open = self.open.pop()?;
        if open.key_waiting || (open.is_map && !self.keys_distinct(open.mark)) {
            return None;
        }
        let record = self.tree.close(open.mark, open.is_map, &open.span)?;
        self.place(record)
    }

    /// Adds a scalar; `Some(Some(root))` when it is the whole document.
    fn add(&mut self, record: Record) -> Option<Option<Record>> {
        self.count()?;
        self.place(record)
    }

    fn count(&mut self) -> Option<()> {
        self.nodes += 1;
        (self.nodes <= MAX_NODES).then_some(())
    }

    /// Puts a finished node in the innermost open collection, or returns it as the root.
    /// A mapping's key must be a string, and not the merge key.
    fn place(&mut self, record: Record) -> Option<Option<Record>> {
        let Some(open) = self.open.last_mut() else {
            return Some(Some(record));
        };
        if open.is_map {
            if !open.key_waiting && (record.tag != STR || self.tree.text(record) == "<<") {
                return None;
            }
            open.key_waiting = !open.key_waiting;
        }
        self.tree.push(record);
        Some(None)
    }

    /// Whether no two keys of the mapping whose entries start at `mark` have the same
    /// text (serde-saphyr refuses duplicates; this path leaves such a mapping to it, for
    /// its error).
    fn keys_distinct(&self, mark: usize) -> bool {
        let keys = (self.tree.since(mark).iter().step_by(2)).map(|key| self.tree.text(*key));
        if keys.len() <= 16 {
            // Each key against those before it, gathered on the stack.
            let mut before = [""; 16];
            for (i, key) in keys.enumerate() {
                if before[..i].contains(&key) {
                    return false;
                }
                before[i] = key;
            }
            return true;
        }
        let mut keys: Vec<&str> = keys.collect();
        keys.sort_unstable();
        keys.windows(2).all(|pair| pair[0] != pair[1])
    }
}

/// A plain scalar's value, or `None` to leave it to serde-saphyr.
fn plain(value: &str) -> Option<Value<'_>> {
    if matches!(value, "" | "~" | "null" | "Null" | "NULL") {
        return Some(Value::Null);
    }
    let text = value.trim_matches(|c| matches!(c, ' ' | '\t' | '\r' | '\n'));
    if let Some(truth) = yaml11_bool(text) {
        return Some(Value::Bool(truth));
    }
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let bytes = unsigned.as_bytes();
    match bytes.first() {
        Some(b'0'..=b'9') => {}
        Some(b'.') => return dotted(value, text, unsigned),
        // No integer or float starts otherwise.
        _ => return Some(Value::Str(value)),
    }
    let prefixed = bytes.len() > 1
        && bytes[0] == b'0'
        && matches!(bytes[1], b'x' | b'X' | b'o' | b'O' | b'b' | b'B');
    if prefixed || bytes.contains(&b'_') {
        return None;
    }
    if bytes.iter().all(u8::is_ascii_digit) {
        return integer(text, unsigned);
    }
    // Digits mixed with other characters: never an integer; a float when one reads.
    match text.parse::<f64>() {
        Ok(number) if number.is_finite() => Some(Value::Float(number)),
        Ok(_) => None,
        Err(_) => Some(Value::Str(value)),
    }
}

/// A plain scalar starting with a dot (after its sign): `.inf` and `.nan`, which serde-saphyr
/// refuses untyped, are left to it; `.5` is a float; anything else (`../x`, `.5e999`, whose
/// overflow it reads only after a digit) is a string.
fn dotted<'v>(value: &'v str, text: &str, unsigned: &str) -> Option<Value<'v>> {
    if matches!(
        unsigned,
        ".inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN"
    ) {
        return None;
    }
    match text.parse::<f64>() {
        Ok(number) if number.is_finite() => Some(Value::Float(number)),
        _ => Some(Value::Str(value)),
    }
}

/// A decimal integer of digits only (`unsigned`, `text` with its sign): as serde-saphyr
/// reads it, or `None` for a leading zero or a number past 64 bits.
fn integer(text: &str, unsigned: &str) -> Option<Value<'static>> {
    if unsigned.len() > 1 && unsigned.starts_with('0') {
        return None;
    }
    if text.starts_with('-') {
        return text.parse::<i64>().ok().map(Value::Int);
    }
    let number = unsigned.parse::<u64>().ok()?;
    Some(i64::try_from(number).map_or(Value::Float(number as f64), Value::Int))
}

/// YAML 1.1's booleans, in any case (serde-saphyr's default reading).
fn yaml11_bool(text: &str) -> Option<bool> {
    // None of the words is longer than five letters: most scalars are asked no further.
    if text.len() > 5 {
        return None;
    }
    let is = |words: [&str; 4]| words.iter().any(|w| text.eq_ignore_ascii_case(w));
    if is(["true", "yes", "y", "on"]) {
        Some(true)
    } else if is(["false", "no", "n", "off"]) {
        Some(false)
    } else {
        None
    }
}
