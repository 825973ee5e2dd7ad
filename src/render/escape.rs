//! Markdown escaping: every value from an input file is made inert before it reaches a
//! document, so no name, title or reason can add a heading, a table cell, a task item,
//! a link or an HTML comment.

use std::borrow::Cow;
use std::sync::{Arc, LazyLock};

use memchr::memmem;

use crate::policy::shown::ShownText;

/// Escapes text for any inline position: paragraph, list item, table cell, link text.
/// Line breaks and runs of white space become single spaces. A word that GitHub or GitLab
/// would turn into a link by itself (`https://…`, `www.…`, `name@example.com`) becomes a
/// code span: shown as written, never a live link.
pub fn inline(text: &str) -> String {
    escaped(text).into_owned()
}

/// [`inline`] made as a shared text (a pack's text, shown once for a pack set): a text the
/// binary holds as it is shown is not copied; another given back as it is is copied once,
/// into the shared text.
pub fn inline_shared(text: &str) -> ShownText {
    match crate::pack::baked::shown_as_written(text) {
        Some(held) => ShownText::Held(held.trim()),
        None => ShownText::Made(Arc::from(&*escaped_anew(text))),
    }
}

/// [`inline`], borrowing a text that needs no change.
fn escaped(text: &str) -> Cow<'_, str> {
    // Most texts of the built-in packs were found to need none when charter was made.
    match crate::pack::baked::shown_as_written(text) {
        Some(_) => Cow::Borrowed(text.trim()),
        None => escaped_anew(text),
    }
}

/// [`escaped`] of a text not known to need no change: its bytes are looked at.
fn escaped_anew(text: &str) -> Cow<'_, str> {
    // Only words matter: white space at either end changes nothing.
    let text = text.trim();
    match plain(text.as_bytes()) {
        Some(Spacing::AsIs) => return Cow::Borrowed(text),
        Some(Spacing::Collapsed) => {
            return Cow::Owned(text.split_ascii_whitespace().collect::<Vec<_>>().join(" "));
        }
        None => {}
    }
    let mut out = String::with_capacity(text.len() + 8);
    if escaped_whole(text.as_bytes()) {
        // Word by word would give the same bytes: escaped in one pass (a review's finding
        // names its roles and controls in code spans, which are escaped).
        push_escaped(&mut out, text);
        return Cow::Owned(escape_ordered_list_start(out));
    }
    // Split at ASCII white space alone when that is all the white space the text can
    // hold (ASCII without a vertical tab): no character is decoded.
    match text.is_ascii() && !text.as_bytes().contains(&0x0b) {
        true => push_words(&mut out, text.split_ascii_whitespace()),
        false => push_words(&mut out, text.split_whitespace()),
    }
    Cow::Owned(escape_ordered_list_start(out))
}

/// Whether escaping `text` (trimmed) as one word gives what escaping it word by word
/// gives: ASCII words one space apart, none of which could be a link (no `@`, and no
/// `www.` or link colon, [`links`]).
fn escaped_whole(text: &[u8]) -> bool {
    let spaced_apart = text
        .iter()
        .fold(false, |any, &b| any | NOT_SPACED[usize::from(b)]);
    !spaced_apart && TWO_SPACES.find(text).is_none() && !links(text)
}

/// The bytes that keep a text from being escaped whole ([`escaped_whole`]): white space
/// other than a space, `@`, and every byte of a character beyond ASCII.
const NOT_SPACED: [bool; 256] = beyond_ascii_and(b"@\t\n\x0b\x0c\r");

/// Two spaces, found by a finder built once: building one for each text cost more than
/// the search.
static TWO_SPACES: LazyLock<memmem::Finder<'static>> = LazyLock::new(|| memmem::Finder::new(b"  "));

