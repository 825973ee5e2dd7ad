//! `charter status`: progress, overdue items and open items per person, from the wiki.

use std::path::Path;

use serde_json::json;

use crate::cli::{Format, StatusArgs};
use crate::cmd::output::{data, pretty};
use crate::cmd::{Exit, Ui, open_project, print_diagnostics};
use crate::diag::{Diagnostic, Diagnostics};
use crate::fs;
use crate::policy::items;
use crate::project::Job;
use crate::status::{self, PageReport, Standing};
use crate::wiki::record::{self, Record};

/// Reports the wiki's progress.
pub fn run(args: &StatusArgs, ui: &Ui) -> Exit {
    let mut diags = Diagnostics::default();
    let pages = read(args, &mut diags);
    print_diagnostics(&diags, ui);
    let Some(pages) = pages.filter(|_| !diags.has_errors()) else {
        return Exit::BadInput;
    };
    match args.format {
        Format::Text => data(&text(&pages, args.within)),
        Format::Json => data(&pretty(&as_json(&pages))),
    }
    let overdue = pages.iter().any(|p| p.count(Standing::Overdue) > 0);
    if args.fail_on.is_some() && overdue {
        Exit::Failed
    } else {
        Exit::Ok
    }
}

/// Every page's report: the engagements the wiki records (or the workspace's), resolved
/// as a build resolves them, joined with the ticks on their pages.
fn read(args: &StatusArgs, diags: &mut Diagnostics) -> Option<Vec<PageReport>> {
    let project = open_project(&args.project, None, None, diags)?;
    let wiki = args.wiki.clone().unwrap_or_else(|| project.out.clone());
    if !wiki.is_dir() {
        let message = format!("`{}` is not a folder", fs::display(&wiki));
        diags.push(
            Diagnostic::unlocated(message).with_help("name the wiki folder charter builds into"),
        );
        return None;
    }
    let record = Record::read(&wiki).map_err(|e| diags.push(e)).ok()?;
    let (files, flavor) = match record.engagements.is_empty() {
        false => {
            let confine = project.confine().map_err(|e| diags.push(e)).ok()?;
            (
                record.confined_files(&wiki, &confine, diags),
                record.flavor(),
            )
        }
        true if project.workspace.is_some() => {
            (project.engagement_files(&[], diags)?.files, project.flavor)
        }
        true => {
            diags.push(no_record(&wiki));
            return None;
        }
    };
    let window = (project.today, args.within);
    let each = |job: &Job, d: &mut Diagnostics| {
        let documents = items::documents(job.engagement);
        let engagement = status::Engagement {
            id: &job.engagement.id.value,
            items: job.items,
            documents: &documents,
        };
        status::engagement(&wiki, flavor, &engagement, window)
            .map_err(|e| d.push(e))
            .unwrap_or_default()
    };
    Some(project.each(&files, None, &|| {}, &each, diags).concat())
}

fn no_record(wiki: &Path) -> Diagnostic {
    let message = format!(
        "`{}` does not record which engagements it holds (`{}`)",
        fs::display(wiki),
        record::PATH
    );
    Diagnostic::unlocated(message)
        .with_help("build the wiki with this version of charter, or run status in its workspace")
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
    let signoffs: Vec<String> = pages
        .iter()
        .flat_map(|p| p.signoffs.iter().map(move |s| (p, s)))
        .map(|(p, s)| {
            let cells: Vec<String> = s
                .cells
                .iter()
                .filter(|(_, v)| !v.is_empty())
                .map(|(k, v)| format!("{k}: {v}"))
                .collect();
            let state = if s.signed { "signed" } else { "not signed" };
            format!(
                "  {}  {}  {state}  {}\n",
                p.engagement,
                s.area,
                cells.join(", ")
            )
        })
        .collect();
    if !signoffs.is_empty() {
        out.push_str(&format!("\nSign-off:\n{}", signoffs.concat()));
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
    for p in pages.iter().filter(|p| !p.items.is_empty()) {
        out.push_str(&format!(
            "{:<width$}  {:<24}  {:>4}  {:>5}  {:>7}  {:>8}\n",
            p.engagement,
            p.document.as_str(),
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
