//! The rendering laid item by item: each item of it with the old page's tick and notes of
//! its id, and each sign-off row with the old row's filled cells.

use std::collections::BTreeSet;

use crate::wiki::scan::{self, SIGNOFF};
use crate::wiki::state::{self, PageState, SignoffRow};

use super::page::Page;

/// Lays the rendered lines into the page item by item, with each item's old tick and notes
/// and the old sign-off cells; returns the ids of the rendered items and the keys of its
/// sign-off rows.
pub(super) fn by_item(
    page: &mut Page,
    rendered: &str,
    old: &PageState,
) -> (BTreeSet<String>, BTreeSet<String>) {
    let lines = scan::lines(rendered);
    let fresh = scan::scan(&lines);
    let mut at = 0;
    for span in &fresh.items {
        copy(page, &lines[at..span.first], old);
        item(page, &lines[span.first..span.last], span, old);
        at = span.last;
    }
    copy(page, &lines[at..], old);
    let keys = fresh_keys(&lines, &fresh);
    (fresh.items.into_iter().map(|i| i.id).collect(), keys)
}

/// Copies generated lines, filling sign-off cells from the old page's rows.
fn copy(page: &mut Page, lines: &[scan::Line], old: &PageState) {
    let mut in_signoff = false;
    for line in lines {
        let text = line.text;
        if text.trim_end() == SIGNOFF {
            in_signoff = true;
        } else if in_signoff && !text.trim_start().starts_with('|') && !scan::is_blank(text) {
            in_signoff = false;
        }
        match in_signoff
            .then(|| filled_row(text, &old.signoffs))
            .flatten()
        {
            Some(row) => page.theirs(&row),
            None => page.generated(text),
        }
    }
}

/// The row with the old row's cells where the generated cell is empty, if that changes it.
fn filled_row(text: &str, old: &[SignoffRow]) -> Option<String> {
    let cells = state::cells(text);
    let key = cells.first()?;
    let previous = old.iter().find(|r| &r.key == key && r.is_filled())?;
    let merged: Vec<String> = cells
        .iter()
        .enumerate()
        .map(|(i, cell)| match (cell.is_empty(), previous.cells.get(i)) {
            (true, Some(theirs)) => theirs.clone(),
            _ => cell.clone(),
        })
        .collect();
    (merged != cells).then(|| format!("| {} |", merged.join(" | ")))
}

/// One item: its generated lines, its old tick, then its old notes after a blank line.
fn item(page: &mut Page, lines: &[scan::Line], span: &scan::ItemSpan, old: &PageState) {
    let previous = old.items.iter().find(|i| i.id == span.id && !i.retired);
    let previous = previous.or_else(|| old.items.iter().find(|i| i.id == span.id));
    let first = lines[0].text;
    let checked = previous.map_or(span.checked, |p| p.checked);
    let marker = span.marker.start - lines[0].start..span.marker.end - lines[0].start;
    let mark = if checked { "[x]" } else { "[ ]" };
    page.generated(&format!(
        "{}{mark}{}",
        &first[..marker.start],
        &first[marker.end..]
    ));
    let body: Vec<&str> = lines[1..].iter().map(|l| l.text).collect();
    let trailing = body.iter().rev().take_while(|l| scan::is_blank(l)).count();
    for text in &body[..body.len() - trailing] {
        page.generated(text);
    }
    if let Some(notes) = previous.map(|p| p.notes.as_str()).filter(|n| !n.is_empty()) {
        page.item_notes(notes);
    }
    for _ in 0..trailing {
        page.theirs("");
    }
}

/// Sign-off row keys of the fresh rendering.
fn fresh_keys(lines: &[scan::Line], fresh: &scan::Scan) -> BTreeSet<String> {
    let mut keys = BTreeSet::new();
    for table in &fresh.signoffs {
        for line in &lines[table.header..table.end] {
            keys.extend(state::cells(line.text).into_iter().next());
        }
    }
    keys
}
