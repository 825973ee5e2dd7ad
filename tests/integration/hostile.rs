//! Values cannot change structure: hostile strings in every value that reaches a document
//! (names, titles, reasons...) leave the number of headings, tables, table columns, task
//! items and links exactly what benign values give.
//!
//! `PROPTEST_CASES` sets the number of cases (256 by default; run 10,000 locally).

use std::path::PathBuf;

use proptest::prelude::*;
use pulldown_cmark::{Event, Options as MdOptions, Parser, Tag};

/// Fragments that mean something in Markdown or to charter.
const FRAGMENTS: &[&str] = &[
    "- [x] done",
    "* [ ] ",
    "|",
    "||",
    "\n",
    "\n\n",
    "# ",
    "## Heading",
    "> ",
    "1. ",
    "2) ",
    "---",
    "===",
    "`",
    "```",
    "*",
    "_",
    "**",
    "[",
    "]",
    "](javascript:alert(1))",
    "[x](data:text/html,hi)",
    "<",
    ">",
    "<!-- charter:notes -->",
    "<!-- charter:id=CON-NDA -->",
    "-->",
    "<script>",
    "&amp;",
    "\\",
    "!",
    "~~",
    "\t",
    "https://example.com",
    "{{ params.x }}",
    "{% raw %}",
    "é",
    "漢字",
    "  ",
];

fn hostile() -> impl Strategy<Value = String> {
    let fragment = prop::sample::select(FRAGMENTS).prop_map(str::to_string);
    let word = "[a-zA-Z0-9 .,:;'()-]{0,6}";
    prop::collection::vec(prop_oneof![fragment, word], 1..6).prop_map(|parts| {
        let text = parts.concat();
        if text.trim().is_empty() {
            format!("x{text}x")
        } else {
            text
        }
    })
}

/// Structure of a document: headings, tables, columns per table, task items, links.
#[derive(Debug, PartialEq, Eq)]
struct Shape {
    headings: usize,
    tables: Vec<usize>,
    tasks: usize,
    links: usize,
    html: usize,
}

fn shape(text: &str) -> Shape {
    let mut s = Shape {
        headings: 0,
        tables: Vec::new(),
        tasks: 0,
        links: 0,
        html: 0,
    };
    for event in Parser::new_ext(
        text,
        MdOptions::ENABLE_TABLES | MdOptions::ENABLE_TASKLISTS | MdOptions::ENABLE_STRIKETHROUGH,
    ) {
        match event {
            Event::Start(Tag::Heading { .. }) => s.headings += 1,
            Event::Start(Tag::Table(columns)) => s.tables.push(columns.len()),
            Event::TaskListMarker(_) => s.tasks += 1,
            Event::Start(Tag::Link { .. } | Tag::Image { .. }) => s.links += 1,
            Event::Html(_) | Event::InlineHtml(_) => s.html += 1,
            _ => {}
        }
    }
    s
}

const TEMPLATE: &str = r#"id: hostile
client: CLIENT
vendor: VENDOR
project: PROJECT
model: freelancer
stage: mvp
starts: 2026-12-01
ends: 2027-03-31
data-classification: confidential
production-access: false
people:
  - { name: PERSON1, side: vendor, roles: [engineer, vendor-lead] }
  - { name: PERSON2, side: client, roles: [engineering-manager, architecture-owner, delivery-lead, client-legal, security-officer, platform-admin] }
repositories: [REPO]
environments: [dev]
packs: [builtin:core]
waivers:
  - { control: CI-DAST, reason: REASON, approved-by: PERSON2, approved-on: 2026-11-20, expires: 2027-01-31, risk: RISK }
"#;

fn engagement(values: &[String; 8]) -> String {
    let keys = [
        "CLIENT", "VENDOR", "PROJECT", "PERSON1", "PERSON2", "REPO", "REASON", "RISK",
    ];
    let mut text = TEMPLATE.to_string();
    for (key, value) in keys.iter().zip(values) {
        text = text.replace(key, &serde_json::to_string(value).unwrap());
    }
    text
}

fn shapes(values: &[String; 8]) -> Vec<(String, Shape)> {
    let dir = tempfile::tempdir().unwrap();
    let path: PathBuf = dir.path().join("e.yaml");
    std::fs::write(&path, engagement(values)).unwrap();
    let today = jiff::civil::Date::constant(2026, 11, 24);
    let files = charter::probe::render_engagement(&path, today)
        .unwrap_or_else(|problems| panic!("{}", problems.join("\n")));
    // A person's page is named after them: compare those pages by shape alone.
    let mut shapes: Vec<(String, Shape)> = files
        .into_iter()
        .map(|(path, text)| match path.contains("/people/") {
            true => ("people".to_string(), shape(&text)),
            false => (path, shape(&text)),
        })
        .collect();
    shapes.sort_by_key(|entry| format!("{entry:?}"));
    shapes
}

proptest! {
    #![proptest_config(ProptestConfig { cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(256), ..ProptestConfig::default() })]

    #[test]
    fn hostile_values_do_not_change_document_structure(values in prop::array::uniform8(hostile())) {
        let benign: [String; 8] = std::array::from_fn(|i| format!("value{i}"));
        // Two people must keep distinct names for the waiver's approver to resolve.
        let mut values = values;
        values[4] = format!("{} 2", values[4]);
        prop_assume!(values[3] != values[4]);
        prop_assert_eq!(shapes(&values), shapes(&benign));
    }
}
