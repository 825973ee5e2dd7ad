//! Charter's footer, the last line of every page it writes: what it records and how it is
//! read back. In comes the footer line's text (or the digests and the fingerprint to
//! record), out comes a [`Footer`] (or the line).
//!
//! ```markdown
//! <!-- charter:generated inputs=0123456789abcdef lines2=0b395e62... -->
//! ```
//!
//! - `inputs=`: the fingerprint of what an engagement's page was built from.
//! - `lines2=`: the digest of each generated line (eight hex digits each, sorted, each
//!   once), taken eight bytes at a time ([`LineHash::Words`]); what a page records today.
//! - `lines=`: the same, taken by FNV-1a a byte at a time ([`LineHash::Fnv`]): pages
//!   written before `lines2` keep it, and a build that merges them keeps it too, so a page
//!   whose text does not change is not rewritten for its footer.
//! - `digest=`: the whole generated text's digest, as the first pages recorded it.

use std::fmt::Write;

/// How charter's footer line starts.
pub const PREFIX: &str = "<!-- charter:generated ";
/// How charter's footer line ends.
pub const SUFFIX: &str = " -->";

/// How a page's line digests are taken (the function lives in
/// [`super::line_digest::digests`]); the footer field that records them says which.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum LineHash {
    /// FNV-1a, a byte at a time: `lines=`, what pages recorded first.
    Fnv,
    /// Eight bytes at a time ([`crate::fingerprint::of_bytes`]): `lines2=`, what a page
    /// without digests of the older kind gets.
    #[default]
    Words,
}

impl LineHash {
    /// The footer field that records digests of this kind.
    pub fn field(self) -> &'static str {
        match self {
            LineHash::Fnv => "lines",
            LineHash::Words => "lines2",
        }
    }
}

/// The digests of a page's generated lines, as its footer records them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineDigests {
    /// How they were taken.
    pub hash: LineHash,
    /// One for each generated line (sorted, each once, when charter wrote them).
    pub digests: Vec<u32>,
}

/// What charter's footer records.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Footer {
    /// The digests of every generated line, when the page records them.
    pub lines: Option<LineDigests>,
    /// The digest of the whole generated text, as pages before line digests recorded it.
    pub digest: Option<u64>,
    /// The recorded input fingerprint, if any.
    pub inputs: Option<u64>,
}

impl Footer {
    /// Reads a line as charter's footer, if it is one.
    pub fn parse(line: &str) -> Option<Footer> {
        let fields = line.trim_end().strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
        // The first value of each field, the fields read once.
        let (mut words, mut fnv, mut digest, mut inputs) = (None, None, None, None);
        for (name, value) in fields.split(' ').filter_map(|f| f.split_once('=')) {
            let first = match name {
                "lines2" => &mut words,
                "lines" => &mut fnv,
                "digest" => &mut digest,
                "inputs" => &mut inputs,
                _ => continue,
            };
            first.get_or_insert(value);
        }
        let hex = |value: Option<&str>| value.and_then(|h| u64::from_str_radix(h, 16).ok());
        let lines = [(LineHash::Words, words), (LineHash::Fnv, fnv)]
            .into_iter()
            .find_map(|(hash, all)| {
                let chunks = all?.as_bytes().chunks(8);
                let digests = chunks.filter_map(parse_hex).collect();
                Some(LineDigests { hash, digests })
            });
        Some(Footer {
            lines,
            digest: hex(digest),
            inputs: hex(inputs),
        })
    }
}

/// The footer line recording the digests of the page's generated lines and, for pages
/// that have one, the fingerprint of their inputs.
pub fn line(lines: &LineDigests, inputs: Option<u64>) -> String {
    let mut text = String::with_capacity(PREFIX.len() + 64 + 8 * lines.digests.len());
    text.push_str(PREFIX);
    if let Some(inputs) = inputs {
        let _ = write!(text, "inputs={inputs:016x} ");
    }
    text.push_str(lines.hash.field());
    text.push('=');
    let mut hex = Vec::with_capacity(8 * lines.digests.len());
    lines.digests.iter().for_each(|d| push_hex(&mut hex, *d));
    // Hex digits are ASCII: the text is whole.
    text.push_str(std::str::from_utf8(&hex).unwrap_or_default());
    text.push_str(SUFFIX);
    text
}

/// The number a footer's chunk of at most eight hex digits spells, as
/// `u32::from_str_radix(chunk, 16)` reads it (either case, an optional leading `+`), without
/// checking the chunk is text first: a page records one for each generated line.
fn parse_hex(chunk: &[u8]) -> Option<u32> {
    let digits = chunk.strip_prefix(b"+").unwrap_or(chunk);
    if digits.is_empty() || digits.len() > 8 {
        return None;
    }
    digits.iter().try_fold(0u32, |n, &byte| {
        let digit = match byte {
            b'0'..=b'9' => byte - b'0',
            b'a'..=b'f' => byte - b'a' + 10,
            b'A'..=b'F' => byte - b'A' + 10,
            _ => return None,
        };
        Some(n << 4 | u32::from(digit))
    })
}

