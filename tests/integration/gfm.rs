//! Every generated file is well-formed GitHub-flavoured Markdown: tables are rectangular
//! and every RACI row names exactly one Accountable role.

use charter::markdown;
use pulldown_cmark::{Event, Tag, TagEnd};

use crate::support::{EXAMPLES, build_to_temp, read_tree};

/// Rows of every table in `text`, each row a list of cell texts.
fn tables(text: &str) -> Vec<Vec<Vec<String>>> {
    let mut tables = Vec::new();
    let (mut table, mut row, mut cell): (Vec<Vec<String>>, Vec<String>, Option<String>) =
        Default::default();
    for event in markdown::parser(text) {
        match event {
            Event::Start(Tag::TableCell) => cell = Some(String::new()),
            Event::End(TagEnd::TableCell) => row.push(cell.take().unwrap_or_default()),
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                table.push(std::mem::take(&mut row))
            }
            Event::End(TagEnd::Table) => tables.push(std::mem::take(&mut table)),
            Event::Text(t) | Event::Code(t) => {
                if let Some(c) = cell.as_mut() {
                    c.push_str(&t);
                }
            }
            _ => {}
        }
    }
    tables
}

#[test]
fn every_table_row_has_as_many_cells_as_its_header() {
    for example in EXAMPLES {
        let out = build_to_temp(example);
        for (name, text) in read_tree(out.path()) {
            for table in tables(&text) {
                let width = table[0].len();
                for row in &table {
                    assert_eq!(
                        row.len(),
                        width,
                        "{name}: row {row:?} vs header {:?}",
                        table[0]
                    );
                }
            }
        }
    }
}

#[test]
fn every_raci_row_has_exactly_one_accountable() {
    for example in EXAMPLES {
        let out = build_to_temp(example);
        let files = read_tree(out.path());
        let (_, raci) = files.iter().find(|(n, _)| n.ends_with("/raci.md")).unwrap();
        let matrix = &tables(raci)[0];
        assert!(matrix.len() > 5, "the RACI has rows");
        for row in &matrix[1..] {
            let accountable = row[1..].iter().filter(|cell| cell.contains('A')).count();
            assert_eq!(accountable, 1, "{example}: {row:?}");
        }
    }
}

#[test]
fn checklists_are_task_lists_whose_items_carry_their_control_id() {
    let out = build_to_temp("examples/freelancer-mvp.yaml");
    let text =
        std::fs::read_to_string(out.path().join("acme-payments-mvp/onboarding-checklist.md"))
            .unwrap();
    let tasks = markdown::parser(&text)
        .filter(|e| matches!(e, Event::TaskListMarker(false)))
        .count();
    let ids = text.lines().filter(|l| l.starts_with("- [ ] `")).count();
    assert!(tasks >= 10);
    assert_eq!(tasks, ids);
}
