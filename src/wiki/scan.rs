//! The grammar of a page charter wrote, read line by line: where the state people own
//! lives (checklist items and their notes, the notes area, recovered text, sign-off
//! tables) and charter's footer. Everything else is generated text.
//!
//! The rules, in the order they apply to each line:
//! - The footer is the last non-blank line, if it is `<!-- charter:generated ... -->`
//!   ([`super::footer`]).
//! - The notes area runs from the `<!-- charter:notes -->` line that follows the `## Notes`
//!   heading (else the last such line outside items) to the last
//!   `<!-- charter:end-notes -->` line after which only blank lines and the footer follow;
//!   without that end marker it runs to the footer. Nothing inside is read as structure.
//! - The recovered area runs from `<!-- charter:recovered -->` to
//!   `<!-- charter:end-recovered -->` (or the notes area): text kept verbatim.
//! - A checklist item starts at a line of at most three spaces' indent, a list bullet
//!   (`-`, `*` or `+`), a task box (`[ ]`, `[x]` or `[X]`) and a code span holding a
//!   control id. Its lines run to the next item, the next heading, the next line at column
//!   0 that follows a blank line, or a marker line. Inside an indented fenced block of its
//!   notes, item-like lines are note text.
//! - Items under the `## Retired` heading (until the next level-2 heading) are retired.
//! - A sign-off table is the table that follows a `<!-- charter:signoff -->` line.

use std::ops::Range;

use crate::wiki::footer::Footer;

/// Opens a page's notes area.
pub const NOTES_START: &str = "<!-- charter:notes -->";
/// Closes a page's notes area.
pub const NOTES_END: &str = "<!-- charter:end-notes -->";
/// Opens the area of text charter could not place.
pub const RECOVERED_START: &str = "<!-- charter:recovered -->";
/// Closes the area of text charter could not place.
pub const RECOVERED_END: &str = "<!-- charter:end-recovered -->";
/// Marks the table after it as a sign-off table.
pub const SIGNOFF: &str = "<!-- charter:signoff -->";
/// Title of the section that keeps items whose control no longer applies.
pub const RETIRED_TITLE: &str = "Retired";

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

/// Where one checklist item stands in a page, by line index.
#[derive(Clone, Debug)]
pub struct ItemSpan {
    /// Control id.
    pub id: String,
    /// Whether the box is ticked.
    pub checked: bool,
    /// Index of the item's first line.
    pub first: usize,
    /// Index after the item's last line.
    pub last: usize,
    /// Byte range of the `[ ]`, `[x]` or `[X]`.
    pub marker: Range<usize>,
    /// Whether the item stands in the Retired section.
    pub retired: bool,
}

/// A sign-off table, by line index.
#[derive(Clone, Debug)]
pub struct TableSpan {
    /// Index of the header row.
    pub header: usize,
    /// Index after the last row.
    pub end: usize,
}

/// The structure of a page that state lives in, by line index.
#[derive(Clone, Debug, Default)]
pub struct Scan {
    /// Checklist items outside the notes and recovered areas, in page order.
    pub items: Vec<ItemSpan>,
    /// The lines between the notes markers (start marker, end marker or footer).
    pub notes: Option<Range<usize>>,
    /// Whether the notes area lacked its end marker.
    pub notes_unclosed: bool,
    /// The lines between the recovered-area markers.
    pub recovered: Option<Range<usize>>,
    /// Sign-off tables.
    pub signoffs: Vec<TableSpan>,
    /// The footer's line index and what it records.
    pub footer: Option<(usize, Footer)>,
}

/// Reads the structure of a page (LF line endings, no byte-order mark).
pub fn scan(lines: &[Line]) -> Scan {
    let mut scan = Scan {
        footer: find_footer(lines),
        ..Scan::default()
    };
    let limit = scan.footer.as_ref().map_or(lines.len(), |(i, _)| *i);
    let (notes, unclosed) = find_notes(lines, limit);
    scan.notes = notes.clone();
    scan.notes_unclosed = unclosed;
    let body_end = notes.as_ref().map_or(limit, |n| n.start.saturating_sub(1));
    scan.recovered = find_area(lines, 0..body_end, RECOVERED_START, RECOVERED_END);
    let recovered = (scan.recovered.clone()).map(|r| r.start.saturating_sub(1)..r.end + 1);
    let outside = |i: usize| i < body_end && !recovered.as_ref().is_some_and(|r| r.contains(&i));
    scan.items = find_items(lines, &outside);
    scan.signoffs = find_signoffs(lines, &outside);
    scan
}