/// Whether a word of `text` could be a link by `www.` (anywhere in a word), `://`,
/// `mailto:` or `xmpp:`; any other colon or dot is text.
fn links(text: &[u8]) -> bool {
    let www = |i: usize| i >= 3 && text[i - 3..i].eq_ignore_ascii_case(b"www");
    let link = |i: usize| {
        let before = &text[..i];
        text[i + 1..].starts_with(b"//")
            || ends_with_ignore_case(before, b"mailto")
            || ends_with_ignore_case(before, b"xmpp")
    };
    memchr::memchr_iter(b'.', text).any(www) || memchr::memchr_iter(b':', text).any(link)
}

/// Appends `words`, one space between them, each escaped or made a code span.
fn push_words<'a>(out: &mut String, words: impl Iterator<Item = &'a str>) {
    for word in words {
        if !out.is_empty() {
            out.push(' ');
        }
        if link_like(word) {
            push_code_span(out, word);
        } else {
            push_escaped(out, word);
        }
    }
}

/// How a plain text's words are spaced ([`plain`]).
#[derive(Debug, PartialEq)]
enum Spacing {
    /// One space between words: the text is given back as it is.
    AsIs,
    /// Runs of spaces or line breaks between words: each becomes one space.
    Collapsed,
}

/// Whether `inline` would give the words of `text` (trimmed) back as they are: ASCII
/// words of no character to escape, spaces or line breaks between them, none that could
/// be a link, and no start that could open a list or an underline. Most texts are (a
/// sentence of a pack, a folded description, a name), and are then copied in one pass.
///
/// Each question is one pass of its own that the compiler or `memchr` makes fast: a byte
/// that is never plain anywhere, then the few bytes whose neighbours matter (`.` after
/// `www`, `:` of a link), then the spacing.
fn plain(text: &[u8]) -> Option<Spacing> {
    let starts_plain = match text.first() {
        None | Some(b'-' | b'+' | b'=') => false,
        // Digits are plain unless a `.` or `)` follows them (an ordered list).
        Some(b) if b.is_ascii_digit() => {
            let after_digits = text.iter().find(|b| !b.is_ascii_digit());
            !matches!(after_digits, Some(b'.' | b')'))
        }
        Some(_) => true,
    };
    // No early exit: without one the loop is a few instructions a byte.
    let never_plain = text
        .iter()
        .fold(false, |any, &b| any | NOT_PLAIN[usize::from(b)]);
    if !starts_plain || never_plain {
        return None;
    }
    if links(text) {
        return None;
    }
    let collapsed = memchr::memchr(b'\n', text).is_some() || TWO_SPACES.find(text).is_some();
    Some(match collapsed {
        true => Spacing::Collapsed,
        false => Spacing::AsIs,
    })
}

fn ends_with_ignore_case(text: &[u8], end: &[u8]) -> bool {
    text.len() >= end.len() && text[text.len() - end.len()..].eq_ignore_ascii_case(end)
}

/// The bytes that keep a text from being plain ([`plain`]): what is escaped, white space
/// other than a space or a line break, what an address holds (`@`), and every byte of a
/// character beyond ASCII (which may be white space).
const NOT_PLAIN: [bool; 256] = beyond_ascii_and(b"\\`*_[]<>|~&!#@\t\x0b\x0c\r");

/// A table of the bytes: `bytes`, and every byte of a character beyond ASCII.
const fn beyond_ascii_and(bytes: &[u8]) -> [bool; 256] {
    let mut table = [false; 256];
    let mut i = 0;
    while i < bytes.len() {
        table[bytes[i] as usize] = true;
        i += 1;
    }
    let mut b = 0x80;
    while b < 256 {
        table[b] = true;
        b += 1;
    }
    table
}

/// Appends `word` with every character that could start Markdown structure escaped; `-`,
/// `+` and `=` only at the very start of the text (a list item or a setext underline).
fn push_escaped(out: &mut String, word: &str) {
    let mut run = 0;
    for (i, b) in word.bytes().enumerate() {
        let special = matches!(
            b,
            b'\\'
                | b'`'
                | b'*'
                | b'_'
                | b'['
                | b']'
                | b'<'
                | b'>'
                | b'|'
                | b'~'
                | b'&'
                | b'!'
                | b'#'
        ) || (matches!(b, b'-' | b'+' | b'=') && i == 0 && out.is_empty());
        if special {
            out.push_str(&word[run..i]);
            out.push('\\');
            run = i;
        }
    }
    out.push_str(&word[run..]);
}

