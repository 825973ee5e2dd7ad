//! People's work in the wiki is never lost and never invented: each case a user or a git
//! merge produced, through the CLI.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::{charter_in, example_engagement, read_tree, root, stderr, stdout, write};
use crate::wiki::{ONBOARDING, Wiki, annotate, tick, write_notes};

const REVIEW: &str = "acme-payments-mvp/pre-engagement-review.md";

fn ok(output: &Output) {
    assert!(
        output.status.success(),
        "{}\n{}",
        stdout(output),
        stderr(output)
    );
}

/// A fresh build of the same inputs, for comparing a rebuilt page with.
fn fresh_page(wiki: &Wiki, page: &str) -> String {
    let other = tempfile::tempdir().unwrap();
    for file in ["engagement.yaml", "org.yaml"] {
        std::fs::copy(wiki.path().join(file), other.path().join(file)).unwrap();
    }
    ok(&charter_in(
        other.path(),
        &["build", "engagement.yaml", "--out", "out"],
    ));
    std::fs::read_to_string(other.path().join("out").join(page)).unwrap()
}

#[test]
fn lines_a_template_writes_under_an_item_are_not_read_back_as_notes() {
    let dir = tempfile::tempdir().unwrap();
    let example = std::fs::read_to_string(root().join("examples/hybrid-migration.yaml")).unwrap();
    let example = example.replace("./policies/", "../policies/");
    std::fs::create_dir_all(dir.path().join("e")).unwrap();
    write(&dir.path().join("e/h.yaml"), &example);
    std::fs::create_dir_all(dir.path().join("policies")).unwrap();
    for entry in std::fs::read_dir(root().join("examples/policies")).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(
            &path,
            dir.path().join("policies").join(path.file_name().unwrap()),
        )
        .unwrap();
    }
    let build = || {
        ok(&charter_in(
            dir.path(),
            &["build", "e/h.yaml", "--out", "w"],
        ))
    };
    build();
    let page = |dir: &Path| {
        let folder = std::fs::read_dir(dir.join("w"))
            .unwrap()
            .filter_map(Result::ok)
            .find(|e| e.path().join("handoff-plan.md").exists())
            .unwrap();
        std::fs::read_to_string(folder.path().join("handoff-plan.md")).unwrap()
    };
    let lines = page(dir.path()).lines().count();
    for ends in ["ends: 2027-12-31", "ends: 2028-01-14"] {
        let text = std::fs::read_to_string(dir.path().join("e/h.yaml")).unwrap();
        let next = text
            .lines()
            .map(|l| {
                if l.starts_with("ends:") {
                    ends.to_string()
                } else {
                    l.to_string()
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
            + "\n";
        write(&dir.path().join("e/h.yaml"), &next);
        build();
        assert_eq!(
            page(dir.path()).lines().count(),
            lines,
            "the hand-off plan grew"
        );
        ok(&charter_in(
            dir.path(),
            &["build", "e/h.yaml", "--out", "w", "--check"],
        ));
    }
}

#[test]
fn notes_with_an_unclosed_fence_are_not_a_hand_edit_and_survive_force() {
    let wiki = Wiki::new();
    wiki.build_ok();
    let notes = "Config we agreed:\n```yaml\nretries: 3\n";
    wiki.set_page(ONBOARDING, &write_notes(&wiki.page(ONBOARDING), notes));
    ok(&wiki.build(&["--check"]));
    wiki.set_org("overrides:\n  - { id: CON-NDA, title: Mutual NDA before access }\n");
    wiki.build_ok();
    ok(&wiki.build(&["--force"]));
    assert_eq!(wiki.state(ONBOARDING).notes, notes);
}

#[test]
fn a_missing_or_quoted_notes_end_marker_loses_nothing() {
    let wiki = Wiki::new();
    wiki.build_ok();
    let page = write_notes(
        &wiki.page(ONBOARDING),
        "first\n<!-- charter:end-notes -->\nsecond",
    );
    wiki.set_page(ONBOARDING, &page);
    ok(&wiki.build(&["--force"]));
    assert_eq!(
        wiki.state(ONBOARDING).notes,
        "first\n<!-- charter:end-notes -->\nsecond\n"
    );
    let deleted = write_notes(&wiki.page(ONBOARDING), "third").replace(
        "<!-- charter:end-notes -->\n\n<!-- charter:generated",
        "\n<!-- charter:generated",
    );
    wiki.set_page(ONBOARDING, &deleted);
    let rebuilt = wiki.build(&["--force"]);
    ok(&rebuilt);
    assert!(
        stderr(&rebuilt).contains("no end marker"),
        "{}",
        stderr(&rebuilt)
    );
    let notes = wiki.state(ONBOARDING).notes;
    assert!(
        notes.starts_with("third\nfirst\n") && notes.contains("second"),
        "{notes}"
    );
}

#[test]
fn a_duplicated_item_keeps_its_tick_and_is_reported() {
    let wiki = Wiki::new();
    wiki.build_ok();
    let page = wiki.page(ONBOARDING);
    let line = page
        .lines()
        .find(|l| l.contains("] `CON-NDA` "))
        .unwrap()
        .to_string();
    let doubled = page.replacen(
        &format!("{line}\n"),
        &format!("{line}\n{}\n", line.replace("[ ]", "[x]")),
        1,
    );
    wiki.set_page(ONBOARDING, &doubled);
    let output = wiki.build(&["--force"]);
    ok(&output);
    assert!(
        stderr(&output).contains("`CON-NDA` appears twice"),
        "{}",
        stderr(&output)
    );
    let state = wiki.state(ONBOARDING);
    let copies: Vec<_> = state.items.iter().filter(|i| i.id == "CON-NDA").collect();
    assert_eq!(copies.len(), 1);
    assert!(copies[0].checked);
}

#[test]
fn a_notes_marker_inside_an_item_note_copies_nothing_and_grows_nothing() {
    let wiki = Wiki::new();
    wiki.build_ok();
    let page = tick(&wiki.page(ONBOARDING), "CON-SOW");
    let page = annotate(&page, "CON-NDA", "see <!-- charter:notes --> above");
    let page = page.replace(
        "  see <!-- charter:notes --> above\n",
        "\n  <!-- charter:notes -->\n  quoted marker\n",
    );
    wiki.set_page(ONBOARDING, &page);
    let first = wiki.build(&["--force"]);
    ok(&first);
    let once = wiki.page(ONBOARDING);
    for _ in 0..2 {
        ok(&wiki.build(&["--force"]));
        assert_eq!(wiki.page(ONBOARDING), once);
    }
    let state = wiki.state(ONBOARDING);
    assert!(state.item("CON-SOW").unwrap().checked);
    assert!(
        state
            .item("CON-NDA")
            .unwrap()
            .notes
            .contains("quoted marker")
    );
    assert_eq!(once.matches("## Notes").count(), 1, "{once}");
}

#[test]
fn deleting_a_retired_item_as_the_page_says_is_not_a_conflict() {
    let wiki = Wiki::new();
    wiki.build_ok();
    wiki.set_page(ONBOARDING, &tick(&wiki.page(ONBOARDING), "ONB-ADRS"));
    wiki.set_org("disable:\n  - { control: ONB-ADRS, reason: Decisions live elsewhere }\n");
    wiki.build_ok();
    let page = wiki.page(ONBOARDING);
    assert!(page.contains("## Retired"));
    let line = page.lines().find(|l| l.contains("`ONB-ADRS`")).unwrap();
    wiki.set_page(ONBOARDING, &page.replace(&format!("{line}\n"), ""));
    ok(&wiki.build(&[]));
    assert!(!wiki.page(ONBOARDING).contains("ONB-ADRS"));
}

#[test]
fn a_byte_order_mark_or_crlf_is_not_a_hand_edit() {
    let wiki = Wiki::new();
    wiki.build_ok();
    let page = wiki.page(ONBOARDING);
    wiki.set_page(
        ONBOARDING,
        &format!("\u{feff}{}", page.replace('\n', "\r\n")),
    );
    ok(&wiki.build(&["--check"]));
    ok(&wiki.build(&[]));
}

#[test]
fn a_filled_sign_off_table_is_state_kept_and_reported_by_status() {
    let wiki = Wiki::new();
    wiki.build_ok();
    let page = wiki.page(REVIEW);
    let row = page
        .lines()
        .find(|l| l.starts_with("| Security |"))
        .unwrap()
        .to_string();
    let signed = row.trim_end_matches("| | |").to_string() + "| approved | 2026-11-20 |";
    wiki.set_page(REVIEW, &page.replace(&row, &signed));
    ok(&wiki.build(&["--check"]));
    wiki.set_org("overrides:\n  - { id: CON-NDA, title: Mutual NDA before access }\n");
    ok(&wiki.build(&[]));
    ok(&wiki.build(&["--force"]));
    assert!(wiki.page(REVIEW).contains("| approved | 2026-11-20 |"));
    let status = charter_in(wiki.path(), &["status", "out", "--format", "json"]);
    ok(&status);
    let json: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    let signoffs: Vec<&serde_json::Value> = json["pages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|p| p["signoffs"].as_array().unwrap())
        .collect();
    let security = signoffs.iter().find(|s| s["area"] == "Security").unwrap();
    assert_eq!(security["signed"], true);
    assert_eq!(security["cells"]["Decision"], "approved");
    assert_eq!(security["cells"]["Date"], "2026-11-20");
}

#[test]
fn two_builds_at_once_both_finish_and_leave_one_consistent_wiki() {
    let wiki = Wiki::new();
    wiki.build_ok();
    let bin = env!("CARGO_BIN_EXE_charter");
    for round in 0..4 {
        wiki.set_org(&format!(
            "overrides:\n  - {{ id: CON-NDA, title: Round {round} NDA }}\n"
        ));
        let spawn = || {
            Command::new(bin)
                .args(["build", "engagement.yaml", "--out", "out", "--quiet"])
                .current_dir(wiki.path())
                .env("CHARTER_TODAY", "2026-11-24")
                .output()
        };
        let (a, b) = std::thread::scope(|s| {
            let a = s.spawn(spawn);
            let b = s.spawn(spawn);
            (a.join().unwrap().unwrap(), b.join().unwrap().unwrap())
        });
        ok(&a);
        ok(&b);
        ok(&wiki.build(&["--check"]));
        assert!(
            wiki.page(ONBOARDING)
                .contains(&format!("Round {round} NDA"))
        );
        let leftovers: Vec<String> = read_all_names(&wiki.path().join("out"))
            .into_iter()
            .filter(|n| n.contains(".charter-"))
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}

fn read_all_names(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.path().display().to_string())
        .collect()
}

#[cfg(unix)]
#[test]
fn a_page_that_cannot_be_replaced_puts_back_every_page_and_exits_2() {
    let wiki = Wiki::new();
    wiki.build_ok();
    let before = read_tree(&wiki.path().join("out"));
    wiki.edit_engagement("ends: 2027-03-31", "ends: 2027-04-30");
    let stuck = wiki.file("acme-payments-mvp/slas-kpis.md");
    let locked = Command::new("chattr").arg("+i").arg(&stuck).status();
    if !locked.is_ok_and(|s| s.success()) {
        eprintln!("chattr +i is not available here; the failure cannot be staged");
        return;
    }
    wiki.edit_engagement("project: Payments API (Flask)", "project: Payments API v2");
    let failed = wiki.build(&[]);
    let _ = Command::new("chattr").arg("-i").arg(&stuck).status();
    assert_eq!(failed.status.code(), Some(2), "{}", stderr(&failed));
    assert!(
        stderr(&failed).contains("nothing was written"),
        "{}",
        stderr(&failed)
    );
    assert_eq!(read_tree(&wiki.path().join("out")), before);
    ok(&wiki.build(&[]));
}

#[cfg(unix)]
#[test]
fn replaced_pages_keep_their_file_mode() {
    use std::os::unix::fs::PermissionsExt;
    let wiki = Wiki::new();
    wiki.build_ok();
    let page = wiki.file(ONBOARDING);
    std::fs::set_permissions(&page, std::fs::Permissions::from_mode(0o664)).unwrap();
    wiki.edit_engagement("ends: 2027-03-31", "ends: 2027-04-30");
    wiki.set_org("overrides:\n  - { id: CON-NDA, title: Mutual NDA before access }\n");
    wiki.build_ok();
    assert!(wiki.page(ONBOARDING).contains("Mutual NDA"));
    let mode = std::fs::metadata(&page).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o664);
}

#[test]
fn switching_the_flavour_carries_ticks_and_notes_to_the_new_pages() {
    let wiki = Wiki::new();
    wiki.build_ok();
    let page = annotate(
        &tick(&wiki.page(ONBOARDING), "CON-NDA"),
        "CON-NDA",
        "Signed 20 Nov.",
    );
    wiki.set_page(ONBOARDING, &page);
    let switched = wiki.build(&["--flavor", "github-wiki"]);
    ok(&switched);
    let moved = "acme-payments-mvp/acme-payments-mvp-onboarding-checklist.md";
    let state = wiki.state(moved);
    let nda = state.item("CON-NDA").unwrap();
    assert!(nda.checked);
    assert_eq!(nda.notes, "  Signed 20 Nov.");
    assert!(
        !wiki.file(ONBOARDING).exists(),
        "the old page is retired once its work moved"
    );
}

#[test]
fn an_id_that_belongs_to_another_file_of_the_wiki_is_refused_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    let text = example_engagement("acme-payments-mvp", "[builtin:core]");
    write(&dir.path().join("a.yaml"), &text);
    write(&dir.path().join("copy.yaml"), &text);
    ok(&charter_in(dir.path(), &["build", "a.yaml", "--out", "w"]));
    let refused = charter_in(dir.path(), &["build", "copy.yaml", "--out", "w"]);
    assert_eq!(refused.status.code(), Some(2));
    let err = stderr(&refused);
    assert!(
        err.contains("already belongs to `a.yaml`") && err.contains("copy.yaml:2:5"),
        "{err}"
    );
}

#[test]
fn page_names_two_engagements_share_on_a_github_wiki_are_refused_at_the_id() {
    let dir = tempfile::tempdir().unwrap();
    // `acme`'s RACI page and `acme-raci`'s overview are both `acme-raci`.
    for (file, id) in [("a.yaml", "acme"), ("b.yaml", "acme-raci")] {
        write(
            &dir.path().join(file),
            &example_engagement(id, "[builtin:core]"),
        );
    }
    let args = [
        "build",
        "a.yaml",
        "b.yaml",
        "--flavor",
        "github-wiki",
        "--out",
        "w",
    ];
    let refused = charter_in(dir.path(), &args);
    assert_eq!(refused.status.code(), Some(2));
    let err = stderr(&refused);
    assert!(
        err.contains(
            "page name `acme-raci` of engagement `acme-raci` is also used by engagement `acme`"
        ) && err.contains("b.yaml:2:5"),
        "{err}"
    );
    assert!(!dir.path().join("w").exists(), "{err}");
}

#[test]
fn building_engagements_one_at_a_time_lists_them_all_on_the_home_page() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("a.yaml"),
        &example_engagement("alpha-one", "[builtin:core]"),
    );
    write(
        &dir.path().join("b.yaml"),
        &example_engagement("beta-two", "[builtin:core]"),
    );
    ok(&charter_in(dir.path(), &["build", "a.yaml", "--out", "w"]));
    ok(&charter_in(dir.path(), &["build", "b.yaml", "--out", "w"]));
    let home = std::fs::read_to_string(dir.path().join("w/index.md")).unwrap();
    assert!(
        home.contains("`alpha-one`") && home.contains("`beta-two`"),
        "{home}"
    );
    assert!(dir.path().join("w/alpha-one/index.md").exists());
}