/// Whether a line is a marker charter writes on a line of its own, at column 0.
fn is_marker(text: &str) -> bool {
    // Every marker starts so: the other lines of a page are passed over at once.
    text.starts_with("<!-- charter:")
        && [
            NOTES_START,
            NOTES_END,
            RECOVERED_START,
            RECOVERED_END,
            SIGNOFF,
        ]
        .iter()
        .any(|marker| is_line(text, marker))
}

/// Whether `text` is `line` and trailing white space (`text.trim_end() == line`, for a
/// `line` that does not end in white space), without trimming lines that start otherwise.
fn is_line(text: &str, line: &str) -> bool {
    text.strip_prefix(line)
        .is_some_and(|rest| rest.trim_end().is_empty())
}

/// Whether `text` is nothing but white space (`text.trim().is_empty()`): most lines start
/// with an ASCII character that is not, and need no decoding.
pub(super) fn is_blank(text: &str) -> bool {
    match text.as_bytes().first() {
        None => true,
        Some(&b) if b.is_ascii() && !char::from(b).is_whitespace() => false,
        Some(_) => text.trim_start().is_empty(),
    }
}

fn is_heading(text: &str) -> bool {
    let hashes = text.bytes().take_while(|b| *b == b'#').count();
    (1..=6).contains(&hashes) && text[hashes..].chars().next().is_none_or(|c| c == ' ')
}

/// The notes area: lines after the start marker up to the end marker (or `limit`).
fn find_notes(lines: &[Line], limit: usize) -> (Option<Range<usize>>, bool) {
    let starts: Vec<usize> = (0..limit)
        .filter(|&i| is_line(lines[i].text, NOTES_START))
        .collect();
    let after_heading = starts.iter().copied().find(|&i| {
        let before = (0..i).rev().find(|&j| !is_blank(lines[j].text));
        before.is_some_and(|j| is_line(lines[j].text, "## Notes"))
    });
    let Some(start) = after_heading.or_else(|| starts.last().copied()) else {
        return (None, false);
    };
    let last_content = (start + 1..limit).rev().find(|&i| !is_blank(lines[i].text));
    match last_content {
        Some(i) if is_line(lines[i].text, NOTES_END) => (Some(start + 1..i), false),
        Some(i) => (Some(start + 1..i + 1), true),
        None => (Some(start + 1..limit), true),
    }
}

/// The lines between a start and an end marker within `within`.
fn find_area(lines: &[Line], within: Range<usize>, start: &str, end: &str) -> Option<Range<usize>> {
    let open = within.clone().find(|&i| is_line(lines[i].text, start))?;
    let close = (open + 1..within.end)
        .find(|&i| is_line(lines[i].text, end))
        .unwrap_or(within.end);
    Some(open + 1..close)
}

/// A checklist item's first line: (control id, checked, byte range of the box). The
/// bullet, indent and box are read byte by byte: every line of every page is asked.
pub fn item_line(text: &str) -> Option<(&str, bool, Range<usize>)> {
    let bytes = text.as_bytes();
    let indent = bytes.iter().take(4).take_while(|b| **b == b' ').count();
    if indent > 3 {
        return None;
    }
    let box_at = indent + 2;
    if !matches!(bytes.get(indent..box_at)?, [b'-' | b'*' | b'+', b' ']) {
        return None;
    }
    let checked = match bytes.get(box_at..box_at + 3)? {
        b"[ ]" => false,
        b"[x]" | b"[X]" => true,
        _ => return None,
    };
    let code = text.get(box_at + 3..)?.strip_prefix(" `")?;
    // An id is a few bytes: looked for byte by byte, where a search for a character
    // costs more than the id is long.
    let id = &code[..code.bytes().position(|b| b == b'`')?];
    is_item_key(id).then_some((id, checked, box_at..box_at + 3))
}