/// Whether a word would become a link on its own (GFM's extended autolinks: URLs,
/// `www.` names and e-mail addresses; also `mailto:` and `xmpp:`).
fn link_like(word: &str) -> bool {
    let bytes = word.as_bytes();
    if !bytes.iter().any(|b| matches!(b, b':' | b'.' | b'@')) {
        return false;
    }
    let email = word
        .split_once('@')
        .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
    email
        || ["://", "www.", "mailto:", "xmpp:"]
            .iter()
            .any(|m| contains_ignore_case(bytes, m.as_bytes()))
}

fn contains_ignore_case(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w.eq_ignore_ascii_case(needle))
}

/// A code span holding `word`; a pipe (which would split a table cell) and a backtick
/// (which would end the span) are percent-encoded.
fn push_code_span(out: &mut String, word: &str) {
    out.push('`');
    for c in word.chars() {
        match c {
            '|' => out.push_str("%7C"),
            '`' => out.push_str("%60"),
            c => out.push(c),
        }
    }
    out.push('`');
}

/// `1. x` or `1) x` at the start would open an ordered list.
fn escape_ordered_list_start(text: String) -> String {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    match text[digits..].chars().next() {
        Some(c @ ('.' | ')')) if digits > 0 => {
            format!("{}\\{c}{}", &text[..digits], &text[digits + 1..])
        }
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn structure_characters_are_neutralised() {
        assert_eq!(inline("- [x] done"), "\\- \\[x\\] done");
        assert_eq!(inline("a | b\nc"), "a \\| b c");
        assert_eq!(inline("<!-- charter:X -->"), "\\<\\!-- charter:X --\\>");
        assert_eq!(inline("# heading"), "\\# heading");
        assert_eq!(inline("1. first"), "1\\. first");
        assert_eq!(inline("plain text, 3 days"), "plain text, 3 days");
    }

    #[test]
    fn bare_urls_and_addresses_become_code_spans() {
        assert_eq!(
            inline("see https://evil.example/x"),
            "see `https://evil.example/x`"
        );
        assert_eq!(inline("www.evil.example"), "`www.evil.example`");
        assert_eq!(
            inline("mail eve@evil.example now"),
            "mail `eve@evil.example` now"
        );
        assert_eq!(inline("a|b https://x/|`y"), "a\\|b `https://x/%7C%60y`");
        assert_eq!(inline("team @ noon, user@host"), "team @ noon, user@host");
    }

    #[test]
    fn a_text_is_copied_as_it_is_only_when_escaping_would_not_change_it() {
        let as_is = [
            "Rotate the keys.",
            "a, b (c); d? 3 days",
            "x.y",
            "ww.x",
            "w",
            "Note: a:b",
            "see mailto x",
            "14d",
            "1Password Business",
            "2",
        ];
        for text in as_is {
            assert_eq!(plain(text.as_bytes()), Some(Spacing::AsIs), "{text}");
            assert_eq!(inline(text), reference_inline(text), "{text}");
        }
        let collapsed = ["a  b", "a\nb", "folded text\nof a pack", "a \n\n b"];
        for text in collapsed {
            assert_eq!(plain(text.as_bytes()), Some(Spacing::Collapsed), "{text}");
            assert_eq!(inline(text), reference_inline(text), "{text}");
        }
        // Trimmed before it is looked at.
        for text in [" a", "a ", "folded\n", "\u{a0}a\u{2003}"] {
            assert_eq!(inline(text), reference_inline(text), "{text}");
        }
        let not_plain = [
            "",
            "a\tb",
            "a\rb",
            "1. a",
            "12) a",
            "3.5 days",
            "- a",
            "+a",
            "=a",
            "see www.x",
            "awww.b",
            "WwW.b",
            "a://b",
            "MAILTO:x",
            "see xmpp:y",
            "a@b.c",
            "a_b",
            "café",
            "a\u{a0}b",
            "x\u{b}y",
        ];
        for text in not_plain {
            assert_eq!(plain(text.as_bytes()), None, "{text}");
            assert_eq!(inline(text), reference_inline(text), "{text}");
        }
    }

    #[test]
    fn a_text_is_escaped_whole_only_when_its_words_would_be_escaped_alike() {
        let whole = [
            "no person fills `security-officer`, which 2 controls need (`ACC-X`, `CI-Y`)",
            "- a -b *c*",
            "=x",
            "1. a `b`",
            "12) a_b",
            "a:b c.d [x] <y>",
        ];
        for text in whole {
            assert!(escaped_whole(text.as_bytes()), "{text}");
            assert_eq!(inline(text), reference_inline(text), "{text}");
        }
        let word_by_word = [
            "a `b`  c",
            "a `b`\nc",
            "`a`\tb",
            "`x` www.y",
            "`x` see WWW.y",
            "`x` a://b",
            "`x` MailTo:y",
            "`x` xmpp:y",
            "`x` a@b.c",
            "`x` @ noon",
            "`x` caf\u{e9}",
        ];
        for text in word_by_word {
            assert!(!escaped_whole(text.as_bytes()), "{text}");
            assert_eq!(inline(text), reference_inline(text), "{text}");
        }
    }
    /// The escaping as first written, one character at a time: the fast version must
    /// give the same bytes.
    fn reference_inline(text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 8);
        for word in text.split_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            if reference_link_like(word) {
                out.push_str(&reference_code_span(word));
                continue;
            }
            for c in word.chars() {
                let at_start = out.is_empty();
                match c {
                    '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '!'
                    | '#' => {
                        out.push('\\');
                    }
                    '-' | '+' | '=' if at_start => out.push('\\'),
                    _ => {}
                }
                out.push(c);
            }
        }
        reference_escape_ordered_list_start(out)
    }

    /// Whether a word would become a link on its own (GFM's extended autolinks: URLs,
    /// `www.` names and e-mail addresses; also `mailto:` and `xmpp:`).
    fn reference_link_like(word: &str) -> bool {
        let lower = word.to_ascii_lowercase();
        let email = lower
            .split_once('@')
            .is_some_and(|(local, domain)| !local.is_empty() && domain.contains('.'));
        ["://", "www.", "mailto:", "xmpp:"]
            .iter()
            .any(|m| lower.contains(m))
            || email
    }

    /// A code span holding `word`; a pipe (which would split a table cell) and a backtick
    /// (which would end the span) are percent-encoded.
    fn reference_code_span(word: &str) -> String {
        let inert = word.replace('|', "%7C").replace('`', "%60");
        format!("`{inert}`")
    }

    /// `1. x` or `1) x` at the start would open an ordered list.
    fn reference_escape_ordered_list_start(text: String) -> String {
        let digits = text.chars().take_while(char::is_ascii_digit).count();
        match text[digits..].chars().next() {
            Some(c @ ('.' | ')')) if digits > 0 => {
                format!("{}\\{c}{}", &text[..digits], &text[digits + 1..])
            }
            _ => text,
        }
    }

    proptest::proptest! {
        #[test]
        fn the_fast_escaping_matches_the_reference(text in r"(WWW\.|www\.|HTTPS://|http://|mailto:|xmpp:|[a-z]{1,3}@[a-z]{1,3}\.[a-z]{1,2}|1\.|2\)|[-a-zA-Z0-9 .:/@_*`|#+=<>!&~\\\[\]()\n\té]){0,16}") {
            proptest::prop_assert_eq!(inline(&text), reference_inline(&text));
        }
    }
}