fn git(dir: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

#[test]
fn a_commit_refused_by_a_hook_puts_the_pages_back_and_a_retry_works() {
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    for args in [
        &["init", "-q"][..],
        &["config", "user.email", "t@example.com"],
        &["config", "user.name", "T"],
    ] {
        git(dir, args);
    }
    write(
        &dir.join("e.yaml"),
        &example_engagement("acme-payments-mvp", "[builtin:core]"),
    );
    let hook = dir.join(".git/hooks/pre-commit");
    write(&hook, "#!/bin/sh\necho refused by policy >&2\nexit 1\n");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let refused = charter_in(dir, &["build", "e.yaml", "--out", "wiki", "--commit"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("put back"),
        "{}",
        stderr(&refused)
    );
    assert!(!dir.join("wiki/acme-payments-mvp/index.md").exists());
    let staged = String::from_utf8(git(dir, &["diff", "--cached", "--name-only"]).stdout).unwrap();
    assert_eq!(staged, "");
    std::fs::remove_file(&hook).unwrap();
    ok(&charter_in(
        dir,
        &["build", "e.yaml", "--out", "wiki", "--commit"],
    ));
    let log = String::from_utf8(git(dir, &["log", "--oneline"]).stdout).unwrap();
    assert_eq!(log.lines().count(), 1, "{log}");
}

#[test]
fn an_output_folder_git_ignores_is_refused_before_anything_is_written() {
    let repo = tempfile::tempdir().unwrap();
    let dir = repo.path();
    git(dir, &["init", "-q"]);
    write(&dir.join(".gitignore"), "wiki/\n");
    write(
        &dir.join("e.yaml"),
        &example_engagement("acme-payments-mvp", "[builtin:core]"),
    );
    let refused = charter_in(dir, &["build", "e.yaml", "--out", "wiki", "--commit"]);
    assert_eq!(refused.status.code(), Some(2), "{}", stderr(&refused));
    assert!(
        stderr(&refused).contains("git ignores"),
        "{}",
        stderr(&refused)
    );
    assert!(!dir.join("wiki").exists());
}

#[test]
fn a_rebuilt_page_equals_a_fresh_build_with_the_same_human_content() {
    let wiki = Wiki::new();
    wiki.build_ok();
    let page = annotate(
        &tick(&wiki.page(ONBOARDING), "CI-SAST"),
        "CI-SAST",
        "Semgrep in CI.",
    );
    wiki.set_page(ONBOARDING, &write_notes(&page, "Kick-off on Monday."));
    for (from, to) in [
        ("ends: 2027-03-31", "ends: 2027-05-31"),
        ("ends: 2027-05-31", "ends: 2027-03-31"),
    ] {
        wiki.edit_engagement(from, to);
        wiki.build_ok();
    }
    // The same human content, written as a build writes it: the note after the item's
    // description, after a blank line.
    let fresh = tick(&fresh_page(&wiki, ONBOARDING), "CI-SAST");
    let item = fresh.find("] `CI-SAST` ").unwrap();
    let description = item + fresh[item..].find("\n\n  ").unwrap() + 2;
    let end = description + fresh[description..].find('\n').unwrap() + 1;
    let annotated = format!("{}\n  Semgrep in CI.\n{}", &fresh[..end], &fresh[end..]);
    let expected = write_notes(&annotated, "Kick-off on Monday.");
    assert_eq!(wiki.page(ONBOARDING), expected);
}

#[test]
fn a_record_naming_a_file_outside_is_refused_without_reading_it() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("a.yaml"),
        &example_engagement("alpha-one", "[builtin:core]"),
    );
    ok(&charter_in(dir.path(), &["build", "a.yaml", "--out", "w"]));
    let record = dir.path().join("w/.charter/engagements.json");
    let text = std::fs::read_to_string(&record).unwrap();
    write(&record, &text.replace("\"../a.yaml\"", "\"/etc/passwd\""));
    let status = charter_in(dir.path(), &["status", "w"]);
    assert_eq!(status.status.code(), Some(2), "{}", stderr(&status));
    assert!(stderr(&status).contains("outside"), "{}", stderr(&status));
    assert!(!stderr(&status).contains("root:"), "{}", stderr(&status));
}

