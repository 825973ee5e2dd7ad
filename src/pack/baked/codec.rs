//! The byte form of decoded pack values: [`Bake`] writes a value to a [`Writer`] and reads
//! it back from a [`Reader`] over bytes the binary holds, field by field in declaration
//! order, with no names and no schema. Integers are LEB128 varints (signed ones zigzagged);
//! strings stand once each in a table before the values, checked to be UTF-8 in one pass,
//! and a value names its string by place and length, read as a borrowed `&'static str`; a
//! location is its byte range, read back into the source being read.
//!
//! Reading never panics: a read past the end, a length that does not fit, a tag no value
//! has or bytes that are not UTF-8 answer `None`, and the caller decodes the pack's text
//! instead. Writing answers `None` for a value the form does not hold (a location in
//! another file), so such a pack is not baked.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use crate::diag::source::{Loc, Located, Source};

/// A value with a byte form.
pub trait Bake: Sized {
    /// Writes the value; `None` when the form cannot hold it.
    #[cfg(test)]
    fn put(&self, w: &mut Writer) -> Option<()>;
    /// Reads a value [`Bake::put`] wrote; `None` on bytes it did not write.
    fn take(r: &mut Reader) -> Option<Self>;
}

/// Where values are written, and the file their locations must be in (tests write
/// `packs.bin`; the binary only reads).
#[cfg(test)]
pub struct Writer<'s> {
    /// The values' bytes so far.
    pub bytes: Vec<u8>,
    /// The pack's file: every location written is in it.
    pub source: &'s Arc<Source>,
    /// The strings written so far, each once, and where each stands.
    strings: String,
    placed: std::collections::HashMap<String, usize>,
    /// Where the last location written starts ([`Loc`]'s form).
    last_start: usize,
}

#[cfg(test)]
impl<'s> Writer<'s> {
    /// Writes values located in `source`.
    pub fn new(source: &'s Arc<Source>) -> Writer<'s> {
        Writer {
            bytes: Vec::new(),
            source,
            strings: String::new(),
            placed: std::collections::HashMap::new(),
            last_start: 0,
        }
    }

    /// The string table, then the values: what [`Reader::new`] reads.
    pub fn finish(self) -> Vec<u8> {
        let mut out = Writer::new(self.source);
        out.sized(self.strings.as_bytes());
        out.bytes.extend(self.bytes);
        out.bytes
    }

    /// An unsigned integer, seven bits a byte, low bits first.
    pub fn varint(&mut self, mut n: u64) {
        while n >= 0x80 {
            self.bytes.push(n as u8 | 0x80);
            n >>= 7;
        }
        self.bytes.push(n as u8);
    }

    /// Bytes, after their length.
    pub fn sized(&mut self, bytes: &[u8]) {
        self.varint(bytes.len() as u64);
        self.bytes.extend_from_slice(bytes);
    }

    fn str(&mut self, text: &str) {
        let at = match self.placed.get(text) {
            Some(at) => *at,
            None => {
                let at = self.strings.len();
                self.strings.push_str(text);
                self.placed.insert(text.to_string(), at);
                at
            }
        };
        self.varint(at as u64);
        self.varint(text.len() as u64);
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
        // Most are below 128: one byte.
        if let Some((&byte, rest)) = self.bytes.split_first()
            && byte < 0x80
        {
            self.bytes = rest;
            return Some(u64::from(byte));
        }
        self.long_varint()
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
    /// The strings the values name.
    strings: &'static str,
    /// Where the last location read starts.
    last_start: usize,
}

impl<'s> Reader<'s> {
    /// Reads what [`Writer::finish`] wrote, locating values in `source`; `None` when the
    /// string table is cut short or not UTF-8.
    pub fn new(bytes: &'static [u8], source: &'s Arc<Source>) -> Option<Reader<'s>> {
        let mut cursor = Cursor::new(bytes);
        let strings = std::str::from_utf8(cursor.sized()?).ok()?;
        Some(Reader {
            cursor,
            source,
            strings,
            last_start: 0,
        })
    }

    fn str(&mut self) -> Option<&'static str> {
        let at = usize::try_from(self.varint()?).ok()?;
        let len = usize::try_from(self.varint()?).ok()?;
        self.strings.get(at..at.checked_add(len)?)
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

    fn round_trip<T: Bake>(value: &T) -> Option<T> {
        let source = Source::builtin("t", "text of the file");
        let mut w = Writer::new(&source);
        value.put(&mut w)?;
        let bytes: &'static [u8] = Vec::leak(w.finish());
        let mut r = Reader::new(bytes, &source)?;
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
        for n in [0u64, 127, 128, 16_383, 16_384, u64::MAX] {
            assert_eq!(round_trip(&n), Some(n));
        }
        for x in [0.0f64, -1.5, 99.95, f64::MAX] {
            assert_eq!(round_trip(&x), Some(x));
        }
    }

    #[test]
    fn a_location_in_another_file_is_not_written() {
        let other = Source::builtin("other", "x");
        let source = Source::builtin("t", "text");
        let mut w = Writer::new(&source);
        assert_eq!(Loc::new(&other, 0..1).put(&mut w), None);
    }

    #[test]
    fn bytes_not_written_by_put_read_as_nothing_and_never_panic() {
        let source = Source::builtin("t", "short");
        let value = vec![Some("a text".to_string()), None, Some(String::new())];
        let mut w = Writer::new(&source);
        value.put(&mut w).unwrap();
        Located::new(7i64, Loc::new(&source, 1..4))
            .put(&mut w)
            .unwrap();
        let whole: &'static [u8] = Vec::leak(w.finish());
        // Every cut, and every byte changed to each of a few values, reads as something or
        // nothing, and never past the file's text.
        for cut in 0..whole.len() {
            if let Some(mut r) = Reader::new(&whole[..cut], &source) {
                let _ =
                    Vec::<Option<String>>::take(&mut r).and_then(|_| Located::<i64>::take(&mut r));
            }
        }
        for at in 0..whole.len() {
            for byte in [0x00, 0x01, 0x7f, 0x80, 0xc3, 0xff] {
                let mut bytes = whole.to_vec();
                bytes[at] = byte;
                let bytes: &'static [u8] = Vec::leak(bytes);
                let Some(mut r) = Reader::new(bytes, &source) else {
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
