//! The JSON Schemas: committed copies match the code, and every example and built-in pack
//! is valid against them while files with unknown fields are not.

use crate::support::{read_tree, root};

/// The committed schema `name` (checked against the code by the first test).
fn validator(name: &str) -> jsonschema::Validator {
    let text = std::fs::read_to_string(root().join("schemas").join(name)).unwrap();
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    jsonschema::validator_for(&schema).expect("the schema is a valid JSON Schema")
}

fn pack_schema() -> jsonschema::Validator {
    validator("pack.schema.json")
}

fn engagement_schema() -> jsonschema::Validator {
    validator("engagement.schema.json")
}

fn as_json(name: &str, text: &str) -> serde_json::Value {
    serde_saphyr::from_str(text).unwrap_or_else(|e| panic!("{name}: {e}"))
}

/// The built-in packs: (name, text) of every file in `policies/`.
fn builtin_packs() -> Vec<(String, String)> {
    let mut packs: Vec<(String, String)> = std::fs::read_dir(root().join("policies"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    packs.sort();
    packs
}

fn errors(validator: &jsonschema::Validator, value: &serde_json::Value) -> Vec<String> {
    validator
        .iter_errors(value)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn the_committed_schemas_are_the_generated_ones() {
    let dir = tempfile::tempdir().unwrap();
    let output = crate::support::charter(&["schema", "--out", dir.path().to_str().unwrap()]);
    assert!(output.status.success());
    let committed = read_tree(&root().join("schemas"));
    assert_eq!(
        read_tree(dir.path()),
        committed,
        "run `cargo run -- schema` and commit schemas/"
    );
}

#[test]
fn every_built_in_and_example_pack_is_valid_against_the_pack_schema() {
    let packs = pack_schema();
    for (name, text) in builtin_packs() {
        assert_eq!(
            errors(&packs, &as_json(&name, &text)),
            Vec::<String>::new(),
            "builtin:{name}"
        );
    }
    let acme = std::fs::read_to_string(root().join("examples/policies/acme.yaml")).unwrap();
    assert_eq!(
        errors(&packs, &as_json("acme", &acme)),
        Vec::<String>::new()
    );
}

#[test]
fn every_example_engagement_is_valid_against_the_engagement_schema() {
    let engagements = engagement_schema();
    for entry in std::fs::read_dir(root().join("examples")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "yaml") {
            let text = std::fs::read_to_string(&path).unwrap();
            let value = as_json(&path.display().to_string(), &text);
            assert_eq!(
                errors(&engagements, &value),
                Vec::<String>::new(),
                "{}",
                path.display()
            );
        }
    }
}

#[test]
fn unknown_fields_and_values_fail_the_schemas() {
    let engagements = engagement_schema();
    let text = std::fs::read_to_string(root().join("examples/freelancer-mvp.yaml")).unwrap();
    let typo = text
        .replace("model: freelancer", "model: freelance")
        .replace("stage: mvp", "stage: mvp\ncolour: blue");
    assert_eq!(errors(&engagements, &as_json("e", &typo)).len(), 2);
    let packs = pack_schema();
    let core = std::fs::read_to_string(root().join("policies/core.yaml")).unwrap();
    let bad = core
        .replacen("    severity: critical", "    severity: critcal", 1)
        .replacen("phase: day-1", "phase: day-one", 1);
    assert_eq!(errors(&packs, &as_json("core", &bad)).len(), 2);
}

/// What the schemas make of one bad-input fixture: `caught` when a schema rejects one of
/// its YAML files, `unparsed` when a file is not YAML a schema can see (the parser's own
/// limits), `passed` when every file is valid against its schema.
fn schema_verdict(dir: &std::path::Path) -> &'static str {
    let mut files: Vec<std::path::PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .filter(|p| !p.ends_with("charter.yaml"))
        .collect();
    files.sort();
    let mut verdict = "passed";
    for file in files {
        let Ok(text) = std::fs::read_to_string(&file) else {
            return "unparsed";
        };
        let Ok(value) = serde_saphyr::from_str::<serde_json::Value>(&text) else {
            verdict = "unparsed";
            continue;
        };
        let is_pack = value.get("pack").is_some();
        let validator = if is_pack {
            pack_schema()
        } else {
            engagement_schema()
        };
        if !errors(&validator, &value).is_empty() {
            return "caught";
        }
    }
    verdict
}

/// Every bad-input fixture through the schemas: which ones an editor or
/// `check-jsonschema` already flags. The rest need what a schema cannot say: references
/// between files and packs, templates, dates that do not exist, time zones, parameter
/// values checked against another pack's declaration.
#[test]
fn the_schemas_catch_the_bad_inputs_a_schema_can_see() {
    let fixtures = root().join("tests/fixtures/errors");
    let mut verdicts: Vec<(String, &str)> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, schema_verdict(&p))
        })
        .collect();
    verdicts.sort();
    let of = |kind: &str| -> Vec<&str> {
        verdicts
            .iter()
            .filter(|(_, v)| *v == kind)
            .map(|(n, _)| n.as_str())
            .collect()
    };
    insta::assert_snapshot!(
        "schema_verdicts",
        format!(
            "caught ({}):\n{}\n\nunparsed ({}):\n{}\n\npassed ({}):\n{}\n",
            of("caught").len(),
            of("caught").join("\n"),
            of("unparsed").len(),
            of("unparsed").join("\n"),
            of("passed").len(),
            of("passed").join("\n")
        )
    );
}
