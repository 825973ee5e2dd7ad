//! Carrying people's state into a fresh rendering of a page.
//!
//! Each checklist item of the new rendering takes the checked mark and the notes of the
//! item with the same control id in the old page, wherever either stands and whatever
//! changed around it. Old items whose control is gone but that were ticked or annotated move
//! to a "Retired" section, unchanged. The notes area is kept verbatim. The page ends with a
//! footer recording the digest of its generated text (see [`super::state`]).

use std::collections::BTreeSet;

use crate::wiki::state::{self, Edit, Item, NOTES_END, NOTES_START, PageState, RETIRED_TITLE};

/// What kind of page is being merged.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageKind {
    /// A document: checklist items, Retired section and notes area.
    Document,
    /// Navigation (a wiki sidebar): generated text only.
    Navigation,
}

/// A page ready to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Merged {
    /// The complete page.
    pub text: String,
    /// The digest of the page's generated text, as recorded in its footer.
    pub digest: u64,
    /// The input fingerprint recorded in its footer.
    pub inputs: Option<u64>,
}

/// Merges the state of the old page (empty for a new page) into `rendered`; `inputs` is
/// the fingerprint of what the page was rendered from, recorded in the footer.
pub fn merge(rendered: &str, old: &PageState, kind: PageKind, inputs: Option<u64>) -> Merged {
    let scan = state::scan(rendered);
    let mut edits: Vec<Edit> = Vec::new();
    for item in &scan.items {
        let checked = old.item(&item.id).map_or(item.checked, |o| o.checked);
        let mark = if checked { "[x]" } else { "[ ]" };
        edits.push((item.marker.clone(), mark.to_string()));
        if let Some(notes) = old
            .item(&item.id)
            .map(|o| &o.notes)
            .filter(|n| !n.is_empty())
        {
            edits.push((item.line_end..item.line_end, format!("\n{notes}")));
        }
    }
    let mut text = state::splice(rendered, &mut edits);
    let mut skeleton = state::skeleton(rendered, &scan);
    if kind == PageKind::Document {
        let current: BTreeSet<&str> = scan.items.iter().map(|i| i.id.as_str()).collect();
        let retired = retired(old, &current);
        push_retired(&mut text, &retired, |item| item.line.clone(), true);
        push_retired(
            &mut skeleton,
            &retired,
            |item| state::unticked(&item.line),
            false,
        );
        push_notes(&mut text, &old.notes);
        push_notes(&mut skeleton, "");
    }
    // The digest is built alongside the page rather than by parsing it again.
    let digest = state::hash_lines(skeleton.lines());
    debug_assert_eq!(
        digest,
        state::digest(&text),
        "skeleton drifted from:\n{text}"
    );
    text.push('\n');
    text.push_str(&state::footer(digest, inputs));
    text.push('\n');
    Merged {
        text,
        digest,
        inputs,
    }
}

/// Old items that are no longer rendered but hold a person's work, by id.
fn retired<'a>(old: &'a PageState, current: &BTreeSet<&str>) -> Vec<&'a Item> {
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

/// Appends the Retired section: each item's line as `line` gives it, and its notes.
fn push_retired(text: &mut String, items: &[&Item], line: impl Fn(&Item) -> String, notes: bool) {
    if items.is_empty() {
        return;
    }
    text.push_str(&format!(
        "\n## {RETIRED_TITLE}\n\nThese controls no longer apply to this engagement. They are kept because someone ticked or annotated them; delete an item once nobody needs it.\n\n"
    ));
    for item in items {
        text.push_str(&line(item));
        text.push('\n');
        if notes && !item.notes.is_empty() {
            text.push_str(&item.notes);
            text.push('\n');
        }
    }
}

fn push_notes(text: &mut String, notes: &str) {
    text.push_str("\n## Notes\n\n");
    text.push_str(NOTES_START);
    text.push('\n');
    text.push_str(notes);
    if !notes.is_empty() && !notes.ends_with('\n') {
        text.push('\n');
    }
    text.push_str(NOTES_END);
    text.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wiki::state::read;

    const V1: &str = "# Onboarding\n\n## Day 1\n\n- [ ] `A-ONE` First: Eva, due 2026-12-01\n- [ ] `B-TWO` Second: Lars, due 2026-12-02\n- [ ] `C-THREE` Third: Omar, due 2026-12-03\n";
    const V2: &str = "# Onboarding\n\n## Week 1\n\n- [ ] `C-THREE` Third, reworded: Eva, due 2026-12-09\n- [ ] `A-ONE` First: Omar, due 2026-12-01\n- [ ] `D-FOUR` New: Lars, due 2026-12-04\n";

    fn tick(text: &str, id: &str) -> String {
        text.replace(&format!("- [ ] `{id}`"), &format!("- [x] `{id}`"))
    }

    #[test]
    fn ticks_and_notes_follow_their_id_and_removed_work_is_retired() {
        let first = merge(V1, &PageState::default(), PageKind::Document, None).text;
        let mut edited = tick(&tick(&first, "A-ONE"), "B-TWO");
        edited = edited.replace("due 2026-12-03\n", "due 2026-12-03\n  Waiting for Omar.\n");
        edited = edited.replace(
            "<!-- charter:notes -->\n",
            "<!-- charter:notes -->\nKick-off went well.\n",
        );
        let second = merge(V2, &read(&edited).state, PageKind::Document, None);
        let page = read(&second.text);
        let a = page.state.item("A-ONE").unwrap();
        assert!(a.checked && !a.retired && a.line.contains("Omar"));
        let c = page.state.item("C-THREE").unwrap();
        assert_eq!(c.notes, "  Waiting for Omar.");
        assert!(!c.checked && c.line.contains("reworded"));
        let b = page.state.item("B-TWO").unwrap();
        assert!(b.checked && b.retired);
        assert_eq!(page.state.notes, "Kick-off went well.\n");
        assert!(!page.edited());
    }

    #[test]
    fn merging_a_page_with_its_own_state_changes_nothing() {
        let first = merge(V1, &PageState::default(), PageKind::Document, None).text;
        let edited =
            tick(&first, "C-THREE").replace("due 2026-12-01\n", "due 2026-12-01\n  note\n");
        let again = merge(V1, &read(&edited).state, PageKind::Document, None).text;
        assert_eq!(again, edited);
    }

    #[test]
    fn untouched_retired_items_are_dropped() {
        let first = merge(V1, &PageState::default(), PageKind::Document, None).text;
        let second = merge(V2, &read(&first).state, PageKind::Document, None).text;
        assert!(!second.contains(RETIRED_TITLE), "{second}");
    }
}
