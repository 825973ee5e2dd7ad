//! The byte form of decoded pack values: [`Bake`] writes a value to a [`Writer`] and reads
//! it back from a [`Reader`] over bytes the binary holds, field by field in declaration
//! order, with no names and no schema. Integers are LEB128 varints (signed ones zigzagged);
//! strings stand once each in a table, checked to be UTF-8 in one pass, and a value names
//! its string by table, place and length, read as a borrowed `&'static str`; a location is
//! its byte range, read back into the source being read.
//!
//! There are two tables: the pack's own, before its values, and one that every pack
//! shares, of the texts the documents show as they are written (`write::Plain`): each such text
//! stands whole between NUL bytes, so that the text alone tells whether it is one
//! (`super::shown_as_written`).
//!
//! Reading never panics: a read past the end, a length that does not fit, a tag no value
//! has or bytes that are not UTF-8 answer `None`, and the caller decodes the pack's text
//! instead. Writing answers `None` for a value the form does not hold (a location in
//! another file), so such a pack is not baked.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

#[cfg(test)]
pub use super::write::{Plain, Writer, sized};
use crate::diag::source::{Loc, Located, Source};

/// A value with a byte form.
pub trait Bake: Sized {
    /// Writes the value; `None` when the form cannot hold it.
    #[cfg(test)]
    fn put(&self, w: &mut Writer) -> Option<()>;
    /// Reads a value [`Bake::put`] wrote; `None` on bytes it did not write.
    fn take(r: &mut Reader) -> Option<Self>;
}

/// Which table a string stands in.
#[derive(Clone, Copy)]
pub(super) enum Table {
    /// The pack's own.
    Own = 0,
    /// The texts shown as written, which every pack shares.
    Plain = 1,
}

impl Table {
    /// The table of a string's `place` as written: twice the place, and the table's number.
    fn of(place: u64) -> Table {
        match place % 2 == Table::Own as u64 {
            true => Table::Own,
            false => Table::Plain,
        }
    }
}

/// Bytes the binary holds, read from the front.
pub struct Cursor {
    bytes: &'static [u8],
}

impl Cursor {
    /// Reads `bytes` from the first.
    pub fn new(bytes: &'static [u8]) -> Cursor {
        Cursor { bytes }
    }

    /// Whether every byte was read.
    pub fn is_done(&self) -> bool {
        self.bytes.is_empty()
    }

    /// An unsigned integer of at most ten bytes.
    #[inline]
    pub fn varint(&mut self) -> Option<u64> {
        // Most are below 128: one byte; a string's place in the shared table takes three.
        let low = |byte: u8| u64::from(byte & 0x7f);
        let (n, rest) = match self.bytes {
            [a, rest @ ..] if *a < 0x80 => (u64::from(*a), rest),
            [a, b, rest @ ..] if *b < 0x80 => (low(*a) | u64::from(*b) << 7, rest),
            [a, b, c, rest @ ..] if *c < 0x80 => {
                (low(*a) | low(*b) << 7 | u64::from(*c) << 14, rest)
            }
            _ => return self.long_varint(),
        };
        self.bytes = rest;
        Some(n)
    }

    fn long_varint(&mut self) -> Option<u64> {
        let mut n = 0u64;
        for (i, byte) in self.bytes.iter().enumerate().take(10) {
            n |= u64::from(byte & 0x7f) << (7 * i);
            if byte & 0x80 == 0 {
                self.bytes = self.bytes.get(i + 1..)?;
                return Some(n);
            }
        }
        None
    }

    fn byte(&mut self) -> Option<u8> {
        let (first, rest) = self.bytes.split_first()?;
        self.bytes = rest;
        Some(*first)
    }

    /// `len` bytes.
    pub fn slice(&mut self, len: usize) -> Option<&'static [u8]> {
        let (taken, rest) = self.bytes.split_at_checked(len)?;
        self.bytes = rest;
        Some(taken)
    }

    /// As many bytes as the varint before them says.
    pub fn sized(&mut self) -> Option<&'static [u8]> {
        let len = usize::try_from(self.varint()?).ok()?;
        self.slice(len)
    }

    /// A count of items that each take at least one byte: never more than the bytes left,
    /// so no list is made larger than its bytes.
    fn count(&mut self) -> Option<usize> {
        let len = usize::try_from(self.varint()?).ok()?;
        (len <= self.bytes.len()).then_some(len)
    }
}

