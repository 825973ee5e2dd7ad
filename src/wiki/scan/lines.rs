//! A page's text split into lines: the text in, each line out with where it starts and its
//! number (the line feeds found with a byte search).

use std::ops::Range;

/// One line of a page: its text (without the line break) and where it is.
#[derive(Clone, Copy, Debug)]
pub struct Line<'a> {
    /// The text, without the line break.
    pub text: &'a str,
    /// Byte offset of its first character.
    pub start: usize,
    /// 1-based line number.
    pub number: usize,
}

/// The page's lines ([`line_ranges`]), each with its text and number.
pub fn lines(text: &str) -> Vec<Line<'_>> {
    (line_ranges(text).enumerate())
        .map(|(i, range)| Line {
            text: &text[range.clone()],
            start: range.start,
            number: i + 1,
        })
        .collect()
}

/// Where each line of `text` stands, without its line feed (a last line without one
/// counts; an empty text has none). Each line feed is found with a byte search
/// (`memchr`): every page of the wiki is split into lines at each build.
pub fn line_ranges(text: &str) -> LineRanges<'_> {
    LineRanges {
        bytes: text.as_bytes(),
        start: 0,
    }
}

/// The lines of a text ([`line_ranges`]): where the next one starts.
pub struct LineRanges<'a> {
    bytes: &'a [u8],
    start: usize,
}

impl Iterator for LineRanges<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let start = self.start;
        let rest = self.bytes.get(start..).filter(|rest| !rest.is_empty())?;
        let end = memchr::memchr(b'\n', rest).map_or(self.bytes.len(), |at| start + at);
        self.start = end + 1;
        Some(start..end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_split_as_the_standard_library_splits_them() {
        for text in ["", "a", "a\n", "a\nb", "\n\n", "a\r\nb\n\nc", "é\nü", "\nx"] {
            let expected: Vec<(&str, usize, usize)> = (text.split_inclusive('\n'))
                .scan(0, |start, piece| {
                    let line = (piece.strip_suffix('\n').unwrap_or(piece), *start);
                    *start += piece.len();
                    Some(line)
                })
                .enumerate()
                .map(|(i, (line, start))| (line, start, i + 1))
                .collect();
            let got: Vec<(&str, usize, usize)> = (super::lines(text).iter())
                .map(|l| (l.text, l.start, l.number))
                .collect();
            assert_eq!(got, expected, "{text:?}");
        }
    }

    #[test]
    fn lines_stand_where_the_line_feeds_split_the_text() {
        // Every text of up to six of these characters: empty lines, a last line with and
        // without its line feed, a character of several bytes.
        for text in &crate::every_text(&["a", "\n", "é", "\r"], 6) {
            let mut lines: Vec<&str> = text.split('\n').collect();
            if text.is_empty() || text.ends_with('\n') {
                lines.pop();
            }
            let ranges: Vec<&str> = line_ranges(text).map(|r| &text[r]).collect();
            assert_eq!(ranges, lines, "{text:?}");
        }
    }
}
