//! Where the checklist items of a page stand: the page's lines in, each item's span out
//! (its control id, box, first and last line, and whether it is retired).

use std::ops::Range;

use super::item_line::{is_list_item, item_line};
use super::lines::Line;
use super::{NOTES_END, NOTES_START, RECOVERED_END, RECOVERED_START, RETIRED_TITLE, SIGNOFF};
use super::{is_blank, is_line};

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

fn is_heading(text: &str) -> bool {
    let hashes = text.bytes().take_while(|b| *b == b'#').count();
    (1..=6).contains(&hashes) && text[hashes..].chars().next().is_none_or(|c| c == ' ')
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

/// Finds the checklist items among the lines `outside` accepts.
pub(super) fn find_items(lines: &[Line], outside: &dyn Fn(usize) -> bool) -> Vec<ItemSpan> {
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
