//! Carrying people's state into a fresh rendering of a page.
//!
//! Each checklist item of the new rendering takes the checked mark and the notes of the
//! item with the same control id in the old page, wherever either stands and whatever
//! changed around it; notes are written after a blank line, indented, so that every
//! renderer shows them as their own block under the item. Old items whose control is gone
//! but that were ticked or annotated move to a "Retired" section, unchanged. Sign-off cells
//! follow their row. The notes area and the recovered area are kept verbatim; when asked,
//! someone's lines outside the state go to the recovered area instead of being lost. The
//! page ends with a footer recording the digest of each generated line.
//!
//! The rendering is normalized here ([`render::normalize_text`]: no trailing spaces, no
//! runs of blank lines), in the same pass that finds its lines: a page of the wiki is
//! always normal, whoever rendered it.

use std::collections::BTreeSet;

use crate::render;
use crate::wiki::footer::{self, LineDigests};
use crate::wiki::line_digest;
use crate::wiki::scan::{
    self, NOTES_END, NOTES_START, RECOVERED_END, RECOVERED_START, RETIRED_TITLE, SIGNOFF,
};
use crate::wiki::state::{self, Item, PageState, ReadPage, SignoffRow, Stray};

/// What kind of page is being merged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageKind {
    /// A document: checklist items, Retired section and notes area.
    Document,
    /// Navigation (a wiki sidebar): generated text only.
    Navigation,
    /// A read-only view (a person's page): generated text only, no boxes and no notes
    /// area; someone's lines are still kept, in its Recovered section.
    View,
}

/// A page ready to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    /// The complete page.
    pub text: String,
    /// The digests of its generated lines as its footer records them (sorted, each once),
    /// taken as the old page's were ([`ReadPage::hash`]).
    pub lines: LineDigests,
    /// The input fingerprint recorded in its footer.
    pub inputs: Option<u64>,
    /// Lines of someone's the merge moved to the Recovered section, with why.
    pub recovered: Vec<Stray>,
}

/// Builds the page text, noting which lines are charter's (where they are in the text;
/// their digests are taken together at the end, in any order, with repeats; the footer
/// sorts them).
struct Page {
    text: String,
    lines: Vec<std::ops::Range<usize>>,
}

impl Page {
    fn generated(&mut self, line: &str) {
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
    fn all_generated(text: String) -> Page {
        let mut lines = Vec::with_capacity(text.len() / 32);
        let text = render::normalize_text_with(text, |line| lines.push(line));
        Page { text, lines }
    }

    fn theirs(&mut self, line: &str) {
        self.text.push_str(line);
        self.text.push('\n');
    }
}

/// Merges the state of the old page into `rendered`; `inputs` is the fingerprint of what
/// the page was rendered from, recorded in the footer. With `recover`, the old page's stray
/// lines (edited generated text) are kept in its Recovered section.
pub fn merge(
    rendered: impl Into<String>,
    old: &ReadPage,
    kind: PageKind,
    inputs: Option<u64>,
    recover: bool,
) -> Merged {
    merge_with(rendered.into(), old, kind, inputs, recover, Layout::Direct)
}

/// How the rendered lines are laid into the page.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Layout {
    /// Line by line as they are when nothing of the old page goes into them (no ticks, no
    /// item notes, no sign-off cells) and no item's box is written `[X]` (which an item's
    /// line would rewrite as `[x]`): a new page's case, without scanning for items. Such a
    /// box is noticed as the lines are digested, and the page is laid again item by item.
    Direct,
    /// Always item by item (what the direct way must give the same bytes as).
    ItemByItem,
}

/// [`merge`], laying the rendered lines as `layout` says (a test compares the two ways).
pub(super) fn merge_with(
    rendered: String,
    old: &ReadPage,
    kind: PageKind,
    inputs: Option<u64>,
    recover: bool,
    layout: Layout,
) -> Merged {
    let untouched = old.state.items.is_empty() && old.state.signoffs.is_empty();
    let direct = layout == Layout::Direct && untouched;
    // Where the rendering ends in a page laid directly, should it be laid again.
    let mut rendering = 0;
    let (mut page, current, fresh_keys, strays) = match direct {
        true => {
            let page = Page::all_generated(rendered);
            rendering = page.text.len();
            let strays = recover_strays(old, &page.text, recover);
            (page, BTreeSet::new(), BTreeSet::new(), strays)
        }
        false => {
            let rendered = render::normalize_text(rendered);
            let mut page = Page {
                text: String::with_capacity(rendered.len() + rendered.len() / 8),
                lines: Vec::with_capacity(rendered.len() / 32),
            };
            let (current, fresh_keys) = by_item(&mut page, &rendered, &old.state);
            let strays = recover_strays(old, &rendered, recover);
            (page, current, fresh_keys, strays)
        }
    };
    if kind == PageKind::Document {
        push_retired(&mut page, &retired(&old.state, &current));
        push_recovered(
            &mut page,
            &old.state,
            &strays,
            &fresh_keys,
            &old.state.signoffs,
        );
        push_notes(&mut page, &old.state.notes);
    }
    if kind == PageKind::View {
        let none = BTreeSet::new();
        push_recovered(&mut page, &old.state, &strays, &none, &[]);
    }
    let generated = std::mem::take(&mut page.lines);
    let hash = old.hash;
    let generated = generated.into_iter().map(|r| &page.text[r]);
    let (mut digests, capital_box) = line_digest::digests_noting_capital_boxes(hash, generated);
    if direct && capital_box {
        page.text.truncate(rendering);
        return merge_with(page.text, old, kind, inputs, recover, Layout::ItemByItem);
    }
    digests.sort_unstable();
    digests.dedup();
    while page.text.ends_with("\n\n") {
        page.text.pop();
    }
    page.text.push('\n');
    let lines = LineDigests { hash, digests };
    page.text.push_str(&footer::line(&lines, inputs));
    page.text.push('\n');
    Merged {
        text: page.text,
        lines,
        inputs,
        recovered: strays,
    }
}

