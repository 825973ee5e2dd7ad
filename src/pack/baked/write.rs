//! Writing the byte form of decoded pack values ([`super::codec`]): the tests write
//! `packs.bin` with it; the binary only reads. In: pack values and the file they were
//! decoded from. Out: their bytes, and the table of texts shown as written that every
//! pack shares.

use std::sync::Arc;

use super::codec::Table;
use crate::diag::source::Source;

/// Strings written, each once, and where each stands in their table.
#[derive(Default)]
struct Strings {
    text: String,
    placed: std::collections::HashMap<String, usize>,
}

impl Strings {
    /// Where `text` stands, added (followed by `after`) when it is new.
    fn place(&mut self, text: &str, after: &str) -> usize {
        if let Some(at) = self.placed.get(text) {
            return *at;
        }
        let at = self.text.len();
        self.text.push_str(text);
        self.text.push_str(after);
        self.placed.insert(text.to_string(), at);
        at
    }
}

/// The table every pack shares, of the texts a page shows as they are written: the texts
/// that `shown_as_written` (the renderer's escaping, which tests give) gives back as they
/// are, but for white space at either end. Each stands between NUL bytes, which no such
/// text holds.
pub struct Plain {
    strings: Strings,
    shown_as_written: fn(&str) -> bool,
}

impl Plain {
    /// An empty table of the texts `shown_as_written` holds unchanged: its first NUL.
    pub fn new(shown_as_written: fn(&str) -> bool) -> Plain {
        let strings = Strings {
            text: "\0".to_string(),
            ..Strings::default()
        };
        Plain {
            strings,
            shown_as_written,
        }
    }

    /// The table as the file holds it: a NUL byte, then each text and a NUL byte.
    pub fn table(&self) -> &str {
        &self.strings.text
    }
}

/// Where values are written, and the file their locations must be in (tests write
/// `packs.bin`; the binary only reads).
pub struct Writer<'s> {
    /// The values' bytes so far.
    pub bytes: Vec<u8>,
    /// The pack's file: every location written is in it.
    pub source: &'s Arc<Source>,
    /// The pack's own strings.
    strings: Strings,
    /// The texts shown as written, which every pack shares.
    plain: &'s mut Plain,
    /// Where the last location written starts (the form of [`crate::diag::source::Loc`]).
    pub(super) last_start: usize,
}

impl<'s> Writer<'s> {
    /// Writes values located in `source`, their texts shown as written to `plain`.
    pub fn new(source: &'s Arc<Source>, plain: &'s mut Plain) -> Writer<'s> {
        Writer {
            bytes: Vec::new(),
            source,
            strings: Strings::default(),
            plain,
            last_start: 0,
        }
    }

    /// The pack's string table, then the values: what [`super::codec::Reader::new`] reads.
    pub fn finish(self) -> Vec<u8> {
        let mut out = Vec::new();
        sized(&mut out, self.strings.text.as_bytes());
        out.extend(self.bytes);
        out
    }

    /// An unsigned integer, seven bits a byte, low bits first.
    pub fn varint(&mut self, n: u64) {
        varint(&mut self.bytes, n);
    }

    /// A string: its table ([`Table`]) and place in it, twice the place and the table's
    /// number, then its length.
    pub(super) fn str(&mut self, text: &str) {
        let (at, table) = match (self.plain.shown_as_written)(text) {
            true => (self.plain.strings.place(text, "\0"), Table::Plain),
            false => (self.strings.place(text, ""), Table::Own),
        };
        self.varint(at as u64 * 2 + table as u64);
        self.varint(text.len() as u64);
    }
}

/// Appends `n` to `out`, seven bits a byte, low bits first.
pub fn varint(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push(n as u8 | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Appends `bytes` after their length.
pub fn sized(out: &mut Vec<u8>, bytes: &[u8]) {
    varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}
