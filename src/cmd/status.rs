//! `charter status`: progress, overdue items and open items per person, from the wiki.

use std::path::PathBuf;

use serde_json::json;

use crate::cli::{Format, StatusArgs};
use crate::cmd::{Exit, Ui, print_diagnostics, today};
use crate::diag::Diagnostics;
use crate::input::workspace;
use crate::status::{self, PageReport, Standing};

/// Reports the wiki's progress.
pub fn run(args: &StatusArgs, ui: &Ui) -> Exit {
    let mut diags = Diagnostics::default();
    let dir = args
        .wiki
        .clone()
        .or_else(|| workspace_out(&mut diags))
        .unwrap_or_else(|| PathBuf::from("wiki"));
    let today = args.today.unwrap_or_else(today);
    let pages = match status::read_wiki(&dir, today, args.within) {
        Ok(pages) => pages,
        Err(e) => {
            diags.push(e);
            print_diagnostics(&diags, ui);
            return Exit::BadInput;
        }
    };
    print_diagnostics(&diags, ui);
    match args.format {
        Format::Text => print!("{}", text(&pages, args.within)),
        Format::Json => println!(
            "{}",
            serde_json::to_string_pretty(&as_json(&pages)).unwrap_or_default()
        ),
    }
    let overdue = pages.iter().any(|p| p.count(Standing::Overdue) > 0);
    if args.fail_on.is_some() && overdue {
        Exit::Failed
    } else {
        Exit::Ok
    }
}

fn workspace_out(diags: &mut Diagnostics) -> Option<PathBuf> {
    let file = workspace::find()?;
    workspace::load(&file, diags).map(|w| w.out)
}

fn text(pages: &[PageReport], within: i64) -> String {
    let mut out = table(pages);
    let items = |standing: Standing| {
        let all = pages
            .iter()
            .flat_map(|p| p.items.iter().map(move |i| (p, i)));
        all.filter(move |(_, i)| i.standing == standing)
    };
    for (title, standing) in [
        ("Overdue", Standing::Overdue),
        (
            &*format!("Due in the next {within} days"),
            Standing::DueSoon,
        ),
    ] {
        let lines: Vec<String> = items(standing)
            .map(|(p, i)| {
                let due = i.due.as_deref().unwrap_or("no date");
                format!(
                    "  {}  {}  due {due}  {}  ({})\n",
                    p.engagement,
                    i.id,
                    i.owners.join(", "),
                    i.at
                )
            })
            .collect();
        if !lines.is_empty() {
            out.push_str(&format!("\n{title}:\n{}", lines.concat()));
        }
    }
    let people = status::open_by_person(pages);
    if !people.is_empty() {
        out.push_str("\nOpen items per person:\n");
        for (name, (open, overdue)) in people {
            out.push_str(&format!("  {name}: {open} open, {overdue} overdue\n"));
        }
    }
    let unknown: Vec<String> = pages
        .iter()
        .flat_map(|p| &p.unidentified)
        .map(|u| format!("  {}: no control id, not counted: {}\n", u.at, u.text))
        .collect();
    if !unknown.is_empty() {
        out.push_str(&format!(
            "\nItems without a control id:\n{}",
            unknown.concat()
        ));
    }
    out
}

fn table(pages: &[PageReport]) -> String {
    let width = pages
        .iter()
        .map(|p| p.engagement.len())
        .max()
        .unwrap_or(10)
        .max(10);
    let mut out = format!(
        "{:<width$}  {:<24}  {:>4}  {:>5}  {:>7}  {:>8}\n",
        "ENGAGEMENT", "DOCUMENT", "DONE", "TOTAL", "OVERDUE", "DUE-SOON"
    );
    for p in pages {
        out.push_str(&format!(
            "{:<width$}  {:<24}  {:>4}  {:>5}  {:>7}  {:>8}\n",
            p.engagement,
            p.document,
            p.count(Standing::Done),
            p.items.len(),
            p.count(Standing::Overdue),
            p.count(Standing::DueSoon)
        ));
    }
    out
}

fn as_json(pages: &[PageReport]) -> serde_json::Value {
    let people: Vec<serde_json::Value> = status::open_by_person(pages)
        .into_iter()
        .map(|(name, (open, overdue))| json!({ "name": name, "open": open, "overdue": overdue }))
        .collect();
    json!({ "pages": pages, "people": people })
}
