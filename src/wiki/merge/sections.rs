//! The sections a page ends with, holding what people wrote that the rendering has no
//! place for: the Retired items, the Recovered lines and rows, the notes area.

use std::collections::BTreeSet;

use crate::wiki::scan::{
    self, NOTES_END, NOTES_START, RECOVERED_END, RECOVERED_START, RETIRED_TITLE,
};
use crate::wiki::state::{Item, PageState, ReadPage, SignoffRow, Stray};

use super::page::Page;

/// Old items that are no longer rendered but hold a person's work, by id.
pub(super) fn retired<'a>(old: &'a PageState, current: &BTreeSet<String>) -> Vec<&'a Item> {
    let mut seen = BTreeSet::new();
    let mut items: Vec<&Item> = old
        .items
        .iter()
        .filter(|item| item.holds_work() && !current.contains(item.id.as_str()))
        .filter(|item| seen.insert(item.id.as_str()))
        .collect();
    items.sort_by(|a, b| a.id.cmp(&b.id));
    items
}

/// Appends the Retired section: each item's line as it was, and its notes.
pub(super) fn push_retired(page: &mut Page, items: &[&Item]) {
    if items.is_empty() {
        return;
    }
    page.theirs("");
    page.generated(&format!("## {RETIRED_TITLE}"));
    page.theirs("");
    page.generated("These controls no longer apply to this engagement. They are kept because someone ticked or annotated them; delete an item once nobody needs it.");
    page.theirs("");
    for item in items {
        page.theirs(&item.line);
        if !item.notes.is_empty() {
            page.item_notes(&item.notes);
        }
    }
}

/// The old page's strays that the new page does not have, when they are to be kept.
pub(super) fn recover_strays(old: &ReadPage, rendered: &str, recover: bool) -> Vec<Stray> {
    if !recover || old.strays.is_empty() {
        return Vec::new();
    }
    if old.known.is_some() {
        return old.strays.clone();
    }
    // A page without line digests calls every line outside the state a stray: keep those
    // the new rendering does not have (ticks and bullets aside).
    let fresh: BTreeSet<String> = rendered.lines().map(canonical).collect();
    let theirs = |s: &&Stray| !fresh.contains(&canonical(&s.text));
    old.strays.iter().filter(theirs).cloned().collect()
}

/// A line as compared with the rendering's: its box unticked, no trailing space.
fn canonical(line: &str) -> String {
    match scan::item_line(line) {
        Some((_, _, marker)) => format!("- [ ]{}", &line[marker.end..])
            .trim_end()
            .to_string(),
        None => line.trim_end().to_string(),
    }
}

/// Appends the Recovered section: what it held, the strays being kept, and filled sign-off
/// rows whose area the new rendering no longer has.
pub(super) fn push_recovered(
    page: &mut Page,
    old: &PageState,
    strays: &[Stray],
    keys: &BTreeSet<String>,
    signoffs: &[SignoffRow],
) {
    let orphans: Vec<&SignoffRow> = signoffs
        .iter()
        .filter(|r| r.is_filled() && !keys.contains(&r.key))
        .collect();
    if scan::is_blank(&old.recovered) && strays.is_empty() && orphans.is_empty() {
        return;
    }
    page.theirs("");
    page.generated("## Recovered");
    page.theirs("");
    page.generated("Text someone wrote where charter writes, or that no longer has a place on this page. It is kept here; move it where it belongs, or delete it once nobody needs it.");
    page.theirs("");
    page.generated(RECOVERED_START);
    for line in old.recovered.lines() {
        page.theirs(line);
    }
    for stray in strays {
        page.theirs(&stray.text);
    }
    for row in orphans {
        page.theirs(&format!("| {} |", row.cells.join(" | ")));
    }
    page.generated(RECOVERED_END);
}

pub(super) fn push_notes(page: &mut Page, notes: &str) {
    page.theirs("");
    page.generated("## Notes");
    page.theirs("");
    page.generated(NOTES_START);
    for line in notes.lines() {
        page.theirs(line);
    }
    page.generated(NOTES_END);
}