/// Appends `n` as eight lowercase hex digits (`{n:08x}`, without the formatter: a page of
/// a large engagement has thousands), all eight made at once in one machine word: each
/// nibble spread to a byte of its own, then turned into its digit.
fn push_hex(out: &mut Vec<u8>, n: u32) {
    const fn each(byte: u8) -> u64 {
        u64::from_ne_bytes([byte; 8])
    }
    let mut x = u64::from(n);
    x = (x | x << 16) & 0x0000_ffff_0000_ffff;
    x = (x | x << 8) & 0x00ff_00ff_00ff_00ff;
    x = (x | x << 4) & each(0x0f);
    // A nibble of ten or more (its byte plus six reaches sixteen) takes a letter: `a` is
    // 39 places after `0` + 10.
    let letters = ((x + each(6)) & each(0x10)) >> 4;
    let digits = x + each(b'0') + letters * 39;
    out.extend_from_slice(&digits.to_be_bytes());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digests_are_written_as_the_formatter_writes_them() {
        let mut n: u32 = 1;
        let edges = [
            0,
            9,
            10,
            15,
            16,
            0x0a0a_0a0a,
            0x9f9f_9f9f,
            u32::MAX - 1,
            u32::MAX,
        ];
        for _ in 0..100_000 {
            n ^= n << 13;
            n ^= n >> 17;
            n ^= n << 5;
            for n in [n, n & 0x0f0f_0f0f, n | 0xa0a0_a0a0]
                .into_iter()
                .chain(edges)
            {
                let mut out = Vec::new();
                push_hex(&mut out, n);
                assert_eq!(out, format!("{n:08x}").into_bytes(), "{n:#x}");
            }
        }
    }

    #[test]
    fn footer_chunks_are_read_as_the_standard_library_reads_them() {
        let chunks: &[&[u8]] = &[
            b"00000000",
            b"ffffffff",
            b"FFFFFFFF",
            b"0a1B2c3D",
            b"+1234567",
            b"+",
            b"",
            b"12",
            b"-1234567",
            b"1234567g",
            b"1234 678",
            b"123456789",
            b"\xff\xfe\x00",
            b"+-123",
            b"++123",
            "\u{e9}12".as_bytes(),
        ];
        for chunk in chunks {
            let expected = std::str::from_utf8(chunk)
                .ok()
                .and_then(|text| u32::from_str_radix(text, 16).ok());
            assert_eq!(parse_hex(chunk), expected, "{chunk:?}");
        }
    }

    #[test]
    fn digests_are_written_as_eight_hex_digits() {
        for n in [0, 1, 0xf, 0xabc, 0x0123_4567, 0x89ab_cdef, u32::MAX] {
            let mut hex = Vec::new();
            push_hex(&mut hex, n);
            assert_eq!(hex, format!("{n:08x}").as_bytes());
        }
    }

    #[test]
    fn the_footer_round_trips_with_either_kind_of_line_digest() {
        for hash in [LineHash::Fnv, LineHash::Words] {
            for inputs in [None, Some(7)] {
                let lines = LineDigests {
                    hash,
                    digests: vec![1, 0xdead_beef],
                };
                let read = Footer::parse(&line(&lines, inputs)).unwrap();
                assert_eq!(read.lines, Some(lines));
                assert_eq!((read.inputs, read.digest), (inputs, None));
            }
        }
    }

    /// The footer as it was read before its fields were read in one pass: each field
    /// looked for in the whole line.
    fn parse_by_search(line: &str) -> Option<Footer> {
        let fields = line.trim_end().strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
        let field =
            |name: &str| (fields.split(' ')).find_map(|f| f.strip_prefix(name)?.strip_prefix('='));
        let hex = |name: &str| field(name).and_then(|h| u64::from_str_radix(h, 16).ok());
        let lines = [LineHash::Words, LineHash::Fnv]
            .into_iter()
            .find_map(|hash| {
                let all = field(hash.field())?;
                let digests = all.as_bytes().chunks(8).filter_map(parse_hex).collect();
                Some(LineDigests { hash, digests })
            });
        Some(Footer {
            lines,
            digest: hex("digest"),
            inputs: hex("inputs"),
        })
    }

    #[test]
    fn the_fields_read_in_one_pass_are_the_fields_searched_for() {
        let fields = [
            "lines=0000000a0000000b",
            "lines2=0000000c",
            "lines2=0000000d",
            "lines=",
            "digest=00000000000000ff",
            "digest=zz",
            "inputs=0123456789abcdef",
            "inputs==1",
            "lines3=0000000e",
            "xlines2=0000000f",
            "lines",
            "",
            "a=b=c",
        ];
        // Every sequence of up to three of them, in every order.
        let spaced = fields.map(|f| f.to_string() + " ");
        let pieces: Vec<&str> = spaced.iter().map(String::as_str).collect();
        let lines = crate::every_text(&pieces, 3);
        for line in &lines {
            let line = format!("{PREFIX}{}{SUFFIX}", line.trim_end());
            assert_eq!(Footer::parse(&line), parse_by_search(&line), "{line}");
        }
    }

    #[test]
    fn the_fields_are_read_by_their_whole_names() {
        let fnv = Footer::parse("<!-- charter:generated lines=0000000a -->").unwrap();
        let fnv = fnv.lines.unwrap();
        assert_eq!((fnv.hash, fnv.digests), (LineHash::Fnv, vec![10]));
        let words = Footer::parse("<!-- charter:generated lines2=0000000b -->").unwrap();
        let words = words.lines.unwrap();
        assert_eq!((words.hash, words.digests), (LineHash::Words, vec![11]));
        for other in [
            "lines3=0000000c",
            "lines_=0000000c",
            "xlines=0000000c",
            "lines",
        ] {
            let footer = Footer::parse(&format!("{PREFIX}{other}{SUFFIX}")).unwrap();
            assert_eq!(footer.lines, None, "{other}");
        }
        let legacy = Footer::parse("<!-- charter:generated digest=00000000000000ff -->  ");
        assert_eq!(legacy.unwrap().digest, Some(0xff));
        for not in [
            "<!-- charter:generated-->",
            "<!-- charter:x lines= -->",
            " <!-- charter:generated lines= -->",
        ] {
            assert_eq!(Footer::parse(not), None, "{not}");
        }
    }
}
