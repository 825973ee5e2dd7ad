//! Finding where state lives in a page, in one pass of the Markdown parser: checklist
//! items (a list item that opens with a task box and a code span holding a control id),
//! the notes area between its markers, the Retired section and charter's footer.

use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Tag, TagEnd};

use crate::markdown;

/// Opens a page's notes area.
pub const NOTES_START: &str = "<!-- charter:notes -->";
/// Closes a page's notes area.
pub const NOTES_END: &str = "<!-- charter:end-notes -->";
/// Title of the section that keeps items whose control no longer applies.
pub const RETIRED_TITLE: &str = "Retired";
/// How charter's footer line starts.
pub const FOOTER_PREFIX: &str = "<!-- charter:generated ";
/// How charter's footer line ends.
pub const FOOTER_SUFFIX: &str = " -->";

/// One checklist item of a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The control id in the item's opening code span.
    pub id: String,
    /// Whether the box is ticked.
    pub checked: bool,
    /// The item's first line, as written.
    pub line: String,
    /// The lines under the item, verbatim, without the final line break; empty if none.
    pub notes: String,
    /// Whether the item stands in the Retired section.
    pub retired: bool,
}

impl Item {
    /// Whether a person ticked or annotated the item.
    pub fn holds_work(&self) -> bool {
        self.checked || !self.notes.is_empty()
    }
}

/// Where one checklist item stands in a page.
#[derive(Clone, Debug)]
pub struct ItemSpan {
    /// Control id.
    pub id: String,
    /// Whether the box is ticked.
    pub checked: bool,
    /// Start of the item (its list marker).
    pub start: usize,
    /// The `[ ]` or `[x]`.
    pub marker: Range<usize>,
    /// End of the item's first line (before its line break).
    pub line_end: usize,
    /// End of the item, notes included.
    pub end: usize,
    /// Whether the item stands in the Retired section.
    pub retired: bool,
}

impl ItemSpan {
    /// The item as people see it.
    pub fn item(&self, text: &str) -> Item {
        Item {
            id: self.id.clone(),
            checked: self.checked,
            line: text[self.start..self.line_end].to_string(),
            notes: notes_text(text, self.line_end, self.end).to_string(),
            retired: self.retired,
        }
    }
}

/// The lines after an item's first line, without trailing blank lines.
fn notes_text(text: &str, line_end: usize, end: usize) -> &str {
    let start = (line_end + 1).min(end);
    text[start..end].trim_end()
}

/// The structure of a page that state lives in.
#[derive(Clone, Debug, Default)]
pub struct Scan {
    /// Checklist items outside the notes area, in order.
    pub items: Vec<ItemSpan>,
    /// The text between the notes markers.
    pub notes: Option<Range<usize>>,
    /// The footer line.
    pub footer: Option<Footer>,
}

/// The footer line and what it records.
#[derive(Clone, Debug)]
pub struct Footer {
    /// The line, with its line break.
    pub range: Range<usize>,
    /// The recorded digest, if readable.
    pub digest: Option<u64>,
    /// The recorded input fingerprint, if any.
    pub inputs: Option<u64>,
}

/// Finds the items, the notes area and the footer of a page, in one pass of the parser.
pub fn scan(text: &str) -> Scan {
    let mut scan = Scan {
        footer: find_footer(text),
        ..Scan::default()
    };
    let mut walker = ItemWalker::default();
    let mut notes = NotesFinder::default();
    for (event, range) in markdown::parser(text).into_offset_iter() {
        if let Event::Html(html) = &event {
            notes.step(html, range.start, text);
        }
        if let Some(item) = walker.step(&event, range, text, notes.inside()) {
            scan.items.push(item);
        }
    }
    scan.notes = notes.area;
    scan
}

/// Finds the text between the notes markers, each alone on its line outside code blocks.
#[derive(Default)]
struct NotesFinder {
    start: Option<usize>,
    area: Option<Range<usize>>,
}

