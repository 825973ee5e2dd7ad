//! Charter's own reader of the YAML nearly every engagement file and pack is written in:
//! block mappings and lists, flow mappings and lists, plain and quoted scalars on one line,
//! literal and folded block scalars, comments.
//!
//! Text in, `Some(`[`Tree`]`)` out, or `None` the moment the document holds anything else
//! (a tab, a carriage return, a control character, a document marker, a directive, an
//! anchor, an alias, a tag, an explicit key, a scalar running over lines, an escape other
//! than `\\`, `\"`, `\/`, `\n` and `\t`, an entry with nothing after its dash, a block
//! scalar with an indentation indicator, a blank first line or a line of spaces, any syntax
//! error): the document is then read by the parser serde-saphyr drives ([`super::events`])
//! and, failing that, by serde-saphyr itself, so every error and rule stays theirs. What it
//! reads goes through the same [`Stack`] as the parser's events, so a key that is not a
//! string, two keys with the same text, the nesting limit and the types of plain scalars
//! are decided in one place.
//!
//! Each node's span is the one the parser's event gives: a scalar's text (a quoted one with
//! its quotes, a block scalar from its first character to where the next line's indentation
//! ends), a block collection's first character (empty), a flow collection's bracket, an
//! empty value the colon before it. A test holds this reader to the parser's trees, spans
//! included, over every YAML file of the repository and over documents on the edge of each
//! construct. It reads a byte at a time and copies only a scalar whose text is not its span
//! (escapes, folded lines), about a fifth of the parser's instructions.

mod flow;
mod scalar;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::ops::Range;

use super::stack::Stack;
use super::tree::{Record, Tree};

/// Longest implicit key YAML allows, in characters (here bytes, to be safe).
const MAX_KEY: usize = 1024;

/// Reads one document into a located tree when it is in the form this reader takes (see
/// the module's notes); `None` leaves it to the parser.
pub fn parse(text: &str, bom: usize, max_depth: usize) -> Option<Tree> {
    if !plain_bytes(text.as_bytes()) {
        return None;
    }
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        at: 0,
        stack: Stack::new(bom, max_depth),
        root: None,
    };
    let indent = reader.next_line()??;
    reader.at += indent;
    reader.block_node(-1)?;
    if reader.next_line()?.is_some() {
        return None;
    }
    let root = reader.root?;
    reader.stack.finish(root)
}

/// Whether `bytes` holds none of the characters this reader leaves to the parser: tabs,
/// carriage returns and other control characters, C1 controls, byte order marks, the line
/// and paragraph separators and the two non-characters U+FFFE and U+FFFF.
fn plain_bytes(bytes: &[u8]) -> bool {
    // Most documents are printable ASCII throughout: one pass the compiler vectorizes.
    let printable = |chunk: &[u8]| {
        (chunk.iter()).fold(true, |all, &b| {
            all & (b == b'\n' || (b' '..=b'~').contains(&b))
        })
    };
    if bytes.chunks(64).all(printable) {
        return true;
    }
    let mut i = 0;
    while i < bytes.len() {
        let byte = bytes[i];
        match byte {
            b'\n' | b' '..=b'~' => {}
            0x00..=0x1f | 0x7f => return false,
            0xc2 if matches!(bytes.get(i + 1), Some(0x80..=0x9f)) => return false,
            0xe2 if bytes.get(i + 1) == Some(&0x80)
                && matches!(bytes.get(i + 2), Some(0xa8 | 0xa9)) =>
            {
                return false;
            }
            0xef if matches!(
                (bytes.get(i + 1), bytes.get(i + 2)),
                (Some(0xbb), Some(0xbf)) | (Some(0xbf), Some(0xbe | 0xbf))
            ) =>
            {
                return false;
            }
            _ => {}
        }
        i += 1;
    }
    true
}

/// A scalar read: its value, whether it was plain, and its span.
struct Scalar<'t> {
    text: Cow<'t, str>,
    plain: bool,
    span: Range<usize>,
}

/// A block mapping's key read, and where its colon stands.
struct Key<'t> {
    scalar: Scalar<'t>,
    colon: usize,
}

/// Reading a document: its text, where reading stands, and the nodes read so far.
struct Reader<'t> {
    text: &'t str,
    bytes: &'t [u8],
    /// Where reading stands.
    at: usize,
    stack: Stack,
    root: Option<Record>,
}

