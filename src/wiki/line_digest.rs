//! The digest of a page's line, which the footer records for each line charter wrote so
//! that the next read knows every line as charter's or someone's: in come lines and the
//! kind of digest ([`LineHash`]), out comes a 32-bit digest for each.
//!
//! A line is digested without its trailing white space, and an item's first line as
//! `- [ ]` and the rest of the line after its box, whatever the bullet, indent and tick:
//! ticking or restyling a box is not an edit.

use crate::fingerprint;
use crate::wiki::footer::LineHash;
use crate::wiki::scan::item_line;

/// What an item's first line is digested with in place of its bullet, indent and box.
const BOX: &str = "- [ ]";

/// The digest of each line, taken as `hash` says.
pub fn digests<'a>(hash: LineHash, lines: impl IntoIterator<Item = &'a str>) -> Vec<u32> {
    digests_noting_capital_boxes(hash, lines).0
}

/// [`digests`], and whether an item's first line among `lines` has its box written `[X]`
/// (which laying a page item by item writes `[x]`).
pub fn digests_noting_capital_boxes<'a>(
    hash: LineHash,
    lines: impl IntoIterator<Item = &'a str>,
) -> (Vec<u32>, bool) {
    match hash {
        LineHash::Words => words(lines),
        LineHash::Fnv => fnv(lines),
    }
}

/// A line as it is digested ([`as_digested`]).
struct Digested<'a> {
    /// `- [ ]` for an item's first line, else nothing.
    head: &'static str,
    /// What follows the box, or the whole line; trailing white space off.
    rest: &'a str,
    /// Whether it is an item's first line with its box written `[X]`.
    capital_box: bool,
}

/// A line as it is digested, in two pieces: for an item's first line `- [ ]` and what
/// follows its box, for any other line nothing and the line; trailing white space off.
#[inline(always)]
fn as_digested(line: &str) -> Digested<'_> {
    // Most lines end in an ASCII character that is not white space: nothing to trim.
    let text = match line.as_bytes().last() {
        Some(&b) if b.is_ascii() && !char::from(b).is_whitespace() => line,
        _ => line.trim_end(),
    };
    match item_line(text) {
        Some((_, _, marker)) => Digested {
            head: BOX,
            rest: &text[marker.end..],
            capital_box: text.as_bytes()[marker.start + 1] == b'X',
        },
        None => Digested {
            head: "",
            rest: text,
            capital_box: false,
        },
    }
}

/// [`LineHash::Words`]: [`fingerprint::of_bytes`] of each line as digested, its low 32
/// bits, which mix both halves; an item's first line is digested in its two pieces.
fn words<'a>(lines: impl IntoIterator<Item = &'a str>) -> (Vec<u32>, bool) {
    let lines = lines.into_iter();
    let mut digests = Vec::with_capacity(lines.size_hint().0);
    let mut capital_box = false;
    for line in lines {
        let digested = as_digested(line);
        capital_box |= digested.capital_box;
        let rest = digested.rest.as_bytes();
        let digest = match digested.head {
            "" => fingerprint::of_bytes(rest),
            head => fingerprint::of_two(head.as_bytes(), rest),
        };
        digests.push(digest as u32);
    }
    (digests, capital_box)
}

/// [`LineHash::Fnv`]: FNV-1a of each line as digested, length-prefixed, its high 32 bits;
/// the lines are digested side by side ([`fingerprint::each`]).
fn fnv<'a>(lines: impl IntoIterator<Item = &'a str>) -> (Vec<u32>, bool) {
    let lines = lines.into_iter();
    let mut digests = Vec::with_capacity(lines.size_hint().0);
    // Room for a whole batch and the line that fills it: the batch never grows.
    let mut batch = Batch {
        bytes: Vec::with_capacity(BATCH_BYTES + 4 * 1024),
        ends: Vec::with_capacity(lines.size_hint().0),
    };
    let mut capital_box = false;
    for line in lines {
        capital_box |= length_prefixed(line, &mut batch.bytes);
        batch.ends.push(batch.bytes.len());
        if batch.bytes.len() >= BATCH_BYTES {
            batch.digest_into(&mut digests);
        }
    }
    batch.digest_into(&mut digests);
    (digests, capital_box)
}

/// How many bytes of lines [`fnv`] gathers before it digests them: a page of a large
/// portfolio (a megabyte and more) is not copied whole.
const BATCH_BYTES: usize = 64 * 1024;