#[test]
fn descriptions_under_items_are_never_notes_and_an_organisation_override_of_one_shows() {
    let wiki = Wiki::new();
    wiki.build_ok();
    let first = wiki.page(ONBOARDING);
    let described = |page: &str, id: &str| -> String {
        let mut lines = page
            .lines()
            .skip_while(|l| !l.contains(&format!("] `{id}` ")));
        lines.next().expect("the item");
        assert_eq!(lines.next(), Some(""), "a blank line after the item");
        lines.next().unwrap().to_string()
    };
    let nda = described(&first, "CON-NDA");
    assert!(nda.starts_with("  ") && nda.len() > 20, "{nda}");
    let page = tick(&first, "CON-NDA");
    let page = annotate(&page, "CON-SOW", "Signed on the 3rd.");
    wiki.set_page(ONBOARDING, &page);
    ok(&wiki.build(&["--force"]));
    ok(&wiki.build(&["--check"]));
    let kept = wiki.page(ONBOARDING);
    assert_eq!(described(&kept, "CON-NDA"), nda);
    let state = wiki.state(ONBOARDING);
    assert!(state.item("CON-NDA").unwrap().checked);
    assert_eq!(state.item("CON-NDA").unwrap().notes, "");
    assert_eq!(state.item("CON-SOW").unwrap().notes, "  Signed on the 3rd.");
    for item in &state.items {
        assert!(
            item.id == "CON-SOW" || item.notes.is_empty(),
            "{}: {:?}",
            item.id,
            item.notes
        );
    }

    wiki.set_org(
        "overrides:\n  - { id: CON-NDA, description: Every vendor person signs the group NDA first. }\n",
    );
    wiki.build_ok();
    let overridden = wiki.page(ONBOARDING);
    assert_eq!(
        described(&overridden, "CON-NDA"),
        "  Every vendor person signs the group NDA first."
    );
    assert!(
        !overridden.contains(nda.trim()),
        "the old description is gone"
    );
    let state = wiki.state(ONBOARDING);
    assert!(state.item("CON-NDA").unwrap().checked);
    assert_eq!(state.item("CON-NDA").unwrap().notes, "");
    assert_eq!(state.item("CON-SOW").unwrap().notes, "  Signed on the 3rd.");
    for _ in 0..2 {
        ok(&wiki.build(&["--force"]));
        assert_eq!(
            wiki.page(ONBOARDING),
            overridden,
            "a rebuild changes nothing"
        );
    }
    let compliance = wiki.page("acme-payments-mvp/compliance-checklist.md");
    assert!(compliance.contains("Every vendor person signs the group NDA first."));
}