/// Lays the rendered lines into the page item by item, with each item's old tick and notes
/// and the old sign-off cells; returns the ids of the rendered items and the keys of its
/// sign-off rows.
fn by_item(
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
        page.theirs("");
        for line in notes.lines() {
            page.theirs(&indented(line));
        }
    }
    for _ in 0..trailing {
        page.theirs("");
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

/// Old items that are no longer rendered but hold a person's work, by id.
fn retired<'a>(old: &'a PageState, current: &BTreeSet<String>) -> Vec<&'a Item> {
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
fn push_retired(page: &mut Page, items: &[&Item]) {
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
            page.theirs("");
            for line in item.notes.lines() {
                page.theirs(&indented(line));
            }
        }
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

/// The old page's strays that the new page does not have, when they are to be kept.
fn recover_strays(old: &ReadPage, rendered: &str, recover: bool) -> Vec<Stray> {
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
fn push_recovered(
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

fn push_notes(page: &mut Page, notes: &str) {
    page.theirs("");
    page.generated("## Notes");
    page.theirs("");
    page.generated(NOTES_START);
    for line in notes.lines() {
        page.theirs(line);
    }
    page.generated(NOTES_END);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wiki::state::read;

    const V1: &str = "# Onboarding\n\n## Day 1\n\n- [ ] `A-ONE` First: Eva, due 2026-12-01\n  What first means.\n- [ ] `B-TWO` Second: Lars, due 2026-12-02\n- [ ] `C-THREE` Third: Omar, due 2026-12-03\n";
    const V2: &str = "# Onboarding\n\n## Week 1\n\n- [ ] `C-THREE` Third, reworded: Eva, due 2026-12-09\n- [ ] `A-ONE` First: Omar, due 2026-12-01\n  What first means now.\n- [ ] `D-FOUR` New: Lars, due 2026-12-04\n";

    fn tick(text: &str, id: &str) -> String {
        text.replace(&format!("- [ ] `{id}`"), &format!("- [x] `{id}`"))
    }

    fn fresh(rendered: &str) -> String {
        merge(
            rendered,
            &ReadPage::default(),
            PageKind::Document,
            None,
            false,
        )
        .text
    }

    fn again(rendered: &str, page: &str) -> Merged {
        merge(rendered, &read(page), PageKind::Document, None, false)
    }

    #[test]
    fn ticks_and_notes_follow_their_id_and_removed_work_is_retired() {
        let first = fresh(V1);
        let mut edited = tick(&tick(&first, "A-ONE"), "B-TWO");
        edited = edited.replace("due 2026-12-03\n", "due 2026-12-03\n  Waiting for Omar.\n");
        edited = edited.replace(
            "<!-- charter:notes -->\n",
            "<!-- charter:notes -->\nKick-off went well.\n",
        );
        let second = again(V2, &edited);
        let page = read(&second.text);
        let a = page.state.item("A-ONE").unwrap();
        assert!(a.checked && !a.retired && a.line.contains("Omar"));
        assert_eq!(a.notes, "", "the generated description is not a note");
        let c = page.state.item("C-THREE").unwrap();
        assert_eq!(c.notes, "  Waiting for Omar.");
        assert!(!c.checked && c.line.contains("reworded"));
        let b = page.state.item("B-TWO").unwrap();
        assert!(b.checked && b.retired);
        assert_eq!(page.state.notes, "Kick-off went well.\n");
        assert!(!page.edited(), "{:?}", page.strays);
    }

    #[test]
    fn merging_a_page_with_its_own_state_changes_nothing() {
        let first = fresh(V1);
        let edited = tick(&first, "C-THREE").replace(
            "due 2026-12-01\n  What first means.\n",
            "due 2026-12-01\n  What first means.\n\n  note\n",
        );
        assert_eq!(again(V1, &edited).text, edited);
    }

    #[test]
    fn rebuilding_never_grows_a_page() {
        let mut page = fresh(V1);
        for round in 0..4 {
            let rendered = if round % 2 == 0 { V2 } else { V1 };
            page = again(rendered, &page).text;
            assert_eq!(page, fresh(rendered), "round {round}");
        }
    }

    #[test]
    fn untouched_retired_items_are_dropped() {
        let second = again(V2, &fresh(V1)).text;
        assert!(!second.contains(RETIRED_TITLE), "{second}");
    }

    #[test]
    fn forced_strays_are_recovered_not_lost() {
        let edited = fresh(V1).replace("# Onboarding", "# Onboarding (draft)");
        let page = read(&edited);
        assert!(page.edited());
        let merged = merge(V1, &page, PageKind::Document, None, true);
        assert!(
            merged
                .text
                .contains("<!-- charter:recovered -->\n# Onboarding (draft)\n"),
            "{}",
            merged.text
        );
        let kept = read(&merged.text);
        assert!(!kept.edited());
        assert_eq!(
            merge(V1, &kept, PageKind::Document, None, true).text,
            merged.text
        );
    }
}