/// Whether a line opens a list item of its own (at most three spaces' indent): a sibling
/// of the item before it, not a line of its notes.
pub fn is_list_item(text: &str) -> bool {
    let indent = text.len() - text.trim_start_matches(' ').len();
    let rest = &text[indent..];
    let ordered = rest.trim_start_matches(|c: char| c.is_ascii_digit());
    let bullet = ["- ", "* ", "+ "].iter().any(|b| rest.starts_with(b)) || rest == "-";
    let numbered =
        ordered.len() < rest.len() && (ordered.starts_with(". ") || ordered.starts_with(") "));
    indent <= 3 && (bullet || numbered)
}

/// Whether a list-item line is a sibling of the open item (indented less than its text)
/// rather than a list nested in its notes.
fn sibling(text: &str, open: Option<&ItemSpan>, lines: &[Line]) -> bool {
    let Some(open) = open else {
        return false;
    };
    let parent = lines[open.first].text;
    let content = parent.len() - parent.trim_start_matches(' ').len() + 2;
    let indent = text.len() - text.trim_start_matches(' ').len();
    is_list_item(text) && indent < content
}

/// Whether a list-item line stands inside the open item's text (indented at least as far
/// as it), so that it is part of its notes.
fn nested(text: &str, open: Option<&ItemSpan>, lines: &[Line]) -> bool {
    open.is_some() && is_list_item(text) && !sibling(text, open, lines)
}

/// Whether a line is a task item (a list item with a box) of someone's: no control id.
pub fn is_plain_task(text: &str) -> bool {
    let rest = text.trim_start_matches(' ');
    let rest = rest
        .strip_prefix("- ")
        .or_else(|| rest.strip_prefix("* "))
        .or_else(|| rest.strip_prefix("+ "));
    let boxed = rest.is_some_and(|r| ["[ ]", "[x]", "[X]"].iter().any(|b| r.starts_with(b)));
    boxed && item_line(text).is_none() && text.len() - text.trim_start_matches(' ').len() <= 3
}

/// Finds the checklist items among the lines `outside` accepts.
fn find_items(lines: &[Line], outside: &dyn Fn(usize) -> bool) -> Vec<ItemSpan> {
    let mut items: Vec<ItemSpan> = Vec::new();
    let mut retired = false;
    let mut fence: Option<String> = None;
    let mut previous_blank = false;
    for (i, line) in lines.iter().enumerate() {
        let text = line.text;
        if !outside(i) {
            close(&mut items, i);
            fence = None;
            previous_blank = false;
            continue;
        }
        let column0 = !text.starts_with([' ', '\t']) && !text.is_empty();
        let open = items.last_mut().filter(|item| item.last == i);
        if let (Some(marker), Some(open), false) = (&fence, open, column0) {
            if is_fence_close(text, marker) {
                fence = None;
            }
            open.last = i + 1;
            previous_blank = false;
            continue;
        }
        fence = None;
        if is_heading(text) {
            close(&mut items, i);
            if let Some(title) = text.strip_prefix("## ") {
                retired = title.trim() == RETIRED_TITLE;
            }
        } else if let Some((id, checked, marker)) = item_line(text)
            .filter(|_| !nested(text, items.last().filter(|item| item.last == i), lines))
        {
            close(&mut items, i);
            let marker = line.start + marker.start..line.start + marker.end;
            items.push(ItemSpan {
                id: id.to_string(),
                checked,
                first: i,
                last: i + 1,
                marker,
                retired,
            });
        } else if is_marker(text)
            || (column0 && previous_blank)
            || sibling(text, items.last(), lines)
        {
            close(&mut items, i);
        } else if let Some(open) = items.last_mut().filter(|item| item.last == i) {
            open.last = i + 1;
            fence = fence_open(text);
        }
        previous_blank = is_blank(text);
    }
    close(&mut items, lines.len());
    items
}

/// Ends the open item before line `i`, dropping its trailing blank lines later.
fn close(items: &mut [ItemSpan], i: usize) {
    if let Some(item) = items.last_mut() {
        item.last = item.last.min(i.max(item.first + 1));
    }
}

/// The fence a line opens (its backticks or tildes), if it opens one.
fn fence_open(text: &str) -> Option<String> {
    let t = text.trim_start();
    let marker: String = t.chars().take_while(|c| *c == '`' || *c == '~').collect();
    let uniform = marker.chars().all(|c| marker.starts_with(c));
    (marker.len() >= 3 && uniform).then_some(marker)
}