impl<'t> Reader<'t> {
    pub(super) fn byte(&self, at: usize) -> Option<u8> {
        self.bytes.get(at).copied()
    }

    /// Whether the byte at `at` ends a token: a space, a line's end or the text's.
    pub(super) fn blank_at(&self, at: usize) -> bool {
        matches!(self.byte(at), None | Some(b' ' | b'\n'))
    }

    /// Hands the stack's answer on, keeping the root when it is one.
    pub(super) fn put(&mut self, placed: Option<Option<Record>>) -> Option<()> {
        if let Some(root) = placed? {
            self.root = Some(root);
        }
        Some(())
    }

    pub(super) fn scalar(&mut self, scalar: &Scalar<'_>) -> Option<()> {
        let placed = self.stack.scalar(&scalar.text, scalar.plain, &scalar.span);
        self.put(placed)
    }

    /// An empty value at `at` (the colon before it): null.
    pub(super) fn null(&mut self, at: usize) -> Option<()> {
        let placed = self.stack.scalar("", true, &(at..at));
        self.put(placed)
    }

    pub(super) fn close(&mut self) -> Option<()> {
        let placed = self.stack.close();
        self.put(placed)
    }

    /// The column reading stands at.
    pub(super) fn column(&self) -> usize {
        let before = &self.bytes[..self.at];
        self.at - memchr::memrchr(b'\n', before).map_or(0, |i| i + 1)
    }

    pub(super) fn skip_spaces(&mut self) {
        while self.byte(self.at) == Some(b' ') {
            self.at += 1;
        }
    }

    pub(super) fn skip_to_line_end(&mut self) {
        self.at =
            memchr::memchr(b'\n', &self.bytes[self.at..]).map_or(self.bytes.len(), |i| self.at + i);
    }

    /// From a line's start, past blank and comment lines to the next line with content:
    /// `Some(Some(indent))` with reading at that line's start, `Some(None)` at the end of
    /// the text, `None` at a document marker.
    pub(super) fn next_line(&mut self) -> Option<Option<usize>> {
        loop {
            let start = self.at;
            self.skip_spaces();
            match self.byte(self.at) {
                None => return Some(None),
                Some(b'\n') => self.at += 1,
                Some(b'#') => {
                    self.skip_to_line_end();
                    if self.at < self.bytes.len() {
                        self.at += 1;
                    }
                }
                Some(_) => {
                    let indent = self.at - start;
                    self.at = start;
                    let rest = &self.bytes[start..];
                    let marker = (rest.starts_with(b"---") || rest.starts_with(b"..."))
                        && self.blank_at(start + 3);
                    return (indent > 0 || !marker).then_some(Some(indent));
                }
            }
        }
    }

    /// Past what may follow a value on its line (spaces, a comment) and the line's end.
    pub(super) fn end_of_line(&mut self) -> Option<()> {
        let start = self.at;
        self.skip_spaces();
        match self.byte(self.at) {
            Some(b'#') if self.at > start => self.skip_to_line_end(),
            _ => {}
        }
        match self.byte(self.at) {
            None => Some(()),
            Some(b'\n') => {
                self.at += 1;
                Some(())
            }
            Some(_) => None,
        }
    }

    /// Whether a block list's entry starts at `at`: a dash and a space, or a line's end.
    pub(super) fn dash_at(&self, at: usize) -> bool {
        self.byte(at) == Some(b'-') && self.blank_at(at + 1)
    }

    /// A node in block context starting where reading stands (its first character), in a
    /// collection indented `parent`.
    pub(super) fn block_node(&mut self, parent: isize) -> Option<()> {
        let column = self.column();
        if self.dash_at(self.at) {
            return self.block_list(column, false);
        }
        match self.key()? {
            Some(key) => self.block_mapping(column, key),
            None => self.inline_value(parent),
        }
    }

