//! Scalars in the reader's form: plain (in block and in flow context), quoted on one line,
//! literal and folded block scalars; each read where reading stands, into its text and
//! its span.

use std::borrow::Cow;

use super::{Reader, Scalar};

/// How a block scalar ends ([YAML's chomping](https://yaml.org/spec/1.2.2/#8112-block-chomping-indicator)).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Chomp {
    Clip,
    Strip,
    Keep,
}

impl<'t> Reader<'t> {
    /// Scans a plain scalar in block context from where reading stands: the end of its
    /// text, and whether a colon and a space (or the line's end) stopped it, reading then
    /// at that colon; otherwise reading stands where it started.
    pub(super) fn plain_in_block(&mut self) -> (usize, bool) {
        let start = self.at;
        let mut at = start;
        loop {
            match self.byte(at) {
                None | Some(b'\n') => break,
                Some(b':') if self.blank_at(at + 1) => {
                    self.at = at;
                    return (trim_end(self.bytes, start, at), true);
                }
                Some(b'#') if at > start && self.bytes[at - 1] == b' ' => break,
                _ => at += 1,
            }
        }
        (trim_end(self.bytes, start, at), false)
    }

    /// The plain scalar from where reading stands to `end`, if one may start here; reading
    /// moves to `end`.
    pub(super) fn plain_scalar(&mut self, end: usize) -> Option<Scalar<'t>> {
        let start = self.at;
        if !self.plain_starts(start) || end <= start {
            return None;
        }
        self.at = end;
        Some(Scalar {
            text: Cow::Borrowed(&self.text[start..end]),
            plain: true,
            span: start..end,
        })
    }

    /// The end of the text of a plain scalar in flow context starting where reading
    /// stands (reading does not move).
    pub(super) fn plain_in_flow(&self) -> usize {
        let start = self.at;
        let mut at = start;
        loop {
            match self.byte(at) {
                None | Some(b'\n' | b',' | b'[' | b']' | b'{' | b'}') => break,
                Some(b':') if self.blank_at(at + 1) || flow_indicator(self.byte(at + 1)) => break,
                Some(b'#') if at > start && self.bytes[at - 1] == b' ' => break,
                _ => at += 1,
            }
        }
        trim_end(self.bytes, start, at)
    }

    /// Whether a plain scalar may start at `at`: not at an indicator, but for `-`, `?` and
    /// `:` before a character that is neither blank nor a flow indicator.
    pub(super) fn plain_starts(&self, at: usize) -> bool {
        match self.byte(at) {
            Some(b'-' | b'?' | b':') => {
                !self.blank_at(at + 1) && !flow_indicator(self.byte(at + 1))
            }
            None
            | Some(
                b',' | b'[' | b']' | b'{' | b'}' | b'#' | b'&' | b'*' | b'!' | b'|' | b'>' | b'\''
                | b'"' | b'%' | b'@' | b'`' | b' ' | b'\n',
            ) => false,
            Some(_) => true,
        }
    }

    /// A quoted scalar on one line, reading at its opening quote; reading moves past its
    /// closing quote.
    pub(super) fn quoted(&mut self) -> Option<Scalar<'t>> {
        let start = self.at;
        let quote = self.byte(start)?;
        let mut at = start + 1;
        let mut owned: Option<String> = None;
        let mut piece = at;
        loop {
            let found = memchr::memchr3(quote, b'\\', b'\n', &self.bytes[at..])? + at;
            match self.bytes[found] {
                b'\n' => return None,
                b'\\' if quote == b'"' => {
                    let escaped = match self.byte(found + 1)? {
                        b'\\' => '\\',
                        b'"' => '"',
                        b'/' => '/',
                        b'n' => '\n',
                        b't' => '\t',
                        _ => return None,
                    };
                    let text = owned.get_or_insert_with(String::new);
                    text.push_str(&self.text[piece..found]);
                    text.push(escaped);
                    at = found + 2;
                    piece = at;
                }
                b'\\' => at = found + 1,
                _ if quote == b'\'' && self.byte(found + 1) == Some(b'\'') => {
                    let text = owned.get_or_insert_with(String::new);
                    text.push_str(&self.text[piece..=found]);
                    at = found + 2;
                    piece = at;
                }
                _ => {
                    self.at = found + 1;
                    let text = match owned {
                        Some(mut text) => {
                            text.push_str(&self.text[piece..found]);
                            Cow::Owned(text)
                        }
                        None => Cow::Borrowed(&self.text[start + 1..found]),
                    };
                    return Some(Scalar {
                        text,
                        plain: false,
                        span: start..found + 1,
                    });
                }
            }
        }
    }

    /// A literal (`|`) or folded (`>`) block scalar, reading at its indicator, in a
    /// collection indented `parent`; reading ends at the start of the line after it.
    pub(super) fn block_scalar(&mut self, parent: isize) -> Option<()> {
        let folded = self.byte(self.at) == Some(b'>');
        self.at += 1;
        let chomp = match self.byte(self.at) {
            Some(b'-') => Chomp::Strip,
            Some(b'+') => Chomp::Keep,
            _ => Chomp::Clip,
        };
        if chomp != Chomp::Clip {
            self.at += 1;
        }
        if !self.blank_at(self.at) || parent < 0 {
            return None;
        }
        self.end_of_line()?;
        let indent = self.spaces_at(self.at);
        if (indent as isize) <= parent || self.blank_at(self.at + indent) {
            return None;
        }
        let start = self.at + indent;
        let mut lines: Vec<&'t str> = Vec::new();
        let end = loop {
            let line = self.at;
            let spaces = self.spaces_at(line);
            match self.byte(line + spaces) {
                None if spaces == 0 => break line,
                Some(b'\n') if spaces == 0 => {
                    lines.push("");
                    self.at = line + 1;
                }
                None | Some(b'\n') => return None,
                Some(_) if spaces < indent => break line + spaces,
                Some(_) => {
                    self.at = line + indent;
                    self.skip_to_line_end();
                    lines.push(&self.text[line + indent..self.at]);
                    if self.at < self.bytes.len() {
                        self.at += 1;
                    }
                }
            }
        };
        let text = block_text(&lines, folded, chomp);
        self.scalar(&Scalar {
            text: Cow::Owned(text),
            plain: false,
            span: start..end,
        })
    }

    /// How many spaces start the line at `at`.
    pub(super) fn spaces_at(&self, at: usize) -> usize {
        self.bytes[at.min(self.bytes.len())..]
            .iter()
            .take_while(|&&b| b == b' ')
            .count()
    }
}