#[test]
fn a_pack_edit_to_one_control_rewrites_only_the_pages_that_show_it() {
    let wiki = Wiki::new();
    wiki.build_ok();
    let out = wiki.path().join("out");
    let before = read_tree(&out);
    let stamps: Vec<_> = before
        .iter()
        .map(|(name, _)| {
            std::fs::metadata(out.join(name))
                .unwrap()
                .modified()
                .unwrap()
        })
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(20));
    wiki.set_org(
        "overrides:\n  - { id: OFF-REVOKE, description: Every vendor account and token is removed within a day of the end. }\n",
    );
    wiki.build_ok();
    let after = read_tree(&out);
    assert_eq!(
        before.iter().map(|(n, _)| n).collect::<Vec<_>>(),
        after.iter().map(|(n, _)| n).collect::<Vec<_>>()
    );
    let mut changed = Vec::new();
    for (((name, old), (_, new)), stamp) in before.iter().zip(&after).zip(&stamps) {
        let modified = std::fs::metadata(out.join(name))
            .unwrap()
            .modified()
            .unwrap();
        if old == new {
            assert_eq!(&modified, stamp, "{name} was rewritten with the same text");
        } else {
            changed.push(name.as_str());
        }
    }
    assert_eq!(
        changed,
        [
            "acme-payments-mvp/compliance-checklist.md",
            "acme-payments-mvp/offboarding-checklist.md"
        ]
    );
}

