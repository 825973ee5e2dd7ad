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

mod item_line;
mod items;
mod lines;

pub use item_line::{is_plain_task, item_line};
pub use items::ItemSpan;
pub use lines::{Line, lines};

use std::ops::Range;

use crate::wiki::footer::Footer;
use items::find_items;

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

/// The last non-blank line, if it is charter's footer.
fn find_footer(lines: &[Line]) -> Option<(usize, Footer)> {
    let i = (0..lines.len()).rev().find(|&i| !is_blank(lines[i].text))?;
    Some((i, Footer::parse(lines[i].text)?))
}

#[cfg(test)]
mod tests {

    use super::*;

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
