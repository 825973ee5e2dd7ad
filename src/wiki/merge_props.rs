//! Property: after any sequence of input changes (items reworded, moved between sections,
//! reordered, descriptions under them added, changed or dropped), a page rebuilt from the
//! page people edited equals a fresh build of the last inputs with the same human content:
//! the same ticks, item notes and notes area, nothing grown, nothing lost.
//!
//! Runs 256 cases by default; set `PROPTEST_CASES` for more.

use proptest::prelude::*;

use crate::wiki::merge::{Layout, PageKind, merge, merge_with};
use crate::wiki::state::{ReadPage, read};

/// One version of the inputs: per item (by index), its title, description and section.
#[derive(Clone, Debug)]
struct Spec {
    order: Vec<usize>,
    titles: Vec<String>,
    descriptions: Vec<Option<String>>,
    sections: Vec<u8>,
}

/// What people do to the page once: tick, annotate, write in the notes area.
#[derive(Clone, Debug)]
struct Human {
    ticks: Vec<bool>,
    notes: Vec<Option<Vec<String>>>,
    lazy: Vec<bool>,
    page_notes: Option<String>,
}

const ITEMS: usize = 6;

fn id(i: usize) -> String {
    format!("CTL-{}", i + 1)
}

fn spec() -> impl Strategy<Value = Spec> {
    let order = Just((0..ITEMS).collect::<Vec<_>>()).prop_shuffle();
    let titles = prop::collection::vec("[A-Z][a-z]{2,8}( [a-z]{2,8}){0,3}", ITEMS);
    let descriptions = prop::collection::vec(
        prop::option::of("[A-Z][a-z]{2,8}( [a-z]{2,8}){0,5}\\."),
        ITEMS,
    );
    let sections = prop::collection::vec(0u8..3, ITEMS);
    (order, titles, descriptions, sections).prop_map(|(order, titles, descriptions, sections)| {
        Spec {
            order,
            titles,
            descriptions,
            sections,
        }
    })
}

fn note_line() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9][A-Za-z0-9 ,.:()]{0,30}",
        Just("```".to_string()),
        Just("- a list in a note".to_string()),
        Just("> quoted".to_string()),
        Just("<!-- charter:notes -->".to_string()),
        Just("- [x] `CTL-9` not an item".to_string()),
    ]
}

fn human() -> impl Strategy<Value = Human> {
    let ticks = prop::collection::vec(any::<bool>(), ITEMS);
    let notes = prop::collection::vec(
        prop::option::of(prop::collection::vec(note_line(), 1..4)),
        ITEMS,
    );
    let lazy = prop::collection::vec(any::<bool>(), ITEMS);
    let page_notes = prop::option::of("[A-Za-z][A-Za-z0-9 ,.\n]{0,40}");
    (ticks, notes, lazy, page_notes).prop_map(|(ticks, notes, lazy, page_notes)| Human {
        ticks,
        notes,
        lazy,
        page_notes,
    })
}

/// The page a template renders from `spec`.
fn render(spec: &Spec) -> String {
    let mut text = String::from("# Onboarding\n\nWhat must be true.\n");
    for section in 0..3u8 {
        let items: Vec<usize> = spec
            .order
            .iter()
            .copied()
            .filter(|i| spec.sections[*i] == section)
            .collect();
        if items.is_empty() {
            continue;
        }
        text.push_str(&format!("\n## Section {section}\n\n"));
        for i in items {
            text.push_str(&format!(
                "- [ ] `{}` {}: Eva, due 2026-12-0{}\n",
                id(i),
                spec.titles[i],
                i + 1
            ));
            if let Some(description) = &spec.descriptions[i] {
                text.push_str(&format!("  {description}\n"));
            }
        }
    }
    text
}

/// The page with the human's work written into it, as a person would.
fn edit(page: &str, human: &Human) -> String {
    let mut out = String::new();
    let mut lines = page.lines().peekable();
    while let Some(line) = lines.next() {
        let item = (0..ITEMS)
            .find(|i| line.contains(&format!("] `{}` ", id(*i))) && line.starts_with("- ["));
        let Some(i) = item else {
            out.push_str(line);
            out.push('\n');
            if let Some(notes) = human
                .page_notes
                .as_ref()
                .filter(|_| line == crate::wiki::scan::NOTES_START)
            {
                out.push_str(notes.trim_end_matches('\n'));
                out.push('\n');
            }
            continue;
        };
        let mark = if human.ticks[i] { "[x]" } else { "[ ]" };
        out.push_str(&line.replacen("[ ]", mark, 1));
        out.push('\n');
        while lines
            .peek()
            .is_some_and(|l| l.starts_with("  ") && !l.trim().is_empty())
        {
            out.push_str(lines.next().unwrap_or_default());
            out.push('\n');
        }
        if let Some(note) = &human.notes[i] {
            if !human.lazy[i] {
                out.push('\n');
            }
            for line in note {
                out.push_str(&format!("  {line}\n"));
            }
        }
    }
    out
}

