//! A report without colour drawn straight from its parts, as miette's graphical report
//! draws it ([`super::report`]), for the shape nearly every report has: a message, an
//! optional help, and an optional place whose excerpt is printable ASCII, marked on one
//! line, with a label of one line or none. Drawing it through miette's general renderer
//! cost about 100,000 instructions a report (each character of the excerpt measured and
//! copied one by one); a portfolio's build draws a warning or two for each engagement.
//!
//! In come the report's parts; out comes its text, the same bytes miette draws (a test
//! draws every small excerpt and span both ways), or nothing for any other shape, which
//! miette draws.

use miette::SourceSpan;

use super::Severity;
use super::nearby::read_span_from_nearby;

/// How wide a report is drawn, in columns.
pub(super) const WIDTH: usize = 100;

/// The lines of context an excerpt shows before and after the marked line.
pub(super) const CONTEXT_LINES: usize = 1;

/// A report's parts, scrubbed as they are shown.
pub(super) struct Parts<'a> {
    pub severity: Severity,
    pub message: &'a str,
    pub help: Option<&'a str>,
    pub label: Option<&'a str>,
    /// The file's name and text as shown, and the span marked in that text.
    pub place: Option<(&'a str, &'a str, SourceSpan)>,
}

/// The report miette draws of `parts` without colour, if it has the shape this draws.
pub(super) fn draw(parts: &Parts) -> Option<String> {
    let mut out = String::with_capacity(1024);
    let icon = match parts.severity {
        Severity::Error => "  × ",
        Severity::Warning => "  ⚠ ",
    };
    push_wrapped(&mut out, parts.message, icon, "  │ ");
    if let Some((name, text, span)) = parts.place {
        excerpt(&mut out, name, text, span, parts.label)?;
    }
    if let Some(help) = parts.help {
        push_wrapped(&mut out, help, "  help: ", "        ");
    }
    Some(out)
}

/// `text` wrapped at spaces to the report's width as miette wraps it, then a line feed:
/// `first` starts its first line, `rest` each other line.
fn push_wrapped(out: &mut String, text: &str, first: &str, rest: &str) {
    match text.bytes().all(printable) {
        true => fill_ascii(out, text, first, rest),
        false => out.push_str(&textwrap_fill(text, first, rest)),
    }
    out.push('\n');
}

/// `text` as miette wraps it, with its options: the report's width, these indents, words
/// at spaces and never hyphenated, a word longer than a line broken.
fn textwrap_fill(text: &str, first: &str, rest: &str) -> String {
    let options = textwrap::Options::new(WIDTH - 2)
        .initial_indent(first)
        .subsequent_indent(rest)
        .break_words(true)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::fill(text, options)
}

/// Whether a byte is printable ASCII or a line feed: a column a byte, what this draws.
fn printable(byte: u8) -> bool {
    byte == b'\n' || (b' '..=b'~').contains(&byte)
}

/// A word of a line to wrap, as textwrap takes it: where it starts, its length, and the
/// spaces after it (one column a byte: the text is printable ASCII).
#[derive(Clone, Copy)]
struct Word {
    start: usize,
    len: usize,
    spaces: usize,
}

/// What `textwrap::fill` gives of printable ASCII `text` with the options miette wraps
/// with (the report's width, these indents, words at spaces and never hyphenated, a word
/// longer than a line broken, each line filled first): each line of `text` wrapped on its
/// own, the first indent for the first line only, each line's first row as wide as the
/// first indent leaves. Both indents are not empty (textwrap takes a shorter way for an
/// empty indent).
fn fill_ascii(out: &mut String, text: &str, first: &str, rest: &str) {
    let room = |indent: &str| (WIDTH - 2).saturating_sub(textwrap::core::display_width(indent));
    let rooms = [room(first), room(rest)];
    let mut words = Vec::with_capacity(32);
    let mut rows = 0;
    for line in text.split('\n') {
        words.clear();
        // textwrap puts an empty word first when there is a first indent.
        words.push(Word {
            start: 0,
            len: 0,
            spaces: 0,
        });
        split_words(line.as_bytes(), rooms[1].max(1), &mut words);
        let mut put = |words: &[Word]| {
            if rows > 0 {
                out.push('\n');
            }
            if let (Some(head), Some(last)) = (words.first(), words.last()) {
                out.push_str(if rows == 0 { first } else { rest });
                out.push_str(&line[head.start..last.start + last.len]);
            }
            rows += 1;
        };
        let (mut start, mut width, mut filled) = (0, 0, 0);
        for (at, word) in words.iter().enumerate() {
            let room = rooms[filled.min(1)];
            if width + word.len > room && at > start {
                put(&words[start..at]);
                (start, width, filled) = (at, 0, filled + 1);
            }
            width += word.len + word.spaces;
        }
        put(&words[start..]);
    }
}