fn is_fence_close(text: &str, fence: &str) -> bool {
    let t = text.trim();
    !fence.is_empty() && t.starts_with(fence) && t.chars().all(|c| fence.starts_with(c))
}

/// Sign-off tables: the table after each marker line.
fn find_signoffs(lines: &[Line], outside: &dyn Fn(usize) -> bool) -> Vec<TableSpan> {
    let mut tables = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if !outside(i) || !is_line(line.text, SIGNOFF) {
            continue;
        }
        let Some(header) = (i + 1..lines.len()).find(|&j| !is_blank(lines[j].text)) else {
            continue;
        };
        if !lines[header].text.trim_start().starts_with('|') {
            continue;
        }
        let end = (header..lines.len())
            .find(|&j| !lines[j].text.trim_start().starts_with('|'))
            .unwrap_or(lines.len());
        tables.push(TableSpan { header, end });
    }
    tables
}

/// What opens a checklist item: a control id, then optionally `@` and a person
/// (lowercase letters and digits joined by hyphens), then optionally `#` and an
/// occurrence's date (`YYYY-MM-DD`): `ACC-SSO-MFA@priya-shah`, `ACC-REVIEW#2027-01-12`.
/// Read in one pass over its bytes: every item line of every page is read at each build.
pub fn is_item_key(text: &str) -> bool {
    let bytes = text.as_bytes();
    let id = hyphenated(bytes, |b| b.is_ascii_uppercase() || b.is_ascii_digit());
    let mut rest = &bytes[id..];
    if let Some(person) = rest.strip_prefix(b"@") {
        let name = hyphenated(person, |b| b.is_ascii_lowercase() || b.is_ascii_digit());
        if name == 0 {
            return false;
        }
        rest = &person[name..];
    }
    id > 0
        && match rest {
            [] => true,
            [b'#', date @ ..] => is_date(date),
            _ => false,
        }
}

/// How long the start of `bytes` is that is words of `letter`s joined by single hyphens
/// (0 when it does not start with a letter; a hyphen that no word follows is not taken).
fn hyphenated(bytes: &[u8], letter: impl Fn(u8) -> bool) -> usize {
    let (mut taken, mut at) = (0, 0);
    loop {
        let word = bytes[at..].iter().take_while(|b| letter(**b)).count();
        if word == 0 {
            return taken;
        }
        taken = at + word;
        if bytes.get(taken) != Some(&b'-') {
            return taken;
        }
        at = taken + 1;
    }
}

/// `YYYY-MM-DD` in digits.
fn is_date(bytes: &[u8]) -> bool {
    bytes.len() == 10
        && (bytes.iter().enumerate()).all(|(i, b)| match i {
            4 | 7 => *b == b'-',
            _ => b.is_ascii_digit(),
        })
}

/// The last non-blank line, if it is charter's footer.
fn find_footer(lines: &[Line]) -> Option<(usize, Footer)> {
    let i = (0..lines.len()).rev().find(|&i| !is_blank(lines[i].text))?;
    Some((i, Footer::parse(lines[i].text)?))
}

#[cfg(test)]
mod tests {

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
    fn lines_are_matched_as_trimming_them_would() {
        let lines = [
            "",
            " ",
            "\t",
            "\u{a0}",
            "\u{2003} ",
            "\r",
            "x",
            " x",
            "<!-- charter:notes -->",
            "<!-- charter:notes -->  \r",
            "<!-- charter:notes -->\u{a0}",
            " <!-- charter:notes -->",
            "<!-- charter:notes --> x",
            "<!-- charter:notes",
            "## Notes",
            "## Notes\t",
            "## Notesx",
        ];
        for text in lines {
            for line in [super::NOTES_START, super::SIGNOFF, "## Notes"] {
                assert_eq!(
                    super::is_line(text, line),
                    text.trim_end() == line,
                    "{text:?}"
                );
            }
            assert_eq!(super::is_blank(text), text.trim().is_empty(), "{text:?}");
        }
    }