/// Values read from bytes the binary holds, their locations in `source`.
pub struct Reader<'s> {
    cursor: Cursor,
    /// The pack's file, which every location read points into.
    pub source: &'s Arc<Source>,
    /// The pack's own strings.
    strings: &'static str,
    /// The texts shown as written, which every pack shares (`write::Plain::table`).
    plain: &'static str,
    /// Where the last location read starts.
    last_start: usize,
}

impl<'s> Reader<'s> {
    /// Reads what [`Writer::finish`] wrote, locating values in `source`, its texts shown as
    /// written in `plain`; `None` when the string table is cut short or not UTF-8.
    pub fn new(
        bytes: &'static [u8],
        source: &'s Arc<Source>,
        plain: &'static str,
    ) -> Option<Reader<'s>> {
        let mut cursor = Cursor::new(bytes);
        let strings = std::str::from_utf8(cursor.sized()?).ok()?;
        Some(Reader {
            cursor,
            source,
            strings,
            plain,
            last_start: 0,
        })
    }

    fn str(&mut self) -> Option<&'static str> {
        let place = self.varint()?;
        let table = match Table::of(place) {
            Table::Own => self.strings,
            Table::Plain => self.plain,
        };
        let at = usize::try_from(place / 2).ok()?;
        let len = usize::try_from(self.varint()?).ok()?;
        table.get(at..at.checked_add(len)?)
    }
}

impl std::ops::Deref for Reader<'_> {
    type Target = Cursor;

    fn deref(&self) -> &Cursor {
        &self.cursor
    }
}

impl std::ops::DerefMut for Reader<'_> {
    fn deref_mut(&mut self) -> &mut Cursor {
        &mut self.cursor
    }
}

/// A tag byte: which variant of an enum follows.
#[cfg(test)]
pub fn tag(w: &mut Writer, tag: u8) {
    w.bytes.push(tag);
}

/// The tag byte [`tag`] wrote.
pub fn read_tag(r: &mut Reader) -> Option<u8> {
    r.byte()
}

impl Bake for u64 {
    #[cfg(test)]
    fn put(&self, w: &mut Writer) -> Option<()> {
        w.varint(*self);
        Some(())
    }
    fn take(r: &mut Reader) -> Option<u64> {
        r.varint()
    }
}

impl Bake for i64 {
    #[cfg(test)]
    fn put(&self, w: &mut Writer) -> Option<()> {
        w.varint(((self << 1) ^ (self >> 63)) as u64);
        Some(())
    }
    fn take(r: &mut Reader) -> Option<i64> {
        let n = r.varint()?;
        Some((n >> 1) as i64 ^ -((n & 1) as i64))
    }
}

impl Bake for f64 {
    #[cfg(test)]
    fn put(&self, w: &mut Writer) -> Option<()> {
        w.bytes.extend_from_slice(&self.to_bits().to_le_bytes());
        Some(())
    }
    fn take(r: &mut Reader) -> Option<f64> {
        let bytes = r.slice(8)?.first_chunk::<8>()?;
        Some(f64::from_bits(u64::from_le_bytes(*bytes)))
    }
}

impl Bake for bool {
    #[cfg(test)]
    fn put(&self, w: &mut Writer) -> Option<()> {
        tag(w, u8::from(*self));
        Some(())
    }
    fn take(r: &mut Reader) -> Option<bool> {
        match r.byte()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }
}

impl Bake for String {
    #[cfg(test)]
    fn put(&self, w: &mut Writer) -> Option<()> {
        w.str(self);
        Some(())
    }
    fn take(r: &mut Reader) -> Option<String> {
        r.str().map(str::to_string)
    }
}

/// A pack's text is read where the binary holds it, not copied.
impl Bake for Cow<'static, str> {
    #[cfg(test)]
    fn put(&self, w: &mut Writer) -> Option<()> {
        w.str(self);
        Some(())
    }
    fn take(r: &mut Reader) -> Option<Cow<'static, str>> {
        r.str().map(Cow::Borrowed)
    }
}

/// A version as written (`1.2.0`).
impl Bake for semver::Version {
    #[cfg(test)]
    fn put(&self, w: &mut Writer) -> Option<()> {
        w.str(&self.to_string());
        Some(())
    }
    fn take(r: &mut Reader) -> Option<semver::Version> {
        semver::Version::parse(r.str()?).ok()
    }
}

impl<T: Bake> Bake for Vec<T> {
    #[cfg(test)]
    fn put(&self, w: &mut Writer) -> Option<()> {
        w.varint(self.len() as u64);
        self.iter().try_for_each(|item| item.put(w))
    }
    fn take(r: &mut Reader) -> Option<Vec<T>> {
        let len = r.count()?;
        let mut items = Vec::with_capacity(len);
        for _ in 0..len {
            items.push(T::take(r)?);
        }
        Some(items)
    }
}

