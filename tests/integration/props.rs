//! Property: whatever boxes are ticked, whatever notes are written, and however the packs
//! change (reworded, moved, removed controls), a rebuild keeps every tick and note, and a
//! removed control that held work is under "Retired" with it.
//!
//! Runs 64 cases by default; set `PROPTEST_CASES` for more or fewer.

use proptest::prelude::*;

use crate::wiki::{ONBOARDING, Wiki, annotate, tick, write_notes};

/// What happens to one control in the new packs.
#[derive(Clone, Copy, Debug)]
enum Change {
    Keep,
    Reword,
    Move,
    Remove,
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        Just(Change::Keep),
        Just(Change::Reword),
        Just(Change::Move),
        Just(Change::Remove)
    ]
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|n| n.parse().ok())
        .unwrap_or(64)
}

/// The control an item key belongs to: `ACC-SSO-MFA@priya-shah` is `ACC-SSO-MFA`.
fn control_of(key: &str) -> &str {
    key.split(['@', '#']).next().unwrap_or(key)
}

/// The organisation pack that makes `changes` to the controls `ids` (item keys; the first
/// item of a control decides what happens to the control).
fn pack_changes(ids: &[String], changes: &[Change]) -> String {
    let (mut overrides, mut disable) = (String::new(), String::new());
    let mut seen = std::collections::BTreeSet::new();
    for (i, (id, change)) in ids.iter().zip(changes).enumerate() {
        let id = control_of(id);
        if !seen.insert(id) {
            continue;
        }
        match change {
            Change::Keep => {}
            Change::Reword => overrides.push_str(&format!(
                "  - {{ id: {id}, title: Reworded requirement number {i} }}\n"
            )),
            Change::Move => overrides.push_str(&format!(
                "  - {{ id: {id}, phase: ongoing, due-days: {} }}\n",
                40 - i as i64
            )),
            Change::Remove => {
                disable.push_str(&format!("  - {{ control: {id}, reason: Test removal }}\n"))
            }
        }
    }
    let mut body = String::new();
    if !overrides.is_empty() {
        body.push_str(&format!("overrides:\n{overrides}"));
    }
    if !disable.is_empty() {
        body.push_str(&format!("disable:\n{disable}"));
    }
    body
}

/// Items on the test engagement's onboarding page.
const ITEMS: usize = 22;

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), ..ProptestConfig::default() })]

    #[test]
    fn every_tick_and_note_survives_any_pack_change(
        ticks in proptest::collection::vec(any::<bool>(), ITEMS),
        notes in proptest::collection::vec(proptest::option::of("[A-Za-z0-9][A-Za-z0-9 ,.]{0,30}[A-Za-z0-9.]"), ITEMS),
        changes in proptest::collection::vec(change(), ITEMS),
        page_notes in proptest::option::of("[A-Za-z][A-Za-z0-9 ,.\n]{0,60}"),
    ) {
        let wiki = Wiki::new();
        wiki.build_ok();
        let ids: Vec<String> = wiki.state(ONBOARDING).items.iter().map(|i| i.id.clone()).collect();
        prop_assert_eq!(ids.len(), ITEMS);
        // What happens to an item is what happens to its control (its first item decides).
        let changes: Vec<Change> = ids
            .iter()
            .map(|id| changes[ids.iter().position(|o| control_of(o) == control_of(id)).unwrap()])
            .collect();
        let mut page = wiki.page(ONBOARDING);
        for (i, id) in ids.iter().enumerate() {
            if ticks[i] {
                page = tick(&page, id);
            }
            if let Some(note) = &notes[i] {
                page = annotate(&page, id, note);
            }
        }
        let page_notes = page_notes.map(|n| format!("{}\n", n.trim_end()));
        if let Some(n) = &page_notes {
            page = write_notes(&page, n);
        }
        wiki.set_page(ONBOARDING, &page);
        wiki.set_org(&pack_changes(&ids, &changes));
        wiki.build_ok();

        let after = wiki.state(ONBOARDING);
        for (i, id) in ids.iter().enumerate() {
            let holds_work = ticks[i] || notes[i].is_some();
            let item = after.item(id);
            // A moved recurring control has occurrences on other dates: the old ones have no
            // place any more and are retired with their state, or dropped when they hold none.
            let moved_away = matches!(changes[i], Change::Move) && id.contains('#');
            if moved_away && item.is_none_or(|i| i.retired) {
                if holds_work {
                    let item = item.unwrap_or_else(|| panic!("{id} lost"));
                    prop_assert_eq!(item.checked, ticks[i], "tick of {}", id);
                }
                continue;
            }
            if matches!(changes[i], Change::Remove) && !holds_work {
                prop_assert!(item.is_none(), "{} should be gone", id);
                continue;
            }
            let item = item.unwrap_or_else(|| panic!("{id} lost"));
            prop_assert_eq!(item.checked, ticks[i], "tick of {}", id);
            let note = notes[i].as_ref().map(|n| format!("  {n}")).unwrap_or_default();
            prop_assert_eq!(&item.notes, &note, "notes of {}", id);
            prop_assert_eq!(item.retired, matches!(changes[i], Change::Remove), "{}", id);
            if matches!(changes[i], Change::Reword) {
                prop_assert!(item.line.contains("Reworded requirement"), "{}", item.line);
            }
        }
        prop_assert_eq!(after.notes, page_notes.unwrap_or_default());
        let again = wiki.build_ok();
        prop_assert!(again.contains(", 0 changed,"), "{}", again);
    }
}