    #[test]
    fn item_keys_name_a_person_and_an_occurrence_after_the_control_id() {
        for key in [
            "ACC-SSO-MFA",
            "ACC-SSO-MFA@priya-shah",
            "ACC-REVIEW#2027-01-12",
            "ACC-X@ann#2027-01-12",
        ] {
            assert!(is_item_key(key), "{key}");
        }
        for key in [
            "ACC-SSO-MFA@",
            "ACC-SSO-MFA@Priya",
            "ACC-X#2027-1-12",
            "acc@ann",
            "ACC-X#2027-01-12@ann",
            "ACC-X@a--b",
        ] {
            assert!(!is_item_key(key), "{key}");
        }
        let line = "- [x] `ACC-SSO-MFA@priya-shah` Account (Priya Shah)";
        assert_eq!(
            item_line(line).map(|(id, checked, _)| (id, checked)),
            Some(("ACC-SSO-MFA@priya-shah", true))
        );
    }

    use super::*;

    /// `item_line` as it was written first, with string searches.
    fn item_line_by_strings(text: &str) -> Option<(&str, bool, Range<usize>)> {
        let indent = text.len() - text.trim_start_matches(' ').len();
        if indent > 3 {
            return None;
        }
        let rest = &text[indent..];
        let rest = rest
            .strip_prefix("- ")
            .or_else(|| rest.strip_prefix("* "))
            .or_else(|| rest.strip_prefix("+ "))?;
        let box_at = text.len() - rest.len();
        let checked = match rest.get(..3)? {
            "[ ]" => false,
            "[x]" | "[X]" => true,
            _ => return None,
        };
        let code = rest.get(3..)?.strip_prefix(" `")?;
        let id = &code[..code.find('`')?];
        is_item_key(id).then_some((id, checked, box_at..box_at + 3))
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

    /// An item key as the words split by strings read it (what [`is_item_key`] reads
    /// byte by byte).
    fn is_item_key_by_splits(text: &str) -> bool {
        let words = |text: &str, letter: fn(&u8) -> bool| {
            !text.is_empty()
                && (text.split('-')).all(|w| !w.is_empty() && w.as_bytes().iter().all(letter))
        };
        let (rest, date) = match text.split_once('#') {
            Some((rest, date)) => (rest, Some(date)),
            None => (text, None),
        };
        let (id, person) = match rest.split_once('@') {
            Some((id, person)) => (id, Some(person)),
            None => (rest, None),
        };
        let upper = |b: &u8| b.is_ascii_uppercase() || b.is_ascii_digit();
        let lower = |b: &u8| b.is_ascii_lowercase() || b.is_ascii_digit();
        let date_ok = date.is_none_or(|d| {
            d.len() == 10
                && (d.bytes().enumerate()).all(|(i, c)| match i {
                    4 | 7 => c == b'-',
                    _ => c.is_ascii_digit(),
                })
        });
        words(id, upper) && person.is_none_or(|p| words(p, lower)) && date_ok
    }

    #[test]
    fn item_keys_are_read_byte_by_byte_as_split_words_read_them() {
        // Every text of up to five of these pieces, and each with a date or not a date.
        let texts = crate::every_text(&["A", "1", "b", "-", "@", "#", "é", "--"], 5);
        let mut keys = 0;
        for text in &texts {
            for tail in ["", "#2027-01-12", "#2027-1-12", "@b#2027-01-12"] {
                let text = format!("{text}{tail}");
                assert_eq!(is_item_key(&text), is_item_key_by_splits(&text), "{text:?}");
                keys += usize::from(is_item_key(&text));
            }
        }
        assert!(keys > 500, "{keys} keys among {}", texts.len() * 4);
    }

    #[test]
    fn item_lines_are_read_byte_by_byte_as_string_searches_read_them() {
        // Every line of an indent, a bullet, a space, a box, a code span and a rest, each
        // of the kinds that make or break an item (or a byte that is not ASCII).
        let indents = ["", " ", "   ", "    ", "\t", "\u{a0}"];
        let bullets = ["-", "*", "+", "1.", "", "é"];
        let spaces = [" ", "", "  "];
        let boxes = ["[ ]", "[x]", "[X]", "[é]", "[]", "[ x]", ""];
        let codes = [
            " `A-B`",
            "`A-B`",
            " `a-b`",
            " `A-B",
            " `A-B@ann#2027-01-12`",
            " ``",
            " `é`",
            "",
        ];
        let rests = ["", " text", "é"];
        let mut lines = Vec::new();
        for indent in indents {
            for bullet in bullets {
                for space in spaces {
                    for b in boxes {
                        for code in codes {
                            lines.extend(
                                rests.map(|rest| format!("{indent}{bullet}{space}{b}{code}{rest}")),
                            );
                        }
                    }
                }
            }
        }
        let mut items = 0;
        for line in &lines {
            assert_eq!(item_line(line), item_line_by_strings(line), "{line:?}");
            items += usize::from(item_line(line).is_some());
        }
        assert!(items > 100, "{items} item lines among {}", lines.len());
    }

    fn scan_of(text: &str) -> Scan {
        scan(&lines(text))
    }

    #[test]
    fn items_end_at_the_next_item_heading_marker_or_new_block() {
        let page = "# T\n\n- [ ] `A-ONE` first\n  description\n\n  a note\n* [X] `B-TWO` second\nlazy note\n\nA paragraph.\n\n## Retired\n\n- [x] `C-OLD` gone\n\n## Notes\n\n<!-- charter:notes -->\n- [x] `D-NOTE` in notes\n<!-- charter:end-notes -->\n";
        let s = scan_of(page);
        let ids: Vec<(&str, bool, bool)> = s
            .items
            .iter()
            .map(|i| (i.id.as_str(), i.checked, i.retired))
            .collect();
        assert_eq!(
            ids,
            [
                ("A-ONE", false, false),
                ("B-TWO", true, false),
                ("C-OLD", true, true)
            ]
        );
        assert_eq!((s.items[0].first, s.items[0].last), (2, 6));
        assert_eq!((s.items[1].first, s.items[1].last), (6, 9));
        let notes = s.notes.unwrap();
        assert_eq!(lines(page)[notes.start].text, "- [x] `D-NOTE` in notes");
    }

    #[test]
    fn an_item_line_nested_in_a_note_is_note_text() {
        let page = "- [ ] `A-ONE` first\n  - [x] `B-TWO` copied into a note\n - [x] `C-THREE` indented one space\n";
        let ids: Vec<String> = scan_of(page).items.into_iter().map(|i| i.id).collect();
        assert_eq!(ids, ["A-ONE", "C-THREE"]);
    }

    #[test]
    fn a_fence_in_an_item_note_protects_item_like_lines() {
        let page =
            "- [ ] `A-ONE` first\n\n  ```\n  - [x] `B-TWO` quoted\n  ```\n- [ ] `C-THREE` third\n";
        let ids: Vec<String> = scan_of(page).items.into_iter().map(|i| i.id).collect();
        assert_eq!(ids, ["A-ONE", "C-THREE"]);
    }

    #[test]
    fn an_unclosed_fence_in_a_note_ends_at_the_next_item_at_column_0() {
        let page = "- [ ] `A-ONE` first\n\n  ```\n  never closed\n- [ ] `C-THREE` third\n";
        let ids: Vec<String> = scan_of(page).items.into_iter().map(|i| i.id).collect();
        assert_eq!(ids, ["A-ONE", "C-THREE"]);
    }

    #[test]
    fn the_notes_area_survives_a_missing_or_quoted_end_marker() {
        let quoted = "## Notes\n\n<!-- charter:notes -->\na\n<!-- charter:end-notes -->\nb\n<!-- charter:end-notes -->\n\n<!-- charter:generated lines= -->\n";
        let s = scan_of(quoted);
        assert_eq!(s.notes, Some(3..6));
        assert!(!s.notes_unclosed);
        let missing =
            "## Notes\n\n<!-- charter:notes -->\na\nb\n\n<!-- charter:generated lines= -->\n";
        let s = scan_of(missing);
        assert_eq!(s.notes, Some(3..5));
        assert!(s.notes_unclosed);
    }

    #[test]
    fn a_notes_marker_inside_an_item_note_is_note_text() {
        let page = "- [ ] `A-ONE` first\n  <!-- charter:notes -->\n  more\n\n## Notes\n\n<!-- charter:notes -->\nreal\n<!-- charter:end-notes -->\n";
        let s = scan_of(page);
        assert_eq!(s.notes, Some(7..8));
        assert_eq!((s.items[0].first, s.items[0].last), (0, 4));
    }
}