impl NotesFinder {
    fn step(&mut self, html: &str, at: usize, text: &str) {
        match (html.trim(), self.start, &self.area) {
            (NOTES_START, None, None) => self.start = Some(line_after(text, at)),
            (NOTES_END, Some(start), None) if at >= start => self.area = Some(start..at),
            _ => {}
        }
    }

    /// Whether the parser is between the markers.
    fn inside(&self) -> bool {
        self.start.is_some() && self.area.is_none()
    }
}

/// Recognises checklist items: a list item that opens with a task marker and a code span
/// holding a control id. Items nested in another item or inside the notes area are notes.
#[derive(Default)]
struct ItemWalker {
    pending: Option<Pending>,
    covered_until: usize,
    heading: Option<(HeadingLevel, String)>,
    retired: bool,
}

struct Pending {
    item: Range<usize>,
    marker: Option<(bool, Range<usize>)>,
}

impl ItemWalker {
    fn step(
        &mut self,
        event: &Event,
        range: Range<usize>,
        text: &str,
        in_notes: bool,
    ) -> Option<ItemSpan> {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                self.heading = Some((*level, String::new()))
            }
            Event::End(TagEnd::Heading(_)) => self.end_heading(),
            Event::Start(Tag::Item) => self.start_item(range, in_notes),
            Event::TaskListMarker(checked) => {
                if let Some(p) = self.pending.as_mut().filter(|p| p.marker.is_none()) {
                    p.marker = Some((*checked, range));
                } else {
                    self.pending = None;
                }
            }
            Event::Code(code) => return self.finish_item(code, text),
            Event::Start(Tag::Paragraph) => {}
            Event::Text(t) if self.heading.is_some() => {
                if let Some((_, title)) = self.heading.as_mut() {
                    title.push_str(t);
                }
            }
            Event::Text(t) if t.trim().is_empty() => {}
            _ => self.pending = None,
        }
        None
    }

    fn end_heading(&mut self) {
        if let Some((level, title)) = self.heading.take() {
            self.retired = level == HeadingLevel::H2 && title.trim() == RETIRED_TITLE;
        }
    }

    fn start_item(&mut self, range: Range<usize>, in_notes: bool) {
        self.pending = if range.start < self.covered_until || in_notes {
            None
        } else {
            Some(Pending {
                item: range,
                marker: None,
            })
        };
    }

    fn finish_item(&mut self, code: &str, text: &str) -> Option<ItemSpan> {
        let pending = self.pending.take()?;
        let (checked, marker) = pending.marker?;
        if !is_control_id(code) {
            return None;
        }
        let start = pending.item.start;
        let end = pending.item.end.min(text.len());
        let line_end = text[start..end].find('\n').map_or(end, |i| start + i);
        self.covered_until = end;
        Some(ItemSpan {
            id: code.to_string(),
            checked,
            start,
            marker,
            line_end,
            end,
            retired: self.retired,
        })
    }
}

/// Uppercase letters and digits joined by hyphens, as control ids are.
fn is_control_id(text: &str) -> bool {
    !text.is_empty()
        && text.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        })
}

/// Offset of the line after the one holding `offset`.
fn line_after(text: &str, offset: usize) -> usize {
    text[offset..]
        .find('\n')
        .map_or(text.len(), |i| offset + i + 1)
}

/// The last non-blank line, if it is charter's footer.
fn find_footer(text: &str) -> Option<Footer> {
    let trimmed = text.trim_end();
    let start = trimmed.rfind('\n').map_or(0, |i| i + 1);
    let line = &trimmed[start..];
    let fields = line
        .strip_prefix(FOOTER_PREFIX)?
        .strip_suffix(FOOTER_SUFFIX)?;
    let field = |name: &str| {
        fields
            .split(' ')
            .find_map(|f| f.strip_prefix(name)?.strip_prefix('='))
            .and_then(|hex| u64::from_str_radix(hex, 16).ok())
    };
    Some(Footer {
        range: start..text.len(),
        digest: field("digest"),
        inputs: field("inputs"),
    })
}
