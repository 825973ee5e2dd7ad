//! Reading a page back: the boxes people ticked, the notes they wrote, and whether they
//! edited anything else.
//!
//! A page has three kinds of content. The **generated** text is charter's. The **state** is
//! people's: the checked mark of each checklist item (found by the control id in the code
//! span that opens the item), the lines written under an item (its notes), and everything
//! between the [`NOTES_START`] and [`NOTES_END`] markers. The **footer** records a digest
//! of the page without its state; if the page's digest no longer matches, someone edited
//! generated text, which the next build would lose: that is a conflict.

use std::ops::Range;

use crate::fingerprint::Fnv;

use crate::wiki::scan::{FOOTER_PREFIX, FOOTER_SUFFIX};
pub use crate::wiki::scan::{Item, NOTES_END, NOTES_START, RETIRED_TITLE, Scan, scan};

/// What people put into one page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageState {
    /// Checklist items, in page order.
    pub items: Vec<Item>,
    /// The notes area between the markers, verbatim; empty if there is none.
    pub notes: String,
}

impl PageState {
    /// The first item with control id `id`.
    pub fn item(&self, id: &str) -> Option<&Item> {
        self.items.iter().find(|item| item.id == id)
    }

    /// Whether anything on the page is a person's work.
    pub fn holds_work(&self) -> bool {
        !self.notes.trim().is_empty() || self.items.iter().any(Item::holds_work)
    }
}

/// A page as found on disk.
#[derive(Clone, Debug)]
pub struct ReadPage {
    /// The people's part.
    pub state: PageState,
    /// Digest of the page's generated text, computed now.
    pub digest: u64,
    /// Digest charter recorded in the footer when it wrote the page.
    pub recorded: Option<u64>,
    /// Fingerprint of the inputs the page was built from, as recorded in the footer.
    pub inputs: Option<u64>,
}

impl ReadPage {
    /// Whether the page carries charter's footer.
    pub fn is_generated(&self) -> bool {
        self.recorded.is_some()
    }

    /// Whether generated text was changed since charter wrote the page.
    pub fn edited(&self) -> bool {
        self.recorded != Some(self.digest)
    }
}

/// Reads a page's state and digests.
pub fn read(text: &str) -> ReadPage {
    let text = text.replace("\r\n", "\n");
    let scan = scan(&text);
    let state = PageState {
        items: scan.items.iter().map(|span| span.item(&text)).collect(),
        notes: scan
            .notes
            .clone()
            .map(|range| text[range].to_string())
            .unwrap_or_default(),
    };
    ReadPage {
        state,
        digest: digest_of(&text, &scan),
        recorded: scan.footer.as_ref().and_then(|f| f.digest),
        inputs: scan.footer.as_ref().and_then(|f| f.inputs),
    }
}

/// The digest of a page's generated text: state, footer and blank lines left out.
pub fn digest(text: &str) -> u64 {
    digest_of(text, &scan(text))
}

/// The footer line recording the page's digest and, for engagement documents, the
/// fingerprint of the inputs it was built from.
pub fn footer(digest: u64, inputs: Option<u64>) -> String {
    match inputs {
        Some(inputs) => {
            format!("{FOOTER_PREFIX}digest={digest:016x} inputs={inputs:016x}{FOOTER_SUFFIX}")
        }
        None => format!("{FOOTER_PREFIX}digest={digest:016x}{FOOTER_SUFFIX}"),
    }
}

/// Digest of the page with every box unticked, notes, footer and blank lines removed.
fn digest_of(text: &str, scan: &Scan) -> u64 {
    hash_lines(skeleton(text, scan).lines())
}

/// The page without its state: boxes unticked, item notes, notes area and footer removed.
pub fn skeleton(text: &str, scan: &Scan) -> String {
    let mut edits: Vec<Edit> = Vec::new();
    for item in &scan.items {
        edits.push((item.marker.clone(), "[ ]".into()));
        edits.push((item.line_end..item.end, "\n".into()));
    }
    edits.extend(scan.notes.clone().map(|r| (r, String::new())));
    edits.extend(
        scan.footer
            .as_ref()
            .map(|f| (f.range.clone(), String::new())),
    );
    splice(text, &mut edits)
}

