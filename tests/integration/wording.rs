//! Built-in content says what to do in checkable terms. Words that let a reader decide
//! for themselves whether a control is met ("appropriate", "regularly", "timely"...) are
//! forbidden outright in every built-in pack and template: say the number, the parameter
//! or the artefact instead.

/// Words and phrases that stand in for a criterion instead of stating one.
const VAGUE: &[&str] = &[
    "appropriate",
    "appropriately",
    "proper",
    "properly",
    "adequate",
    "adequately",
    "as needed",
    "as necessary",
    "as required",
    "if needed",
    "when needed",
    "regularly",
    "periodically",
    "timely",
    "sufficient",
    "sufficiently",
    "reasonable",
    "reasonably",
    "where possible",
    "where practical",
    "best effort",
    "etc",
];

/// (line, phrase) of every vague phrase in `text`, matched as whole words.
fn vague_phrases(text: &str) -> Vec<(usize, &'static str)> {
    let mut found = Vec::new();
    for (index, line) in text.lines().enumerate() {
        let lower = line.to_lowercase();
        for phrase in VAGUE {
            if contains_word(&lower, phrase) {
                found.push((index + 1, *phrase));
            }
        }
    }
    found
}

fn contains_word(text: &str, phrase: &str) -> bool {
    let is_word = |c: char| c.is_alphanumeric() || c == '-' || c == '_';
    text.match_indices(phrase).any(|(start, _)| {
        let before = text[..start].chars().next_back();
        let after = text[start + phrase.len()..].chars().next();
        !before.is_some_and(is_word) && !after.is_some_and(is_word)
    })
}

#[test]
fn the_detector_matches_whole_words_only() {
    let text = "Access is reviewed regularly.\nThe property is kept.\nAdequate, timely\n";
    assert_eq!(
        vague_phrases(text),
        [(1, "regularly"), (3, "adequate"), (3, "timely")]
    );
    assert!(vague_phrases("Patch within {{ params.security-patch-sla-days }} days").is_empty());
}

#[test]
fn no_builtin_pack_or_template_uses_vague_wording() {
    let mut files = Vec::new();
    for folder in ["policies", "templates"] {
        for entry in std::fs::read_dir(crate::support::root().join(folder)).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            files.push((
                format!("{folder}/{}", path.file_name().unwrap().to_string_lossy()),
                text,
            ));
        }
    }
    files.sort();
    let mut problems = Vec::new();
    for (file, text) in files {
        for (line, phrase) in vague_phrases(&text) {
            problems.push(format!(
                "{file}:{line}: `{phrase}` without a measurable criterion"
            ));
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
