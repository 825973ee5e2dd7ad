//! What a page read back holds: its items, areas and sign-off rows (the people's part),
//! the lines of someone's outside them, and the repairs a build makes.

use crate::wiki::footer::LineHash;
use crate::wiki::scan;

use super::known::KnownLines;

/// One checklist item of a page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The control id in the item's opening code span.
    pub id: String,
    /// Whether the box is ticked.
    pub checked: bool,
    /// The item's first line, as written.
    pub line: String,
    /// The lines under the item that charter did not write, verbatim, without blank lines
    /// at either end; empty if none.
    pub notes: String,
    /// Whether the item stands in the Retired section.
    pub retired: bool,
    /// The 1-based line of the item in the page as read.
    pub at: usize,
}

impl Item {
    /// Whether a person ticked or annotated the item.
    pub fn holds_work(&self) -> bool {
        self.checked || !self.notes.is_empty()
    }
}

/// One row of a sign-off table: its key (the first cell) and every cell.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignoffRow {
    /// The first cell, trimmed.
    pub key: String,
    /// Every cell, trimmed, in column order.
    pub cells: Vec<String>,
    /// The table's column headers.
    pub headers: Vec<String>,
    /// Whether someone wrote in the row: it is not a line charter wrote.
    pub filled: bool,
}

/// What people put into one page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageState {
    /// Checklist items, in page order (duplicates of one id merged into the first).
    pub items: Vec<Item>,
    /// The notes area, verbatim; empty if there is none.
    pub notes: String,
    /// The recovered area, verbatim; empty if there is none.
    pub recovered: String,
    /// Rows of sign-off tables.
    pub signoffs: Vec<SignoffRow>,
}

impl PageState {
    /// The first item with control id `id` that is not retired, else the retired one.
    #[cfg(test)]
    pub fn item(&self, id: &str) -> Option<&Item> {
        let mut same = self.items.iter().filter(|item| item.id == id);
        let first = same.clone().find(|item| !item.retired);
        first.or_else(|| same.next())
    }

    /// The item opened by `key` outside the Retired section: the one whose tick and notes
    /// count for the engagement's item of that key.
    pub fn current(&self, key: &str) -> Option<&Item> {
        self.items
            .iter()
            .find(|item| item.id == key && !item.retired)
    }

    /// Whether anything on the page is a person's work.
    pub fn holds_work(&self) -> bool {
        !scan::is_blank(&self.notes)
            || !scan::is_blank(&self.recovered)
            || self.items.iter().any(Item::holds_work)
            || self.signoffs.iter().any(SignoffRow::is_filled)
    }
}

impl SignoffRow {
    /// Whether someone wrote in the row (a decision, a date), whatever its columns.
    pub fn is_filled(&self) -> bool {
        self.filled
    }
}

/// A line of someone's outside the parts of the page people own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Stray {
    /// 1-based line number in the page as read.
    pub line: usize,
    /// The line, verbatim.
    pub text: String,
    /// Why it is not state: `edited item text` or `text outside the notes`.
    pub why: &'static str,
}

/// Something about the page's structure a build reports while keeping everything.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Repair {
    /// 1-based line number in the page as read.
    pub line: usize,
    /// What was found and what the build does about it.
    pub what: String,
}

/// A page as found on disk.
#[derive(Clone, Debug, Default)]
pub struct ReadPage {
    /// The people's part.
    pub state: PageState,
    /// Whether the page carries charter's footer.
    pub generated: bool,
    /// Digests of the generated lines the footer records (or, for a page written before
    /// footers recorded them and not edited since, of all its lines).
    pub known: Option<KnownLines>,
    /// How its lines are digested: as its footer's digests were taken, else the current
    /// way; a merge of the page keeps it, so that a page written with the older digests
    /// is not rewritten for its footer alone.
    pub hash: LineHash,
    /// Lines of someone's outside the state.
    pub strays: Vec<Stray>,
    /// Structural repairs the next build makes (nothing is lost by them).
    pub repairs: Vec<Repair>,
    /// Fingerprint of the inputs the page was built from, as recorded in the footer.
    pub inputs: Option<u64>,
}

impl ReadPage {
    /// Whether the page carries charter's footer.
    pub fn is_generated(&self) -> bool {
        self.generated
    }

    /// Whether someone changed generated text: a build would have to move their lines to
    /// the Recovered section.
    pub fn edited(&self) -> bool {
        !self.strays.is_empty()
    }
}