/// The digest of lines, ignoring trailing spaces and blank lines.
pub fn hash_lines<'a>(lines: impl Iterator<Item = &'a str>) -> u64 {
    let mut hash = Fnv::default();
    for line in lines.map(str::trim_end).filter(|l| !l.is_empty()) {
        hash.write(line.as_bytes());
        hash.write(b"\n");
    }
    hash.finish()
}

/// An item's first line with its box unticked, as the skeleton has it.
pub fn unticked(line: &str) -> String {
    match line.find('[') {
        Some(at) if line.len() >= at + 3 => format!("{}[ ]{}", &line[..at], &line[at + 3..]),
        _ => line.to_string(),
    }
}

/// A byte range of a page and what replaces it.
pub type Edit = (Range<usize>, String);

/// `text` with each range replaced; overlapping ranges after the first are skipped.
pub fn splice(text: &str, edits: &mut [Edit]) -> String {
    edits.sort_by_key(|(range, _)| (range.start, range.end));
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (range, with) in edits.iter() {
        if range.start < at || range.end > text.len() {
            continue;
        }
        out.push_str(&text[at..range.start]);
        out.push_str(with);
        at = range.end;
    }
    out.push_str(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "# Title\n\n## Day 1\n\n- [ ] `ACC-SSO` SSO: Eva, due 2026-12-01\n- [x] `CON-NDA` NDA: Eva, due 2026-11-26\n  Signed copy filed.\n  - [ ] `NOT-AN-ITEM` nested\n- [ ] plain item\n\n## Retired\n\n- [X] `OLD-ONE` Gone: Lars, due 2026-01-01\n\n## Notes\n\n<!-- charter:notes -->\nCall Eva on Monday.\n- [x] `NOTE-ITEM` in notes\n<!-- charter:end-notes -->\n";

    #[test]
    fn items_notes_and_retired_items_are_found_by_id() {
        let page = read(PAGE);
        let ids: Vec<&str> = page.state.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["ACC-SSO", "CON-NDA", "OLD-ONE"]);
        let nda = page.state.item("CON-NDA").unwrap();
        assert!(nda.checked);
        assert_eq!(nda.line, "- [x] `CON-NDA` NDA: Eva, due 2026-11-26");
        assert_eq!(
            nda.notes,
            "  Signed copy filed.\n  - [ ] `NOT-AN-ITEM` nested"
        );
        let old = page.state.item("OLD-ONE").unwrap();
        assert!(old.checked && old.retired);
        assert_eq!(
            page.state.notes,
            "Call Eva on Monday.\n- [x] `NOTE-ITEM` in notes\n"
        );
    }

    #[test]
    fn the_digest_ignores_state_but_not_generated_text() {
        let bare = PAGE
            .replace("[x]", "[ ]")
            .replace("[X]", "[ ]")
            .replace("  Signed copy filed.\n  - [ ] `NOT-AN-ITEM` nested\n", "")
            .replace("Call Eva on Monday.\n- [x] `NOTE-ITEM` in notes\n", "");
        assert_eq!(digest(PAGE), digest(&bare));
        assert_ne!(
            digest(PAGE),
            digest(&PAGE.replace("SSO:", "Single sign-on:"))
        );
    }

    #[test]
    fn the_footer_records_the_digest() {
        let text = format!("{PAGE}\n{}\n", footer(digest(PAGE), Some(42)));
        let page = read(&text);
        assert!(page.is_generated() && !page.edited());
        assert_eq!(page.inputs, Some(42));
        let edited = read(&text.replace("# Title", "# Other"));
        assert!(edited.is_generated() && edited.edited());
        assert!(!read(PAGE).is_generated());
    }
}