/// Whether `byte` is one of the flow indicators `,[]{}`.
fn flow_indicator(byte: Option<u8>) -> bool {
    matches!(byte, Some(b',' | b'[' | b']' | b'{' | b'}'))
}

/// Where the text from `start` to `end` ends without its trailing spaces.
pub(super) fn trim_end(bytes: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && bytes[end - 1] == b' ' {
        end -= 1;
    }
    end
}

/// A block scalar's value from its lines (indentation taken off; an empty line is empty).
fn block_text(lines: &[&str], folded: bool, chomp: Chomp) -> String {
    let trailing = lines
        .iter()
        .rev()
        .take_while(|line| line.is_empty())
        .count();
    let body = &lines[..lines.len() - trailing];
    let mut text = String::with_capacity(lines.iter().map(|l| l.len() + 1).sum());
    let mut previous: Option<bool> = None;
    let mut empty = 0;
    for line in body {
        if line.is_empty() {
            empty += 1;
            continue;
        }
        let spaced = line.starts_with(' ');
        if let Some(was_spaced) = previous {
            let breaks = match folded && !was_spaced && !spaced {
                true if empty == 0 => {
                    text.push(' ');
                    0
                }
                true => empty,
                false => empty + 1,
            };
            text.extend(std::iter::repeat_n('\n', breaks));
        }
        text.push_str(line);
        previous = Some(spaced);
        empty = 0;
    }
    match chomp {
        Chomp::Strip => {}
        Chomp::Clip => text.push('\n'),
        Chomp::Keep => text.extend(std::iter::repeat_n('\n', trailing + 1)),
    }
    text
}
