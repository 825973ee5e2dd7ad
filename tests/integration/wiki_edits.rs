//! The hand-edit corpus (`tests/fixtures/wiki-edits/`): each way people leave a page, and
//! what the next build does with it, pinned.

use charter::probe;

use crate::support::root;

/// Applies an `edit.txt` to a page.
fn apply(page: &str, edit: &str) -> String {
    let mut text = page.to_string();
    let mut rest = edit;
    while let Some(start) = rest.find("<<<\n") {
        let block = &rest[start + 4..];
        let (find, after) = block.split_once("\n===\n").expect("=== in the block");
        let (replace, after) = after.split_once("\n>>>").expect(">>> after the block");
        assert!(text.contains(find), "`{find}` not in the page");
        text = text.replacen(find, replace, 1);
        rest = after;
    }
    if edit.lines().any(|l| l == "!crlf") {
        text = text.replace('\n', "\r\n");
    }
    text
}

#[test]
fn every_hand_edit_in_the_corpus_keeps_what_people_wrote() {
    let dir = root().join("tests/fixtures/wiki-edits");
    let rendered = std::fs::read_to_string(dir.join("rendered.md")).unwrap();
    let base = probe::merge_ticks(&rendered, "");
    let older = probe::first_page_with_older_digests(&rendered);
    assert!(base.contains(" lines2=") && older.contains(" lines="));
    let mut cases: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 16, "{} cases", cases.len());
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let edit = std::fs::read_to_string(case.join("edit.txt")).unwrap();
        let edited = apply(&base, &edit);
        let rebuilt = probe::rebuild(&rendered, &edited);
        // Nothing a person wrote is missing from the page written.
        for line in edited
            .lines()
            .map(|l| l.trim_start_matches('\u{feff}').trim())
        {
            let generated = base.lines().any(|b| b.trim() == line);
            if !line.is_empty() && !generated && !line.starts_with("<!-- charter:generated") {
                // An item line is kept when its text after the box is (the box is a tick).
                let text = line.split_once("] `").map_or(line, |(_, rest)| rest);
                let kept = rebuilt.text.lines().any(|l| l.contains(text));
                assert!(kept, "{name}: `{line}` was lost:\n{}", rebuilt.text);
            }
        }
        // A second build changes nothing and reports nothing.
        let again = probe::rebuild(&rendered, &rebuilt.text);
        assert_eq!(
            again.text, rebuilt.text,
            "{name}: a second build changed the page"
        );
        assert!(
            !again.conflict && again.reports.is_empty(),
            "{name}: {:?}",
            again.reports
        );
        let report = format!(
            "conflict without --force: {}\nreports:\n{}\n---\n{}",
            if rebuilt.conflict { "yes" } else { "no" },
            rebuilt
                .reports
                .iter()
                .map(|r| format!("- {r}\n"))
                .collect::<String>(),
            rebuilt.text
        );
        insta::assert_snapshot!(format!("wiki_edit_{name}"), report);
        // The same edit of a page written with the older line digests (`lines=`) is read
        // the same: the same page but its footer, which keeps the older kind, and the
        // same reports.
        let edited_older = apply(&older, &edit);
        let rebuilt_older = probe::rebuild(&rendered, &edited_older);
        let body = |text: &str| {
            text.lines()
                .filter(|l| !l.starts_with("<!-- charter:generated"))
                .collect::<Vec<_>>()
                .join("\n")
        };
        assert_eq!(body(&rebuilt_older.text), body(&rebuilt.text), "{name}");
        assert!(rebuilt_older.text.contains(" lines="), "{name}");
        assert_eq!(
            (rebuilt_older.conflict, &rebuilt_older.reports),
            (rebuilt.conflict, &rebuilt.reports),
            "{name}"
        );
        let again_older = probe::rebuild(&rendered, &rebuilt_older.text);
        assert_eq!(
            again_older.text, rebuilt_older.text,
            "{name}: a second build changed the older page"
        );
    }
}
