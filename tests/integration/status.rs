//! `charter status`: progress read back from a wiki that people edited by hand.

use crate::support::{build_to_temp, charter, stderr};

const PAGE: &str = "acme-payments-mvp/onboarding-checklist.md";

/// The example's wiki with CON-NDA and Priya Shah's ACC-SSO-MFA ticked by hand.
fn ticked_wiki() -> tempfile::TempDir {
    let out = build_to_temp("examples/freelancer-mvp.yaml");
    edit_page(&out, |text| {
        let text = text.replace("- [ ] `CON-NDA`", "- [x] `CON-NDA`");
        text.replace(
            "- [ ] `ACC-SSO-MFA@priya-shah`",
            "- [X] `ACC-SSO-MFA@priya-shah`",
        )
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

fn git(dir: &std::path::Path, args: &[&str], who: (&str, &str)) {
    let output = std::process::Command::new("git")
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", who.0)
        .env("GIT_AUTHOR_EMAIL", who.1)
        .env("GIT_COMMITTER_NAME", who.0)
        .env("GIT_COMMITTER_EMAIL", who.1)
        .env("GIT_AUTHOR_DATE", "2026-12-02T10:00:00+01:00")
        .env("GIT_COMMITTER_DATE", "2026-12-02T10:00:00+01:00")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn history_names_the_commit_that_ticked_each_box() {
    let out = build_to_temp("examples/freelancer-mvp.yaml");
    let bot = ("charter", "ci@example.com");
    git(out.path(), &["init", "-q"], bot);
    git(out.path(), &["add", "-A"], bot);
    git(out.path(), &["commit", "-qm", "Build"], bot);
    edit_page(&out, |text| {
        text.replace("- [ ] `CON-NDA`", "- [x] `CON-NDA`")
    });
    // A web editor's commit: the author is the person signed in.
    let web = ("Eva Lind", "eva@users.noreply.github.com");
    git(
        out.path(),
        &["commit", "-qam", "Update onboarding-checklist.md"],
        web,
    );
    edit_page(&out, |text| {
        text.replace(
            "- [ ] `ACC-SSO-MFA@priya-shah`",
            "- [x] `ACC-SSO-MFA@priya-shah`",
        )
    });
    let status = |format: &str| {
        let output = charter(&[
            "status",
            out.path().to_str().unwrap(),
            "--today",
            "2026-12-03",
            "--history",
            "--format",
            format,
        ]);
        assert!(output.status.success(), "{}", stderr(&output));
        String::from_utf8(output.stdout).unwrap()
    };
    let json: serde_json::Value = serde_json::from_str(&status("json")).unwrap();
    let items = page(&json, PAGE)["items"].as_array().unwrap();
    let nda = items.iter().find(|i| i["key"] == "CON-NDA").unwrap();
    assert_eq!(nda["ticked"]["author"], "Eva Lind");
    assert_eq!(nda["ticked"]["date"], "2026-12-02T10:00:00+01:00");
    assert_eq!(nda["ticked"]["commit"].as_str().unwrap().len(), 40);
    // Ticked but not committed yet: no commit ticked it.
    let mfa = items
        .iter()
        .find(|i| i["key"] == "ACC-SSO-MFA@priya-shah")
        .unwrap();
    assert_eq!(mfa["standing"], "done");
    assert!(mfa.get("ticked").is_none());
    let csv = status("csv");
    assert!(csv.starts_with("engagement,document,key,control,title,person,standing"));
    assert!(csv.contains(",CON-NDA,CON-NDA,NDA countersigned"), "{csv}");
    assert!(
        csv.contains("Eva Lind,eva@users.noreply.github.com,"),
        "{csv}"
    );
    assert!(csv.lines().all(|l| l.ends_with('\r') || l.is_empty()) || csv.contains("\r\n"));
}

#[test]
fn a_missed_occurrence_is_overdue_even_when_a_later_one_is_ticked() {
    let out = ticked_wiki();
    edit_page(&out, |text| {
        text.replace(
            "- [ ] `ACC-LEAST-PRIV#2026-12-29`",
            "- [x] `ACC-LEAST-PRIV#2026-12-29`",
        )
    });
    let json = status_json(out.path(), "2027-01-05");
    let items = page(&json, PAGE)["items"].as_array().unwrap();
    let standing = |key: &str| {
        items.iter().find(|i| i["key"] == key).unwrap()["standing"]
            .as_str()
            .unwrap()
            .to_string()
    };
    assert_eq!(standing("ACC-LEAST-PRIV#2026-12-15"), "overdue");
    assert_eq!(standing("ACC-LEAST-PRIV#2026-12-29"), "done");
    assert_eq!(standing("ACC-LEAST-PRIV#2027-01-12"), "open"); // beyond --within 3
    assert_eq!(standing("ACC-LEAST-PRIV#2027-03-23"), "open");
    // Priya owes her own briefing: the item about her counts among her open items.
    let people = json["people"].as_array().unwrap();
    assert!(
        people
            .iter()
            .any(|p| p["name"] == "Priya Shah" && p["open"].as_u64() > Some(0))
    );
}

#[test]
fn one_person_sees_what_they_own_and_what_is_about_them_by_due_date() {
    let out = ticked_wiki();
    let output = charter(&[
        "status",
        out.path().to_str().unwrap(),
        "--today",
        "2026-12-20",
        "--person",
        "Priya Shah",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(text.starts_with("Priya Shah: "), "{text}");
    let keys: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().nth(3).unwrap())
        .collect();
    assert!(
        keys.contains(&"ACC-SSO-MFA@priya-shah") && keys.contains(&"OFF-REVOKE@priya-shah"),
        "{text}"
    );
    assert!(!keys.iter().any(|k| k.contains("@karan-mehta")), "{text}");
    let dates: Vec<&str> = text
        .lines()
        .skip(1)
        .map(|l| l.split_whitespace().next().unwrap())
        .collect();
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{text}");
}

/// The engagement ids each format names, in the order it names them (each once).
fn ids_in_order(format: &str, out: &str) -> Vec<String> {
    let mut ids: Vec<String> = Vec::new();
    let mut see = |id: &str| {
        if ids.last().map(String::as_str) != Some(id) {
            ids.push(id.to_string());
        }
    };
    match format {
        "json" => {
            let json: serde_json::Value = serde_json::from_str(out).unwrap();
            for page in json["pages"].as_array().unwrap() {
                see(page["engagement"].as_str().unwrap());
            }
        }
        "csv" => out
            .lines()
            .skip(1)
            .for_each(|l| see(l.split(',').next().unwrap())),
        "ics" => (out.replace("\r\n ", "").lines())
            .filter_map(|l| l.strip_prefix("UID:"))
            .for_each(|uid| see(uid.split('/').next().unwrap())),
        _ => (out.lines().skip(1))
            .take_while(|l| !l.is_empty())
            .for_each(|l| see(l.split(' ').next().unwrap())),
    }
    ids
}

#[test]
fn every_format_lists_engagements_by_id_whatever_the_order_of_their_files() {
    use crate::support::{charter_in, example_engagement, stdout, write};
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        &root.join("charter.yaml"),
        "engagements: engagements\nout: wiki\n",
    );
    // File names sort the other way round from ids.
    for (file, id) in [("a", "zeta-app"), ("b", "alpha-app"), ("c", "mid-app")] {
        let text = example_engagement(id, "[builtin:core]");
        write(&root.join(format!("engagements/{file}.yaml")), &text);
    }
    let built = charter_in(root, &["build", "--quiet"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let check = |expected: &[&str]| {
        for format in ["text", "json", "csv", "ics"] {
            let output = charter_in(root, &["status", "--format", format]);
            assert!(output.status.success(), "{format}: {}", stderr(&output));
            assert_eq!(ids_in_order(format, &stdout(&output)), expected, "{format}");
        }
    };
    // The wiki's record lists the files by id.
    check(&["alpha-app", "mid-app", "zeta-app"]);
    // An id changed since the build: the record's order is no longer the ids' order.
    let b = root.join("engagements/b.yaml");
    let text = std::fs::read_to_string(&b).unwrap();
    std::fs::write(&b, text.replace("id: alpha-app", "id: omega-app")).unwrap();
    check(&["mid-app", "omega-app", "zeta-app"]);
    // Without the record, the workspace's files come in the order of their names.
    std::fs::remove_file(root.join("wiki/.charter/engagements.json")).unwrap();
    check(&["mid-app", "omega-app", "zeta-app"]);
}