/// Lines gathered to be digested side by side.
struct Batch {
    bytes: Vec<u8>,
    ends: Vec<usize>,
}

impl Batch {
    /// Appends the digests of the lines gathered, and starts again.
    fn digest_into(&mut self, digests: &mut Vec<u32>) {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        let messages: Vec<&[u8]> = (starts.zip(&self.ends))
            .map(|(start, end)| &self.bytes[start..*end])
            .collect();
        let each = fingerprint::each(&messages);
        digests.extend(each.into_iter().map(|h| (h >> 32) as u32));
        self.bytes.clear();
        self.ends.clear();
    }
}

/// Appends the bytes [`LineHash::Fnv`] digests of a line: the line as digested, prefixed
/// by its length; whether it is an item's first line with its box written `[X]`.
fn length_prefixed(line: &str, out: &mut Vec<u8>) -> bool {
    let Digested {
        head,
        rest,
        capital_box,
    } = as_digested(line);
    out.extend_from_slice(&((head.len() + rest.len()) as u64).to_le_bytes());
    out.extend_from_slice(head.as_bytes());
    out.extend_from_slice(rest.as_bytes());
    capital_box
}

#[cfg(test)]
mod tests {
    use super::*;

    const BOTH: [LineHash; 2] = [LineHash::Words, LineHash::Fnv];

    #[test]
    fn ticking_or_restyling_a_box_keeps_the_line_digest() {
        for hash in BOTH {
            let line_digest = |text: &str| digests(hash, [text])[0];
            let a = line_digest("- [ ] `A-ONE` first: Eva, due 2026-12-01");
            assert_eq!(a, line_digest("* [X] `A-ONE` first: Eva, due 2026-12-01  "));
            assert_eq!(a, line_digest("  - [x] `A-ONE` first: Eva, due 2026-12-01"));
            assert_eq!(a, line_digest("+ [ ] `A-ONE` first: Eva, due 2026-12-01\t"));
            assert_ne!(a, line_digest("- [ ] `A-ONE` first: Omar, due 2026-12-01"));
            assert_ne!(a, line_digest("- [ ] `A-ONE` first: Eva, due 2026-12-01."));
            assert_ne!(a, line_digest("- [ ] `A-ONE` first: Eva, due 2026-12-01 x"));
        }
    }

    #[test]
    fn the_kinds_give_their_own_digests_and_fnv_keeps_its_old_ones() {
        let line = "- [ ] `A-ONE` first: Eva, due 2026-12-01";
        // The FNV-1a digests pages recorded before `lines2` (a build of 2026-12-05).
        assert_eq!(
            digests(LineHash::Fnv, [line, "# Onboarding"]),
            [0xf372_76c2, 0x6a60_8d8a]
        );
        assert_ne!(
            digests(LineHash::Words, [line]),
            digests(LineHash::Fnv, [line])
        );
    }

    #[test]
    fn lines_digested_together_get_the_digests_they_get_alone() {
        // About three batches of lines of every length up to 300 bytes, and one line
        // longer than a batch.
        let lines: Vec<String> = (0..1_000)
            .map(|i| format!("- [ ] `L-{i}` {}", "x".repeat(i * 7 % 300)))
            .chain(["y".repeat(BATCH_BYTES + 3)])
            .chain((0..50).map(|i| format!("line {i}")))
            .collect();
        for hash in BOTH {
            let together = digests(hash, lines.iter().map(String::as_str));
            let alone: Vec<u32> = (lines.iter())
                .map(|line| digests(hash, [line.as_str()])[0])
                .collect();
            assert_eq!(together, alone);
            assert!(digests(hash, []).is_empty());
        }
    }

    #[test]
    fn lines_one_byte_apart_get_different_digests() {
        // Every line of up to 24 bytes that differs from a base line in one byte, at each
        // place: a word step maps the digest one to one, so the 64-bit digests always
        // differ, and the 32 bits kept differ for all of these.
        let base = "Access review with Eva Lind";
        for len in 1..=base.len() {
            let line = &base[..len];
            let digest = digests(LineHash::Words, [line])[0];
            for at in 0..len {
                let mut bytes = line.as_bytes().to_vec();
                bytes[at] = if bytes[at] == b'x' { b'y' } else { b'x' };
                let other = String::from_utf8(bytes).unwrap();
                assert_ne!(
                    digests(LineHash::Words, [other.as_str()])[0],
                    digest,
                    "{other}"
                );
            }
        }
    }
}