fn merged(rendered: &str, old: &ReadPage) -> String {
    merge(rendered, old, PageKind::Document, None, true).text
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256),
        ..ProptestConfig::default()
    })]

    #[test]
    fn a_rebuild_is_a_fresh_build_plus_the_same_human_content(
        first in spec(),
        later in prop::collection::vec(spec(), 1..5),
        human in human(),
    ) {
        let fresh = merged(&render(&first), &ReadPage::default());
        let mut page = edit(&fresh, &human);
        let read_first = read(&page);
        prop_assert!(!read_first.edited(), "the human's edit reads as an edit: {:?}\n{page}", read_first.strays);
        for spec in &later {
            page = merged(&render(spec), &read(&page));
        }
        let last = later.last().unwrap_or(&first);
        let expected_fresh = merged(&render(last), &ReadPage::default());
        let expected = merged(&render(last), &read(&edit(&expected_fresh, &human)));
        prop_assert_eq!(&page, &expected);
        prop_assert_eq!(merged(&render(last), &read(&page)), page);
    }
}

/// A line a rendered page may hold: items in every bullet and tick, their descriptions,
/// headings, sign-off tables, `[X]` outside an item, trailing spaces, a carriage return.
fn rendered_line() -> impl Strategy<Value = String> {
    let n = 0usize..4;
    prop_oneof![
        n.clone()
            .prop_map(|i| format!("- [ ] `{}` Title {i}: Eva, due 2026-12-01", id(i))),
        n.clone()
            .prop_map(|i| format!("- [x] `{}` Done {i}", id(i))),
        n.clone()
            .prop_map(|i| format!("- [X] `{}` Upper {i}", id(i))),
        n.clone()
            .prop_map(|i| format!("* [ ] `{}` Star {i}", id(i))),
        n.prop_map(|i| format!("   + [ ] `{}` Indented {i}", id(i))),
        Just("  What the item means.".to_string()),
        Just(String::new()),
        Just("## Section".to_string()),
        Just("<!-- charter:signoff -->".to_string()),
        Just("| Area | Role | People | Decision | Date |".to_string()),
        Just("| --- | --- | --- | --- | --- |".to_string()),
        Just("| Security | security-officer | Eva | | |".to_string()),
        Just("A box written [X] in a sentence.".to_string()),
        Just("Trailing spaces   ".to_string()),
        Just("A carriage return\r".to_string()),
    ]
}

proptest! {
    /// A page with nothing of an old page's to put in its lines is laid out line by line,
    /// without scanning for items: the same page, digests and recovered lines as item by
    /// item, for every kind of page, with or without an old page's strays, sign-off cells or
    /// ticks (which take the item-by-item way). The rendering is normalized either way: a
    /// new page has no trailing white space and no run of blank lines.
    #[test]
    fn a_new_page_laid_out_directly_is_the_page_laid_out_item_by_item(
        lines in prop::collection::vec(rendered_line(), 0..24),
        kind in prop_oneof![Just(PageKind::Document), Just(PageKind::Navigation), Just(PageKind::View)],
        old_page in 0usize..4,
        recover in any::<bool>(),
    ) {
        let rendered = lines.iter().map(|l| format!("{l}\n")).collect::<String>();
        let old = match old_page {
            0 => ReadPage::default(),
            1 => read("# Old page\n\nSomeone's line.\n"),
            // An old page whose sign-off row or ticked item goes into the new page: the
            // direct way is not taken, so both ways must still agree.
            2 => read("<!-- charter:signoff -->\n\n| Area | Role | People | Decision | Date |\n| --- | --- | --- | --- | --- |\n| Security | security-officer | Eva | approved | 2026-12-01 |\n"),
            _ => read("- [x] `CTL-1` Title 0: Eva, due 2026-12-01\n  A note.\n"),
        };
        let direct = merge_with(rendered.clone(), &old, kind, Some(7), recover, Layout::Direct);
        let by_item = merge_with(rendered.clone(), &old, kind, Some(7), recover, Layout::ItemByItem);
        let normal = |line: &str| line.trim_end() == line;
        if old_page == 0 {
            prop_assert!(direct.text.lines().all(normal) && !direct.text.contains("\n\n\n"));
        }
        prop_assert_eq!(direct, by_item);
    }
}