impl<T: Bake> Bake for Option<T> {
    #[cfg(test)]
    fn put(&self, w: &mut Writer) -> Option<()> {
        match self {
            None => {
                tag(w, 0);
                Some(())
            }
            Some(value) => {
                tag(w, 1);
                value.put(w)
            }
        }
    }
    fn take(r: &mut Reader) -> Option<Option<T>> {
        match r.byte()? {
            0 => Some(None),
            1 => T::take(r).map(Some),
            _ => None,
        }
    }
}

impl<T: Bake> Bake for Box<T> {
    #[cfg(test)]
    fn put(&self, w: &mut Writer) -> Option<()> {
        (**self).put(w)
    }
    fn take(r: &mut Reader) -> Option<Box<T>> {
        T::take(r).map(Box::new)
    }
}

impl<T: Bake> Bake for Arc<T> {
    #[cfg(test)]
    fn put(&self, w: &mut Writer) -> Option<()> {
        (**self).put(w)
    }
    fn take(r: &mut Reader) -> Option<Arc<T>> {
        T::take(r).map(Arc::new)
    }
}

impl<A: Bake, B: Bake> Bake for (A, B) {
    #[cfg(test)]
    fn put(&self, w: &mut Writer) -> Option<()> {
        self.0.put(w)?;
        self.1.put(w)
    }
    fn take(r: &mut Reader) -> Option<(A, B)> {
        Some((A::take(r)?, B::take(r)?))
    }
}

/// A location: its range in the file being written or read, its start as the distance from
/// the last location's (values are mostly written in the order the file holds them, so the
/// distance is mostly one byte).
impl Bake for Loc {
    #[cfg(test)]
    fn put(&self, w: &mut Writer) -> Option<()> {
        if !Arc::ptr_eq(&self.source, w.source) {
            return None;
        }
        let start = i64::try_from(self.span.start).ok()?;
        let last = i64::try_from(w.last_start).ok()?;
        (start - last).put(w)?;
        w.last_start = self.span.start;
        w.varint(self.span.len() as u64);
        Some(())
    }
    fn take(r: &mut Reader) -> Option<Loc> {
        let step = i64::take(r)?;
        let start = r
            .last_start
            .checked_add_signed(isize::try_from(step).ok()?)?;
        r.last_start = start;
        let len = usize::try_from(r.varint()?).ok()?;
        let span: Range<usize> = start..start.checked_add(len)?;
        // A range outside the file would point a diagnostic at nothing.
        (span.end <= r.source.text.len()).then(|| Loc::new(r.source, span))
    }
}

impl<T: Bake> Bake for Located<T> {
    #[cfg(test)]
    fn put(&self, w: &mut Writer) -> Option<()> {
        self.value.put(w)?;
        self.at.put(w)
    }
    fn take(r: &mut Reader) -> Option<Located<T>> {
        let value = T::take(r)?;
        Some(Located::new(value, Loc::take(r)?))
    }
}

/// [`Bake`] for a struct, its fields written and read in the order listed. The list must
/// name every field: writing takes the struct apart without `..`, so a field added to the
/// struct and not to the list does not compile.
macro_rules! bake_struct {
    ($ty:ident $(<$param:ident>)? { $($field:ident),* $(,)? }) => {
        impl$(<$param: $crate::pack::baked::codec::Bake>)? $crate::pack::baked::codec::Bake
            for $ty$(<$param>)?
        {
            #[cfg(test)]
            fn put(&self, w: &mut $crate::pack::baked::codec::Writer) -> Option<()> {
                let $ty { $($field),* } = self;
                $($crate::pack::baked::codec::Bake::put($field, w)?;)*
                Some(())
            }
            fn take(r: &mut $crate::pack::baked::codec::Reader) -> Option<Self> {
                // Fields are read in the order they are written here, which is the list's.
                Some($ty { $($field: $crate::pack::baked::codec::Bake::take(r)?),* })
            }
        }
    };
}

