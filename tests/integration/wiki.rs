//! The wiki workflow through the CLI: ticks and notes survive rebuilds whatever changes in
//! the packs, items whose control is gone are retired, hand edits are conflicts, `--plan`
//! writes nothing and `--check` gates CI.

use std::path::{Path, PathBuf};
use std::process::Output;

use charter::probe::{self, NOTES_START, Ticks};

use crate::support::{charter_in, example_engagement, org_pack, stderr, stdout, write};

/// An engagement on built-in core plus an organisation pack the test rewrites, and its wiki.
pub struct Wiki {
    dir: tempfile::TempDir,
}

pub const ONBOARDING: &str = "acme-payments-mvp/onboarding-checklist.md";
pub const OFFBOARDING: &str = "acme-payments-mvp/offboarding-checklist.md";

impl Wiki {
    pub fn new() -> Wiki {
        let dir = tempfile::tempdir().unwrap();
        let engagement = example_engagement("acme-payments-mvp", "[builtin:core, ./org.yaml]");
        write(&dir.path().join("engagement.yaml"), &engagement);
        let wiki = Wiki { dir };
        wiki.set_org("");
        wiki
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn set_org(&self, body: &str) {
        write(&self.path().join("org.yaml"), &org_pack(body));
    }

    pub fn build(&self, extra: &[&str]) -> Output {
        let mut args = vec!["build", "engagement.yaml", "--out", "out"];
        args.extend(extra);
        charter_in(self.path(), &args)
    }

    pub fn build_ok(&self) -> String {
        let output = self.build(&[]);
        assert!(output.status.success(), "{}", stderr(&output));
        stderr(&output)
    }

    pub fn file(&self, page: &str) -> PathBuf {
        self.path().join("out").join(page)
    }

    pub fn page(&self, page: &str) -> String {
        std::fs::read_to_string(self.file(page)).unwrap()
    }

    pub fn set_page(&self, page: &str, text: &str) {
        std::fs::write(self.file(page), text).unwrap();
    }

    pub fn state(&self, page: &str) -> Ticks {
        probe::read_ticks(&self.page(page))
    }

    pub fn edit_engagement(&self, from: &str, to: &str) {
        let path = self.path().join("engagement.yaml");
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from));
        std::fs::write(&path, text.replace(from, to)).unwrap();
    }
}

/// Ticks the item of control `id`.
pub fn tick(text: &str, id: &str) -> String {
    let from = format!("- [ ] `{id}`");
    assert!(text.contains(&from), "{id} not found");
    text.replace(&from, &format!("- [x] `{id}`"))
}

/// Writes `note` (indented) under the item of control `id`.
pub fn annotate(text: &str, id: &str, note: &str) -> String {
    let mut out = String::new();
    for line in text.split_inclusive('\n') {
        out.push_str(line);
        if line.contains(&format!("] `{id}` ")) {
            out.push_str(&format!("  {note}\n"));
        }
    }
    out
}

/// Writes `notes` into the page's notes area.
pub fn write_notes(text: &str, notes: &str) -> String {
    text.replace(
        NOTES_START,
        &format!("{}\n{}", NOTES_START, notes.trim_end_matches('\n')),
    )
}

const PACK_CHANGES: &str = "overrides:
  - { id: CON-NDA, title: Mutual NDA signed by both sides before anyone gets access }
  - { id: ACC-SSO-MFA, phase: week-1, due-days: 9 }
  - { id: CI-SAST, owner: engineering-manager, due-days: -3, phase: before-start }
disable:
  - { control: ONB-ADRS, reason: Decisions live in design docs here }
  - { control: ONB-ENVS, reason: Environments are documented centrally }
";

