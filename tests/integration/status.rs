//! `charter status`: progress read back from a wiki that people edited by hand.

use crate::support::{build_to_temp, charter, stderr};

const PAGE: &str = "acme-payments-mvp/onboarding-checklist.md";

/// The example's wiki with CON-NDA and ACC-SSO-MFA ticked by hand.
fn ticked_wiki() -> tempfile::TempDir {
    let out = build_to_temp("examples/freelancer-mvp.yaml");
    edit_page(&out, |text| {
        let text = text.replace("- [ ] `CON-NDA`", "- [x] `CON-NDA`");
        text.replace("- [ ] `ACC-SSO-MFA`", "- [X] `ACC-SSO-MFA`")
    });
    out
}

/// The ticked wiki plus, by hand, a task item that has no control id.
fn edited_wiki() -> tempfile::TempDir {
    let out = ticked_wiki();
    edit_page(&out, |text| {
        text.replace(
            "## Week 1\n",
            "## Week 1\n\n- [ ] order a laptop for Priya\n",
        )
    });
    out
}

fn edit_page(wiki: &tempfile::TempDir, edit: impl Fn(&str) -> String) {
    let path = wiki.path().join(PAGE);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, edit(&text)).unwrap();
}

fn status_json(wiki: &std::path::Path, today: &str) -> serde_json::Value {
    let output = charter(&[
        "status",
        wiki.to_str().unwrap(),
        "--today",
        today,
        "--within",
        "3",
        "--format",
        "json",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    serde_json::from_slice(&output.stdout).unwrap()
}

fn page<'a>(json: &'a serde_json::Value, path: &str) -> &'a serde_json::Value {
    json["pages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["path"] == path)
        .unwrap()
}

fn count(page: &serde_json::Value, standing: &str) -> usize {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["standing"] == standing)
        .count()
}

#[test]
fn hand_ticks_are_counted_and_overdue_items_found() {
    let wiki = edited_wiki();
    let json = status_json(wiki.path(), "2026-11-27");
    let onboarding = page(&json, PAGE);
    assert_eq!(count(onboarding, "done"), 2);
    // Due before 27 November and not ticked: the items due 21 and 26 November.
    let overdue: Vec<&str> = onboarding["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["standing"] == "overdue")
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert!(
        overdue.contains(&"CON-IP-ASSIGN") && !overdue.contains(&"CON-NDA"),
        "{overdue:?}"
    );
    assert!(overdue.iter().all(|id| {
        let item = onboarding["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|i| i["id"] == *id)
            .unwrap();
        item["due"].as_str().unwrap() < "2026-11-27"
    }));
    let soon = onboarding["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["standing"] == "due-soon");
    assert!(
        soon.clone()
            .all(|i| ("2026-11-27".."2026-12-01").contains(&i["due"].as_str().unwrap()))
    );
    assert!(soon.count() > 0);
}

#[test]
fn an_item_without_a_control_id_is_reported_not_guessed() {
    let wiki = edited_wiki();
    let json = status_json(wiki.path(), "2026-11-27");
    let unidentified = page(&json, PAGE)["unidentified"].as_array().unwrap();
    assert_eq!(unidentified.len(), 1);
    assert_eq!(unidentified[0]["text"], "- [ ] order a laptop for Priya");
    let text = String::from_utf8_lossy(
        &charter(&[
            "status",
            wiki.path().to_str().unwrap(),
            "--today",
            "2026-11-27",
        ])
        .stdout,
    )
    .into_owned();
    assert!(
        text.contains("no control id, not counted: - [ ] order a laptop for Priya"),
        "{text}"
    );
}

#[test]
fn open_items_are_listed_per_person() {
    let wiki = edited_wiki();
    let json = status_json(wiki.path(), "2026-11-27");
    let people = json["people"].as_array().unwrap();
    let eva = people.iter().find(|p| p["name"] == "Eva Lind").unwrap();
    assert!(eva["open"].as_u64().unwrap() > 0);
    assert!(eva["overdue"].as_u64().unwrap() > 0);
}

#[test]
fn fail_on_overdue_gates_ci() {
    let wiki = edited_wiki();
    let path = wiki.path().to_str().unwrap();
    let early = charter(&[
        "status",
        path,
        "--today",
        "2026-11-01",
        "--fail-on",
        "overdue",
    ]);
    assert_eq!(early.status.code(), Some(0));
    let late = charter(&[
        "status",
        path,
        "--today",
        "2026-11-27",
        "--fail-on",
        "overdue",
    ]);
    assert_eq!(late.status.code(), Some(1));
}

#[test]
fn the_home_page_shows_progress_and_overdue_counts_from_the_same_reading() {
    let wiki = ticked_wiki();
    let path = wiki.path().to_str().unwrap();
    let json = status_json(wiki.path(), "2026-11-27");
    let overdue: usize = json["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| count(p, "overdue"))
        .sum();
    let done: usize = json["pages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| count(p, "done"))
        .sum();
    let rebuilt = charter(&[
        "build",
        "examples/freelancer-mvp.yaml",
        "--out",
        path,
        "--today",
        "2026-11-27",
    ]);
    assert!(rebuilt.status.success(), "{}", stderr(&rebuilt));
    let home = std::fs::read_to_string(wiki.path().join("index.md")).unwrap();
    assert!(home.contains(&format!("; {done} of ")), "{home}");
    assert!(home.contains(&format!(" | {overdue} |")), "{home}");
}