/// [`Bake`] for closed sets of words (`keywords!`): a value's place in `ALL`.
macro_rules! bake_keywords {
    ($($ty:ty),* $(,)?) => {$(
        impl $crate::pack::baked::codec::Bake for $ty {
            #[cfg(test)]
            fn put(&self, w: &mut $crate::pack::baked::codec::Writer) -> Option<()> {
                let index = <$ty>::ALL.iter().position(|value| value == self)?;
                $crate::pack::baked::codec::tag(w, u8::try_from(index).ok()?);
                Some(())
            }
            fn take(r: &mut $crate::pack::baked::codec::Reader) -> Option<Self> {
                let index = $crate::pack::baked::codec::read_tag(r)?;
                <$ty>::ALL.get(usize::from(index)).copied()
            }
        }
    )*};
}

pub(crate) use {bake_keywords, bake_struct};

#[cfg(test)]
mod tests {
    use super::*;

    /// Texts of letters and spaces only are shown as written, in these tests.
    fn plain() -> Plain {
        Plain::new(|text| text.bytes().all(|b| b.is_ascii_alphabetic() || b == b' '))
    }

    fn round_trip<T: Bake>(value: &T) -> Option<T> {
        let source = Source::builtin("t", "text of the file");
        let mut plain = plain();
        let mut w = Writer::new(&source, &mut plain);
        value.put(&mut w)?;
        let bytes: &'static [u8] = Vec::leak(w.finish());
        let table: &'static str = String::leak(plain.table().to_string());
        let mut r = Reader::new(bytes, &source, table)?;
        let back = T::take(&mut r);
        assert!(r.is_done(), "every byte written is read");
        back
    }

    #[test]
    fn integers_read_back_as_written() {
        for n in [
            0,
            1,
            -1,
            63,
            -64,
            64,
            127,
            128,
            i64::MAX,
            i64::MIN,
            3660,
            -3660,
        ] {
            assert_eq!(round_trip(&n), Some(n));
        }
        for n in [
            0u64,
            127,
            128,
            16_383,
            16_384,
            2_097_151,
            2_097_152,
            u64::MAX,
        ] {
            assert_eq!(round_trip(&n), Some(n));
        }
        for x in [0.0f64, -1.5, 99.95, f64::MAX] {
            assert_eq!(round_trip(&x), Some(x));
        }
    }

    #[test]
    fn strings_read_back_from_either_table() {
        let texts = vec![
            "a text".to_string(),
            "a-1".to_string(),
            "a text".to_string(),
            "another".to_string(),
            "a-1".to_string(),
        ];
        assert_eq!(round_trip(&texts), Some(texts));
        let mut plain = plain();
        let source = Source::builtin("t", "text");
        let mut w = Writer::new(&source, &mut plain);
        texts_put(&mut w, &["a text", "a-1", "another", "a text"]);
        assert_eq!(plain.table(), "\0a text\0another\0");
    }

    fn texts_put(w: &mut Writer, texts: &[&str]) {
        for text in texts {
            text.to_string().put(w).unwrap();
        }
    }

    #[test]
    fn a_location_in_another_file_is_not_written() {
        let other = Source::builtin("other", "x");
        let source = Source::builtin("t", "text");
        let mut plain = plain();
        let mut w = Writer::new(&source, &mut plain);
        assert_eq!(Loc::new(&other, 0..1).put(&mut w), None);
    }

    #[test]
    fn bytes_not_written_by_put_read_as_nothing_and_never_panic() {
        let source = Source::builtin("t", "short");
        let value = vec![Some("a text".to_string()), None, Some("a-1".to_string())];
        let mut plain = plain();
        let mut w = Writer::new(&source, &mut plain);
        value.put(&mut w).unwrap();
        Located::new(7i64, Loc::new(&source, 1..4))
            .put(&mut w)
            .unwrap();
        let whole: &'static [u8] = Vec::leak(w.finish());
        let table: &'static str = String::leak(plain.table().to_string());
        // Every cut, and every byte changed to each of a few values, reads as something or
        // nothing, and never past the file's text.
        for cut in 0..whole.len() {
            if let Some(mut r) = Reader::new(&whole[..cut], &source, table) {
                let _ =
                    Vec::<Option<String>>::take(&mut r).and_then(|_| Located::<i64>::take(&mut r));
            }
        }
        for at in 0..whole.len() {
            for byte in [0x00, 0x01, 0x7f, 0x80, 0xc3, 0xff] {
                let mut bytes = whole.to_vec();
                bytes[at] = byte;
                let bytes: &'static [u8] = Vec::leak(bytes);
                let Some(mut r) = Reader::new(bytes, &source, table) else {
                    continue;
                };
                if Vec::<Option<String>>::take(&mut r).is_some()
                    && let Some(located) = Located::<i64>::take(&mut r)
                {
                    assert!(located.at.span.end <= source.text.len());
                }
            }
        }
    }
}