/// The words of `line` (each its letters and the spaces after; leading spaces a word
/// without letters), a word longer than `room` broken into pieces `room` long.
fn split_words(line: &[u8], room: usize, words: &mut Vec<Word>) {
    let mut start = 0;
    while start < line.len() {
        let letters = line[start..].iter().take_while(|b| **b != b' ').count();
        let spaces = line[start + letters..]
            .iter()
            .take_while(|b| **b == b' ')
            .count();
        let mut len = letters;
        while len > room {
            words.push(Word {
                start,
                len: room,
                spaces: 0,
            });
            (start, len) = (start + room, len - room);
        }
        words.push(Word { start, len, spaces });
        start += len + spaces;
    }
}

/// One line of an excerpt, as miette reads it: its number from 1, where it starts in the
/// file, its length with its line feed, and its text without.
struct Line<'a> {
    number: usize,
    offset: usize,
    length: usize,
    text: &'a str,
}

impl Line<'_> {
    /// Whether a span shows on this line (miette's `span_applies`).
    fn shows(&self, span: SourceSpan) -> bool {
        let (start, len) = (span.offset(), span.len().max(1));
        let end = self.offset + self.length;
        (start >= self.offset && start < end)
            || (start < self.offset && start + len > end)
            || (start + len > self.offset && start + len <= end)
    }

    /// Whether a span starts and ends on this line (miette's `span_line_only`).
    fn holds(&self, span: SourceSpan) -> bool {
        span.offset() >= self.offset && span.offset() + span.len() <= self.offset + self.length
    }

    /// The column a byte of this line is drawn at (miette's `visual_offset` for a line
    /// of single-column characters): past its text, one column past the text's end.
    fn column(&self, offset: usize) -> usize {
        let at = offset - self.offset;
        match at > self.text.len() {
            true => self.text.len() + 1,
            false => at,
        }
    }
}

/// Appends the excerpt of `text` around `span`, marked, with its frame; nothing when the
/// excerpt is not printable ASCII, or the span or the label takes more than one line.
fn excerpt(
    out: &mut String,
    name: &str,
    text: &str,
    span: SourceSpan,
    label: Option<&str>,
) -> Option<()> {
    if label.is_some_and(|l| l.contains('\n')) {
        return None;
    }
    let context = read_span_from_nearby(text, &span, CONTEXT_LINES, CONTEXT_LINES).ok()?;
    let data = context.data();
    if data.is_empty() || !data.iter().copied().all(printable) {
        return None;
    }
    let lines = lines(data, context.line(), context.span().offset())?;
    if lines.iter().any(|l| l.shows(span) && !l.holds(span)) {
        return None;
    }
    let place = read_span_from_nearby(text, &span, 0, 0).ok()?;
    let width = lines.last()?.number.to_string().len();
    let pad = " ".repeat(width);
    for piece in [&pad, "  ╭─[", name, ":"] {
        out.push_str(piece);
    }
    out.push_str(&(place.line() + 1).to_string());
    out.push(':');
    out.push_str(&(place.column() + 1).to_string());
    out.push_str("]\n");
    for line in &lines {
        let number = line.number.to_string();
        for piece in [
            " ",
            &" ".repeat(width - number.len()),
            &number,
            " │ ",
            line.text,
        ] {
            out.push_str(piece);
        }
        out.push('\n');
        if line.shows(span) {
            mark(out, &pad, line, span, label);
        }
    }
    for piece in [&pad, "  ╰────\n"] {
        out.push_str(piece);
    }
    Some(())
}

/// The line under a marked line (miette's single-line highlight), and the label's.
fn mark(out: &mut String, pad: &str, line: &Line, span: SourceSpan, label: Option<&str>) {
    let start = line.column(span.offset());
    let end = match span.len() {
        0 => start + 1,
        len => line.column(span.offset() + len).max(start + 1),
    };
    let middle = (start + end) / 2;
    let head = match (span.len(), label) {
        (0, _) => "▲",
        (_, Some(_)) => "┬",
        (_, None) => "─",
    };
    for piece in [
        " ",
        pad,
        " · ",
        &" ".repeat(start),
        &"─".repeat(middle - start),
        head,
    ] {
        out.push_str(piece);
    }
    out.push_str(&"─".repeat(end - middle - 1));
    out.push('\n');
    if let Some(label) = label {
        for piece in [" ", pad, " · ", &" ".repeat(middle), "╰── ", label, "\n"] {
            out.push_str(piece);
        }
    }
}

