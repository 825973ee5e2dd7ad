//! `validate` catches a first draft: each mistake reported at the field to change, as an
//! error (no people) or a warning (everything a build can still render); `review` reports
//! one finding per unfilled role, naming the controls that need it.

use crate::support::{charter_in, example_engagement, stderr, stdout, write};

/// The validate output (short format) and exit code for `engagement`, with and without
/// `--deny-warnings`.
fn validate(engagement: &str) -> (String, i32, i32) {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("e.yaml"), engagement);
    let plain = charter_in(
        dir.path(),
        &["--message-format", "short", "validate", "e.yaml"],
    );
    let strict = charter_in(
        dir.path(),
        &[
            "--message-format",
            "short",
            "validate",
            "e.yaml",
            "--deny-warnings",
        ],
    );
    (
        stderr(&plain),
        plain.status.code().unwrap(),
        strict.status.code().unwrap(),
    )
}

fn draft() -> String {
    example_engagement("acme-payments-mvp", "[builtin:core]")
}

/// `text` with the `people:` list replaced by `people`.
fn with_people(text: &str, people: &str) -> String {
    let mut out = String::new();
    let mut in_people = false;
    for line in text.lines() {
        if line == "people:" || line.starts_with("people: ") {
            in_people = true;
            out.push_str(people);
            out.push('\n');
            continue;
        }
        if in_people && line.starts_with("  ") {
            continue;
        }
        in_people = false;
        out.push_str(line);
        out.push('\n');
    }
    out
}

#[test]
fn the_complete_example_has_no_first_draft_warning() {
    let (text, code, strict) = validate(&draft());
    assert_eq!((code, strict), (0, 0), "{text}");
    assert!(text.contains("0 errors, 0 warnings"), "{text}");
}

#[test]
fn no_people_is_an_error_at_the_people_field() {
    let (text, code, _) = validate(&with_people(&draft(), "people: []"));
    assert!(
        text.contains("e.yaml:16:9: error: the engagement names no people"),
        "{text}"
    );
    assert_eq!(code, 2, "{text}");
    assert!(!text.contains("fills `"), "no role warnings on top: {text}");
}

#[test]
fn a_side_with_nobody_is_a_warning_at_the_people_field() {
    let people = "people:\n  - { name: Priya Shah, side: vendor, roles: [engineer, vendor-lead, engineering-manager, architecture-owner, delivery-lead, client-legal, security-officer, platform-admin] }";
    let (text, code, strict) = validate(&with_people(&draft(), people));
    assert!(
        text.contains(
            "e.yaml:17:3: warning: no person of the engagement is on the client side (help: add the client's people under `people:` with `side: client`)"
        ),
        "{text}"
    );
    assert!(!text.contains("vendor side"), "{text}");
    assert_eq!((code, strict), (0, 2));
}

#[test]
fn inverted_and_zero_length_dates_are_warnings_at_ends() {
    let inverted = draft().replace("ends: 2027-03-31", "ends: 2026-11-01");
    let (text, _, strict) = validate(&inverted);
    assert!(
        text.contains(
            "e.yaml:9:7: warning: the engagement ends on 2026-11-01, before it starts on 2026-12-01"
        ),
        "{text}"
    );
    assert_eq!(strict, 2);
    let empty = draft().replace("ends: 2027-03-31", "ends: 2026-12-01");
    let (text, _, _) = validate(&empty);
    assert!(
        text.contains(
            "e.yaml:9:7: warning: the engagement starts and ends on 2026-12-01: it has no length"
        ),
        "{text}"
    );
}

#[test]
fn each_unfilled_role_is_one_warning_naming_the_controls_that_need_it() {
    let text = draft().replace("roles: [platform-admin]", "roles: []");
    let (out, code, strict) = validate(&text);
    let lines: Vec<&str> = out.lines().filter(|l| l.contains("fills `")).collect();
    assert_eq!(lines.len(), 1, "{out}");
    assert!(
        lines[0].starts_with(
            "e.yaml:17:3: warning: no person of the engagement fills `platform-admin`, which 8 applicable controls need (`ACC-SSO-MFA`, "
        ),
        "{out}"
    );
    assert!(lines[0].contains(" and 2 more)"), "{out}");
    assert_eq!((code, strict), (0, 2));
}

#[test]
fn a_waiver_of_a_control_that_does_not_apply_is_a_warning_at_its_control() {
    let text = draft().replace("  - control: CI-DAST", "  - control: ACC-PROD-JIT");
    let (out, _, strict) = validate(&text);
    assert!(
        out.contains(
            "warning: the waiver names `ACC-PROD-JIT`, which does not apply to this engagement (production access is false)"
        ),
        "{out}"
    );
    let line = out.lines().find(|l| l.contains("ACC-PROD-JIT")).unwrap();
    let at = line.split(": warning").next().unwrap();
    let row: usize = at.split(':').nth(1).unwrap().parse().unwrap();
    assert_eq!(
        text.lines().nth(row - 1).unwrap(),
        "  - control: ACC-PROD-JIT",
        "located at the waiver's control"
    );
    assert_eq!(strict, 2);
}