    /// A block mapping at `indent` whose first key is read.
    pub(super) fn block_mapping(&mut self, indent: usize, first: Key<'t>) -> Option<()> {
        let start = first.scalar.span.start;
        self.stack.open(true, start..start)?;
        let mut key = first;
        loop {
            self.scalar(&key.scalar)?;
            self.at = key.colon + 1;
            self.value_of(indent, key.colon)?;
            match self.next_line()? {
                Some(next) if next == indent => {
                    self.at += next;
                    key = self.key()??;
                }
                Some(next) if next < indent => break,
                None => break,
                Some(_) => return None,
            }
        }
        self.close()
    }

    /// The value after a block mapping's key (reading just past its colon), the mapping
    /// indented `indent`.
    pub(super) fn value_of(&mut self, indent: usize, colon: usize) -> Option<()> {
        self.skip_spaces();
        if !matches!(self.byte(self.at), None | Some(b'\n' | b'#')) {
            return self.inline_value(indent as isize);
        }
        self.end_of_line()?;
        let line = self.at;
        match self.next_line()? {
            Some(next) if next > indent => {
                self.at += next;
                self.block_node(indent as isize)
            }
            Some(next) if next == indent && self.dash_at(self.at + next) => {
                self.at += next;
                self.block_list(indent, true)
            }
            _ => {
                // The line after belongs to what holds this mapping: read it from there.
                self.at = line;
                self.null(colon)
            }
        }
    }

    /// A block list whose first dash is where reading stands, at `indent`; `indentless`
    /// when it is a mapping's value at the mapping's own indent, whose span the parser
    /// starts at its first entry's value, not at its dash.
    pub(super) fn block_list(&mut self, indent: usize, indentless: bool) -> Option<()> {
        let start = match indentless {
            true => self.at + 1 + self.spaces_at(self.at + 1),
            false => self.at,
        };
        self.stack.open(false, start..start)?;
        loop {
            self.at += 1;
            if self.byte(self.at) != Some(b' ') {
                return None;
            }
            self.skip_spaces();
            if matches!(self.byte(self.at), None | Some(b'\n' | b'#')) || self.dash_at(self.at) {
                return None;
            }
            let column = self.column();
            match self.key()? {
                Some(key) => self.block_mapping(column, key)?,
                None => self.inline_value(indent as isize)?,
            }
            match self.next_line()? {
                Some(next) if next == indent && self.dash_at(self.at + next) => self.at += next,
                Some(next) if next <= indent => break,
                None => break,
                Some(_) => return None,
            }
        }
        self.close()
    }

    /// A value on the line reading stands on (a flow collection, a quoted, block or plain
    /// scalar) in a block collection indented `parent`, and the rest of its line.
    pub(super) fn inline_value(&mut self, parent: isize) -> Option<()> {
        match self.byte(self.at)? {
            b'[' | b'{' => self.flow_collection(parent)?,
            b'"' | b'\'' => {
                let scalar = self.quoted()?;
                self.scalar(&scalar)?;
            }
            b'|' | b'>' => return self.block_scalar(parent),
            _ => {
                let (end, colon) = self.plain_in_block();
                if colon {
                    return None;
                }
                let scalar = self.plain_scalar(end)?;
                self.scalar(&scalar)?;
            }
        }
        self.end_of_line()
    }

    /// The key of a block mapping where reading stands, if one is there: a quoted or plain
    /// scalar on this line followed by a colon and a space or the line's end. Reading moves
    /// only when it is one. `None` for a key this reader leaves to the parser.
    pub(super) fn key(&mut self) -> Option<Option<Key<'t>>> {
        let start = self.at;
        let key = match self.byte(start)? {
            b'"' | b'\'' => {
                let scalar = self.quoted()?;
                let after = self.at;
                self.skip_spaces();
                let colon = self.at;
                let is_key = self.byte(colon) == Some(b':') && self.blank_at(colon + 1);
                self.at = if is_key { colon } else { after };
                is_key.then_some(Key { scalar, colon })
            }
            _ if !self.plain_starts(start) => None,
            _ => {
                let (end, colon) = self.plain_in_block();
                match colon {
                    true => {
                        let colon = self.at;
                        self.at = start;
                        let scalar = self.plain_scalar(end)?;
                        self.at = colon;
                        Some(Key { scalar, colon })
                    }
                    false => None,
                }
            }
        };
        match key {
            Some(key) if key.scalar.span.len() > MAX_KEY => None,
            Some(key) => Some(Some(key)),
            None => {
                self.at = start;
                Some(None)
            }
        }
    }
}
