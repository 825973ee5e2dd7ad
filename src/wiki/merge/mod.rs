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

mod by_item;
mod page;
mod sections;

use std::collections::BTreeSet;

use crate::render;
use crate::wiki::footer::{self, LineDigests};
use crate::wiki::line_digest;
use crate::wiki::state::{ReadPage, Stray};

use by_item::by_item;
use page::Page;
use sections::{push_notes, push_recovered, push_retired, recover_strays, retired};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::wiki::scan::RETIRED_TITLE;
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