#[test]
fn ticks_and_notes_survive_reordered_reworded_and_removed_controls() {
    let wiki = Wiki::new();
    wiki.build_ok();
    let mut page = wiki.page(ONBOARDING);
    for id in ["CON-NDA", "ACC-SSO-MFA@priya-shah", "ONB-ADRS", "CI-DEPS"] {
        page = tick(&page, id);
    }
    page = annotate(&page, "CON-NDA", "Signed copy is in the contract store.");
    page = annotate(&page, "CI-SAST", "Semgrep, see PR 12.");
    page = annotate(&page, "ONB-ENVS", "Only dev exists so far.");
    page = write_notes(&page, "Kick-off on 1 December.\n\n- ask about VPN\n");
    wiki.set_page(ONBOARDING, &page);
    wiki.set_page(
        OFFBOARDING,
        &tick(&wiki.page(OFFBOARDING), "OFF-REVOKE@priya-shah"),
    );

    wiki.set_org(PACK_CHANGES);
    wiki.edit_engagement("name: Lars Berg", "name: Lars Bergström");
    wiki.build_ok();

    let after = wiki.state(ONBOARDING);
    let item = |id: &str| after.item(id).unwrap_or_else(|| panic!("{id} lost"));
    assert!(item("CON-NDA").checked && item("CON-NDA").line.contains("Mutual NDA"));
    assert_eq!(
        item("CON-NDA").notes,
        "  Signed copy is in the contract store."
    );
    assert!(item("ACC-SSO-MFA@priya-shah").checked && !item("ACC-SSO-MFA@priya-shah").retired);
    assert!(item("CI-DEPS").checked && item("CI-DEPS").line.contains("Bergström"));
    assert_eq!(item("CI-SAST").notes, "  Semgrep, see PR 12.");
    // Three days before a Tuesday start is Saturday 28 November: due the Friday before.
    assert!(!item("CI-SAST").checked && item("CI-SAST").line.contains("due 2026-11-27"));
    assert!(item("ONB-ADRS").checked && item("ONB-ADRS").retired);
    assert!(item("ONB-ENVS").retired && !item("ONB-ENVS").checked);
    assert_eq!(item("ONB-ENVS").notes, "  Only dev exists so far.");
    assert_eq!(after.notes, "Kick-off on 1 December.\n\n- ask about VPN\n");
    assert!(
        wiki.state(OFFBOARDING)
            .item("OFF-REVOKE@priya-shah")
            .unwrap()
            .checked
    );
    let text = wiki.page(ONBOARDING);
    let order: Vec<usize> = ["CON-NDA", "CI-SAST", "ACC-SSO-MFA", "## Retired"]
        .iter()
        .map(|needle| text.find(needle).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");

    let again = wiki.build_ok();
    assert!(
        again.contains("0 created, 0 changed, 15 unchanged"),
        "{again}"
    );
}

#[test]
fn a_control_that_comes_back_leaves_retired_with_its_tick() {
    let wiki = Wiki::new();
    wiki.build_ok();
    wiki.set_page(ONBOARDING, &tick(&wiki.page(ONBOARDING), "ONB-ADRS"));
    wiki.set_org("disable:\n  - { control: ONB-ADRS, reason: Not now }\n");
    wiki.build_ok();
    assert!(wiki.state(ONBOARDING).item("ONB-ADRS").unwrap().retired);
    wiki.set_org("");
    wiki.build_ok();
    let adrs = wiki.state(ONBOARDING).item("ONB-ADRS").cloned().unwrap();
    assert!(adrs.checked && !adrs.retired);
    assert!(!wiki.page(ONBOARDING).contains("## Retired"));
}

#[test]
fn a_hand_edit_outside_boxes_and_notes_is_a_conflict_until_forced() {
    let wiki = Wiki::new();
    wiki.build_ok();
    let edited = tick(&wiki.page(ONBOARDING), "CON-NDA")
        .replace("What must be true", "Read this first. What must be true");
    wiki.set_page(ONBOARDING, &edited);

    let plan = wiki.build(&["--plan"]);
    assert_eq!(plan.status.code(), Some(0));
    let text = stdout(&plan);
    assert!(
        text.contains(&format!("conflict  {ONBOARDING}  (edited by hand")),
        "{text}"
    );

    let check = wiki.build(&["--check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(stdout(&check).contains("-Read this first. What must be true"));

    let refused = wiki.build(&[]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stderr(&refused).contains("--force"), "{}", stderr(&refused));
    assert_eq!(wiki.page(ONBOARDING), edited);

    let forced = wiki.build(&["--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    assert!(
        stderr(&forced).contains("page's Recovered section"),
        "{}",
        stderr(&forced)
    );
    // The edited line is not lost: it stands, verbatim, in the Recovered section.
    let page = wiki.page(ONBOARDING);
    let recovered = &page[page.find("<!-- charter:recovered -->").expect("recovered")..];
    assert!(
        recovered.contains("Read this first. What must be true"),
        "{page}"
    );
    assert_eq!(page.matches("Read this first").count(), 1, "{page}");
    assert!(wiki.state(ONBOARDING).item("CON-NDA").unwrap().checked);
    let again = wiki.build(&["--check"]);
    assert_eq!(again.status.code(), Some(0), "{}", stdout(&again));
}

/// Every page of the wiki below `out`, as (path, text).
fn pages(wiki: &Wiki) -> Vec<(PathBuf, String)> {
    let files = walkdir::WalkDir::new(wiki.path().join("out")).sort_by_file_name();
    let files = files.into_iter().filter_map(Result::ok);
    let pages = files.filter(|e| e.path().extension().is_some_and(|x| x == "md"));
    pages
        .map(|e| {
            (
                e.path().to_owned(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn pages_written_with_the_older_line_digests_are_read_and_keep_them() {
    let wiki = Wiki::new();
    wiki.build_ok();
    wiki.set_page(ONBOARDING, &tick(&wiki.page(ONBOARDING), "CON-NDA"));
    wiki.build_ok();
    // The wiki as a charter that recorded `lines=` left it.
    for (path, text) in pages(&wiki) {
        assert!(text.contains(" lines2="), "{}", path.display());
        std::fs::write(&path, probe::with_older_digests(&text)).unwrap();
    }
    let older = pages(&wiki);
    assert!(older.iter().all(|(_, text)| text.contains(" lines=")));

    let check = wiki.build(&["--check"]);
    assert_eq!(check.status.code(), Some(0), "{}", stdout(&check));
    wiki.build_ok();
    let rewritten: Vec<_> = (pages(&wiki).into_iter().zip(&older))
        .filter(|(now, before)| now != *before)
        .map(|(now, _)| now.0)
        .collect();
    assert!(rewritten.is_empty(), "rewritten: {rewritten:?}");

    // A hand edit of generated text is still told from charter's lines.
    let edited = wiki
        .page(ONBOARDING)
        .replace("What must be true", "Read this first. What must be true");
    wiki.set_page(ONBOARDING, &edited);
    let check = wiki.build(&["--check"]);
    assert_eq!(check.status.code(), Some(1));
    let conflict =
        format!("conflict: {ONBOARDING} (edited by hand outside the boxes and notes (line 3)");
    assert!(stdout(&check).contains(&conflict), "{}", stdout(&check));
    let forced = wiki.build(&["--force"]);
    assert!(forced.status.success(), "{}", stderr(&forced));
    let page = wiki.page(ONBOARDING);
    let recovered = &page[page.find("<!-- charter:recovered -->").expect("recovered")..];
    assert!(
        recovered.contains("Read this first. What must be true"),
        "{page}"
    );
    assert!(wiki.state(ONBOARDING).item("CON-NDA").unwrap().checked);
    assert!(
        page.contains(" lines=") && !page.contains(" lines2="),
        "{page}"
    );

    // A page whose text changes keeps the kind of digests its footer had.
    wiki.edit_engagement("ends: 2027-03-31", "ends: 2027-04-30");
    wiki.build_ok();
    let offboarding = wiki.page(OFFBOARDING);
    assert!(offboarding.contains("2027-04-30"), "{offboarding}");
    assert!(offboarding.contains(" lines=") && !offboarding.contains(" lines2="));
    let again = wiki.build(&["--check"]);
    assert_eq!(again.status.code(), Some(0), "{}", stdout(&again));
}

#[test]
fn check_fails_after_an_engagement_edit_and_passes_after_the_rebuild() {
    let wiki = Wiki::new();
    wiki.build_ok();
    let current = wiki.build(&["--check"]);
    assert_eq!(current.status.code(), Some(0), "{}", stdout(&current));

    wiki.edit_engagement("ends: 2027-03-31", "ends: 2027-04-30");
    let stale = wiki.build(&["--check"]);
    assert_eq!(stale.status.code(), Some(1));
    let diff = stdout(&stale);
    assert!(diff.contains(&format!("--- a/{OFFBOARDING}")), "{diff}");
    assert!(diff.contains(&format!("+++ b/{OFFBOARDING}")), "{diff}");
    assert!(
        diff.contains("+What must happen when the engagement ends on 2027-04-30"),
        "{diff}"
    );
    assert!(stderr(&stale).contains("the wiki is stale"));

    wiki.build_ok();
    let rebuilt = wiki.build(&["--check"]);
    assert_eq!(rebuilt.status.code(), Some(0));
}

#[test]
fn plan_lists_every_file_and_why_and_writes_nothing() {
    let wiki = Wiki::new();
    let plan = wiki.build(&["--plan"]);
    assert!(plan.status.success());
    let text = stdout(&plan);
    assert!(
        text.contains(&format!("create    {ONBOARDING}  (new page)")),
        "{text}"
    );
    assert!(text.contains("create    index.md  (new page)"), "{text}");
    assert!(
        text.ends_with("15 create, 0 change, 0 unchanged\n"),
        "{text}"
    );
    assert!(!wiki.path().join("out").exists());

    wiki.build_ok();
    wiki.edit_engagement("ends: 2027-03-31", "ends: 2027-04-30");
    let text = stdout(&wiki.build(&["--plan"]));
    assert!(
        text.contains(&format!("change    {OFFBOARDING}  (generated text changed")),
        "{text}"
    );
    // A page whose visible text does not change is not rewritten, footer included.
    let untouched = "unchanged acme-payments-mvp/raci.md  (up to date)";
    assert!(text.contains(untouched), "{text}");
    wiki.build_ok();
    let text = stdout(&wiki.build(&["--plan"]));
    assert!(
        text.contains(
            "unchanged acme-payments-mvp/raci.md  (untouched since the last build, from the same inputs)"
        ),
        "{text}"
    );
}

#[test]
fn pages_no_longer_generated_are_removed_unless_they_hold_work() {
    let wiki = Wiki::new();
    wiki.build_ok();
    // Pages charter never wrote are not touched.
    write(&wiki.file("acme-payments-mvp/meeting-notes.md"), "# Mine\n");
    let onboarding = tick(&wiki.page(ONBOARDING), "CON-NDA");
    let moved = wiki.file("acme-payments-mvp/old-onboarding.md");
    std::fs::write(&moved, &onboarding).unwrap();
    std::fs::rename(
        wiki.file(OFFBOARDING),
        wiki.file("acme-payments-mvp/old.md"),
    )
    .unwrap();

    let text = stdout(&wiki.build(&["--plan"]));
    assert!(text.contains("keep      acme-payments-mvp/old-onboarding.md  (no longer generated; kept because it holds ticks or notes)"), "{text}");
    assert!(
        text.contains("retire    acme-payments-mvp/old.md  (no longer generated)"),
        "{text}"
    );
    assert!(!text.contains("meeting-notes"), "{text}");

    let out = wiki.build_ok();
    assert!(out.contains("1 retired, 1 kept"), "{out}");
    assert!(!wiki.file("acme-payments-mvp/old.md").exists());
    assert_eq!(std::fs::read_to_string(&moved).unwrap(), onboarding);
    assert!(wiki.file("acme-payments-mvp/meeting-notes.md").exists());
}

#[cfg(unix)]
#[test]
fn a_link_inside_the_output_folder_that_leads_outside_is_refused() {
    let wiki = Wiki::new();
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(wiki.path().join("out")).unwrap();
    std::os::unix::fs::symlink(outside.path(), wiki.path().join("out/acme-payments-mvp")).unwrap();
    let output = wiki.build(&[]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("outside the output folder"),
        "{}",
        stderr(&output)
    );
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
    assert!(!wiki.path().join("out/index.md").exists());
}

#[test]
fn a_failed_build_leaves_no_staged_file_or_folder_behind() {
    let wiki = Wiki::new();
    let bad = crate::support::root().join("tests/fixtures/errors/model-typo/engagement.yaml");
    let bad = bad.to_str().unwrap();
    let fresh = wiki.build(&[bad]);
    assert_eq!(fresh.status.code(), Some(2));
    assert!(!wiki.path().join("out").exists());
    let beside = |dir: &std::path::Path| {
        (std::fs::read_dir(dir).unwrap().filter_map(Result::ok))
            .filter(|e| e.file_name().to_string_lossy().starts_with(".charter-"))
            .count()
    };
    assert_eq!(
        beside(wiki.path()),
        0,
        "a first build's hidden folder is gone"
    );

    wiki.build_ok();
    let before = crate::support::read_tree(&wiki.path().join("out"));
    wiki.edit_engagement("ends: 2027-03-31", "ends: 2027-04-30");
    assert_eq!(wiki.build(&[bad]).status.code(), Some(2));
    let hidden = walkdir::WalkDir::new(wiki.path().join("out"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with(".charter-"))
        .count();
    assert_eq!(hidden, 0);
    assert_eq!(crate::support::read_tree(&wiki.path().join("out")), before);
}

#[test]
fn a_first_build_killed_before_its_wiki_appeared_is_swept_by_the_next_first_build() {
    let wiki = Wiki::new();
    // The hidden folder a killed first build of `out` left beside it, and another tool's.
    write(
        &wiki
            .path()
            .join(".charter-1-out.tmp/acme-payments-mvp/raci.md"),
        "x",
    );
    write(&wiki.path().join(".charter-1-other.tmp/x.md"), "x");
    wiki.build_ok();
    assert!(wiki.path().join("out/acme-payments-mvp/raci.md").exists());
    assert!(!wiki.path().join(".charter-1-out.tmp").exists());
    assert!(wiki.path().join(".charter-1-other.tmp/x.md").exists());
}

#[test]
fn files_a_killed_build_left_are_swept_where_builds_stage_and_nowhere_else() {
    let wiki = Wiki::new();
    wiki.build_ok();
    let out = wiki.path().join("out");
    // Staged or backed up by a build (another process) that was killed: in the folders
    // builds write in, the pages' and the record's.
    let left = [
        "acme-payments-mvp/.charter-1-7.tmp",
        "acme-payments-mvp/people/.charter-1-8-backup.tmp",
        ".charter/.charter-1-9.tmp",
    ];
    // Named alike in folders builds never write in: another tool's, not charter's.
    let kept = [
        ".git/objects/.charter-1-10.tmp",
        ".obsidian/.charter-1-11.tmp",
    ];
    for file in left.iter().chain(&kept) {
        write(&out.join(file), "x");
    }
    let before = crate::support::read_tree(&out);
    wiki.build_ok();
    for file in left {
        assert!(!out.join(file).exists(), "{file} was left");
    }
    for file in kept {
        assert!(out.join(file).exists(), "{file} was removed");
    }
    assert_eq!(crate::support::read_tree(&out), before);
}

#[test]
fn reused_pages_are_rebuilt_when_a_template_or_a_waiver_changes() {
    let wiki = Wiki::new();
    wiki.build_ok();
    let raci = wiki.page("acme-payments-mvp/raci.md");
    write(
        &wiki.path().join("templates/raci.md"),
        "# RACI of {{ engagement.id }}\n",
    );
    let output = wiki.build(&["--templates", "templates"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert_ne!(wiki.page("acme-payments-mvp/raci.md"), raci);

    let waived = "| `CI-DAST` |";
    let line = |text: String| {
        text.lines()
            .find(|l| l.contains(waived))
            .unwrap()
            .to_string()
    };
    let before = line(wiki.page("acme-payments-mvp/compliance-checklist.md"));
    assert!(before.contains("waived until 2027-01-31"), "{before}");
    let expired = wiki.build(&["--templates", "templates", "--today", "2027-02-15"]);
    assert!(expired.status.success(), "{}", stderr(&expired));
    let after = line(wiki.page("acme-payments-mvp/compliance-checklist.md"));
    assert!(!after.contains("waived"), "{after}");
}

#[test]
fn a_person_added_gets_open_items_and_a_person_removed_has_theirs_retired_with_state() {
    let wiki = Wiki::new();
    wiki.build_ok();
    let priya = "{ name: Priya Shah, side: vendor, roles: [engineer, vendor-lead]";
    let line = wiki_line(&wiki, priya);
    let mei = "{ name: Mei Chen, side: vendor, roles: [engineer] }";
    wiki.edit_engagement(&line, &format!("{line}\n  - {mei}"));
    wiki.build_ok();
    let added = wiki.state(ONBOARDING);
    let mfa = added
        .item("ACC-SSO-MFA@mei-chen")
        .expect("an item for the new person");
    assert!(!mfa.checked && !mfa.retired);
    assert!(added.item("ACC-SSO-MFA@priya-shah").is_some());
    wiki.set_page(
        ONBOARDING,
        &tick(&wiki.page(ONBOARDING), "ACC-SSO-MFA@mei-chen"),
    );
    wiki.edit_engagement(&format!("\n  - {mei}"), "");
    wiki.build_ok();
    let after = wiki.state(ONBOARDING);
    let mfa = after
        .item("ACC-SSO-MFA@mei-chen")
        .expect("retired, not lost");
    assert!(mfa.checked && mfa.retired);
    assert!(!after.item("ACC-SSO-MFA@priya-shah").unwrap().retired);
}

/// The whole line of the engagement file that starts with `start` (after its indent).
fn wiki_line(wiki: &Wiki, start: &str) -> String {
    let text = std::fs::read_to_string(wiki.path().join("engagement.yaml")).unwrap();
    let line = text
        .lines()
        .find(|l| l.trim_start().trim_start_matches("- ").starts_with(start));
    line.expect("the line")
        .trim_start()
        .trim_start_matches("- ")
        .to_string()
}

#[test]
fn a_per_role_that_is_not_declared_and_an_unknown_cadence_are_located_errors() {
    let wiki = Wiki::new();
    for (org, error) in [
        (
            "overrides:\n  - { id: ACC-SSO-MFA, per: enginer }\n",
            "role `enginer` is not declared by any pack",
        ),
        (
            "overrides:\n  - { id: CON-NDA, every: fortnight }\n",
            "`every: fortnight` is not a cadence",
        ),
    ] {
        wiki.set_org(org);
        let output = wiki.build(&[]);
        assert!(!output.status.success());
        let err = stderr(&output);
        assert!(err.contains(error) && err.contains("org.yaml:"), "{err}");
    }
}