/// The reason `--plan` gives for a page left as the last build wrote it.
const UNTOUCHED: &str = "untouched since the last build, from the same inputs";

/// The plan's lines for the engagement's pages, each page's reason as reading it whole
/// gives it.
fn engagement_plan(wiki: &Wiki) -> Vec<String> {
    let plan = stdout(&wiki.build(&["--plan"]));
    (plan.lines())
        .filter(|line| line.contains(" acme-payments-mvp/"))
        .map(|line| line.replace(UNTOUCHED, "up to date"))
        .collect()
}

#[test]
fn pages_as_the_last_build_left_them_are_planned_as_reading_them_whole_plans_them() {
    let wiki = Wiki::new();
    wiki.build_ok();
    // People's work of each kind: ticks, an item's notes, the notes area, and a retired
    // item kept for its tick.
    let page = tick(&tick(&wiki.page(ONBOARDING), "ONB-ADRS"), "CON-NDA");
    let page = annotate(&page, "CON-SOW", "Signed on the 3rd.");
    wiki.set_page(ONBOARDING, &write_notes(&page, "Kick-off on Monday."));
    wiki.set_org("disable:\n  - { control: ONB-ADRS, reason: Covered by design docs }\n");
    wiki.build_ok();
    assert!(wiki.page(ONBOARDING).contains("## Retired"));
    let plan = stdout(&wiki.build(&["--plan"]));
    let pages: Vec<&str> = plan
        .lines()
        .filter(|l| l.contains(" acme-payments-mvp/"))
        .collect();
    assert!(pages.len() > 10, "{plan}");
    assert!(
        pages.iter().all(|l| l.ends_with(&format!("({UNTOUCHED})"))),
        "{plan}"
    );
    let untouched = engagement_plan(&wiki);

    // The same wiki, its record without the digest of the pages' bytes: every page is
    // read whole, and the plan is the same.
    let record = wiki.file(".charter/engagements.json");
    let kept = std::fs::read_to_string(&record).unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&kept).unwrap();
    for recorded in json["engagements"].as_object_mut().unwrap().values_mut() {
        assert!(recorded.as_object_mut().unwrap().remove("files").is_some());
    }
    write(&record, &serde_json::to_string_pretty(&json).unwrap());
    let whole = engagement_plan(&wiki);
    assert!(!stdout(&wiki.build(&["--plan"])).contains(UNTOUCHED));
    assert_eq!(untouched, whole);

    // One character changed anywhere in any page (generated text, a box, the notes, the
    // footer) and the engagement's pages are read whole again.
    write(&record, &kept);
    let pages: Vec<String> = (pages.iter())
        .map(|l| l.split_whitespace().nth(1).unwrap().to_string())
        .collect();
    for page in &pages {
        let text = wiki.page(page);
        for at in [0, text.len() / 3, text.len() / 2, text.len() - 2] {
            let at = (at..).find(|&i| text.is_char_boundary(i)).unwrap();
            let old = text[at..].chars().next().unwrap();
            let new = if old == 'x' { 'y' } else { 'x' };
            let edited = format!("{}{new}{}", &text[..at], &text[at + old.len_utf8()..]);
            wiki.set_page(page, &edited);
            let plan = stdout(&wiki.build(&["--plan"]));
            assert!(!plan.contains(UNTOUCHED), "{page} at {at}:\n{plan}");
            wiki.set_page(page, &text);
        }
    }
    assert!(stdout(&wiki.build(&["--plan"])).contains(UNTOUCHED));
}