#[test]
fn review_reports_one_finding_per_unfilled_role() {
    let dir = tempfile::tempdir().unwrap();
    let people = "people:\n  - { name: Priya Shah, side: vendor, roles: [engineer, vendor-lead] }\n  - { name: Lars Berg, side: client, roles: [engineering-manager] }";
    write(&dir.path().join("e.yaml"), &with_people(&draft(), people));
    let output = charter_in(dir.path(), &["review", "e.yaml", "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let roles: Vec<String> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "role-unfilled")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    let mut names: Vec<&str> = roles.iter().map(|m| m.split('`').nth(1).unwrap()).collect();
    let count = names.len();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), count, "one finding per role: {roles:?}");
    assert!(names.contains(&"security-officer"), "{roles:?}");
    assert!(count <= 6, "{roles:?}");
}

#[test]
fn runbooks_name_the_tools_when_given_and_fall_back_when_not() {
    let plain = draft();
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("e.yaml"), &plain);
    let output = charter_in(dir.path(), &["build", "e.yaml", "--out", "w"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let runbooks =
        std::fs::read_to_string(dir.path().join("w/acme-payments-mvp/runbooks.md")).unwrap();
    assert!(
        runbooks.contains("| Incident channel | \\#payments-incidents on Slack |"),
        "{runbooks}"
    );
    assert!(
        runbooks.contains("## Who to reach"),
        "the example gives contacts"
    );
    assert!(runbooks.contains("in the ticket that started the procedure (project PAY in Jira)"));

    let bare: String = plain
        .lines()
        .take_while(|l| *l != "tooling:")
        .map(|l| format!("{l}\n"))
        .collect();
    let bare = bare
        .replace(", email: priya@shah.example", "")
        .replace(", chat: \"@priya\"", "");
    write(&dir.path().join("e.yaml"), &bare);
    let output = charter_in(dir.path(), &["build", "e.yaml", "--out", "w2"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let runbooks =
        std::fs::read_to_string(dir.path().join("w2/acme-payments-mvp/runbooks.md")).unwrap();
    assert!(!runbooks.contains("## Where things happen"), "{runbooks}");
    assert!(
        runbooks.contains("in the ticket that started the procedure. "),
        "{runbooks}"
    );
}

#[test]
fn production_access_without_a_pager_is_a_tooling_finding_at_production_access() {
    let dir = tempfile::tempdir().unwrap();
    let text = draft().replace("production-access: false", "production-access: true");
    write(&dir.path().join("e.yaml"), &text);
    let output = charter_in(dir.path(), &["review", "e.yaml", "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    let found: Vec<&serde_json::Value> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "tooling-missing")
        .collect();
    assert_eq!(found.len(), 1, "{findings}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.contains("no `tooling.pager`"), "{message}");
    assert!(!message.contains("incident-channel"), "{message}");
    assert_eq!(found[0]["line"], 12);
}

#[test]
fn build_and_review_report_the_first_draft_mistakes_too() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("e.yaml"),
        &with_people(&draft(), "people: []"),
    );
    let build = charter_in(
        dir.path(),
        &["--message-format", "short", "build", "e.yaml", "--out", "w"],
    );
    assert_eq!(build.status.code(), Some(2), "{}", stderr(&build));
    assert!(stderr(&build).contains("error: the engagement names no people"));
    assert!(
        !dir.path().join("w").exists(),
        "a failed build writes nothing"
    );
    let review = charter_in(
        dir.path(),
        &["--message-format", "short", "review", "e.yaml"],
    );
    assert_eq!(review.status.code(), Some(2), "{}", stderr(&review));
    assert!(stderr(&review).contains("error: the engagement names no people"));

    let inverted = draft().replace("ends: 2027-03-31", "ends: 2026-11-01");
    write(&dir.path().join("e.yaml"), &inverted);
    let build = charter_in(
        dir.path(),
        &["--message-format", "short", "build", "e.yaml", "--out", "w"],
    );
    assert!(build.status.success(), "{}", stderr(&build));
    assert!(
        stderr(&build).contains("warning: the engagement ends on 2026-11-01, before it starts on"),
        "{}",
        stderr(&build)
    );
    let review = charter_in(
        dir.path(),
        &["--message-format", "short", "review", "e.yaml"],
    );
    assert!(
        stderr(&review).contains("warning: the engagement ends on 2026-11-01"),
        "{}",
        stderr(&review)
    );
}
