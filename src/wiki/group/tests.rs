//! Groups held to what they were packed from: paths, reasons, texts and flags given back
//! as given, slots shared, ids and names kept once.

use super::slots::Name;
use super::*;
use crate::wiki::entry::Content;

fn entry(path: String, reason: Cow<'static, str>) -> Entry {
    Entry {
        path,
        action: Action::Change,
        reason,
        engagement: None,
        texts: Texts::None,
        follows_state: false,
    }
}

#[test]
fn a_group_gives_back_each_entry_as_packed() {
    let reasons = ["new page", "layout tidied", "new page"];
    let entries = (0..3)
        .map(|i| entry(format!("acme/page-{i}.md"), reasons[i].into()))
        .collect();
    let group = Group::pack(Some(Arc::from("acme")), entries);
    let paths: Vec<String> = group.iter().map(|e| e.path.to_string()).collect();
    let got: Vec<(&str, &str)> = (paths.iter().zip(group.iter()))
        .map(|(path, e)| (path.as_str(), e.reason))
        .collect();
    assert_eq!(
        got,
        [
            ("acme/page-0.md", "new page"),
            ("acme/page-1.md", "layout tidied"),
            ("acme/page-2.md", "new page"),
        ]
    );
    assert!(group.iter().all(|e| e.engagement == Some("acme")));
}

/// Entries that differ only in their names share one slot, each name in 4 bytes; one
/// that differs in anything else keeps a slot each.
#[test]
fn entries_alike_but_for_their_names_share_their_slot() {
    assert_eq!(std::mem::size_of::<Name>(), 4);
    let paths = [
        "acme/raci.md",
        "acme/index.md",
        "acme/people/x.md",
        "acme/people/y.md",
    ];
    let alike = |path: &str| Entry {
        action: Action::Unchanged,
        follows_state: true,
        ..entry(path.to_string(), "up to date".into())
    };
    let entries: Vec<Entry> = paths.iter().map(|p| alike(p)).collect();
    let same = Group::pack(Some(Arc::from("acme")), entries.clone());
    assert!(matches!(same.slots, Slots::Same(..)));
    assert_eq!(same.len(), 4);
    let mut differing = vec![
        entries.clone(),
        entries.clone(),
        entries.clone(),
        entries.clone(),
    ];
    differing[0][3].action = Action::Keep;
    differing[1][1].reason = "moved".into();
    differing[2][2].follows_state = false;
    differing[3][0].texts = Texts::Staged(Staged::numbered(3));
    // What each entry is, as given and as given back.
    let shown = |e: &Entry| {
        let staged = matches!(e.texts, Texts::Staged(_));
        let reason = e.reason.to_string();
        (e.path.clone(), e.action, reason, e.follows_state, staged)
    };
    let back = |e: PlannedFile| {
        let staged = matches!(e.content(), Some(Content::Staged(_)));
        let reason = e.reason.to_string();
        (
            e.path.to_string(),
            e.action,
            reason,
            e.follows_state,
            staged,
        )
    };
    let alike_or_not = (differing.into_iter().map(|e| (e, false))).chain([(entries, true)]);
    for (given, alike) in alike_or_not {
        // Given back in path order.
        let mut expected: Vec<_> = given.iter().map(shown).collect();
        expected.sort_unstable();
        let group = Group::pack(Some(Arc::from("acme")), given);
        assert_eq!(group.iter().map(back).collect::<Vec<_>>(), expected);
        assert_eq!(matches!(group.slots, Slots::Same(..)), alike);
    }
    assert!(matches!(
        Group::pack(None, Vec::new()).slots,
        Slots::Each(_)
    ));
}

#[test]
fn a_group_gives_back_each_entrys_texts_in_eight_bytes_a_slot() {
    assert_eq!(std::mem::size_of::<Slot>(), 8);
    let texts = [
        Texts::None,
        Texts::held(Some("old".into()), Some("new".into())),
        Texts::Staged(Staged::numbered(7)),
        Texts::held(None, Some("only new".into())),
    ];
    let entries = texts.into_iter().enumerate().map(|(i, texts)| Entry {
        texts,
        follows_state: i % 3 == 2,
        ..entry(format!("{i}.md"), "new page".into())
    });
    let group = Group::pack(None, entries.collect());
    let follows: Vec<bool> = group.iter().map(|e| e.follows_state).collect();
    assert_eq!(follows, [false, false, true, false]);
    let got: Vec<_> = group.iter().map(|e| (e.old(), e.content())).collect();
    assert!(matches!(got[0], (None, None)));
    assert!(matches!(got[1], (Some("old"), Some(Content::Text("new")))));
    assert!(matches!(got[2], (None, Some(Content::Staged(s))) if s == Staged::numbered(7)));
    assert!(matches!(got[3], (None, Some(Content::Text("only new")))));
}

