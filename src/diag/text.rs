//! Clean text: which characters a value may not hold, and how text from input files is
//! shown on a terminal or in a CI log (unsafe characters escaped, secrets redacted).
//!
//! The rule (docs/security.md): C0 and C1 control characters other than tab and line feed,
//! DEL, bidirectional controls and invisible zero-width characters are refused in values
//! with a located error; wherever text from an input file is printed anyway (diagnostic
//! messages and excerpts), they appear escaped as `\u{…}`.

use std::borrow::Cow;
use std::ops::Range;

/// What `c` is, when a value may not hold it.
pub fn unsafe_char(c: char) -> Option<&'static str> {
    match c {
        '\t' | '\n' => None,
        '\u{0}'..='\u{1f}' | '\u{7f}' => Some("a control character"),
        '\u{80}'..='\u{9f}' => Some("a C1 control character"),
        '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            Some("a bidirectional control, which reorders how text is displayed")
        }
        '\u{200b}'..='\u{200d}' | '\u{2060}'..='\u{2064}' | '\u{feff}' | '\u{180e}' => {
            Some("an invisible zero-width character")
        }
        '\u{2028}' | '\u{2029}' => Some("a Unicode line separator"),
        _ => None,
    }
}

/// The first unsafe character of `text`: its byte offset, the character, what it is.
/// Printable ASCII, tabs and line feeds are passed over a block of bytes at a time, then
/// byte by byte; other characters are decoded and asked of [`unsafe_char`].
pub fn first_unsafe(text: &str) -> Option<(usize, char, &'static str)> {
    let bytes = text.as_bytes();
    let mut at = 0;
    loop {
        at = past_plain_blocks(bytes, at);
        at += bytes[at..].iter().position(|byte| !is_plain(*byte))?;
        let c = text[at..].chars().next()?;
        if let Some(what) = unsafe_char(c) {
            return Some((at, c, what));
        }
        at += c.len_utf8();
    }
}

/// Whether a byte is printable ASCII, a tab or a line feed: safe as it is.
fn is_plain(byte: u8) -> bool {
    matches!(byte, b' '..=b'~' | b'\t' | b'\n')
}

/// Bytes [`first_unsafe`] looks at together (each block checked whole, without a branch
/// for each byte).
const BLOCK: usize = 32;

/// Where the first block of `bytes` from `at` that is not all plain starts.
fn past_plain_blocks(bytes: &[u8], mut at: usize) -> usize {
    while let Some(block) = bytes.get(at..at + BLOCK)
        && let Ok(block) = <&[u8; BLOCK]>::try_from(block)
        && block.iter().fold(true, |all, byte| all & is_plain(*byte))
    {
        at += BLOCK;
    }
    at
}

/// `text` with every unsafe character written as `\u{…}`.
pub fn visible(text: &str) -> String {
    shown(text, &[]).0.into_owned()
}

/// How a secret is shown: its first four characters, then `…REDACTED`.
pub fn redacted(secret: &str) -> String {
    let head: String = secret.chars().take(4).collect();
    format!("{head}…REDACTED")
}

/// `text` as it may be printed: unsafe characters escaped, the byte ranges `secrets`
/// (sorted, not overlapping) redacted; and a map from offsets in `text` to offsets in the
/// result, so excerpts still point at the right place.
pub fn shown<'t>(text: &'t str, secrets: &[Range<usize>]) -> (Cow<'t, str>, Vec<(usize, usize)>) {
    if secrets.is_empty() && first_unsafe(text).is_none() {
        // Nothing to redact or escape: most files, whose excerpt each warning shows.
        return (Cow::Borrowed(text), Vec::new());
    }
    let mut out = String::with_capacity(text.len());
    let mut map = Vec::new();
    let mut secrets = secrets.iter().peekable();
    let mut i = 0;
    while i < text.len() {
        if let Some(secret) = secrets.next_if(|s| s.start <= i) {
            if secret.end > i {
                map.push((i, out.len()));
                let end = floor(text, secret.end.min(text.len()));
                out.push_str(&visible(&redacted(&text[i..end])));
                i = end.max(i + 1);
                i = floor_up(text, i);
                map.push((i, out.len()));
            }
            continue;
        }
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let crlf = c == '\r' && text[i..].starts_with("\r\n");
        if unsafe_char(c).is_some() && !crlf {
            map.push((i, out.len()));
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
            map.push((i + c.len_utf8(), out.len()));
        } else {
            out.push(c);
        }
        i += c.len_utf8();
    }
    (Cow::Owned(out), map)
}

/// Where offset `at` of the original text lands in the shown text.
pub fn map_offset(map: &[(usize, usize)], at: usize) -> usize {
    let before = map.partition_point(|(from, _)| *from <= at);
    match before.checked_sub(1).and_then(|i| map.get(i)) {
        Some((from, to)) => to + (at - from),
        None => at,
    }
}

fn floor(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn floor_up(text: &str, mut i: usize) -> usize {
    while i < text.len() && !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn the_byte_scan_finds_what_a_scan_of_every_character_finds(text in "(?s).{0,40}|[ -~\u{80}-\u{a0}\u{200b}-\u{202e}\u{feff}\t\r\n]{0,40}|[ -~\t\n]{0,100}[\u{80}-\u{a0}\u{200b}-\u{202e}\r][ -~\t\n]{0,70}") {
            let every_char = text
                .char_indices()
                .find_map(|(i, c)| unsafe_char(c).map(|what| (i, c, what)));
            proptest::prop_assert_eq!(first_unsafe(&text), every_char);
        }
    }

    /// An unsafe character at every place of a text up to three blocks long, after
    /// plain bytes and after other characters that are safe.
    #[test]
    fn an_unsafe_character_is_found_at_any_place() {
        for before in ["", "é", "a\u{a0}b"] {
            for at in 0..3 * BLOCK {
                for after in [0, 1, BLOCK] {
                    let text = format!("{before}{}\u{202e}{}", "x".repeat(at), "y\n".repeat(after));
                    let place = text.find('\u{202e}');
                    assert_eq!(first_unsafe(&text).map(|(i, ..)| i), place, "{text:?}");
                }
            }
            let plain = format!("{before}{}", "a\t".repeat(3 * BLOCK));
            assert_eq!(first_unsafe(&plain), None);
        }
    }

    #[test]
    fn controls_bidi_and_zero_width_are_escaped_and_secrets_redacted() {
        assert_eq!(visible("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(visible("x\u{202e}y\u{200b}"), "x\\u{202e}y\\u{200b}");
        assert_eq!(visible("tab\tand\nline"), "tab\tand\nline");
        assert_eq!(visible("crlf\r\nlone\rcr"), "crlf\r\nlone\\u{d}cr");
        let text = "a: ghp_abcdefghijklmnopqrstuvwxyz0123456789AB\nb: 1\n";
        let secret = 3..45;
        let (shown, map) = shown(text, std::slice::from_ref(&secret));
        assert_eq!(shown, "a: ghp_…REDACTED\nb: 1\n");
        let b = text.find("b:").unwrap();
        assert_eq!(&shown[map_offset(&map, b)..], "b: 1\n");
    }
}
