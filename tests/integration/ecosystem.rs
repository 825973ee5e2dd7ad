//! Where users already work (issue 15): `charter init` and `eject`, the reference pages,
//! SARIF for GitHub code scanning, JUnit, JSON listings, GitHub annotations, colours,
//! defaults outside a workspace, schemas on standard output and OSCAL.

use std::path::Path;
use std::process::{Command, Output};

use crate::support::{charter, charter_in, root, stderr, stdout, write};

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}\n{}", stdout(output), stderr(output)))
}

/// A workspace made by `charter init` in a temporary folder.
fn initialised() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let output = charter_in(dir.path(), &["init", "demo"]);
    assert!(output.status.success(), "{}", stderr(&output));
    dir
}

#[test]
fn init_makes_a_workspace_that_builds_and_checks_clean_with_no_edit() {
    let dir = initialised();
    let demo = dir.path().join("demo");
    for file in [
        "charter.yaml",
        "engagements/example.yaml",
        "policies/organisation.yaml",
        "mkdocs.yml",
        "mkdocs_nav.py",
        ".github/workflows/charter.yml",
        ".gitlab-ci.yml",
        ".pre-commit-config.yaml",
        "schemas/engagement.schema.json",
        ".markdownlint-cli2.yaml",
    ] {
        assert!(demo.join(file).is_file(), "{file} missing");
    }
    let engagement = std::fs::read_to_string(demo.join("engagements/example.yaml")).unwrap();
    assert!(engagement.starts_with("# yaml-language-server: $schema=../schemas/"));
    assert!(engagement.contains("starts: 2026-12-08"), "{engagement}");
    let mkdocs = std::fs::read_to_string(demo.join("mkdocs.yml")).unwrap();
    assert!(mkdocs.contains("pymdownx.tasklist"));
    let build = charter_in(&demo, &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let check = charter_in(&demo, &["build", "--check"]);
    assert!(check.status.success(), "{}", stderr(&check));
    let validate = charter_in(&demo, &["validate", "--deny-warnings"]);
    assert!(validate.status.success(), "{}", stderr(&validate));
    // The organisation pack's override is in force.
    let explain = charter_in(&demo, &["explain", "engagements/example.yaml", "CON-NDA"]);
    assert!(
        stdout(&explain).contains("organisation"),
        "{}",
        stdout(&explain)
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(demo.join("charter.yaml"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o644);
    }
}

#[test]
fn init_refuses_to_overwrite_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("charter.yaml"), "engagements: mine\n");
    let output = charter_in(dir.path(), &["init"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("charter.yaml"),
        "{}",
        stderr(&output)
    );
    assert!(!dir.path().join("mkdocs.yml").exists());
    assert_eq!(
        std::fs::read_to_string(dir.path().join("charter.yaml")).unwrap(),
        "engagements: mine\n"
    );
}

#[test]
fn eject_copies_the_templates_which_then_override() {
    let dir = initialised();
    let demo = dir.path().join("demo");
    let output = charter_in(&demo, &["eject", "templates"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(demo.join("templates/raci.md").is_file());
    let ws = std::fs::read_to_string(demo.join("charter.yaml")).unwrap();
    write(
        &demo.join("charter.yaml"),
        &format!("{ws}templates: templates\n"),
    );
    let raci = std::fs::read_to_string(demo.join("templates/raci.md")).unwrap();
    write(
        &demo.join("templates/raci.md"),
        &format!("{raci}\nEjected and edited.\n"),
    );
    let build = charter_in(&demo, &["build"]);
    assert!(build.status.success(), "{}", stderr(&build));
    let page = std::fs::read_to_string(demo.join("docs/example-payments-mvp/raci.md")).unwrap();
    assert!(page.contains("Ejected and edited."));
}

#[test]
fn the_reference_pages_ship_in_the_binary() {
    let formats = charter(&["docs", "formats"]);
    assert!(formats.status.success());
    let text = std::fs::read_to_string(root().join("docs/formats.md")).unwrap();
    assert_eq!(stdout(&formats), text);
    assert!(stdout(&charter(&["docs"])).contains("builtin-packs"));
    assert_eq!(stdout(&charter(&["help", "formats"])), text);
    let help = stdout(&charter(&["help", "review"]));
    assert!(help.contains("Usage: charter review"), "{help}");
    assert_eq!(charter(&["help", "nothing-here"]).status.code(), Some(2));
}

#[test]
fn no_help_text_points_at_a_file_an_installed_binary_lacks() {
    let help = charter(&["build", "--help"]);
    assert!(!stdout(&help).contains("docs/"), "{}", stdout(&help));
    let no_workspace = charter_in(&std::env::temp_dir(), &["build"]);
    assert!(stderr(&no_workspace).contains("charter docs formats"));
}

fn sarif_of(args: &[&str], dir: &Path) -> serde_json::Value {
    let output = charter_in(dir, args);
    assert!(output.status.success(), "{}", stderr(&output));
    json(&output)
}

#[test]
fn sarif_carries_what_github_code_scanning_requires() {
    let log = sarif_of(
        &[
            "review",
            "tests/fixtures/review/flawed/engagement.yaml",
            "--format",
            "sarif",
        ],
        &root(),
    );
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert!(
        driver["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    assert_eq!(run["automationDetails"]["id"], "charter/review/");
    let rules = driver["rules"].as_array().unwrap();
    assert!(rules.len() >= 11);
    for rule in rules {
        for field in [
            "/name",
            "/fullDescription/text",
            "/help/text",
            "/help/markdown",
        ] {
            let text = rule.pointer(field).and_then(|v| v.as_str()).unwrap_or("");
            assert!(!text.is_empty(), "{} lacks {field}", rule["id"]);
        }
        assert!(rule["helpUri"].as_str().unwrap().starts_with("https://"));
        assert!(
            rule["fullDescription"]["text"]
                .as_str()
                .unwrap()
                .ends_with('.')
        );
    }
    let results = run["results"].as_array().unwrap();
    assert!(!results.is_empty());
    for result in results {
        let location = &result["locations"][0]["physicalLocation"]["artifactLocation"];
        let uri = location["uri"].as_str().unwrap();
        assert!(uri.starts_with("tests/fixtures/review/flawed/"), "{uri}");
        assert_eq!(location["uriBaseId"], "%SRCROOT%");
        assert!(result["message"]["text"].as_str().unwrap().ends_with('.'));
        assert!(result["partialFingerprints"].is_object());
    }
}

#[test]
fn sarif_uris_are_relative_to_the_repository_whatever_the_path_given() {
    let absolute = root().join("tests/fixtures/review/flawed/engagement.yaml");
    let from_subfolder = sarif_of(
        &[
            "review",
            "../fixtures/review/flawed/engagement.yaml",
            "--format",
            "sarif",
        ],
        &root().join("tests/integration"),
    );
    let absolute = sarif_of(
        &["review", absolute.to_str().unwrap(), "--format", "sarif"],
        &root(),
    );
    for log in [from_subfolder, absolute] {
        for result in log["runs"][0]["results"].as_array().unwrap() {
            let uri = result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap();
            assert!(uri.starts_with("tests/fixtures/review/flawed/"), "{uri}");
        }
    }
}

/// A workspace of two engagements with findings: the freelancer example and the flawed
/// review fixture, with its organisation pack beside the workspace file.
fn two_engagements() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    write(
        &dir.path().join("charter.yaml"),
        "engagements: engagements\n",
    );
    let example = std::fs::read_to_string(root().join("examples/freelancer-mvp.yaml")).unwrap();
    let example = example.replace(", ./policies/acme.yaml", "");
    write(
        &dir.path().join("engagements/freelancer-mvp.yaml"),
        &example,
    );
    let flawed = root().join("tests/fixtures/review/flawed");
    let engagement = std::fs::read_to_string(flawed.join("engagement.yaml")).unwrap();
    let engagement = engagement.replace("./org.yaml", "../org.yaml");
    write(&dir.path().join("engagements/flawed.yaml"), &engagement);
    let org = std::fs::read_to_string(flawed.join("org.yaml")).unwrap();
    write(&dir.path().join("org.yaml"), &org);
    dir
}

#[test]
fn review_without_a_file_reviews_every_engagement_into_one_log() {
    let dir = two_engagements();
    let log = sarif_of(&["review", "--format", "sarif"], dir.path());
    assert_eq!(log["runs"].as_array().unwrap().len(), 1);
    let results = log["runs"][0]["results"].as_array().unwrap();
    let mut engagements: Vec<&str> = results
        .iter()
        .map(|r| r["properties"]["engagement"].as_str().unwrap())
        .collect();
    engagements.dedup();
    assert_eq!(engagements.len(), 2, "{engagements:?}");
    let uris: Vec<&str> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    let expected = |u: &&str| u.starts_with("engagements/") || *u == "org.yaml";
    assert!(uris.iter().all(expected), "{uris:?}");
    let json = json(&charter_in(
        &dir.path().join("engagements"),
        &["review", "--format", "json"],
    ));
    let files: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert!(files.iter().all(expected), "{files:?}");
}

#[test]
fn junit_has_a_test_case_per_rule_and_a_failure_per_rule_that_found_something() {
    let output = charter(&[
        "review",
        "tests/fixtures/review/flawed/engagement.yaml",
        "--format",
        "junit",
    ]);
    assert!(output.status.success());
    let xml = stdout(&output);
    assert!(xml.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites"));
    assert!(
        xml.contains("<testcase classname=\"flawed-checkout\" name=\"role-unfilled\""),
        "{xml}"
    );
    let cases = xml.matches("<testcase ").count();
    let failures = xml.matches("<failure ").count();
    assert!(cases >= 11 && failures > 0 && failures <= cases);
    assert!(xml.contains(&format!("failures=\"{failures}\"")));
    assert_eq!(
        xml.matches("<testsuite ").count(),
        xml.matches("</testsuite>").count()
    );
}

#[test]
fn list_prints_json_for_programs() {
    let rules = json(&charter(&["list", "rules", "--format", "json"]));
    assert_eq!(rules[0]["rule"], "role-unfilled");
    let packs = json(&charter(&["list", "packs", "examples", "--format", "json"]));
    assert!(
        packs
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["pack"] == "acme")
    );
    assert!(packs[0]["controls"].is_u64(), "{packs}");
}

#[test]
fn github_message_format_prints_workflow_commands() {
    let output = charter(&[
        "validate",
        "tests/fixtures/errors/model-typo",
        "--message-format",
        "github",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let text = stderr(&output);
    let line = text
        .lines()
        .find(|l| l.starts_with("::error "))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        line.starts_with("::error file=tests/fixtures/errors/model-typo/"),
        "{line}"
    );
    assert!(
        line.contains(",line=")
            && line.contains(",col=")
            && line.contains("::unknown engagement model")
    );
}

fn human_errors(envs: &[(&str, &str)]) -> String {
    let mut command = Command::new(env!("CARGO_BIN_EXE_charter"));
    command
        .args(["validate", "tests/fixtures/errors/model-typo"])
        .current_dir(root())
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE");
    for (k, v) in envs {
        command.env(k, v);
    }
    stderr(&command.output().unwrap())
}

#[test]
fn colour_follows_clicolor_force_and_a_non_empty_no_color() {
    assert!(human_errors(&[("CLICOLOR_FORCE", "1")]).contains('\u{1b}'));
    assert!(human_errors(&[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "")]).contains('\u{1b}'));
    assert!(!human_errors(&[("CLICOLOR_FORCE", "0")]).contains('\u{1b}'));
    assert!(!human_errors(&[]).contains('\u{1b}'));
}

#[test]
fn outside_a_workspace_validate_and_list_check_the_built_in_content_only() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("stray/pack.yaml"), "pack: [not, a, pack\n");
    let validate = charter_in(dir.path(), &["validate"]);
    assert!(validate.status.success(), "{}", stderr(&validate));
    assert!(stderr(&validate).contains("built-in packs and templates only"));
    let list = charter_in(dir.path(), &["list", "packs"]);
    assert!(list.status.success());
    assert!(
        stdout(&list)
            .lines()
            .skip(1)
            .all(|l| l.contains("builtin:"))
    );
    assert!(stderr(&list).contains("built-in content only"));
}

#[test]
fn a_yaml_file_of_the_wrong_shape_in_a_folder_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    write(
        &dir.path().join("packs/list.yaml"),
        "- pack: x\n- version: 1.0.0\n",
    );
    let output = charter_in(dir.path(), &["validate", "packs"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("top level is not a mapping"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn schema_prints_to_standard_output_unless_told_where_to_write() {
    let dir = tempfile::tempdir().unwrap();
    let engagement = json(&charter_in(dir.path(), &["schema"]));
    assert_eq!(engagement["title"], "charter engagement file");
    let pack = json(&charter_in(dir.path(), &["schema", "pack"]));
    assert_eq!(pack["title"], "charter pack file");
    assert!(std::fs::read_dir(dir.path()).unwrap().next().is_none());
}

#[test]
fn oscal_export_is_a_catalog_or_an_engagements_assessment_results() {
    let catalog = json(&charter(&["export", "oscal"]));
    let groups = catalog["catalog"]["groups"].as_array().unwrap();
    assert!(groups.iter().any(|g| g["id"] == "pack-core"));
    assert_eq!(catalog["catalog"]["metadata"]["oscal-version"], "1.1.2");
    let again = json(&charter(&["export", "oscal"]));
    assert_eq!(catalog, again, "the export is deterministic");

    let wiki = tempfile::tempdir().unwrap();
    let out = wiki.path().to_str().unwrap();
    assert!(
        charter(&["build", "examples/freelancer-mvp.yaml", "--out", out])
            .status
            .success()
    );
    let page = wiki
        .path()
        .join("acme-payments-mvp/onboarding-checklist.md");
    let text = std::fs::read_to_string(&page).unwrap();
    std::fs::write(
        &page,
        text.replacen("- [ ] `CON-NDA`", "- [x] `CON-NDA`", 1),
    )
    .unwrap();
    let results = json(&charter(&[
        "export",
        "oscal",
        "examples/freelancer-mvp.yaml",
        "--wiki",
        out,
    ]));
    let ar = &results["assessment-results"];
    assert_eq!(
        ar["back-matter"]["resources"][0]["rlinks"][0]["href"],
        "examples/freelancer-mvp.yaml"
    );
    let findings = ar["results"][0]["findings"].as_array().unwrap();
    let state = |id: &str| {
        findings
            .iter()
            .find(|f| f["target"]["target-id"] == format!("{id}_smt"))
            .map(|f| f["target"]["status"]["state"].as_str().unwrap().to_string())
    };
    assert_eq!(state("CON-NDA").as_deref(), Some("satisfied"));
    assert_eq!(state("ACC-ROLE-POLICY").as_deref(), Some("not-satisfied"));
}

#[test]
fn a_reader_that_stops_early_is_not_a_crash() {
    use std::io::Read;
    let mut child = Command::new(env!("CARGO_BIN_EXE_charter"))
        .args(["export", "oscal"])
        .current_dir(root())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 16];
    child.stdout.take().unwrap().read_exact(&mut first).unwrap();
    let output = child.wait_with_output().unwrap();
    // Ends quietly: done, or ended by SIGPIPE as a shell's own tools are; never a panic.
    #[cfg(unix)]
    let piped = std::os::unix::process::ExitStatusExt::signal(&output.status) == Some(13);
    #[cfg(not(unix))]
    let piped = false;
    assert!(
        output.status.success() || piped,
        "{:?}: {}",
        output.status,
        stderr(&output)
    );
    assert!(!stderr(&output).contains("panicked"));
}