/// `charter build engagement.yaml --out out` with `extra`, on `day`.
fn build_on(wiki: &Wiki, day: &str, extra: &[&str]) -> Output {
    let mut args = vec!["build", "engagement.yaml", "--out", "out"];
    args.extend(extra);
    Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(&args)
        .current_dir(wiki.path())
        .env("CHARTER_TODAY", day)
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn on_the_days_the_records_standings_hold_the_plan_is_what_reading_the_ticks_gives() {
    let wiki = Wiki::new();
    wiki.build_ok();
    let page = tick(&wiki.page(ONBOARDING), "CON-NDA");
    wiki.set_page(ONBOARDING, &page);
    wiki.build_ok();
    let record = wiki.file(".charter/engagements.json");
    let kept = std::fs::read_to_string(&record).unwrap();
    let json: serde_json::Value = serde_json::from_str(&kept).unwrap();
    let standings = &json["engagements"]["acme-payments-mvp"]["standings"];
    let day = |key: &str| -> Option<jiff::civil::Date> {
        standings[key].as_str().map(|d| d.parse().unwrap())
    };
    let today: jiff::civil::Date = "2026-11-24".parse().unwrap();
    let until = day("until").unwrap();
    assert!(day("from").is_none_or(|from| from <= today) && until > today);
    assert_eq!(standings["done"], 1, "{kept}");
    let mut plain = json.clone();
    let recorded = plain["engagements"]["acme-payments-mvp"]
        .as_object_mut()
        .unwrap();
    assert!(recorded.remove("standings").is_some());
    let plain = serde_json::to_string_pretty(&plain).unwrap();
    let plan = |text: &str, day: &str| {
        write(&record, text);
        let output = build_on(&wiki, day, &["--plan"]);
        assert!(output.status.success(), "{}", stderr(&output));
        // Every page's line (the record's own text is written differently here).
        (stdout(&output).lines())
            .filter(|line| line.contains(".md "))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let shift = |date: jiff::civil::Date, days: i64| {
        date.checked_add(jiff::Span::new().days(days))
            .unwrap()
            .to_string()
    };
    let from = day("from").unwrap_or(today);
    let days = [
        shift(from, -30),
        shift(from, -1),
        shift(from, 0),
        today.to_string(),
        shift(until, -1),
        shift(until, 0),
        shift(until, 1),
        shift(until, 20),
        shift(until, 90),
    ];
    for day in &days {
        let (with, without) = (plan(&kept, day), plan(&plain, day));
        assert_eq!(with, without, "{day}");
    }
    let untouched = plan(&kept, "2026-11-24");
    assert!(untouched.iter().filter(|l| l.contains(UNTOUCHED)).count() > 10);
    // Standings that do not go with the entry's digests (here, counts changed by hand)
    // are not taken: the home page stays as the ticks on the pages count them.
    let forged = kept.replacen("\"done\": 1", "\"done\": 5", 1);
    assert_ne!(forged, kept);
    assert_eq!(plan(&forged, "2026-11-24"), plan(&plain, "2026-11-24"));
    write(&record, &forged);
    let check = build_on(&wiki, "2026-11-24", &["--check"]);
    assert!(check.status.success(), "{}", stdout(&check));
}

#[test]
fn a_tick_brought_back_from_the_retired_section_is_counted_at_the_next_build() {
    let wiki = Wiki::new();
    wiki.build_ok();
    wiki.set_page(ONBOARDING, &tick(&wiki.page(ONBOARDING), "ONB-ADRS"));
    wiki.set_org("disable:\n  - { control: ONB-ADRS, reason: Covered by design docs }\n");
    wiki.build_ok();
    assert!(wiki.page(ONBOARDING).contains("## Retired"));
    // The control comes back, and its tick with it: the build that brings it back counted
    // the ticks before the merge, so the next build reads them from the pages.
    wiki.set_org("");
    wiki.build_ok();
    let adrs = wiki.state(ONBOARDING);
    let adrs = adrs.item("ONB-ADRS").unwrap();
    assert!(adrs.checked && !adrs.retired, "{adrs:?}");
    let next = build_on(&wiki, "2026-11-24", &["--check"]);
    let record = std::fs::read_to_string(wiki.file(".charter/engagements.json")).unwrap();
    assert!(next.status.success(), "{}\n{record}", stdout(&next));
    wiki.build_ok();
    let record = std::fs::read_to_string(wiki.file(".charter/engagements.json")).unwrap();
    let json: serde_json::Value = serde_json::from_str(&record).unwrap();
    let standings = &json["engagements"]["acme-payments-mvp"]["standings"];
    assert_eq!(standings["done"], 1, "{record}");
}
