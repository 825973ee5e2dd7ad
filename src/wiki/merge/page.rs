//! A page being laid: its text, and where each line charter wrote stands in it (their
//! digests are taken at the end, for the footer).

use crate::render;
use crate::wiki::scan;

/// Builds the page text, noting which lines are charter's (where they are in the text;
/// their digests are taken together at the end, in any order, with repeats; the footer
/// sorts them).
pub(super) struct Page {
    pub(super) text: String,
    pub(super) lines: Vec<std::ops::Range<usize>>,
}

impl Page {
    /// Appends a line charter wrote: its digest goes into the footer (a blank line's does not).
    pub(super) fn generated(&mut self, line: &str) {
        if !scan::is_blank(line) {
            let start = self.text.len();
            self.lines.push(start..start + line.len());
        }
        self.text.push_str(line);
        self.text.push('\n');
    }

    /// A page of `text` alone, normalized ([`render::normalize_text`]), every line of it
    /// charter's ([`Page::generated`]): the rendered text becomes the page where it
    /// stands, not copied unless a line changes, its lines found as it is normalized.
    pub(super) fn all_generated(text: String) -> Page {
        let mut lines = Vec::with_capacity(text.len() / 32);
        let text = render::normalize_text_with(text, |line| lines.push(line));
        Page { text, lines }
    }

    /// Appends a line of someone's, or a blank line charter lays between parts: not digested.
    pub(super) fn theirs(&mut self, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
    }

    /// An item's notes, under it after a blank line, each line indented as [`indented`]
    /// says.
    pub(super) fn item_notes(&mut self, notes: &str) {
        self.theirs("");
        for line in notes.lines() {
            self.theirs(&indented(line));
        }
    }
}

/// A note line as written under an item: indented by at least two spaces, so that it
/// stays inside the item (blank lines stay blank).
fn indented(line: &str) -> String {
    let indent = line.len() - line.trim_start_matches(' ').len();
    match (scan::is_blank(line), indent >= 2) {
        (true, _) => String::new(),
        (false, true) => line.to_string(),
        (false, false) => format!("  {line}"),
    }
}