/// The lines of an excerpt of printable ASCII as miette reads them (`get_lines`): `data`
/// starts at line `first` (from 0) and byte `offset` of the file.
fn lines(data: &[u8], first: usize, offset: usize) -> Option<Vec<Line<'_>>> {
    let text = std::str::from_utf8(data).ok()?;
    let mut lines = Vec::with_capacity(2 * CONTEXT_LINES + 1);
    let mut start = 0;
    let mut number = first;
    while start < text.len() {
        let (line_text, length) = match memchr::memchr(b'\n', &data[start..]) {
            Some(at) => (&text[start..start + at], at + 1),
            None => (&text[start..], text.len() - start),
        };
        number += 1;
        lines.push(Line {
            number,
            offset: offset + start,
            length,
            text: line_text,
        });
        start += length;
    }
    Some(lines)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::source::{Loc, Source};
    use crate::diag::{Diagnostic, Drawer};

    /// Every text of up to five of these pieces, every span in it, with and without a
    /// label, drawn straight and by miette: the same bytes whenever this draws; and it
    /// draws every span of an ASCII text that starts and ends on one line.
    #[test]
    fn a_report_drawn_straight_is_the_one_miette_draws() {
        let texts = crate::every_text(&["ab", "\n", "c d", "é", "\t"], 4);
        let mut straight = 0;
        for text in &texts {
            let source = Source::new("e.yaml", text);
            for start in 0..=text.len() {
                for end in start..=text.len().min(start + 5) {
                    if !text.is_char_boundary(start) || !text.is_char_boundary(end) {
                        continue;
                    }
                    for label in [None, Some("here"), Some("")] {
                        let mut diagnostic =
                            Diagnostic::warning(&Loc::new(&source, start..end), "look");
                        diagnostic.label = label.map(str::to_string);
                        let (drawn, miette) = both(&diagnostic);
                        if let Some(drawn) = drawn {
                            assert_eq!(drawn, miette, "{text:?} {start}..{end} {label:?}");
                            straight += 1;
                        } else {
                            let plain = !text.is_empty() && text.is_ascii() && !text.contains('\t');
                            let one_line = !text[start..end].contains('\n');
                            assert!(!(plain && one_line), "{text:?} {start}..{end} {label:?}");
                        }
                    }
                }
            }
        }
        assert!(straight > 10_000, "{straight}");
    }

    /// Messages and help of every length around the width, with words longer than it,
    /// and each severity, with a place and without.
    #[test]
    fn messages_and_help_wrap_as_miette_wraps_them() {
        let source = Source::new("engagements/e-1.yaml", "id: x\npeople: []\n");
        let long = "x".repeat(120);
        let words = ["a", "REL-SHARED-RUNBOOKS,", "`on-call-lead`", long.as_str()];
        for n in 0..60 {
            let message: Vec<&str> = (0..n)
                .map(|i| words[i * 7 % 3 + usize::from(n == 33 && i == 5)])
                .collect();
            let message = message.join(" ");
            for severity in [Severity::Error, Severity::Warning] {
                let mut diagnostic = Diagnostic::warning(&Loc::new(&source, 6..12), &message)
                    .with_help(format!("{message} then"));
                diagnostic.severity = severity;
                let (drawn, miette) = both(&diagnostic);
                assert_eq!(drawn.as_deref(), Some(miette.as_str()));
                diagnostic.at = None;
                let (drawn, miette) = both(&diagnostic);
                assert_eq!(drawn.as_deref(), Some(miette.as_str()));
            }
        }
    }

    /// Texts of words of every length around a row's width, runs of spaces at the start,
    /// inside and at the end, and line feeds: wrapped as textwrap wraps them.
    #[test]
    fn ascii_text_fills_as_textwrap_fills_it() {
        let pieces = ["a", " ", "  ", "\n", &"w".repeat(90), &"y".repeat(97)];
        let mut texts = crate::every_text(&pieces, 4);
        texts.extend((0..300).map(|n| "ab ".repeat(n)));
        texts.extend((0..200).map(|n| "z".repeat(n)));
        let indents = [
            ("  × ", "  │ "),
            ("  help: ", "        "),
            ("> ", "     |    "),
        ];
        for (first, rest) in indents {
            for text in &texts {
                let mut ours = String::new();
                fill_ascii(&mut ours, text, first, rest);
                assert_eq!(ours, textwrap_fill(text, first, rest), "{text:?}");
            }
        }
    }

    /// The report drawn straight (if it is) and by miette.
    fn both(diagnostic: &Diagnostic) -> (Option<String>, String) {
        let mut drawer = Drawer::new(false);
        (
            drawer.draw_straight(diagnostic),
            drawer.draw_by_miette(diagnostic),
        )
    }
}