#[test]
fn a_group_too_large_for_its_slots_keeps_each_end_and_texts_in_full() {
    // Names past what 16 bits count, and staged numbers far apart.
    let path = |i: u32| format!("acme/people/{i:040}.md");
    let entries = (0..3000u32).map(|i| Entry {
        texts: Texts::Staged(Staged::numbered(5 + i * 1000)),
        ..entry(path(i), "new page".into())
    });
    let group = Group::pack(Some(Arc::from("acme")), entries.collect());
    assert!(group.extra.as_ref().is_some_and(|e| e.wide.len() == 3000));
    for (i, e) in (0..).zip(group.iter()) {
        assert_eq!(e.path.to_string(), path(i));
        let staged = Staged::numbered(5 + i * 1000);
        assert!(matches!(e.content(), Some(Content::Staged(s)) if s == staged));
    }
    // A few pages fit: nothing kept beside the slots.
    let entries = (0..3u32).map(|i| Entry {
        texts: Texts::Staged(Staged::numbered(70_000 + i)),
        ..entry(path(i), "new page".into())
    });
    let group = Group::pack(Some(Arc::from("acme")), entries.collect());
    assert!(group.extra.is_none());
    let staged: Vec<_> = group.iter().map(|e| e.content()).collect();
    assert!(matches!(staged[2], Some(Content::Staged(s)) if s == Staged::numbered(70_002)));
}

#[test]
fn a_group_keeps_its_folder_once_and_shares_document_file_names() {
    for document in Document::ALL {
        assert_eq!(document.file_name(), format!("{}.md", document.as_str()));
    }
    // Paths; then the folder, what the own names begin and end with, and the rest of
    // them, in path order.
    let cases: [(&[&str], [&str; 4]); 7] = [
        (
            &["acme/raci.md", "acme/people/x.md", "acme/index.md"],
            ["acme/", "", "", "people/x.md"],
        ),
        (
            &["acme/acme-raci.md", "acme/acme.md"],
            ["acme/", "acme", ".md", "-raci"],
        ),
        (&["index.md", "acme/raci.md"], ["", "", "", "acme/raci.md"]),
        (&["ab/x.md", "ac/raci.md"], ["", "a", ".md", "b/xc/raci"]),
        (
            &["a/b/x.md", "a/c/y.md", "a/b/"],
            ["a/", "", "", "b/b/x.mdc/y.md"],
        ),
        (
            &["acme/people/é1.md", "acme/people/é2.md", "acme/raci.md"],
            ["acme/", "people/é", ".md", "12"],
        ),
        // `é` and `è` share their first byte: the folder and the beginning stop
        // before it.
        (
            &["acme/people/é.md", "acme/people/è.md"],
            ["acme/people/", "", ".md", "èé"],
        ),
    ];
    for (paths, [folder, prefix, suffix, names]) in cases {
        // Given back in path order.
        let mut sorted = paths.to_vec();
        sorted.sort_unstable();
        let entries = paths
            .iter()
            .map(|p| entry(p.to_string(), "new page".into()));
        let group = Group::pack(None, entries.collect());
        let (p, s) = group.affixes();
        assert_eq!(
            [group.folder(), p, s, group.names()],
            [folder, prefix, suffix, names],
            "{paths:?}"
        );
        let back: Vec<String> = group.iter().map(|e| e.path.to_string()).collect();
        assert_eq!(back, sorted, "{paths:?}");
        // With an engagement: its id kept once when the folder begins with it.
        for id in ["acme", "ac", "zz"] {
            let entries = paths
                .iter()
                .map(|p| entry(p.to_string(), "new page".into()));
            let owned = Group::pack(Some(id.into()), entries.collect());
            assert_eq!(owned.engagement(), Some(id));
            assert_eq!([owned.folder(), owned.names()], [folder, names]);
            let own_id = if folder.starts_with(id) { "" } else { id };
            assert_eq!(owned.texts.len(), own_id.len() + group.texts.len());
            let back: Vec<String> = owned.iter().map(|e| e.path.to_string()).collect();
            assert_eq!(back, sorted, "{paths:?}");
        }
    }
}

#[test]
fn a_group_keeps_each_entrys_own_reason_among_fixed_ones() {
    let n = usize::from(OWN) + 10;
    let reason = |i: usize| match i % 3 {
        0 => Cow::Borrowed("new page"),
        _ => Cow::Owned(format!("reason {i}")),
    };
    // Named so that path order is their order.
    let entries = (0..n).map(|i| entry(format!("{i:05}.md"), reason(i)));
    let group = Group::pack(None, entries.collect());
    assert_eq!(group.len(), n);
    for i in [0, 1, 2, n / 2, usize::from(OWN), n - 1] {
        let e = group.get(i);
        assert_eq!(
            (e.path.to_string(), e.reason),
            (format!("{i:05}.md"), &*reason(i))
        );
    }
}
